//! The spacecraft and what hangs on it: the capsule, the Volga airlock with its rings, booms and
//! hatches and air, its deployment and jettison, the tether, the recorded timeline that drives them, and
//! whether he is in the cabin or the airlock.

pub mod air;
pub mod airlock;
pub mod cabin;
pub mod deployment;
pub mod hatch;
pub mod spacecraft;
pub mod tether;
pub mod timeline;

use bevy::prelude::*;

/// The craft's systems and per-run state.
pub fn plugin(app: &mut App) {
    app.add_plugins((
        timeline::plugin,
        air::plugin,
        hatch::plugin,
        cabin::plugin,
        deployment::plugin,
        spacecraft::plugin,
        tether::plugin,
    ));
}
