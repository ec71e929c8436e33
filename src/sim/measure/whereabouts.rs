//! Detection: after each step, where his whole body is relative to the tube (wholly inside,
//! partly out, clear of it), whether the tether is taut, and what holds the outer hatch open.
//! Its result is the one measurement the dynamics may read (his heart answers open space).

use bevy::prelude::*;

use super::scene::Scene;
use crate::sim::core::clock::SimClock;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::schedule::SimStep;
use crate::sim::core::whereabouts::Whereabouts;
use crate::sim::craft::airlock::blocks_outer_hatch;
use crate::sim::craft::hatch::Hatches;
use crate::sim::craft::tether::{path_length, path_points};

/// Hysteresis of "clear of the airlock", m either way: a cosmonaut hovering at the hatch does
/// not flicker in the log.
const CLEAR_HYSTERESIS_M: f32 = 0.05;
/// The tether is taut from this share of its length.
const TAUT_SHARE: f64 = 0.995;
/// Once taut, the tether is slack again below this share of its length.
const SLACK_SHARE: f64 = 0.98;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(FixedUpdate, detect.in_set(SimStep::Detect));
}

/// Finds where he is and logs what changed.
pub fn detect(
    clock: Res<SimClock>,
    scene: Scene,
    hatches: Res<Hatches>,
    mut whereabouts: ResMut<Whereabouts>,
    mut log: ResMut<EventLog>,
) {
    let Some(snap) = scene.snapshot() else {
        return;
    };
    let layout = &scene.layout;
    let rope = snap.rope;
    let t = clock.t_s();
    let distance = f64::from(path_length(&path_points(
        layout,
        snap.airlock,
        snap.anchor_body.transform_point(rope.anchor_local_m),
        snap.harness_body.transform_point(rope.harness_local_m),
    )));
    let parts = scene.capsules_in_airlock(snap.airlock);
    // In the cabin he is neither in the tube nor outside it, and the tether is stowed.
    let aboard = !scene.cabin.in_cabin;
    let inside = aboard
        && parts.iter().all(|(a, b, r)| {
            a.y.max(b.y) + r < layout.airlock_length_m
                && Vec2::new(a.x, a.z)
                    .length()
                    .max(Vec2::new(b.x, b.z).length())
                    < layout.airlock_inner_radius_m
        });
    let was = whereabouts.clone();
    let mut push = |event| log.push(t, clock.utc(), event);
    if was.wholly_inside == Some(true) && !inside {
        push(SimEvent::LeftTube);
    }
    if was.wholly_inside == Some(false) && inside {
        push(SimEvent::WhollyInside);
    }
    // Clear of the airlock: no part of him in the tube or its mouth.
    let in_mouth = |margin: f32| {
        parts.iter().any(|&(a, b, radius)| {
            (0..=4).any(|k| {
                let p = a.lerp(b, k as f32 / 4.0);
                p.y - radius < layout.airlock_length_m + margin
                    && Vec2::new(p.x, p.z).length() < layout.airlock_inner_radius_m + margin
            })
        })
    };
    let clear = aboard
        && if was.clear {
            !in_mouth(-CLEAR_HYSTERESIS_M)
        } else {
            !in_mouth(CLEAR_HYSTERESIS_M)
        };
    if clear && !was.clear {
        push(SimEvent::ClearOfAirlock);
    }
    let length_m = f64::from(rope.length_m);
    let taut = aboard && distance >= TAUT_SHARE * length_m;
    if taut && !was.tether_taut {
        push(SimEvent::TetherTaut {
            distance_m: distance,
        });
    }
    let slack = distance < SLACK_SHARE * length_m;
    // The drive has run its course and the plate is still off its seat: say what holds it.
    let report_block = hatches.outer_blocked && !was.hatch_block_reported;
    if report_block {
        let by_cosmonaut = parts
            .iter()
            .any(|&(a, b, radius)| blocks_outer_hatch(layout, a, b, radius));
        push(SimEvent::OuterHatchBlocked { by_cosmonaut });
    }
    *whereabouts = Whereabouts {
        wholly_inside: aboard.then_some(inside),
        clear,
        tether_distance_m: if aboard { distance } else { 0.0 },
        tether_taut: taut || (was.tether_taut && !slack),
        has_left_tube: was.has_left_tube || (aboard && !inside),
        has_been_clear: was.has_been_clear || clear,
        hatch_block_reported: hatches.outer_blocked && (was.hatch_block_reported || report_block),
    };
}
