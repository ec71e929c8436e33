//! The free camera: flies anywhere from a metre off the suit to thousands of kilometres out, with
//! a speed that scales with the distance to the nearest thing, and the scenario's named viewpoints.

use bevy::camera::{Exposure, PerspectiveProjection, Projection};
use bevy::camera_controller::free_camera::{FreeCamera, FreeCameraPlugin};
use bevy::prelude::*;

use super::follow::{CameraMode, SetCamera};
use crate::scenario::CameraSpec;
use crate::sim::ActiveScenario;
use crate::sim::world::environment::Environment;
use crate::sim::world::orbit::EARTH_RADIUS_M;

/// Nearest distance the camera renders, m.
pub const NEAR_M: f32 = 0.05;
/// Farthest distance anything is kept in view, m (beyond the Sun's drawn disc).
const FAR_M: f32 = 1.0e9;

pub use super::follow::ViewCamera;

/// Move the camera to the scenario's viewpoint with this index (at once, or smoothly).
#[derive(Message, Clone, Copy, Debug)]
pub struct GoToViewpoint {
    /// Which of the scenario's `cameras`.
    pub index: usize,
    /// Jump there (a shot) rather than move.
    pub instant: bool,
}

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((FreeCameraPlugin, super::follow::plugin))
        .add_message::<GoToViewpoint>()
        .add_systems(Startup, spawn_camera)
        .add_systems(Update, (go_to_viewpoint, scale_speed));
}

pub(super) fn spawn_camera(mut commands: Commands, scenario: Res<ActiveScenario>) {
    let spec = &scenario.0.file.cameras[0];
    commands.spawn((
        Name::new("Camera"),
        ViewCamera,
        Camera3d::default(),
        Projection::Perspective(PerspectiveProjection {
            near: NEAR_M,
            far: FAR_M,
            fov: (spec.fov_deg as f32).to_radians(),
            ..default()
        }),
        Exposure::SUNLIGHT,
        FreeCamera {
            walk_speed: 3.0,
            run_speed: 15.0,
            ..default()
        },
        viewpoint_transform(spec),
    ));
}

fn viewpoint_eye(spec: &CameraSpec) -> Vec3 {
    Vec3::from_array(spec.position_m.map(|v| v as f32))
}

/// Where a viewpoint puts the camera.
pub fn viewpoint_transform(spec: &CameraSpec) -> Transform {
    let target = Vec3::from_array(spec.look_at_m.map(|v| v as f32));
    let eye = viewpoint_eye(spec);
    let up = if (target - eye).normalize_or(Vec3::Z).y.abs() > 0.99 {
        Vec3::Z
    } else {
        Vec3::Y
    };
    Transform::from_translation(eye).looking_at(target, up)
}

fn go_to_viewpoint(
    mut requests: MessageReader<GoToViewpoint>,
    scenario: Res<ActiveScenario>,
    mut set: MessageWriter<SetCamera>,
    mut projections: Query<&mut Projection, With<ViewCamera>>,
) {
    let Some(GoToViewpoint { index, instant }) = requests.read().last().copied() else {
        return;
    };
    let Some(spec) = scenario.0.file.cameras.get(index) else {
        return;
    };
    set.write(SetCamera {
        mode: CameraMode::Free,
        place: Some(viewpoint_transform(spec)),
        instant,
    });
    for mut projection in &mut projections {
        if let Projection::Perspective(p) = projection.as_mut() {
            p.fov = (spec.fov_deg as f32).to_radians();
        }
    }
}

/// Flying speed in proportion to the distance to the spacecraft or the ground, whichever is nearer.
fn scale_speed(
    env: Res<Environment>,
    mut cameras: Query<(&Transform, &mut FreeCamera), With<ViewCamera>>,
) {
    for (transform, mut camera) in &mut cameras {
        let to_craft = transform.translation.length() - 2.0;
        let altitude =
            (transform.translation.as_dvec3() - env.earth_centre_m).length() - EARTH_RADIUS_M;
        let nearest = to_craft.min(altitude as f32).max(0.0);
        camera.walk_speed = (nearest * 0.5).clamp(1.0, 2.0e6);
        camera.run_speed = camera.walk_speed * 5.0;
    }
}
