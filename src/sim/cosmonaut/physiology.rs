//! His body: a metabolic rate from the work he does, a heart rate and a core temperature that
//! follow it, and the sweat that collects in the suit when its ventilation cannot carry the heat.
//!
//! Work comes from the physics: the force his arms apply and the power they put in (from the
//! controller), the torque he turns his body with, and the torque his muscles hold against the
//! suit's joints (from the posture and the suit's stiffness). Costs (estimates, sourced where
//! they can be):
//! - rest in the suit 130 W (1.2 met, about 1.9 m^2 of body surface);
//! - positive mechanical work at 20 % muscular efficiency;
//! - holding a force or a torque costs energy even without motion (isometric work): 4 W per
//!   newton of arm force, 0.25 W per newton-metre of joint torque held against the suit
//!   (estimates of the order measured for sustained isometric contractions);
//! - heart rate rises 0.11 bpm per watt above rest, about 37 bpm per litre a minute of oxygen
//!   uptake (one litre of oxygen releases 20.1 kJ), plus up to 80 bpm with the share of his
//!   strength he is using (the pressor response of hard isometric effort); resting 85 bpm in the
//!   airlock (~100 before the hatch opened by one account, of low reliability; docs/sources.md), capped at 195;
//! - arousal: the heart also answers fear and strain of mind, not only work. Gagarin's rate stood
//!   at 140-158 bpm on the pad and Armstrong's at 150-156 through the lunar landing, both at
//!   desk-like work: some 50-70 bpm of the sympathetic response alone. Here the first minutes in
//!   open space add up to 60 bpm, fading as he gets used to it (half-life under two minutes, of
//!   the order first parachute jumps show), and a setback while getting back in (a failed try at
//!   the hatch, a turn that makes no headway) adds 25 bpm; both come from the physics' own state
//!   (out of the tube, the controller thwarted), and the arousal fades over a minute once its
//!   cause has gone;
//! - heat: what the ventilating oxygen can carry off as vapour (a third saturated at 35 C when it
//!   leaves: an open-loop suit's gas passes the skin once) plus a little sensible heat; the rest warms a 70 kg body (3.47 kJ/(kg K)). Sweating grows
//!   with the core's rise; what the gas cannot evaporate stays in the suit.
//!
//! Calibrated against the record: 143 bpm at egress, about 190 while he turned round in the
//! airlock (docs/sources.md). The core temperature is left to the heat balance above: on the
//! historical flight it ends the window at 38.2 C, up 1.25 C. The sources disagree:
//! up 1.8 C (a NASA history, through a compilation: "in 20 min"), or "rose to 38 C".

use bevy::prelude::*;
use bevy_rapier3d::prelude::{
    RapierContextJoints, RapierContextSimulation, RapierImpulseJointHandle,
};

use super::anatomy::Muscle;
use super::suit::SuitState;
use crate::sim::core::clock::SimClock;
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{ActiveScenario, SimStep};
use crate::sim::core::whereabouts::Whereabouts;
use crate::sim::craft::cabin::CabinState;

/// Metabolic rate at rest in the suit, W.
pub const REST_W: f64 = 130.0;
/// Heart rate at rest in the airlock, bpm. Calibrated (docs/calibration.md §3), like every
/// heart-rate term below but the ceiling.
pub const REST_HEART_RATE_BPM: f64 = 85.0;
/// Highest heart rate he reaches, bpm (about 220 less his age of 30).
pub const MAX_HEART_RATE_BPM: f64 = 195.0;
/// Core temperature at the window's start, C.
pub const START_CORE_TEMP_C: f64 = 37.0;
/// Muscular efficiency of positive work.
const EFFICIENCY: f64 = 0.2;
/// Isometric cost of holding a force with his arms, W/N.
const HOLD_FORCE_W_PER_N: f64 = 4.0;
/// Isometric cost of holding a joint torque, W/(N m).
const HOLD_TORQUE_W_PER_NM: f64 = 0.25;
/// Heart-rate rise per watt above rest, bpm/W.
const BPM_PER_W: f64 = 0.11;
/// Heart-rate rise at his full strength (isometric pressor response), bpm.
const PRESSOR_BPM: f64 = 80.0;
/// Share of a muscle's strength below which holding it contracted barely raises the heart rate
/// (the exercise pressor reflex rises steeply above about 30 % of maximal contraction).
const PRESSOR_ONSET_SHARE: f64 = 0.3;
/// Time constant of the heart rate's response, s.
const HEART_RATE_TIME_S: f64 = 15.0;
/// Heart-rate rise from the novelty of his first minutes in open space, bpm (calibrated to
/// 143 bpm at egress).
const NOVELTY_BPM: f64 = 60.0;
/// Time constant of getting used to being outside, s (a half-life under two minutes).
const HABITUATION_S: f64 = 150.0;
/// Heart-rate rise while getting back in goes against him, bpm (calibrated to about 190 bpm
/// turning round).
const ALARM_BPM: f64 = 25.0;
/// Time constant of the arousal's fading once its cause has gone, s (catecholamines clear
/// from the blood in a minute or two).
const AROUSAL_FADE_S: f64 = 60.0;
/// Heat capacity of his body, J/K (70 kg at 3.47 kJ/(kg K)).
const BODY_HEAT_CAPACITY_J_PER_K: f64 = 70.0 * 3470.0;
/// Water vapour in the exhaust gas: a third of saturation at 35 C, kg/m^3.
const VAPOUR_KG_PER_M3: f64 = 0.0396 / 3.0;
/// Latent heat of evaporation of sweat, J/kg.
const LATENT_HEAT_J_PER_KG: f64 = 2.43e6;
/// Heat the gas carries off as it warms through the suit, W.
const SENSIBLE_COOLING_W: f64 = 10.0;
/// Sweat rate per kelvin of core rise, kg/s/K (about 0.7 L/h per kelvin).
const SWEAT_KG_PER_S_PER_K: f64 = 2.0e-4;

