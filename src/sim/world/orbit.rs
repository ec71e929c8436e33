//! Orbit, Earth-rotation and Sun geometry for the Voskhod-2 flight: pure `f64` maths, `std` only.
//!
//! Frames:
//! - **ECI** is the mean equator and equinox of date. Precession since J2000 is folded into the
//!   low-precision solar formulae, and nutation is ignored; both are far below what a rendered
//!   scene can show.
//! - **ECEF** is ECI rotated about +Z by Greenwich mean sidereal time alone (no nutation, no polar
//!   motion). The equation of the equinoxes is at most about 1.1 s of time, i.e. under 0.005° of
//!   Earth rotation.
//!
//! Time: every function takes `jd_utc`, a Julian date on the UTC scale, and treats UT1 = UTC. In
//! 1965 UTC was steered (by frequency offsets and 0.1 s steps) to stay within about 0.1 s of UT2,
//! so the error from this is far below 1 s.
//!
//! The Earth is a sphere for everything except the orbit's J2 perturbation: latitudes are
//! geocentric and [`OrbitState::altitude_km`] is measured from [`EARTH_RADIUS_M`]. Against a
//! geodetic treatment that costs up to 0.19° of latitude and up to about 14 km of altitude;
//! [`OrbitState::altitude_above_ellipsoid_km`] gives the ellipsoidal height where that matters.

use std::f64::consts::{PI, TAU};

/// Mean Earth radius, metres (IUGG mean radius R1 = 6371.0088 km, rounded). Used for altitude
/// reporting, the shadow cylinder and rendering.
pub const EARTH_RADIUS_M: f64 = 6_371_000.0;

/// Equatorial Earth radius, metres (WGS-84 semi-major axis). Reference radius for perigee/apogee
/// altitudes and for J2.
pub const EARTH_EQUATORIAL_RADIUS_M: f64 = 6_378_137.0;

/// Flattening of the Earth ellipsoid (dimensionless, WGS-84 defining value 1/298.257223563). Only
/// used by [`OrbitState::altitude_above_ellipsoid_km`].
pub const EARTH_FLATTENING: f64 = 1.0 / 298.257_223_563;

/// Earth's gravitational parameter GM, m³/s² (WGS-84 / EGM-96 value, atmosphere included).
pub const EARTH_MU_M3_S2: f64 = 3.986_004_418e14;

/// Earth's second zonal harmonic J2 (dimensionless), referred to [`EARTH_EQUATORIAL_RADIUS_M`]
/// (Vallado, *Fundamentals of Astrodynamics and Applications*, table D-1, EGM-96 rounded).
pub const EARTH_J2: f64 = 1.082_63e-3;

/// Julian date of the J2000.0 epoch (2000-01-01 12:00), days.
pub const JD_J2000: f64 = 2_451_545.0;

/// Seconds in one (UTC) day, s/day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// Julian days per Julian century, days.
const DAYS_PER_JULIAN_CENTURY: f64 = 36_525.0;

/// Greenwich mean sidereal time, radians in [0, 2π), from the IAU 1982 expression (Aoki et al.),
/// evaluated with `jd_utc` (Julian date, UTC, taken as UT1).
pub fn gmst_rad(jd_utc: f64) -> f64 {
    let days_since_j2000 = jd_utc - JD_J2000;
    let centuries = days_since_j2000 / DAYS_PER_JULIAN_CENTURY;
    // Meeus (12.4): the IAU 1982 polynomial in degrees of days since J2000, so the daily rotation
    // needs no separate UT1 day-fraction term.
    let gmst_deg = 280.460_618_37
        + 360.985_647_366_29 * days_since_j2000
        + 0.000_387_933 * centuries * centuries
        - centuries * centuries * centuries / 38_710_000.0;
    wrap_two_pi(gmst_deg.to_radians())
}

/// Rotation matrix ECEF → ECI at `jd_utc` (Julian date, UTC), row-major: a rotation about +Z by
/// [`gmst_rad`], so that `r_eci = M · r_ecef` (dimensionless).
pub fn ecef_to_eci(jd_utc: f64) -> [[f64; 3]; 3] {
    let (sin_g, cos_g) = gmst_rad(jd_utc).sin_cos();
    [[cos_g, -sin_g, 0.0], [sin_g, cos_g, 0.0], [0.0, 0.0, 1.0]]
}

