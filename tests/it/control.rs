//! The controller's shared control laws as pure functions, and the run's outcome telling apart
//! a spacewalk that never got clear of the airlock.

use bevy::prelude::*;
use spacewalk::headless;
use spacewalk::sim::Outcome;
use spacewalk::sim::cosmonaut::control::laws::{
    CLIMB_SPEED_MPS, GRIP_TIME_S, SOMERSAULT_RAD, closest_on_segment, damp_spin, ramp_down,
    towards_axis, turn_error, turn_towards, velocity_force,
};

fn near(a: Vec3, b: Vec3) -> bool {
    a.distance(b) < 1e-5
}

#[test]
fn the_velocity_force_removes_a_velocity_error_in_the_grip_time() {
    // F = m dv / tau: held for tau, it takes the error away.
    let error = Vec3::new(0.5, 0.0, -0.25);
    let force = velocity_force(100.0, error);
    assert!(near(force * GRIP_TIME_S / 100.0, error), "{force}");
    assert!(near(velocity_force(100.0, Vec3::ZERO), Vec3::ZERO));
}

#[test]
fn spin_damping_and_turning_oppose_the_spin_and_follow_the_error() {
    let spin = Vec3::new(0.0, 0.4, 0.0);
    let damping = damp_spin(20.0, spin);
    assert!(damping.dot(spin) < 0.0 && near(damping, -spin * 20.0 / GRIP_TIME_S));
    let error = Vec3::new(0.3, 0.0, 0.0);
    // Still and off target: a torque towards the goal; on target and spinning: against the spin.
    assert!(near(
        turn_towards(10.0, error, Vec3::ZERO, 1.0, 2.0),
        error * 10.0
    ));
    assert!(near(
        turn_towards(10.0, Vec3::ZERO, spin, 1.0, 2.0),
        -spin * 20.0
    ));
}

#[test]
fn he_steers_towards_the_tubes_axis_no_faster_than_he_climbs() {
    // A little off the axis: back towards it, in proportion; along the axis nothing.
    let close = towards_axis(Vec3::new(0.1, 5.0, 0.0));
    assert!(close.x < 0.0 && close.y == 0.0 && close.z == 0.0, "{close}");
    // Far off: towards the axis at his climbing speed.
    let far = towards_axis(Vec3::new(3.0, 0.0, 4.0));
    assert!((far.length() - CLIMB_SPEED_MPS).abs() < 1e-6, "{far}");
    assert!(near(far.normalize(), Vec3::new(-0.6, 0.0, -0.8)));
}

#[test]
fn the_turn_is_the_shortest_one_until_he_is_upside_down_then_a_forward_somersault() {
    let up = Vec3::Y;
    let tilted = Quat::from_rotation_z(0.5) * Vec3::Y;
    let error = turn_error(up, tilted, Quat::IDENTITY);
    assert!(
        (error.length() - 0.5).abs() < 1e-5 && error.z > 0.0,
        "{error}"
    );
    // Upside down the shortest turn is ill defined: he turns about his own left-right axis.
    let torso = Quat::from_rotation_y(0.7);
    let flipped = Quat::from_rotation_x(SOMERSAULT_RAD + 0.3) * Vec3::Y;
    let error = turn_error(up, flipped, torso);
    let left_right = torso * Vec3::X;
    assert!(error.normalize().dot(left_right) < -0.999, "{error}");
}

#[test]
fn ramps_and_the_nearest_point_of_a_bar() {
    assert_eq!(ramp_down(0.01, 0.02, 0.07), 1.0);
    assert_eq!(ramp_down(0.10, 0.02, 0.07), 0.0);
    assert!((ramp_down(0.045, 0.02, 0.07) - 0.5).abs() < 1e-6);
    let (a, b) = (Vec3::ZERO, Vec3::new(0.0, 1.0, 0.0));
    assert!(near(
        closest_on_segment(a, b, Vec3::new(1.0, 0.5, 0.0)),
        Vec3::new(0.0, 0.5, 0.0)
    ));
    assert!(near(closest_on_segment(a, b, Vec3::new(0.0, 3.0, 0.0)), b));
}

#[test]
fn a_hatch_too_small_to_get_out_through_is_an_egress_that_failed() {
    // A 0.5 m hatch: his helmet gets out, his ballooned shoulders (0.64 m) do not.
    let scenario = super::variant(|f| f.airlock.hatch_diameter_m = 0.5);
    let report = headless::run(scenario, Some(720.0));
    assert!(
        matches!(report.outcome, Outcome::NeverClear { shut_in: false, .. }),
        "{}",
        report.outcome
    );
    assert!(
        report.outcome.to_string().starts_with("egress: failed"),
        "{}",
        report.outcome
    );
    // The display's line for it while it runs.
    assert_eq!(report.outcome.status(), "not clear of the airlock yet");
}
