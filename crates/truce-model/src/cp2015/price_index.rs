//! Sectoral price index, CP2015 eq. (11).

use super::pattern::{Pattern, PolicyCoefficients};
use crate::dims::Dims;

/// CP2015 eq. (11):
/// $$\hat P^j_n=\Big[\sum_i\pi^j_{ni}(\hat\kappa^j_{ni}\hat c^j_i)^{-\theta^j}\Big]^{-1/\theta^j}.$$
///
/// Written as $\hat P^{-\theta}=\sum_i k_{ni}\,\hat c_i^{-\theta}$ with $k=\pi\hat\kappa^{-\theta}$
/// precomputed per policy, so each evaluation costs N·J exponentials rather than N²·J. Powers
/// are taken in logs and shifted by the sector's lowest cost, so θ up to 65 (CP2015 sector 6)
/// cannot overflow.
///
/// Writes `c_pow` (ĉʲᵢ^{−θ} shifted, [sector][exporter]), `shift` ([sector]), `sum`
/// (Σᵢ k ĉ^{−θ}, [`Dims::nj`]) and `ln_p` ([`Dims::nj`]). Returns the flat index of a price
/// index whose sum vanished (every supplier priced out), if any.
#[allow(clippy::too_many_arguments)]
pub(crate) fn log_price_index(
    d: Dims,
    theta: &[f64],
    pat: &Pattern,
    coef: &PolicyCoefficients,
    ln_c: &[f64],
    c_pow: &mut [f64],
    shift: &mut [f64],
    sum: &mut [f64],
    ln_p: &mut [f64],
) -> Option<usize> {
    for j in 0..d.j {
        let mut lo = f64::INFINITY;
        for i in 0..d.n {
            lo = lo.min(ln_c[d.nj(i, j)]);
        }
        shift[j] = lo;
        let th = theta[j];
        for i in 0..d.n {
            c_pow[j * d.n + i] = (-th * (ln_c[d.nj(i, j)] - lo)).exp();
        }
    }
    let mut bad = None;
    for j in 0..d.j {
        let th = theta[j];
        let cp = &c_pow[j * d.n..(j + 1) * d.n];
        for n in 0..d.n {
            let r = j * d.n + n;
            let mut s = 0.0;
            for e in pat.row_ptr[r]..pat.row_ptr[r + 1] {
                s += coef.k[e] * cp[pat.exporter[e]];
            }
            let c = d.nj(n, j);
            sum[c] = s;
            if s > 0.0 && s.is_finite() {
                ln_p[c] = shift[j] - s.ln() / th;
            } else if bad.is_none() {
                bad = Some(c);
            }
        }
    }
    bad
}
