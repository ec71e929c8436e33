//! The Volga airlock: a tube on the descent sphere, with a rim at each end round the hatch
//! openings; the hatches themselves are hinged bodies (the hatch module).

use std::f32::consts::TAU;

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::scenario::{Hand, Scenario};
use crate::sim::core::bodies::{SimBody, groups};
use crate::sim::core::layout::{HANDRAIL_RADIUS_M, Layout};
use crate::sim::core::schedule::ScenarioEntity;

/// Mass of a hatch with its seal and locks, kg (estimate).
pub const HATCH_MASS_KG: f32 = 12.0;
/// Mass of one handrail, kg.
pub const HANDRAIL_MASS_KG: f32 = 1.0;
/// Number of flat panels that approximate the round tube and rims.
pub const WALL_PANELS: usize = 16;
/// Axial thickness of the hatch rims, m.
pub const RIM_THICKNESS_M: f32 = 0.06;

/// Marks the outer hatch's rim: where the ballooned suit is squeezed
/// (see `cosmonaut::squeeze`), so its contacts with him go through the solver's contact hook.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct OuterRim;

/// Number of tube sections between the rings, one per independent group of inflatable booms
/// (RSW: three isolated groups).
pub const SECTIONS: usize = 3;
/// Largest force one group of booms exerts while extending its section, N (estimate: booms of a
/// few centimetres at a few tenths of an atmosphere).
pub const BOOM_FORCE_N: f32 = 3000.0;
/// Stiffness and damping of the booms' extension, per unit of the moving rings' mass (1/s^2, 1/s).
pub const BOOM_STIFFNESS: f32 = 30.0;
/// See [`BOOM_STIFFNESS`].
pub const BOOM_DAMPING: f32 = 12.0;

/// The airlock's bodies: the base ring on the capsule, the rings between sections, and the outer
/// end with its rim, hatch and handrails.
#[derive(Clone, Copy, Debug)]
pub struct AirlockBodies {
    /// The base ring, fixed to the capsule until jettison; holds the inner hatch and the tether.
    pub base: Entity,
    /// The outer end (`SimBody::Airlock`); its frame coincides with the base ring's when deployed.
    pub top: Entity,
}

/// Marks the prismatic joint along which ring `k` (1 to `SECTIONS`) slides out of ring `k - 1`.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoomJoint(pub usize);

/// How far each ring sits below its deployed place when the airlock is stowed, m (negative).
pub fn stowed_offset_m(layout: &Layout) -> f32 {
    (layout.airlock_stowed_length_m - layout.airlock_length_m) / SECTIONS as f32
}

/// Spawns the airlock on the capsule, stowed or deployed; returns its bodies.
///
/// Every ring's frame has its origin at the centre of the base ring when deployed, so the outer
/// end's frame is the airlock's frame of reference (`SimBody::Airlock`). Ring `k` carries the wall
/// of section `k`, hanging below it; stowed, the sections nest into one another.
pub fn spawn(
    commands: &mut Commands,
    scenario: &Scenario,
    layout: &Layout,
    craft: Entity,
    deployed: bool,
) -> AirlockBodies {
    let shell = Shell::new(scenario, layout);
    let offset = if deployed {
        0.0
    } else {
        stowed_offset_m(layout)
    };
    let mount = FixedJointBuilder::new()
        .local_anchor1(layout.airlock_origin_m())
        .local_anchor2(Vec3::ZERO);
    let base = commands
        .spawn((
            ring_body(layout, 0, offset),
            ImpulseJoint::new(craft, mount),
        ))
        .with_children(|body| {
            shell.rim(body, "inner", RIM_THICKNESS_M / 2.0);
        })
        .id();
    let mut previous = base;
    for k in 1..=SECTIONS {
        let slide = PrismaticJointBuilder::new(Vec3::Y)
            .local_anchor1(Vec3::ZERO)
            .local_anchor2(Vec3::ZERO)
            .limits([stowed_offset_m(layout), 0.0])
            .motor_position(offset, BOOM_STIFFNESS, BOOM_DAMPING)
            .motor_max_force(BOOM_FORCE_N);
        let ring = commands
            .spawn((
                ring_body(layout, k, offset),
                BoomJoint(k),
                ImpulseJoint::new(previous, TypedJoint::PrismaticJoint(slide.build())),
            ))
            .with_children(|body| {
                shell.wall(body, k);
                if k == SECTIONS {
                    let rim = shell.rim(body, "outer", shell.length - RIM_THICKNESS_M / 2.0);
                    body.commands()
                        .entity(rim)
                        .insert((OuterRim, ActiveHooks::MODIFY_SOLVER_CONTACTS));
                    handrails(body, layout);
                }
            })
            .id();
        previous = ring;
    }
    AirlockBodies {
        base,
        top: previous,
    }
}

/// The sizes and masses of the tube's walls and rims.
struct Shell {
    /// Deployed length, m.
    length: f32,
    /// Length of one section, m.
    section: f32,
    /// Inner, outer and hatch radii, m.
    radii: (f32, f32, f32),
    /// Mass of one section's wall, kg.
    wall_mass: f32,
    /// Mass of one rim, kg.
    rim_mass: f32,
    /// Half the width of one flat panel, m (a little over a sixteenth of the round).
    panel_half_width: f32,
}

