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

/// The historical flight's file as shipped, built into the program: what the viewer shows while
/// the file it was asked for cannot be loaded, wherever it runs.
pub const BUILT_IN_TEXT: &str = include_str!("../../scenarios/voskhod2.ron");

/// The parser's message in plain words, with the line it stopped on, so that the field is
/// named even where the parser only says what character it expected.
fn syntax_message(parser: &str, text: &str, line: usize) -> String {
    let parser = if parser.starts_with("Exceeded recursion limit") {
        "brackets nested too deeply (a scenario needs a few levels)".to_string()
    } else {
        parser.to_string()
    };
    match text.lines().nth(line.saturating_sub(1)).map(str::trim) {
        Some(here) if !here.is_empty() => {
            let here: String = here.chars().take(100).collect();
            format!("{parser}, in `{here}`")
        }
        _ => parser,
    }
}

/// The error for a file that is not UTF-8 text, at the first byte that cannot be read.
fn not_utf8(path: &Path, error: std::string::FromUtf8Error) -> ScenarioError {
    let good = &error.as_bytes()[..error.utf8_error().valid_up_to()];
    let line = good.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
    let byte = error.as_bytes()[good.len()];
    ScenarioError::Syntax {
        file: path.to_path_buf(),
        line,
        column,
        message: format!("byte 0x{byte:02X} is not UTF-8 text; save the file as UTF-8"),
    }
}

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
        let bytes = std::fs::read(path).map_err(io)?;
        let text = String::from_utf8(bytes).map_err(|e| not_utf8(path, e))?;
        Self::from_ron(&text, path)
    }

    /// The historical flight as built into the program ([`BUILT_IN_TEXT`]), named by the path
    /// it ships at.
    pub fn built_in() -> Result<Self, ScenarioError> {
        Self::from_ron(BUILT_IN_TEXT, DEFAULT_SCENARIO_PATH)
    }

    /// Parses and checks scenario text; `source` names it in errors.
    pub fn from_ron(text: &str, source: impl AsRef<Path>) -> Result<Self, ScenarioError> {
        let source = source.as_ref().to_path_buf();
        let text = without_bom(text);
        // Old Mac line endings (a lone CR) would make the whole file one line, and one comment.
        let unix;
        let text = if text.contains('\r') && !text.contains('\n') {
            unix = text.replace('\r', "\n");
            unix.as_str()
        } else {
            text
        };
        let file: ScenarioFile =
            ron::Options::default()
                .from_str(text)
                .map_err(|e| ScenarioError::Syntax {
                    file: source.clone(),
                    line: e.span.start.line,
                    column: e.span.start.col,
                    message: syntax_message(&e.code.to_string(), text, e.span.start.line),
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
