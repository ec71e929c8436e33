//! Spawning a scenario's bodies, where they sit, and replacing them all on reload.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::anatomy::{Figure, Segment};
use super::{
    ActiveScenario, EventLog, LoadScenario, ScenarioEntity, SimClock, Telemetry, airlock, cabin,
    controller, cosmonaut, deployment, environment, hatch, spacecraft, suit, tether, timeline,
};
use crate::scenario::Scenario;

/// Which physical body an entity is; the viewer draws each kind its own way.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimBody {
    /// The capsule: descent sphere and instrument module.
    Spacecraft,
    /// The airlock's outer end: its last section, outer rim, hatch and handrails. Its frame is
    /// the airlock's: origin at the centre of the base ring when deployed, +Y along the tube.
    Airlock,
    /// One of the airlock's other rings, counted from the base ring (0) on the capsule.
    AirlockRing(u8),
    /// One of the airlock's hinged hatches.
    Hatch(super::hatch::HatchSide),
    /// One segment of the cosmonaut in his suit.
    Cosmonaut(Segment),
    /// One link of the tether chain, counted from the anchor.
    TetherSegment(u32),
    /// Something he threw (the lens cap), with its mass in grams.
    Thrown(u32),
}

/// Collision groups: what touches what.
pub mod groups {
    use bevy_rapier3d::prelude::{CollisionGroups, Group};

    /// Capsule and airlock: rigidly joined, so they never collide with each other.
    pub fn structure() -> CollisionGroups {
        CollisionGroups::new(
            Group::GROUP_1,
            Group::GROUP_2 | Group::GROUP_3 | Group::GROUP_4,
        )
    }
    /// The hatches: structure that he and thrown things meet, but the tether does not, so that
    /// the slack line lying across an opening never props a hatch open (the crew pulled it clear).
    pub fn hatch() -> CollisionGroups {
        CollisionGroups::new(Group::GROUP_1, Group::GROUP_2 | Group::GROUP_4)
    }
    /// Things he throws bounce off the structure; they leave his hand, so not off him.
    pub fn thrown() -> CollisionGroups {
        CollisionGroups::new(Group::GROUP_4, Group::GROUP_1)
    }
    /// The cosmonaut touches the structure.
    pub fn cosmonaut() -> CollisionGroups {
        CollisionGroups::new(Group::GROUP_2, Group::GROUP_1)
    }
    /// The tether's links lie on the structure and run over the hatch rim; they pass through him
    /// (it is clipped to his chest and mostly trails behind him).
    pub fn tether() -> CollisionGroups {
        CollisionGroups::new(Group::GROUP_3, Group::GROUP_1)
    }
}

/// How far the handrails' axes stand off the tube's outer wall, m: room for a gloved hand.
pub const HANDRAIL_STANDOFF_M: f32 = 0.07;
/// Radius of a handrail bar, m.
pub const HANDRAIL_RADIUS_M: f32 = 0.015;

/// Where things sit at the start, derived once from the scenario's dimensions.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct Layout {
    /// Height of the airlock's base ring above the sphere centre, m.
    pub airlock_base_y_m: f32,
    /// Tube length deployed, m.
    pub airlock_length_m: f32,
    /// Tube length stowed, m.
    pub airlock_stowed_length_m: f32,
    /// Inner radius of the tube, m.
    pub airlock_inner_radius_m: f32,
    /// Outer radius of the tube, m.
    pub airlock_outer_radius_m: f32,
    /// Radius of the hatch openings, m.
    pub hatch_radius_m: f32,
    /// Point between the cosmonaut's soles at the start, in the airlock's frame, m.
    pub cosmonaut_soles_local_m: Vec3,
    /// Harness point in the torso's frame (+Y head, -Z chest), m.
    pub harness_local_m: Vec3,
    /// Tether anchor in the anchor body's frame, m.
    pub anchor_local_m: Vec3,
}

impl Layout {
    /// The layout for a scenario.
    pub fn new(scenario: &Scenario) -> Self {
        let f = &scenario.file;
        let sphere_r = (f.spacecraft.descent_module_diameter_m / 2.0) as f32;
        let outer_r = (f.airlock.outer_diameter_m / 2.0) as f32;
        // The base ring sits on the sphere where the tube's outer wall meets it.
        let base_y = (sphere_r * sphere_r - outer_r * outer_r).max(0.0).sqrt();
        let length = f.airlock.deployed_length_m as f32;
        let height = f.cosmonaut.height_in_suit_m as f32;
        Self {
            airlock_base_y_m: base_y,
            airlock_length_m: length,
            airlock_stowed_length_m: f.airlock.stowed_length_m as f32,
            airlock_inner_radius_m: (f.airlock.inner_diameter_m / 2.0) as f32,
            airlock_outer_radius_m: outer_r,
            hatch_radius_m: (f.airlock.hatch_diameter_m / 2.0) as f32,
            // Feet clear of the inner hatch and the sphere's crown below it, head towards the outer one.
            // On the descent sphere's crown, which bulges into the tube's floor.
            cosmonaut_soles_local_m: Vec3::new(
                0.0,
                (sphere_r - base_y + 0.03).min(length - height - 0.1),
                0.0,
            ),
            harness_local_m: Figure::new(scenario).harness_local_m,
            anchor_local_m: Vec3::from_array(f.tether.anchor_offset_m.map(|v| v as f32)),
        }
    }

    /// The airlock frame's origin (centre of its base ring) in the simulation frame at the start.
    pub fn airlock_origin_m(&self) -> Vec3 {
        Vec3::new(0.0, self.airlock_base_y_m, 0.0)
    }

