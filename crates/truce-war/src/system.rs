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
//! | $\tau'_{ni,s}$ | `System::tariffs` | `[s][n][i]` | counterfactual tariff of n on i |
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
//! only cubic work): one matrix product $\sum_s L_s^\top\Lambda'_s$, computed by
//! `matrixmultiply`'s dgemm (through `ndarray`) on fixed blocks of sectors in parallel; income and tariff columns
//! are O(S·N²). Tested against central differences (`tests/jacobian.rs`), and the same bits on
//! one and two threads.
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
    pub(crate) alpha: Vec<f64>,
    pub(crate) r: Vec<f64>,
    pub(crate) e: Vec<f64>,
    pub(crate) regime: TariffRegime,
    /// Which player sets each cell (`u32::MAX`: fixed).
    setter: Vec<u32>,
    player_pos: Vec<Option<usize>>,
    /// The cell part of λ'ₙᵢ ∝ λₙᵢ κ̂ₙᵢ^(−ε) ŵᵢ^(−ε): λ κ̂^(−ε) for fixed cells, λ (1+τ)^ε for
    /// the players' cells (whose (1+t)^(−ε) comes per point); 0 for zero flows.
    kappa_w: Vec<f64>,
    /// 1/(1+τ') of the fixed cells.
    fixed_inv: Vec<f64>,
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
    /// 1/(1+τ') ([`Dims::nij`]).
    pub inv_tau: Vec<f64>,
    /// λ' ([`Dims::nij`]).
    pub pi_new: Vec<f64>,
    /// P̂ⁿₛ^(−εₛ) sums ([`Dims::nj`]).
    pub price_sum: Vec<f64>,
    /// X'ₙₛ ([`Dims::nj`]).
    pub spend: Vec<f64>,
    /// gₙₛ = Σᵢ λ'ₙᵢ,ₛ/(1+τ'ₙᵢ,ₛ) ([`Dims::nj`]).
    pub g: Vec<f64>,
    /// h_n.
    pub h: Vec<f64>,
    /// A_p per player.
    pub a: Vec<f64>,
    /// The denominator of A_p per player: p's exports net of tariffs, Σ_{s,i≠p} x_{ip,s}.
    pub a_den: Vec<f64>,
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
        let (pi, tau0) = (b.trade_share(), b.tariff());
        let kappa_w: Vec<f64> = (0..d.cube_len())
            .map(|c| {
                if pi[c] <= 0.0 {
                    return 0.0;
                }
                let th = b.theta()[c / (d.n * d.n)];
                let ln_kappa = if setter[c] == u32::MAX {
                    regime.fixed[c].ln_1p() - tau0[c].ln_1p()
                } else {
                    -tau0[c].ln_1p()
                };
                pi[c] * (-th * ln_kappa).exp()
            })
            .collect();
        let fixed_inv: Vec<f64> = regime.fixed.iter().map(|f| 1.0 / (1.0 + f)).collect();
        Self {
            d,
            theta: b.theta().to_vec(),
            alpha: b.alpha().to_vec(),
            r: b.value_added().to_vec(),
            e,
            regime,
            setter,
            player_pos,
            kappa_w,
            fixed_inv,
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

    /// Evaluate every quantity at x = [ln ŵ, ln Ŷ, t]: one pass over the sectors, in
    /// parallel, each sector's sums kept apart and added in sector order (the same bits on any
    /// number of threads).
    ///
    /// No transcendental function per cell: λ'ₙᵢ ∝ λₙᵢ κ̂ₙᵢ^(−ε) ŵᵢ^(−ε), where κ̂^(−ε) is fixed
    /// by the regime except for the players' cells, whose (1+tₖ)^(−ε) is one power per player
    /// and sector; the cell part is precomputed in [`System::new`].
    pub fn point(&self, x: &[f64]) -> Point {
        let d = self.d;
        let (n_, s_) = (d.n, d.j);
        let nn = n_ * n_;
        let np = self.regime.players.len();
        assert_eq!(x.len(), self.len());
        let ln_w = &x[..n_];
        let w: Vec<f64> = ln_w.iter().map(|v| v.exp()).collect();
        let y: Vec<f64> = x[n_..2 * n_].iter().map(|v| v.exp()).collect();
        let t = x[2 * n_..].to_vec();
        let ln1p_t: Vec<f64> = t.iter().map(|v| v.ln_1p()).collect();
        let inv_t: Vec<f64> = t.iter().map(|v| 1.0 / (1.0 + v)).collect();
        // X'ₙₛ = eₙₛ Ŷₙ Yₙ.
        let mut spend = vec![0.0; d.nj_len()];
        for n in 0..n_ {
            for s in 0..s_ {
                spend[d.nj(n, s)] = self.alpha[d.nj(n, s)] * self.e[n] * y[n];
            }
        }
        let ln_w_min = ln_w.iter().copied().fold(f64::INFINITY, f64::min);
        let mut pi_new = vec![0.0; d.cube_len()];
        let mut inv_tau = vec![0.0; d.cube_len()];
        let parts: Vec<SectorSums> = pi_new
            .par_chunks_mut(nn)
            .zip(inv_tau.par_chunks_mut(nn))
            .enumerate()
            .map(|(s, (pis, invs))| {
                let th = self.theta[s];
                // ŵᵢ^(−ε) scaled by the largest, ŵ_min^(−ε) (kept apart for the price index),
                // and (1+tₖ)^(−ε) per player.
                let wf: Vec<f64> = ln_w.iter().map(|l| (-th * (l - ln_w_min)).exp()).collect();
                let tf: Vec<f64> = ln1p_t.iter().map(|l| (-th * l).exp()).collect();
                let mut out = SectorSums::new(n_);
                for n in 0..n_ {
                    let row = &mut pis[n * n_..(n + 1) * n_];
                    let irow = &mut invs[n * n_..(n + 1) * n_];
                    let c0 = d.nij(n, 0, s);
                    let (kw, setter) = (&self.kappa_w[c0..c0 + n_], &self.setter[c0..c0 + n_]);
                    let fixed_inv = &self.fixed_inv[c0..c0 + n_];
                    // L2021: λ' = λ(κ̂ŵ)^(−ε)/Σ, and Σ λ(κ̂ŵ)^(−ε) = P̂ₙₛ^(−εₛ).
                    let mut sum = 0.0;
                    for i in 0..n_ {
                        let k = setter[i];
                        let v = if k == u32::MAX {
                            irow[i] = fixed_inv[i];
                            kw[i] * wf[i]
                        } else {
                            irow[i] = inv_t[k as usize];
                            kw[i] * tf[k as usize] * wf[i]
                        };
                        row[i] = v;
                        sum += v;
                    }
                    if sum > 0.0 {
                        let inv_sum = 1.0 / sum;
                        for v in row.iter_mut() {
                            *v *= inv_sum;
                        }
                        out.price[n] = sum * (-th * ln_w_min).exp();
                    } else {
                        out.price[n] = 1.0;
                    }
                    // gₙₛ = Σᵢ λ'ₙᵢ/(1+τ'ₙᵢ); sales of every exporter net of tariffs, and the
                    // parts of Aᵢ (exports of i to n ≠ i).
                    let xs = spend[d.nj(n, s)];
                    let mut g = 0.0;
                    for i in 0..n_ {
                        let gi = row[i] * irow[i];
                        g += gi;
                        let xi = xs * gi;
                        out.sales[i] += xi;
                        if i != n {
                            out.num[i] += th * xi * (1.0 - row[i]);
                            out.den[i] += xi;
                        }
                    }
                    out.g[n] = g;
                }
                out
            })
            .collect();
        let mut price_sum = vec![0.0; d.nj_len()];
        let mut g = vec![0.0; d.nj_len()];
        let mut sales = vec![0.0; n_];
        let mut num = vec![0.0; n_];
        let mut den = vec![0.0; n_];
        for (s, part) in parts.iter().enumerate() {
            for n in 0..n_ {
                price_sum[d.nj(n, s)] = part.price[n];
                g[d.nj(n, s)] = part.g[n];
                sales[n] += part.sales[n];
                num[n] += part.num[n];
                den[n] += part.den[n];
            }
        }
        let h: Vec<f64> = (0..n_)
            .map(|n| {
                (0..s_)
                    .map(|s| self.alpha[d.nj(n, s)] * g[d.nj(n, s)])
                    .sum()
            })
            .collect();
        let mut f = vec![0.0; self.len()];
        // (6): sales net of tariffs.
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
        let mut a_den = vec![0.0; np];
        for (k, &p) in self.regime.players.iter().enumerate() {
            a[k] = if den[p] > 0.0 { num[p] / den[p] } else { 0.0 };
            a_den[k] = den[p];
            f[2 * n_ + k] = t[k] - 1.0 / a[k].max(1.0);
        }
        Point {
            w,
            y,
            t,
            inv_tau,
            pi_new,
            price_sum,
            spend,
            g,
            h,
            a,
            a_den,
            f,
        }
    }

    /// The Jacobian ∂F/∂x at `pt`, dense, row-major (`len × len`).
    ///
    /// The cubic part (wage columns of F¹ and of every Aₚ) is one matrix product,
    /// `C = Σₛ Lₛᵀ Λ'ₛ` with Λ'ₛ the N × N trade shares of sector s and Lₛ the N × (N + players)
    /// weights below, computed by `matrixmultiply`'s dgemm (through `ndarray`) on blocks of sectors in parallel
    /// (blocks fixed by the dimensions and added in order: the same bits on any number of
    /// threads). Everything else is O(S·N²).
    pub fn jacobian(&self, pt: &Point) -> Vec<f64> {
        let d = self.d;
        let (n_, s_) = (d.n, d.j);
        let nn = n_ * n_;
        let np = self.regime.players.len();
        let m = self.len();
        let rows = n_ + np;
        let (pi, inv, spend) = (&pt.pi_new, &pt.inv_tau, &pt.spend);
        // Blocks of about 2 048 stacked rows (importer × sector) each.
        let per_block = (2048 / n_).max(1);
        let blocks: Vec<(usize, usize)> = (0..s_)
            .step_by(per_block)
            .map(|a| (a, (a + per_block).min(s_)))
            .collect();
        // For every sector s, importer n and exporter i, with xₙᵢ = X'ₙₛλ'ₙᵢ/(1+τ'ₙᵢ):
        //   Lₛ[n][i]     = εₛ xₙᵢ                                   (wage columns of F¹),
        //   Lₛ[n][N + k] = εₛ² xₙₚ(2λ'ₙₚ − 1) + Aₚ εₛ xₙₚ, p = player k ≠ n (wage columns of Aₚ),
        // and the O(S·N²) sums the other blocks need.
        let parts: Vec<JacobianSums> = blocks
            .par_iter()
            .map(|&(s0, s1)| {
                let k_len = (s1 - s0) * n_;
                let mut l = vec![0.0; k_len * rows];
                let mut out = JacobianSums::new(n_, np, rows);
                for s in s0..s1 {
                    let th = self.theta[s];
                    for n in 0..n_ {
                        let xs = spend[d.nj(n, s)];
                        if xs == 0.0 {
                            continue;
                        }
                        let base = d.nij(n, 0, s);
                        let lrow = &mut l[((s - s0) * n_ + n) * rows..][..rows];
                        for i in 0..n_ {
                            let lam = pi[base + i];
                            if lam == 0.0 {
                                continue;
                            }
                            let x = xs * lam * inv[base + i];
                            let q = th * x;
                            lrow[i] = q;
                            out.diag1[i] += q;
                            out.x_sum[n * n_ + i] += x;
                            out.ex_sum[n * n_ + i] += q * (1.0 - lam);
                            if i != n {
                                if let Some(k) = self.player_pos[i] {
                                    let z = th * q * (2.0 * lam - 1.0) + pt.a[k] * q;
                                    lrow[n_ + k] = z;
                                    out.diag3[k] += z;
                                }
                            }
                        }
                    }
                }
                gemm_tn_acc(rows, k_len, n_, &l, &pi[s0 * nn..s1 * nn], &mut out.cubic);
                out
            })
            .collect();
        let mut sums = JacobianSums::new(n_, np, rows);
        for part in &parts {
            sums.add(part);
        }
        let JacobianSums {
            cubic,
            diag1,
            diag3,
            x_sum,
            ex_sum,
        } = sums;
        let mut jac = vec![0.0; m * m];
        let rsum: f64 = self.r.iter().sum();
        // F¹ rows (i < N−1): wage columns (−δᵢₖ Σ εX'g + C[i][k] − δᵢₖ ŵᵢRᵢ)/Rᵢ; income
        // columns ∂salesᵢ/∂ln Ŷₘ = Σₛ xₘᵢ.
        for i in 0..n_ - 1 {
            let row = &mut jac[i * m..(i + 1) * m];
            for k in 0..n_ {
                let mut v = cubic[i * n_ + k];
                if i == k {
                    v -= diag1[i] + pt.w[i] * self.r[i];
                }
                row[k] = v / self.r[i];
            }
            for mm in 0..n_ {
                row[n_ + mm] = x_sum[mm * n_ + i] / self.r[i];
            }
        }
        // Numeraire row.
        for k in 0..n_ {
            jac[(n_ - 1) * m + k] = self.r[k] * pt.w[k] / rsum;
        }
        // F² rows: ∂hₙ/∂ln ŵₖ = −Σₛ eₙₛεₛ(gₙₖ − λ'ₙₖ Gₙₛ), Gₙₛ = Σᵢ gₙᵢ, gₙᵢ = λ'ₙᵢ/(1+τ'ₙᵢ).
        jac[n_ * m..2 * n_ * m]
            .par_chunks_mut(m)
            .enumerate()
            .for_each(|(n, row)| {
                for s in 0..s_ {
                    let al = self.alpha[d.nj(n, s)];
                    if al == 0.0 {
                        continue;
                    }
                    let th = self.theta[s];
                    let base = d.nij(n, 0, s);
                    let g_sum = pt.g[d.nj(n, s)];
                    let c = pt.y[n] * al * th;
                    for k in 0..n_ {
                        let lam = pi[base + k];
                        row[k] += c * (lam * inv[base + k] - lam * g_sum);
                    }
                }
                row[n] += pt.w[n] * self.r[n] / self.e[n];
                row[n_ + n] = -pt.y[n] * pt.h[n];
            });
        // Tariff columns of F¹, F² and F³, one player's column at a time.
        let cols: Vec<(Vec<f64>, f64, Vec<f64>)> = self
            .regime
            .players
            .par_iter()
            .map(|&q| {
                let tq = pt.t[self.player_pos[q].expect("a player")];
                let mut f1 = vec![0.0; n_];
                let mut f3 = vec![0.0; np];
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
                    let e_t = -th / (1.0 + tq);
                    for i in 0..n_ {
                        let lam = pi[base + i];
                        let g = lam * inv[base + i];
                        let ci = if i == q { 0.0 } else { 1.0 };
                        let dg = g * e_t * (ci - cc) - g * ci / (1.0 + tq);
                        f1[i] += xs * dg;
                        dh += al * dg;
                        // Exports of i to q feed A_i when i is a player: ∂x and ∂λ'.
                        if i != q {
                            if let Some(ki) = self.player_pos[i] {
                                let x = xs * g;
                                let dx = xs * dg;
                                let dlam = lam * e_t * (ci - cc);
                                let dnum = th * (dx * (1.0 - lam) - x * dlam);
                                f3[ki] += dnum - pt.a[ki] * dx;
                            }
                        }
                    }
                }
                (f1, dh, f3)
            })
            .collect();
        for (k, (&q, (f1, dh, f3))) in self.regime.players.iter().zip(&cols).enumerate() {
            let col = 2 * n_ + k;
            for i in 0..n_ - 1 {
                jac[i * m + col] = f1[i] / self.r[i];
            }
            jac[(n_ + q) * m + col] = -pt.y[q] * dh;
            for (ki, v) in f3.iter().enumerate() {
                let a = pt.a[ki];
                if a > 1.0 && pt.a_den[ki] > 0.0 {
                    jac[(2 * n_ + ki) * m + col] = v / pt.a_den[ki] / (a * a);
                }
            }
        }
        // F³ rows: wage and income columns, and the identity in its own tariff.
        for (k, &p) in self.regime.players.iter().enumerate() {
            let row = &mut jac[(2 * n_ + k) * m..(2 * n_ + k + 1) * m];
            row[2 * n_ + k] += 1.0;
            let a = pt.a[k];
            let den = pt.a_den[k];
            if a.is_nan() || a <= 1.0 || den <= 0.0 {
                continue;
            }
            let c = 1.0 / (a * a * den);
            // Wage columns: δ_pk(Σu + AΣv) − Σ z λ'.
            for kk in 0..n_ {
                let mut v = -cubic[(n_ + k) * n_ + kk];
                if kk == p {
                    v += diag3[k];
                }
                row[kk] += c * v;
            }
            // Income columns: ∂num = Σₛ εₛ xₘₚ(1 − λ'ₘₚ), ∂den = Σₛ xₘₚ (m ≠ p).
            for mm in 0..n_ {
                if mm != p {
                    row[n_ + mm] += c * (ex_sum[mm * n_ + p] - a * x_sum[mm * n_ + p]);
                }
            }
        }
        jac
    }
}

