//! Who is who: the simulation's own body ids, what collides with what, and the loads applied
//! to bodies each step.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

/// Which physical body an entity is; the viewer draws each kind its own way.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimBody {
    /// The capsule: descent sphere and instrument module.
    Spacecraft,
    /// The airlock's outer end: its last section, outer rim, hatch and handrails. Its frame is
    /// the airlock's: origin at the centre of the base ring when deployed, +Y along the tube.
    Airlock,
    /// One of the airlock's other rings, counted from the base ring (0) on the capsule.
    AirlockRing(u8),
    /// One of the airlock's hinged hatches.
    Hatch(HatchSide),
    /// One segment of the cosmonaut in his suit.
    Cosmonaut(Segment),
    /// One link of the tether chain, counted from the anchor.
    TetherSegment(u32),
    /// Something he threw (the lens cap), with its mass in grams.
    Thrown(u32),
}

/// Collision groups: what touches what.
pub mod groups {
    use bevy_rapier3d::prelude::{CollisionGroups, Group};

    /// Capsule and airlock: rigidly joined, so they never collide with each other.
    pub fn structure() -> CollisionGroups {
        CollisionGroups::new(
            Group::GROUP_1,
            Group::GROUP_2 | Group::GROUP_3 | Group::GROUP_4,
        )
    }
    /// The hatches: structure that he and thrown things meet, but the tether does not, so that
    /// the slack line lying across an opening never props a hatch open (the crew pulled it clear).
    pub fn hatch() -> CollisionGroups {
        CollisionGroups::new(Group::GROUP_1, Group::GROUP_2 | Group::GROUP_4)
    }
    /// Things he throws bounce off the structure; they leave his hand, so not off him.
    pub fn thrown() -> CollisionGroups {
        CollisionGroups::new(Group::GROUP_4, Group::GROUP_1)
    }
    /// The cosmonaut touches the structure.
    pub fn cosmonaut() -> CollisionGroups {
        CollisionGroups::new(Group::GROUP_2, Group::GROUP_1)
    }
    /// The tether's links lie on the structure and run over the hatch rim; they pass through him
    /// (it is clipped to his chest and mostly trails behind him).
    pub fn tether() -> CollisionGroups {
        CollisionGroups::new(Group::GROUP_3, Group::GROUP_1)
    }
}

/// Left or right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// His left (-X).
    Left,
    /// His right (+X).
    Right,
}

/// One rigid segment of the suited body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Lower trunk and the suit's hips; the root of the joint tree.
    Pelvis,
    /// Upper and middle trunk; wears the tether harness.
    Torso,
    /// Head in the helmet.
    Head,
    /// The KP-55 oxygen apparatus on the back.
    Backpack,
    /// Shoulder to elbow.
    UpperArm(Side),
    /// Elbow to wrist.
    Forearm(Side),
    /// Hand in the glove.
    Hand(Side),
    /// Hip to knee.
    Thigh(Side),
    /// Knee to ankle.
    Shank(Side),
    /// Foot in the boot.
    Foot(Side),
}

impl Segment {
    /// A short name for logs and the inspector.
    pub fn name(self) -> String {
        let side = |s: Side| match s {
            Side::Left => "left",
            Side::Right => "right",
        };
        match self {
            Segment::Pelvis => "pelvis".into(),
            Segment::Torso => "torso".into(),
            Segment::Head => "head".into(),
            Segment::Backpack => "backpack".into(),
            Segment::UpperArm(s) => format!("{} upper arm", side(s)),
            Segment::Forearm(s) => format!("{} forearm", side(s)),
            Segment::Hand(s) => format!("{} hand", side(s)),
            Segment::Thigh(s) => format!("{} thigh", side(s)),
            Segment::Shank(s) => format!("{} shank", side(s)),
            Segment::Foot(s) => format!("{} foot", side(s)),
        }
    }
}

/// Which hatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HatchSide {
    /// Between the airlock and the cabin; opens into the cabin.
    Inner,
    /// Between the airlock and space; opens into the airlock.
    Outer,
}

/// The bodies that forces are applied to, with what it takes to apply one at a point.
pub type ForceBodies<'w, 's> = Query<
    'w,
    's,
    (
        &'static Transform,
        &'static Velocity,
        &'static ReadMassProperties,
        &'static mut ExternalForce,
    ),
>;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        clear_applied_forces.in_set(super::schedule::SimStep::ClearLoads),
    );
}

/// Every step starts with no applied force or impulse; each system then adds its own.
pub fn clear_applied_forces(mut bodies: Query<(&mut ExternalForce, Option<&mut ExternalImpulse>)>) {
    // Only what was set is cleared: a write marks the body changed, and every changed body is
    // handed to Rapier again at the next sync.
    for (mut force, impulse) in &mut bodies {
        force.set_if_neq(ExternalForce::default());
        if let Some(mut impulse) = impulse {
            impulse.set_if_neq(ExternalImpulse::default());
        }
    }
}
