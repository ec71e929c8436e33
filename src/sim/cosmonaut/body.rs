//! The suited cosmonaut as an articulated body: one Rapier body per segment of the
//! [`Figure`], joints with human ranges of motion, and joint motors (his muscles, as strong as a
//! man's and no stronger) that hold the posture the controller asks for.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::anatomy::{Figure, Muscle, Posture, Segment, collider_for};
use super::ballooning::{SlackFigure, SuitJoint, SuitSize, girth_radius_m, is_soft};
use super::physiology::Exertion;
use crate::scenario::SuitSpec;
use crate::sim::core::bodies::{SimBody, groups};
use crate::sim::core::layout::Layout;
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{ActiveScenario, ScenarioEntity, SimStep};

/// Friction coefficient of the suit's outer fabric (estimate: coated fabric on metal).
pub const SUIT_FRICTION: f32 = 0.6;

/// Stiffness of the muscles' posture control, 1/s^2: a segment settles in about half a second.
const MUSCLE_STIFFNESS: f32 = 60.0;
/// Damping of the muscles' posture control, 1/s (about 0.8 of critical).
const MUSCLE_DAMPING: f32 = 12.0;

/// The posture his muscles are driving towards, and the one the joints were last set to.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct PostureState {
    /// What the controller wants.
    pub wanted: Posture,
    /// What the joint motors are set to, and for which suit pressure (kPa); `None` before the
    /// first step.
    pub applied: Option<(Posture, f64)>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<PostureState>()
        .add_systems(FixedUpdate, drive_muscles.in_set(SimStep::Muscles));
}

/// Each segment's rotation and centre (in the standing figure's frame, soles at the origin) with
/// every joint at `posture`'s angles: the pose he is spawned in, so that his muscles start where
/// they want to be.
pub fn posed(figure: &Figure, posture: Posture) -> Vec<(Segment, Quat, Vec3)> {
    let mut placed: Vec<(Segment, Quat, Vec3)> = Vec::with_capacity(figure.segments.len());
    for spec in &figure.segments {
        let parent = spec
            .segment
            .parent()
            .and_then(|p| placed.iter().find(|(s, ..)| *s == p).copied());
        let pose = match (parent, &spec.joint) {
            (Some((parent, parent_rotation, parent_centre)), Some(joint)) => {
                // A joint angle turns the child about the parent's axis (the joint frames start
                // aligned with the bodies'), as Rapier measures it.
                let local = joint.limits.iter().fold(Quat::IDENTITY, |q, &(axis, ..)| {
                    let unit = match axis {
                        JointAxis::AngX => Vec3::X,
                        JointAxis::AngY => Vec3::Y,
                        JointAxis::AngZ => Vec3::Z,
                        _ => return q,
                    };
                    q * Quat::from_axis_angle(unit, posture.target_rad(spec.segment, axis))
                });
                let rotation = parent_rotation * local;
                let at = parent_centre
                    + parent_rotation * (joint.at_m - figure.segment(parent).centre_m);
                (rotation, at - rotation * (joint.at_m - spec.centre_m))
            }
            _ => (Quat::IDENTITY, spec.centre_m),
        };
        placed.push((spec.segment, pose.0, pose.1));
    }
    placed
}

