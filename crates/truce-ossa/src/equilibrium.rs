//! The equilibrium in changes (Ossa2014 spec §3), solved by Newton's method with the analytic
//! Jacobian.
//!
//! Unknowns $y=(\hat E_1..\hat E_N,\hat w_1..\hat w_N)$; residuals
//! $F=[L_2..L_N,\;B_1..B_N,\;\text{numeraire}]$ (the labour market of region 1 is dropped by
//! Walras' law, spec §3 and pitfall 8).

use crate::dims::OssaDims;
use crate::error::OssaError;
use crate::scalar::Scalar;
use crate::state::State;
use std::time::Instant;
use truce_solve::linalg::Lu;
use truce_solve::{
    Control, Info, Iterate, NoObserver, NonFinite, NotConverged, Observer, Termination,
};

/// Knobs of the Newton solver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewtonParams {
    /// Convergence when max |Fₖ| is at or below this (default 1e-12; every residual is a ratio
    /// of order one).
    pub tol: f64,
    /// Iteration cap (default 50).
    pub max_iter: usize,
    /// Newton steps taken even when the starting point already meets `tol` (default 0). One
    /// step from a warm start makes the solution exact to rounding, which finite differences of
    /// gradients need.
    pub min_iter: usize,
}

impl Default for NewtonParams {
    fn default() -> Self {
        Self {
            tol: 1e-12,
            max_iter: 50,
            min_iter: 0,
        }
    }
}

/// A solved counterfactual: the unknowns, every intermediate quantity of spec §3 at the
/// solution, and the factorised Jacobian (for adjoints, spec §10).
#[derive(Debug, Clone)]
pub struct Solution {
    /// $\hat E_j$.
    pub e_hat: Vec<f64>,
    /// $\hat w_i$ (numeraire: the labour-income-weighted mean is 1).
    pub w_hat: Vec<f64>,
    /// Counterfactual tariffs $t'_{ijs}$, [`OssaDims::ijs`].
    pub tariff: Vec<f64>,
    /// Counterfactual net exports $NX'_j$ (levels).
    pub net_exports: Vec<f64>,
    /// $m_{ijs}=\hat X_{ijs}/\hat E_j$.
    pub(crate) m: Vec<f64>,
    /// Counterfactual import shares $\pi'_{ijs}$.
    pub(crate) pi: Vec<f64>,
    /// $A_{js}=\hat P_{js}^{\sigma_s-1}$, [`OssaDims::rs`].
    pub(crate) a: Vec<f64>,
    /// $\hat Y_{is}$, [`OssaDims::rs`].
    pub y_hat: Vec<f64>,
    /// $\sum_{i,s}(X_{ijs}/E_j)\,t'_{ijs}m_{ijs}$, so that $R'_j=\hat E_jE_j\,\mathrm{rev}_j$.
    pub(crate) rev: Vec<f64>,
    /// LU factors of $\partial F/\partial y$ at the solution.
    pub(crate) jacobian: Lu,
    /// How Newton's method ended (always converged in a returned solution): Newton iterations,
    /// max |Fₖ| at the solution, wall time.
    pub info: Info,
}

/// Everything a forward evaluation of spec §3 computes at one $y$, in `f64` (Newton) or in
/// dual numbers (directional derivatives, `crate::hessian`).
#[derive(Debug, Clone)]
pub(crate) struct Forward<T = f64> {
    pub m: Vec<T>,
    pub pi: Vec<T>,
    pub a: Vec<T>,
    pub y_hat: Vec<T>,
    pub rev: Vec<T>,
    pub f: Vec<T>,
    wpow: Vec<T>,
}

impl<T: Scalar> Forward<T> {
    pub fn new(d: OssaDims) -> Self {
        let zero = T::cst(0.0);
        Self {
            m: vec![zero; d.cube_len()],
            pi: vec![zero; d.cube_len()],
            a: vec![T::cst(1.0); d.rs_len()],
            y_hat: vec![zero; d.rs_len()],
            rev: vec![zero; d.n],
            f: vec![zero; d.unknowns()],
            wpow: vec![zero; d.rs_len()],
        }
    }
}

