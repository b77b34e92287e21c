//! Newton's method with a backtracking line search on ½‖F‖², and the dense LU factorisation
//! it needs.
//!
//! The systems are small and dense (2N + players unknowns: 132 on WIOD, 243 on ICIO, 405 on a
//! 135-country world), so a plain LU with partial pivoting (O(m³/3), under 25 MFlop at
//! m = 405) costs far less than the Jacobian it factorises (O(S·N³)).

use crate::system::{Point, System};
use std::time::{Duration, Instant};

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
    /// Wall time.
    pub elapsed: Duration,
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
        elapsed: Duration::ZERO,
    };
    while res > params.tol {
        if info.iterations >= params.max_iter {
            info.reason = Some(format!("iteration limit ({}) reached", params.max_iter));
            break;
        }
        if let Some(limit) = params.time_limit {
            if start.elapsed() > limit {
                info.reason = Some(format!("time limit ({limit:?}) reached"));
                break;
            }
        }
        info.iterations += 1;
        let mut jac = sys.jacobian(&pt);
        let mut dx: Vec<f64> = pt.f.iter().map(|v| -v).collect();
        if let Err(col) = lu_solve(&mut jac, m, &mut dx) {
            info.reason = Some(format!("singular Jacobian (pivot {col})"));
            break;
        }
        if dx.iter().any(|v| !v.is_finite()) {
            info.reason = Some("the Newton step is not finite".into());
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
                break;
            }
        }
    }
    info.converged = res <= params.tol;
    info.residual = res;
    info.evaluations = evals;
    info.elapsed = start.elapsed();
    (x, pt, info)
}

/// Solve A·x = b in place by LU with partial pivoting (`a` row-major, `m × m`; `b` becomes
/// x).
///
/// # Errors
/// The column whose pivot is zero or not finite.
pub fn lu_solve(a: &mut [f64], m: usize, b: &mut [f64]) -> Result<(), usize> {
    for col in 0..m {
        let mut piv = col;
        let mut best = a[col * m + col].abs();
        for r in col + 1..m {
            let v = a[r * m + col].abs();
            if v > best {
                best = v;
                piv = r;
            }
        }
        if !(best > 0.0 && best.is_finite()) {
            return Err(col);
        }
        if piv != col {
            for k in 0..m {
                a.swap(col * m + k, piv * m + k);
            }
            b.swap(col, piv);
        }
        let d = a[col * m + col];
        let (top, bottom) = a.split_at_mut((col + 1) * m);
        let prow = &top[col * m..col * m + m];
        for (r, row) in bottom.chunks_mut(m).enumerate() {
            let f = row[col] / d;
            if f != 0.0 {
                row[col] = f;
                for k in col + 1..m {
                    row[k] -= f * prow[k];
                }
                b[col + 1 + r] -= f * b[col];
            }
        }
    }
    for r in (0..m).rev() {
        let mut v = b[r];
        for k in r + 1..m {
            v -= a[r * m + k] * b[k];
        }
        b[r] = v / a[r * m + r];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lu_solves_a_system_that_needs_pivoting() {
        // [[0, 2, 1], [1, 1, 0], [3, 0, 1]] x = b with x = (1, 2, 3).
        let mut a = vec![0.0, 2.0, 1.0, 1.0, 1.0, 0.0, 3.0, 0.0, 1.0];
        let mut b = vec![7.0, 3.0, 6.0];
        lu_solve(&mut a, 3, &mut b).unwrap();
        for (v, w) in b.iter().zip([1.0, 2.0, 3.0]) {
            assert!((v - w).abs() < 1e-14, "{b:?}");
        }
        let mut s = vec![1.0, 2.0, 2.0, 4.0];
        let mut b = vec![1.0, 2.0];
        assert_eq!(lu_solve(&mut s, 2, &mut b), Err(1));
    }
}
