//! Real income, the political-economy government objective (spec §5), and their exact
//! gradients with respect to every tariff by the implicit-function (adjoint) method (spec §10).

use crate::dims::OssaDims;
use crate::equilibrium::Solution;
use crate::error::OssaError;
use crate::scalar::Scalar;
use crate::state::State;

/// Which government objective: Ossa's "basic" version ($\lambda\equiv1$, Ĝ = real income when
/// trade is balanced) or the "political-economy" version (calibrated $\lambda$, `lambda_pol.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Version {
    /// $\lambda\equiv1$ ("BAS").
    Bas,
    /// Calibrated weights ("POL").
    Pol,
}

impl Version {
    /// `"bas"` or `"pol"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Version::Bas => "bas",
            Version::Pol => "pol",
        }
    }
}

/// Political-economy weights $\lambda_{js}$, [`OssaDims::rs`].
#[derive(Debug, Clone, PartialEq)]
pub struct Lambda(Vec<f64>);

impl Lambda {
    /// $\lambda\equiv1$.
    pub fn ones(d: OssaDims) -> Self {
        Lambda(vec![1.0; d.rs_len()])
    }

    /// Weights for `d`, validated: finite, non-negative, and not all zero for any region.
    ///
    /// # Errors
    /// [`OssaError::Invalid`] naming the region and industry.
    pub fn new(d: OssaDims, values: Vec<f64>) -> Result<Self, OssaError> {
        if values.len() != d.rs_len() {
            return Err(OssaError::invalid(
                "lambda",
                "(whole array)",
                format!("{} values", values.len()),
                format!("expected {} (regions × industries)", d.rs_len()),
            ));
        }
        for (c, &v) in values.iter().enumerate() {
            if !(v.is_finite() && v >= 0.0) {
                return Err(OssaError::invalid(
                    "lambda",
                    format!("region no. {}, industry no. {}", c / d.s + 1, c % d.s + 1),
                    v,
                    "political-economy weights are finite and non-negative",
                ));
            }
        }
        for j in 0..d.n {
            if values[j * d.s..(j + 1) * d.s].iter().all(|v| *v == 0.0) {
                return Err(OssaError::invalid(
                    "lambda",
                    format!("region no. {}", j + 1),
                    0,
                    "a government must value at least one industry",
                ));
            }
        }
        Ok(Lambda(values))
    }

    /// The weights.
    pub fn values(&self) -> &[f64] {
        &self.0
    }
}

/// The quantities of spec §3 at one point, as slices: a [`Solution`] (`f64`), or a dual-number
/// evaluation near it (`crate::hessian`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Point<'a, T> {
    pub e_hat: &'a [T],
    pub w_hat: &'a [T],
    pub tariff: &'a [T],
    pub m: &'a [T],
    pub pi: &'a [T],
    pub a: &'a [T],
    pub y_hat: &'a [T],
    pub rev: &'a [T],
}

impl Solution {
    /// This solution as a [`Point`].
    pub(crate) fn point(&self) -> Point<'_, f64> {
        Point {
            e_hat: &self.e_hat,
            w_hat: &self.w_hat,
            tariff: &self.tariff,
            m: &self.m,
            pi: &self.pi,
            a: &self.a,
            y_hat: &self.y_hat,
            rev: &self.rev,
        }
    }
}

/// $\ln\hat P_j=\sum_s\frac{\mu_{js}}{\sigma_s-1}\ln A_{js}$ (spec §3, outputs).
pub(crate) fn ln_price_index<T: Scalar>(st: &State, a: &[T], j: usize) -> T {
    let d = st.dims();
    let mut sum = T::cst(0.0);
    for s in 0..d.s {
        sum += a[d.rs(j, s)].ln() * (st.mu()[d.rs(j, s)] / (st.sigma()[s] - 1.0));
    }
    sum
}

/// Real income $\hat W_j=\hat E_j/\hat P_j$ (spec §5).
pub fn real_income(st: &State, sol: &Solution, j: usize) -> f64 {
    ln_payoff(st, &sol.point(), Measure::RealIncome, j).exp()
}

