//! The cosmonaut's controller: turns the scenario's current action into forces and torques.
//!
//! Every force he applies has an equal and opposite one on the airlock (pushing off its rim,
//! pulling on the tether anchored in it, holding its handrails), so momentum is conserved. His
//! strength is finite (`cosmonaut.max_arm_force_n`), so whether an action succeeds is the
//! physics' decision: a push needs something within reach, entry needs the body to fit.
//!
//! Each step: the action in force is chosen (a new one starts with its activity's state fresh),
//! he senses his body and the airlock ([`sense`]), the action's own module says what it wants
//! ([`output::Output`]), and that is applied within his strength ([`output::apply`]). The laws
//! the actions share, with their gains, are in [`laws`].

mod close;
mod grab;
mod hold;
pub mod laws;
pub mod output;
mod pass;
mod pull;
mod push;
pub mod sense;
mod spawned;
mod throw;
mod turn;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use self::output::Output;
use self::sense::{BodyQuery, Sensed, sense};
use super::anatomy::{CosmonautFigure, Posture};
use super::body::PostureState;
use super::physiology::Exertion;
use super::suit::SuitState;
use crate::scenario::{Action, Scenario};
use crate::sim::core::bodies::SimBody;
use crate::sim::core::clock::SimClock;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::layout::Layout;
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{ActiveScenario, SimStep};
use crate::sim::craft::cabin::CabinState;
use crate::sim::craft::hatch::Hatches;
use crate::sim::craft::tether::TetherRope;

/// Each action's own state, built fresh when the action starts.
#[derive(Clone, Debug, PartialEq)]
pub enum Activity {
    /// Pushing off the rim.
    PushOff(push::Push),
    /// Pulling in along the tether.
    PullIn,
    /// Holding on to the handrails.
    Hold,
    /// Floating, doing nothing.
    Float,
    /// Reaching for, then holding, a handrail.
    GrabHandrail(grab::Grab),
    /// Going through the hatch, in or out.
    Pass(pass::Pass),
    /// Throwing something.
    Throw(throw::Throw),
    /// Turning round inside the airlock.
    TurnAround(turn::Turn),
    /// Closing the outer hatch from inside.
    CloseOuterHatch(close::Close),
}

impl Activity {
    /// The fresh state for `action`.
    fn start(action: &Action) -> Self {
        match action {
            Action::PushOff { .. } => Activity::PushOff(push::Push::default()),
            Action::PullIn { .. } => Activity::PullIn,
            Action::Hold | Action::SetSuitPressure { .. } => Activity::Hold,
            Action::Float => Activity::Float,
            Action::GrabHandrail { .. } => Activity::GrabHandrail(grab::Grab::default()),
            Action::Enter { .. } | Action::Exit { .. } => Activity::Pass(pass::Pass::default()),
            Action::Throw { .. } => Activity::Throw(throw::Throw::default()),
            Action::TurnAround => Activity::TurnAround(turn::Turn::default()),
            Action::CloseOuterHatch => Activity::CloseOuterHatch(close::Close::default()),
        }
    }

    /// The joint of his grip on a handrail, while he holds one.
    fn grip(&self) -> Option<Entity> {
        match self {
            Activity::GrabHandrail(grab) => grab.grip,
            _ => None,
        }
    }

    /// The action is going against him: a try at the hatch's mouth has already failed, or he
    /// has turned round a whole headway window without getting closer.
    fn thwarted(&self) -> bool {
        match self {
            Activity::Pass(pass) => pass.thwarted(),
            Activity::TurnAround(turn) => turn.thwarted(),
            Activity::CloseOuterHatch(close) => close.climb_out.thwarted(),
            _ => false,
        }
    }

    /// The climb back out that stands in for this action when he is stuck in the hatch's
    /// opening, if the action is one he cannot carry out there.
    fn climb_out(&mut self) -> Option<&mut pass::Pass> {
        match self {
            Activity::TurnAround(turn) => Some(turn.climbing_out()),
            Activity::CloseOuterHatch(close) => Some(&mut close.climb_out),
            _ => None,
        }
    }
}

/// The motion action in force and what it has done so far.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionRun {
    /// Index into the scenario's actions.
    pub index: usize,
    /// Its own state.
    pub activity: Activity,
    /// It already logged that it cannot be carried out.
    failure_logged: bool,
}

/// The controller: the action in force, `None` while he waits for his first.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Controller {
    /// The action in force.
    pub run: Option<ActionRun>,
    /// Waiting for his first action, he already logged that he cannot hold on.
    waiting_failure_logged: bool,
}

impl Controller {
    /// The joint of his grip on a handrail, while he holds one.
    pub fn grip(&self) -> Option<Entity> {
        self.run.as_ref().and_then(|r| r.activity.grip())
    }

