//! Starting a run: every domain's per-run state from the registry, then the bodies in the order
//! their joints need them (capsule, airlock, hatches, cosmonaut, tether); and replacing it all
//! when a new scenario is loaded.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::core::layout::Layout;
use super::core::run::{PerRun, PerRunRegistry};
use super::core::schedule::{ActiveScenario, LoadScenario, ScenarioEntity};
use super::cosmonaut::anatomy::{CosmonautFigure, Figure};
use super::cosmonaut::body;
use super::craft::deployment::deploys_in_window;
use super::craft::tether::Wearer;
use super::craft::{airlock, hatch, spacecraft, tether};
use crate::scenario::{BodyId, Scenario};

/// Starts the active scenario's run.
pub fn spawn_scenario(
    mut commands: Commands,
    scenario: Res<ActiveScenario>,
    registry: Res<PerRunRegistry>,
) {
    start_run(&mut commands, &registry, &scenario.0);
}

/// Every per-run resource as a run of `scenario` starts, and its bodies.
fn start_run(commands: &mut Commands, registry: &PerRunRegistry, scenario: &Scenario) {
    registry.start(commands, scenario);
    commands.insert_resource(ActiveScenario(scenario.clone()));
    spawn_bodies(commands, scenario);
}

/// Spawns the scenario's bodies where a run starts them.
fn spawn_bodies(commands: &mut Commands, scenario: &Scenario) {
    let layout = Layout::new(scenario);
    let figure = CosmonautFigure::for_run(scenario).0;
    let deployed = !deploys_in_window(scenario);
    let craft = spacecraft::spawn(commands, scenario);
    let lock = airlock::spawn(commands, scenario, &layout, craft, deployed);
    hatch::spawn(commands, &layout, craft, lock, deployed);
    let (torso, torso_at) = body::spawn(commands, &figure, &layout);
    let anchor = match scenario.file.tether.anchor_body {
        BodyId::Airlock => (lock.base, layout.airlock_origin_m()),
        BodyId::Spacecraft => (craft, Vec3::ZERO),
    };
    let wearer = Wearer {
        torso,
        torso_at,
        // The harness sits where the slack suit has it.
        harness_local_m: Figure::new(scenario).harness_local_m,
        mass_kg: figure.mass_kg(),
    };
    tether::spawn(commands, scenario, &layout, anchor, wearer);
}

/// Rapier's world, every part of it that keeps state from step to step.
type RapierWorld<'a> = (
    &'a mut RapierContextSimulation,
    &'a mut RapierContextColliders,
    &'a mut RapierContextJoints,
    &'a mut RapierRigidBodySet,
    &'a mut SimulationToRenderTime,
);

/// Replaces the whole simulation when a new scenario is loaded (the same one, to restart or to
/// go back in time). Rapier's world starts afresh too: reusing it would hand the new bodies
/// the freed slots of the old ones in another order, and the solver, which visits them by slot,
/// would sum its forces in another order, so a restart would not retrace a fresh run bit for bit.
pub fn reload_scenario(
    mut commands: Commands,
    mut requests: MessageReader<LoadScenario>,
    existing: Query<Entity, With<ScenarioEntity>>,
    registry: Res<PerRunRegistry>,
    mut fixed: ResMut<Time<Fixed>>,
    mut timestep: ResMut<TimestepMode>,
    mut worlds: Query<RapierWorld>,
) {
    let Some(LoadScenario(scenario)) = requests.read().last() else {
        return;
    };
    for entity in &existing {
        commands.entity(entity).try_despawn();
    }
    for (mut simulation, mut colliders, mut joints, mut bodies, mut lag) in &mut worlds {
        let mut parameters = simulation.integration_parameters;
        parameters.num_solver_iterations =
            (scenario.file.physics.solver_iterations as usize).max(1);
        *simulation = RapierContextSimulation::default();
        simulation.integration_parameters = parameters;
        *colliders = default();
        *joints = default();
        *bodies = default();
        *lag = default();
    }
    let dt_s = 1.0 / scenario.file.physics.step_hz;
    fixed.set_timestep_seconds(dt_s);
    *timestep = TimestepMode::Fixed {
        dt: dt_s as f32,
        substeps: 1,
    };
    start_run(&mut commands, &registry, scenario);
}
