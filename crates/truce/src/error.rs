//! The facade's error: which layer failed, with its own message.

use thiserror::Error;

/// A pipeline failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// A data file is missing or invalid.
    #[error(transparent)]
    Data(#[from] truce_data::DataError),
    /// A baseline or policy is invalid.
    #[error(transparent)]
    Model(#[from] truce_model::ModelError),
    /// The solver did not converge.
    #[error(transparent)]
    Solve(#[from] truce_model::cp2015::SolveError),
    /// The Ossa (2014) model rejected an input or did not solve.
    #[error(transparent)]
    Ossa(#[from] truce_ossa::OssaError),
    /// A game on the Caliendo–Parro engine could not be set up or solved.
    #[error(transparent)]
    Game(#[from] truce_game::CpGameError),
    /// A gravity panel is invalid, or a levels-mode solve did not converge.
    #[error(transparent)]
    Gravity(#[from] truce_gravity::GravityError),
    /// A scenario file is invalid (the message names file, line and fix).
    #[error(transparent)]
    Scenario(#[from] truce_scenario::ScenarioError),
    /// A chart could not be drawn.
    #[error(transparent)]
    Plot(#[from] truce_plot::PlotError),
    /// An output file could not be written.
    #[error(transparent)]
    Write(#[from] truce_report::WriteError),
    /// A game (a Nash war, optimal tariffs, a cooperative or bargaining search) did not
    /// converge; the source says how it ended, with its residual, and what to try.
    #[error("{what} did not converge")]
    NotConverged {
        /// What was being solved, e.g. "the Nash tariff war of USA and CHN".
        what: String,
        /// truce-solve's one non-convergence error.
        #[source]
        cause: truce_solve::NotConverged,
    },
    /// Anything else a user can fix, with the fix in the message.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// `true` when the failure is a solve that did not converge, of an equilibrium or of a game
    /// (the CLI exits with 3): truce-solve's [`truce_solve::NotConverged`] is in the error's
    /// `source()` chain. Every library reports non-convergence through that one type, so no
    /// list of variants is kept here.
    pub fn is_not_converged(&self) -> bool {
        truce_solve::NotConverged::in_chain(self).is_some()
    }

    /// The game-level non-convergence of `what`.
    pub(crate) fn not_converged(
        what: impl Into<String>,
    ) -> impl FnOnce(truce_solve::NotConverged) -> Self {
        let what = what.into();
        move |cause| Error::NotConverged { what, cause }
    }
}
