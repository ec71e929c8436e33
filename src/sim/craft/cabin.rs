//! Whether the cosmonaut is in the cabin or in the airlock. In the cabin he and his tether are
//! out of the simulation (their bodies disabled), so the airlock can deploy or be cast off round
//! the space he would fill.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::scenario::Scenario;
use crate::sim::core::bodies::SimBody;
use crate::sim::core::clock::SimClock;
use crate::sim::core::events::{EventLog, SimEvent};
use crate::sim::core::run::{PerRun, PerRunApp};
use crate::sim::core::schedule::SimStep;

/// Where he is.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct CabinState {
    /// He is in the cabin, not in the airlock or outside.
    pub in_cabin: bool,
}

impl PerRun for CabinState {
    fn for_run(scenario: &Scenario) -> Self {
        Self {
            in_cabin: scenario.file.cosmonaut.starts_in_cabin,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run::<CabinState>()
        .add_systems(FixedUpdate, move_between.in_set(SimStep::MoveCabin));
}

/// Takes his bodies and the tether's in or out of the simulation when he changes place.
pub fn move_between(
    mut commands: Commands,
    clock: Res<SimClock>,
    cabin: Res<CabinState>,
    mut log: ResMut<EventLog>,
    bodies: Query<(Entity, &SimBody)>,
) {
    if !cabin.is_changed() {
        return;
    }
    for (entity, body) in &bodies {
        if matches!(body, SimBody::Cosmonaut(_) | SimBody::TetherSegment(_)) {
            if cabin.in_cabin {
                commands.entity(entity).insert(RigidBodyDisabled);
            } else {
                // Disabled from the start, a body was never weighed: new additional mass (none)
                // makes the physics weigh it now.
                commands
                    .entity(entity)
                    .remove::<RigidBodyDisabled>()
                    .insert(AdditionalMassProperties::Mass(0.0));
            }
        }
    }
    // The first step only applies where he starts; later changes are news.
    if clock.step > 0 {
        let event = SimEvent::Cabin {
            in_cabin: cabin.in_cabin,
        };
        log.push(clock.t_s(), clock.utc(), event);
    }
}
