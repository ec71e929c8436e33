//! The scenario file format (version 1): plain serde structs, one per section, with units in the names.
//!
//! Every field documents its unit, its default (the historical Voskhod-2 value, used when the field is
//! omitted) and where the number comes from. Unknown fields are rejected. Positions are in the
//! simulation frame (see `sim::frame`): metres from the centre of the descent sphere at the start,
//! +Y up (away from Earth), -Z forward (direction of flight).

use serde::{Deserialize, Serialize};

/// The only schema version this build reads.
pub const SCENARIO_VERSION: u32 = 1;

/// A whole scenario file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Schema version; must be 1. Required.
    pub version: u32,
    /// Title shown in the viewer and the run summary. Required.
    pub name: String,
    /// What this scenario assumes and where it departs from the record. Default: empty.
    #[serde(default)]
    pub description: String,
    /// Start of the simulated window, ISO 8601 UTC (`1965-03-18T08:28:00Z`). Required.
    pub start_utc: String,
    /// End of the simulated window, ISO 8601 UTC; after `start_utc`, at most 26 hours later. Required.
    pub end_utc: String,
    /// The orbit, derived from the launch. Default: the historical launch.
    #[serde(default)]
    pub orbit: OrbitSpec,
    /// Step rate and solver settings. Default: 60 Hz, 4 solver iterations, 2 in free flight.
    #[serde(default)]
    pub physics: PhysicsSpec,
    /// The Voskhod capsule. Default: the 3KD figures (docs/sources.md).
    #[serde(default)]
    pub spacecraft: SpacecraftSpec,
    /// The Volga airlock. Default: the flight unit's figures.
    #[serde(default)]
    pub airlock: AirlockSpec,
    /// The safety tether. Default: 5.35 m, anchored in the airlock.
    #[serde(default)]
    pub tether: TetherSpec,
    /// The cosmonaut in his suit. Default: Leonov's estimated figures.
    #[serde(default)]
    pub cosmonaut: CosmonautSpec,
    /// The Berkut suit's pressure regime. Default: 40.6 kPa nominal.
    #[serde(default)]
    pub suit: SuitSpec,
    /// The recorded timeline (what happened and when), in time order. Default: none.
    #[serde(default)]
    pub events: Vec<EventSpec>,
    /// What the cosmonaut does and when, in time order. Default: nothing (he stays in the airlock).
    #[serde(default)]
    pub actions: Vec<ActionSpec>,
    /// Named camera viewpoints; the first is the default view. Default: one view named `default`.
    #[serde(default = "default_cameras")]
    pub cameras: Vec<CameraSpec>,
    /// Telemetry sample interval, seconds; 0.1 or finer (down to one physics step). Default: 0.1 s.
    #[serde(default = "default_telemetry_interval_s")]
    pub telemetry_interval_s: f64,
}

/// Orbit derived from the launch: the plane contains the pad at launch time, insertion is at perigee.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OrbitSpec {
    /// Launch time, ISO 8601 UTC. Default `1965-03-18T07:00:00Z` (Wikipedia, RussianSpaceWeb, Grahn).
    pub launch_utc: String,
    /// Pad latitude, degrees north. Default 45.9203 (Baikonur Site 1/5).
    pub launch_site_lat_deg: f64,
    /// Pad longitude, degrees east. Default 63.3422 (Baikonur Site 1/5).
    pub launch_site_lon_deg: f64,
    /// Perigee altitude, km. Default 167 (Wikipedia; Grahn gives 169).
    pub perigee_altitude_km: f64,
    /// Apogee altitude, km. Default 475 (Wikipedia; Grahn gives 473, the FAI record 497.7).
    pub apogee_altitude_km: f64,
    /// Inclination, degrees. Default 64.8.
    pub inclination_deg: f64,
    /// Time from lift-off to orbit insertion (taken as perigee), seconds. Default 527 (stage III separation).
    pub insertion_after_launch_s: f64,
    /// Arc along the orbit from the pad to the insertion point, degrees. Default 17 (fact-sheet model).
    pub insertion_downrange_deg: f64,
    /// Whether free bodies feel the Clohessy-Wiltshire (Hill) accelerations of the orbiting frame.
    /// Default true; false makes them move in straight lines, for comparison.
    pub clohessy_wiltshire: bool,
}

