//! The flight window: time and place, the suit, the tether, his heart; the time controls; and
//! the scenario's state (its file's error, when it has one).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::utc_label;
use crate::sim::core::bodies::{Segment, SimBody};
use crate::sim::core::layout::Layout;
use crate::sim::craft::hatch::Hatches;
use crate::sim::world::environment::Environment;
use crate::sim::{ActiveScenario, EventLog, SimClock, Telemetry};
use crate::view::camera::GoToViewpoint;
use crate::view::control::{BUSY_RATE_MAX, RATES, ScenarioStatus, Seek, event_after, event_before};
use crate::view::follow::{CameraMode, FollowTarget, Mount, SetCamera};

/// How long a notice (a screenshot saved, a scenario loaded) stays, wall time.
const NOTICE_TIME: std::time::Duration = std::time::Duration::from_secs(6);

/// What the flight window reads.
#[derive(bevy::ecs::system::SystemParam)]
pub(super) struct FlightState<'w, 's> {
    clock: Res<'w, SimClock>,
    scenario: Res<'w, ActiveScenario>,
    env: Res<'w, Environment>,
    telemetry: Res<'w, Telemetry>,
    log: Res<'w, EventLog>,
    whereabouts: Res<'w, crate::sim::core::whereabouts::Whereabouts>,
    hatches: Res<'w, Hatches>,
    layout: Res<'w, Layout>,
    bodies: Query<'w, 's, (&'static SimBody, &'static GlobalTransform)>,
    status: Option<Res<'w, ScenarioStatus>>,
}

impl FlightState<'_, '_> {
    /// His pelvis from the centre of the airlock's outer hatch, m.
    fn airlock_distance_m(&self) -> Option<f32> {
        let mut airlock = None;
        let mut pelvis = None;
        for (body, at) in &self.bodies {
            match body {
                SimBody::Airlock => {
                    airlock = Some(at.transform_point(self.layout.outer_hatch_local_m()))
                }
                SimBody::Cosmonaut(Segment::Pelvis) => pelvis = Some(at.translation()),
                _ => {}
            }
        }
        Some(airlock?.distance(pelvis?))
    }

    /// Time since launch, `H:MM:SS`.
    fn mission_elapsed(&self) -> String {
        let s = (self.clock.utc() - self.scenario.0.launch)
            .to_seconds()
            .max(0.0) as u64;
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

/// The camera's mode and the messages that change it.
#[derive(bevy::ecs::system::SystemParam)]
pub(super) struct CameraControls<'w> {
    mode: Res<'w, CameraMode>,
    set: MessageWriter<'w, SetCamera>,
    go: MessageWriter<'w, GoToViewpoint>,
}

pub(super) fn window(
    mut contexts: EguiContexts,
    state: FlightState,
    mut time: ResMut<Time<Virtual>>,
    mut seek: MessageWriter<Seek>,
    mut camera: CameraControls,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    egui::Window::new("Flight")
        .default_pos([10.0, 10.0])
        .default_width(300.0)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label(egui::RichText::new(&state.scenario.0.file.name).strong());
            numbers(ui, &state);
            ui.separator();
            time_controls(ui, &state, &mut time, &mut seek);
            camera_choice(ui, &state.scenario.0, &mut camera);
            let notice = state.status.as_ref().and_then(|s| s.notice.as_ref());
            if let Some((text, at)) = notice.filter(|(_, at)| at.elapsed() < NOTICE_TIME) {
                ui.separator();
                ui.colored_label(egui::Color32::from_rgb(150, 230, 150), text);
                // Keep drawing while it shows, so it also goes when it should.
                ui.ctx()
                    .request_repaint_after(NOTICE_TIME.saturating_sub(at.elapsed()));
            }
            if let Some(error) = state.status.as_ref().and_then(|s| s.error.as_ref()) {
                ui.separator();
                ui.colored_label(
                    egui::Color32::from_rgb(255, 120, 100),
                    format!(
                        "Scenario not loaded; showing \"{}\" until it is fixed:",
                        state.scenario.0.file.name
                    ),
                );
                ui.label(egui::RichText::new(error).monospace().size(11.0));
            }
        });
    Ok(())
}