/// Unit vector (dimensionless) from Earth's centre towards the Sun in ECI (mean equator and equinox
/// of date) at `jd_utc` (Julian date, UTC), from the Astronomical Almanac low-precision formulae
/// (good to about 0.01° for 1950–2050; ecliptic latitude taken as zero).
pub fn sun_direction_eci(jd_utc: f64) -> [f64; 3] {
    let days_since_j2000 = jd_utc - JD_J2000;
    let mean_longitude_deg = 280.460 + 0.985_647_4 * days_since_j2000;
    let mean_anomaly_rad = (357.528 + 0.985_600_3 * days_since_j2000).to_radians();
    let ecliptic_longitude_rad = (mean_longitude_deg
        + 1.915 * mean_anomaly_rad.sin()
        + 0.020 * (2.0 * mean_anomaly_rad).sin())
    .to_radians();
    let obliquity_rad = (23.439 - 0.000_000_4 * days_since_j2000).to_radians();
    let (sin_lon, cos_lon) = ecliptic_longitude_rad.sin_cos();
    let (sin_eps, cos_eps) = obliquity_rad.sin_cos();
    [cos_lon, cos_eps * sin_lon, sin_eps * sin_lon]
}

/// Sub-solar point at `jd_utc` (Julian date, UTC), degrees: (geocentric latitude, longitude east
/// in (−180, 180]).
pub fn subsolar_lat_lon_deg(jd_utc: f64) -> (f64, f64) {
    eci_to_lat_lon_deg(sun_direction_eci(jd_utc), jd_utc)
}

/// Launch description from which the orbit is derived, as a scenario gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchOrbit {
    /// Lift-off time, Julian date (UTC), days.
    pub launch_jd_utc: f64,
    /// Launch pad latitude, degrees north (treated as geocentric on a spherical Earth).
    pub launch_site_lat_deg: f64,
    /// Launch pad longitude, degrees east positive.
    pub launch_site_lon_deg: f64,
    /// Perigee altitude above [`EARTH_EQUATORIAL_RADIUS_M`], km.
    pub perigee_altitude_km: f64,
    /// Apogee altitude above [`EARTH_EQUATORIAL_RADIUS_M`], km.
    pub apogee_altitude_km: f64,
    /// Orbit inclination, degrees.
    pub inclination_deg: f64,
    /// Time from lift-off to orbit insertion, seconds. Insertion happens at perigee.
    pub insertion_after_launch_s: f64,
    /// Argument-of-latitude travel from the pad (at launch time) to the insertion point, degrees.
    pub insertion_downrange_deg: f64,
}

/// Classical (mean) orbital elements at an epoch, plus J2 secular rates.
#[derive(Clone, Debug, PartialEq)]
pub struct OrbitElements {
    /// Epoch of the angles below, Julian date (UTC), days.
    pub epoch_jd_utc: f64,
    /// Semi-major axis, metres.
    pub semi_major_axis_m: f64,
    /// Eccentricity (dimensionless).
    pub eccentricity: f64,
    /// Inclination to the ECI equator, radians.
    pub inclination_rad: f64,
    /// Right ascension of the ascending node at the epoch, radians.
    pub raan_rad: f64,
    /// Argument of perigee at the epoch, radians.
    pub arg_perigee_rad: f64,
    /// Mean anomaly at the epoch, radians.
    pub mean_anomaly_rad: f64,
    /// J2 secular drift of the ascending node, rad/s.
    pub raan_rate_rad_s: f64,
    /// J2 secular drift of the argument of perigee, rad/s.
    pub arg_perigee_rate_rad_s: f64,
    /// Mean motion including the J2 secular correction, rad/s.
    pub mean_motion_rad_s: f64,
}

