//! Telemetry: one row per sample interval, recorded from the state after a step. It only
//! records; nothing reads it back into the dynamics.

use std::io::Write;

use bevy::prelude::*;

use super::contact::RimContact;
use super::scene::Scene;
use crate::scenario::time::format_iso_millis;
use crate::sim::core::bodies::{Segment, Side, SimBody};
use crate::sim::core::clock::SimClock;
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{ActiveScenario, SimStep};
use crate::sim::core::whereabouts::Whereabouts;
use crate::sim::cosmonaut::ballooning::{SlackFigure, shoulder_section, slip_m};
use crate::sim::cosmonaut::oxygen::OxygenState;
use crate::sim::cosmonaut::physiology::Physiology;
use crate::sim::cosmonaut::squeeze::Squeeze;
use crate::sim::cosmonaut::suit::SuitState;
use crate::sim::craft::air::AirlockAir;
use crate::sim::craft::deployment::airlock_length_m;
use crate::sim::craft::hatch::Hatches;
use crate::sim::craft::tether::TetherState;
use crate::sim::solver::effort::SolverEffort;
use crate::sim::world::environment::Environment;

/// The CSV header; columns are only ever added, never renamed.
pub const CSV_HEADER: &str = "utc,t_s,suit_pressure_kpa,tether_distance_m,tether_tension_n,cosmonaut_speed_mps,\
cosmonaut_x_m,cosmonaut_y_m,cosmonaut_z_m,outer_hatch_open,cosmonaut_in_airlock,\
subsat_lat_deg,subsat_lon_deg,altitude_km,sunlit,sun_elevation_deg,airlock_length_m,\
capsule_roll_rate_dps,cosmonaut_in_cabin,cosmonaut_spin_dps,joint_gap_mm,o2_remaining_kg,\
suit_section_m,glove_slip_mm,heart_rate_bpm,core_temp_c,sweat_kg,metabolic_w,airlock_pressure_kpa,rim_push_n,squeeze_n";

/// One telemetry sample.
#[derive(Clone, Debug, PartialEq)]
pub struct TelemetryRow {
    /// Seconds after the window start.
    pub t_s: f64,
    /// UTC as ISO 8601.
    pub utc: String,
    /// Absolute suit pressure, kPa.
    pub suit_pressure_kpa: f64,
    /// Length of the tether's path from anchor to harness, straight or over the hatch rim, m.
    pub tether_distance_m: f64,
    /// Largest force the tether carried at the harness since the previous sample, N (a jerk lasts
    /// a step or two, shorter than the sample interval).
    pub tether_tension_n: f64,
    /// Cosmonaut's speed in the simulation frame, m/s.
    pub cosmonaut_speed_mps: f64,
    /// Cosmonaut's centre of mass in the simulation frame, m.
    pub cosmonaut_position_m: [f64; 3],
    /// Whether the outer hatch is open.
    pub outer_hatch_open: bool,
    /// Whether he is wholly inside the airlock tube.
    pub cosmonaut_in_airlock: bool,
    /// Sub-satellite latitude, degrees north.
    pub subsat_lat_deg: f64,
    /// Sub-satellite longitude, degrees east.
    pub subsat_lon_deg: f64,
    /// Altitude above the mean Earth radius, km.
    pub altitude_km: f64,
    /// Whether the spacecraft is in sunlight.
    pub sunlit: bool,
    /// Sun elevation above the local horizontal, degrees.
    pub sun_elevation_deg: f64,
    /// Length of the airlock from its base ring to its outer end, m.
    pub airlock_length_m: f64,
    /// The capsule's spin about its long axis relative to inertial space, deg/s (right-handed
    /// about +Z, from the descent sphere towards the instrument module).
    pub capsule_roll_rate_dps: f64,
    /// Whether he is in the cabin (out of the airlock, his tether stowed).
    pub cosmonaut_in_cabin: bool,
    /// How fast his torso turns relative to the airlock, deg/s: a tumble shows here.
    pub cosmonaut_spin_dps: f64,
    /// Largest gap that opened since the previous sample at any joint that pins two bodies
    /// together (his joints, the tether's links, the harness, a grip, the airlock's mount), mm:
    /// the constraint solver's error, which should stay a small fraction of a link.
    pub joint_gap_mm: f64,
    /// Oxygen he carries, in the backpack's bottles and in the suit, kg.
    pub o2_remaining_kg: f64,
    /// Diameter of the smallest circle round his cross-section at the shoulders (arms, chest,
    /// backpack) as the suit balloons, m: the smallest round hatch he fits through.
    pub suit_section_m: f64,
    /// How far his wrists have slipped back from the glove's cuff as the sleeves lengthened, mm.
    pub glove_slip_mm: f64,
    /// Heart rate, bpm.
    pub heart_rate_bpm: f64,
    /// Core body temperature, C.
    pub core_temp_c: f64,
    /// Sweat collected in the suit, kg.
    pub sweat_kg: f64,
    /// Metabolic rate, W.
    pub metabolic_w: f64,
    /// Pressure of the air in the airlock's tube, kPa: the cabin's until vented, none while
    /// open to space. The suit balloons by what its own pressure exceeds this while he is in it.
    pub airlock_pressure_kpa: f64,
    /// Largest push of the airlock's structure (tube, rims, hatches) on him since the previous
    /// sample, the sizes of its normal forces on his segments summed, N: how hard the rim holds
    /// him while he strains.
    pub rim_push_n: f64,
    /// Largest hold of the pressed suit's friction on the rim along the tube since the previous
    /// sample, N (see `cosmonaut::squeeze`).
    pub squeeze_n: f64,
}

