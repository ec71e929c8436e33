//! The one integration-test binary: every test module links Bevy once, here.

mod cosmonaut;
mod headless;
mod orbit;
mod physics;
mod render;
mod scenarios;

use std::path::{Path, PathBuf};

/// A path inside the project.
pub fn project_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The historical scenario.
pub fn historical() -> spacewalk::scenario::Scenario {
    spacewalk::scenario::Scenario::load(project_path("scenarios/voskhod2.ron"))
        .expect("the historical scenario loads")
}
