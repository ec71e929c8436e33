//! Holding on to the handrails: he stops his motion and spin relative to the airlock; waiting
//! for his first action, he presses himself onto the tube's floor instead.

use super::laws::{damp_spin, velocity_force};
use super::output::Output;
use super::sense::Sensed;
use crate::sim::core::events::ActionFailure;

/// How hard, waiting in the airlock, he presses himself onto its floor, as an acceleration of
/// his whole body, m/s^2: about a newton, a thousand times the tidal pull it holds him against.
const SETTLE_ACCELERATION_MPS2: f32 = 0.01;

/// Holds on; `waiting` before his first action, when he settles on the floor.
pub fn act(s: &Sensed, waiting: bool, out: &mut Output) {
    if !s.in_reach {
        out.failure = Some(ActionFailure::HandrailsOutOfReach);
        return;
    }
    let v = s.relative_velocity;
    out.force = if waiting {
        // A steady press towards the floor; across the tube he stops any drift.
        let lateral = v - s.axis * v.dot(s.axis);
        -s.axis * s.mass * SETTLE_ACCELERATION_MPS2 - velocity_force(s.mass, lateral)
    } else {
        velocity_force(s.mass, -v)
    };
    out.torque = damp_spin(s.inertia, s.relative_spin);
}
