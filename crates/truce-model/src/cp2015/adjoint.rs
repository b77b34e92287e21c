//! Exact derivatives of payoffs at a solved Caliendo–Parro equilibrium with respect to policy
//! (tariffs and export taxes), by the implicit-function theorem and one adjoint solve per
//! payoff combination.
//!
//! # Method
//! Write the equilibrium of [`super::Engine`] as $F(y,x)=0$ in the unknowns
//! $y=(\ln\hat w_n,\ \ln\hat P^j_n,\ X'^j_n)$ ($N+2NJ$ values) and policy $x$:
//!
//! * $F_P=\ln\hat P^j_n+\frac1{\theta^j}\ln\sum_i k_{ni}\hat c_i^{-\theta^j}$, with
//!   $\ln\hat c^j_i=\gamma^j_i\ln\hat w_i+\sum_k\gamma^{k,j}_i\ln\hat P^k_i$ (CP2015 eqs. (10)–(11));
//! * $F_X=X'^j_n-\sum_k\gamma^{j,k}_nY'^k_n-\alpha^j_n(\hat w_nVA_n+R'_n+T'_n+D'_n)$ (eq. (13)),
//!   with the flows of eq. (12);
//! * $F_w=Z_n/VA_n$ for $n\ge1$ (eq. (14)) and the numeraire $\sum_nVA_n\hat w_n/\sum_nVA_n-1$
//!   in place of $n=0$ (one trade balance is implied by the others, Walras' law).
//!
//! A payoff $u(y,x)$ (real income, or a political-economy objective) then has the total
//! derivative $\mathrm du/\mathrm dx=u_x-\lambda^\top F_x$ with $F_y^\top\lambda=u_y^\top$: one
//! transposed solve with the LU factors of the $(N+2NJ)$-square Jacobian $F_y$ per payoff
//! combination, whatever the number of instruments (253 unknowns on the 11 × 11 default world).
//! $F_y$ and $F_x$ are assembled analytically from the same quantities the engine leaves at
//! the solution (shares π', spending X', prices), so no equilibrium is re-solved.
//!
//! Covered: Cobb–Douglas production, deficits fixed or zero, tariffs and export taxes. Not
//! covered (the caller falls back to differences): nested CES production (cost shares that move
//! with prices), export quotas and supply caps (complementarity conditions), the multiplicative
//! deficit rule; [`Linearised::new`] says which.
//!
//! # References
//! Caliendo, L. and Parro, F. (2015), *Review of Economic Studies* 82(1): 1–44, eqs. (10)–(14);
//! the adjoint method as in Griewank & Walther (2008), *Evaluating Derivatives*, ch. 15.

use super::equilibrium::Equilibrium;
use super::pattern::Pattern;
use crate::baseline::Baseline;
use crate::policy::{DeficitRule, Policy};
use truce_solve::linalg::Lu;

/// A small change of policy: for each listed cell ([`crate::Dims::nij`]),
/// $\mathrm d\ln(1+\tau')$ and $\mathrm d\ln(1+t')$ per unit of the instrument.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyDirection {
    /// (cell, d ln(1 + tariff), d ln(1 + export tax)).
    pub cells: Vec<(usize, f64, f64)>,
}

/// What a player maximises, as a function of the equilibrium: region `region`'s
/// $\big(a\,\hat w_nVA_n+\sum_j\lambda_j\gamma^j_nY'^j_n+R'_n+T'_n+D'_n\big)/\mathrm{den}/\hat P_n$:
/// real income with $a=1$, $\lambda=0$, den = base income; Ossa's political-economy objective
/// with $a=0$ and the sector weights λ (den = its base value).
#[derive(Debug, Clone, PartialEq)]
pub struct RegionObjective {
    /// Region index.
    pub region: usize,
    /// Weight a on the wage bill ŵₙVAₙ.
    pub wage_bill: f64,
    /// Weights λⱼ on sectoral value added γʲₙY'ʲₙ (empty: none).
    pub value_added: Vec<f64>,
    /// The denominator (base value of the numerator).
    pub base: f64,
}

