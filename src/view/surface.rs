//! Getting the Earth's maps ready for the GPU: a full mipmap chain (the ground runs from right
//! below to the horizon 1,500 km away, so it is both magnified and strongly minified in one view),
//! anisotropic filtering that wraps round at the date line, and the water mask turned into the
//! roughness that gives the sea its sun glint.

use bevy::asset::RenderAssetUsages;
use bevy::image::{ImageAddressMode, ImageSampler, ImageSamplerDescriptor};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

/// Perceptual roughness of land and ice: matte.
pub const LAND_ROUGHNESS: f32 = 0.9;
/// Perceptual roughness of open water seen from orbit: wind waves spread the Sun's reflection
/// into a glint some tens of degrees across, not a mirror image of the disc.
pub const WATER_ROUGHNESS: f32 = 0.35;
/// Anisotropic filtering for the ground at grazing angles near the horizon.
const ANISOTROPY: u16 = 16;

/// Why a map could not be prepared.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SurfaceError {
    /// The map's pixel format is not one of those this module reads.
    #[error("unsupported pixel format {0:?} (expected 8-bit RGBA or 8-bit grey)")]
    Format(TextureFormat),
    /// The map has no pixel data on the CPU.
    #[error("the image has no pixel data")]
    NoData,
}

/// Channels per pixel of the 8-bit formats this module reads.
fn channels(format: TextureFormat) -> Result<usize, SurfaceError> {
    match format {
        TextureFormat::Rgba8Unorm | TextureFormat::Rgba8UnormSrgb => Ok(4),
        TextureFormat::R8Unorm => Ok(1),
        other => Err(SurfaceError::Format(other)),
    }
}

/// sRGB-encoded byte to linear light.
fn srgb_to_linear(byte: u8) -> f32 {
    let c = f32::from(byte) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Linear light to an sRGB-encoded byte.
fn linear_to_srgb(value: f32) -> u8 {
    let c = value.clamp(0.0, 1.0);
    let encoded = if c <= 0.003_130_8 {
        c * 12.92
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    };
    (encoded * 255.0).round() as u8
}

/// Number of levels in a full chain down to one texel.
pub fn mip_level_count(width: u32, height: u32) -> u32 {
    32 - width.max(height).max(1).leading_zeros()
}

/// The image with every mipmap level appended, each the 2 x 2 box average of the one above
/// (averaged in linear light for sRGB colour, so the coastlines do not darken as they shrink).
pub fn with_mipmaps(image: &Image) -> Result<Image, SurfaceError> {
    let format = image.texture_descriptor.format;
    let channels = channels(format)?;
    let data = image.data.as_ref().ok_or(SurfaceError::NoData)?;
    let srgb = format == TextureFormat::Rgba8UnormSrgb;
    // Alpha is never sRGB-encoded.
    let colour = |channel: usize| srgb && channel < 3;
    let to_linear: Vec<f32> = (0..=255).map(srgb_to_linear).collect();
    let decode = |byte: u8, channel: usize| {
        if colour(channel) {
            to_linear[usize::from(byte)]
        } else {
            f32::from(byte) / 255.0
        }
    };
    let encode = |value: f32, channel: usize| {
        if colour(channel) {
            linear_to_srgb(value)
        } else {
            (value.clamp(0.0, 1.0) * 255.0).round() as u8
        }
    };
    let (mut width, mut height) = (image.width() as usize, image.height() as usize);
    let levels = mip_level_count(image.width(), image.height());
    let mut chain = data.clone();
    let mut above = 0..data.len();
    for _ in 1..levels {
        let (next_w, next_h) = ((width / 2).max(1), (height / 2).max(1));
        let mut next = Vec::with_capacity(next_w * next_h * channels);
        let source = &chain[above.clone()];
        for y in 0..next_h {
            let rows = [(2 * y).min(height - 1), (2 * y + 1).min(height - 1)];
            for x in 0..next_w {
                let cols = [(2 * x).min(width - 1), (2 * x + 1).min(width - 1)];
                for c in 0..channels {
                    let texel =
                        |r: usize, q: usize| decode(source[(r * width + q) * channels + c], c);
                    let sum = texel(rows[0], cols[0])
                        + texel(rows[0], cols[1])
                        + texel(rows[1], cols[0])
                        + texel(rows[1], cols[1]);
                    next.push(encode(sum / 4.0, c));
                }
            }
        }
        above = chain.len()..chain.len() + next.len();
        chain.extend_from_slice(&next);
        (width, height) = (next_w, next_h);
    }
    let mut out = image.clone();
    out.data = Some(chain);
    out.texture_descriptor.mip_level_count = levels;
    out.sampler = ground_sampler();
    Ok(out)
}

/// Trilinear, anisotropic, wrapping east-west round the date line and clamped at the poles.
pub fn ground_sampler() -> ImageSampler {
    let mut descriptor = ImageSamplerDescriptor {
        address_mode_u: ImageAddressMode::Repeat,
        address_mode_v: ImageAddressMode::ClampToEdge,
        ..ImageSamplerDescriptor::linear()
    };
    descriptor.set_anisotropic_filter(ANISOTROPY);
    ImageSampler::Descriptor(descriptor)
}

/// The metallic-roughness map Bevy's standard material reads (roughness in green, metal in
/// blue, none here) from a water mask (grey, 255 = all water, coastal texels in between).
pub fn roughness_from_water_mask(mask: &Image) -> Result<Image, SurfaceError> {
    let format = mask.texture_descriptor.format;
    let channels = channels(format)?;
    let data = mask.data.as_ref().ok_or(SurfaceError::NoData)?;
    let rgba: Vec<u8> = data
        .chunks_exact(channels)
        .flat_map(|pixel| {
            let water = f32::from(pixel[0]) / 255.0;
            let roughness = LAND_ROUGHNESS + (WATER_ROUGHNESS - LAND_ROUGHNESS) * water;
            [0, (roughness * 255.0).round() as u8, 0, 255]
        })
        .collect();
    Ok(Image::new(
        Extent3d {
            width: mask.width(),
            height: mask.height(),
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        rgba,
        TextureFormat::Rgba8Unorm,
        RenderAssetUsages::RENDER_WORLD,
    ))
}
