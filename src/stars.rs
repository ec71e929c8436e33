//! The star catalogue: Hipparcos stars to magnitude 7, precessed to the equinox of the flight's
//! date, with brightness from the V magnitude and colour from the B-V index. Pure maths, no Bevy.
//!
//! Positions are the catalogue's (ICRS, epoch J1991.25) treated as J2000 mean places: the frame
//! offset and 26 years of proper motion move a bright star by a few arcseconds at most, far below
//! a pixel. Precession to the date uses the IAU 1976 angles (Lieske et al. 1977, as in Meeus,
//! *Astronomical Algorithms*, ch. 21), so the stars share the simulation's inertial frame: the
//! mean equator and equinox of date (see [`crate::sim::world::orbit`]).

use bevy::math::{DMat3, DVec3};

use crate::sim::world::orbit::JD_J2000;

/// The packed catalogue: four little-endian `f32` per star (right ascension and declination in
/// radians, V magnitude, B-V), brightest first. See `assets/CREDITS.md`.
pub const CATALOGUE_BYTES: &[u8] = include_bytes!("../assets/stars/hipparcos_v7.f32le");

/// One star.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Star {
    /// Right ascension (J2000 mean equinox), radians.
    pub ra_rad: f64,
    /// Declination (J2000 mean equator), radians.
    pub dec_rad: f64,
    /// Visual magnitude V.
    pub v_mag: f32,
    /// Colour index B-V, magnitudes.
    pub b_v: f32,
}

impl Star {
    /// Unit vector towards the star in the J2000 mean equatorial frame.
    pub fn direction_j2000(&self) -> DVec3 {
        let (sin_ra, cos_ra) = self.ra_rad.sin_cos();
        let (sin_dec, cos_dec) = self.dec_rad.sin_cos();
        DVec3::new(cos_dec * cos_ra, cos_dec * sin_ra, sin_dec)
    }
}

/// What can be wrong with a packed catalogue.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CatalogueError {
    /// The length is not a whole number of records.
    #[error("the star catalogue is {0} bytes, not a whole number of 16-byte records")]
    Truncated(usize),
    /// A record holds a value out of range.
    #[error("star record {index} is out of range (ra {ra_rad} rad, dec {dec_rad} rad, V {v_mag})")]
    OutOfRange {
        /// Which record, from 0.
        index: usize,
        /// Its right ascension, radians.
        ra_rad: f32,
        /// Its declination, radians.
        dec_rad: f32,
        /// Its magnitude.
        v_mag: f32,
    },
}

/// Reads a packed catalogue.
pub fn parse(bytes: &[u8]) -> Result<Vec<Star>, CatalogueError> {
    if !bytes.len().is_multiple_of(16) {
        return Err(CatalogueError::Truncated(bytes.len()));
    }
    bytes
        .chunks_exact(16)
        .enumerate()
        .map(|(index, record)| {
            let field = |i: usize| {
                f32::from_le_bytes([
                    record[4 * i],
                    record[4 * i + 1],
                    record[4 * i + 2],
                    record[4 * i + 3],
                ])
            };
            let (ra_rad, dec_rad, v_mag, b_v) = (field(0), field(1), field(2), field(3));
            let valid = (0.0..=std::f32::consts::TAU).contains(&ra_rad)
                && dec_rad.abs() <= std::f32::consts::FRAC_PI_2
                && (-2.0..=8.0).contains(&v_mag)
                && b_v.is_finite();
            if valid {
                Ok(Star {
                    ra_rad: f64::from(ra_rad),
                    dec_rad: f64::from(dec_rad),
                    v_mag,
                    b_v,
                })
            } else {
                Err(CatalogueError::OutOfRange {
                    index,
                    ra_rad,
                    dec_rad,
                    v_mag,
                })
            }
        })
        .collect()
}

/// The catalogue shipped with the app.
pub fn catalogue() -> Result<Vec<Star>, CatalogueError> {
    parse(CATALOGUE_BYTES)
}

/// Rotation from the J2000 mean equatorial frame to the mean equator and equinox of `jd`
/// (IAU 1976 precession).
pub fn precession_from_j2000(jd: f64) -> DMat3 {
    let t = (jd - JD_J2000) / 36_525.0;
    let arcsec = |s: f64| (s / 3600.0).to_radians();
    let zeta = arcsec(2306.2181 * t + 0.30188 * t * t + 0.017998 * t * t * t);
    let z = arcsec(2306.2181 * t + 1.09468 * t * t + 0.018203 * t * t * t);
    let theta = arcsec(2004.3109 * t - 0.42665 * t * t - 0.041833 * t * t * t);
    // A vector in the old frame turns by -zeta about Z, +theta about the new Y, -z about Z
    // (the frame rotations R3(-z) R2(theta) R3(-zeta)).
    DMat3::from_rotation_z(z) * DMat3::from_rotation_y(-theta) * DMat3::from_rotation_z(zeta)
}

