//! Bound-constrained maximisation of a smooth function: projected Newton with a
//! finite-difference Hessian of exact gradients, or projected limited-memory BFGS.
//!
//! Both methods share one iteration (Bertsekas 1982, "Projected Newton methods for
//! optimization problems with simple constraints", *SIAM J. Control Optim.* 20(2)):
//!
//! 1. the KKT residual $r=\lVert P[x+\nabla f]-x\rVert_\infty$ (zero exactly at a KKT point of
//!    $\max f$ on the box; $P$ clips to the bounds) is compared with the tolerance;
//! 2. variables within $\varepsilon=\min(\varepsilon_0,r)$ of a bound whose gradient points out
//!    of the box form the active set and are sent to that bound;
//! 3. the free variables take a Newton step (Hessian by forward differences of the gradient,
//!    made negative definite by a Levenberg shift when needed) or an L-BFGS step restricted to
//!    the free subspace, which is an ascent direction by construction;
//! 4. a backtracking Armijo search along the projection arc $x(\alpha)=P[x+\alpha d]$.
//!
//! Newton converges quadratically near a nondegenerate maximum and is insensitive to the
//! scaling of the variables (tariffs on tiny flows have tiny gradients and tiny curvature),
//! which is why the Ossa games use it: their gradients are exact and cheap (adjoint), so a
//! Hessian costs one gradient per free variable, computed in parallel. L-BFGS needs only
//! gradients and suits games whose gradients are themselves finite differences.

use rayon::prelude::*;
use serde::Serialize;
use truce_solve::linalg::{BlockLowRank, Cholesky};
use truce_solve::{Control, Iterate, NonFinite, Observer, Termination};

/// A smooth function to maximise, with its gradient.
///
/// `Clone + Send` lets the Newton method evaluate Hessian columns on several threads, each with
/// its own copy (copies should share read-only data, e.g. through an `Arc`).
pub trait Smooth: Clone + Send {
    /// What can go wrong evaluating it (e.g. an equilibrium that does not solve).
    type Error: Send;
    /// Number of variables.
    fn dim(&self) -> usize;
    /// The value at `x` and its gradient into `grad`. A point outside the function's domain may
    /// return a non-finite value; the line search then steps back.
    ///
    /// # Errors
    /// Whatever the model reports; the optimiser stops and passes it on.
    fn eval(&mut self, x: &[f64], grad: &mut [f64]) -> Result<f64, Self::Error>;

    /// The exact Hessian at `x` (the optimiser asks at the point it evaluated last), as a
    /// block-diagonal-plus-low-rank matrix, or `None` (the default) to let the Newton method
    /// difference gradients instead.
    ///
    /// # Errors
    /// Whatever the model reports.
    fn hessian(&mut self, x: &[f64]) -> Result<Option<BlockLowRank>, Self::Error> {
        let _ = x;
        Ok(None)
    }
}

/// How the search direction is computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Projected Newton; the Hessian of the free variables by forward differences of the
    /// gradient (one gradient per free variable, in parallel).
    Newton,
    /// Projected L-BFGS with this many correction pairs.
    QuasiNewton {
        /// Number of stored (s, y) pairs.
        memory: usize,
    },
}

/// Knobs of [`maximize_box`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoxOptions {
    /// Direction method.
    pub method: Method,
    /// Convergence when the KKT residual (∞-norm of the projected gradient) is at or below this.
    pub kkt_tol: f64,
    /// Iteration cap.
    pub max_iter: usize,
    /// Largest ε of the ε-active set (in the variables' units).
    pub active_eps: f64,
    /// Relative forward-difference step of the Newton Hessian: $h_i=h\max(1,|x_i|)$.
    pub fd_step: f64,
    /// Evaluate Hessian columns on the rayon pool.
    pub parallel: bool,
    /// Newton: times the step may be recomputed after dropping free variables that sit on a
    /// bound it would cross (1 = never recompute).
    pub subspace_rounds: usize,
    /// L-BFGS: ∞-norm of the very first trial step.
    pub initial_step: f64,
    /// Iterations in a row with a relative gain in f below `stall_ftol` after which the solve
    /// stops as [`Termination::Stalled`] (the noise floor of the gradient was reached).
    pub stall_iters: usize,
    /// See `stall_iters`.
    pub stall_ftol: f64,
}

