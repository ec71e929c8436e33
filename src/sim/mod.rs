//! The headless simulation: scenario in, bodies spawned, fixed-step physics, timeline, telemetry.
//!
//! # The simulation frame
//! All positions are in a frame that moves with the spacecraft's orbit (local vertical, local
//! horizontal), with its origin at the centre of the descent sphere at the start of the window:
//! +Y points up (radially away from Earth's centre), -Z forward along the direction of flight,
//! +X completes a right-handed frame: along the orbit's negative normal, to the right of the
//! direction of flight (see [`orbit::OrbitState::eci_to_lvlh`]).
//! Bevy's own conventions (Y up, -Z forward) match, so the viewer draws this frame as is.
//! The frame rotates once per orbit and falls with the spacecraft, so free bodies feel the
//! Clohessy-Wiltshire (Hill) accelerations ([`relative_motion`]), switchable in the scenario.
//!
//! # Order of one fixed step
//! `SimSet::Environment` (orbit and Sun) -> `SimSet::Timeline` (events fire, hatches move) ->
//! `SimSet::Controller` (actions become forces) -> `SimSet::RelativeMotion` (Hill terms) ->
//! `SimSet::Suit` -> Rapier (sync, step, write back) -> `SimSet::Clock` (time advances) ->
//! `SimSet::Measure` (telemetry, log). Every sim system runs in `FixedUpdate` in that order, and
//! systems that share a set are ordered among themselves too, so a scenario always gives the same
//! telemetry, bit for bit, however the schedule's graph is built.

pub mod airlock;
pub mod anatomy;
pub mod ballooning;
pub mod bodies;
pub mod cabin;
pub mod clock;
pub mod coast;
pub mod controller;
pub mod cosmonaut;
pub mod deployment;
pub mod effort;
pub mod environment;
pub mod hatch;
pub mod log;
pub mod orbit;
pub mod oxygen;
pub mod physiology;
pub mod rapier_sync;
pub mod relative_motion;
pub mod spacecraft;
pub mod suit;
pub mod telemetry;
pub mod tether;
pub mod timeline;

use bevy::ecs::schedule::{ScheduleLabel, SingleThreadedExecutor};
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::scenario::Scenario;

pub use clock::SimClock;
pub use log::{EventLog, LogEntry};
pub use telemetry::{Telemetry, TelemetryRow};

/// The scenario being simulated. Replacing it (see [`LoadScenario`]) respawns everything.
#[derive(Resource, Clone, Debug)]
pub struct ActiveScenario(pub Scenario);

/// Ask the simulation to drop everything and start over from this scenario.
#[derive(Message, Clone, Debug)]
pub struct LoadScenario(pub Scenario);

/// The phases of one fixed step, in order.
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SimSet {
    /// Orbit, Earth and Sun move to the current instant.
    Environment,
    /// Recorded events fire; hatches open and close.
    Timeline,
    /// The cosmonaut's current action becomes forces and torques.
    Controller,
    /// Tidal (Clohessy-Wiltshire) forces join the applied ones.
    RelativeMotion,
    /// Suit pressure moves towards its setting.
    Suit,
    /// Simulated time advances by one step (after Rapier's step).
    Clock,
    /// Telemetry and derived events are sampled from the new state.
    Measure,
}

/// Marks every entity a scenario spawned, so a reload is one despawn and one spawn.
#[derive(Component, Clone, Copy, Debug)]
pub struct ScenarioEntity;

/// The headless simulation of `scenario` (validated on loading), which it makes the
/// [`ActiveScenario`].
pub struct SimPlugin {
    pub scenario: Scenario,
}

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        let dt_s = 1.0 / self.scenario.file.physics.step_hz;
        app.insert_resource(ActiveScenario(self.scenario.clone()));
        let stock_sync = app
            .world()
            .contains_resource::<rapier_sync::StockRapierSync>();
        if !stock_sync {
            app.add_plugins(rapier_sync::plugin);
        }
        app.insert_resource(Time::<Fixed>::from_seconds(dt_s))
            .insert_resource(TimestepMode::Fixed {
                dt: dt_s as f32,
                substeps: 1,
            })
            .add_plugins(
                RapierPhysicsPlugin::<NoUserData>::default()
                    .in_fixed_schedule()
                    .with_default_system_setup(stock_sync),
            )
            .add_message::<LoadScenario>()
            .configure_sets(
                FixedUpdate,
                (
                    SimSet::Environment,
                    SimSet::Timeline,
                    SimSet::Controller,
                    SimSet::RelativeMotion,
                    SimSet::Suit,
                )
                    .chain()
                    .before(PhysicsSet::SyncBackend),
            )
            .configure_sets(
                FixedUpdate,
                (SimSet::Clock, SimSet::Measure)
                    .chain()
                    .after(PhysicsSet::Writeback),
            )
            .add_systems(Startup, (configure_physics, bodies::spawn_scenario).chain())
            .add_systems(PreUpdate, bodies::reload_scenario)
            .add_systems(
                FixedUpdate,
                bodies::clear_applied_forces
                    .in_set(SimSet::Environment)
                    .before(environment::update),
            )
            .add_plugins((
                environment::plugin,
                timeline::plugin,
                cabin::plugin,
                deployment::plugin,
                coast::plugin,
                effort::plugin,
                controller::plugin,
                cosmonaut::plugin,
                suit::plugin,
                oxygen::plugin,
                spacecraft::plugin,
                relative_motion::plugin,
                clock::plugin,
                telemetry::plugin,
                tether::plugin,
            ))
            .add_plugins((ballooning::plugin, physiology::plugin));
        // One thread for the fixed loop: the work per step is small, and a fixed order of
        // execution is what makes two runs identical.
        // The other fixed-step schedules too: waking worker threads for their few systems costs
        // more than the systems themselves.
        for label in [
            FixedFirst.intern(),
            FixedPreUpdate.intern(),
            FixedUpdate.intern(),
            FixedPostUpdate.intern(),
            FixedLast.intern(),
        ] {
            app.edit_schedule(label, |s| {
                s.set_executor(SingleThreadedExecutor::new());
            });
        }
    }
}

/// Space has no gravity in the orbiting frame; solver effort comes from the scenario.
fn configure_physics(
    scenario: Res<ActiveScenario>,
    mut configs: Query<&mut RapierConfiguration>,
    mut contexts: Query<&mut RapierContextSimulation>,
) {
    for mut config in &mut configs {
        config.gravity = Vec3::ZERO;
    }
    let iterations = scenario.0.file.physics.solver_iterations as usize;
    for mut context in &mut contexts {
        context.integration_parameters.num_solver_iterations = iterations.max(1);
    }
}
