//! Parameter sweeps: one scenario, some of its numeric fields stepped over ranges (several make a
//! grid), every variant run headless in parallel over the cores, one table line per variant.

use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::headless;
use crate::scenario::time::format_iso_millis;
use crate::scenario::{Scenario, ScenarioFile};
use crate::sim::Outcome;

/// Most variants one sweep may hold, so a typo in a step cannot start a week of runs.
pub const MAX_VARIANTS: usize = 2000;

/// One `--set PATH=FROM..TO:STEP`.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepAxis {
    /// Field path in the scenario file, e.g. `suit.pressure_kpa` or `actions[3].utc`.
    pub path: String,
    /// The values, from FROM up to TO inclusive.
    pub values: Vec<f64>,
}

/// Parses `PATH=FROM..TO:STEP` (STEP positive; FROM above TO counts down).
pub fn parse_axis(spec: &str) -> Result<SweepAxis, String> {
    let usage = "expected PATH=FROM..TO:STEP, e.g. suit.pressure_kpa=20..45:1";
    let (path, range) = spec
        .split_once('=')
        .ok_or_else(|| format!("--set {spec}: {usage}"))?;
    let (span, step) = range
        .split_once(':')
        .ok_or_else(|| format!("--set {spec}: no step; {usage}"))?;
    let (from, to) = span
        .split_once("..")
        .ok_or_else(|| format!("--set {spec}: no range; {usage}"))?;
    let number = |text: &str, what: &str| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("--set {spec}: {what} {text:?} is not a number; {usage}"))
    };
    let (from_text, step_text) = (from.trim(), step.trim());
    let (from, to, step) = (
        number(from, "FROM")?,
        number(to, "TO")?,
        number(step, "STEP")?,
    );
    if step <= 0.0 {
        return Err(format!("--set {spec}: STEP must be above 0"));
    }
    // Counted in floating point first: a tiny step or a span past the largest number must be
    // refused, not overflow an integer.
    let steps = ((to - from).abs() / step + 1e-9).floor();
    if steps.is_nan() || steps >= MAX_VARIANTS as f64 {
        let count = if steps.is_finite() {
            format!("{:.0}", steps + 1.0)
        } else {
            "too many".to_string()
        };
        return Err(format!(
            "--set {spec}: {count} values; at most {MAX_VARIANTS} variants per sweep"
        ));
    }
    let count = steps as usize + 1;
    let sign = if to >= from { 1.0 } else { -1.0 };
    // Each value from FROM by whole steps, so no rounding error builds up along the range, and
    // rounded to the decimals FROM and STEP were written with, so that 4.2 + 7 x 0.3 is 6.3 (in
    // the file and in the table), not 6.300000000000001.
    let scale = 10f64.powi(decimals(from_text).max(decimals(step_text)) as i32);
    let values = (0..count)
        .map(|k| {
            let value = from + sign * step * k as f64;
            let rounded = (value * scale).round() / scale;
            // Near the largest numbers the scaled value overflows; those need no rounding.
            if rounded.is_finite() { rounded } else { value }
        })
        .collect();
    Ok(SweepAxis {
        path: path.trim().to_string(),
        values,
    })
}

/// How many decimals a number was written with: `0.25` has 2, `1.5e-7` has 8, `2e3` none.
fn decimals(text: &str) -> usize {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let written = mantissa
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len()) as i64;
    (written - exponent).clamp(0, 400) as usize
}

/// Checks a sweep's axes together: each field swept once, and at most [`MAX_VARIANTS`]
/// variants in all (before any is built).
pub fn check_axes(axes: &[SweepAxis]) -> Result<(), String> {
    for (i, axis) in axes.iter().enumerate() {
        if axes[..i].iter().any(|a| a.path == axis.path) {
            return Err(format!(
                "--set {}: the same field twice; give it one range",
                axis.path
            ));
        }
    }
    let total = axes
        .iter()
        .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
        .filter(|n| *n <= MAX_VARIANTS);
    if total.is_none() {
        let sizes: Vec<String> = axes.iter().map(|a| a.values.len().to_string()).collect();
        return Err(format!(
            "{} variants ({}); at most {MAX_VARIANTS} per sweep",
            sizes.join(" x "),
            if axes.len() > 1 {
                "the axes' values multiplied"
            } else {
                "one axis"
            }
        ));
    }
    Ok(())
}

