//! How a solve ended, as a value.

use std::fmt;
use std::time::Duration;

/// A non-finite value met while evaluating a map: which variable and which flat index.
///
/// Model code returns this from [`crate::FixedPoint::eval`] when a NaN or infinity appears, so
/// that the driver ends the solve with [`Termination::NonFinite`] instead of carrying the NaN on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonFinite {
    /// The variable's name in the paper's notation, e.g. `"w_hat"` or `"P_hat[n][j]"`.
    pub variable: String,
    /// Flat index into that variable (the model documents its layout).
    pub index: usize,
}

impl NonFinite {
    /// Build a `NonFinite` for `variable` at `index`.
    pub fn new(variable: impl Into<String>, index: usize) -> Self {
        Self {
            variable: variable.into(),
            index,
        }
    }
}

impl fmt::Display for NonFinite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "non-finite value in {} at index {}",
            self.variable, self.index
        )
    }
}

/// Why a solve stopped.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Termination {
    /// The residual fell below the tolerance.
    Converged,
    /// The iteration cap was reached first.
    MaxIters,
    /// The residual did not improve over the stall window.
    Stalled,
    /// A NaN or infinity appeared.
    NonFinite(NonFinite),
    /// An observer asked the driver to stop.
    Cancelled,
    /// The time limit passed.
    Timeout,
}

impl Termination {
    /// `true` only for [`Termination::Converged`].
    pub fn is_converged(&self) -> bool {
        matches!(self, Termination::Converged)
    }

    /// A short machine-readable name: `converged`, `max_iters`, `stalled`, `non_finite`,
    /// `cancelled` or `timeout`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Termination::Converged => "converged",
            Termination::MaxIters => "max_iters",
            Termination::Stalled => "stalled",
            Termination::NonFinite(_) => "non_finite",
            Termination::Cancelled => "cancelled",
            Termination::Timeout => "timeout",
        }
    }
}

impl fmt::Display for Termination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Termination::Converged => write!(f, "converged"),
            Termination::MaxIters => write!(f, "stopped at the iteration limit"),
            Termination::Stalled => write!(f, "stalled (the residual stopped falling)"),
            Termination::NonFinite(nf) => write!(f, "stopped: {nf}"),
            Termination::Cancelled => write!(f, "cancelled"),
            Termination::Timeout => write!(f, "stopped at the time limit"),
        }
    }
}

/// Diagnostics of a finished solve, kept apart from its result.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    /// How the solve ended.
    pub termination: Termination,
    /// Iterations taken (evaluations of the map).
    pub iterations: usize,
    /// Final residual, in the problem's own norm.
    pub residual: f64,
    /// Wall time of the solve.
    pub elapsed: Duration,
}
