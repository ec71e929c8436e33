//! Throwing something from his right hand: the two share the momentum exchanged.

use bevy::prelude::*;

use super::output::Output;
use super::sense::Sensed;

/// A throw's progress.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Throw {
    /// The throw is done (it is one impulse).
    done: bool,
}

/// Throws `mass_kg` at `speed_mps` relative to his hand along `direction`, once.
pub fn act(
    throw: &mut Throw,
    s: &Sensed,
    (mass_kg, speed_mps, direction): (f64, f64, [f64; 3]),
    out: &mut Output,
) {
    if throw.done {
        return;
    }
    throw.done = true;
    let Some((hand, hand_velocity)) = s.hands[1] else {
        return;
    };
    let m = mass_kg as f32;
    let way = Vec3::from_array(direction.map(|d| d as f32)).normalize();
    // Relative speed as given; the two share the momentum exchanged.
    let exchanged = m * s.mass / (m + s.mass) * speed_mps as f32;
    out.impulse = -way * exchanged;
    out.thrown = Some((
        hand.translation + way * 0.1,
        hand_velocity + way * exchanged / m,
        m,
    ));
}