impl Default for BoxOptions {
    fn default() -> Self {
        Self {
            method: Method::Newton,
            kkt_tol: 1e-10,
            max_iter: 200,
            active_eps: 1e-3,
            fd_step: 1e-6,
            parallel: true,
            subspace_rounds: 3,
            initial_step: 0.1,
            stall_iters: 5,
            stall_ftol: 1e-15,
        }
    }
}

/// The outcome of [`maximize_box`]: the best point found and how the search ended.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxResult {
    /// The maximiser (the last accepted iterate).
    pub x: Vec<f64>,
    /// f at `x`.
    pub value: f64,
    /// ∇f at `x`.
    pub gradient: Vec<f64>,
    /// KKT residual at `x`: $\lVert P[x+\nabla f]-x\rVert_\infty$.
    pub kkt_residual: f64,
    /// How the search ended.
    pub termination: Termination,
    /// Iterations taken.
    pub iterations: usize,
    /// Function-and-gradient evaluations (finite-difference Hessian columns included).
    pub evaluations: usize,
    /// Exact Hessians ([`Smooth::hessian`]) computed.
    pub hessians: usize,
}

/// $\lVert P[x+g]-x\rVert_\infty$: the first-order (KKT) residual of $\max f$ on the box.
pub fn kkt_residual(x: &[f64], g: &[f64], lo: &[f64], hi: &[f64]) -> f64 {
    let mut r: f64 = 0.0;
    for i in 0..x.len() {
        let p = (x[i] + g[i]).clamp(lo[i], hi[i]);
        r = r.max((p - x[i]).abs());
    }
    r
}

fn finite(v: f64, g: &[f64]) -> bool {
    v.is_finite() && g.iter().all(|x| x.is_finite())
}