impl Default for OrbitSpec {
    fn default() -> Self {
        Self {
            launch_utc: "1965-03-18T07:00:00Z".into(),
            launch_site_lat_deg: 45.9203,
            launch_site_lon_deg: 63.3422,
            perigee_altitude_km: 167.0,
            apogee_altitude_km: 475.0,
            inclination_deg: 64.8,
            insertion_after_launch_s: 527.0,
            insertion_downrange_deg: 17.0,
            clohessy_wiltshire: true,
        }
    }
}

/// Fixed-step physics settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PhysicsSpec {
    /// Physics steps per simulated second, Hz; 30 to 1000. Default 60.
    pub step_hz: f64,
    /// Constraint solver iterations per step; 3 to 32 (fewer leave his joints and the tether's
    /// links millimetres apart). Default 4.
    pub solver_iterations: u32,
    /// Solver iterations while he floats free: tether slack, nothing touching the spacecraft,
    /// no grip, no hatch or boom moving; 1 to `solver_iterations`. Default 2.
    pub free_flight_solver_iterations: u32,
}

impl Default for PhysicsSpec {
    fn default() -> Self {
        Self {
            step_hz: 60.0,
            solver_iterations: 4,
            free_flight_solver_iterations: 2,
        }
    }
}

/// The Voskhod 3KD capsule: descent sphere plus instrument module, one rigid body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SpacecraftSpec {
    /// Mass during the EVA without the airlock, kg. Default 5432: launch mass 5682 kg (Wikipedia) less the
    /// 250 kg airlock, which is its own body.
    pub mass_kg: f64,
    /// Share of `mass_kg` in the descent sphere, kg. Default 2900 (kosmonavtika, 3KV figure).
    pub descent_module_mass_kg: f64,
    /// Descent sphere diameter, m. Default 2.3.
    pub descent_module_diameter_m: f64,
    /// Instrument module length, m. Default 2.25.
    pub instrument_module_length_m: f64,
    /// Instrument module largest diameter, m. Default 2.43.
    pub instrument_module_diameter_m: f64,
    /// Largest torque the cold-gas attitude jets apply to hold the capsule's attitude in the orbital
    /// frame, N m; 0 turns the hold off. Default 20 (estimate; the 3KD had nitrogen jets on the
    /// instrument module, their thrust is not documented).
    pub attitude_hold_torque_nm: f64,
    /// Pressure of the cabin's air, kPa; 50 to 110. Default 101.3 (estimate: sea-level air, as
    /// in Vostok; the record gives no figure for Voskhod-2). The airlock holds it until vented,
    /// and a suit in it balloons only by what its own pressure exceeds it.
    pub cabin_pressure_kpa: f64,
}

impl Default for SpacecraftSpec {
    fn default() -> Self {
        Self {
            mass_kg: 5432.0,
            descent_module_mass_kg: 2900.0,
            descent_module_diameter_m: 2.3,
            instrument_module_length_m: 2.25,
            instrument_module_diameter_m: 2.43,
            attitude_hold_torque_nm: 20.0,
            cabin_pressure_kpa: 101.3,
        }
    }
}

