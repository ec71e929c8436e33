//! The recorded timeline: events fire at their UTC, and the hatch events move the real hatch.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::airlock::{OuterHatch, blocks_outer_hatch};
use super::bodies::{Layout, SimBody, groups};
use super::cosmonaut::{CosmonautFigure, bounding_capsules};
use super::{ActiveScenario, EventLog, SimClock, SimSet};
use crate::scenario::EventKind;

/// Progress through the timeline and the hatch's state.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct TimelineState {
    /// Index of the next event to fire.
    pub next_event: usize,
    /// Whether the outer hatch is open.
    pub outer_hatch_open: bool,
    /// A close was ordered and has not happened yet.
    pub close_pending: bool,
    /// The log already says the hatch is blocked.
    blocked_logged: bool,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        (fire_events, move_outer_hatch)
            .chain()
            .in_set(SimSet::Timeline),
    );
}

fn fire_events(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    mut state: ResMut<TimelineState>,
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
            EventKind::Repressurisation => "repressurisation begins",
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
                state.outer_hatch_open = true;
                state.close_pending = false;
            }
            EventKind::OuterHatchClose => state.close_pending = true,
            _ => {}
        }
    }
}

/// Opens the hatch at once; closes it only when nothing is in its way. An open hatch is swung
/// flat against the tube wall, so its collider stops touching anything.
fn move_outer_hatch(
    clock: Res<SimClock>,
    layout: Res<Layout>,
    figure: Res<CosmonautFigure>,
    mut state: ResMut<TimelineState>,
    mut log: ResMut<EventLog>,
    mut hatch: Query<&mut CollisionGroups, With<OuterHatch>>,
    bodies: Query<(&SimBody, &Transform)>,
) {
    let Ok(mut hatch) = hatch.single_mut() else {
        return;
    };
    if state.outer_hatch_open && !state.close_pending {
        if hatch.memberships != Group::NONE {
            *hatch = CollisionGroups::new(Group::NONE, Group::NONE);
        }
        return;
    }
    if !state.close_pending {
        return;
    }
    let Some(airlock) = bodies
        .iter()
        .find(|(b, _)| **b == SimBody::Airlock)
        .map(|(_, t)| *t)
    else {
        return;
    };
    let to_local = airlock.compute_affine().inverse();
    let parts = bounding_capsules(
        &figure.0,
        bodies.iter().filter_map(|(body, t)| match body {
            SimBody::Cosmonaut(segment) => Some((*segment, t)),
            _ => None,
        }),
    );
    let blocked = parts.iter().any(|&(a, b, radius)| {
        blocks_outer_hatch(
            &layout,
            to_local.transform_point3(a),
            to_local.transform_point3(b),
            radius,
        )
    });
    if blocked {
        if !state.blocked_logged {
            log.push(
                clock.t_s(),
                clock.utc(),
                "outer hatch cannot close: the cosmonaut is in the way",
            );
            state.blocked_logged = true;
        }
        return;
    }
    *hatch = groups::structure();
    state.outer_hatch_open = false;
    state.close_pending = false;
    state.blocked_logged = false;
    log.push(clock.t_s(), clock.utc(), "outer hatch closed");
}
