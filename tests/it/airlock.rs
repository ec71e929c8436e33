//! The airlock as he meets it: handrails he can grip, and a tether that runs over its rim.

use bevy::prelude::*;
use spacewalk::headless::{advance_to, sim_app};
use spacewalk::scenario::{Action, ActionSpec, EventKind, EventSpec, Hand, Scenario};
use spacewalk::sim::core::bodies::SimBody;
use spacewalk::sim::core::events::ActionFailure;
use spacewalk::sim::core::layout::Layout;
use spacewalk::sim::cosmonaut::anatomy::{Segment, Side};
use spacewalk::sim::craft::tether::{LINK_RADIUS_M, path_length, path_points};
use spacewalk::sim::{EventLog, SimEvent};

use super::{at, variant};

/// The outer hatch opens at once, he climbs out at 15 s, then does `then`.
fn outside_then(then: Vec<(u32, Action)>) -> Scenario {
    variant(|f| {
        f.events = vec![EventSpec {
            utc: at(1),
            kind: EventKind::OuterHatchOpen,
            note: String::new(),
        }];
        f.actions = std::iter::once((15, Action::Exit { head_first: true }))
            .chain(then)
            .map(|(second, action)| ActionSpec {
                utc: at(second),
                action,
            })
            .collect();
    })
}

fn transform_of(world: &mut World, wanted: SimBody) -> Transform {
    let mut query = world.query::<(&SimBody, &Transform)>();
    query
        .iter(world)
        .find_map(|(body, transform)| (*body == wanted).then_some(*transform))
        .unwrap_or_else(|| panic!("no {wanted:?}"))
}

fn logged(world: &World, wanted: SimEvent) -> bool {
    world
        .resource::<EventLog>()
        .entries
        .iter()
        .any(|e| e.event == wanted)
}

/// Distance from his left hand's centre to the left handrail's axis, m.
fn left_hand_to_rail_m(world: &mut World) -> f32 {
    let layout = world.resource::<Layout>().clone();
    let lock = transform_of(world, SimBody::Airlock);
    let hand = transform_of(world, SimBody::Cosmonaut(Segment::Hand(Side::Left))).translation;
    let (a, b) = layout.handrail_local_m(Hand::Left);
    let (a, b) = (lock.transform_point(a), lock.transform_point(b));
    let along = ((hand - a).dot(b - a) / (b - a).length_squared()).clamp(0.0, 1.0);
    hand.distance(a + (b - a) * along)
}

#[test]
fn he_grips_a_handrail_within_reach_holds_it_and_lets_go_on_his_next_action() {
    let scenario = outside_then(vec![
        (
            45,
            Action::PullIn {
                speed_mps: 0.25,
                stop_distance_m: 0.9,
            },
        ),
        (65, Action::GrabHandrail { hand: Hand::Left }),
        (95, Action::Float),
        (
            97,
            Action::PushOff {
                speed_mps: 0.4,
                direction: [0.0, 1.0, 0.0],
            },
        ),
        (115, Action::GrabHandrail { hand: Hand::Right }),
    ]);
    let mut app = sim_app(scenario);
    let world = app.world_mut();
    advance_to(world, 82.0);
    assert!(
        logged(world, SimEvent::GrippedHandrail(Hand::Left)),
        "{:#?}",
        world.resource::<EventLog>().entries
    );
    // Gripped, his hand stays on the rail while the rest of him floats round it.
    for t in 82..95 {
        advance_to(world, f64::from(t));
        let gap = left_hand_to_rail_m(world);
        assert!(
            gap < 0.15,
            "at {t} s his left hand is {gap} m from the rail"
        );
    }
    advance_to(world, 96.0);
    assert!(logged(world, SimEvent::LetGoOfHandrail));
    let grips = world
        .query::<&Name>()
        .iter(world)
        .filter(|n| n.as_str() == "Handrail grip")
        .count();
    assert_eq!(grips, 0, "the grip outlived the action");
    // Five metres out on the tether, no rail is within reach.
    advance_to(world, 116.0);
    assert!(logged(
        world,
        SimEvent::ActionFailed(ActionFailure::HandrailOutOfReach)
    ));
    assert!(!logged(world, SimEvent::GrippedHandrail(Hand::Right)));
}