/// Maximise `obj` on the box `lo ≤ x ≤ hi` from `x0` (clipped into the box).
///
/// Bounds may be infinite. Progress goes to `observer` after every iteration (the residual is
/// the KKT residual); an observer may cancel.
///
/// # Errors
/// Passes on the first error of `obj.eval`. A search that does not converge is not an error:
/// see [`BoxResult::termination`].
///
/// # Panics
/// If the lengths of `x0`, `lo`, `hi` differ from `obj.dim()` (a programming error).
pub fn maximize_box<S: Smooth, O: Observer + ?Sized>(
    obj: &mut S,
    x0: &[f64],
    lo: &[f64],
    hi: &[f64],
    opts: &BoxOptions,
    observer: &mut O,
) -> Result<BoxResult, S::Error> {
    let n = obj.dim();
    assert!(x0.len() == n && lo.len() == n && hi.len() == n);
    let mut x: Vec<f64> = (0..n).map(|i| x0[i].clamp(lo[i], hi[i])).collect();
    let mut g = vec![0.0; n];
    let mut f = obj.eval(&x, &mut g)?;
    let mut evaluations = 1usize;
    let mut hessians = 0usize;
    let result = |x: Vec<f64>, f, g: Vec<f64>, term, it, ev: usize, hs: usize| {
        let r = kkt_residual(&x, &g, lo, hi);
        BoxResult {
            x,
            value: f,
            gradient: g,
            kkt_residual: r,
            termination: term,
            iterations: it,
            evaluations: ev,
            hessians: hs,
        }
    };
    if !finite(f, &g) {
        return Ok(result(
            x,
            f,
            g,
            Termination::NonFinite(NonFinite::new("objective at the starting point", 0)),
            0,
            evaluations,
            hessians,
        ));
    }
    // L-BFGS memory.
    let memory = match opts.method {
        Method::QuasiNewton { memory } => memory.max(1),
        Method::Newton => 0,
    };
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut gt = vec![0.0; n];
    let mut xt = vec![0.0; n];
    let mut flat = 0usize;
    // Levenberg shift of the Newton systems, carried from one iteration to the next.
    let mut shift = 0.0f64;
    for iteration in 1..=opts.max_iter {
        let r = kkt_residual(&x, &g, lo, hi);
        if r <= opts.kkt_tol {
            return Ok(result(
                x,
                f,
                g,
                Termination::Converged,
                iteration - 1,
                evaluations,
                hessians,
            ));
        }
        if observer.observe(&Iterate {
            iteration,
            residual: r,
            tol: opts.kkt_tol,
        }) == Control::Stop
        {
            return Ok(result(
                x,
                f,
                g,
                Termination::Cancelled,
                iteration - 1,
                evaluations,
                hessians,
            ));
        }
        // ε-active set (maximisation: at the lower bound with g < 0, at the upper with g > 0).
        let eps = opts.active_eps.min(r);
        let mut free = Vec::with_capacity(n);
        let mut d = vec![0.0; n];
        for i in 0..n {
            if x[i] - lo[i] <= eps && g[i] < 0.0 {
                d[i] = lo[i] - x[i];
            } else if hi[i] - x[i] <= eps && g[i] > 0.0 {
                d[i] = hi[i] - x[i];
            } else {
                free.push(i);
            }
        }
        // Fallback scaling of a gradient step on the free variables.
        let mut diag_scale = vec![1.0; free.len()];
        match opts.method {
            Method::Newton => {
                if let Some(h) = obj.hessian(&x)? {
                    hessians += 1;
                    // M = −H on the free variables, block diagonal plus rank-one terms.
                    let m = h.principal(&free).scaled(-1.0);
                    let diag = m.diagonal();
                    let dmax = diag.iter().fold(0.0f64, |s, v| s.max(v.abs()));
                    for (sc, &v) in diag_scale.iter_mut().zip(&diag) {
                        *sc = if v > 0.0 && v.is_finite() {
                            1.0 / v
                        } else {
                            1.0 / dmax.max(1e-300)
                        };
                    }
                    let nf = free.len();
                    let gf: Vec<f64> = free.iter().map(|&i| g[i]).collect();
                    let mut keep = vec![true; nf];
                    let mut step = vec![0.0; nf];
                    for _ in 0..opts.subspace_rounds.max(1) {
                        match newton_step_structured(&m, &keep, &gf, &mut shift) {
                            Some(st) => step = st,
                            None => {
                                for a in 0..nf {
                                    step[a] = if keep[a] { gf[a] * diag_scale[a] } else { 0.0 };
                                }
                                break;
                            }
                        }
                        if !drop_blocked(&free, &x, lo, hi, &step, &mut keep) {
                            break;
                        }
                    }
                    for (a, &i) in free.iter().enumerate() {
                        d[i] = step[a];
                    }
                } else {
                    let (h, ev) = fd_hessian(obj, &x, &g, &free, hi, opts.fd_step, opts.parallel)?;
                    evaluations += ev;
                    let nf = free.len();
                    // M = −H, symmetrised.
                    let mut m = vec![0.0; nf * nf];
                    for a in 0..nf {
                        for b in 0..nf {
                            m[a * nf + b] = -0.5 * (h[a * nf + b] + h[b * nf + a]);
                        }
                    }
                    let dmax = (0..nf).fold(0.0f64, |s, a| s.max(m[a * nf + a].abs()));
                    for (a, sc) in diag_scale.iter_mut().enumerate() {
                        let v = m[a * nf + a];
                        *sc = if v > 0.0 && v.is_finite() {
                            1.0 / v
                        } else {
                            1.0 / dmax.max(1e-300)
                        };
                    }
                    // Newton step on the free variables; free variables sitting on a bound that the
                    // step would push out of the box join the active set and the step is recomputed
                    // on the rest (a subspace iteration: no new evaluations, one more factorisation).
                    let gf: Vec<f64> = free.iter().map(|&i| g[i]).collect();
                    let mut keep = vec![true; nf];
                    let mut step = vec![0.0; nf];
                    for _ in 0..opts.subspace_rounds.max(1) {
                        match newton_step(&m, nf, &keep, &gf, dmax, &mut shift) {
                            Some(st) => step = st,
                            None => {
                                for a in 0..nf {
                                    step[a] = if keep[a] { gf[a] * diag_scale[a] } else { 0.0 };
                                }
                                break;
                            }
                        }
                        if !drop_blocked(&free, &x, lo, hi, &step, &mut keep) {
                            break;
                        }
                    }
                    for (a, &i) in free.iter().enumerate() {
                        d[i] = step[a];
                    }
                }
            }
            Method::QuasiNewton { .. } => {
                let mut q = vec![0.0; n];
                for &i in &free {
                    q[i] = g[i];
                }
                let gamma = match (s_hist.last(), y_hist.last()) {
                    (Some(s), Some(y)) => dotv(s, y) / dotv(y, y),
                    _ => {
                        let gmax = free.iter().fold(0.0f64, |m, &i| m.max(g[i].abs()));
                        opts.initial_step / gmax.max(1e-300)
                    }
                };
                two_loop(&s_hist, &y_hist, gamma, &mut q);
                for &i in &free {
                    d[i] = q[i];
                }
                diag_scale.iter_mut().for_each(|v| *v = gamma);
            }
        }
        if d.iter().any(|v| !v.is_finite()) {
            for (a, &i) in free.iter().enumerate() {
                d[i] = g[i] * diag_scale[a];
            }
        }
        // Line search along the projection arc; one retry with a scaled gradient step.
        let mut f_new = f;
        let mut accepted = false;
        for attempt in 0..2 {
            if attempt == 1 {
                for (a, &i) in free.iter().enumerate() {
                    d[i] = g[i] * diag_scale[a];
                }
            }
            let mut alpha = 1.0;
            for _ in 0..40 {
                for i in 0..n {
                    xt[i] = (x[i] + alpha * d[i]).clamp(lo[i], hi[i]);
                }
                if xt == x {
                    break;
                }
                // A trial point where the model fails is rejected like one that does not
                // improve: the search steps back towards the current iterate.
                let ft = obj.eval(&xt, &mut gt).unwrap_or(f64::NAN);
                evaluations += 1;
                let pred: f64 = (0..n).map(|i| g[i] * (xt[i] - x[i])).sum();
                if finite(ft, &gt) && ft >= f + 1e-4 * pred.max(0.0) {
                    f_new = ft;
                    accepted = true;
                    break;
                }
                alpha *= 0.5;
            }
            if accepted {
                break;
            }
        }
        if !accepted {
            return Ok(result(
                x,
                f,
                g,
                Termination::Stalled,
                iteration,
                evaluations,
                hessians,
            ));
        }
        if memory > 0 {
            let s: Vec<f64> = (0..n).map(|i| xt[i] - x[i]).collect();
            let y: Vec<f64> = (0..n).map(|i| -(gt[i] - g[i])).collect();
            let sy = dotv(&s, &y);
            if sy > 1e-12 * dotv(&y, &y).sqrt() * dotv(&s, &s).sqrt() && sy > 0.0 {
                if s_hist.len() == memory {
                    s_hist.remove(0);
                    y_hist.remove(0);
                }
                s_hist.push(s);
                y_hist.push(y);
            }
        }
        if f_new - f <= opts.stall_ftol * f.abs().max(1.0) {
            flat += 1;
        } else {
            flat = 0;
        }
        std::mem::swap(&mut x, &mut xt);
        std::mem::swap(&mut g, &mut gt);
        f = f_new;
        if flat >= opts.stall_iters {
            let r = kkt_residual(&x, &g, lo, hi);
            let term = if r <= opts.kkt_tol {
                Termination::Converged
            } else {
                Termination::Stalled
            };
            return Ok(result(x, f, g, term, iteration, evaluations, hessians));
        }
    }
    let r = result(
        x,
        f,
        g,
        Termination::MaxIters,
        opts.max_iter,
        evaluations,
        hessians,
    );
    Ok(r)
}

