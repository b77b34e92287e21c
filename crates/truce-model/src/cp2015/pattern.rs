//! Sparse trade pattern and the per-policy coefficients on it.
//!
//! Zero base flows stay zero in every counterfactual (π'ʲₙᵢ = πʲₙᵢ·(…), CP2015 eq. (12)), so
//! every kernel loops over the non-zero cells of π only: the 976 zero tradable cells of the
//! CP2015 data and the off-diagonal cells of the 20 service sectors are never touched, and no
//! logarithm of a zero share is ever taken.

use crate::baseline::Baseline;
use crate::error::ModelError;
use crate::policy::Policy;

/// Compressed rows over (sector j, importer n); entries are exporters i with πʲₙᵢ > 0.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    /// Row r = j·N + n spans `row_ptr[r]..row_ptr[r+1]`.
    pub row_ptr: Vec<usize>,
    /// Exporter of each entry.
    pub exporter: Vec<usize>,
    /// Flat [`crate::Dims::nij`] index of each entry.
    pub cell: Vec<usize>,
    /// Base share π of each entry.
    pub pi: Vec<f64>,
}

impl Pattern {
    pub fn new(b: &Baseline) -> Self {
        let d = b.dims();
        let pi = b.trade_share();
        let mut row_ptr = Vec::with_capacity(d.nj_len() + 1);
        let mut exporter = Vec::new();
        let mut cell = Vec::new();
        let mut vals = Vec::new();
        row_ptr.push(0);
        for j in 0..d.j {
            for n in 0..d.n {
                for i in 0..d.n {
                    let c = d.nij(n, i, j);
                    if pi[c] > 0.0 {
                        exporter.push(i);
                        cell.push(c);
                        vals.push(pi[c]);
                    }
                }
                row_ptr.push(exporter.len());
            }
        }
        Pattern {
            row_ptr,
            exporter,
            cell,
            pi: vals,
        }
    }

    pub fn nnz(&self) -> usize {
        self.exporter.len()
    }
}

/// Per-policy coefficients on the pattern.
#[derive(Debug, Clone)]
pub(crate) struct PolicyCoefficients {
    /// kₑ = πₑ · κ̂ₑ^{−θʲ}: the base share times the cost-shifter of eq. (11)–(12).
    pub k: Vec<f64>,
    /// 1/(1+τ'): border value per unit of buyer spending.
    pub border: Vec<f64>,
    /// 1/((1+τ')(1+t')): producer value per unit of buyer spending (ρ/π in the spec §6).
    pub producer: Vec<f64>,
}

impl PolicyCoefficients {
    pub fn new(pat: &Pattern) -> Self {
        let nnz = pat.nnz();
        Self {
            k: vec![0.0; nnz],
            border: vec![0.0; nnz],
            producer: vec![0.0; nnz],
        }
    }

    /// Fill from a policy. κ̂ = (1+τ')/(1+τ) · (1+t')/(1+t) · d̂ (CP2015 §2 and spec §6).
    pub fn set(&mut self, b: &Baseline, pat: &Pattern, p: &Policy) -> Result<(), ModelError> {
        p.check_dims(b)?;
        let d = b.dims();
        let theta = b.theta();
        let (tau0, t0) = (b.tariff(), b.export_tax());
        let (tau1, t1, dhat) = (p.tariff(), p.export_tax(), p.trade_cost());
        for j in 0..d.j {
            for n in 0..d.n {
                let r = j * d.n + n;
                for e in pat.row_ptr[r]..pat.row_ptr[r + 1] {
                    let c = pat.cell[e];
                    let ln_kappa = (1.0 + tau1[c]).ln() - (1.0 + tau0[c]).ln() + (1.0 + t1[c]).ln()
                        - (1.0 + t0[c]).ln()
                        + dhat[c].ln();
                    self.k[e] = pat.pi[e] * (-theta[j] * ln_kappa).exp();
                    self.border[e] = 1.0 / (1.0 + tau1[c]);
                    self.producer[e] = self.border[e] / (1.0 + t1[c]);
                }
            }
        }
        Ok(())
    }
}
