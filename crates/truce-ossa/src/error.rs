//! Errors a user can cause: an inconsistent state, a bad tariff cube, a solve that fails.

use thiserror::Error;

/// What went wrong building a state, checking tariffs or solving the equilibrium.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum OssaError {
    /// A value of a state or a counterfactual breaks a rule of the model.
    #[error("{field} at {location} = {value}: {problem}")]
    Invalid {
        /// Field, e.g. `trade`, `tariff`, `sigma`, `lambda`.
        field: String,
        /// The cell, by region and industry codes (or "(whole array)").
        location: String,
        /// The value, printed.
        value: String,
        /// What is wrong and what would fix it.
        problem: String,
    },
    /// Newton's method did not reach an equilibrium (the diagnostics are the source).
    #[error("the Ossa (2014) equilibrium (Newton's method) did not converge")]
    NotConverged(#[from] truce_solve::NotConverged),
}

impl OssaError {
    pub(crate) fn invalid(
        field: impl Into<String>,
        location: impl Into<String>,
        value: impl std::fmt::Display,
        problem: impl Into<String>,
    ) -> Self {
        OssaError::Invalid {
            field: field.into(),
            location: location.into(),
            value: value.to_string(),
            problem: problem.into(),
        }
    }
}
