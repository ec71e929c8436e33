//! Scenario files: the RON schema, its validation into a checked [`Scenario`], and loading.
//!
//! Knows nothing of Bevy systems or Rapier: the simulation takes a [`Scenario`] and spawns from it.

pub mod error;
pub mod locate;
pub mod schema;
pub mod time;
pub mod validate;

use std::path::{Path, PathBuf};

use hifitime::Epoch;

pub use error::{FieldProblem, ScenarioError};
pub use schema::*;

/// The historical flight, loaded when no scenario is named.
pub const DEFAULT_SCENARIO_PATH: &str = "scenarios/voskhod2.ron";

/// A recorded event, timed from the start of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedEvent {
    /// Seconds after the window start.
    pub t_s: f64,
    /// When, UTC.
    pub utc: Epoch,
    /// What happened.
    pub kind: EventKind,
    /// Log text.
    pub note: String,
}

/// A cosmonaut action, timed from the start of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedAction {
    /// Seconds after the window start.
    pub t_s: f64,
    /// What he does from then on.
    pub action: Action,
}

/// A scenario that parsed and passed every check: what the simulation spawns from.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The file it came from (or a label for text given directly).
    pub source: PathBuf,
    /// The values as written, all within their accepted ranges.
    pub file: ScenarioFile,
    /// Window start.
    pub start: Epoch,
    /// Window end.
    pub end: Epoch,
    /// Launch, for the orbit.
    pub launch: Epoch,
    /// The recorded timeline.
    pub events: Vec<TimedEvent>,
    /// The cosmonaut's actions.
    pub actions: Vec<TimedAction>,
}

/// Scenario text without the byte-order mark some editors open UTF-8 files with: it is not
/// part of the text, and error positions count from after it.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The largest scenario file read, bytes: the shipped ones are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

impl Scenario {
    /// Length of the simulated window, seconds.
    pub fn duration_s(&self) -> f64 {
        (self.end - self.start).to_seconds()
    }

    /// The UTC time `t_s` seconds after the window start.
    pub fn utc_at(&self, t_s: f64) -> Epoch {
        self.start + hifitime::Duration::from_seconds(t_s)
    }

    /// Reads, parses and checks a scenario file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ScenarioError> {
        let path = path.as_ref();
        let io = |source| ScenarioError::Io {
            file: path.to_path_buf(),
            source,
        };
        // A FIFO or device would block or never end; only a plain file of a sane size is read.
        let meta = std::fs::metadata(path).map_err(io)?;
        if !meta.is_file() {
            return Err(io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a plain file (a folder, FIFO or device)",
            )));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{} bytes; a scenario file may be at most {MAX_FILE_BYTES} bytes",
                    meta.len()
                ),
            )));
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        Self::from_ron(&text, path)
    }

    /// Parses and checks scenario text; `source` names it in errors.
    pub fn from_ron(text: &str, source: impl AsRef<Path>) -> Result<Self, ScenarioError> {
        let source = source.as_ref().to_path_buf();
        let text = without_bom(text);
        let file: ScenarioFile =
            ron::Options::default()
                .from_str(text)
                .map_err(|e| ScenarioError::Syntax {
                    file: source.clone(),
                    line: e.span.start.line,
                    column: e.span.start.col,
                    message: e.code.to_string(),
                })?;
        Self::from_file(file, text, source)
    }

    /// Checks an already parsed file; `text` is its source, used to locate problems.
    pub fn from_file(
        file: ScenarioFile,
        text: &str,
        source: PathBuf,
    ) -> Result<Self, ScenarioError> {
        let mut checker = validate::Checker::new(text);
        let times = validate::check(&file, &mut checker);
        let mut problems = checker.into_problems();
        let Some(times) = times.filter(|_| problems.is_empty()) else {
            problems.sort_by_key(|p| (p.line, p.column));
            return Err(ScenarioError::Invalid {
                file: source,
                problems,
            });
        };
        let events = file
            .events
            .iter()
            .zip(&times.events)
            .map(|(e, t_s)| TimedEvent {
                t_s: *t_s,
                utc: times.start + hifitime::Duration::from_seconds(*t_s),
                kind: e.kind,
                note: e.note.clone(),
            })
            .collect();
        let actions = file
            .actions
            .iter()
            .zip(&times.actions)
            .map(|(a, t_s)| TimedAction {
                t_s: *t_s,
                action: a.action.clone(),
            })
            .collect();
        Ok(Self {
            source,
            start: times.start,
            end: times.end,
            launch: times.launch,
            events,
            actions,
            file,
        })
    }

    /// The camera viewpoint with this name.
    pub fn camera(&self, name: &str) -> Option<&CameraSpec> {
        self.file.cameras.iter().find(|c| c.name == name)
    }
}
