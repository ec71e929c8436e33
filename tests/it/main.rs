//! The one integration-test binary: every test module links Bevy once, here.

mod airlock;
mod architecture;
mod axes;
mod ballooning;
mod calibration;
mod control;
mod cosmonaut;
mod fuzz;
mod headless;
mod history;
mod inputs;
mod orbit;
mod physical;
mod physics;
mod precision;
mod render;
mod robust;
mod scenarios;
mod squeeze;
mod stars;
mod suit;
mod surface;
mod sweep;
mod viewer;
mod watch;

use std::path::{Path, PathBuf};

/// A path inside the project.
pub fn project_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The historical scenario.
pub fn historical() -> spacewalk::scenario::Scenario {
    spacewalk::scenario::Scenario::load(project_path("scenarios/voskhod2.ron"))
        .expect("the historical scenario loads")
}

/// The historical scenario's whole window, run once and shared by the tests that read it.
pub fn historical_run() -> &'static spacewalk::headless::RunReport {
    static RUN: std::sync::OnceLock<spacewalk::headless::RunReport> = std::sync::OnceLock::new();
    RUN.get_or_init(|| spacewalk::headless::run(historical(), None))
}

/// The historical scenario with some fields changed.
pub fn variant(
    edit: impl FnOnce(&mut spacewalk::scenario::ScenarioFile),
) -> spacewalk::scenario::Scenario {
    scenario_file("voskhod2.ron", edit)
}

/// A shipped scenario (`scenarios/NAME`) with `edit` applied.
pub fn scenario_file(
    name: &str,
    edit: impl FnOnce(&mut spacewalk::scenario::ScenarioFile),
) -> spacewalk::scenario::Scenario {
    let path = project_path(&format!("scenarios/{name}"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut file: spacewalk::scenario::ScenarioFile = ron::from_str(&text).unwrap();
    edit(&mut file);
    spacewalk::scenario::Scenario::from_file(file, &text, path)
        .unwrap_or_else(|e| panic!("the variant is invalid: {e}"))
}

/// The flight without the bleed swept along one axis (`PATH=FROM..TO:STEP`) on every core.
pub fn no_bleed_sweep(spec: &str) -> Vec<spacewalk::sweep::VariantResult> {
    let axis = spacewalk::sweep::parse_axis(spec).unwrap();
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    spacewalk::sweep::run(
        &project_path("scenarios/voskhod2_no_bleed.ron"),
        std::slice::from_ref(&axis),
        jobs,
        &indicatif::ProgressBar::hidden(),
    )
    .unwrap()
}

/// UTC on the flight's day, `second` seconds after 08:28:00 (the historical window's start).
pub fn at(second: u32) -> String {
    format!("1965-03-18T08:{:02}:{:02}Z", 28 + second / 60, second % 60)
}

/// `work` done on every item, two at a time (the machine's cores), results in the items' order.
pub fn on_two_threads<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else {
                        break;
                    };
                    let result = work(item);
                    results.lock().unwrap().push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}
