//! Going through the outer hatch, in or out, head or feet first: he lines up with the tube's
//! axis and moves along it; held up in the mouth he strains harder and harder, up to all his
//! strength; only when all of it gains him nothing does he back off, re-centre and try again.
//! Whether he fits is the rim's and the suit's decision, not a tolerance's.

use bevy::prelude::*;

use super::laws::{
    CLIMB_SPEED_MPS, ramp_down, towards_axis, turn_error, turn_towards, velocity_force,
};
use super::output::Output;
use super::sense::Sensed;
use crate::sim::core::bodies::Segment;
use crate::sim::core::events::{ActionFailure, SimEvent};
use crate::sim::cosmonaut::ballooning::shoulder_section;

/// Progress along the tube over a stall window that counts as headway at the hatch's mouth, m.
const HEADWAY_M: f32 = 0.05;
/// How far either side of the mouth he counts as at it, m: caught on the rim askew, he is not in
/// it yet.
const MOUTH_MARGIN_M: f32 = 0.3;
/// The straining timers below (ramp, ease-off, held-up pace, stall window, headway, back-off,
/// tries) were fitted until the sweep and legs-first tests passed, not measured
/// (docs/calibration.md §6, §9).
///
/// The window over which headway at the mouth is judged; without it he backs off and tries
/// again, s.
pub const STALL_S: f64 = 2.0;
/// Time over which his push into the hatch's mouth builds from nothing to all his strength, s.
const STRAIN_RAMP_S: f64 = 2.0;
/// Time in which, moving again, he lets go of all his strain, s: about a human reaction time, so
/// that a hard-won push through the rim does not throw him on at speed.
const EASE_OFF_S: f64 = 0.25;
/// Moving into the mouth slower than this share of the pace he wants, he is held up.
const HELD_UP_PACE: f32 = 0.5;
/// How long he backs off, s.
const BACK_OFF_S: f64 = 1.5;
/// How fast he backs off, m/s.
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

/// A passage through the hatch: how hard he strains and how his tries have gone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pass {
    /// Where he was (airlock frame) when he last made headway at the hatch's mouth, m.
    stall_anchor_m: Vec3,
    /// How long he has strained at full strength without headway, s.
    stalled_s: f64,
    /// Time left backing off to free himself and re-centre before pushing again, s.
    back_off_s: f64,
    /// How hard he strains into the hatch's mouth, as a share of his strength (0 to 1): it
    /// builds while he is held up and eases off once he moves again.
    strain: f32,
    /// Which way along the tube (+1 out, -1 in, airlock frame) he strains.
    strain_way: f32,
    /// How many times he has backed off and tried again.
    retries: u32,
    /// The log already says he is stuck.
    stuck_logged: bool,
}

