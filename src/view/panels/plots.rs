//! Plots over the run so far: the suit's pressure, its section against the hatch, the
//! tether's pull and length, his heart and metabolic rate, the oxygen left. The moment shown is
//! marked; a click on any plot goes to that moment.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui_plot::{HLine, Line, Plot, PlotPoints, VLine};

use super::{Walk, utc_label};
use crate::sim::TelemetryRow;
use crate::view::history::History;

/// Most points drawn per line: about one per pixel of a plot's width, so that a long run costs
/// no more to draw than a short one.
const POINTS_MAX: usize = 400;

/// Height of each plot, pixels.
const PLOT_HEIGHT: f32 = 50.0;

/// One plot: its title, the value drawn from a row, and a level to mark (the hatch, the
/// tether's length).
struct Series {
    title: &'static str,
    value: fn(&TelemetryRow) -> f64,
    level: Option<(String, f64)>,
}

fn series(scenario: &crate::scenario::Scenario) -> Vec<Series> {
    let hatch = ("hatch".to_string(), scenario.file.airlock.hatch_diameter_m);
    let tether = ("tether length".to_string(), scenario.file.tether.length_m);
    let table: [(
        &'static str,
        fn(&TelemetryRow) -> f64,
        Option<(String, f64)>,
    ); 7] = [
        ("suit pressure, kPa", |r| r.suit_pressure_kpa, None),
        ("suit section, m", |r| r.suit_section_m, Some(hatch)),
        ("tether tension, N", |r| r.tether_tension_n, None),
        ("tether distance, m", |r| r.tether_distance_m, Some(tether)),
        ("heart rate, bpm", |r| r.heart_rate_bpm, None),
        ("metabolic rate, W", |r| r.metabolic_w, None),
        ("oxygen left, kg", |r| r.o2_remaining_kg, None),
    ];
    table
        .into_iter()
        .map(|(title, value, level)| Series {
            title,
            value,
            level,
        })
        .collect()
}

pub(super) fn window(mut contexts: EguiContexts, mut walk: Walk, history: Res<History>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let rows = history.rows();
    let stride = rows.len().div_ceil(POINTS_MAX).max(1);
    let now = walk.now_t_s();
    let scenario = walk.scenario.0.clone();
    let mut go_to = None;
    let size = ctx.content_rect().size();
    // Under the events window, down to the timeline.
    let top = 330.0_f32.min(size.y * 0.45);
    egui::Window::new("Plots")
        .default_pos([size.x - 370.0, top])
        .default_width(360.0)
        .show(ctx, |ui| {
            let room = (size.y - top - 110.0).max(120.0);
            egui::ScrollArea::vertical()
                .max_height(room)
                .show(ui, |ui| {
                    for s in series(&scenario) {
                        if let Some(t_s) = plot(ui, &s, rows, stride, now, &scenario) {
                            go_to = Some(t_s);
                        }
                    }
                });
        });
    if let Some(t_s) = go_to {
        walk.go_to(t_s);
    }
    Ok(())
}

/// Draws one plot; the moment clicked, if any.
fn plot(
    ui: &mut egui::Ui,
    series: &Series,
    rows: &[TelemetryRow],
    stride: usize,
    now_t_s: f64,
    scenario: &crate::scenario::Scenario,
) -> Option<f64> {
    ui.label(egui::RichText::new(series.title).small());
    let points: PlotPoints = rows
        .iter()
        .step_by(stride)
        .chain(rows.last())
        .map(|r| [r.t_s, (series.value)(r)])
        .collect();
    let response = Plot::new(series.title)
        .height(PLOT_HEIGHT)
        .link_axis("telemetry", [true, false])
        .link_cursor("telemetry", [true, false])
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_axes([false, true])
        .y_axis_min_width(36.0)
        .label_formatter(|hover| {
            let point = match hover {
                egui_plot::HoverPosition::NearDataPoint { position, .. }
                | egui_plot::HoverPosition::Elsewhere { position } => position,
            };
            Some(format!("{}\n{:.3}", utc_label(scenario, point.x), point.y))
        })
        .show(ui, |plot_ui| {
            plot_ui.line(Line::new(series.title, points));
            if let Some((name, level)) = &series.level {
                plot_ui.hline(
                    HLine::new(name.as_str(), *level).style(egui_plot::LineStyle::dashed_dense()),
                );
            }
            plot_ui.vline(VLine::new("now", now_t_s).color(egui::Color32::WHITE));
        });
    if response.response.clicked() {
        let at = response.response.interact_pointer_pos()?;
        return Some(response.transform.value_from_position(at).x);
    }
    None
}
