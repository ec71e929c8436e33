//! The timeline bar across the bottom of the window: the whole scenario window with the
//! record's events above the line and the simulation's own below, minute ticks in UTC, and the
//! moment shown. Click anywhere or drag the marker to go to that moment, backwards too.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::{Walk, utc_label};

/// Height of the bar, pixels.
const BAR_HEIGHT: f32 = 46.0;
const RECORD: egui::Color32 = egui::Color32::from_rgb(255, 170, 60);
const SIMULATION: egui::Color32 = egui::Color32::from_rgb(110, 190, 255);

pub(super) fn bar(mut contexts: EguiContexts, mut walk: Walk) -> Result {
    let ctx = contexts.ctx_mut()?;
    let scenario = &walk.scenario.0.clone();
    let mut go_to = None;
    let span_s = scenario.duration_s().max(1e-6);
    let width = ctx.content_rect().width();
    let area = egui::Area::new(egui::Id::new("timeline"))
        .anchor(egui::Align2::LEFT_BOTTOM, [0.0, 0.0])
        .order(egui::Order::Background);
    area.show(ctx, |ui| {
        // Nearly opaque: the bar lies over the bright Earth, and its ticks must read.
        let fill = egui::Color32::from_rgba_unmultiplied(8, 10, 16, 235);
        let (rect, response) =
            ui.allocate_exact_size(egui::vec2(width, BAR_HEIGHT), egui::Sense::click_and_drag());
        ui.painter().rect_filled(rect, 0.0, fill);
        let line = rect.shrink2(egui::vec2(40.0, 0.0));
        let x_of = |t_s: f64| line.left() + (t_s / span_s).clamp(0.0, 1.0) as f32 * line.width();
        let t_of = |x: f32| ((x - line.left()) / line.width()).clamp(0.0, 1.0) as f64 * span_s;
        let painter = ui.painter_at(rect);
        let mid = rect.center().y;
        painter.line_segment(
            [egui::pos2(line.left(), mid), egui::pos2(line.right(), mid)],
            (2.0, egui::Color32::GRAY),
        );
        ticks(&painter, scenario, span_s, &x_of, mid);
        let mut hovered = None;
        let pointer = response.hover_pos();
        for event in &scenario.events {
            let x = x_of(event.t_s);
            painter.line_segment(
                [egui::pos2(x, mid - 14.0), egui::pos2(x, mid)],
                (2.0, RECORD),
            );
            if pointer.is_some_and(|p| (p.x - x).abs() < 4.0 && p.y < mid) {
                hovered = Some(format!(
                    "{}  (record) {}",
                    utc_label(scenario, event.t_s),
                    event.note
                ));
            }
        }
        for entry in &walk.log.entries {
            let x = x_of(entry.t_s);
            painter.line_segment(
                [egui::pos2(x, mid), egui::pos2(x, mid + 12.0)],
                (1.5, SIMULATION),
            );
            if pointer.is_some_and(|p| (p.x - x).abs() < 4.0 && p.y >= mid) {
                hovered = Some(format!(
                    "{}  {}",
                    utc_label(scenario, entry.t_s),
                    entry.event
                ));
            }
        }
        let now_x = x_of(walk.now_t_s());
        painter.line_segment(
            [
                egui::pos2(now_x, rect.top() + 2.0),
                egui::pos2(now_x, rect.bottom() - 2.0),
            ],
            (3.0, egui::Color32::WHITE),
        );
        // Dragging shows where it will land; letting go (or a click) goes there.
        if let Some(p) = response
            .interact_pointer_pos()
            .filter(|_| response.dragged())
        {
            let x = p.x.clamp(line.left(), line.right());
            painter.line_segment(
                [egui::pos2(x, rect.top()), egui::pos2(x, rect.bottom())],
                (2.0, egui::Color32::YELLOW),
            );
            hovered = Some(format!("go to {}", utc_label(scenario, t_of(x))));
        }
        if (response.drag_stopped() || response.clicked())
            && let Some(p) = response.interact_pointer_pos()
        {
            go_to = Some(t_of(p.x));
        }
        if let Some(text) = hovered {
            response.on_hover_text_at_pointer(text);
        }
    });
    if let Some(t_s) = go_to {
        walk.go_to(t_s);
    }
    Ok(())
}

/// A tick and its `HH:MM` every so many minutes, so that about a dozen fit.
fn ticks(
    painter: &egui::Painter,
    scenario: &crate::scenario::Scenario,
    span_s: f64,
    x_of: &dyn Fn(f64) -> f32,
    mid: f32,
) {
    let step_s = [60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 7200.0]
        .into_iter()
        .find(|s| span_s / s <= 14.0)
        .unwrap_or(14_400.0);
    // Ticks on whole minutes of UTC, wherever the window starts.
    let offset_s = step_s - (scenario.start.to_utc_seconds() % step_s);
    let mut t_s = offset_s % step_s;
    while t_s <= span_s {
        let x = x_of(t_s);
        painter.line_segment(
            [egui::pos2(x, mid - 4.0), egui::pos2(x, mid + 4.0)],
            (1.0, egui::Color32::LIGHT_GRAY),
        );
        let label = utc_label(scenario, t_s);
        painter.text(
            egui::pos2(x, mid + 14.0),
            egui::Align2::CENTER_TOP,
            &label[..5],
            egui::FontId::proportional(11.0),
            egui::Color32::LIGHT_GRAY,
        );
        t_s += step_s;
    }
}
