//! The articulated cosmonaut: his segments add up to the scenario's masses, and his muscles bend
//! his joints the way a body bends, within human limits.

use bevy::prelude::*;
use bevy_rapier3d::prelude::ImpulseJoint;
use spacewalk::headless::{advance_to, sim_app};
use spacewalk::sim::core::bodies::SimBody;
use spacewalk::sim::cosmonaut::anatomy::{Figure, Posture, Segment, Side};
use spacewalk::sim::cosmonaut::body::PostureState;

use super::historical;

#[test]
fn the_figure_has_every_segment_and_the_scenarios_mass() {
    let scenario = historical();
    let figure = Figure::new(&scenario);
    let c = &scenario.file.cosmonaut;
    let expected = (c.body_mass_kg + c.suit_mass_kg + c.backpack_mass_kg) as f32;
    assert!(
        (figure.mass_kg() - expected).abs() < 1e-3 * expected,
        "segments weigh {} kg, the scenario says {expected} kg",
        figure.mass_kg()
    );
    // Parents come before children, and only the pelvis has none.
    for (i, spec) in figure.segments.iter().enumerate() {
        match spec.segment.parent() {
            None => assert_eq!(spec.segment, Segment::Pelvis),
            Some(parent) => assert!(
                figure.segments[..i].iter().any(|s| s.segment == parent),
                "{:?} comes before its parent",
                spec.segment
            ),
        }
    }
    // Standing, he is as tall as the scenario says, and as broad at the shoulders.
    let (mut low, mut high, mut broad) = (f32::MAX, f32::MIN, 0.0f32);
    for spec in &figure.segments {
        let (half_axis, radius) = spec.shape.bounding_capsule();
        low = low.min(spec.centre_m.y - half_axis.y.abs() - radius);
        high = high.max(spec.centre_m.y + half_axis.y.abs() + radius);
        if matches!(spec.segment, Segment::UpperArm(_)) {
            broad = broad.max(2.0 * (spec.centre_m.x.abs() + radius));
        }
    }
    let height = c.height_in_suit_m as f32;
    assert!(
        (high - height).abs() < 0.02,
        "top of the helmet at {high} m"
    );
    assert!(low.abs() < 0.03, "soles at {low} m");
    assert!(
        (broad - c.shoulder_width_m as f32).abs() < 0.01,
        "{broad} m across the shoulders"
    );
}

/// Positions of his segments, in the frame of segment `frame`.
fn positions_in(world: &mut World, frame: Segment) -> Vec<(Segment, Vec3)> {
    let mut query = world.query::<(&SimBody, &Transform)>();
    let parts: Vec<(Segment, Transform)> = query
        .iter(world)
        .filter_map(|(b, t)| match b {
            SimBody::Cosmonaut(s) => Some((*s, *t)),
            _ => None,
        })
        .collect();
    let reference = parts
        .iter()
        .find(|(s, _)| *s == frame)
        .expect("the reference segment")
        .1;
    let to_frame = reference.compute_affine().inverse();
    parts
        .into_iter()
        .map(|(s, t)| (s, to_frame.transform_point3(t.translation)))
        .collect()
}

