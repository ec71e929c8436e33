//! Telemetry: one row per sample interval, and the events the physics itself produces
//! (out of the airlock, back inside, tether taut).

use std::io::Write;

use bevy::prelude::*;
use bevy_rapier3d::prelude::{ReadMassProperties, Velocity};

use super::anatomy::{Segment, Side};
use super::bodies::{Layout, SimBody};
use super::cosmonaut::{CosmonautFigure, bounding_capsules, whole_body};
use super::environment::Environment;
use super::suit::SuitState;
use super::tether::{TetherRope, TetherState};
use super::timeline::TimelineState;
use super::{ActiveScenario, EventLog, SimClock, SimSet};
use crate::scenario::time::format_iso_millis;

/// The CSV header; columns are only ever added, never renamed.
pub const CSV_HEADER: &str = "utc,t_s,suit_pressure_kpa,tether_distance_m,tether_tension_n,cosmonaut_speed_mps,\
cosmonaut_x_m,cosmonaut_y_m,cosmonaut_z_m,outer_hatch_open,cosmonaut_in_airlock,\
subsat_lat_deg,subsat_lon_deg,altitude_km,sunlit,sun_elevation_deg,airlock_length_m,\
capsule_roll_rate_dps,cosmonaut_in_cabin,cosmonaut_spin_dps,joint_gap_mm,o2_remaining_kg,\
suit_section_m,glove_slip_mm,heart_rate_bpm,core_temp_c,sweat_kg,metabolic_w";

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
}

impl TelemetryRow {
    /// The row as a CSV line (no newline), columns in [`CSV_HEADER`] order.
    pub fn to_csv(&self) -> String {
        let [x, y, z] = self.cosmonaut_position_m;
        format!(
            "{},{:.4},{:.3},{:.4},{:.3},{:.4},{x:.4},{y:.4},{z:.4},{},{},{:.4},{:.4},{:.3},{},{:.3},{:.4},{:.4},{},{:.3},{:.3},{:.4},{:.4},{:.1},{:.1},{:.3},{:.4},{:.0}",
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
        )
    }
}

/// Every sample so far, and the state of the physics-made events.
#[derive(Resource, Clone, Debug, Default)]
pub struct Telemetry {
    /// Samples in time order.
    pub rows: Vec<TelemetryRow>,
    /// Whether he was wholly inside at the last step.
    was_inside: Option<bool>,
    /// Whether he was wholly outside at the last step.
    was_outside: bool,
    /// Whether the tether was taut at the last step.
    was_taut: bool,
    /// Largest tension since the last sample, N.
    peak_tension_n: f64,
    /// Largest joint gap since the last sample, m.
    peak_joint_gap_m: f64,
}

impl Telemetry {
    /// The latest sample.
    pub fn latest(&self) -> Option<&TelemetryRow> {
        self.rows.last()
    }

    /// Whether he was wholly inside the airlock tube at the last step (`None` in the cabin).
    pub fn wholly_inside(&self) -> Option<bool> {
        self.was_inside
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
    app.add_systems(
        FixedUpdate,
        sample
            .in_set(SimSet::Measure)
            .after(super::effort::measure_joint_gaps),
    );
}

/// The solver's, the suit's and his body's state, as the telemetry reads them.
#[derive(bevy::ecs::system::SystemParam)]
struct Readings<'w> {
    effort: Res<'w, super::effort::SolverEffort>,
    oxygen: Res<'w, super::oxygen::OxygenState>,
    slack_suit: Res<'w, super::ballooning::SlackFigure>,
    body: Res<'w, super::physiology::Physiology>,
}

