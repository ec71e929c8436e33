//! Camera modes: free flight, or following a body (the cosmonaut, the capsule, the airlock, the
//! Earth) and orbiting round it with the mouse, the wheel zooming. Every change of mode or
//! viewpoint is a short smooth move from where the camera was; the free camera then starts there.

use bevy::camera_controller::free_camera::FreeCameraState;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll};
use bevy::math::EulerRot;
use bevy::prelude::*;

use crate::sim::core::bodies::{Segment, SimBody};
use crate::sim::core::layout::Layout;
use crate::sim::world::environment::Environment;

/// The viewer's camera.
#[derive(Component, Clone, Copy, Debug)]
pub struct ViewCamera;

/// How long a camera move takes, s of wall time.
pub const TRANSITION_S: f32 = 0.6;

/// What the follow camera keeps framed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowTarget {
    /// Leonov (his pelvis).
    Cosmonaut,
    /// The Voskhod capsule.
    Capsule,
    /// The airlock's outer end.
    Airlock,
    /// The Earth's centre.
    Earth,
}

impl FollowTarget {
    /// Every target, in the order F steps through them.
    pub const ALL: [FollowTarget; 4] = [
        FollowTarget::Cosmonaut,
        FollowTarget::Capsule,
        FollowTarget::Airlock,
        FollowTarget::Earth,
    ];

    /// Its name on screen and in `shot --camera follow-NAME`.
    pub fn name(self) -> &'static str {
        match self {
            FollowTarget::Cosmonaut => "cosmonaut",
            FollowTarget::Capsule => "capsule",
            FollowTarget::Airlock => "airlock",
            FollowTarget::Earth => "earth",
        }
    }

    /// The target a `follow-NAME` camera name asks for.
    pub fn from_camera_name(name: &str) -> Option<Self> {
        let wanted = name.strip_prefix("follow-")?;
        Self::ALL.into_iter().find(|t| t.name() == wanted)
    }

    /// Where the camera starts round it: (yaw, pitch, distance in m). The cosmonaut's
    /// distance makes a 1.8 m figure about a third of the picture's height at 60 degrees.
    pub fn start(self) -> (f32, f32, f32) {
        match self {
            FollowTarget::Cosmonaut => (0.7, -0.2, 5.5),
            FollowTarget::Capsule => (0.9, -0.25, 14.0),
            FollowTarget::Airlock => (0.5, -0.3, 6.0),
            FollowTarget::Earth => (0.0, -0.3, 2.0e7),
        }
    }

    /// Nearest and farthest the wheel takes the camera, m.
    fn range_m(self) -> (f32, f32) {
        match self {
            FollowTarget::Earth => (6.6e6, 1.0e8),
            _ => (1.2, 500.0),
        }
    }
}

/// A camera fixed to the spacecraft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mount {
    /// The S-97 external movie camera on its bracket at the airlock's outer end, which filmed
    /// the walk. The record gives the bracket at the outer end and the camera "jutting out to
    /// one side"; its exact place and aim are not recorded (estimate: beside the rim between the
    /// handrails, 0.3 m out, aimed at the tube's axis 1.5 m beyond the mouth, where he floated
    /// on his tether and came back in).
    FilmCamera,
    /// His eyes behind the visor, looking the way his face does (estimate: 3 cm above and 10
    /// cm in front of the head's centre).
    Helmet,
}

/// The S-97's vertical field of view, deg (estimate: the record does not give its lens; a
/// 10 mm wide-angle lens on 16 mm film, 7.5 mm high, sees 41 degrees).
pub const S97_FOV_DEG: f32 = 41.0;

/// The helmet view's vertical field of view, deg (estimate: what the Berkut's visor left him
/// of a person's sight, narrower than the eyes' own).
pub const HELMET_FOV_DEG: f32 = 70.0;

/// The follow camera's vertical field of view, deg.
pub const FOLLOW_FOV_DEG: f32 = 60.0;

impl Mount {
    /// Every mounted camera, in the order C steps through them.
    pub const ALL: [Mount; 2] = [Mount::FilmCamera, Mount::Helmet];

    /// Its name on screen and in `shot --camera`.
    pub fn name(self) -> &'static str {
        match self {
            Mount::FilmCamera => "film-camera",
            Mount::Helmet => "helmet",
        }
    }

    /// The body it rides on.
    fn body(self) -> SimBody {
        match self {
            Mount::FilmCamera => SimBody::Airlock,
            Mount::Helmet => SimBody::Cosmonaut(Segment::Head),
        }
    }

    /// Its vertical field of view, deg.
    pub fn fov_deg(self) -> f32 {
        match self {
            Mount::FilmCamera => S97_FOV_DEG,
            Mount::Helmet => HELMET_FOV_DEG,
        }
    }

    /// Where it sits on the airlock and which way it looks, in the airlock's frame.
    fn pose_local(self, layout: &Layout) -> Transform {
        match self {
            Mount::FilmCamera => {
                let mouth = layout.outer_hatch_local_m();
                let at = mouth + Vec3::new(0.0, -0.05, layout.airlock_outer_radius_m + 0.3);
                Transform::from_translation(at).looking_at(mouth + Vec3::Y * 1.5, Vec3::Z)
            }
            // His segments start unrotated standing, the face towards -Z.
            Mount::Helmet => Transform::from_xyz(0.0, 0.03, -0.1).looking_to(Vec3::NEG_Z, Vec3::Y),
        }
    }
}

