//! The outer hatch's rim squeezing the ballooned suit. Where his section is wider than the
//! opening, the fabric gives: the rim presses it flat, and the gas presses that flattened patch
//! on the rim's face with the suit's pressure. Sliding the patch along the tube then takes more
//! than the friction of fabric on metal under that load, `mu p A`, with `A` the arc of the rim's
//! edge the suit covers times the rim's thickness. Nothing here is fitted: the friction
//! coefficients, the rim's thickness, the suit's pressure and its ballooned shape set the hold.
//!
//! Two halves, both of them treated by the solver as constraints rather than as springs, since a
//! pressurised suit is far stiffer than anything an explicit force at the step rate can follow:
//! - **The give**: the rim's contact with each soft part of him (and the backpack, which the
//!   suit's fabric and harness carry) starts only beyond the depth the rim must press that part in
//!   for his section, centred, to fit the opening ([`SqueezeHooks`]). Off centre, or askew, the
//!   rim still stops him as before.
//! - **The hold**: along the tube, the pressed patch holds him as static friction holds a load:
//!   a joint on each part whose motor stops its sliding past the rim, capped at the part's share
//!   (by mass) of `mu p A` ([`hold`], [`RimHold`]). Stronger than the hold,
//!   he slides through; weaker, he stays, however long he pushes. The solver finds the force, so
//!   the hold never exceeds what the loads on him need, and it moves the airlock's outer ring
//!   on its booms as the ring really yields.
//!
//! His section is the figure's (arms at his sides, as the suit's shoulder bearings hold them),
//! standing, taken across his long axis where the rim's faces cut it: a folded limb does not
//! make the suit's shoulders narrower.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::anatomy::{CosmonautFigure, Figure, SegmentShape};
use super::ballooning::{SuitSize, is_soft, least_of_convex};
use super::body::SUIT_FRICTION;
use crate::sim::core::bodies::{Segment, SimBody};
use crate::sim::core::clock::SimClock;
use crate::sim::core::layout::Layout;
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{ScenarioEntity, SimStep};
use crate::sim::craft::airlock::{OuterRim, RIM_THICKNESS_M};
use crate::sim::craft::cabin::CabinState;

/// Friction coefficient of the structure's metal (Rapier's default, which the airlock keeps).
pub const STRUCTURE_FRICTION: f32 = 0.5;
/// Points along the rim's edge at which it is asked whether the suit covers it: a covered arc
/// resolved to under a centimetre on the 0.65 m hatch.
const ARC_SAMPLES: usize = 256;
/// Cuts across his body through the rim's thickness, averaged for the pressed area.
const RIM_CUTS: usize = 6;

/// The rim's squeeze on the suit this step.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Squeeze {
    /// How far the rim may press each of his parts in before it stops them rigidly, m: the most
    /// that part reaches beyond the hatch's radius with his section centred in it.
    pub give_m: Vec<(Segment, f32)>,
    /// Length of the rim's edge the suit covers, averaged over the rim's thickness, m.
    pub pressed_arc_m: f32,
    /// The most the pressed patch holds against sliding along the tube, N.
    pub hold_n: f32,
    /// What it held with this step, along the tube outwards (signed), N.
    pub applied_n: f32,
    /// The figure the give was sized for.
    sized_for: Option<Figure>,
}

