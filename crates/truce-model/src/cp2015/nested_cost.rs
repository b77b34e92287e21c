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
    /// The critical sectors, and the others.
    crit_rows: Vec<usize>,
    other_rows: Vec<usize>,
    /// s^C: base cost share of the critical inputs, [`Dims::nj`].
    pub s_c: Vec<f64>,
    /// a: base share of labour in the rest bundle, [`Dims::nj`].
    a: Vec<f64>,
    /// Within-nest shares of the non-critical intermediates (their total = 1 per user; 0 on
    /// critical rows), [`Dims::nkj`] like the input–output shares, so that each nest's sum over
    /// inputs k runs as contiguous updates over users j.
    w_other: Vec<f64>,
    /// Within-nest shares of the critical inputs (0 on the other rows), [`Dims::nkj`].
    w_crit: Vec<f64>,
}

/// Per-region scratch.
#[derive(Debug, Clone)]
pub(crate) struct NestScratch {
    /// exp(ρ(ln P̂ᵏ − shift)), or ln P̂ᵏ itself when ρ = 0.
    e: Vec<f64>,
    /// Per user j: the two nests' sums (and, in the series range, their second moments).
    m: Vec<f64>,
    c: Vec<f64>,
    m2: Vec<f64>,
    c2: Vec<f64>,
}

impl NestScratch {
    pub fn new(d: Dims) -> Self {
        Self {
            e: vec![0.0; d.j],
            m: vec![0.0; d.j],
            c: vec![0.0; d.j],
            m2: vec![0.0; d.j],
            c2: vec![0.0; d.j],
        }
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
        let mut w_other = vec![0.0; d.io_len()];
        let mut w_crit = vec![0.0; d.io_len()];
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
                    if critical[k] {
                        w_crit[d.nkj(n, k, j)] = if crit > 0.0 { g / crit } else { 0.0 };
                    } else {
                        w_other[d.nkj(n, k, j)] = if other > 0.0 { g / other } else { 0.0 };
                    }
                }
            }
        }
        Self {
            rho_eps: 1.0 - p.epsilon,
            rho_va: 1.0 - p.sigma_va,
            rho_c: 1.0 - p.epsilon_c().unwrap_or(1.0),
            crit_rows: (0..d.j).filter(|&k| critical[k]).collect(),
            other_rows: (0..d.j).filter(|&k| !critical[k]).collect(),
            s_c,
            a,
            w_other,
            w_crit,
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
    // ln(a·e^u + (1 − a)·e^v) with the larger exponent factored out: one exp, one ln.
    let (u, v) = (rho * x, rho * y);
    let lse = if u >= v {
        u + (a + (1.0 - a) * (v - u).exp()).ln()
    } else {
        v + (a * (u - v).exp() + (1.0 - a)).ln()
    };
    lse / rho
}

/// Accumulate Σₖ w[k][j]·e[k] over the input rows `rows` into `acc[j]` (and Σₖ w[k][j]·e[k]²
/// into `acc2[j]` when given), k outer so that each update runs over contiguous users.
#[inline]
fn nest_sums(
    d: Dims,
    rows: &[usize],
    w: &[f64],
    e: &[f64],
    acc: &mut [f64],
    acc2: Option<&mut [f64]>,
) {
    acc.iter_mut().for_each(|v| *v = 0.0);
    for &k in rows {
        let ek = e[k];
        let row = &w[k * d.j..(k + 1) * d.j];
        for (a, &wk) in acc.iter_mut().zip(row) {
            *a += wk * ek;
        }
    }
    if let Some(acc2) = acc2 {
        acc2.iter_mut().for_each(|v| *v = 0.0);
        for &k in rows {
            let ek = e[k];
            let row = &w[k * d.j..(k + 1) * d.j];
            let e2 = ek * ek;
            for (a, &wk) in acc2.iter_mut().zip(row) {
                *a += wk * e2;
            }
        }
    }
}

