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
    /// The Newton solve of the war did not converge: never a result. The source is
    /// truce-solve's one non-convergence error (how it ended, residual, tolerance, what to
    /// try), which the CLI turns into exit code 3.
    #[error(
        "the {what} (Newton with the analytic Jacobian) did not converge; no result is reported"
    )]
    NotConverged {
        /// Which solve.
        what: String,
        /// How it ended.
        #[source]
        cause: truce_solve::NotConverged,
    },
    /// A request that does not fit the data (unknown player, no USA, …), with the fix.
    #[error("{0}")]
    Usage(String),
}

impl WarError {
    /// `true` when a solver did not converge (the CLI exits with 3): truce-solve's
    /// [`truce_solve::NotConverged`] is in the error's `source()` chain.
    pub fn is_not_converged(&self) -> bool {
        truce_solve::NotConverged::in_chain(self).is_some()
    }
}