/// The Volga airlock: a tube on top of the descent sphere, outer hatch at its far end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AirlockSpec {
    /// Mass, kg; 200 to 5000 (lighter, its joint to the capsule is beyond the solver). Default 250
    /// (astronautix, de-WP).
    pub mass_kg: f64,
    /// Inner diameter of the tube, m. Default 1.0 (kosmonavtika gives 0.975).
    pub inner_diameter_m: f64,
    /// Outer diameter, m; larger than the inner. Default 1.2.
    pub outer_diameter_m: f64,
    /// Deployed length, m; 0.5 to 4. Default 2.5 (kosmonavtika gives 1.57 for the tube alone).
    pub deployed_length_m: f64,
    /// Stowed length, m; at most the deployed length. Default 0.77.
    pub stowed_length_m: f64,
    /// Clear opening of the hatches, m; smaller than the inner diameter. Default 0.65 (RSW).
    pub hatch_diameter_m: f64,
    /// Time the booms take to inflate and extend the airlock from stowed to deployed, s; 10 to
    /// 3600. Default 420 (about seven minutes; a weak source).
    pub deploy_duration_s: f64,
    /// Separation impulse of the jettison's pyrotechnics and pushers, N s; 0 to 10000. Default 600.
    pub jettison_impulse_n_s: f64,
    /// How far the impulse's line passes beside the capsule's long axis, m; 0 to 1.2. An
    /// off-centre push leaves the capsule rolling. Default 0.5.
    pub jettison_offset_m: f64,
    /// Time constant of the airlock's blow-down through its vent valve and of its refilling, s;
    /// 5 to 600. The vent opens early enough that the air is down to 0.1 kPa at the recorded
    /// `AirlockDepressurised`. Default 60 (estimate: no source gives the valve's flow; at 60 s
    /// the blow-down from cabin air takes about seven minutes).
    pub vent_time_constant_s: f64,
}

impl Default for AirlockSpec {
    fn default() -> Self {
        Self {
            mass_kg: 250.0,
            inner_diameter_m: 1.0,
            outer_diameter_m: 1.2,
            deployed_length_m: 2.5,
            stowed_length_m: 0.77,
            hatch_diameter_m: 0.65,
            deploy_duration_s: 420.0,
            jettison_impulse_n_s: 600.0,
            jettison_offset_m: 0.5,
            vent_time_constant_s: 60.0,
        }
    }
}

/// A body a tether can be anchored to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyId {
    /// The capsule.
    Spacecraft,
    /// The airlock tube.
    Airlock,
}

/// The safety tether: steel cable with telemetry and phone wires, no oxygen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TetherSpec {
    /// Length from anchor to harness, m; 0.5 to 100. Default 5.35 (FAI; Leonov's 1965 report).
    pub length_m: f64,
    /// Mass of the whole tether, kg. Default 1.5 (estimate: steel cable plus wires, about 0.28 kg/m).
    pub mass_kg: f64,
    /// Number of chain segments; 2 to 200, and each link (`length_m` / `segments`) 0.35 to 0.55 m
    /// long, a chain the solver holds. Default 12.
    pub segments: u32,
    /// Axial stiffness once taut, N/m, from 1000 up to what the step rate keeps stable. Default 80000:
    /// a few millimetres of steel cable behind the suit's shock absorbers (estimate; Berkut article).
    pub stiffness_n_per_m: f64,
    /// Damping of that spring as a fraction of critical, 0 to 1. Default 0.7 (estimate: the shock
    /// absorbers take most of a jerk, so he barely rebounds).
    pub damping_ratio: f64,
    /// Body the tether is anchored to: `Airlock` or `Spacecraft`. Default `Airlock` (TASS: attached
    /// inside the airlock before egress).
    pub anchor_body: BodyId,
    /// Anchor point in that body's frame, m. In the airlock it must sit inside the tube (at most
    /// its inner radius less 0.04 m from the axis) and 0.2 to 0.6 of the way along it, where the
    /// coiled chain starts clear of him. Default (0.42, 1.0, 0.0): by the tube wall, 1 m up the tube.
    pub anchor_offset_m: [f64; 3],
}

impl Default for TetherSpec {
    fn default() -> Self {
        Self {
            length_m: 5.35,
            mass_kg: 1.5,
            segments: 12,
            stiffness_n_per_m: 80_000.0,
            damping_ratio: 0.7,
            anchor_body: BodyId::Airlock,
            anchor_offset_m: [0.42, 1.0, 0.0],
        }
    }
}

