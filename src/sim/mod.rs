//! The headless simulation: scenario in, bodies spawned, fixed-step physics, timeline, telemetry.
//!
//! # The simulation frame
//! All positions are in a frame that moves with the spacecraft's orbit (local vertical, local
//! horizontal), with its origin at the centre of the descent sphere at the start of the window:
//! +Y points up (radially away from Earth's centre), -Z forward along the direction of flight,
//! +X completes a right-handed frame: along the orbit's negative normal, to the right of the
//! direction of flight (see [`world::orbit::OrbitState::eci_to_lvlh`]).
//! Bevy's own conventions (Y up, -Z forward) match, so the viewer draws this frame as is.
//! The frame rotates once per orbit and falls with the spacecraft, so free bodies feel the
//! Clohessy-Wiltshire (Hill) accelerations ([`world::relative_motion`]), switchable in the scenario.
//!
//! # Domains
//! [`core`] (clock, typed events, body ids, the airlock frame, the step's order, per-run state)
//! < [`world`] (orbit, Earth, Sun, Hill terms) < [`craft`] (capsule, airlock, hatches, tether,
//! timeline) < [`cosmonaut`] (body, suit, physiology, controller) < [`solver`] (effort,
//! coasting, the Rapier bridge) < [`measure`] (detection, telemetry, outcome): each imports only
//! the domains before it (tested). `spawn` starts a run: every registered per-run resource,
//! then the bodies.
//!
//! # Order of one fixed step
//! Declared once in [`core::schedule`]: the phases [`SimSet`] and the steps [`SimStep`] inside
//! them. Environment (loads cleared, orbit and Sun) -> Timeline (events fire, hatches swing, he
//! moves between cabin and airlock, the airlock deploys, coasting is decided) -> Controller (his
//! action, the capsule's attitude hold, the tether) -> RelativeMotion (Hill terms) -> Suit (valve,
//! oxygen, ballooning, muscles, solver effort, his body's response) -> Rapier (sync, step, write
//! back) -> Clock -> Measure (detection, then the telemetry row). Every sim system runs in
//! `FixedUpdate` on one thread in that order, so a scenario always gives the same telemetry, bit
//! for bit.

pub mod core;
pub mod cosmonaut;
pub mod craft;
pub mod measure;
pub mod solver;
mod spawn;
pub mod world;

use bevy::ecs::schedule::{ScheduleLabel, SingleThreadedExecutor};
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::scenario::Scenario;

pub use self::core::clock::SimClock;
pub use self::core::events::{EventLog, LogEntry, SimEvent};
pub use self::core::schedule::{
    ActiveScenario, LoadScenario, LoadSet, ScenarioEntity, SimSet, SimStep,
};
pub use self::measure::outcome::Outcome;
pub use self::measure::telemetry::{Telemetry, TelemetryRow};

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
            .contains_resource::<solver::rapier_sync::StockRapierSync>();
        if !stock_sync {
            app.add_plugins(solver::rapier_sync::plugin);
        }
        app.insert_resource(Time::<Fixed>::from_seconds(dt_s))
            .insert_resource(TimestepMode::Fixed {
                dt: dt_s as f32,
                substeps: 1,
            })
            .add_plugins(
                RapierPhysicsPlugin::<cosmonaut::squeeze::SqueezeHooks>::default()
                    .in_fixed_schedule()
                    .with_default_system_setup(stock_sync),
            )
            .add_message::<LoadScenario>()
            .add_systems(Startup, (configure_physics, spawn::spawn_scenario).chain())
            .add_systems(PreUpdate, spawn::reload_scenario.in_set(LoadSet))
            .add_plugins((
                self::core::schedule::configure,
                self::core::plugin,
                world::plugin,
                craft::plugin,
                cosmonaut::plugin,
                solver::plugin,
                measure::plugin,
            ));
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
