//! Checks `sim::orbit` against published reference values and the modelled
//! ground track.

use hifitime::Epoch;
use spacewalk::sim::world::orbit::*;

/// Julian date (UTC) of a UTC calendar date and time, through the time library the app uses.
fn julian_date_utc(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: f64) -> f64 {
    let whole = second.floor();
    let nanos = ((second - whole) * 1e9).round() as u32;
    spacewalk::scenario::time::julian_date_utc(Epoch::from_gregorian_utc(
        year,
        month,
        day,
        hour,
        minute,
        whole as u8,
        nanos,
    ))
}

/// The default historical scenario (docs/sources.md).
fn voskhod2_launch() -> LaunchOrbit {
    LaunchOrbit {
        launch_jd_utc: julian_date_utc(1965, 3, 18, 7, 0, 0.0),
        launch_site_lat_deg: 45.9203,
        launch_site_lon_deg: 63.3422,
        perigee_altitude_km: 167.0,
        apogee_altitude_km: 475.0,
        inclination_deg: 64.8,
        insertion_after_launch_s: 527.0,
        insertion_downrange_deg: 17.0,
    }
}

fn utc_18_march_1965(hour: u8, minute: u8, second: f64) -> f64 {
    julian_date_utc(1965, 3, 18, hour, minute, second)
}

