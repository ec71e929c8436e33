//! The viewer's telemetry history: every sample of a short window, an evenly thinned sample of a
//! long one, never more than [`HISTORY_CAP`] rows, so the viewer's memory stays flat however
//! long the window runs. The simulation's own row list is cut to its latest row each frame.
//! A run that goes back (a reload, a jump back) drops what lay ahead of it.

use bevy::prelude::*;

use crate::sim::{Telemetry, TelemetryRow};

/// Most rows the history holds (about 2.5 MB of rows). When it fills, every other row goes and
/// from then on only every other new row is kept, so the whole window stays covered evenly.
pub const HISTORY_CAP: usize = 8192;

/// The samples of the run so far, oldest first, thinned evenly once there are too many.
#[derive(Resource, Clone, Debug, Default)]
pub struct History {
    rows: Vec<TelemetryRow>,
    /// Every how many samples one is kept (a power of two; 0 before the first thinning).
    stride: usize,
    /// Samples seen since the last one kept.
    skipped: usize,
    /// Time of the latest sample taken, s into the window.
    latest_t_s: Option<f64>,
}

impl History {
    /// The rows kept, oldest first.
    pub fn rows(&self) -> &[TelemetryRow] {
        &self.rows
    }

    /// Every how many of the simulation's samples one is kept.
    pub fn stride(&self) -> usize {
        self.stride.max(1)
    }

    /// Takes the next sample. One at or before the latest taken means the run went back (a
    /// reload, or a jump back in time): what lies at or after it is dropped first.
    pub fn push(&mut self, row: &TelemetryRow) {
        if self.latest_t_s.is_some_and(|t| row.t_s <= t) {
            self.rows.retain(|kept| kept.t_s < row.t_s);
            if self.rows.is_empty() {
                *self = History::default();
            }
            self.skipped = self.stride();
        }
        self.latest_t_s = Some(row.t_s);
        self.skipped += 1;
        if self.skipped < self.stride() && !self.rows.is_empty() {
            return;
        }
        self.skipped = 0;
        self.rows.push(row.clone());
        if self.rows.len() >= HISTORY_CAP {
            let mut k = 0;
            self.rows.retain(|_| {
                k += 1;
                k % 2 == 1
            });
            // The row just taken went (the cap is even): counting from the last one kept, a
            // whole old stride of samples has passed already.
            self.skipped = self.stride();
            self.stride = self.stride() * 2;
        }
    }

    /// Time of the latest sample taken, s into the window.
    pub fn latest_t_s(&self) -> Option<f64> {
        self.latest_t_s
    }
}

/// Moves the simulation's new samples into the history, leaving it only the latest (which the
/// HUD reads).
fn take_samples(mut telemetry: ResMut<Telemetry>, mut history: ResMut<History>) {
    let rows = &mut telemetry.rows;
    let Some(last) = rows.last() else {
        return;
    };
    if rows.len() == 1 && history.latest_t_s() == Some(last.t_s) {
        return;
    }
    let seen = history.latest_t_s();
    // The row left behind last frame was taken then; a run that went back starts below it.
    let fresh = match (seen, rows.first()) {
        (Some(seen_t_s), Some(first)) if first.t_s == seen_t_s => 1,
        _ => 0,
    };
    for row in &rows[fresh..] {
        history.push(row);
    }
    let keep = rows.len() - 1;
    rows.drain(..keep);
}

/// The history and the system that feeds it, after each frame's simulation steps.
pub fn plugin(app: &mut App) {
    app.init_resource::<History>()
        .add_systems(PostUpdate, take_samples);
}