impl TelemetryRow {
    /// The row as a CSV line (no newline), columns in [`CSV_HEADER`] order.
    pub fn to_csv(&self) -> String {
        let [x, y, z] = self.cosmonaut_position_m;
        format!(
            "{},{:.4},{:.3},{:.4},{:.3},{:.4},{x:.4},{y:.4},{z:.4},{},{},{:.4},{:.4},{:.3},{},{:.3},{:.4},{:.4},{},{:.3},{:.3},{:.4},{:.4},{:.1},{:.1},{:.3},{:.4},{:.0},{:.3},{:.1},{:.1}",
            self.utc,
            self.t_s,
            self.suit_pressure_kpa,
            self.tether_distance_m,
            self.tether_tension_n,
            self.cosmonaut_speed_mps,
            u8::from(self.outer_hatch_open),
            u8::from(self.cosmonaut_in_airlock),
            self.subsat_lat_deg,
            self.subsat_lon_deg,
            self.altitude_km,
            u8::from(self.sunlit),
            self.sun_elevation_deg,
            self.airlock_length_m,
            self.capsule_roll_rate_dps,
            u8::from(self.cosmonaut_in_cabin),
            self.cosmonaut_spin_dps,
            self.joint_gap_mm,
            self.o2_remaining_kg,
            self.suit_section_m,
            self.glove_slip_mm,
            self.heart_rate_bpm,
            self.core_temp_c,
            self.sweat_kg,
            self.metabolic_w,
            self.airlock_pressure_kpa,
            self.rim_push_n,
            self.squeeze_n,
        )
    }
}

/// Every sample so far, and the peaks since the last one.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Telemetry {
    /// Samples in time order.
    pub rows: Vec<TelemetryRow>,
    /// Largest tension since the last sample, N.
    peak_tension_n: f64,
    /// Largest joint gap since the last sample, m.
    peak_joint_gap_m: f64,
    /// Largest push of the structure on him since the last sample, N.
    peak_rim_push_n: f32,
    /// Largest hold of the pressed suit on the rim since the last sample, N.
    peak_squeeze_n: f32,
}

impl Telemetry {
    /// The latest sample.
    pub fn latest(&self) -> Option<&TelemetryRow> {
        self.rows.last()
    }

    /// Writes all rows as CSV with a header.
    pub fn write_csv(&self, mut out: impl Write) -> std::io::Result<()> {
        writeln!(out, "{CSV_HEADER}")?;
        for row in &self.rows {
            writeln!(out, "{}", row.to_csv())?;
        }
        Ok(())
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<Telemetry>()
        .add_systems(FixedUpdate, record.in_set(SimStep::Record));
}

/// What the rows read besides the bodies.
#[derive(bevy::ecs::system::SystemParam)]
struct Readings<'w> {
    clock: Res<'w, SimClock>,
    scenario: Res<'w, ActiveScenario>,
    env: Res<'w, Environment>,
    suit: Res<'w, SuitState>,
    air: Res<'w, AirlockAir>,
    rim: Res<'w, RimContact>,
    squeeze: Res<'w, Squeeze>,
    hatches: Res<'w, Hatches>,
    tether: Res<'w, TetherState>,
    whereabouts: Res<'w, Whereabouts>,
    effort: Res<'w, SolverEffort>,
    oxygen: Res<'w, OxygenState>,
    slack_suit: Res<'w, SlackFigure>,
    body: Res<'w, Physiology>,
}

