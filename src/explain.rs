//! Why he gets in or not: a headless run that watches every try at the hatch's mouth, where he
//! strains with most of his strength while the rim holds him, and reports for each the suit's
//! pressure and section against the hatch, how hard he pushed, how much the pressed suit's
//! friction on the rim could hold and held, how hard the rim's contact pushed back (along the
//! tube and in all), and which parts of him it held.

use std::fmt::Write as _;

use bevy::app::FixedMain;
use bevy::prelude::*;

use crate::headless::{outcome_of, sim_app};
use crate::scenario::Scenario;
use crate::sim::core::bodies::{Segment, SimBody};
use crate::sim::core::events::describe;
use crate::sim::cosmonaut::anatomy::CosmonautFigure;
use crate::sim::cosmonaut::ballooning::shoulder_section;
use crate::sim::cosmonaut::control::Controller;
use crate::sim::cosmonaut::physiology::Exertion;
use crate::sim::cosmonaut::squeeze::Squeeze;
use crate::sim::cosmonaut::suit::SuitState;
use crate::sim::measure::contact::RimContact;
use crate::sim::{Outcome, SimClock};

/// Share of his strength above which he counts as straining.
const STRAINING_SHARE: f64 = 0.9;
/// The rim's push above which he counts as held by it, N.
const HELD_N: f32 = 20.0;
/// A pause in the straining shorter than this joins two stretches into one try, s.
const SAME_TRY_GAP_S: f64 = 0.5;

/// One try at the hatch's mouth: a stretch of straining against the rim.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Try {
    /// What he was doing (for instance "enter the airlock head first").
    pub action: String,
    /// When it began and ended, s into the window.
    pub span_s: (f64, f64),
    /// When it began, UTC.
    pub start_utc: String,
    /// Suit pressure, kPa (mean over the try).
    pub pressure_kpa: f64,
    /// His section at the shoulders, m (mean).
    pub section_m: f64,
    /// His push, N (mean).
    pub push_n: f64,
    /// The rim's push on him along the tube, against his way, N (mean).
    pub rim_along_n: f64,
    /// The sizes of the rim's pushes on his parts summed, N (mean).
    pub rim_total_n: f64,
    /// What the pressed suit's friction on the rim held him with along the tube, N (mean).
    pub squeeze_n: f64,
    /// The most that friction could hold, N (mean): `mu p A`.
    pub squeeze_hold_n: f64,
    /// Length of the rim's edge the suit pressed on, m (mean).
    pub pressed_arc_m: f64,
    /// The parts it held, with the mean size of its push on each, largest first, N.
    pub parts: Vec<(Segment, f64)>,
    /// Steps summed.
    steps: u32,
}

/// What the run showed.
#[derive(Clone, Debug)]
pub struct Explanation {
    /// The tries, in time order.
    pub tries: Vec<Try>,
    /// How it ended.
    pub outcome: Outcome,
}

/// Runs `scenario` to the end of its window and gathers every try at the hatch.
pub fn explain(scenario: Scenario) -> Explanation {
    let max_n = scenario.file.cosmonaut.max_arm_force_n;
    let actions: Vec<String> = scenario
        .actions
        .iter()
        .map(|a| describe(&a.action))
        .collect();
    let mut app = sim_app(scenario);
    let steps = {
        let clock = app.world().resource::<SimClock>();
        clock.steps_until(clock.end_t_s)
    };
    let mut tries: Vec<Try> = Vec::new();
    let mut last_straining_s = f64::NEG_INFINITY;
    for _ in 0..steps {
        app.world_mut().run_schedule(FixedMain);
        let world = app.world_mut();
        let t_s = world.resource::<SimClock>().t_s();
        let push_n = world.resource::<Exertion>().arm_force_n;
        let rim = world.resource::<RimContact>().clone();
        let squeeze = world.resource::<Squeeze>();
        let squeeze = (
            f64::from(squeeze.applied_n.abs()),
            f64::from(squeeze.hold_n),
            f64::from(squeeze.pressed_arc_m),
        );
        if push_n < STRAINING_SHARE * max_n || (rim.total_n < HELD_N && squeeze.0 < HELD_N.into()) {
            continue;
        }
        let axis = tube_axis(world);
        let action = world
            .resource::<Controller>()
            .run
            .as_ref()
            .and_then(|r| actions.get(r.index).cloned())
            .unwrap_or_default();
        if t_s - last_straining_s > SAME_TRY_GAP_S || tries.is_empty() {
            let utc = world.resource::<SimClock>().utc();
            tries.push(Try {
                action,
                span_s: (t_s, t_s),
                start_utc: crate::scenario::time::format_iso_millis(utc),
                ..Try::default()
            });
        }
        last_straining_s = t_s;
        let section_m = f64::from(shoulder_section(&world.resource::<CosmonautFigure>().0).1);
        let pressure_kpa = world.resource::<SuitState>().pressure_kpa;
        if let Some(current) = tries.last_mut() {
            add(current, t_s, (pressure_kpa, section_m, push_n), &rim, axis);
            current.squeeze_n += squeeze.0;
            current.squeeze_hold_n += squeeze.1;
            current.pressed_arc_m += squeeze.2;
        }
    }
    let outcome = outcome_of(app.world_mut()).unwrap_or(Outcome::NeverOut);
    for t in &mut tries {
        finish(t);
    }
    Explanation { tries, outcome }
}