impl Squeeze {
    /// How far the rim may press `segment` in, m.
    pub fn give_of(&self, segment: Segment) -> f32 {
        self.give_m
            .iter()
            .find_map(|(s, g)| (*s == segment).then_some(*g))
            .unwrap_or(0.0)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<Squeeze>()
        .add_systems(FixedUpdate, hold.in_set(SimStep::Squeeze))
        .add_systems(FixedUpdate, measure_hold.in_set(SimStep::Detect));
}

/// Friction of the suit's fabric on the rim, as the solver combines the two (their average).
pub fn fabric_on_rim_friction() -> f32 {
    (SUIT_FRICTION + STRUCTURE_FRICTION) / 2.0
}

/// Whether the rim squeezes this part of him (the soft suit and the backpack it carries; not the
/// helmet, gloves or boots).
fn squeezable(segment: Segment) -> bool {
    is_soft(segment) || segment == Segment::Backpack
}

/// Heights apart of the cuts across the standing figure that size the give, m.
const GIVE_CUT_STEP_M: f32 = 0.01;

/// How far each squeezable part reaches beyond `hatch_radius_m` where the rim could cut it,
/// with the cut's section centred in the opening, m (none for the others).
pub fn give_m(figure: &Figure, hatch_radius_m: f32) -> Vec<(Segment, f32)> {
    let (low, high) = figure
        .segments
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), s| {
            let half = half_height_m(s.shape);
            (lo.min(s.centre_m.y - half), hi.max(s.centre_m.y + half))
        });
    let mut give: Vec<(Segment, f32)> = figure.segments.iter().map(|s| (s.segment, 0.0)).collect();
    let cuts = ((high - low) / GIVE_CUT_STEP_M).ceil() as usize;
    for k in 0..=cuts {
        let y = low + k as f32 * GIVE_CUT_STEP_M;
        let parts = outlines_at(figure, y);
        let Some(centre) = centred(&parts) else {
            continue;
        };
        for (segment, outline) in parts {
            let beyond = outline.reach(centre) - hatch_radius_m;
            if let Some(g) = give.iter_mut().find(|(s, _)| *s == segment) {
                g.1 = g.1.max(beyond);
            }
        }
    }
    give
}

/// Half a shape's height along its segment's axis, m.
fn half_height_m(shape: SegmentShape) -> f32 {
    match shape {
        SegmentShape::Capsule {
            half_length_m,
            radius_m,
        } => half_length_m + radius_m,
        SegmentShape::Ball { radius_m } => radius_m,
        SegmentShape::RoundBox {
            half_extents_m,
            border_m,
        } => half_extents_m.y + border_m,
    }
}

/// Where the rim centres a cut through him: the centre of the smallest circle round it (he is
/// symmetric across, so on the middle line, front to back), or none for an empty cut.
fn centred(parts: &[(Segment, Outline)]) -> Option<Vec2> {
    if parts.is_empty() {
        return None;
    }
    let reach = |z: f32| {
        let at = Vec2::new(0.0, z);
        parts.iter().map(|(_, o)| o.reach(at)).fold(0.0, f32::max)
    };
    let (lo, hi) = parts.iter().fold((f32::MAX, f32::MIN), |(lo, hi), (_, o)| {
        let (c, _) = o.centre_and_radius();
        (lo.min(c.y), hi.max(c.y))
    });
    // The largest reach is convex in the centre's position.
    Some(Vec2::new(0.0, least_of_convex(lo, hi, 40, reach)))
}

/// One part's outline where a cut across his long axis meets it (figure frame, X and Z).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Outline {
    /// A round part: centre and radius.
    Disc(Vec2, f32),
    /// A rounded rectangle: centre, half extents of its core, rounding radius.
    RoundRect(Vec2, Vec2, f32),
}

impl Outline {
    fn centre_and_radius(self) -> (Vec2, f32) {
        match self {
            Outline::Disc(c, r) | Outline::RoundRect(c, _, r) => (c, r),
        }
    }

    /// The farthest its edge reaches from `from`, m.
    fn reach(self, from: Vec2) -> f32 {
        match self {
            Outline::Disc(c, r) => c.distance(from) + r,
            Outline::RoundRect(c, h, r) => ((c - from).abs() + h).length() + r,
        }
    }

    /// How far its edge reaches from `from` in the direction `u` (a unit vector), m.
    fn reach_along(self, from: Vec2, u: Vec2) -> f32 {
        match self {
            Outline::Disc(c, r) => (c - from).dot(u) + r,
            Outline::RoundRect(c, h, r) => (c - from).dot(u) + (h * u).abs().element_sum() + r,
        }
    }

