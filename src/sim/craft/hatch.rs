//! The airlock's two hatches: hinged bodies that open inward, swung by an electric drive of
//! limited torque. A hatch ordered shut closes only if nothing is in its way: the drive cannot
//! push through a suited body, so that is the physics' decision, not a rule.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::airlock::{HATCH_MASS_KG, RIM_THICKNESS_M};
use crate::scenario::Scenario;
use crate::sim::core::bodies::{HatchSide, SimBody, groups};
use crate::sim::core::clock::SimClock;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::layout::Layout;
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::{ActiveScenario, ScenarioEntity, SimStep};

/// Hatch plate thickness, m.
pub const HATCH_THICKNESS_M: f32 = 0.04;
/// How far the plate overlaps the rim round the opening, m.
pub const HATCH_OVERLAP_M: f32 = 0.02;
/// Swing of the open hatch, rad: square to its seat, hanging along the tube wall.
pub const OPEN_ANGLE_RAD: f32 = std::f32::consts::FRAC_PI_2;
/// Radius of the hinge from the airlock's axis, m: on a bracket by the tube wall, so the open
/// plate hangs against the wall, clear of the opening it uncovers.
pub const HINGE_RADIUS_M: f32 = 0.46;
/// How fast the drive swings a hatch, rad/s: a quarter turn in about ten seconds (the electric
/// drive's speed is undocumented; estimate).
pub const DRIVE_RATE_RAD_S: f32 = 0.16;
/// The drive's largest torque, N m: enough to swing the plate, not to crush a suit (estimate).
pub const DRIVE_TORQUE_NM: f32 = 25.0;
/// Angle below which a hatch counts as shut, rad.
pub const SHUT_BELOW_RAD: f32 = 0.02;

/// Stiffness of the drive's position control, 1/s^2.
const DRIVE_STIFFNESS: f32 = 40.0;
/// Damping of the drive's position control, 1/s.
const DRIVE_DAMPING: f32 = 12.0;

/// Where a hatch's hinge is and how its plate sits when shut, in the airlock's frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HatchGeometry {
    /// Centre of the shut plate, m.
    pub centre_m: Vec3,
    /// Hinge point, on the rim beside the plate's edge, m.
    pub hinge_m: Vec3,
    /// Radius of the plate, m.
    pub radius_m: f32,
}

impl HatchGeometry {
    /// The geometry of one hatch.
    pub fn new(layout: &Layout, side: HatchSide) -> Self {
        let y = match side {
            HatchSide::Inner => RIM_THICKNESS_M / 2.0,
            HatchSide::Outer => layout.airlock_length_m - RIM_THICKNESS_M / 2.0,
        };
        let radius_m = layout.hatch_radius_m + HATCH_OVERLAP_M;
        Self {
            centre_m: Vec3::new(0.0, y, 0.0),
            hinge_m: Vec3::new(HINGE_RADIUS_M.max(radius_m), y, 0.0),
            radius_m,
        }
    }
}

/// The drive's state for one hatch.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HatchDrive {
    /// Whether the crew wants it open.
    pub open_wanted: bool,
    /// Where the drive is taking it now, rad (0 shut).
    pub target_rad: f32,
    /// Where the plate actually is, rad (0 shut).
    pub angle_rad: f32,
}

impl HatchDrive {
    /// Where the crew wants the plate, rad (0 shut).
    pub fn goal_rad(&self) -> f32 {
        if self.open_wanted {
            OPEN_ANGLE_RAD
        } else {
            0.0
        }
    }

    /// Whether the plate is off its seat.
    pub fn is_open(&self) -> bool {
        self.angle_rad > SHUT_BELOW_RAD
    }
}

/// Both hatches: what the crew ordered and where the plates are.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Hatches {
    /// The outer hatch's drive and plate.
    pub outer: HatchDrive,
    /// The inner hatch's drive and plate.
    pub inner: HatchDrive,
    /// Whether the outer hatch's plate is off its seat.
    pub outer_hatch_open: bool,
    /// The outer hatch was ordered shut and is not shut yet.
    pub close_pending: bool,
    /// The outer hatch's drive has run its course and the plate has stayed off its seat for a
    /// while: something holds it open. Cleared when it shuts.
    pub outer_blocked: bool,
    /// How long the drive has been at its end with the plate still open, s.
    stalled_s: f32,
}

/// How long the outer plate must stay off its seat with its drive at the end of its course
/// before it counts as blocked, s.
const BLOCKED_AFTER_S: f32 = 5.0;

impl Hatches {
    /// Orders the outer hatch shut; an order to shut a hatch already shut changes nothing.
    pub fn order_outer_shut(&mut self) {
        if self.outer.open_wanted || self.outer.is_open() {
            self.outer.open_wanted = false;
            self.close_pending = true;
        }
    }

