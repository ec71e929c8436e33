//! The star field: every catalogued star to magnitude 7 as a small quad on a sphere at infinity
//! around the camera, turned from the stars' inertial frame into the simulation's, with its
//! brightness and colour; the whole field fades as the sunlit Earth or spacecraft fills the view.

use bevy::asset::RenderAssetUsages;
use bevy::camera::primitives::Aabb;
use bevy::camera::visibility::NoFrustumCulling;
use bevy::light::{NotShadowCaster, NotShadowReceiver};
use bevy::math::{DQuat, DVec3};
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

use super::camera::ViewCamera;
use crate::sim::core::bodies::SimBody;
use crate::sim::world::environment::Environment;
use crate::sim::world::orbit::EARTH_RADIUS_M;
use crate::stars::{
    BrightBall, Star, blackbody_rgb, precession_from_j2000, relative_flux, star_visibility,
    sunlit_share, temperature_k,
};

/// Radius of the star sphere, m: beyond the Sun's disc, so the Earth and the Sun hide stars.
const STAR_SPHERE_RADIUS_M: f32 = 5.0e8;
/// Angular half-size of the faintest star's quad, rad: about one pixel of a 60 degree view 720
/// pixels high, so that no star falls between pixel centres and flickers.
const FAINTEST_HALF_SIZE_RAD: f32 = 0.0011;
/// Magnitude drawn at full intensity; brighter stars grow instead of saturating.
const FULL_INTENSITY_MAG: f32 = 2.0;
/// The spacecraft as a ball for the brightness test: the 2.4 m descent module and the
/// instrument module behind it, m.
const SPACECRAFT_RADIUS_M: f64 = 1.6;
/// Rays sampled across the view (columns, rows) to measure how much of it is sunlit.
const SAMPLE_GRID: (usize, usize) = (24, 14);

/// Marks the star field.
#[derive(Component, Clone, Copy, Debug)]
pub struct StarField;

/// The star field's material, whose colour sets how much of the field shows.
#[derive(Resource, Clone, Debug)]
pub struct StarMaterial(pub Handle<StandardMaterial>);

/// How much of the star field shows now, 0 to 1 (for the HUD and tests).
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct StarVisibility(pub f32);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<StarVisibility>()
        .add_systems(Startup, spawn_stars)
        .add_systems(
            PostUpdate,
            (place_stars, adapt_to_brightness).before(TransformSystems::Propagate),
        );
}

fn spawn_stars(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let stars = match crate::stars::catalogue() {
        Ok(stars) => stars,
        Err(error) => {
            // A sky without stars is still a usable viewer; say why they are missing.
            error!("no star field: {error}");
            return;
        }
    };
    let material = materials.add(StandardMaterial {
        base_color: Color::WHITE,
        unlit: true,
        alpha_mode: AlphaMode::Add,
        fog_enabled: false,
        ..default()
    });
    commands.insert_resource(StarMaterial(material.clone()));
    commands.spawn((
        Name::new("Stars"),
        StarField,
        Mesh3d(meshes.add(star_mesh(&stars))),
        MeshMaterial3d(material),
        Transform::default(),
        // The sphere surrounds the camera wherever it goes.
        NoFrustumCulling,
        Aabb::from_min_max(
            Vec3::splat(-STAR_SPHERE_RADIUS_M),
            Vec3::splat(STAR_SPHERE_RADIUS_M),
        ),
        NotShadowCaster,
        NotShadowReceiver,
    ));
}

/// One quad per star, facing the sphere's centre, in the J2000 equatorial frame.
fn star_mesh(stars: &[Star]) -> Mesh {
    let mut positions = Vec::with_capacity(stars.len() * 4);
    let mut normals = Vec::with_capacity(stars.len() * 4);
    let mut colours = Vec::with_capacity(stars.len() * 4);
    let mut indices = Vec::with_capacity(stars.len() * 6);
    for star in stars {
        let direction = star.direction_j2000().as_vec3();
        let across = direction.any_orthonormal_vector();
        let up = direction.cross(across);
        let flux = relative_flux(star.v_mag) / relative_flux(FULL_INTENSITY_MAG);
        // Perceived brightness goes roughly as the square root of flux at these levels; the
        // brightest stars spread over more pixels rather than clipping.
        let intensity = flux.sqrt().min(1.0);
        let half_size = FAINTEST_HALF_SIZE_RAD * flux.sqrt().max(1.0).sqrt();
        let [r, g, b] = blackbody_rgb(temperature_k(star.b_v));
        let colour = [r * intensity, g * intensity, b * intensity, 1.0];
        let first = positions.len() as u32;
        for (a, b) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
            let corner = (direction + (across * a + up * b) * half_size).normalize();
            positions.push((corner * STAR_SPHERE_RADIUS_M).to_array());
            normals.push((-direction).to_array());
            colours.push(colour);
        }
        indices.extend([first, first + 2, first + 1, first, first + 3, first + 2]);
    }
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::RENDER_WORLD,
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, colours)
    .with_inserted_indices(Indices::U32(indices))
}

