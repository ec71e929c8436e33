//! What every domain of the simulation shares: the clock, typed events, the bodies' ids and
//! collision groups, the airlock frame and its layout, the order of a step, per-run state, and
//! where he is as the detection step last found it. Depends on nothing else in the simulation.

pub mod bodies;
pub mod clock;
pub mod events;
pub mod layout;
pub mod run;
pub mod schedule;
pub mod whereabouts;

use bevy::prelude::*;

/// The shared systems and per-run state.
pub fn plugin(app: &mut App) {
    app.add_plugins((
        bodies::plugin,
        clock::plugin,
        events::plugin,
        layout::plugin,
        whereabouts::plugin,
    ));
}
