//! Headless runs: the simulation on `MinimalPlugins`, stepped as fast as the CPU allows.

use std::time::{Duration, Instant};

use bevy::app::FixedMain;
use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::sim::{ActiveScenario, EventLog, SimClock, SimPlugin, Telemetry};

/// A simulation app with no window, no renderer and no GPU.
pub fn sim_app(scenario: Scenario) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, TransformPlugin))
        .insert_resource(ActiveScenario(scenario))
        .add_plugins(SimPlugin);
    app.finish();
    app.cleanup();
    // Startup: spawn the bodies.
    app.update();
    app
}

/// Advances the simulation by whole fixed steps until `t_s` seconds into the window (or its end).
pub fn advance_to(world: &mut World, t_s: f64) {
    let steps = {
        let clock = world.resource::<SimClock>();
        clock.steps_until(t_s.min(clock.end_t_s))
    };
    for _ in 0..steps {
        world.run_schedule(FixedMain);
    }
}

/// What a headless run produced.
pub struct RunReport {
    /// The event log.
    pub log: EventLog,
    /// The telemetry.
    pub telemetry: Telemetry,
    /// Simulated seconds.
    pub simulated_s: f64,
    /// Fixed steps taken.
    pub steps: u64,
    /// Of those, steps that coasted: nothing could move, so the physics was not stepped.
    pub coasted_steps: u64,
    /// Of those, steps solved with the free-flight solver effort (see [`crate::sim::effort`]).
    pub free_flight_steps: u64,
    /// Wall-clock time the stepping took.
    pub wall: Duration,
}

impl RunReport {
    /// Simulated time over wall time.
    pub fn real_time_factor(&self) -> f64 {
        self.simulated_s / self.wall.as_secs_f64().max(1e-9)
    }
}

/// Runs a scenario from the start of its window to `until_t_s` seconds into it (its end if `None`).
pub fn run(scenario: Scenario, until_t_s: Option<f64>) -> RunReport {
    let until = until_t_s.unwrap_or_else(|| scenario.duration_s());
    let mut app = sim_app(scenario);
    let started = Instant::now();
    advance_to(app.world_mut(), until);
    let wall = started.elapsed();
    let world = app.world_mut();
    let clock = world.resource::<SimClock>().clone();
    RunReport {
        log: world.remove_resource::<EventLog>().unwrap_or_default(),
        telemetry: world.remove_resource::<Telemetry>().unwrap_or_default(),
        simulated_s: clock.t_s(),
        steps: clock.step,
        coasted_steps: world
            .get_resource::<crate::sim::coast::Coasting>()
            .map_or(0, |c| c.steps),
        free_flight_steps: world
            .get_resource::<crate::sim::effort::SolverEffort>()
            .map_or(0, |e| e.free_flight_steps),
        wall,
    }
}
