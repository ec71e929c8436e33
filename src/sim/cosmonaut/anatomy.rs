//! The suited cosmonaut's anatomy: sixteen segments with their proportions and masses, the joints
//! between them with human ranges of motion and muscle strength, and the postures he can take.
//!
//! The figure is laid out standing, in its own frame: origin between the soles, +Y towards the
//! head, -Z the way the chest faces, so +X is his right. Every segment starts unrotated in that
//! pose, which makes every joint angle zero there: straight limbs, arms along the body.
//!
//! Sources, all estimates for a suited adult man:
//! - Segment mass fractions: de Leva (1996), *Adjustments to Zatsiorsky-Seluyanov's segment inertia
//!   parameters*, J. Biomech. 29(9), male values; the trunk's upper and middle parts make the
//!   torso, its lower part the pelvis.
//! - Segment lengths: Drillis & Contini (1966) fractions of stature, stretched to the suit's length.
//! - Ranges of motion and peak isometric joint torques: NASA-STD-3000 *Man-Systems Integration
//!   Standards*, vol. 1, sections 3.3 (joint motion) and 4.9 (strength), rounded down for a suited
//!   man; the suit's own resistance is added by the suit model.

use bevy::prelude::*;
use bevy_rapier3d::prelude::{Collider, JointAxis};

use crate::scenario::Scenario;
pub use crate::sim::core::bodies::{Segment, Side};

impl Side {
    /// -1 for left, +1 for right: the sign of X on that side.
    pub fn sign(self) -> f32 {
        match self {
            Side::Left => -1.0,
            Side::Right => 1.0,
        }
    }
}

impl Segment {
    /// Every segment, each after its parent.
    pub const ALL: [Segment; 16] = [
        Segment::Pelvis,
        Segment::Torso,
        Segment::Head,
        Segment::Backpack,
        Segment::UpperArm(Side::Left),
        Segment::Forearm(Side::Left),
        Segment::Hand(Side::Left),
        Segment::UpperArm(Side::Right),
        Segment::Forearm(Side::Right),
        Segment::Hand(Side::Right),
        Segment::Thigh(Side::Left),
        Segment::Shank(Side::Left),
        Segment::Foot(Side::Left),
        Segment::Thigh(Side::Right),
        Segment::Shank(Side::Right),
        Segment::Foot(Side::Right),
    ];

    /// The segment this one hangs from (none for the pelvis).
    pub fn parent(self) -> Option<Segment> {
        use Segment::*;
        match self {
            Pelvis => None,
            Torso => Some(Pelvis),
            Head | Backpack | UpperArm(_) => Some(Torso),
            Forearm(s) => Some(UpperArm(s)),
            Hand(s) => Some(Forearm(s)),
            Thigh(_) => Some(Pelvis),
            Shank(s) => Some(Thigh(s)),
            Foot(s) => Some(Shank(s)),
        }
    }
}

/// A segment's collision shape, in its own frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SegmentShape {
    /// A capsule along Y.
    Capsule {
        /// Half the length of the axis between the end caps' centres, m.
        half_length_m: f32,
        /// Radius, m.
        radius_m: f32,
    },
    /// A ball (the helmet, the gloves).
    Ball {
        /// Radius, m.
        radius_m: f32,
    },
    /// A box with rounded edges.
    RoundBox {
        /// Half extents of the inner box, m.
        half_extents_m: Vec3,
        /// Rounding radius added all round, m.
        border_m: f32,
    },
}