/// Spawns the cosmonaut in the airlock, head towards the outer hatch, in the posture he starts
/// in; returns his torso, which wears the tether harness, and where it is.
pub fn spawn(commands: &mut Commands, figure: &Figure, layout: &Layout) -> (Entity, Transform) {
    let soles = layout.airlock_origin_m() + layout.cosmonaut_soles_local_m;
    let pose = posed(figure, Posture::default());
    let mut spawned: Vec<(Segment, Entity, Transform)> = Vec::with_capacity(figure.segments.len());
    for (spec, &(_, rotation, centre)) in figure.segments.iter().zip(&pose) {
        let at = Transform::from_translation(soles + centre).with_rotation(rotation);
        let collider = collider_for(spec.shape);
        let mut entity = commands.spawn((
            Name::new(format!("Cosmonaut {}", spec.segment.name())),
            ScenarioEntity,
            SimBody::Cosmonaut(spec.segment),
            RigidBody::Dynamic,
            at,
            Velocity::default(),
            Sleeping::disabled(),
            ExternalForce::default(),
            ExternalImpulse::default(),
            ReadMassProperties::default(),
            collider,
            ColliderMassProperties::Mass(spec.mass_kg),
            Friction::coefficient(SUIT_FRICTION),
            Restitution::coefficient(0.1),
            groups::cosmonaut(),
        ));
        let parent = spec
            .segment
            .parent()
            .and_then(|p| spawned.iter().find(|(s, ..)| *s == p))
            .map(|(_, e, _)| *e);
        if let (Some(parent), Some(joint)) = (parent, &spec.joint) {
            let parent_centre = figure
                .segment(spec.segment.parent().unwrap_or(Segment::Pelvis))
                .centre_m;
            let mut locked = JointAxesMask::LIN_AXES;
            for axis in [JointAxis::AngX, JointAxis::AngY, JointAxis::AngZ] {
                if !joint.limits.iter().any(|(a, _, _)| *a == axis) {
                    locked |= JointAxesMask::from(axis);
                }
            }
            let mut builder = GenericJointBuilder::new(locked)
                .local_anchor1(joint.at_m - parent_centre)
                .local_anchor2(joint.at_m - spec.centre_m);
            for &(axis, min, max) in &joint.limits {
                builder = builder
                    .limits(axis, [min, max])
                    .motor_position(axis, 0.0, MUSCLE_STIFFNESS, MUSCLE_DAMPING)
                    .motor_max_force(axis, joint.max_torque_nm);
            }
            entity.insert((
                ImpulseJoint::new(parent, TypedJoint::GenericJoint(builder.build())),
                Muscle(spec.segment),
            ));
        }
        spawned.push((spec.segment, entity.id(), at));
    }
    spawned
        .iter()
        .find(|(s, ..)| *s == Segment::Torso)
        .map(|(_, e, at)| (*e, *at))
        .unwrap_or((spawned[0].1, spawned[0].2))
}

/// The angle his muscles hold the joint above `segment` at, about `axis`, in `posture` with the
/// suit at `pressure_kpa`: the posture's angle, or as far towards it as his strength bends the
/// suit.
pub fn held_rad(
    slack: &Figure,
    suit: &SuitSpec,
    pressure_kpa: f64,
    posture: Posture,
    segment: Segment,
    axis: JointAxis,
) -> f32 {
    let spec = slack.segment(segment);
    let wanted = posture.target_rad(segment, axis);
    match (&spec.joint, is_soft(segment)) {
        (Some(joint), true) => SuitJoint::new(suit, pressure_kpa, girth_radius_m(spec.shape))
            .reachable_rad(wanted, joint.max_torque_nm),
        _ => wanted,
    }
}

/// For each soft joint and axis, the moment the suit springs back with where his muscles hold
/// it in `posture` at `pressure_kpa`, and the most those muscles can give, N m.
fn suit_loads<'a>(
    slack: &'a Figure,
    suit: &'a SuitSpec,
    pressure_kpa: f64,
    posture: Posture,
) -> impl Iterator<Item = (f32, f32)> + 'a {
    slack
        .segments
        .iter()
        .filter(|spec| is_soft(spec.segment))
        .filter_map(|spec| spec.joint.as_ref().map(|joint| (spec, joint)))
        .flat_map(move |(spec, joint)| {
            let suit_joint = SuitJoint::new(suit, pressure_kpa, girth_radius_m(spec.shape));
            joint.limits.iter().map(move |&(axis, ..)| {
                let held = held_rad(slack, suit, pressure_kpa, posture, spec.segment, axis);
                (suit_joint.torque_nm(held), joint.max_torque_nm)
            })
        })
}

/// The torque his muscles hold against the suit's soft joints in `posture` at `pressure_kpa`,
/// summed over every joint and axis, N m.
pub fn holding_torque_nm(
    slack: &Figure,
    suit: &SuitSpec,
    pressure_kpa: f64,
    posture: Posture,
) -> f32 {
    suit_loads(slack, suit, pressure_kpa, posture)
        .map(|(torque, _)| torque)
        .sum()
}

