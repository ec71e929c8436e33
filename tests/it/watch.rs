//! The viewer's watch on a scenario file: file events for that file (written, deleted, made
//! anew, renamed over), none for its neighbours, and a clear error where it cannot watch; and
//! the viewer opened on a broken file, showing its error and taking it once fixed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use spacewalk::scenario::Scenario;
use spacewalk::sim::{ActiveScenario, SimPlugin};
use spacewalk::view::camera::GoToViewpoint;
use spacewalk::view::control::{ControlPlugin, ScenarioStatus};
use spacewalk::view::watch::FileWatch;

/// Whether the watch reports a change within two seconds (events arrive on another thread).
fn changes(watch: &FileWatch) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        if watch.take_changed() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

/// Whether the watch stays quiet for a while.
fn quiet(watch: &FileWatch) -> bool {
    std::thread::sleep(Duration::from_millis(300));
    !watch.take_changed()
}

#[test]
fn the_watch_sees_its_file_written_deleted_made_anew_and_renamed_over_and_nothing_else() {
    let dir = std::env::temp_dir().join(format!("spacewalk-watch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("flight.ron");
    std::fs::write(&file, "(one)").unwrap();
    let watch = FileWatch::new(&file).unwrap();
    assert_eq!(watch.path(), file.as_path());
    assert!(quiet(&watch), "nothing happened yet");
    // A neighbour written, or a screenshot saved beside it: not this file.
    std::fs::write(dir.join("other.ron"), "(two)").unwrap();
    std::fs::write(dir.join("flight.ron.png"), "png").unwrap();
    assert!(
        quiet(&watch),
        "a neighbour's change reached this file's watch"
    );
    std::fs::write(&file, "(two)").unwrap();
    assert!(changes(&watch), "written");
    // Asking takes the change: one save, one reload.
    assert!(quiet(&watch));
    std::fs::remove_file(&file).unwrap();
    assert!(changes(&watch), "deleted");
    std::fs::write(&file, "(three)").unwrap();
    assert!(changes(&watch), "made anew");
    // An editor's save: a new file renamed over the old one.
    let saved = dir.join(".flight.ron.swp");
    std::fs::write(&saved, "(four)").unwrap();
    let _ = watch.take_changed();
    std::fs::rename(&saved, &file).unwrap();
    assert!(changes(&watch), "renamed over");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_in_a_folder_that_does_not_exist_cannot_be_watched_and_says_so() {
    let missing = Path::new("/nonexistent-spacewalk-folder/flight.ron");
    let error = FileWatch::new(missing).err().expect("no folder to watch");
    assert!(!error.to_string().is_empty());
}

/// The viewer's control over a running simulation, on the headless plugins (no window): what a
/// viewer opened on `pending`'s file, which could not be loaded, runs.
fn viewer_controls(pending: Option<(PathBuf, String)>) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, TransformPlugin, bevy::input::InputPlugin))
        .add_plugins(SimPlugin {
            scenario: Scenario::built_in().expect("the built-in flight loads"),
        })
        .add_message::<GoToViewpoint>()
        .add_plugins((ControlPlugin { pending }, spacewalk::view::follow::plugin));
    app.finish();
    app.cleanup();
    app
}

/// Updates the app until `done` holds (file events arrive on another thread), for at most 5 s.
fn update_until(app: &mut App, done: impl Fn(&App) -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        app.update();
        if done(app) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn running(app: &App) -> (PathBuf, String) {
    let scenario = &app.world().resource::<ActiveScenario>().0;
    (scenario.source.clone(), scenario.file.name.clone())
}

fn shown_error(app: &App) -> Option<String> {
    app.world().resource::<ScenarioStatus>().error.clone()
}

#[test]
fn a_file_broken_at_start_up_is_shown_and_taken_as_soon_as_it_is_fixed_deleted_or_made_anew() {
    let dir = std::env::temp_dir().join(format!("spacewalk-startup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("flight.ron");
    let good = std::fs::read_to_string(super::project_path("scenarios/voskhod2.ron")).unwrap();
    let good = good.replacen("(as flown)", "(edited)", 1);
    assert!(good.contains("(edited)"), "the name changed");
    let broken = good.replacen("step_hz: 60", "step_hz: -60", 1);
    std::fs::write(&file, &broken).unwrap();
    let error = Scenario::load(&file).unwrap_err().to_string();
    let mut app = viewer_controls(Some((file.clone(), error)));
    for _ in 0..3 {
        app.update();
    }
    let shown = shown_error(&app).expect("the error is shown");
    assert!(
        shown.contains("flight.ron") && shown.contains("step_hz"),
        "{shown}"
    );
    assert_eq!(
        running(&app).0,
        Path::new("scenarios/voskhod2.ron"),
        "built in"
    );
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&file, &good).unwrap();
    assert!(
        update_until(&mut app, |app| running(app).0 == file),
        "the fixed file is taken"
    );
    assert!(running(&app).1.contains("(edited)"));
    assert_eq!(shown_error(&app), None, "the error goes");
    // Deleted: the error says so and the scenario keeps running; made anew: taken again.
    std::fs::remove_file(&file).unwrap();
    assert!(
        update_until(&mut app, |app| shown_error(app).is_some()),
        "a deleted file is an error"
    );
    assert_eq!(running(&app).0, file, "the running scenario stays");
    std::fs::write(&file, good.replacen("(edited)", "(made anew)", 1)).unwrap();
    assert!(
        update_until(&mut app, |app| running(app).1.contains("(made anew)")),
        "the file made anew is taken"
    );
    assert_eq!(shown_error(&app), None);
    let _ = std::fs::remove_dir_all(&dir);
}
