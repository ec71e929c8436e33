//! Simulated time: a count of fixed steps, so time never drifts with floating-point sums.

use bevy::prelude::*;
use bevy_rapier3d::prelude::RapierContextSimulation;
use hifitime::Epoch;

use super::run::{PerRun, PerRunApp};
use super::schedule::SimStep;
use crate::scenario::Scenario;

/// Simulated time since the start of the scenario window.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct SimClock {
    /// Fixed steps taken so far.
    pub step: u64,
    /// Length of one step, s.
    pub dt_s: f64,
    /// UTC at step 0.
    pub start: Epoch,
    /// Seconds from start to the end of the window.
    pub end_t_s: f64,
}

impl SimClock {
    /// A clock at the start of the scenario's window.
    pub fn new(scenario: &Scenario) -> Self {
        Self {
            step: 0,
            dt_s: 1.0 / scenario.file.physics.step_hz,
            start: scenario.start,
            end_t_s: scenario.duration_s(),
        }
    }

    /// The time of one solver substep, s: the solver steps in substeps, one per iteration, and
    /// a joint keeps the impulse of the last, so a joint's force or torque is that impulse over
    /// this.
    pub fn solver_substep_s(&self, simulation: &RapierContextSimulation) -> f64 {
        let substeps = simulation
            .integration_parameters
            .num_solver_iterations
            .max(1);
        self.dt_s.max(1e-9) / substeps as f64
    }

    /// Seconds since the start of the window.
    pub fn t_s(&self) -> f64 {
        self.step as f64 * self.dt_s
    }

    /// The current UTC.
    pub fn utc(&self) -> Epoch {
        self.start + hifitime::Duration::from_seconds(self.t_s())
    }

    /// Whether the window has been simulated to its end.
    pub fn finished(&self) -> bool {
        self.t_s() >= self.end_t_s
    }

    /// Number of whole steps from now until `t_s` (0 if already there).
    pub fn steps_until(&self, t_s: f64) -> u64 {
        let target = (t_s / self.dt_s - 1e-9).ceil().max(0.0) as u64;
        target.saturating_sub(self.step)
    }
}

impl PerRun for SimClock {
    fn for_run(scenario: &Scenario) -> Self {
        Self::new(scenario)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run::<SimClock>()
        .add_systems(FixedUpdate, advance.in_set(SimStep::Advance));
}

fn advance(mut clock: ResMut<SimClock>) {
    clock.step += 1;
}