/// The camera a name asks for: `follow-cosmonaut` and the like, or `film-camera`.
pub fn mode_for_name(name: &str) -> Option<CameraMode> {
    if let Some(mount) = Mount::ALL.into_iter().find(|m| m.name() == name) {
        return Some(CameraMode::Mounted(mount));
    }
    FollowTarget::from_camera_name(name).map(CameraMode::follow)
}

/// How the camera is driven.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub enum CameraMode {
    /// Fixed to the spacecraft where a camera of 1965 was.
    Mounted(Mount),
    /// Flown with the keys and mouse (the free camera).
    Free,
    /// Kept on a target, orbiting round it.
    Follow {
        /// What it follows.
        target: FollowTarget,
        /// Round the target's vertical, rad.
        yaw: f32,
        /// Tilt about the horizontal, rad: negative puts the camera above the target.
        pitch: f32,
        /// From the target, m.
        distance_m: f32,
    },
}

impl CameraMode {
    /// Following `target` from where it starts.
    pub fn follow(target: FollowTarget) -> Self {
        let (yaw, pitch, distance_m) = target.start();
        CameraMode::Follow {
            target,
            yaw,
            pitch,
            distance_m,
        }
    }
}

/// A change of camera: to a mode, or (free) to a transform; `instant` skips the move.
#[derive(Message, Clone, Copy, Debug)]
pub struct SetCamera {
    /// The mode to go to.
    pub mode: CameraMode,
    /// For the free mode: where to put the camera (`None`: stay where it is).
    pub place: Option<Transform>,
    /// Jump there at once (shots), rather than move smoothly.
    pub instant: bool,
}

impl SetCamera {
    /// A smooth move to `mode`, the camera staying where it is if that mode is free flight.
    pub fn to(mode: CameraMode) -> Self {
        SetCamera {
            mode,
            place: None,
            instant: false,
        }
    }
}

/// The item after `current` in `all`, round to the first (the first when there is none).
pub fn next_of<T: PartialEq + Copy>(all: &[T], current: Option<T>) -> T {
    let at = current.and_then(|c| all.iter().position(|t| *t == c));
    all[at.map_or(0, |i| (i + 1) % all.len())]
}

/// A move in progress: from where the camera was, how far along, and (free) where to.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct CameraMove {
    from: Option<Transform>,
    goal: Option<Transform>,
    elapsed_s: f32,
}

impl CameraMove {
    /// Whether the camera is on its way somewhere.
    pub fn moving(&self) -> bool {
        self.from.is_some()
    }
}

/// Whether the panels hold the pointer or the keys this frame: then the camera takes neither.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UiHasInput(pub bool);

/// The camera modes, their moves and the free camera's gate (the free camera itself and the
/// view camera come with the viewer's camera plugin).
pub fn plugin(app: &mut App) {
    app.insert_resource(CameraMode::follow(FollowTarget::Cosmonaut))
        .init_resource::<CameraMove>()
        .init_resource::<UiHasInput>()
        .add_message::<SetCamera>()
        .add_systems(Update, (switch, orbit_input, gate_free_camera).chain())
        .add_systems(
            PostUpdate,
            place_camera.before(bevy::transform::TransformSystems::Propagate),
        );
}

/// Takes the last camera change of the frame.
fn switch(
    mut requests: MessageReader<SetCamera>,
    mut mode: ResMut<CameraMode>,
    mut motion: ResMut<CameraMove>,
    mut cameras: Query<(&Transform, Option<&mut Projection>), With<ViewCamera>>,
) {
    let Some(request) = requests.read().last().copied() else {
        return;
    };
    *mode = request.mode;
    let here = cameras.iter().next().map(|(at, _)| *at);
    let fov_deg = match request.mode {
        CameraMode::Mounted(mount) => Some(mount.fov_deg()),
        CameraMode::Follow { .. } => Some(FOLLOW_FOV_DEG),
        // A viewpoint sets its own.
        CameraMode::Free => None,
    };
    for (_, projection) in &mut cameras {
        if let (Some(fov_deg), Some(mut projection)) = (fov_deg, projection)
            && let Projection::Perspective(p) = projection.as_mut()
        {
            p.fov = fov_deg.to_radians();
        }
    }
    let free = request.mode == CameraMode::Free;
    // Free with no place given: the free camera takes over right where the camera is.
    let stay = free && request.place.is_none();
    *motion = CameraMove {
        from: if request.instant || stay { None } else { here },
        goal: if free { request.place.or(here) } else { None },
        elapsed_s: 0.0,
    };
}