/// Right ascension and declination (radians) of a direction in an equatorial frame.
pub fn ra_dec_rad(direction: DVec3) -> (f64, f64) {
    let d = direction.normalize();
    (d.y.atan2(d.x).rem_euclid(std::f64::consts::TAU), d.z.asin())
}

/// A star's flux relative to a star of magnitude 0.
pub fn relative_flux(v_mag: f32) -> f32 {
    10f32.powf(-0.4 * v_mag)
}

/// Effective temperature from B-V, kelvin (Ballesteros 2012, a blackbody fit to main-sequence
/// stars).
pub fn temperature_k(b_v: f32) -> f32 {
    let bv = b_v.clamp(-0.4, 2.0);
    4600.0 * (1.0 / (0.92 * bv + 1.7) + 1.0 / (0.92 * bv + 0.62))
}

/// The colour of a blackbody at `temperature_k`, linear RGB with its brightest channel at 1
/// (Helland's fit to the CIE blackbody colours, in sRGB, then linearised).
pub fn blackbody_rgb(temperature_k: f32) -> [f32; 3] {
    let t = temperature_k.clamp(1000.0, 40_000.0) / 100.0;
    let red = if t <= 66.0 {
        255.0
    } else {
        329.698_73 * (t - 60.0).powf(-0.133_204_76)
    };
    let green = if t <= 66.0 {
        99.470_8 * t.ln() - 161.119_57
    } else {
        288.122_16 * (t - 60.0).powf(-0.075_514_85)
    };
    let blue = if t >= 66.0 {
        255.0
    } else if t <= 19.0 {
        0.0
    } else {
        138.517_73 * (t - 10.0).ln() - 305.044_8
    };
    let linear = |c: f32| {
        let c = (c / 255.0).clamp(0.0, 1.0);
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let rgb = [linear(red), linear(green), linear(blue)];
    let brightest = rgb[0].max(rgb[1]).max(rgb[2]).max(1e-6);
    rgb.map(|c| c / brightest)
}

/// How much of the sky's faint light the eye or camera still sees, from 0 (none) to 1: it
/// adapts to the brightest things in view. `sunlit_share` is the share of the view filled by
/// the sunlit Earth or spacecraft; `sun_in_view` whether the Sun itself is in the frame.
pub fn star_visibility(sunlit_share: f32, sun_in_view: bool) -> f32 {
    // Dark-adapted, with nothing bright in view, every catalogued star shows. A sunlit Earth
    // (albedo 0.3, about 30,000 cd/m^2) is some 10^8 times brighter than a 6th-magnitude star's
    // surroundings: a few per cent of the view is enough to close the pupil or the shutter on
    // all but the brightest, and the Sun in the frame on all of them.
    if sun_in_view {
        return 0.0;
    }
    let share = sunlit_share.clamp(0.0, 1.0);
    (1.0 - share / 0.15).clamp(0.0, 1.0).powi(2)
}

/// Something round and bright that can fill part of the view: the Earth, or the spacecraft
/// taken as a ball.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BrightBall {
    /// Its centre, m.
    pub centre_m: DVec3,
    /// Its radius, m.
    pub radius_m: f64,
    /// Whether only the half facing the Sun is lit (the Earth), or all of it counts (the
    /// spacecraft, whose white insulation scatters light everywhere).
    pub lit_by_day_side_only: bool,
}

/// The share of `rays` (unit directions from `eye_m`) whose first hit is the sunlit part of one
/// of `balls`; `sun_direction` points towards the Sun, and nothing is lit when `sunlit` is false
/// (the view is in the Earth's shadow).
pub fn sunlit_share(
    eye_m: DVec3,
    rays: &[DVec3],
    balls: &[BrightBall],
    sun_direction: DVec3,
    sunlit: bool,
) -> f32 {
    if rays.is_empty() {
        return 0.0;
    }
    let lit = rays
        .iter()
        .filter(|ray| {
            let hit = balls
                .iter()
                .filter_map(|ball| first_hit_m(eye_m, **ray, ball).map(|d| (d, ball)))
                .min_by(|a, b| a.0.total_cmp(&b.0));
            hit.is_some_and(|(distance, ball)| {
                if !ball.lit_by_day_side_only {
                    return sunlit;
                }
                let normal = (eye_m + **ray * distance - ball.centre_m).normalize();
                normal.dot(sun_direction) > 0.0
            })
        })
        .count();
    lit as f32 / rays.len() as f32
}

/// Distance along a unit `ray` from `eye_m` to where it first meets `ball`, if it does.
fn first_hit_m(eye_m: DVec3, ray: DVec3, ball: &BrightBall) -> Option<f64> {
    let to_centre = ball.centre_m - eye_m;
    let along = to_centre.dot(ray);
    let miss_squared = to_centre.length_squared() - along * along;
    let radius_squared = ball.radius_m * ball.radius_m;
    if miss_squared > radius_squared {
        return None;
    }
    let half_chord = (radius_squared - miss_squared).sqrt();
    let near = along - half_chord;
    let far = along + half_chord;
    if far < 0.0 { None } else { Some(near.max(0.0)) }
}