impl OrbitElements {
    /// Derives the orbit from a launch description.
    ///
    /// - The plane contains the pad's ECI position at lift-off (the Earth turned by [`gmst_rad`]).
    /// - The pad lies on the ascending half of the orbit: a prograde orbit heads north-east.
    /// - Perigee is at argument of latitude `u_pad + insertion_downrange_deg`.
    /// - The craft passes perigee at `launch_jd_utc + insertion_after_launch_s`, which becomes the
    ///   epoch (mean anomaly 0).
    ///
    /// If the pad latitude exceeds the inclination, the pad is put at the orbit's highest latitude
    /// instead. Perigee and apogee altitudes are taken as mean-element values above
    /// [`EARTH_EQUATORIAL_RADIUS_M`].
    pub fn from_launch(launch: &LaunchOrbit) -> OrbitElements {
        let perigee_radius_m = EARTH_EQUATORIAL_RADIUS_M + launch.perigee_altitude_km * 1_000.0;
        let apogee_radius_m = EARTH_EQUATORIAL_RADIUS_M + launch.apogee_altitude_km * 1_000.0;
        let semi_major_axis_m = 0.5 * (perigee_radius_m + apogee_radius_m);
        let eccentricity =
            (apogee_radius_m - perigee_radius_m) / (apogee_radius_m + perigee_radius_m);
        let inclination_rad = launch.inclination_deg.to_radians();

        let pad_lat_rad = launch.launch_site_lat_deg.to_radians();
        let pad_right_ascension_rad =
            launch.launch_site_lon_deg.to_radians() + gmst_rad(launch.launch_jd_utc);
        let sin_i = inclination_rad.sin();
        // An equatorial orbit passes through any equatorial pad for every node; u = 0 keeps that
        // case finite.
        let pad_arg_latitude_rad = if sin_i.abs() < 1e-12 {
            0.0
        } else {
            // asin returns the branch with cos u ≥ 0, which is the ascending half.
            (pad_lat_rad.sin() / sin_i).clamp(-1.0, 1.0).asin()
        };
        let (sin_u, cos_u) = pad_arg_latitude_rad.sin_cos();
        // Spherical triangle node–pad–equator: the pad's right ascension measured from the node.
        let pad_ra_from_node_rad = f64::atan2(inclination_rad.cos() * sin_u, cos_u);
        let raan_rad = wrap_two_pi(pad_right_ascension_rad - pad_ra_from_node_rad);
        let arg_perigee_rad =
            wrap_two_pi(pad_arg_latitude_rad + launch.insertion_downrange_deg.to_radians());

        let rates = J2Rates::new(semi_major_axis_m, eccentricity, inclination_rad);
        OrbitElements {
            epoch_jd_utc: launch.launch_jd_utc + launch.insertion_after_launch_s / SECONDS_PER_DAY,
            semi_major_axis_m,
            eccentricity,
            inclination_rad,
            raan_rad,
            arg_perigee_rad,
            mean_anomaly_rad: 0.0,
            raan_rate_rad_s: rates.raan_rad_s,
            arg_perigee_rate_rad_s: rates.arg_perigee_rad_s,
            mean_motion_rad_s: rates.mean_motion_rad_s,
        }
    }

    /// Position (m) and velocity (m/s) in ECI at `jd_utc` (Julian date, UTC).
    ///
    /// Kepler's equation is solved by Newton iteration on the drifted mean anomaly; the node and
    /// the argument of perigee drift at their J2 secular rates. The velocity is the exact time
    /// derivative of this position model (drift included), so it differs from the osculating
    /// two-body velocity by a few m/s but keeps rendered motion consistent with the positions.
    pub fn state_eci(&self, jd_utc: f64) -> OrbitState {
        self.state_eci_at_epoch_offset((jd_utc - self.epoch_jd_utc) * SECONDS_PER_DAY)
    }

