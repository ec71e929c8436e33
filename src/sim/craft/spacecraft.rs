//! The Voskhod capsule: a free rigid body made of the descent sphere and the instrument module,
//! with attitude jets that hold its attitude in the orbital frame when the scenario says so.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::scenario::Scenario;
use crate::sim::core::bodies::{SimBody, groups};
use crate::sim::core::schedule::{ActiveScenario, ScenarioEntity, SimStep};

/// Spawns the capsule with its centre of the descent sphere at the origin; returns its entity.
pub fn spawn(commands: &mut Commands, scenario: &Scenario) -> Entity {
    let s = &scenario.file.spacecraft;
    let sphere_r = (s.descent_module_diameter_m / 2.0) as f32;
    let module_r = (s.instrument_module_diameter_m / 2.0) as f32;
    let module_len = s.instrument_module_length_m as f32;
    let module_mass = (s.mass_kg - s.descent_module_mass_kg) as f32;
    commands
        .spawn((
            Name::new("Spacecraft"),
            ScenarioEntity,
            SimBody::Spacecraft,
            RigidBody::Dynamic,
            Transform::IDENTITY,
            Velocity::default(),
            Sleeping::disabled(),
            ExternalForce::default(),
            ExternalImpulse::default(),
            ReadMassProperties::default(),
        ))
        .with_children(|body| {
            body.spawn((
                Name::new("Descent sphere"),
                Collider::ball(sphere_r),
                ColliderMassProperties::Mass(s.descent_module_mass_kg as f32),
                groups::structure(),
                Transform::IDENTITY,
            ));
            // The instrument module trails the sphere (+Z), its front overlapping the sphere's back.
            body.spawn((
                Name::new("Instrument module"),
                Collider::cylinder(module_len / 2.0, module_r),
                ColliderMassProperties::Mass(module_mass),
                groups::structure(),
                Transform::from_xyz(0.0, 0.0, sphere_r * 0.7 + module_len / 2.0)
                    .with_rotation(Quat::from_rotation_x(std::f32::consts::FRAC_PI_2)),
            ));
        })
        .id()
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(FixedUpdate, hold_attitude.in_set(SimStep::HoldAttitude));
}

/// Rate and attitude damping by the jets, with their limited torque: slow, like the real thing.
pub fn hold_attitude(
    scenario: Res<ActiveScenario>,
    mut craft: Query<(
        &SimBody,
        &Transform,
        &Velocity,
        &ReadMassProperties,
        &mut ExternalForce,
    )>,
) {
    let max_torque = scenario.0.file.spacecraft.attitude_hold_torque_nm as f32;
    for (body, transform, velocity, mass, mut force) in &mut craft {
        if *body != SimBody::Spacecraft {
            continue;
        }
        let inertia = mass.principal_inertia.max_element();
        let error = transform.rotation.inverse().to_scaled_axis();
        let wanted =
            transform.rotation * (error * 0.01) * inertia - velocity.angular * inertia * 0.2;
        force.torque += wanted.clamp_length_max(max_torque);
    }
}
