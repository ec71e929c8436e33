//! Meshes that follow the simulated bodies: capsule, airlock, tether and the suited cosmonaut.
//!
//! Each simulated body gets visual children when it appears; they move with it because Rapier
//! writes the body's transform. Shapes follow the same scenario dimensions as the colliders.

use std::f32::consts::FRAC_PI_2;

use bevy::prelude::*;
use bevy_rapier3d::prelude::RigidBodyDisabled;

use crate::sim::ActiveScenario;
use crate::sim::core::bodies::SimBody;
use crate::sim::core::layout::Layout;
use crate::sim::cosmonaut::anatomy::{Figure, Segment, SegmentShape};
use crate::sim::craft::hatch::{HATCH_OVERLAP_M, HATCH_THICKNESS_M};
use crate::sim::craft::tether::LINK_RADIUS_M;

/// Materials shared by every model.
#[derive(Resource, Clone)]
struct Palette {
    hull: Handle<StandardMaterial>,
    module: Handle<StandardMaterial>,
    dark: Handle<StandardMaterial>,
    insulation: Handle<StandardMaterial>,
    metal: Handle<StandardMaterial>,
    suit: Handle<StandardMaterial>,
    visor: Handle<StandardMaterial>,
    tether: Handle<StandardMaterial>,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(PreStartup, make_palette)
        .add_systems(Update, (hide_out_of_simulation, follow_suit_size))
        .add_observer(dress_body);
}

/// The mesh of one segment of the suit, built at its slack size.
#[derive(Component, Clone, Copy, Debug)]
struct SuitPart {
    segment: Segment,
    slack: SegmentShape,
}

/// Half the size of a shape along its own axes.
fn half_size(shape: SegmentShape) -> Vec3 {
    match shape {
        SegmentShape::Capsule {
            half_length_m,
            radius_m,
        } => Vec3::new(radius_m, half_length_m + radius_m, radius_m),
        SegmentShape::Ball { radius_m } => Vec3::splat(radius_m),
        SegmentShape::RoundBox {
            half_extents_m,
            border_m,
        } => half_extents_m + Vec3::splat(border_m),
    }
}

/// The visible suit balloons with the same numbers as the colliders.
fn follow_suit_size(
    figure: Option<Res<crate::sim::cosmonaut::anatomy::CosmonautFigure>>,
    mut parts: Query<(Ref<SuitPart>, &mut Transform)>,
) {
    let Some(figure) = figure else {
        return;
    };
    for (part, mut transform) in &mut parts {
        if !figure.is_changed() && !part.is_added() {
            continue;
        }
        let now = half_size(figure.0.segment(part.segment).shape);
        let scale = now / half_size(part.slack).max(Vec3::splat(1e-4));
        transform.set_if_neq(transform.with_scale(scale));
    }
}

/// Bodies out of the simulation (the cosmonaut and tether while he is in the cabin) are not
/// drawn where they last were.
fn hide_out_of_simulation(
    mut bodies: Query<(&mut Visibility, Has<RigidBodyDisabled>), With<SimBody>>,
) {
    for (mut visibility, disabled) in &mut bodies {
        let wanted = if disabled {
            Visibility::Hidden
        } else {
            Visibility::Inherited
        };
        visibility.set_if_neq(wanted);
    }
}

fn make_palette(mut commands: Commands, mut materials: ResMut<Assets<StandardMaterial>>) {
    let mut add = |color: Color, metallic: f32, roughness: f32| {
        materials.add(StandardMaterial {
            base_color: color,
            metallic,
            perceptual_roughness: roughness,
            ..default()
        })
    };
    commands.insert_resource(Palette {
        hull: add(Color::srgb(0.62, 0.63, 0.6), 0.3, 0.55),
        module: add(Color::srgb(0.8, 0.8, 0.78), 0.2, 0.5),
        dark: add(Color::srgb(0.12, 0.13, 0.14), 0.5, 0.4),
        insulation: add(Color::srgb(0.9, 0.9, 0.88), 0.0, 0.9),
        metal: add(Color::srgb(0.7, 0.7, 0.72), 0.9, 0.3),
        suit: add(Color::srgb(0.93, 0.93, 0.9), 0.0, 0.8),
        visor: add(Color::srgb(0.75, 0.55, 0.2), 1.0, 0.15),
        tether: add(Color::srgb(0.85, 0.8, 0.6), 0.2, 0.6),
    });
}

