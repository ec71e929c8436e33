//! Measurement after each step: detection of where he is (the one result the dynamics may
//! read), the structure's push on him, the telemetry rows, and the run's outcome. Nothing here moves a body.

pub mod contact;
pub mod outcome;
pub mod scene;
pub mod telemetry;
pub mod whereabouts;

use bevy::prelude::*;

/// The measurements' systems and per-run state.
pub fn plugin(app: &mut App) {
    app.add_plugins((whereabouts::plugin, contact::plugin, telemetry::plugin));
}
