//! The viewer: a window on top of the simulation, with Earth, Sun, the bodies, follow, mounted
//! and free cameras, time control, panels and plots, and screenshots. It reads the simulation
//! and sends it messages; it never writes physics.

pub mod atmosphere;
pub mod camera;
pub mod clouds;
pub mod control;
pub mod detail;
pub mod earth;
pub mod follow;
pub mod history;
pub mod models;
pub mod panels;
pub mod shot;
pub mod sky;
pub mod stars;
pub mod surface;
pub mod watch;

use std::process::ExitCode;

use bevy::diagnostic::{FrameTimeDiagnosticsPlugin, LogDiagnosticsPlugin};
use bevy::prelude::*;
use bevy::window::WindowResolution;

use crate::scenario::Scenario;
use crate::sim::SimPlugin;

pub use shot::ShotRequest;

/// How to start the viewer.
pub struct ViewerOptions {
    /// The scenario to show first.
    pub scenario: Scenario,
    /// Render one frame to a file and exit, instead of running interactively.
    pub shot: Option<ShotRequest>,
    /// A file asked for that could not be loaded, and why: the viewer shows the error and
    /// watches the file, loading it once it is fixed.
    pub pending: Option<(std::path::PathBuf, String)>,
    /// Draw the panels from the start.
    pub panels: bool,
}

/// Window size, pixels; screenshots have this size too.
pub const WINDOW_SIZE: (u32, u32) = (1280, 720);

/// Where the assets are, as an absolute path (Bevy reads relative ones from the executable's
/// folder): `./assets` when run from the project, else the copy next to the sources.
fn asset_root() -> String {
    let here = std::env::current_dir().map(|d| d.join("assets")).ok();
    match here.filter(|d| d.join("textures").is_dir()) {
        Some(dir) => dir.to_string_lossy().into_owned(),
        None => concat!(env!("CARGO_MANIFEST_DIR"), "/assets").into(),
    }
}

/// Opens the window and runs until it closes (or the shot is written).
pub fn run(options: ViewerOptions) -> ExitCode {
    let title = format!("spacewalk: {}", options.scenario.file.name);
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title,
                    resolution: WindowResolution::new(WINDOW_SIZE.0, WINDOW_SIZE.1),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: asset_root(),
                ..default()
            }),
    )
    .add_plugins((
        SimPlugin {
            scenario: options.scenario,
        },
        ViewerPlugin {
            shot: options.shot,
            pending: options.pending,
            panels: options.panels,
        },
    ));
    // Frame-time figures on the console, for measuring the renderer on a given machine.
    if std::env::var_os("SPACEWALK_FRAME_STATS").is_some() {
        app.add_plugins((
            FrameTimeDiagnosticsPlugin::default(),
            LogDiagnosticsPlugin::default(),
        ));
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// Everything the viewer adds to the simulation.
pub struct ViewerPlugin {
    /// A one-frame render request, if any.
    pub shot: Option<ShotRequest>,
    /// A file that could not be loaded at start-up, and why.
    pub pending: Option<(std::path::PathBuf, String)>,
    /// Draw the panels from the start.
    pub panels: bool,
}

impl Plugin for ViewerPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(ClearColor(Color::BLACK))
            .add_plugins((
                atmosphere::plugin,
                detail::plugin,
                earth::plugin,
                clouds::plugin,
                sky::plugin,
                stars::plugin,
                models::plugin,
                camera::plugin,
                history::plugin,
            ))
            .add_plugins(panels::PanelsPlugin { shown: self.panels });
        match &self.shot {
            Some(request) => {
                app.add_plugins(shot::ShotPlugin(request.clone()));
            }
            None => {
                app.add_plugins(control::ControlPlugin {
                    pending: self.pending.clone(),
                });
            }
        }
    }
}