/// Pieces of $\hat G_j$: $\sum_s\lambda_{js}I_{js}$ decomposed (spec §5).
pub(crate) struct GovParts<T> {
    /// $N'_j=\sum_s\lambda_{js}I'_{js}$.
    pub num: T,
    /// $K'_j=\sum_r(1-1/\sigma_r)Y'_{jr}$.
    pub k: T,
    /// $L'_j=\sum_s\lambda_{js}(1-1/\sigma_s)Y'_{js}$.
    pub l: T,
    /// $R'_j$.
    pub r: T,
}

/// $\sum_s\lambda_{js}(Y_{js}+\delta_{js}R_j)$ with $\delta_{js}=\kappa_sY_{js}/\sum_r\kappa_rY_{jr}$,
/// $\kappa_s=1-1/\sigma_s$, for outputs `y` (levels, [`OssaDims::rs`]) and revenue `r`.
fn gov_parts<T: Scalar>(
    st: &State,
    lambda: &[f64],
    j: usize,
    y: impl Fn(usize) -> T,
    r: T,
) -> GovParts<T> {
    let d = st.dims();
    let (mut sum_ly, mut k, mut l) = (T::cst(0.0), T::cst(0.0), T::cst(0.0));
    for s in 0..d.s {
        let kappa = 1.0 - 1.0 / st.sigma()[s];
        let lam = lambda[d.rs(j, s)];
        let ys = y(s);
        sum_ly += ys * lam;
        k += ys * kappa;
        l += ys * (lam * kappa);
    }
    GovParts {
        num: sum_ly + r * l / k,
        k,
        l,
        r,
    }
}

/// $N'_j$ and its pieces at a point.
pub(crate) fn gov_new<T: Scalar>(
    st: &State,
    pt: &Point<'_, T>,
    lambda: &[f64],
    j: usize,
) -> GovParts<T> {
    let d = st.dims();
    let r_new = pt.e_hat[j] * st.expenditure()[j] * pt.rev[j];
    gov_parts(
        st,
        lambda,
        j,
        |s| pt.y_hat[d.rs(j, s)] * st.output()[d.rs(j, s)],
        r_new,
    )
}

/// $N_j$ and its pieces at the state itself.
pub(crate) fn gov_base(st: &State, lambda: &[f64], j: usize) -> GovParts<f64> {
    let d = st.dims();
    gov_parts(st, lambda, j, |s| st.output()[d.rs(j, s)], st.revenue()[j])
}

/// $\ln\hat W_j$ or $\ln\hat G_j$ at a point.
pub(crate) fn ln_payoff<T: Scalar>(
    st: &State,
    pt: &Point<'_, T>,
    measure: Measure<'_>,
    j: usize,
) -> T {
    match measure {
        Measure::RealIncome => pt.e_hat[j].ln() - ln_price_index(st, pt.a, j),
        Measure::Government(lambda) => {
            let lam = lambda.values();
            let new = gov_new(st, pt, lam, j);
            let base = gov_base(st, lam, j);
            (new.num / base.num).ln() - ln_price_index(st, pt.a, j)
        }
    }
}

/// Government welfare $\hat G_j=\big(\sum_s\lambda_{js}I'_{js}/\sum_s\lambda_{js}I_{js}\big)/\hat P_j$
/// with $I_{js}=Y_{js}+\delta_{js}R_j$, $\delta'$ and $R'$ recomputed at the counterfactual
/// (spec §5, pitfall 9).
pub fn government_welfare(st: &State, sol: &Solution, lambda: &Lambda, j: usize) -> f64 {
    ln_payoff(st, &sol.point(), Measure::Government(lambda), j).exp()
}

/// A payoff whose gradient the adjoint computes.
#[derive(Debug, Clone, Copy)]
pub enum Measure<'a> {
    /// $\hat W_j$.
    RealIncome,
    /// $\hat G_j$ with these weights.
    Government(&'a Lambda),
}

/// Seeds of a scalar objective on the intermediate quantities of spec §3.
#[derive(Debug, Clone)]
pub(crate) struct Seeds<T = f64> {
    pub y_hat: Vec<T>,
    pub rev: Vec<T>,
    pub e_hat: Vec<T>,
    pub w_hat: Vec<T>,
    pub ln_a: Vec<T>,
}

