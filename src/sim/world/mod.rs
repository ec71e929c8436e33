//! The world round the spacecraft: its orbit from the launch, the Earth and Sun at each instant,
//! and the tidal (Clohessy-Wiltshire) accelerations of the orbiting frame.

pub mod environment;
pub mod orbit;
pub mod relative_motion;

use bevy::prelude::*;

/// The world's systems and per-run state.
pub fn plugin(app: &mut App) {
    app.add_plugins((environment::plugin, relative_motion::plugin));
}