/// The cosmonaut in his suit, as one body in this version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CosmonautSpec {
    /// Body mass, kg. Default 70: the early cosmonaut selection limit (Kowalski); Leonov's own figure is unknown.
    pub body_mass_kg: f64,
    /// Suit mass, kg. Default 20 (Abramov & Skoog, Berkut).
    pub suit_mass_kg: f64,
    /// Backpack mass, kg. Default 21 (Wikipedia Berkut; 21.5 in older copies).
    pub backpack_mass_kg: f64,
    /// Length in the suit, m; 1.4 to 2.5, and no more than `airlock.deployed_length_m` less 0.3 m
    /// (he must fit the tube in the ballooned suit, which lengthens). Default 1.85: a man of at most 1.70 m (the early selection limit,
    /// Kowalski) with the helmet's crown and the boot soles; "about 1.9 m" (Science Museum blog).
    pub height_in_suit_m: f64,
    /// Chest-to-back depth of the suited torso, backpack not included, m. Default 0.32 (estimate:
    /// a 0.24 m chest plus two suit layers and the restraint's folds).
    pub torso_depth_m: f64,
    /// Breadth across the suited shoulders and upper arms with the suit unpressurised, m; 0.3 to
    /// 1.0, and no more than `airlock.inner_diameter_m` / 1.65 (ballooned, he must fit across the
    /// tube). Pressure
    /// makes it grow (see `suit.restraint_stiffness_kn_per_m`). Default 0.52,
    /// calibrated with the restraint (docs/calibration.md, the most sensitive number there) (a
    /// man's 0.48 m deltoid breadth plus the suit's layers): RSC Energia gives 0.68 m for the
    /// suit as worn and inflated, yet he passed the 0.65 m hatch, so the slack suit is narrower.
    pub shoulder_width_m: f64,
    /// Largest steady force his arms apply along a tether or handrail, N. Default 150 (estimate for a
    /// suited arm pulling against a stiff sleeve).
    pub max_arm_force_n: f64,
    /// Whether he starts in the cabin (out of the simulation until a `CosmonautToAirlock` event)
    /// rather than in the airlock. Default false.
    pub starts_in_cabin: bool,
}

impl Default for CosmonautSpec {
    fn default() -> Self {
        Self {
            body_mass_kg: 70.0,
            suit_mass_kg: 20.0,
            backpack_mass_kg: 21.0,
            height_in_suit_m: 1.85,
            torso_depth_m: 0.32,
            shoulder_width_m: 0.52,
            max_arm_force_n: 150.0,
            starts_in_cabin: false,
        }
    }
}

