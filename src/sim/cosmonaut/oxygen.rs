//! The backpack's oxygen: bottles that feed an open-loop suit. The regulator blows a steady
//! ventilation flow through the suit and out of its exhaust, makes up what he burns (in
//! proportion to his metabolic rate, so the struggle costs oxygen) and what leaks, and refills
//! the suit when its pressure rises; bleeding vents the suit's own gas. What
//! he carries is the bottles plus the suit's gas (pure oxygen). When the bottles are empty the
//! flow stops and the suit's pressure falls as he breathes and it leaks.

use bevy::prelude::*;

use super::physiology::Physiology;
use super::suit::SuitState;
use crate::scenario::{Scenario, SuitSpec};
use crate::sim::core::clock::SimClock;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::run::{PerRun, PerRunApp};
use crate::sim::core::schedule::{ActiveScenario, SimStep};
use crate::sim::craft::cabin::CabinState;

/// Specific gas constant of oxygen, J/(kg K).
pub const R_O2_J_PER_KG_K: f64 = 259.8;
/// Temperature of the gas in the bottles and the suit, K (a ventilated suit near room
/// temperature).
pub const GAS_TEMPERATURE_K: f64 = 293.15;
/// Mass of one normal litre of oxygen (0 C, 101.325 kPa), kg.
pub const KG_PER_NORMAL_LITRE: f64 = 1.429e-3;

/// Oxygen in full bottles, kg: ideal gas, m = p V / (R T). (Real oxygen at 22 MPa is a few
/// percent denser than the ideal gas; the sources' 45 minutes already fold that in.)
pub fn bottles_full_kg(suit: &SuitSpec) -> f64 {
    f64::from(suit.o2_bottles) * suit.o2_bottle_volume_l * 1e-3 * suit.o2_bottle_pressure_mpa * 1e6
        / (R_O2_J_PER_KG_K * GAS_TEMPERATURE_K)
}

/// Oxygen in the suit at `pressure_kpa`, kg.
pub fn suit_gas_kg(suit: &SuitSpec, pressure_kpa: f64) -> f64 {
    pressure_kpa * 1e3 * suit.gas_volume_l * 1e-3 / (R_O2_J_PER_KG_K * GAS_TEMPERATURE_K)
}

/// Energy his body releases per normal litre of oxygen it burns, J (20.1 kJ: the Weir equation
/// at a respiratory quotient of 0.82, a mixed diet).
pub const OXYCALORIC_J_PER_NL: f64 = 20_100.0;

/// Oxygen his body burns at a metabolic rate of `metabolic_w`, normal litres per minute (130 W
/// at rest: 0.39 NL/min; 600 W of hard work: 1.8 NL/min).
pub fn burned_nl_per_min(metabolic_w: f64) -> f64 {
    metabolic_w.max(0.0) * 60.0 / OXYCALORIC_J_PER_NL
}

/// Normal litres per minute of oxygen as kg/s.
fn kg_per_s(nl_per_min: f64) -> f64 {
    nl_per_min * KG_PER_NORMAL_LITRE / 60.0
}

/// Oxygen his body burns at `metabolic_w` and the suit leaks at `pressure_kpa` (leakage in
/// proportion to pressure), kg/s: what the suit loses besides the ventilation's flow.
pub fn used_kg_per_s(suit: &SuitSpec, pressure_kpa: f64, metabolic_w: f64) -> f64 {
    kg_per_s(
        burned_nl_per_min(metabolic_w)
            + suit.leak_nl_per_min * pressure_kpa / suit.pressure_kpa.max(1e-9),
    )
}

/// What the regulator draws from the bottles with the suit holding `pressure_kpa` and him
/// working at `metabolic_w`, kg/s: ventilation, breathing, and leakage.
pub fn steady_draw_kg_per_s(suit: &SuitSpec, pressure_kpa: f64, metabolic_w: f64) -> f64 {
    kg_per_s(suit.ventilation_nl_per_min) + used_kg_per_s(suit, pressure_kpa, metabolic_w)
}

/// Oxygen he carries and where it stands.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct OxygenState {
    /// Left in the bottles, kg.
    pub bottles_kg: f64,
    /// In the suit, kg.
    pub suit_kg: f64,
    /// The log already says the bottles are empty.
    empty_logged: bool,
}

impl OxygenState {
    /// Full bottles and the suit at its operating pressure.
    pub fn new(suit: &SuitSpec) -> Self {
        Self {
            bottles_kg: bottles_full_kg(suit),
            suit_kg: suit_gas_kg(suit, suit.pressure_kpa),
            empty_logged: false,
        }
    }

    /// All the oxygen he carries: bottles and suit, kg.
    pub fn remaining_kg(&self) -> f64 {
        self.bottles_kg + self.suit_kg
    }
}

impl PerRun for OxygenState {
    fn for_run(scenario: &Scenario) -> Self {
        Self::new(&scenario.file.suit)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run::<OxygenState>()
        .add_systems(FixedUpdate, breathe.in_set(SimStep::Breathe));
}

/// One step of supply and use, after the valve has set this step's pressure.
pub fn breathe(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    cabin: Res<CabinState>,
    body: Res<Physiology>,
    mut suit: ResMut<SuitState>,
    mut oxygen: ResMut<OxygenState>,
    mut log: ResMut<EventLog>,
) {
    // In the cabin he breathes the ship's air and the backpack is shut.
    if cabin.in_cabin {
        return;
    }
    let spec = &scenario.0.file.suit;
    let dt_s = clock.dt_s;
    // The gas the suit should hold at the pressure the valve has set: a bleed vents the
    // difference overboard, a rise has to come from the bottles.
    let wanted_kg = suit_gas_kg(spec, suit.pressure_kpa);
    let refill_kg = (wanted_kg - oxygen.suit_kg).max(0.0);
    // The last step's metabolic rate: the body responds to the work after the muscles move.
    let metabolic_w = body.metabolic_w;
    let demand_kg = steady_draw_kg_per_s(spec, suit.pressure_kpa, metabolic_w) * dt_s + refill_kg;
    if oxygen.bottles_kg >= demand_kg {
        oxygen.bottles_kg -= demand_kg;
        oxygen.suit_kg = wanted_kg;
        return;
    }
    // Bottles empty: no ventilation; what he burns and what leaks comes out of the suit.
    let supplied_kg = std::mem::take(&mut oxygen.bottles_kg);
    let used_kg = used_kg_per_s(spec, suit.pressure_kpa, metabolic_w) * dt_s;
    oxygen.suit_kg = (oxygen.suit_kg.min(wanted_kg) + supplied_kg - used_kg).max(0.0);
    let pressure_kpa = oxygen.suit_kg / suit_gas_kg(spec, 1.0);
    suit.pressure_kpa = pressure_kpa;
    suit.target_kpa = suit.target_kpa.min(pressure_kpa);
    if !oxygen.empty_logged {
        oxygen.empty_logged = true;
        log.push(
            clock.t_s(),
            clock.utc(),
            SimEvent::OxygenExhausted {
                suit_kg: oxygen.suit_kg,
                pressure_kpa,
            },
        );
    }
}