impl RegionObjective {
    /// Real income Îₙ/P̂ₙ of region `n` (base income from the baseline).
    pub fn real_income(b: &Baseline, n: usize) -> Self {
        Self {
            region: n,
            wage_bill: 1.0,
            value_added: Vec::new(),
            base: b.income(n),
        }
    }
}

/// Why exact derivatives are not available at an equilibrium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotCovered {
    /// Production is nested CES: cost shares move with prices.
    NestedProduction,
    /// The policy has export quotas or supply caps.
    Quotas,
    /// Deficits follow the multiplicative rule.
    DeficitRule,
    /// The Jacobian of the equilibrium system is singular at the solution.
    Singular,
}

impl std::fmt::Display for NotCovered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotCovered::NestedProduction => "nested CES production",
            NotCovered::Quotas => "export quotas or supply caps",
            NotCovered::DeficitRule => "the multiplicative deficit rule",
            NotCovered::Singular => "a singular equilibrium Jacobian",
        })
    }
}

/// The equilibrium system linearised at a solution: the LU factors of $F_y$ and what the
/// policy and payoff derivatives need.
#[derive(Debug, Clone)]
pub struct Linearised<'a> {
    b: &'a Baseline,
    pat: &'a Pattern,
    eq: &'a Equilibrium,
    /// π' on the pattern.
    pi: Vec<f64>,
    /// 1/(1 + τ') and 1/((1 + τ')(1 + t')) on the pattern.
    border: Vec<f64>,
    producer: Vec<f64>,
    /// Pattern entry of each cell (usize::MAX: zero base flow).
    entry_of: Vec<usize>,
    /// Rows of the aggregates' derivatives over y: Y'ʲᵢ ([`crate::Dims::nj`]), then R'+T' per
    /// region, then imports − exports per region; each of length `m`.
    agg: Vec<f64>,
    /// $F_y$, row-major.
    jac: Vec<f64>,
    /// Its transposed solves by blocks ([`BlockSolve`]).
    solve: BlockSolve,
    m: usize,
}

/// $F_y^\top\lambda=g$ by blocks. $F_P$ does not depend on X', so with the unknowns ordered
/// (ln ŵ, ln P̂, X') the (P̂, X') part of $F_y$ is block triangular: two LU factorisations of
/// NJ-square blocks and an N-square Schur complement on ln ŵ (built from N homogeneous
/// responses) replace one LU of the whole $(N+2NJ)$-square matrix, about a third of the work.
#[derive(Debug, Clone)]
struct BlockSolve {
    n: usize,
    nj: usize,
    lu_pp: Lu,
    lu_xx: Lu,
    schur: Lu,
    /// (λ_P, λ_X) of the homogeneous responses to λ_w = e_n, n = 0..N.
    hom: Vec<(Vec<f64>, Vec<f64>)>,
}

/// out[c] += sign · Σ_r jac[r, c] v[r] over rows `r0..r0 + v.len()`, columns `c0..c0 + out.len()`.
fn tmul(jac: &[f64], m: usize, r0: usize, c0: usize, v: &[f64], out: &mut [f64], sign: f64) {
    for (r, &vr) in v.iter().enumerate() {
        if vr == 0.0 {
            continue;
        }
        let row = &jac[(r0 + r) * m + c0..(r0 + r) * m + c0 + out.len()];
        let f = sign * vr;
        for (o, &a) in out.iter_mut().zip(row) {
            *o += f * a;
        }
    }
}

impl BlockSolve {
    fn new(jac: &[f64], n: usize, nj: usize) -> Option<Self> {
        let m = n + 2 * nj;
        let block = |r0: usize, c0: usize| -> Vec<f64> {
            let mut a = vec![0.0; nj * nj];
            for r in 0..nj {
                a[r * nj..(r + 1) * nj]
                    .copy_from_slice(&jac[(r0 + r) * m + c0..(r0 + r) * m + c0 + nj]);
            }
            a
        };
        let lu_pp = Lu::new(nj, &block(n, n))?;
        let lu_xx = Lu::new(nj, &block(n + nj, n + nj))?;
        let mut s = vec![0.0; n * n];
        let mut hom = Vec::with_capacity(n);
        for k in 0..n {
            let mut e = vec![0.0; n];
            e[k] = 1.0;
            let (lp, lx) = Self::inner(jac, n, nj, &lu_pp, &lu_xx, &e, None);
            // S[:, k] = J[w][w]ᵀ e_k + J[P][w]ᵀ λ_P + J[X][w]ᵀ λ_X.
            let mut col = vec![0.0; n];
            tmul(jac, m, 0, 0, &e, &mut col, 1.0);
            tmul(jac, m, n, 0, &lp, &mut col, 1.0);
            tmul(jac, m, n + nj, 0, &lx, &mut col, 1.0);
            for (r, v) in col.into_iter().enumerate() {
                s[r * n + k] = v;
            }
            hom.push((lp, lx));
        }
        let schur = Lu::new(n, &s)?;
        Some(Self {
            n,
            nj,
            lu_pp,
            lu_xx,
            schur,
            hom,
        })
    }