    /// Neither hatch's drive has anywhere to go, and no closing is waiting on the outer one.
    pub fn still(&self) -> bool {
        !self.close_pending
            && self.outer.target_rad == self.outer.goal_rad()
            && self.inner.target_rad == self.inner.goal_rad()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<Hatches>()
        .add_systems(FixedUpdate, move_hatches.in_set(SimStep::MoveHatches));
}

/// Swings the hatches towards what the crew ordered and reads where the plates are. Whether the
/// outer hatch shuts is up to the physics; the log says when it does.
pub fn move_hatches(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    mut hatches: ResMut<Hatches>,
    mut log: ResMut<EventLog>,
    mut joints: Query<(&Hatch, &mut ImpulseJoint)>,
    bodies: Query<(&SimBody, &Transform)>,
) {
    let state = &mut *hatches;
    drive(
        &scenario.0,
        &mut [
            (HatchSide::Outer, &mut state.outer),
            (HatchSide::Inner, &mut state.inner),
        ],
        &mut joints,
    );
    let ring = |wanted: SimBody| bodies.iter().find(|(b, _)| **b == wanted).map(|(_, t)| *t);
    let (Some(airlock), Some(base)) = (ring(SimBody::Airlock), ring(SimBody::AirlockRing(0)))
    else {
        return;
    };
    for (body, transform) in &bodies {
        match body {
            SimBody::Hatch(HatchSide::Outer) => {
                state.outer.angle_rad = swing_rad(&airlock, transform);
            }
            SimBody::Hatch(HatchSide::Inner) => {
                state.inner.angle_rad = swing_rad(&base, transform);
            }
            _ => {}
        }
    }
    state.outer_hatch_open = state.outer.is_open();
    if !state.close_pending {
        return;
    }
    if !state.outer.is_open() {
        state.close_pending = false;
        state.outer_blocked = false;
        state.stalled_s = 0.0;
        log.push(clock.t_s(), clock.utc(), SimEvent::OuterHatchClosed);
        return;
    }
    if state.outer.target_rad == 0.0 && state.outer.angle_rad > 0.1 {
        state.stalled_s += clock.dt_s as f32;
    } else {
        state.stalled_s = 0.0;
    }
    if state.stalled_s > BLOCKED_AFTER_S {
        state.outer_blocked = true;
    }
}

/// Marks a hatch body.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hatch(pub HatchSide);

/// Spawns both hatches, shut: the inner one hinged to the capsule (it is the descent module's
/// hatch, and stays with it when the airlock is cast off), the outer one to the outer end, where
/// that end is (stowed or deployed).
pub fn spawn(
    commands: &mut Commands,
    layout: &Layout,
    craft: Entity,
    airlock: super::airlock::AirlockBodies,
    deployed: bool,
) {
    for side in [HatchSide::Inner, HatchSide::Outer] {
        // The capsule's frame sits at the simulation origin, the rings' at the airlock's base.
        let (ring, frame_m, lowered) = match side {
            HatchSide::Inner => (craft, layout.airlock_origin_m(), 0.0),
            HatchSide::Outer if deployed => (airlock.top, Vec3::ZERO, 0.0),
            HatchSide::Outer => (
                airlock.top,
                Vec3::ZERO,
                super::airlock::stowed_offset_m(layout) * super::airlock::SECTIONS as f32,
            ),
        };
        let g = HatchGeometry::new(layout, side);
        // Both swing down, towards the cabin: the outer one into the airlock, the inner one into
        // the cabin. A positive turn about +Z lowers the plate's free edge (its -X side).
        let name = match side {
            HatchSide::Outer => "Outer hatch",
            HatchSide::Inner => "Inner hatch",
        };
        let hinge = RevoluteJointBuilder::new(Vec3::Z)
            .local_anchor1(frame_m + g.hinge_m)
            .local_anchor2(g.hinge_m - g.centre_m)
            .limits([0.0, OPEN_ANGLE_RAD])
            .motor_position(0.0, DRIVE_STIFFNESS, DRIVE_DAMPING)
            .motor_max_force(DRIVE_TORQUE_NM);
        commands.spawn((
            Name::new(name),
            ScenarioEntity,
            SimBody::Hatch(side),
            Hatch(side),
            RigidBody::Dynamic,
            Transform::from_translation(layout.airlock_origin_m() + g.centre_m + Vec3::Y * lowered),
            Velocity::default(),
            Sleeping::disabled(),
            ExternalForce::default(),
            ReadMassProperties::default(),
            Collider::cylinder(HATCH_THICKNESS_M / 2.0, g.radius_m),
            ColliderMassProperties::Mass(HATCH_MASS_KG),
            groups::hatch(),
            ImpulseJoint::new(ring, TypedJoint::RevoluteJoint(hinge.build())),
        ));
    }
}

/// The swing of a hatch from its seat, rad (positive open).
pub fn swing_rad(airlock: &Transform, hatch: &Transform) -> f32 {
    let relative = airlock.rotation.inverse() * hatch.rotation;
    let about_z = 2.0 * relative.z.atan2(relative.w);
    if about_z > std::f32::consts::PI {
        about_z - std::f32::consts::TAU
    } else {
        about_z
    }
}

/// Moves each drive's target towards what the crew wants, at the drive's rate, and sets the
/// hinge motor to it.
pub fn drive(
    scenario: &Scenario,
    drives: &mut [(HatchSide, &mut HatchDrive)],
    joints: &mut Query<(&Hatch, &mut ImpulseJoint)>,
) {
    let dt = (1.0 / scenario.file.physics.step_hz) as f32;
    for (side, drive) in drives.iter_mut() {
        let goal = drive.goal_rad();
        if drive.target_rad == goal {
            continue;
        }
        let step = DRIVE_RATE_RAD_S * dt;
        drive.target_rad += (goal - drive.target_rad).clamp(-step, step);
        for (hatch, mut joint) in joints.iter_mut() {
            if hatch.0 == *side {
                joint.data.as_mut().set_motor_position(
                    JointAxis::AngX,
                    drive.target_rad,
                    DRIVE_STIFFNESS,
                    DRIVE_DAMPING,
                );
            }
        }
    }
}
