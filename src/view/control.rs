//! Interactive control: time rate, pause, jumps along the timeline, viewpoints, scenario reload and
//! switching, screenshots.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::app::FixedMain;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};

use super::camera::GoToViewpoint;
use super::follow::{CameraMode, FollowTarget, Mount, SetCamera, next_of};
use super::watch::FileWatch;
use crate::scenario::Scenario;
use crate::scenario::time::format_iso_millis;
use crate::sim::{ActiveScenario, LoadScenario, SimClock};

/// The time rates offered, relative to real time.
pub const RATES: [f64; 13] = [
    0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0,
];
/// Fastest rate while anything moves: above it a frame would hold hundreds of full physics
/// steps and the window would stop answering. Faster rates wait for the coasting orbit.
pub const BUSY_RATE_MAX: f64 = 100.0;

/// Open a scenario file (from the picker): the running one stays if it cannot be loaded.
#[derive(Message, Clone, Debug, PartialEq)]
pub struct OpenScenario(pub PathBuf);

/// Go to a moment of the window, s after its start: forward by stepping there as fast as the
/// machine allows, backward by replaying from the start (the simulation is deterministic, so
/// it lands on the state a straight run has there).
#[derive(Message, Clone, Copy, Debug, PartialEq)]
pub struct Seek(pub f64);
/// Wall time a jump may take per frame before the window gets a chance to redraw.
const JUMP_SLICE: Duration = Duration::from_millis(80);

/// A pending jump to a time in the window, seconds after its start.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct JumpTarget(pub Option<f64>);

/// The state of the scenario file on disk.
#[derive(Resource, Clone, Debug, Default)]
pub struct ScenarioStatus {
    /// Why the last reload failed; the previous scenario keeps running meanwhile.
    pub error: Option<String>,
    /// The file last asked for (reloaded, switched to): the watch follows it, not the scenario
    /// still running, so a watch event can never undo a switch. `None`: the one running.
    requested: Option<PathBuf>,
    /// A status line that fades (screenshot written, scenario loaded).
    pub notice: Option<(String, Instant)>,
}

impl ScenarioStatus {
    /// The file last asked for, if it is not the one running.
    pub fn requested(&self) -> Option<&Path> {
        self.requested.as_deref()
    }
}

/// The watch on the scenario file.
#[derive(Resource, Default)]
pub struct ScenarioWatch {
    watch: Option<FileWatch>,
    /// The file the system would not let us watch (so it is not asked again every frame).
    refused: Option<PathBuf>,
}

/// Keys, the scenario file's watch, jumps and screenshots.
pub struct ControlPlugin {
    /// A file asked for at start-up that could not be loaded, and why: shown, and watched.
    pub pending: Option<(PathBuf, String)>,
}

impl Plugin for ControlPlugin {
    fn build(&self, app: &mut App) {
        let status = match &self.pending {
            Some((path, error)) => ScenarioStatus {
                error: Some(error.clone()),
                requested: Some(path.clone()),
                notice: None,
            },
            None => ScenarioStatus::default(),
        };
        app.insert_resource(status);
        plugin(app);
    }
}

fn plugin(app: &mut App) {
    app.init_resource::<JumpTarget>()
        .init_resource::<ScenarioStatus>()
        .init_resource::<ScenarioWatch>()
        .add_systems(Startup, limit_catch_up)
        .add_message::<Seek>()
        .add_message::<OpenScenario>()
        .add_systems(PreUpdate, jump.after(crate::sim::LoadSet))
        .add_systems(Update, (watch_file, keys, open, seek, cap_rate).chain());
}

/// Opens the file picked last this frame.
fn open(
    mut requests: MessageReader<OpenScenario>,
    mut status: ResMut<ScenarioStatus>,
    mut load: MessageWriter<LoadScenario>,
    mut jump: ResMut<JumpTarget>,
) {
    if let Some(OpenScenario(path)) = requests.read().last() {
        reload_from(path, &mut status, &mut load, &mut jump);
    }
}

/// Takes the last seek of the frame.
fn seek(
    mut seeks: MessageReader<Seek>,
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    mut load: MessageWriter<LoadScenario>,
    mut jump: ResMut<JumpTarget>,
) {
    let Some(Seek(to_t_s)) = seeks.read().last().copied() else {
        return;
    };
    let to_t_s = to_t_s.clamp(0.0, scenario.0.duration_s());
    if to_t_s < clock.t_s() - 1e-9 {
        load.write(LoadScenario(scenario.0.clone()));
    }
    jump.0 = Some(to_t_s);
}

/// Above [`BUSY_RATE_MAX`] only while the orbit coasts with nothing moving.
fn cap_rate(
    mut time: ResMut<Time<Virtual>>,
    coasting: Option<Res<crate::sim::solver::coast::Coasting>>,
) {
    let coasting = coasting.is_some_and(|c| c.active);
    if !coasting && time.relative_speed_f64() > BUSY_RATE_MAX {
        time.set_relative_speed_f64(BUSY_RATE_MAX);
    }
}