/// Every combination of the axes' values, the first axis slowest.
pub fn grid(axes: &[SweepAxis]) -> Vec<Vec<f64>> {
    axes.iter().fold(vec![Vec::new()], |rows, axis| {
        rows.iter()
            .flat_map(|row| {
                axis.values.iter().map(move |v| {
                    let mut next = row.clone();
                    next.push(*v);
                    next
                })
            })
            .collect()
    })
}

/// Sets the number at `path` in a scenario file; the field must exist in the file's schema and
/// hold a number.
pub fn set_field(file: &ScenarioFile, path: &str, value: f64) -> Result<ScenarioFile, String> {
    if path.trim().is_empty() {
        return Err(format!(
            "--set ={value}: no field named before '='; e.g. suit.pressure_kpa=27.4"
        ));
    }
    if !value.is_finite() {
        return Err(format!("--set {path}: {value} is not a finite number"));
    }
    let mut tree = serde_json::to_value(file).map_err(|e| e.to_string())?;
    let mut node = &mut tree;
    for segment in crate::scenario::locate::parse_path(path) {
        node = match segment {
            crate::scenario::locate::PathSegment::Field(name) => {
                let fields = node.as_object_mut().ok_or_else(|| {
                    format!("--set {path}: {name:?} is inside something that has no fields")
                })?;
                let known: Vec<String> = fields.keys().cloned().collect();
                fields.get_mut(&name).ok_or_else(|| {
                    format!(
                        "--set {path}: no field {name:?} here; fields: {}",
                        known.join(", ")
                    )
                })?
            }
            crate::scenario::locate::PathSegment::Index(i) => {
                let items = node.as_array_mut().ok_or_else(|| {
                    format!("--set {path}: [{i}] on something that is not a list")
                })?;
                let len = items.len();
                items
                    .get_mut(i)
                    .ok_or_else(|| format!("--set {path}: index {i}, the list has {len}"))?
            }
        };
    }
    *node = match node {
        serde_json::Value::Number(n) if n.is_u64() || n.is_i64() => {
            if value.fract() != 0.0 || value < 0.0 {
                return Err(format!(
                    "--set {path}: takes whole numbers of 0 or more, not {value}"
                ));
            }
            if value >= u32::MAX as f64 {
                return Err(format!(
                    "--set {path}: {value} is too large for a count; at most {}",
                    u32::MAX - 1
                ));
            }
            serde_json::Value::from(value as u64)
        }
        serde_json::Value::Number(_) => serde_json::Value::from(value),
        other => return Err(format!("--set {path}: holds {other}, not a number")),
    };
    serde_json::from_value(tree).map_err(|e| format!("--set {path}: {e}"))
}

/// What became of one variant.
#[derive(Clone, Debug, PartialEq)]
pub enum VariantOutcome {
    /// It ran; how the spacewalk ended.
    Ran(Outcome),
    /// It breaks a rule of the scenario format, and did not run: why, on one line.
    Invalid(String),
    /// The simulation stopped on an internal error (a bug: please report it), on one line.
    Crashed(String),
}

impl VariantOutcome {
    /// The run's outcome, if it ran.
    pub fn ran(&self) -> Option<&Outcome> {
        match self {
            VariantOutcome::Ran(outcome) => Some(outcome),
            VariantOutcome::Invalid(_) | VariantOutcome::Crashed(_) => None,
        }
    }
}

impl std::fmt::Display for VariantOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VariantOutcome::Ran(outcome) => write!(f, "{outcome}"),
            VariantOutcome::Invalid(why) => write!(f, "invalid: {why}"),
            VariantOutcome::Crashed(why) => write!(f, "crashed (a bug; please report it): {why}"),
        }
    }
}

/// One variant's result.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantResult {
    /// The values set, in axis order.
    pub values: Vec<f64>,
    /// How it ended, or why it could not run.
    pub outcome: VariantOutcome,
    /// Wall time of its run, s.
    pub wall_s: f64,
}

/// A scenario file and its text, for variants whose errors point into it.
pub fn load_with_text(source: &Path) -> Result<(Scenario, String), String> {
    // Loading first refuses what is not a plain file before anything reads it.
    let base = Scenario::load(source).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(source)
        .map_err(|e| format!("{}: cannot read: {e}", source.display()))?;
    Ok((base, crate::scenario::without_bom(&text).to_string()))
}

