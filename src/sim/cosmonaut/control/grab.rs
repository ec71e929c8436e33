//! Reaching for a handrail: his arm stretches the hand towards the bar while he steers his body
//! after it; within a hand's breadth his fingers close on it (a joint holds the hand there).

use bevy::prelude::*;

use super::laws::{closest_on_segment, damp_spin, velocity_force};
use super::output::{GripRequest, Output};
use super::sense::{REACH_M, Sensed};
use crate::scenario::Hand;
use crate::sim::core::bodies::{Segment, Side};
use crate::sim::core::events::ActionFailure;

/// Distance from the centre of his hand to a handrail's axis at which his fingers close on it, m.
const GRIP_DISTANCE_M: f32 = 0.12;
/// Force with which his arm stretches his hand towards a handrail, N: against the suit and his
/// own posture muscles.
const ARM_REACH_FORCE_N: f32 = 60.0;
/// Speed at which he brings his hand to a handrail, m/s.
const REACH_SPEED_MPS: f32 = 0.3;
/// How briskly he closes the gap to the handrail, 1/s: the wanted speed per metre of gap.
const REACH_RATE_PER_S: f32 = 1.5;

/// A reach for a handrail and, once his hand has closed on it, the grip's joint.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grab {
    /// The joint of his hand's grip, while he holds the rail.
    pub grip: Option<Entity>,
}

/// The body's side for a hand named in the scenario.
pub fn side_of(hand: Hand) -> Side {
    match hand {
        Hand::Left => Side::Left,
        Hand::Right => Side::Right,
    }
}

/// Reaches for the handrail on `hand`'s side until he holds it.
pub fn act(grab: &Grab, s: &Sensed, hand: Hand, out: &mut Output) {
    if grab.grip.is_some() {
        return;
    }
    let side = side_of(hand);
    let segment = Segment::Hand(side);
    let Some((hand_transform, _)) = s.hands[usize::from(side == Side::Right)] else {
        return;
    };
    let (a, b) = s.layout.handrail_local_m(hand);
    let (a, b) = (
        s.lock.transform.transform_point(a),
        s.lock.transform.transform_point(b),
    );
    let hand_at = hand_transform.translation;
    let on_rail = closest_on_segment(a, b, hand_at);
    let gap = on_rail - hand_at;
    if s.person.centre_of_mass.distance(on_rail) > s.half_height + REACH_M {
        out.failure = Some(ActionFailure::HandrailOutOfReach);
    } else if gap.length() < GRIP_DISTANCE_M {
        out.grip = Some(GripRequest {
            hand: segment,
            hand_transform,
            at: hand_at,
        });
    } else {
        let wanted = (gap * REACH_RATE_PER_S).clamp_length_max(REACH_SPEED_MPS);
        out.force = velocity_force(s.mass, wanted - s.relative_velocity);
        out.torque = damp_spin(s.inertia, s.relative_spin);
        out.reach = Some((segment, gap.normalize_or_zero() * ARM_REACH_FORCE_N));
    }
}
