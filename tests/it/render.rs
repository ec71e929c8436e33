//! Real frames: `spacewalk shot` renders the historical scenario and the pixels must show the
//! spacecraft with Earth below it. Needs a display and a Vulkan driver, so these tests are
//! ignored by default; CI runs them under Xvfb with lavapipe (`cargo test -- --include-ignored`).

use std::process::Command;

use bevy::math::{DVec3, Vec3};
use image::RgbImage;
use spacewalk::scenario::Scenario;
use spacewalk::sim::world::environment::Environment;
use spacewalk::sim::world::orbit::EARTH_RADIUS_M;
use spacewalk::view::camera::viewpoint_transform;
use spacewalk::view::clouds::{CLOUD_SEED, cloud_opacity};

use super::{historical, project_path};

/// Renders the historical scenario at `at` through `camera` and reads the frame back.
fn shot(at: &str, camera: &str) -> RgbImage {
    shot_with(at, camera, &[])
}

/// [`shot`] with more arguments (`--ui`).
fn shot_with(at: &str, camera: &str, extra: &[&str]) -> RgbImage {
    let dir = std::env::temp_dir().join(format!("spacewalk-shot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = dir.join(format!("{camera}-{}.png", at.replace(':', "")));
    // A file already there is replaced, and the shot says so.
    std::fs::write(&output, b"an earlier frame").unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_spacewalk"))
        .args(["shot", "--at", at, "--camera", camera])
        .args(extra)
        .arg("-o")
        .arg(&output)
        .arg(project_path("scenarios/voskhod2.ron"))
        .current_dir(project_path(""))
        .output()
        .expect("spacewalk runs");
    assert!(run.status.success(), "spacewalk shot failed: {run:?}");
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(
        said.contains("frame written to") && said.contains("replacing the file that was there"),
        "{said}"
    );
    let leftovers = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial.png"))
        .count();
    assert_eq!(
        leftovers, 0,
        "the frame is renamed into place, nothing left beside it"
    );
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
    // Clouds and the lit hardware only: the panels, whose text counted here once, are not in a
    // shot unless asked for.
    assert!(white > 0.001, "no clouds or white hardware: {report}");
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

/// A point of the ground as a camera sees it.
struct GroundView {
    /// Where it falls in the frame, pixels.
    pixel: (u32, u32),
    /// Angle between the ground's normal and the half-way vector of Sun and camera, degrees:
    /// near zero the water mirrors the Sun (the glint) and is white, not blue.
    glint_deg: f64,
}

/// Radius round the spacecraft's middle that holds the capsule, the airlock and the cosmonaut
/// standing on it, m.
const SPACECRAFT_RADIUS_M: f64 = 5.0;

/// How a point of the ground (latitude, longitude in degrees) is seen from a named camera of the
/// scenario; `None` when it is behind
/// the camera, out of the frame, under the heads-up panels or behind the spacecraft.
fn ground_view(
    scenario: &Scenario,
    env: &Environment,
    camera: &str,
    lat_deg: f64,
    lon_deg: f64,
) -> Option<GroundView> {
    let spec = scenario.file.cameras.iter().find(|c| c.name == camera)?;
    let (lat, lon) = (lat_deg.to_radians(), lon_deg.to_radians());
    let on_earth = DVec3::new(lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin());
    let normal = env.earth_fixed_to_sim * on_earth;
    let world = env.earth_centre_m + normal * EARTH_RADIUS_M;
    let camera_from_world = viewpoint_transform(spec).to_matrix().as_dmat4().inverse();
    let tan_half = (spec.fov_deg.to_radians() / 2.0).tan();
    let (w, h) = (1280.0, 720.0);
    let focal_px = h / 2.0 / tan_half;
    let project = |p: DVec3| {
        let seen = camera_from_world.transform_point3(p);
        let x = w / 2.0 + seen.x / -seen.z * focal_px;
        let y = h / 2.0 - seen.y / -seen.z * focal_px;
        (seen.z, x, y)
    };
    let (depth, x, y) = project(world);
    let (craft_depth, craft_x, craft_y) = project(DVec3::new(0.0, 3.0, 0.0));
    let craft_radius_px = SPACECRAFT_RADIUS_M / -craft_depth * focal_px;
    let behind_craft = (x - craft_x).hypot(y - craft_y) < craft_radius_px + 8.0;
    let under_panels = (y < 140.0 && x < 760.0) || (y < 330.0 && x > 770.0);
    let in_frame = depth < 0.0 && (20.0..w - 20.0).contains(&x) && (20.0..h - 20.0).contains(&y);
    let eye = DVec3::from_array(spec.position_m);
    let half = ((eye - world).normalize() + env.sun_direction.normalize()).normalize();
    let glint_deg = normal.dot(half).clamp(-1.0, 1.0).acos().to_degrees();
    (in_frame && !under_panels && !behind_craft).then_some(GroundView {
        pixel: (x as u32, y as u32),
        glint_deg,
    })
}

/// Cloud over a point, 0 to 1, from the same map the viewer draws (widest within 20 km).
fn cloud_over(lat_deg: f32, lon_deg: f32) -> f32 {
    let mut worst = 0.0_f32;
    for (dlat, dlon) in [
        (0.0, 0.0),
        (0.18, 0.0),
        (-0.18, 0.0),
        (0.0, 0.25),
        (0.0, -0.25),
    ] {
        let (lat, lon) = ((lat_deg + dlat).to_radians(), (lon_deg + dlon).to_radians());
        let on_sphere = Vec3::new(lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin());
        worst = worst.max(cloud_opacity(on_sphere, lat, CLOUD_SEED));
    }
    worst
}

/// Mean blue-minus-red of an 11 x 11 box.
fn blueness(image: &RgbImage, (x, y): (u32, u32)) -> f32 {
    let mut sum = 0.0;
    for py in y - 5..=y + 5 {
        for px in x - 5..=x + 5 {
            let [r, _, b] = image.get_pixel(px, py).0;
            sum += f32::from(b) - f32::from(r);
        }
    }
    sum / 121.0
}

#[test]
#[ignore = "needs a display and a Vulkan driver: run under xvfb-run with lavapipe (see README)"]
fn the_egress_view_at_0835_shows_the_black_sea_below_and_land_round_it() {
    let image = shot("08:35:00", "egress");
    let scenario = historical();
    let env = Environment::at(&scenario, &Environment::elements_for(&scenario), 7.0 * 60.0);
    // Every point on a 0.1 deg grid over the Black Sea and its shores (39-46 N, 28-42 E) that the water mask the
    // viewer draws calls wholly sea or wholly land for 20 km round, with no cloud over it, in
    // the frame and not behind the spacecraft. The camera looks back along the track, south-west
    // from 43.7 N 37.0 E: the sea below, Anatolia's Pontic coast beyond.
    let mask = image::open(project_path("assets/textures/earth_water_4096x2048.png"))
        .expect("the water mask decodes")
        .to_luma8();
    let water_at = |lat: f64, lon: f64| {
        let x = ((lon + 180.0) / 360.0 * 4096.0) as u32;
        let y = ((90.0 - lat) / 180.0 * 2048.0) as u32;
        mask.get_pixel(x, y)[0]
    };
    let (mut sea, mut land) = (Vec::new(), Vec::new());
    for i in 0..=70 {
        for j in 0..=140 {
            let (lat, lon) = (39.0 + 0.1 * f64::from(i), 28.0 + 0.1 * f64::from(j));
            let around = [
                (0.0, 0.0),
                (0.18, 0.0),
                (-0.18, 0.0),
                (0.0, 0.25),
                (0.0, -0.25),
            ]
            .map(|(dlat, dlon)| water_at(lat + dlat, lon + dlon));
            let is_sea = around.iter().all(|&w| w == 255);
            let is_land = around.iter().all(|&w| w == 0);
            if !(is_sea || is_land) || cloud_over(lat as f32, lon as f32) > 0.02 {
                continue;
            }
            let Some(view) = ground_view(&scenario, &env, "egress", lat, lon) else {
                continue;
            };
            let blue = blueness(&image, view.pixel);
            if is_sea && view.glint_deg > GLINT_DEG {
                sea.push(blue);
            } else if is_land {
                land.push(blue);
            }
        }
    }
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len().max(1) as f32;
    let share = |v: &[f32], test: fn(f32) -> bool| {
        v.iter().filter(|&&b| test(b)).count() as f32 / v.len().max(1) as f32
    };
    let report = format!(
        "{} sea points, blue minus red {:.1} on average, {:.0} % blue; {} land points, {:.1}, {:.0} % blue",
        sea.len(),
        mean(&sea),
        100.0 * share(&sea, |b| b > 15.0),
        land.len(),
        mean(&land),
        100.0 * share(&land, |b| b > 15.0),
    );
    eprintln!("{report}");
    assert!(
        sea.len() >= 30 && land.len() >= 30,
        "too few clear points in frame: {report}"
    );
    assert!(
        share(&sea, |b| b > 15.0) > 0.9,
        "the sea is not blue: {report}"
    );
    assert!(
        share(&land, |b| b > 15.0) < 0.1,
        "the land is blue: {report}"
    );
    assert!(
        mean(&sea) > mean(&land) + 25.0,
        "sea and land look alike: {report}"
    );
    // No dark specks on the ground left of the spacecraft (points of the Earth's faceted mesh
    // below the air's ground sphere once read the air's tables out of range and came out dark).
    let specks = dark_specks(&image, (20, 560), (150, 700));
    eprintln!("{specks} dark specks on the ground");
    assert!(specks <= 2, "{specks} dark specks on the ground");
}

/// Pixels in a box much darker than all four pixels two away from them: single-pixel specks.
fn dark_specks(image: &RgbImage, x: (u32, u32), y: (u32, u32)) -> usize {
    let luma = |px: u32, py: u32| {
        let [r, g, b] = image.get_pixel(px, py).0;
        u32::from(r) + u32::from(g) + u32::from(b)
    };
    (y.0..y.1)
        .flat_map(|py| (x.0..x.1).map(move |px| (px, py)))
        .filter(|&(px, py)| {
            let here = luma(px, py);
            [(px + 2, py), (px - 2, py), (px, py + 2), (px, py - 2)]
                .iter()
                .all(|&(nx, ny)| luma(nx, ny) > here * 3 / 2 + 30)
        })
        .count()
}

/// Within this angle of the mirror direction the sea shows the Sun's glint, degrees (the
/// glint map's water roughness spreads it about this far).
const GLINT_DEG: f64 = 12.0;

/// The panels' fill: dark, a little blue, see-through over black space or the Earth.
fn is_panel([r, g, b]: [u8; 3]) -> bool {
    r < 60 && g < 60 && b < 70 && b >= r
}

/// A plotted line or a timeline marker: strongly coloured.
fn is_saturated([r, g, b]: [u8; 3]) -> bool {
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    max > 150 && max - min > 90
}

#[test]
#[ignore = "needs a display and a Vulkan driver: run under xvfb-run with lavapipe (see README)"]
fn the_panels_show_the_flight_the_events_the_plots_and_the_timeline_round_the_followed_cosmonaut() {
    let image = shot_with("08:46:00", "follow-cosmonaut", &["--ui"]);
    let flight = share(&image, (0.01, 0.23), (0.02, 0.4), is_panel);
    let flight_text = share(&image, (0.01, 0.23), (0.02, 0.4), is_white);
    let plots = share(&image, (0.72, 0.99), (0.5, 0.88), is_panel);
    let plot_lines = share(&image, (0.74, 0.99), (0.5, 0.88), is_saturated);
    let timeline = share(&image, (0.0, 1.0), (0.94, 1.0), is_panel);
    let markers = share(&image, (0.02, 0.98), (0.94, 0.98), is_saturated);
    // The follow camera keeps him in the middle, big enough to read: his white suit.
    let suit = share(&image, (0.4, 0.6), (0.3, 0.7), is_hardware);
    let report = format!(
        "flight {flight:.3} (text {flight_text:.3}), plots {plots:.3} (lines {plot_lines:.4}), \
         timeline {timeline:.3} (markers {markers:.4}), suit {suit:.3}"
    );
    eprintln!("{report}");
    assert!(
        flight > 0.5 && flight_text > 0.004,
        "no flight window: {report}"
    );
    assert!(plots > 0.4 && plot_lines > 0.003, "no plots: {report}");
    assert!(timeline > 0.6 && markers > 0.002, "no timeline: {report}");
    assert!(suit > 0.08, "the cosmonaut is not framed: {report}");
}