/// The next rate offered above (`up`) or below the current one.
pub fn next_rate(rate: f64, up: bool) -> f64 {
    if up {
        RATES
            .iter()
            .copied()
            .find(|r| *r > rate * 1.0001)
            .unwrap_or(RATES[RATES.len() - 1])
    } else {
        RATES
            .iter()
            .rev()
            .copied()
            .find(|r| *r < rate * 0.9999)
            .unwrap_or(RATES[0])
    }
}

/// A frame that took long (a jump, a window drag) must not make the simulation race to catch up.
fn limit_catch_up(mut time: ResMut<Time<Virtual>>) {
    time.set_max_delta(Duration::from_millis(250));
}

/// Runs fixed steps as fast as possible towards a jump target, a slice of wall time per frame so
/// the window stays responsive.
pub fn jump(world: &mut World) {
    jump_within(world, JUMP_SLICE);
}

/// Runs fixed steps towards a jump target for at most `slice` of wall time.
pub fn jump_within(world: &mut World, slice: Duration) {
    let Some(target) = world.resource::<JumpTarget>().0 else {
        return;
    };
    let started = Instant::now();
    loop {
        let clock = world.resource::<SimClock>();
        if clock.steps_until(target.min(clock.end_t_s)) == 0 {
            world.resource_mut::<JumpTarget>().0 = None;
            return;
        }
        if started.elapsed() > slice {
            return;
        }
        world.run_schedule(FixedMain);
    }
}

fn keys(
    mut commands: Commands,
    input: Res<ButtonInput<KeyCode>>,
    mut time: ResMut<Time<Virtual>>,
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    mut jump: ResMut<JumpTarget>,
    mut status: ResMut<ScenarioStatus>,
    mut load: MessageWriter<LoadScenario>,
    mut go: MessageWriter<GoToViewpoint>,
    mut valve: MessageWriter<crate::sim::cosmonaut::suit::TurnValve>,
    mut seek: MessageWriter<Seek>,
    (mode, mut set): (Res<CameraMode>, MessageWriter<SetCamera>),
    mut taken: Local<Vec<PathBuf>>,
) {
    // The suit valve: V bleeds to the reserve pressure, Shift+V goes back to the operating one.
    if input.just_pressed(KeyCode::KeyV) {
        let suit = &scenario.0.file.suit;
        let shift = input.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
        valve.write(crate::sim::cosmonaut::suit::TurnValve {
            pressure_kpa: if shift {
                suit.pressure_kpa
            } else {
                suit.reserve_pressure_kpa
            },
        });
    }
    time_keys(&input, &mut time);
    let now = clock.t_s();
    if input.just_pressed(KeyCode::Period)
        && let Some(next) = event_after(&scenario.0, now)
    {
        seek.write(Seek(next));
    }
    if input.just_pressed(KeyCode::Comma) {
        seek.write(Seek(event_before(&scenario.0, now)));
    }
    if input.just_pressed(KeyCode::KeyN) {
        // One fixed step, paused.
        time.pause();
        seek.write(Seek(now + clock.dt_s));
    }
    if input.just_pressed(KeyCode::Backspace) {
        load.write(LoadScenario(scenario.0.clone()));
        jump.0 = None;
    }
    if input.just_pressed(KeyCode::KeyR) {
        reload_from(&scenario.0.source, &mut status, &mut load, &mut jump);
    }
    for (key, step) in [(KeyCode::PageDown, 1isize), (KeyCode::PageUp, -1)] {
        if input.just_pressed(key)
            && let Some(path) = neighbour_scenario(&scenario.0.source, step)
        {
            reload_from(&path, &mut status, &mut load, &mut jump);
        }
    }
    viewpoint_keys(&input, &mut go);
    camera_keys(&input, *mode, &mut set);
    if input.just_pressed(KeyCode::F12) {
        screenshot(&mut commands, &clock, &mut status, &mut taken);
    }
}

/// Space pauses and resumes; `[` and `]` halve and double the rate.
fn time_keys(input: &ButtonInput<KeyCode>, time: &mut Time<Virtual>) {
    if input.just_pressed(KeyCode::Space) {
        if time.is_paused() {
            time.unpause()
        } else {
            time.pause()
        }
    }
    let rate = time.relative_speed_f64();
    if input.just_pressed(KeyCode::BracketRight) {
        time.set_relative_speed_f64(next_rate(rate, true));
    }
    if input.just_pressed(KeyCode::BracketLeft) {
        time.set_relative_speed_f64(next_rate(rate, false));
    }
}

/// The first recorded event after `now_t_s`, s into the window.
pub fn event_after(scenario: &Scenario, now_t_s: f64) -> Option<f64> {
    scenario
        .events
        .iter()
        .map(|e| e.t_s)
        .find(|t| *t > now_t_s + 1e-6)
}

/// The last recorded event more than a second before `now_t_s` (so that pressing twice goes
/// further back), or the window's start.
pub fn event_before(scenario: &Scenario, now_t_s: f64) -> f64 {
    scenario
        .events
        .iter()
        .rev()
        .map(|e| e.t_s)
        .find(|t| *t < now_t_s - 1.0)
        .unwrap_or(0.0)
}