/// The Berkut suit's pressure regime.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SuitSpec {
    /// Operating pressure, kPa absolute; 10 to 101.3. Default 40.6 (0.40 atm, Wikipedia Berkut, spacefacts).
    pub pressure_kpa: f64,
    /// Reserve ("second mode") pressure, kPa; 10 to 101.3, normally below the operating pressure
    /// (a file may set either freely, so that the operating pressure can be swept). Default 27.4
    /// (0.27 atm).
    pub reserve_pressure_kpa: f64,
    /// Oxygen bottles in the backpack; 1 to 10. Default 3 (kosmonavtika, TASS; "two" in *Время
    /// первых*).
    pub o2_bottles: u32,
    /// Water volume of one bottle, L; 0.1 to 20. Default 2.
    pub o2_bottle_volume_l: f64,
    /// Filling pressure, MPa; 1 to 40. Default 22. Full at the window's start.
    pub o2_bottle_pressure_mpa: f64,
    /// Open-loop ventilation: oxygen blown through the suit and out of its exhaust valve, normal
    /// litres per minute; 0 to 200. Default 25 (calibrated, docs/calibration.md), which with breathing and leakage empties the
    /// default bottles in about the 45 minutes the sources give (the arithmetic in docs/sources.md:
    /// about 27 NL/min in all). What he breathes is not a setting: it follows his metabolic rate
    /// (20.1 kJ per normal litre; 0.4 NL/min at rest, about 2 in hard work).
    pub ventilation_nl_per_min: f64,
    /// Leakage through seams and bearings at the operating pressure, NL/min (it scales with
    /// pressure); 0 to 50. Default 0.5 (estimate).
    pub leak_nl_per_min: f64,
    /// Gas volume inside the suit, L; 10 to 500. Default 90 (estimate for a soft suit with a man
    /// in it).
    pub gas_volume_l: f64,
    /// Stretch stiffness of the restraint layer (Young's modulus times thickness), kN/m; 10 to
    /// 5000. A pressurised tube of radius r carries a hoop load p r and an end load p r / 2 per
    /// metre of wall, so its girth grows by p r / this and its length by half that. Default 40,
    /// calibrated (docs/calibration.md): no measured growth of the Berkut is known, so this is chosen for the ballooned shoulders
    /// to measure about 0.66 m at 40.6 kPa a quarter of an hour into vacuum (RSC Energia gives
    /// 0.68 m "as worn and inflated"), too broad for the 0.65 m hatch, while after the bleed to
    /// 27.4 kPa they pass it.
    pub restraint_stiffness_kn_per_m: f64,
    /// Bending stiffness of a suit joint of 0.065 m radius (an elbow) at 29.6 kPa, N m/rad; 0 to
    /// 200. Each joint scales it by pressure and by the cube of its radius (inflated-beam
    /// wrinkling moment, p r^3). Default 28: twice the EMU elbow's (0 to 20 N m over 25 to 105
    /// degrees at 29.6 kPa, Holschuh 2010; calibrated, docs/calibration.md), since the Berkut's joints were plain fabric, without
    /// the convolutes and bearings that cut the EMU's torque (Akin & Davis 2015).
    pub elbow_stiffness_nm_per_rad: f64,
    /// How far the restraint layer creeps under a sustained load, as a multiple of its immediate
    /// stretch; 0 to 5. Default 2.0 (calibrated, docs/calibration.md; nylon fabric does creep under
    /// sustained load, but by how much is not known). With the
    /// creep time it lets him out of the hatch at 08:34 and has the suit ballooned by the 8th
    /// minute outside, as Leonov reported.
    pub restraint_creep_ratio: f64,
    /// Time constant of that creep, s; 10 to 36000. Default 900 (calibrated with the creep ratio).
    pub restraint_creep_time_s: f64,
    /// Share of the restraint's free length strain that the trunk (torso and pelvis) takes; 0
    /// to 1. Default 0 (calibrated, docs/calibration.md): Leonov reported his hands and feet slipping back in the gloves and
    /// boots, the limbs lengthening, and nothing of a longer trunk, whose end load runs through
    /// the rigid neck ring, the backpack's frame and the harness straps to the boots.
    pub trunk_length_strain_share: f64,
}

impl Default for SuitSpec {
    fn default() -> Self {
        Self {
            pressure_kpa: 40.6,
            reserve_pressure_kpa: 27.4,
            o2_bottles: 3,
            o2_bottle_volume_l: 2.0,
            o2_bottle_pressure_mpa: 22.0,
            ventilation_nl_per_min: 25.0,
            leak_nl_per_min: 0.5,
            gas_volume_l: 90.0,
            restraint_stiffness_kn_per_m: 40.0,
            elbow_stiffness_nm_per_rad: 28.0,
            restraint_creep_ratio: 2.0,
            restraint_creep_time_s: 900.0,
            trunk_length_strain_share: 0.0,
        }
    }
}

/// What a timeline event records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    /// The airlock reached vacuum.
    AirlockDepressurised,
    /// The outer hatch opens (it physically opens in the simulation).
    OuterHatchOpen,
    /// The recorded moment he left the airlock.
    Egress,
    /// The recorded moment he was back inside.
    BackInAirlock,
    /// The outer hatch is ordered shut; its drive closes it unless something is in the way.
    OuterHatchClose,
    /// The inner (cabin) hatch opens into the cabin.
    InnerHatchOpen,
    /// The inner hatch is ordered shut.
    InnerHatchClose,
    /// Repressurisation of the airlock begins.
    Repressurisation,
    /// The booms inflate: the airlock extends from its stowed to its deployed length over
    /// `airlock.deploy_duration_s`. With this event in the window the airlock starts stowed.
    AirlockDeploy,
    /// He floats from the cabin into the (deployed) airlock.
    CosmonautToAirlock,
    /// He floats from the airlock back into the cabin.
    CosmonautToCabin,
    /// The airlock is cast off: pyrotechnics cut it free and push it away, the capsule recoils.
    AirlockJettison,
    /// Anything else worth a line in the log.
    Note,
}

