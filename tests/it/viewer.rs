//! The viewer's control of time and of the camera, on the headless plugins (no window): a jump
//! back or forward lands on the state a straight run has there, bit for bit from then on, and a
//! turn of the valve after it goes on from that state; while the panels hold the input, the
//! mouse and wheel never reach the camera.

use std::time::Duration;

use bevy::camera_controller::free_camera::FreeCameraState;
use bevy::input::mouse::{MouseMotion, MouseScrollUnit, MouseWheel};
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use spacewalk::sim::cosmonaut::suit::TurnValve;
use spacewalk::sim::{SimClock, SimPlugin, Telemetry};
use spacewalk::view::camera::{GoToViewpoint, ViewCamera};
use spacewalk::view::control::{ControlPlugin, JumpTarget, Seek};
use spacewalk::view::follow::{CameraMode, FollowTarget, SetCamera, UiHasInput};

use super::historical;

/// What the viewer runs, without a window: the simulation, its controls and the camera's modes.
/// Time stands still except where a jump moves it.
fn viewer_app() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, TransformPlugin, bevy::input::InputPlugin))
        .add_plugins(SimPlugin {
            scenario: historical(),
        })
        .add_message::<GoToViewpoint>()
        .add_plugins(ControlPlugin { pending: None })
        .add_plugins(spacewalk::view::follow::plugin)
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::ZERO));
    app.finish();
    app.cleanup();
    app
}

/// Seeks to `t_s` and updates until the jump has landed.
fn seek(app: &mut App, t_s: f64) {
    app.world_mut().write_message(Seek(t_s));
    for _ in 0..10_000 {
        app.update();
        let landed = app.world().resource::<JumpTarget>().0.is_none();
        if landed && (app.world().resource::<SimClock>().t_s() - t_s).abs() < 0.02 {
            return;
        }
    }
    panic!("the jump to {t_s} s never landed");
}

fn telemetry_csv(app: &App) -> Vec<String> {
    let rows = &app.world().resource::<Telemetry>().rows;
    rows.iter().map(|r| r.to_csv()).collect()
}

fn valve(app: &mut App) {
    app.world_mut()
        .write_message(TurnValve { pressure_kpa: 27.4 });
    app.update();
}

#[test]
fn a_jump_back_or_forward_lands_on_the_straight_runs_state_and_the_valve_goes_on_from_it() {
    // Out to 40 s, back to 12.3 s, the valve turned there, then on to 20 s.
    let mut scrubbed = viewer_app();
    seek(&mut scrubbed, 40.0);
    seek(&mut scrubbed, 12.3);
    valve(&mut scrubbed);
    seek(&mut scrubbed, 20.0);
    // Straight to 12.3 s, the valve, on to 20 s.
    let mut straight = viewer_app();
    seek(&mut straight, 12.3);
    valve(&mut straight);
    seek(&mut straight, 20.0);
    let (a, b) = (telemetry_csv(&scrubbed), telemetry_csv(&straight));
    assert!(a.len() > 150, "{} rows", a.len());
    assert_eq!(
        a, b,
        "the telemetry after the scrub is the straight run's, bit for bit"
    );
    let pressure = |app: &App| {
        app.world()
            .resource::<Telemetry>()
            .latest()
            .unwrap()
            .suit_pressure_kpa
    };
    assert!(
        pressure(&scrubbed) < 40.0,
        "the valve was turned: {}",
        pressure(&scrubbed)
    );
}

/// Moves the mouse with the left button held, and turns the wheel a notch.
fn drag_and_scroll(app: &mut App) {
    app.world_mut()
        .resource_mut::<ButtonInput<MouseButton>>()
        .press(MouseButton::Left);
    app.world_mut().write_message(MouseMotion {
        delta: Vec2::new(40.0, 10.0),
    });
    app.world_mut().write_message(MouseWheel {
        unit: MouseScrollUnit::Line,
        x: 0.0,
        y: 1.0,
        window: Entity::PLACEHOLDER,
        phase: bevy::input::touch::TouchPhase::Moved,
    });
    app.update();
}

fn follow_state(app: &App) -> (f32, f32, f32) {
    match *app.world().resource::<CameraMode>() {
        CameraMode::Follow {
            yaw,
            pitch,
            distance_m,
            ..
        } => (yaw, pitch, distance_m),
        CameraMode::Free | CameraMode::Mounted(_) => panic!("not following"),
    }
}

