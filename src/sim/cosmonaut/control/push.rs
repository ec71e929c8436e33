//! Pushing off the airlock's rim: one impulse, shared with the structure he pushes against.

use bevy::prelude::*;

use super::output::Output;
use super::sense::Sensed;
use crate::sim::core::events::ActionFailure;

/// A push-off's progress.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Push {
    /// The push is done (it is one impulse).
    done: bool,
}

/// Pushes off at `speed_mps` relative to the airlock along `direction`, once.
pub fn act(push: &mut Push, s: &Sensed, speed_mps: f64, direction: [f64; 3], out: &mut Output) {
    if push.done {
        return;
    }
    push.done = true;
    if s.in_reach {
        let wanted = Vec3::from_array(direction.map(|d| d as f32)).normalize() * speed_mps as f32;
        // Two bodies pushing apart share the momentum by their reduced mass.
        out.impulse = s.reduced_mass * (wanted - s.relative_velocity);
    } else {
        out.failure = Some(ActionFailure::PushOutOfReach);
    }
}
