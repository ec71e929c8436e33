//! Scenario files: every shipped one validates, and every kind of bad input gets a clear error that
//! names the file, line, column and field, never a panic.

use std::process::Command;

use spacewalk::scenario::{Scenario, ScenarioError};

use super::project_path;

#[test]
fn every_shipped_scenario_validates() {
    let mut count = 0;
    for entry in std::fs::read_dir(project_path("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            if let Err(error) = Scenario::load(&path) {
                panic!("{} does not validate:\n{error}", path.display());
            }
            count += 1;
        }
    }
    assert!(
        count >= 3,
        "expected the historical flight and at least two alternatives, found {count}"
    );
}

#[test]
fn the_historical_scenario_carries_the_recorded_timeline() {
    let scenario = super::historical();
    let times: Vec<String> = scenario
        .events
        .iter()
        .map(|e| spacewalk::scenario::time::format_hms(e.utc))
        .collect();
    for recorded in [
        "08:28:13", "08:32:54", "08:34:51", "08:47:00", "08:48:40", "08:51:54",
    ] {
        assert!(
            times.iter().any(|t| t == recorded),
            "{recorded} missing from {times:?}"
        );
    }
    assert_eq!(scenario.file.tether.length_m, 5.35);
}

/// Each bad file, the line the error must point at, and words the message must contain.
const BAD_FILES: &[(&str, usize, &[&str])] = &[
    ("syntax_missing_comma.ron", 7, &["Expected"]),
    (
        "man_longer_than_the_tube.ron",
        8,
        &[
            "cosmonaut.height_in_suit_m",
            "1.4 to 1.6 m",
            "fit the airlock's tube",
        ],
    ),
    (
        "shoulders_wider_than_the_tube.ron",
        7,
        &[
            "cosmonaut.shoulder_width_m",
            "0.3 to 0.484848 m",
            "fit across the tube",
        ],
    ),
    (
        "tube_too_short_for_anyone.ron",
        2,
        &[
            "cosmonaut.height_in_suit_m",
            "cannot fit",
            "at most 1.3 m, below the least accepted 1.4 m",
        ],
    ),
    (
        "tether_links_too_long.ron",
        7,
        &[
            "tether.segments",
            "10 to 15 segments",
            "0.35 to 0.55 m long",
        ],
    ),
    (
        "anchor_outside_the_tube.ron",
        7,
        &["tether.anchor_offset_m", "0 to 0.46 m", "inside the tube"],
    ),
    ("unknown_field.ron", 7, &["colour", "length_m"]),
    (
        "negative_tether_length.ron",
        7,
        &["tether.length_m", "-5 m", "0.5 to 100 m"],
    ),
    (
        "suit_pressure_out_of_range.ron",
        7,
        &["suit.pressure_kpa", "150 kPa", "10 to 101.3 kPa"],
    ),
    (
        "no_oxygen_bottles.ron",
        7,
        &["suit.o2_bottles", "1 to 10 bottles"],
    ),
    (
        "events_out_of_order.ron",
        9,
        &["events[1].utc", "time order"],
    ),
    (
        "anchor_body_unknown.ron",
        7,
        &["Hatch", "Spacecraft", "Airlock"],
    ),
    (
        "nan_body_mass.ron",
        7,
        &["cosmonaut.body_mass_kg", "NaN", "40 to 150 kg"],
    ),
    (
        "unsupported_version.ron",
        3,
        &["version", "2", "accepted: 1"],
    ),
    (
        "bad_timestamp.ron",
        5,
        &["start_utc", "the morning of the 18th", "ISO 8601"],
    ),
    ("end_before_start.ron", 6, &["end_utc", "after start_utc"]),
    (
        "event_outside_window.ron",
        8,
        &["events[0].utc", "outside the scenario window"],
    ),
    ("missing_name.ron", 6, &["missing field", "name"]),
    ("wrong_type.ron", 7, &["Expected integer"]),
    (
        "hatch_wider_than_tube.ron",
        7,
        &["airlock.hatch_diameter_m", "1.5 m", "0.3 to 1 m"],
    ),
    (
        "push_without_direction.ron",
        8,
        &["actions[0].action.direction", "zero"],
    ),
    (
        "duplicate_camera_names.ron",
        9,
        &["cameras[1].name", "used twice"],
    ),
    (
        "restraint_too_soft.ron",
        7,
        &["suit.restraint_stiffness_kn_per_m", "10 to 5000 kN/m"],
    ),
    (
        "orbit_misses_pad.ron",
        7,
        &["orbit.inclination_deg", "never passes over"],
    ),
];

