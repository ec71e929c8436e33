//! spacewalk: Alexei Leonov's first spacewalk (Voskhod-2, 18 March 1965) rebuilt in 3D with real physics.
//!
//! Layers, each using only those above it: [`scenario`] (the file format), [`sim`] (the headless
//! simulation, [`sim::SimPlugin`]), [`stars`] (the star catalogue), [`headless`] (runs without a window), [`sweep`] (variants in parallel), [`view`] (the viewer on top
//! of the simulation), [`cli`] (the command line).

pub mod bench;
pub mod cli;
pub mod explain;
pub mod headless;
pub mod output;
pub mod scenario;
pub mod sim;
pub mod stars;
pub mod sweep;
pub mod view;