    /// (λ_P, λ_X) given λ_w and, when `g` is given, the right-hand sides g_P, g_X:
    /// λ_X = A_XX⁻ᵀ(g_X − J[w][X]ᵀλ_w), λ_P = A_PP⁻ᵀ(g_P − J[w][P]ᵀλ_w − J[X][P]ᵀλ_X).
    fn inner(
        jac: &[f64],
        n: usize,
        nj: usize,
        lu_pp: &Lu,
        lu_xx: &Lu,
        lw: &[f64],
        g: Option<&[f64]>,
    ) -> (Vec<f64>, Vec<f64>) {
        let m = n + 2 * nj;
        let mut lx = match g {
            Some(g) => g[n + nj..].to_vec(),
            None => vec![0.0; nj],
        };
        tmul(jac, m, 0, n + nj, lw, &mut lx, -1.0);
        lu_xx.solve_transpose(&mut lx);
        let mut lp = match g {
            Some(g) => g[n..n + nj].to_vec(),
            None => vec![0.0; nj],
        };
        tmul(jac, m, 0, n, lw, &mut lp, -1.0);
        tmul(jac, m, n + nj, n, &lx, &mut lp, -1.0);
        lu_pp.solve_transpose(&mut lp);
        (lp, lx)
    }

    /// Solve $F_y^\top\lambda=g$ in place.
    fn solve_transpose(&self, jac: &[f64], g: &mut [f64]) {
        let (n, nj) = (self.n, self.nj);
        let m = n + 2 * nj;
        let zero = vec![0.0; n];
        let (mut lp, mut lx) = Self::inner(jac, n, nj, &self.lu_pp, &self.lu_xx, &zero, Some(g));
        // r0 = J[P][w]ᵀλ_P + J[X][w]ᵀλ_X − g_w; λ_w = −S⁻¹ r0.
        let mut lw: Vec<f64> = g[..n].iter().map(|v| -v).collect();
        tmul(jac, m, n, 0, &lp, &mut lw, 1.0);
        tmul(jac, m, n + nj, 0, &lx, &mut lw, 1.0);
        lw.iter_mut().for_each(|v| *v = -*v);
        self.schur.solve(&mut lw);
        for (k, &c) in lw.iter().enumerate() {
            let (hp, hx) = &self.hom[k];
            for (a, b) in lp.iter_mut().zip(hp) {
                *a += c * b;
            }
            for (a, b) in lx.iter_mut().zip(hx) {
                *a += c * b;
            }
        }
        g[..n].copy_from_slice(&lw);
        g[n..n + nj].copy_from_slice(&lp);
        g[n + nj..].copy_from_slice(&lx);
    }
}

/// The pattern of `b`, built once per game and shared by every linearisation.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    pat: Pattern,
}

impl Sensitivity {
    /// The sparse pattern of `b`'s trade flows.
    pub fn new(b: &Baseline) -> Self {
        Self {
            pat: Pattern::new(b),
        }
    }

    /// Linearise the equilibrium `eq` of `policy` on `b`.
    ///
    /// # Errors
    /// [`NotCovered`] when the model features at `eq` are outside this module's derivatives.
    pub fn linearise<'a>(
        &'a self,
        b: &'a Baseline,
        policy: &Policy,
        eq: &'a Equilibrium,
    ) -> Result<Linearised<'a>, NotCovered> {
        Linearised::new(b, &self.pat, policy, eq)
    }
}

