//! Counterfactual trade shares, CP2015 eq. (12).

use super::pattern::{Pattern, PolicyCoefficients};
use crate::dims::Dims;

/// CP2015 eq. (12):
/// $$\pi'^j_{ni}=\pi^j_{ni}\Big(\frac{\hat\kappa^j_{ni}\hat c^j_i}{\hat P^j_n}\Big)^{-\theta^j}
///   = \frac{k_{ni}\,\hat c_i^{-\theta}}{\sum_m k_{nm}\,\hat c_m^{-\theta}},$$
/// using `c_pow` and `sum` from [`super::price_index::log_price_index`] so that the shares sum
/// to one exactly. Writes `pi_new` on the pattern's entries.
pub(crate) fn trade_share(
    d: Dims,
    pat: &Pattern,
    coef: &PolicyCoefficients,
    c_pow: &[f64],
    sum: &[f64],
    pi_new: &mut [f64],
) {
    for j in 0..d.j {
        let cp = &c_pow[j * d.n..(j + 1) * d.n];
        for n in 0..d.n {
            let r = j * d.n + n;
            let inv = 1.0 / sum[d.nj(n, j)];
            for e in pat.row_ptr[r]..pat.row_ptr[r + 1] {
                pi_new[e] = coef.k[e] * cp[pat.exporter[e]] * inv;
            }
        }
    }
}
