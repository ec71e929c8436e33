//! Leonov in the Berkut suit: his anatomy and articulated body, the suit (its valve, the
//! backpack's oxygen, its ballooning under pressure), his physiology, and the controller that
//! turns his actions into forces.

pub mod anatomy;
pub mod ballooning;
pub mod body;
pub mod control;
pub mod oxygen;
pub mod physiology;
pub mod squeeze;
pub mod suit;

use bevy::prelude::*;

/// The cosmonaut's systems and per-run state.
pub fn plugin(app: &mut App) {
    app.add_plugins((
        suit::plugin,
        oxygen::plugin,
        ballooning::plugin,
        body::plugin,
        physiology::plugin,
        control::plugin,
        squeeze::plugin,
    ));
}