/// Smallest absolute difference between two angles, degrees.
fn angle_diff_deg(a_deg: f64, b_deg: f64) -> f64 {
    ((a_deg - b_deg + 180.0).rem_euclid(360.0) - 180.0).abs()
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn norm(a: [f64; 3]) -> f64 {
    dot(a, a).sqrt()
}

fn det3(m: &[[f64; 3]; 3]) -> f64 {
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
}

fn assert_sub_point(jd_utc: f64, expected_lat_deg: f64, expected_lon_deg: f64, tolerance_deg: f64) {
    let elements = OrbitElements::from_launch(&voskhod2_launch());
    let (lat_deg, lon_deg) = elements.state_eci(jd_utc).subsatellite_lat_lon_deg(jd_utc);
    assert!(
        (lat_deg - expected_lat_deg).abs() <= tolerance_deg,
        "latitude {lat_deg:.3} vs {expected_lat_deg}"
    );
    assert!(
        angle_diff_deg(lon_deg, expected_lon_deg) <= tolerance_deg,
        "longitude {lon_deg:.3} vs {expected_lon_deg}"
    );
}

#[test]
fn julian_date_matches_known_epochs() {
    assert!((julian_date_utc(2000, 1, 1, 12, 0, 0.0) - 2_451_545.0).abs() < 1e-9);
    // 1965-01-01 00:00 is JD 2438761.5; 18 March is 76 days later.
    let launch = julian_date_utc(1965, 3, 18, 7, 0, 0.0);
    assert!((launch - (2_438_837.5 + 7.0 / 24.0)).abs() < 1e-9);
    // January and February take the "previous year" branch of the algorithm.
    assert!((julian_date_utc(1992, 2, 29, 0, 0, 0.0) - 2_448_681.5).abs() < 1e-9);
}

#[test]
fn gmst_at_j2000_epoch() {
    let gmst_deg = gmst_rad(2_451_545.0).to_degrees();
    assert!(
        (gmst_deg - 280.460_618_37).abs() < 1e-6,
        "GMST {gmst_deg:.9} deg"
    );
}

#[test]
fn gmst_matches_vallado_example_3_5() {
    // Vallado, Fundamentals of Astrodynamics, example 3-5: 1992-08-20 12:14 UT1 gives GMST
    // 152.578787886 deg.
    let gmst_deg = gmst_rad(julian_date_utc(1992, 8, 20, 12, 14, 0.0)).to_degrees();
    assert!(
        (gmst_deg - 152.578_787_886).abs() < 1e-3,
        "GMST {gmst_deg:.9} deg"
    );
}

#[test]
fn gmst_on_launch_day_matches_sofa() {
    // SOFA iauGmst82 (pyerfa 2.0.1.5) at 1965-03-18 08:40 UT1 gives 305.702686462 deg.
    let gmst_deg = gmst_rad(utc_18_march_1965(8, 40, 0.0)).to_degrees();
    assert!(
        (gmst_deg - 305.702_686_462).abs() < 1e-5,
        "GMST {gmst_deg:.9} deg"
    );
}

#[test]
fn gmst_advances_by_a_sidereal_day_in_each_solar_day() {
    // The Earth turns 360.98565 deg in a mean solar day (IAU 1982: 1.002737909350795 turns).
    for k in 0..1_000 {
        let jd = 2_438_000.0 + f64::from(k) * 0.123_456_7;
        let advance_deg = (gmst_rad(jd + 1.0) - gmst_rad(jd))
            .rem_euclid(std::f64::consts::TAU)
            .to_degrees();
        assert!(
            (advance_deg - 0.985_647).abs() < 1e-4,
            "GMST advanced {advance_deg} deg over a day from JD {jd}"
        );
    }
}

#[test]
fn ecef_to_eci_is_a_rotation_by_gmst() {
    let jd = utc_18_march_1965(8, 34, 51.0);
    let m = ecef_to_eci(jd);
    assert!((det3(&m) - 1.0).abs() < 1e-12);
    // Greenwich on the equator points at right ascension GMST.
    let greenwich = mat3_mul_vec3(&m, [1.0, 0.0, 0.0]);
    let ra = greenwich[1]
        .atan2(greenwich[0])
        .rem_euclid(std::f64::consts::TAU);
    assert!(angle_diff_deg(ra.to_degrees(), gmst_rad(jd).to_degrees()) < 1e-9);
}

#[test]
fn sub_solar_point_at_egress_matches_the_almanac() {
    // The record (docs/sources.md): sub-solar point 0.98 S, 52.05 E at 08:40 UTC.
    let (lat_deg, lon_deg) = subsolar_lat_lon_deg(utc_18_march_1965(8, 40, 0.0));
    assert!(
        (lat_deg - -0.98).abs() < 0.05,
        "sub-solar latitude {lat_deg:.4}"
    );
    assert!(
        angle_diff_deg(lon_deg, 52.05) < 0.05,
        "sub-solar longitude {lon_deg:.4}"
    );
}

#[test]
fn sun_on_the_equator_at_the_2000_march_equinox() {
    let sun = sun_direction_eci(julian_date_utc(2000, 3, 20, 7, 35, 0.0));
    assert!((norm(sun) - 1.0).abs() < 1e-12);
    let declination_deg = sun[2].asin().to_degrees();
    assert!(
        declination_deg.abs() < 0.02,
        "declination {declination_deg:.4} deg"
    );
}

#[test]
fn sun_matches_vallado_example_5_1() {
    // Vallado example 5-1, 2006-04-02 00:00 UTC. SOFA (epv00 with aberration, mean of date) gives
    // right ascension 11.1406 deg, declination 4.7884 deg.
    let sun = sun_direction_eci(julian_date_utc(2006, 4, 2, 0, 0, 0.0));
    let right_ascension_deg = sun[1].atan2(sun[0]).to_degrees();
    let declination_deg = sun[2].asin().to_degrees();
    assert!(
        (right_ascension_deg - 11.1406).abs() < 0.01,
        "RA {right_ascension_deg:.4}"
    );
    assert!(
        (declination_deg - 4.7884).abs() < 0.01,
        "declination {declination_deg:.4}"
    );
}

#[test]
fn launch_orbit_shape_and_period() {
    let elements = OrbitElements::from_launch(&voskhod2_launch());
    assert!((elements.semi_major_axis_m - 6_699_137.0).abs() < 1e-6);
    assert!((elements.inclination_rad.to_degrees() - 64.8).abs() < 1e-9);
    // Published period 90.9 min (90.93 per Grahn).
    let period_min = elements.period_s() / 60.0;
    assert!(
        (period_min - 90.93).abs() < 0.1,
        "period {period_min:.3} min"
    );
    // -1.5 n J2 (Re/p)^2 cos i at 64.8 deg: the node regresses by about 3.6 deg per day.
    let node_deg_per_day = elements.raan_rate_rad_s.to_degrees() * SECONDS_PER_DAY;
    assert!(
        (node_deg_per_day - -3.575).abs() < 0.01,
        "node drift {node_deg_per_day:.4} deg/day"
    );
}

#[test]
fn insertion_is_at_perigee_north_east_of_the_pad() {
    let launch = voskhod2_launch();
    let elements = OrbitElements::from_launch(&launch);
    let insertion_jd = launch.launch_jd_utc + launch.insertion_after_launch_s / SECONDS_PER_DAY;
    let state = elements.state_eci(insertion_jd);
    let perigee_radius_m = EARTH_EQUATORIAL_RADIUS_M + 167_000.0;
    assert!((norm(state.position_eci_m) - perigee_radius_m).abs() < 1.0);
    // The record (docs/sources.md): perigee near 58 N 81 E in the model.
    let (lat_deg, lon_deg) = state.subsatellite_lat_lon_deg(insertion_jd);
    assert!(
        (lat_deg - 58.0).abs() < 1.0 && angle_diff_deg(lon_deg, 81.0) < 1.0,
        "insertion {lat_deg:.2} {lon_deg:.2}"
    );
    // Heading north: ascending pass.
    assert!(state.velocity_eci_mps[2] > 0.0);
}

#[test]
fn velocity_is_the_derivative_of_position() {
    let elements = OrbitElements::from_launch(&voskhod2_launch());
    // Seconds after insertion rather than Julian dates: a 1965 Julian date in f64 only resolves
    // about 40 us.
    let offset_s = (utc_18_march_1965(8, 40, 0.0) - elements.epoch_jd_utc) * SECONDS_PER_DAY;
    let step_s = 0.01;
    let before = elements
        .state_eci_at_epoch_offset(offset_s - step_s)
        .position_eci_m;
    let after = elements
        .state_eci_at_epoch_offset(offset_s + step_s)
        .position_eci_m;
    let state = elements.state_eci_at_epoch_offset(offset_s);
    for axis in 0..3 {
        let finite_difference_mps = (after[axis] - before[axis]) / (2.0 * step_s);
        let error_mps = (finite_difference_mps - state.velocity_eci_mps[axis]).abs();
        assert!(error_mps < 1e-3, "axis {axis}: {error_mps} m/s");
    }
    // Vis-viva speed at this radius, to within the few m/s the J2 drift adds.
    let r = norm(state.position_eci_m);
    let vis_viva_mps = (EARTH_MU_M3_S2 * (2.0 / r - 1.0 / elements.semi_major_axis_m)).sqrt();
    let speed_error_mps = (norm(state.velocity_eci_mps) - vis_viva_mps).abs();
    assert!(
        speed_error_mps < 10.0,
        "speed off vis-viva by {speed_error_mps} m/s"
    );
}

#[test]
fn egress_over_the_north_east_black_sea() {
    // The record (docs/sources.md): 43.2 N 36.6 E at 08:34:51.
    assert_sub_point(utc_18_march_1965(8, 34, 51.0), 43.2, 36.6, 3.0);
}

#[test]
fn ingress_over_yakutia() {
    // The record (docs/sources.md): 63.4 N 118.3 E at 08:47:00.
    assert_sub_point(utc_18_march_1965(8, 47, 0.0), 63.4, 118.3, 3.0);
}

#[test]
fn whole_eva_in_sunlight_then_shadow() {
    let elements = OrbitElements::from_launch(&voskhod2_launch());
    let lit_at = |jd: f64| elements.state_eci(jd).sunlit(sun_direction_eci(jd));
    assert!(lit_at(utc_18_march_1965(8, 34, 51.0)), "egress");
    assert!(lit_at(utc_18_march_1965(8, 48, 40.0)), "outer hatch closed");
    assert!(!lit_at(utc_18_march_1965(8, 56, 0.0)), "after shadow entry");
}

#[test]
fn sun_elevation_at_egress_and_ingress() {
    // The record (docs/sources.md): about +44 deg at egress and +9 deg at ingress.
    let elements = OrbitElements::from_launch(&voskhod2_launch());
    let elevation_at = |jd: f64| {
        elements
            .state_eci(jd)
            .sun_elevation_deg(sun_direction_eci(jd))
    };
    let egress_deg = elevation_at(utc_18_march_1965(8, 34, 51.0));
    let ingress_deg = elevation_at(utc_18_march_1965(8, 47, 0.0));
    assert!((egress_deg - 44.0).abs() < 2.0, "egress {egress_deg:.2}");
    assert!((ingress_deg - 9.0).abs() < 2.0, "ingress {ingress_deg:.2}");
}

#[test]
fn altitude_at_egress() {
    let elements = OrbitElements::from_launch(&voskhod2_launch());
    let state = elements.state_eci(utc_18_march_1965(8, 34, 51.0));
    let altitude_km = state.altitude_km();
    assert!(
        (170.0..210.0).contains(&altitude_km),
        "altitude {altitude_km:.2} km"
    );
    // The modelled 186 km is a height above the ellipsoid.
    let ellipsoid_km = state.altitude_above_ellipsoid_km();
    assert!(
        (ellipsoid_km - 186.0).abs() < 2.0,
        "ellipsoid height {ellipsoid_km:.2} km"
    );
}

#[test]
fn lvlh_is_right_handed_and_faces_forward() {
    let elements = OrbitElements::from_launch(&voskhod2_launch());
    for jd in [
        utc_18_march_1965(8, 34, 51.0),
        utc_18_march_1965(8, 41, 0.0),
        utc_18_march_1965(8, 47, 0.0),
    ] {
        let state = elements.state_eci(jd);
        let m = state.eci_to_lvlh();
        for row in 0..3 {
            for col in 0..3 {
                let expected = if row == col { 1.0 } else { 0.0 };
                assert!(
                    (dot(m[row], m[col]) - expected).abs() < 1e-12,
                    "M M^T [{row}][{col}]"
                );
            }
        }
        assert!((det3(&m) - 1.0).abs() < 1e-12, "det");

        let velocity_hat = state
            .velocity_eci_mps
            .map(|c| c / norm(state.velocity_eci_mps));
        let forward_error_deg = (-dot(m[2], velocity_hat))
            .clamp(-1.0, 1.0)
            .acos()
            .to_degrees();
        assert!(
            forward_error_deg < 1.0,
            "-Z is {forward_error_deg:.3} deg off the velocity"
        );

        let radial_hat = state.position_eci_m.map(|c| c / norm(state.position_eci_m));
        assert!(dot(m[1], radial_hat) > 1.0 - 1e-12, "+Y is the zenith");

        // +X is the negative orbit normal (starboard of the direction of travel).
        let r = state.position_eci_m;
        let v = state.velocity_eci_mps;
        let normal = [
            r[1] * v[2] - r[2] * v[1],
            r[2] * v[0] - r[0] * v[2],
            r[0] * v[1] - r[1] * v[0],
        ];
        let normal_hat = normal.map(|c| c / norm(normal));
        assert!(
            dot(m[0], normal_hat) < -1.0 + 1e-9,
            "+X is minus the orbit normal"
        );

        // The velocity seen in LVLH is mostly along -Z.
        let v_lvlh = mat3_mul_vec3(&m, v);
        assert!(v_lvlh[2] < -7_000.0 && v_lvlh[0].abs() < 1e-6);
    }
}

#[test]
fn sunlit_cylinder_geometry() {
    let sun = [1.0, 0.0, 0.0];
    let at = |position_eci_m: [f64; 3]| OrbitState {
        position_eci_m,
        velocity_eci_mps: [0.0, 7_800.0, 0.0],
    };
    assert!(at([7.0e6, 0.0, 0.0]).sunlit(sun));
    assert!(!at([-7.0e6, 0.0, 0.0]).sunlit(sun));
    assert!(at([-7.0e6, EARTH_RADIUS_M + 1.0, 0.0]).sunlit(sun));
    assert!(!at([-7.0e6, EARTH_RADIUS_M - 1.0, 0.0]).sunlit(sun));
    assert!((at([0.0, 7.0e6, 0.0]).sun_elevation_deg(sun)).abs() < 1e-12);
    assert!((at([7.0e6, 0.0, 0.0]).sun_elevation_deg(sun) - 90.0).abs() < 1e-9);
}
