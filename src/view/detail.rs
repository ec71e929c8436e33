//! Detail finer than the Earth's maps (7 km a texel for the ground, 20 km for the clouds), so the
//! ground and the cloud edges stay crisp from 170 km: Bevy's standard material extended with a
//! shader that adds fractal noise fixed to the Earth, one octave at a time while it is larger
//! than a pixel.

use bevy::pbr::{ExtendedMaterial, MaterialExtension};
use bevy::prelude::*;
use bevy::render::render_resource::{AsBindGroup, ShaderType};
use bevy::shader::ShaderRef;

use crate::sim::world::orbit::EARTH_RADIUS_M;

use super::surface::{LAND_ROUGHNESS, WATER_ROUGHNESS};

/// The shader, under assets/.
const SHADER: &str = "shaders/surface_detail.wgsl";

/// The Earth's and the clouds' material: the standard one with detail.
pub type DetailedMaterial = ExtendedMaterial<StandardMaterial, SurfaceDetail>;

/// What the detail changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailKind {
    /// Mottles the colour of the land, leaving the sea smooth.
    Ground,
    /// Breaks up the opacity of the clouds at their edges.
    Clouds,
}

/// The detail's settings, as the shader reads them.
#[derive(Asset, AsBindGroup, Reflect, Debug, Clone)]
pub struct SurfaceDetail {
    /// The settings block.
    #[uniform(100)]
    pub settings: SurfaceDetailSettings,
}

/// One uniform block.
#[derive(ShaderType, Reflect, Debug, Clone, Copy)]
pub struct SurfaceDetailSettings {
    /// How far the detail moves the colour or opacity, 0 to 1.
    pub strength: f32,
    /// Angular size of the largest detail cell on the Earth, radians.
    pub cell_rad: f32,
    /// Roughness of water in the glint map.
    pub water_roughness: f32,
    /// Roughness of land in the glint map.
    pub land_roughness: f32,
    /// 0 for the ground, 1 for the clouds.
    pub kind: u32,
}

impl SurfaceDetail {
    /// Detail of the given kind, its largest cells `cell_m` across on the ground.
    pub fn new(kind: DetailKind, strength: f32, cell_m: f64) -> Self {
        Self {
            settings: SurfaceDetailSettings {
                strength,
                cell_rad: (cell_m / EARTH_RADIUS_M) as f32,
                water_roughness: WATER_ROUGHNESS,
                land_roughness: LAND_ROUGHNESS,
                kind: match kind {
                    DetailKind::Ground => 0,
                    DetailKind::Clouds => 1,
                },
            },
        }
    }
}

impl MaterialExtension for SurfaceDetail {
    fn fragment_shader() -> ShaderRef {
        SHADER.into()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(MaterialPlugin::<DetailedMaterial>::default());
}
