//! Inputs nobody here wrote: timestamps in other shapes and time scales, a byte-order mark, a
//! FIFO where a file should be, sweeps too large or naming a field twice, a bench asked for
//! more steps than it may take. Each gets a clear answer, never a panic or a hang.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use spacewalk::scenario::Scenario;
use spacewalk::sweep::{check_axes, parse_axis};

use super::project_path;

/// The historical file with its `start_utc` written as `stamp`, loaded.
fn with_start(stamp: &str) -> Result<Scenario, String> {
    with_edit(
        "start_utc: \"1965-03-18T08:28:00Z\"",
        &format!("start_utc: \"{stamp}\""),
    )
}

#[test]
fn timestamps_are_strictly_utc_and_every_other_shape_is_refused_by_name() {
    let refused = [
        ("1965-03-18T08:28:00.1234567891Z", "nine decimals"),
        ("1965-03-18T08:28:00 TT", "must end in Z"),
        ("1965-03-18T08:28:00TT", "must end in Z"),
        ("1965-03-18T08:28:00", "must end in Z"),
        ("1965-03-18T11:28:00+03:00", "must end in Z"),
        ("1965-02-30T08:28:00Z", "is not a date"),
        ("1965-03-18T24:00:00Z", "not a time of day"),
        ("1965-03-18T08:28:60Z", "not a time of day"),
        ("65-03-18T08:28:00Z", "YYYY-MM-DD"),
        ("1965-03-18 08:28:00Z", "date, T"),
        ("9999-03-18T08:28:00Z", "outside 1900 to 2200"),
        ("", "must end in Z"),
    ];
    for (stamp, reason) in refused {
        let error = with_start(stamp).expect_err(stamp);
        assert!(
            error.contains("start_utc") && error.contains(reason),
            "{stamp}: {error}"
        );
    }
    // Up to nine decimals of a second are kept, not rounded away.
    let exact = with_start("1965-03-18T08:28:00.123456789Z").unwrap();
    let plain = with_start("1965-03-18T08:28:00Z").unwrap();
    let apart_ns = (exact.start - plain.start).total_nanoseconds();
    assert_eq!(apart_ns, 123_456_789);
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_text() {
    let path = project_path("scenarios/voskhod2.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let marked = format!("\u{feff}{text}");
    let with = Scenario::from_ron(&marked, &path).expect("a file with a BOM loads");
    let without = Scenario::from_ron(&text, &path).unwrap();
    assert_eq!(with.file, without.file);
    // Errors still point where an editor shows them.
    let broken = marked.replacen("pressure_kpa: 40.6", "pressure_kpa: 4000.6", 1);
    let error = Scenario::from_ron(&broken, &path).unwrap_err().to_string();
    let line = text
        .lines()
        .position(|l| l.contains("pressure_kpa: 40.6"))
        .unwrap()
        + 1;
    assert!(error.contains(&format!(":{line}:")), "{error}");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_folder_where_the_scenario_should_be_is_refused_without_reading_it() {
    let dir = std::env::temp_dir().join(format!("spacewalk-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("scenario.ron");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Reading a FIFO nobody writes blocks for ever: the answer must come at once.
    let (tx, rx) = std::sync::mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(Scenario::load(&path).map_err(|e| e.to_string()));
    });
    let answer = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("loading a FIFO hangs");
    let error = answer.unwrap_err();
    assert!(error.contains("not a plain file"), "{error}");
    let error = Scenario::load(&dir).unwrap_err().to_string();
    assert!(error.contains("not a plain file"), "{error}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_sweep_may_not_name_a_field_twice_or_multiply_past_its_limit() {
    let twice = [
        parse_axis("suit.pressure_kpa=20..21:1").unwrap(),
        parse_axis("suit.pressure_kpa=30..31:1").unwrap(),
    ];
    let error = check_axes(&twice).unwrap_err();
    assert!(
        error.contains("suit.pressure_kpa") && error.contains("twice"),
        "{error}"
    );
    // Each axis is within the limit; together they are millions, refused before any is built.
    let grid = [
        parse_axis("suit.pressure_kpa=20..39:0.01").unwrap(),
        parse_axis("cosmonaut.max_arm_force_n=10..2000:1").unwrap(),
    ];
    let error = check_axes(&grid).unwrap_err();
    assert!(
        error.contains("1901 x 1991") && error.contains("at most 2000"),
        "{error}"
    );
    let fine = [
        parse_axis("suit.pressure_kpa=20..21:1").unwrap(),
        parse_axis("cosmonaut.max_arm_force_n=10..20:5").unwrap(),
    ];
    assert!(check_axes(&fine).is_ok());
    // A step so small, or a span so wide, that the count passes any integer: refused, no panic.
    for spec in [
        "suit.pressure_kpa=20..45:1e-300",
        "suit.pressure_kpa=20..45:1e-320",
        "suit.pressure_kpa=-1e308..1e308:1e300",
        "suit.pressure_kpa=0..1e308:1e-308",
        "suit.pressure_kpa=20..45:0.0000000001",
    ] {
        let error = parse_axis(spec).unwrap_err();
        assert!(error.contains("at most 2000"), "{spec}: {error}");
    }
    // At the largest numbers the values stay finite.
    let axis = parse_axis("suit.pressure_kpa=1e308..1.7e308:1e307").unwrap();
    assert_eq!(axis.values.len(), 8);
    assert!(axis.values.iter().all(|v| v.is_finite()), "{axis:?}");
}

#[test]
fn the_command_line_refuses_a_huge_bench_and_a_doubled_sweep_field_with_status_2() {
    let bench = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .args(["bench", "--steps", "4000000000"])
        .output()
        .unwrap();
    assert_eq!(bench.status.code(), Some(2), "{bench:?}");
    let stderr = String::from_utf8_lossy(&bench.stderr);
    assert!(
        stderr.contains("--steps") && stderr.contains("100000"),
        "{stderr}"
    );
    let sweep = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .arg("sweep")
        .arg(project_path("scenarios/voskhod2_no_bleed.ron"))
        .args(["--set", "suit.pressure_kpa=20..21:1"])
        .args(["--set", "suit.pressure_kpa=30..31:1"])
        .output()
        .unwrap();
    assert_eq!(sweep.status.code(), Some(2), "{sweep:?}");
    assert!(String::from_utf8_lossy(&sweep.stderr).contains("twice"));
    assert!(sweep.stdout.is_empty(), "nothing ran");
    let explain = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .arg("explain")
        .arg(project_path("scenarios/voskhod2_no_bleed.ron"))
        .args([
            "--set",
            "suit.pressure_kpa=30",
            "--set",
            "suit.pressure_kpa=35",
        ])
        .output()
        .unwrap();
    assert_eq!(explain.status.code(), Some(2), "{explain:?}");
    assert!(String::from_utf8_lossy(&explain.stderr).contains("twice"));
}

/// The historical file edited by `edit`, which must then be refused: the error's text.
fn refused(edit: impl FnOnce(&mut spacewalk::scenario::ScenarioFile)) -> String {
    let path = project_path("scenarios/voskhod2.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut file: spacewalk::scenario::ScenarioFile = ron::from_str(&text).unwrap();
    edit(&mut file);
    Scenario::from_file(file, &text, path)
        .expect_err("the edited file is refused")
        .to_string()
}

/// The historical file with an edit, which must still load.
fn accepted(edit: impl FnOnce(&mut spacewalk::scenario::ScenarioFile)) {
    let path = project_path("scenarios/voskhod2.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut file: spacewalk::scenario::ScenarioFile = ron::from_str(&text).unwrap();
    edit(&mut file);
    if let Err(error) = Scenario::from_file(file, &text, path) {
        panic!("the edited file is refused: {error}");
    }
}

#[test]
fn timelines_that_would_lose_or_repeat_an_entry_are_refused() {
    use spacewalk::scenario::{EventKind, EventSpec};
    // Two actions at once: the second would replace the first before it began.
    let error = refused(|f| f.actions[1].utc = f.actions[0].utc.clone());
    assert!(
        error.contains("actions[1].utc") && error.contains("same instant as actions[0]"),
        "{error}"
    );
    // At the window's very end an event never happens.
    let error = refused(|f| {
        let last = f.events.len() - 1;
        f.events[last].utc = f.end_utc.clone();
    });
    assert!(error.contains("to before"), "{error}");
    // A second deployment would restart the booms.
    let error = refused(|f| {
        f.cosmonaut.starts_in_cabin = true;
        for at in ["1965-03-18T08:20:00Z", "1965-03-18T08:10:00Z"] {
            f.events.insert(
                0,
                EventSpec {
                    utc: at.into(),
                    kind: EventKind::AirlockDeploy,
                    note: String::new(),
                },
            );
        }
        f.start_utc = "1965-03-18T08:00:00Z".into();
    });
    assert!(
        error.contains("events[1].kind") && error.contains("AirlockDeploy again"),
        "{error}"
    );
}

#[test]
fn the_recorded_move_into_the_cabin_happens_only_from_inside_the_airlock() {
    use spacewalk::scenario::{EventKind, EventSpec};
    use spacewalk::sim::core::events::SimEvent;
    let into_cabin_at = |utc: &str| {
        let scenario = super::variant(|f| {
            let at = f.events.iter().position(|e| e.utc.as_str() > utc).unwrap();
            f.events.insert(
                at,
                EventSpec {
                    utc: utc.into(),
                    kind: EventKind::CosmonautToCabin,
                    note: String::new(),
                },
            );
        });
        // A quarter of an hour from 08:28 takes in either move and what follows it.
        let until_s = scenario.duration_s().min(900.0);
        spacewalk::headless::run(scenario, Some(until_s)).log
    };
    // Out on the tether at 08:40 he is five metres from the hatch: nothing moves him inside.
    let out = into_cabin_at("1965-03-18T08:40:00Z");
    assert!(
        out.entries
            .iter()
            .any(|e| matches!(e.event, SimEvent::CabinRefused)),
        "no refusal logged"
    );
    assert!(
        !out.entries
            .iter()
            .any(|e| matches!(e.event, SimEvent::Cabin { in_cabin: true })),
        "he was moved into the cabin from outside"
    );
    // Still in the airlock at 08:30, before the hatch opens, he floats in.
    let inside = into_cabin_at("1965-03-18T08:30:00Z");
    assert!(
        inside
            .entries
            .iter()
            .any(|e| matches!(e.event, SimEvent::Cabin { in_cabin: true })),
        "he did not float into the cabin from inside"
    );
}

#[test]
fn screenshots_never_take_a_name_already_used() {
    use spacewalk::view::control::screenshot_path;
    use std::path::{Path, PathBuf};
    let folder = Path::new("shots");
    let on_disk = [folder.join("spacewalk-084651.250.png")];
    let exists = |p: &Path| on_disk.iter().any(|d| d == p);
    let mut taken: Vec<PathBuf> = Vec::new();
    // The same simulated instant (paused) three times: three files, none over the one on disk.
    for _ in 0..3 {
        let path = screenshot_path(folder, "084651.250", &taken, exists);
        assert!(!exists(&path) && !taken.contains(&path), "{path:?}");
        taken.push(path);
    }
    assert_eq!(taken[0], folder.join("spacewalk-084651.250-2.png"));
    assert_eq!(taken[2], folder.join("spacewalk-084651.250-4.png"));
}

#[test]
fn a_shot_to_a_path_it_cannot_write_is_refused_before_anything_renders() {
    let scenario = project_path("scenarios/voskhod2.ron");
    let dir = std::env::temp_dir().join(format!("spacewalk-shot-{}", std::process::id()));
    let as_folder = dir.join("frame.png");
    std::fs::create_dir_all(&as_folder).unwrap();
    let cases = [
        (dir.join("frame.txt"), "must end in .png"),
        (as_folder.clone(), "is a folder"),
        // Under a file: no folder can be made there.
        (scenario.join("frame.png"), "cannot make the folder"),
        // A folder nobody can write in, even the superuser.
        (
            PathBuf::from("/proc/spacewalk-frame.png"),
            "cannot write in the folder",
        ),
    ];
    for (output, why) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
            .arg("shot")
            .arg(&scenario)
            .args(["--at", "08:40:00", "-o"])
            .arg(&output)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(why),
            "{out:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_launch_too_late_to_be_in_orbit_at_the_start_is_refused() {
    // Insertion comes 527 s after launch: a launch five minutes before the window is too late.
    let error = refused(|f| f.orbit.launch_utc = "1965-03-18T08:23:00Z".into());
    assert!(
        error.contains("orbit.launch_utc") && error.contains("at least 527 s before start_utc"),
        "{error}"
    );
}

#[test]
fn a_window_across_midnight_takes_times_of_day_after_it() {
    let path = project_path("scenarios/voskhod2.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut file: spacewalk::scenario::ScenarioFile = ron::from_str(&text).unwrap();
    file.start_utc = "1965-03-18T23:55:00Z".into();
    file.end_utc = "1965-03-19T00:10:00Z".into();
    file.events.clear();
    file.actions.clear();
    let dir = std::env::temp_dir().join(format!("spacewalk-midnight-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let across = dir.join("across_midnight.ron");
    std::fs::write(&across, ron::to_string(&file).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .arg("run")
        .arg(&across)
        .args(["--until", "00:00:30"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("simulated 330.0 s"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(target_os = "linux")]
#[test]
fn telemetry_that_cannot_be_written_whole_is_an_error_and_leaves_nothing_half_written() {
    let scenario = project_path("scenarios/voskhod2.ron");
    let run = |output: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_spacewalk"))
            .arg("run")
            .arg(&scenario)
            .args(["--until", "08:28:02", "--telemetry"])
            .arg(output)
            .output()
            .unwrap()
    };
    // A full disk: twenty rows fit in the write buffer, so only the flush can say so.
    let full = run(std::path::Path::new("/dev/full"));
    assert!(!full.status.success(), "{full:?}");
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert!(stderr.contains("cannot write telemetry"), "{stderr}");
    // What ran is still shown: the log and the summary, with no claim of rows written.
    let stdout = String::from_utf8_lossy(&full.stdout);
    assert!(!stdout.contains("rows written"), "{stdout}");
    assert!(stdout.contains("summary:"), "{stdout}");
    // Written whole: the file, and no temporary beside it.
    let dir = std::env::temp_dir().join(format!("spacewalk-whole-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("t.csv");
    assert!(run(&csv).status.success());
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 21);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The historical file with `from` replaced by `to` (once), loaded.
fn with_edit(from: &str, to: &str) -> Result<Scenario, String> {
    let path = project_path("scenarios/voskhod2.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "the historical file has no {from}");
    Scenario::from_ron(&text.replacen(from, to, 1), &path).map_err(|e| e.to_string())
}

#[test]
fn a_step_rate_out_of_range_is_one_error_not_a_second_nonsense_range() {
    for bad in ["-60.0", "0.5", "5000.0"] {
        let error = with_edit("step_hz: 60.0", &format!("step_hz: {bad}")).expect_err(bad);
        assert!(error.contains("physics.step_hz"), "{bad}: {error}");
        assert!(!error.contains("telemetry_interval_s"), "{bad}: {error}");
    }
    // With a good step rate the telemetry still may not come finer than a step.
    let error = with_edit("telemetry_interval_s: 0.1", "telemetry_interval_s: 0.001").unwrap_err();
    assert!(error.contains("telemetry_interval_s"), "{error}");
    // A raw string in a note (with quotes and a line break) before an error moves nothing: the
    // error is at the line and column an editor shows.
    let path = project_path("scenarios/voskhod2.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let note = text.find("note: \"").unwrap();
    let end = note + 7 + text[note + 7..].find('"').unwrap();
    let edited = format!(
        "{}note: r#\"a raw \"quoted\"\nnote\"#{}",
        &text[..note],
        &text[end + 1..]
    )
    .replacen(
        "telemetry_interval_s: 0.1",
        "telemetry_interval_s: 0.001",
        1,
    );
    let at = edited.find("telemetry_interval_s: 0.001").unwrap();
    assert!(at > note, "the note comes before the error");
    let line = edited[..at].lines().count();
    let column = at - edited[..at].rfind('\n').unwrap() + "telemetry_interval_s: ".len();
    let error = Scenario::from_ron(&edited, &path).unwrap_err().to_string();
    assert!(
        error.contains(&format!(":{line}:{column}:")),
        "{line}:{column}: {error}"
    );
}

#[test]
fn a_direction_too_short_to_point_and_an_unknown_field_in_an_action_are_refused_by_name() {
    // It passed the checks and then stopped the solver (a panic inside Rapier).
    let from = "direction: (0.3, 1.0, -0.2)";
    for tiny in [
        "(1e-30, 0.0, 0.0)",
        "(0.0, -1e-300, 0.0)",
        "(1e-4, 0.0, 0.0)",
    ] {
        let error = with_edit(from, &format!("direction: {tiny}")).unwrap_err();
        assert!(
            error.contains(".direction") && error.contains("too short to point"),
            "{tiny}: {error}"
        );
    }
    assert!(with_edit(from, "direction: (0.002, 0.0, 0.0)").is_ok());
    // A misspelt or unknown field inside an action was dropped without a word.
    for (to, field) in [
        ("Exit(head_first: true, speed: 1.0)", "speed"),
        ("Exit(head_frist: true, head_first: true)", "head_frist"),
    ] {
        let error = with_edit("Exit(head_first: true)", to).unwrap_err();
        assert!(error.contains(field), "{to}: {error}");
    }
}

#[test]
fn actions_within_one_physics_step_are_refused_since_one_would_replace_the_other() {
    let error = refused(|f| {
        let next = f.actions[0].utc.replace("Z", ".010Z");
        f.actions[1].utc = next;
    });
    assert!(
        error.contains("actions[1].utc") && error.contains("within one physics step"),
        "{error}"
    );
    // A step apart is fine.
    accepted(|f| f.actions[1].utc = f.actions[0].utc.replace("Z", ".020Z"));
}

#[test]
fn syntax_errors_show_the_line_and_a_file_that_is_not_utf8_says_where() {
    let error = with_edit("segments: 12,", "segments: 12.0,").unwrap_err();
    assert!(error.contains("in `segments: 12.0,`"), "{error}");
    let dir = std::env::temp_dir().join(format!("spacewalk-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("latin1.ron");
    let mut bytes = b"(\n    version: 1,\n    name: \"Caf".to_vec();
    bytes.extend([0xE9, b'"']);
    std::fs::write(&file, &bytes).unwrap();
    let error = Scenario::load(&file).unwrap_err().to_string();
    assert!(
        error.contains("latin1.ron:3:") && error.contains("not UTF-8"),
        "{error}"
    );
    // Line endings of a lone CR (old Mac files) read as lines, not as one long comment.
    let path = project_path("scenarios/voskhod2.ron");
    let text = std::fs::read_to_string(&path).unwrap().replace('\n', "\r");
    assert!(Scenario::from_ron(&text, &path).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sweep_ranges_count_down_keep_tiny_values_and_explain_bad_values_plainly() {
    let down = parse_axis("suit.pressure_kpa=31..30:1").unwrap();
    assert_eq!(down.values, vec![31.0, 30.0]);
    let tiny = parse_axis("suit.leak_nl_per_min=1e-13..1e-13:1").unwrap();
    assert_eq!(tiny.values, vec![1e-13]);
    let small = parse_axis("suit.leak_nl_per_min=1.234e-7..1.5e-7:1e-8").unwrap();
    assert_eq!(small.values[0], 1.234e-7);
    assert_eq!(small.values[1], 1.334e-7);
    let path = project_path("scenarios/voskhod2.ron");
    let file = Scenario::load(&path).unwrap().file;
    let set = |p: &str, v: f64| spacewalk::sweep::set_field(&file, p, v).unwrap_err();
    assert!(
        set("", 27.0).contains("no field named"),
        "{}",
        set("", 27.0)
    );
    assert!(set("suit.pressure_kpa", f64::NAN).contains("not a finite number"));
    assert!(set("tether.segments", -12.0).contains("0 or more"));
    assert!(set("tether.segments", 1e20).contains("too large"));
}

/// Runs the program with `args` and its standard output going to `stdout`.
fn spacewalk_to(args: &[&str], stdout: std::process::Stdio) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .args(args)
        .current_dir(project_path(""))
        .stdout(stdout)
        .output()
        .unwrap()
}

#[test]
fn output_that_cannot_be_written_is_an_error_and_a_sweep_of_only_invalid_variants_exits_2() {
    let full = || std::process::Stdio::from(std::fs::File::create("/dev/full").unwrap());
    let check = spacewalk_to(&["check", "scenarios/voskhod2.ron"], full());
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    assert!(String::from_utf8_lossy(&check.stderr).contains("cannot write to standard output"));
    let run = spacewalk_to(
        &[
            "run",
            "scenarios/voskhod2_airlock_deploy.ron",
            "--until",
            "07:58:02",
        ],
        full(),
    );
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    // --jobs 0 ran as if not given.
    let piped = std::process::Stdio::piped;
    let jobs = [
        "sweep",
        "scenarios/voskhod2.ron",
        "--set",
        "suit.pressure_kpa=30..30:1",
    ];
    let zero = spacewalk_to(&[&jobs[..], &["--jobs", "0"]].concat(), piped());
    assert_eq!(zero.status.code(), Some(2), "{zero:?}");
    // Every variant invalid: nothing ran.
    let invalid = spacewalk_to(
        &[
            "sweep",
            "scenarios/voskhod2.ron",
            "--set",
            "suit.pressure_kpa=5..6:1",
        ],
        piped(),
    );
    assert_eq!(invalid.status.code(), Some(2), "{invalid:?}");
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("every variant breaks a rule"));
}

#[test]
fn telemetry_goes_through_a_link_to_its_file_into_the_programs_own_stdout_and_never_over_a_hard_link()
 {
    let dir = std::env::temp_dir().join(format!("spacewalk-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("real")).unwrap();
    let scenario = dir.join("flight.ron");
    std::fs::copy(
        project_path("scenarios/voskhod2_airlock_deploy.ron"),
        &scenario,
    )
    .unwrap();
    let run = |telemetry: &std::path::Path, stdout: std::process::Stdio| {
        Command::new(env!("CARGO_BIN_EXE_spacewalk"))
            .arg("run")
            .arg(&scenario)
            .args(["--until", "07:58:02", "--telemetry"])
            .arg(telemetry)
            .stdout(stdout)
            .output()
            .unwrap()
    };
    // Through a symbolic link: the file it names gets the rows, the link stays a link.
    let target = dir.join("real/t.csv");
    std::fs::write(&target, "old").unwrap();
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert!(run(&link, std::process::Stdio::null()).status.success());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("utc,t_s,")
    );
    // A hard link to the scenario is the scenario: refused, the file left as it was.
    let hard = dir.join("hard.csv");
    std::fs::hard_link(&scenario, &hard).unwrap();
    let refused = run(&hard, std::process::Stdio::null());
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert_eq!(
        std::fs::read(&scenario).unwrap(),
        std::fs::read(project_path("scenarios/voskhod2_airlock_deploy.ron")).unwrap()
    );
    // /dev/stdout: the rows come out on the program's own output, before the log.
    let out = run(
        std::path::Path::new("/dev/stdout"),
        std::process::Stdio::piped(),
    );
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("utc,t_s,"), "{text}");
    assert!(text.contains("rows written to /dev/stdout"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn control_characters_a_terminal_would_obey_are_refused_in_the_texts_it_prints() {
    let error = refused(|f| f.name = "Voskhod-2 \u{1b}[31mred".into());
    assert!(
        error.contains("name") && error.contains("U+001B"),
        "{error}"
    );
    let error = refused(|f| f.events[0].note = "bell\u{7}".into());
    assert!(
        error.contains("events[0].note") && error.contains("U+0007"),
        "{error}"
    );
    // Line breaks and tabs in a description are text, not commands.
    accepted(|f| f.description = "two\nlines\tand a tab".into());
}