/// Gives a newly spawned body its meshes.
fn dress_body(
    add: On<Add, SimBody>,
    bodies: Query<&SimBody>,
    scenario: Res<ActiveScenario>,
    palette: Res<Palette>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut commands: Commands,
) {
    let Ok(body) = bodies.get(add.entity) else {
        return;
    };
    let scenario = &scenario.0;
    let layout = Layout::new(scenario);
    let mut parts: Vec<Part> = Vec::new();
    let mut mesh = |m: Mesh| meshes.add(m);
    match body {
        SimBody::Spacecraft => spacecraft_parts(scenario, &palette, &mut mesh, &mut parts),
        SimBody::Airlock | SimBody::AirlockRing(_) => {
            airlock_parts(body, &layout, &palette, &mut mesh, &mut parts);
        }
        SimBody::Cosmonaut(segment) => {
            cosmonaut_parts(scenario, *segment, &palette, &mut mesh, &mut parts);
        }
        SimBody::Hatch(_) => {
            parts.push((
                mesh(
                    Cylinder::new(layout.hatch_radius_m + HATCH_OVERLAP_M, HATCH_THICKNESS_M)
                        .mesh()
                        .resolution(48)
                        .into(),
                ),
                palette.metal.clone(),
                Transform::IDENTITY,
            ));
            // The locking wheel in the middle of the plate.
            parts.push((
                mesh(Torus::new(0.06, 0.08).mesh().into()),
                palette.dark.clone(),
                Transform::from_xyz(0.0, HATCH_THICKNESS_M / 2.0 + 0.01, 0.0),
            ));
        }
        SimBody::Thrown(_) => {
            parts.push((
                mesh(Cylinder::new(0.04, 0.02).mesh().resolution(24).into()),
                palette.dark.clone(),
                Transform::IDENTITY,
            ));
        }
        SimBody::TetherSegment(_) => {
            let link_len = crate::sim::craft::tether::link_length_m(scenario);
            parts.push((
                mesh(
                    Cylinder::new(LINK_RADIUS_M * 1.5, link_len * 1.02)
                        .mesh()
                        .resolution(6)
                        .into(),
                ),
                palette.tether.clone(),
                Transform::IDENTITY,
            ));
        }
    }
    let children: Vec<Entity> = parts
        .into_iter()
        .map(|(mesh, material, transform)| {
            commands
                .spawn((Mesh3d(mesh), MeshMaterial3d(material), transform))
                .id()
        })
        .collect();
    if let (SimBody::Cosmonaut(segment), Some(first)) = (body, children.first()) {
        let slack = Figure::new(scenario).segment(*segment).shape;
        commands.entity(*first).insert(SuitPart {
            segment: *segment,
            slack,
        });
    }
    commands.entity(add.entity).add_children(&children);
}

/// One drawn part: mesh, material and placement on its body.
type Part = (Handle<Mesh>, Handle<StandardMaterial>, Transform);

/// The capsule: descent sphere, biconical instrument module, radiator band, retro-rocket,
/// antennas.
fn spacecraft_parts(
    scenario: &crate::scenario::Scenario,
    palette: &Palette,
    mesh: &mut impl FnMut(Mesh) -> Handle<Mesh>,
    parts: &mut Vec<Part>,
) {
    let s = &scenario.file.spacecraft;
    let sphere_r = (s.descent_module_diameter_m / 2.0) as f32;
    let module_r = (s.instrument_module_diameter_m / 2.0) as f32;
    let module_len = s.instrument_module_length_m as f32;
    let module_z = sphere_r * 0.7 + module_len / 2.0;
    let along_z = Quat::from_rotation_x(FRAC_PI_2);
    parts.push((
        mesh(Sphere::new(sphere_r).mesh().uv(96, 48)),
        palette.hull.clone(),
        Transform::IDENTITY,
    ));
    // Biconical instrument module: two frustums meeting at its widest ring.
    let front = ConicalFrustum {
        radius_top: module_r * 0.8,
        radius_bottom: module_r,
        height: module_len * 0.45,
    };
    let back = ConicalFrustum {
        radius_top: module_r,
        radius_bottom: module_r * 0.75,
        height: module_len * 0.55,
    };
    parts.push((
        mesh(front.mesh().resolution(64).into()),
        palette.module.clone(),
        Transform::from_xyz(0.0, 0.0, module_z - module_len * 0.275).with_rotation(along_z),
    ));
    parts.push((
        mesh(back.mesh().resolution(64).into()),
        palette.module.clone(),
        Transform::from_xyz(0.0, 0.0, module_z + module_len * 0.225).with_rotation(along_z),
    ));
    // Radiator band and the backup solid retro-rocket on the sphere's nose.
    parts.push((
        mesh(
            Cylinder::new(module_r * 1.005, 0.25)
                .mesh()
                .resolution(64)
                .into(),
        ),
        palette.dark.clone(),
        Transform::from_xyz(0.0, 0.0, module_z).with_rotation(along_z),
    ));
    parts.push((
        mesh(Cylinder::new(0.32, 0.55).mesh().resolution(32).into()),
        palette.dark.clone(),
        Transform::from_xyz(0.0, 0.0, -sphere_r - 0.1).with_rotation(along_z),
    ));
    // Antenna whips.
    for angle in [0.6f32, 2.5, 4.2] {
        let dir = Quat::from_rotation_z(angle) * Vec3::X;
        parts.push((
            mesh(Cylinder::new(0.01, 1.4).mesh().into()),
            palette.metal.clone(),
            Transform::from_translation(
                Vec3::new(0.0, 0.0, module_z + module_len * 0.4) + dir * (module_r + 0.6),
            )
            .with_rotation(Quat::from_rotation_arc(Vec3::Y, dir)),
        ));
    }
}

