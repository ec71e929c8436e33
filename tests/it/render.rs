//! Real frames: `spacewalk shot` renders the historical scenario and the pixels must show the
//! spacecraft with Earth below it. Needs a display and a Vulkan driver, so these tests are
//! ignored by default; CI runs them under Xvfb with lavapipe (`cargo test -- --include-ignored`).

use std::process::Command;

use image::RgbImage;

use super::project_path;

/// Renders the historical scenario at `at` through `camera` and reads the frame back.
fn shot(at: &str, camera: &str) -> RgbImage {
    let dir = std::env::temp_dir().join(format!("spacewalk-shot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = dir.join(format!("{camera}-{}.png", at.replace(':', "")));
    let status = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .args(["shot", "--at", at, "--camera", camera, "-o"])
        .arg(&output)
        .arg(project_path("scenarios/voskhod2.ron"))
        .current_dir(project_path(""))
        .status()
        .expect("spacewalk runs");
    assert!(status.success(), "spacewalk shot failed: {status}");
    let image = image::open(&output).expect("the PNG opens").to_rgb8();
    std::fs::remove_file(&output).ok();
    image
}

/// Share of pixels in a box (fractions of the width and height) that pass a test.
fn share(image: &RgbImage, x: (f32, f32), y: (f32, f32), test: impl Fn([u8; 3]) -> bool) -> f32 {
    let (w, h) = image.dimensions();
    let (x0, x1) = ((x.0 * w as f32) as u32, (x.1 * w as f32) as u32);
    let (y0, y1) = ((y.0 * h as f32) as u32, (y.1 * h as f32) as u32);
    let mut hits = 0u32;
    for py in y0..y1 {
        for px in x0..x1 {
            hits += u32::from(test(image.get_pixel(px, py).0));
        }
    }
    hits as f32 / ((x1 - x0) * (y1 - y0)).max(1) as f32
}

fn is_ocean_blue([r, g, b]: [u8; 3]) -> bool {
    b > 50 && i32::from(b) > i32::from(r) + 20 && b >= g
}

fn is_white([r, g, b]: [u8; 3]) -> bool {
    r > 170 && g > 170 && b > 170
}

fn is_black([r, g, b]: [u8; 3]) -> bool {
    r < 12 && g < 12 && b < 12
}

/// Grey or white, not tinted: painted metal and the suit, not ocean.
fn is_hardware([r, g, b]: [u8; 3]) -> bool {
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    max > 60 && max - min < 40
}

#[test]
#[ignore = "needs a display and a Vulkan driver: run under xvfb-run with lavapipe (see README)"]
fn the_default_view_at_0840_shows_the_spacecraft_above_a_blue_and_white_earth() {
    let image = shot("08:40:00", "default");
    assert_eq!(image.dimensions(), (1280, 720));
    let whole = (0.0, 1.0);
    let blue = share(&image, whole, whole, is_ocean_blue);
    let white = share(&image, whole, whole, is_white);
    // Earth fills the lower part of the frame, black space lies above its limb.
    let lower_earth = share(&image, whole, (0.7, 1.0), |p| !is_black(p));
    let top_black = share(&image, whole, (0.0, 0.08), is_black);
    // The spacecraft sits in the middle of the frame: grey and white, untinted.
    let middle_hardware = share(&image, (0.4, 0.6), (0.38, 0.62), is_hardware);
    let report = format!(
        "blue {blue:.4}, white {white:.4}, lower earth {lower_earth:.3}, top black {top_black:.3}, middle hardware {middle_hardware:.3}"
    );
    eprintln!("{report}");
    assert!(lower_earth > 0.95, "no Earth below: {report}");
    assert!(top_black > 0.5, "no black sky above the limb: {report}");
    assert!(blue > 0.002, "no sea in sight: {report}");
    assert!(white > 0.005, "no clouds or white hardware: {report}");
    assert!(
        middle_hardware > 0.15,
        "no spacecraft in the middle: {report}"
    );
}

#[test]
#[ignore = "needs a display and a Vulkan driver: run under xvfb-run with lavapipe (see README)"]
fn the_sky_view_at_0850_shows_the_star_field() {
    let image = shot("08:50:00", "sky");
    // The sky left of the middle, below the heads-up lines: black, sprinkled with stars.
    let (x, y) = ((0.02, 0.35), (0.2, 0.45));
    let star = |[r, g, b]: [u8; 3]| r.max(g).max(b) > 35;
    let specks = share(&image, x, y, star);
    let black = share(&image, x, y, is_black);
    let report = format!("star pixels {specks:.4}, black {black:.3}");
    assert!(specks > 0.002, "no stars: {report}");
    assert!(black > 0.85, "not a night sky: {report}");
    // The named camera, not the default one: no spacecraft in the middle of the frame.
    let middle_hardware = share(&image, (0.4, 0.6), (0.38, 0.62), is_hardware);
    assert!(
        middle_hardware < 0.05,
        "the spacecraft is in view: {middle_hardware}"
    );
}
