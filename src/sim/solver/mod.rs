//! How hard the solver works: its effort per step follows what the step holds, quiet hours
//! coast without physics, and the simulation's own bridge to Rapier hands it loads and reads
//! back poses.

pub mod coast;
pub mod effort;
pub mod rapier_sync;

use bevy::prelude::*;

/// The solver's systems and per-run state.
pub fn plugin(app: &mut App) {
    app.add_plugins((coast::plugin, effort::plugin));
}