/// The nested CES unit cost (CP2015 eq. (10) generalised), in logs: writes ln ĉʲₙ into `ln_c`
/// for every (n, j), and, when `shares` is given, the new cost shares (labour, each input, the
/// critical composite).
///
/// Each nest's aggregate is Σₖ wₖⱼ P̂ₖ^ρ with the within-nest weights w (computed once): the
/// powers P̂ₖ^ρ are taken once per region (shifted so that no exponent is positive), and the
/// sums over k run as contiguous updates over users j, as eq. (10) does under Cobb–Douglas.
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
    let exact_cd = rho == 0.0;
    let series = !exact_cd && rho.abs() < SERIES_BELOW;
    let NestScratch { e, m, c, m2, c2 } = scratch;
    for n in 0..d.n {
        let x = &ln_p[n * d.j..(n + 1) * d.j];
        // exp(ρ(x_k − shift)) with the shift that keeps every exponent ≤ 0; the logs
        // themselves under (or near) Cobb–Douglas.
        let shift = if exact_cd || series {
            0.0
        } else if rho > 0.0 {
            x.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        } else {
            x.iter().copied().fold(f64::INFINITY, f64::min)
        };
        if exact_cd || series {
            e.copy_from_slice(x);
        } else {
            for (ek, &xk) in e.iter_mut().zip(x) {
                *ek = (rho * (xk - shift)).exp();
            }
        }
        let wo = &nest.w_other[d.nkj(n, 0, 0)..d.nkj(n, 0, 0) + d.j * d.j];
        let wc = &nest.w_crit[d.nkj(n, 0, 0)..d.nkj(n, 0, 0) + d.j * d.j];
        nest_sums(d, &nest.other_rows, wo, e, m, series.then_some(&mut m2[..]));
        nest_sums(d, &nest.crit_rows, wc, e, c, series.then_some(&mut c2[..]));
        // ln of a nest from its sums: the mean of logs (Cobb–Douglas), its second-order
        // expansion, or shift + ln(Σ)/ρ; an empty nest (sum 0) has no weight and gives 0.
        let ln_nest = |s: f64, s2: f64| -> f64 {
            if exact_cd {
                s
            } else if series {
                s + 0.5 * rho * (s2 - s * s)
            } else if s > 0.0 {
                shift + s.ln() / rho
            } else {
                0.0
            }
        };
        for j in 0..d.j {
            let cj = d.nj(n, j);
            let ln_m = ln_nest(m[j], m2[j]);
            let s_c = nest.s_c[cj];
            let ln_pc = if s_c > 0.0 { ln_nest(c[j], c2[j]) } else { 0.0 };
            let a = nest.a[cj];
            let ln_b = ces2(nest.rho_va, a, ln_w[n], ln_m);
            let lc = ces2(nest.rho_c, s_c, ln_pc, ln_b);
            ln_c[cj] = lc;
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
                out.critical[cj] = s_c_new;
                out.va[cj] = rest * a_new;
                // Within a nest the input shares are w·(P̂ₖ/p̂_nest)^ρ = w·e_k·e^{ρ(shift −
                // ln p̂_nest)}: one factor per user and nest (kept in the sums' slots, no longer
                // needed), applied row by row below.
                let scale_m = rest * (1.0 - a_new);
                if exact_cd || series {
                    m[j] = scale_m;
                    c[j] = s_c_new;
                    m2[j] = ln_m;
                    c2[j] = ln_pc;
                } else {
                    m[j] = scale_m * (rho * (shift - ln_m)).exp();
                    c[j] = s_c_new * (rho * (shift - ln_pc)).exp();
                }
            }
        }
        if let Some(out) = shares.as_mut() {
            for (rows, w, f, lnest) in [
                (&nest.other_rows, wo, &m[..], &m2[..]),
                (&nest.crit_rows, wc, &c[..], &c2[..]),
            ] {
                for &k in rows.iter() {
                    let wrow = &w[k * d.j..(k + 1) * d.j];
                    let orow = &mut out.io[d.nkj(n, k, 0)..d.nkj(n, k, 0) + d.j];
                    if exact_cd {
                        for ((o, &wk), &fj) in orow.iter_mut().zip(wrow).zip(f) {
                            *o = fj * wk;
                        }
                    } else if series {
                        for (j, (o, &wk)) in orow.iter_mut().zip(wrow).enumerate() {
                            *o = if wk == 0.0 {
                                0.0
                            } else {
                                f[j] * wk * (rho * (x[k] - lnest[j])).exp()
                            };
                        }
                    } else {
                        let ek = e[k];
                        for ((o, &wk), &fj) in orow.iter_mut().zip(wrow).zip(f) {
                            *o = fj * wk * ek;
                        }
                    }
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
