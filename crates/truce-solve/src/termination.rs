//! How a solve ended, as a value.

use std::fmt;
use std::time::Duration;
use thiserror::Error;

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

impl Info {
    /// `Ok(self)` when the solve converged; otherwise the [`NotConverged`] error that carries
    /// these diagnostics, the tolerance `tol` that was not met and a `hint` for the user (what
    /// may have gone wrong and what to try).
    ///
    /// # Errors
    /// [`NotConverged`] for every termination but [`Termination::Converged`].
    ///
    /// # Example
    /// ```
    /// use std::time::Duration;
    /// use truce_solve::{Info, Termination};
    /// let info = Info {
    ///     termination: Termination::MaxIters,
    ///     iterations: 50,
    ///     residual: 2e-3,
    ///     elapsed: Duration::ZERO,
    /// };
    /// let e = info.require_converged(1e-6, "raise the iteration limit").unwrap_err();
    /// assert_eq!(
    ///     e.to_string(),
    ///     "stopped at the iteration limit after 50 iterations (residual 2.000e-3, \
    ///      tolerance 1.0e-6): raise the iteration limit"
    /// );
    /// ```
    pub fn require_converged(
        self,
        tol: f64,
        hint: impl Into<String>,
    ) -> Result<Info, NotConverged> {
        if self.termination.is_converged() {
            Ok(self)
        } else {
            Err(NotConverged {
                info: self,
                tol,
                hint: hint.into(),
            })
        }
    }
}

/// A solve that did not converge: the one error type of every non-convergence in truce, of an
/// equilibrium (Caliendo–Parro, Ossa, gravity) or of a game (a Nash war, a cooperative or
/// bargaining search). Front ends find it in an error's `source()` chain and exit with code 3;
/// the message says how the solve ended, with its residual, and what to try.
///
/// Library errors carry it as the source of a variant that names what did not converge ("the
/// Ossa (2014) equilibrium (Newton's method) did not converge"), so that a chain printed with
/// its causes reads as one sentence.
#[derive(Debug, Clone, PartialEq, Error)]
#[error(
    "{} after {} iterations (residual {:.3e}, tolerance {:.1e}){}",
    .info.termination,
    .info.iterations,
    .info.residual,
    .tol,
    if .hint.is_empty() { String::new() } else { format!(": {}", .hint) }
)]
pub struct NotConverged {
    /// The diagnostics of the solve: how it ended, iterations, the last residual.
    pub info: Info,
    /// The tolerance the residual had to meet.
    pub tol: f64,
    /// What may have gone wrong and what to try (may be empty).
    pub hint: String,
}

impl NotConverged {
    /// Is `err`, or any error in its `source()` chain, a [`NotConverged`]? Front ends use this
    /// to choose exit code 3.
    ///
    /// # Example
    /// ```
    /// use truce_solve::{Info, NotConverged, Termination};
    /// #[derive(Debug, thiserror::Error)]
    /// #[error("the toy equilibrium did not converge")]
    /// struct Toy(#[source] NotConverged);
    /// let nc = Info {
    ///     termination: Termination::Stalled,
    ///     iterations: 3,
    ///     residual: 1.0,
    ///     elapsed: Default::default(),
    /// }
    /// .require_converged(1e-9, "")
    /// .unwrap_err();
    /// assert!(NotConverged::in_chain(&Toy(nc.clone())).is_some());
    /// assert!(NotConverged::in_chain(&std::fmt::Error).is_none());
    /// ```
    pub fn in_chain<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a NotConverged> {
        let mut e: Option<&(dyn std::error::Error + 'static)> = Some(err);
        while let Some(cur) = e {
            if let Some(nc) = cur.downcast_ref::<NotConverged>() {
                return Some(nc);
            }
            e = cur.source();
        }
        None
    }
}
