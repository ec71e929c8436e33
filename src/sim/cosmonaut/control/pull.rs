//! Pulling himself in hand over hand along the tether: a tether transmits force only along
//! itself, so his pull loads the harness and its reaction the point the tether runs from.

use bevy::prelude::*;

use super::laws::{damp_spin, velocity_force};
use super::output::Output;
use super::sense::Sensed;

/// Distance over which he slows down before the stop, m.
const SLOW_DOWN_M: f32 = 0.5;

/// Pulls in at up to `speed_mps` until the harness is `stop_distance_m` from where the tether
/// leaves the airlock.
pub fn act(s: &Sensed, speed_mps: f64, stop_distance_m: f64, out: &mut Output) {
    // The tether leaves the airlock through the outer hatch, so outside he pulls towards the
    // hatch; inside the tube, towards the anchor.
    let local = s.local(s.harness);
    let outside = local.y > s.layout.airlock_length_m
        || Vec2::new(local.x, local.z).length() > s.layout.airlock_inner_radius_m;
    let pull_point = if outside { s.hatch } else { s.anchor };
    let to_point = pull_point - s.harness;
    let distance = to_point.length();
    let direction = to_point.normalize_or_zero();
    let excess = distance - stop_distance_m as f32;
    // Slow down over the last half metre, then stay: a tether cannot push him away.
    let wanted = if excess > 0.0 {
        direction * speed_mps as f32 * (excess / SLOW_DOWN_M).min(1.0)
    } else {
        Vec3::ZERO
    };
    out.force = direction * velocity_force(s.mass, wanted - s.relative_velocity).dot(direction);
    out.force_point = s.harness;
    out.reaction_point = pull_point;
    out.at_harness = true;
    out.torque = damp_spin(s.inertia, s.relative_spin);
}