/// What his muscles are doing this step, from the controller and the posture he holds.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct Exertion {
    /// Force his arms apply to the airlock, the tether or a handrail, N.
    pub arm_force_n: f64,
    /// Power that force puts into his motion (negative when it brakes him), W.
    pub arm_power_w: f64,
    /// Torque he turns his body with, N m.
    pub turn_torque_nm: f64,
    /// Torque his muscles hold against the suit's joints, summed over them, N m.
    pub holding_torque_nm: f64,
    /// Share of his strength the controller's action uses (arm force or turning torque), 0 to 1.
    pub effort_share: f64,
    /// The largest share of a joint's strength his muscles hold against the suit, 0 to 1.
    pub holding_share: f64,
    /// Torque his joint motors (his muscles) applied in the last step, summed over his joints,
    /// N m: what moving and holding his limbs against their own inertia and what they touch
    /// costs, from the constraint solver's impulses.
    pub muscle_torque_nm: f64,
    /// The action is going against him (a try at the hatch has failed, or he turns round
    /// without headway): the controller's own judgement, which alarms him.
    pub thwarted: bool,
}

impl Exertion {
    /// Metabolic rate this exertion costs, rest included, W.
    pub fn metabolic_w(&self) -> f64 {
        REST_W
            + HOLD_FORCE_W_PER_N * self.arm_force_n
            + self.arm_power_w.max(0.0) / EFFICIENCY
            + HOLD_TORQUE_W_PER_NM
                * (self.turn_torque_nm + self.holding_torque_nm + self.muscle_torque_nm)
    }
}

/// His body's state.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct Physiology {
    /// Metabolic rate, W.
    pub metabolic_w: f64,
    /// Heart rate, bpm.
    pub heart_rate_bpm: f64,
    /// Core temperature, C.
    pub core_temp_c: f64,
    /// Sweat collected in the suit (not evaporated), kg.
    pub sweat_kg: f64,
    /// Heart-rate rise from arousal (novelty, alarm) over what the work asks, bpm.
    pub arousal_bpm: f64,
    /// Time since he first left the airlock's tube, s (`None` before).
    pub exposed_s: Option<f64>,
}

impl Default for Physiology {
    fn default() -> Self {
        Self {
            metabolic_w: REST_W,
            heart_rate_bpm: REST_HEART_RATE_BPM,
            core_temp_c: START_CORE_TEMP_C,
            sweat_kg: 0.0,
            arousal_bpm: 0.0,
            exposed_s: None,
        }
    }
}

/// Heat the ventilation can carry off as vapour at `pressure_kpa`, W: the gas leaves saturated, and
/// at a lower pressure the same mass of oxygen is a larger volume that carries more vapour.
pub fn evaporative_cooling_w(ventilation_nl_per_min: f64, pressure_kpa: f64) -> f64 {
    let volume_m3_per_s =
        ventilation_nl_per_min * 1e-3 / 60.0 * 101.325 / pressure_kpa.max(1.0) * 308.15 / 273.15;
    volume_m3_per_s * VAPOUR_KG_PER_M3 * LATENT_HEAT_J_PER_KG
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<Exertion>()
        .init_per_run_default::<Physiology>()
        .add_systems(FixedUpdate, respond.in_set(SimStep::Respond))
        .add_systems(FixedUpdate, measure_muscles.in_set(SimStep::Detect));
}

