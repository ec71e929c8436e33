//! Quiet hours: while he is in the cabin, no hatch or boom moves, nothing is ordered and every
//! body is at rest in the orbiting frame, nothing can change, so the physics is not stepped at all.
//! The clock, the orbit, the timeline and the telemetry go on; the first event that moves
//! anything (a hatch order, a deployment, a jettison, his return to the airlock) wakes it.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::sim::core::bodies::SimBody;
use crate::sim::core::clock::SimClock;
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{SimSet, SimStep};
use crate::sim::craft::cabin::CabinState;
use crate::sim::craft::deployment::Deployment;
use crate::sim::craft::hatch::Hatches;

/// Speed below which a body counts as at rest in the orbiting frame, m/s.
pub const REST_SPEED_MPS: f32 = 1e-3;
/// Turn rate below which a body counts as at rest, rad/s.
pub const REST_SPIN_RAD_S: f32 = 1e-3;

/// Whether this step coasts (no physics), and how many steps have so far.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Coasting {
    /// This step coasts.
    pub active: bool,
    /// Steps coasted since the window opened.
    pub steps: u64,
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<Coasting>()
        .add_systems(FixedUpdate, decide.in_set(SimStep::Coast))
        .configure_sets(
            FixedUpdate,
            (SimSet::Controller, SimSet::RelativeMotion).run_if(not_coasting),
        );
}

fn not_coasting(coasting: Res<Coasting>) -> bool {
    !coasting.active
}

/// Each body's motion, the impulse waiting for it, and whether it is out of the simulation.
type MotionQuery<'w, 's> = Query<
    'w,
    's,
    (
        &'static Velocity,
        Option<&'static ExternalImpulse>,
        Has<RigidBodyDisabled>,
    ),
    With<SimBody>,
>;

/// Decides, after the timeline has had its say, whether this step needs physics.
fn decide(
    clock: Res<SimClock>,
    cabin: Res<CabinState>,
    deployment: Res<Deployment>,
    hatches: Res<Hatches>,
    mut coasting: ResMut<Coasting>,
    mut configs: Query<&mut RapierConfiguration>,
    bodies: MotionQuery,
) {
    // A body at rest with an impulse about to be applied (the jettison's) is about to move.
    let at_rest = bodies.iter().all(|(velocity, impulse, disabled)| {
        disabled
            || (velocity.linear.length() < REST_SPEED_MPS
                && velocity.angular.length() < REST_SPIN_RAD_S
                && impulse.is_none_or(|i| *i == ExternalImpulse::default()))
    });
    // The first step always runs the physics, so that every body is in it and weighed.
    let quiet = clock.step > 0
        && cabin.in_cabin
        && deployment.booms_still()
        && hatches.still()
        && !deployment.separating()
        && at_rest;
    coasting.active = quiet;
    if quiet {
        coasting.steps += 1;
    }
    for mut config in &mut configs {
        if config.physics_pipeline_active == quiet {
            config.physics_pipeline_active = !quiet;
        }
    }
}
