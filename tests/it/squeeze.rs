//! The squeeze at the outer hatch as a law, apart from any flight: the rim's give and hold
//! follow the ballooned section, the suit's pressure and the hatch, and nothing else.

use spacewalk::sim::core::bodies::{Segment, Side};
use spacewalk::sim::cosmonaut::anatomy::Figure;
use spacewalk::sim::cosmonaut::ballooning::inflated;
use spacewalk::sim::cosmonaut::squeeze::{covered_arc_m, fabric_on_rim_friction, give_m, hold_n};

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
