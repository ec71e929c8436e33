//! Per-run state: every resource that belongs to one run of a scenario, registered once by the
//! domain that owns it, so starting a run, reloading and restarting reach all of it without a
//! list to keep in step.

use bevy::prelude::*;

use crate::scenario::Scenario;

/// A resource that belongs to one run: built afresh from the scenario whenever a run starts.
pub trait PerRun: Resource + Clone + PartialEq + Sized {
    /// The state at the start of a run of `scenario`.
    fn for_run(scenario: &Scenario) -> Self;
}

/// One registered resource: how to start it, and whether it is as it starts.
#[derive(Clone)]
struct Entry {
    name: &'static str,
    start: std::sync::Arc<dyn Fn(&mut Commands, &Scenario) + Send + Sync>,
    is_fresh: std::sync::Arc<dyn Fn(&World, &Scenario) -> bool + Send + Sync>,
}

/// Every per-run resource, in the order the domains registered them.
#[derive(Resource, Clone, Default)]
pub struct PerRunRegistry {
    entries: Vec<Entry>,
}

impl PerRunRegistry {
    /// Inserts every registered resource as it is at the start of a run of `scenario`.
    pub fn start(&self, commands: &mut Commands, scenario: &Scenario) {
        for entry in &self.entries {
            (entry.start)(commands, scenario);
        }
    }

    /// The type names of the registered resources, in registration order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|e| e.name)
    }

    /// The registered resources that differ from how a run of `scenario` starts (or are
    /// missing), by type name.
    pub fn changed(&self, world: &World, scenario: &Scenario) -> Vec<&'static str> {
        self.entries
            .iter()
            .filter(|e| !(e.is_fresh)(world, scenario))
            .map(|e| e.name)
            .collect()
    }
}

/// Registering per-run resources on an app.
pub trait PerRunApp {
    /// Makes `R` per-run: inserted at every start of a run, built from the scenario.
    fn init_per_run<R: PerRun>(&mut self) -> &mut Self;

    /// Makes `R` per-run, starting every run at its default.
    fn init_per_run_default<R: Resource + Default + Clone + PartialEq>(&mut self) -> &mut Self;
}

impl PerRunApp for App {
    fn init_per_run<R: PerRun>(&mut self) -> &mut Self {
        register::<R>(self, R::for_run)
    }

    fn init_per_run_default<R: Resource + Default + Clone + PartialEq>(&mut self) -> &mut Self {
        register::<R>(self, |_| R::default())
    }
}

/// Registers `R`, built for a run by `build` (once, however often it is asked).
fn register<R: Resource + PartialEq>(app: &mut App, build: fn(&Scenario) -> R) -> &mut App {
    let mut registry = app.world_mut().get_resource_or_init::<PerRunRegistry>();
    let name = std::any::type_name::<R>();
    if registry.entries.iter().all(|e| e.name != name) {
        registry.entries.push(Entry {
            name,
            start: std::sync::Arc::new(move |commands: &mut Commands, scenario: &Scenario| {
                commands.insert_resource(build(scenario));
            }),
            is_fresh: std::sync::Arc::new(move |world: &World, scenario: &Scenario| {
                world
                    .get_resource::<R>()
                    .is_some_and(|r| *r == build(scenario))
            }),
        });
    }
    app
}
