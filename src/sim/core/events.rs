//! What happened, typed: the recorded timeline's events as they fire and what the physics made
//! happen, each with its UTC. The log's text is rendered from these; every decision (the run's
//! outcome, a sweep's table, the tests) reads the types, never the text.

use bevy::prelude::*;
use hifitime::Epoch;

use super::bodies::Segment;
use super::run::PerRunApp;
use crate::scenario::time::format_hms;
use crate::scenario::{Action, EventKind, Hand};

/// Why an action of his could not be carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionFailure {
    /// A push-off with the airlock beyond his reach.
    PushOutOfReach,
    /// Holding on with the handrails beyond his reach.
    HandrailsOutOfReach,
    /// A handrail beyond his reach.
    HandrailOutOfReach,
    /// Entering or climbing out with the airlock beyond his reach.
    AirlockOutOfReach,
    /// Turning round with part of him out of the tube.
    TurnNotInside,
    /// Closing the hatch from outside the tube, away from its control panel.
    CloseNotInside,
}

impl std::fmt::Display for ActionFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ActionFailure::PushOutOfReach => "push-off failed: the airlock is out of reach",
            ActionFailure::HandrailsOutOfReach => "cannot hold on: the handrails are out of reach",
            ActionFailure::HandrailOutOfReach => "cannot grab the handrail: it is out of reach",
            ActionFailure::AirlockOutOfReach => "cannot reach the airlock",
            ActionFailure::TurnNotInside => "cannot turn round: he is not inside the airlock",
            ActionFailure::CloseNotInside => {
                "cannot close the hatch: its control panel is inside the airlock"
            }
        })
    }
}

/// Something that happened in the simulation.
#[derive(Clone, Debug, PartialEq)]
pub enum SimEvent {
    /// An event of the recorded timeline fired.
    Recorded {
        /// Which event.
        kind: EventKind,
        /// Its note from the scenario file (may be empty).
        note: String,
    },
    /// He moved between the cabin and the airlock.
    Cabin {
        /// In the cabin now (else in the airlock).
        in_cabin: bool,
    },
    /// The airlock's booms reached full pressure.
    AirlockDeployed {
        /// Its length, m.
        length_m: f32,
    },
    /// The jettison was refused: he is not in the cabin.
    JettisonRefused,
    /// The recorded move into the cabin cannot happen: he is not wholly inside the airlock.
    CabinRefused,
    /// The airlock was cast off.
    AirlockJettisoned {
        /// The pyrotechnics' impulse, N s.
        impulse_n_s: f64,
        /// Its line's offset from the capsule's axis, m.
        offset_m: f64,
    },
    /// The outer hatch is on its seat.
    OuterHatchClosed,
    /// The airlock's vent opens, ahead of the recorded depressurisation.
    AirlockVenting {
        /// The airlock's pressure as it opens, kPa.
        from_kpa: f64,
    },
    /// The outer hatch's drive has run its course and the plate is still off its seat.
    OuterHatchBlocked {
        /// What is in the way is he.
        by_cosmonaut: bool,
    },
    /// A new action of his begins.
    ActionStarted(Action),
    /// He let go of the handrail he held.
    LetGoOfHandrail,
    /// His hand closed on a handrail.
    GrippedHandrail(Hand),
    /// An action could not be carried out.
    ActionFailed(ActionFailure),
    /// Told to turn round or close the hatch while stuck in its opening, he climbs back out.
    ClimbsBackOut(Action),
    /// All his strength, several tries over, has not got him through the hatch.
    StuckInHatch {
        /// Suit pressure, kPa.
        pressure_kpa: f64,
        /// His section at the shoulders, m.
        section_m: f32,
        /// The hatch's diameter, m.
        hatch_m: f32,
    },
    /// What the rim pressed on hardest as he was found stuck (measured after the step).
    HeldByRim {
        /// What the pressed suit's friction on the rim held him with along the tube, N.
        squeeze_n: f32,
        /// The most it could hold, N.
        squeeze_hold_n: f32,
        /// Up to three parts of him, with the size of the rim's contact push on each, N,
        /// hardest first.
        parts: Vec<(Segment, f32)>,
    },
    /// The suit valve was turned by hand.
    ValveTurnedByHand {
        /// Pressure before, kPa.
        from_kpa: f64,
        /// Pressure set, kPa.
        to_kpa: f64,
        /// Rate, kPa/s.
        rate_kpa_per_s: f64,
    },
    /// The suit valve was set by an action.
    ValveSet {
        /// Pressure before, kPa.
        from_kpa: f64,
        /// Pressure set, kPa.
        to_kpa: f64,
        /// Rate, kPa/s.
        rate_kpa_per_s: f64,
    },
    /// The suit's pressure reached its setting.
    SuitPressureSteady {
        /// Pressure, kPa.
        pressure_kpa: f64,
    },
    /// The backpack's bottles ran dry.
    OxygenExhausted {
        /// Oxygen left in the suit, kg.
        suit_kg: f64,
        /// Suit pressure when it happened, kPa.
        pressure_kpa: f64,
    },
    /// Part of him left the airlock's tube.
    LeftTube,
    /// All of him is inside the airlock's tube.
    WhollyInside,
    /// No part of him in the tube or its mouth.
    ClearOfAirlock,
    /// The tether went taut.
    TetherTaut {
        /// Its path's length, m.
        distance_m: f64,
    },
}

