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
//! - **The hold**: along the tube, the pressed patch holds him as static friction holds a load,
//!   up to `mu p A` and no more than what stops his sliding in this step ([`hold`]). Stronger
//!   than the hold, he slides through; weaker, he stays, however long he pushes.
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
use super::control::sense::BodyQuery;
use crate::sim::core::bodies::{Segment, SimBody};
use crate::sim::core::clock::SimClock;
use crate::sim::core::layout::Layout;
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{ActiveScenario, SimStep};
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
        .add_systems(FixedUpdate, hold.in_set(SimStep::Squeeze));
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
    let outlines = outlines_at(figure, y);
    let Some(centre) = centred(&outlines) else {
        return 0.0;
    };
    let covered = (0..ARC_SAMPLES)
        .filter(|&i| {
            let angle = std::f32::consts::TAU * (i as f32 + 0.5) / ARC_SAMPLES as f32;
            let q = centre + hatch_radius_m * Vec2::new(angle.cos(), angle.sin());
            outlines.iter().any(|(_, o)| o.contains(q))
        })
        .count();
    std::f32::consts::TAU * hatch_radius_m * covered as f32 / ARC_SAMPLES as f32
}

/// The pressed arc of the rim's edge, averaged over the rim's thickness, with his torso at
/// `torso` and the airlock's outer end at `lock` (its axis Y, the rim's outer face at
/// `mouth_y`), m. Each cut is taken centred in the opening: off centre, the rim's rigid contact
/// beyond the give pushes him back to it (the pressed fabric's own push does the same), so his
/// pose only says where along him the rim cuts.
pub fn pressed_arc_m(
    figure: &Figure,
    torso: &Transform,
    lock: &Transform,
    (mouth_y, hatch_radius_m): (f32, f32),
) -> f32 {
    let torso_in_figure = figure.segment(Segment::Torso).centre_m;
    let to_figure = torso.rotation.inverse();
    let sum: f32 = (0..RIM_CUTS)
        .map(|k| {
            let y = mouth_y - RIM_THICKNESS_M * (k as f32 + 0.5) / RIM_CUTS as f32;
            let on_axis = lock.transform_point(Vec3::Y * y);
            let f = torso_in_figure + to_figure * (on_axis - torso.translation);
            // Only a cut whose middle is in the opening is in the rim: beside the mouth, or lying
            // across the rim's face, he meets the rim's rigid contact, not a squeeze.
            let in_opening = outlines_middle(figure, f.y)
                .is_some_and(|m| m.distance(Vec2::new(f.x, f.z)) < hatch_radius_m);
            if in_opening {
                covered_arc_m(figure, f.y, hatch_radius_m)
            } else {
                0.0
            }
        })
        .sum();
    sum / RIM_CUTS as f32
}

/// Where the rim centres the cut at height `y` of the standing figure, if it cuts him there.
fn outlines_middle(figure: &Figure, y: f32) -> Option<Vec2> {
    centred(&outlines_at(figure, y))
}

/// The most the pressed patch holds, N: friction under the suit's pressure on the patch.
pub fn hold_n(pressed_arc_m: f32, pressure_kpa: f64) -> f32 {
    fabric_on_rim_friction() * (pressure_kpa * 1000.0) as f32 * pressed_arc_m * RIM_THICKNESS_M
}

/// Sizes the give for the figure the suit has ballooned to, measures the pressed patch, and
/// holds him along the tube with at most its friction: only what stops his sliding in this
/// step (his own push and the other loads on him included), so it never throws him back.
pub fn hold(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    layout: Res<Layout>,
    cabin: Res<CabinState>,
    figure: Res<CosmonautFigure>,
    size: Res<SuitSize>,
    mut squeeze: ResMut<Squeeze>,
    mut bodies: BodyQuery,
) {
    if squeeze.sized_for.as_ref() != Some(&figure.0) {
        squeeze.give_m = give_m(&figure.0, layout.hatch_radius_m);
        squeeze.sized_for = Some(figure.0.clone());
    }
    squeeze.pressed_arc_m = 0.0;
    squeeze.hold_n = 0.0;
    squeeze.applied_n = 0.0;
    let (mut torso, mut lock) = (None, None);
    let (mut mass, mut momentum, mut moment, mut push) = (0.0, Vec3::ZERO, Vec3::ZERO, Vec3::ZERO);
    for (body, transform, velocity, props, force, _) in &bodies {
        match body {
            SimBody::Cosmonaut(segment) => {
                if *segment == Segment::Torso {
                    torso = Some(*transform);
                }
                mass += props.mass;
                momentum += props.mass * velocity.linear;
                moment += props.mass * transform.transform_point(props.local_center_of_mass);
                push += force.force;
            }
            SimBody::Airlock => {
                let com = transform.transform_point(props.local_center_of_mass);
                lock = Some((*transform, com, *velocity));
            }
            _ => {}
        }
    }
    let (Some(torso), Some((lock, lock_com, lock_velocity))) = (torso, lock) else {
        return;
    };
    if cabin.in_cabin || mass <= 0.0 {
        return;
    }
    let arc = pressed_arc_m(
        &figure.0,
        &torso,
        &lock,
        (layout.airlock_length_m, layout.hatch_radius_m),
    );
    squeeze.pressed_arc_m = arc;
    squeeze.hold_n = hold_n(arc, size.pressure_kpa);
    if squeeze.hold_n <= 0.0 {
        return;
    }
    let axis = lock.rotation * Vec3::Y;
    let centre = moment / mass;
    let lock_at_him = lock_velocity.linear + lock_velocity.angular.cross(centre - lock_com);
    let sliding_mps = (momentum / mass - lock_at_him).dot(axis);
    let f = &scenario.0.file;
    let structure_kg = (f.spacecraft.mass_kg + f.airlock.mass_kg) as f32;
    let reduced_kg = mass * structure_kg / (mass + structure_kg);
    let to_stop = -(reduced_kg * sliding_mps / clock.dt_s as f32 + push.dot(axis));
    let held = to_stop.clamp(-squeeze.hold_n, squeeze.hold_n);
    squeeze.applied_n = held;
    let rim = lock.transform_point(Vec3::Y * layout.airlock_length_m);
    for (body, _, _, props, mut force, _) in &mut bodies {
        match body {
            SimBody::Cosmonaut(_) => force.force += axis * held * props.mass / mass,
            SimBody::Airlock => *force += ExternalForce::at_point(-axis * held, rim, lock_com),
            _ => {}
        }
    }
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
