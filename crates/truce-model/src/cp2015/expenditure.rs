//! Sectoral expenditure, CP2015 eq. (13) / Appendix (C1), with export taxes (spec §6, (13x)).

use super::pattern::{Pattern, PolicyCoefficients};
use crate::dims::Dims;

/// Where each unit spent goes, given π' and X': border values, producer values, revenues.
#[derive(Debug, Clone)]
pub(crate) struct Flows {
    /// Y'ʲᵢ = Σₙ ρ'ʲₙᵢ X'ʲₙ: gross output at producer prices, [`Dims::nj`].
    pub gross_output: Vec<f64>,
    /// R'ₙ = Σ τ'/(1+τ') π' X': import-tariff revenue, per region.
    pub tariff_revenue: Vec<f64>,
    /// T'ᵢ = Σ t' ρ' X': export-tax revenue, per region.
    pub export_tax_revenue: Vec<f64>,
    /// Imports at border values, off-diagonal, per region.
    pub imports: Vec<f64>,
    /// Exports at border values, off-diagonal, per region.
    pub exports: Vec<f64>,
}

impl Flows {
    pub fn new(d: Dims) -> Self {
        Self {
            gross_output: vec![0.0; d.nj_len()],
            tariff_revenue: vec![0.0; d.n],
            export_tax_revenue: vec![0.0; d.n],
            imports: vec![0.0; d.n],
            exports: vec![0.0; d.n],
        }
    }

    /// Route spending X' through shares π' (one pass over the pattern).
    pub fn compute(
        &mut self,
        d: Dims,
        pat: &Pattern,
        coef: &PolicyCoefficients,
        pi_new: &[f64],
        x: &[f64],
    ) {
        self.gross_output.iter_mut().for_each(|v| *v = 0.0);
        for v in [
            &mut self.tariff_revenue,
            &mut self.export_tax_revenue,
            &mut self.imports,
            &mut self.exports,
        ] {
            v.iter_mut().for_each(|v| *v = 0.0);
        }
        for j in 0..d.j {
            for n in 0..d.n {
                let r = j * d.n + n;
                let xn = x[d.nj(n, j)];
                for e in pat.row_ptr[r]..pat.row_ptr[r + 1] {
                    let i = pat.exporter[e];
                    let spend = pi_new[e] * xn;
                    let border = spend * coef.border[e];
                    let producer = spend * coef.producer[e];
                    self.gross_output[d.nj(i, j)] += producer;
                    self.tariff_revenue[n] += spend - border;
                    self.export_tax_revenue[i] += border - producer;
                    if i != n {
                        self.imports[n] += border;
                        self.exports[i] += border;
                    }
                }
            }
        }
    }
}

/// One evaluation of the right-hand side of CP2015 eq. (13) (spec (13x)):
/// $$X'^j_n=\sum_k\gamma^{j,k}_n Y'^k_n+\alpha^j_n\big(\hat w_nVA_n+R'_n+T'_n+D'_n\big),$$
/// where `flows` was computed from the current X'. Writes `x_out` ([`Dims::nj`]) and
/// `income` (I'ₙ).
#[allow(clippy::too_many_arguments)]
pub(crate) fn expenditure_map(
    d: Dims,
    io_share: &[f64],
    alpha: &[f64],
    w_hat: &[f64],
    value_added: &[f64],
    deficit_new: &[f64],
    flows: &Flows,
    income: &mut [f64],
    x_out: &mut [f64],
) {
    for n in 0..d.n {
        let inc = w_hat[n] * value_added[n]
            + flows.tariff_revenue[n]
            + flows.export_tax_revenue[n]
            + deficit_new[n];
        income[n] = inc;
        let y = &flows.gross_output[n * d.j..(n + 1) * d.j];
        for j in 0..d.j {
            // γ^{j,k}_n: input j used by sector k, at io_share[n][j][k].
            let io = &io_share[d.nkj(n, j, 0)..d.nkj(n, j, 0) + d.j];
            let mut s = alpha[d.nj(n, j)] * inc;
            for (g, yk) in io.iter().zip(y) {
                s += g * yk;
            }
            x_out[d.nj(n, j)] = s;
        }
    }
}
