//! The airlock frame and where things sit in it, derived once from the scenario's dimensions.

use bevy::prelude::*;

use crate::scenario::Scenario;

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

impl super::run::PerRun for Layout {
    fn for_run(scenario: &Scenario) -> Self {
        Self::new(scenario)
    }
}

pub(super) fn plugin(app: &mut App) {
    use super::run::PerRunApp;
    app.init_per_run::<Layout>();
}
