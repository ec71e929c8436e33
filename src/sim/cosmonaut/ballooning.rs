//! The ballooning suit: in vacuum the restraint layer stretches under the pressure's loads, so
//! every soft segment grows in girth and length, and its joints bend only against a torque that
//! scales with pressure.
//!
//! A pressurised tube of radius r carries a hoop load p r and an end load p r / 2 per metre of
//! wall (thin-walled cylinder); a restraint layer of stretch stiffness E t therefore grows by
//! p r / (E t) in girth and half that in length. The helmet, backpack, gloves and boots are
//! rigid or hold their size, so as the sleeves and legs lengthen, his hands and feet slip back
//! inside the gloves and boots: the suit's joints move away from his own. The rigid bodies are
//! the suit's segments, with him inside them.
//!
//! Each soft joint springs back towards the maximum-volume posture (straight limbs) with a
//! stiffness that scales with pressure and with the cube of the joint's radius: the
//! inflated-beam wrinkling moment (pi / 2) p r^3 and the volume work p dV/dtheta both do.
//! His muscles are finite, so the posture he reaches is where they balance the suit.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::anatomy::{CosmonautFigure, Figure, Segment, SegmentShape, Side, collider_for};
use super::suit::SuitState;
use crate::scenario::{Scenario, SuitSpec};
use crate::sim::core::bodies::SimBody;
use crate::sim::core::clock::SimClock;
use crate::sim::core::run::{PerRun, PerRunApp};
use crate::sim::core::schedule::{ActiveScenario, SimStep};
use crate::sim::core::whereabouts::Whereabouts;
use crate::sim::craft::air::AirlockAir;
use crate::sim::craft::cabin::CabinState;

/// Pressure change that resizes the suit's colliders and re-balances its joints, kPa: fine
/// enough that a bleed reshapes him in small steps, coarse enough that it does not rebuild his
/// colliders every step.
pub const SIZING_STEP_KPA: f64 = 0.25;
/// Pressure of the stiffness reference (Holschuh 2010's EMU elbow tests), kPa.
const STIFFNESS_REFERENCE_KPA: f64 = 29.6;
/// Radius of the stiffness reference joint (a suited elbow), m.
const STIFFNESS_REFERENCE_RADIUS_M: f32 = 0.065;

/// The suit's figure unpressurised: what the pressure stretches.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct SlackFigure(pub Figure);

/// How long the suit has been under load, and what its colliders, joints and stiffness were last
/// sized for.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct SuitSize {
    /// Time the suit has been loaded by its pressure, s: the restraint's creep grows with it.
    pub loaded_s: f64,
    /// Stretching pressure (pressure times the creep factor) at the last sizing, kPa.
    pub stretch_kpa: f64,
    /// What the suit's pressure exceeded the air around it by at the last sizing (none in the
    /// cabin), kPa: what the joints' stiffness is set for.
    pub pressure_kpa: f64,
}

/// How much more the restraint stretches after `loaded_s` under load than at once: its creep
/// compliance, 1 at first, rising to 1 + `restraint_creep_ratio` with the creep's time constant.
/// A bleed lowers the load, and the strain with it in proportion.
pub fn creep_factor(suit: &SuitSpec, loaded_s: f64) -> f64 {
    1.0 + suit.restraint_creep_ratio * (1.0 - (-loaded_s / suit.restraint_creep_time_s).exp())
}

/// What the suit's pressure exceeds the air around him by, kPa: none in the cabin's air, and
/// none while the airlock holds more than the suit (its regulator only keeps the suit from
/// falling below its setting).
pub fn loading_kpa(suit_kpa: f64, around_kpa: f64) -> f64 {
    (suit_kpa - around_kpa).max(0.0)
}

/// The load on the suit as a run starts: slack in the cabin; in the airlock, against its air.
fn starting_pressure_kpa(scenario: &Scenario) -> f64 {
    if scenario.file.cosmonaut.starts_in_cabin {
        0.0
    } else {
        loading_kpa(
            scenario.file.suit.pressure_kpa,
            AirlockAir::for_run(scenario).pressure_kpa,
        )
    }
}

impl PerRun for SlackFigure {
    fn for_run(scenario: &Scenario) -> Self {
        Self(Figure::new(scenario))
    }
}

impl PerRun for SuitSize {
    fn for_run(scenario: &Scenario) -> Self {
        let pressure_kpa = starting_pressure_kpa(scenario);
        Self {
            loaded_s: 0.0,
            stretch_kpa: pressure_kpa,
            pressure_kpa,
        }
    }
}

