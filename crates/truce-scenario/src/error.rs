//! Errors in scenario files: where (file, line, column), what, and how to fix it.

use thiserror::Error;

/// What kind of mistake a scenario file holds (stable, for tests and scripts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// Not valid TOML.
    Syntax,
    /// A key the schema does not know.
    UnknownKey,
    /// A required key is missing.
    MissingKey,
    /// A value of the wrong type or form (text where a number is needed, a bad date).
    BadValue,
    /// A country code the dataset does not have.
    UnknownCountry,
    /// A sector code the dataset does not have.
    UnknownSector,
    /// An instrument name truce does not know.
    UnknownInstrument,
    /// Two keys that cannot be used together, or none of a required set.
    Conflict,
    /// A rate, share or factor outside what is allowed.
    OutOfRange,
    /// Two measures or steps with the same id or name.
    Duplicate,
    /// A step names a measure that does not exist.
    UnknownMeasure,
    /// `--relative-to` (or a reference) names a step that does not exist.
    UnknownStep,
    /// A dataset name or path that cannot be resolved.
    UnknownDataset,
    /// A product group, schedule date or record name the record does not have.
    UnknownRecordItem,
    /// A measure that cannot apply (a country taxing itself, a non-traded sector, no trade to
    /// size a share from).
    NotApplicable,
}

/// A scenario file is wrong. `Display` reads `FILE:LINE:COL: message`, and the message says
/// what would fix it.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{}{}", location(.file, .line, .column), .message)]
pub struct ScenarioError {
    /// The file (or `<string>` for text given directly).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What went wrong.
    pub kind: ErrorKind,
    /// The message, with the fix.
    pub message: String,
}

fn location(file: &str, line: &Option<usize>, column: &Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}: "),
        (Some(l), None) => format!("{file}:{l}: "),
        _ => format!("{file}: "),
    }
}

/// Byte offset → (line, column), both 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }
    pub(crate) fn locate(&self, offset: usize) -> (usize, usize) {
        let line = match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        (line + 1, offset - self.starts[line] + 1)
    }
}

/// Where a value sits in its file, kept so that errors found later (against a dataset) still
/// name the line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// File name.
    pub file: String,
    /// 1-based line (0 when unknown, e.g. for values built in code).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Origin {
    /// An error at this place.
    pub fn error(&self, kind: ErrorKind, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            file: self.file.clone(),
            line: (self.line > 0).then_some(self.line),
            column: (self.line > 0).then_some(self.column),
            kind,
            message: message.into(),
        }
    }
}
