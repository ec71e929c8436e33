//! The viewer's panels, drawn with egui: the flight's numbers and time controls, the events as
//! they happen, plots over time, and a timeline bar to click or drag through the window. Panels
//! collapse and move; text wraps; the pointer and keys over a panel never reach the camera.

mod events;
mod flight;
mod plots;
mod scenarios;
mod timeline;

use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

use super::follow::UiHasInput;
use crate::scenario::Scenario;
use crate::scenario::time::format_hms;

/// Whether the panels are drawn: H toggles them; a shot leaves them out unless asked.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PanelsShown(pub bool);

/// The panels; `shown` says whether they start drawn.
pub struct PanelsPlugin {
    /// Draw them from the first frame.
    pub shown: bool,
}

impl Plugin for PanelsPlugin {
    fn build(&self, app: &mut App) {
        if !app.is_plugin_added::<EguiPlugin>() {
            app.add_plugins(EguiPlugin::default());
        }
        // A shot has no controls, but its panels still take clicks.
        app.add_message::<crate::view::control::Seek>()
            .add_message::<crate::view::control::OpenScenario>()
            .insert_resource(PanelsShown(self.shown))
            .init_resource::<events::Toasts>()
            .init_resource::<scenarios::Catalogue>()
            .add_systems(
                EguiPrimaryContextPass,
                (
                    style_once,
                    timeline::bar,
                    flight::window,
                    events::window,
                    plots::window,
                    scenarios::window,
                    events::toasts,
                )
                    .chain()
                    .run_if(|shown: Res<PanelsShown>| shown.0),
            )
            .add_systems(PreUpdate, note_ui_input)
            .add_systems(Update, toggle);
    }
}

/// Reads egui's claim on the input into [`UiHasInput`].
fn note_ui_input(wants: Option<Res<EguiWantsInput>>, mut has: ResMut<UiHasInput>) {
    let claimed =
        wants.is_some_and(|w| w.wants_any_pointer_input() || w.wants_any_keyboard_input());
    if has.0 != claimed {
        has.0 = claimed;
    }
}

fn toggle(input: Res<ButtonInput<KeyCode>>, has: Res<UiHasInput>, mut shown: ResMut<PanelsShown>) {
    if input.just_pressed(KeyCode::KeyH) && !has.0 {
        shown.0 = !shown.0;
    }
}

/// Panels a little see-through, so the scene shows behind them.
fn style_once(mut contexts: EguiContexts, mut done: Local<bool>) -> Result {
    if *done {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    ctx.all_styles_mut(|style| {
        style.visuals = egui::Visuals::dark();
        style.visuals.window_fill = egui::Color32::from_rgba_unmultiplied(12, 14, 20, 200);
        style.visuals.panel_fill = egui::Color32::from_rgba_unmultiplied(12, 14, 20, 190);
    });
    *done = true;
    Ok(())
}

/// What most panels read (the moment, the scenario, the log) and the one thing they ask for:
/// going to a moment.
#[derive(bevy::ecs::system::SystemParam)]
pub(super) struct Walk<'w> {
    clock: Res<'w, crate::sim::SimClock>,
    scenario: Res<'w, crate::sim::ActiveScenario>,
    log: Res<'w, crate::sim::EventLog>,
    seek: MessageWriter<'w, crate::view::control::Seek>,
}

impl Walk<'_> {
    /// Seconds into the window.
    fn now_t_s(&self) -> f64 {
        self.clock.t_s()
    }

    /// Goes to a moment, s into the window.
    fn go_to(&mut self, t_s: f64) {
        self.seek.write(crate::view::control::Seek(t_s));
    }
}

/// `HH:MM:SS` UTC of a moment `t_s` into the scenario's window.
fn utc_label(scenario: &Scenario, t_s: f64) -> String {
    format_hms(scenario.utc_at(t_s))
}