/// The digits go to the scenario's named viewpoints.
fn viewpoint_keys(input: &ButtonInput<KeyCode>, go: &mut MessageWriter<GoToViewpoint>) {
    let digits = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    for (index, key) in digits.iter().enumerate() {
        if input.just_pressed(*key) {
            go.write(GoToViewpoint {
                index,
                instant: false,
            });
        }
    }
}

/// F follows the next body (the cosmonaut, the capsule, the airlock, the Earth), C looks
/// through the 1965 movie camera on the airlock and then through his visor, G lets the camera
/// fly free from where it is.
fn camera_keys(input: &ButtonInput<KeyCode>, mode: CameraMode, set: &mut MessageWriter<SetCamera>) {
    if input.just_pressed(KeyCode::KeyF) {
        let following = match mode {
            CameraMode::Follow { target, .. } => Some(target),
            _ => None,
        };
        let next = next_of(&FollowTarget::ALL, following);
        set.write(SetCamera::to(CameraMode::follow(next)));
    }
    if input.just_pressed(KeyCode::KeyC) {
        let mounted = match mode {
            CameraMode::Mounted(mount) => Some(mount),
            _ => None,
        };
        set.write(SetCamera::to(CameraMode::Mounted(next_of(
            &Mount::ALL,
            mounted,
        ))));
    }
    if input.just_pressed(KeyCode::KeyG) && mode != CameraMode::Free {
        set.write(SetCamera::to(CameraMode::Free));
    }
}

/// Where a screenshot of simulated time `hhmmss_millis` goes in `folder`: named by that time,
/// with `-2`, `-3`... after it when the name is taken (this session or on disk), so that no
/// screenshot is ever written over another.
pub fn screenshot_path(
    folder: &Path,
    hhmmss_millis: &str,
    taken: &[PathBuf],
    exists: impl Fn(&Path) -> bool,
) -> PathBuf {
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            folder.join(format!("spacewalk-{hhmmss_millis}{suffix}.png"))
        })
        .find(|p| !taken.contains(p) && !exists(p))
        .unwrap_or_else(|| folder.join("spacewalk.png"))
}

/// Saves a screenshot of the window to `screenshots/`, named by the simulated UTC.
fn screenshot(
    commands: &mut Commands,
    clock: &SimClock,
    status: &mut ScenarioStatus,
    taken: &mut Vec<PathBuf>,
) {
    let folder = Path::new("screenshots");
    let stamp = format_iso_millis(clock.utc());
    let hhmmss_millis = stamp[11..23].replace(':', "");
    let path = screenshot_path(folder, &hhmmss_millis, taken, Path::exists);
    if let Err(error) = std::fs::create_dir_all(folder) {
        status.notice = Some((
            format!("cannot create screenshots/: {error}"),
            Instant::now(),
        ));
    } else {
        status.notice = Some((
            format!("screenshot saved to {}", path.display()),
            Instant::now(),
        ));
        taken.push(path.clone());
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(path));
    }
}

/// Loads a scenario file; on failure keeps the running one and shows why.
fn reload_from(
    path: &Path,
    status: &mut ScenarioStatus,
    load: &mut MessageWriter<LoadScenario>,
    jump: &mut JumpTarget,
) {
    status.requested = Some(path.to_path_buf());
    match Scenario::load(path) {
        Ok(scenario) => {
            status.error = None;
            status.notice = Some((format!("loaded {}", path.display()), Instant::now()));
            load.write(LoadScenario(scenario));
            jump.0 = None;
        }
        Err(error) => status.error = Some(error.to_string()),
    }
}

/// Reloads the scenario file asked for last whenever the system reports it written, made,
/// renamed or deleted (a deleted file shows its error and the running scenario stays).
fn watch_file(
    scenario: Res<ActiveScenario>,
    mut status: ResMut<ScenarioStatus>,
    mut watch: ResMut<ScenarioWatch>,
    mut load: MessageWriter<LoadScenario>,
    mut jump: ResMut<JumpTarget>,
) {
    let wanted = status
        .requested
        .clone()
        .unwrap_or_else(|| scenario.0.source.clone());
    let watching = watch.watch.as_ref().map(FileWatch::path) == Some(wanted.as_path());
    if !watching && watch.refused.as_ref() != Some(&wanted) {
        match FileWatch::new(&wanted) {
            Ok(new) => watch.watch = Some(new),
            Err(error) => {
                watch.watch = None;
                watch.refused = Some(wanted.clone());
                let text = format!("not watching {}: {error}; R reloads it", wanted.display());
                status.notice = Some((text, Instant::now()));
            }
        }
        return;
    }
    if watch.watch.as_ref().is_some_and(FileWatch::take_changed) {
        reload_from(&wanted, &mut status, &mut load, &mut jump);
    }
}

/// The scenario file `step` places after (or before) `current` in its directory, by name.
fn neighbour_scenario(current: &Path, step: isize) -> Option<PathBuf> {
    let dir = current
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    let here = files
        .iter()
        .position(|p| p.file_name() == current.file_name())?;
    let next = (here as isize + step).rem_euclid(files.len() as isize) as usize;
    files.get(next).cloned()
}
