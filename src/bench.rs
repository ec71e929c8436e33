//! The `bench` subcommand: what one physics step costs in the app and in a bare Rapier world
//! holding the same bodies and joints, how that cost grows with the tether's segments, and how
//! fast the scenario's EVA window runs headless. Figures are printed, never asserted.

use std::time::{Duration, Instant};

use bevy::app::FixedMain;
use bevy::platform::collections::HashMap;
use bevy::prelude::*;
use bevy_rapier3d::plugin::PhysicsSet;
use bevy_rapier3d::plugin::context::{
    RapierContextColliders, RapierContextJoints, RapierContextSimulation, RapierRigidBodySet,
};
use bevy_rapier3d::rapier::prelude::{
    AngVector, BroadPhaseBvh, CCDSolver, ColliderHandle, ColliderSet, GenericJoint,
    ImpulseJointHandle, ImpulseJointSet, IntegrationParameters, IslandManager, MultibodyJointSet,
    NarrowPhase, PhysicsPipeline, RigidBodyHandle, RigidBodySet, SharedShape, Vector,
};
use std::sync::Arc;

use crate::headless::{advance_to, sim_app, sim_app_on_stock_sync};
use crate::scenario::{EventKind, Scenario};
use crate::sim::SimSet;
use crate::sim::solver::effort::SolverEffort;

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

/// What the app handed Rapier for one step besides the state Rapier already held: the solver
/// iterations, every body's applied force and torque, the velocity kicks of impulses, the
/// joints whose settings (motor targets, anchors) changed and the colliders given new shapes.
#[derive(Clone, Debug, Default)]
pub struct StepInputs {
    /// Solver iterations of the step.
    pub iterations: usize,
    /// Applied force and torque on each body.
    pub forces: Vec<(RigidBodyHandle, Vector, AngVector)>,
    /// Bodies whose velocities changed between steps (an impulse), with the new velocities.
    pub kicks: Vec<(RigidBodyHandle, Vector, AngVector)>,
    /// Joints whose settings changed since the previous step, with the new settings.
    pub joints: Vec<(ImpulseJointHandle, GenericJoint)>,
    /// Colliders given a new shape since the previous step (his suit's size), with it.
    pub shapes: Vec<(ColliderHandle, SharedShape)>,
}

/// Inputs recorded so far, and what the last step left, to tell kicks and joint changes apart.
#[derive(Resource, Default)]
struct InputRecorder {
    steps: Vec<StepInputs>,
    velocities_after: HashMap<RigidBodyHandle, (Vector, AngVector)>,
    joints_before: HashMap<ImpulseJointHandle, GenericJoint>,
    shapes_before: HashMap<ColliderHandle, SharedShape>,
}

/// Reads what the app's sync put into Rapier, just before Rapier steps.
fn record_step_inputs(
    mut recorder: ResMut<InputRecorder>,
    worlds: Query<(
        &RapierRigidBodySet,
        &RapierContextJoints,
        &RapierContextSimulation,
        &RapierContextColliders,
    )>,
) {
    let recorder = &mut *recorder;
    for (bodies, joints, simulation, colliders) in &worlds {
        let mut inputs = StepInputs {
            iterations: simulation.integration_parameters.num_solver_iterations,
            ..default()
        };
        for (handle, body) in bodies.bodies.iter() {
            inputs
                .forces
                .push((handle, body.user_force(), body.user_torque()));
            let now = (body.linvel(), body.angvel());
            if recorder
                .velocities_after
                .get(&handle)
                .is_some_and(|after| *after != now)
            {
                inputs.kicks.push((handle, now.0, now.1));
            }
        }
        for (handle, joint) in joints.impulse_joints.iter() {
            if recorder.joints_before.get(&handle).map(settings) != Some(settings(&joint.data)) {
                recorder.joints_before.insert(handle, joint.data);
                inputs.joints.push((handle, joint.data));
            }
        }
        for (handle, collider) in colliders.colliders.iter() {
            let shape = collider.shared_shape();
            if recorder
                .shapes_before
                .get(&handle)
                .is_none_or(|before| !Arc::ptr_eq(&before.0, &shape.0))
            {
                recorder.shapes_before.insert(handle, shape.clone());
                inputs.shapes.push((handle, shape.clone()));
            }
        }
        recorder.steps.push(inputs);
    }
}

