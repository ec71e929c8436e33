//! The command line: the viewer by default, and `check`, `run`, `shot` for scripts and tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::headless;
use crate::output::{not_an_input, print, writable_output, write_whole};
use crate::scenario::time::{format_hms, parse_time_of_day};
use crate::scenario::{DEFAULT_SCENARIO_PATH, Scenario};
use crate::view::{self, ShotRequest, ViewerOptions};

/// Exit status for bad input (a broken scenario, a time outside the window).
pub const EXIT_BAD_INPUT: u8 = 2;

/// Alexei Leonov's first spacewalk (Voskhod-2, 18 March 1965), rebuilt with real physics.
#[derive(Parser, Debug)]
#[command(name = "spacewalk", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Scenario to open in the viewer.
    #[arg(value_name = "SCENARIO")]
    scenario: Option<PathBuf>,
    /// Start the viewer with its panels hidden (H shows them).
    #[arg(long)]
    no_panels: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate scenario files; exit 0 when all are valid, 2 otherwise.
    Check {
        /// Files to check.
        #[arg(required = true, value_name = "SCENARIO")]
        scenarios: Vec<PathBuf>,
    },
    /// Simulate headless (no window, no GPU): print the event log and a summary, write telemetry.
    Run {
        /// Scenario to run.
        scenario: PathBuf,
        /// Stop at this UTC time of day on the scenario's date (default: the end of its window).
        #[arg(long, value_name = "HH:MM:SS")]
        until: Option<String>,
        /// Write telemetry as CSV to this file.
        #[arg(long, value_name = "FILE.csv")]
        telemetry: Option<PathBuf>,
    },
    /// Measure the physics: cost per step in the app and in a bare Rapier world with the same
    /// bodies, its growth with tether segments, and the EVA window's speed headless.
    Bench {
        /// Scenario to measure (default: the historical flight).
        scenario: Option<PathBuf>,
        /// UTC time of day to measure from (default: 08:37:30, out on the tether).
        #[arg(long, value_name = "HH:MM:SS", default_value = "08:37:30")]
        at: String,
        /// Fixed steps to time at each setting (1 to 100000).
        #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        steps: u32,
    },
    /// Run variants of a scenario headless, in parallel over the cores, with numeric fields
    /// stepped over ranges; prints one line per variant with its values and outcome.
    Sweep {
        /// Scenario to vary.
        scenario: PathBuf,
        /// A field and its range, e.g. `suit.pressure_kpa=20..45:1`; several make a grid.
        #[arg(long = "set", value_name = "PATH=FROM..TO:STEP", required = true)]
        set: Vec<String>,
        /// Variants run at once, at least 1 (default: one per core).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Also write the table as CSV to this file.
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
    },
    /// Explain the struggle at the hatch: for every try at its mouth, the suit's pressure and
    /// section against the hatch, his push, the rim's push back and the parts it held.
    Explain {
        /// Scenario to run.
        scenario: PathBuf,
        /// A field and its value for this run, e.g. `suit.pressure_kpa=27.4`; may be repeated.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
    },
    /// Render one frame to a PNG (needs a GPU or a software Vulkan driver such as lavapipe).
    Shot {
        /// Scenario to render.
        scenario: PathBuf,
        /// UTC time of day to simulate to before rendering.
        #[arg(long, value_name = "HH:MM:SS")]
        at: String,
        /// Named camera from the scenario's `cameras` (default: the first one), or a follow
        /// camera (follow-cosmonaut, follow-capsule, follow-airlock, follow-earth), the 1965
        /// external movie camera on the airlock (film-camera), or his view through the visor
        /// (helmet).
        #[arg(long, value_name = "NAME")]
        camera: Option<String>,
        /// Output PNG.
        #[arg(short = 'o', long = "output", value_name = "FILE.png")]
        output: PathBuf,
        /// Draw the viewer's panels (flight, events, plots, timeline) over the scene.
        #[arg(long)]
        ui: bool,
    },
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => {
            let path = cli
                .scenario
                .unwrap_or_else(|| PathBuf::from(DEFAULT_SCENARIO_PATH));
            viewer(path, !cli.no_panels)
        }
        Some(Command::Check { scenarios }) => check(&scenarios),
        Some(Command::Run {
            scenario,
            until,
            telemetry,
        }) => run(&scenario, until.as_deref(), telemetry),
        Some(Command::Bench {
            scenario,
            at,
            steps,
        }) => {
            let path =
                scenario.unwrap_or_else(|| PathBuf::from(crate::scenario::DEFAULT_SCENARIO_PATH));
            let Some(scenario) = load_or_report(&path) else {
                return ExitCode::from(EXIT_BAD_INPUT);
            };
            let Some(at_t_s) = window_time(&scenario, &at, "--at") else {
                return ExitCode::from(EXIT_BAD_INPUT);
            };
            match print(&format!(
                "{}\n",
                crate::bench::report(&scenario, at_t_s, steps.max(1))
            )) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            }
        }
        Some(Command::Sweep {
            scenario,
            set,
            jobs,
            csv,
        }) => sweep(&scenario, &set, jobs.map(usize::from), csv.as_deref()),
        Some(Command::Explain { scenario, set }) => explain(&scenario, &set),
        Some(Command::Shot {
            scenario,
            at,
            camera,
            output,
            ui,
        }) => shot(&scenario, &at, camera, output, ui),
    }
}