/// Keeps the star sphere centred on the camera and turned from J2000 into the simulation frame.
fn place_stars(
    env: Res<Environment>,
    cameras: Query<&Transform, (With<ViewCamera>, Without<StarField>)>,
    mut field: Query<&mut Transform, With<StarField>>,
) {
    let Ok(camera) = cameras.single() else {
        return;
    };
    let rotation = env.inertial_to_sim * precession_from_j2000(env.jd_utc);
    let rotation = DQuat::from_mat3(&rotation).normalize().as_quat();
    for mut transform in &mut field {
        transform.translation = camera.translation;
        transform.rotation = rotation;
    }
}

/// Fades the field as the sunlit Earth or spacecraft fills the view, or the Sun enters it.
fn adapt_to_brightness(
    env: Res<Environment>,
    material: Option<Res<StarMaterial>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut visibility: ResMut<StarVisibility>,
    cameras: Query<(&Transform, &Projection), With<ViewCamera>>,
    bodies: Query<(&SimBody, &Transform)>,
) {
    let (Some(material), Ok((camera, projection))) = (material, cameras.single()) else {
        return;
    };
    let (fov, aspect) = match projection {
        Projection::Perspective(p) => (p.fov, p.aspect_ratio),
        _ => (std::f32::consts::FRAC_PI_3, 16.0 / 9.0),
    };
    let rays = view_rays(camera, fov, aspect);
    let mut balls = vec![BrightBall {
        centre_m: env.earth_centre_m,
        radius_m: EARTH_RADIUS_M,
        lit_by_day_side_only: true,
    }];
    balls.extend(
        bodies
            .iter()
            .filter(|(body, _)| **body == SimBody::Spacecraft)
            .map(|(_, transform)| BrightBall {
                centre_m: transform.translation.as_dvec3(),
                radius_m: SPACECRAFT_RADIUS_M,
                lit_by_day_side_only: false,
            }),
    );
    let eye = camera.translation.as_dvec3();
    let share = sunlit_share(eye, &rays, &balls, env.sun_direction, env.sunlit);
    let to_sun = env.sun_direction.as_vec3();
    let sun_in_view = env.sunlit && in_view(camera, fov, aspect, to_sun);
    let shown = star_visibility(share, sun_in_view);
    if (shown - visibility.0).abs() > 1e-3 || visibility.is_changed() {
        visibility.0 = shown;
        if let Some(mut m) = materials.get_mut(&material.0) {
            m.base_color = Color::linear_rgb(shown, shown, shown);
        }
    }
}

/// Unit directions through a grid of points across the view.
fn view_rays(camera: &Transform, fov: f32, aspect: f32) -> Vec<DVec3> {
    let (columns, rows) = SAMPLE_GRID;
    let half_height = (fov / 2.0).tan();
    let half_width = half_height * aspect;
    let mut rays = Vec::with_capacity(columns * rows);
    for row in 0..rows {
        for column in 0..columns {
            let x = ((column as f32 + 0.5) / columns as f32 * 2.0 - 1.0) * half_width;
            let y = ((row as f32 + 0.5) / rows as f32 * 2.0 - 1.0) * half_height;
            let local = Vec3::new(x, y, -1.0).normalize();
            rays.push((camera.rotation * local).as_dvec3());
        }
    }
    rays
}

/// Whether a direction falls inside the camera's frame.
fn in_view(camera: &Transform, fov: f32, aspect: f32, direction: Vec3) -> bool {
    let local = camera.rotation.inverse() * direction;
    if local.z >= 0.0 {
        return false;
    }
    let half_height = (fov / 2.0).tan();
    (local.y / -local.z).abs() <= half_height && (local.x / -local.z).abs() <= half_height * aspect
}
