//! The equilibrium of the Lashkaripour (2021) model with some governments setting their optimal
//! uniform tariff: residuals and their analytic Jacobian.
//!
//! # Notation
//! | paper (L2021) | Rust | layout | meaning |
//! |---|---|---|---|
//! | $\lambda_{ni,s}$ | `pi` | `[s][n][i]` | base share of exporter i in importer n's sector-s spending |
//! | $\epsilon_s=\sigma_s-1$ | `theta` | `[s]` | trade elasticity |
//! | $e_{n,s}$ | `alpha` | `[n][s]` | Cobb–Douglas expenditure share |
//! | $R_i$, $Y_n$ | `r`, `e` | `[n]` | wage revenue (sales net of tariffs), national expenditure |
//! | $\hat w_i,\hat Y_n$ | `ln_w`, `ln_y` | `[n]` | wage and income changes (unknowns, in logs) |
//! | $t_n$ | `t` | `[player]` | uniform tariff of player n on all its imports (unknown) |
//! | $\tau'_{ni,s}$ | `tau_new` | `[s][n][i]` | counterfactual tariff of n on i |
//!
//! # Equations (L2021 eqs. (6), (7) and (14))
//! With $\hat\kappa_{ni,s} = (1+\tau'_{ni,s})/(1+\tau_{ni,s})$,
//! $\lambda'_{ni,s} = \lambda_{ni,s}(\hat\kappa_{ni,s}\hat w_i)^{-\epsilon_s} /
//! \sum_l \lambda_{nl,s}(\hat\kappa_{nl,s}\hat w_l)^{-\epsilon_s}$ and spending
//! $X'_{n,s} = e_{n,s}\hat Y_n Y_n$:
//!
//! * **(6) wage income = sales net of tariffs**:
//!   $F^1_i = \big(\sum_{n,s} X'_{n,s}\lambda'_{ni,s}/(1+\tau'_{ni,s}) - \hat w_i R_i\big)/R_i$;
//!   the last country's equation is replaced by the numeraire
//!   $\sum_i R_i(\hat w_i-1)/\sum_i R_i$ (world wage bill fixed, as in the packages);
//! * **(7) income = wages + tariff revenue**, which with (6) reads
//!   $F^2_n = \big(\hat w_n R_n - \hat Y_n Y_n h_n\big)/Y_n$,
//!   $h_n = \sum_s e_{n,s}\sum_i \lambda'_{ni,s}/(1+\tau'_{ni,s})$;
//! * **(14) optimal uniform tariff** of each player p:
//!   $F^3_p = t_p - 1/\max(A_p, 1)$ with the export-weighted trade elasticity net of the
//!   player's market power, $A_p = \sum_s \epsilon_s \sum_{i\ne p} x_{ip,s}(1-\lambda'_{ip,s}) /
//!   \sum_{s,i\ne p} x_{ip,s}$, $x_{ip,s} = X'_{i,s}\lambda'_{ip,s}/(1+\tau'_{ip,s})$ (p's
//!   exports to i). The floor of 1 caps the rate at 100 % for nearly autarkic economies (the
//!   packages' choice, their lesson 4).
//!
//! All residuals are relative (to $R_i$, $Y_n$, or a tariff rate), so one tolerance serves
//! every economy's size.
//!
//! # Jacobian
//! Exact. With $\partial\lambda'_{ni,s}/\partial\ln\hat w_k =
//! -\epsilon_s\lambda'_{ni,s}(\delta_{ik}-\lambda'_{nk,s})$ the wage columns of $F^1$ and of
//! $A_p$ are sums over sectors of products of N × N matrices with $\lambda'_s$ (S·N³ flops, the
//! only cubic work), computed in parallel over sectors; income and tariff columns are O(S·N²).
//! Tested against central differences (`tests/jacobian.rs`).
//!
//! # References
//! Lashkaripour, A. (2021), "The Cost of a Global Tariff War: A Sufficient-Statistics
//! Approach", *Journal of International Economics* 131: 103489, eqs. (6), (7), (14).