/// The numbers, two columns.
fn numbers(ui: &mut egui::Ui, state: &FlightState) {
    let env = &state.env;
    let row = state.telemetry.latest();
    let outcome = crate::sim::Outcome::decide(
        &state.log,
        &state.whereabouts,
        state.hatches.outer_hatch_open,
        state.clock.utc(),
    );
    let mut lines: Vec<(&str, String)> = vec![
        (
            "UTC",
            format!(
                "{}   elapsed {}",
                utc_label(&state.scenario.0, state.clock.t_s()),
                state.mission_elapsed()
            ),
        ),
        (
            "Over",
            format!(
                "{:.1}{} {:.1}{}, {:.0} km",
                env.subsat_lat_deg.abs(),
                if env.subsat_lat_deg >= 0.0 { 'N' } else { 'S' },
                env.subsat_lon_deg.abs(),
                if env.subsat_lon_deg >= 0.0 { 'E' } else { 'W' },
                env.altitude_km
            ),
        ),
        (
            "Light",
            if env.sunlit {
                format!("sunlit, Sun {:+.0} deg", env.sun_elevation_deg)
            } else {
                "in Earth's shadow".to_string()
            },
        ),
    ];
    if let Some(row) = row {
        let hatch_m = state.scenario.0.file.airlock.hatch_diameter_m;
        lines.extend([
            (
                "Suit",
                format!(
                    "{:.1} kPa   oxygen {:.2} kg",
                    row.suit_pressure_kpa, row.o2_remaining_kg
                ),
            ),
            (
                "Section",
                format!(
                    "{:.3} m against the hatch's {:.2} m ({:+.0} mm)",
                    row.suit_section_m,
                    hatch_m,
                    (row.suit_section_m - hatch_m) * 1000.0
                ),
            ),
            (
                "Tether",
                format!(
                    "{:.2} m of {:.2} m, {:.0} N",
                    row.tether_distance_m,
                    state.scenario.0.file.tether.length_m,
                    row.tether_tension_n
                ),
            ),
            (
                "Heart",
                format!(
                    "{:.0} bpm   {:.0} W   core {:.1} C",
                    row.heart_rate_bpm, row.metabolic_w, row.core_temp_c
                ),
            ),
        ]);
    }
    if let Some(distance) = state.airlock_distance_m() {
        lines.push(("Airlock", format!("{distance:.2} m from the outer hatch")));
    }
    lines.push(("Walk", walk_so_far(&outcome, state.clock.finished())));
    egui::Grid::new("flight numbers")
        .num_columns(2)
        .show(ui, |ui| {
            for (name, value) in lines {
                ui.label(egui::RichText::new(name).weak());
                ui.add(egui::Label::new(value).wrap());
                ui.end_row();
            }
        });
}

/// Pause, one step, the rate, and the recorded events either side.
fn time_controls(
    ui: &mut egui::Ui,
    state: &FlightState,
    time: &mut Time<Virtual>,
    seek: &mut MessageWriter<Seek>,
) {
    let now = state.clock.t_s();
    ui.horizontal(|ui| {
        if ui
            .button("|<")
            .on_hover_text("previous event (,)")
            .clicked()
        {
            seek.write(Seek(event_before(&state.scenario.0, now)));
        }
        let play = if time.is_paused() { "Play" } else { "Pause" };
        if ui.button(play).on_hover_text("Space").clicked() {
            if time.is_paused() {
                time.unpause();
            } else {
                time.pause();
            }
        }
        if ui
            .button("Step")
            .on_hover_text("one physics step (N)")
            .clicked()
        {
            time.pause();
            seek.write(Seek(now + state.clock.dt_s));
        }
        if ui.button(">|").on_hover_text("next event (.)").clicked()
            && let Some(next) = event_after(&state.scenario.0, now)
        {
            seek.write(Seek(next));
        }
    });
    let rate = time.relative_speed_f64();
    egui::ComboBox::from_label("rate ([ ])")
        .selected_text(format!("x{rate}"))
        .show_ui(ui, |ui| {
            for r in RATES {
                let label = if r > BUSY_RATE_MAX {
                    format!("x{r} (while nothing moves)")
                } else {
                    format!("x{r}")
                };
                if ui.selectable_label(rate == r, label).clicked() {
                    time.set_relative_speed_f64(r);
                }
            }
        });
}