impl<T: Scalar> Seeds<T> {
    pub fn add_scaled(&mut self, o: &Seeds<T>, w: T) {
        for (a, b) in [
            (&mut self.y_hat, &o.y_hat),
            (&mut self.rev, &o.rev),
            (&mut self.e_hat, &o.e_hat),
            (&mut self.w_hat, &o.w_hat),
            (&mut self.ln_a, &o.ln_a),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += *y * w;
            }
        }
    }

    pub fn zeros(d: OssaDims) -> Self {
        let z = T::cst(0.0);
        Self {
            y_hat: vec![z; d.rs_len()],
            rev: vec![z; d.n],
            e_hat: vec![z; d.n],
            w_hat: vec![z; d.n],
            ln_a: vec![z; d.rs_len()],
        }
    }
}

/// Partial derivatives of $\ln\hat W_j$ or $\ln\hat G_j$ with respect to $\hat Y$, rev,
/// $\hat E$ and $\ln A$, holding the rest fixed.
pub(crate) fn seeds<T: Scalar>(
    st: &State,
    pt: &Point<'_, T>,
    measure: Measure<'_>,
    j: usize,
) -> Seeds<T> {
    let d = st.dims();
    let mut sd = Seeds::zeros(d);
    // ln P̂_j = Σ_s μ_js/(σ_s − 1) ln A_js enters with a minus sign in both measures.
    for s in 0..d.s {
        sd.ln_a[d.rs(j, s)] = T::cst(-st.mu()[d.rs(j, s)] / (st.sigma()[s] - 1.0));
    }
    match measure {
        Measure::RealIncome => {
            sd.e_hat[j] = T::cst(1.0) / pt.e_hat[j];
        }
        Measure::Government(lambda) => {
            let lam = lambda.values();
            let g = gov_new(st, pt, lam, j);
            let share = g.l / g.k;
            for s in 0..d.s {
                let kappa = 1.0 - 1.0 / st.sigma()[s];
                let l_js = lam[d.rs(j, s)];
                // ∂N'/∂Y'_js = λ_js + R' κ_s (λ_js − L'/K')/K'
                let dn = g.r * kappa * (T::cst(l_js) - share) / g.k + l_js;
                sd.y_hat[d.rs(j, s)] = dn * st.output()[d.rs(j, s)] / g.num;
            }
            // ∂N'/∂R' = L'/K', R' = Ê_j E_j rev_j
            sd.rev[j] = share * pt.e_hat[j] * st.expenditure()[j] / g.num;
            sd.e_hat[j] = share * st.expenditure()[j] * pt.rev[j] / g.num;
        }
    }
    sd
}