    /// Same as [`Self::state_eci`], at `dt_s` seconds after [`Self::epoch_jd_utc`].
    ///
    /// A Julian date near 2.44 million, held in `f64`, resolves time only to about 40 µs, which is
    /// 0.3 m of orbital travel. Callers that difference nearby states (frame-to-frame motion,
    /// numerical derivatives) should keep their own seconds offset and call this instead.
    pub fn state_eci_at_epoch_offset(&self, dt_s: f64) -> OrbitState {
        let mean_anomaly_rad = wrap_pi(self.mean_anomaly_rad + self.mean_motion_rad_s * dt_s);
        let raan_rad = self.raan_rad + self.raan_rate_rad_s * dt_s;
        let arg_perigee_rad = self.arg_perigee_rad + self.arg_perigee_rate_rad_s * dt_s;

        let a = self.semi_major_axis_m;
        let e = self.eccentricity;
        let eccentric_anomaly_rad = solve_kepler(mean_anomaly_rad, e);
        let (sin_ea, cos_ea) = eccentric_anomaly_rad.sin_cos();
        let minor_factor = (1.0 - e * e).sqrt();
        let eccentric_anomaly_rate_rad_s = self.mean_motion_rad_s / (1.0 - e * cos_ea);

        let x_pf_m = a * (cos_ea - e);
        let y_pf_m = a * minor_factor * sin_ea;
        let vx_pf_mps = -a * sin_ea * eccentric_anomaly_rate_rad_s;
        let vy_pf_mps = a * minor_factor * cos_ea * eccentric_anomaly_rate_rad_s;

        let (p_hat, q_hat, w_hat) =
            perifocal_basis(raan_rad, self.inclination_rad, arg_perigee_rad);
        let position_eci_m = add(scale(p_hat, x_pf_m), scale(q_hat, y_pf_m));
        // Node drift turns the plane about the ECI pole; apsidal drift turns it about its normal.
        let node_drift_mps = scale(cross([0.0, 0.0, 1.0], position_eci_m), self.raan_rate_rad_s);
        let apsidal_drift_mps = scale(cross(w_hat, position_eci_m), self.arg_perigee_rate_rad_s);
        let velocity_eci_mps = add(
            add(scale(p_hat, vx_pf_mps), scale(q_hat, vy_pf_mps)),
            add(node_drift_mps, apsidal_drift_mps),
        );
        OrbitState {
            position_eci_m,
            velocity_eci_mps,
        }
    }

    /// Anomalistic period (perigee to perigee) including the J2 mean-motion correction, seconds.
    pub fn period_s(&self) -> f64 {
        TAU / self.mean_motion_rad_s
    }
}

/// Position and velocity of the spacecraft in ECI.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrbitState {
    /// Position of the spacecraft from Earth's centre, ECI, metres.
    pub position_eci_m: [f64; 3],
    /// Velocity of the spacecraft, ECI, m/s.
    pub velocity_eci_mps: [f64; 3],
}

impl OrbitState {
    /// Sub-satellite point at `jd_utc` (Julian date, UTC, which must be the time of this state):
    /// (geocentric latitude on a spherical Earth, longitude east in (−180, 180]), degrees. Uses
    /// [`gmst_rad`].
    pub fn subsatellite_lat_lon_deg(&self, jd_utc: f64) -> (f64, f64) {
        eci_to_lat_lon_deg(self.position_eci_m, jd_utc)
    }

    /// Altitude above the spherical mean Earth [`EARTH_RADIUS_M`] (not the equatorial radius used
    /// for the launch perigee/apogee figures, so a 167 km perigee reads about 174 km here), km.
    pub fn altitude_km(&self) -> f64 {
        (norm(self.position_eci_m) - EARTH_RADIUS_M) / 1_000.0
    }

    /// Approximate height above the WGS-84 ellipsoid, km: the radius minus the ellipsoid's radius
    /// at the same geocentric latitude. The neglected tilt between the radial and the ellipsoid
    /// normal costs metres at LEO. The modelled altitudes in docs/sources.md match this measure: 186 km at
    /// egress, where [`Self::altitude_km`] gives 183 km.
    pub fn altitude_above_ellipsoid_km(&self) -> f64 {
        let radius_m = norm(self.position_eci_m);
        let sin_lat = self.position_eci_m[2] / radius_m;
        let cos_lat = self.position_eci_m[0].hypot(self.position_eci_m[1]) / radius_m;
        let a = EARTH_EQUATORIAL_RADIUS_M;
        let b = a * (1.0 - EARTH_FLATTENING);
        let surface_radius_m = a * b / ((b * cos_lat).hypot(a * sin_lat));
        (radius_m - surface_radius_m) / 1_000.0
    }