/// Unknown indices: ln ŵ, then ln P̂ ([`crate::Dims::nj`]), then X'.
#[derive(Clone, Copy)]
struct Idx {
    n: usize,
    nj: usize,
}

impl Idx {
    fn w(self, n: usize) -> usize {
        n
    }
    fn p(self, c: usize) -> usize {
        self.n + c
    }
    fn x(self, c: usize) -> usize {
        self.n + self.nj + c
    }
}

impl<'a> Linearised<'a> {
    fn new(
        b: &'a Baseline,
        pat: &'a Pattern,
        policy: &Policy,
        eq: &'a Equilibrium,
    ) -> Result<Self, NotCovered> {
        if !b.production().is_cobb_douglas() {
            return Err(NotCovered::NestedProduction);
        }
        if !policy.export_quotas().is_empty() || !policy.supply_caps().is_empty() {
            return Err(NotCovered::Quotas);
        }
        if !matches!(
            policy.deficit_rule(),
            DeficitRule::Fixed | DeficitRule::Zero
        ) {
            return Err(NotCovered::DeficitRule);
        }
        let d = b.dims();
        let ix = Idx {
            n: d.n,
            nj: d.nj_len(),
        };
        let m = d.n + 2 * d.nj_len();
        let nnz = pat.nnz();
        let (tau, tx) = (policy.tariff(), policy.export_tax());
        let mut entry_of = vec![usize::MAX; d.cube_len()];
        let mut pi = vec![0.0; nnz];
        let mut border = vec![0.0; nnz];
        let mut producer = vec![0.0; nnz];
        for (e, &c) in pat.cell.iter().enumerate() {
            entry_of[c] = e;
            pi[e] = eq.trade_share[c];
            border[e] = 1.0 / (1.0 + tau[c]);
            producer[e] = border[e] / (1.0 + tx[c]);
        }
        let (va_share, io, alpha, theta) = (b.va_share(), b.io_share(), b.alpha(), b.theta());
        let mut jac = vec![0.0; m * m];
        // F_P rows: e_P(nj) − Σᵢ π'ₙᵢ ∂ln ĉᵢ/∂y (eq. (11) linearised; ∂ln ĉ from eq. (10)).
        // The sum Σᵢ π'ₙᵢ ∂ln ĉᵢ (q̄ below) also gives the trade shares' derivatives.
        for j in 0..d.j {
            for n in 0..d.n {
                let r = j * d.n + n;
                let row = ix.p(d.nj(n, j)) * m;
                jac[row + ix.p(d.nj(n, j))] += 1.0;
                for e in pat.row_ptr[r]..pat.row_ptr[r + 1] {
                    let i = pat.exporter[e];
                    jac[row + ix.w(i)] -= pi[e] * va_share[d.nj(i, j)];
                    for k in 0..d.j {
                        jac[row + ix.p(d.nj(i, k))] -= pi[e] * io[d.nkj(i, k, j)];
                    }
                }
            }
        }
        // Aggregates over the entries: ∂spendₑ = X'·∂π'ₑ + π'ₑ ∂X', with
        // ∂π'ₑ = −θ π'ₑ (∂ln ĉᵢ − q̄ₙ) (eq. (12)).
        let na = d.nj_len() + 2 * d.n;
        let mut agg = vec![0.0; na * m];
        let (row_y, row_rt, row_b) = (0, d.nj_len(), d.nj_len() + d.n);
        let wp = d.n + d.nj_len(); // columns of ln ŵ and ln P̂ (q̄ lives there)
        let mut qbar = vec![0.0; wp];
        let mut ds = vec![0.0; wp];
        for j in 0..d.j {
            for n in 0..d.n {
                let r = j * d.n + n;
                let prow = ix.p(d.nj(n, j)) * m;
                // q̄ = e_P − F_P row.
                for (col, q) in qbar.iter_mut().enumerate() {
                    *q = -jac[prow + col];
                }
                qbar[ix.p(d.nj(n, j))] += 1.0;
                let xn = eq.expenditure[d.nj(n, j)];
                let xcol = ix.x(d.nj(n, j));
                for e in pat.row_ptr[r]..pat.row_ptr[r + 1] {
                    let i = pat.exporter[e];
                    let s = pi[e] * xn;
                    // ds over (w, P) columns: −θ s (∂ln ĉᵢ − q̄).
                    let th = theta[j];
                    for (v, q) in ds.iter_mut().zip(&qbar) {
                        *v = th * s * q;
                    }
                    ds[ix.w(i)] -= th * s * va_share[d.nj(i, j)];
                    for k in 0..d.j {
                        ds[ix.p(d.nj(i, k))] -= th * s * io[d.nkj(i, k, j)];
                    }
                    let dx = pi[e]; // ∂spend/∂X'ₙʲ
                    let (bo, pr) = (border[e], producer[e]);
                    let mut add = |row: usize, coef: f64| {
                        if coef == 0.0 {
                            return;
                        }
                        let base = row * m;
                        for (a, v) in agg[base..base + wp].iter_mut().zip(&ds) {
                            *a += coef * v;
                        }
                        agg[base + xcol] += coef * dx;
                    };
                    add(row_y + d.nj(i, j), pr);
                    add(row_rt + n, 1.0 - bo);
                    add(row_rt + i, bo - pr);
                    if i != n {
                        add(row_b + n, bo);
                        add(row_b + i, -bo);
                    }
                }
            }
        }
        // F_X rows (eq. (13)): e_X − Σₖ γ^{j,k}ₙ ∂Y'ᵏₙ − αʲₙ(VAₙŵₙ e_w + ∂(R'+T')ₙ).
        for n in 0..d.n {
            let wage_bill = b.value_added()[n] * eq.w_hat[n];
            for j in 0..d.j {
                let row = ix.x(d.nj(n, j)) * m;
                jac[row + ix.x(d.nj(n, j))] += 1.0;
                for k in 0..d.j {
                    let g = io[d.nkj(n, j, k)];
                    if g == 0.0 {
                        continue;
                    }
                    let src = (row_y + d.nj(n, k)) * m;
                    for col in 0..m {
                        jac[row + col] -= g * agg[src + col];
                    }
                }
                let a = alpha[d.nj(n, j)];
                if a != 0.0 {
                    let src = (row_rt + n) * m;
                    for col in 0..m {
                        jac[row + col] -= a * agg[src + col];
                    }
                    jac[row + ix.w(n)] -= a * wage_bill;
                }
            }
        }
        // F_w rows (eq. (14)): Zₙ/VAₙ for n ≥ 1; the numeraire for n = 0.
        let world = b.world_value_added();
        for n in 0..d.n {
            let row = ix.w(n) * m;
            if n == 0 {
                for k in 0..d.n {
                    jac[row + ix.w(k)] = b.value_added()[k] * eq.w_hat[k] / world;
                }
            } else {
                let src = (row_b + n) * m;
                let inv = 1.0 / b.value_added()[n];
                for col in 0..m {
                    jac[row + col] = agg[src + col] * inv;
                }
            }
        }
        let solve = BlockSolve::new(&jac, d.n, d.nj_len()).ok_or(NotCovered::Singular)?;
        Ok(Self {
            b,
            pat,
            eq,
            pi,
            border,
            producer,
            entry_of,
            agg,
            jac,
            solve,
            m,
        })
    }