/// Reverse-mode sweep through spec §3 for the scalar
/// $\psi=\Phi+\sum_rw_rF_r$, where $\Phi$ is given by its `seeds` on the intermediate
/// quantities. Writes $\partial\psi/\partial y$ into `out_y` ($\hat E$ then $\hat w$) and
/// $\partial\psi/\partial t'$ into `out_t` ([`OssaDims::ijs`]). Generic over the number type: in
/// dual numbers it differentiates the gradient itself (forward over reverse).
pub(crate) fn sweep<T: Scalar>(
    st: &State,
    pt: &Point<'_, T>,
    w_f: &[f64],
    sd: &Seeds<T>,
    out_y: &mut [T],
    out_t: &mut [T],
) {
    let d = st.dims();
    let (n, ns) = (d.n, d.s);
    let (delta, profit, ell, e0) = (
        st.delta(),
        st.profit(),
        st.labour_income(),
        st.expenditure(),
    );
    let (alpha, cs, sigma) = (st.alpha(), st.cost_share(), st.sigma());
    let ell_sum: f64 = ell.iter().sum();
    let wl = |i: usize| if i >= 1 { w_f[i - 1] } else { 0.0 };
    let wb = |j: usize| w_f[n - 1 + j];
    let wn = w_f[2 * n - 1];
    // Adjoints of the intermediate quantities.
    let mut bar_y = sd.y_hat.clone();
    let mut bar_rev = sd.rev.clone();
    let mut bar_e = sd.e_hat.clone();
    let mut bar_w = sd.w_hat.clone();
    for i in 0..n {
        // L_i = ŵ_i − Σ δ Ŷ ; B_i = Ê(1 − rev) − (ℓ ŵ + Σ Π Ŷ − NX')/E ; Nm = Σ ℓ ŵ/Σℓ − 1
        for s in 0..ns {
            let c = -wl(i) * delta[d.rs(i, s)] - wb(i) * profit[d.rs(i, s)] / e0[i];
            bar_y[d.rs(i, s)] = bar_y[d.rs(i, s)] + c;
        }
        bar_rev[i] += pt.e_hat[i] * -wb(i);
        bar_e[i] += (T::cst(1.0) - pt.rev[i]) * wb(i);
        bar_w[i] = bar_w[i] + (wl(i) - wb(i) * ell[i] / e0[i] + wn * ell[i] / ell_sum);
    }
    let mut bar_lnw = vec![T::cst(0.0); n];
    out_t.iter_mut().for_each(|v| *v = T::cst(0.0));
    for s in 0..ns {
        let e = 1.0 - sigma[s];
        for j in 0..n {
            let base = d.ijs(0, j, s);
            let mut bar_lna = sd.ln_a[d.rs(j, s)];
            for i in 0..n {
                let c = base + i;
                let m = pt.m[c];
                let by = bar_y[d.rs(i, s)];
                // Ŷ_is = Σ_j α m Ê_j ; rev_j = Σ (X/E) t' m
                let bar_m = by * alpha[c] * pt.e_hat[j] + bar_rev[j] * cs[c] * pt.tariff[c];
                bar_e[j] += by * alpha[c] * m;
                out_t[c] += bar_rev[j] * cs[c] * m;
                // ln m = (1−σ) ln ŵ_i − σ ln τ̂ + ln A
                let bar_lnm = bar_m * m;
                bar_lnw[i] += bar_lnm * e;
                out_t[c] += bar_lnm * -sigma[s] / (pt.tariff[c] + 1.0);
                bar_lna += bar_lnm;
            }
            // ln A = −ln Σ_i γ (ŵ_i τ̂)^{1−σ}: ∂/∂ln ŵ_i = ∂/∂ln τ̂ = −(1−σ) π'
            for i in 0..n {
                let c = base + i;
                let g = pt.pi[c] * -e * bar_lna;
                bar_lnw[i] += g;
                out_t[c] += g / (pt.tariff[c] + 1.0);
            }
        }
    }
    for i in 0..n {
        out_y[i] = bar_e[i];
        out_y[n + i] = bar_w[i] + bar_lnw[i] / pt.w_hat[i];
    }
}

/// Value and exact gradient of a payoff of region `j` with respect to every counterfactual
/// tariff $t'_{ijs}$ (the full cube, [`OssaDims::ijs`]; diagonal entries are meaningless), by the
/// implicit-function theorem (spec §10): with $F_y^\top v=\nabla_y\Phi$,
/// $\nabla_t\Phi=\partial_t\Phi-v^\top F_t$. Cost: two reverse sweeps and one transposed solve
/// with the Newton factors, independent of the number of tariffs.
///
/// Returns the payoff ($\hat W_j$ or $\hat G_j$); `grad` receives its gradient.
pub fn payoff_gradient(
    st: &State,
    sol: &Solution,
    measure: Measure<'_>,
    j: usize,
    grad: &mut [f64],
) -> f64 {
    let d = st.dims();
    let k2 = d.unknowns();
    let pt = sol.point();
    let sd = seeds(st, &pt, measure, j);
    let zero = vec![0.0; k2];
    let mut gy = vec![0.0; k2];
    sweep(st, &pt, &zero, &sd, &mut gy, grad);
    // v solves F_yᵀ v = ∂Φ/∂y; the sweep with weights −v gives the total derivative in t'.
    sol.jacobian.solve_transpose(&mut gy);
    let w: Vec<f64> = gy.iter().map(|v| -v).collect();
    let mut rest = vec![0.0; k2];
    sweep(st, &pt, &w, &sd, &mut rest, grad);
    let value = match measure {
        Measure::RealIncome => real_income(st, sol, j),
        Measure::Government(l) => government_welfare(st, sol, l, j),
    };
    // d ln Φ → d Φ
    grad.iter_mut().for_each(|g| *g *= value);
    value
}

/// Every region's payoff ($\hat W_j$ or $\hat G_j$) at a solution.
pub fn payoffs(st: &State, sol: &Solution, measure: Measure<'_>) -> Vec<f64> {
    (0..st.dims().n)
        .map(|j| match measure {
            Measure::RealIncome => real_income(st, sol, j),
            Measure::Government(l) => government_welfare(st, sol, l, j),
        })
        .collect()
}

