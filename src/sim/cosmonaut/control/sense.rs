//! What he senses at the start of a step: his own motion and the airlock's, where the hatch,
//! the tether's ends and his hands are, and the sizes an action needs.

use bevy::math::Affine3A;
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::laws::Kinematics;
use crate::scenario::Scenario;
use crate::sim::core::bodies::{Segment, SimBody};
use crate::sim::core::clock::SimClock;
use crate::sim::core::layout::Layout;
use crate::sim::cosmonaut::anatomy::Figure;
use crate::sim::cosmonaut::body::whole_body;
use crate::sim::craft::tether::TetherRope;

/// How far beyond his own size he can reach for the airlock rim, m.
pub const REACH_M: f32 = 0.7;

/// Everything an action reads, sensed once per step before any force is applied.
pub struct Sensed<'a> {
    /// Seconds since the window's start.
    pub t_s: f64,
    /// The same instant, UTC.
    pub utc: hifitime::Epoch,
    /// Step length, s.
    pub dt_s: f64,
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The airlock frame's layout.
    pub layout: &'a Layout,
    /// His figure as the suit has ballooned it.
    pub figure: &'a Figure,
    /// His whole body: torso pose, centre of mass and velocity, torso spin.
    pub person: Kinematics,
    /// The airlock's outer end.
    pub lock: Kinematics,
    /// His mass with suit and backpack, kg.
    pub mass: f32,
    /// His mass and the structure's together as two bodies pushing apart, kg.
    pub reduced_mass: f32,
    /// The most force his arms apply, N.
    pub max_force: f32,
    /// Half his suited height, m.
    pub half_height: f32,
    /// His rotational inertia about a transverse axis (a solid cylinder), kg m^2.
    pub inertia: f32,
    /// Centre of the outer hatch, simulation frame.
    pub hatch: Vec3,
    /// The tube's axis, outwards.
    pub axis: Vec3,
    /// The airlock's rim is within his reach.
    pub in_reach: bool,
    /// The harness point, simulation frame.
    pub harness: Vec3,
    /// The tether's anchor, simulation frame.
    pub anchor: Vec3,
    /// His velocity relative to the airlock at his centre of mass, m/s.
    pub relative_velocity: Vec3,
    /// His spin relative to the airlock's, rad/s.
    pub relative_spin: Vec3,
    /// Into the airlock's frame: its axis is y, the outer hatch at the layout's tube length.
    pub to_lock: Affine3A,
    /// His long axis, shanks to helmet (a bent hip shows here, not in the torso).
    pub up: Vec3,
    /// The height along the tube's axis (airlock frame) of his highest segment's centre, m.
    pub highest_y: f32,
    /// Each hand's pose and velocity, left then right.
    pub hands: [Option<(Transform, Vec3)>; 2],
    /// The suit's pressure, kPa.
    pub pressure_kpa: f64,
}

/// The bodies the controller reads and loads.
pub type BodyQuery<'w, 's> = Query<
    'w,
    's,
    (
        &'static SimBody,
        &'static Transform,
        &'static Velocity,
        &'static ReadMassProperties,
        &'static mut ExternalForce,
        &'static mut ExternalImpulse,
    ),
>;