/// The camera: following a body, flying free, or at one of the scenario's viewpoints.
fn camera_choice(
    ui: &mut egui::Ui,
    scenario: &crate::scenario::Scenario,
    camera: &mut CameraControls,
) {
    let current = match *camera.mode {
        CameraMode::Follow { target, .. } => format!("follow the {}", target.name()),
        CameraMode::Free => "free (WASD, right mouse)".to_string(),
        CameraMode::Mounted(Mount::FilmCamera) => "the 1965 film camera".to_string(),
        CameraMode::Mounted(Mount::Helmet) => "through his visor".to_string(),
    };
    egui::ComboBox::from_label("camera (F, C, G, 1-9)")
        .selected_text(current)
        .show_ui(ui, |ui| {
            for target in FollowTarget::ALL {
                if ui
                    .selectable_label(false, format!("follow the {}", target.name()))
                    .clicked()
                {
                    camera.set.write(SetCamera::to(CameraMode::follow(target)));
                }
            }
            for (mount, label) in [
                (Mount::FilmCamera, "the 1965 film camera (S-97)"),
                (Mount::Helmet, "through his visor"),
            ] {
                if ui.selectable_label(false, label).clicked() {
                    camera.set.write(SetCamera::to(CameraMode::Mounted(mount)));
                }
            }
            if ui.selectable_label(false, "free, from here").clicked() {
                camera.set.write(SetCamera::to(CameraMode::Free));
            }
            for (index, spec) in scenario.file.cameras.iter().enumerate() {
                if ui
                    .selectable_label(false, format!("{}: {}", index + 1, spec.name))
                    .clicked()
                {
                    camera.go.write(GoToViewpoint {
                        index,
                        instant: false,
                    });
                }
            }
        });
}

/// How the walk stands: the outcome once the run is over, and while it runs where he is and
/// when the hatch last stopped him (the outcome's words speak of the run's end).
fn walk_so_far(outcome: &crate::sim::Outcome, finished: bool) -> String {
    use crate::sim::Outcome;
    if finished {
        return outcome.to_string();
    }
    let stuck_note = |stuck: &Option<_>| {
        stuck
            .as_ref()
            .map(|s: &crate::sim::measure::outcome::Stuck| format!("; {s}"))
            .unwrap_or_default()
    };
    match outcome {
        Outcome::NeverOut => "in the airlock, not out yet".into(),
        Outcome::NeverClear { stuck, .. } => {
            format!(
                "in the airlock's mouth, not yet clear of it{}",
                stuck_note(stuck)
            )
        }
        Outcome::Returned { .. } => outcome.to_string(),
        Outcome::NotReturned {
            in_airlock,
            oxygen_exhausted,
            stuck,
            ..
        } => {
            let place = if *in_airlock {
                "back in the airlock, the outer hatch open"
            } else {
                "outside"
            };
            let empty = oxygen_exhausted
                .map(|at| {
                    format!(
                        "; oxygen ran out at {}",
                        crate::scenario::time::format_hms(at)
                    )
                })
                .unwrap_or_default();
            format!("{place}{empty}{}", stuck_note(stuck))
        }
    }
}