/// Opens the viewer on `path`. A file that cannot be loaded opens it all the same, on the
/// historical flight built into the program, with the error shown and the file watched, so the
/// viewer takes it as soon as it is fixed.
fn viewer(path: PathBuf, panels: bool) -> ExitCode {
    let (scenario, pending) = match Scenario::load(&path) {
        Ok(scenario) => (scenario, None),
        Err(error) => {
            eprintln!("error: {error}");
            match Scenario::built_in() {
                Ok(built_in) => (built_in, Some((path, error.to_string()))),
                Err(also) => {
                    eprintln!("error: the built-in flight: {also}");
                    return ExitCode::from(EXIT_BAD_INPUT);
                }
            }
        }
    };
    view::run(ViewerOptions {
        scenario,
        shot: None,
        pending,
        panels,
    })
}

/// `shot`: one frame of `source` at `at` from `camera`, written to `output`.
fn shot(source: &Path, at: &str, camera: Option<String>, output: PathBuf, ui: bool) -> ExitCode {
    if let Err(message) = png_output(&output, source) {
        eprintln!("error: -o {}: {message}", output.display());
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let Some(scenario) = load_or_report(&source.to_path_buf()) else {
        return ExitCode::from(EXIT_BAD_INPUT);
    };
    let Some(at_t_s) = window_time(&scenario, at, "--at") else {
        return ExitCode::from(EXIT_BAD_INPUT);
    };
    let camera = camera.unwrap_or_else(|| scenario.file.cameras[0].name.clone());
    let built_in = view::follow::mode_for_name(&camera);
    if scenario.camera(&camera).is_none() && built_in.is_none() {
        let names: Vec<String> = scenario
            .file
            .cameras
            .iter()
            .map(|c| c.name.clone())
            .chain(
                view::follow::FollowTarget::ALL
                    .iter()
                    .map(|t| format!("follow-{}", t.name()))
                    .chain(view::follow::Mount::ALL.map(|m| m.name().to_string())),
            )
            .collect();
        eprintln!(
            "error: --camera {camera}: no such camera; this scenario has: {}",
            names.join(", ")
        );
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    // Rendered into a file of its own beside the output and renamed into place once whole, so
    // a failed render leaves whatever was at `output` as it was.
    let partial = partial_png(&output);
    let started = std::time::SystemTime::now();
    let code = view::run(ViewerOptions {
        scenario,
        shot: Some(ShotRequest {
            at_t_s,
            camera,
            output: partial.clone(),
            ui,
        }),
        pending: None,
        panels: ui,
    });
    // The renderer reports a failed write only in its log: the file itself must say.
    let written = std::fs::metadata(&partial)
        .and_then(|m| m.modified())
        .is_ok_and(|at| at >= started);
    let replacing = output.exists();
    let placed = if code == ExitCode::SUCCESS && written {
        std::fs::rename(&partial, &output).map_err(|e| e.to_string())
    } else {
        Err("the renderer did not write it".to_string())
    };
    let _ = std::fs::remove_file(&partial);
    match placed {
        Ok(()) => {
            let said = print(&format!(
                "frame written to {}{}\n",
                output.display(),
                if replacing {
                    " (replacing the file that was there)"
                } else {
                    ""
                }
            ));
            said.err().unwrap_or(ExitCode::SUCCESS)
        }
        Err(why) => {
            eprintln!(
                "error: {}: the frame was not written (from {}): {why}",
                output.display(),
                source.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Where a shot is rendered before it is renamed to `output`: a hidden `.png` beside it.
fn partial_png(output: &Path) -> PathBuf {
    let name = output
        .file_stem()
        .map_or_else(|| "frame".into(), |s| s.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.{}.partial.png", std::process::id()))
}

/// Whether a shot may be written to `output`: a `.png` path that is not the scenario and not
/// a folder, in a folder that can be written (missing folders on the way are created, and a
/// file is made and removed there to be sure, before anything renders).
fn png_output(output: &Path, scenario: &Path) -> Result<(), String> {
    let png = output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if !png {
        return Err("must end in .png".into());
    }
    not_an_input(output, &[&scenario.to_path_buf()])?;
    let folder = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("cannot make the folder {}: {e}", folder.display()))?;
    let probe = partial_png(output);
    std::fs::write(&probe, b"")
        .map_err(|e| format!("cannot write in the folder {}: {e}", folder.display()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

fn load_or_report(path: &PathBuf) -> Option<Scenario> {
    match Scenario::load(path) {
        Ok(scenario) => Some(scenario),
        Err(error) => {
            eprintln!("error: {error}");
            None
        }
    }
}

/// Explains the struggle at the hatch for one scenario, with `--set` values applied; a bad
/// path, value or variant exits 2 before the run.
fn explain(source: &Path, sets: &[String]) -> ExitCode {
    let variant = crate::sweep::load_with_text(source).and_then(|(base, text)| {
        let pairs = sets
            .iter()
            .map(|s| {
                let (path, value) = s
                    .split_once('=')
                    .ok_or_else(|| format!("--set {s}: expected PATH=VALUE"))?;
                let value: f64 = value
                    .trim()
                    .parse()
                    .map_err(|_| format!("--set {s}: {value:?} is not a number"))?;
                Ok((path.trim(), value))
            })
            .collect::<Result<Vec<_>, String>>()?;
        crate::sweep::variant_of(&base, &text, source, &pairs)?.map_err(|e| e.to_string())
    });
    let scenario = match variant {
        Ok(scenario) => scenario,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let explanation = crate::explain::explain(scenario.clone());
    match print(&crate::explain::report(&scenario, &explanation)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// Runs a sweep and prints its table; bad specs, paths and values exit 2 before any run.
fn sweep(scenario: &Path, specs: &[String], jobs: Option<usize>, csv: Option<&Path>) -> ExitCode {
    if let Some(csv) = csv
        && let Err(message) = writable_output(csv, &[&scenario.to_path_buf()])
    {
        eprintln!("error: --csv {}: {message}", csv.display());
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let axes: Result<Vec<_>, _> = specs.iter().map(|s| crate::sweep::parse_axis(s)).collect();
    let axes = match axes {
        Ok(axes) => axes,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    match crate::sweep::run(scenario, &axes, jobs, &progress_bar("variants")) {
        Ok(results) => {
            if let Err(code) = print(&crate::sweep::table(&axes, &results)) {
                return code;
            }
            if let Some(path) = csv {
                let text = crate::sweep::csv(&axes, &results);
                if let Err(error) = write_whole(path, |out| out.write_all(text.as_bytes())) {
                    eprintln!("error: {}: cannot write the table: {error}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            let invalid = |r: &crate::sweep::VariantResult| {
                matches!(r.outcome, crate::sweep::VariantOutcome::Invalid(_))
            };
            if results.iter().all(invalid) {
                eprintln!(
                    "error: every variant breaks a rule of the scenario format; none ran (the table says why)"
                );
                return ExitCode::from(EXIT_BAD_INPUT);
            }
            if results
                .iter()
                .any(|r| matches!(r.outcome, crate::sweep::VariantOutcome::Crashed(_)))
            {
                eprintln!("error: a variant crashed (the table says which); the others ran");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// A progress bar on stderr with the rate and the time left, counting `unit`; drawn only when
/// stderr is a terminal, so piped or logged output stays clean.
fn progress_bar(unit: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    let template = format!(
        "{{elapsed_precise}} [{{bar:30}}] {{pos}}/{{len}} {unit}, {{per_sec}}, {{eta}} left"
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("#>."));
    }
    bar
}

/// Seconds into the window of a `HH:MM:SS` time of day, or a printed error.
fn window_time(scenario: &Scenario, text: &str, flag: &str) -> Option<f64> {
    let at = match parse_time_of_day(text, scenario.start) {
        Ok(at) => at,
        Err(reason) => {
            eprintln!("error: {flag}: {reason}");
            return None;
        }
    };
    let mut t_s = (at - scenario.start).to_seconds();
    // A window across midnight: a time of day before the start's is on the next day.
    if t_s < 0.0 {
        t_s += 86_400.0;
    }
    if t_s < 0.0 || t_s > scenario.duration_s() {
        eprintln!(
            "error: {flag} {text} is outside the scenario window {} to {} UTC",
            format_hms(scenario.start),
            format_hms(scenario.end)
        );
        return None;
    }
    Some(t_s)
}

fn check(paths: &[PathBuf]) -> ExitCode {
    let mut all_valid = true;
    for path in paths {
        match Scenario::load(path) {
            Ok(scenario) => {
                let said = print(&format!(
                    "{}: ok ({})\n",
                    path.display(),
                    scenario.file.name
                ));
                if let Err(code) = said {
                    return code;
                }
            }
            Err(error) => {
                all_valid = false;
                eprintln!("{error}");
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_BAD_INPUT)
    }
}

fn run(path: &PathBuf, until: Option<&str>, telemetry_path: Option<PathBuf>) -> ExitCode {
    let Some(scenario) = load_or_report(path) else {
        return ExitCode::from(EXIT_BAD_INPUT);
    };
    if let Some(output) = &telemetry_path
        && let Err(message) = writable_output(output, &[path])
    {
        eprintln!("error: --telemetry {}: {message}", output.display());
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let until_t_s = match until {
        Some(text) => match window_time(&scenario, text, "--until") {
            Some(t) => Some(t),
            None => return ExitCode::from(EXIT_BAD_INPUT),
        },
        None => None,
    };
    let tether_length_m = scenario.file.tether.length_m;
    let mut text = format!(
        "{}\nwindow {} to {} UTC, {} Hz\n",
        scenario.file.name,
        format_hms(scenario.start),
        format_hms(scenario.end),
        scenario.file.physics.step_hz
    );
    // Telemetry goes to disk as it is recorded (memory stays flat however long the window),
    // into a temporary file renamed into place once whole.
    let bar = progress_bar("simulated s");
    let (report, written) = match &telemetry_path {
        // Without a file the rows go nowhere, and none are kept: memory stays flat here too.
        None => headless::run_streaming(scenario, until_t_s, &mut std::io::sink(), &bar),
        Some(path) => {
            let mut report = None;
            let written = write_whole(path, |out| {
                let (run, written) = headless::run_streaming(scenario, until_t_s, out, &bar);
                report = run;
                written
            });
            (report, written)
        }
    };
    // What ran is shown even when its telemetry could not be written: the log says how far.
    if let Some(report) = &report {
        for entry in &report.log.entries {
            text.push_str(&format!("{entry}\n"));
        }
        text.push_str(&summary(report, tether_length_m));
        text.push('\n');
        if let Err(code) = print(&text) {
            return code;
        }
    }
    match (telemetry_path, written, report) {
        (Some(path), Err(error), _) => {
            eprintln!("error: {}: cannot write telemetry: {error}", path.display());
            ExitCode::FAILURE
        }
        (Some(path), Ok(()), Some(report)) => {
            let said = print(&format!(
                "telemetry: {} rows written to {}\n",
                report.stats.rows,
                path.display()
            ));
            said.err().unwrap_or(ExitCode::SUCCESS)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The closing lines of a run: extremes, time outside, how it ended, and the cost.
pub fn summary(report: &headless::RunReport, tether_length_m: f64) -> String {
    let stats = &report.stats;
    let max_distance = stats.max_tether_distance_m;
    let outside_s = stats.outside_s();
    let ending = &report.outcome;
    let coasting = if report.coasted_steps > 0 {
        format!(
            " ({} coasted: nothing could move, no physics)",
            report.coasted_steps
        )
    } else {
        String::new()
    };
    let oxygen = match stats.oxygen_kg {
        Some((first_kg, last_kg)) => {
            format!("oxygen: {last_kg:.3} kg left of {first_kg:.3} kg (bottles and suit)")
        }
        None => "oxygen: no telemetry".to_string(),
    };
    let free_flight = if report.free_flight_steps > 0 {
        format!(
            ", {} in free flight (light solver effort)",
            report.free_flight_steps
        )
    } else {
        String::new()
    };
    format!(
        "summary:\n  simulated {:.1} s in {} steps{coasting}{free_flight}, wall {:.2} s ({:.0}x real time)\n  \
         tether: max distance {max_distance:.3} m of {tether_length_m} m ({:+.2}% stretch), max tension {:.1} N\n  \
         cosmonaut: max speed {:.3} m/s, {outside_s:.1} s outside the airlock tube\n  {oxygen}\n  {ending}",
        report.simulated_s,
        report.steps,
        report.wall.as_secs_f64(),
        report.real_time_factor(),
        (max_distance / tether_length_m - 1.0) * 100.0,
        stats.max_tether_tension_n,
        stats.max_speed_mps,
    )
}