/// Tariff-dependent factors, computed once per counterfactual:
/// $\hat\tau_{ijs}=(1+t'_{ijs})/(1+t_{ijs})$ and $\hat\tau_{ijs}^{1-\sigma_s}$.
#[derive(Debug, Clone)]
pub(crate) struct TariffFactors {
    pub tau_hat: Vec<f64>,
    pub tau_pow: Vec<f64>,
}

impl TariffFactors {
    /// Recompute the factors of the cells where `t_new` differs from `cached` (and copy them).
    pub fn update(&mut self, st: &State, t_new: &[f64], cached: &mut [f64]) {
        let d = st.dims();
        for s in 0..d.s {
            let e = 1.0 - st.sigma()[s];
            for j in 0..d.n {
                for i in 0..d.n {
                    let c = d.ijs(i, j, s);
                    if t_new[c].to_bits() != cached[c].to_bits() {
                        let th = (1.0 + t_new[c]) / (1.0 + st.tariff()[c]);
                        self.tau_hat[c] = th;
                        self.tau_pow[c] = if th == 1.0 { 1.0 } else { th.powf(e) };
                        cached[c] = t_new[c];
                    }
                }
            }
        }
    }

    #[cfg(test)]
    pub fn new(st: &State, t_new: &[f64]) -> Self {
        let d = st.dims();
        let mut tau_hat = vec![1.0; d.cube_len()];
        let mut tau_pow = vec![1.0; d.cube_len()];
        for s in 0..d.s {
            let e = 1.0 - st.sigma()[s];
            for j in 0..d.n {
                for i in 0..d.n {
                    let c = d.ijs(i, j, s);
                    let th = (1.0 + t_new[c]) / (1.0 + st.tariff()[c]);
                    tau_hat[c] = th;
                    tau_pow[c] = if th == 1.0 { 1.0 } else { th.powf(e) };
                }
            }
        }
        Self { tau_hat, tau_pow }
    }
}

/// Evaluate spec §3 at `e_hat`, `w_hat`: price indices, $m$, $\pi'$, $\hat Y$, revenue and the
/// residuals, from the tariff factors $\hat\tau$ and $\hat\tau^{1-\sigma}$ ([`TariffFactors`]).
/// Returns false if a non-finite value appears. Generic over the number type: the `f64`
/// instance is Newton's, the [`crate::scalar::Dual`] instance gives exact directional
/// derivatives of every quantity (the products keep the `f64` instance's order of operations).
#[allow(clippy::too_many_arguments)]
pub(crate) fn forward<T: Scalar>(
    st: &State,
    tau_hat: &[T],
    tau_pow: &[T],
    t_new: &[T],
    nx_new: &[f64],
    e_hat: &[T],
    w_hat: &[T],
    fw: &mut Forward<T>,
) -> bool {
    let d = st.dims();
    let (n, ns) = (d.n, d.s);
    for i in 0..n {
        for s in 0..ns {
            // ŵ^{1−σ}
            fw.wpow[d.rs(i, s)] = w_hat[i].powf(1.0 - st.sigma()[s]);
        }
    }
    let gamma = st.gamma();
    fw.y_hat.iter_mut().for_each(|v| *v = T::cst(0.0));
    fw.rev.iter_mut().for_each(|v| *v = T::cst(0.0));
    let alpha = st.alpha();
    let cs = st.cost_share();
    for s in 0..ns {
        for j in 0..n {
            let base = d.ijs(0, j, s);
            // A_js = [Σ_i γ_ijs (ŵ_i τ̂_ijs)^{1−σ_s}]^{-1}   (spec §3)
            let mut sum = T::cst(0.0);
            for i in 0..n {
                sum += fw.wpow[d.rs(i, s)] * gamma[base + i] * tau_pow[base + i];
            }
            let a = if sum.re() > 0.0 {
                T::cst(1.0) / sum
            } else {
                T::cst(1.0)
            };
            fw.a[d.rs(j, s)] = a;
            let mut rev = T::cst(0.0);
            for i in 0..n {
                let c = base + i;
                let e = fw.wpow[d.rs(i, s)] * tau_pow[c];
                fw.pi[c] = e * gamma[c] * a;
                // m_ijs = ŵ_i^{1−σ} τ̂^{−σ} A_js
                let m = e * a / tau_hat[c];
                fw.m[c] = m;
                fw.y_hat[d.rs(i, s)] += m * alpha[c] * e_hat[j];
                rev += t_new[c] * cs[c] * m;
            }
            fw.rev[j] += rev;
        }
    }
    // Residuals.
    let (delta, profit, ell, e0) = (
        st.delta(),
        st.profit(),
        st.labour_income(),
        st.expenditure(),
    );
    for i in 1..n {
        // Labour market L_i: ŵ_i = Σ_s δ_is Ŷ_is
        let mut s_sum = T::cst(0.0);
        for s in 0..ns {
            s_sum += fw.y_hat[d.rs(i, s)] * delta[d.rs(i, s)];
        }
        fw.f[i - 1] = w_hat[i] - s_sum;
    }
    for j in 0..n {
        // Budget B_j: Ê_j (1 − Σ (X/E) t' m) = (ℓ/E) ŵ + Σ_s (Π/E) Ŷ − NX'/E
        let mut p = T::cst(0.0);
        for s in 0..ns {
            p += fw.y_hat[d.rs(j, s)] * profit[d.rs(j, s)];
        }
        fw.f[n - 1 + j] =
            e_hat[j] * (T::cst(1.0) - fw.rev[j]) - (w_hat[j] * ell[j] + p - nx_new[j]) / e0[j];
    }
    let ell_sum: f64 = ell.iter().sum();
    let mut num = T::cst(0.0);
    for i in 0..n {
        num += w_hat[i] * ell[i];
    }
    fw.f[2 * n - 1] = num / ell_sum - 1.0;
    fw.f.iter().all(|v| v.re().is_finite())
}

