//! The airlock's own air: the cabin's until it is vented to space, none while the outer hatch
//! is open, the cabin's again as it is refilled. A suit in it balloons only by what its own
//! pressure exceeds this.
//!
//! A vessel blown down through a choked valve, or filled through one from a much larger
//! reservoir, approaches its end pressure exponentially, with a time constant set by the
//! valve's flow and the vessel's volume (`airlock.vent_time_constant_s`, an estimate). The
//! record gives the moment the airlock was at vacuum, not when venting began: the vent opens as
//! long before as the blow-down from the cabin's air to [`VACUUM_KPA`] takes.

use bevy::prelude::*;

use crate::scenario::{EventKind, Scenario};
use crate::sim::core::clock::SimClock;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::run::{PerRun, PerRunApp};
use crate::sim::core::schedule::SimStep;

/// Pressure at which the airlock counts as at vacuum, kPa (estimate: a gauge's floor; the
/// suit's loads differ from hard vacuum's by a quarter of a percent).
pub const VACUUM_KPA: f64 = 0.1;

/// The air in the airlock's tube.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct AirlockAir {
    /// Its pressure, kPa.
    pub pressure_kpa: f64,
    /// Where the vent or the refill is taking it, kPa.
    pub goal_kpa: f64,
    /// When the vent opens ahead of the recorded depressurisation, s from the window's start;
    /// `None` once it has (or if it never does in the window).
    vent_opens_t_s: Option<f64>,
    /// The cabin's air pressure, kPa.
    cabin_kpa: f64,
    /// Time constant of venting and refilling, s.
    time_constant_s: f64,
}

impl AirlockAir {
    /// Vented to space, or open to it: no air.
    pub fn at_vacuum(&mut self) {
        self.pressure_kpa = 0.0;
        self.goal_kpa = 0.0;
        self.vent_opens_t_s = None;
    }

    /// Refilling from the cabin's supply begins.
    pub fn refill(&mut self) {
        self.goal_kpa = self.cabin_kpa;
        self.vent_opens_t_s = None;
    }

    /// Open to the cabin: the same air on both sides.
    pub fn equalise(&mut self) {
        self.pressure_kpa = self.cabin_kpa;
        self.goal_kpa = self.cabin_kpa;
    }
}

/// How long the blow-down from `cabin_kpa` to [`VACUUM_KPA`] takes, s.
pub fn blow_down_s(cabin_kpa: f64, time_constant_s: f64) -> f64 {
    time_constant_s * (cabin_kpa / VACUUM_KPA).max(1.0).ln()
}

impl PerRun for AirlockAir {
    /// The air as the window opens, from the first recorded event that sets it: before a
    /// depressurisation, the cabin's (or what is left of it, if the vent opened before the
    /// window); before the inner hatch opens, the cabin's; otherwise (a window inside the walk,
    /// or before a repressurisation) none.
    fn for_run(scenario: &Scenario) -> Self {
        let cabin_kpa = scenario.file.spacecraft.cabin_pressure_kpa;
        let time_constant_s = scenario.file.airlock.vent_time_constant_s;
        let mut air = Self {
            pressure_kpa: 0.0,
            goal_kpa: 0.0,
            vent_opens_t_s: None,
            cabin_kpa,
            time_constant_s,
        };
        let first = scenario.events.iter().find(|e| {
            matches!(
                e.kind,
                EventKind::AirlockDepressurised
                    | EventKind::OuterHatchOpen
                    | EventKind::InnerHatchOpen
                    | EventKind::Repressurisation
            )
        });
        match first.map(|e| (e.kind, e.t_s)) {
            Some((EventKind::AirlockDepressurised, t_s)) => {
                let opens_t_s = t_s - blow_down_s(cabin_kpa, time_constant_s);
                if opens_t_s > 0.0 {
                    air.equalise();
                    air.vent_opens_t_s = Some(opens_t_s);
                } else {
                    air.pressure_kpa = cabin_kpa * (opens_t_s / time_constant_s).exp();
                }
            }
            Some((EventKind::InnerHatchOpen, _)) => air.equalise(),
            _ => {}
        }
        air
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run::<AirlockAir>()
        .add_systems(FixedUpdate, vent.in_set(SimStep::Vent));
}

/// Opens the vent when its time comes and moves the pressure towards where the vent or the
/// refill is taking it, exactly as the exponential does over the step.
pub fn vent(clock: Res<SimClock>, mut air: ResMut<AirlockAir>, mut log: ResMut<EventLog>) {
    let t = clock.t_s();
    if air.vent_opens_t_s.is_some_and(|opens| opens <= t) {
        air.vent_opens_t_s = None;
        air.goal_kpa = 0.0;
        log.push(
            t,
            clock.utc(),
            SimEvent::AirlockVenting {
                from_kpa: air.pressure_kpa,
            },
        );
    }
    let approach = 1.0 - (-clock.dt_s / air.time_constant_s).exp();
    let gap = air.goal_kpa - air.pressure_kpa;
    air.pressure_kpa += gap * approach;
}