/// Free variables sitting on a bound that the step would push out of the box leave the kept
/// set; true if any did.
fn drop_blocked(
    free: &[usize],
    x: &[f64],
    lo: &[f64],
    hi: &[f64],
    step: &[f64],
    keep: &mut [bool],
) -> bool {
    let mut changed = false;
    for (a, &i) in free.iter().enumerate() {
        if keep[a] && ((x[i] <= lo[i] && step[a] < 0.0) || (x[i] >= hi[i] && step[a] > 0.0)) {
            keep[a] = false;
            changed = true;
        }
    }
    changed
}

/// [`newton_step`] on a structured $M$ ([`BlockLowRank`]), in Jacobi-scaled variables:
/// with $S=\mathrm{diag}(|m_{aa}|^{-1/2})$ (floored at $10^{-8}$ of the largest), it solves
/// $(SM_{KK}S+\mu I)y=Sg_K$ and returns $d_K=Sy$, i.e. $(M_{KK}+\mu S^{-2})d_K=g_K$, a
/// Levenberg–Marquardt step whose shift is relative to each variable's own curvature. The
/// scaling matters when the variables' curvatures differ by orders of magnitude (a penalty
/// of 10²–10⁹ on the common gain ω beside tariff curvatures of 10⁻³): unscaled, the shift and
/// the structured solve's test of near-singular directions would both be set by the largest.
/// Each shift is tested for positive definiteness and solved in $O(nk^2)$; a solve whose
/// relative residual stays above $10^{-8}$ after refinement counts as a failed shift.
fn newton_step_structured(
    m: &BlockLowRank,
    keep: &[bool],
    g: &[f64],
    shift: &mut f64,
) -> Option<Vec<f64>> {
    let nf = keep.len();
    let idx: Vec<usize> = (0..nf).filter(|&a| keep[a]).collect();
    if idx.is_empty() {
        return Some(vec![0.0; nf]);
    }
    let sub = m.principal(&idx);
    let diag = sub.diagonal();
    let dmax = diag
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |s, v| s.max(v.abs()));
    if dmax == 0.0 {
        return None;
    }
    let scale: Vec<f64> = diag
        .iter()
        .map(|&v| {
            let v = if v.is_finite() { v.abs() } else { dmax };
            1.0 / v.max(1e-8 * dmax).sqrt()
        })
        .collect();
    let sub = sub.congruence(&scale);
    let prepared = sub.prepare();
    let floor = 1e-10;
    let mut mu = if *shift < floor { 0.0 } else { *shift / 4.0 };
    for _ in 0..100 {
        if let Some(f) = prepared.factor(mu) {
            let mut rhs: Vec<f64> = idx.iter().zip(&scale).map(|(&a, s)| g[a] * s).collect();
            let rel = f.solve(&mut rhs);
            if rel <= 1e-8 && rhs.iter().all(|v| v.is_finite()) {
                *shift = mu;
                let mut out = vec![0.0; nf];
                for (r, &a) in idx.iter().enumerate() {
                    out[a] = rhs[r] * scale[r];
                }
                return Some(out);
            }
        }
        mu = if mu < floor { floor } else { mu * 4.0 };
    }
    None
}