/// Exact gradient of $\sum_jw_j\Phi_j$ (a weighted sum of every region's payoff, whose values
/// at `sol` are `payoffs`) with respect to every tariff, by one adjoint: the seeds of the
/// regions' payoffs are combined before the transposed solve, so the cost is that of a single
/// payoff's gradient (two reverse sweeps), whatever the number of regions.
pub fn weighted_gradient(
    st: &State,
    sol: &Solution,
    measure: Measure<'_>,
    payoffs: &[f64],
    weights: &[f64],
    grad: &mut [f64],
) {
    let d = st.dims();
    let k2 = d.unknowns();
    let pt = sol.point();
    let sd = weighted_seeds(st, &pt, measure, payoffs, weights);
    let zero = vec![0.0; k2];
    let mut gy = vec![0.0; k2];
    sweep(st, &pt, &zero, &sd, &mut gy, grad);
    sol.jacobian.solve_transpose(&mut gy);
    let w: Vec<f64> = gy.iter().map(|v| -v).collect();
    let mut rest = vec![0.0; k2];
    sweep(st, &pt, &w, &sd, &mut rest, grad);
}

/// Seeds of $\sum_jw_j\Phi_j$ from those of each $\ln\Phi_j$: $\nabla\Phi_j=\Phi_j\nabla\ln\Phi_j$.
pub(crate) fn weighted_seeds<T: Scalar>(
    st: &State,
    pt: &Point<'_, T>,
    measure: Measure<'_>,
    payoffs: &[T],
    weights: &[f64],
) -> Seeds<T> {
    let mut sd = Seeds::zeros(st.dims());
    for j in 0..st.dims().n {
        if weights[j] != 0.0 {
            sd.add_scaled(&seeds(st, pt, measure, j), payoffs[j] * weights[j]);
        }
    }
    sd
}

/// Numbers reported per region for one counterfactual (spec §5), in percent relative to the
/// state the counterfactual was solved from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RegionResult {
    /// Region code.
    pub code: String,
    /// $100(\hat G_j-1)$, the government objective.
    pub welfare_pct: f64,
    /// $100(\hat W_j-1)$.
    pub real_income_pct: f64,
    /// $100(\hat w_j-\frac1N\sum_k\hat w_k)$.
    pub relative_wage_pct: f64,
    /// $100(\hat\Pi_j/\hat w_j-1)$ with $\hat\Pi_j=\sum_s\Pi_{js}\hat Y_{js}/\sum_s\Pi_{js}$.
    pub profits_pct: f64,
    /// Median of the $(N-1)S$ tariffs the region levies, percent.
    pub median_tariff_pct: f64,
}

/// Every spec §5 number for every region.
pub fn region_results(st: &State, sol: &Solution, lambda: &Lambda) -> Vec<RegionResult> {
    let d = st.dims();
    let wbar = sol.w_hat.iter().sum::<f64>() / d.n as f64;
    (0..d.n)
        .map(|j| {
            let (mut p0, mut p1) = (0.0, 0.0);
            for s in 0..d.s {
                p0 += st.profit()[d.rs(j, s)];
                p1 += st.profit()[d.rs(j, s)] * sol.y_hat[d.rs(j, s)];
            }
            RegionResult {
                code: st.regions()[j].clone(),
                welfare_pct: 100.0 * (government_welfare(st, sol, lambda, j) - 1.0),
                real_income_pct: 100.0 * (real_income(st, sol, j) - 1.0),
                relative_wage_pct: 100.0 * (sol.w_hat[j] - wbar),
                profits_pct: 100.0 * (p1 / p0 / sol.w_hat[j] - 1.0),
                median_tariff_pct: 100.0 * st.median_tariff(&sol.tariff, j),
            }
        })
        .collect()
}

