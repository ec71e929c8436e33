//! What an action asks for in one step, and how it is applied: his force spread over his body
//! with its equal and opposite reaction on the airlock, his turning torque as a rigid rotation,
//! impulses, an arm's reach.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::laws::MAX_TURN_TORQUE_NM;
use super::sense::{BodyQuery, Sensed};
use crate::sim::core::bodies::{Segment, SimBody};
use crate::sim::core::events::{ActionFailure, SimEvent};

/// A hand close enough to a handrail for the fingers to close on it.
#[derive(Clone, Copy, Debug)]
pub struct GripRequest {
    /// The hand.
    pub hand: Segment,
    /// Its pose now.
    pub hand_transform: Transform,
    /// Where it holds on, simulation frame.
    pub at: Vec3,
}

/// What an action wants applied this step.
#[derive(Clone, Debug)]
pub struct Output {
    /// His force, N (clamped to his strength when applied).
    pub force: Vec3,
    /// Where his force acts; equal and opposite forces at one point (or along one line) leave
    /// the total angular momentum untouched.
    pub force_point: Vec3,
    /// Where its reaction acts on the airlock.
    pub reaction_point: Vec3,
    /// The torque he turns his body with, N m.
    pub torque: Vec3,
    /// A one-off velocity kick shared over his body, its reaction to the airlock (or to what he
    /// throws), N s.
    pub impulse: Vec3,
    /// His force loads the harness (a tether pull), not his whole body.
    pub at_harness: bool,
    /// Something leaving his hand: where, how fast, how heavy.
    pub thrown: Option<(Vec3, Vec3, f32)>,
    /// His arm stretching a hand towards something: the hand and the force on it, whose
    /// reaction his shoulder takes on the torso, so it moves him relative to himself only.
    pub reach: Option<(Segment, Vec3)>,
    /// His hand closes on a handrail.
    pub grip: Option<GripRequest>,
    /// He works the outer hatch's control: shut it.
    pub close_outer_hatch: bool,
    /// The action cannot be carried out.
    pub failure: Option<ActionFailure>,
    /// What the action has to report.
    pub events: Vec<SimEvent>,
}

impl Output {
    /// Nothing applied: force and reaction, when some comes, at his centre of mass.
    pub fn new(s: &Sensed) -> Self {
        Self {
            force: Vec3::ZERO,
            force_point: s.person.centre_of_mass,
            reaction_point: s.person.centre_of_mass,
            torque: Vec3::ZERO,
            impulse: Vec3::ZERO,
            at_harness: false,
            thrown: None,
            reach: None,
            grip: None,
            close_outer_hatch: false,
            failure: None,
            events: Vec::new(),
        }
    }

    /// The action fails: no force, no torque.
    pub fn fail(&mut self, failure: ActionFailure) {
        self.failure = Some(failure);
        self.force = Vec3::ZERO;
        self.torque = Vec3::ZERO;
    }
}

/// Applies `out` (its force already within his strength) to his segments and the airlock.
pub fn apply(s: &Sensed, out: &Output, force: Vec3, bodies: &mut BodyQuery) {
    // His turning torque rotates the whole body as one: each segment gets the force that a rigid
    // rotation at this angular acceleration needs. They add up to no net force, and to a couple
    // whose exact opposite goes to the airlock he pushes against.
    let angular_acceleration = out.torque.clamp_length_max(MAX_TURN_TORQUE_NM) / s.inertia;
    let mut couple = Vec3::ZERO;
    for (body, transform, _, props, mut f, mut j) in bodies.iter_mut() {
        let SimBody::Cosmonaut(segment) = body else {
            continue;
        };
        let share = props.mass / s.mass;
        let centre = transform.transform_point(props.local_center_of_mass);
        let arm = centre - s.person.centre_of_mass;
        let turning = props.mass * angular_acceleration.cross(arm);
        f.force += turning;
        couple += arm.cross(turning);
        if out.at_harness {
            if *segment == Segment::Torso {
                *f += ExternalForce::at_point(force, out.force_point, centre);
            }
        } else {
            f.force += force * share;
        }
        j.impulse += out.impulse * share;
        if let Some((hand, pull)) = out.reach {
            if *segment == hand {
                f.force += pull;
            } else if *segment == Segment::Torso {
                f.force -= pull;
            }
        }
    }
    // A push's reaction goes into the airlock; a throw's into the thrown thing.
    let structure_impulse = if out.thrown.is_some() {
        Vec3::ZERO
    } else {
        out.impulse
    };
    for (body, _, _, _, mut f, mut j) in bodies.iter_mut() {
        if *body == SimBody::Airlock {
            *f += ExternalForce::at_point(-force, out.reaction_point, s.lock.centre_of_mass);
            f.torque -= couple;
            *j += ExternalImpulse::at_point(
                -structure_impulse,
                s.person.centre_of_mass,
                s.lock.centre_of_mass,
            );
        }
    }
}
