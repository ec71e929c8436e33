//! The cosmonaut in his suit: in this version one rigid body shaped like the suited figure.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::ScenarioEntity;
use super::bodies::{Layout, SimBody, groups};
use crate::scenario::Scenario;

/// Radius and half-length of the capsule shape that stands for the suited body, m.
pub fn capsule_dims_m(scenario: &Scenario) -> (f32, f32) {
    let c = &scenario.file.cosmonaut;
    let radius = (c.torso_diameter_m / 2.0) as f32;
    let half_segment = ((c.height_in_suit_m / 2.0) as f32 - radius).max(0.05);
    (radius, half_segment)
}

/// Total mass of body, suit and backpack, kg.
pub fn total_mass_kg(scenario: &Scenario) -> f64 {
    let c = &scenario.file.cosmonaut;
    c.body_mass_kg + c.suit_mass_kg + c.backpack_mass_kg
}

/// Spawns the cosmonaut standing in the airlock, head towards the outer hatch; returns his entity.
pub fn spawn(commands: &mut Commands, scenario: &Scenario, layout: &Layout) -> Entity {
    let (radius, half_segment) = capsule_dims_m(scenario);
    let start = layout.airlock_origin_m() + layout.cosmonaut_start_local_m;
    commands
        .spawn((
            Name::new("Cosmonaut"),
            ScenarioEntity,
            SimBody::Cosmonaut,
            RigidBody::Dynamic,
            Transform::from_translation(start),
            Velocity::default(),
            Sleeping::disabled(),
            ExternalForce::default(),
            ExternalImpulse::default(),
            ReadMassProperties::default(),
            Collider::capsule_y(half_segment, radius),
            ColliderMassProperties::Mass(total_mass_kg(scenario) as f32),
            Friction::coefficient(0.6),
            Restitution::coefficient(0.1),
            groups::cosmonaut(),
        ))
        .id()
}