/// A joint's settings, without the impulses the solver writes back into its motors each step.
fn settings(data: &GenericJoint) -> GenericJoint {
    let mut settings = *data;
    for motor in &mut settings.motors {
        motor.impulse = 0.0;
    }
    settings
}

/// Notes the velocities Rapier's step left, so the next step's impulses show as kicks.
fn record_step_outcome(mut recorder: ResMut<InputRecorder>, worlds: Query<&RapierRigidBodySet>) {
    for bodies in &worlds {
        for (handle, body) in bodies.bodies.iter() {
            recorder
                .velocities_after
                .insert(handle, (body.linvel(), body.angvel()));
        }
    }
}

/// Steps the app `steps` times (untimed) and returns what it handed Rapier at each step.
pub fn record_inputs(app: &mut App, steps: u32) -> Vec<StepInputs> {
    if !app.world().contains_resource::<InputRecorder>() {
        start_recording(app);
    }
    for _ in 0..steps {
        app.world_mut().run_schedule(FixedMain);
    }
    std::mem::take(&mut app.world_mut().resource_mut::<InputRecorder>().steps)
}

/// Adds the recording systems, primed with the state the last unrecorded step left, so that
/// the first recorded step tells its kicks and changes from what was already there.
fn start_recording(app: &mut App) {
    let world = app.world_mut();
    let mut recorder = InputRecorder::default();
    let mut sets = world.query::<(
        &RapierRigidBodySet,
        &RapierContextJoints,
        &RapierContextColliders,
    )>();
    if let Ok((bodies, joints, colliders)) = sets.single(world) {
        recorder.velocities_after = bodies
            .bodies
            .iter()
            .map(|(handle, body)| (handle, (body.linvel(), body.angvel())))
            .collect();
        recorder.joints_before = joints
            .impulse_joints
            .iter()
            .map(|(handle, joint)| (handle, joint.data))
            .collect();
        recorder.shapes_before = colliders
            .colliders
            .iter()
            .map(|(handle, collider)| (handle, collider.shared_shape().clone()))
            .collect();
    }
    app.insert_resource(recorder).add_systems(
        FixedUpdate,
        (
            record_step_inputs
                .after(PhysicsSet::SyncBackend)
                .before(PhysicsSet::StepSimulation),
            record_step_outcome
                .after(PhysicsSet::StepSimulation)
                .before(PhysicsSet::Writeback),
        ),
    );
}

/// A bare Rapier pipeline over a copy of the app's bodies, colliders and joints, fed the app's
/// recorded inputs step by step: Rapier's cost alone for the same scene doing the same thing.
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

    /// Times one step per entry of `inputs`, each fed as the app fed its own step (forces,
    /// impulses, joint settings, solver iterations), so both solve the same problem.
    pub fn time(&mut self, inputs: &[StepInputs], dt_s: f64) -> StepCost {
        let mut pipeline = PhysicsPipeline::new();
        let counts = (self.bodies.len(), self.impulse_joints.len());
        let started = Instant::now();
        for step in inputs {
            self.params.num_solver_iterations = step.iterations.max(1);
            for &(handle, force, torque) in &step.forces {
                if let Some(body) = self.bodies.get_mut(handle) {
                    body.reset_forces(true);
                    body.reset_torques(true);
                    body.add_force(force, true);
                    body.add_torque(torque, true);
                }
            }
            for &(handle, linvel, angvel) in &step.kicks {
                if let Some(body) = self.bodies.get_mut(handle) {
                    body.set_linvel(linvel, true);
                    body.set_angvel(angvel, true);
                }
            }
            for &(handle, data) in &step.joints {
                if let Some(joint) = self.impulse_joints.get_mut(handle, false) {
                    joint.data = data;
                }
            }
            for (handle, shape) in &step.shapes {
                if let Some(collider) = self.colliders.get_mut(*handle) {
                    collider.set_shape(shape.clone());
                }
            }
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
            micros_per_step: started.elapsed().as_secs_f64() * 1e6 / inputs.len().max(1) as f64,
            dt_s,
        }
    }

    /// The farthest any body of this world lies from the same body in the app's, m: zero when
    /// the replay retraced the app's motion exactly.
    pub fn farthest_from(&self, app: &mut App) -> f32 {
        let world = app.world_mut();
        let Some(theirs) = world.query::<&RapierRigidBodySet>().iter(world).next() else {
            return f32::INFINITY;
        };
        self.bodies
            .iter()
            .map(|(handle, body)| {
                theirs.bodies.get(handle).map_or(f32::INFINITY, |other| {
                    body.translation().distance(other.translation())
                })
            })
            .fold(0.0, f32::max)
    }
}

