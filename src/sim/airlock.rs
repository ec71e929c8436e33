//! The Volga airlock: a tube on the descent sphere, with a rim at each end round the hatch
//! openings; the hatches themselves are hinged bodies ([`super::hatch`]).

use std::f32::consts::TAU;

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::ScenarioEntity;
use super::bodies::{Layout, SimBody, groups};
use crate::scenario::Scenario;

/// Number of flat panels that approximate the round tube and rims.
pub const WALL_PANELS: usize = 16;
/// Axial thickness of the hatch rims, m.
pub const RIM_THICKNESS_M: f32 = 0.06;

/// Spawns the airlock fixed to the capsule; returns its entity.
pub fn spawn(
    commands: &mut Commands,
    scenario: &Scenario,
    layout: &Layout,
    craft: Entity,
) -> Entity {
    let a = &scenario.file.airlock;
    let length = layout.airlock_length_m;
    let (ri, ro, rh) = (
        layout.airlock_inner_radius_m,
        layout.airlock_outer_radius_m,
        layout.hatch_radius_m,
    );
    // The two hatches are bodies of their own; walls and rims carry the rest of the mass.
    let shell_mass = a.mass_kg as f32 - 2.0 * super::hatch::HATCH_MASS_KG;
    let wall_mass = shell_mass * 0.82 / WALL_PANELS as f32;
    let rim_mass = shell_mass * 0.18 / WALL_PANELS as f32;
    let joint = FixedJointBuilder::new()
        .local_anchor1(layout.airlock_origin_m())
        .local_anchor2(Vec3::ZERO);
    commands
        .spawn((
            Name::new("Airlock"),
            ScenarioEntity,
            SimBody::Airlock,
            RigidBody::Dynamic,
            Transform::from_translation(layout.airlock_origin_m()),
            Velocity::default(),
            Sleeping::disabled(),
            ExternalForce::default(),
            ExternalImpulse::default(),
            ReadMassProperties::default(),
            ImpulseJoint::new(craft, joint),
        ))
        .with_children(|body| {
            let panel_half_width = TAU * ro / WALL_PANELS as f32 / 2.0 * 1.05;
            for i in 0..WALL_PANELS {
                let angle = TAU * i as f32 / WALL_PANELS as f32;
                let rotation = Quat::from_rotation_y(angle);
                // Tube wall panel, from the base ring to the outer rim.
                body.spawn((
                    Name::new(format!("Airlock wall {i}")),
                    Collider::cuboid(panel_half_width, length / 2.0, (ro - ri) / 2.0),
                    ColliderMassProperties::Mass(wall_mass),
                    groups::structure(),
                    Transform::from_translation(
                        rotation * Vec3::new(0.0, length / 2.0, (ri + ro) / 2.0),
                    )
                    .with_rotation(rotation),
                ));
                // Outer rim: the hatch frame between the clear opening and the wall.
                let rim_half_width = TAU * ro / WALL_PANELS as f32 / 2.0 * 1.05;
                for (name, y) in [
                    ("outer", length - RIM_THICKNESS_M / 2.0),
                    ("inner", RIM_THICKNESS_M / 2.0),
                ] {
                    body.spawn((
                        Name::new(format!("Airlock {name} rim {i}")),
                        Collider::cuboid(rim_half_width, RIM_THICKNESS_M / 2.0, (ri - rh) / 2.0),
                        ColliderMassProperties::Mass(rim_mass / 2.0),
                        groups::structure(),
                        Transform::from_translation(rotation * Vec3::new(0.0, y, (rh + ri) / 2.0))
                            .with_rotation(rotation),
                    ));
                }
            }
        })
        .id()
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
