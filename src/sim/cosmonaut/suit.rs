//! Suit pressure: state that the valve moves at a physical rate, towards the latest setting.

use bevy::prelude::*;

use crate::scenario::{Action, Scenario};
use crate::sim::core::clock::SimClock;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::run::{PerRun, PerRunApp};
use crate::sim::core::schedule::{ActiveScenario, SimStep};

/// The suit's pressure and where the valve is taking it.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct SuitState {
    /// Absolute pressure inside the suit, kPa.
    pub pressure_kpa: f64,
    /// Where the valve is taking it, kPa.
    pub target_kpa: f64,
    /// How fast, kPa/s.
    pub rate_kpa_per_s: f64,
    /// Index of the next `SetSuitPressure` action to take effect.
    next_action: usize,
}

impl SuitState {
    /// The suit at the scenario's operating pressure.
    pub fn new(scenario: &Scenario) -> Self {
        let p = scenario.file.suit.pressure_kpa;
        Self {
            pressure_kpa: p,
            target_kpa: p,
            rate_kpa_per_s: 0.0,
            next_action: 0,
        }
    }
}

impl PerRun for SuitState {
    fn for_run(scenario: &Scenario) -> Self {
        Self::new(scenario)
    }
}

/// A turn of the suit valve by hand (in the viewer): towards `pressure_kpa` at the valve's rate.
#[derive(Message, Clone, Copy, Debug, PartialEq)]
pub struct TurnValve {
    /// Where to take the suit pressure, kPa.
    pub pressure_kpa: f64,
}

/// How fast the valve moves the suit pressure when turned by hand, kPa/s (estimate: no source
/// gives the rate; at this one the historical bleed from 40.6 to 27.4 kPa takes about a minute).
pub const HAND_VALVE_RATE_KPA_PER_S: f64 = 0.2;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<TurnValve>()
        .init_per_run::<SuitState>()
        .add_systems(FixedUpdate, turn_valve.in_set(SimStep::Valve));
}

/// Moves the suit pressure towards the valve's setting at its rate.
pub fn turn_valve(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    mut suit: ResMut<SuitState>,
    mut log: ResMut<EventLog>,
    mut turns: MessageReader<TurnValve>,
) {
    let t = clock.t_s();
    for turn in turns.read() {
        suit.target_kpa = turn.pressure_kpa;
        suit.rate_kpa_per_s = HAND_VALVE_RATE_KPA_PER_S;
        log.push(
            t,
            clock.utc(),
            SimEvent::ValveTurnedByHand {
                from_kpa: suit.pressure_kpa,
                to_kpa: turn.pressure_kpa,
                rate_kpa_per_s: HAND_VALVE_RATE_KPA_PER_S,
            },
        );
    }
    let actions = &scenario.0.actions;
    while let Some(timed) = actions.get(suit.next_action).filter(|a| a.t_s <= t) {
        suit.next_action += 1;
        if let Action::SetSuitPressure {
            pressure_kpa,
            rate_kpa_per_s,
        } = timed.action
        {
            suit.target_kpa = pressure_kpa;
            suit.rate_kpa_per_s = rate_kpa_per_s;
            log.push(
                t,
                clock.utc(),
                SimEvent::ValveSet {
                    from_kpa: suit.pressure_kpa,
                    to_kpa: pressure_kpa,
                    rate_kpa_per_s,
                },
            );
        }
    }
    let gap = suit.target_kpa - suit.pressure_kpa;
    if gap != 0.0 {
        let max_change = suit.rate_kpa_per_s * clock.dt_s;
        suit.pressure_kpa += gap.clamp(-max_change, max_change);
        if suit.pressure_kpa == suit.target_kpa {
            log.push(
                t,
                clock.utc(),
                SimEvent::SuitPressureSteady {
                    pressure_kpa: suit.pressure_kpa,
                },
            );
        }
    }
}