    /// The value of `obj` at the solution.
    pub fn value(&self, obj: &RegionObjective) -> f64 {
        let (num, cpi) = self.numerator_and_cpi(obj);
        num / obj.base / cpi
    }

    fn numerator_and_cpi(&self, obj: &RegionObjective) -> (f64, f64) {
        let (b, eq) = (self.b, self.eq);
        let d = b.dims();
        let n = obj.region;
        let mut num = obj.wage_bill * eq.w_hat[n] * b.value_added()[n]
            + eq.tariff_revenue[n]
            + eq.export_tax_revenue[n]
            + eq.deficit[n];
        for (j, &l) in obj.value_added.iter().enumerate() {
            num += l * b.va_share()[d.nj(n, j)] * eq.gross_output[d.nj(n, j)];
        }
        let ln_cpi: f64 = (0..d.j)
            .map(|j| b.alpha()[d.nj(n, j)] * eq.p_hat[d.nj(n, j)].ln())
            .sum();
        (num, ln_cpi.exp())
    }

    /// The direct effect of one policy direction, y held fixed: ∂F/∂x (length m) and the
    /// changes of the aggregates Y' (per nj), R' + T' and imports − exports (per region).
    fn direct(&self, dir: &PolicyDirection) -> (Vec<f64>, Vec<f64>) {
        let (b, eq, pat) = (self.b, self.eq, self.pat);
        let d = b.dims();
        let ix = Idx {
            n: d.n,
            nj: d.nj_len(),
        };
        let na = d.nj_len() + 2 * d.n;
        let (row_y, row_rt, row_b) = (0, d.nj_len(), d.nj_len() + d.n);
        let mut fx = vec![0.0; self.m];
        let mut dagg = vec![0.0; na];
        // Entries touched, grouped by pattern row: d ln k, d border, d producer.
        let mut rows: Vec<usize> = Vec::new();
        let mut dlnk = vec![0.0; pat.nnz()];
        let mut dbo = vec![0.0; pat.nnz()];
        let mut dpr = vec![0.0; pat.nnz()];
        for &(c, dtau, dt) in &dir.cells {
            let e = self.entry_of[c];
            if e == usize::MAX {
                continue;
            }
            let j = c / (d.n * d.n);
            dlnk[e] += -b.theta()[j] * (dtau + dt);
            dbo[e] += -self.border[e] * dtau;
            dpr[e] += -self.producer[e] * (dtau + dt);
            let r = pat.row_ptr.partition_point(|&p| p <= e) - 1;
            if !rows.contains(&r) {
                rows.push(r);
            }
        }
        for &r in &rows {
            let (j, n) = (r / d.n, r % d.n);
            let range = pat.row_ptr[r]..pat.row_ptr[r + 1];
            let mean: f64 = range.clone().map(|e| self.pi[e] * dlnk[e]).sum();
            // F_P: (1/θ) Σ π' d ln k.
            fx[ix.p(d.nj(n, j))] += mean / b.theta()[j];
            let xn = eq.expenditure[d.nj(n, j)];
            for e in range {
                let i = pat.exporter[e];
                let s = self.pi[e] * xn;
                let ds = s * (dlnk[e] - mean);
                let (bo, pr) = (self.border[e], self.producer[e]);
                let dy = pr * ds + dpr[e] * s;
                let d_rev_n = (1.0 - bo) * ds - dbo[e] * s;
                let d_rev_i = (bo - pr) * ds + (dbo[e] - dpr[e]) * s;
                dagg[row_y + d.nj(i, j)] += dy;
                dagg[row_rt + n] += d_rev_n;
                dagg[row_rt + i] += d_rev_i;
                if i != n {
                    let db = bo * ds + dbo[e] * s;
                    dagg[row_b + n] += db;
                    dagg[row_b + i] -= db;
                }
            }
        }
        let io = b.io_share();
        for n in 0..d.n {
            for j in 0..d.j {
                let mut v = -b.alpha()[d.nj(n, j)] * dagg[row_rt + n];
                for k in 0..d.j {
                    v -= io[d.nkj(n, j, k)] * dagg[row_y + d.nj(n, k)];
                }
                fx[ix.x(d.nj(n, j))] = v;
            }
            if n > 0 {
                fx[ix.w(n)] = dagg[row_b + n] / b.value_added()[n];
            }
        }
        (fx, dagg)
    }