    /// The handrail beside the outer hatch on a hand's side, as its two ends in the airlock's
    /// frame, m: a bar along the tube, standing off its outer wall.
    pub fn handrail_local_m(&self, hand: crate::scenario::Hand) -> (Vec3, Vec3) {
        let x = match hand {
            crate::scenario::Hand::Left => -1.0,
            crate::scenario::Hand::Right => 1.0,
        } * (self.airlock_outer_radius_m + HANDRAIL_STANDOFF_M);
        (
            Vec3::new(x, self.airlock_length_m - 0.6, 0.0),
            Vec3::new(x, self.airlock_length_m - 0.15, 0.0),
        )
    }

    /// Centre of the outer hatch opening in the airlock's frame.
    pub fn outer_hatch_local_m(&self) -> Vec3 {
        Vec3::new(0.0, self.airlock_length_m, 0.0)
    }
}

/// Spawns every body of the active scenario.
pub fn spawn_scenario(mut commands: Commands, scenario: Res<ActiveScenario>) {
    spawn_all(&mut commands, &scenario.0);
}

/// Spawns the bodies and resets every per-run resource, so a reload starts from scratch.
fn spawn_all(commands: &mut Commands, scenario: &Scenario) {
    commands.insert_resource(SimClock::new(scenario));
    commands.insert_resource(EventLog::default());
    commands.insert_resource(Telemetry::default());
    commands.insert_resource(timeline::TimelineState::default());
    commands.insert_resource(controller::ControllerState::default());
    commands.insert_resource(suit::SuitState::new(scenario));
    commands.insert_resource(super::oxygen::OxygenState::new(&scenario.file.suit));
    commands.insert_resource(super::effort::SolverEffort::default());
    commands.insert_resource(super::physiology::Physiology::default());
    commands.insert_resource(super::physiology::Exertion::default());
    commands.insert_resource(super::coast::Coasting::default());
    commands.insert_resource(cosmonaut::PostureState::default());
    commands.insert_resource(ActiveScenario(scenario.clone()));
    let elements = environment::Environment::elements_for(scenario);
    commands.insert_resource(environment::Environment::at(scenario, &elements, 0.0));
    let layout = Layout::new(scenario);
    let slack = Figure::new(scenario);
    // In the cabin's air the suit hangs slack; against vacuum it is pressurised from the start.
    let pressure_kpa = if scenario.file.cosmonaut.starts_in_cabin {
        0.0
    } else {
        scenario.file.suit.pressure_kpa
    };
    let figure = super::ballooning::inflated(&slack, &scenario.file.suit, pressure_kpa);
    commands.insert_resource(super::ballooning::SlackFigure(slack));
    commands.insert_resource(super::ballooning::SuitSize {
        loaded_s: 0.0,
        stretch_kpa: pressure_kpa,
        pressure_kpa,
    });
    // With its deployment in the window, the airlock starts stowed.
    let deploys = scenario
        .file
        .events
        .iter()
        .any(|e| e.kind == crate::scenario::EventKind::AirlockDeploy);
    commands.insert_resource(deployment::Deployment::new(!deploys));
    commands.insert_resource(cabin::CabinState {
        in_cabin: scenario.file.cosmonaut.starts_in_cabin,
    });
    let craft = spacecraft::spawn(commands, scenario);
    let lock = airlock::spawn(commands, scenario, &layout, craft, !deploys);
    hatch::spawn(commands, &layout, craft, lock, !deploys);
    let torso = cosmonaut::spawn(commands, &figure, &layout);
    let anchor = match scenario.file.tether.anchor_body {
        crate::scenario::BodyId::Airlock => (lock.base, layout.airlock_origin_m()),
        crate::scenario::BodyId::Spacecraft => (craft, Vec3::ZERO),
    };
    tether::spawn(commands, scenario, &layout, anchor, torso);
    commands.insert_resource(cosmonaut::CosmonautFigure(figure));
    commands.insert_resource(layout);
}

/// Replaces the whole simulation when a new scenario is loaded.
pub fn reload_scenario(
    mut commands: Commands,
    mut requests: MessageReader<LoadScenario>,
    existing: Query<Entity, With<ScenarioEntity>>,
    mut fixed: ResMut<Time<Fixed>>,
    mut timestep: ResMut<TimestepMode>,
) {
    let Some(LoadScenario(scenario)) = requests.read().last() else {
        return;
    };
    for entity in &existing {
        commands.entity(entity).try_despawn();
    }
    let dt_s = 1.0 / scenario.file.physics.step_hz;
    fixed.set_timestep_seconds(dt_s);
    *timestep = TimestepMode::Fixed {
        dt: dt_s as f32,
        substeps: 1,
    };
    spawn_all(&mut commands, scenario);
}

/// The bodies that forces are applied to, with what it takes to apply one at a point.
pub type ForceBodies<'w, 's> = Query<
    'w,
    's,
    (
        &'static Transform,
        &'static Velocity,
        &'static ReadMassProperties,
        &'static mut ExternalForce,
    ),
>;

/// Every step starts with no applied force or impulse; each system then adds its own.
pub fn clear_applied_forces(mut bodies: Query<(&mut ExternalForce, Option<&mut ExternalImpulse>)>) {
    // Only what was set is cleared: a write marks the body changed, and every changed body is
    // handed to Rapier again at the next sync.
    for (mut force, impulse) in &mut bodies {
        force.set_if_neq(ExternalForce::default());
        if let Some(mut impulse) = impulse {
            impulse.set_if_neq(ExternalImpulse::default());
        }
    }
}