#[test]
fn the_tether_path_bends_over_the_hatch_rim_when_he_is_beside_the_tube() {
    let layout = Layout::new(&super::historical());
    let lock = Transform::from_translation(layout.airlock_origin_m());
    let anchor = lock.transform_point(layout.anchor_local_m);
    let top = layout.airlock_length_m;
    let local = |x: f32, y: f32| lock.transform_point(Vec3::new(x, y, 0.0));
    // Straight out through the opening: no bend.
    assert_eq!(
        path_points(&layout, &lock, anchor, local(0.1, top + 2.0)).len(),
        2
    );
    // Above the rim but far to the side: over the opening's edge.
    let far_side = path_points(&layout, &lock, anchor, local(3.0, top + 0.5));
    assert_eq!(far_side.len(), 3);
    let edge = lock.to_matrix().inverse().transform_point3(far_side[1]);
    assert!((edge.y - top).abs() < 1e-5);
    assert!((edge.x - (layout.hatch_radius_m - LINK_RADIUS_M)).abs() < 1e-5);
    // Beside the tube below its rim: over the opening's edge and the rim's outer edge.
    let harness = local(1.5, top - 0.8);
    let beside = path_points(&layout, &lock, anchor, harness);
    assert_eq!(beside.len(), 4);
    assert!(path_length(&beside) > anchor.distance(harness) + 0.5);
    // Inside the tube the straight line is the path.
    assert_eq!(
        path_points(&layout, &lock, anchor, local(0.0, 0.5)).len(),
        2
    );
}

#[test]
fn the_tether_links_run_over_the_rim_not_through_the_wall() {
    // Out, then a push that takes him sideways and down beside the tube.
    let scenario = outside_then(vec![(
        40,
        Action::PushOff {
            speed_mps: 0.3,
            direction: [1.0, -0.25, 0.0],
        },
    )]);
    let length_m = scenario.file.tether.length_m as f32;
    let mut app = sim_app(scenario);
    let world = app.world_mut();
    let layout = world.resource::<Layout>().clone();
    let half_link = spacewalk::sim::craft::tether::link_length_m(&super::historical()) / 2.0;
    let mut bent = false;
    // From the start (coiled in the tube) to well after the push.
    for step in 0..=200 {
        let t = 0.5 + f64::from(step) * 0.5;
        advance_to(world, t);
        let to_local = transform_of(world, SimBody::Airlock).to_matrix().inverse();
        let links: Vec<Transform> = world
            .query::<(&SimBody, &Transform)>()
            .iter(world)
            .filter(|(b, _)| matches!(b, SimBody::TetherSegment(_)))
            .map(|(_, t)| *t)
            .collect();
        for link in links {
            for along in [-1.0, -0.5, 0.0, 0.5, 1.0] {
                let p =
                    to_local.transform_point3(link.transform_point(Vec3::Y * half_link * along));
                let r = Vec2::new(p.x, p.z).length();
                let in_wall = p.y > 0.1
                    && p.y < layout.airlock_length_m - 0.1
                    && r > layout.airlock_inner_radius_m + 0.02
                    && r < layout.airlock_outer_radius_m - 0.02;
                assert!(
                    !in_wall,
                    "at {t} s a tether link is inside the wall at {p:?}"
                );
            }
        }
        let row = world
            .resource::<spacewalk::sim::Telemetry>()
            .rows
            .last()
            .cloned()
            .unwrap();
        let p = Vec3::from_array(row.cosmonaut_position_m.map(|v| v as f32));
        bent |=
            to_local.transform_point3(p).y < layout.airlock_length_m && row.tether_distance_m > 2.0;
        assert!(row.tether_distance_m < f64::from(length_m) * 1.01);
    }
    assert!(
        bent,
        "he never got beside the tube with the tether over the rim"
    );
}

#[test]
fn the_booms_extend_the_airlock_from_stowed_to_deployed_before_he_floats_in() {
    let scenario = Scenario::load(super::project_path("scenarios/voskhod2_airlock_deploy.ron"))
        .expect("the deployment scenario loads");
    let a = scenario.file.airlock.clone();
    let deploy_t_s = scenario
        .events
        .iter()
        .find(|e| e.kind == EventKind::AirlockDeploy)
        .expect("a deployment")
        .t_s;
    let boarding_t_s = scenario
        .events
        .iter()
        .find(|e| e.kind == EventKind::CosmonautToAirlock)
        .expect("a boarding")
        .t_s;
    let report = spacewalk::headless::run(scenario, None);
    let rows = &report.telemetry.rows;
    let length_at = |t_s: f64| {
        rows.iter()
            .find(|r| r.t_s >= t_s)
            .expect("a row")
            .airlock_length_m
    };
    assert!((length_at(0.0) - a.stowed_length_m).abs() < 0.01);
    let halfway = (a.stowed_length_m + a.deployed_length_m) / 2.0;
    let mid = length_at(deploy_t_s + a.deploy_duration_s / 2.0);
    assert!((mid - halfway).abs() < 0.05, "half way through: {mid} m");
    let done = length_at(deploy_t_s + a.deploy_duration_s + 5.0);
    assert!(
        (done - a.deployed_length_m).abs() < 0.01,
        "deployed: {done} m"
    );
    assert!(
        report
            .log
            .entries
            .iter()
            .any(|e| matches!(e.event, SimEvent::AirlockDeployed { .. }))
    );
    for row in rows.iter().filter(|r| (r.t_s - boarding_t_s).abs() > 0.2) {
        assert_eq!(
            row.cosmonaut_in_cabin,
            row.t_s < boarding_t_s,
            "at {} s",
            row.t_s
        );
    }
    let last = rows.last().unwrap();
    assert!(last.cosmonaut_in_airlock && last.cosmonaut_speed_mps < 0.05);
    // The inner hatch was open, so the airlock holds the cabin's air: his suit's 40.6 kPa does
    // not exceed it, and the suit hangs as slack as in the cabin (it never creeps).
    let slack_section_m = rows[0].suit_section_m;
    for row in rows.iter().filter(|r| r.t_s > boarding_t_s) {
        assert!((row.airlock_pressure_kpa - 101.3).abs() < 0.01, "{row:?}");
        assert_eq!(row.suit_section_m, slack_section_m, "at {} s", row.t_s);
    }
}