    /// ∂u/∂y of `obj` (length m).
    fn objective_partial(&self, obj: &RegionObjective, u: f64, num: f64, out: &mut [f64]) {
        let (b, eq) = (self.b, self.eq);
        let d = b.dims();
        let ix = Idx {
            n: d.n,
            nj: d.nj_len(),
        };
        let m = self.m;
        let n = obj.region;
        let scale = u / num;
        let row_rt = d.nj_len();
        let src = (row_rt + n) * m;
        for col in 0..m {
            out[col] += scale * self.agg[src + col];
        }
        out[ix.w(n)] += scale * obj.wage_bill * b.value_added()[n] * eq.w_hat[n];
        for (j, &l) in obj.value_added.iter().enumerate() {
            let c = l * b.va_share()[d.nj(n, j)];
            if c != 0.0 {
                let src = d.nj(n, j) * m;
                for col in 0..m {
                    out[col] += scale * c * self.agg[src + col];
                }
            }
        }
        for j in 0..d.j {
            out[ix.p(d.nj(n, j))] -= u * b.alpha()[d.nj(n, j)];
        }
    }

    /// The values of `objs` and, for each combination `combos[r]` (one coefficient per
    /// objective), the exact derivative of $\sum_pc_pu_p$ along each direction of `dirs`:
    /// `out[r][k]`. One transposed solve per combination.
    pub fn gradients(
        &self,
        objs: &[RegionObjective],
        combos: &[Vec<f64>],
        dirs: &[PolicyDirection],
    ) -> (Vec<f64>, Vec<Vec<f64>>) {
        let d = self.b.dims();
        let m = self.m;
        let parts: Vec<(f64, f64, f64)> = objs
            .iter()
            .map(|o| {
                let (num, cpi) = self.numerator_and_cpi(o);
                (num / o.base / cpi, num, cpi)
            })
            .collect();
        let values: Vec<f64> = parts.iter().map(|p| p.0).collect();
        let direct: Vec<(Vec<f64>, Vec<f64>)> = dirs.iter().map(|dr| self.direct(dr)).collect();
        let out = combos
            .iter()
            .map(|c| {
                let mut lam = vec![0.0; m];
                for (p, o) in objs.iter().enumerate() {
                    if c[p] != 0.0 {
                        let mut g = vec![0.0; m];
                        self.objective_partial(o, parts[p].0, parts[p].1, &mut g);
                        for (l, v) in lam.iter_mut().zip(&g) {
                            *l += c[p] * v;
                        }
                    }
                }
                self.solve.solve_transpose(&self.jac, &mut lam);
                direct
                    .iter()
                    .map(|(fx, dagg)| {
                        // u_x: the objectives' direct dependence through R' + T' (and Y').
                        let mut ux = 0.0;
                        for (p, o) in objs.iter().enumerate() {
                            if c[p] == 0.0 {
                                continue;
                            }
                            let n = o.region;
                            let mut dn = dagg[d.nj_len() + n];
                            for (j, &l) in o.value_added.iter().enumerate() {
                                dn += l * self.b.va_share()[d.nj(n, j)] * dagg[d.nj(n, j)];
                            }
                            ux += c[p] * parts[p].0 * dn / parts[p].1;
                        }
                        ux - lam.iter().zip(fx).map(|(a, b)| a * b).sum::<f64>()
                    })
                    .collect()
            })
            .collect();
        (values, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cp2015::{Engine, EngineParams};
    use crate::testing::random_world;
    use proptest::prelude::*;
    use std::sync::Arc;
    use truce_solve::{NoObserver, SolveParams};

    fn tight(b: &Arc<Baseline>) -> Engine {
        let params = EngineParams {
            outer: SolveParams::default()
                .with_tol(1e-14)
                .and_then(|p| p.with_max_iter(4000))
                .and_then(|p| p.with_max_step(Some(0.1)))
                .expect("valid"),
            price_tol: 1e-15,
            expenditure_tol: 1e-15,
            ..EngineParams::default()
        };
        Engine::with_params(b.clone(), params)
    }

    /// Objectives, evaluated by re-solving the equilibrium at `policy`.
    fn values(engine: &mut Engine, policy: &Policy, objs: &[RegionObjective]) -> Vec<f64> {
        let eq = engine.solve(policy, None, &mut NoObserver).expect("solves");
        let s = Sensitivity::new(engine.baseline());
        let lin = s
            .linearise(engine.baseline(), policy, &eq)
            .expect("covered");
        objs.iter().map(|o| lin.value(o)).collect()
    }

    /// Exact derivatives of real income and a political-economy objective with respect to a
    /// tariff, an export tax and a uniform tariff against central differences of re-solved
    /// equilibria.
    fn check(seed: u64, n: usize, j: usize, rates: [f64; 3]) {
        let b = Arc::new(random_world(seed, n, j));
        let d = b.dims();
        let mut engine = tight(&b);
        // A policy away from the baseline: region 0 taxes region 1's sector-0 goods, region 1
        // taxes its sector-0 exports to region 0.
        let mut policy = Policy::baseline(&b);
        let c_tariff = d.nij(0, 1, 0);
        let c_tax = d.nij(0, 1, 0);
        let set = |p: &mut Policy, r: [f64; 3]| {
            p.set_tariff(&b, 0, 1, 0, r[0]).expect("valid");
            p.set_export_tax(&b, 0, 1, 0, r[1]).expect("valid");
            for jj in 0..d.j {
                if b.sectors()[jj].tradable && jj != 0 {
                    p.set_tariff(&b, 1, 0, jj, r[2]).expect("valid");
                }
            }
        };
        set(&mut policy, rates);
        let eq = engine
            .solve(&policy, None, &mut NoObserver)
            .expect("solves");
        let s = Sensitivity::new(&b);
        let lin = s.linearise(&b, &policy, &eq).expect("covered");
        let uniform: Vec<(usize, f64, f64)> = (0..d.j)
            .filter(|&jj| b.sectors()[jj].tradable && jj != 0)
            .map(|jj| (d.nij(1, 0, jj), 1.0 / (1.0 + rates[2]), 0.0))
            .collect();
        let dirs = vec![
            PolicyDirection {
                cells: vec![(c_tariff, 1.0 / (1.0 + rates[0]), 0.0)],
            },
            PolicyDirection {
                cells: vec![(c_tax, 0.0, 1.0 / (1.0 + rates[1]))],
            },
            PolicyDirection { cells: uniform },
        ];
        let mut objs: Vec<RegionObjective> = (0..d.n)
            .map(|r| RegionObjective::real_income(&b, r))
            .collect();
        // Political economy for region 1: weights on value added, no wage bill.
        let lam: Vec<f64> = (0..d.j).map(|jj| 1.0 + 0.3 * jj as f64).collect();
        let base: f64 = (0..d.j)
            .map(|jj| lam[jj] * b.va_share()[d.nj(1, jj)] * b.gross_output()[d.nj(1, jj)])
            .sum::<f64>()
            + b.tariff_revenue()[1]
            + b.export_tax_revenue()[1]
            + b.deficit()[1];
        objs.push(RegionObjective {
            region: 1,
            wage_bill: 0.0,
            value_added: lam,
            base,
        });
        let k = objs.len();
        let combos: Vec<Vec<f64>> = (0..k)
            .map(|p| (0..k).map(|q| f64::from(u8::from(p == q))).collect())
            .collect();
        let (u, grads) = lin.gradients(&objs, &combos, &dirs);
        let real = crate::cp2015::real_income(&b, &eq);
        for r in 0..d.n {
            assert!((u[r] - real[r].expect("positive income")).abs() < 1e-13);
        }
        let h = 1e-5;
        for a in 0..dirs.len() {
            let mut up = rates;
            let mut dn = rates;
            up[a] += h;
            dn[a] -= h;
            let (mut pu, mut pd) = (Policy::baseline(&b), Policy::baseline(&b));
            set(&mut pu, up);
            set(&mut pd, dn);
            let vu = values(&mut engine, &pu, &objs);
            let vd = values(&mut engine, &pd, &objs);
            for p in 0..k {
                let fd = (vu[p] - vd[p]) / (2.0 * h);
                let exact = grads[p][a];
                assert!(
                    (fd - exact).abs() <= 1e-7 * (1.0 + exact.abs()),
                    "seed {seed}, objective {p}, direction {a}: exact {exact:e}, differences {fd:e}"
                );
            }
        }
    }

    #[test]
    fn exact_gradients_match_differences_of_resolved_equilibria() {
        check(7, 4, 3, [0.3, 0.1, 0.25]);
    }

    proptest! {
        #![proptest_config(truce_testkit::seeded(12))]
        #[test]
        fn exact_gradients_match_differences_on_random_worlds(
            seed in 0u64..10_000,
            n in 3usize..6,
            j in 2usize..5,
            t in 0.0f64..1.0,
            e in 0.0f64..0.5,
            u in 0.0f64..1.0,
        ) {
            check(seed, n, j, [t, e, u]);
        }
    }
}
