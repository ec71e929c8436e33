//! Where the spacecraft is over the Earth and where the Sun is, for the current simulated instant.

use bevy::math::{DMat3, DVec3};
use bevy::prelude::*;

use super::orbit::{LaunchOrbit, OrbitElements, OrbitState, ecef_to_eci, sun_direction_eci};
use crate::scenario::Scenario;
use crate::scenario::time::julian_date_utc;
use crate::sim::core::clock::SimClock;
use crate::sim::core::run::{PerRun, PerRunApp};
use crate::sim::core::schedule::{ActiveScenario, SimStep};

/// The orbit and lighting at the current step, in the simulation frame (see [`crate::sim`]).
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct Environment {
    /// The orbit, derived once from the launch.
    pub elements: OrbitElements,
    /// Spacecraft state in the Earth-centred inertial frame.
    pub state: OrbitState,
    /// Julian date, UTC.
    pub jd_utc: f64,
    /// Earth's centre in the simulation frame, m.
    pub earth_centre_m: DVec3,
    /// Rotation taking Earth-fixed vectors (x to 0 deg E on the equator, z to the north pole) into the
    /// simulation frame.
    pub earth_fixed_to_sim: DMat3,
    /// Rotation taking inertial (equatorial, equinox of date) vectors into the simulation frame.
    pub inertial_to_sim: DMat3,
    /// Unit vector towards the Sun in the simulation frame.
    pub sun_direction: DVec3,
    /// Sub-satellite latitude, degrees north.
    pub subsat_lat_deg: f64,
    /// Sub-satellite longitude, degrees east.
    pub subsat_lon_deg: f64,
    /// Altitude above the mean Earth radius, km.
    pub altitude_km: f64,
    /// Whether the spacecraft is in sunlight (cylindrical shadow).
    pub sunlit: bool,
    /// Sun elevation above the spacecraft's local horizontal plane, degrees.
    pub sun_elevation_deg: f64,
}

impl Environment {
    /// The environment at `t_s` seconds into the scenario's window.
    pub fn at(scenario: &Scenario, elements: &OrbitElements, t_s: f64) -> Self {
        let jd_utc = julian_date_utc(scenario.utc_at(t_s));
        let state = elements.state_eci(jd_utc);
        let inertial_to_sim = mat(state.eci_to_lvlh());
        let earth_fixed_to_sim = inertial_to_sim * mat(ecef_to_eci(jd_utc));
        let sun_eci = sun_direction_eci(jd_utc);
        let (subsat_lat_deg, subsat_lon_deg) = state.subsatellite_lat_lon_deg(jd_utc);
        let radius_m = DVec3::from_array(state.position_eci_m).length();
        Self {
            elements: elements.clone(),
            jd_utc,
            earth_centre_m: DVec3::new(0.0, -radius_m, 0.0),
            earth_fixed_to_sim,
            inertial_to_sim,
            sun_direction: inertial_to_sim * DVec3::from_array(sun_eci),
            subsat_lat_deg,
            subsat_lon_deg,
            altitude_km: state.altitude_km(),
            sunlit: state.sunlit(sun_eci),
            sun_elevation_deg: state.sun_elevation_deg(sun_eci),
            state,
        }
    }

    /// The orbit a scenario describes.
    pub fn elements_for(scenario: &Scenario) -> OrbitElements {
        let o = &scenario.file.orbit;
        OrbitElements::from_launch(&LaunchOrbit {
            launch_jd_utc: julian_date_utc(scenario.launch),
            launch_site_lat_deg: o.launch_site_lat_deg,
            launch_site_lon_deg: o.launch_site_lon_deg,
            perigee_altitude_km: o.perigee_altitude_km,
            apogee_altitude_km: o.apogee_altitude_km,
            inclination_deg: o.inclination_deg,
            insertion_after_launch_s: o.insertion_after_launch_s,
            insertion_downrange_deg: o.insertion_downrange_deg,
        })
    }
}

/// A row-major 3x3 array as a matrix.
fn mat(rows: [[f64; 3]; 3]) -> DMat3 {
    DMat3::from_cols_array_2d(&rows).transpose()
}

impl PerRun for Environment {
    fn for_run(scenario: &Scenario) -> Self {
        Environment::at(scenario, &Environment::elements_for(scenario), 0.0)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run::<Environment>()
        .add_systems(FixedUpdate, update.in_set(SimStep::Environment));
}

/// Moves orbit, Earth and Sun to the current instant: keeps [`Environment`] at the current step.
pub fn update(clock: Res<SimClock>, scenario: Res<ActiveScenario>, mut env: ResMut<Environment>) {
    let elements = env.elements.clone();
    *env = Environment::at(&scenario.0, &elements, clock.t_s());
}
