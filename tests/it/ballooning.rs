//! The ballooning suit: its size and stiffness follow the pressure, its colliders and the visible
//! suit follow its size, the struggle to get back in comes out of the physics, and his body
//! answers the work.

use spacewalk::scenario::SuitSpec;
use spacewalk::sim::cosmonaut::anatomy::{
    CosmonautFigure, Figure, Posture, Segment, SegmentShape, Side,
};
use spacewalk::sim::cosmonaut::ballooning::{
    SIZING_STEP_KPA, girth_radius_m, inflated, joint_stiffness_nm_per_rad, shoulder_section, slip_m,
};
use spacewalk::sim::cosmonaut::body::{held_rad, holding_torque_nm};

use super::historical;

fn length_of(shape: SegmentShape) -> f32 {
    match shape {
        SegmentShape::Capsule {
            half_length_m,
            radius_m,
        } => 2.0 * (half_length_m + radius_m),
        SegmentShape::Ball { radius_m } => 2.0 * radius_m,
        SegmentShape::RoundBox {
            half_extents_m,
            border_m,
        } => 2.0 * (half_extents_m.y + border_m),
    }
}

#[test]
fn pressure_grows_the_soft_suit_in_girth_and_length_and_the_hands_slip_back() {
    let slack = Figure::new(&historical());
    let suit = SuitSpec::default();
    let at = |kpa: f64| inflated(&slack, &suit, kpa);
    let (none, reserve, nominal) = (at(0.0), at(27.4), at(40.6));
    assert_eq!(
        none.segments, slack.segments,
        "unpressurised, the suit is its slack self"
    );
    for segment in [
        Segment::Torso,
        Segment::UpperArm(Side::Left),
        Segment::Forearm(Side::Right),
        Segment::Thigh(Side::Left),
        Segment::Shank(Side::Right),
    ] {
        let girth = |f: &Figure| girth_radius_m(f.segment(segment).shape);
        let length = |f: &Figure| length_of(f.segment(segment).shape);
        assert!(girth(&slack) < girth(&reserve) && girth(&reserve) < girth(&nominal));
        if segment == Segment::Torso {
            // The trunk's end load runs through the neck ring and the harness: it keeps its
            // length unless the scenario gives it a share of the stretch.
            assert!((length(&nominal) - length(&slack)).abs() < 1e-6);
            let free = SuitSpec {
                trunk_length_strain_share: 1.0,
                ..suit.clone()
            };
            let stretched = inflated(&slack, &free, 40.6);
            assert!(length(&stretched) > length(&slack) * 1.05);
        } else {
            assert!(length(&slack) < length(&reserve) && length(&reserve) < length(&nominal));
        }
        // Thin-walled tube: the girth strain is p r / (E t), the length strain half that.
        let r = girth(&slack);
        let expected = 40.6 * f64::from(r) / suit.restraint_stiffness_kn_per_m;
        let strain = f64::from(girth(&nominal) / r - 1.0);
        assert!((strain - expected).abs() < 1e-4, "{segment:?}: {strain}");
    }
    // Helmet, backpack, gloves and boots keep their size.
    for segment in [
        Segment::Head,
        Segment::Backpack,
        Segment::Hand(Side::Left),
        Segment::Foot(Side::Right),
    ] {
        assert_eq!(nominal.segment(segment).shape, slack.segment(segment).shape);
    }
    // The sleeves and legs lengthen, so wrists and ankles move away from the shoulders and hips:
    // his hands and feet slip back inside the gloves and boots.
    let arm = |f: &Figure| {
        slip_m(
            &slack,
            f,
            Segment::UpperArm(Side::Left),
            Segment::Hand(Side::Left),
        )
    };
    let leg = |f: &Figure| {
        slip_m(
            &slack,
            f,
            Segment::Thigh(Side::Left),
            Segment::Foot(Side::Left),
        )
    };
    assert!(
        arm(&reserve) > 0.005 && arm(&nominal) > arm(&reserve),
        "{}",
        arm(&nominal)
    );
    assert!(leg(&nominal) > arm(&nominal));
    // The section that must pass the hatch grows with pressure.
    let section = |f: &Figure| shoulder_section(f).1;
    assert!(section(&slack) < section(&reserve) && section(&reserve) < section(&nominal));
}

