//! The state the measurements read after a step: the tether's ends, the airlock, and his whole
//! body, or nothing while part of the picture is missing.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_rapier3d::prelude::{ReadMassProperties, Velocity};

use crate::sim::core::bodies::SimBody;
use crate::sim::core::layout::Layout;
use crate::sim::cosmonaut::anatomy::CosmonautFigure;
use crate::sim::cosmonaut::body::{WholeBody, bounding_capsules, whole_body};
use crate::sim::craft::cabin::CabinState;
use crate::sim::craft::tether::TetherRope;

/// The bodies a measurement reads.
pub type BodyQuery<'w, 's> = Query<
    'w,
    's,
    (
        &'static SimBody,
        &'static Transform,
        &'static Velocity,
        &'static ReadMassProperties,
    ),
>;

/// What every measurement reads.
#[derive(SystemParam)]
pub struct Scene<'w, 's> {
    /// The airlock frame's layout.
    pub layout: Res<'w, Layout>,
    /// His figure as the suit has ballooned it.
    pub figure: Res<'w, CosmonautFigure>,
    /// Whether he is in the cabin.
    pub cabin: Res<'w, CabinState>,
    /// The tether's load path.
    pub ropes: Query<'w, 's, &'static TetherRope>,
    /// Every body.
    pub bodies: BodyQuery<'w, 's>,
}

/// The scene after a step.
pub struct Snapshot<'a> {
    /// The tether's load path.
    pub rope: &'a TetherRope,
    /// The body wearing the harness.
    pub harness_body: &'a Transform,
    /// The body the tether is anchored to.
    pub anchor_body: &'a Transform,
    /// The airlock's outer end.
    pub airlock: &'a Transform,
    /// Its velocity.
    pub airlock_velocity: &'a Velocity,
    /// The airlock's base ring.
    pub base_ring: &'a Transform,
    /// His whole body (`None` in the cabin, where his bodies are out of the simulation).
    pub whole: Option<WholeBody>,
}

impl Scene<'_, '_> {
    /// The scene now, or `None` while a body is missing (or, out of the cabin, his body has no
    /// mass yet).
    pub fn snapshot(&self) -> Option<Snapshot<'_>> {
        let rope = self.ropes.single().ok()?;
        let (_, harness_body, _, _) = self.bodies.get(rope.harness_body).ok()?;
        let (_, anchor_body, _, _) = self.bodies.get(rope.anchor_body).ok()?;
        let find = |wanted: SimBody| self.bodies.iter().find(|(b, ..)| **b == wanted);
        let (_, airlock, airlock_velocity, _) = find(SimBody::Airlock)?;
        let (_, base_ring, _, _) = find(SimBody::AirlockRing(0))?;
        let whole = whole_body(self.segments());
        if whole.is_none() && !self.cabin.in_cabin {
            return None;
        }
        Some(Snapshot {
            rope,
            harness_body,
            anchor_body,
            airlock,
            airlock_velocity,
            base_ring,
            whole,
        })
    }

    /// His segments with their state.
    pub fn segments(
        &self,
    ) -> impl Iterator<
        Item = (
            crate::sim::core::bodies::Segment,
            &Transform,
            &Velocity,
            &ReadMassProperties,
        ),
    > {
        self.bodies.iter().filter_map(|(body, t, v, m)| match body {
            SimBody::Cosmonaut(segment) => Some((*segment, t, v, m)),
            _ => None,
        })
    }

    /// Each of his segments as a capsule enclosing it, in the airlock's frame.
    pub fn capsules_in_airlock(&self, airlock: &Transform) -> Vec<(Vec3, Vec3, f32)> {
        let to_local = airlock.compute_affine().inverse();
        bounding_capsules(&self.figure.0, self.segments().map(|(s, t, _, _)| (s, t)))
            .into_iter()
            .map(|(a, b, r)| {
                (
                    to_local.transform_point3(a),
                    to_local.transform_point3(b),
                    r,
                )
            })
            .collect()
    }
}
