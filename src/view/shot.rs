//! One frame to a PNG: simulate to the requested time, wait until every texture and render
//! pipeline is ready, capture the window, exit.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bevy::asset::LoadState;
use bevy::prelude::*;
use bevy::render::render_resource::PipelineCache;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::render::{Render, RenderApp, RenderSystems};

use super::camera::GoToViewpoint;
use super::control::{JumpTarget, jump_within};
use super::earth::EarthTextures;
use super::follow::{SetCamera, mode_for_name};
use crate::sim::{ActiveScenario, SimClock};

/// Frames in a row with every pipeline compiled before the capture.
const SETTLED_FRAMES: u32 = 5;
/// Give up after this long (a missing driver, a shader that never compiles).
const TIMEOUT: Duration = Duration::from_secs(600);
/// Wall time the simulation runs towards the shot's instant between frames.
const SHOT_JUMP_SLICE: Duration = Duration::from_secs(5);

/// What to render and where to write it.
#[derive(Resource, Clone, Debug)]
pub struct ShotRequest {
    /// Seconds into the scenario window.
    pub at_t_s: f64,
    /// Name of the scenario's viewpoint.
    pub camera: String,
    /// PNG to write.
    pub output: PathBuf,
    /// Draw the viewer's panels over the scene.
    pub ui: bool,
}

/// Render pipelines not yet compiled, counted in the render world each frame.
#[derive(Resource, Clone, Default)]
struct PendingPipelines(Arc<AtomicUsize>);

#[derive(Resource, Default)]
struct ShotProgress {
    started: Option<Instant>,
    settled: u32,
    requested: bool,
}

/// Renders [`ShotRequest`] and exits.
pub struct ShotPlugin(pub ShotRequest);

impl Plugin for ShotPlugin {
    fn build(&self, app: &mut App) {
        let pending = PendingPipelines::default();
        pending.0.store(usize::MAX, Ordering::Relaxed);
        app.insert_resource(self.0.clone())
            .insert_resource(pending.clone())
            .init_resource::<ShotProgress>()
            .insert_resource(JumpTarget(Some(self.0.at_t_s)))
            // After the camera's own start-up request for the first viewpoint, so this one wins.
            .add_systems(
                Startup,
                (
                    freeze_time,
                    choose_viewpoint.after(super::camera::spawn_camera),
                ),
            )
            .add_systems(PreUpdate, jump_to_the_instant)
            .add_systems(Last, capture_when_ready);
        if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
            render_app
                .insert_resource(pending)
                .add_systems(Render, count_pending.in_set(RenderSystems::Cleanup));
        }
    }
}

/// No one watches a shot being made, so the jump runs in long slices: on a software renderer a
/// frame takes about a second, and short slices between frames made a late instant (08:56) take
/// minutes of rendering frames no one sees.
fn jump_to_the_instant(world: &mut World) {
    jump_within(world, SHOT_JUMP_SLICE);
}

/// Only the jump moves the simulation, so the frame shows exactly the requested instant.
fn freeze_time(mut time: ResMut<Time<Virtual>>) {
    time.pause();
}

fn choose_viewpoint(
    request: Res<ShotRequest>,
    scenario: Res<ActiveScenario>,
    mut go: MessageWriter<GoToViewpoint>,
    mut set: MessageWriter<SetCamera>,
) {
    if let Some(mode) = mode_for_name(&request.camera) {
        set.write(SetCamera {
            mode,
            place: None,
            instant: true,
        });
    } else if let Some(index) = scenario
        .0
        .file
        .cameras
        .iter()
        .position(|c| c.name == request.camera)
    {
        go.write(GoToViewpoint {
            index,
            instant: true,
        });
    }
}

fn count_pending(cache: Res<PipelineCache>, pending: Res<PendingPipelines>) {
    pending
        .0
        .store(cache.waiting_pipelines().count(), Ordering::Relaxed);
}

fn capture_when_ready(
    mut commands: Commands,
    request: Res<ShotRequest>,
    jump_target: Res<JumpTarget>,
    clock: Res<SimClock>,
    pending: Res<PendingPipelines>,
    earth: Option<Res<EarthTextures>>,
    assets: Res<AssetServer>,
    mut progress: ResMut<ShotProgress>,
    mut exit: MessageWriter<AppExit>,
) {
    let started = *progress.started.get_or_insert_with(Instant::now);
    if started.elapsed() > TIMEOUT {
        error!("gave up after {TIMEOUT:?}: the renderer never became ready");
        exit.write(AppExit::error());
        return;
    }
    if progress.requested {
        return;
    }
    if let Some(maps) = &earth {
        let failed = [&maps.day, &maps.water_mask].into_iter().find_map(|map| {
            match assets.load_state(map) {
                LoadState::Failed(reason) => Some(reason.to_string()),
                _ => None,
            }
        });
        if let Some(reason) = failed.or_else(|| maps.failed.clone()) {
            error!("an Earth map did not load: {reason}");
            exit.write(AppExit::error());
            return;
        }
    }
    let texture_ready = earth.is_none_or(|maps| maps.ready());
    let at_time = jump_target.0.is_none() && clock.step > 0 || request.at_t_s == 0.0;
    let compiled = pending.0.load(Ordering::Relaxed) == 0;
    progress.settled = if texture_ready && at_time && compiled {
        progress.settled + 1
    } else {
        0
    };
    if progress.settled < SETTLED_FRAMES {
        return;
    }
    progress.requested = true;
    let output = request.output.clone();
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(error) = std::fs::create_dir_all(dir)
    {
        error!("cannot create {}: {error}", dir.display());
        exit.write(AppExit::error());
        return;
    }
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(output))
        .observe(
            |_: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
                exit.write(AppExit::Success);
            },
        );
}