    fn contains(self, q: Vec2) -> bool {
        match self {
            Outline::Disc(c, r) => q.distance_squared(c) <= r * r,
            Outline::RoundRect(c, h, r) => ((q - c).abs() - h).max(Vec2::ZERO).length() <= r,
        }
    }
}

/// The outlines of his squeezable parts cut across his long axis at height `y` of the standing figure.
fn outlines_at(figure: &Figure, y: f32) -> Vec<(Segment, Outline)> {
    // The radius of a round end's cut `beyond` past where it starts rounding.
    let cap = |r: f32, beyond: f32| (r * r - beyond * beyond).max(0.0).sqrt();
    figure
        .segments
        .iter()
        .filter(|spec| squeezable(spec.segment))
        .filter_map(|spec| {
            let c = Vec2::new(spec.centre_m.x, spec.centre_m.z);
            let dy = (y - spec.centre_m.y).abs();
            let outline = match spec.shape {
                SegmentShape::Capsule {
                    half_length_m,
                    radius_m,
                } => Outline::Disc(c, cap(radius_m, (dy - half_length_m).max(0.0))),
                SegmentShape::Ball { radius_m } => Outline::Disc(c, cap(radius_m, dy)),
                SegmentShape::RoundBox {
                    half_extents_m: h,
                    border_m,
                } => Outline::RoundRect(c, Vec2::new(h.x, h.z), cap(border_m, (dy - h.y).max(0.0))),
            };
            let radius = outline.centre_and_radius().1;
            (radius > 0.0).then_some((spec.segment, outline))
        })
        .collect()
}

/// Length of the hatch's edge (radius `hatch_radius_m`) that his section covers in the cut at
/// height `y` of the standing figure, centred in the opening, m.
pub fn covered_arc_m(figure: &Figure, y: f32, hatch_radius_m: f32) -> f32 {
    covered_arcs_m(figure, y, hatch_radius_m)
        .iter()
        .map(|(_, arc)| arc)
        .sum()
}

/// [`covered_arc_m`] part by part: each point of the edge goes to the first part that covers it.
fn covered_arcs_m(figure: &Figure, y: f32, hatch_radius_m: f32) -> Vec<(Segment, f32)> {
    let outlines = outlines_at(figure, y);
    let Some(centre) = centred(&outlines) else {
        return Vec::new();
    };
    let per_sample = std::f32::consts::TAU * hatch_radius_m / ARC_SAMPLES as f32;
    let mut arcs: Vec<(Segment, f32)> = outlines.iter().map(|(s, _)| (*s, 0.0)).collect();
    for i in 0..ARC_SAMPLES {
        let angle = std::f32::consts::TAU * (i as f32 + 0.5) / ARC_SAMPLES as f32;
        let q = centre + hatch_radius_m * Vec2::new(angle.cos(), angle.sin());
        if let Some(k) = outlines.iter().position(|(_, o)| o.contains(q)) {
            arcs[k].1 += per_sample;
        }
    }
    arcs
}