/// The analytic Jacobian $\partial F/\partial y$ at a forward evaluation, row-major
/// (spec §3, "Analytic derivatives").
pub(crate) fn jacobian(
    st: &State,
    t_new: &[f64],
    e_hat: &[f64],
    w_hat: &[f64],
    fw: &Forward,
    jac: &mut [f64],
    dy: &mut Vec<f64>,
) {
    let d = st.dims();
    let (n, ns) = (d.n, d.s);
    let k2 = 2 * n;
    jac.iter_mut().for_each(|v| *v = 0.0);
    let (alpha, cs, sigma) = (st.alpha(), st.cost_share(), st.sigma());
    let (delta, profit, ell, e0) = (
        st.delta(),
        st.profit(),
        st.labour_income(),
        st.expenditure(),
    );
    // dy[s][i][k] = ∂Ŷ_is/∂ŵ_k = (1−σ_s)/ŵ_k [1{i=k} Ŷ_is − Σ_j a_ijs π'_kjs], a = α m Ê.
    dy.clear();
    dy.resize(ns * n * n, 0.0);
    // drev[j][k] = ∂rev_j/∂ŵ_k = (1/ŵ_k) Σ_s (1−σ_s)[b_kjs − π'_kjs Σ_i b_ijs], b = (X/E) t' m.
    let mut drev = vec![0.0; n * n];
    let mut a = vec![0.0; n];
    for s in 0..ns {
        let e = 1.0 - sigma[s];
        let dys = &mut dy[s * n * n..(s + 1) * n * n];
        for j in 0..n {
            let base = d.ijs(0, j, s);
            let pi = &fw.pi[base..base + n];
            let mut bsum = 0.0;
            for i in 0..n {
                let c = base + i;
                bsum += cs[c] * t_new[c] * fw.m[c];
                a[i] = e * alpha[c] * fw.m[c] * e_hat[j];
            }
            for k in 0..n {
                let c = base + k;
                drev[j * n + k] += e * (cs[c] * t_new[c] * fw.m[c] - pi[k] * bsum);
            }
            for i in 0..n {
                let ai = a[i];
                let row = &mut dys[i * n..(i + 1) * n];
                for k in 0..n {
                    row[k] -= ai * pi[k];
                }
            }
        }
        for i in 0..n {
            dys[i * n + i] += e * fw.y_hat[d.rs(i, s)];
        }
    }
    let inv_w: Vec<f64> = w_hat.iter().map(|w| 1.0 / w).collect();
    for row in dy.chunks_exact_mut(n).chain(drev.chunks_exact_mut(n)) {
        for (v, iw) in row.iter_mut().zip(&inv_w) {
            *v *= iw;
        }
    }
    let dyx = |s: usize, i: usize, k: usize| dy[(s * n + i) * n + k];
    // Labour-market rows L_i, i = 2..N.
    for i in 1..n {
        let row = (i - 1) * k2;
        for j in 0..n {
            let mut v = 0.0;
            for s in 0..ns {
                let c = d.ijs(i, j, s);
                v += delta[d.rs(i, s)] * alpha[c] * fw.m[c];
            }
            jac[row + j] = -v;
        }
        for k in 0..n {
            let mut v = if i == k { 1.0 } else { 0.0 };
            for s in 0..ns {
                v -= delta[d.rs(i, s)] * dyx(s, i, k);
            }
            jac[row + n + k] = v;
        }
    }
    // Budget rows B_j.
    for j in 0..n {
        let row = (n - 1 + j) * k2;
        for k in 0..n {
            let mut v = if j == k { 1.0 - fw.rev[j] } else { 0.0 };
            for s in 0..ns {
                let c = d.ijs(j, k, s);
                v -= profit[d.rs(j, s)] / e0[j] * alpha[c] * fw.m[c];
            }
            jac[row + k] = v;
        }
        for k in 0..n {
            let mut v = -e_hat[j] * drev[j * n + k];
            if j == k {
                v -= ell[j] / e0[j];
            }
            for s in 0..ns {
                v -= profit[d.rs(j, s)] / e0[j] * dyx(s, j, k);
            }
            jac[row + n + k] = v;
        }
    }
    // Numeraire row.
    let ell_sum: f64 = ell.iter().sum();
    let row = (k2 - 1) * k2;
    for k in 0..n {
        jac[row + n + k] = ell[k] / ell_sum;
    }
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |m, x| m.max(x.abs()))
}