/// Records a row every sample interval, and the peaks between rows.
fn record(r: Readings, scene: Scene, mut telemetry: ResMut<Telemetry>) {
    let Some(snap) = scene.snapshot() else {
        return;
    };
    let (clock, env) = (&r.clock, &r.env);
    // The simulation frame turns once per orbit about the orbit's normal (-X), so a body at rest
    // in it spins at the mean motion relative to the stars.
    let frame_spin = -Vec3::X * env.elements.mean_motion_rad_s as f32;
    let craft_roll_dps = scene
        .bodies
        .iter()
        .find(|(b, ..)| **b == SimBody::Spacecraft)
        .map_or(0.0, |(_, t, v, _)| {
            f64::from((v.angular + frame_spin).dot(t.rotation * Vec3::Z)).to_degrees()
        });
    // Out of the simulation in the cabin his bodies have no mass to weigh; his torso marks him.
    let (centre, speed_mps, spin_rad_s) = match snap.whole {
        Some(whole) => (
            whole.centre_m,
            whole.velocity_mps.length(),
            (whole.torso_spin_rad_s - snap.airlock_velocity.angular).length(),
        ),
        None => (snap.harness_body.translation, 0.0, 0.0),
    };
    let t = clock.t_s();
    telemetry.peak_tension_n = telemetry.peak_tension_n.max(r.tether.tension_n);
    telemetry.peak_joint_gap_m = telemetry.peak_joint_gap_m.max(r.effort.joint_gap_m);
    telemetry.peak_rim_push_n = telemetry.peak_rim_push_n.max(r.rim.total_n);
    telemetry.peak_squeeze_n = telemetry.peak_squeeze_n.max(r.squeeze.applied_n.abs());
    let interval_steps = (r.scenario.0.file.telemetry_interval_s / clock.dt_s)
        .round()
        .max(1.0) as u64;
    if !clock.step.is_multiple_of(interval_steps) {
        return;
    }
    let p = centre;
    // Whole milliseconds, so the step count's binary fractions never print as .699.
    let utc = clock.start + hifitime::Duration::from_milliseconds((t * 1000.0).round());
    let tether_tension_n = std::mem::take(&mut telemetry.peak_tension_n);
    let joint_gap_m = std::mem::take(&mut telemetry.peak_joint_gap_m);
    let rim_push_n = std::mem::take(&mut telemetry.peak_rim_push_n);
    let squeeze_n = std::mem::take(&mut telemetry.peak_squeeze_n);
    let figure = &scene.figure.0;
    telemetry.rows.push(TelemetryRow {
        t_s: t,
        utc: format_iso_millis(utc),
        suit_pressure_kpa: r.suit.pressure_kpa,
        tether_distance_m: r.whereabouts.tether_distance_m,
        tether_tension_n,
        cosmonaut_speed_mps: f64::from(speed_mps),
        cosmonaut_position_m: [f64::from(p.x), f64::from(p.y), f64::from(p.z)],
        outer_hatch_open: r.hatches.outer_hatch_open,
        cosmonaut_in_airlock: r.whereabouts.wholly_inside == Some(true),
        subsat_lat_deg: env.subsat_lat_deg,
        subsat_lon_deg: env.subsat_lon_deg,
        altitude_km: env.altitude_km,
        sunlit: env.sunlit,
        sun_elevation_deg: env.sun_elevation_deg,
        airlock_length_m: f64::from(airlock_length_m(
            &scene.layout,
            snap.base_ring,
            snap.airlock,
        )),
        capsule_roll_rate_dps: craft_roll_dps,
        cosmonaut_in_cabin: scene.cabin.in_cabin,
        cosmonaut_spin_dps: f64::from(spin_rad_s).to_degrees(),
        joint_gap_mm: joint_gap_m * 1e3,
        o2_remaining_kg: r.oxygen.remaining_kg(),
        suit_section_m: f64::from(shoulder_section(figure).1),
        glove_slip_mm: f64::from(slip_m(
            &r.slack_suit.0,
            figure,
            Segment::UpperArm(Side::Right),
            Segment::Hand(Side::Right),
        )) * 1e3,
        heart_rate_bpm: r.body.heart_rate_bpm,
        core_temp_c: r.body.core_temp_c,
        sweat_kg: r.body.sweat_kg,
        metabolic_w: r.body.metabolic_w,
        airlock_pressure_kpa: r.air.pressure_kpa,
        rim_push_n: f64::from(rim_push_n),
        squeeze_n: f64::from(squeeze_n),
    });
}
