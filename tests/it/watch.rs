//! The viewer's watch on a scenario file: file events for that file (written, deleted, made
//! anew, renamed over), none for its neighbours, and a clear error where it cannot watch.

use std::path::Path;
use std::time::{Duration, Instant};

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
