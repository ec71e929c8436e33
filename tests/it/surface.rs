//! The Earth's maps made ready for the GPU (mipmaps, the glint map) and the procedural clouds.

use bevy::asset::RenderAssetUsages;
use bevy::image::{Image, ImageAddressMode, ImageFilterMode, ImageSampler};
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use spacewalk::view::clouds::{cloud_map, covered_share, latitude_bias};
use spacewalk::view::surface::{
    LAND_ROUGHNESS, SurfaceError, WATER_ROUGHNESS, mip_level_count, roughness_from_water_mask,
    with_mipmaps,
};

fn image(width: u32, height: u32, format: TextureFormat, data: Vec<u8>) -> Image {
    Image::new(
        Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        format,
        RenderAssetUsages::all(),
    )
}

#[test]
fn the_mip_chain_runs_down_to_one_texel_and_averages_in_linear_light() {
    assert_eq!(mip_level_count(5400, 2700), 13);
    assert_eq!(mip_level_count(4096, 2048), 13);
    assert_eq!(mip_level_count(1, 1), 1);
    // A 2 x 2 checker of black and white: the next level is the linear mean, sRGB 188, not 128.
    let (black, white) = ([0u8, 0, 0, 255], [255u8, 255, 255, 255]);
    let data = [black, white, white, black].concat();
    let chained = with_mipmaps(&image(2, 2, TextureFormat::Rgba8UnormSrgb, data.clone()))
        .expect("RGBA8 is read");
    assert_eq!(chained.texture_descriptor.mip_level_count, 2);
    // Trilinear and anisotropic, wrapping round the date line, clamped at the poles.
    let ImageSampler::Descriptor(sampler) = &chained.sampler else {
        panic!("the ground sampler is set: {:?}", chained.sampler);
    };
    assert_eq!(sampler.anisotropy_clamp, 16);
    assert_eq!(sampler.mipmap_filter, ImageFilterMode::Linear);
    assert_eq!(sampler.address_mode_u, ImageAddressMode::Repeat);
    assert_eq!(sampler.address_mode_v, ImageAddressMode::ClampToEdge);
    let bytes = chained.data.expect("data kept");
    assert_eq!(&bytes[..16], &data[..], "level 0 unchanged");
    assert_eq!(&bytes[16..], &[188, 188, 188, 255], "level 1");
    // Linear data (the glint map) averages plainly.
    let plain = with_mipmaps(&image(2, 2, TextureFormat::Rgba8Unorm, data)).unwrap();
    assert_eq!(&plain.data.unwrap()[16..], &[128, 128, 128, 255]);
}

#[test]
fn odd_sizes_shrink_to_one_texel_and_the_data_length_matches_the_levels() {
    let chained =
        with_mipmaps(&image(5, 3, TextureFormat::R8Unorm, vec![200; 15])).expect("grey is read");
    assert_eq!(chained.texture_descriptor.mip_level_count, 3);
    // 5x3, 2x1, 1x1.
    assert_eq!(
        chained.data.unwrap(),
        [vec![200; 15], vec![200; 2], vec![200]].concat()
    );
}

#[test]
fn an_unreadable_map_is_an_error_not_a_panic() {
    let float = image(1, 1, TextureFormat::Rgba32Float, vec![0; 16]);
    assert_eq!(
        with_mipmaps(&float).unwrap_err(),
        SurfaceError::Format(TextureFormat::Rgba32Float)
    );
    let mut empty = image(1, 1, TextureFormat::R8Unorm, vec![0]);
    empty.data = None;
    assert_eq!(with_mipmaps(&empty).unwrap_err(), SurfaceError::NoData);
}

#[test]
fn water_is_smooth_and_land_rough_in_the_glint_map() {
    let mask = image(3, 1, TextureFormat::R8Unorm, vec![0, 128, 255]);
    let glint = roughness_from_water_mask(&mask).expect("grey is read");
    let data = glint.data.unwrap();
    let roughness: Vec<f32> = data.chunks(4).map(|p| f32::from(p[1]) / 255.0).collect();
    assert!(
        (roughness[0] - LAND_ROUGHNESS).abs() < 0.01,
        "{roughness:?}"
    );
    assert!(
        (roughness[2] - WATER_ROUGHNESS).abs() < 0.01,
        "{roughness:?}"
    );
    assert!(roughness[0] > roughness[1] && roughness[1] > roughness[2]);
    assert!(data.chunks(4).all(|p| p[2] == 0), "not metal");
}

#[test]
fn the_shipped_water_mask_has_the_black_sea_and_the_caucasus() {
    let decoded = image::open(crate::project_path(
        "assets/textures/earth_water_4096x2048.png",
    ))
    .expect("the mask decodes")
    .to_luma8();
    let (w, h) = decoded.dimensions();
    let at = |lat: f32, lon: f32| {
        let x = ((lon + 180.0) / 360.0 * w as f32) as u32;
        let y = ((90.0 - lat) / 180.0 * h as f32) as u32;
        decoded.get_pixel(x, y)[0]
    };
    assert_eq!(at(43.0, 34.0), 255, "the Black Sea");
    assert_eq!(at(43.0, 44.0), 0, "the Caucasus");
    assert_eq!(at(0.0, -30.0), 255, "the Atlantic");
    assert_eq!(at(62.0, 118.0), 0, "Yakutia");
}

#[test]
fn clouds_cover_about_half_the_globe_in_latitude_belts_and_wrap_at_the_date_line() {
    let (w, h) = (512, 256);
    let map = cloud_map(w, h, 1965);
    assert_eq!(map, cloud_map(w, h, 1965), "deterministic");
    let share = covered_share(&map, w, h);
    assert!((0.3..0.6).contains(&share), "covered share {share}");
    // Belts: the subtropics clearer than the storm tracks and the tropics.
    let belt = |lat_deg: f32| {
        let row = ((90.0 - lat_deg) / 180.0 * h as f32) as usize;
        let rows = &map[(row - 4) * w as usize..(row + 4) * w as usize];
        rows.iter().map(|&b| f32::from(b)).sum::<f32>() / rows.len() as f32
    };
    assert!(belt(25.0) < belt(55.0) && belt(25.0) < belt(0.0));
    assert!(latitude_bias(25f32.to_radians()) < 0.0 && latitude_bias(55f32.to_radians()) > 0.0);
    // The left and right edges meet: neighbours across the date line differ as little as
    // neighbours anywhere else.
    let seam: f32 = (0..h as usize)
        .map(|r| {
            (f32::from(map[r * w as usize]) - f32::from(map[r * w as usize + w as usize - 1])).abs()
        })
        .sum::<f32>()
        / h as f32;
    let inner: f32 = (0..h as usize)
        .map(|r| {
            (f32::from(map[r * w as usize + 100]) - f32::from(map[r * w as usize + 101])).abs()
        })
        .sum::<f32>()
        / h as f32;
    assert!(seam < 3.0 * inner + 2.0, "seam {seam}, inside {inner}");
}
