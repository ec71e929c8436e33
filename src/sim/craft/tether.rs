//! The safety tether: a chain of light links for its shape and mass, and the load path from anchor
//! to harness: a one-sided spring-damper (steel cable behind shock absorbers) that pulls only when
//! taut, with a Rapier rope joint 1% longer as a hard stop.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::scenario::Scenario;
use crate::sim::core::bodies::{ForceBodies, SimBody, groups};
use crate::sim::core::layout::Layout;
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{ActiveScenario, ScenarioEntity, SimStep};

/// Radius of the chain links' colliders (they only carry mass and inertia), m.
pub const LINK_RADIUS_M: f32 = 0.008;

/// The rope joint that carries the tether's load; lives on the cosmonaut's side.
#[derive(Component, Clone, Copy, Debug)]
pub struct TetherRope {
    /// Body the tether is anchored to.
    pub anchor_body: Entity,
    /// Anchor point in that body's frame, m.
    pub anchor_local_m: Vec3,
    /// Body wearing the harness.
    pub harness_body: Entity,
    /// Harness point in that body's frame, m.
    pub harness_local_m: Vec3,
    /// Full length, m.
    pub length_m: f32,
    /// Mass of the man wearing the harness, kg: the mass the tether's damping is tuned to.
    pub wearer_mass_kg: f32,
}

/// Length of the hard stop relative to the tether's length.
pub const HARD_STOP_RATIO: f32 = 1.01;

/// The tether's load at the current step.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct TetherState {
    /// Tension, N (0 while slack).
    pub tension_n: f64,
    /// Length of its path from anchor to harness (straight, or over the hatch rim), m.
    pub distance_m: f64,
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<TetherState>()
        .add_systems(FixedUpdate, pull.in_set(SimStep::PullTether));
}

/// Applies the taut tether's pull along its path: to the harness, to the anchor, and where it
/// bends over the outer hatch's rim, to the airlock there.
fn pull(
    scenario: Res<ActiveScenario>,
    layout: Res<Layout>,
    mut state: ResMut<TetherState>,
    ropes: Query<&TetherRope>,
    locks: Query<(Entity, &SimBody)>,
    cabin: Res<super::cabin::CabinState>,
    mut bodies: ForceBodies,
) {
    // In the cabin the tether is unclipped and stowed.
    if cabin.in_cabin {
        *state = TetherState::default();
        return;
    }
    let Ok(rope) = ropes.single() else {
        return;
    };
    let Some(lock) = locks
        .iter()
        .find_map(|(e, body)| (*body == SimBody::Airlock).then_some(e))
    else {
        return;
    };
    let (Ok(anchor), Ok(harness), Ok(airlock)) = (
        bodies.get(rope.anchor_body),
        bodies.get(rope.harness_body),
        bodies.get(lock),
    ) else {
        return;
    };
    let velocity_at = |(transform, velocity, mass, _): (
        &Transform,
        &Velocity,
        &ReadMassProperties,
        &ExternalForce,
    ),
                       p: Vec3| {
        velocity.linear
            + velocity
                .angular
                .cross(p - transform.transform_point(mass.local_center_of_mass))
    };
    let a = anchor.0.transform_point(rope.anchor_local_m);
    let h = harness.0.transform_point(rope.harness_local_m);
    let path = path_points(&layout, airlock.0, a, h);
    let length = path_length(&path);
    let last_bend = path[path.len() - 2];
    let outward = (h - last_bend).normalize_or_zero();
    // The last stretch moves with the body it leaves: the anchor's, or the airlock's at its rim.
    let from = if path.len() > 2 { airlock } else { anchor };
    let separating =
        f64::from((velocity_at(harness, h) - velocity_at(from, last_bend)).dot(outward));
    let stretch = length - rope.length_m;
    let t = &scenario.0.file.tether;
    let person_kg = f64::from(rope.wearer_mass_kg);
    let damping = 2.0 * t.damping_ratio * (t.stiffness_n_per_m * person_kg).sqrt();
    let tension = if stretch > 0.0 {
        (t.stiffness_n_per_m * f64::from(stretch) + damping * separating).max(0.0)
    } else {
        0.0
    };
    state.tension_n = tension;
    state.distance_m = f64::from(length);
    if tension <= 0.0 {
        return;
    }
    // Each point of the path is pulled towards its neighbours: the anchor and the harness by one
    // stretch each, a bend by the two it joins. The forces sum to zero, and each stretch's pair
    // acts along one line, so momentum and angular momentum are both conserved.
    let tension = tension as f32;
    let last = path.len() - 1;
    for (k, &p) in path.iter().enumerate() {
        let towards = |q: Vec3| (q - p).normalize_or_zero() * tension;
        let (body, f) = if k == 0 {
            (rope.anchor_body, towards(path[1]))
        } else if k == last {
            (rope.harness_body, towards(path[k - 1]))
        } else {
            (lock, towards(path[k - 1]) + towards(path[k + 1]))
        };
        if let Ok((transform, _, mass, mut external)) = bodies.get_mut(body) {
            let centre = transform.transform_point(mass.local_center_of_mass);
            *external += ExternalForce::at_point(f, p, centre);
        }
    }
}