    /// Row-major rotation matrix (dimensionless) whose rows are the local-vertical/local-horizontal
    /// axes in ECI, so that `v_lvlh = M · v_eci`:
    ///
    /// - row 0, **+X**: `Y × Z`, the **negative orbit normal**, i.e. horizontal and to the right of
    ///   the direction of travel (starboard); south-east-ish on Voskhod-2's north-east pass;
    /// - row 1, **+Y**: radially outward (zenith);
    /// - row 2, **+Z**: opposite the along-track direction, so **−Z** is the velocity projected
    ///   perpendicular to the radius (forward, horizontal).
    ///
    /// This is a right-handed frame (det +1) and matches Bevy's convention: Y up, −Z forward, +X
    /// right. The velocity must not be purely radial.
    pub fn eci_to_lvlh(&self) -> [[f64; 3]; 3] {
        let up = normalize(self.position_eci_m);
        let v = self.velocity_eci_mps;
        let forward = normalize(sub(v, scale(up, dot(v, up))));
        let z_axis = scale(forward, -1.0);
        let x_axis = cross(up, z_axis);
        [x_axis, up, z_axis]
    }

    /// Whether the spacecraft is in sunlight, with a cylindrical shadow of radius
    /// [`EARTH_RADIUS_M`] behind the Earth (no penumbra, no atmospheric refraction). `sun_dir_eci`
    /// is the direction to the Sun in ECI (any length).
    pub fn sunlit(&self, sun_dir_eci: [f64; 3]) -> bool {
        let sun_hat = normalize(sun_dir_eci);
        let along_sun_m = dot(self.position_eci_m, sun_hat);
        if along_sun_m >= 0.0 {
            return true;
        }
        norm(sub(self.position_eci_m, scale(sun_hat, along_sun_m))) > EARTH_RADIUS_M
    }

    /// Sun elevation above the local horizontal plane at the spacecraft (the plane normal to the
    /// radius vector), degrees in [−90, 90]. Negative values can still be sunlit: the spacecraft
    /// sees past the Earth's limb. `sun_dir_eci` is the direction to the Sun in ECI (any length);
    /// solar parallax (< 0.003°) is ignored.
    pub fn sun_elevation_deg(&self, sun_dir_eci: [f64; 3]) -> f64 {
        let up = normalize(self.position_eci_m);
        let sun_hat = normalize(sun_dir_eci);
        // atan2 rather than asin: asin loses about 1e-6 deg near the zenith to rounding in the dot
        // product.
        dot(up, sun_hat)
            .atan2(norm(cross(up, sun_hat)))
            .to_degrees()
    }
}

/// Product `M · v` of a row-major 3×3 matrix and a 3-vector (units of `v`).
pub fn mat3_mul_vec3(m: &[[f64; 3]; 3], v: [f64; 3]) -> [f64; 3] {
    [dot(m[0], v), dot(m[1], v), dot(m[2], v)]
}

/// Transpose of a row-major 3×3 matrix, which for the rotations in this module is the inverse
/// rotation.
pub fn mat3_transpose(m: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    [
        [m[0][0], m[1][0], m[2][0]],
        [m[0][1], m[1][1], m[2][1]],
        [m[0][2], m[1][2], m[2][2]],
    ]
}

/// J2 secular rates of a mean orbit (Vallado, *Fundamentals of Astrodynamics*, §9.6).
struct J2Rates {
    raan_rad_s: f64,
    arg_perigee_rad_s: f64,
    mean_motion_rad_s: f64,
}

