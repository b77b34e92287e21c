//! What can go wrong in a war or a scenario, with the fix.

use thiserror::Error;

/// A war, an optimal tariff or a scenario could not be set up or solved.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum WarError {
    /// The baseline does not fit the model (input–output links), or a policy is invalid.
    #[error(transparent)]
    Model(#[from] truce_model::ModelError),
    /// The Caliendo–Parro engine did not converge (trade balancing, or a fixed scenario).
    #[error(transparent)]
    Solve(#[from] truce_model::cp2015::SolveError),
    /// The Newton solve of the war did not converge: never a result.
    #[error(
        "the {what} did not converge: max residual {residual:.3e} after {iterations} Newton \
         iterations ({reason}); no result is reported. Try fewer players, another elasticity \
         set, or report the case"
    )]
    NotConverged {
        /// Which solve.
        what: String,
        /// Final max |F| (relative).
        residual: f64,
        /// Newton iterations made.
        iterations: usize,
        /// Why it stopped.
        reason: String,
    },
    /// A request that does not fit the data (unknown player, no USA, …), with the fix.
    #[error("{0}")]
    Usage(String),
}

impl WarError {
    /// `true` when a solver did not converge (the CLI exits with 3).
    pub fn is_not_converged(&self) -> bool {
        matches!(
            self,
            WarError::NotConverged { .. }
                | WarError::Solve(truce_model::cp2015::SolveError::NotConverged(..))
        )
    }
}