impl SegmentShape {
    /// A capsule that encloses the shape: the vector from its centre to one end of its axis, and
    /// its radius. Geometry checks (does he block the hatch, is he inside the tube) use it.
    pub fn bounding_capsule(self) -> (Vec3, f32) {
        match self {
            SegmentShape::Capsule {
                half_length_m,
                radius_m,
            } => (Vec3::Y * half_length_m, radius_m),
            SegmentShape::Ball { radius_m } => (Vec3::ZERO, radius_m),
            SegmentShape::RoundBox {
                half_extents_m: h,
                border_m,
            } => {
                // Along the longest side; the radius covers the cross-section's corners.
                let (axis, across) = if h.y >= h.x && h.y >= h.z {
                    (Vec3::Y * h.y, Vec2::new(h.x, h.z))
                } else if h.z >= h.x {
                    (Vec3::Z * h.z, Vec2::new(h.x, h.y))
                } else {
                    (Vec3::X * h.x, Vec2::new(h.y, h.z))
                };
                (axis, across.length() + border_m)
            }
        }
    }
}

/// A joint: where it is, which rotations it allows and how strong the muscles that drive it are.
#[derive(Clone, Debug, PartialEq)]
pub struct JointSpec {
    /// The joint centre in the standing figure's frame, m.
    pub at_m: Vec3,
    /// Free rotation axes (in the parent's frame, standing pose) with their limits, rad. Axes not
    /// listed are locked; an empty list is a rigid attachment.
    pub limits: Vec<(JointAxis, f32, f32)>,
    /// Largest torque his muscles give about each free axis, N m.
    pub max_torque_nm: f32,
}

/// One segment of the figure.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentSpec {
    /// Which segment.
    pub segment: Segment,
    /// Its centre in the standing figure's frame, m.
    pub centre_m: Vec3,
    /// Its collision shape.
    pub shape: SegmentShape,
    /// Body, suit and equipment mass it carries, kg.
    pub mass_kg: f32,
    /// The joint to its parent (none for the pelvis).
    pub joint: Option<JointSpec>,
}

/// The whole suited figure for one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Segments, each after its parent.
    pub segments: Vec<SegmentSpec>,
    /// Height of the whole figure's centre of mass above the soles, standing, m.
    pub centre_of_mass_m: Vec3,
    /// Tether harness point in the torso's frame, m.
    pub harness_local_m: Vec3,
    /// Middle of his cross-section, chest to backpack, in the torso's frame, m: the point to
    /// centre in a hatch.
    pub section_centre_local_m: Vec3,
}

/// Segment masses of the body as fractions of body mass (de Leva 1996, male).
fn body_mass_fraction(segment: Segment) -> f32 {
    match segment {
        Segment::Pelvis => 0.1117,
        Segment::Torso => 0.3229,
        Segment::Head => 0.0694,
        Segment::Backpack => 0.0,
        Segment::UpperArm(_) => 0.0271,
        Segment::Forearm(_) => 0.0162,
        Segment::Hand(_) => 0.0061,
        Segment::Thigh(_) => 0.1416,
        Segment::Shank(_) => 0.0433,
        Segment::Foot(_) => 0.0137,
    }
}

/// How the suit's own mass spreads over the segments (estimate: helmet and torso shell heavy,
/// gloves and boots light).
fn suit_mass_fraction(segment: Segment) -> f32 {
    match segment {
        Segment::Pelvis => 0.10,
        Segment::Torso => 0.26,
        Segment::Head => 0.20,
        Segment::Backpack => 0.0,
        Segment::UpperArm(_) => 0.04,
        Segment::Forearm(_) => 0.03,
        Segment::Hand(_) => 0.02,
        Segment::Thigh(_) => 0.05,
        Segment::Shank(_) => 0.04,
        Segment::Foot(_) => 0.04,
    }
}

// Suited limb radii, m (estimates: a limb plus the suit's layers).
const THIGH_RADIUS_M: f32 = 0.09;
const SHANK_RADIUS_M: f32 = 0.075;
const UPPER_ARM_RADIUS_M: f32 = 0.075;
const FOREARM_RADIUS_M: f32 = 0.065;
const GLOVE_RADIUS_M: f32 = 0.06;
const HELMET_RADIUS_M: f32 = 0.17;
const HIP_HALF_SPACING_M: f32 = 0.1;
const TRUNK_BORDER_M: f32 = 0.05;
/// Half the backpack's thickness, m (estimate: a flat pack of three 2 L bottles).
const BACKPACK_HALF_DEPTH_M: f32 = 0.07;

