//! The safety tether: a chain of light links for its shape and mass, and the load path from anchor
//! to harness: a one-sided spring-damper (steel cable behind shock absorbers) that pulls only when
//! taut, with a Rapier rope joint 1% longer as a hard stop.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::anatomy::{Figure, Segment};
use super::bodies::{ForceBodies, Layout, SimBody, groups};
use super::cosmonaut::CosmonautFigure;
use super::{ActiveScenario, ScenarioEntity, SimSet, controller};
use crate::scenario::Scenario;

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
}

/// Length of the hard stop relative to the tether's length.
pub const HARD_STOP_RATIO: f32 = 1.01;

/// The tether's load at the current step.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct TetherState {
    /// Tension, N (0 while slack).
    pub tension_n: f64,
    /// Straight-line distance from anchor to harness, m.
    pub distance_m: f64,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TetherState>().add_systems(
        FixedUpdate,
        pull.in_set(SimSet::Controller)
            .after(controller::apply_action)
            .after(super::spacecraft::hold_attitude),
    );
}

/// Applies the taut tether's pull to the harness and, opposite, to the anchor.
fn pull(
    scenario: Res<ActiveScenario>,
    figure: Res<CosmonautFigure>,
    mut state: ResMut<TetherState>,
    ropes: Query<&TetherRope>,
    mut bodies: ForceBodies,
) {
    let Ok(rope) = ropes.single() else {
        return;
    };
    let Ok([anchor, harness]) = bodies.get_many_mut([rope.anchor_body, rope.harness_body]) else {
        return;
    };
    let point = |(transform, _, _, _): &(
        &Transform,
        &Velocity,
        &ReadMassProperties,
        Mut<ExternalForce>,
    ),
                 local: Vec3| { transform.transform_point(local) };
    let a = point(&anchor, rope.anchor_local_m);
    let h = point(&harness, rope.harness_local_m);
    let velocity_at = |(transform, velocity, mass, _): &(
        &Transform,
        &Velocity,
        &ReadMassProperties,
        Mut<ExternalForce>,
    ),
                       p: Vec3| {
        velocity.linear
            + velocity
                .angular
                .cross(p - transform.transform_point(mass.local_center_of_mass))
    };
    let span = h - a;
    let distance = span.length();
    let outward = span.normalize_or_zero();
    let stretch = distance - rope.length_m;
    let t = &scenario.0.file.tether;
    let person_kg = f64::from(figure.0.mass_kg());
    let damping = 2.0 * t.damping_ratio * (t.stiffness_n_per_m * person_kg).sqrt();
    let separating = f64::from((velocity_at(&harness, h) - velocity_at(&anchor, a)).dot(outward));
    let tension = if stretch > 0.0 {
        (t.stiffness_n_per_m * f64::from(stretch) + damping * separating).max(0.0)
    } else {
        0.0
    };
    state.tension_n = tension;
    state.distance_m = f64::from(distance);
    if tension > 0.0 {
        let force = -outward * tension as f32;
        for ((transform, _, mass, mut external), at, f) in
            [(anchor, a, -force), (harness, h, force)]
        {
            let centre = transform.transform_point(mass.local_center_of_mass);
            external.force += f;
            external.torque += (at - centre).cross(f);
        }
    }
}

/// Spawns the chain and the rope between `anchor` (entity, its frame origin at the start) and the
/// harness on the cosmonaut's torso.
pub fn spawn(
    commands: &mut Commands,
    scenario: &Scenario,
    layout: &Layout,
    figure: &Figure,
    anchor: (Entity, Vec3),
    cosmonaut: Entity,
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
    let h = layout.airlock_origin_m()
        + layout.cosmonaut_soles_local_m
        + figure.segment(Segment::Torso).centre_m
        + layout.harness_local_m;
    let points = zigzag(a, h, n, link_len);

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
        .local_anchor2(layout.harness_local_m);
    commands.spawn((
        Name::new("Tether harness joint"),
        ScenarioEntity,
        ImpulseJoint::new(previous.0, last_joint),
        ChildOf(cosmonaut),
    ));
    let rope = RopeJointBuilder::new(length * HARD_STOP_RATIO)
        .local_anchor1(layout.anchor_local_m)
        .local_anchor2(layout.harness_local_m);
    commands.spawn((
        Name::new("Tether rope"),
        ScenarioEntity,
        TetherRope {
            anchor_body,
            anchor_local_m: layout.anchor_local_m,
            harness_body: cosmonaut,
            harness_local_m: layout.harness_local_m,
            length_m: length,
        },
        ImpulseJoint::new(anchor_body, rope),
        ChildOf(cosmonaut),
    ));
}

/// Length of one chain link, m.
pub fn link_length_m(scenario: &Scenario) -> f32 {
    let t = &scenario.file.tether;
    t.length_m as f32 * HARD_STOP_RATIO / t.segments as f32
}

/// `n + 1` points from `a` to `b`, consecutive ones `link_len` apart, folded side to side so a
/// long tether fits a short gap.
pub fn zigzag(a: Vec3, b: Vec3, n: usize, link_len: f32) -> Vec<Vec3> {
    let span = b - a;
    let step = span / n as f32;
    let along = step.length();
    let side = span.any_orthonormal_vector();
    let side = if span.length() < 1e-6 { Vec3::X } else { side };
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