impl J2Rates {
    fn new(semi_major_axis_m: f64, eccentricity: f64, inclination_rad: f64) -> Self {
        let two_body_mean_motion_rad_s = (EARTH_MU_M3_S2 / semi_major_axis_m.powi(3)).sqrt();
        let one_minus_e2 = 1.0 - eccentricity * eccentricity;
        let semi_latus_rectum_m = semi_major_axis_m * one_minus_e2;
        let k = 1.5 * EARTH_J2 * (EARTH_EQUATORIAL_RADIUS_M / semi_latus_rectum_m).powi(2);
        let cos2_i = inclination_rad.cos().powi(2);
        let mean_motion_rad_s = two_body_mean_motion_rad_s
            * (1.0 + 0.5 * k * one_minus_e2.sqrt() * (3.0 * cos2_i - 1.0));
        Self {
            raan_rad_s: -k * mean_motion_rad_s * inclination_rad.cos(),
            arg_perigee_rad_s: 0.5 * k * mean_motion_rad_s * (5.0 * cos2_i - 1.0),
            mean_motion_rad_s,
        }
    }
}

/// Eccentric anomaly (rad) for mean anomaly `mean_anomaly_rad` (rad, best in [−π, π]) and an
/// elliptic eccentricity (< 1).
fn solve_kepler(mean_anomaly_rad: f64, eccentricity: f64) -> f64 {
    // Starting at π for high eccentricity avoids Newton overshooting near perigee.
    let mut ea = if eccentricity < 0.8 {
        mean_anomaly_rad
    } else {
        PI.copysign(mean_anomaly_rad)
    };
    for _ in 0..50 {
        let step =
            (ea - eccentricity * ea.sin() - mean_anomaly_rad) / (1.0 - eccentricity * ea.cos());
        ea -= step;
        if step.abs() < 1e-14 {
            break;
        }
    }
    ea
}

/// Unit vectors P (to perigee), Q (90° ahead in the plane) and W (orbit normal) in ECI.
fn perifocal_basis(
    raan_rad: f64,
    inclination_rad: f64,
    arg_perigee_rad: f64,
) -> ([f64; 3], [f64; 3], [f64; 3]) {
    let (sin_o, cos_o) = raan_rad.sin_cos();
    let (sin_i, cos_i) = inclination_rad.sin_cos();
    let (sin_w, cos_w) = arg_perigee_rad.sin_cos();
    let p_hat = [
        cos_o * cos_w - sin_o * sin_w * cos_i,
        sin_o * cos_w + cos_o * sin_w * cos_i,
        sin_w * sin_i,
    ];
    let q_hat = [
        -cos_o * sin_w - sin_o * cos_w * cos_i,
        -sin_o * sin_w + cos_o * cos_w * cos_i,
        cos_w * sin_i,
    ];
    let w_hat = [sin_o * sin_i, -cos_o * sin_i, cos_i];
    (p_hat, q_hat, w_hat)
}

/// Geocentric latitude and east longitude in (−180, 180], degrees, of an ECI direction at `jd_utc`.
fn eci_to_lat_lon_deg(v_eci: [f64; 3], jd_utc: f64) -> (f64, f64) {
    let v_ecef = mat3_mul_vec3(&mat3_transpose(&ecef_to_eci(jd_utc)), v_eci);
    let horizontal = v_ecef[0].hypot(v_ecef[1]);
    let lat_deg = v_ecef[2].atan2(horizontal).to_degrees();
    let mut lon_deg = v_ecef[1].atan2(v_ecef[0]).to_degrees();
    if lon_deg <= -180.0 {
        lon_deg += 360.0;
    }
    (lat_deg, lon_deg)
}

/// Angle wrapped into [0, 2π), radians.
fn wrap_two_pi(angle_rad: f64) -> f64 {
    let wrapped = angle_rad.rem_euclid(TAU);
    // rem_euclid can round a tiny negative input up to exactly 2π.
    if wrapped >= TAU { 0.0 } else { wrapped }
}

/// Angle wrapped into [−π, π), radians.
fn wrap_pi(angle_rad: f64) -> f64 {
    wrap_two_pi(angle_rad + PI) - PI
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn add(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

fn sub(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn scale(a: [f64; 3], s: f64) -> [f64; 3] {
    [a[0] * s, a[1] * s, a[2] * s]
}

fn norm(a: [f64; 3]) -> f64 {
    dot(a, a).sqrt()
}

fn normalize(a: [f64; 3]) -> [f64; 3] {
    scale(a, 1.0 / norm(a))
}