impl PerRun for CosmonautFigure {
    fn for_run(scenario: &Scenario) -> Self {
        Self(inflated(
            &Figure::new(scenario),
            &scenario.file.suit,
            starting_pressure_kpa(scenario),
        ))
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run::<SlackFigure>()
        .init_per_run::<SuitSize>()
        .init_per_run::<CosmonautFigure>()
        .add_systems(FixedUpdate, resize.in_set(SimStep::Balloon));
}

/// Whether a segment is soft suit that the pressure stretches (not the helmet, the backpack,
/// the gloves or the boots).
pub fn is_soft(segment: Segment) -> bool {
    !matches!(
        segment,
        Segment::Head | Segment::Backpack | Segment::Hand(_) | Segment::Foot(_)
    )
}

/// The radius of a segment's cross-section, m: what the hoop load scales with.
pub fn girth_radius_m(shape: SegmentShape) -> f32 {
    match shape {
        SegmentShape::Capsule { radius_m, .. } | SegmentShape::Ball { radius_m } => radius_m,
        SegmentShape::RoundBox {
            half_extents_m: h,
            border_m,
        } => (h.x + h.z) / 2.0 + border_m,
    }
}

/// Strain of the restraint layer of a tube of `radius_m` stretched by `stretch_kpa` (pressure
/// times the creep factor): (girth, length).
pub fn strain(suit: &SuitSpec, stretch_kpa: f64, radius_m: f32) -> (f32, f32) {
    let hoop = stretch_kpa.max(0.0) * f64::from(radius_m) / suit.restraint_stiffness_kn_per_m;
    (hoop as f32, (hoop / 2.0) as f32)
}

/// How a segment's suit is scaled along its own axes when stretched by `stretch_kpa`: girth
/// across (X, Z), length along Y (the trunk's by the scenario's share of it). One for the rigid
/// parts.
pub fn scale(segment: Segment, shape: SegmentShape, suit: &SuitSpec, stretch_kpa: f64) -> Vec3 {
    if !is_soft(segment) {
        return Vec3::ONE;
    }
    let (girth, mut length) = strain(suit, stretch_kpa, girth_radius_m(shape));
    if matches!(segment, Segment::Torso | Segment::Pelvis) {
        length *= suit.trunk_length_strain_share as f32;
    }
    Vec3::new(1.0 + girth, 1.0 + length, 1.0 + girth)
}

/// A shape stretched by `scale` (girth on X and Z, length on Y).
pub fn stretched(shape: SegmentShape, scale: Vec3) -> SegmentShape {
    match shape {
        SegmentShape::Capsule {
            half_length_m,
            radius_m,
        } => {
            let radius = radius_m * scale.x;
            let half_total = (half_length_m + radius_m) * scale.y;
            SegmentShape::Capsule {
                half_length_m: (half_total - radius).max(0.005),
                radius_m: radius,
            }
        }
        SegmentShape::Ball { radius_m } => SegmentShape::Ball {
            radius_m: radius_m * scale.x,
        },
        SegmentShape::RoundBox {
            half_extents_m,
            border_m,
        } => SegmentShape::RoundBox {
            half_extents_m: ((half_extents_m + Vec3::splat(border_m)) * scale
                - Vec3::splat(border_m))
            .max(Vec3::splat(0.005)),
            border_m,
        },
    }
}

/// The figure in the suit stretched by `stretch_kpa` (pressure times the creep factor): every soft segment
/// stretched, every joint moved with the suit around it (the pelvis stays where it is).
pub fn inflated(slack: &Figure, suit: &SuitSpec, stretch_kpa: f64) -> Figure {
    let mut figure = slack.clone();
    let scales: Vec<Vec3> = slack
        .segments
        .iter()
        .map(|s| scale(s.segment, s.shape, suit, stretch_kpa))
        .collect();
    for (i, spec) in slack.segments.iter().enumerate() {
        figure.segments[i].shape = stretched(spec.shape, scales[i]);
        let parent = spec
            .segment
            .parent()
            .and_then(|p| slack.segments.iter().position(|s| s.segment == p));
        if let (Some(p), Some(joint)) = (parent, &spec.joint) {
            let parent_spec = &slack.segments[p];
            let at = figure.segments[p].centre_m + (joint.at_m - parent_spec.centre_m) * scales[p];
            figure.segments[i].centre_m = at + (spec.centre_m - joint.at_m) * scales[i];
            if let Some(moved) = figure.segments[i].joint.as_mut() {
                moved.at_m = at;
            }
        }
    }
    let torso = slack
        .segments
        .iter()
        .position(|s| s.segment == Segment::Torso)
        .map_or(Vec3::ONE, |i| scales[i]);
    figure.harness_local_m = slack.harness_local_m * torso;
    figure.section_centre_local_m = shoulder_section(&figure).0;
    let total: f32 = figure.segments.iter().map(|s| s.mass_kg).sum();
    figure.centre_of_mass_m = figure
        .segments
        .iter()
        .map(|s| s.centre_m * s.mass_kg)
        .sum::<Vec3>()
        / total;
    figure
}

/// The smallest circle round his cross-section at the shoulders (arms at his sides, chest,
/// backpack): its centre in the torso's frame and its diameter, m. He fits through a round hatch
/// only if it is narrower than the hatch, and only centred on this point.
pub fn shoulder_section(figure: &Figure) -> (Vec3, f32) {
    let torso = figure.segment(Segment::Torso);
    let arm = figure.segment(Segment::UpperArm(Side::Right));
    let pack = figure.segment(Segment::Backpack);
    let box_of = |shape: SegmentShape| match shape {
        SegmentShape::RoundBox {
            half_extents_m,
            border_m,
        } => (half_extents_m, border_m),
        other => (Vec3::splat(girth_radius_m(other)), 0.0),
    };
    let (chest, chest_border) = box_of(torso.shape);
    let (pack_half, pack_border) = box_of(pack.shape);
    let arm_x = arm.centre_m.x.abs();
    let arm_z = arm.centre_m.z - torso.centre_m.z;
    let arm_r = girth_radius_m(arm.shape);
    let pack_z = pack.centre_m.z - torso.centre_m.z;
    let front = -(chest.z + chest_border);
    let back = pack_z + pack_half.z + pack_border;
    let extent = |zc: f32| {
        let arms = Vec2::new(arm_x, arm_z - zc).length() + arm_r;
        let chest_corner = Vec2::new(chest.x, zc + chest.z).length() + chest_border;
        let pack_corner = Vec2::new(pack_half.x, pack_z + pack_half.z - zc).length() + pack_border;
        arms.max(chest_corner).max(pack_corner)
    };
    // The largest distance is convex in the centre's position.
    let zc = least_of_convex(front, back, 60, extent);
    (Vec3::new(0.0, 0.0, zc), 2.0 * extent(zc))
}

/// Where a function convex on `lo..hi` is least, by `rounds` of ternary search: how a section's
/// smallest enclosing circle is centred front to back.
pub fn least_of_convex(mut lo: f32, mut hi: f32, rounds: u32, f: impl Fn(f32) -> f32) -> f32 {
    for _ in 0..rounds {
        let a = lo + (hi - lo) / 3.0;
        let b = hi - (hi - lo) / 3.0;
        if f(a) < f(b) {
            hi = b;
        } else {
            lo = a;
        }
    }
    (lo + hi) / 2.0
}

/// How far the suit's joint at `end` has moved away from the one at `start` beyond their slack
/// distance, m: how far his wrist or ankle has slipped back inside the glove or boot.
pub fn slip_m(slack: &Figure, inflated: &Figure, start: Segment, end: Segment) -> f32 {
    let span = |figure: &Figure| {
        let at = |s: Segment| figure.segment(s).joint.as_ref().map(|j| j.at_m);
        at(start)
            .zip(at(end))
            .map_or(0.0, |(a, b): (Vec3, Vec3)| a.distance(b))
    };
    span(inflated) - span(slack)
}

/// Bending stiffness of the suit joint above a segment of girth `radius_m` at `pressure_kpa`,
/// N m/rad.
pub fn joint_stiffness_nm_per_rad(suit: &SuitSpec, pressure_kpa: f64, radius_m: f32) -> f32 {
    (suit.elbow_stiffness_nm_per_rad * pressure_kpa.max(0.0) / STIFFNESS_REFERENCE_KPA) as f32
        * (radius_m / STIFFNESS_REFERENCE_RADIUS_M).powi(3)
}

/// A soft suit joint at some pressure, bending as an inflated fabric beam: stiff at first, it
/// softens as the fabric wrinkles and can carry no more than the collapse moment (Comer and
/// Levy's membrane beam: wrinkling at pi/2 p r^3, collapse at pi p r^3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SuitJoint {
    /// Bending stiffness at small angles, N m/rad.
    pub stiffness_nm_per_rad: f32,
    /// The largest moment the pressurised tube resists with, N m.
    pub collapse_nm: f32,
}

