//! Input-bundle cost, CP2015 eq. (10).

use crate::dims::Dims;

/// CP2015 eq. (10), in logs:
/// $$\ln\hat c^j_n=\gamma^j_n\ln\hat w_n+\sum_k\gamma^{k,j}_n\ln\hat P^k_n .$$
///
/// `va_share` is γʲₙ ([`Dims::nj`]), `io_share` is γⁿ_{k,j} ([`Dims::nkj`]); writes `ln_c`
/// ([`Dims::nj`]).
pub(crate) fn log_input_cost(
    d: Dims,
    va_share: &[f64],
    io_share: &[f64],
    ln_w: &[f64],
    ln_p: &[f64],
    ln_c: &mut [f64],
) {
    for n in 0..d.n {
        let row_p = &ln_p[n * d.j..(n + 1) * d.j];
        let out = &mut ln_c[n * d.j..(n + 1) * d.j];
        for (j, o) in out.iter_mut().enumerate() {
            *o = va_share[d.nj(n, j)] * ln_w[n];
        }
        // Loop k outer so the inner loop over j reads io_share contiguously.
        for (k, &lp) in row_p.iter().enumerate() {
            if lp == 0.0 {
                continue;
            }
            let io = &io_share[d.nkj(n, k, 0)..d.nkj(n, k, 0) + d.j];
            for (o, &g) in out.iter_mut().zip(io) {
                *o += g * lp;
            }
        }
    }
}
