//! Going through the outer hatch, in or out, head or feet first: he lines up with the tube's
//! axis and moves along it; in the mouth he pushes as hard as his pace needs plus the resistance
//! he feels, up to all his strength, and backs off, re-centres and tries again when his arms give
//! out (Rohmert's endurance) or he is caught askew. Whether he fits is the rim's and the suit's
//! decision, not a tolerance's.

use bevy::prelude::*;

use super::laws::{
    CLIMB_SPEED_MPS, TIRELESS_SHARE, caught_on_rim, endurance_s, felt_n, push_through_n, ramp_down,
    towards_axis, turn_error, turn_towards, velocity_force,
};
use super::output::Output;
use super::sense::Sensed;
use crate::sim::core::bodies::Segment;
use crate::sim::core::events::{ActionFailure, SimEvent};
use crate::sim::cosmonaut::ballooning::shoulder_section;

/// How far either side of the mouth he counts as at it, m: caught on the rim askew, he is not in
/// it yet.
const MOUTH_MARGIN_M: f32 = 0.3;
/// Time he backs off to free himself and re-centre before trying again, s (design value: a
/// pause and a fresh start, not fitted; docs/calibration.md §6 group 5).
const BACK_OFF_S: f64 = 1.5;
/// How fast he backs off, m/s (design value, with the time above).
const BACK_OFF_SPEED_MPS: f32 = 0.1;
/// Failed tries after which he knows he is stuck (the log says so).
const STUCK_AFTER_TRIES: u32 = 2;
/// Within this of the tube's axis at its mouth he is lined up with it, m.
const LINED_UP_OFFSET_M: f32 = 0.02;
/// Tilted less than this from the tube's axis at its mouth he is lined up with it, rad.
const LINED_UP_ANGLE_RAD: f32 = 0.1;
/// Off the tube's axis by this much at its mouth, he is askew and will not push in, m.
const ASKEW_OFFSET_M: f32 = 0.07;
/// Tilted from the tube's axis by this much at its mouth, he is askew and will not push in, rad.
const ASKEW_ANGLE_RAD: f32 = 0.25;
/// Within this of the tube's axis his leading end (boots or helmet) is lined up with the mouth,
/// m: a man guiding his feet into a hole watches them, not his shoulders.
const LEAD_LINED_UP_M: f32 = 0.05;
/// Off the tube's axis by this much, his leading end would land on the rim's face: he will not
/// push in, m.
const LEAD_ASKEW_M: f32 = 0.15;
/// How near the mouth (either side, m) he starts lining up before going on.
const NEAR_MOUTH_M: f32 = 0.3;
/// How far beyond his half height above the mouth his centre is clear of it, m.
const CLEAR_OF_MOUTH_M: f32 = 0.3;
/// How far beyond clear of the mouth climbing out takes him, m.
const BEYOND_CLEAR_M: f32 = 0.5;
/// How briskly he closes on the height he wants along the tube, 1/s.
const APPROACH_RATE_PER_S: f32 = 0.8;
/// Stiffness of his turn into line with the tube, 1/s^2.
const ALIGN_STIFFNESS_PER_S2: f32 = 1.0;
/// Damping of his turn into line with the tube, 1/s.
const ALIGN_DAMPING_PER_S: f32 = 2.0;

/// A passage through the hatch: what he feels resisting him, how tired the try has made him
/// and how his tries have gone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pass {
    /// His push along the tube's axis last step (outwards positive), N.
    last_push_n: f32,
    /// His speed along the tube relative to it last step (outwards positive), m/s; `None`
    /// before his first step at it.
    last_speed_mps: Option<f32>,
    /// What he feels acting on him along the tube besides his own push (outwards positive),
    /// smoothed over his reaction time, N: the rim's hold and contacts, the tether.
    felt_n: f32,
    /// The share of his endurance this try has used (Rohmert's curve), 0 to 1: at 1 his arms
    /// give out and he backs off.
    fatigue: f32,
    /// His push is all his strength.
    saturated: bool,
    /// Time left backing off to free himself and re-centre before pushing again, s.
    back_off_s: f64,
    /// How many times he has backed off and tried again.
    retries: u32,
    /// The log already says he is stuck.
    stuck_logged: bool,
}

impl Pass {
    /// A try at the hatch's mouth has already failed, or all his strength is not enough now.
    pub fn thwarted(&self) -> bool {
        self.retries > 0 || self.saturated
    }
}

/// How far a body reaches along the tube's axis from its reference point, m.
#[derive(Clone, Copy, Debug)]
struct Reach {
    up_m: f32,
    down_m: f32,
}

