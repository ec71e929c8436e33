//! The control laws every action shares, with their gains named in units: a body's motion as
//! the controller senses it, the force that removes a velocity error, turning, what he feels
//! resisting him and how long he can keep pushing.

use bevy::prelude::*;

/// Time constant of his velocity corrections, s: how briskly he grips and pulls.
pub const GRIP_TIME_S: f32 = 0.5;
/// Largest torque he can turn his body with against the airlock, N m.
pub const MAX_TURN_TORQUE_NM: f32 = 60.0;
/// Speed he climbs along the airlock's axis, m/s.
pub const CLIMB_SPEED_MPS: f32 = 0.25;
/// How briskly he steers towards the tube's axis, 1/s: the wanted sideways speed per metre off it.
pub const CENTRING_RATE_PER_S: f32 = 1.5;
/// Turned further than this from where he wants to face, he somersaults, rad.
pub const SOMERSAULT_RAD: f32 = 2.5;

/// The time he takes to feel a change in what resists him and answer it, s: about a human
/// reaction time (estimate), so the contacts' step-to-step chatter does not reach his arms.
pub const REACTION_S: f64 = 0.25;
/// The least share of his strength that tires him: below it a static effort can be held
/// indefinitely (Rohmert's curve; docs/sources.md [61]).
pub const TIRELESS_SHARE: f32 = 0.15;

/// A body's state as the controller needs it.
#[derive(Clone, Copy, Debug)]
pub struct Kinematics {
    /// Where the body is.
    pub transform: Transform,
    /// Its centre of mass, simulation frame, m.
    pub centre_of_mass: Vec3,
    /// Velocity of the centre of mass, m/s.
    pub linear: Vec3,
    /// Angular velocity, rad/s.
    pub angular: Vec3,
}

impl Kinematics {
    /// Velocity of a point fixed to this body.
    pub fn velocity_at(&self, point: Vec3) -> Vec3 {
        self.linear + self.angular.cross(point - self.centre_of_mass)
    }
}

/// The force that removes a velocity error of a body of `mass_kg` in [`GRIP_TIME_S`], N.
pub fn velocity_force(mass_kg: f32, velocity_error_mps: Vec3) -> Vec3 {
    mass_kg * velocity_error_mps / GRIP_TIME_S
}

/// What he feels along a line besides his own push, N: what his last push of `push_n` gained
/// him (the `speed_change_mps` of the relative motion over `dt_s`, times the `reduced_mass_kg`
/// of him and what he pushes on) less that push, smoothed over [`REACTION_S`] from the last
/// `felt_n`. Against a wall that does not yield he feels his whole push; in free flight, nothing.
pub fn felt_n(
    felt_n: f32,
    reduced_mass_kg: f32,
    (speed_change_mps, push_n): (f32, f32),
    dt_s: f64,
) -> f32 {
    let other_n = reduced_mass_kg * speed_change_mps / dt_s as f32 - push_n;
    let follow = 1.0 - (-dt_s / REACTION_S).exp() as f32;
    felt_n + (other_n - felt_n) * follow
}

/// His push the `way` he goes (+1 or -1 along a line) where something may hold him, N: what his
/// pace needs (`pace_n`, counted that way) plus the resistance he feels against it (`felt_n`
/// counted along the line, [`felt_n`]), up to all his strength (`max_n`). Pushing against
/// what holds him, his effort grows with it; free again, it falls back within his reaction time.
pub fn push_through_n(pace_n: f32, felt_n: f32, way: f32, max_n: f32) -> f32 {
    (pace_n + (-felt_n * way).max(0.0)).min(max_n)
}

/// How closely what holds him must match his push for him to feel that nothing gives, N: his
/// sense of the hold is smoothed, so it only nears his push (estimate: a newton, against pushes
/// of tens).
pub const CAUGHT_SLACK_N: f32 = 1.0;

/// Whether he is caught on the rim: pushing `way` (+1 or -1 along a line) with `push_n`, askew
/// (`readiness` 0: he leans on nothing he feels), what holds him back (`felt_n`, counted along
/// the line) takes all of that push, and he makes no headway (`speed_mps` along the line not
/// the way he pushes; sliding steadily against a drag also balances his push, but he moves). No
/// harder push would straighten him there; he backs off and re-centres.
pub fn caught_on_rim(
    push_n: f32,
    felt_n: f32,
    (way, speed_mps): (f32, f32),
    readiness: f32,
) -> bool {
    readiness <= 0.0 && speed_mps * way <= 0.0 && -felt_n * way + CAUGHT_SLACK_N >= push_n
}

/// How long a man holds a static effort of `share` of his strength, s: Rohmert's endurance
/// curve, `t = -1.5 + 2.1/f - 0.6/f^2 + 0.1/f^3` minutes (docs/sources.md [61]): 6 s at all
/// his strength, 66 s at half, about a quarter of an hour at [`TIRELESS_SHARE`], below which it
/// does not apply (the share is clamped to it).
pub fn endurance_s(share: f32) -> f64 {
    let f = f64::from(share.clamp(TIRELESS_SHARE, 1.0));
    60.0 * (-1.5 + 2.1 / f - 0.6 / (f * f) + 0.1 / (f * f * f))
}

/// The torque that stops a spin relative to the airlock in [`GRIP_TIME_S`], N m.
pub fn damp_spin(inertia_kg_m2: f32, relative_spin_rad_s: Vec3) -> Vec3 {
    -inertia_kg_m2 * relative_spin_rad_s / GRIP_TIME_S
}

/// A spring-damper turn towards a goal: `error_rad` (axis times angle) at `stiffness_per_s2`,
/// the spin relative to the airlock damped at `damping_per_s`, N m.
pub fn turn_towards(
    inertia_kg_m2: f32,
    error_rad: Vec3,
    relative_spin_rad_s: Vec3,
    stiffness_per_s2: f32,
    damping_per_s: f32,
) -> Vec3 {
    inertia_kg_m2 * (error_rad * stiffness_per_s2 - relative_spin_rad_s * damping_per_s)
}

/// The sideways velocity (airlock frame) that steers a point at `local` towards the tube's
/// axis, no faster than he climbs.
pub fn towards_axis(local: Vec3) -> Vec3 {
    let lateral = Vec3::new(local.x, 0.0, local.z);
    (-lateral * CENTRING_RATE_PER_S).clamp_length_max(CLIMB_SPEED_MPS)
}

/// The rotation (axis times angle) that turns his long axis `up` to `wanted_up`. Far from the
/// goal the shortest turn is ill defined (upside down, the faintest tilt would pick its axis):
/// he somersaults forwards, head towards the chest, about his own left-right axis.
pub fn turn_error(up: Vec3, wanted_up: Vec3, torso: Quat) -> Vec3 {
    let angle = up.angle_between(wanted_up);
    if angle > SOMERSAULT_RAD {
        -(torso * Vec3::X) * angle
    } else {
        Quat::from_rotation_arc(up, wanted_up).to_scaled_axis()
    }
}

/// 1 up to `full`, 0 from `none` on, and straight in between.
pub fn ramp_down(value: f32, full: f32, none: f32) -> f32 {
    ((none - value) / (none - full)).clamp(0.0, 1.0)
}

/// The point of segment `a`-`b` nearest to `p`.
pub fn closest_on_segment(a: Vec3, b: Vec3, p: Vec3) -> Vec3 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_squared().max(1e-12)).clamp(0.0, 1.0);
    a + ab * t
}