/// `base` with each `(path, value)` set: `Err` for a bad path or value, `Ok(Err)` for a
/// variant that breaks a rule of the format.
pub fn variant_of(
    base: &Scenario,
    text: &str,
    source: &Path,
    pairs: &[(&str, f64)],
) -> Result<Result<Scenario, crate::scenario::ScenarioError>, String> {
    for (i, (path, _)) in pairs.iter().enumerate() {
        if pairs[..i].iter().any(|(p, _)| p == path) {
            return Err(format!(
                "--set {path}: the same field twice; give it one value"
            ));
        }
    }
    let mut file = base.file.clone();
    for (path, value) in pairs {
        file = set_field(&file, path, *value)?;
    }
    Ok(Scenario::from_file(file, text, PathBuf::from(source)))
}

/// Builds every variant first (so a bad path or value fails before any run), then runs them on
/// a work-stealing pool of `jobs` threads, advancing `progress` as each finishes.
pub fn run(
    source: &Path,
    axes: &[SweepAxis],
    jobs: usize,
    progress: &ProgressBar,
) -> Result<Vec<VariantResult>, String> {
    check_axes(axes)?;
    let (base, text) = load_with_text(source)?;
    let mut variants = Vec::new();
    for values in grid(axes) {
        let pairs: Vec<(&str, f64)> = axes
            .iter()
            .map(|a| a.path.as_str())
            .zip(values.iter().copied())
            .collect();
        let scenario = variant_of(&base, &text, source, &pairs)?;
        variants.push((values, scenario));
    }
    progress.set_length(variants.len() as u64);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.clamp(1, variants.len().max(1)))
        .build()
        .map_err(|e| format!("cannot start the sweep's {jobs} worker threads: {e}"))?;
    // An indexed parallel map keeps the variants' order whichever thread finished first.
    let results = pool.install(|| {
        variants
            .par_iter()
            .map(|(values, scenario)| {
                let started = Instant::now();
                let outcome = match scenario {
                    Ok(scenario) => run_one(scenario),
                    Err(error) => VariantOutcome::Invalid(one_line(&error.to_string())),
                };
                progress.inc(1);
                VariantResult {
                    values: values.clone(),
                    outcome,
                    wall_s: started.elapsed().as_secs_f64(),
                }
            })
            .collect()
    });
    progress.finish_and_clear();
    Ok(results)
}

/// Runs one variant; a panic in the simulation (a case no check foresaw) fails that variant
/// alone, with its message, and the sweep goes on.
fn run_one(scenario: &Scenario) -> VariantOutcome {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        headless::run_to_outcome(scenario.clone()).outcome
    }));
    match run {
        Ok(outcome) => VariantOutcome::Ran(outcome),
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "no message".into());
            VariantOutcome::Crashed(one_line(&why))
        }
    }
}

/// A multi-line error on one line, its problems separated by semicolons.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The table as CSV: a column per axis, then whether he got back in, when he was wholly inside
/// and when the hatch shut (ISO 8601 UTC, empty when not), the outcome in words, and the run's
/// wall time.
pub fn csv(axes: &[SweepAxis], results: &[VariantResult]) -> String {
    let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let mut out: Vec<String> = axes.iter().map(|a| quote(&a.path)).collect();
    out.extend(
        [
            "returned",
            "wholly_inside_utc",
            "hatch_closed_utc",
            "outcome",
            "wall_s",
        ]
        .map(String::from),
    );
    let mut lines = vec![out.join(",")];
    for r in results {
        let (returned, inside, shut) = match &r.outcome {
            VariantOutcome::Ran(Outcome::Returned {
                wholly_inside,
                hatch_closed,
            }) => (
                "true",
                wholly_inside.map(format_iso_millis).unwrap_or_default(),
                hatch_closed.map(format_iso_millis).unwrap_or_default(),
            ),
            _ => ("false", String::new(), String::new()),
        };
        let mut row: Vec<String> = r.values.iter().map(|v| v.to_string()).collect();
        row.extend([
            returned.to_string(),
            inside,
            shut,
            quote(&r.outcome.to_string()),
            format!("{:.2}", r.wall_s),
        ]);
        lines.push(row.join(","));
    }
    lines.join("\n") + "\n"
}

/// The table: a column per axis, then the outcome and the run's wall time.
pub fn table(axes: &[SweepAxis], results: &[VariantResult]) -> String {
    let mut out = String::new();
    for axis in axes {
        out.push_str(&format!("{:>w$}  ", axis.path, w = axis.path.len().max(8)));
    }
    out.push_str(&format!("{:>7}  outcome\n", "wall s"));
    for result in results {
        for (axis, value) in axes.iter().zip(&result.values) {
            out.push_str(&format!("{value:>w$}  ", w = axis.path.len().max(8)));
        }
        out.push_str(&format!("{:>7.1}  {}\n", result.wall_s, result.outcome));
    }
    out
}
