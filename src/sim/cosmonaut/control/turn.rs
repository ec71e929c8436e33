//! Turning round inside the airlock: he folds up first, then somersaults end over end in the
//! tube, held in its middle; wedged across it with no headway he strains harder and harder, up
//! to his full turning torque.

use bevy::prelude::*;

use super::laws::{CLIMB_SPEED_MPS, MAX_TURN_TORQUE_NM, turn_error, turn_towards, velocity_force};
use super::output::Output;
use super::pass::Pass;
use super::sense::Sensed;
use crate::sim::core::events::ActionFailure;

/// The window over which he judges whether turning round gains him anything, s: turning a whole
/// window without getting closer, he strains (design value, docs/calibration.md §6 group 7).
const STALL_S: f64 = 2.0;
/// How long he takes to fold up before he starts to turn round, s.
const TUCK_S: f64 = 4.0;
/// Within this of facing the outer hatch he has turned round, rad.
const TURNED_RAD: f32 = 0.5;
/// Turning closer to the outer hatch by less than this over a stall window is no headway, rad.
const TURN_HEADWAY_RAD: f32 = 0.1;
/// How briskly he holds the tube's middle while he turns, 1/s.
const HOLD_MIDDLE_RATE_PER_S: f32 = 0.8;
/// Folding up, how briskly he stops his spin, 1/s.
const TUCK_SPIN_DAMPING_PER_S: f32 = 1.5;
/// Stiffness of his steady turn, 1/s^2.
const TURN_STIFFNESS_PER_S2: f32 = 0.5;
/// Damping of his steady turn, 1/s.
const TURN_DAMPING_PER_S: f32 = 1.5;

/// A turn round's progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Turn {
    /// The nearest he has come to facing the outer hatch, rad.
    best_rad: f32,
    /// How long he has turned without headway, s.
    stalled_s: f64,
    /// Climbing back out, when told to turn while stuck in the hatch's opening.
    pub climb_out: Pass,
}

impl Default for Turn {
    fn default() -> Self {
        Self {
            best_rad: f32::MAX,
            stalled_s: 0.0,
            climb_out: Pass::default(),
        }
    }
}

impl Turn {
    /// The climb back out that stands in for the turn while he is stuck in the hatch's opening;
    /// meanwhile the turn makes no headway to judge, so its stall window starts afresh.
    pub fn climbing_out(&mut self) -> &mut Pass {
        self.stalled_s = 0.0;
        &mut self.climb_out
    }

    /// He has turned a whole headway window without getting closer, or his climb out failed.
    pub fn thwarted(&self) -> bool {
        self.stalled_s >= STALL_S || self.climb_out.thwarted()
    }
}

/// Turns him round, `elapsed_s` into the action.
pub fn act(turn: &mut Turn, s: &Sensed, elapsed_s: f64, out: &mut Output) {
    let local = s.local(s.person.centre_of_mass);
    // Hold the middle of the tube, on its axis, while he turns.
    let goal = Vec3::new(0.0, s.layout.airlock_length_m / 2.0, 0.0);
    let wanted_local = ((goal - local) * HOLD_MIDDLE_RATE_PER_S).clamp_length_max(CLIMB_SPEED_MPS);
    out.force = velocity_force(s.mass, s.from_local(wanted_local - s.local_velocity()));
    let angle = s.up.angle_between(s.axis);
    let error = turn_error(s.up, s.axis, s.person.transform.rotation);
    let tucking = elapsed_s < TUCK_S;
    // Wedged across the tube, making no headway in the turn for a stall window, he strains
    // harder and harder, up to all his strength over the next.
    let headway = angle < TURNED_RAD || angle < turn.best_rad - TURN_HEADWAY_RAD;
    if tucking || headway {
        turn.best_rad = turn.best_rad.min(angle);
        turn.stalled_s = 0.0;
    } else {
        turn.stalled_s += s.dt_s;
    }
    out.torque = if tucking {
        // Folding up first: he only holds still.
        -s.inertia * s.relative_spin * TUCK_SPIN_DAMPING_PER_S
    } else {
        let steady = turn_towards(
            s.inertia,
            error,
            s.relative_spin,
            TURN_STIFFNESS_PER_S2,
            TURN_DAMPING_PER_S,
        );
        let strain = ((turn.stalled_s - STALL_S) / STALL_S).clamp(0.0, 1.0) as f32;
        steady.lerp(error.normalize_or_zero() * MAX_TURN_TORQUE_NM, strain)
    };
    // With any of him out of the tube there is no turning round inside it (stuck in its
    // opening he climbs back out instead).
    if s.partly_out() {
        out.fail(ActionFailure::TurnNotInside);
    }
}