/// Solve $(M_{KK}+\mu I)d_K=g_K$ on the kept indices K (M symmetric, row-major `nf × nf`)
/// with the smallest Levenberg shift μ that makes the system positive definite, searched from a
/// quarter of the previous iteration's shift (`shift`, updated) upwards by factors of 4
/// (Nocedal & Wright, Algorithm 3.3). Entries outside K are 0. `None` if M is not finite or no
/// shift works.
fn newton_step(
    m: &[f64],
    nf: usize,
    keep: &[bool],
    g: &[f64],
    dmax: f64,
    shift: &mut f64,
) -> Option<Vec<f64>> {
    let idx: Vec<usize> = (0..nf).filter(|&a| keep[a]).collect();
    let k = idx.len();
    let mut sub = vec![0.0; k * k];
    for (r, &a) in idx.iter().enumerate() {
        for (c, &b) in idx.iter().enumerate() {
            sub[r * k + c] = m[a * nf + b];
        }
    }
    if sub.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let floor = 1e-10 * dmax.max(1e-300);
    let mut mu = if *shift < floor { 0.0 } else { *shift / 4.0 };
    for _ in 0..100 {
        if let Some(ch) = Cholesky::new(k, &sub, mu) {
            *shift = mu;
            let mut rhs: Vec<f64> = idx.iter().map(|&a| g[a]).collect();
            ch.solve(&mut rhs);
            let mut out = vec![0.0; nf];
            for (r, &a) in idx.iter().enumerate() {
                out[a] = rhs[r];
            }
            return Some(out);
        }
        mu = if mu < floor { floor } else { mu * 4.0 };
    }
    None
}

