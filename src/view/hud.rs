//! The heads-up display: time and rate, where the spacecraft is, telemetry, the recorded timeline,
//! the latest log lines, scenario errors and the controls.

use std::time::Duration;

use bevy::prelude::*;

use super::control::{JumpTarget, ScenarioStatus};
use crate::scenario::time::format_hms;
use crate::sim::world::environment::Environment;
use crate::sim::{ActiveScenario, EventLog, SimClock, Telemetry};

/// How long a notice stays on screen.
const NOTICE_TIME: Duration = Duration::from_secs(4);

#[derive(Component)]
struct StatusText;
#[derive(Component)]
struct TimelineText;
#[derive(Component)]
struct ErrorText;
#[derive(Component)]
struct HudRoot;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_hud).add_systems(
        Update,
        (update_status, update_timeline, update_error, toggle),
    );
}

fn text_block(size: f32) -> (TextFont, TextColor) {
    (
        TextFont {
            font_size: FontSize::Px(size),
            ..default()
        },
        TextColor(Color::srgb(0.92, 0.92, 0.88)),
    )
}

fn spawn_hud(mut commands: Commands) {
    let panel = BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.45));
    commands
        .spawn((
            HudRoot,
            Node {
                width: percent(100),
                height: percent(100),
                ..default()
            },
        ))
        .with_children(|root| {
            root.spawn((
                Node {
                    position_type: PositionType::Absolute,
                    left: px(12),
                    top: px(10),
                    padding: UiRect::all(px(8)),
                    ..default()
                },
                panel,
            ))
            .with_child((StatusText, Text::new(""), text_block(15.0)));
            root.spawn((
                Node {
                    position_type: PositionType::Absolute,
                    right: px(12),
                    top: px(10),
                    padding: UiRect::all(px(8)),
                    ..default()
                },
                panel,
            ))
            .with_child((TimelineText, Text::new(""), text_block(13.0)));
            root.spawn((Node {
                position_type: PositionType::Absolute,
                left: px(12),
                bottom: px(10),
                max_width: percent(90),
                ..default()
            },))
                .with_child((
                    ErrorText,
                    Text::new(""),
                    TextFont {
                        font_size: FontSize::Px(14.0),
                        ..default()
                    },
                    TextColor(Color::srgb(1.0, 0.45, 0.4)),
                ));
        });
}

/// What the spacewalk's outcome so far is decided from.
#[derive(bevy::ecs::system::SystemParam)]
struct WalkState<'w> {
    log: Res<'w, EventLog>,
    whereabouts: Res<'w, crate::sim::core::whereabouts::Whereabouts>,
    hatches: Res<'w, crate::sim::craft::hatch::Hatches>,
}

impl WalkState<'_> {
    fn outcome(&self, now: hifitime::Epoch) -> crate::sim::Outcome {
        crate::sim::Outcome::decide(
            &self.log,
            &self.whereabouts,
            self.hatches.outer_hatch_open,
            now,
        )
    }
}