/// One sector's sums in [`System::point`].
struct SectorSums {
    price: Vec<f64>,
    g: Vec<f64>,
    sales: Vec<f64>,
    num: Vec<f64>,
    den: Vec<f64>,
}

impl SectorSums {
    fn new(n: usize) -> Self {
        Self {
            price: vec![0.0; n],
            g: vec![0.0; n],
            sales: vec![0.0; n],
            num: vec![0.0; n],
            den: vec![0.0; n],
        }
    }
}

/// One block of sectors' sums in [`System::jacobian`].
struct JacobianSums {
    /// C = Σₛ Lₛᵀ Λ'ₛ, (N + players) × N.
    cubic: Vec<f64>,
    /// Σₙₛ εₛ xₙᵢ per exporter i.
    diag1: Vec<f64>,
    /// Σ over p's export cells of Lₛ[n][N + k], per player k.
    diag3: Vec<f64>,
    /// Σₛ xₘᵢ, [m][i].
    x_sum: Vec<f64>,
    /// Σₛ εₛ xₘᵢ(1 − λ'ₘᵢ), [m][i].
    ex_sum: Vec<f64>,
}

impl JacobianSums {
    fn new(n: usize, np: usize, rows: usize) -> Self {
        Self {
            cubic: vec![0.0; rows * n],
            diag1: vec![0.0; n],
            diag3: vec![0.0; np],
            x_sum: vec![0.0; n * n],
            ex_sum: vec![0.0; n * n],
        }
    }

