//! Sweeps: ranges parsed, fields set by path, variants run in parallel, one line each.

use std::process::Command;

use spacewalk::sweep::{grid, parse_axis, set_field};

use super::{historical, project_path};

#[test]
fn ranges_parse_inclusive_and_bad_specs_say_what_is_wrong() {
    let axis = parse_axis("suit.pressure_kpa=20..45:1").unwrap();
    assert_eq!(axis.path, "suit.pressure_kpa");
    assert_eq!(axis.values.len(), 26);
    assert_eq!((axis.values[0], axis.values[25]), (20.0, 45.0));
    // Values are rounded to the decimals they were written with: 4.2 + 7 x 0.3 is 6.3, and a
    // step written with an exponent keeps its small values.
    let fine = parse_axis("tether.length_m=4.2..6.6:0.3").unwrap();
    assert_eq!(fine.values[7], 6.3);
    assert_eq!(format!("{}", fine.values[7]), "6.3");
    let tiny = parse_axis("x=0..0.003:1e-3").unwrap();
    assert_eq!(tiny.values, vec![0.0, 0.001, 0.002, 0.003]);
    let down = parse_axis("tether.length_m=7..5:0.5").unwrap();
    assert_eq!(down.values, vec![7.0, 6.5, 6.0, 5.5, 5.0]);
    for (bad, words) in [
        ("suit.pressure_kpa", "PATH=FROM..TO:STEP"),
        ("suit.pressure_kpa=20..45", "no step"),
        ("suit.pressure_kpa=20:1", "no range"),
        ("suit.pressure_kpa=a..45:1", "not a number"),
        ("suit.pressure_kpa=20..45:0", "above 0"),
        ("suit.pressure_kpa=0..1e9:1", "at most"),
    ] {
        let message = parse_axis(bad).unwrap_err();
        assert!(message.contains(words), "{bad}: {message}");
    }
    let axes = [
        parse_axis("a=1..2:1").unwrap(),
        parse_axis("b=10..30:10").unwrap(),
    ];
    assert_eq!(
        grid(&axes),
        vec![
            vec![1.0, 10.0],
            vec![1.0, 20.0],
            vec![1.0, 30.0],
            vec![2.0, 10.0],
            vec![2.0, 20.0],
            vec![2.0, 30.0]
        ]
    );
}

#[test]
fn fields_are_set_by_path_and_wrong_paths_are_named() {
    let file = historical().file;
    let set = set_field(&file, "suit.pressure_kpa", 33.5).unwrap();
    assert_eq!(set.suit.pressure_kpa, 33.5);
    let set = set_field(&file, "tether.segments", 24.0).unwrap();
    assert_eq!(set.tether.segments, 24);
    assert!(
        set_field(&file, "tether.segments", 2.5)
            .unwrap_err()
            .contains("whole numbers")
    );
    let message = set_field(&file, "suit.presure_kpa", 30.0).unwrap_err();
    assert!(
        message.contains("presure_kpa") && message.contains("pressure_kpa"),
        "{message}"
    );
    assert!(
        set_field(&file, "name", 1.0)
            .unwrap_err()
            .contains("not a number")
    );
    assert!(
        set_field(&file, "cameras[99].fov_deg", 50.0)
            .unwrap_err()
            .contains("index 99")
    );
}

#[test]
fn the_sweep_command_runs_every_variant_and_prints_a_line_each() {
    let dir = std::env::temp_dir().join(format!("spacewalk-sweep-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv_path = dir.join("table.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .arg("sweep")
        .arg(project_path("scenarios/voskhod2_airlock_deploy.ron"))
        .args(["--set", "airlock.deploy_duration_s=300..420:120"])
        .args(["--set", "suit.pressure_kpa=5..45:40"])
        .arg("--csv")
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert!(lines[0].contains("airlock.deploy_duration_s") && lines[0].contains("outcome"));
    // 5 kPa is below what a suit may hold: those variants say why and do not run.
    for line in [lines[1], lines[3]] {
        assert!(
            line.contains("invalid") && line.contains("suit.pressure_kpa"),
            "{line}"
        );
    }
    for line in [lines[2], lines[4]] {
        assert!(line.contains("ingress: not attempted"), "{line}");
    }
    // The progress bar is drawn only on a terminal: piped, stderr stays clean.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("variants"), "{stderr}");
    // The same table as CSV, and nothing half-written left beside it.
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "\"airlock.deploy_duration_s\",\"suit.pressure_kpa\",returned,wholly_inside_utc,hatch_closed_utc,outcome,wall_s"
    );
    assert_eq!(rows.len(), 5, "{csv}");
    assert!(
        rows[1].starts_with("300,5,false,,,\"invalid: "),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].starts_with("300,45,false,,,\"ingress: not attempted"),
        "{}",
        rows[2]
    );
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(left.len(), 1, "{left:?}");
    // A table written over the scenario it sweeps is refused before any variant runs.
    let over = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .arg("sweep")
        .arg(project_path("scenarios/voskhod2_airlock_deploy.ron"))
        .args(["--set", "suit.pressure_kpa=30..31:1", "--csv"])
        .arg(project_path("scenarios/voskhod2_airlock_deploy.ron"))
        .output()
        .unwrap();
    assert_eq!(over.status.code(), Some(2), "{over:?}");
    assert!(over.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);

    let bad = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .arg("sweep")
        .arg(project_path("scenarios/voskhod2.ron"))
        .args(["--set", "suit.nope=1..2:1"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no field \"nope\""));
}
