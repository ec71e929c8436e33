//! The bridge between the simulation's entities and Rapier, trimmed to what this simulation uses.
//!
//! bevy_rapier's stock sync runs some twenty systems around every step, several of them for
//! features this simulation never uses (character controllers, scaled colliders, several physics
//! contexts, colliders built from scenes), and a pair that re-reads every body's transform,
//! velocity and settings each step to find the few a user changed, keeping a hash map of the
//! transforms it wrote to tell them apart. Here bodies are only ever moved by forces, impulses
//! and joints once spawned: no system sets a body's transform or velocity, and the only
//! settings that change are the two the cabin uses (a body taken out of the simulation, an
//! added mass). So the per-step work is the applied loads in, and the poses and velocities
//! out, at about half the stock sync's cost per step (see `spacewalk bench`). Rapier gets the
//! same loads and settings as from the stock sync, and the two runs stay close at first (26 um
//! apart after a second of the flight, tested); as in any jointed body in contact, the scene's
//! chaos amplifies small differences over minutes, so whole flights differ in detail, not in
//! outcome (the jettison's roll is the same to 1e-3, tested; every scenario test passes on
//! this bridge).

use bevy::prelude::*;
use bevy::transform::systems::{propagate_parent_transforms, sync_simple_transforms};
use bevy_rapier3d::plugin::context::RapierRigidBodySet;
use bevy_rapier3d::plugin::systems;
use bevy_rapier3d::prelude::*;

use crate::sim::cosmonaut::squeeze::SqueezeHooks;

/// Insert before [`crate::sim::SimPlugin`] to run bevy_rapier's stock sync instead (to compare).
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct StockRapierSync;

pub fn plugin(app: &mut App) {
    app.configure_sets(
        FixedUpdate,
        (
            PhysicsSet::SyncBackend,
            PhysicsSet::StepSimulation,
            PhysicsSet::Writeback,
        )
            .chain()
            .before(TransformSystems::Propagate),
    )
    .add_systems(
        FixedUpdate,
        (
            // New bodies and colliders need their world transforms before Rapier takes them.
            (sync_simple_transforms, propagate_parent_transforms).chain(),
            systems::sync_removals,
            systems::init_rigid_bodies,
            systems::init_colliders,
            systems::init_joints,
            systems::apply_collider_user_changes,
            systems::apply_joint_user_changes,
            systems::apply_initial_rigid_body_impulses,
            apply_body_settings,
            apply_loads,
        )
            .chain()
            .in_set(PhysicsSet::SyncBackend),
    )
    .add_systems(
        FixedUpdate,
        systems::step_simulation::<SqueezeHooks>.in_set(PhysicsSet::StepSimulation),
    )
    .add_systems(
        FixedUpdate,
        (write_back_motion, systems::writeback_mass_properties)
            .chain()
            .in_set(PhysicsSet::Writeback),
    );
}

/// Hands Rapier the body settings the simulation changes after spawning, as the stock sync
/// does: an added mass (and the news that the mass changed), a body taken out.
fn apply_body_settings(
    mut sets: Query<&mut RapierRigidBodySet>,
    masses: Query<
        (Entity, &RapierRigidBodyHandle, &AdditionalMassProperties),
        Changed<AdditionalMassProperties>,
    >,
    disabled: Query<&RapierRigidBodyHandle, Changed<RigidBodyDisabled>>,
    mut mass_modified: MessageWriter<MassModifiedEvent>,
) {
    if masses.is_empty() && disabled.is_empty() {
        return;
    }
    let Ok(mut set) = sets.single_mut() else {
        return;
    };
    for (entity, handle, mass) in &masses {
        if let Some(body) = set.bodies.get_mut(handle.0) {
            match mass {
                AdditionalMassProperties::MassProperties(properties) => {
                    body.set_additional_mass_properties(properties.into_rapier(), true);
                }
                AdditionalMassProperties::Mass(mass) => body.set_additional_mass(*mass, true),
            }
            mass_modified.write(entity.into());
        }
    }
    for handle in &disabled {
        if let Some(body) = set.bodies.get_mut(handle.0) {
            body.set_enabled(false);
        }
    }
}

/// Hands Rapier the forces and impulses set this step, exactly as the stock sync does: forces
/// replace the previous ones, impulses act once and are cleared.
fn apply_loads(
    mut sets: Query<&mut RapierRigidBodySet>,
    forces: Query<(&RapierRigidBodyHandle, &ExternalForce), Changed<ExternalForce>>,
    mut impulses: Query<(&RapierRigidBodyHandle, &mut ExternalImpulse), Changed<ExternalImpulse>>,
) {
    let Ok(mut set) = sets.single_mut() else {
        return;
    };
    for (handle, force) in &forces {
        if let Some(body) = set.bodies.get_mut(handle.0) {
            body.reset_forces(true);
            body.reset_torques(true);
            body.add_force(force.force, true);
            body.add_torque(force.torque, true);
        }
    }
    for (handle, mut impulse) in &mut impulses {
        if let Some(body) = set.bodies.get_mut(handle.0) {
            body.apply_impulse(impulse.impulse, true);
            body.apply_torque_impulse(impulse.torque_impulse, true);
            impulse.reset();
        }
    }
}

/// Writes each body's pose and velocity back from Rapier, touching a component only when its
/// value changed (so change detection means motion), as the stock write-back does. Bodies are
/// top-level entities: none is spawned as another entity's child.
fn write_back_motion(
    sets: Query<(&RapierRigidBodySet, &RapierConfiguration)>,
    mut bodies: Query<
        (
            &RapierRigidBodyHandle,
            Option<&mut Transform>,
            Option<&mut Velocity>,
            Option<&mut Sleeping>,
        ),
        (With<RigidBody>, Without<RigidBodyDisabled>),
    >,
) {
    let Ok((set, config)) = sets.single() else {
        return;
    };
    if !config.physics_pipeline_active {
        return;
    }
    for (handle, transform, velocity, sleeping) in &mut bodies {
        let Some(body) = set.bodies.get(handle.0) else {
            continue;
        };
        let pose = body.position();
        if let Some(mut transform) = transform
            && (transform.translation != pose.translation || transform.rotation != pose.rotation)
        {
            transform.translation = pose.translation;
            transform.rotation = pose.rotation;
        }
        if let Some(mut velocity) = velocity {
            let now = Velocity {
                linear: body.linvel(),
                angular: body.angvel(),
            };
            if *velocity != now {
                *velocity = now;
            }
        }
        if let Some(mut sleeping) = sleeping
            && sleeping.sleeping != body.is_sleeping()
        {
            sleeping.sleeping = body.is_sleeping();
        }
    }
}