/// Dragging with the left button orbits the follow camera; the wheel brings it nearer or
/// farther. Not while the panels hold the pointer.
fn orbit_input(
    mut mode: ResMut<CameraMode>,
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    ui: Res<UiHasInput>,
) {
    let CameraMode::Follow {
        target,
        yaw,
        pitch,
        distance_m,
    } = mode.as_mut()
    else {
        return;
    };
    if ui.0 {
        return;
    }
    if buttons.pressed(MouseButton::Left) && motion.delta != Vec2::ZERO {
        *yaw -= motion.delta.x * 0.005;
        *pitch = (*pitch - motion.delta.y * 0.005).clamp(-1.5, 1.5);
    }
    if scroll.delta.y != 0.0 {
        let (near, far) = target.range_m();
        *distance_m = (*distance_m * (-0.15 * scroll.delta.y).exp()).clamp(near, far);
    }
}

/// The free camera flies only in free mode, once any move has ended, and never while the
/// panels hold the input.
fn gate_free_camera(
    mode: Res<CameraMode>,
    motion: Res<CameraMove>,
    ui: Res<UiHasInput>,
    mut cameras: Query<&mut FreeCameraState, With<ViewCamera>>,
) {
    let enabled = *mode == CameraMode::Free && !motion.moving() && !ui.0;
    for mut state in &mut cameras {
        if state.enabled != enabled {
            state.enabled = enabled;
        }
    }
}

/// Where the followed target is, in the simulation's frame.
fn target_position(
    target: FollowTarget,
    bodies: &Query<(&SimBody, &Transform), Without<ViewCamera>>,
    env: &Environment,
) -> Option<Vec3> {
    let wanted = match target {
        FollowTarget::Earth => return Some(env.earth_centre_m.as_vec3()),
        FollowTarget::Cosmonaut => SimBody::Cosmonaut(Segment::Pelvis),
        FollowTarget::Capsule => SimBody::Spacecraft,
        FollowTarget::Airlock => SimBody::Airlock,
    };
    bodies
        .iter()
        .find(|(body, _)| **body == wanted)
        .map(|(_, at)| at.translation)
}

/// The camera where its mode puts it, blended from where it was while a move lasts.
fn place_camera(
    time: Res<Time<Real>>,
    layout: Res<Layout>,
    mode: Res<CameraMode>,
    mut motion: ResMut<CameraMove>,
    env: Res<Environment>,
    bodies: Query<(&SimBody, &Transform), Without<ViewCamera>>,
    mut cameras: Query<(&mut Transform, &mut FreeCameraState), With<ViewCamera>>,
) {
    let Ok((mut transform, mut state)) = cameras.single_mut() else {
        return;
    };
    let goal = match *mode {
        CameraMode::Mounted(mount) => {
            let carrier = bodies.iter().find(|(body, _)| **body == mount.body());
            match carrier {
                Some((_, at)) => *at * mount.pose_local(&layout),
                None => return,
            }
        }
        CameraMode::Follow {
            target,
            yaw,
            pitch,
            distance_m,
        } => match target_position(target, &bodies, &env) {
            Some(at) => follow_transform(at, yaw, pitch, distance_m),
            None => return,
        },
        CameraMode::Free => match motion.goal {
            Some(goal) => goal,
            None if motion.moving() => *transform,
            None => return,
        },
    };
    let Some(from) = motion.from else {
        if *mode == CameraMode::Free {
            settle_free(&mut transform, &mut state, goal, &mut motion);
        } else {
            *transform = goal;
        }
        return;
    };
    motion.elapsed_s += time.delta_secs();
    let k = (motion.elapsed_s / TRANSITION_S).clamp(0.0, 1.0);
    let eased = k * k * (3.0 - 2.0 * k);
    transform.translation = from.translation.lerp(goal.translation, eased);
    transform.rotation = from.rotation.slerp(goal.rotation, eased);
    if k >= 1.0 {
        motion.from = None;
        if *mode == CameraMode::Free {
            settle_free(&mut transform, &mut state, goal, &mut motion);
        }
    }
}

/// The free camera takes over where the move ended, looking the same way.
fn settle_free(
    transform: &mut Transform,
    state: &mut FreeCameraState,
    goal: Transform,
    motion: &mut CameraMove,
) {
    *transform = goal;
    let (yaw, pitch, _) = goal.rotation.to_euler(EulerRot::YXZ);
    state.yaw = yaw;
    state.pitch = pitch;
    state.velocity = Vec3::ZERO;
    motion.goal = None;
}

/// The camera `distance_m` from `target`, at `yaw` round the vertical and `pitch` above it,
/// looking at it.
pub fn follow_transform(target: Vec3, yaw: f32, pitch: f32, distance_m: f32) -> Transform {
    let direction = Quat::from_euler(EulerRot::YXZ, yaw, pitch, 0.0) * Vec3::Z;
    Transform::from_translation(target + direction * distance_m).looking_at(target, Vec3::Y)
}
