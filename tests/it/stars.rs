//! The star catalogue, its precession to 1965, star colours and the fading of the field.

use bevy::math::DVec3;
use spacewalk::sim::world::environment::Environment;
use spacewalk::stars::{
    BrightBall, CatalogueError, blackbody_rgb, catalogue, parse, precession_from_j2000, ra_dec_rad,
    star_visibility, sunlit_share, temperature_k,
};

#[test]
fn the_catalogue_holds_the_hipparcos_stars_to_magnitude_7_brightest_first() {
    let stars = catalogue().expect("the shipped catalogue parses");
    assert_eq!(stars.len(), 15_386);
    assert!(stars.windows(2).all(|w| w[0].v_mag <= w[1].v_mag));
    assert!(stars.iter().all(|s| s.v_mag < 7.0));
    // Sirius: V -1.44, RA 6h 45m 09s, Dec -16 43'.
    let sirius = stars[0];
    assert!((sirius.v_mag + 1.44).abs() < 0.01, "{sirius:?}");
    assert!(
        (sirius.ra_rad.to_degrees() - 101.287).abs() < 0.01,
        "{sirius:?}"
    );
    assert!(
        (sirius.dec_rad.to_degrees() + 16.716).abs() < 0.01,
        "{sirius:?}"
    );
}

#[test]
fn a_broken_catalogue_is_an_error_not_a_panic() {
    assert_eq!(parse(&[0; 17]), Err(CatalogueError::Truncated(17)));
    let mut record = Vec::new();
    for value in [1.0f32, 3.0, 2.0, 0.5] {
        record.extend(value.to_le_bytes());
    }
    assert!(matches!(
        parse(&record),
        Err(CatalogueError::OutOfRange { index: 0, .. })
    ));
}

#[test]
fn precession_matches_meeus_example_21_b() {
    // Theta Persei, J2000 place with proper motion applied, to 2028 Nov 13.19 TD:
    // RA 41.054063 -> 41.547214 deg, Dec 49.227750 -> 49.348483 deg (Meeus, Astronomical
    // Algorithms, example 21.b).
    let (ra, dec) = (41.054_063f64.to_radians(), 49.227_750f64.to_radians());
    let j2000 = DVec3::new(dec.cos() * ra.cos(), dec.cos() * ra.sin(), dec.sin());
    let (ra, dec) = ra_dec_rad(precession_from_j2000(2_462_088.69) * j2000);
    assert!(
        (ra.to_degrees() - 41.547_214).abs() < 2e-5,
        "RA {}",
        ra.to_degrees()
    );
    assert!(
        (dec.to_degrees() - 49.348_483).abs() < 2e-5,
        "Dec {}",
        dec.to_degrees()
    );
}

#[test]
fn polaris_stands_0_9_deg_from_the_pole_of_1965_in_the_simulation_frame() {
    let scenario = super::historical();
    let env = Environment::at(&scenario, &Environment::elements_for(&scenario), 420.0);
    let polaris = catalogue()
        .unwrap()
        .into_iter()
        .find(|s| s.dec_rad.to_degrees() > 89.0)
        .expect("Polaris");
    let star = env.inertial_to_sim * precession_from_j2000(env.jd_utc) * polaris.direction_j2000();
    let pole = env.earth_fixed_to_sim * DVec3::Z;
    let from_pole_deg = star.angle_between(pole).to_degrees();
    // 0.74 deg in 2000, closing by about 0.0045 deg a year: about 0.90 deg in 1965.
    assert!(
        (0.85..0.95).contains(&from_pole_deg),
        "Polaris {from_pole_deg} deg from the pole"
    );
}

#[test]
fn star_colours_run_from_blue_white_to_orange_red_with_b_minus_v() {
    let blue = blackbody_rgb(temperature_k(-0.3));
    let sunlike = blackbody_rgb(temperature_k(0.65));
    let red = blackbody_rgb(temperature_k(1.85));
    assert!(blue[2] > blue[0], "{blue:?}");
    assert!(red[0] > red[2] * 2.0, "{red:?}");
    assert!(sunlike.iter().all(|c| *c > 0.5), "{sunlike:?}");
    assert!((5000.0..6500.0).contains(&temperature_k(0.65)));
}

#[test]
fn the_field_fades_when_the_sunlit_earth_or_the_sun_fills_the_view() {
    let earth = BrightBall {
        centre_m: DVec3::new(0.0, -6_561_000.0, 0.0),
        radius_m: 6_371_000.0,
        lit_by_day_side_only: true,
    };
    let eye = DVec3::ZERO;
    let down: Vec<DVec3> = (0..100)
        .map(|i| {
            DVec3::new(
                (i % 10) as f64 * 0.05 - 0.25,
                -1.0,
                (i / 10) as f64 * 0.05 - 0.25,
            )
            .normalize()
        })
        .collect();
    let up: Vec<DVec3> = down.iter().map(|d| -*d).collect();
    let overhead_sun = DVec3::Y;
    let lit_below = sunlit_share(eye, &down, &[earth], overhead_sun, true);
    assert!(lit_below > 0.99, "{lit_below}");
    assert_eq!(star_visibility(lit_below, false), 0.0);
    // The night side below, or the sky above, leaves the stars.
    let night_below = sunlit_share(eye, &down, &[earth], -overhead_sun, true);
    assert_eq!(night_below, 0.0);
    let sky = sunlit_share(eye, &up, &[earth], overhead_sun, true);
    assert_eq!(star_visibility(sky, false), 1.0);
    // The Sun in the frame outshines them all.
    assert_eq!(star_visibility(0.0, true), 0.0);
    // A sliver of sunlit horizon dims them partly.
    let partial = star_visibility(0.05, false);
    assert!(partial > 0.2 && partial < 0.8, "{partial}");
}