fn norm2(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Solve the equilibrium in changes (spec §3) for counterfactual tariffs `t_new`
/// ([`OssaDims::ijs`], diagonal 0) and counterfactual net exports `nx_new` (levels; pass zeros as
/// the paper does), by Newton's method with a backtracking line search from `guess`
/// ($(\hat E,\hat w)$; ones when `None`).
///
/// # Errors
/// [`OssaError::Invalid`] for a bad tariff cube or net-export vector;
/// [`OssaError::NotConverged`] when Newton stalls or reaches its iteration cap.
pub fn solve(
    st: &State,
    t_new: &[f64],
    nx_new: &[f64],
    guess: Option<&[f64]>,
    params: &NewtonParams,
) -> Result<Solution, OssaError> {
    solve_observed(st, t_new, nx_new, guess, params, &mut NoObserver)
}

/// [`solve`], reporting every Newton iteration (its max |Fₖ| against the tolerance) to
/// `observer`, which may stop the solve ([`Termination::Cancelled`]).
///
/// # Errors
/// As [`solve`]; a cancelled solve is [`OssaError::NotConverged`].
pub fn solve_observed(
    st: &State,
    t_new: &[f64],
    nx_new: &[f64],
    guess: Option<&[f64]>,
    params: &NewtonParams,
    observer: &mut dyn Observer,
) -> Result<Solution, OssaError> {
    st.check_tariffs(t_new)?;
    let d = st.dims();
    if nx_new.len() != d.n || nx_new.iter().any(|v| !v.is_finite()) {
        return Err(OssaError::invalid(
            "net_exports",
            "(whole array)",
            format!("{nx_new:?}"),
            format!("expected {} finite levels (use zeros)", d.n),
        ));
    }
    solve_in(
        st,
        &mut Workspace::new(st),
        t_new,
        nx_new,
        guess,
        params,
        observer,
    )
}

/// Reusable buffers of [`solve_in`]: tariff factors (updated only where tariffs change), the
/// forward evaluations and the Jacobian. One per thread.
#[derive(Debug, Clone)]
pub struct Workspace {
    tf: TariffFactors,
    cached: Vec<f64>,
    fw: Forward,
    trial: Forward,
    jac: Vec<f64>,
    dy: Vec<f64>,
}

impl Workspace {
    /// Buffers for states of the dimensions of `st`.
    pub fn new(st: &State) -> Self {
        let d = st.dims();
        let k2 = d.unknowns();
        Self {
            tf: TariffFactors {
                tau_hat: vec![1.0; d.cube_len()],
                tau_pow: vec![1.0; d.cube_len()],
            },
            // NaN never equals a tariff, so the first update computes every cell.
            cached: vec![f64::NAN; d.cube_len()],
            fw: Forward::new(d),
            trial: Forward::new(d),
            jac: vec![0.0; k2 * k2],
            dy: Vec::new(),
        }
    }
}

/// [`solve_observed`] without re-validating the inputs, with caller-owned buffers. The
/// workspace must be used with one state only (its tariff factors are relative to that state's
/// tariffs).
///
/// # Errors
/// [`OssaError::NotConverged`] when Newton stalls, reaches its iteration cap or is cancelled.
pub fn solve_in(
    st: &State,
    ws: &mut Workspace,
    t_new: &[f64],
    nx_new: &[f64],
    guess: Option<&[f64]>,
    params: &NewtonParams,
    observer: &mut dyn Observer,
) -> Result<Solution, OssaError> {
    let start = Instant::now();
    let d = st.dims();
    let (n, k2) = (d.n, d.unknowns());
    ws.tf.update(st, t_new, &mut ws.cached);
    let Workspace {
        tf,
        fw,
        trial,
        jac,
        dy,
        ..
    } = ws;
    let mut y = match guess {
        Some(g) if g.len() == k2 && g.iter().all(|v| v.is_finite() && *v > 0.0) => g.to_vec(),
        _ => vec![1.0; k2],
    };
    // Every way Newton can end without a solution, as truce-solve's one error.
    let fail = |termination, iterations, residual, hint: &str| {
        OssaError::from(NotConverged {
            info: Info {
                termination,
                iterations,
                residual,
                elapsed: start.elapsed(),
            },
            tol: params.tol,
            hint: hint.to_string(),
        })
    };
    if !forward(
        st,
        &tf.tau_hat,
        &tf.tau_pow,
        t_new,
        nx_new,
        &y[..n],
        &y[n..],
        fw,
    ) {
        return Err(fail(
            Termination::NonFinite(NonFinite::new("A_js or w_hat", 0)),
            0,
            f64::NAN,
            "a price index or wage became non-finite: check for extreme tariffs",
        ));
    }
    let mut res = max_abs(&fw.f);
    let mut iterations = 0;
    let mut ytry = vec![0.0; k2];
    let finish = |y: &[f64], fw: &Forward, lu: Lu, iterations, res| Solution {
        e_hat: y[..n].to_vec(),
        w_hat: y[n..].to_vec(),
        tariff: t_new.to_vec(),
        net_exports: nx_new.to_vec(),
        m: fw.m.clone(),
        pi: fw.pi.clone(),
        a: fw.a.clone(),
        y_hat: fw.y_hat.clone(),
        rev: fw.rev.clone(),
        jacobian: lu,
        info: Info {
            termination: Termination::Converged,
            iterations,
            residual: res,
            elapsed: start.elapsed(),
        },
    };
    loop {
        jacobian(st, t_new, &y[..n], &y[n..], fw, jac, dy);
        let Some(lu) = Lu::new(k2, jac) else {
            return Err(fail(
                Termination::Stalled,
                iterations,
                res,
                "the Jacobian is singular: check for regions or industries with no trade",
            ));
        };
        if res <= params.tol && iterations >= params.min_iter {
            return Ok(finish(&y, fw, lu, iterations, res));
        }
        if iterations >= params.max_iter {
            return Err(fail(
                Termination::MaxIters,
                iterations,
                res,
                "raise the iteration limit, or reach the tariffs in smaller steps",
            ));
        }
        iterations += 1;
        let it = Iterate {
            iteration: iterations,
            residual: res,
            tol: params.tol,
        };
        if observer.observe(&it) == Control::Stop {
            return Err(fail(
                Termination::Cancelled,
                iterations,
                res,
                "the solve was cancelled",
            ));
        }
        let mut step: Vec<f64> = fw.f.iter().map(|v| -v).collect();
        lu.solve(&mut step);
        // Backtracking on ‖F‖₂, keeping every hat positive.
        let f0 = norm2(&fw.f);
        let mut lambda = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            for k in 0..k2 {
                ytry[k] = y[k] + lambda * step[k];
            }
            if ytry.iter().all(|v| *v > 0.0)
                && forward(
                    st,
                    &tf.tau_hat,
                    &tf.tau_pow,
                    t_new,
                    nx_new,
                    &ytry[..n],
                    &ytry[n..],
                    trial,
                )
                && (norm2(&trial.f) <= (1.0 - 1e-4 * lambda) * f0
                    || max_abs(&trial.f) <= params.tol)
            {
                accepted = true;
                break;
            }
            lambda *= 0.5;
        }
        if !accepted {
            // At the floor of floating-point accuracy no step decreases ‖F‖; accept a point
            // within a small multiple of the tolerance rather than fail.
            if res <= 100.0 * params.tol {
                return Ok(finish(&y, fw, lu, iterations, res));
            }
            return Err(fail(
                Termination::Stalled,
                iterations,
                res,
                "the line search failed: the tariffs may be too extreme for the data",
            ));
        }
        std::mem::swap(fw, trial);
        std::mem::swap(&mut y, &mut ytry);
        res = max_abs(&fw.f);
    }
}

