//! Clouds as their own layer, 8 km above the ground: a procedural weather pattern (there is no
//! cloud record of that morning to draw on), banded by latitude as the Earth's cloud belts are.

use std::f32::consts::PI;

use bevy::asset::RenderAssetUsages;
use bevy::light::{NotShadowCaster, NotShadowReceiver};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

use crate::sim::world::orbit::EARTH_RADIUS_M;

use super::detail::{DetailKind, DetailedMaterial, SurfaceDetail};
use super::earth::EarthFixed;
use super::surface::with_mipmaps;

/// Height of the cloud layer above the ground, m (mid-level cloud; from 170 km the exact height
/// shifts a cloud against the ground below by only a few per cent of its height).
pub const CLOUD_HEIGHT_M: f64 = 8_000.0;
/// Size of the cloud map, texels: 2048 across is about 20 km a texel at the equator.
pub const CLOUD_MAP_SIZE: (u32, u32) = (2048, 1024);
/// The weather pattern drawn (any seed gives a plausible one; this one is fixed so every run
/// and every screenshot shows the same clouds).
pub const CLOUD_SEED: u32 = 1965;
/// Opacity of the thickest cloud.
const MAX_OPACITY: f32 = 0.92;

/// Largest cells of the detail that breaks up cloud edges, m: below the map's 20 km texels.
const EDGE_DETAIL_CELL_M: f64 = 8_000.0;
/// How far the detail moves the opacity either way.
const EDGE_DETAIL_STRENGTH: f32 = 0.6;

/// Marks the cloud layer.
#[derive(Component, Clone, Copy, Debug)]
pub struct CloudLayer;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_clouds);
}

/// Integer hash of a lattice point to [0, 1).
fn lattice(x: i32, y: i32, z: i32, seed: u32) -> f32 {
    let mut h = (x as u32).wrapping_mul(0x8da6_b343)
        ^ (y as u32).wrapping_mul(0xd816_3841)
        ^ (z as u32).wrapping_mul(0xcb1a_b31f)
        ^ seed.wrapping_mul(0x9e37_79b9);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2c1b_3c6d);
    h ^= h >> 12;
    h = h.wrapping_mul(0x297a_2d39);
    h ^= h >> 15;
    (h >> 8) as f32 / (1u32 << 24) as f32
}

/// Smooth value noise in 3D, in [0, 1].
fn value_noise(p: Vec3, seed: u32) -> f32 {
    let cell = p.floor();
    let f = p - cell;
    // Quintic fade: continuous slope and curvature across cells, so no grid shows.
    let u = f * f * f * (f * (f * 6.0 - 15.0) + 10.0);
    let (x, y, z) = (cell.x as i32, cell.y as i32, cell.z as i32);
    let corner = |dx, dy, dz| lattice(x + dx, y + dy, z + dz, seed);
    let lerp = |a: f32, b: f32, t: f32| a + (b - a) * t;
    let x00 = lerp(corner(0, 0, 0), corner(1, 0, 0), u.x);
    let x10 = lerp(corner(0, 1, 0), corner(1, 1, 0), u.x);
    let x01 = lerp(corner(0, 0, 1), corner(1, 0, 1), u.x);
    let x11 = lerp(corner(0, 1, 1), corner(1, 1, 1), u.x);
    lerp(lerp(x00, x10, u.y), lerp(x01, x11, u.y), u.z)
}

/// Fractal sum of octaves, normalised to [0, 1].
fn fractal(p: Vec3, octaves: u32, seed: u32) -> f32 {
    let (mut sum, mut amplitude, mut total, mut q) = (0.0, 1.0, 0.0, p);
    for octave in 0..octaves {
        sum += amplitude * value_noise(q, seed.wrapping_add(octave));
        total += amplitude;
        amplitude *= 0.5;
        q *= 2.03;
    }
    sum / total
}

/// How much more or less cloud a latitude has than the mean: the intertropical band near the
/// equator and the storm tracks near 55 degrees are cloudy, the subtropical highs near 25 degrees
/// clear (the climatological pattern of cloud fraction).
pub fn latitude_bias(lat_rad: f32) -> f32 {
    let lat = lat_rad.to_degrees();
    let band = |centre: f32, width: f32| (-((lat - centre) / width).powi(2)).exp();
    0.10 * band(0.0, 8.0) - 0.12 * (band(25.0, 10.0) + band(-25.0, 10.0))
        + 0.08 * (band(55.0, 12.0) + band(-55.0, 12.0))
}