/// Moves him through the hatch: in (`entering`) or out, `head_first` or feet first.
pub fn act(pass: &mut Pass, s: &Sensed, entering: bool, head_first: bool, out: &mut Output) {
    let layout = s.layout;
    let mouth_y = layout.airlock_length_m;
    let centre = s
        .person
        .transform
        .transform_point(s.figure.section_centre_local_m);
    let local = s.local(centre);
    let local_velocity = s.local_velocity();
    // Head first means the head leads: into the tube that is down its axis, out of it up.
    let wanted_up = if head_first == entering {
        -s.axis
    } else {
        s.axis
    };
    let misalignment_rad = s.up.angle_between(wanted_up);
    let (reach, torso_y) = reach(s, wanted_up);
    let target_y = if entering {
        layout.cosmonaut_soles_local_m.y + torso_y
    } else {
        mouth_y + s.half_height + CLEAR_OF_MOUTH_M + BEYOND_CLEAR_M
    };
    // At the mouth: the body spans it, or is near enough to be caught on its rim.
    let spans_mouth = local.y - reach.down_m < mouth_y + MOUTH_MARGIN_M
        && local.y + reach.up_m > mouth_y - MOUTH_MARGIN_M;
    // His leading end, where his long axis leaves him the way he goes (into the tube or out of
    // it), head or boots: as far from his section as he reaches that way along the tube.
    let onward = if entering { -s.axis } else { s.axis };
    let towards_lead = if s.up.dot(onward) >= 0.0 { s.up } else { -s.up };
    let lead = centre + towards_lead * if entering { reach.down_m } else { reach.up_m };
    let lead_local = s.local(lead);
    let lead_offset_m = Vec2::new(lead_local.x, lead_local.z).length();
    // Lined up within the inner tolerances he is ready to go in with all he has, and not at
    // all beyond the outer ones; in between, the better lined up, the readier. A readiness that
    // grows smoothly with his alignment makes a little more or less wobble cost a little more or
    // less time, not the whole wait for the next swing through a threshold.
    let readiness = ramp_down(
        Vec2::new(local.x, local.z).length(),
        LINED_UP_OFFSET_M,
        ASKEW_OFFSET_M,
    ) * ramp_down(misalignment_rad, LINED_UP_ANGLE_RAD, ASKEW_ANGLE_RAD)
        * ramp_down(lead_offset_m, LEAD_LINED_UP_M, LEAD_ASKEW_M);
    let guided = axial_guidance(
        local,
        target_y,
        (mouth_y, layout.airlock_outer_radius_m),
        (reach, s.half_height),
        (readiness, misalignment_rad),
    );
    let inwards = (target_y - local.y).signum();
    let wanted_local = if pass.back_off_s > 0.0 {
        towards_axis(local) - Vec3::Y * inwards * BACK_OFF_SPEED_MPS
    } else {
        guided
    };
    let way = wanted_local.y.signum();
    let straining = spans_mouth && wanted_local.y.abs() > 0.01;
    feel(pass, s, local_velocity.y);
    let force = velocity_force(
        s.mass,
        s.from_local(wanted_local) - s.from_local(local_velocity),
    );
    let (force, share, caught) = if straining {
        push_at_mouth(pass, s, force, (way, inwards, local_velocity.y), readiness)
    } else {
        (force, 0.0, false)
    };
    pass.saturated = straining && share >= 1.0;
    tire(pass, s.dt_s, share, straining && way == inwards);
    if caught && pass.back_off_s <= 0.0 {
        give_up(pass, s.dt_s);
    }
    if pass.retries >= STUCK_AFTER_TRIES && !pass.stuck_logged {
        pass.stuck_logged = true;
        out.events.push(SimEvent::StuckInHatch {
            pressure_kpa: s.pressure_kpa,
            section_m: shoulder_section(s.figure).1,
            hatch_m: 2.0 * layout.hatch_radius_m,
        });
    }
    out.force = force;
    let error = turn_error(s.up, wanted_up, s.person.transform.rotation);
    out.torque = turn_towards(
        s.inertia,
        error,
        s.relative_spin,
        ALIGN_STIFFNESS_PER_S2,
        ALIGN_DAMPING_PER_S,
    );
    if !s.in_reach && local.y > mouth_y {
        out.fail(ActionFailure::AirlockOutOfReach);
    }
    pass.last_push_n = out.force.clamp_length_max(s.max_force).dot(s.axis);
}

/// How far his body reaches from the torso along the tube's axis, up and down, when he lies
/// along it the wanted way round; and the torso's height above his soles then (inside, he ends
/// up as far from the inner hatch as he started, whichever end first).
fn reach(s: &Sensed, wanted_up: Vec3) -> (Reach, f32) {
    let standing_torso_y = s.figure.segment(Segment::Torso).centre_m.y;
    let height = 2.0 * s.half_height;
    if wanted_up.dot(s.axis) < 0.0 {
        let reach = Reach {
            up_m: standing_torso_y,
            down_m: height - standing_torso_y,
        };
        (reach, height - standing_torso_y)
    } else {
        let reach = Reach {
            up_m: height - standing_torso_y,
            down_m: standing_torso_y,
        };
        (reach, standing_torso_y)
    }
}