/// Reads the torque his muscles applied in the step just solved from the joints' impulses.
pub fn measure_muscles(
    clock: Res<SimClock>,
    mut exertion: ResMut<Exertion>,
    muscles: Query<&RapierImpulseJointHandle, With<Muscle>>,
    worlds: Query<(&RapierContextJoints, &RapierContextSimulation)>,
) {
    exertion.muscle_torque_nm = worlds
        .iter()
        .flat_map(|(joints, simulation)| {
            let substep_s = clock.solver_substep_s(simulation);
            muscles.iter().filter_map(move |handle| {
                let joint = joints.impulse_joints.get(handle.0)?;
                // His motors on the joint's free axes (the locked axes are bone, and a limit is
                // the suit's or the joint's stop, not his effort). Rapier keeps a free axis's
                // impulse on its motor: the joint's own impulses hold only the locked axes'.
                let locked = joint.data.locked_axes.bits();
                let angular = (3..6)
                    .filter(|i| locked & (1 << i) == 0)
                    .map(|i| joint.data.motors[i].impulse.powi(2))
                    .sum::<f32>()
                    .sqrt();
                Some(f64::from(angular) / substep_s)
            })
        })
        .sum();
}

/// The arousal his situation calls for, bpm: the novelty of open space fading with the time
/// since he first left the tube, or the alarm of a setback, whichever is greater.
pub fn arousal_wanted_bpm(exposed_s: Option<f64>, thwarted: bool) -> f64 {
    let novelty = exposed_s.map_or(0.0, |s| NOVELTY_BPM * (-s / HABITUATION_S).exp());
    let alarm = if thwarted { ALARM_BPM } else { 0.0 };
    novelty.max(alarm)
}

/// Moves heart rate, core temperature and sweat one step on from the work he does.
pub fn respond(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    cabin: Res<CabinState>,
    suit: Res<SuitState>,
    exertion: Res<Exertion>,
    whereabouts: Res<Whereabouts>,
    mut body: ResMut<Physiology>,
) {
    let dt_s = clock.dt_s;
    // Arousal rises as fast as the heart can follow and fades slowly once its cause has gone.
    if let Some(s) = body.exposed_s.as_mut() {
        *s += dt_s;
    } else if whereabouts.wholly_inside == Some(false) {
        body.exposed_s = Some(0.0);
    }
    let arousal_wanted = if cabin.in_cabin {
        0.0
    } else {
        arousal_wanted_bpm(body.exposed_s, exertion.thwarted)
    };
    body.arousal_bpm = if arousal_wanted > body.arousal_bpm {
        arousal_wanted
    } else {
        arousal_wanted + (body.arousal_bpm - arousal_wanted) * (-dt_s / AROUSAL_FADE_S).exp()
    };
    let metabolic_w = if cabin.in_cabin {
        REST_W
    } else {
        exertion.metabolic_w()
    };
    body.metabolic_w = metabolic_w;
    let effort_share = if cabin.in_cabin {
        0.0
    } else {
        // Holding a joint bent against the suit is a sustained contraction: the pressor
        // response grows once it passes about a third of the muscle's strength, and adds to
        // that of the muscles doing the action (more muscle engaged, a stronger response).
        let holding =
            ((exertion.holding_share - PRESSOR_ONSET_SHARE) / (1.0 - PRESSOR_ONSET_SHARE)).max(0.0);
        (exertion.effort_share + holding).clamp(0.0, 1.0)
    };
    let wanted_bpm = (REST_HEART_RATE_BPM
        + BPM_PER_W * (metabolic_w - REST_W)
        + PRESSOR_BPM * effort_share
        + body.arousal_bpm)
        .clamp(REST_HEART_RATE_BPM, MAX_HEART_RATE_BPM);
    body.heart_rate_bpm +=
        (wanted_bpm - body.heart_rate_bpm) * (1.0 - (-dt_s / HEART_RATE_TIME_S).exp());
    let rise_k = (body.core_temp_c - START_CORE_TEMP_C).max(0.0);
    let sweat_kg_per_s = SWEAT_KG_PER_S_PER_K * rise_k;
    let evaporable_kg_per_s = if cabin.in_cabin {
        f64::INFINITY
    } else {
        evaporative_cooling_w(
            scenario.0.file.suit.ventilation_nl_per_min,
            suit.pressure_kpa,
        ) / LATENT_HEAT_J_PER_KG
    };
    // The skin's evaporation at rest (insensible perspiration) needs no sweating to start.
    let evaporated_kg_per_s = evaporable_kg_per_s.min(sweat_kg_per_s + 1.0e-5);
    body.sweat_kg += (sweat_kg_per_s + 1.0e-5 - evaporated_kg_per_s).max(0.0) * dt_s;
    let cooling_w = SENSIBLE_COOLING_W + evaporated_kg_per_s * LATENT_HEAT_J_PER_KG;
    body.core_temp_c = (body.core_temp_c
        + (metabolic_w - cooling_w) * dt_s / BODY_HEAT_CAPACITY_J_PER_K)
        .max(START_CORE_TEMP_C);
}
