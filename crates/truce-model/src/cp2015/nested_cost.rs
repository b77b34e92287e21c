//! Input-bundle cost and cost shares under nested CES production: CP2015 eq. (10) generalised
//! (docs/model-cp2015.md, "Nested CES production").
//!
//! In changes, a CES aggregate with base cost shares $s_i$ and elasticity $\sigma$ has
//! $$\hat p=\Big[\sum_is_i\,\hat p_i^{\,1-\sigma}\Big]^{1/(1-\sigma)},\qquad
//!   s_i'=s_i\,(\hat p_i/\hat p)^{1-\sigma},$$
//! which is $\ln\hat p=\sum_is_i\ln\hat p_i$ with fixed shares when $\sigma=1$ (Cobb–Douglas).
//! The technology of sector j in region n nests three of them:
//! $$\hat c^j_n=\mathrm{CES}_{\varepsilon_c}\Big(\hat p^{C,j}_n,\ \hat b^j_n\Big),\quad
//!   \hat b^j_n=\mathrm{CES}_{\sigma_{VA}}\big(\hat w_n,\hat m^j_n\big),\quad
//!   \hat m^j_n=\mathrm{CES}_{\varepsilon}\big(\{\hat P^k_n\}_{k\notin C}\big),\quad
//!   \hat p^{C,j}_n=\mathrm{CES}_{\varepsilon}\big(\{\hat P^k_n\}_{k\in C}\big),$$
//! with base shares: $s^C=\sum_{k\in C}\gamma^{k,j}_n$ (critical inputs in costs), $a=\gamma^j_n/(1-s^C)$
//! (labour in the rest bundle), and within each intermediate nest $\gamma^{k,j}_n$ over the
//! nest's total. The new cost shares (labour $\gamma'^j_n$, inputs $\gamma'^{k,j}_n$) replace the
//! fixed ones in eq. (13) and in labour-market clearing.

use crate::baseline::Baseline;
use crate::dims::Dims;

/// Below this |1 − σ| a CES aggregate is evaluated by its second-order expansion in 1 − σ,
/// $\ln\hat p\approx\mu+\tfrac{1-\sigma}2v$ ($\mu$, $v$: share-weighted mean and variance of
/// $\ln\hat p_i$), which is exact to O((1 − σ)²) and avoids dividing a rounding error by a tiny
/// 1 − σ.
const SERIES_BELOW: f64 = 1e-4;

/// The base shares of every nest, computed once per baseline.
#[derive(Debug, Clone)]
pub(crate) struct Nest {
    /// 1 − ε, 1 − σ_VA, 1 − ε_c.
    rho_eps: f64,
    rho_va: f64,
    rho_c: f64,
    /// Whether each sector is in the critical nest.
    critical: Vec<bool>,
    /// s^C: base cost share of the critical inputs, [`Dims::nj`].
    pub s_c: Vec<f64>,
    /// a: base share of labour in the rest bundle, [`Dims::nj`].
    a: Vec<f64>,
    /// Within-nest shares of each input, laid out [n][j][k] (user-major, so that one user's
    /// column is contiguous): critical inputs over the critical total, the others over the
    /// non-critical intermediate total.
    w: Vec<f64>,
}

/// Per-region scratch: exp((1 − ε)(ln P̂ᵏ − shift)).
#[derive(Debug, Clone)]
pub(crate) struct NestScratch {
    e: Vec<f64>,
}

impl NestScratch {
    pub fn new(d: Dims) -> Self {
        Self { e: vec![0.0; d.j] }
    }
}

/// New cost shares written by [`nested_cost`].
pub(crate) struct SharesOut<'a> {
    /// γ'ʲₙ, [`Dims::nj`].
    pub va: &'a mut [f64],
    /// γ'^{k,j}_n, [`Dims::nkj`].
    pub io: &'a mut [f64],
    /// Cost share of the critical composite, [`Dims::nj`].
    pub critical: &'a mut [f64],
}