use rayon::prelude::*;
use truce_model::{Baseline, Dims};

/// Who sets an optimal tariff, and every other tariff's level.
#[derive(Debug, Clone, PartialEq)]
pub struct TariffRegime {
    /// τ' of every cell not set by a player ([`Dims::nij`]): the factual tariffs, or a
    /// scenario's.
    pub fixed: Vec<f64>,
    /// Players, as region indices (ascending). Player p's tariff applies to all its imports
    /// from every partner in the instrument sectors.
    pub players: Vec<usize>,
    /// Sectors the players' uniform tariff covers (`true` = set by the player). The packages
    /// tax every sector, services included.
    pub instrument_sectors: Vec<bool>,
}

/// The model's data at the (trade-balanced) baseline, in the layout the system needs.
#[derive(Debug, Clone)]
pub struct System {
    pub(crate) d: Dims,
    pub(crate) theta: Vec<f64>,
    pub(crate) pi: Vec<f64>,
    pub(crate) tau0: Vec<f64>,
    pub(crate) alpha: Vec<f64>,
    pub(crate) r: Vec<f64>,
    pub(crate) e: Vec<f64>,
    pub(crate) regime: TariffRegime,
    /// Which player sets each cell (`u32::MAX`: fixed).
    setter: Vec<u32>,
    player_pos: Vec<Option<usize>>,
}

/// The state of the system at one point: everything the residual and the Jacobian share.
#[derive(Debug, Clone)]
pub struct Point {
    /// ŵ.
    pub w: Vec<f64>,
    /// Ŷ.
    pub y: Vec<f64>,
    /// Players' tariffs.
    pub t: Vec<f64>,
    /// τ' ([`Dims::nij`]).
    pub tau_new: Vec<f64>,
    /// λ' ([`Dims::nij`]).
    pub pi_new: Vec<f64>,
    /// P̂ⁿₛ^(−εₛ) sums ([`Dims::nj`]).
    pub price_sum: Vec<f64>,
    /// X'ₙₛ ([`Dims::nj`]).
    pub spend: Vec<f64>,
    /// h_n.
    pub h: Vec<f64>,
    /// A_p per player.
    pub a: Vec<f64>,
    /// Residuals [F¹ (N), F² (N), F³ (players)].
    pub f: Vec<f64>,
}

impl System {
    /// The system for `b` (which should have balanced trade: the packages' procedure; any
    /// deficits are ignored here) under `regime`.
    ///
    /// # Panics
    /// If `b` has input–output links, or the regime's shapes do not fit (programming errors:
    /// the facade checks both).
    pub fn new(b: &Baseline, regime: TariffRegime) -> Self {
        let d = b.dims();
        assert!(
            b.va_share().iter().all(|&v| v == 1.0),
            "the Lashkaripour (2021) system has no input–output links"
        );
        assert_eq!(regime.fixed.len(), d.cube_len());
        assert_eq!(regime.instrument_sectors.len(), d.j);
        let mut player_pos = vec![None; d.n];
        for (k, &p) in regime.players.iter().enumerate() {
            player_pos[p] = Some(k);
        }
        let mut setter = vec![u32::MAX; d.cube_len()];
        for s in 0..d.j {
            if !regime.instrument_sectors[s] {
                continue;
            }
            for n in 0..d.n {
                if let Some(k) = player_pos[n] {
                    for i in 0..d.n {
                        if i != n {
                            setter[d.nij(n, i, s)] = k as u32;
                        }
                    }
                }
            }
        }
        let e: Vec<f64> = (0..d.n)
            .map(|n| (0..d.j).map(|s| b.expenditure()[d.nj(n, s)]).sum())
            .collect();
        Self {
            d,
            theta: b.theta().to_vec(),
            pi: b.trade_share().to_vec(),
            tau0: b.tariff().to_vec(),
            alpha: b.alpha().to_vec(),
            r: b.value_added().to_vec(),
            e,
            regime,
            setter,
            player_pos,
        }
    }

