//! Trade balance, CP2015 eq. (14) / Appendix (C2), valued at border prices (spec (14x)).

use super::expenditure::Flows;

/// CP2015 eq. (14):
/// $$Z_n=\sum_{j,i}\frac{\pi'^j_{ni}}{1+\tau'^j_{ni}}X'^j_n-D'_n-\sum_{j,m}\frac{\pi'^j_{mn}}{1+\tau'^j_{mn}}X'^j_m ,$$
/// imports minus the deficit minus exports, at border values (export-tax revenue is part of the
/// exporter's receipts). Writes `z` and returns max |Zₙ|/VAₙ, the outer residual.
pub(crate) fn excess_demand(
    flows: &Flows,
    deficit_new: &[f64],
    value_added: &[f64],
    z: &mut [f64],
) -> f64 {
    let mut worst: f64 = 0.0;
    for n in 0..z.len() {
        z[n] = flows.imports[n] - deficit_new[n] - flows.exports[n];
        worst = worst.max((z[n] / value_added[n]).abs());
    }
    worst
}
