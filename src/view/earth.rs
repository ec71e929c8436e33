//! Earth at true scale below the spacecraft, textured with NASA's Blue Marble and turning with
//! sidereal time.

use std::f32::consts::PI;

use bevy::light::{NotShadowCaster, NotShadowReceiver};
use bevy::math::DQuat;
use bevy::prelude::*;

use crate::sim::environment::Environment;
use crate::sim::orbit::EARTH_RADIUS_M;

/// The day texture, equirectangular, longitude -180 at the left edge (see assets/CREDITS.md).
pub const EARTH_DAY_TEXTURE: &str = "textures/earth_day_bmng_5400x2700.jpg";

/// Marks the Earth.
#[derive(Component, Clone, Copy, Debug)]
pub struct Earth;

/// The Earth's material handle, so the screenshot code can wait for its texture.
#[derive(Resource, Clone, Debug)]
pub struct EarthTexture(pub Handle<Image>);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_earth)
        .add_systems(PostUpdate, place_earth.before(TransformSystems::Propagate));
}

fn spawn_earth(
    mut commands: Commands,
    assets: Res<AssetServer>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let texture: Handle<Image> = assets.load(EARTH_DAY_TEXTURE);
    commands.insert_resource(EarthTexture(texture.clone()));
    // 512 x 256 facets: flat facets stray from the sphere by under 120 m, invisible from 190 km,
    // and a software renderer still draws them quickly.
    let mesh = meshes.add(Sphere::new(1.0).mesh().uv(512, 256));
    let material = materials.add(StandardMaterial {
        base_color_texture: Some(texture),
        perceptual_roughness: 0.85,
        reflectance: 0.3,
        ..default()
    });
    commands.spawn((
        Name::new("Earth"),
        Earth,
        Mesh3d(mesh),
        MeshMaterial3d(material),
        NotShadowCaster,
        NotShadowReceiver,
        Transform::from_scale(Vec3::splat(EARTH_RADIUS_M as f32)),
    ));
}

/// Bevy's UV sphere has its pole on +Z and puts texture u = 0 on +X; the texture's left edge is
/// longitude 180, so the mesh turns half a revolution about the pole to become Earth-fixed.
fn mesh_to_earth_fixed() -> DQuat {
    DQuat::from_rotation_z(f64::from(PI))
}

fn place_earth(env: Res<Environment>, mut earth: Query<&mut Transform, With<Earth>>) {
    let rotation = DQuat::from_mat3(&env.earth_fixed_to_sim) * mesh_to_earth_fixed();
    for mut transform in &mut earth {
        transform.translation = env.earth_centre_m.as_vec3();
        transform.rotation = rotation.as_quat();
    }
}
