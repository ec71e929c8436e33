//! The viewer's telemetry history: the simulation's rows moved into it frame by frame (the
//! simulation keeps only its latest), every row of a short run, an even thinning of a long one
//! under a fixed cap, and a run that goes back dropping what lay ahead.

use bevy::prelude::*;
use spacewalk::headless::{advance_to, sim_app};
use spacewalk::sim::{Telemetry, TelemetryRow};
use spacewalk::view::history::{HISTORY_CAP, History};

use super::{historical, historical_run};

#[test]
fn the_viewer_keeps_the_runs_rows_in_its_history_and_the_simulation_only_the_latest() {
    let mut app = sim_app(historical());
    spacewalk::view::history::plugin(&mut app);
    // Frames of uneven length, as a window's are.
    for t_s in [0.05, 0.3, 0.31, 1.0, 2.5, 7.0, 7.05, 12.0, 30.0] {
        advance_to(app.world_mut(), t_s);
        app.world_mut().run_schedule(PostUpdate);
        assert!(
            app.world().resource::<Telemetry>().rows.len() <= 1,
            "the simulation keeps its latest row only, at {t_s} s"
        );
    }
    let kept: Vec<f64> = app
        .world()
        .resource::<History>()
        .rows()
        .iter()
        .map(|r| r.t_s)
        .collect();
    let straight: Vec<f64> = historical_run()
        .telemetry
        .rows
        .iter()
        .map(|r| r.t_s)
        .take_while(|t| *t <= 30.0 + 1e-9)
        .collect();
    assert_eq!(kept, straight, "every sample once, in order");
}

/// A row at `t_s`, the rest of it from the flight.
fn row_at(t_s: f64) -> TelemetryRow {
    TelemetryRow {
        t_s,
        ..historical_run().telemetry.rows[0].clone()
    }
}

#[test]
fn a_long_runs_history_is_thinned_evenly_under_its_cap_and_a_jump_back_drops_what_lay_ahead() {
    let mut history = History::default();
    // Five and a half hours at 0.1 s: far more rows than the cap.
    let samples = 200_000;
    for k in 0..samples {
        history.push(&row_at(k as f64 * 0.1));
        assert!(history.rows().len() < HISTORY_CAP);
    }
    let rows = history.rows();
    assert!(
        rows.len() > HISTORY_CAP / 2 - 1,
        "at least half full: {}",
        rows.len()
    );
    assert_eq!(rows[0].t_s, 0.0, "the start is kept");
    let stride_s = history.stride() as f64 * 0.1;
    for pair in rows.windows(2) {
        let gap_s = pair[1].t_s - pair[0].t_s;
        assert!((gap_s - stride_s).abs() < 1e-6, "even spacing: {gap_s} s");
    }
    let end_s = (samples - 1) as f64 * 0.1;
    assert!(
        end_s - rows[rows.len() - 1].t_s < stride_s,
        "covers the end"
    );
    // Back to the middle: nothing after it stays, and the run goes on from there.
    let back_s = 10_000.0;
    history.push(&row_at(back_s));
    let last = history.rows().last().unwrap().t_s;
    assert_eq!(last, back_s, "the row it went back to is kept");
    assert!(history.rows().iter().all(|r| r.t_s <= back_s));
    history.push(&row_at(back_s + 0.1));
    assert_eq!(history.latest_t_s(), Some(back_s + 0.1));
    // Back to the start (a reload): the history starts afresh.
    history.push(&row_at(0.0));
    assert_eq!(history.rows().len(), 1);
    assert_eq!(history.stride(), 1);
}