#[test]
fn the_jettison_leaves_the_capsule_rolling_as_its_impulse_says() {
    let scenario = Scenario::load(super::project_path("scenarios/voskhod2_jettison.ron"))
        .expect("the jettison scenario loads");
    let f = scenario.file.clone();
    let jettison_t_s = scenario
        .events
        .iter()
        .find(|e| e.kind == EventKind::AirlockJettison)
        .expect("a jettison")
        .t_s;
    let report = spacewalk::headless::run(scenario, None);
    let rows = &report.telemetry.rows;
    // The capsule's inertia about its long axis: a solid sphere and a solid cylinder.
    let s = &f.spacecraft;
    let sphere = 0.4 * s.descent_module_mass_kg * (s.descent_module_diameter_m / 2.0).powi(2);
    let module = 0.5
        * (s.mass_kg - s.descent_module_mass_kg)
        * (s.instrument_module_diameter_m / 2.0).powi(2);
    let expected_dps = (f.airlock.jettison_impulse_n_s * f.airlock.jettison_offset_m
        / (sphere + module))
        .to_degrees();
    for row in rows {
        let roll = row.capsule_roll_rate_dps.abs();
        if row.t_s < jettison_t_s - 0.1 {
            assert!(roll < 0.1, "rolling at {roll} deg/s before the jettison");
        } else if row.t_s > jettison_t_s + 1.0 {
            assert!(
                // Within 8%: the formula is a bare sphere and cylinder, while the capsule also
                // carries its inner hatch, whose hinge takes part of the kick.
                (roll - expected_dps).abs() < 0.08 * expected_dps,
                "at {} s the capsule rolls at {roll} deg/s, the impulse gives {expected_dps}",
                row.t_s
            );
        }
    }
    assert!(
        report
            .log
            .entries
            .iter()
            .any(|e| matches!(e.event, SimEvent::AirlockJettisoned { .. }))
    );
    // The quiet orbit before it coasts: with nothing able to move, the physics is not stepped.
    let quiet_steps = jettison_t_s * f.physics.step_hz;
    assert!(
        report.coasted_steps as f64 > 0.99 * quiet_steps,
        "{} of {quiet_steps} quiet steps coasted",
        report.coasted_steps
    );
}

#[test]
fn an_airlock_cannot_deploy_round_a_cosmonaut_already_in_it() {
    let path = super::project_path("scenarios/voskhod2_airlock_deploy.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replace("starts_in_cabin: true", "starts_in_cabin: false");
    let file = ron::from_str(&broken).unwrap();
    let error = Scenario::from_file(file, &broken, path).expect_err("accepted");
    let message = error.to_string();
    assert!(message.contains("cosmonaut.starts_in_cabin"), "{message}");
    // Nor can he float into it before its booms have finished.
    let early = text
        .replace(
            "08:05:40Z\", kind: InnerHatchOpen",
            "08:00:00Z\", kind: InnerHatchOpen",
        )
        .replace(
            "08:06:00Z\", kind: CosmonautToAirlock",
            "08:01:00Z\", kind: CosmonautToAirlock",
        );
    assert_ne!(early, text);
    let file = ron::from_str(&early).unwrap();
    let error =
        Scenario::from_file(file, &early, super::project_path("x.ron")).expect_err("accepted");
    let message = error.to_string();
    assert!(
        message.contains("events[2].utc") && message.contains("before the airlock has deployed"),
        "{message}"
    );
}