/// The pressed arc of the rim's edge on each of his parts, averaged over the rim's thickness,
/// with his torso at `torso` and the airlock's outer end at `lock` (its axis Y, the rim's outer
/// face at `mouth_y`), m. Each cut is taken across his long axis, centred in the opening: off
/// centre, the rim's rigid contact beyond the give pushes him back to it (the pressed fabric's
/// own push does the same), so his pose only says where along him the rim cuts. A cut counts
/// only while the rim can ring him there: its middle in the opening, and his section, drawn out
/// by his tilt to the tube's axis, still within what the parts' give lets the rim press.
/// Tilted further, or lying across the mouth, he meets the rim's rigid edge, not a squeeze.
pub fn pressed_arcs_m(
    figure: &Figure,
    (torso, lock): (&Transform, &Transform),
    (mouth_y, hatch_radius_m): (f32, f32),
    give: &[(Segment, f32)],
) -> Vec<(Segment, f32)> {
    let torso_in_figure = figure.segment(Segment::Torso).centre_m;
    let to_figure = torso.rotation.inverse();
    let along = to_figure * (lock.rotation * Vec3::Y);
    let mut arcs: Vec<(Segment, f32)> = Vec::new();
    for k in 0..RIM_CUTS {
        let y = mouth_y - RIM_THICKNESS_M * (k as f32 + 0.5) / RIM_CUTS as f32;
        let on_axis = lock.transform_point(Vec3::Y * y);
        let f = torso_in_figure + to_figure * (on_axis - torso.translation);
        let outlines = outlines_at(figure, f.y);
        let in_opening =
            centred(&outlines).is_some_and(|m| m.distance(Vec2::new(f.x, f.z)) < hatch_radius_m);
        if !in_opening || !rings(&outlines, along, hatch_radius_m, give) {
            continue;
        }
        for (segment, arc) in covered_arcs_m(figure, f.y, hatch_radius_m) {
            match arcs.iter_mut().find(|(s, _)| *s == segment) {
                Some(sum) => sum.1 += arc / RIM_CUTS as f32,
                None => arcs.push((segment, arc / RIM_CUTS as f32)),
            }
        }
    }
    arcs
}

/// Whether the rim can ring this cut of him with the tube's axis `along` (figure frame): tilted
/// by `theta`, the rim's plane meets his section drawn out by `1 / cos theta` in the tilt's
/// direction, and each part's extra reach must fit in the room its give leaves beyond the
/// hatch.
fn rings(
    outlines: &[(Segment, Outline)],
    along: Vec3,
    hatch_radius_m: f32,
    give: &[(Segment, f32)],
) -> bool {
    let cos_tilt = along.y.abs();
    if cos_tilt <= f32::EPSILON {
        return false;
    }
    let Some(centre) = centred(outlines) else {
        return false;
    };
    let tilt = Vec2::new(along.x, along.z).normalize_or(Vec2::X);
    let stretch = 1.0 / cos_tilt - 1.0;
    outlines.iter().all(|(segment, outline)| {
        let give_m = give
            .iter()
            .find_map(|(s, g)| (s == segment).then_some(*g))
            .unwrap_or(0.0);
        [tilt, -tilt].into_iter().all(|u| {
            let reach = outline.reach_along(centre, u).max(0.0);
            reach * stretch <= (hatch_radius_m + give_m - reach).max(0.0)
        })
    })
}

/// The most the pressed patch holds, N: friction under the suit's pressure on the patch.
pub fn hold_n(pressed_arc_m: f32, pressure_kpa: f64) -> f32 {
    fabric_on_rim_friction() * (pressure_kpa * 1000.0) as f32 * pressed_arc_m * RIM_THICKNESS_M
}

/// Marks the joint through which the rim's pressed patch holds one of his parts along the tube:
/// a velocity motor towards no sliding, whose force is capped at that part's share (by mass) of
/// the friction the patch can give.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RimHold(pub Segment);

/// Rate at which a hold's motor cancels sliding, 1/s. A solver setting, not physics: static
/// friction stops sliding within a step, and a rate this far above the step rate (60 to 240 Hz)
/// makes the motor a rigid constraint up to its force cap, solved with every other constraint
/// on him and the airlock's rings (an explicit force could not know how much of the structure
/// a push moves in one step: the outer ring on its soft booms, or the whole craft once the
/// booms reach their stops).
const HOLD_RATE_PER_S: f32 = 1.0e4;

/// What the hold reads besides the bodies: the airlock's sizes, whether he is in the cabin, and
/// the suit's shape and pressure.
#[derive(SystemParam)]
pub struct HoldWorld<'w> {
    layout: Res<'w, Layout>,
    cabin: Res<'w, CabinState>,
    figure: Res<'w, CosmonautFigure>,
    size: Res<'w, SuitSize>,
}