impl std::fmt::Display for SimEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimEvent::Recorded { kind, note } if note.is_empty() => {
                f.write_str(recorded_title(*kind))
            }
            SimEvent::Recorded { kind, note } => write!(f, "{}: {note}", recorded_title(*kind)),
            SimEvent::Cabin { in_cabin: true } => f.write_str("cosmonaut in the cabin"),
            SimEvent::Cabin { in_cabin: false } => f.write_str("cosmonaut in the airlock"),
            SimEvent::AirlockDeployed { length_m } => write!(
                f,
                "airlock deployed: booms at full pressure, {length_m:.2} m long"
            ),
            SimEvent::JettisonRefused => {
                f.write_str("jettison refused: the cosmonaut is not in the cabin")
            }
            SimEvent::CabinRefused => {
                f.write_str("he cannot float into the cabin: he is not wholly inside the airlock")
            }
            SimEvent::AirlockJettisoned {
                impulse_n_s,
                offset_m,
            } => write!(
                f,
                "airlock jettisoned: {impulse_n_s:.0} N s, {offset_m:.2} m off the capsule's axis"
            ),
            SimEvent::OuterHatchClosed => f.write_str("outer hatch closed"),
            SimEvent::AirlockVenting { from_kpa } => {
                write!(f, "airlock vent opens at {from_kpa:.1} kPa")
            }
            SimEvent::OuterHatchBlocked { by_cosmonaut: true } => {
                f.write_str("outer hatch cannot close: the cosmonaut is in the way")
            }
            SimEvent::OuterHatchBlocked {
                by_cosmonaut: false,
            } => f.write_str("outer hatch cannot close: something is in the way"),
            SimEvent::ActionStarted(action) => write!(f, "cosmonaut: {}", describe(action)),
            SimEvent::LetGoOfHandrail => f.write_str("cosmonaut: lets go of the handrail"),
            SimEvent::GrippedHandrail(hand) => {
                write!(f, "cosmonaut: grips the {} handrail", hand_name(*hand))
            }
            SimEvent::ActionFailed(failure) => write!(f, "{failure}"),
            SimEvent::ClimbsBackOut(action) => write!(
                f,
                "cannot {}: he is stuck in the hatch's opening, and climbs back out",
                describe(action)
            ),
            SimEvent::StuckInHatch {
                pressure_kpa,
                section_m,
                hatch_m,
            } => write!(
                f,
                "cosmonaut: stuck in the hatch at {pressure_kpa:.1} kPa (his section at the shoulders {section_m:.3} m, the hatch {hatch_m:.3} m)"
            ),
            SimEvent::HeldByRim {
                squeeze_n,
                squeeze_hold_n,
                parts,
            } => held_by_rim(f, *squeeze_n, *squeeze_hold_n, parts),
            SimEvent::ValveTurnedByHand {
                from_kpa,
                to_kpa,
                rate_kpa_per_s,
            } => write!(
                f,
                "suit valve turned by hand: {from_kpa:.1} kPa -> {to_kpa:.1} kPa at {rate_kpa_per_s} kPa/s"
            ),
            SimEvent::ValveSet {
                from_kpa,
                to_kpa,
                rate_kpa_per_s,
            } => write!(
                f,
                "suit valve: {from_kpa:.1} kPa -> {to_kpa:.1} kPa at {rate_kpa_per_s} kPa/s"
            ),
            SimEvent::SuitPressureSteady { pressure_kpa } => {
                write!(f, "suit pressure steady at {pressure_kpa:.1} kPa")
            }
            SimEvent::OxygenExhausted {
                suit_kg,
                pressure_kpa,
            } => write!(
                f,
                "oxygen bottles empty: the suit holds {:.0} g and falls from {pressure_kpa:.1} kPa",
                suit_kg * 1e3
            ),
            SimEvent::LeftTube => f.write_str("cosmonaut leaves the airlock tube"),
            SimEvent::WhollyInside => f.write_str("cosmonaut wholly inside the airlock"),
            SimEvent::ClearOfAirlock => {
                f.write_str("cosmonaut clear of the airlock (free in space)")
            }
            SimEvent::TetherTaut { distance_m } => write!(f, "tether taut at {distance_m:.2} m"),
        }
    }
}

