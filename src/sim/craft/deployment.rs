//! The airlock's life on orbit: its booms extend it from stowed to deployed, and at the end it is
//! cast off, the separation impulse leaving the capsule rolling.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::airlock::{BOOM_DAMPING, BOOM_STIFFNESS, BoomJoint, stowed_offset_m};
use super::cabin::CabinState;
use crate::scenario::{EventKind, Scenario};
use crate::sim::core::bodies::SimBody;
use crate::sim::core::clock::SimClock;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::layout::Layout;
use crate::sim::core::run::{PerRun, PerRunApp};
use crate::sim::core::schedule::{ActiveScenario, SimStep};

/// Where the airlock is in its life.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct Deployment {
    /// When the booms began to inflate, s after the window's start.
    pub started_t_s: Option<f64>,
    /// How far the booms have taken the rings, 0 stowed to 1 deployed.
    pub fraction: f32,
    /// The jettison was ordered and not carried out yet.
    pub jettison_pending: bool,
    /// The airlock has been cast off.
    pub jettisoned: bool,
    /// Steps of the separation push still to come.
    pub push_steps_left: u32,
}

impl Deployment {
    /// Stowed or already deployed, as the window opens.
    pub fn new(deployed: bool) -> Self {
        Self {
            started_t_s: None,
            fraction: if deployed { 1.0 } else { 0.0 },
            jettison_pending: false,
            jettisoned: false,
            push_steps_left: 0,
        }
    }

    /// A jettison is ordered or its push is still acting.
    pub fn separating(&self) -> bool {
        self.jettison_pending || self.push_steps_left > 0
    }

    /// No boom is inflating: stowed, deployed, or never ordered out.
    pub fn booms_still(&self) -> bool {
        self.started_t_s.is_none() || self.fraction >= 1.0
    }
}

impl PerRun for Deployment {
    /// With its deployment in the window, the airlock starts stowed.
    fn for_run(scenario: &Scenario) -> Self {
        Self::new(!deploys_in_window(scenario))
    }
}

/// Whether the scenario deploys the airlock during its window (so it starts stowed).
pub fn deploys_in_window(scenario: &Scenario) -> bool {
    scenario
        .file
        .events
        .iter()
        .any(|e| e.kind == EventKind::AirlockDeploy)
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run::<Deployment>().add_systems(
        FixedUpdate,
        (extend, jettison).chain().in_set(SimStep::Deploy),
    );
}

/// Inflation drives the booms' extension: each ring's slide moves its motor's target from
/// stowed to deployed as the booms fill, evenly over the scenario's deployment time.
fn extend(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    layout: Res<Layout>,
    mut deployment: ResMut<Deployment>,
    mut log: ResMut<EventLog>,
    mut joints: Query<(&BoomJoint, &mut ImpulseJoint)>,
) {
    let Some(started) = deployment.started_t_s else {
        return;
    };
    if deployment.fraction >= 1.0 {
        return;
    }
    let duration = scenario.0.file.airlock.deploy_duration_s;
    let fraction = ((clock.t_s() - started) / duration).clamp(0.0, 1.0) as f32;
    deployment.fraction = fraction;
    let target = (1.0 - fraction) * stowed_offset_m(&layout);
    for (_, mut joint) in &mut joints {
        joint.data.as_mut().set_motor_position(
            JointAxis::LinX,
            target,
            BOOM_STIFFNESS,
            BOOM_DAMPING,
        );
    }
    if fraction >= 1.0 {
        log.push(
            clock.t_s(),
            clock.utc(),
            SimEvent::AirlockDeployed {
                length_m: layout.airlock_length_m,
            },
        );
    }
}

/// How long the separation pushers act, s (estimate: spring pushers with a stroke of a few
/// centimetres). Spread over a few steps, the kick reaches the hatch on its hinge through the
/// ring as a push rather than as one step's blow.
pub const JETTISON_PUSH_S: f64 = 0.05;

/// Fixed steps the separation push is spread over.
fn push_steps(dt_s: f64) -> u32 {
    (JETTISON_PUSH_S / dt_s).ceil().max(1.0) as u32
}

/// Cuts the base ring from the capsule and gives the two the separation impulse, equal and
/// opposite, along the airlock's axis and off the capsule's long axis by the scenario's offset,
/// spread over [`JETTISON_PUSH_S`].
pub fn jettison(
    mut commands: Commands,
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    cabin: Res<CabinState>,
    mut deployment: ResMut<Deployment>,
    mut log: ResMut<EventLog>,
    mut bodies: Query<(
        Entity,
        &SimBody,
        &Transform,
        &ReadMassProperties,
        &mut ExternalImpulse,
    )>,
) {
    let a = &scenario.0.file.airlock;
    if deployment.jettison_pending {
        deployment.jettison_pending = false;
        if !cabin.in_cabin {
            log.push(clock.t_s(), clock.utc(), SimEvent::JettisonRefused);
            return;
        }
        let Some((base, ..)) = bodies
            .iter()
            .find(|(_, body, ..)| **body == SimBody::AirlockRing(0))
        else {
            return;
        };
        commands.entity(base).remove::<ImpulseJoint>();
        deployment.push_steps_left = push_steps(clock.dt_s);
        deployment.jettisoned = true;
        log.push(
            clock.t_s(),
            clock.utc(),
            SimEvent::AirlockJettisoned {
                impulse_n_s: a.jettison_impulse_n_s,
                offset_m: a.jettison_offset_m,
            },
        );
    }
    if deployment.push_steps_left == 0 {
        return;
    }
    let steps = push_steps(clock.dt_s) as f32;
    deployment.push_steps_left -= 1;
    let find = |wanted: SimBody| {
        bodies
            .iter()
            .find(|(_, body, ..)| **body == wanted)
            .map(|(e, _, t, m, _)| (e, *t, t.transform_point(m.local_center_of_mass)))
    };
    let (Some((base, base_at, base_centre)), Some((craft, craft_at, craft_centre))) =
        (find(SimBody::AirlockRing(0)), find(SimBody::Spacecraft))
    else {
        return;
    };
    let axis = base_at.rotation * Vec3::Y;
    // The push acts at the mounting ring, beside the capsule's long axis (its +X side).
    let at = base_at.translation + craft_at.rotation * Vec3::X * a.jettison_offset_m as f32;
    let push = axis * a.jettison_impulse_n_s as f32 / steps;
    for (entity, push, centre) in [(base, push, base_centre), (craft, -push, craft_centre)] {
        if let Ok((.., mut impulse)) = bodies.get_mut(entity) {
            *impulse += ExternalImpulse::at_point(push, at, centre);
        }
    }
}

/// The airlock's length now: from the base ring to the outer end, m.
pub fn airlock_length_m(layout: &Layout, base: &Transform, top: &Transform) -> f32 {
    let offset = base
        .compute_affine()
        .inverse()
        .transform_point3(top.translation);
    layout.airlock_length_m + offset.y
}
