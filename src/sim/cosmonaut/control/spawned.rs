//! What his actions add to the world: the joint of a hand's grip, and a thrown lens cap.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::sim::core::bodies::{SimBody, groups};
use crate::sim::core::schedule::ScenarioEntity;

/// The joint of a hand's grip: the hand held where it is, at that point of the airlock.
pub fn grip_joint(
    lock: Entity,
    lock_transform: Transform,
    hand: Entity,
    hand_transform: Transform,
    at: Vec3,
) -> impl Bundle {
    let joint = SphericalJointBuilder::new()
        .local_anchor1(
            lock_transform
                .compute_affine()
                .inverse()
                .transform_point3(at),
        )
        .local_anchor2(
            hand_transform
                .compute_affine()
                .inverse()
                .transform_point3(at),
        );
    (
        Name::new("Handrail grip"),
        ScenarioEntity,
        ImpulseJoint::new(lock, joint),
        ChildOf(hand),
    )
}

/// A small thrown body: a lens cap, 4 cm in radius.
pub fn thrown_object(at: Vec3, velocity: Vec3, mass_kg: f32) -> impl Bundle {
    (
        Name::new("Thrown lens cap"),
        ScenarioEntity,
        SimBody::Thrown((mass_kg * 1000.0).round() as u32),
        RigidBody::Dynamic,
        Transform::from_translation(at),
        Velocity::linear(velocity),
        Sleeping::disabled(),
        ExternalForce::default(),
        ReadMassProperties::default(),
        Collider::cylinder(0.01, 0.04),
        ColliderMassProperties::Mass(mass_kg),
        Restitution::coefficient(0.3),
        groups::thrown(),
    )
}