#[test]
fn suit_joints_stiffen_with_pressure_and_limit_the_posture_his_muscles_reach() {
    let slack = Figure::new(&historical());
    let suit = SuitSpec::default();
    let waist = girth_radius_m(slack.segment(Segment::Torso).shape);
    let k = |kpa: f64| joint_stiffness_nm_per_rad(&suit, kpa, waist);
    // Torque in proportion to pressure: the bleed takes a third off.
    assert!(((k(27.4) / k(40.6)) as f64 - 27.4 / 40.6).abs() < 1e-6);
    // An elbow-sized joint at the reference pressure has the reference stiffness.
    assert!(
        (f64::from(joint_stiffness_nm_per_rad(&suit, 29.6, 0.065))
            - suit.elbow_stiffness_nm_per_rad)
            .abs()
            < 1e-3
    );
    let fold = |kpa: f64| {
        held_rad(
            &slack,
            &suit,
            kpa,
            Posture::Tucked,
            Segment::Torso,
            bevy_rapier3d::prelude::JointAxis::AngX,
        )
    };
    let wanted =
        Posture::Tucked.target_rad(Segment::Torso, bevy_rapier3d::prelude::JointAxis::AngX);
    // At 40.6 kPa his 200 N m cannot bend the suit's waist as far as he wants to tuck; after
    // the bleed the waist's collapse moment (pi p r^3, 212 N m) is little more than his
    // strength, and near it the wrinkled fabric gives: it folds as far as his body goes.
    assert_eq!(fold(27.4), wanted);
    assert!(fold(40.6).abs() < wanted.abs() - 0.2, "{}", fold(40.6));
    assert!(
        holding_torque_nm(&slack, &suit, 40.6, Posture::Tucked)
            > holding_torque_nm(&slack, &suit, 27.4, Posture::Tucked)
    );
}

#[test]
fn a_suit_joint_bends_as_an_inflated_beam_stiff_at_first_never_beyond_its_collapse_moment() {
    use spacewalk::sim::cosmonaut::ballooning::{SuitJoint, collapse_moment_nm};
    let suit = SuitSpec::default();
    // An EMU-sized sleeve: pi p r^3 = 23.6 N m at 27.4 kPa (docs/sources.md).
    assert!((collapse_moment_nm(27.4, 0.065) - 23.6).abs() < 0.1);
    assert!((collapse_moment_nm(40.6, 0.09) - 93.0).abs() < 0.5);
    let joint = SuitJoint::new(&suit, 40.6, 0.135);
    let k = joint.stiffness_nm_per_rad;
    // Small angles: the linear stiffness.
    assert!((joint.torque_nm(0.01) / 0.01 - k).abs() < 0.01 * k);
    // Folded far: it approaches the collapse moment.
    assert!(joint.torque_nm(5.0) > 0.99 * joint.collapse_nm);
    // What his muscles reach is where the suit's moment equals theirs.
    let reached = joint.reachable_rad(1.2, 200.0);
    assert!((joint.torque_nm(reached) - 200.0).abs() < 0.5, "{reached}");
    // Stronger than the collapse moment, he folds it as far as he wants.
    assert_eq!(joint.reachable_rad(-1.2, joint.collapse_nm + 1.0), -1.2);
}

#[test]
fn the_valve_turned_by_hand_bleeds_the_suit_at_its_rate() {
    use spacewalk::headless::{advance_to, sim_app};
    use spacewalk::sim::cosmonaut::suit::{HAND_VALVE_RATE_KPA_PER_S, SuitState, TurnValve};
    let mut app = sim_app(historical());
    advance_to(app.world_mut(), 2.0);
    app.world_mut()
        .write_message(TurnValve { pressure_kpa: 27.4 });
    advance_to(app.world_mut(), 12.0);
    let suit = app.world().resource::<SuitState>();
    // Ten seconds at the hand valve's rate, from the operating pressure towards the reserve.
    let expected = 40.6 - 10.0 * HAND_VALVE_RATE_KPA_PER_S;
    assert!(
        (suit.pressure_kpa - expected).abs() < 0.05,
        "{} kPa, expected {expected}",
        suit.pressure_kpa
    );
    assert_eq!(suit.target_kpa, 27.4);
}

