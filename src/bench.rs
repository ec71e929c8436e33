//! The `bench` subcommand: what one physics step costs in the app and in a bare Rapier world
//! holding the same bodies and joints, how that cost grows with the tether's segments, and how
//! fast the scenario's EVA window runs headless. Figures are printed, never asserted.

use std::time::{Duration, Instant};

use bevy::app::FixedMain;
use bevy::prelude::*;
use bevy_rapier3d::plugin::PhysicsSet;
use bevy_rapier3d::plugin::context::{
    RapierContextColliders, RapierContextJoints, RapierContextSimulation, RapierRigidBodySet,
};
use bevy_rapier3d::rapier::prelude::{
    BroadPhaseBvh, CCDSolver, ColliderSet, ImpulseJointSet, IntegrationParameters, IslandManager,
    MultibodyJointSet, NarrowPhase, PhysicsPipeline, RigidBodySet, Vector,
};

use crate::headless::{advance_to, sim_app};
use crate::scenario::{EventKind, Scenario};
use crate::sim::SimSet;
use crate::sim::effort::SolverEffort;

/// The cost of one fixed step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepCost {
    /// Rigid bodies in the world.
    pub bodies: usize,
    /// Joints between them.
    pub joints: usize,
    /// Wall time per step, microseconds.
    pub micros_per_step: f64,
    /// Fixed step, s.
    pub dt_s: f64,
}

impl StepCost {
    /// Simulated time over wall time.
    pub fn real_time_factor(&self) -> f64 {
        self.dt_s * 1e6 / self.micros_per_step.max(1e-9)
    }
}

/// The app, stepped to `t_s` seconds into the scenario's window.
fn app_at(scenario: Scenario, t_s: f64) -> App {
    let mut app = sim_app(scenario);
    advance_to(app.world_mut(), t_s);
    app
}

/// Body and joint counts of the app's physics world.
fn world_size(app: &mut App) -> (usize, usize) {
    let world = app.world_mut();
    let bodies = world
        .query::<&RapierRigidBodySet>()
        .iter(world)
        .map(|s| s.bodies.len())
        .sum();
    let joints = world
        .query::<&RapierContextJoints>()
        .iter(world)
        .map(|j| j.impulse_joints.len() + j.multibody_joints.iter().count())
        .sum();
    (bodies, joints)
}

/// Times `steps` whole fixed steps of the app: controller, tether, Hill terms, Rapier, telemetry.
/// Also returns the solver iterations each step used (the effort adapts to the scene).
pub fn time_app(app: &mut App, steps: u32, dt_s: f64) -> (StepCost, Vec<usize>) {
    let (bodies, joints) = world_size(app);
    let world = app.world_mut();
    let mut iterations = Vec::with_capacity(steps as usize);
    let started = Instant::now();
    for _ in 0..steps {
        world.run_schedule(FixedMain);
        iterations.push(world.resource::<SolverEffort>().iterations);
    }
    let cost = StepCost {
        bodies,
        joints,
        micros_per_step: started.elapsed().as_secs_f64() * 1e6 / f64::from(steps),
        dt_s,
    };
    (cost, iterations)
}

/// A bare Rapier pipeline over a copy of the app's bodies, colliders and joints as they were
/// when copied (forces frozen at their last values): Rapier's cost alone.
pub struct BareWorld {
    params: IntegrationParameters,
    islands: IslandManager,
    broad_phase: BroadPhaseBvh,
    narrow_phase: NarrowPhase,
    ccd: CCDSolver,
    bodies: RigidBodySet,
    colliders: ColliderSet,
    impulse_joints: ImpulseJointSet,
    multibody_joints: MultibodyJointSet,
}

impl BareWorld {
    /// Copies the app's physics world as it is now.
    pub fn copy_of(app: &mut App) -> Option<Self> {
        let world = app.world_mut();
        let simulation = world
            .query::<&RapierContextSimulation>()
            .iter(world)
            .next()?;
        let (params, islands, broad_phase, narrow_phase, ccd) = (
            simulation.integration_parameters,
            simulation.islands.clone(),
            simulation.broad_phase.clone(),
            simulation.narrow_phase.clone(),
            simulation.ccd_solver.clone(),
        );
        let bodies = world
            .query::<&RapierRigidBodySet>()
            .iter(world)
            .next()?
            .bodies
            .clone();
        let colliders = world
            .query::<&RapierContextColliders>()
            .iter(world)
            .next()?
            .colliders
            .clone();
        let joints = world.query::<&RapierContextJoints>().iter(world).next()?;
        Some(Self {
            params,
            islands,
            broad_phase,
            narrow_phase,
            ccd,
            bodies,
            colliders,
            impulse_joints: joints.impulse_joints.clone(),
            multibody_joints: joints.multibody_joints.clone(),
        })
    }

