//! The squeeze at the outer hatch as a law, apart from any flight: the rim's give and hold
//! follow the ballooned section, the suit's pressure and the hatch, and nothing else.

use bevy::prelude::{Quat, Transform, Vec3};
use spacewalk::sim::core::bodies::{Segment, Side};
use spacewalk::sim::cosmonaut::anatomy::Figure;
use spacewalk::sim::cosmonaut::ballooning::inflated;
use spacewalk::sim::cosmonaut::squeeze::{
    covered_arc_m, fabric_on_rim_friction, give_m, hold_n, pressed_arcs_m,
};

use super::historical;

/// The most arc any cut of the standing figure presses on a hatch of `radius_m`, m.
fn widest_arc_m(figure: &Figure, radius_m: f32) -> f32 {
    (0..200)
        .map(|i| covered_arc_m(figure, i as f32 * 0.01, radius_m))
        .fold(0.0, f32::max)
}

#[test]
fn the_squeeze_grows_with_the_ballooning_and_shrinks_with_the_hatch() {
    let scenario = historical();
    let slack = Figure::new(&scenario);
    let suit = &scenario.file.suit;
    let hatch_m = scenario.file.airlock.hatch_diameter_m as f32 / 2.0;
    // Slack, he fits: no part needs to give, no arc is pressed.
    assert!(give_m(&slack, hatch_m).iter().all(|(_, g)| *g == 0.0));
    assert_eq!(widest_arc_m(&slack, hatch_m), 0.0);
    // Ballooned further and further: the give and the pressed arc never shrink, and at the
    // stretch of the recall (about 0.68 m across) both are there.
    let mut last = (0.0, 0.0);
    for stretch_kpa in [40.0, 60.0, 80.0, 100.0, 120.0] {
        let figure = inflated(&slack, suit, stretch_kpa);
        let give = give_m(&figure, hatch_m)
            .iter()
            .map(|(_, g)| *g)
            .fold(0.0, f32::max);
        let arc = widest_arc_m(&figure, hatch_m);
        assert!(
            give >= last.0 && arc >= last.1,
            "{stretch_kpa}: {give} {arc}"
        );
        last = (give, arc);
        // A wider hatch presses less of him.
        assert!(widest_arc_m(&figure, hatch_m + 0.02) <= arc);
        // The rigid helmet, gloves and boots never give.
        let rigid = [
            Segment::Head,
            Segment::Hand(Side::Right),
            Segment::Foot(Side::Left),
        ];
        for (segment, g) in give_m(&figure, hatch_m) {
            if rigid.contains(&segment) {
                assert_eq!(g, 0.0, "{segment:?}");
            }
        }
    }
    assert!(last.0 > 0.01 && last.1 > 0.1, "{last:?}");
}

#[test]
fn the_hold_is_friction_under_the_suits_pressure_on_the_pressed_patch() {
    // mu p A: in proportion to the pressure and to the pressed arc, none without either.
    let mu = fabric_on_rim_friction();
    assert!((mu - 0.55).abs() < 1e-6);
    assert_eq!(hold_n(0.0, 40.6), 0.0);
    assert_eq!(hold_n(0.2, 0.0), 0.0);
    let base = hold_n(0.2, 40.6);
    assert!((hold_n(0.4, 40.6) / base - 2.0).abs() < 1e-5);
    assert!((hold_n(0.2, 20.3) / base - 0.5).abs() < 1e-5);
    // 0.55 x 40.6 kPa x 0.2 m x 0.06 m (the rim's thickness).
    assert!((base - 0.55 * 40_600.0 * 0.2 * 0.06).abs() < 0.5, "{base}");
}

/// The pressed arc at the rim with his figure turned by `turn` about the point of his body at
/// height `y` (figure frame), that point held on the tube's axis in the middle of the rim.
fn arc_turned_m(figure: &Figure, radius_m: f32, y: f32, turn: Quat) -> f32 {
    let mouth_y = 2.0;
    let give = give_m(figure, radius_m);
    let torso = figure.segment(Segment::Torso).centre_m;
    let held = Vec3::new(torso.x, y, torso.z);
    let on_axis = Vec3::Y * (mouth_y - 0.03);
    let him = Transform::from_translation(on_axis - turn * (held - torso)).with_rotation(turn);
    pressed_arcs_m(
        figure,
        (&him, &Transform::IDENTITY),
        (mouth_y, radius_m),
        &give,
    )
    .iter()
    .map(|(_, a)| a)
    .sum()
}

#[test]
fn the_rim_rings_him_only_while_his_section_threads_it_never_lying_across_the_mouth() {
    let scenario = historical();
    let figure = inflated(&Figure::new(&scenario), &scenario.file.suit, 80.0);
    let radius_m = scenario.file.airlock.hatch_diameter_m as f32 / 2.0;
    // Where the cut presses most: the shoulders or the waist.
    let y = (0..200)
        .map(|i| i as f32 * 0.01)
        .max_by(|a, b| {
            covered_arc_m(&figure, *a, radius_m).total_cmp(&covered_arc_m(&figure, *b, radius_m))
        })
        .unwrap_or(1.0);
    let lined_up = arc_turned_m(&figure, radius_m, y, Quat::IDENTITY);
    assert!(lined_up > 0.1, "{lined_up}");
    for (name, axis) in [("forwards", Vec3::X), ("sideways", Vec3::Z)] {
        // Lying across the mouth, with the tube's axis through his middle: no squeeze.
        let across = arc_turned_m(
            &figure,
            radius_m,
            y,
            Quat::from_axis_angle(axis, std::f32::consts::FRAC_PI_2),
        );
        assert_eq!(across, 0.0, "{name}");
        // Tilting him: the squeeze holds while the drawn-out section still fits the rim and its
        // give, and once gone it does not come back at a greater tilt.
        let arcs: Vec<f32> = (0..=90)
            .map(|deg| {
                let turn = Quat::from_axis_angle(axis, (deg as f32).to_radians());
                arc_turned_m(&figure, radius_m, y, turn)
            })
            .collect();
        let gone = arcs.iter().position(|a| *a == 0.0).expect(name);
        assert!(gone >= 1, "{name}: no squeeze even lined up");
        assert!(arcs[gone..].iter().all(|a| *a == 0.0), "{name}: {arcs:?}");
        assert!(gone < 45, "{name}: still squeezed at {gone} degrees");
        // A degree or two is within the give's room for the pressed parts.
        assert!(arcs[1] > 0.5 * lined_up, "{name}: {arcs:?}");
    }
}