/// One ring of the airlock with its section of the fabric tube; the outer end with its rim and
/// handrails.
fn airlock_parts(
    body: &SimBody,
    layout: &Layout,
    palette: &Palette,
    mesh: &mut impl FnMut(Mesh) -> Handle<Mesh>,
    parts: &mut Vec<Part>,
) {
    let (ri, ro, length) = (
        layout.airlock_inner_radius_m,
        layout.airlock_outer_radius_m,
        layout.airlock_length_m,
    );
    let sections = crate::sim::craft::airlock::SECTIONS;
    let k = match body {
        SimBody::AirlockRing(k) => usize::from(*k),
        _ => sections,
    };
    let section = length / sections as f32;
    let upright = Quat::from_rotation_x(-FRAC_PI_2);
    let rim_mesh = mesh(
        Extrusion::new(Annulus::new(layout.hatch_radius_m, ro), 0.1)
            .mesh()
            .resolution(64)
            .into(),
    );
    let ring_at = |y: f32| {
        (
            rim_mesh.clone(),
            palette.metal.clone(),
            Transform::from_xyz(0.0, y, 0.0).with_rotation(upright),
        )
    };
    if k == 0 {
        parts.push(ring_at(0.05));
    } else {
        // This ring's section of the fabric tube, hanging below it; a thin metal band
        // marks the ring itself.
        parts.push((
            mesh(
                Extrusion::new(Annulus::new(ri, ro * 0.98), section)
                    .mesh()
                    .resolution(64)
                    .into(),
            ),
            palette.insulation.clone(),
            Transform::from_xyz(0.0, (k as f32 - 0.5) * section, 0.0).with_rotation(upright),
        ));
        parts.push((
            mesh(
                Extrusion::new(Annulus::new(ro * 0.97, ro), 0.04)
                    .mesh()
                    .resolution(64)
                    .into(),
            ),
            palette.metal.clone(),
            Transform::from_xyz(0.0, k as f32 * section - 0.02, 0.0).with_rotation(upright),
        ));
    }
    if k == sections {
        parts.push(ring_at(length - 0.05));
        for hand in [crate::scenario::Hand::Left, crate::scenario::Hand::Right] {
            let (a, b) = layout.handrail_local_m(hand);
            parts.push((
                mesh(
                    Capsule3d::new(crate::sim::core::layout::HANDRAIL_RADIUS_M, a.distance(b))
                        .into(),
                ),
                palette.metal.clone(),
                Transform::from_translation((a + b) / 2.0),
            ));
        }
    }
}

/// One segment of the suited cosmonaut, with the visor on the helmet.
fn cosmonaut_parts(
    scenario: &crate::scenario::Scenario,
    segment: Segment,
    palette: &Palette,
    mesh: &mut impl FnMut(Mesh) -> Handle<Mesh>,
    parts: &mut Vec<Part>,
) {
    let figure = Figure::new(scenario);
    let spec = figure.segment(segment);
    let material = if segment == Segment::Backpack {
        palette.module.clone()
    } else {
        palette.suit.clone()
    };
    let shape: Mesh = match spec.shape {
        SegmentShape::Capsule {
            half_length_m,
            radius_m,
        } => Capsule3d::new(radius_m, 2.0 * half_length_m).into(),
        SegmentShape::Ball { radius_m } => Sphere::new(radius_m).mesh().uv(48, 24),
        SegmentShape::RoundBox {
            half_extents_m,
            border_m,
        } => Cuboid::from_size(2.0 * (half_extents_m + Vec3::splat(border_m))).into(),
    };
    parts.push((mesh(shape), material, Transform::IDENTITY));
    if let (Segment::Head, SegmentShape::Ball { radius_m }) = (segment, spec.shape) {
        // The visor faces forward (-Z).
        parts.push((
            mesh(Sphere::new(radius_m * 0.85).mesh().uv(48, 24)),
            palette.visor.clone(),
            Transform::from_xyz(0.0, 0.0, -radius_m * 0.2),
        ));
    }
}
