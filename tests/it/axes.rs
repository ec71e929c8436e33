//! What-if sweeps along physical causes other than the suit's pressure, on the no-bleed flight:
//! the outcome moves the way the cause says, at most once, and the time to get in does not jump
//! the wrong way. Coarse grids keep CI short; the README gives the fine ones as commands.

use spacewalk::sim::measure::outcome::Outcome;

use super::no_bleed_sweep;

/// How far each outcome got, worst first: never clear of the airlock, out but not back in,
/// back in behind the shut hatch.
fn rank(outcome: &Outcome) -> u8 {
    match outcome {
        Outcome::NeverOut | Outcome::NeverClear { .. } => 0,
        Outcome::NotReturned { .. } => 1,
        Outcome::Returned { .. } => 2,
    }
}

/// When he was wholly inside for good, whole seconds of UTC, if he got in.
fn inside_s(outcome: &Outcome) -> Option<f64> {
    match outcome {
        Outcome::Returned {
            wholly_inside: Some(at),
            ..
        } => Some(at.to_utc_seconds().floor()),
        _ => None,
    }
}

/// The no-bleed flight swept along `spec`: each value with its outcome.
fn sweep(spec: &str) -> Vec<(f64, Outcome)> {
    let results = no_bleed_sweep(spec);
    results
        .into_iter()
        .map(|r| {
            let outcome = r.outcome.ran().expect("every variant is valid").clone();
            eprintln!("{spec}: {}  {outcome}", r.values[0]);
            (r.values[0], outcome)
        })
        .collect()
}

/// Along an axis where more of the cause helps him: the outcome never gets worse, changes at
/// most once, and once he gets in, more of the cause never makes him later (by more than the
/// second of scatter the rim's contacts have, docs/calibration.md §9).
fn assert_helps(swept: &[(f64, Outcome)]) {
    let ranks: Vec<u8> = swept.iter().map(|(_, o)| rank(o)).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    let changes = ranks.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(changes <= 2, "{ranks:?}");
    let times: Vec<f64> = swept.iter().filter_map(|(_, o)| inside_s(o)).collect();
    for pair in times.windows(2) {
        assert!(pair[1] <= pair[0] + 1.0, "{times:?}");
    }
}

#[test]
fn a_wider_hatch_never_keeps_him_out_where_a_narrower_one_lets_him_in() {
    let swept = sweep("airlock.hatch_diameter_m=0.62..0.74:0.03");
    assert_helps(&swept);
    // The flown 0.65 m keeps him out at 40.6 kPa; 0.74 m, wider than his ballooned shoulders
    // (0.678 m), lets him in.
    assert_eq!(rank(&swept[1].1), 1, "{:?}", swept[1].1);
    assert_eq!(rank(&swept[4].1), 2, "{:?}", swept[4].1);
}

#[test]
fn a_stiffer_restraint_never_keeps_him_out_where_a_softer_one_lets_him_in() {
    let swept = sweep("suit.restraint_stiffness_kn_per_m=20..80:15");
    assert_helps(&swept);
    // Soft enough, the suit balloons past the hatch before he is even out; stiff enough, it
    // stays under it.
    assert_eq!(rank(&swept[0].1), 0, "{:?}", swept[0].1);
    assert_eq!(rank(&swept[4].1), 2, "{:?}", swept[4].1);
}

#[test]
fn the_tethers_length_does_not_decide_the_squeeze() {
    let swept = sweep("tether.length_m=4.4..6.4:0.5");
    let ranks: Vec<u8> = swept.iter().map(|(_, o)| rank(o)).collect();
    assert!(ranks.iter().all(|r| *r == ranks[0]), "{ranks:?}");
}

#[test]
fn a_stronger_man_never_stays_out_where_a_weaker_one_gets_in() {
    let swept = sweep("cosmonaut.max_arm_force_n=150..750:150");
    assert_helps(&swept);
    // At 40.6 kPa the rim's friction on his pressed suit holds about 500 N (the squeeze's law,
    // docs/calibration.md §10): the flown 150 N stays out, 750 N pushes through.
    assert_eq!(rank(&swept[0].1), 1, "{:?}", swept[0].1);
    assert_eq!(rank(&swept[4].1), 2, "{:?}", swept[4].1);
}

#[test]
fn his_mass_does_not_decide_the_squeeze() {
    // The hold is friction under the suit's pressure, a force he must match: how heavy he is
    // changes how fast he moves, not whether his push beats it.
    let swept = sweep("cosmonaut.body_mass_kg=55..95:20");
    let ranks: Vec<u8> = swept.iter().map(|(_, o)| rank(o)).collect();
    assert!(ranks.iter().all(|r| *r == ranks[0]), "{ranks:?}");
}