/// Table 2 of the paper: real sales of region `j` in industry `s`,
/// $100[(\sum_kX'_{jks}/\sum_kX_{jks})/\hat w_j-1]$ (spec §5).
pub fn real_sales_pct(st: &State, sol: &Solution, j: usize, s: usize) -> f64 {
    let d = st.dims();
    100.0 * (sol.y_hat[d.rs(j, s)] / sol.w_hat[j] - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equilibrium::{purge, solve, NewtonParams};
    use crate::testing::random_state;

    /// The adjoint gradient of Ŵ and Ĝ matches central differences of re-solved equilibria,
    /// for own tariffs and for other regions' tariffs.
    #[test]
    fn adjoint_gradient_matches_finite_differences() {
        let raw = random_state(11, 4, 3);
        let (st, _) = purge(&raw, &NewtonParams::default()).unwrap();
        let d = st.dims();
        let lam_vals: Vec<f64> = (0..d.rs_len())
            .map(|c| 0.5 + (c % 4) as f64 * 0.3)
            .collect();
        let lam = Lambda::new(d, lam_vals).unwrap();
        let mut t = st.tariff().to_vec();
        for (c, v) in t.iter_mut().enumerate() {
            if *v != 0.0 {
                *v += 0.1 * ((c % 5) as f64) / 4.0;
            }
        }
        let nx = vec![0.0; d.n];
        let p = NewtonParams::default();
        let sol = solve(&st, &t, &nx, None, &p).unwrap();
        for measure in [Measure::RealIncome, Measure::Government(&lam)] {
            for j in 0..d.n {
                let mut grad = vec![0.0; d.cube_len()];
                let v = payoff_gradient(&st, &sol, measure, j, &mut grad);
                let eval = |tt: &[f64]| {
                    let s = solve(&st, tt, &nx, Some(&sol.unknowns()), &p).unwrap();
                    match measure {
                        Measure::RealIncome => real_income(&st, &s, j),
                        Measure::Government(l) => government_welfare(&st, &s, l, j),
                    }
                };
                assert!((eval(&t) - v).abs() < 1e-14);
                for s in 0..d.s {
                    for jj in 0..d.n {
                        for i in (0..d.n).filter(|&i| i != jj) {
                            let c = d.ijs(i, jj, s);
                            let h = 1e-5;
                            let (mut tp, mut tm) = (t.clone(), t.clone());
                            tp[c] += h;
                            tm[c] -= h;
                            let fd = (eval(&tp) - eval(&tm)) / (2.0 * h);
                            assert!(
                                (fd - grad[c]).abs() < 1e-8,
                                "payoff {j}, cell ({i},{jj},{s}): adjoint {} fd {fd}",
                                grad[c]
                            );
                        }
                    }
                }
            }
        }
    }

    /// The one-adjoint weighted gradient equals the weighted sum of single-payoff gradients.
    #[test]
    fn weighted_gradient_combines_payoff_gradients() {
        let raw = random_state(5, 3, 4);
        let d = raw.dims();
        let lam = Lambda::new(d, (0..d.rs_len()).map(|c| 0.2 + (c % 3) as f64).collect()).unwrap();
        let nx = vec![0.0; d.n];
        let mut t = raw.tariff().to_vec();
        t[d.ijs(0, 1, 2)] += 0.3;
        let sol = solve(&raw, &t, &nx, None, &NewtonParams::default()).unwrap();
        let m = Measure::Government(&lam);
        let u = payoffs(&raw, &sol, m);
        let w = [0.3, -1.2, 2.0];
        let mut combined = vec![0.0; d.cube_len()];
        weighted_gradient(&raw, &sol, m, &u, &w, &mut combined);
        let mut sum = vec![0.0; d.cube_len()];
        for j in 0..d.n {
            let mut g = vec![0.0; d.cube_len()];
            let v = payoff_gradient(&raw, &sol, m, j, &mut g);
            assert!((v - u[j]).abs() < 1e-15);
            for c in 0..g.len() {
                sum[c] += w[j] * g[c];
            }
        }
        for c in 0..sum.len() {
            assert!(
                (sum[c] - combined[c]).abs() < 1e-13,
                "{c}: {} vs {}",
                sum[c],
                combined[c]
            );
        }
    }

    #[test]
    fn lambda_is_validated() {
        let d = OssaDims { n: 2, s: 2 };
        assert!(Lambda::new(d, vec![1.0; 3]).is_err());
        assert!(Lambda::new(d, vec![1.0, -0.1, 1.0, 1.0]).is_err());
        let e = Lambda::new(d, vec![0.0, 0.0, 1.0, 1.0]).unwrap_err();
        assert!(e.to_string().contains("region no. 1"), "{e}");
        assert!(Lambda::new(d, vec![0.0, 2.0, 1.0, 1.0]).is_ok());
    }
}