#[test]
fn bad_files_get_errors_naming_file_line_column_and_field() {
    for (name, line, words) in BAD_FILES {
        let path = project_path("tests/data/bad").join(name);
        let error = match Scenario::load(&path) {
            Ok(_) => panic!("{name} was accepted"),
            Err(error) => error,
        };
        let message = error.to_string();
        let prefix = format!("{}:{line}:", path.display());
        assert!(
            message.starts_with(&prefix),
            "{name}: expected the message to start with {prefix:?}, got:\n{message}"
        );
        let column: String = message[prefix.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        assert!(
            column.parse::<usize>().is_ok_and(|c| c >= 1),
            "{name}: no column in:\n{message}"
        );
        for word in *words {
            assert!(
                message.contains(word),
                "{name}: expected {word:?} in:\n{message}"
            );
        }
        assert!(matches!(
            error,
            ScenarioError::Syntax { .. } | ScenarioError::Invalid { .. }
        ));
    }
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let error = Scenario::load(project_path("scenarios/no_such_file.ron")).unwrap_err();
    assert!(error.to_string().contains("no_such_file.ron"), "{error}");
}

#[test]
fn check_exits_0_for_good_files_and_2_for_bad_ones() {
    let bin = env!("CARGO_BIN_EXE_spacewalk");
    let good = Command::new(bin)
        .arg("check")
        .arg(project_path("scenarios/voskhod2.ron"))
        .output()
        .unwrap();
    assert_eq!(
        good.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let bad = Command::new(bin)
        .arg("check")
        .arg(project_path("scenarios/voskhod2.ron"))
        .arg(project_path("tests/data/bad/negative_tether_length.ron"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("tether.length_m"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn check_into_a_closed_pipe_exits_quietly() {
    // `spacewalk check ... | head -0`: the reader has gone before the first line is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .arg("check")
        .args(
            ["voskhod2.ron", "voskhod2_no_bleed.ron"]
                .map(|f| project_path(&format!("scenarios/{f}"))),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn run_never_writes_telemetry_over_its_scenario_and_checks_the_folder_first() {
    let dir = std::env::temp_dir().join(format!("spacewalk-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("mine.ron");
    std::fs::copy(project_path("scenarios/voskhod2.ron"), &scenario).unwrap();
    let before = std::fs::read(&scenario).unwrap();
    let missing = dir.join("no_such_folder").join("t.csv");
    for (output, words) in [(&scenario, "is the scenario"), (&missing, "does not exist")] {
        let out = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
            .args(["run", "--until", "08:28:02", "--telemetry"])
            .arg(output)
            .arg(&scenario)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(words), "{stderr}");
        // Refused before any simulation: no log, no summary.
        assert!(
            out.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    assert_eq!(
        std::fs::read(&scenario).unwrap(),
        before,
        "the scenario is untouched"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn run_rejects_a_time_outside_the_window_with_exit_2() {
    let bin = env!("CARGO_BIN_EXE_spacewalk");
    let out = Command::new(bin)
        .args(["run", "--until", "11:00:00"])
        .arg(project_path("scenarios/voskhod2.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside the scenario window"));
}

#[test]
fn the_readme_example_is_a_valid_scenario() {
    let readme = std::fs::read_to_string(project_path("README.md")).unwrap();
    let start = readme.find("```ron\n").expect("README has a RON example") + "```ron\n".len();
    let end = start + readme[start..].find("```").unwrap();
    if let Err(error) = Scenario::from_ron(&readme[start..end], "README.md") {
        panic!("the README's example does not validate:\n{error}");
    }
}