/// Cloud opacity at a point of the unit sphere, 0 to MAX_OPACITY: warped fractal noise, so the
/// fields come out as swirls and streets rather than blobs.
pub fn cloud_opacity(on_sphere: Vec3, lat_rad: f32, seed: u32) -> f32 {
    let p = on_sphere * 3.0;
    let warp = Vec3::new(
        fractal(p + Vec3::new(1.7, 9.2, 3.1), 4, seed ^ 0x51),
        fractal(p + Vec3::new(8.3, 2.8, 5.7), 4, seed ^ 0xa3),
        fractal(p + Vec3::new(4.4, 6.1, 7.9), 4, seed ^ 0xf7),
    );
    let n = fractal(p * 1.6 + (warp - 0.5) * 2.5, 7, seed) + latitude_bias(lat_rad);
    let edge = ((n - 0.46) / 0.14).clamp(0.0, 1.0);
    MAX_OPACITY * edge * edge * (3.0 - 2.0 * edge)
}

/// The cloud map, equirectangular like the day map (longitude -180 at the left edge), as
/// opacity bytes, one per texel, row by row from the north.
pub fn cloud_map(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let (w, h) = (width as usize, height as usize);
    let mut map = vec![0u8; w * h];
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let rows_per_thread = h.div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        for (chunk_index, chunk) in map.chunks_mut(rows_per_thread * w).enumerate() {
            scope.spawn(move || {
                for (i, texel) in chunk.iter_mut().enumerate() {
                    let row = chunk_index * rows_per_thread + i / w;
                    let col = i % w;
                    let lat = PI / 2.0 - PI * (row as f32 + 0.5) / height as f32;
                    let lon = -PI + 2.0 * PI * (col as f32 + 0.5) / width as f32;
                    let on_sphere =
                        Vec3::new(lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin());
                    *texel = (cloud_opacity(on_sphere, lat, seed) * 255.0).round() as u8;
                }
            });
        }
    });
    map
}

/// The share of the map's area (weighted by the cosine of latitude) that cloud covers.
pub fn covered_share(map: &[u8], width: u32, height: u32) -> f32 {
    let (mut covered, mut total) = (0.0_f64, 0.0_f64);
    for (row, line) in map.chunks_exact(width as usize).enumerate() {
        let lat = PI / 2.0 - PI * (row as f32 + 0.5) / height as f32;
        let weight = f64::from(lat.cos());
        let opacity: f64 = line.iter().map(|&b| f64::from(b) / 255.0).sum();
        covered += weight * opacity;
        total += weight * line.len() as f64;
    }
    (covered / total.max(f64::MIN_POSITIVE)) as f32
}

fn spawn_clouds(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<DetailedMaterial>>,
) {
    let (width, height) = CLOUD_MAP_SIZE;
    let rgba: Vec<u8> = cloud_map(width, height, CLOUD_SEED)
        .into_iter()
        .flat_map(|opacity| [255, 255, 255, opacity])
        .collect();
    let map = Image::new(
        Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        rgba,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    let Ok(map) = with_mipmaps(&map) else {
        error!("the cloud map could not be prepared; no clouds drawn");
        return;
    };
    commands.spawn((
        Name::new("Clouds"),
        CloudLayer,
        // Placed and turned with the ground.
        EarthFixed,
        Mesh3d(meshes.add(Sphere::new(1.0).mesh().uv(512, 256))),
        MeshMaterial3d(materials.add(DetailedMaterial {
            base: StandardMaterial {
                base_color_texture: Some(images.add(map)),
                alpha_mode: AlphaMode::Blend,
                perceptual_roughness: 1.0,
                // Droplets scatter light diffusely: a faint specular term only (F0 0.16 %).
                reflectance: 0.1,
                ..default()
            },
            extension: SurfaceDetail::new(
                DetailKind::Clouds,
                EDGE_DETAIL_STRENGTH,
                EDGE_DETAIL_CELL_M,
            ),
        })),
        NotShadowCaster,
        NotShadowReceiver,
        Transform::from_scale(Vec3::splat((EARTH_RADIUS_M + CLOUD_HEIGHT_M) as f32)),
    ));
}