    /// Is the current action going against him (see [`Activity`])?
    pub fn thwarted(&self) -> bool {
        self.run.as_ref().is_some_and(|r| r.activity.thwarted())
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<Controller>()
        .add_systems(FixedUpdate, act.in_set(SimStep::Act));
}

/// What the controller reads.
#[derive(SystemParam)]
pub struct Inputs<'w, 's> {
    clock: Res<'w, SimClock>,
    scenario: Res<'w, ActiveScenario>,
    layout: Res<'w, Layout>,
    figure: Res<'w, CosmonautFigure>,
    cabin: Res<'w, CabinState>,
    suit: Res<'w, SuitState>,
    ropes: Query<'w, 's, &'static TetherRope>,
    entities: Query<'w, 's, (Entity, &'static SimBody)>,
}

/// What the controller changes besides the bodies' loads.
#[derive(SystemParam)]
pub struct Effects<'w, 's> {
    controller: ResMut<'w, Controller>,
    posture: ResMut<'w, PostureState>,
    exertion: ResMut<'w, Exertion>,
    hatches: ResMut<'w, Hatches>,
    log: ResMut<'w, EventLog>,
    commands: Commands<'w, 's>,
}

/// Turns the current action into forces on him and the airlock; runs before the tether adds
/// its pull. His body's response reads how hard he works and whether the action goes against
/// him.
pub fn act(inputs: Inputs, mut effects: Effects, mut bodies: BodyQuery) {
    step(&inputs, &mut effects, &mut bodies);
    effects.exertion.thwarted = effects.controller.thwarted();
}

fn step(inputs: &Inputs, effects: &mut Effects, bodies: &mut BodyQuery) {
    let exertion = &mut effects.exertion;
    exertion.arm_force_n = 0.0;
    exertion.arm_power_w = 0.0;
    exertion.turn_torque_nm = 0.0;
    exertion.effort_share = 0.0;
    if inputs.cabin.in_cabin {
        return;
    }
    let clock = &inputs.clock;
    let scenario = &inputs.scenario.0;
    choose_action(scenario, clock, effects);
    let Ok(rope) = inputs.ropes.single() else {
        return;
    };
    let Some(s) = sense(
        scenario,
        &inputs.layout,
        &inputs.figure.0,
        rope,
        bodies,
        clock,
        inputs.suit.pressure_kpa,
    ) else {
        return;
    };
    let mut out = Output::new(&s);
    let acted = carry_out(&s, effects, &mut out);
    finish(inputs, effects, &s, acted, out, bodies);
}

/// Starts the latest motion action whose time has come, if it is not the one in force: a new
/// activity, the handrail let go.
fn choose_action(scenario: &Scenario, clock: &SimClock, effects: &mut Effects) {
    let t = clock.t_s();
    let latest = scenario
        .actions
        .iter()
        .enumerate()
        .rev()
        .find(|(_, a)| a.t_s <= t && !matches!(a.action, Action::SetSuitPressure { .. }))
        .map(|(i, _)| i);
    if latest == effects.controller.run.as_ref().map(|r| r.index) {
        return;
    }
    let old = std::mem::take(&mut effects.controller.run);
    if let Some(grip) = old.and_then(|r| r.activity.grip()) {
        effects.commands.entity(grip).try_despawn();
        effects.log.push(t, clock.utc(), SimEvent::LetGoOfHandrail);
    }
    if let Some(i) = latest {
        let action = &scenario.actions[i].action;
        effects.controller.run = Some(ActionRun {
            index: i,
            activity: Activity::start(action),
            failure_logged: false,
        });
        effects
            .log
            .push(t, clock.utc(), SimEvent::ActionStarted(action.clone()));
    }
}

/// Runs the action in force (or, waiting for his first, holds on); returns the action he
/// actually carried out: told to turn round or close the hatch while still stuck in its
/// opening, legs or head out, he can do neither and climbs back out the way he faces.
fn carry_out(s: &Sensed, effects: &mut Effects, out: &mut Output) -> Option<Action> {
    let Some(run) = effects.controller.run.as_mut() else {
        hold::act(s, true, out);
        return None;
    };
    let timed = &s.scenario.actions[run.index];
    let stuck_in_opening =
        s.local(s.person.centre_of_mass).y < s.layout.airlock_length_m && s.partly_out();
    if stuck_in_opening && let Some(climb) = run.activity.climb_out() {
        if !run.failure_logged {
            run.failure_logged = true;
            let event = SimEvent::ClimbsBackOut(timed.action.clone());
            effects.log.push(s.t_s, s.utc, event);
        }
        let head_first = s.up.dot(s.axis) > 0.0;
        pass::act(climb, s, false, head_first, out);
        return Some(Action::Exit { head_first });
    }
    match (&mut run.activity, &timed.action) {
        (
            Activity::PushOff(push),
            Action::PushOff {
                speed_mps,
                direction,
            },
        ) => {
            push::act(push, s, *speed_mps, *direction, out);
        }
        (
            Activity::PullIn,
            Action::PullIn {
                speed_mps,
                stop_distance_m,
            },
        ) => pull::act(s, *speed_mps, *stop_distance_m, out),
        (Activity::Hold, _) => hold::act(s, false, out),
        (Activity::GrabHandrail(grab), Action::GrabHandrail { hand }) => {
            grab::act(grab, s, *hand, out);
        }
        (Activity::Pass(pass), Action::Enter { head_first }) => {
            pass::act(pass, s, true, *head_first, out);
        }
        (Activity::Pass(pass), Action::Exit { head_first }) => {
            pass::act(pass, s, false, *head_first, out);
        }
        (
            Activity::Throw(throw),
            Action::Throw {
                mass_kg,
                speed_mps,
                direction,
            },
        ) => throw::act(throw, s, (*mass_kg, *speed_mps, *direction), out),
        (Activity::TurnAround(turn), _) => turn::act(turn, s, s.t_s - timed.t_s, out),
        (Activity::CloseOuterHatch(close), _) => close::act(close, s, out),
        _ => {}
    }
    Some(timed.action.clone())
}

/// Reports what the action did, sets his posture and exertion, and applies his force within his
/// strength, with its reactions, to his body and the airlock.
fn finish(
    inputs: &Inputs,
    effects: &mut Effects,
    s: &Sensed,
    acted: Option<Action>,
    mut out: Output,
    bodies: &mut BodyQuery,
) {
    if let Some(grip) = out.grip {
        grasp(inputs, effects, s, grip);
    }
    for event in out.events.drain(..) {
        effects.log.push(s.t_s, s.utc, event);
    }
    if out.close_outer_hatch {
        effects.hatches.order_outer_shut();
    }
    if let Some(failure) = out.failure {
        let controller = &mut *effects.controller;
        let logged = match controller.run.as_mut() {
            Some(run) => &mut run.failure_logged,
            None => &mut controller.waiting_failure_logged,
        };
        if !*logged {
            *logged = true;
            effects
                .log
                .push(s.t_s, s.utc, SimEvent::ActionFailed(failure));
        }
    }
    // Waiting for his first action he keeps the posture he started in (crouched); an action he
    // cannot carry out does not change it either (he does not fold up wedged in the hatch).
    if let Some(action) = &acted
        && out.failure.is_none()
    {
        effects.posture.wanted = posture_for(action);
    }
    let force = out.force.clamp_length_max(s.max_force);
    let exertion = &mut effects.exertion;
    exertion.arm_force_n = f64::from(force.length());
    exertion.arm_power_w = f64::from(force.dot(s.relative_velocity));
    exertion.turn_torque_nm = f64::from(out.torque.length().min(laws::MAX_TURN_TORQUE_NM));
    exertion.effort_share = f64::from(
        (force.length() / s.max_force).max(out.torque.length() / laws::MAX_TURN_TORQUE_NM),
    );
    output::apply(s, &out, force, bodies);
    if let Some((at, velocity, mass_kg)) = out.thrown {
        effects
            .commands
            .spawn(spawned::thrown_object(at, velocity, mass_kg));
    }
}

/// His fingers close on the handrail: a joint holds the hand where it is.
fn grasp(inputs: &Inputs, effects: &mut Effects, s: &Sensed, grip: output::GripRequest) {
    let entity_of = |wanted: SimBody| {
        inputs
            .entities
            .iter()
            .find_map(|(e, body)| (*body == wanted).then_some(e))
    };
    let (Some(hand), Some(lock)) = (
        entity_of(SimBody::Cosmonaut(grip.hand)),
        entity_of(SimBody::Airlock),
    ) else {
        return;
    };
    let joint = effects.commands.spawn(spawned::grip_joint(
        lock,
        s.lock.transform,
        hand,
        grip.hand_transform,
        grip.at,
    ));
    let joint = joint.id();
    let Some(ActionRun {
        activity: Activity::GrabHandrail(grab),
        index,
        ..
    }) = effects.controller.run.as_mut()
    else {
        return;
    };
    grab.grip = Some(joint);
    if let Action::GrabHandrail { hand } = s.scenario.actions[*index].action {
        effects
            .log
            .push(s.t_s, s.utc, SimEvent::GrippedHandrail(hand));
    }
}

/// The posture his muscles hold during an action.
fn posture_for(action: &Action) -> Posture {
    match action {
        Action::Enter { .. } | Action::Exit { .. } | Action::PushOff { .. } => Posture::Straight,
        Action::TurnAround => Posture::Tucked,
        Action::CloseOuterHatch => Posture::Crouched,
        _ => Posture::Neutral,
    }
}