fn update_status(
    clock: Res<SimClock>,
    time: Res<Time<Virtual>>,
    scenario: Res<ActiveScenario>,
    env: Res<Environment>,
    telemetry: Res<Telemetry>,
    walk: WalkState,
    jump: Option<Res<JumpTarget>>,
    mut text: Query<&mut Text, With<StatusText>>,
) {
    let rate = if time.is_paused() {
        "paused".to_string()
    } else {
        format!("x{}", time.relative_speed_f64())
    };
    let jumping = jump
        .and_then(|j| j.0)
        .map(|t| format!("  (jumping to {})", format_hms(scenario.0.utc_at(t))))
        .unwrap_or_default();
    let (ns, ew) = (
        if env.subsat_lat_deg >= 0.0 { 'N' } else { 'S' },
        if env.subsat_lon_deg >= 0.0 { 'E' } else { 'W' },
    );
    let mut lines = vec![
        scenario.0.file.name.clone(),
        format!("{} UTC  {rate}{jumping}", format_hms(clock.utc())),
        format!(
            "over {:.1}{ns} {:.1}{ew}, {:.0} km, {}, Sun {:+.0} deg",
            env.subsat_lat_deg.abs(),
            env.subsat_lon_deg.abs(),
            env.altitude_km,
            if env.sunlit {
                "sunlit"
            } else {
                "in Earth's shadow"
            },
            env.sun_elevation_deg
        ),
    ];
    if let Some(row) = telemetry.latest() {
        lines.push(format!(
            "suit {:.1} kPa   O2 {:.2} kg   tether {:.2} m, {:.0} N   speed {:.2} m/s   {}",
            row.suit_pressure_kpa,
            row.o2_remaining_kg,
            row.tether_distance_m,
            row.tether_tension_n,
            row.cosmonaut_speed_mps,
            if row.cosmonaut_in_airlock {
                "in the airlock"
            } else {
                "outside"
            }
        ));
        // Two short lines, so that neither runs under the timeline on the right.
        lines.push(format!(
            "suit section {:.3} m (hatch {:.2} m)   fingers {:.0} mm back in the gloves",
            row.suit_section_m, scenario.0.file.airlock.hatch_diameter_m, row.glove_slip_mm,
        ));
        lines.push(format!(
            "heart {:.0} bpm   core {:.1} C   sweat {:.2} kg",
            row.heart_rate_bpm, row.core_temp_c, row.sweat_kg
        ));
        lines.push(format!("spacewalk: {}", walk.outcome(clock.utc()).status()));
    }
    for mut t in &mut text {
        *t = Text::new(lines.join("\n"));
    }
}

fn update_timeline(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    log: Res<EventLog>,
    mut text: Query<&mut Text, With<TimelineText>>,
) {
    let now = clock.t_s();
    let mut lines = vec!["TIMELINE (record)".to_string()];
    for event in &scenario.0.events {
        let mark = if event.t_s <= now { "  " } else { "> " };
        let what = if event.note.is_empty() {
            format!("{:?}", event.kind)
        } else {
            event.note.clone()
        };
        let what: String = what.chars().take(46).collect();
        lines.push(format!("{mark}{} {what}", format_hms(event.utc)));
    }
    lines.push(String::new());
    lines.push("LOG (simulation)".into());
    for entry in log
        .entries
        .iter()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        let text: String = entry.event.to_string().chars().take(52).collect();
        lines.push(format!("{} {text}", format_hms(entry.utc)));
    }
    for mut t in &mut text {
        *t = Text::new(lines.join("\n"));
    }
}

fn update_error(
    status: Option<Res<ScenarioStatus>>,
    mut text: Query<(&mut Text, &mut TextColor), With<ErrorText>>,
) {
    let controls = "Mouse (hold right) look   WASD/QE fly   Shift fast   wheel speed   Space pause   [ ] rate   \
                    . , next/prev event   Backspace restart   R reload   PgUp/PgDn scenario   1-9 views   F12 shot   H hide";
    let (message, color) = match status.as_deref() {
        Some(ScenarioStatus {
            error: Some(error), ..
        }) => (
            format!("scenario not loaded, still showing the previous one:\n{error}"),
            Color::srgb(1.0, 0.45, 0.4),
        ),
        Some(ScenarioStatus {
            notice: Some((notice, at)),
            ..
        }) if at.elapsed() < NOTICE_TIME => (notice.clone(), Color::srgb(0.6, 0.9, 0.6)),
        Some(_) => (controls.to_string(), Color::srgba(0.85, 0.85, 0.8, 0.7)),
        None => (String::new(), Color::NONE),
    };
    for (mut t, mut c) in &mut text {
        if t.0 != message {
            *t = Text::new(message.clone());
            c.0 = color;
        }
    }
}

fn toggle(input: Res<ButtonInput<KeyCode>>, mut hud: Query<&mut Visibility, With<HudRoot>>) {
    if input.just_pressed(KeyCode::KeyH) {
        for mut v in &mut hud {
            v.toggle_visible_hidden();
        }
    }
}