/// The tube's axis, outwards, simulation frame.
fn tube_axis(world: &mut World) -> Vec3 {
    let mut bodies = world.query::<(&SimBody, &Transform)>();
    bodies
        .iter(world)
        .find(|(b, _)| **b == SimBody::Airlock)
        .map_or(Vec3::Y, |(_, t)| t.rotation * Vec3::Y)
}

/// Adds one step to a try's sums.
fn add(t: &mut Try, t_s: f64, (p, section, push): (f64, f64, f64), rim: &RimContact, axis: Vec3) {
    t.span_s.1 = t_s;
    t.steps += 1;
    t.pressure_kpa += p;
    t.section_m += section;
    t.push_n += push;
    t.rim_total_n += f64::from(rim.total_n);
    // Against his way: the rim's push along the tube, whichever way he strains, is what holds
    // him; its sign is the rim's, its size what he must overcome.
    t.rim_along_n += f64::from(rim.net_n().dot(axis).abs());
    for (segment, force) in &rim.by_segment {
        match t.parts.iter_mut().find(|(s, _)| s == segment) {
            Some((_, sum)) => *sum += f64::from(force.length()),
            None => t.parts.push((*segment, f64::from(force.length()))),
        }
    }
}

/// Turns a try's sums into means, its parts largest first.
fn finish(t: &mut Try) {
    let n = f64::from(t.steps.max(1));
    t.pressure_kpa /= n;
    t.section_m /= n;
    t.push_n /= n;
    t.rim_total_n /= n;
    t.rim_along_n /= n;
    t.squeeze_n /= n;
    t.squeeze_hold_n /= n;
    t.pressed_arc_m /= n;
    for (_, sum) in &mut t.parts {
        *sum /= n;
    }
    t.parts.sort_by(|a, b| b.1.total_cmp(&a.1));
}

/// The explanation as text: a line per try, then the outcome.
pub fn report(scenario: &Scenario, explanation: &Explanation) -> String {
    let f = &scenario.file;
    let hatch_m = f.airlock.hatch_diameter_m;
    let mut out = format!(
        "{}: hatch {hatch_m:.3} m, his strength {:.0} N\n",
        f.name, f.cosmonaut.max_arm_force_n
    );
    if explanation.tries.is_empty() {
        out.push_str("he never strained against the rim\n");
    }
    for t in &explanation.tries {
        let over_mm = (t.section_m - hatch_m) * 1000.0;
        let parts: Vec<String> = t
            .parts
            .iter()
            .take(3)
            .map(|(s, n)| format!("{} {n:.0} N", s.name()))
            .collect();
        let _ = writeln!(
            out,
            "{} ({:.1} s), {}: suit {:.1} kPa, section {:.3} m ({over_mm:+.0} mm on the hatch); \
             he pushed {:.0} N; the suit pressed on {:.2} m of the rim's edge, whose friction \
             holds up to {:.0} N and held {:.0} N; the rim's contact pushed back {:.0} N along \
             the tube ({:.0} N in all), on: {}",
            &t.start_utc[11..19],
            t.span_s.1 - t.span_s.0,
            t.action,
            t.pressure_kpa,
            t.section_m,
            t.push_n,
            t.pressed_arc_m,
            t.squeeze_hold_n,
            t.squeeze_n,
            t.rim_along_n,
            t.rim_total_n,
            if parts.is_empty() {
                "none".to_string()
            } else {
                parts.join(", ")
            }
        );
    }
    let _ = writeln!(out, "{}", explanation.outcome);
    out
}
