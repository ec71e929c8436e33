//! Errors a scenario file can have, each naming the file, line, column and (for values) the field.

use std::fmt;
use std::path::PathBuf;

/// One value that parsed but is not acceptable.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldProblem {
    /// Dotted field path, such as `tether.length_m` or `events[2].utc`.
    pub field: String,
    /// Line of the value (or of its parent when the field was omitted), from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// What is wrong and what would be accepted.
    pub message: String,
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("{}: cannot read the scenario: {source}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The text is not valid RON for the schema (syntax, unknown or missing field, wrong type).
    #[error("{}:{line}:{column}: {message}", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// The parser's explanation.
        message: String,
    },
    /// The file parsed, but values are out of range or inconsistent.
    #[error("{}", InvalidDisplay { file, problems })]
    Invalid {
        /// The file.
        file: PathBuf,
        /// Every problem found, in file order.
        problems: Vec<FieldProblem>,
    },
}

struct InvalidDisplay<'a> {
    file: &'a PathBuf,
    problems: &'a [FieldProblem],
}

impl fmt::Display for InvalidDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "{}:{}:{}: field `{}`: {}",
                self.file.display(),
                p.line,
                p.column,
                p.field,
                p.message
            )?;
        }
        Ok(())
    }
}
