//! Sharp and still from a metre off the suit to 20,000 km out: the renderer's f32 coordinates
//! (the simulation frame is centred on the spacecraft; the Earth is placed from f64 each frame)
//! put the ground, the clouds and the suit within a small part of a pixel of where f64 puts them.

use bevy::camera::CameraProjection;
use bevy::math::DVec3;
use bevy::prelude::*;
use spacewalk::sim::world::environment::Environment;
use spacewalk::sim::world::orbit::EARTH_RADIUS_M;
use spacewalk::view::camera::NEAR_M;
use spacewalk::view::clouds::CLOUD_HEIGHT_M;
use spacewalk::view::earth::{earth_fixed_mesh_rotation, mesh_to_earth_fixed};

use super::historical;

/// Where the renderer puts a point of the Earth's mesh (radius `radius_m`), in f32 as the GPU
/// does: the mesh's unit vertex through the Earth's transform.
fn rendered(env: &Environment, on_earth: DVec3, radius_m: f64) -> Vec3 {
    let vertex = (mesh_to_earth_fixed().inverse() * on_earth).as_vec3();
    let model = Transform {
        translation: env.earth_centre_m.as_vec3(),
        rotation: earth_fixed_mesh_rotation(env),
        scale: Vec3::splat(radius_m as f32),
    };
    model.to_matrix().transform_point3(vertex)
}

/// The same point in f64.
fn exact(env: &Environment, on_earth: DVec3, radius_m: f64) -> DVec3 {
    env.earth_centre_m + env.earth_fixed_to_sim * on_earth * radius_m
}

/// Angle between where the renderer and f64 see a point from the camera, in pixels of a 720-pixel
/// tall view with the given field of view.
fn error_px(camera_m: DVec3, rendered: Vec3, exact: DVec3, fov_deg: f64) -> f64 {
    let seen = (rendered - camera_m.as_vec3()).as_dvec3().normalize();
    let truth = (exact - camera_m).normalize();
    let angle = seen.cross(truth).length().atan2(seen.dot(truth));
    angle / (fov_deg.to_radians() / 720.0)
}

#[test]
fn the_ground_is_placed_to_a_fraction_of_a_pixel_from_a_metre_off_the_suit_to_20000_km() {
    let scenario = historical();
    let elements = Environment::elements_for(&scenario);
    let cameras = &scenario.file.cameras;
    let earth_view = cameras
        .iter()
        .find(|c| c.name == "earth")
        .expect("earth camera");
    let far = DVec3::from_array(earth_view.position_m);
    assert!(far.length() > 2.0e7, "the far camera is 20,000 km out");
    let near = DVec3::new(1.0, 1.2, 0.3);
    let mut worst = [0.0_f64; 2];
    // Every frame for two seconds at the egress: the error is small and does not wander.
    for frame in 0..120 {
        let env = Environment::at(&scenario, &elements, 420.0 + f64::from(frame) / 60.0);
        let below = env.earth_fixed_to_sim.transpose() * (-env.earth_centre_m).normalize();
        for (i, (camera, fov)) in [(near, 60.0), (far, earth_view.fov_deg)]
            .into_iter()
            .enumerate()
        {
            // The ground below, 300 km off to the side, and the limb as seen from far out.
            for offset in [
                DVec3::ZERO,
                DVec3::new(0.03, 0.0, 0.0),
                DVec3::new(0.0, 0.6, 0.0),
            ] {
                let on_earth = (below + offset).normalize();
                for radius in [EARTH_RADIUS_M, EARTH_RADIUS_M + CLOUD_HEIGHT_M] {
                    let error = error_px(
                        camera,
                        rendered(&env, on_earth, radius),
                        exact(&env, on_earth, radius),
                        fov,
                    );
                    worst[i] = worst[i].max(error);
                }
            }
        }
    }
    eprintln!(
        "worst placement error: {:.4} px a metre off the suit, {:.4} px from 20,000 km",
        worst[0], worst[1]
    );
    assert!(worst[0] < 0.05, "near: {worst:?}");
    assert!(worst[1] < 0.05, "far: {worst:?}");
}

#[test]
fn depth_keeps_the_clouds_apart_from_the_ground_and_the_suit_apart_from_the_capsule() {
    let projection = PerspectiveProjection {
        near: NEAR_M,
        ..default()
    };
    let clip_from_view = projection.get_clip_from_view();
    let depth = |distance_m: f32| {
        let clip = clip_from_view * Vec4::new(0.0, 0.0, -distance_m, 1.0);
        clip.z / clip.w
    };
    // Reverse-Z floating depth resolves a constant share of the distance: the clouds 8 km above
    // the ground stay apart out to 20,000 km (and past the limb, 3,000 km away from orbit).
    for distance_m in [190.0e3_f32, 3.0e6, 2.0e7] {
        let (ground, cloud) = (depth(distance_m), depth(distance_m - CLOUD_HEIGHT_M as f32));
        assert!(cloud > ground, "cloud behind ground at {distance_m} m");
        let steps = (cloud - ground) / (ground * f32::EPSILON);
        assert!(
            steps > 100.0,
            "only {steps} depth steps between cloud and ground at {distance_m} m"
        );
    }
    // The suit 1 cm in front of the capsule wall, seen from 10 m.
    let (wall, suit) = (depth(10.0), depth(9.99));
    assert!((suit - wall) / (wall * f32::EPSILON) > 100.0);
}