/// A recorded event's title in the log.
fn recorded_title(kind: EventKind) -> &'static str {
    match kind {
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
    }
}

/// An action in the words of the log.
pub fn describe(action: &Action) -> String {
    match action {
        Action::PushOff { speed_mps, .. } => format!("push off at {speed_mps:.2} m/s"),
        Action::PullIn {
            speed_mps,
            stop_distance_m,
        } => {
            format!("pull in along the tether at {speed_mps:.2} m/s to {stop_distance_m:.1} m")
        }
        Action::Hold => "hold on to the handrails".into(),
        Action::Float => "let go and float".into(),
        Action::GrabHandrail { hand } => {
            format!("reach for the {} handrail", hand_name(*hand))
        }
        Action::Enter { head_first: true } => "enter the airlock head first".into(),
        Action::Enter { head_first: false } => "enter the airlock feet first".into(),
        Action::Exit { head_first: true } => "climb out of the airlock head first".into(),
        Action::Exit { head_first: false } => "climb out of the airlock feet first".into(),
        Action::Throw {
            mass_kg, speed_mps, ..
        } => format!("throw {:.0} g at {speed_mps:.1} m/s", mass_kg * 1000.0),
        Action::TurnAround => "fold up and turn round inside the airlock".into(),
        Action::CloseOuterHatch => "close the outer hatch from inside".into(),
        Action::SetSuitPressure { pressure_kpa, .. } => {
            format!("set the suit to {pressure_kpa:.1} kPa")
        }
    }
}

fn hand_name(hand: Hand) -> &'static str {
    match hand {
        Hand::Left => "left",
        Hand::Right => "right",
    }
}

/// One event with its time.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// Seconds after the window start.
    pub t_s: f64,
    /// When, UTC.
    pub utc: Epoch,
    /// What happened.
    pub event: SimEvent,
}

impl std::fmt::Display for LogEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} UTC  {}", format_hms(self.utc), self.event)
    }
}

/// Everything that happened since the scenario started.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct EventLog {
    /// Entries in time order.
    pub entries: Vec<LogEntry>,
}

impl EventLog {
    /// Records an event.
    pub fn push(&mut self, t_s: f64, utc: Epoch, event: SimEvent) {
        self.entries.push(LogEntry { t_s, utc, event });
    }

    /// The last entry matching `wanted`.
    pub fn last(&self, wanted: impl Fn(&SimEvent) -> bool) -> Option<&LogEntry> {
        self.entries.iter().rev().find(|e| wanted(&e.event))
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<EventLog>();
}

/// What the rim holds him with: the pressed suit's friction, if the squeeze holds him, and the
/// parts its contact presses on hardest.
fn held_by_rim(
    f: &mut std::fmt::Formatter<'_>,
    squeeze_n: f32,
    squeeze_hold_n: f32,
    parts: &[(Segment, f32)],
) -> std::fmt::Result {
    let parts: Vec<String> = parts
        .iter()
        .map(|(segment, n)| format!("{} ({n:.0} N)", segment.name()))
        .collect();
    if squeeze_hold_n <= 0.0 {
        return write!(f, "the rim holds his {}", parts.join(", "));
    }
    write!(
        f,
        "the rim holds the pressed suit with {:.0} N of the {squeeze_hold_n:.0} N its friction can",
        squeeze_n.abs()
    )?;
    if !parts.is_empty() {
        write!(f, "; it presses on his {}", parts.join(", "))?;
    }
    Ok(())
}