// Heights of the joints as fractions of the suited length (Drillis & Contini).
const ANKLE_H: f32 = 0.045;
const KNEE_H: f32 = 0.285;
const HIP_H: f32 = 0.525;
const WAIST_H: f32 = 0.625;
const NECK_H: f32 = 0.82;
const SHOULDER_H: f32 = 0.80;
const ELBOW_H: f32 = 0.63;
const WRIST_H: f32 = 0.475;

impl Figure {
    /// The figure for a scenario's cosmonaut.
    pub fn new(scenario: &Scenario) -> Self {
        let c = &scenario.file.cosmonaut;
        let m = Measures {
            height: c.height_in_suit_m as f32,
            depth: c.torso_depth_m as f32,
            shoulder_x: c.shoulder_width_m as f32 / 2.0 - UPPER_ARM_RADIUS_M,
        };
        let mut segments = Vec::with_capacity(Segment::ALL.len());
        for segment in Segment::ALL {
            let (centre_m, shape, joint) = match segment {
                Segment::Pelvis => m.pelvis(),
                Segment::Torso => m.torso(),
                Segment::Head => m.head(),
                Segment::Backpack => m.backpack(),
                Segment::UpperArm(side) => m.upper_arm(side),
                Segment::Forearm(side) => m.forearm(side),
                Segment::Hand(side) => m.hand(side),
                Segment::Thigh(side) => m.thigh(side),
                Segment::Shank(side) => m.shank(side),
                Segment::Foot(side) => m.foot(side),
            };
            let mass_kg = if segment == Segment::Backpack {
                c.backpack_mass_kg as f32
            } else {
                body_mass_fraction(segment) * c.body_mass_kg as f32
                    + suit_mass_fraction(segment) * c.suit_mass_kg as f32
            };
            segments.push(SegmentSpec {
                segment,
                centre_m,
                shape,
                mass_kg,
                joint,
            });
        }
        let total: f32 = segments.iter().map(|s| s.mass_kg).sum();
        let centre_of_mass_m = segments
            .iter()
            .map(|s| s.centre_m * s.mass_kg)
            .sum::<Vec3>()
            / total;
        Self {
            segments,
            centre_of_mass_m,
            harness_local_m: Vec3::new(0.0, m.y(0.05), -m.depth / 2.0),
            section_centre_local_m: Vec3::new(0.0, 0.0, BACKPACK_HALF_DEPTH_M),
        }
    }

    /// Total mass of body, suit and backpack, kg.
    pub fn mass_kg(&self) -> f32 {
        self.segments.iter().map(|s| s.mass_kg).sum()
    }

    /// The spec of one segment.
    pub fn segment(&self, segment: Segment) -> &SegmentSpec {
        self.segments
            .iter()
            .find(|s| s.segment == segment)
            .unwrap_or(&self.segments[0])
    }
}

/// A sideways (about Z) range given for the right side, mirrored for the left: moving a limb out
/// to its own side is positive about Z on the right and negative on the left.
fn side_range(side: Side, min: f32, max: f32) -> (JointAxis, f32, f32) {
    match side {
        Side::Right => (JointAxis::AngZ, min, max),
        Side::Left => (JointAxis::AngZ, -max, -min),
    }
}

/// A whole-body posture: the joint angles his muscles drive towards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Posture {
    /// Knees and hips bent, waiting low in the airlock, below the outer hatch's swing.
    #[default]
    Crouched,
    /// Straight body, arms along it: the narrowest shape, for passing the hatch.
    Straight,
    /// The relaxed crouch a body takes floating free (NASA-STD-3000 neutral body posture).
    Neutral,
    /// Knees to the chest, arms in: folded to turn round inside the tube.
    Tucked,
}

