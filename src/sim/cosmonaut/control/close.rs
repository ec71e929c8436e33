//! Closing the outer hatch from inside: he works its control panel, then ducks down the tube,
//! centred on its axis, out of the plate's swing while the drive closes it.

use bevy::prelude::*;

use super::laws::{damp_spin, towards_axis, velocity_force};
use super::output::Output;
use super::pass::Pass;
use super::sense::Sensed;
use crate::sim::core::events::ActionFailure;

/// Speed at which he ducks down the tube, away from a closing hatch, m/s.
const DUCK_SPEED_MPS: f32 = 0.1;

/// Closing the hatch: whether the control has been worked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Close {
    /// The control has been worked (or found out of reach).
    done: bool,
    /// Climbing back out, when told to close the hatch while stuck in its opening.
    pub climb_out: Pass,
}

/// Works the hatch's control once, and keeps out of its way.
pub fn act(close: &mut Close, s: &Sensed, out: &mut Output) {
    let local = s.local(s.person.centre_of_mass);
    let tube_length = s.layout.airlock_length_m;
    if local.y < tube_length {
        let wanted_local = towards_axis(local) - Vec3::Y * DUCK_SPEED_MPS;
        out.force = velocity_force(s.mass, s.from_local(wanted_local - s.local_velocity()));
        out.torque = damp_spin(s.inertia, s.relative_spin);
    }
    if close.done {
        return;
    }
    close.done = true;
    let inside = local.y < tube_length
        && Vec2::new(local.x, local.z).length() < s.layout.airlock_inner_radius_m;
    if inside {
        out.close_outer_hatch = true;
    } else {
        out.failure = Some(ActionFailure::CloseNotInside);
    }
}
