//! A world that stays physical: every numeric field of the scenario format, taken to either end
//! of the range validation accepts (found by bisection, so the test follows the validator), runs
//! the walk out of the hatch with joint gaps, tether stretch and speeds inside stated bounds, and
//! no NaN. A value that breaks them must be refused at validation instead.

use spacewalk::scenario::{Action, ActionSpec, EventKind, EventSpec, Scenario, ScenarioFile};
use spacewalk::sweep::set_field;

use super::project_path;

/// Widest joint gap accepted in any sample, mm: one step's peak as the tether jerks taut (a link
/// is 0.35 to 0.55 m, his segments 0.1 to 0.5 m long). The shipped flights peak at 16 mm.
const WIDEST_GAP_MM: f64 = 60.0;
/// The 99th percentile of joint gaps accepted, mm.
const P99_GAP_MM: f64 = 3.0;
/// The tether's path may exceed its length by at most this share (its hard stop is at 1 %).
const TETHER_STRETCH_SHARE: f64 = 0.015;
/// Fastest he may move relative to the simulation frame, m/s: a push-off is a fraction of this.
const FASTEST_MPS: f64 = 5.0;

/// The walk out of the hatch, a push-off and the pull back, in a three-minute window: every
/// body, joint and contact the long walk has, in a fraction of its time.
fn short_walk() -> (ScenarioFile, String) {
    let path = project_path("scenarios/voskhod2.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut file: ScenarioFile = ron::from_str(&text).unwrap();
    file.start_utc = "1965-03-18T08:32:45Z".into();
    file.end_utc = "1965-03-18T08:35:45Z".into();
    file.events = vec![EventSpec {
        utc: "1965-03-18T08:32:54Z".into(),
        kind: EventKind::OuterHatchOpen,
        note: String::new(),
    }];
    let at = |s: &str| format!("1965-03-18T08:{s}Z");
    file.actions = vec![
        ActionSpec {
            utc: at("33:10"),
            action: Action::Exit { head_first: true },
        },
        ActionSpec {
            utc: at("33:50"),
            action: Action::PushOff {
                speed_mps: 0.3,
                direction: [0.3, 1.0, -0.2],
            },
        },
        ActionSpec {
            utc: at("34:40"),
            action: Action::PullIn {
                speed_mps: 0.25,
                stop_distance_m: 1.2,
            },
        },
    ];
    (file, text)
}

/// Every numeric leaf of the file's specification sections, as `--set` paths.
fn numeric_paths(file: &ScenarioFile) -> Vec<String> {
    fn walk(value: &serde_json::Value, path: String, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Number(_) => out.push(path),
            serde_json::Value::Object(fields) => {
                for (name, v) in fields {
                    let sep = if path.is_empty() { "" } else { "." };
                    walk(v, format!("{path}{sep}{name}"), out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    let tree = serde_json::to_value(file).unwrap();
    let mut paths = Vec::new();
    for (name, v) in tree.as_object().unwrap() {
        if !matches!(name.as_str(), "events" | "actions" | "cameras" | "version") {
            walk(v, name.clone(), &mut paths);
        }
    }
    paths
}

fn valid(file: &ScenarioFile, text: &str, path: &str, value: f64) -> Option<Scenario> {
    let changed = set_field(file, path, value).ok()?;
    Scenario::from_file(changed, text, project_path("scenarios/voskhod2.ron")).ok()
}

/// The ends of the interval round the default that validation accepts for `path`, each to
/// within a part in a thousand of the default's size (or 1e-3), from the inside.
fn accepted_range(
    file: &ScenarioFile,
    text: &str,
    path: &str,
    (default, is_whole): (f64, bool),
) -> (f64, f64) {
    let scale = default.abs().max(1.0);
    let end = |direction: f64| {
        let mut inside = default;
        let mut reach = scale;
        // Out to the first refusal, doubling (or to 1e6 times the default's size).
        let mut outside = loop {
            let probe = default + direction * if is_whole { reach.round() } else { reach };
            if valid(file, text, path, probe).is_none() || reach > 1e6 * scale {
                break probe;
            }
            inside = probe;
            reach *= 2.0;
        };
        for _ in 0..40 {
            let mid = (inside + outside) / 2.0;
            let mid = if is_whole { mid.round() } else { mid };
            if mid == inside || mid == outside {
                break;
            }
            if valid(file, text, path, mid).is_some() {
                inside = mid;
            } else {
                outside = mid;
            }
            if (outside - inside).abs() < 1e-3 * scale {
                break;
            }
        }
        inside
    };
    (end(-1.0), end(1.0))
}

/// What broke in one run, if anything.
fn broken(scenario: Scenario) -> Option<String> {
    let length_m = scenario.file.tether.length_m;
    let report = spacewalk::headless::run(scenario, None);
    let rows = &report.telemetry.rows;
    let mut gaps: Vec<f64> = rows.iter().map(|r| r.joint_gap_mm).collect();
    if gaps.iter().any(|g| !g.is_finite()) {
        return Some("NaN joint gap".into());
    }
    gaps.sort_by(f64::total_cmp);
    let p99 = gaps[gaps.len() * 99 / 100];
    let widest = gaps[gaps.len() - 1];
    let stretch = rows.iter().map(|r| r.tether_distance_m).fold(0.0, f64::max) / length_m;
    let fastest = rows
        .iter()
        .map(|r| r.cosmonaut_speed_mps)
        .fold(0.0, f64::max);
    let nan = rows.iter().any(|r| {
        !(r.cosmonaut_position_m.iter().all(|v| v.is_finite())
            && r.cosmonaut_speed_mps.is_finite()
            && r.tether_tension_n.is_finite())
    });
    if nan {
        Some("NaN in telemetry".into())
    } else if p99 > P99_GAP_MM || widest > WIDEST_GAP_MM {
        Some(format!("joint gaps p99 {p99:.1} mm, widest {widest:.1} mm"))
    } else if stretch > 1.0 + TETHER_STRETCH_SHARE {
        Some(format!(
            "tether path {:.1} % of its length",
            stretch * 100.0
        ))
    } else if fastest > FASTEST_MPS {
        Some(format!("he moved at {fastest:.1} m/s"))
    } else {
        None
    }
}

#[test]
fn every_numeric_field_at_either_end_of_its_accepted_range_runs_physically() {
    let (file, text) = short_walk();
    assert!(
        valid(&file, &text, "tether.length_m", file.tether.length_m).is_some(),
        "the short walk validates"
    );
    let tree = serde_json::to_value(&file).unwrap();
    let paths = numeric_paths(&file);
    assert!(
        paths.len() > 50,
        "{} numeric fields: {paths:?}",
        paths.len()
    );
    let mut cases = Vec::new();
    for path in &paths {
        let pointer = format!("/{}", path.replace(['.', '['], "/").replace(']', ""));
        let value = tree.pointer(&pointer).unwrap();
        let default = value.as_f64().unwrap();
        let (lo, hi) = accepted_range(&file, &text, path, (default, value.is_u64()));
        for value in [lo, hi] {
            if value != default {
                cases.push((path.clone(), value));
            }
        }
    }
    let failures: Vec<String> = super::on_two_threads(&cases, |(path, value)| {
        let scenario = valid(&file, &text, path, *value).expect("accepted");
        broken(scenario).map(|why| format!("{path} = {value}: {why}"))
    })
    .into_iter()
    .flatten()
    .collect();
    eprintln!(
        "{} numeric fields, {} cases at the ends of their accepted ranges, {} broke",
        paths.len(),
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