impl SuitJoint {
    /// The joint above a segment of girth `radius_m` with the suit at `pressure_kpa`.
    pub fn new(suit: &SuitSpec, pressure_kpa: f64, radius_m: f32) -> Self {
        Self {
            stiffness_nm_per_rad: joint_stiffness_nm_per_rad(suit, pressure_kpa, radius_m),
            collapse_nm: collapse_moment_nm(pressure_kpa, radius_m),
        }
    }

    /// The moment it springs back with, bent `angle_rad` from straight: k theta at first,
    /// approaching the collapse moment as the fabric folds (an exponential through both limits).
    pub fn torque_nm(self, angle_rad: f32) -> f32 {
        if self.collapse_nm <= 0.0 {
            return 0.0;
        }
        self.collapse_nm
            * (1.0 - (-self.stiffness_nm_per_rad * angle_rad.abs() / self.collapse_nm).exp())
    }

    /// The angle his muscles reach when they want `wanted_rad` (from straight) with at most
    /// `max_torque_nm`: the wanted angle if they can hold the suit there, otherwise as far as
    /// their strength bends it. Stronger than the collapse moment, he folds it where he likes.
    pub fn reachable_rad(self, wanted_rad: f32, max_torque_nm: f32) -> f32 {
        if self.torque_nm(wanted_rad) <= max_torque_nm {
            return wanted_rad;
        }
        let share = max_torque_nm / self.collapse_nm;
        let angle = -(self.collapse_nm / self.stiffness_nm_per_rad) * (1.0 - share).ln();
        wanted_rad.signum() * angle.min(wanted_rad.abs())
    }
}