/// The bodies the hold reads: his parts and the airlock's outer end.
pub type HoldBodies<'w, 's> = Query<'w, 's, (Entity, &'static SimBody, &'static Transform)>;

/// Sizes the give for the figure the suit has ballooned to, measures the pressed patch, and caps
/// each part's hold at its share of the patch's friction. The solver then holds him with only
/// what stops his sliding, up to that cap: never more than the loads on him, so it never throws
/// him back.
pub fn hold(
    mut commands: Commands,
    world: HoldWorld,
    mut squeeze: ResMut<Squeeze>,
    bodies: HoldBodies,
    holds: Query<(&RimHold, Option<&RapierImpulseJointHandle>)>,
    mut worlds: Query<&mut RapierContextJoints>,
) {
    if squeeze.sized_for.as_ref() != Some(&world.figure.0) {
        squeeze.give_m = give_m(&world.figure.0, world.layout.hatch_radius_m);
        squeeze.sized_for = Some(world.figure.0.clone());
    }
    squeeze.pressed_arc_m = 0.0;
    squeeze.hold_n = 0.0;
    let find = |wanted: SimBody| bodies.iter().find(|(_, b, _)| **b == wanted);
    let (Some((_, _, torso)), Some((lock_entity, _, lock))) = (
        find(SimBody::Cosmonaut(Segment::Torso)),
        find(SimBody::Airlock),
    ) else {
        return;
    };
    let rim_centre_m = Vec3::Y * (world.layout.airlock_length_m - RIM_THICKNESS_M / 2.0);
    if holds.is_empty() {
        spawn_holds(&mut commands, &bodies, lock_entity, rim_centre_m);
        return;
    }
    let mut arcs = if world.cabin.in_cabin {
        Vec::new()
    } else {
        pressed_arcs_m(
            &world.figure.0,
            (torso, lock),
            (world.layout.airlock_length_m, world.layout.hatch_radius_m),
            &squeeze.give_m,
        )
    };
    // The cut is the standing figure's; a part folded away from where it would stand (his
    // legs tucked in the tube) is not in the rim, whatever the figure says.
    arcs.retain(|(segment, _)| {
        find(SimBody::Cosmonaut(*segment)).is_some_and(|(_, _, at)| {
            threads_rim(
                at,
                half_height_m(world.figure.0.segment(*segment).shape),
                lock,
                (world.layout.airlock_length_m, world.layout.hatch_radius_m),
            )
        })
    });
    squeeze.pressed_arc_m = arcs.iter().map(|(_, a)| a).sum();
    squeeze.hold_n = hold_n(squeeze.pressed_arc_m, world.size.pressure_kpa);
    // The patch holds the suit, and through it the whole of him: each part takes its share of
    // the hold by its mass, as his body would share one push.
    let total_kg: f32 = world.figure.0.segments.iter().map(|p| p.mass_kg).sum();
    for mut joints in &mut worlds {
        for (part, handle) in &holds {
            let Some(handle) = handle else {
                continue;
            };
            let share = world.figure.0.segment(part.0).mass_kg / total_kg.max(f32::EPSILON);
            let cap_n = squeeze.hold_n * share;
            // Written only when it changes: a write makes the solver rebuild its joints.
            let unchanged = joints
                .impulse_joints
                .get(handle.0)
                .is_none_or(|joint| joint.data.motors[JointAxis::LinX as usize].max_force == cap_n);
            if !unchanged && let Some(joint) = joints.impulse_joints.get_mut(handle.0, false) {
                joint.data.set_motor_max_force(JointAxis::LinX, cap_n);
            }
        }
    }
}

