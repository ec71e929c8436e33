//! The run's outcome, decided from its typed events and where he and the outer hatch are: what
//! the command line, the sweep, the display and the tests read.

use hifitime::Epoch;

use crate::scenario::time::format_hms;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::whereabouts::Whereabouts;

/// When and how he was last stuck in the hatch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stuck {
    /// When the log said so.
    pub at: Epoch,
    /// Suit pressure then, kPa.
    pub pressure_kpa: f64,
    /// His section at the shoulders, m.
    pub section_m: f32,
    /// The hatch's diameter, m.
    pub hatch_m: f32,
}

/// How the spacewalk ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// He never left the airlock's tube.
    NeverOut,
    /// Part of him got out of the tube but never clear of the airlock.
    NeverClear {
        /// When the run ended (or stood when asked).
        ended: Epoch,
        /// He is back inside with the outer hatch shut.
        shut_in: bool,
        /// The last time he was stuck in the hatch.
        stuck: Option<Stuck>,
    },
    /// Back in the airlock, wholly inside, with the outer hatch shut.
    Returned {
        /// When the outer hatch shut.
        hatch_closed: Option<Epoch>,
        /// When he was last wholly inside the airlock from.
        wholly_inside: Option<Epoch>,
    },
    /// Not back in with the hatch shut when the run ended.
    NotReturned {
        /// When the run ended.
        ended: Epoch,
        /// He is wholly inside the airlock (the hatch is still open).
        in_airlock: bool,
        /// When the bottles ran dry.
        oxygen_exhausted: Option<Epoch>,
        /// The last time he was stuck in the hatch.
        stuck: Option<Stuck>,
    },
}

impl Outcome {
    /// The outcome now: from what the log says happened, where he is and whether the outer
    /// hatch is open, at `now`.
    pub fn decide(
        log: &EventLog,
        whereabouts: &Whereabouts,
        outer_hatch_open: bool,
        now: Epoch,
    ) -> Self {
        let stuck = log
            .last(|e| matches!(e, SimEvent::StuckInHatch { .. }))
            .and_then(|entry| match entry.event {
                SimEvent::StuckInHatch {
                    pressure_kpa,
                    section_m,
                    hatch_m,
                } => Some(Stuck {
                    at: entry.utc,
                    pressure_kpa,
                    section_m,
                    hatch_m,
                }),
                _ => None,
            });
        let in_airlock = whereabouts.wholly_inside == Some(true);
        let shut_in = in_airlock && !outer_hatch_open;
        if !whereabouts.has_left_tube {
            return Outcome::NeverOut;
        }
        if !whereabouts.has_been_clear {
            return Outcome::NeverClear {
                ended: now,
                shut_in,
                stuck,
            };
        }
        let at = |wanted: fn(&SimEvent) -> bool| log.last(wanted).map(|e| e.utc);
        if shut_in {
            return Outcome::Returned {
                hatch_closed: at(|e| *e == SimEvent::OuterHatchClosed),
                wholly_inside: at(|e| *e == SimEvent::WhollyInside),
            };
        }
        Outcome::NotReturned {
            ended: now,
            in_airlock,
            oxygen_exhausted: at(|e| matches!(e, SimEvent::OxygenExhausted { .. })),
            stuck,
        }
    }

    /// He is back in behind the shut hatch (whether anything still to come in the scenario can
    /// change that is for the caller to ask; see [`crate::headless::run_to_outcome`]).
    pub fn settled(&self) -> bool {
        matches!(
            self,
            Outcome::Returned { .. } | Outcome::NeverClear { shut_in: true, .. }
        )
    }

    /// A few words on where the spacewalk stands, for a display while it runs.
    pub fn status(&self) -> String {
        match self {
            Outcome::NeverOut => "not out yet".into(),
            Outcome::NeverClear { shut_in: true, .. } => {
                "back in without getting clear of the airlock".into()
            }
            Outcome::NeverClear { .. } => "not clear of the airlock yet".into(),
            Outcome::Returned { hatch_closed, .. } => match hatch_closed {
                Some(at) => format!("back in, outer hatch shut at {}", format_hms(*at)),
                None => "back in, outer hatch shut".into(),
            },
            Outcome::NotReturned {
                in_airlock: true, ..
            } => "in the airlock, outer hatch open".into(),
            Outcome::NotReturned { .. } => "outside".into(),
        }
    }

    /// He got back in behind the shut hatch after a spacewalk.
    pub fn returned(&self) -> bool {
        matches!(self, Outcome::Returned { .. })
    }
}

impl std::fmt::Display for Stuck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "last stuck in the hatch at {} UTC, at {:.1} kPa (his section at the shoulders {:.3} m, the hatch {:.3} m)",
            format_hms(self.at),
            self.pressure_kpa,
            self.section_m,
            self.hatch_m
        )
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::NeverOut => f.write_str("ingress: not attempted (he never went outside)"),
            Outcome::NeverClear {
                ended,
                shut_in,
                stuck,
            } => {
                f.write_str("egress: failed (he never got clear of the airlock")?;
                let end = format_hms(*ended);
                if *shut_in {
                    write!(f, "; back inside behind the shut hatch at {end} UTC")?;
                } else {
                    write!(f, "; not back inside behind the shut hatch at {end} UTC")?;
                }
                if let Some(stuck) = stuck {
                    write!(f, "; {stuck}")?;
                }
                f.write_str(")")
            }
            Outcome::Returned {
                hatch_closed,
                wholly_inside,
            } => {
                let closed = hatch_closed.map_or_else(|| "an unknown time".into(), format_hms);
                write!(f, "ingress: completed at {closed} UTC (outer hatch closed")?;
                if let Some(inside) = wholly_inside {
                    write!(f, ", wholly inside from {}", format_hms(*inside))?;
                }
                f.write_str(")")
            }
            Outcome::NotReturned {
                ended,
                in_airlock,
                oxygen_exhausted,
                stuck,
            } => {
                f.write_str("ingress: failed (")?;
                if let Some(empty) = oxygen_exhausted {
                    write!(f, "oxygen exhausted at {} UTC; ", format_hms(*empty))?;
                }
                let end = format_hms(*ended);
                if *in_airlock {
                    write!(f, "outer hatch still open at {end} UTC, when the run ended")?;
                } else {
                    write!(f, "still outside at {end} UTC, when the run ended")?;
                }
                if let Some(stuck) = stuck {
                    write!(f, "; {stuck}")?;
                }
                f.write_str(")")
            }
        }
    }
}