impl Posture {
    /// The target angle about `axis` of the joint above `segment`, rad.
    pub fn target_rad(self, segment: Segment, axis: JointAxis) -> f32 {
        use JointAxis::{AngX, AngZ};
        let side = |s: Side| s.sign();
        match (self, segment, axis) {
            (Posture::Straight, ..) => 0.0,
            (Posture::Crouched, Segment::Torso, AngX) => -0.3,
            (Posture::Crouched, Segment::UpperArm(_), AngX) => 0.3,
            (Posture::Crouched, Segment::Forearm(_), AngX) => 1.2,
            (Posture::Crouched, Segment::Thigh(_), AngX) => 1.0,
            (Posture::Crouched, Segment::Shank(_), AngX) => -1.6,
            (Posture::Neutral, Segment::Torso, AngX) => -0.1,
            (Posture::Neutral, Segment::UpperArm(_), AngX) => 0.35,
            (Posture::Neutral, Segment::UpperArm(s), AngZ) => side(s) * 0.25,
            (Posture::Neutral, Segment::Forearm(_), AngX) => 0.8,
            (Posture::Neutral, Segment::Thigh(_), AngX) => 0.4,
            (Posture::Neutral, Segment::Shank(_), AngX) => -0.7,
            // As tight a ball as his joints allow: chin in, waist, hips and knees at their limits.
            (Posture::Tucked, Segment::Head, AngX) => -0.2,
            (Posture::Tucked, Segment::Torso, AngX) => -1.2,
            (Posture::Tucked, Segment::UpperArm(_), AngX) => 0.6,
            (Posture::Tucked, Segment::Forearm(_), AngX) => 1.8,
            (Posture::Tucked, Segment::Thigh(_), AngX) => 2.1,
            (Posture::Tucked, Segment::Shank(_), AngX) => -2.4,
            _ => 0.0,
        }
    }
}

/// The suited figure of the running scenario, as the suit has ballooned it.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct CosmonautFigure(pub Figure);

/// The joint to a segment's parent, driven by his muscles; lives on the segment's entity.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Muscle(pub Segment);

/// A segment's collider.
pub fn collider_for(shape: SegmentShape) -> Collider {
    match shape {
        SegmentShape::Capsule {
            half_length_m,
            radius_m,
        } => Collider::capsule_y(half_length_m, radius_m),
        SegmentShape::Ball { radius_m } => Collider::ball(radius_m),
        SegmentShape::RoundBox {
            half_extents_m: h,
            border_m,
        } => Collider::round_cuboid(h.x, h.y, h.z, border_m),
    }
}

/// A segment's place in the standing figure: its centre, its shape, and its joint to its parent.
type Placed = (Vec3, SegmentShape, Option<JointSpec>);

/// The suited figure's measures, from which each segment is laid out.
struct Measures {
    /// Suited height, m.
    height: f32,
    /// Torso depth, m.
    depth: f32,
    /// Distance of the shoulder joints from the body's axis, m.
    shoulder_x: f32,
}

impl Measures {
    /// A height given as a fraction of stature, m.
    fn y(&self, fraction: f32) -> f32 {
        fraction * self.height
    }

    /// A capsule from `top` to `bottom` (heights, m) of radius `radius_m`.
    fn capsule(top: f32, bottom: f32, radius_m: f32) -> SegmentShape {
        SegmentShape::Capsule {
            half_length_m: ((top - bottom) / 2.0 - radius_m).max(0.01),
            radius_m,
        }
    }

    /// The pelvis: lower trunk and the suit's hips.
    fn pelvis(&self) -> Placed {
        (
            Vec3::new(0.0, (self.y(HIP_H) + self.y(WAIST_H)) / 2.0 - 0.03, 0.0),
            SegmentShape::RoundBox {
                half_extents_m: Vec3::new(
                    HIP_HALF_SPACING_M + THIGH_RADIUS_M - TRUNK_BORDER_M,
                    (self.y(WAIST_H) - self.y(HIP_H)) / 2.0 + 0.03 - TRUNK_BORDER_M,
                    self.depth / 2.0 - TRUNK_BORDER_M,
                ),
                border_m: TRUNK_BORDER_M,
            },
            None,
        )
    }