/// What he senses now, or `None` while part of the picture (his body, the airlock) is missing.
pub fn sense<'a>(
    scenario: &'a Scenario,
    layout: &'a Layout,
    figure: &'a Figure,
    rope: &TetherRope,
    bodies: &BodyQuery,
    clock: &SimClock,
    pressure_kpa: f64,
) -> Option<Sensed<'a>> {
    // One pass over the bodies: his segments (in the query's order, so every sum over them adds
    // up in the same order each step) and the airlock's outer end.
    let mut segments = Vec::with_capacity(16);
    let mut lock = None;
    for (body, transform, velocity, mass, _, _) in bodies.iter() {
        match body {
            SimBody::Cosmonaut(segment) => segments.push((*segment, transform, velocity, mass)),
            SimBody::Airlock => {
                lock = Some(Kinematics {
                    transform: *transform,
                    centre_of_mass: transform.transform_point(mass.local_center_of_mass),
                    linear: velocity.linear,
                    angular: velocity.angular,
                });
            }
            _ => {}
        }
    }
    let whole = whole_body(segments.iter().copied())?;
    let lock = lock?;
    let person = Kinematics {
        transform: whole.torso,
        centre_of_mass: whole.centre_m,
        linear: whole.velocity_mps,
        angular: whole.torso_spin_rad_s,
    };
    let mass = whole.mass_kg;
    let f = &scenario.file;
    let structure_mass = (f.spacecraft.mass_kg + f.airlock.mass_kg) as f32;
    let half_height = f.cosmonaut.height_in_suit_m as f32 / 2.0;
    let radius = f.cosmonaut.shoulder_width_m as f32 / 2.0;
    let hatch = lock.transform.transform_point(layout.outer_hatch_local_m());
    let to_lock = lock.transform.compute_affine().inverse();
    let hand = |side| {
        segments
            .iter()
            .find_map(|(segment, transform, velocity, _)| {
                (*segment == Segment::Hand(side)).then_some((**transform, velocity.linear))
            })
    };
    use crate::sim::core::bodies::Side;
    Some(Sensed {
        t_s: clock.t_s(),
        utc: clock.utc(),
        dt_s: clock.dt_s,
        scenario,
        layout,
        figure,
        mass,
        reduced_mass: mass * structure_mass / (mass + structure_mass),
        max_force: f.cosmonaut.max_arm_force_n as f32,
        half_height,
        inertia: mass * (3.0 * radius * radius + (2.0 * half_height).powi(2)) / 12.0,
        hatch,
        axis: lock.transform.rotation * Vec3::Y,
        in_reach: person.centre_of_mass.distance(hatch)
            <= half_height + REACH_M + layout.airlock_inner_radius_m,
        harness: person.transform.transform_point(rope.harness_local_m),
        anchor: lock.transform.transform_point(rope.anchor_local_m),
        relative_velocity: person.linear - lock.velocity_at(person.centre_of_mass),
        relative_spin: person.angular - lock.angular,
        to_lock,
        up: long_axis(&segments, &person),
        highest_y: highest_centre_y(&segments, to_lock),
        hands: [hand(Side::Left), hand(Side::Right)],
        pressure_kpa,
        person,
        lock,
    })
}

impl Sensed<'_> {
    /// A point of the simulation frame in the airlock's frame.
    pub fn local(&self, point: Vec3) -> Vec3 {
        self.to_lock.transform_point3(point)
    }

    /// His velocity relative to the airlock, in the airlock's frame.
    pub fn local_velocity(&self) -> Vec3 {
        self.lock.transform.rotation.inverse() * self.relative_velocity
    }

    /// A velocity of the airlock's frame in the simulation frame.
    pub fn from_local(&self, velocity: Vec3) -> Vec3 {
        self.lock.transform.rotation * velocity
    }

    /// Some of him is more than 0.3 m out of the tube's mouth.
    pub fn partly_out(&self) -> bool {
        self.highest_y > self.layout.airlock_length_m + 0.3
    }
}

/// His segments as sensed: which, pose, velocity, mass.
type Segments<'q> = [(Segment, &'q Transform, &'q Velocity, &'q ReadMassProperties)];

/// The height along the airlock's axis (its frame, through `to_local`) of his highest segment's
/// centre, m.
fn highest_centre_y(segments: &Segments, to_local: Affine3A) -> f32 {
    segments
        .iter()
        .map(|(_, transform, ..)| to_local.transform_point3(transform.translation).y)
        .fold(f32::MIN, f32::max)
}

/// His long axis, shanks to helmet (in line when he stands straight).
fn long_axis(segments: &Segments, person: &Kinematics) -> Vec3 {
    let landmark = |wanted: fn(Segment) -> bool| {
        let (sum, count) = segments
            .iter()
            .filter(|(s, ..)| wanted(*s))
            .fold((Vec3::ZERO, 0.0), |(sum, n), (_, t, ..)| {
                (sum + t.translation, n + 1.0)
            });
        (count > 0.0).then(|| sum / count)
    };
    let head = landmark(|s| s == Segment::Head).unwrap_or(person.centre_of_mass);
    let shanks = landmark(|s| matches!(s, Segment::Shank(_))).unwrap_or(person.centre_of_mass);
    (head - shanks).normalize_or(person.transform.rotation * Vec3::Y)
}