    /// Dimensions.
    pub fn dims(&self) -> Dims {
        self.d
    }
    /// The regime.
    pub fn regime(&self) -> &TariffRegime {
        &self.regime
    }
    /// Number of unknowns: 2N + players.
    pub fn len(&self) -> usize {
        2 * self.d.n + self.regime.players.len()
    }
    /// Never empty (at least one region).
    pub fn is_empty(&self) -> bool {
        false
    }
    /// Base national expenditure Yₙ.
    pub fn expenditure(&self) -> &[f64] {
        &self.e
    }
    /// Base wage revenue Rᵢ.
    pub fn wage_revenue(&self) -> &[f64] {
        &self.r
    }
    /// Index of region `n` among the players.
    pub fn player_position(&self, n: usize) -> Option<usize> {
        self.player_pos[n]
    }

    /// The counterfactual tariff cube for players' rates `t`.
    pub fn tariffs(&self, t: &[f64]) -> Vec<f64> {
        self.regime
            .fixed
            .iter()
            .zip(&self.setter)
            .map(|(&f, &k)| if k == u32::MAX { f } else { t[k as usize] })
            .collect()
    }

    /// Evaluate every quantity at x = [ln ŵ, ln Ŷ, t].
    pub fn point(&self, x: &[f64]) -> Point {
        let d = self.d;
        let (n_, s_) = (d.n, d.j);
        let np = self.regime.players.len();
        assert_eq!(x.len(), self.len());
        let w: Vec<f64> = x[..n_].iter().map(|v| v.exp()).collect();
        let y: Vec<f64> = x[n_..2 * n_].iter().map(|v| v.exp()).collect();
        let t = x[2 * n_..].to_vec();
        let tau_new = self.tariffs(&t);
        let mut pi_new = vec![0.0; d.cube_len()];
        // L2021: λ' = λ(κ̂ŵ)^(−ε)/Σ; exponents shifted by their maximum per (s, n), and the
        // sum Σ λ(κ̂ŵ)^(−ε) = P̂ₙₛ^(−εₛ) kept for the price index.
        let ln_w = &x[..n_];
        let sums: Vec<Vec<f64>> = pi_new
            .par_chunks_mut(n_ * n_)
            .enumerate()
            .map(|(s, pis)| {
                let th = self.theta[s];
                let mut sums = vec![0.0; n_];
                for n in 0..n_ {
                    let row = &mut pis[n * n_..(n + 1) * n_];
                    let mut mx = f64::NEG_INFINITY;
                    for i in 0..n_ {
                        let c = d.nij(n, i, s);
                        if self.pi[c] > 0.0 {
                            let z =
                                -th * (((1.0 + tau_new[c]) / (1.0 + self.tau0[c])).ln() + ln_w[i]);
                            row[i] = z;
                            mx = mx.max(z);
                        }
                    }
                    let mut sum = 0.0;
                    for i in 0..n_ {
                        let c = d.nij(n, i, s);
                        if self.pi[c] > 0.0 {
                            row[i] = self.pi[c] * (row[i] - mx).exp();
                            sum += row[i];
                        } else {
                            row[i] = 0.0;
                        }
                    }
                    if sum > 0.0 {
                        for v in row.iter_mut() {
                            *v /= sum;
                        }
                        sums[n] = sum * mx.exp();
                    } else {
                        sums[n] = 1.0;
                    }
                }
                sums
            })
            .collect();
        let mut price_sum = vec![0.0; d.nj_len()];
        for (s, sv) in sums.iter().enumerate() {
            for n in 0..n_ {
                price_sum[d.nj(n, s)] = sv[n];
            }
        }
        let mut spend = vec![0.0; d.nj_len()];
        let mut h = vec![0.0; n_];
        for n in 0..n_ {
            for s in 0..s_ {
                spend[d.nj(n, s)] = self.alpha[d.nj(n, s)] * self.e[n] * y[n];
                let mut g = 0.0;
                for i in 0..n_ {
                    let c = d.nij(n, i, s);
                    g += pi_new[c] / (1.0 + tau_new[c]);
                }
                h[n] += self.alpha[d.nj(n, s)] * g;
            }
        }
        let mut f = vec![0.0; self.len()];
        // (6): sales net of tariffs.
        let mut sales = vec![0.0; n_];
        for s in 0..s_ {
            for n in 0..n_ {
                let xs = spend[d.nj(n, s)];
                if xs == 0.0 {
                    continue;
                }
                for i in 0..n_ {
                    let c = d.nij(n, i, s);
                    sales[i] += xs * pi_new[c] / (1.0 + tau_new[c]);
                }
            }
        }
        for i in 0..n_ {
            f[i] = (sales[i] - w[i] * self.r[i]) / self.r[i];
        }
        let rsum: f64 = self.r.iter().sum();
        f[n_ - 1] = self
            .r
            .iter()
            .zip(&w)
            .map(|(r, w)| r * (w - 1.0))
            .sum::<f64>()
            / rsum;
        // (7).
        for n in 0..n_ {
            f[n_ + n] = (w[n] * self.r[n] - y[n] * self.e[n] * h[n]) / self.e[n];
        }
        // (14).
        let mut a = vec![0.0; np];
        for (k, &p) in self.regime.players.iter().enumerate() {
            let (num, den) = self.export_elasticity_parts(p, &spend, &pi_new, &tau_new);
            a[k] = if den > 0.0 { num / den } else { 0.0 };
            f[2 * n_ + k] = t[k] - 1.0 / a[k].max(1.0);
        }
        Point {
            w,
            y,
            t,
            tau_new,
            pi_new,
            price_sum,
            spend,
            h,
            a,
            f,
        }
    }

