//! The scenario picker: every scenario file in `scenarios/`, in the running scenario's folder,
//! and the one given on the command line, each with its name and description (or why it
//! cannot be loaded). A click opens it; the running one stays if it cannot be loaded.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::scenario::Scenario;
use crate::sim::ActiveScenario;
use crate::view::control::{OpenScenario, ScenarioStatus};

/// How often the list is read again from disk while the picker is open, wall time.
const REFRESH: Duration = Duration::from_secs(3);

/// One file the picker offers.
struct Entry {
    path: PathBuf,
    /// Its name and description, or why it cannot be loaded.
    about: Result<(String, String), String>,
}

/// The files offered, read when the picker opens and every [`REFRESH`] while it stays open.
#[derive(Resource, Default)]
pub(super) struct Catalogue {
    entries: Vec<Entry>,
    read_at: Option<Instant>,
    /// The file the viewer was started on.
    launched: Option<PathBuf>,
}

/// The `.ron` files of `folder`, by name.
fn scenario_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

impl Catalogue {
    fn read(&mut self, running: &Path) {
        let folder = running
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut paths = scenario_files(Path::new("scenarios"));
        paths.extend(scenario_files(folder));
        paths.extend(self.launched.clone());
        let mut seen = Vec::new();
        self.entries = paths
            .into_iter()
            .filter(|p| {
                let key = p.canonicalize().unwrap_or_else(|_| p.clone());
                let fresh = !seen.contains(&key);
                seen.push(key);
                fresh
            })
            .map(|path| {
                let about = Scenario::load(&path)
                    .map(|s| (s.file.name, s.file.description))
                    .map_err(|e| e.to_string());
                Entry { path, about }
            })
            .collect();
        self.read_at = Some(Instant::now());
    }
}

pub(super) fn window(
    mut contexts: EguiContexts,
    scenario: Res<ActiveScenario>,
    status: Option<Res<ScenarioStatus>>,
    mut catalogue: ResMut<Catalogue>,
    mut open: MessageWriter<OpenScenario>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if catalogue.launched.is_none() {
        let requested = status
            .as_ref()
            .and_then(|s| s.requested().map(Path::to_path_buf));
        catalogue.launched = Some(requested.unwrap_or_else(|| scenario.0.source.clone()));
    }
    egui::Window::new("Scenarios")
        .default_open(false)
        .anchor(egui::Align2::LEFT_BOTTOM, [10.0, -60.0])
        .default_width(300.0)
        .show(ctx, |ui| {
            if catalogue.read_at.is_none_or(|at| at.elapsed() > REFRESH) {
                catalogue.read(&scenario.0.source);
            }
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for entry in &catalogue.entries {
                        let running = entry.path == scenario.0.source;
                        let title = match &entry.about {
                            Ok((name, _)) => name.clone(),
                            Err(_) => format!("{} (cannot be loaded)", entry.path.display()),
                        };
                        let clicked = ui
                            .selectable_label(running, egui::RichText::new(title).strong())
                            .clicked();
                        ui.label(
                            egui::RichText::new(entry.path.display().to_string())
                                .weak()
                                .small(),
                        );
                        match &entry.about {
                            Ok((_, description)) => {
                                ui.add(egui::Label::new(description.as_str()).wrap())
                            }
                            Err(error) => ui.colored_label(
                                egui::Color32::from_rgb(255, 120, 100),
                                error.as_str(),
                            ),
                        };
                        ui.separator();
                        if clicked {
                            open.write(OpenScenario(entry.path.clone()));
                        }
                    }
                });
        });
    Ok(())
}