/// Whether a part at `at`, reaching `half_height_m` along its own Y either way, passes through
/// the rim: its axis spans the rim's thickness and crosses the rim's middle within the opening.
fn threads_rim(
    at: &Transform,
    half_height_m: f32,
    lock: &Transform,
    (mouth_y, hatch_radius_m): (f32, f32),
) -> bool {
    let to_lock = lock.compute_affine().inverse();
    let half = at.rotation * Vec3::Y * half_height_m;
    let a = to_lock.transform_point3(at.translation - half);
    let b = to_lock.transform_point3(at.translation + half);
    let (low, high) = (a.y.min(b.y), a.y.max(b.y));
    if high < mouth_y - RIM_THICKNESS_M || low > mouth_y || high - low <= f32::EPSILON {
        return false;
    }
    let middle = mouth_y - RIM_THICKNESS_M / 2.0;
    let crossing = a + (b - a) * ((middle - a.y) / (b.y - a.y)).clamp(0.0, 1.0);
    Vec2::new(crossing.x, crossing.z).length() < hatch_radius_m
}

/// One hold joint per part of him, from the rim's centre on the airlock's outer end, along the
/// tube's axis, acting at the part's centre of mass; each does nothing until the rim presses him.
fn spawn_holds(commands: &mut Commands, bodies: &HoldBodies, lock: Entity, rim_centre_m: Vec3) {
    for (entity, body, _) in bodies {
        let SimBody::Cosmonaut(segment) = *body else {
            continue;
        };
        let joint = GenericJointBuilder::new(JointAxesMask::empty())
            .local_basis1(Quat::from_rotation_arc(Vec3::X, Vec3::Y))
            .local_anchor1(rim_centre_m)
            .motor_velocity(JointAxis::LinX, 0.0, HOLD_RATE_PER_S)
            .motor_max_force(JointAxis::LinX, 0.0);
        commands.spawn((
            Name::new("Rim hold"),
            ScenarioEntity,
            RimHold(segment),
            ImpulseJoint::new(lock, TypedJoint::GenericJoint(joint.build())),
            ChildOf(entity),
        ));
    }
}

/// What the holds held him with in the step just solved, along the tube outwards, N.
pub fn measure_hold(
    clock: Res<SimClock>,
    mut squeeze: ResMut<Squeeze>,
    holds: Query<&RapierImpulseJointHandle, With<RimHold>>,
    worlds: Query<(&RapierContextJoints, &RapierContextSimulation)>,
) {
    squeeze.applied_n = worlds
        .iter()
        .map(|(joints, simulation)| {
            let substep_s = clock.solver_substep_s(simulation) as f32;
            holds
                .iter()
                .filter_map(|handle| joints.impulse_joints.get(handle.0))
                // The motor's impulse acts on the airlock along the axis and on him against it.
                .map(|joint| -joint.data.motors[JointAxis::LinX as usize].impulse / substep_s)
                .sum::<f32>()
        })
        .sum();
}

/// The solver's contact hook: the rim's contacts with the squeezable parts of him start only
/// beyond their give.
#[derive(SystemParam)]
pub struct SqueezeHooks<'w, 's> {
    rims: Query<'w, 's, (), With<OuterRim>>,
    bodies: Query<'w, 's, &'static SimBody>,
    squeeze: Option<Res<'w, Squeeze>>,
}

impl BevyPhysicsHooks for SqueezeHooks<'_, '_> {
    fn modify_solver_contacts(&self, context: ContactModificationContextView) {
        let Some(squeeze) = &self.squeeze else {
            return;
        };
        let (a, b) = (context.collider1(), context.collider2());
        let part = if self.rims.contains(a) {
            b
        } else if self.rims.contains(b) {
            a
        } else {
            return;
        };
        let Ok(SimBody::Cosmonaut(segment)) = self.bodies.get(part) else {
            return;
        };
        let give = squeeze.give_of(*segment);
        if give <= 0.0 {
            return;
        }
        for contact in context.raw.solver_contacts.iter_mut() {
            contact.dist += give;
        }
    }
}
