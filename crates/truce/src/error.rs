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
    /// A global war or a US scenario (Lashkaripour 2021 model) could not be set up or solved.
    #[error(transparent)]
    War(#[from] truce_war::WarError),
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
    /// Anything else a user can fix, with the fix in the message.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// `true` when the failure is a solver that did not converge (the CLI exits with 3).
    pub fn is_not_converged(&self) -> bool {
        matches!(
            self,
            Error::Solve(truce_model::cp2015::SolveError::NotConverged(..))
                | Error::Ossa(truce_ossa::OssaError::NotConverged { .. })
        ) || matches!(self, Error::Gravity(g) if g.is_not_converged())
            || matches!(self, Error::War(w) if w.is_not_converged())
            || matches!(self, Error::Game(truce_game::CpGameError::Solve(e))
                if matches!(**e, truce_model::cp2015::SolveError::NotConverged(..)))
    }
}
