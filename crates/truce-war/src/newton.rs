//! Newton's method with a backtracking line search on ½‖F‖².
//!
//! The systems are small and dense (2N + players unknowns: 132 on WIOD, 243 on ICIO, 405 on a
//! 135-country world): the LU of the workspace's one dense linear-algebra place
//! (`truce_solve::linalg::Lu`, O(m³/3), 5–20 ms at m = 405) costs far less than the Jacobian
//! it factorises (an S·N³ product).

use crate::system::{Point, System};
use std::time::{Duration, Instant};
use truce_solve::linalg::Lu;
use truce_solve::{Info, NonFinite, Termination};

/// Knobs of the Newton solve.
#[derive(Debug, Clone, PartialEq)]
pub struct NewtonParams {
    /// Converged when max |Fₖ| ≤ tol (every residual is relative).
    pub tol: f64,
    /// Iteration cap.
    pub max_iter: usize,
    /// Largest move of one step in ln ŵ, ln Ŷ and the tariff rates (a trust region of sorts;
    /// the step is scaled down to it).
    pub max_step: f64,
    /// Give up after this long.
    pub time_limit: Option<Duration>,
}

impl Default for NewtonParams {
    fn default() -> Self {
        Self {
            tol: 1e-10,
            max_iter: 100,
            max_step: 0.5,
            time_limit: None,
        }
    }
}

/// How a Newton solve ended, with its diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct NewtonInfo {
    /// `true` when max |F| ≤ tol.
    pub converged: bool,
    /// Newton iterations (Jacobians factorised).
    pub iterations: usize,
    /// Residual evaluations, line search included.
    pub evaluations: usize,
    /// Final max |F|.
    pub residual: f64,
    /// Why it stopped, when it did not converge.
    pub reason: Option<String>,
    /// How it ended, in truce-solve's vocabulary.
    pub termination: Termination,
    /// Wall time.
    pub elapsed: Duration,
}

impl NewtonInfo {
    /// truce-solve's diagnostics of this solve (iterations = Newton steps; residual = max |F|).
    pub fn info(&self) -> Info {
        Info {
            termination: self.termination.clone(),
            iterations: self.iterations,
            residual: self.residual,
            elapsed: self.elapsed,
        }
    }
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |a, &b| {
        if b.is_nan() {
            f64::INFINITY
        } else {
            a.max(b.abs())
        }
    })
}

/// Solve F(x) = 0 from `x0`. Returns the last point and the diagnostics; the caller decides
/// what a non-converged end means (the facade makes it an error with exit code 3).
pub fn solve(sys: &System, x0: Vec<f64>, params: &NewtonParams) -> (Vec<f64>, Point, NewtonInfo) {
    let start = Instant::now();
    let m = sys.len();
    let n = sys.dims().n;
    let mut x = x0;
    let mut pt = sys.point(&x);
    let mut evals = 1;
    let mut res = max_abs(&pt.f);
    let mut info = NewtonInfo {
        converged: false,
        iterations: 0,
        evaluations: 0,
        residual: res,
        reason: None,
        termination: Termination::Converged,
        elapsed: Duration::ZERO,
    };
    while res > params.tol {
        if info.iterations >= params.max_iter {
            info.reason = Some(format!("iteration limit ({}) reached", params.max_iter));
            info.termination = Termination::MaxIters;
            break;
        }
        if let Some(limit) = params.time_limit {
            if start.elapsed() > limit {
                info.reason = Some(format!("time limit ({limit:?}) reached"));
                info.termination = Termination::Timeout;
                break;
            }
        }
        info.iterations += 1;
        let jac = sys.jacobian(&pt);
        let mut dx: Vec<f64> = pt.f.iter().map(|v| -v).collect();
        match Lu::new(m, &jac) {
            Some(lu) => lu.solve(&mut dx),
            None => {
                info.reason = Some("singular Jacobian (a zero or non-finite pivot)".into());
                info.termination = Termination::Stalled;
                break;
            }
        }
        if let Some(k) = dx.iter().position(|v| !v.is_finite()) {
            info.reason = Some("the Newton step is not finite".into());
            info.termination = Termination::NonFinite(NonFinite::new("Newton step", k));
            break;
        }
        let big = max_abs(&dx);
        if big > params.max_step {
            let k = params.max_step / big;
            dx.iter_mut().for_each(|v| *v *= k);
        }
        // Armijo backtracking on φ = ½‖F‖²: along a Newton direction φ'(0) = −‖F‖².
        let phi0 = 0.5 * pt.f.iter().map(|v| v * v).sum::<f64>();
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..30 {
            let xt: Vec<f64> = x
                .iter()
                .zip(&dx)
                .enumerate()
                .map(|(k, (a, b))| {
                    let v = a + step * b;
                    // Tariff rates stay above −50 %; the formula's rates are in (0, 1].
                    if k >= 2 * n {
                        v.max(-0.5)
                    } else {
                        v
                    }
                })
                .collect();
            let pt_t = sys.point(&xt);
            evals += 1;
            let phi = 0.5 * pt_t.f.iter().map(|v| v * v).sum::<f64>();
            if phi.is_finite() && phi <= (1.0 - 2e-4 * step) * phi0 {
                accepted = Some((xt, pt_t));
                break;
            }
            step *= 0.5;
        }
        match accepted {
            Some((xt, pt_t)) => {
                x = xt;
                pt = pt_t;
                res = max_abs(&pt.f);
            }
            None => {
                info.reason = Some(
                    "the line search found no decrease (stalled at a point that is not a \
                     solution)"
                        .into(),
                );
                info.termination = Termination::Stalled;
                break;
            }
        }
    }
    info.converged = res <= params.tol;
    if info.converged {
        info.termination = Termination::Converged;
    } else if info.termination.is_converged() {
        // A NaN residual ends the loop without a reason.
        info.termination = Termination::NonFinite(NonFinite::new("F", 0));
    }
    info.residual = res;
    info.evaluations = evals;
    info.elapsed = start.elapsed();
    (x, pt, info)
}
