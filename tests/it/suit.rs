//! The backpack's oxygen: what the bottles hold, how fast the open-loop suit uses it, what a
//! bleed costs, and what happens when it runs out.

use spacewalk::headless;
use spacewalk::scenario::SuitSpec;
use spacewalk::sim::cosmonaut::oxygen::{
    bottles_full_kg, burned_nl_per_min, steady_draw_kg_per_s, suit_gas_kg,
};
use spacewalk::sim::cosmonaut::physiology::REST_W;
use spacewalk::sim::measure::telemetry::TelemetryRow;

use super::{historical, variant};

#[test]
fn the_default_backpack_holds_about_1_7_kg_and_lasts_about_45_minutes() {
    let suit = SuitSpec::default();
    let full_kg = bottles_full_kg(&suit);
    // Fact sheet: three 2 L bottles at 22 MPa, about 1.7 kg, about 45 minutes.
    assert!((full_kg - 1.73).abs() < 0.02, "{full_kg} kg");
    let minutes = full_kg / steady_draw_kg_per_s(&suit, suit.pressure_kpa, REST_W) / 60.0;
    assert!((42.0..48.0).contains(&minutes), "{minutes} min");
}

/// What the regulator should have drawn between two telemetry rows: the ventilation, the leak at
/// each row's pressure and what he burned at each row's metabolic rate, summed row by row.
fn expected_draw_kg(rows: &[TelemetryRow], suit: &SuitSpec, from_s: f64, to_s: f64) -> f64 {
    rows.windows(2)
        .filter(|w| w[0].t_s >= from_s && w[1].t_s <= to_s)
        .map(|w| {
            steady_draw_kg_per_s(suit, w[0].suit_pressure_kpa, w[0].metabolic_w)
                * (w[1].t_s - w[0].t_s)
        })
        .sum()
}

#[test]
fn the_burn_follows_the_metabolic_rate() {
    // 20.1 kJ per normal litre: rest 0.39 NL/min, 600 W of hard work 1.8.
    assert!((burned_nl_per_min(REST_W) - 0.388).abs() < 0.005);
    assert!((burned_nl_per_min(600.0) - 1.791).abs() < 0.005);
    assert_eq!(burned_nl_per_min(-5.0), 0.0);
    let suit = SuitSpec::default();
    let (rest, work) = (
        steady_draw_kg_per_s(&suit, suit.pressure_kpa, REST_W),
        steady_draw_kg_per_s(&suit, suit.pressure_kpa, 600.0),
    );
    assert!(work > rest, "hard work draws more: {work} vs {rest}");
}

#[test]
fn the_flight_uses_the_steady_draw_and_the_bleed_vents_the_suits_gas() {
    let scenario = historical();
    let suit = scenario.file.suit.clone();
    let report = headless::run(scenario, None);
    let rows = &report.telemetry.rows;
    let at = |hms: &str| {
        rows.iter()
            .find(|r| r.utc.contains(&format!("T{hms}.000Z")))
            .unwrap_or_else(|| panic!("no row at {hms}"))
    };
    // Before the bleed (08:46:00) the suit holds 40.6 kPa: the bottles give the steady draw,
    // with what he burns following his work.
    let (a, b) = (at("08:35:00"), at("08:45:00"));
    let expected_kg = expected_draw_kg(rows, &suit, a.t_s, b.t_s);
    let used_kg = a.o2_remaining_kg - b.o2_remaining_kg;
    assert!(
        (used_kg / expected_kg - 1.0).abs() < 0.005,
        "used {used_kg} kg in ten minutes, expected {expected_kg}"
    );
    // He worked: more than resting would have burned.
    let at_rest_kg = steady_draw_kg_per_s(&suit, suit.pressure_kpa, REST_W) * (b.t_s - a.t_s);
    assert!(
        used_kg > at_rest_kg,
        "used {used_kg} kg, at rest {at_rest_kg}"
    );
    // Across the bleed he loses the draw plus the gas the valve vents.
    let (a, b) = (at("08:45:50"), at("08:47:20"));
    assert!((b.suit_pressure_kpa - suit.reserve_pressure_kpa).abs() < 0.05);
    let draw_kg = expected_draw_kg(rows, &suit, a.t_s, b.t_s);
    let vented_kg =
        suit_gas_kg(&suit, suit.pressure_kpa) - suit_gas_kg(&suit, suit.reserve_pressure_kpa);
    let used_kg = a.o2_remaining_kg - b.o2_remaining_kg;
    assert!(
        used_kg > draw_kg + 0.9 * vented_kg && used_kg < draw_kg * 1.05 + vented_kg * 1.05,
        "used {used_kg} kg across the bleed; draw {draw_kg}, vented {vented_kg}"
    );
}

#[test]
fn when_the_bottles_run_dry_the_suit_loses_pressure() {
    // One small bottle: about 30 g, under a minute of flow.
    let scenario = variant(|f| {
        f.suit.o2_bottles = 1;
        f.suit.o2_bottle_volume_l = 0.1;
    });
    let report = headless::run(scenario, Some(180.0));
    let empty = report
        .log
        .entries
        .iter()
        .find(|e| matches!(e.event, spacewalk::sim::SimEvent::OxygenExhausted { .. }))
        .expect("the log says when the bottles ran dry");
    assert!(
        (30.0..70.0).contains(&empty.t_s),
        "empty at {} s",
        empty.t_s
    );
    let last = report.telemetry.latest().unwrap();
    assert!(
        last.suit_pressure_kpa < 40.0,
        "the suit still holds {} kPa two minutes later",
        last.suit_pressure_kpa
    );
    let before = report
        .telemetry
        .rows
        .iter()
        .find(|r| r.t_s >= empty.t_s - 1.0)
        .unwrap();
    assert!(last.o2_remaining_kg < before.o2_remaining_kg);
}