    fn export_elasticity_parts(
        &self,
        p: usize,
        spend: &[f64],
        pi_new: &[f64],
        tau_new: &[f64],
    ) -> (f64, f64) {
        let d = self.d;
        let (mut num, mut den) = (0.0, 0.0);
        for s in 0..d.j {
            for i in 0..d.n {
                if i == p {
                    continue;
                }
                let c = d.nij(i, p, s);
                let x = spend[d.nj(i, s)] * pi_new[c] / (1.0 + tau_new[c]);
                num += self.theta[s] * x * (1.0 - pi_new[c]);
                den += x;
            }
        }
        (num, den)
    }

    /// The Jacobian ∂F/∂x at `pt`, dense, row-major (`len × len`).
    pub fn jacobian(&self, pt: &Point) -> Vec<f64> {
        let d = self.d;
        let (n_, s_) = (d.n, d.j);
        let np = self.regime.players.len();
        let m = self.len();
        let mut jac = vec![0.0; m * m];
        let (pi, tau, spend) = (&pt.pi_new, &pt.tau_new, &pt.spend);
        // Cubic part, one sector at a time, summed: for every sector s,
        //   M[i][k]  += Σₙ εₛ X'ₙₛ gₙᵢ λ'ₙₖ      (wage columns of F¹),
        //   Z[p][k]  += Σᵢ zᵢₚ λ'ᵢₖ               (wage columns of A_p),
        // with gₙᵢ = λ'ₙᵢ/(1+τ'ₙᵢ) and zᵢₚ = εₛ² xᵢₚ(2λ'ᵢₚ − 1) + A_p εₛ xᵢₚ (i ≠ p).
        let rows = n_ + np;
        let cubic = (0..s_)
            .into_par_iter()
            .fold(
                || vec![0.0; rows * n_],
                |mut acc, s| {
                    let th = self.theta[s];
                    for n in 0..n_ {
                        let xs = spend[d.nj(n, s)];
                        if xs == 0.0 {
                            continue;
                        }
                        let lam_row = &pi[d.nij(n, 0, s)..d.nij(n, 0, s) + n_];
                        for i in 0..n_ {
                            let c = d.nij(n, i, s);
                            if lam_row[i] == 0.0 {
                                continue;
                            }
                            let x = xs * lam_row[i] / (1.0 + tau[c]);
                            let q = th * x;
                            let out = &mut acc[i * n_..(i + 1) * n_];
                            for (o, l) in out.iter_mut().zip(lam_row) {
                                *o += q * l;
                            }
                            // Exporter i = player p to importer n.
                            if i != n {
                                if let Some(k) = self.player_pos[i] {
                                    let z =
                                        th * th * x * (2.0 * lam_row[i] - 1.0) + pt.a[k] * th * x;
                                    let out = &mut acc[(n_ + k) * n_..(n_ + k + 1) * n_];
                                    for (o, l) in out.iter_mut().zip(lam_row) {
                                        *o += z * l;
                                    }
                                }
                            }
                        }
                    }
                    acc
                },
            )
            .reduce(
                || vec![0.0; rows * n_],
                |mut a, b| {
                    for (x, y) in a.iter_mut().zip(&b) {
                        *x += y;
                    }
                    a
                },
            );
        let rsum: f64 = self.r.iter().sum();
        // Diagonal sums: Σ_{n,s} εₛ X'ₙₛ gₙᵢ per exporter i; for players, Σ (u + A v).
        let mut diag1 = vec![0.0; n_];
        let mut diag3 = vec![0.0; np];
        let mut den = vec![0.0; np];
        for s in 0..s_ {
            let th = self.theta[s];
            for n in 0..n_ {
                let xs = spend[d.nj(n, s)];
                for i in 0..n_ {
                    let c = d.nij(n, i, s);
                    let x = xs * pi[c] / (1.0 + tau[c]);
                    diag1[i] += th * x;
                    if i != n {
                        if let Some(k) = self.player_pos[i] {
                            diag3[k] += th * th * x * (2.0 * pi[c] - 1.0) + pt.a[k] * th * x;
                            den[k] += x;
                        }
                    }
                }
            }
        }
        // F¹ rows (i < N−1), wage columns: (−δᵢₖ Σ εX'g + M[i][k] − δᵢₖ ŵᵢRᵢ)/Rᵢ.
        for i in 0..n_ - 1 {
            for k in 0..n_ {
                let mut v = cubic[i * n_ + k];
                if i == k {
                    v -= diag1[i] + pt.w[i] * self.r[i];
                }
                jac[i * m + k] = v / self.r[i];
            }
        }
        // Numeraire row.
        for k in 0..n_ {
            jac[(n_ - 1) * m + k] = self.r[k] * pt.w[k] / rsum;
        }
        // F¹ rows, income columns: ∂salesᵢ/∂ln Ŷₘ = Σₛ X'ₘₛ gₘᵢ.
        for s in 0..s_ {
            for mm in 0..n_ {
                let xs = spend[d.nj(mm, s)];
                for i in 0..n_ - 1 {
                    let c = d.nij(mm, i, s);
                    jac[i * m + n_ + mm] += xs * pi[c] / (1.0 + tau[c]) / self.r[i];
                }
            }
        }
        // F² rows: ∂hₙ/∂ln ŵₖ = −Σₛ αεₛ(gₙₖ − λ'ₙₖ Gₙₛ), Gₙₛ = Σᵢ gₙᵢ.
        for n in 0..n_ {
            let row = (n_ + n) * m;
            let scale = pt.y[n] * self.e[n] / self.e[n];
            for s in 0..s_ {
                let al = self.alpha[d.nj(n, s)];
                if al == 0.0 {
                    continue;
                }
                let th = self.theta[s];
                let base = d.nij(n, 0, s);
                let g_sum: f64 = (0..n_).map(|i| pi[base + i] / (1.0 + tau[base + i])).sum();
                for k in 0..n_ {
                    let gk = pi[base + k] / (1.0 + tau[base + k]);
                    let dh = -al * th * (gk - pi[base + k] * g_sum);
                    jac[row + k] -= scale * dh;
                }
            }
            jac[row + n] += pt.w[n] * self.r[n] / self.e[n];
            jac[row + n_ + n] = -pt.y[n] * pt.h[n];
        }
        // Tariff columns of F¹ and F², and every column of F³.
        for (k, &q) in self.regime.players.iter().enumerate() {
            let col = 2 * n_ + k;
            let tq = pt.t[k];
            let mut dh = 0.0;
            for s in 0..s_ {
                if !self.regime.instrument_sectors[s] {
                    continue;
                }
                let th = self.theta[s];
                let base = d.nij(q, 0, s);
                // C = Σ_l λ'_ql c_ql = 1 − λ'_qq.
                let cc = 1.0 - pi[base + q];
                let xs = spend[d.nj(q, s)];
                let al = self.alpha[d.nj(q, s)];
                for i in 0..n_ {
                    let g = pi[base + i] / (1.0 + tau[base + i]);
                    let ci = if i == q { 0.0 } else { 1.0 };
                    let dg = g * (-th / (1.0 + tq)) * (ci - cc) - g * ci / (1.0 + tq);
                    if i < n_ - 1 {
                        jac[i * m + col] += xs * dg / self.r[i];
                    }
                    dh += al * dg;
                    // Exports of i to q feed A_i when i is a player: ∂x and ∂λ'.
                    if i != q {
                        if let Some(ki) = self.player_pos[i] {
                            let x = xs * g;
                            let dx = xs * dg;
                            let dlam = pi[base + i] * (-th / (1.0 + tq)) * (ci - cc);
                            let dnum = th * (dx * (1.0 - pi[base + i]) - x * dlam);
                            let ddn = dx;
                            let da = (dnum - pt.a[ki] * ddn) / den[ki];
                            if pt.a[ki] > 1.0 {
                                jac[(2 * n_ + ki) * m + col] += da / (pt.a[ki] * pt.a[ki]);
                            }
                        }
                    }
                }
            }
            jac[(n_ + q) * m + col] = -pt.y[q] * dh;
        }
        // F³ rows: wage and income columns, and the identity in its own tariff.
        for (k, &p) in self.regime.players.iter().enumerate() {
            let row = (2 * n_ + k) * m;
            jac[row + 2 * n_ + k] += 1.0;
            let a = pt.a[k];
            if a.is_nan() || a <= 1.0 || den[k] <= 0.0 {
                continue;
            }
            let c = 1.0 / (a * a * den[k]);
            // Wage columns: δ_pk(Σu + AΣv) − Σ z λ'.
            for kk in 0..n_ {
                let mut v = -cubic[(n_ + k) * n_ + kk];
                if kk == p {
                    v += diag3[k];
                }
                jac[row + kk] += c * v;
            }
            // Income columns: ∂num = Σₛ εₛ xₘₚ(1 − λ'ₘₚ), ∂den = Σₛ xₘₚ (m ≠ p).
            for s in 0..s_ {
                let th = self.theta[s];
                for mm in 0..n_ {
                    if mm == p {
                        continue;
                    }
                    let cidx = d.nij(mm, p, s);
                    let x = spend[d.nj(mm, s)] * pi[cidx] / (1.0 + tau[cidx]);
                    jac[row + n_ + mm] += c * (th * x * (1.0 - pi[cidx]) - a * x);
                }
            }
        }
        jac
    }
}

/// Real income Ŷₙ/P̂ₙ − 1 and the real wage ŵₙ/P̂ₙ − 1 at `pt`, with
/// P̂ₙ = Πₛ P̂ₙₛ^{eₙₛ} (Cobb–Douglas across sectors) — the packages' welfare measure.
pub fn welfare(sys: &System, pt: &Point) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let d = sys.d;
    let mut welfare = vec![0.0; d.n];
    let mut real_wage = vec![0.0; d.n];
    let mut price = vec![0.0; d.n];
    for n in 0..d.n {
        let mut ln_p = 0.0;
        for s in 0..d.j {
            let al = sys.alpha[d.nj(n, s)];
            let ps = pt.price_sum[d.nj(n, s)];
            if al > 0.0 && ps > 0.0 {
                ln_p += al * (-ps.ln() / sys.theta[s]);
            }
        }
        let p_hat = ln_p.exp();
        price[n] = p_hat;
        welfare[n] = pt.y[n] / p_hat - 1.0;
        real_wage[n] = pt.w[n] / p_hat - 1.0;
    }
    (welfare, real_wage, price)
}