impl Pass {
    /// A try at the hatch's mouth has already failed.
    pub fn thwarted(&self) -> bool {
        self.retries > 0 || self.stalled_s >= STALL_S
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
    // Held up at the mouth (the body spans it, or is caught on its rim, and makes no headway).
    let spans_mouth = local.y - reach.down_m < mouth_y + MOUTH_MARGIN_M
        && local.y + reach.up_m > mouth_y - MOUTH_MARGIN_M;
    // His leading end, where his long axis leaves him the way he goes (into the tube or out of
    // it), head or boots: as far from his section as he reaches that way along the tube.
    let way = if entering { -s.axis } else { s.axis };
    let towards_lead = if s.up.dot(way) >= 0.0 { s.up } else { -s.up };
    let lead = centre + towards_lead * if entering { reach.down_m } else { reach.up_m };
    let lead_local = s.local(lead);
    let lead_offset_m = Vec2::new(lead_local.x, lead_local.z).length();
    let guided = axial_guidance(
        local,
        target_y,
        (mouth_y, layout.airlock_outer_radius_m),
        reach,
        (misalignment_rad, lead_offset_m),
        pass.strain > 0.0,
    );
    let inwards = (target_y - local.y).signum();
    let wanted_local = if pass.back_off_s > 0.0 {
        towards_axis(local) - Vec3::Y * inwards * BACK_OFF_SPEED_MPS
    } else {
        guided
    };
    let way = wanted_local.y.signum();
    let straining = spans_mouth && wanted_local.y.abs() > 0.01;
    let held_up = local_velocity.y * way < wanted_local.y.abs() * HELD_UP_PACE;
    strain(pass, s.dt_s, way, straining && held_up);
    judge_headway(pass, local, inwards, s.dt_s, straining && way == inwards);
    if pass.retries >= STUCK_AFTER_TRIES && !pass.stuck_logged {
        pass.stuck_logged = true;
        out.events.push(SimEvent::StuckInHatch {
            pressure_kpa: s.pressure_kpa,
            section_m: shoulder_section(s.figure).1,
            hatch_m: 2.0 * layout.hatch_radius_m,
        });
    }
    let mut force = velocity_force(
        s.mass,
        s.from_local(wanted_local) - s.from_local(local_velocity),
    );
    if straining && pass.strain > 0.0 {
        let along = force.dot(s.axis) * way;
        force = force.reject_from_normalized(s.axis)
            + s.axis * way * along.max(pass.strain * s.max_force);
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

/// Held up in the mouth, in or out, he strains harder and harder, up to all his strength; moving
/// again at the pace he wants, he eases off.
fn strain(pass: &mut Pass, dt_s: f64, way: f32, held_up: bool) {
    if way != pass.strain_way {
        pass.strain_way = way;
        pass.strain = 0.0;
    }
    pass.strain = if held_up {
        (pass.strain + (dt_s / STRAIN_RAMP_S) as f32).min(1.0)
    } else {
        (pass.strain - (dt_s / EASE_OFF_S) as f32).max(0.0)
    };
}

/// Only at full strength and still without headway into the tube over a window does he back
/// off and try again, so a tighter fit costs him a harder, longer push before it costs a retry.
/// Headway is judged over the window, along the tube towards the goal, so that his jostling on
/// the rim does not count as progress.
fn judge_headway(pass: &mut Pass, local: Vec3, inwards: f32, dt_s: f64, pushing_in: bool) {
    if !pushing_in || pass.strain < 1.0 {
        pass.stall_anchor_m = local;
        pass.stalled_s = 0.0;
    } else {
        pass.stalled_s += dt_s;
        if pass.stalled_s >= STALL_S {
            let progress = (local.y - pass.stall_anchor_m.y) * inwards;
            if progress < HEADWAY_M {
                // Counted down from this very step on, as every back-off step is.
                pass.back_off_s = BACK_OFF_S + dt_s;
                pass.retries += 1;
            }
            pass.stalled_s = 0.0;
            pass.stall_anchor_m = local;
        }
    }
    pass.back_off_s = (pass.back_off_s - dt_s).max(0.0);
}

/// The velocity (airlock frame) that takes him along the tube's axis to height `target_y`: always
/// towards the axis, and into the mouth only when centred and lined up with it, since the opening
/// is barely wider than the suit. Caught in the mouth askew, he backs out and tries again.
fn axial_guidance(
    local: Vec3,
    target_y: f32,
    (mouth_y, tube_radius): (f32, f32),
    reach: Reach,
    (misalignment_rad, lead_offset_m): (f32, f32),
    straining: bool,
) -> Vec3 {
    let lateral = Vec3::new(local.x, 0.0, local.z);
    let (low, high) = (local.y - reach.down_m, local.y + reach.up_m);
    // Beside the tube, below the height where he could swing over its mouth: rise first.
    if lateral.length() > tube_radius && low < mouth_y + NEAR_MOUTH_M {
        return Vec3::Y * CLIMB_SPEED_MPS;
    }
    let near_mouth = low < mouth_y + NEAR_MOUTH_M && high > mouth_y - NEAR_MOUTH_M;
    let in_mouth = low < mouth_y && high > mouth_y;
    // Lined up within the inner tolerances he goes in at his full pace, and not at all beyond
    // the outer ones; in between, the better lined up, the faster. A pace that grows smoothly
    // with his alignment makes a little more or less wobble cost a little more or less time,
    // not the whole wait for the next swing through a threshold.
    let readiness = ramp_down(lateral.length(), LINED_UP_OFFSET_M, ASKEW_OFFSET_M)
        * ramp_down(misalignment_rad, LINED_UP_ANGLE_RAD, ASKEW_ANGLE_RAD)
        * ramp_down(lead_offset_m, LEAD_LINED_UP_M, LEAD_ASKEW_M);
    let askew = readiness <= 0.0;
    let pace =
        ((target_y - local.y) * APPROACH_RATE_PER_S).clamp(-CLIMB_SPEED_MPS, CLIMB_SPEED_MPS);
    // Once in the mouth and not askew, he keeps going: the rim, not a tolerance, decides. Already
    // straining against it, he does not let a tilt the rim forces on him undo the push.
    let axial = if !near_mouth || (in_mouth && (!askew || straining)) {
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