    /// The torso, hinged at the waist.
    fn torso(&self) -> Placed {
        use JointAxis::{AngX, AngY, AngZ};
        (
            Vec3::new(0.0, (self.y(WAIST_H) + self.y(NECK_H)) / 2.0, 0.0),
            SegmentShape::RoundBox {
                half_extents_m: Vec3::new(
                    (self.shoulder_x - UPPER_ARM_RADIUS_M - TRUNK_BORDER_M).max(0.05),
                    (self.y(NECK_H) - self.y(WAIST_H)) / 2.0 - TRUNK_BORDER_M,
                    self.depth / 2.0 - TRUNK_BORDER_M,
                ),
                border_m: TRUNK_BORDER_M,
            },
            Some(JointSpec {
                at_m: Vec3::new(0.0, self.y(WAIST_H), 0.0),
                // Bending forward turns the torso's +Y towards -Z: a negative angle about X.
                limits: vec![(AngX, -1.2, 0.4), (AngY, -0.5, 0.5), (AngZ, -0.5, 0.5)],
                max_torque_nm: 200.0,
            }),
        )
    }

    /// The head in the helmet, on the suit's neck ring.
    fn head(&self) -> Placed {
        use JointAxis::{AngX, AngY, AngZ};
        (
            Vec3::new(0.0, self.height - HELMET_RADIUS_M, 0.0),
            SegmentShape::Ball {
                radius_m: HELMET_RADIUS_M,
            },
            // The helmet sits on the suit's neck ring: it turns only as far as the ring
            // gives.
            Some(JointSpec {
                at_m: Vec3::new(0.0, self.y(NECK_H), 0.0),
                limits: vec![(AngX, -0.2, 0.2), (AngY, -0.2, 0.2), (AngZ, -0.2, 0.2)],
                max_torque_nm: 30.0,
            }),
        )
    }

    /// The backpack, fixed to the torso.
    fn backpack(&self) -> Placed {
        (
            Vec3::new(
                0.0,
                (self.y(WAIST_H) + self.y(NECK_H)) / 2.0,
                self.depth / 2.0 + BACKPACK_HALF_DEPTH_M,
            ),
            SegmentShape::RoundBox {
                half_extents_m: Vec3::new(0.14, 0.22, BACKPACK_HALF_DEPTH_M - 0.02),
                border_m: 0.02,
            },
            Some(JointSpec {
                at_m: Vec3::new(
                    0.0,
                    (self.y(WAIST_H) + self.y(NECK_H)) / 2.0,
                    self.depth / 2.0,
                ),
                limits: Vec::new(),
                max_torque_nm: 0.0,
            }),
        )
    }

    /// An upper arm, from the shoulder.
    fn upper_arm(&self, side: Side) -> Placed {
        use JointAxis::{AngX, AngY};
        (
            Vec3::new(
                side.sign() * self.shoulder_x,
                (self.y(SHOULDER_H) + self.y(ELBOW_H)) / 2.0,
                0.0,
            ),
            Self::capsule(
                self.y(SHOULDER_H) + UPPER_ARM_RADIUS_M,
                self.y(ELBOW_H),
                UPPER_ARM_RADIUS_M,
            ),
            Some(JointSpec {
                at_m: Vec3::new(side.sign() * self.shoulder_x, self.y(SHOULDER_H), 0.0),
                // Flexion swings the hanging arm forward (+X rotation); abduction
                // swings it out to its own side.
                limits: vec![
                    (AngX, -0.9, 3.0),
                    (AngY, -1.2, 1.2),
                    side_range(side, -0.1, 2.8),
                ],
                max_torque_nm: 90.0,
            }),
        )
    }

