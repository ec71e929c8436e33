//! What the airlock's structure presses on him: the normal contact force of the tube, its rims
//! and hatches on each of his segments in the step just solved, read from Rapier's contact
//! pairs. It shows where and how hard the rim holds him while he strains; nothing in the
//! dynamics reads it.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::sim::core::bodies::{Segment, SimBody};
use crate::sim::core::clock::SimClock;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::run::PerRunApp;
use crate::sim::core::schedule::SimStep;
use crate::sim::cosmonaut::squeeze::Squeeze;

/// The structure's push on him in the last step.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct RimContact {
    /// Each segment the structure touched, with its normal push on it (simulation frame), N.
    pub by_segment: Vec<(Segment, Vec3)>,
    /// The sum of those pushes' sizes, N.
    pub total_n: f32,
}

impl RimContact {
    /// The push on all of him together (simulation frame), N.
    pub fn net_n(&self) -> Vec3 {
        self.by_segment.iter().map(|(_, f)| *f).sum()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<RimContact>()
        .add_systems(FixedUpdate, measure.in_set(SimStep::Contacts));
}

/// The Rapier world the contact forces are read from.
type Contacts<'w, 's> = Query<
    'w,
    's,
    (
        &'static RapierContextSimulation,
        &'static RapierContextColliders,
        &'static RapierRigidBodySet,
    ),
>;

/// Sums, segment by segment in the order he is built, the normal impulses the structure gave
/// him in the step just solved.
pub fn measure(
    clock: Res<SimClock>,
    contexts: Contacts,
    bodies: Query<(Entity, &SimBody)>,
    squeeze: Res<Squeeze>,
    mut contact: ResMut<RimContact>,
    mut log: ResMut<EventLog>,
) {
    let Ok((simulation, colliders, rigid_bodies)) = contexts.single() else {
        return;
    };
    let is_structure = |other: Option<Entity>| {
        other
            .and_then(|e| bodies.get(e).ok())
            .is_some_and(|(_, b)| {
                matches!(
                    b,
                    SimBody::Airlock | SimBody::AirlockRing(_) | SimBody::Hatch(_)
                )
            })
    };
    let mut by_segment: Vec<(Segment, Vec3)> = Vec::new();
    for (entity, body) in &bodies {
        let SimBody::Cosmonaut(segment) = *body else {
            continue;
        };
        let mut impulse = Vec3::ZERO;
        for pair in simulation.contact_pairs_with(colliders, rigid_bodies, entity) {
            let Some(manifold) = pair.manifolds().next() else {
                continue;
            };
            // The summed normal impulse points from the first body towards the second: it
            // pushes the second away from the first.
            let (mine, other) = if manifold.rigid_body1() == Some(entity) {
                (-1.0, manifold.rigid_body2())
            } else {
                (1.0, manifold.rigid_body1())
            };
            if is_structure(other) {
                impulse += pair.raw.total_impulse() * mine;
            }
        }
        if impulse != Vec3::ZERO {
            by_segment.push((segment, impulse / clock.dt_s as f32));
        }
    }
    by_segment.sort_by_key(|(s, _)| Segment::ALL.iter().position(|a| a == s));
    contact.total_n = by_segment.iter().map(|(_, f)| f.length()).sum();
    contact.by_segment = by_segment;
    say_what_holds_him(&clock, &contact, &squeeze, &mut log);
}

/// When the controller logged in this step that he is stuck, says which parts the rim holds:
/// the shoulders' section it reports is not always what the rim catches.
fn say_what_holds_him(
    clock: &SimClock,
    contact: &RimContact,
    squeeze: &Squeeze,
    log: &mut EventLog,
) {
    // The controller logs before the clock advances, this after: within one step back.
    let step_began_s = clock.t_s() - 1.5 * clock.dt_s;
    let stuck_now = log
        .entries
        .iter()
        .rev()
        .take_while(|e| e.t_s >= step_began_s)
        .any(|e| matches!(e.event, SimEvent::StuckInHatch { .. }));
    if !stuck_now {
        return;
    }
    let mut parts: Vec<(Segment, f32)> = contact
        .by_segment
        .iter()
        .map(|(s, f)| (*s, f.length()))
        .collect();
    parts.sort_by(|a, b| b.1.total_cmp(&a.1));
    parts.truncate(3);
    if !parts.is_empty() || squeeze.hold_n > 0.0 {
        let event = SimEvent::HeldByRim {
            squeeze_n: squeeze.applied_n,
            squeeze_hold_n: squeeze.hold_n,
            parts,
        };
        log.push(clock.t_s(), clock.utc(), event);
    }
}