    fn add(&mut self, o: &Self) {
        for (a, b) in [
            (&mut self.cubic, &o.cubic),
            (&mut self.diag1, &o.diag1),
            (&mut self.diag3, &o.diag3),
            (&mut self.x_sum, &o.x_sum),
            (&mut self.ex_sum, &o.ex_sum),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
    }
}

/// C += Aᵀ B for row-major A (k × m), B (k × n) and C (m × n): `ndarray`'s general_mat_mul on
/// views of the slices, which for f64 runs `matrixmultiply`'s dgemm with these strides (the
/// workspace forbids `unsafe` code, so truce calls it through ndarray's safe API).
///
/// # Panics
/// If a slice is shorter than its shape says.
fn gemm_tn_acc(m: usize, k: usize, n: usize, a: &[f64], b: &[f64], c: &mut [f64]) {
    use ndarray::linalg::general_mat_mul;
    use ndarray::{ArrayView2, ArrayViewMut2};
    if m == 0 || n == 0 || k == 0 {
        return;
    }
    let a = ArrayView2::from_shape((k, m), &a[..k * m]).expect("A is k × m");
    let b = ArrayView2::from_shape((k, n), &b[..k * n]).expect("B is k × n");
    let mut c = ArrayViewMut2::from_shape((m, n), &mut c[..m * n]).expect("C is m × n");
    general_mat_mul(1.0, &a.t(), &b, 1.0, &mut c);
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
