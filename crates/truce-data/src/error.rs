//! Data errors: every message names the file, the row, the column, the value and the fix.

use std::path::{Path, PathBuf};
use thiserror::Error;
use truce_model::ModelError;

/// What went wrong reading or validating a data file.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum DataErrorKind {
    /// The file or directory could not be read.
    #[error("cannot read: {0}")]
    Io(String),
    /// A cell is not a number.
    #[error("`{value}` is not a number")]
    NotANumber {
        /// The cell text.
        value: String,
    },
    /// A number is NaN or infinite.
    #[error("`{value}` is not finite")]
    NonFinite {
        /// The cell text.
        value: String,
    },
    /// A value breaks a rule.
    #[error("{value}: {problem}")]
    BadValue {
        /// The value, printed.
        value: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
    /// Wrong number of rows or columns.
    #[error("expected {expected}, found {found}")]
    Shape {
        /// What the reader expected.
        expected: String,
        /// What it found.
        found: String,
    },
    /// The assembled baseline failed the model's validation.
    #[error("{0}")]
    Model(ModelError),
}

/// An error tied to a file and, where it applies, a 1-based row and column.
#[derive(Debug, Clone, PartialEq, Error)]
pub struct DataError {
    /// The file (or directory) concerned.
    pub file: PathBuf,
    /// 1-based row, counting every line of the file.
    pub row: Option<usize>,
    /// 1-based column, or a column name.
    pub column: Option<String>,
    /// What went wrong.
    pub kind: DataErrorKind,
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl DataError {
    /// An error about a whole file.
    pub fn file(file: &Path, kind: DataErrorKind) -> Self {
        Self {
            file: file.to_path_buf(),
            row: None,
            column: None,
            kind,
        }
    }
    /// An error at a cell.
    pub fn cell(file: &Path, row: usize, column: impl ToString, kind: DataErrorKind) -> Self {
        Self {
            file: file.to_path_buf(),
            row: Some(row),
            column: Some(column.to_string()),
            kind,
        }
    }
    /// A value-rule error at a cell.
    pub fn bad_value(
        file: &Path,
        row: usize,
        column: impl ToString,
        value: impl ToString,
        problem: impl Into<String>,
    ) -> Self {
        Self::cell(
            file,
            row,
            column,
            DataErrorKind::BadValue {
                value: value.to_string(),
                problem: problem.into(),
            },
        )
    }
}