#[test]
fn the_suit_balloons_against_the_airlocks_air_as_it_is_vented_and_sags_as_it_is_refilled() {
    use spacewalk::headless::{advance_to, sim_app};
    use spacewalk::sim::cosmonaut::ballooning::SuitSize;
    use spacewalk::sim::craft::air::{AirlockAir, blow_down_s};
    // The window opens 8 min 13 s before the recorded "airlock at vacuum" (08:28:13), so the
    // vent (60 s time constant) opens inside it.
    let scenario = super::variant(|f| f.start_utc = "1965-03-18T08:20:00Z".into());
    let cabin_kpa = scenario.file.spacecraft.cabin_pressure_kpa;
    let tau_s = scenario.file.airlock.vent_time_constant_s;
    let opens_t_s = 493.0 - blow_down_s(cabin_kpa, tau_s);
    let mut app = sim_app(scenario);
    advance_to(app.world_mut(), 1.0);
    let world = app.world();
    assert_eq!(world.resource::<AirlockAir>().pressure_kpa, cabin_kpa);
    assert_eq!(
        world.resource::<SuitSize>().pressure_kpa,
        0.0,
        "slack in cabin air"
    );
    let slack_m = shoulder_section(&world.resource::<CosmonautFigure>().0).1;
    // Four minutes into the blow-down: the air is the exponential's, the suit loaded by what
    // its 40.6 kPa exceeds it (to within a sizing step), and wider than slack.
    let t_s = 300.0;
    advance_to(app.world_mut(), t_s);
    let world = app.world();
    let air_kpa = world.resource::<AirlockAir>().pressure_kpa;
    let expected_kpa = cabin_kpa * (-(t_s - opens_t_s) / tau_s).exp();
    assert!(
        (air_kpa - expected_kpa).abs() < 0.01 * expected_kpa,
        "{air_kpa} kPa, expected {expected_kpa}"
    );
    let loaded_kpa = world.resource::<SuitSize>().pressure_kpa;
    assert!(
        (loaded_kpa - (40.6 - air_kpa)).abs() <= SIZING_STEP_KPA,
        "loaded by {loaded_kpa} kPa with {air_kpa} kPa around"
    );
    let section_m = shoulder_section(&world.resource::<CosmonautFigure>().0).1;
    assert!(
        section_m > slack_m + 0.005,
        "{section_m} against slack {slack_m}"
    );
    // The log said when the vent opened, at the cabin's pressure.
    let log = app.world().resource::<spacewalk::sim::EventLog>();
    let opened = log
        .entries
        .iter()
        .find_map(|e| match e.event {
            spacewalk::sim::SimEvent::AirlockVenting { from_kpa } => Some((e.t_s, from_kpa)),
            _ => None,
        })
        .expect("the vent's opening is logged");
    assert!(
        (opened.0 - opens_t_s).abs() < 0.05,
        "{opened:?}, expected {opens_t_s}"
    );
    assert!((opened.1 - cabin_kpa).abs() < 1e-9, "{opened:?}");
    // At the recorded depressurisation the air is gone.
    advance_to(app.world_mut(), 494.0);
    assert_eq!(app.world().resource::<AirlockAir>().pressure_kpa, 0.0);
    assert_eq!(app.world().resource::<SuitSize>().pressure_kpa, 40.6);

    // The historical flight: repressurised from 08:51:54, the air passes the suit's own
    // pressure within a minute and the suit sags back to slack round him.
    let rows = &super::historical_run().telemetry.rows;
    let at = |utc: &str| rows.iter().find(|r| r.utc.as_str() >= utc).expect("a row");
    let refill = at("1965-03-18T08:52:54");
    let expected_kpa = cabin_kpa * (1.0 - (-60.0 / tau_s).exp());
    assert!(
        (refill.airlock_pressure_kpa - expected_kpa).abs() < 0.5,
        "{} kPa a minute into the refill, expected {expected_kpa}",
        refill.airlock_pressure_kpa
    );
    assert_eq!(at("1965-03-18T08:40:00").airlock_pressure_kpa, 0.0);
    assert!((at("1965-03-18T08:56:00").suit_section_m - slack_m as f64).abs() < 0.001);
}
