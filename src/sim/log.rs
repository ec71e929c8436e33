//! The event log: recorded events as they fire and what the physics made happen, with UTC.

use bevy::prelude::*;
use hifitime::Epoch;

use crate::scenario::time::format_hms;

/// One line of the event log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// Seconds after the window start.
    pub t_s: f64,
    /// When, UTC.
    pub utc: Epoch,
    /// What happened.
    pub text: String,
}

impl std::fmt::Display for LogEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} UTC  {}", format_hms(self.utc), self.text)
    }
}

/// Everything logged since the scenario started.
#[derive(Resource, Clone, Debug, Default)]
pub struct EventLog {
    /// Entries in time order.
    pub entries: Vec<LogEntry>,
}

impl EventLog {
    /// Appends a line.
    pub fn push(&mut self, t_s: f64, utc: Epoch, text: impl Into<String>) {
        self.entries.push(LogEntry {
            t_s,
            utc,
            text: text.into(),
        });
    }
}
