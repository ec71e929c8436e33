//! The controller's shared control laws as pure functions (his push at a mouth that holds him
//! as a closed loop on one line), and the run's outcome telling apart
//! a spacewalk that never got clear of the airlock.

use bevy::prelude::*;
use spacewalk::headless;
use spacewalk::sim::Outcome;
use spacewalk::sim::cosmonaut::control::laws::{
    CLIMB_SPEED_MPS, GRIP_TIME_S, REACTION_S, SOMERSAULT_RAD, TIRELESS_SHARE, caught_on_rim,
    closest_on_segment, damp_spin, endurance_s, felt_n, push_through_n, ramp_down, towards_axis,
    turn_error, turn_towards, velocity_force,
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

/// How his push against a hold went, on one line, over `seconds`.
struct Pushed {
    /// His push at the end, N.
    push_n: f32,
    /// When his push first reached all his strength, s.
    saturated_s: Option<f64>,
    /// When he first felt caught (askew, and the hold taking all his push), s.
    caught_s: Option<f64>,
    /// How far he moved, m.
    moved_m: f32,
}

/// He pushes at his pace (the way +1) against something that holds him with up to `hold_n`
/// (dry friction: nothing moves below it, and sliding costs it), with all his strength
/// `max_n`, at `rate_hz`: the effort law closed round a hold, as at the hatch's rim.
fn push_against(hold_n: f32, max_n: f32, rate_hz: f64, seconds: f64) -> Pushed {
    push_lined_up(1.0, hold_n, max_n, rate_hz, seconds)
}

/// [`push_against`] lined up only as far as `readiness` (0 askew, 1 lined up): he leans on what
/// he feels only that far, as at the hatch; `caught_s` is when he would know he is caught.
fn push_lined_up(readiness: f32, hold_n: f32, max_n: f32, rate_hz: f64, seconds: f64) -> Pushed {
    let (mass_kg, dt_s) = (90.0_f32, 1.0 / rate_hz);
    let (mut speed, mut felt, mut push, mut moved_m) = (0.0_f32, 0.0_f32, 0.0_f32, 0.0_f32);
    let (mut saturated_s, mut caught_s) = (None, None);
    for i in 0..(seconds * rate_hz).round() as usize {
        let pace_n = velocity_force(mass_kg, Vec3::X * (CLIMB_SPEED_MPS - speed)).x;
        push = push_through_n(pace_n, felt * readiness, 1.0, max_n);
        if push >= max_n && saturated_s.is_none() {
            saturated_s = Some(i as f64 * dt_s);
        }
        if caught_on_rim(push, felt, (1.0, speed), readiness) && caught_s.is_none() {
            caught_s = Some(i as f64 * dt_s);
        }
        let net_n = if speed > 0.0 || push > hold_n {
            push - hold_n
        } else {
            0.0
        };
        let before = speed;
        speed = (speed + net_n / mass_kg * dt_s as f32).max(0.0);
        moved_m += speed * dt_s as f32;
        felt = felt_n(felt, mass_kg, (speed - before, push), dt_s);
    }
    Pushed {
        push_n: push,
        saturated_s,
        caught_s,
        moved_m,
    }
}

#[test]
fn his_push_grows_with_the_hold_he_feels_up_to_his_strength_and_no_further() {
    // Free, he pushes only what his pace needs.
    let free = push_against(0.0, 150.0, 60.0, 10.0);
    assert!(
        free.push_n.abs() < 1.0,
        "free at his pace he pushes {} N",
        free.push_n
    );
    assert!(free.saturated_s.is_none() && free.moved_m > 2.0);
    // A hold he can beat: he pushes through it and then just as hard as it drags, at his pace.
    for hold_n in [50.0, 100.0, 140.0] {
        let through = push_against(hold_n, 150.0, 60.0, 10.0);
        assert!(
            through.moved_m > 1.5,
            "{hold_n} N holds him ({} m)",
            through.moved_m
        );
        assert!(
            (through.push_n - hold_n).abs() < 2.0,
            "sliding against {hold_n} N he pushes {} N",
            through.push_n
        );
    }
    // A hold beyond his strength: all of it within a few reaction times, and he does not move;
    // a stronger man beats the same hold. He feels a hold only through his own push (what does
    // not move gives back all of it), so any hold he cannot beat brings him to all his strength
    // at the same pace, and one he can beat never does.
    let held = push_against(300.0, 150.0, 60.0, 10.0);
    assert_eq!(held.push_n, 150.0);
    assert_eq!(held.moved_m, 0.0);
    let stronger = push_against(300.0, 450.0, 60.0, 10.0);
    assert!(stronger.moved_m > 1.0 && (stronger.push_n - 300.0).abs() < 2.0);
    let sooner = push_against(1000.0, 150.0, 60.0, 10.0).saturated_s;
    let later = push_against(200.0, 450.0, 60.0, 10.0).saturated_s;
    let soon_s = held.saturated_s.expect("all his strength against 300 N");
    assert!(soon_s < 10.0 * REACTION_S, "{soon_s} s to all his strength");
    assert_eq!(
        sooner, held.saturated_s,
        "the hold is felt only through his push"
    );
    assert!(later.is_none(), "450 N against 200 N never needs all of it");
    // The step rate does not change the law: 120 Hz saturates within a step of 60 Hz's time.
    let fine = push_against(300.0, 150.0, 120.0, 10.0);
    let fine_s = fine.saturated_s.expect("at 120 Hz too");
    assert!(
        (fine_s - soon_s).abs() < 0.1 * soon_s,
        "{fine_s} s against {soon_s} s"
    );
}

#[test]
fn askew_against_a_hold_that_takes_all_his_push_he_knows_he_is_caught() {
    // Askew he pushes only what his pace needs; a hold that takes all of it leaves him still, and
    // within a few reaction times he feels that nothing gives: caught, he will back off.
    let askew = push_lined_up(0.0, 300.0, 150.0, 60.0, 10.0);
    assert_eq!(askew.moved_m, 0.0);
    assert!(
        askew.push_n < 0.5 * 150.0,
        "askew he shoves with {} N",
        askew.push_n
    );
    let caught_s = askew.caught_s.expect("caught askew");
    assert!(caught_s < 10.0 * REACTION_S, "{caught_s} s to feel caught");
    // The same at 120 Hz, and for a stronger man: it is the hold taking his push, not a clock.
    let fine_s = push_lined_up(0.0, 300.0, 150.0, 120.0, 10.0)
        .caught_s
        .expect("120 Hz");
    assert!(
        (fine_s - caught_s).abs() < 0.1 * caught_s.max(0.1),
        "{fine_s} s against {caught_s} s"
    );
    assert!(
        push_lined_up(0.0, 300.0, 750.0, 60.0, 10.0)
            .caught_s
            .is_some()
    );
    // Askew but sliding, against a drag his pace beats: the drag balances his push as well, but
    // he moves, so he is not caught.
    let moving = push_lined_up(0.0, 20.0, 150.0, 60.0, 10.0);
    assert!(
        moving.moved_m > 1.0 && moving.caught_s.is_none(),
        "{:?}",
        moving.caught_s
    );
    // Lined up he is never caught: he leans on the hold with all his strength instead.
    let lined_up = push_lined_up(1.0, 300.0, 150.0, 60.0, 10.0);
    assert!(lined_up.caught_s.is_none() && lined_up.push_n == 150.0);
}

#[test]
fn his_endurance_follows_rohmerts_curve() {
    assert!((endurance_s(1.0) - 6.0).abs() < 1e-9);
    assert!((endurance_s(0.5) - 66.0).abs() < 1e-9);
    let mut last = f64::INFINITY;
    for share in (15..=100).map(|p| p as f32 / 100.0) {
        let t = endurance_s(share);
        assert!(t < last, "{t} s at {share} is not shorter than at less");
        last = t;
    }
    assert_eq!(endurance_s(0.05), endurance_s(TIRELESS_SHARE));
    assert_eq!(endurance_s(2.0), endurance_s(1.0));
}