impl Solution {
    /// $(\hat E,\hat w)$, for warm-starting the next solve.
    pub fn unknowns(&self) -> Vec<f64> {
        let mut y = self.e_hat.clone();
        y.extend_from_slice(&self.w_hat);
        y
    }

    /// $\hat X_{ijs}=m_{ijs}\hat E_j$, [`OssaDims::ijs`].
    pub fn trade_change(&self, d: OssaDims) -> Vec<f64> {
        let mut x = self.m.clone();
        for s in 0..d.s {
            for j in 0..d.n {
                for i in 0..d.n {
                    x[d.ijs(i, j, s)] *= self.e_hat[j];
                }
            }
        }
        x
    }

    /// Counterfactual flows $X'_{ijs}=X_{ijs}\hat X_{ijs}$ (before tariffs), [`OssaDims::ijs`].
    pub fn trade(&self, st: &State) -> Vec<f64> {
        let mut x = self.trade_change(st.dims());
        for (v, x0) in x.iter_mut().zip(st.trade()) {
            *v *= x0;
        }
        x
    }

    /// The state at this solution: flows $X'$, tariffs $t'$ (spec §8 step 1, and §4's purge).
    ///
    /// # Errors
    /// If the new state fails validation (it cannot for a converged solution).
    pub fn rebase(&self, st: &State) -> Result<State, OssaError> {
        State::new(
            st.regions().to_vec(),
            st.industries().to_vec(),
            st.sigma().to_vec(),
            self.trade(st),
            self.tariff.clone(),
        )
    }

