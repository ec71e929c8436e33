//! The recorded timeline: events fire at their UTC and are passed to what they move (hatches,
//! the airlock's air, the airlock's deployment and jettison, his place in the cabin or the airlock).

use bevy::prelude::*;

use super::air::AirlockAir;
use super::cabin::CabinState;
use super::deployment::Deployment;
use super::hatch::Hatches;
use crate::scenario::EventKind;
use crate::sim::core::clock::SimClock;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{ActiveScenario, SimStep};
use crate::sim::core::whereabouts::Whereabouts;

/// Progress through the timeline.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct TimelineState {
    /// Index of the next event to fire.
    pub next_event: usize,
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<TimelineState>()
        .add_systems(FixedUpdate, fire_events.in_set(SimStep::FireEvents));
}

/// Fires the events whose time has come: logs them and passes each to what it moves.
pub fn fire_events(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    mut state: ResMut<TimelineState>,
    mut hatches: ResMut<Hatches>,
    mut deployment: ResMut<Deployment>,
    mut cabin: ResMut<CabinState>,
    mut air: ResMut<AirlockAir>,
    whereabouts: Res<Whereabouts>,
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
        log.push(
            t,
            clock.utc(),
            SimEvent::Recorded {
                kind: event.kind,
                note: event.note.clone(),
            },
        );
        match event.kind {
            EventKind::OuterHatchOpen => {
                air.at_vacuum();
                hatches.outer.open_wanted = true;
                hatches.close_pending = false;
            }
            // An order to shut a hatch already shut (he closed it himself) changes nothing.
            EventKind::OuterHatchClose => hatches.order_outer_shut(),
            EventKind::InnerHatchOpen => {
                air.equalise();
                hatches.inner.open_wanted = true;
            }
            EventKind::AirlockDepressurised => air.at_vacuum(),
            EventKind::Repressurisation => air.refill(),
            EventKind::InnerHatchClose => hatches.inner.open_wanted = false,
            EventKind::AirlockDeploy => deployment.started_t_s = Some(event.t_s),
            EventKind::CosmonautToAirlock => cabin.in_cabin = false,
            // Only from inside the airlock: the cabin is through the inner hatch, not a jump
            // from wherever he floats.
            EventKind::CosmonautToCabin if whereabouts.wholly_inside == Some(true) => {
                cabin.in_cabin = true;
            }
            EventKind::CosmonautToCabin if !cabin.in_cabin => {
                log.push(t, clock.utc(), SimEvent::CabinRefused);
            }
            EventKind::AirlockJettison => deployment.jettison_pending = true,
            _ => {}
        }
    }
}