fn dotv(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// L-BFGS two-loop recursion: `q` ← H q with $H_0=\gamma I$ (Nocedal & Wright, Algorithm 7.4).
fn two_loop(s: &[Vec<f64>], y: &[Vec<f64>], gamma: f64, q: &mut [f64]) {
    let k = s.len();
    let mut a = vec![0.0; k];
    for idx in (0..k).rev() {
        let rho = 1.0 / dotv(&y[idx], &s[idx]);
        a[idx] = rho * dotv(&s[idx], q);
        for (qi, yi) in q.iter_mut().zip(&y[idx]) {
            *qi -= a[idx] * yi;
        }
    }
    q.iter_mut().for_each(|v| *v *= gamma);
    for idx in 0..k {
        let rho = 1.0 / dotv(&y[idx], &s[idx]);
        let b = rho * dotv(&y[idx], q);
        for (qi, si) in q.iter_mut().zip(&s[idx]) {
            *qi += (a[idx] - b) * si;
        }
    }
}

/// Forward-difference Hessian of the free variables, row-major `nf × nf` with column `a` the
/// derivative of the gradient with respect to `x[free[a]]`. Returns it and the number of
/// evaluations.
fn fd_hessian<S: Smooth>(
    obj: &mut S,
    x: &[f64],
    g: &[f64],
    free: &[usize],
    hi: &[f64],
    rel_step: f64,
    parallel: bool,
) -> Result<(Vec<f64>, usize), S::Error> {
    let nf = free.len();
    let n = x.len();
    let column = |o: &mut S, a: usize| -> Result<Vec<f64>, S::Error> {
        let i = free[a];
        let mut h = rel_step * x[i].abs().max(1.0);
        if x[i] + h > hi[i] {
            h = -h;
        }
        let mut xp = x.to_vec();
        xp[i] += h;
        let mut gp = vec![0.0; n];
        let v = o.eval(&xp, &mut gp).unwrap_or(f64::NAN);
        Ok(if v.is_finite() {
            free.iter().map(|&k| (gp[k] - g[k]) / h).collect()
        } else {
            vec![f64::NAN; nf]
        })
    };
    let cols: Vec<Vec<f64>> = if parallel && nf > 8 && rayon::current_num_threads() > 1 {
        let chunk = nf.div_ceil(rayon::current_num_threads() * 2).max(1);
        let jobs: Vec<(S, Vec<usize>)> = (0..nf)
            .collect::<Vec<_>>()
            .chunks(chunk)
            .map(|c| (obj.clone(), c.to_vec()))
            .collect();
        let parts: Result<Vec<Vec<Vec<f64>>>, S::Error> = jobs
            .into_par_iter()
            .map(|(mut o, idx)| idx.iter().map(|&a| column(&mut o, a)).collect())
            .collect();
        parts?.into_iter().flatten().collect()
    } else {
        (0..nf).map(|a| column(obj, a)).collect::<Result<_, _>>()?
    };
    let mut h = vec![0.0; nf * nf];
    for (a, col) in cols.iter().enumerate() {
        for b in 0..nf {
            h[b * nf + a] = col[b];
        }
    }
    Ok((h, nf))
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_solve::NoObserver;

    /// f(x) = −Σ wᵢ (xᵢ − cᵢ)² − 0.1 (x₀ x₁ − 1)²: anisotropic, non-quadratic.
    #[derive(Clone)]
    struct Bowl {
        c: Vec<f64>,
        w: Vec<f64>,
    }
    impl Smooth for Bowl {
        type Error = ();
        fn dim(&self) -> usize {
            self.c.len()
        }
        fn eval(&mut self, x: &[f64], g: &mut [f64]) -> Result<f64, ()> {
            let mut f = 0.0;
            for i in 0..x.len() {
                f -= self.w[i] * (x[i] - self.c[i]).powi(2);
                g[i] = -2.0 * self.w[i] * (x[i] - self.c[i]);
            }
            let q = x[0] * x[1] - 1.0;
            f -= 0.1 * q * q;
            g[0] -= 0.2 * q * x[1];
            g[1] -= 0.2 * q * x[0];
            Ok(f)
        }
    }

    fn bowl() -> Bowl {
        Bowl {
            // Centres below the lower bound 0 for two variables, above the upper 2 for one.
            c: vec![0.5, 1.5, -1.0, 3.0, -0.5, 1.0],
            w: vec![1.0, 1e-6, 100.0, 1e-3, 1e4, 1.0],
        }
    }

    #[test]
    fn both_methods_reach_the_kkt_point() {
        let lo = vec![0.0; 6];
        let hi = vec![2.0; 6];
        for method in [Method::Newton, Method::QuasiNewton { memory: 10 }] {
            let opts = BoxOptions {
                method,
                kkt_tol: 1e-11,
                max_iter: 2000,
                stall_iters: 50,
                ..Default::default()
            };
            let mut b = bowl();
            let r = maximize_box(&mut b, &[1.0; 6], &lo, &hi, &opts, &mut NoObserver).unwrap();
            assert_eq!(r.termination, Termination::Converged, "{method:?}: {r:?}");
            assert!(r.kkt_residual <= 1e-11);
            // Bounds bind where the centre is outside; KKT signs are right.
            assert_eq!(r.x[2], 0.0);
            assert_eq!(r.x[3], 2.0);
            assert_eq!(r.x[4], 0.0);
            assert!(r.gradient[2] < 0.0 && r.gradient[3] > 0.0);
            for i in [0, 1, 5] {
                assert!(
                    r.gradient[i].abs() <= 1e-11,
                    "{method:?} g[{i}] = {}",
                    r.gradient[i]
                );
            }
        }
    }

    #[test]
    fn newton_is_fast_on_a_badly_scaled_problem() {
        let lo = vec![-10.0; 6];
        let hi = vec![10.0; 6];
        let opts = BoxOptions {
            kkt_tol: 1e-12,
            ..Default::default()
        };
        let mut b = bowl();
        let r = maximize_box(&mut b, &[1.0; 6], &lo, &hi, &opts, &mut NoObserver).unwrap();
        assert!(r.termination.is_converged(), "{r:?}");
        assert!(r.iterations <= 15, "{} iterations", r.iterations);
    }

    #[test]
    fn an_observer_can_cancel() {
        struct Stop;
        impl Observer for Stop {
            fn observe(&mut self, _: &Iterate) -> Control {
                Control::Stop
            }
        }
        let mut b = bowl();
        let r = maximize_box(
            &mut b,
            &[1.0; 6],
            &[0.0; 6],
            &[2.0; 6],
            &BoxOptions::default(),
            &mut Stop,
        )
        .unwrap();
        assert_eq!(r.termination, Termination::Cancelled);
    }
}