/// Wall time the app spent in Rapier's sets (sync to Rapier, step, write back to Bevy), and in
/// Rapier's step alone: one stopwatch each, indexed by [`PHYSICS`] and [`STEP`].
#[derive(Resource, Default)]
struct PhysicsPhaseTime([Stopwatch; 2]);

/// Stopwatch over Rapier's sets.
const PHYSICS: usize = 0;
/// Stopwatch over Rapier's step.
const STEP: usize = 1;

/// Total time between starts and stops, and the start of the lap under way.
#[derive(Default)]
struct Stopwatch {
    total: Duration,
    started: Option<Instant>,
}

fn start<const WATCH: usize>(mut time: ResMut<PhysicsPhaseTime>) {
    time.0[WATCH].started = Some(Instant::now());
}

fn stop<const WATCH: usize>(mut time: ResMut<PhysicsPhaseTime>) {
    let watch = &mut time.0[WATCH];
    if let Some(started) = watch.started.take() {
        watch.total += started.elapsed();
    }
}

/// Adds stopwatch systems round the app's physics sets, read back as [`PhysicsPhaseTime`].
fn time_physics_phase(app: &mut App) {
    app.init_resource::<PhysicsPhaseTime>().add_systems(
        FixedUpdate,
        (
            start::<PHYSICS>
                .after(SimSet::Suit)
                .before(PhysicsSet::SyncBackend),
            start::<STEP>
                .after(PhysicsSet::SyncBackend)
                .before(PhysicsSet::StepSimulation),
            stop::<STEP>
                .after(PhysicsSet::StepSimulation)
                .before(PhysicsSet::Writeback),
            stop::<PHYSICS>
                .after(PhysicsSet::Writeback)
                .before(SimSet::Clock),
        ),
    );
}

/// Times `steps` steps of `app`: the whole fixed step, Rapier with its sync, Rapier's step alone.
fn time_phases(mut app: App, steps: u32, dt_s: f64) -> (StepCost, StepCost, StepCost) {
    time_physics_phase(&mut app);
    let (whole, _) = time_app(&mut app, steps, dt_s);
    let watches = &app.world().resource::<PhysicsPhaseTime>().0;
    let per_step = |watch: usize| StepCost {
        micros_per_step: watches[watch].total.as_secs_f64() * 1e6 / f64::from(steps),
        ..whole
    };
    let (physics, step) = (per_step(PHYSICS), per_step(STEP));
    (whole, physics, step)
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
    let (in_app, physics, step_alone) = time_phases(app_at(scenario.clone(), at_t_s), steps, dt_s);
    let mut on_stock = sim_app_on_stock_sync(scenario.clone());
    advance_to(on_stock.world_mut(), at_t_s);
    let (stock_in_app, stock_physics, _) = time_phases(on_stock, steps, dt_s);
    // A twin of the app (the simulation is deterministic) records what it hands Rapier each
    // step, and a copy of its world taken first replays that.
    let mut twin = app_at(scenario.clone(), at_t_s);
    let mut bare_world = BareWorld::copy_of(&mut twin);
    let inputs = record_inputs(&mut twin, steps);
    let bare = bare_world.as_mut().map(|w| w.time(&inputs, dt_s));
    out.push_str(&line("app (SimPlugin, whole fixed step)", &in_app));
    out.push_str(&line("  of which Rapier with its Bevy sync", &physics));
    out.push_str(&line("  of which Rapier's step alone", &step_alone));
    out.push_str(&line("app on bevy_rapier's stock sync", &stock_in_app));
    out.push_str(&line(
        "  of which Rapier with its Bevy sync",
        &stock_physics,
    ));
    if let Some(bare) = bare {
        out.push_str(&line("bare rapier3d, same bodies/joints/solver", &bare));
        let per_bare = |cost: &StepCost| cost.micros_per_step / bare.micros_per_step.max(1e-9);
        out.push_str(&format!(
            "app / bare: whole step {:.2}, physics (sync, step, write-back) {:.2}\n",
            per_bare(&in_app),
            per_bare(&physics)
        ));
        if let Some(world) = &bare_world {
            out.push_str(&format!(
                "the bare world retraced the app's motion to {:.1e} m\n",
                world.farthest_from(&mut twin)
            ));
        }
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