    /// $\ln\hat P_j=\sum_s\frac{\mu_{js}}{\sigma_s-1}\ln A_{js}$ (spec §3, outputs).
    pub fn ln_price_index(&self, st: &State, j: usize) -> f64 {
        let d = st.dims();
        (0..d.s)
            .map(|s| st.mu()[d.rs(j, s)] / (st.sigma()[s] - 1.0) * self.a[d.rs(j, s)].ln())
            .sum()
    }

    /// $\hat P_{js}$, [`OssaDims::rs`].
    pub fn industry_price_index(&self, st: &State) -> Vec<f64> {
        let d = st.dims();
        (0..d.rs_len())
            .map(|c| self.a[c].powf(1.0 / (st.sigma()[c % d.s] - 1.0)))
            .collect()
    }
}

/// The purge (spec §4): solve from `raw` at its own tariffs with $NX'=0$ and return the
/// balanced state $X^{pur}=X^{raw}\odot\hat X$ with the factual tariffs, and the solution.
///
/// # Errors
/// If the solve does not converge.
pub fn purge(raw: &State, params: &NewtonParams) -> Result<(State, Solution), OssaError> {
    let nx = vec![0.0; raw.dims().n];
    let sol = solve(raw, raw.tariff(), &nx, None, params)?;
    Ok((sol.rebase(raw)?, sol))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::random_state;

    /// The analytic Jacobian matches central differences of the residuals at an arbitrary
    /// point, with tariffs and net exports away from the base.
    #[test]
    fn analytic_jacobian_matches_finite_differences() {
        for seed in 0..4 {
            let st = random_state(seed, 4, 3);
            let d = st.dims();
            let k2 = d.unknowns();
            let mut t = st.tariff().to_vec();
            for (c, v) in t.iter_mut().enumerate() {
                if *v != 0.0 {
                    *v += 0.05 * ((c % 7) as f64 - 3.0) / 3.0;
                }
            }
            let nx: Vec<f64> = (0..d.n).map(|j| 0.3 * (j as f64 - 1.5)).collect();
            let tf = TariffFactors::new(&st, &t);
            let y: Vec<f64> = (0..k2).map(|k| 0.9 + 0.05 * (k % 5) as f64).collect();
            let mut fw = Forward::new(d);
            assert!(forward(
                &st,
                &tf.tau_hat,
                &tf.tau_pow,
                &t,
                &nx,
                &y[..d.n],
                &y[d.n..],
                &mut fw
            ));
            let mut jac = vec![0.0; k2 * k2];
            jacobian(
                &st,
                &t,
                &y[..d.n],
                &y[d.n..],
                &fw,
                &mut jac,
                &mut Vec::new(),
            );
            let h = 1e-6;
            for col in 0..k2 {
                let (mut yp, mut ym) = (y.clone(), y.clone());
                yp[col] += h;
                ym[col] -= h;
                let (mut fp, mut fm) = (Forward::new(d), Forward::new(d));
                forward(
                    &st,
                    &tf.tau_hat,
                    &tf.tau_pow,
                    &t,
                    &nx,
                    &yp[..d.n],
                    &yp[d.n..],
                    &mut fp,
                );
                forward(
                    &st,
                    &tf.tau_hat,
                    &tf.tau_pow,
                    &t,
                    &nx,
                    &ym[..d.n],
                    &ym[d.n..],
                    &mut fm,
                );
                for row in 0..k2 {
                    let fd = (fp.f[row] - fm.f[row]) / (2.0 * h);
                    let an = jac[row * k2 + col];
                    assert!(
                        (fd - an).abs() < 1e-7 * (1.0 + an.abs()),
                        "seed {seed} row {row} col {col}: analytic {an} vs fd {fd}"
                    );
                }
            }
        }
    }

    #[test]
    fn newton_converges_quadratically_and_rejects_bad_input() {
        let st = random_state(7, 5, 4);
        let d = st.dims();
        let nx = vec![0.0; d.n];
        let sol = solve(&st, st.tariff(), &nx, None, &NewtonParams::default()).unwrap();
        assert!(sol.info.residual <= 1e-12);
        assert!(
            sol.info.iterations <= 10,
            "{} iterations",
            sol.info.iterations
        );
        // Warm start from the solution: no iteration needed.
        let again = solve(
            &st,
            st.tariff(),
            &nx,
            Some(&sol.unknowns()),
            &NewtonParams::default(),
        )
        .unwrap();
        assert_eq!(again.info.iterations, 0);
        let mut bad = st.tariff().to_vec();
        bad[d.ijs(1, 1, 0)] = 0.1;
        let e = solve(&st, &bad, &nx, None, &NewtonParams::default()).unwrap_err();
        assert!(e.to_string().contains("exporter R1, importer R1"), "{e}");
        bad[d.ijs(1, 1, 0)] = 0.0;
        bad[d.ijs(0, 1, 0)] = f64::NAN;
        assert!(solve(&st, &bad, &nx, None, &NewtonParams::default()).is_err());
        assert!(solve(&st, st.tariff(), &[0.0], None, &NewtonParams::default()).is_err());
    }

    /// Zero shock on a balanced state: every hat is one.
    #[test]
    fn a_purged_state_is_its_own_equilibrium() {
        let raw = random_state(3, 4, 5);
        let (bal, _) = purge(&raw, &NewtonParams::default()).unwrap();
        let nx = vec![0.0; 4];
        let sol = solve(&bal, bal.tariff(), &nx, None, &NewtonParams::default()).unwrap();
        for v in sol.unknowns() {
            assert!((v - 1.0).abs() < 1e-12, "{v}");
        }
    }
}
