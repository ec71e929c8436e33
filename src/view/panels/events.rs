//! The events: the record's timeline and the simulation's log side by side, each note wrapped
//! whole; and each event's note shown over the scene for a few seconds as it happens.

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::{Walk, utc_label};
use crate::scenario::time::format_hms;
use crate::sim::{ActiveScenario, EventLog, SimClock};

/// How long an event's note stays over the scene, wall time.
const TOAST_TIME: Duration = Duration::from_secs(7);

/// Notes shown as their events happen, newest last, with when they appeared.
#[derive(Resource, Default)]
pub(super) struct Toasts {
    shown: Vec<(String, Instant)>,
    /// Log entries and recorded events already announced (counts), and the time they were
    /// counted at: a run that goes back starts counting afresh.
    log_seen: usize,
    record_seen: usize,
    at_t_s: f64,
}

pub(super) fn window(mut contexts: EguiContexts, mut walk: Walk) -> Result {
    let ctx = contexts.ctx_mut()?;
    let now = walk.now_t_s();
    let scenario = walk.scenario.0.clone();
    let mut go_to = None;
    egui::Window::new("Events")
        .default_pos([ctx.content_rect().width() - 370.0, 10.0])
        .default_width(360.0)
        .show(ctx, |ui| {
            egui::CollapsingHeader::new("The record")
                .default_open(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("record")
                        .max_height(110.0)
                        .show(ui, |ui| {
                            for event in &scenario.events {
                                let passed = event.t_s <= now;
                                let text =
                                    format!("{}  {}", utc_label(&scenario, event.t_s), event.note);
                                let label = egui::RichText::new(text);
                                let label = if passed { label } else { label.weak() };
                                let clicked = ui
                                    .add(egui::Label::new(label).wrap().sense(egui::Sense::click()))
                                    .on_hover_text("go there")
                                    .clicked();
                                if clicked {
                                    go_to = Some(event.t_s);
                                }
                            }
                        });
                });
            egui::CollapsingHeader::new("The simulation's log")
                .default_open(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("log")
                        .max_height(110.0)
                        .stick_to_bottom(true)
                        .show(ui, |ui| {
                            for entry in &walk.log.entries {
                                ui.add(
                                    egui::Label::new(format!(
                                        "{}  {}",
                                        format_hms(entry.utc),
                                        entry.event
                                    ))
                                    .wrap(),
                                );
                            }
                        });
                });
        });
    if let Some(t_s) = go_to {
        walk.go_to(t_s);
    }
    Ok(())
}

/// New log entries and recorded events, each shown over the scene for a while.
pub(super) fn toasts(
    mut contexts: EguiContexts,
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    log: Res<EventLog>,
    mut toasts: ResMut<Toasts>,
) -> Result {
    let now = clock.t_s();
    if now < toasts.at_t_s || log.entries.len() < toasts.log_seen {
        // Back in time (a reload or a jump back): nothing is announced twice at once.
        toasts.log_seen = log.entries.len();
        toasts.record_seen = scenario.0.events.iter().filter(|e| e.t_s <= now).count();
        toasts.shown.clear();
    }
    toasts.at_t_s = now;
    let fresh: Vec<String> = log.entries[toasts.log_seen..]
        .iter()
        .map(|e| format!("{}  {}", format_hms(e.utc), e.event))
        .chain(
            scenario
                .0
                .events
                .iter()
                .skip(toasts.record_seen)
                .take_while(|e| e.t_s <= now)
                .map(|e| format!("{}  (record) {}", utc_label(&scenario.0, e.t_s), e.note)),
        )
        .collect();
    toasts.log_seen = log.entries.len();
    toasts.record_seen = scenario.0.events.iter().filter(|e| e.t_s <= now).count();
    let wall = Instant::now();
    toasts
        .shown
        .extend(fresh.into_iter().map(|text| (text, wall)));
    toasts.shown.retain(|(_, at)| at.elapsed() < TOAST_TIME);
    // Jumping ahead can pass dozens at once: the latest few are enough.
    let excess = toasts.shown.len().saturating_sub(3);
    toasts.shown.drain(..excess);
    if toasts.shown.is_empty() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    egui::Area::new(egui::Id::new("event toasts"))
        .anchor(egui::Align2::CENTER_TOP, [0.0, 12.0])
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(520.0);
                for (text, _) in &toasts.shown {
                    ui.add(egui::Label::new(text.as_str()).wrap());
                }
            });
        });
    Ok(())
}
