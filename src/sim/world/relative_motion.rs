//! Relative motion in the orbiting frame: the Clohessy-Wiltshire (Hill) accelerations that bend
//! every free body's path near a spacecraft in a circular orbit.
//!
//! In Hill's usual axes (x radial out, y along-track, z along the orbit normal) the equations are
//! x'' = 3n^2 x + 2n y',  y'' = -2n x',  z'' = -n^2 z, with n the orbit's mean motion. The
//! simulation frame (see [`crate::sim`]) has +Y radial, -Z along-track and +X along the negative
//! normal, so x = Y, y = -Z, z = -X.

use bevy::math::DVec3;
use bevy::prelude::*;

use super::environment::Environment;
use crate::sim::core::bodies::ForceBodies;
use crate::sim::core::schedule::{ActiveScenario, SimStep};

/// Acceleration of a free body at `position` (m) moving at `velocity` (m/s) in the simulation
/// frame, for mean motion `n_rad_s`.
pub fn cw_acceleration(n_rad_s: f64, position: DVec3, velocity: DVec3) -> DVec3 {
    let n2 = n_rad_s * n_rad_s;
    DVec3::new(
        -n2 * position.x,
        3.0 * n2 * position.y - 2.0 * n_rad_s * velocity.z,
        2.0 * n_rad_s * velocity.y,
    )
}

/// The closed-form solution of the same equations: where a free body starting at `position` with
/// `velocity` is after `t_s` seconds, in the simulation frame.
pub fn cw_position(n_rad_s: f64, position: DVec3, velocity: DVec3, t_s: f64) -> DVec3 {
    let n = n_rad_s;
    let (s, c) = (n * t_s).sin_cos();
    // To Hill's axes.
    let (x0, y0, z0) = (position.y, -position.z, -position.x);
    let (vx0, vy0, vz0) = (velocity.y, -velocity.z, -velocity.x);
    let x = (4.0 - 3.0 * c) * x0 + s / n * vx0 + 2.0 / n * (1.0 - c) * vy0;
    let y = 6.0 * (s - n * t_s) * x0 + y0 - 2.0 / n * (1.0 - c) * vx0
        + (4.0 * s - 3.0 * n * t_s) / n * vy0;
    let z = c * z0 + s / n * vz0;
    DVec3::new(-z, x, -y)
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(FixedUpdate, apply_hill_accelerations.in_set(SimStep::Hill));
}

/// Adds m a to every free body's applied force, when the scenario turns the terms on.
fn apply_hill_accelerations(
    scenario: Res<ActiveScenario>,
    env: Res<Environment>,
    mut bodies: ForceBodies,
) {
    if !scenario.0.file.orbit.clohessy_wiltshire {
        return;
    }
    let n = env.elements.mean_motion_rad_s;
    for (transform, velocity, mass, mut force) in &mut bodies {
        let centre = transform.transform_point(mass.local_center_of_mass);
        let a = cw_acceleration(n, centre.as_dvec3(), velocity.linear.as_dvec3());
        force.force += (a * f64::from(mass.mass)).as_vec3();
    }
}