    /// A forearm, from the elbow.
    fn forearm(&self, side: Side) -> Placed {
        use JointAxis::AngX;
        (
            Vec3::new(
                side.sign() * self.shoulder_x,
                (self.y(ELBOW_H) + self.y(WRIST_H)) / 2.0,
                0.0,
            ),
            Self::capsule(self.y(ELBOW_H), self.y(WRIST_H), FOREARM_RADIUS_M),
            Some(JointSpec {
                at_m: Vec3::new(side.sign() * self.shoulder_x, self.y(ELBOW_H), 0.0),
                limits: vec![(AngX, 0.0, 2.5)],
                max_torque_nm: 70.0,
            }),
        )
    }

    /// A hand in the glove, from the wrist.
    fn hand(&self, side: Side) -> Placed {
        use JointAxis::AngX;
        (
            Vec3::new(
                side.sign() * self.shoulder_x,
                self.y(WRIST_H) - GLOVE_RADIUS_M,
                0.0,
            ),
            SegmentShape::Ball {
                radius_m: GLOVE_RADIUS_M,
            },
            Some(JointSpec {
                at_m: Vec3::new(side.sign() * self.shoulder_x, self.y(WRIST_H), 0.0),
                limits: vec![(AngX, -1.2, 1.2), side_range(side, -0.5, 0.4)],
                max_torque_nm: 15.0,
            }),
        )
    }

    /// A thigh, from the hip.
    fn thigh(&self, side: Side) -> Placed {
        use JointAxis::{AngX, AngY};
        (
            Vec3::new(
                side.sign() * HIP_HALF_SPACING_M,
                (self.y(HIP_H) + self.y(KNEE_H)) / 2.0,
                0.0,
            ),
            Self::capsule(self.y(HIP_H), self.y(KNEE_H), THIGH_RADIUS_M),
            Some(JointSpec {
                at_m: Vec3::new(side.sign() * HIP_HALF_SPACING_M, self.y(HIP_H), 0.0),
                limits: vec![
                    (AngX, -0.5, 2.1),
                    (AngY, -0.6, 0.6),
                    side_range(side, -0.15, 0.8),
                ],
                max_torque_nm: 200.0,
            }),
        )
    }

    /// A shank, from the knee.
    fn shank(&self, side: Side) -> Placed {
        use JointAxis::AngX;
        (
            Vec3::new(
                side.sign() * HIP_HALF_SPACING_M,
                (self.y(KNEE_H) + self.y(ANKLE_H)) / 2.0,
                0.0,
            ),
            Self::capsule(self.y(KNEE_H), self.y(ANKLE_H), SHANK_RADIUS_M),
            Some(JointSpec {
                at_m: Vec3::new(side.sign() * HIP_HALF_SPACING_M, self.y(KNEE_H), 0.0),
                // The knee bends the shank backwards: a negative angle about X.
                limits: vec![(AngX, -2.4, 0.0)],
                max_torque_nm: 150.0,
            }),
        )
    }

    /// A foot in the boot, from the ankle.
    fn foot(&self, side: Side) -> Placed {
        use JointAxis::AngX;
        (
            Vec3::new(
                side.sign() * HIP_HALF_SPACING_M,
                self.y(ANKLE_H) / 2.0,
                -0.06,
            ),
            SegmentShape::RoundBox {
                half_extents_m: Vec3::new(0.035, (self.y(ANKLE_H) / 2.0 - 0.02).max(0.005), 0.11),
                border_m: 0.02,
            },
            Some(JointSpec {
                at_m: Vec3::new(side.sign() * HIP_HALF_SPACING_M, self.y(ANKLE_H), 0.0),
                limits: vec![(AngX, -0.6, 0.6), side_range(side, -0.3, 0.3)],
                max_torque_nm: 80.0,
            }),
        )
    }
}
