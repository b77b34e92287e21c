//! Validated solver knobs.

use std::time::Duration;
use thiserror::Error;

/// A knob was given a value it cannot take.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("solver parameter `{name}` = {value}: {hint}")]
pub struct ParamError {
    /// The parameter's name.
    pub name: &'static str,
    /// The offending value, printed.
    pub value: String,
    /// What would be accepted.
    pub hint: &'static str,
}

/// Knobs of [`crate::solve_fixed_point`] and [`crate::Anderson`].
///
/// Build with [`SolveParams::default`] and adjust with the validating setters.
///
/// # Example
/// ```
/// use truce_solve::SolveParams;
/// let p = SolveParams::default().with_tol(1e-12).unwrap().with_max_iter(500).unwrap();
/// assert_eq!(p.max_iter(), 500);
/// assert!(SolveParams::default().with_tol(-1.0).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SolveParams {
    tol: f64,
    max_iter: usize,
    memory: usize,
    mixing: f64,
    stall_window: usize,
    time_limit: Option<Duration>,
    max_step: Option<f64>,
}

impl Default for SolveParams {
    fn default() -> Self {
        Self {
            tol: 1e-10,
            max_iter: 1000,
            memory: 5,
            mixing: 1.0,
            stall_window: 200,
            time_limit: None,
            max_step: None,
        }
    }
}

impl SolveParams {
    /// Convergence tolerance on the problem's residual (default 1e-10).
    pub fn tol(&self) -> f64 {
        self.tol
    }
    /// Iteration cap (default 1000).
    pub fn max_iter(&self) -> usize {
        self.max_iter
    }
    /// Anderson memory; 0 means plain damped iteration (default 5).
    pub fn memory(&self) -> usize {
        self.memory
    }
    /// Mixing (damping) weight β in (0, 1] of the underlying step (default 1).
    pub fn mixing(&self) -> f64 {
        self.mixing
    }
    /// Iterations without a new best residual after which the solve counts as stalled
    /// (default 200).
    pub fn stall_window(&self) -> usize {
        self.stall_window
    }
    /// Optional wall-clock limit.
    pub fn time_limit(&self) -> Option<Duration> {
        self.time_limit
    }

    /// Set the tolerance.
    ///
    /// # Errors
    /// If `tol` is not finite and positive.
    pub fn with_tol(mut self, tol: f64) -> Result<Self, ParamError> {
        if !(tol.is_finite() && tol > 0.0) {
            return Err(ParamError {
                name: "tol",
                value: tol.to_string(),
                hint: "use a positive number such as 1e-10",
            });
        }
        self.tol = tol;
        Ok(self)
    }

    /// Set the iteration cap.
    ///
    /// # Errors
    /// If `max_iter` is 0.
    pub fn with_max_iter(mut self, max_iter: usize) -> Result<Self, ParamError> {
        if max_iter == 0 {
            return Err(ParamError {
                name: "max_iter",
                value: "0".into(),
                hint: "use at least 1",
            });
        }
        self.max_iter = max_iter;
        Ok(self)
    }

    /// Set the Anderson memory (0 disables acceleration).
    ///
    /// # Errors
    /// If `memory` exceeds 50.
    pub fn with_memory(mut self, memory: usize) -> Result<Self, ParamError> {
        if memory > 50 {
            return Err(ParamError {
                name: "memory",
                value: memory.to_string(),
                hint: "use 0..=50 (5 is a good default)",
            });
        }
        self.memory = memory;
        Ok(self)
    }

    /// Set the mixing weight.
    ///
    /// # Errors
    /// If `mixing` is not in (0, 1].
    pub fn with_mixing(mut self, mixing: f64) -> Result<Self, ParamError> {
        if !(mixing > 0.0 && mixing <= 1.0) {
            return Err(ParamError {
                name: "mixing",
                value: mixing.to_string(),
                hint: "use a number in (0, 1]",
            });
        }
        self.mixing = mixing;
        Ok(self)
    }

    /// Set the stall window.
    ///
    /// # Errors
    /// If `window` is 0.
    pub fn with_stall_window(mut self, window: usize) -> Result<Self, ParamError> {
        if window == 0 {
            return Err(ParamError {
                name: "stall_window",
                value: "0".into(),
                hint: "use at least 1",
            });
        }
        self.stall_window = window;
        Ok(self)
    }

    /// Largest relative move of any coordinate in one iteration, if limited (a trust region:
    /// a step that moves some coordinate xᵢ by more than `max_step · max(|xᵢ|, 1)` is shortened,
    /// keeping its direction, until none does).
    pub fn max_step(&self) -> Option<f64> {
        self.max_step
    }

    /// Limit (or not) the max-norm length of one step.
    ///
    /// # Errors
    /// If the limit is not finite and positive.
    pub fn with_max_step(mut self, max_step: Option<f64>) -> Result<Self, ParamError> {
        if let Some(m) = max_step {
            if !(m.is_finite() && m > 0.0) {
                return Err(ParamError {
                    name: "max_step",
                    value: m.to_string(),
                    hint: "use a positive number, or none",
                });
            }
        }
        self.max_step = max_step;
        Ok(self)
    }

    /// Set or clear the time limit.
    pub fn with_time_limit(mut self, limit: Option<Duration>) -> Self {
        self.time_limit = limit;
        self
    }
}