    /// Times one step per entry of `iterations`, each with that many solver iterations (the
    /// sequence the app chose over the same stretch, so both solve the same amount).
    pub fn time(&mut self, iterations: &[usize], dt_s: f64) -> StepCost {
        let mut pipeline = PhysicsPipeline::new();
        let counts = (self.bodies.len(), self.impulse_joints.len());
        let started = Instant::now();
        for &n in iterations {
            self.params.num_solver_iterations = n.max(1);
            pipeline.step(
                Vector::ZERO,
                &self.params,
                &mut self.islands,
                &mut self.broad_phase,
                &mut self.narrow_phase,
                &mut self.bodies,
                &mut self.colliders,
                &mut self.impulse_joints,
                &mut self.multibody_joints,
                &mut self.ccd,
                &(),
                &(),
            );
        }
        StepCost {
            bodies: counts.0,
            joints: counts.1,
            micros_per_step: started.elapsed().as_secs_f64() * 1e6 / iterations.len().max(1) as f64,
            dt_s,
        }
    }
}

/// Wall time the app spent in Rapier's sets (sync to Rapier, step, write back to Bevy).
#[derive(Resource, Default)]
struct PhysicsPhaseTime(Duration, Option<Instant>);

/// Adds stopwatch systems round the app's physics sets, read back as [`PhysicsPhaseTime`].
fn time_physics_phase(app: &mut App) {
    app.init_resource::<PhysicsPhaseTime>().add_systems(
        FixedUpdate,
        (
            (|mut t: ResMut<PhysicsPhaseTime>| t.1 = Some(Instant::now()))
                .after(SimSet::Suit)
                .before(PhysicsSet::SyncBackend),
            (|mut t: ResMut<PhysicsPhaseTime>| {
                if let Some(started) = t.1.take() {
                    t.0 += started.elapsed();
                }
            })
            .after(PhysicsSet::Writeback)
            .before(SimSet::Clock),
        ),
    );
}

/// Runs the whole benchmark and returns the report as text.
pub fn report(scenario: &Scenario, at_t_s: f64, steps: u32) -> String {
    let dt_s = 1.0 / scenario.file.physics.step_hz;
    let mut out = format!(
        "scenario: {}\nmeasured from {:.0} s into the window, {steps} steps of {:.2} ms each\n\n",
        scenario.file.name,
        at_t_s,
        dt_s * 1e3
    );
    out.push_str(&format!(
        "{:<42} {:>6} {:>6} {:>10} {:>12}\n",
        "world", "bodies", "joints", "us/step", "x real time"
    ));
    let line = |name: &str, cost: &StepCost| {
        format!(
            "{name:<42} {:>6} {:>6} {:>10.1} {:>12.1}\n",
            cost.bodies,
            cost.joints,
            cost.micros_per_step,
            cost.real_time_factor()
        )
    };
    let mut app = app_at(scenario.clone(), at_t_s);
    time_physics_phase(&mut app);
    let mut bare_world = BareWorld::copy_of(&mut app);
    let (in_app, iterations) = time_app(&mut app, steps, dt_s);
    let physics = StepCost {
        micros_per_step: app.world().resource::<PhysicsPhaseTime>().0.as_secs_f64() * 1e6
            / f64::from(steps),
        ..in_app
    };
    let bare = bare_world.as_mut().map(|w| w.time(&iterations, dt_s));
    out.push_str(&line("app (SimPlugin, whole fixed step)", &in_app));
    out.push_str(&line("  of which Rapier with its Bevy sync", &physics));
    if let Some(bare) = bare {
        out.push_str(&line("bare rapier3d, same bodies/joints/solver", &bare));
        let per_bare = |cost: &StepCost| cost.micros_per_step / bare.micros_per_step.max(1e-9);
        out.push_str(&format!(
            "app / bare: whole step {:.2}, physics (sync, step, write-back) {:.2}\n",
            per_bare(&in_app),
            per_bare(&physics)
        ));
    }
    out.push_str("\ntether segments (app, same instant):\n");
    for segments in [12u32, 24, 48, 96] {
        let mut variant = scenario.clone();
        variant.file.tether.segments = segments;
        let mut app = app_at(variant, at_t_s);
        let (cost, _) = time_app(&mut app, steps, dt_s);
        out.push_str(&line(&format!("  {segments} segments"), &cost));
    }
    let event_t = |kind: EventKind| {
        scenario
            .events
            .iter()
            .find(|e| e.kind == kind)
            .map(|e| e.t_s)
    };
    let from = event_t(EventKind::AirlockDepressurised).unwrap_or(0.0);
    let to = event_t(EventKind::Repressurisation).unwrap_or_else(|| scenario.duration_s());
    let mut app = app_at(scenario.clone(), from);
    let started = Instant::now();
    advance_to(app.world_mut(), to);
    let wall_s = started.elapsed().as_secs_f64();
    out.push_str(&format!(
        "\nEVA window (depressurisation to repressurisation): {:.0} s simulated in {wall_s:.1} s, \
         {:.0}x real time\n",
        to - from,
        (to - from) / wall_s.max(1e-9)
    ));
    out
}
