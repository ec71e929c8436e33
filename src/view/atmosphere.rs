//! The air seen from orbit: Bevy's atmosphere around the true-scale Earth, for the limb glow and
//! the thin blue line, drawn so that the ground keeps the colours of the photographs.
//!
//! Bevy's raymarched mode, tried first, adds the whole column's blue haze over the ground, and the
//! day map (the Blue Marble, balanced to look like photographs from space) already has it: the
//! ground washes out to a pale blue. The lookup-table mode draws the haze over scenery only within
//! its aerial-perspective range (32 km from the camera, all vacuum at 180 km), while the ground
//! still loses light along its path through the air and the sky beyond the limb is the full
//! sky-view table: the ground keeps its colours and the limb keeps its glow.

use bevy::light::Atmosphere;
use bevy::light::atmosphere::{Falloff, PhaseFunction, ScatteringMedium};
use bevy::pbr::{AtmosphereMode, AtmosphereSettings};
use bevy::prelude::*;

use crate::sim::world::environment::Environment;
use crate::sim::world::orbit::EARTH_RADIUS_M;

use super::camera::ViewCamera;

/// Height of the top of the modelled air above the surface, m.
const AIR_THICKNESS_M: f32 = 100_000.0;
/// How far below the true surface the air's ground sphere lies, m. The Earth's mesh is flat
/// facets whose middles sag up to about 240 m inside the sphere through their corners; a point
/// of the mesh below the air's ground reads the transmittance table below its range, which comes
/// back as a dark speck.
pub const AIR_GROUND_BELOW_MESH_M: f64 = 300.0;
/// Share of the standard air's density drawn. With the haze over the ground left out, the air's
/// extinction alone would turn the distant ground orange at full density; at half, the ground
/// near the horizon only warms a little, and the limb, optically thick along its path, keeps its
/// glow and its blue line.
pub const AIR_DENSITY_SHARE: f32 = 0.5;
/// Average albedo of the ground under the air, for light scattered more than once.
const GROUND_ALBEDO: f32 = 0.3;
/// Scale heights, m: the air's molecules (Rayleigh) and its aerosols (Mie).
const RAYLEIGH_SCALE_HEIGHT_M: f32 = 8_000.0;
const MIE_SCALE_HEIGHT_M: f32 = 1_200.0;
/// The ozone layer's peak height and half-width, m.
const OZONE_PEAK_M: f32 = 25_000.0;
const OZONE_HALF_WIDTH_M: f32 = 15_000.0;

/// Earth's air: Bevy's standard coefficients (Rayleigh at sea level for 680/550/440 nm, Mie,
/// ozone absorption) with the real scale heights over this layer's thickness (Bevy's preset
/// stretches the 8 km Rayleigh scale height to 13 km over a 100 km layer), thinned by
/// [`AIR_DENSITY_SHARE`].
pub fn air_medium() -> ScatteringMedium {
    let mut medium = ScatteringMedium::earth(256, 256);
    for term in medium.terms.iter_mut() {
        term.falloff = match term.phase {
            PhaseFunction::Rayleigh => Falloff::Exponential {
                scale: RAYLEIGH_SCALE_HEIGHT_M / AIR_THICKNESS_M,
            },
            PhaseFunction::Mie { .. } => Falloff::Exponential {
                scale: MIE_SCALE_HEIGHT_M / AIR_THICKNESS_M,
            },
            _ => Falloff::Tent {
                // The tent's position counts down from the top of the layer.
                center: 1.0 - OZONE_PEAK_M / AIR_THICKNESS_M,
                width: 2.0 * OZONE_HALF_WIDTH_M / AIR_THICKNESS_M,
            },
        };
    }
    medium
        .with_density_multiplier(AIR_DENSITY_SHARE)
        .with_label("earth_air")
}

/// Marks the atmosphere entity, centred on the Earth.
#[derive(Component, Clone, Copy, Debug)]
pub struct Air;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Startup,
        (
            spawn_air,
            air_from_camera.after(super::camera::spawn_camera),
        ),
    )
    .add_systems(PostUpdate, centre_air.before(TransformSystems::Propagate));
}

fn spawn_air(mut commands: Commands, mut media: ResMut<Assets<ScatteringMedium>>) {
    let medium = media.add(air_medium());
    let ground_m = (EARTH_RADIUS_M - AIR_GROUND_BELOW_MESH_M) as f32;
    commands.spawn((
        Name::new("Atmosphere"),
        Air,
        Atmosphere {
            inner_radius: ground_m,
            outer_radius: EARTH_RADIUS_M as f32 + AIR_THICKNESS_M,
            ground_albedo: Vec3::splat(GROUND_ALBEDO),
            medium,
        },
        Transform::default(),
    ));
}

fn air_from_camera(mut commands: Commands, cameras: Query<Entity, With<ViewCamera>>) {
    for camera in &cameras {
        commands.entity(camera).insert(AtmosphereSettings {
            rendering_method: AtmosphereMode::LookupTexture,
            ..default()
        });
    }
}

fn centre_air(env: Res<Environment>, mut air: Query<&mut Transform, With<Air>>) {
    for mut transform in &mut air {
        transform.translation = env.earth_centre_m.as_vec3();
    }
}