/// The tether's path from anchor `a` to harness `h`: straight while that line stays inside the
/// tube or leaves it through the outer hatch's opening; otherwise bent where it runs over the
/// opening's edge, and over the rim's outer edge too when the harness is beside the tube below it.
pub fn path_points(layout: &Layout, airlock: &Transform, a: Vec3, h: Vec3) -> Vec<Vec3> {
    let to_local = airlock.compute_affine().inverse();
    let (la, lh) = (to_local.transform_point3(a), to_local.transform_point3(h));
    let mouth_y = layout.airlock_length_m;
    let lateral = |p: Vec3| Vec2::new(p.x, p.z);
    let inside = |p: Vec3| p.y < mouth_y && lateral(p).length() < layout.airlock_inner_radius_m;
    if inside(lh) || !inside(la) {
        return vec![a, h];
    }
    // Where the straight line crosses the hatch plane, if it rises through it.
    let crossing = (lh.y > mouth_y).then(|| la.lerp(lh, (mouth_y - la.y) / (lh.y - la.y)));
    let clear_radius = layout.hatch_radius_m - LINK_RADIUS_M;
    if let Some(q) = crossing
        && lateral(q).length() <= clear_radius
    {
        return vec![a, h];
    }
    let toward = lateral(crossing.unwrap_or(lh)).normalize_or(Vec2::X);
    let on_rim = |r: f32| airlock.transform_point(Vec3::new(toward.x * r, mouth_y, toward.y * r));
    let mut path = vec![a, on_rim(clear_radius)];
    if lh.y < mouth_y + LINK_RADIUS_M {
        path.push(on_rim(layout.airlock_outer_radius_m + LINK_RADIUS_M));
    }
    path.push(h);
    path
}

/// Length of a path through its points, m.
pub fn path_length(points: &[Vec3]) -> f32 {
    points.windows(2).map(|w| w[0].distance(w[1])).sum()
}