impl Shell {
    fn new(scenario: &Scenario, layout: &Layout) -> Self {
        let a = &scenario.file.airlock;
        let length = layout.airlock_length_m;
        let ro = layout.airlock_outer_radius_m;
        // The two hatches and handrails are bodies or colliders of their own; walls and rims
        // carry the rest of the mass.
        let shell_mass = a.mass_kg as f32 - 2.0 * HATCH_MASS_KG - 2.0 * HANDRAIL_MASS_KG;
        Self {
            length,
            section: length / SECTIONS as f32,
            radii: (layout.airlock_inner_radius_m, ro, layout.hatch_radius_m),
            wall_mass: shell_mass * 0.82 / SECTIONS as f32,
            rim_mass: shell_mass * 0.09,
            panel_half_width: TAU * ro / WALL_PANELS as f32 / 2.0 * 1.05,
        }
    }

    /// A hatch rim at height `y` of the ring's frame.
    fn rim(&self, body: &mut ChildSpawnerCommands, name: &str, y: f32) -> Entity {
        let (ri, _, rh) = self.radii;
        body.spawn((
            Name::new(format!("Airlock {name} rim")),
            panels(
                Vec3::new(
                    self.panel_half_width,
                    RIM_THICKNESS_M / 2.0,
                    (ri - rh) / 2.0,
                ),
                (rh + ri) / 2.0,
                y,
            ),
            ColliderMassProperties::Mass(self.rim_mass),
            groups::structure(),
            Transform::IDENTITY,
        ))
        .id()
    }

    /// The wall of section `k`, below its ring.
    fn wall(&self, body: &mut ChildSpawnerCommands, k: usize) {
        let (ri, ro, _) = self.radii;
        body.spawn((
            Name::new(format!("Airlock wall {k}")),
            panels(
                Vec3::new(self.panel_half_width, self.section / 2.0, (ro - ri) / 2.0),
                (ri + ro) / 2.0,
                (k as f32 - 0.5) * self.section,
            ),
            ColliderMassProperties::Mass(self.wall_mass),
            groups::structure(),
            Transform::IDENTITY,
        ));
    }
}

/// A ring of flat panels round the tube's axis at height `y`, as one compound collider: one
/// entity and one broad-phase box per ring instead of one per panel, which Bevy and Rapier would
/// otherwise both track each step.
fn panels(half_extents: Vec3, radius_m: f32, y: f32) -> Collider {
    Collider::compound(
        (0..WALL_PANELS)
            .map(|i| {
                let rotation = Quat::from_rotation_y(TAU * i as f32 / WALL_PANELS as f32);
                (
                    rotation * Vec3::new(0.0, y, radius_m),
                    rotation,
                    Collider::cuboid(half_extents.x, half_extents.y, half_extents.z),
                )
            })
            .collect(),
    )
}

/// Ring `k`'s body (the outer end's at `k` = [`SECTIONS`]), `offset` m along the tube per ring.
fn ring_body(layout: &Layout, k: usize, offset: f32) -> impl Bundle {
    (
        Name::new(if k == SECTIONS {
            "Airlock outer end".to_string()
        } else {
            format!("Airlock ring {k}")
        }),
        ScenarioEntity,
        if k == SECTIONS {
            SimBody::Airlock
        } else {
            SimBody::AirlockRing(k as u8)
        },
        RigidBody::Dynamic,
        Transform::from_translation(layout.airlock_origin_m() + Vec3::Y * offset * k as f32),
        Velocity::default(),
        Sleeping::disabled(),
        ExternalForce::default(),
        ExternalImpulse::default(),
        ReadMassProperties::default(),
    )
}

/// The handrails beside the outer hatch, on the outer end.
fn handrails(body: &mut ChildSpawnerCommands, layout: &Layout) {
    for hand in [Hand::Left, Hand::Right] {
        let (a, b) = layout.handrail_local_m(hand);
        body.spawn((
            Name::new(format!("Handrail {hand:?}")),
            Collider::capsule(a, b, HANDRAIL_RADIUS_M),
            ColliderMassProperties::Mass(HANDRAIL_MASS_KG),
            groups::structure(),
            Transform::IDENTITY,
        ));
    }
}

/// Whether a capsule-shaped body (segment `a`-`b` in the airlock frame, radius `r`) overlaps the
/// disc the outer hatch sweeps when it closes.
pub fn blocks_outer_hatch(layout: &Layout, a: Vec3, b: Vec3, r: f32) -> bool {
    let plane_y = layout.airlock_length_m - RIM_THICKNESS_M / 2.0;
    let (lo, hi) = (a.y.min(b.y) - r, a.y.max(b.y) + r);
    if plane_y < lo || plane_y > hi {
        return false;
    }
    // Closest point of the segment to the hatch plane's axis, at the plane's height.
    let t = if (b.y - a.y).abs() > 1e-6 {
        ((plane_y - a.y) / (b.y - a.y)).clamp(0.0, 1.0)
    } else {
        0.5
    };
    let p = a.lerp(b, t);
    Vec2::new(p.x, p.z).length() < layout.hatch_radius_m + r
}
