//! Earth at true scale below the spacecraft, textured with NASA's Blue Marble, its seas glinting
//! in the Sun, turning with sidereal time.

use std::f32::consts::PI;

use bevy::light::{NotShadowCaster, NotShadowReceiver};
use bevy::math::DQuat;
use bevy::prelude::*;

use crate::sim::world::environment::Environment;
use crate::sim::world::orbit::EARTH_RADIUS_M;

use super::detail::{DetailKind, DetailedMaterial, SurfaceDetail};
use super::surface::{roughness_from_water_mask, with_mipmaps};

/// The day texture, equirectangular, longitude -180 at the left edge (see assets/CREDITS.md).
pub const EARTH_DAY_TEXTURE: &str = "textures/earth_day_bmng_5400x2700.jpg";
/// Where the water is (255 = water), on the same grid as the day texture.
pub const EARTH_WATER_MASK: &str = "textures/earth_water_4096x2048.png";

/// Largest cells of the ground's detail, m: about half a day-map texel, down to 250 m.
const GROUND_DETAIL_CELL_M: f64 = 4_000.0;
/// How far the detail moves the land's colour either way (fields, forest and bare ground
/// differ by about this much within a texel).
const GROUND_DETAIL_STRENGTH: f32 = 0.25;

/// Marks the Earth.
#[derive(Component, Clone, Copy, Debug)]
pub struct Earth;

/// A sphere centred on the Earth that turns with it (the ground, the clouds), its map laid out
/// like the day map; its scale is its own.
#[derive(Component, Clone, Copy, Debug)]
pub struct EarthFixed;

/// The Earth's maps as loaded, and whether they have been made ready for the GPU (mipmaps, the
/// glint map); the screenshot code waits for that.
#[derive(Resource, Clone, Debug)]
pub struct EarthTextures {
    /// The day colour map.
    pub day: Handle<Image>,
    /// The water mask as loaded.
    pub water_mask: Handle<Image>,
    /// The Earth's material, which gets the prepared maps.
    pub material: Handle<DetailedMaterial>,
    /// The day map has its mipmaps.
    pub day_ready: bool,
    /// The glint map is made and on the material.
    pub glint_ready: bool,
    /// A map that could not be prepared, with the reason.
    pub failed: Option<String>,
}

impl EarthTextures {
    /// Every map is ready to draw.
    pub fn ready(&self) -> bool {
        self.day_ready && self.glint_ready
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_earth)
        .add_systems(Update, prepare_maps)
        .add_systems(PostUpdate, place_earth.before(TransformSystems::Propagate));
}

fn spawn_earth(
    mut commands: Commands,
    assets: Res<AssetServer>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<DetailedMaterial>>,
) {
    let day: Handle<Image> = assets.load(EARTH_DAY_TEXTURE);
    // 512 x 256 facets: flat facets stray from the sphere by under 120 m, invisible from 190 km,
    // and a software renderer still draws them quickly.
    let mesh = meshes.add(Sphere::new(1.0).mesh().uv(512, 256));
    let material = materials.add(DetailedMaterial {
        base: StandardMaterial {
            base_color_texture: Some(day.clone()),
            perceptual_roughness: 1.0,
            // Water reflects about 2 % at normal incidence.
            reflectance: 0.35,
            ..default()
        },
        extension: SurfaceDetail::new(
            DetailKind::Ground,
            GROUND_DETAIL_STRENGTH,
            GROUND_DETAIL_CELL_M,
        ),
    });
    commands.insert_resource(EarthTextures {
        day,
        water_mask: assets.load(EARTH_WATER_MASK),
        material: material.clone(),
        day_ready: false,
        glint_ready: false,
        failed: None,
    });
    commands.spawn((
        Name::new("Earth"),
        Earth,
        EarthFixed,
        Mesh3d(mesh),
        MeshMaterial3d(material),
        NotShadowCaster,
        NotShadowReceiver,
        Transform::from_scale(Vec3::splat(EARTH_RADIUS_M as f32)),
    ));
}

/// Gives each map its mipmaps once it has loaded, and makes the glint map from the water mask.
fn prepare_maps(
    mut maps: ResMut<EarthTextures>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<DetailedMaterial>>,
) {
    if maps.ready() || maps.failed.is_some() {
        return;
    }
    if !maps.day_ready
        && let Some(day) = images.get(&maps.day)
    {
        match with_mipmaps(day) {
            Ok(prepared) => {
                let handle = maps.day.clone();
                // The handle is live (just read), so the insert cannot fail.
                let _ = images.insert(&handle, prepared);
                maps.day_ready = true;
            }
            Err(error) => maps.failed = Some(format!("{EARTH_DAY_TEXTURE}: {error}")),
        }
    }
    if !maps.glint_ready
        && let Some(mask) = images.get(&maps.water_mask)
    {
        match roughness_from_water_mask(mask).and_then(|map| with_mipmaps(&map)) {
            Ok(glint) => {
                let glint = images.add(glint);
                if let Some(mut material) = materials.get_mut(&maps.material) {
                    material.base.metallic_roughness_texture = Some(glint);
                }
                maps.glint_ready = true;
            }
            Err(error) => maps.failed = Some(format!("{EARTH_WATER_MASK}: {error}")),
        }
    }
    if let Some(failed) = &maps.failed {
        error!("the Earth is drawn without this map: {failed}");
    }
}

/// Bevy's UV sphere has its pole on +Z and puts texture u = 0 on +X; the texture's left edge is
/// longitude 180, so the mesh turns half a revolution about the pole to become Earth-fixed.
pub fn mesh_to_earth_fixed() -> DQuat {
    DQuat::from_rotation_z(f64::from(PI))
}

/// How a sphere mesh with an equirectangular Earth map sits in the simulation frame now.
pub fn earth_fixed_mesh_rotation(env: &Environment) -> Quat {
    (DQuat::from_mat3(&env.earth_fixed_to_sim) * mesh_to_earth_fixed()).as_quat()
}

fn place_earth(env: Res<Environment>, mut earth: Query<&mut Transform, With<EarthFixed>>) {
    for mut transform in &mut earth {
        transform.translation = env.earth_centre_m.as_vec3();
        transform.rotation = earth_fixed_mesh_rotation(&env);
    }
}
