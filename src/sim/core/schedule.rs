//! The order of one fixed step, declared once, and the scenario every system reads.

use bevy::prelude::*;

use crate::scenario::Scenario;

/// The scenario being simulated. Replacing it (see [`LoadScenario`]) respawns everything.
#[derive(Resource, Clone, Debug)]
pub struct ActiveScenario(pub Scenario);

/// Ask the simulation to drop everything and start over from this scenario.
#[derive(Message, Clone, Debug)]
pub struct LoadScenario(pub Scenario);

/// Marks every entity a scenario spawned, so a reload is one despawn and one spawn.
#[derive(Component, Clone, Copy, Debug)]
pub struct ScenarioEntity;

/// Where a new scenario replaces the running one (in `PreUpdate`): whatever acts on the
/// freshly loaded run orders itself after this set.
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LoadSet;

/// The phases of one fixed step, in order. Rapier's sync, step and write-back run between
/// [`SimSet::Suit`] and [`SimSet::Clock`].
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SimSet {
    /// Applied loads are cleared; orbit, Earth and Sun move to the current instant.
    Environment,
    /// Recorded events fire; hatches, the cabin and the airlock follow them.
    Timeline,
    /// The cosmonaut's current action, the capsule's attitude hold and the tether become loads.
    Controller,
    /// Tidal (Clohessy-Wiltshire) forces join the applied ones.
    RelativeMotion,
    /// Suit pressure, oxygen, ballooning, muscles, solver effort and physiology.
    Suit,
    /// Simulated time advances by one step (after Rapier's step).
    Clock,
    /// Where he is, joint gaps and telemetry, read from the new state.
    Measure,
}

/// The steps inside the phases, in order: each system sits in one, so no module orders itself
/// by another module's systems.
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SimStep {
    /// Every body's applied force and impulse back to zero.
    ClearLoads,
    /// Orbit, Earth and Sun at the current instant.
    Environment,
    /// Recorded events whose time has come fire.
    FireEvents,
    /// The airlock's air vents or refills.
    Vent,
    /// Hatches swing towards what was ordered.
    MoveHatches,
    /// His bodies leave or rejoin the simulation as he moves between cabin and airlock.
    MoveCabin,
    /// The airlock deploys, or is cast off.
    Deploy,
    /// Whether this step can coast (nothing can move).
    Coast,
    /// The cosmonaut's action becomes forces and torques.
    Act,
    /// The capsule holds its attitude.
    HoldAttitude,
    /// The tether pulls where it is stretched.
    PullTether,
    /// Hill terms.
    Hill,
    /// The suit's valve moves the pressure.
    Valve,
    /// He breathes the suit's oxygen.
    Breathe,
    /// The suit balloons to its pressure.
    Balloon,
    /// His muscles drive his joints towards his posture.
    Muscles,
    /// The hatch's rim squeezes the ballooned suit and holds it along the tube.
    Squeeze,
    /// Solver effort for the step, and his body's response to the work.
    Respond,
    /// The clock advances.
    Advance,
    /// Where he is relative to the airlock; what the solver's joints and his muscles did.
    Detect,
    /// What the structure pressed on him in the step, and what holds him when he is stuck.
    Contacts,
    /// The telemetry row.
    Record,
}

/// Declares the phases and steps in their order, around Rapier's sets.
pub fn configure(app: &mut App) {
    use bevy_rapier3d::prelude::PhysicsSet;
    app.configure_sets(
        FixedUpdate,
        (
            SimSet::Environment,
            SimSet::Timeline,
            SimSet::Controller,
            SimSet::RelativeMotion,
            SimSet::Suit,
        )
            .chain()
            .before(PhysicsSet::SyncBackend),
    )
    .configure_sets(
        FixedUpdate,
        (SimSet::Clock, SimSet::Measure)
            .chain()
            .after(PhysicsSet::Writeback),
    );
    let steps = [
        (
            SimSet::Environment,
            &[SimStep::ClearLoads, SimStep::Environment][..],
        ),
        (
            SimSet::Timeline,
            &[
                SimStep::FireEvents,
                SimStep::Vent,
                SimStep::MoveHatches,
                SimStep::MoveCabin,
                SimStep::Deploy,
                SimStep::Coast,
            ][..],
        ),
        (
            SimSet::Controller,
            &[SimStep::Act, SimStep::HoldAttitude, SimStep::PullTether][..],
        ),
        (SimSet::RelativeMotion, &[SimStep::Hill][..]),
        (
            SimSet::Suit,
            &[
                SimStep::Valve,
                SimStep::Breathe,
                SimStep::Balloon,
                SimStep::Muscles,
                SimStep::Squeeze,
                SimStep::Respond,
            ][..],
        ),
        (SimSet::Clock, &[SimStep::Advance][..]),
        (
            SimSet::Measure,
            &[SimStep::Detect, SimStep::Contacts, SimStep::Record][..],
        ),
    ];
    for (phase, inside) in steps {
        for &step in inside {
            app.configure_sets(FixedUpdate, step.in_set(phase));
        }
        for pair in inside.windows(2) {
            app.configure_sets(FixedUpdate, pair[0].before(pair[1]));
        }
    }
}