/// At the mouth he pushes as hard as the pace he wants takes (`force`) plus what he feels
/// holding him back, up to all his strength: his effort follows the resistance, not a clock.
/// Returns his force, its share of his strength along the tube, and whether he is caught.
fn push_at_mouth(
    pass: &Pass,
    s: &Sensed,
    force: Vec3,
    (way, inwards, speed_mps): (f32, f32, f32),
    readiness: f32,
) -> (Vec3, f32, bool) {
    // Only as far as he is lined up: caught askew, shoving harder would only jam him on the
    // rim; he straightens first.
    let felt = pass.felt_n * if way == inwards { readiness } else { 1.0 };
    let along = push_through_n(force.dot(s.axis) * way, felt, way, s.max_force);
    let force = force.reject_from_normalized(s.axis) + s.axis * way * along;
    // Askew in the mouth, and what holds him back takes all of his push: he is caught on the
    // rim, and no push will straighten him there.
    let caught = way == inwards && caught_on_rim(along, pass.felt_n, (way, speed_mps), readiness);
    (force, along.max(0.0) / s.max_force, caught)
}

/// What he feels along the tube besides his own push ([`felt_n`]), from the change of his speed
/// relative to the tube since last step.
fn feel(pass: &mut Pass, s: &Sensed, speed_mps: f32) {
    if let Some(last_mps) = pass.last_speed_mps {
        let change = (speed_mps - last_mps, pass.last_push_n);
        pass.felt_n = felt_n(pass.felt_n, s.reduced_mass, change, s.dt_s);
    }
    pass.last_speed_mps = Some(speed_mps);
}

/// Pushing on towards his goal at `share` of his strength uses his endurance at the rate
/// Rohmert's curve gives; when it is used up his arms give out: he backs off, rests and tries
/// again, whether the rim or his own slowness kept him there.
fn tire(pass: &mut Pass, dt_s: f64, share: f32, pushing_on: bool) {
    if pushing_on && share > TIRELESS_SHARE {
        pass.fatigue += (dt_s / endurance_s(share)) as f32;
        if pass.fatigue >= 1.0 {
            give_up(pass, dt_s);
        }
    }
    pass.back_off_s = (pass.back_off_s - dt_s).max(0.0);
}

/// The try has failed: he backs off, re-centres and rests before the next.
fn give_up(pass: &mut Pass, dt_s: f64) {
    // Counted down from this very step on, as every back-off step is.
    pass.back_off_s = BACK_OFF_S + dt_s;
    pass.retries += 1;
    pass.fatigue = 0.0;
}

/// The velocity (airlock frame) that takes him along the tube's axis to height `target_y`: always
/// towards the axis, and into the mouth only when centred and lined up with it, since the opening
/// is barely wider than the suit. Caught in the mouth askew, he backs out and tries again.
fn axial_guidance(
    local: Vec3,
    target_y: f32,
    (mouth_y, tube_radius): (f32, f32),
    (reach, half_height): (Reach, f32),
    (readiness, misalignment_rad): (f32, f32),
) -> Vec3 {
    let lateral = Vec3::new(local.x, 0.0, local.z);
    let (low, high) = (local.y - reach.down_m, local.y + reach.up_m);
    // Beside the tube, below the height where he could swing over its mouth: rise first.
    if lateral.length() > tube_radius && low < mouth_y + NEAR_MOUTH_M {
        return Vec3::Y * CLIMB_SPEED_MPS;
    }
    let near_mouth = low < mouth_y + NEAR_MOUTH_M && high > mouth_y - NEAR_MOUTH_M;
    let in_mouth = low < mouth_y && high > mouth_y;
    // Turned too far from the way he wants to lie and out over the mouth, he turns where there
    // is room: first away from the airlock until no turn of his can sweep his legs or helmet
    // into its rim.
    let cramped = local.y - half_height < mouth_y + NEAR_MOUTH_M && local.y > mouth_y;
    if misalignment_rad > ASKEW_ANGLE_RAD && cramped && !in_mouth {
        return towards_axis(local) + Vec3::Y * CLIMB_SPEED_MPS;
    }
    let askew = readiness <= 0.0;
    let pace =
        ((target_y - local.y) * APPROACH_RATE_PER_S).clamp(-CLIMB_SPEED_MPS, CLIMB_SPEED_MPS);
    // Once in the mouth and not askew, he keeps going: the rim, not a tolerance, decides.
    let axial = if !near_mouth || (in_mouth && !askew) {
        pace
    } else if !in_mouth {
        pace * readiness
    } else {
        // Caught in the mouth askew: back out of it, to the side where most of him is.
        let above = high - mouth_y;
        let below = mouth_y - low;
        (above - below).signum() * CLIMB_SPEED_MPS * 0.5
    };
    towards_axis(local) + Vec3::Y * axial
}
