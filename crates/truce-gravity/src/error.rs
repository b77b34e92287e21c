//! Errors a user can cause: a bad panel file, a bad model specification, a solver that did not
//! converge.

use std::path::{Path, PathBuf};
use thiserror::Error;

/// A gravity panel file is missing, malformed or inconsistent.
///
/// The message names the file, the 1-based row (counting the header as row 1), the column, the
/// offending value and what would fix it, in the same shape as `truce_data::DataError`:
/// `data.csv, row 17, column trade: -3: trade flows must be finite and non-negative`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct PanelError {
    /// The file.
    pub file: PathBuf,
    /// 1-based row (the header is row 1), where one applies.
    pub row: Option<usize>,
    /// Column name, where one applies.
    pub column: Option<String>,
    /// The offending value, printed (empty when the problem is a missing thing).
    pub value: String,
    /// What is wrong and how to fix it.
    pub problem: String,
}

impl std::fmt::Display for PanelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        if self.value.is_empty() {
            write!(f, ": {}", self.problem)
        } else {
            write!(f, ": `{}`: {}", self.value, self.problem)
        }
    }
}

impl PanelError {
    /// An error about the whole file.
    pub(crate) fn file(file: &Path, value: impl ToString, problem: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            row: None,
            column: None,
            value: value.to_string(),
            problem: problem.into(),
        }
    }

    /// An error about one column of the file.
    pub(crate) fn column(
        file: &Path,
        column: &str,
        value: impl ToString,
        problem: impl Into<String>,
    ) -> Self {
        Self {
            column: Some(column.to_string()),
            ..Self::file(file, value, problem)
        }
    }

    /// An error at one cell.
    pub(crate) fn cell(
        file: &Path,
        row: usize,
        column: &str,
        value: impl ToString,
        problem: impl Into<String>,
    ) -> Self {
        Self {
            row: Some(row),
            column: Some(column.to_string()),
            ..Self::file(file, value, problem)
        }
    }
}

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum GravityError {
    /// The panel file is missing, malformed or inconsistent.
    #[error(transparent)]
    Panel(#[from] PanelError),
    /// A model setting is invalid (σ ≤ 1, an unknown reference importer, a non-finite
    /// coefficient, …).
    #[error("{field} = {value}: {problem}")]
    Invalid {
        /// The setting.
        field: String,
        /// Its value, printed.
        value: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
    /// The baseline assembled from the panel failed the model's validation.
    #[error(transparent)]
    Model(Box<truce_model::ModelError>),
    /// A multilateral-resistance system did not converge (the diagnostics are the source).
    #[error("the multilateral-resistance solver ({stage}) did not converge")]
    NotConverged {
        /// `baseline` or `counterfactual`.
        stage: &'static str,
        /// How the solve ended, its residual and what to try.
        #[source]
        cause: truce_solve::NotConverged,
    },
}

impl From<truce_model::ModelError> for GravityError {
    fn from(e: truce_model::ModelError) -> Self {
        GravityError::Model(Box::new(e))
    }
}

impl GravityError {
    pub(crate) fn invalid(
        field: impl Into<String>,
        value: impl ToString,
        problem: impl Into<String>,
    ) -> Self {
        GravityError::Invalid {
            field: field.into(),
            value: value.to_string(),
            problem: problem.into(),
        }
    }

    /// `true` when the failure is a solver that did not converge.
    pub fn is_not_converged(&self) -> bool {
        matches!(self, GravityError::NotConverged { .. })
    }
}
