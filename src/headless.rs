//! Headless runs: the simulation on `MinimalPlugins`, stepped as fast as the CPU allows.

use std::time::{Duration, Instant};

use bevy::app::FixedMain;
use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::sim::core::whereabouts::Whereabouts;
use crate::sim::craft::hatch::Hatches;
use crate::sim::{EventLog, Outcome, SimClock, SimPlugin, Telemetry, TelemetryRow};

/// A simulation app with no window, no renderer and no GPU.
pub fn sim_app(scenario: Scenario) -> App {
    build_sim_app(scenario, false)
}

/// The same app on bevy_rapier's stock sync instead of the simulation's own (see
/// [`crate::sim::solver::rapier_sync`]): for comparing the two.
pub fn sim_app_on_stock_sync(scenario: Scenario) -> App {
    build_sim_app(scenario, true)
}

fn build_sim_app(scenario: Scenario, stock_sync: bool) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, TransformPlugin));
    if stock_sync {
        app.insert_resource(crate::sim::solver::rapier_sync::StockRapierSync);
    }
    app.add_plugins(SimPlugin { scenario });
    app.finish();
    app.cleanup();
    // Startup: spawn the bodies.
    app.update();
    app
}

/// Advances the simulation by whole fixed steps until `t_s` seconds into the window (or its end).
pub fn advance_to(world: &mut World, t_s: f64) {
    let steps = {
        let clock = world.resource::<SimClock>();
        clock.steps_until(t_s.min(clock.end_t_s))
    };
    for _ in 0..steps {
        world.run_schedule(FixedMain);
        // What `App::update` does after each frame: without it the record of removed
        // components and the like is never cleared, and a long headless run grows.
        world.clear_trackers();
    }
}

/// What a headless run produced.
pub struct RunReport {
    /// The event log.
    pub log: EventLog,
    /// The telemetry.
    pub telemetry: Telemetry,
    /// How the spacewalk ended (or stood when the run stopped).
    pub outcome: Outcome,
    /// Simulated seconds.
    pub simulated_s: f64,
    /// Fixed steps taken.
    pub steps: u64,
    /// Of those, steps that coasted: nothing could move, so the physics was not stepped.
    pub coasted_steps: u64,
    /// Of those, steps solved with the free-flight solver effort (see [`crate::sim::solver::effort`]).
    pub free_flight_steps: u64,
    /// Wall-clock time the stepping took.
    pub wall: Duration,
    /// What the summary needs from the telemetry, gathered row by row (also when the rows were
    /// streamed out and not kept).
    pub stats: TelemetryStats,
}

/// What a run's summary reads from its telemetry, gathered as the rows come, so a run that
/// streams its rows to a file keeps none of them in memory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TelemetryStats {
    /// Rows recorded.
    pub rows: u64,
    /// Largest tether distance, m (0 or more).
    pub max_tether_distance_m: f64,
    /// Largest tether tension, N (0 or more).
    pub max_tether_tension_n: f64,
    /// Largest speed of his, m/s (0 or more).
    pub max_speed_mps: f64,
    /// Rows with him outside the airlock tube and not in the cabin.
    pub outside_rows: u64,
    /// Time between the first two rows, s.
    pub interval_s: f64,
    /// Oxygen he carried at the first row and at the last, kg.
    pub oxygen_kg: Option<(f64, f64)>,
    /// Time of the first row, s.
    first_t_s: Option<f64>,
}

impl TelemetryStats {
    fn add(&mut self, row: &TelemetryRow) {
        self.rows += 1;
        self.max_tether_distance_m = self.max_tether_distance_m.max(row.tether_distance_m);
        self.max_tether_tension_n = self.max_tether_tension_n.max(row.tether_tension_n);
        self.max_speed_mps = self.max_speed_mps.max(row.cosmonaut_speed_mps);
        if !row.cosmonaut_in_airlock && !row.cosmonaut_in_cabin {
            self.outside_rows += 1;
        }
        match self.first_t_s {
            None => self.first_t_s = Some(row.t_s),
            Some(first) if self.rows == 2 => self.interval_s = row.t_s - first,
            Some(_) => {}
        }
        let first_kg = self
            .oxygen_kg
            .map_or(row.o2_remaining_kg, |(first, _)| first);
        self.oxygen_kg = Some((first_kg, row.o2_remaining_kg));
    }

    /// Seconds he spent outside the airlock tube (and not in the cabin).
    pub fn outside_s(&self) -> f64 {
        self.outside_rows as f64 * self.interval_s
    }
}

impl RunReport {
    /// Simulated time over wall time.
    pub fn real_time_factor(&self) -> f64 {
        self.simulated_s / self.wall.as_secs_f64().max(1e-9)
    }
}

/// The run's outcome as it stands in `world`.
pub fn outcome_of(world: &World) -> Option<Outcome> {
    let clock = world.get_resource::<SimClock>()?;
    let hatches = world.get_resource::<Hatches>()?;
    Some(Outcome::decide(
        world.get_resource::<EventLog>()?,
        world.get_resource::<Whereabouts>()?,
        hatches.outer_hatch_open,
        clock.utc(),
    ))
}

