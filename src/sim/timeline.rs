//! The recorded timeline: events fire at their UTC, and the hatch events drive the real hatches.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::airlock::blocks_outer_hatch;
use super::bodies::{Layout, SimBody};
use super::cosmonaut::{CosmonautFigure, bounding_capsules};
use super::hatch::{self, Hatch, HatchDrive, HatchSide};
use super::{ActiveScenario, EventLog, SimClock, SimSet};
use crate::scenario::EventKind;

/// Progress through the timeline and the hatches' state.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct TimelineState {
    /// Index of the next event to fire.
    pub next_event: usize,
    /// The outer hatch's drive and plate.
    pub outer: HatchDrive,
    /// The inner hatch's drive and plate.
    pub inner: HatchDrive,
    /// Whether the outer hatch's plate is off its seat.
    pub outer_hatch_open: bool,
    /// The outer hatch was ordered shut and is not shut yet.
    pub close_pending: bool,
    /// How long the drive has been at its end with the plate still open, s.
    stalled_s: f32,
    /// The log already says the hatch is blocked.
    blocked_logged: bool,
}

impl TimelineState {
    /// Neither hatch's drive has anywhere to go, and no closing is waiting on the outer one.
    pub fn hatches_still(&self) -> bool {
        let goal = |open_wanted: bool| {
            if open_wanted {
                super::hatch::OPEN_ANGLE_RAD
            } else {
                0.0
            }
        };
        !self.close_pending
            && self.outer.target_rad == goal(self.outer.open_wanted)
            && self.inner.target_rad == goal(self.inner.open_wanted)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        (fire_events, move_hatches).chain().in_set(SimSet::Timeline),
    );
}

/// Fires the events whose time has come: logs them and passes each to what it moves.
pub fn fire_events(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    mut state: ResMut<TimelineState>,
    mut deployment: ResMut<super::deployment::Deployment>,
    mut cabin: ResMut<super::cabin::CabinState>,
    mut log: ResMut<EventLog>,
) {
    let t = clock.t_s();
    while let Some(event) = scenario
        .0
        .events
        .get(state.next_event)
        .filter(|e| e.t_s <= t)
    {
        state.next_event += 1;
        let title = match event.kind {
            EventKind::AirlockDepressurised => "airlock depressurised",
            EventKind::OuterHatchOpen => "outer hatch opens",
            EventKind::Egress => "egress (record)",
            EventKind::BackInAirlock => "back in the airlock (record)",
            EventKind::OuterHatchClose => "outer hatch ordered closed",
            EventKind::InnerHatchOpen => "inner hatch opens",
            EventKind::InnerHatchClose => "inner hatch ordered closed",
            EventKind::Repressurisation => "repressurisation begins",
            EventKind::AirlockDeploy => "airlock deployment: the booms inflate",
            EventKind::CosmonautToAirlock => "cosmonaut floats into the airlock",
            EventKind::CosmonautToCabin => "cosmonaut floats back into the cabin",
            EventKind::AirlockJettison => "airlock jettison ordered",
            EventKind::Note => "note",
        };
        let text = if event.note.is_empty() {
            title.to_string()
        } else {
            format!("{title}: {}", event.note)
        };
        log.push(t, clock.utc(), text);
        match event.kind {
            EventKind::OuterHatchOpen => {
                state.outer.open_wanted = true;
                state.close_pending = false;
            }
            // An order to shut a hatch already shut (he closed it himself) changes nothing.
            EventKind::OuterHatchClose if state.outer.open_wanted || state.outer.is_open() => {
                state.outer.open_wanted = false;
                state.close_pending = true;
            }
            EventKind::InnerHatchOpen => state.inner.open_wanted = true,
            EventKind::InnerHatchClose => state.inner.open_wanted = false,
            EventKind::AirlockDeploy => deployment.started_t_s = Some(event.t_s),
            EventKind::CosmonautToAirlock => cabin.in_cabin = false,
            EventKind::CosmonautToCabin => cabin.in_cabin = true,
            EventKind::AirlockJettison => deployment.jettison_pending = true,
            _ => {}
        }
    }
}

/// Swings the hatches towards what the crew ordered and reads where the plates are. Whether the
/// outer hatch shuts is up to the physics; the log says when it does, or what stops it.
#[allow(clippy::too_many_arguments)]
pub fn move_hatches(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    layout: Res<Layout>,
    figure: Res<CosmonautFigure>,
    mut state: ResMut<TimelineState>,
    mut log: ResMut<EventLog>,
    mut joints: Query<(&Hatch, &mut ImpulseJoint)>,
    bodies: Query<(&SimBody, &Transform)>,
) {
    let state = &mut *state;
    hatch::drive(
        &scenario.0,
        &mut [
            (HatchSide::Outer, &mut state.outer),
            (HatchSide::Inner, &mut state.inner),
        ],
        &mut joints,
    );
    let ring = |wanted: SimBody| bodies.iter().find(|(b, _)| **b == wanted).map(|(_, t)| *t);
    let (Some(airlock), Some(base)) = (ring(SimBody::Airlock), ring(SimBody::AirlockRing(0)))
    else {
        return;
    };
    for (body, transform) in &bodies {
        match body {
            SimBody::Hatch(HatchSide::Outer) => {
                state.outer.angle_rad = hatch::swing_rad(&airlock, transform);
            }
            SimBody::Hatch(HatchSide::Inner) => {
                state.inner.angle_rad = hatch::swing_rad(&base, transform);
            }
            _ => {}
        }
    }
    state.outer_hatch_open = state.outer.is_open();
    if !state.close_pending {
        return;
    }
    if !state.outer.is_open() {
        state.close_pending = false;
        state.blocked_logged = false;
        state.stalled_s = 0.0;
        log.push(clock.t_s(), clock.utc(), "outer hatch closed");
        return;
    }
    // The drive has run its course and the plate is still off its seat: say what holds it.
    if state.outer.target_rad == 0.0 && state.outer.angle_rad > 0.1 {
        state.stalled_s += clock.dt_s as f32;
    } else {
        state.stalled_s = 0.0;
    }
    if state.stalled_s > 5.0 && !state.blocked_logged {
        let to_local = airlock.compute_affine().inverse();
        let parts = bounding_capsules(
            &figure.0,
            bodies.iter().filter_map(|(body, t)| match body {
                SimBody::Cosmonaut(segment) => Some((*segment, t)),
                _ => None,
            }),
        );
        let person = parts.iter().any(|&(a, b, radius)| {
            blocks_outer_hatch(
                &layout,
                to_local.transform_point3(a),
                to_local.transform_point3(b),
                radius,
            )
        });
        let reason = if person {
            "outer hatch cannot close: the cosmonaut is in the way"
        } else {
            "outer hatch cannot close: something is in the way"
        };
        log.push(clock.t_s(), clock.utc(), reason);
        state.blocked_logged = true;
    }
}
