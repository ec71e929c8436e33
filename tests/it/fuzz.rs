//! Scenario text nobody here wrote: the shipped scenarios and the bad-file cases, mutated at
//! random (a fixed seed, so a failure is reproducible), must each get a clear answer from the
//! loader, never a panic; every mutant it accepts must run without a NaN or a body flung off.

use std::panic::{AssertUnwindSafe, catch_unwind};

use bevy::app::FixedMain;
use bevy::prelude::*;
use spacewalk::scenario::Scenario;
use spacewalk::sim::core::bodies::SimBody;

use super::project_path;

/// Mutants tried; the loader answers each in about a millisecond.
const MUTANTS: usize = 600;
/// Accepted mutants that are also run, and for how many steps.
const RUNS: usize = 12;
const RUN_STEPS: usize = 120;

/// A small deterministic generator (xorshift64*): no dependency, the same mutants every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Things a hand-edited or damaged file might hold where a value or a bracket was.
const TOKENS: &[&str] = &[
    ",",
    ")",
    "(",
    "]",
    "[",
    "\"",
    ":",
    "\n",
    "//",
    "/*",
    "r#\"",
    "\u{feff}",
    "é",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "-inf",
    "-0.0",
    "0",
    "1e-320",
    "99999999999999999999",
    "\"1965-03-18T08:28:00.1234567891Z\"",
    "\"1965-03-18T08:28:00TT\"",
    "Some(",
    "None",
];

/// Replaces one number in `text` (a run of digits, with its sign and point) by `token`.
fn replace_number(text: &str, rng: &mut Rng, token: &str) -> String {
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|(i, c)| {
            c.is_ascii_digit()
                && text[..*i]
                    .chars()
                    .last()
                    .is_none_or(|p| !p.is_ascii_alphanumeric() && p != '.' && p != '_')
        })
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() {
        return text.to_string();
    }
    let start = starts[rng.below(starts.len())];
    let end = text[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-'))
        .map_or(text.len(), |n| start + n);
    format!("{}{token}{}", &text[..start], &text[end..])
}

/// One random edit of `text`, at a character boundary.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let cut = |at: usize| {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let at = cut(rng.below(text.len() + 1));
    let token = TOKENS[rng.below(TOKENS.len())];
    match rng.below(5) {
        0 => text[..at].to_string(),
        1 => {
            let end = cut(at + 1 + rng.below(20));
            format!("{}{}", &text[..at], &text[end..])
        }
        2 => format!("{}{token}{}", &text[..at], &text[at..]),
        3 => {
            let value = [
                "0", "1", "2.5", "0.001", "1000", "-1", "1e9", "3600", "0.65",
            ];
            let value = value[rng.below(value.len())];
            replace_number(text, rng, value)
        }
        _ => replace_number(text, rng, token),
    }
}

/// The seeds: every shipped scenario and every bad-file case.
fn seeds() -> Vec<String> {
    let mut paths = Vec::new();
    for dir in ["scenarios", "tests/data/bad"] {
        for entry in std::fs::read_dir(project_path(dir)).unwrap() {
            paths.push(entry.unwrap().path());
        }
    }
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Runs `scenario` a few steps; every body's pose stays finite and within reach of the craft.
fn runs_clean(scenario: Scenario) -> Result<(), String> {
    let mut app = spacewalk::headless::sim_app(scenario);
    for _ in 0..RUN_STEPS {
        app.world_mut().run_schedule(FixedMain);
    }
    let world = app.world_mut();
    let mut bodies = world.query::<(&SimBody, &Transform)>();
    for (body, transform) in bodies.iter(world) {
        let t = transform.translation;
        if !t.is_finite() || !transform.rotation.is_finite() || t.length() > 1.0e4 {
            return Err(format!("{body:?} at {t}"));
        }
    }
    Ok(())
}

#[test]
fn mutated_scenario_text_gets_an_answer_and_what_is_accepted_runs_clean() {
    let seeds = seeds();
    let mut rng = Rng(0x5eed_1965_0318_0834);
    let (mut accepted, mut refused, mut ran) = (0, 0, 0);
    let mut failures = Vec::new();
    for i in 0..MUTANTS {
        let seed = &seeds[i % seeds.len()];
        let mut text = mutate(seed, &mut rng);
        if rng.below(3) == 0 {
            text = mutate(&text, &mut rng);
        }
        let loaded = catch_unwind(AssertUnwindSafe(|| Scenario::from_ron(&text, "fuzz.ron")));
        match loaded {
            Err(_) => failures.push(format!("mutant {i} panicked the loader:\n{text}")),
            Ok(Err(e)) => {
                refused += 1;
                let message = e.to_string();
                assert!(message.contains("fuzz.ron"), "mutant {i}: {message}");
            }
            Ok(Ok(scenario)) => {
                accepted += 1;
                if text != *seed && ran < RUNS {
                    ran += 1;
                    match catch_unwind(AssertUnwindSafe(|| runs_clean(scenario))) {
                        Ok(Ok(())) => {}
                        Ok(Err(e)) => failures.push(format!("mutant {i} ran wild: {e}\n{text}")),
                        Err(_) => failures.push(format!("mutant {i} panicked a run:\n{text}")),
                    }
                }
            }
        }
    }
    eprintln!("{MUTANTS} mutants: {accepted} accepted ({ran} run), {refused} refused");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The generator reaches both sides: most edits break the file, some keep it valid.
    assert!(
        refused > MUTANTS / 2 && ran == RUNS,
        "{accepted} accepted, {ran} run"
    );
}
