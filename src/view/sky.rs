//! The Sun as the one directional light, with a visible disc, and earthshine from below.

use bevy::light::{CascadeShadowConfigBuilder, NotShadowCaster, SunDisk};
use bevy::prelude::*;

use crate::sim::world::environment::Environment;

/// Distance at which the Sun's disc is drawn, m: beyond the Earth, so Earth hides it at sunset.
const SUN_DISC_DISTANCE_M: f32 = 1.0e8;
/// The Sun's angular radius seen from Earth, radians (0.267 deg).
const SUN_ANGULAR_RADIUS_RAD: f32 = 0.00466;
/// Sunlight above the atmosphere, lux.
const SOLAR_ILLUMINANCE_LUX: f32 = light_consts::lux::RAW_SUNLIGHT;
/// Fraction of sunlight the sunlit Earth below sends back up (Bond albedo about 0.3).
const EARTH_ALBEDO: f32 = 0.3;

/// The Sun's light.
#[derive(Component, Clone, Copy, Debug)]
pub struct Sun;

/// The Sun's visible disc.
#[derive(Component, Clone, Copy, Debug)]
pub struct SunDisc;

/// Light reflected up from the Earth.
#[derive(Component, Clone, Copy, Debug)]
pub struct Earthshine;

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(GlobalAmbientLight {
        brightness: 0.0,
        ..default()
    })
    .add_systems(Startup, spawn_sun)
    .add_systems(
        PostUpdate,
        (place_sun, place_sun_disc, shine_from_earth).before(TransformSystems::Propagate),
    );
}

fn spawn_sun(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    commands.spawn((
        Name::new("Sun"),
        Sun,
        DirectionalLight {
            illuminance: SOLAR_ILLUMINANCE_LUX,
            shadow_maps_enabled: true,
            ..default()
        },
        // The disc is drawn below as a mesh, so it also shows with the atmosphere off.
        SunDisk::OFF,
        // Shadows only matter on the spacecraft and the cosmonaut, within a few tens of metres.
        CascadeShadowConfigBuilder {
            num_cascades: 3,
            first_cascade_far_bound: 6.0,
            maximum_distance: 60.0,
            ..default()
        }
        .build(),
    ));
    commands.spawn((
        Name::new("Earthshine"),
        Earthshine,
        DirectionalLight {
            illuminance: 0.0,
            shadow_maps_enabled: false,
            ..default()
        },
        SunDisk::OFF,
        Transform::default().looking_to(Vec3::Y, Vec3::Z),
    ));
    commands.spawn((
        Name::new("Sun disc"),
        SunDisc,
        Mesh3d(
            meshes.add(
                Sphere::new(SUN_DISC_DISTANCE_M * SUN_ANGULAR_RADIUS_RAD)
                    .mesh()
                    .uv(32, 16),
            ),
        ),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::WHITE,
            emissive: LinearRgba::rgb(4.0e5, 3.9e5, 3.7e5),
            unlit: true,
            ..default()
        })),
        NotShadowCaster,
    ));
}

fn to_sun(env: &Environment) -> Vec3 {
    env.sun_direction.as_vec3().normalize_or(Vec3::Y)
}

fn place_sun(env: Res<Environment>, mut sun: Query<&mut Transform, With<Sun>>) {
    let to_sun = to_sun(&env);
    let up = if to_sun.y.abs() < 0.9 {
        Vec3::Y
    } else {
        Vec3::X
    };
    for mut transform in &mut sun {
        *transform = Transform::default().looking_to(-to_sun, up);
    }
}

fn place_sun_disc(env: Res<Environment>, mut disc: Query<&mut Transform, With<SunDisc>>) {
    for mut transform in &mut disc {
        transform.translation = to_sun(&env) * SUN_DISC_DISTANCE_M;
    }
}

/// The Earth below is lit in proportion to the Sun's height over it; nothing in its shadow.
fn shine_from_earth(
    env: Res<Environment>,
    mut shine: Query<&mut DirectionalLight, With<Earthshine>>,
) {
    let sun_height = if env.sunlit {
        to_sun(&env).dot(Vec3::Y).max(0.0) + 0.15
    } else {
        0.0
    };
    for mut light in &mut shine {
        light.illuminance = SOLAR_ILLUMINANCE_LUX * EARTH_ALBEDO * sun_height.min(1.0) * 0.5;
    }
}
