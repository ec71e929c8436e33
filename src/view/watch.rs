//! Watching a scenario file by the operating system's file events (notify): a save shows at
//! once, a file deleted and made anew is seen, and nothing polls the disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use notify::{RecursiveMode, Watcher};

/// A watch on one file, kept through its folder so that the file's deletion and re-creation,
/// and an editor's save by renaming a new file over it, are seen too.
pub struct FileWatch {
    path: PathBuf,
    changed: Arc<AtomicBool>,
    /// Dropping it ends the watch.
    _watcher: notify::RecommendedWatcher,
}

impl FileWatch {
    /// Starts watching `path`; the error says why the system cannot (no such folder, no
    /// watches left).
    pub fn new(path: &Path) -> notify::Result<Self> {
        let changed = Arc::new(AtomicBool::new(false));
        let name = path.file_name().map(ToOwned::to_owned);
        let flag = Arc::clone(&changed);
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                // An error from the watch itself (events lost) may hide a change: look again.
                let ours = event.map_or(true, |event| {
                    !event.kind.is_access()
                        && event
                            .paths
                            .iter()
                            .any(|p| p.file_name().map(ToOwned::to_owned) == name)
                });
                if ours {
                    flag.store(true, Ordering::Release);
                }
            })?;
        let folder = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        watcher.watch(folder, RecursiveMode::NonRecursive)?;
        Ok(Self {
            path: path.to_path_buf(),
            changed,
            _watcher: watcher,
        })
    }

    /// The file watched.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file changed (was written, made, deleted or renamed) since last asked.
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::AcqRel)
    }
}