/// The moment that folds a pressurised fabric tube of `radius_m` flat at `pressure_kpa`
/// (pi p r^3), N m.
pub fn collapse_moment_nm(pressure_kpa: f64, radius_m: f32) -> f32 {
    (std::f64::consts::PI * pressure_kpa.max(0.0) * 1000.0 * f64::from(radius_m).powi(3)) as f32
}

/// Lets the restraint creep; reshapes his colliders and joints when the stretching pressure has
/// moved by a sizing step (or the valve has settled), and publishes the inflated figure for
/// everything that measures him.
pub fn resize(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    suit: Res<SuitState>,
    cabin: Res<CabinState>,
    air: Res<AirlockAir>,
    whereabouts: Res<Whereabouts>,
    slack: Res<SlackFigure>,
    mut size: ResMut<SuitSize>,
    mut figure: ResMut<CosmonautFigure>,
    mut parts: Query<(&SimBody, &mut Collider, Option<&mut ImpulseJoint>)>,
) {
    let spec = &scenario.0.file.suit;
    // In the cabin's air the suit hangs slack, soft, and does not creep: what loads it is its
    // pressure over the air around him, the airlock's while he is in it (before the detection's
    // first word he is where he was spawned, inside), none out in space.
    let around_kpa = if whereabouts.wholly_inside == Some(false) {
        0.0
    } else {
        air.pressure_kpa
    };
    let p = if cabin.in_cabin {
        0.0
    } else {
        loading_kpa(suit.pressure_kpa, around_kpa)
    };
    if p > 0.0 {
        size.loaded_s += clock.dt_s;
    }
    let stretch_kpa = p * creep_factor(spec, size.loaded_s);
    let steady = suit.pressure_kpa == suit.target_kpa && air.pressure_kpa == air.goal_kpa;
    let valve_settled = p != size.pressure_kpa && (steady || p == 0.0);
    if (stretch_kpa - size.stretch_kpa).abs() < SIZING_STEP_KPA && !valve_settled {
        return;
    }
    size.stretch_kpa = stretch_kpa;
    size.pressure_kpa = p;
    let now = inflated(&slack.0, spec, stretch_kpa);
    for (body, mut collider, joint) in &mut parts {
        let SimBody::Cosmonaut(segment) = *body else {
            continue;
        };
        let spec = now.segment(segment);
        if spec.shape != figure.0.segment(segment).shape {
            *collider = collider_for(spec.shape);
        }
        if let (Some(mut joint), Some(at), Some(parent)) =
            (joint, spec.joint.as_ref().map(|j| j.at_m), segment.parent())
        {
            let data = joint.data.as_mut();
            data.set_local_anchor1(at - now.segment(parent).centre_m);
            data.set_local_anchor2(at - spec.centre_m);
        }
    }
    figure.0 = now;
}