#[test]
fn muscles_bend_elbows_forward_and_knees_back_and_the_joints_hold() {
    let mut app = sim_app(historical());
    let world = app.world_mut();
    let mut joints = world.query::<&ImpulseJoint>();
    assert_eq!(
        joints.iter(world).count(),
        1 + 3 + 2 + 15 + 12 + 2,
        "the airlock's mount, three boom slides, two hatch hinges, 15 body joints, 12 tether \
         links, the harness and the rope"
    );
    let at = |parts: &[(Segment, Vec3)], s: Segment| {
        parts.iter().find(|(p, _)| *p == s).expect("segment").1
    };
    // Before the first action (08:34:35) he waits crouched; straighten him to start from.
    world.resource_mut::<PostureState>().wanted = Posture::Straight;
    advance_to(world, 20.0);
    let standing = positions_in(world, Segment::Torso);
    world.resource_mut::<PostureState>().wanted = Posture::Neutral;
    advance_to(world, 40.0);
    let neutral = positions_in(world, Segment::Torso);
    for side in [Side::Left, Side::Right] {
        let hand = at(
            &positions_in(world, Segment::UpperArm(side)),
            Segment::Hand(side),
        );
        assert!(
            hand.z < -0.15,
            "{side:?} hand at {hand} from the upper arm: elbows bend forwards"
        );
        let foot = at(
            &positions_in(world, Segment::Thigh(side)),
            Segment::Foot(side),
        );
        assert!(
            foot.z > 0.1,
            "{side:?} foot at {foot} from the thigh: knees bend backwards"
        );
        // The joints hold the limbs together: a hand stays an arm's length from the torso.
        let reach = at(&neutral, Segment::Hand(side)).length();
        assert!(reach < 1.0, "{side:?} hand is {reach} m from the torso");
    }
    world.resource_mut::<PostureState>().wanted = Posture::Straight;
    advance_to(world, 60.0);
    let straight = positions_in(world, Segment::Torso);
    for (segment, before) in &standing {
        let after = at(&straight, *segment);
        assert!(
            after.distance(*before) < 0.12,
            "straightening left {segment:?} at {after}, it started at {before}"
        );
    }
}

#[test]
fn back_in_head_first_after_the_bleed_he_folds_up_turns_round_and_closes_the_hatch() {
    use spacewalk::scenario::{Action, EventKind};
    // The historical suit, ballooned and bled to 27.4 kPa: near its collapse moment the waist's
    // wrinkled fabric gives, he folds up tight, and the tucked body just turns in the 1.0 m tube.
    let mut scenario = super::historical();
    // The crew's close order goes; he closes it from inside after turning round.
    scenario
        .events
        .retain(|e| e.kind != EventKind::OuterHatchClose);
    let entered = scenario
        .actions
        .iter()
        .find(|a| matches!(a.action, Action::Enter { head_first: true }))
        .expect("a head-first entry")
        .clone();
    let mut turn = entered.clone();
    turn.t_s += 80.0;
    turn.action = Action::TurnAround;
    let mut close = entered.clone();
    close.t_s += 150.0;
    close.action = Action::CloseOuterHatch;
    scenario.actions.retain(|a| a.t_s <= entered.t_s);
    scenario.actions.extend([turn.clone(), close.clone()]);
    let mut app = sim_app(scenario);
    let world = app.world_mut();
    // Just in, head first: his head is the lower end.
    advance_to(world, turn.t_s);
    let in_airlock = |world: &mut World, segment: Segment| {
        let mut query = world.query::<(&SimBody, &Transform)>();
        let airlock = query
            .iter(world)
            .find(|(b, _)| **b == SimBody::Airlock)
            .expect("an airlock")
            .1
            .compute_affine()
            .inverse();
        let part = query
            .iter(world)
            .find(|(b, _)| **b == SimBody::Cosmonaut(segment))
            .expect("the segment")
            .1
            .translation;
        airlock.transform_point3(part)
    };
    let head = in_airlock(world, Segment::Head);
    let pelvis = in_airlock(world, Segment::Pelvis);
    assert!(
        head.y < pelvis.y - 0.3,
        "not head first: head {head}, pelvis {pelvis}"
    );
    advance_to(world, close.t_s);
    let head = in_airlock(world, Segment::Head);
    let pelvis = in_airlock(world, Segment::Pelvis);
    assert!(
        head.y > pelvis.y + 0.3,
        "did not turn round: head {head}, pelvis {pelvis}"
    );
    advance_to(world, close.t_s + 30.0);
    let log = world.resource::<spacewalk::sim::EventLog>();
    assert!(
        log.entries
            .iter()
            .any(|e| e.event == spacewalk::sim::SimEvent::OuterHatchClosed),
        "{:#?}",
        log.entries
    );
}