/// Runs a scenario from the start of its window to `until_t_s` seconds into it (its end if `None`).
pub fn run(scenario: Scenario, until_t_s: Option<f64>) -> RunReport {
    let until = until_t_s.unwrap_or_else(|| scenario.duration_s());
    run_while(scenario, until, |_| true, None).0
}

/// [`run`], writing the telemetry as CSV to `out` second by second as it is recorded and
/// keeping only the latest row: memory stays flat however long the window. `progress` is set to
/// the simulated seconds done, out of the run's. Stops at the first write error, and returns the
/// run as far as it went (none if not even the header could be written) beside the write's
/// result, so the caller can still show what happened.
pub fn run_streaming(
    scenario: Scenario,
    until_t_s: Option<f64>,
    out: &mut dyn std::io::Write,
    progress: &indicatif::ProgressBar,
) -> (Option<RunReport>, std::io::Result<()>) {
    let until = until_t_s.unwrap_or_else(|| scenario.duration_s());
    if let Err(error) = writeln!(out, "{}", crate::sim::measure::telemetry::CSV_HEADER) {
        return (None, Err(error));
    }
    progress.set_length(until.ceil() as u64);
    let seconds_done = |world: &World| {
        let t_s = world.get_resource::<SimClock>().map_or(0.0, SimClock::t_s);
        progress.set_position(t_s as u64);
        true
    };
    let (report, written) = run_while(scenario, until, seconds_done, Some(out));
    progress.finish_and_clear();
    (Some(report), written)
}

/// Runs a scenario until its outcome is settled (he is back in behind the shut hatch, and
/// nothing still to come in the scenario could move him or open it) or its window ends,
/// whichever comes first. What a sweep needs, and no more.
pub fn run_to_outcome(scenario: Scenario) -> RunReport {
    let until = scenario.duration_s();
    let quiet_from_s = last_move_t_s(&scenario);
    run_while(
        scenario,
        until,
        move |world| {
            let t_s = world.get_resource::<SimClock>().map_or(0.0, SimClock::t_s);
            !(t_s > quiet_from_s && outcome_of(world).is_some_and(|outcome| outcome.settled()))
        },
        None,
    )
    .0
}

/// When the last of the scenario's actions of his (other than setting the suit's valve) and of
/// its events that move him or a hatch falls, s into the window.
fn last_move_t_s(scenario: &Scenario) -> f64 {
    use crate::scenario::{Action, EventKind};
    let actions = scenario
        .actions
        .iter()
        .filter(|a| !matches!(a.action, Action::SetSuitPressure { .. }))
        .map(|a| a.t_s);
    let events = scenario
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::OuterHatchOpen
                    | EventKind::InnerHatchOpen
                    | EventKind::CosmonautToAirlock
                    | EventKind::CosmonautToCabin
                    | EventKind::AirlockJettison
                    | EventKind::AirlockDeploy
            )
        })
        .map(|e| e.t_s);
    actions.chain(events).fold(0.0, f64::max)
}

/// Steps a scenario to `until` seconds, a simulated second at a time while `go_on` says so.
/// Runs a second at a time while `go_on` says so, gathering the telemetry's statistics; with
/// `stream`, each second's new rows go out to it and only the latest is kept, and the run stops
/// at the first write error, which comes back beside the report.
fn run_while(
    scenario: Scenario,
    until: f64,
    go_on: impl Fn(&World) -> bool,
    mut stream: Option<&mut dyn std::io::Write>,
) -> (RunReport, std::io::Result<()>) {
    let mut app = sim_app(scenario);
    let started = Instant::now();
    let mut t_s = 0.0;
    let mut stats = TelemetryStats::default();
    let mut seen = 0;
    let mut written = Ok(());
    while written.is_ok() {
        let more = t_s < until && go_on(app.world());
        if more {
            t_s = (t_s + 1.0).min(until);
            advance_to(app.world_mut(), t_s);
        }
        if let Some(mut telemetry) = app.world_mut().get_resource_mut::<Telemetry>() {
            for row in &telemetry.rows[seen.min(telemetry.rows.len())..] {
                stats.add(row);
                if let (Some(out), Ok(())) = (stream.as_mut(), &written) {
                    written = writeln!(out, "{}", row.to_csv());
                }
            }
            seen = telemetry.rows.len();
            if stream.is_some() && seen > 1 {
                telemetry.rows.drain(..seen - 1);
                seen = 1;
            }
        }
        if !more {
            break;
        }
    }
    let wall = started.elapsed();
    let world = app.world_mut();
    let clock = world.resource::<SimClock>().clone();
    let outcome = outcome_of(world).unwrap_or(Outcome::NeverOut);
    let report = RunReport {
        log: world.remove_resource::<EventLog>().unwrap_or_default(),
        telemetry: world.remove_resource::<Telemetry>().unwrap_or_default(),
        outcome,
        simulated_s: clock.t_s(),
        steps: clock.step,
        coasted_steps: world
            .get_resource::<crate::sim::solver::coast::Coasting>()
            .map_or(0, |c| c.steps),
        free_flight_steps: world
            .get_resource::<crate::sim::solver::effort::SolverEffort>()
            .map_or(0, |e| e.free_flight_steps),
        wall,
        stats,
    };
    (report, written)
}
