//! Solver effort follows what the step holds: while he floats free (the tether slack, nothing
//! touching the spacecraft, no hand on a rail, no hatch or boom moving, only gentle forces on
//! him) the only working constraints are his own joints and the tether's links, and fewer solver
//! passes keep them within tolerance. Any contact, grip, taut tether, moving part or hard push
//! brings back the scenario's full count, and so does a joint gap over [`GAP_TOLERANCE_M`]: the
//! solver's own error is measured after every step and fed back, as an adaptive integrator
//! watches its error estimate.

use bevy::prelude::*;
use bevy_rapier3d::plugin::context::{RapierContextJoints, RapierRigidBodySet};
use bevy_rapier3d::prelude::*;
use bevy_rapier3d::rapier::dynamics::JointAxesMask;

use crate::sim::core::bodies::{SimBody, groups};
use crate::sim::core::clock::SimClock;
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{ActiveScenario, SimStep};
use crate::sim::cosmonaut::control::Controller;
use crate::sim::craft::cabin::CabinState;
use crate::sim::craft::deployment::Deployment;
use crate::sim::craft::hatch::Hatches;
use crate::sim::craft::tether::{TetherRope, TetherState};

/// The tether counts as slack below this fraction of its length: at his top speed of about
/// 0.5 m/s the remaining 2% (about 11 cm) take a quarter of a second to close, thirty steps in
/// which the full solver is back before the line comes tight.
pub const SLACK_FRACTION: f64 = 0.98;

/// Total force applied to his segments (pushes, pulls, reaches; the tidal pull and the gentle
/// hold against the floor are a few newtons at most) above which his joints need the full
/// solver, N.
pub const FREE_FLIGHT_LOAD_N: f32 = 20.0;

/// Joint gap above which the full solver comes back, m: a twentieth of his smallest joint's
/// collider radius, and a few times the gap the full solver leaves in quiet floating.
pub const GAP_TOLERANCE_M: f64 = 1e-3;

/// How long the full solver stays once something asked for it, s: long enough for the joints
/// to settle after a jerk before the light solver is trusted again.
pub const FULL_EFFORT_HOLD_S: f64 = 0.25;

/// The solver effort chosen for this step, and what it rests on.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct SolverEffort {
    /// Solver iterations this step.
    pub iterations: usize,
    /// Steps so far that ran with the free-flight count.
    pub free_flight_steps: u64,
    /// Widest gap at any pinned joint after the last step, m (see [`measure_joint_gaps`]).
    pub joint_gap_m: f64,
    /// The full solver stays on until this step.
    full_until_step: u64,
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<SolverEffort>().add_systems(
        FixedUpdate,
        (
            choose.in_set(SimStep::Respond),
            measure_joint_gaps.in_set(SimStep::Detect),
        ),
    );
}

/// Is he floating free, with nothing that needs the solver's full effort?
fn free_flight(
    cabin: &CabinState,
    controller: &Controller,
    deployment: &Deployment,
    hatches: &Hatches,
    tether: &TetherState,
    tether_length_m: Option<f64>,
    touching: bool,
) -> bool {
    let slack = tether_length_m.is_some_and(|length| {
        tether.tension_n <= 0.0 && tether.distance_m < SLACK_FRACTION * length
    });
    !cabin.in_cabin
        && slack
        && !touching
        && controller.grip().is_none()
        && deployment.booms_still()
        && !deployment.separating()
        && hatches.still()
}

/// Picks this step's solver iterations from the state the step starts with.
fn choose(
    scenario: Res<ActiveScenario>,
    cabin: Res<CabinState>,
    controller: Res<Controller>,
    deployment: Res<Deployment>,
    hatches: Res<Hatches>,
    tether: Res<TetherState>,
    ropes: Query<&TetherRope>,
    clock: Res<SimClock>,
    loads: Query<(&SimBody, &ExternalForce, &ExternalImpulse)>,
    mut effort: ResMut<SolverEffort>,
    mut contexts: Query<(&mut RapierContextSimulation, &RapierContextColliders)>,
) {
    let physics = &scenario.0.file.physics;
    for (mut context, colliders) in &mut contexts {
        // Only structure collides with anything (see `bodies::groups`), so a touching pair is
        // him, the tether or a thrown object against the spacecraft. The tether's links lie on
        // the tube most of the time he is out; they are light and carry no load (the load path
        // is the explicit spring in `tether`), so their contacts ask for no extra effort.
        let touching = context.narrow_phase.contact_pairs().any(|pair| {
            pair.has_any_active_contact()
                && !(is_tether_link(colliders, pair.collider1)
                    || is_tether_link(colliders, pair.collider2))
        });
        let dt_s = clock.dt_s as f32;
        let load_n: f32 = loads
            .iter()
            .filter(|(body, ..)| matches!(body, SimBody::Cosmonaut(_)))
            .map(|(_, force, impulse)| force.force.length() + impulse.impulse.length() / dt_s)
            .sum();
        let calm = load_n < FREE_FLIGHT_LOAD_N && effort.joint_gap_m < GAP_TOLERANCE_M;
        let free = calm
            && free_flight(
                &cabin,
                &controller,
                &deployment,
                &hatches,
                &tether,
                ropes.single().ok().map(|rope| f64::from(rope.length_m)),
                touching,
            );
        if !free {
            effort.full_until_step = clock.step + (FULL_EFFORT_HOLD_S / clock.dt_s).ceil() as u64;
        }
        let free = free && clock.step >= effort.full_until_step;
        let iterations = if free {
            physics.free_flight_solver_iterations
        } else {
            physics.solver_iterations
        }
        .max(1) as usize;
        if free {
            effort.free_flight_steps += 1;
        }
        effort.iterations = iterations;
        if context.integration_parameters.num_solver_iterations != iterations {
            context.integration_parameters.num_solver_iterations = iterations;
        }
    }
}

/// Does this collider belong to one of the tether's links?
fn is_tether_link(
    colliders: &RapierContextColliders,
    handle: bevy_rapier3d::rapier::geometry::ColliderHandle,
) -> bool {
    colliders.colliders.get(handle).is_some_and(|collider| {
        collider.collision_groups().memberships.bits() == groups::tether().memberships.bits()
    })
}

/// Records the widest gap after this step at any joint whose anchors should coincide (all three
/// linear axes locked: ball, hinge and fixed joints; not the boom slides or the rope) between
/// two bodies in the simulation.
pub fn measure_joint_gaps(
    mut effort: ResMut<SolverEffort>,
    worlds: Query<(&RapierContextJoints, &RapierRigidBodySet)>,
) {
    effort.joint_gap_m = worlds
        .iter()
        .flat_map(|(joints, bodies)| {
            joints.impulse_joints.iter().filter_map(|(_, joint)| {
                if !joint.data.locked_axes.contains(JointAxesMask::LIN_AXES) {
                    return None;
                }
                // Bodies out of the simulation (him and the tether in the cabin) keep whatever
                // pose they were left in; their joints are not being solved.
                let body1 = bodies
                    .bodies
                    .get(joint.body1())
                    .filter(|b| b.is_enabled())?;
                let body2 = bodies
                    .bodies
                    .get(joint.body2())
                    .filter(|b| b.is_enabled())?;
                let anchor1 = body1.position().transform_point(joint.data.local_anchor1());
                let anchor2 = body2.position().transform_point(joint.data.local_anchor2());
                Some(f64::from(anchor1.distance(anchor2)))
            })
        })
        .fold(0.0, f64::max);
}