/// One entry of the recorded timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// When, ISO 8601 UTC, inside the scenario window. Required.
    pub utc: String,
    /// What happened. Required.
    pub kind: EventKind,
    /// Text for the log, with the source. Default: empty.
    #[serde(default)]
    pub note: String,
}

/// One thing the cosmonaut does; it lasts until the next action starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    /// When it starts, ISO 8601 UTC, inside the scenario window. Required.
    pub utc: String,
    /// What he does. Required.
    pub action: Action,
}

/// The cosmonaut's repertoire; each one becomes forces, never positions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Action {
    /// Push off the airlock rim: relative speed, m/s (0 to 3), in a direction of the simulation frame.
    PushOff { speed_mps: f64, direction: [f64; 3] },
    /// Pull himself hand over hand along the tether at up to `speed_mps` (0 to 2) until his harness is
    /// `stop_distance_m` (0.3 to the tether length) from the outer hatch, where the tether leaves the
    /// airlock, then stay there.
    PullIn {
        speed_mps: f64,
        stop_distance_m: f64,
    },
    /// Hold on to the handrails: arrest motion relative to the airlock with his arm force.
    Hold,
    /// Let go and float.
    Float,
    /// Reach for the handrail on that side of the outer rim with that hand and grip it: he moves
    /// until the hand is on the rail, then holds it until his next action. Out of reach, he cannot.
    GrabHandrail { hand: Hand },
    /// Climb into the airlock along its axis, head or feet first.
    Enter { head_first: bool },
    /// Climb out of the airlock along its axis through the outer hatch, head or feet first.
    Exit { head_first: bool },
    /// Throw something from his right hand (the camera's lens cap): its mass, kg (0.001 to 5),
    /// and its speed relative to him, m/s (0 to 10), in a direction of the simulation frame.
    Throw {
        mass_kg: f64,
        speed_mps: f64,
        direction: [f64; 3],
    },
    /// Inside the tube: fold up and somersault until his head points at the outer hatch.
    TurnAround,
    /// Inside the tube: run the outer hatch's drive shut from the airlock's own control panel.
    CloseOuterHatch,
    /// Turn the suit valve: move the suit pressure towards `pressure_kpa` at `rate_kpa_per_s` (0.01 to 10).
    SetSuitPressure {
        pressure_kpa: f64,
        rate_kpa_per_s: f64,
    },
}

/// One of his hands, and the handrail on the same side of the airlock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hand {
    /// Left hand; the rail on the airlock's -X side.
    Left,
    /// Right hand; the rail on the +X side.
    Right,
}

/// A named viewpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CameraSpec {
    /// Name used by `spacewalk shot --camera NAME` and the viewer's camera keys. Required.
    pub name: String,
    /// Eye position in the simulation frame, m. Required.
    pub position_m: [f64; 3],
    /// Point looked at, m; not equal to `position_m`. Required.
    pub look_at_m: [f64; 3],
    /// Vertical field of view, degrees; 5 to 120. Default 60.
    #[serde(default = "default_fov_deg")]
    pub fov_deg: f64,
}

fn default_fov_deg() -> f64 {
    60.0
}

fn default_telemetry_interval_s() -> f64 {
    0.1
}

fn default_cameras() -> Vec<CameraSpec> {
    vec![CameraSpec {
        name: "default".into(),
        position_m: [9.0, 7.0, 14.0],
        look_at_m: [0.0, 0.5, 0.0],
        fov_deg: default_fov_deg(),
    }]
}