/// Spawns the chain and the rope between `anchor` (entity, its frame origin at the start) and the
/// harness on the cosmonaut's torso (entity, where it is spawned).
pub fn spawn(
    commands: &mut Commands,
    scenario: &Scenario,
    layout: &Layout,
    anchor: (Entity, Vec3),
    wearer: Wearer,
) {
    let t = &scenario.file.tether;
    let length = t.length_m as f32;
    let n = t.segments as usize;
    // The chain is as long as the hard stop, so that until then the spring-damper alone carries
    // the load and reports the tension; the links give the rope its shape and mass.
    let link_len = link_length_m(scenario);
    let link_mass = (t.mass_kg / f64::from(t.segments)) as f32;
    let (anchor_body, anchor_origin) = anchor;
    let a = anchor_origin + layout.anchor_local_m;
    let Wearer {
        torso: cosmonaut,
        torso_at,
        harness_local_m,
        mass_kg: wearer_mass_kg,
    } = wearer;
    let h = torso_at.transform_point(harness_local_m);
    // Folded towards the tube's axis, so that no link starts inside the wall.
    let inward = layout.airlock_origin_m() - a;
    let points = zigzag(a, h, n, link_len, inward);

    let mut previous = (anchor_body, layout.anchor_local_m);
    for k in 0..n {
        let (p0, p1) = (points[k], points[k + 1]);
        let axis = (p1 - p0).normalize_or(Vec3::Y);
        let joint = SphericalJointBuilder::new()
            .local_anchor1(previous.1)
            .local_anchor2(Vec3::new(0.0, -link_len / 2.0, 0.0));
        let link = commands
            .spawn((
                Name::new(format!("Tether link {k}")),
                ScenarioEntity,
                SimBody::TetherSegment(k as u32),
                RigidBody::Dynamic,
                Transform::from_translation((p0 + p1) / 2.0)
                    .with_rotation(Quat::from_rotation_arc(Vec3::Y, axis)),
                Velocity::default(),
                Sleeping::disabled(),
                ExternalForce::default(),
                ReadMassProperties::default(),
                Collider::capsule_y(link_len / 2.0, LINK_RADIUS_M),
                // A thin rod's axial inertia is ~1e-6 kg m2, which makes a jointed chain ring and gain
                // energy; an isotropic inertia (the rod's transverse one) keeps it stable.
                ColliderMassProperties::MassProperties(MassProperties {
                    local_center_of_mass: Vec3::ZERO,
                    mass: link_mass,
                    principal_inertia_local_frame: Quat::IDENTITY,
                    principal_inertia: Vec3::splat(link_mass * link_len * link_len / 12.0),
                }),
                groups::tether(),
                ImpulseJoint::new(previous.0, joint),
            ))
            .id();
        previous = (link, Vec3::new(0.0, link_len / 2.0, 0.0));
    }
    // The last link's far end is the harness: a child joint entity, since the cosmonaut's own
    // entity carries the rope.
    let last_joint = SphericalJointBuilder::new()
        .local_anchor1(previous.1)
        .local_anchor2(harness_local_m);
    commands.spawn((
        Name::new("Tether harness joint"),
        ScenarioEntity,
        ImpulseJoint::new(previous.0, last_joint),
        ChildOf(cosmonaut),
    ));
    let rope = RopeJointBuilder::new(length * HARD_STOP_RATIO)
        .local_anchor1(layout.anchor_local_m)
        .local_anchor2(harness_local_m);
    commands.spawn((
        Name::new("Tether rope"),
        ScenarioEntity,
        TetherRope {
            anchor_body,
            anchor_local_m: layout.anchor_local_m,
            harness_body: cosmonaut,
            harness_local_m,
            length_m: length,
            wearer_mass_kg,
        },
        ImpulseJoint::new(anchor_body, rope),
        ChildOf(cosmonaut),
    ));
}

/// The man the tether is clipped to, as it needs him at spawning.
#[derive(Clone, Copy, Debug)]
pub struct Wearer {
    /// His torso, which wears the harness.
    pub torso: Entity,
    /// Where the torso starts.
    pub torso_at: Transform,
    /// Harness point in the torso's frame (+Y head, -Z chest), m.
    pub harness_local_m: Vec3,
    /// His mass with suit and backpack, kg.
    pub mass_kg: f32,
}

/// Length of one chain link, m.
pub fn link_length_m(scenario: &Scenario) -> f32 {
    let t = &scenario.file.tether;
    t.length_m as f32 * HARD_STOP_RATIO / t.segments as f32
}

/// `n + 1` points from `a` to `b`, consecutive ones `link_len` apart, folded side to side (out
/// towards `towards`, as far as it is square to the line) so a long tether fits a short gap.
pub fn zigzag(a: Vec3, b: Vec3, n: usize, link_len: f32, towards: Vec3) -> Vec<Vec3> {
    let span = b - a;
    let step = span / n as f32;
    let along = step.length();
    let square = towards - towards.project_onto(span);
    let side = if span.length() < 1e-6 {
        Vec3::X
    } else if square.length() > 1e-6 {
        square.normalize()
    } else {
        span.any_orthonormal_vector()
    };
    let amplitude = (link_len * link_len - along * along).max(0.0).sqrt() / 2.0;
    (0..=n)
        .map(|k| {
            let wiggle = if k == 0 || k == n || k % 2 == 0 {
                0.0
            } else {
                2.0 * amplitude
            };
            a + step * k as f32 + side * wiggle
        })
        .collect()
}