#[allow(clippy::too_many_arguments)]
fn sample(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    layout: Res<Layout>,
    figure: Res<CosmonautFigure>,
    env: Res<Environment>,
    suit: Res<SuitState>,
    timeline: Res<TimelineState>,
    cabin: Res<super::cabin::CabinState>,
    mut telemetry: ResMut<Telemetry>,
    mut log: ResMut<EventLog>,
    tether: Res<TetherState>,
    readings: Readings,
    ropes: Query<&TetherRope>,
    bodies: Query<(&SimBody, &Transform, &Velocity, &ReadMassProperties)>,
) {
    let Ok(rope) = ropes.single() else {
        return;
    };
    let Ok((_, person, _, _)) = bodies.get(rope.harness_body) else {
        return;
    };
    let Ok((_, anchor_body, _, _)) = bodies.get(rope.anchor_body) else {
        return;
    };
    let Some((_, airlock, _, _)) = bodies.iter().find(|(b, ..)| **b == SimBody::Airlock) else {
        return;
    };
    let Some((_, base_ring, _, _)) = bodies.iter().find(|(b, ..)| **b == SimBody::AirlockRing(0))
    else {
        return;
    };
    // The simulation frame turns once per orbit about the orbit's normal (-X), so a body at rest
    // in it spins at the mean motion relative to the stars.
    let frame_spin = -Vec3::X * env.elements.mean_motion_rad_s as f32;
    let craft_roll_dps = bodies
        .iter()
        .find(|(b, ..)| **b == SimBody::Spacecraft)
        .map_or(0.0, |(_, t, v, _)| {
            f64::from((v.angular + frame_spin).dot(t.rotation * Vec3::Z)).to_degrees()
        });
    let segments = || {
        bodies.iter().filter_map(|(body, t, v, m)| match body {
            SimBody::Cosmonaut(segment) => Some((*segment, t, v, m)),
            _ => None,
        })
    };
    // Out of the simulation in the cabin his bodies have no mass to weigh; his torso marks him.
    let Some((_, _, airlock_velocity, _)) = bodies.iter().find(|(b, ..)| **b == SimBody::Airlock)
    else {
        return;
    };
    let (centre, speed_mps, spin_rad_s) = match whole_body(segments()) {
        Some(whole) => (
            whole.centre_m,
            whole.velocity_mps.length(),
            (whole.torso_spin_rad_s - airlock_velocity.angular).length(),
        ),
        None if cabin.in_cabin => (person.translation, 0.0, 0.0),
        None => return,
    };
    let scenario = &scenario.0;
    let t = clock.t_s();
    let distance = f64::from(super::tether::path_length(&super::tether::path_points(
        &layout,
        airlock,
        anchor_body.transform_point(rope.anchor_local_m),
        person.transform_point(rope.harness_local_m),
    )));
    telemetry.peak_tension_n = telemetry.peak_tension_n.max(tether.tension_n);
    telemetry.peak_joint_gap_m = telemetry.peak_joint_gap_m.max(readings.effort.joint_gap_m);

    // Physics-made events: where his whole body is relative to the tube, and the tether's state.
    let to_local = airlock.compute_affine().inverse();
    let parts: Vec<(Vec3, Vec3, f32)> =
        bounding_capsules(&figure.0, segments().map(|(s, t, _, _)| (s, t)))
            .into_iter()
            .map(|(a, b, r)| {
                (
                    to_local.transform_point3(a),
                    to_local.transform_point3(b),
                    r,
                )
            })
            .collect();
    // In the cabin he is neither in the tube nor outside it, and the tether is stowed.
    let aboard = !cabin.in_cabin;
    let inside = aboard
        && parts.iter().all(|(a, b, r)| {
            a.y.max(b.y) + r < layout.airlock_length_m
                && Vec2::new(a.x, a.z)
                    .length()
                    .max(Vec2::new(b.x, b.z).length())
                    < layout.airlock_inner_radius_m
        });
    if telemetry.was_inside == Some(true) && !inside {
        log.push(t, clock.utc(), "cosmonaut leaves the airlock tube");
    }
    if telemetry.was_inside == Some(false) && inside {
        log.push(t, clock.utc(), "cosmonaut wholly inside the airlock");
    }
    // Clear of the airlock: no part of him in the tube or its mouth. Hysteresis of 5 cm either
    // way keeps a cosmonaut hovering at the hatch from flickering in the log.
    let in_mouth = |margin: f32| {
        parts.iter().any(|&(a, b, radius)| {
            (0..=4).any(|k| {
                let p = a.lerp(b, k as f32 / 4.0);
                p.y - radius < layout.airlock_length_m + margin
                    && Vec2::new(p.x, p.z).length() < layout.airlock_inner_radius_m + margin
            })
        })
    };
    let outside = aboard
        && if telemetry.was_outside {
            !in_mouth(-0.05)
        } else {
            !in_mouth(0.05)
        };
    if outside && !telemetry.was_outside {
        log.push(
            t,
            clock.utc(),
            "cosmonaut clear of the airlock (free in space)",
        );
    }
    let taut = aboard && distance >= 0.995 * f64::from(rope.length_m);
    if taut && !telemetry.was_taut {
        log.push(t, clock.utc(), format!("tether taut at {distance:.2} m"));
    }
    let slack = distance < 0.98 * f64::from(rope.length_m);
    telemetry.was_inside = aboard.then_some(inside);
    telemetry.was_outside = outside;
    telemetry.was_taut = taut || (telemetry.was_taut && !slack);

    let interval_steps = (scenario.file.telemetry_interval_s / clock.dt_s)
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
    telemetry.rows.push(TelemetryRow {
        t_s: t,
        utc: format_iso_millis(utc),
        suit_pressure_kpa: suit.pressure_kpa,
        tether_distance_m: if aboard { distance } else { 0.0 },
        tether_tension_n,
        cosmonaut_speed_mps: f64::from(speed_mps),
        cosmonaut_position_m: [f64::from(p.x), f64::from(p.y), f64::from(p.z)],
        outer_hatch_open: timeline.outer_hatch_open,
        cosmonaut_in_airlock: inside,
        subsat_lat_deg: env.subsat_lat_deg,
        subsat_lon_deg: env.subsat_lon_deg,
        altitude_km: env.altitude_km,
        sunlit: env.sunlit,
        sun_elevation_deg: env.sun_elevation_deg,
        airlock_length_m: f64::from(super::deployment::airlock_length_m(
            &layout, base_ring, airlock,
        )),
        capsule_roll_rate_dps: craft_roll_dps,
        cosmonaut_in_cabin: cabin.in_cabin,
        cosmonaut_spin_dps: f64::from(spin_rad_s).to_degrees(),
        joint_gap_mm: joint_gap_m * 1e3,
        o2_remaining_kg: readings.oxygen.remaining_kg(),
        suit_section_m: f64::from(super::ballooning::shoulder_section(&figure.0).1),
        glove_slip_mm: f64::from(super::ballooning::slip_m(
            &readings.slack_suit.0,
            &figure.0,
            Segment::UpperArm(Side::Right),
            Segment::Hand(Side::Right),
        )) * 1e3,
        heart_rate_bpm: readings.body.heart_rate_bpm,
        core_temp_c: readings.body.core_temp_c,
        sweat_kg: readings.body.sweat_kg,
        metabolic_w: readings.body.metabolic_w,
    });
}