/// The largest share of a joint's strength his muscles hold against the suit's soft joints in
/// `posture` at `pressure_kpa`, 0 to 1.
pub fn holding_share(slack: &Figure, suit: &SuitSpec, pressure_kpa: f64, posture: Posture) -> f32 {
    suit_loads(slack, suit, pressure_kpa, posture)
        .filter(|(_, strength)| *strength > 0.0)
        .map(|(torque, strength)| torque / strength)
        .fold(0.0, f32::max)
        .min(1.0)
}

/// Sets the joint motors' targets when the wanted posture or the suit's size changes.
pub fn drive_muscles(
    scenario: Res<ActiveScenario>,
    slack: Res<SlackFigure>,
    size: Res<SuitSize>,
    mut posture: ResMut<PostureState>,
    mut exertion: ResMut<Exertion>,
    mut joints: Query<(&Muscle, &mut ImpulseJoint)>,
) {
    let now = (posture.wanted, size.pressure_kpa);
    if posture.applied == Some(now) {
        return;
    }
    let (wanted, pressure_kpa) = now;
    let suit = &scenario.0.file.suit;
    for (muscle, mut joint) in &mut joints {
        let Some(spec) = slack.0.segment(muscle.0).joint.as_ref() else {
            continue;
        };
        let data = joint.data.as_mut();
        for &(axis, _, _) in &spec.limits {
            data.set_motor_position(
                axis,
                held_rad(&slack.0, suit, pressure_kpa, wanted, muscle.0, axis),
                MUSCLE_STIFFNESS,
                MUSCLE_DAMPING,
            );
        }
    }
    exertion.holding_torque_nm = f64::from(holding_torque_nm(&slack.0, suit, pressure_kpa, wanted));
    exertion.holding_share = f64::from(holding_share(&slack.0, suit, pressure_kpa, wanted));
    posture.applied = Some(now);
}

/// The whole suited body's state, summed over its segments.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WholeBody {
    /// Total mass, kg.
    pub mass_kg: f32,
    /// Centre of mass, m.
    pub centre_m: Vec3,
    /// Velocity of the centre of mass, m/s.
    pub velocity_mps: Vec3,
    /// The torso's pose: his orientation.
    pub torso: Transform,
    /// The torso's angular velocity, rad/s.
    pub torso_spin_rad_s: Vec3,
}

/// Sums the segments into the whole body; `None` if there is no cosmonaut.
pub fn whole_body<'a>(
    parts: impl IntoIterator<Item = (Segment, &'a Transform, &'a Velocity, &'a ReadMassProperties)>,
) -> Option<WholeBody> {
    let mut mass = 0.0;
    let mut moment = Vec3::ZERO;
    let mut momentum = Vec3::ZERO;
    let mut torso = None;
    for (segment, transform, velocity, props) in parts {
        let m = props.mass;
        mass += m;
        moment += transform.transform_point(props.local_center_of_mass) * m;
        momentum += velocity.linear * m;
        if segment == Segment::Torso {
            torso = Some((*transform, velocity.angular));
        }
    }
    let (torso, spin) = torso?;
    (mass > 0.0).then(|| WholeBody {
        mass_kg: mass,
        centre_m: moment / mass,
        velocity_mps: momentum / mass,
        torso,
        torso_spin_rad_s: spin,
    })
}

/// Each segment as a capsule enclosing it, (end, end, radius) in world coordinates: enough to ask
/// whether he blocks the hatch or is inside the tube.
pub fn bounding_capsules<'a>(
    figure: &Figure,
    parts: impl IntoIterator<Item = (Segment, &'a Transform)>,
) -> Vec<(Vec3, Vec3, f32)> {
    parts
        .into_iter()
        .map(|(segment, transform)| {
            let (half_axis, radius) = figure.segment(segment).shape.bounding_capsule();
            (
                transform.transform_point(-half_axis),
                transform.transform_point(half_axis),
                radius,
            )
        })
        .collect()
}
