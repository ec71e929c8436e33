//! Where he is relative to the airlock, as the detection step found it at the end of the last
//! step: the one measurement the dynamics may read (his heart answers open space).

use bevy::prelude::*;

use super::run::PerRunApp;

/// Where he is, from the detection step.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Whereabouts {
    /// Whether he is wholly inside the airlock's tube (`None` in the cabin, or before the first
    /// detection).
    pub wholly_inside: Option<bool>,
    /// No part of him in the tube or its mouth (with 5 cm of hysteresis either way).
    pub clear: bool,
    /// Length of the tether's path from anchor to harness, m (0 in the cabin).
    pub tether_distance_m: f64,
    /// The tether counts as taut (it stays so until it slackens below 98 % of its length).
    pub tether_taut: bool,
    /// He has been out of the tube at some point of the run.
    pub has_left_tube: bool,
    /// He has been clear of the airlock at some point of the run.
    pub has_been_clear: bool,
    /// The detection step has said what holds the outer hatch open.
    pub hatch_block_reported: bool,
}

pub(super) fn plugin(app: &mut App) {
    app.init_per_run_default::<Whereabouts>();
}