#[test]
fn while_the_panels_hold_the_input_the_mouse_and_wheel_never_reach_the_camera() {
    let mut app = viewer_app();
    app.world_mut()
        .spawn((ViewCamera, FreeCameraState::default(), Transform::default()));
    app.update();
    let start = follow_state(&app);
    assert_eq!(
        *app.world().resource::<CameraMode>(),
        CameraMode::follow(FollowTarget::Cosmonaut),
        "the viewer starts following him"
    );
    app.insert_resource(UiHasInput(true));
    drag_and_scroll(&mut app);
    assert_eq!(follow_state(&app), start, "over a panel: the camera stays");
    app.insert_resource(UiHasInput(false));
    drag_and_scroll(&mut app);
    let moved = follow_state(&app);
    assert!(
        moved.0 != start.0 && moved.2 < start.2,
        "{moved:?} from {start:?}"
    );
    // Free flight: the free camera is off while the panels hold the input.
    app.world_mut().write_message(SetCamera {
        mode: CameraMode::Free,
        place: None,
        instant: true,
    });
    app.update();
    app.update();
    let enabled = |app: &mut App| {
        let mut q = app.world_mut().query::<&FreeCameraState>();
        q.single(app.world()).unwrap().enabled
    };
    assert!(enabled(&mut app), "free and no panel in the way");
    app.insert_resource(UiHasInput(true));
    app.update();
    assert!(!enabled(&mut app), "a panel holds the input");
}

#[test]
fn the_mounted_cameras_ride_their_bodies_the_helmet_looking_the_way_his_face_does() {
    use spacewalk::sim::core::bodies::{Segment, SimBody};
    use spacewalk::view::follow::Mount;
    let mut app = viewer_app();
    app.world_mut()
        .spawn((ViewCamera, FreeCameraState::default(), Transform::default()));
    seek(&mut app, 400.0);
    let body = |app: &mut App, wanted: SimBody| {
        let mut q = app.world_mut().query::<(&SimBody, &Transform)>();
        q.iter(app.world())
            .find(|(b, _)| **b == wanted)
            .map(|(_, t)| *t)
            .unwrap()
    };
    let camera = |app: &mut App| {
        let mut q = app
            .world_mut()
            .query_filtered::<&Transform, With<ViewCamera>>();
        *q.single(app.world()).unwrap()
    };
    for mount in Mount::ALL {
        app.world_mut().write_message(SetCamera {
            mode: CameraMode::Mounted(mount),
            place: None,
            instant: true,
        });
        app.update();
        app.update();
        let eye = camera(&mut app);
        match mount {
            Mount::Helmet => {
                let head = body(&mut app, SimBody::Cosmonaut(Segment::Head));
                assert!(
                    eye.translation.distance(head.translation) < 0.15,
                    "{eye:?} {head:?}"
                );
                let face = head.rotation * Vec3::NEG_Z;
                assert!(eye.forward().dot(face) > 0.99, "looks where his face does");
            }
            Mount::FilmCamera => {
                let airlock = body(&mut app, SimBody::Airlock);
                let mouth = airlock.transform_point(Vec3::new(0.0, 2.5, 0.0));
                let d = eye.translation.distance(mouth);
                assert!(d > 0.5 && d < 1.5, "beside the outer end: {d} m");
            }
        }
    }
}

#[test]
fn rates_step_through_the_list_and_cameras_cycle_round_their_lists() {
    use spacewalk::view::control::{RATES, next_rate};
    use spacewalk::view::follow::{Mount, next_of};
    assert_eq!(next_rate(1.0, true), 2.0);
    assert_eq!(next_rate(1.0, false), 0.5);
    assert_eq!(next_rate(0.1, false), 0.1, "no slower than the slowest");
    assert_eq!(
        next_rate(1000.0, true),
        1000.0,
        "no faster than the fastest"
    );
    // A rate between two offered ones goes to the neighbour on that side.
    assert_eq!(next_rate(3.0, true), 5.0);
    assert_eq!(next_rate(3.0, false), 2.0);
    assert_eq!(RATES.first(), Some(&0.1));
    assert_eq!(next_of(&FollowTarget::ALL, None), FollowTarget::Cosmonaut);
    assert_eq!(
        next_of(&FollowTarget::ALL, Some(FollowTarget::Earth)),
        FollowTarget::Cosmonaut
    );
    assert_eq!(next_of(&Mount::ALL, Some(Mount::FilmCamera)), Mount::Helmet);
}

#[test]
fn above_a_hundred_times_real_time_only_while_the_orbit_coasts() {
    let mut app = viewer_app();
    seek(&mut app, 30.0);
    app.world_mut()
        .resource_mut::<Time<Virtual>>()
        .set_relative_speed_f64(1000.0);
    app.update();
    let coasting = app
        .world()
        .resource::<spacewalk::sim::solver::coast::Coasting>()
        .active;
    let rate = app.world().resource::<Time<Virtual>>().relative_speed_f64();
    assert!(!coasting, "he moves at 08:28:30");
    assert_eq!(rate, 100.0, "capped while he moves");
}