impl Nest {
    /// The nests of `b`'s production structure (which must not be Cobb–Douglas: that case runs
    /// the original kernels).
    pub fn new(b: &Baseline) -> Self {
        let d = b.dims();
        let p = b.production();
        let critical: Vec<bool> = (0..d.j).map(|j| p.is_critical(j)).collect();
        let (va, io) = (b.va_share(), b.io_share());
        let mut s_c = vec![0.0; d.nj_len()];
        let mut a = vec![1.0; d.nj_len()];
        let mut w = vec![0.0; d.io_len()];
        for n in 0..d.n {
            for j in 0..d.j {
                let (mut crit, mut other) = (0.0, 0.0);
                for k in 0..d.j {
                    let g = io[d.nkj(n, k, j)];
                    if critical[k] {
                        crit += g;
                    } else {
                        other += g;
                    }
                }
                let c = d.nj(n, j);
                s_c[c] = crit;
                let rest = va[c] + other;
                a[c] = if rest > 0.0 { va[c] / rest } else { 1.0 };
                for k in 0..d.j {
                    let g = io[d.nkj(n, k, j)];
                    let tot = if critical[k] { crit } else { other };
                    w[(n * d.j + j) * d.j + k] = if tot > 0.0 { g / tot } else { 0.0 };
                }
            }
        }
        Self {
            rho_eps: 1.0 - p.epsilon,
            rho_va: 1.0 - p.sigma_va,
            rho_c: 1.0 - p.epsilon_c().unwrap_or(1.0),
            critical,
            s_c,
            a,
            w,
        }
    }
}

/// ln of a two-input CES aggregate with base shares (a, 1 − a) and ρ = 1 − σ.
#[inline]
fn ces2(rho: f64, a: f64, x: f64, y: f64) -> f64 {
    if a <= 0.0 {
        return y;
    }
    if a >= 1.0 {
        return x;
    }
    if rho == 0.0 {
        return a * x + (1.0 - a) * y;
    }
    if rho.abs() < SERIES_BELOW {
        let mu = a * x + (1.0 - a) * y;
        let v = a * (x - mu).powi(2) + (1.0 - a) * (y - mu).powi(2);
        return mu + 0.5 * rho * v;
    }
    let (u, v) = (rho * x, rho * y);
    let m = u.max(v);
    (m + (a * (u - m).exp() + (1.0 - a) * (v - m).exp()).ln()) / rho
}

/// ln of a CES aggregate of the inputs k with `member(k)`, weights `w[k]` (summing to one over
/// the members), log-prices `x[k]` and ρ = 1 − σ; `e` holds exp(ρ(x − shift)) when ρ is not in
/// the series range. Returns 0 when the nest is empty (it then has no weight).
#[inline]
fn ces_nest(
    rho: f64,
    w: &[f64],
    x: &[f64],
    e: &[f64],
    shift: f64,
    member: impl Fn(usize) -> bool,
) -> f64 {
    if rho == 0.0 || rho.abs() < SERIES_BELOW {
        let (mut mu, mut tot) = (0.0, 0.0);
        for k in 0..w.len() {
            if member(k) && w[k] != 0.0 {
                mu += w[k] * x[k];
                tot += w[k];
            }
        }
        if tot == 0.0 || rho == 0.0 {
            return mu;
        }
        let mut v = 0.0;
        for k in 0..w.len() {
            if member(k) && w[k] != 0.0 {
                v += w[k] * (x[k] - mu).powi(2);
            }
        }
        return mu + 0.5 * rho * v;
    }
    let mut s = 0.0;
    for k in 0..w.len() {
        if member(k) {
            s += w[k] * e[k];
        }
    }
    if s > 0.0 {
        shift + s.ln() / rho
    } else {
        0.0
    }
}

/// The nested CES unit cost (CP2015 eq. (10) generalised), in logs: writes ln ĉʲₙ into `ln_c`
/// for every (n, j), and, when `shares` is given, the new cost shares (labour, each input, the
/// critical composite).
#[allow(clippy::too_many_arguments)]
pub(crate) fn nested_cost(
    d: Dims,
    nest: &Nest,
    ln_w: &[f64],
    ln_p: &[f64],
    ln_c: &mut [f64],
    mut shares: Option<SharesOut<'_>>,
    scratch: &mut NestScratch,
) {
    let rho = nest.rho_eps;
    let series = rho == 0.0 || rho.abs() < SERIES_BELOW;
    for n in 0..d.n {
        let x = &ln_p[n * d.j..(n + 1) * d.j];
        // exp(ρ(x_k − shift)) with the shift that keeps every exponent ≤ 0.
        let shift = if series {
            0.0
        } else if rho > 0.0 {
            x.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        } else {
            x.iter().copied().fold(f64::INFINITY, f64::min)
        };
        if !series {
            for (e, &xk) in scratch.e.iter_mut().zip(x) {
                *e = (rho * (xk - shift)).exp();
            }
        }
        for j in 0..d.j {
            let c = d.nj(n, j);
            let col = &nest.w[(n * d.j + j) * d.j..(n * d.j + j + 1) * d.j];
            let crit = &nest.critical;
            let ln_m = ces_nest(rho, col, x, &scratch.e, shift, |k| !crit[k]);
            let s_c = nest.s_c[c];
            let ln_pc = if s_c > 0.0 {
                ces_nest(rho, col, x, &scratch.e, shift, |k| crit[k])
            } else {
                0.0
            };
            let a = nest.a[c];
            let ln_b = ces2(nest.rho_va, a, ln_w[n], ln_m);
            let lc = ces2(nest.rho_c, s_c, ln_pc, ln_b);
            ln_c[c] = lc;
            if let Some(out) = shares.as_mut() {
                // New shares: each nest's s' = s·(p̂/p̂_nest)^(1−σ); the complements keep the
                // total exactly one.
                let s_c_new = if s_c > 0.0 {
                    s_c * (nest.rho_c * (ln_pc - lc)).exp()
                } else {
                    0.0
                };
                let rest = 1.0 - s_c_new;
                let a_new = if a > 0.0 && a < 1.0 {
                    a * (nest.rho_va * (ln_w[n] - ln_b)).exp()
                } else {
                    a
                };
                out.critical[c] = s_c_new;
                out.va[c] = rest * a_new;
                for k in 0..d.j {
                    let wk = col[k];
                    let g = if wk == 0.0 {
                        0.0
                    } else if crit[k] {
                        s_c_new * wk * (rho * (x[k] - ln_pc)).exp()
                    } else {
                        rest * (1.0 - a_new) * wk * (rho * (x[k] - ln_m)).exp()
                    };
                    out.io[d.nkj(n, k, j)] = g;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_input_ces_matches_its_definition_and_limits() {
        let (a, x, y) = (0.3f64, 0.2f64, -0.1f64);
        for sigma in [0.05f64, 0.5, 2.0, 5.0] {
            let rho = 1.0 - sigma;
            let direct = ((a * (rho * x).exp() + (1.0 - a) * (rho * y).exp()).ln()) / rho;
            assert!((ces2(rho, a, x, y) - direct).abs() < 1e-14);
        }
        // Cobb–Douglas exactly, and continuity through the series range.
        assert_eq!(ces2(0.0, a, x, y), a * x + (1.0 - a) * y);
        let near = ces2(1e-3, a, x, y);
        let series = ces2(0.5e-4, a, x, y);
        let cd = a * x + (1.0 - a) * y;
        assert!((near - cd).abs() < 1e-4 && (series - cd).abs() < 1e-5);
        // Leontief limit: the cost is the share-weighted mean of the prices in levels.
        let leontief = ces2(1.0 - 1e-9, a, x, y);
        let levels = (a * x.exp() + (1.0 - a) * y.exp()).ln();
        assert!((leontief - levels).abs() < 1e-8);
    }
}
