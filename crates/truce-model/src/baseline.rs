//! The baseline: a model-consistent initial equilibrium, validated once.

use crate::dims::{Dims, Region, Sector};
use crate::error::{Location, ModelError};
use crate::production::{check_elasticity, Production};

/// Tolerance on shares that must sum to one (α over sectors, γ over inputs plus value added).
///
/// The Caliendo–Parro input–output columns sum to 1 ± 2·10⁻⁶ (their README), so the tolerance
/// is looser than that.
pub const SHARE_TOL: f64 = 1e-5;

/// Largest magnitude accepted for a negative input–output share. The Caliendo–Parro table has
/// one coefficient of −0.000846 (Canada, input 20 → sector 11) that the paper keeps.
pub const NEGATIVE_IO_TOL: f64 = 1e-3;

/// Everything needed to build a [`Baseline`]; the derived quantities (π, X, Y, VA, D, R) are
/// computed by [`Baseline::new`].
///
/// Units of `flows` are the caller's (USD, millions, 10¹⁰ USD …): every result of the engine is
/// a ratio and does not depend on them.
#[derive(Debug, Clone, PartialEq)]
pub struct BaselineInputs {
    /// Regions, in index order.
    pub regions: Vec<Region>,
    /// Sectors, in index order.
    pub sectors: Vec<Sector>,
    /// Trade elasticity θʲ per sector.
    pub theta: Vec<f64>,
    /// Mʲₙᵢ: value of importer `n`'s purchases from exporter `i` in sector `j` at the border
    /// (after any export tax, before the import tariff); the diagonal holds domestic sales.
    /// Layout [`Dims::nij`].
    pub flows: Vec<f64>,
    /// τʲₙᵢ: ad-valorem import tariff of `n` on `i` (fraction; 0.25 = 25 %). Layout
    /// [`Dims::nij`].
    pub tariff: Vec<f64>,
    /// tʲₙᵢ: ad-valorem export tax levied by exporter `i` on its sales to `n` (fraction).
    /// Layout [`Dims::nij`]. All zeros for most data sets.
    pub export_tax: Vec<f64>,
    /// γʲₙ: value-added share of gross output. Layout [`Dims::nj`].
    pub va_share: Vec<f64>,
    /// γⁿ_{k,j}: share of inputs from sector `k` in sector `j`'s gross output.
    /// Layout [`Dims::nkj`].
    pub io_share: Vec<f64>,
    /// αʲₙ: final-demand share of sector `j`. Layout [`Dims::nj`].
    pub alpha: Vec<f64>,
}

/// A validated baseline for the Caliendo–Parro engine.
///
/// It cannot exist in an inconsistent state: shapes agree, flows are non-negative and finite,
/// shares sum to one, non-traded sectors carry no trade, tariffs or export taxes. Derived
/// quantities are computed once here.
///
/// The baseline need not be an exact equilibrium of the model (the raw Caliendo–Parro 1993
/// data are not); [`crate::cp2015::Equilibrium::rebase`] turns a solved counterfactual into a
/// new, model-consistent baseline (the paper's zero-deficit base year is built that way).
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    dims: Dims,
    inputs: BaselineInputs,
    // Derived.
    pi: Vec<f64>,
    expenditure: Vec<f64>,
    gross_output: Vec<f64>,
    value_added: Vec<f64>,
    deficit: Vec<f64>,
    tariff_revenue: Vec<f64>,
    export_tax_revenue: Vec<f64>,
    /// The technology (Cobb–Douglas unless set with [`Baseline::with_production`]).
    production: Production,
}

impl Baseline {
    /// Validate `inputs` and derive trade shares, expenditure, output, value added, deficits
    /// and tax revenues.
    ///
    /// Derivations (CP2015 §4.1 steps 2–4, with export taxes): Xʲₙ = Σᵢ (1+τʲₙᵢ) Mʲₙᵢ,
    /// πʲₙᵢ = (1+τʲₙᵢ) Mʲₙᵢ / Xʲₙ, Yʲᵢ = Σₙ Mʲₙᵢ / (1+tʲₙᵢ), VAₙ = Σⱼ γʲₙ Yʲₙ,
    /// Dₙ = Σ imports − Σ exports at border values (off-diagonal), Rₙ = Σ τ M,
    /// Tᵢ = Σ t M/(1+t).
    ///
    /// # Errors
    /// A [`ModelError`] naming the field, the cell by code, the value and the fix, for: wrong
    /// lengths, non-finite or negative flows, tariffs ≤ −100 %, negative export taxes, a non-zero
    /// diagonal tariff, trade or taxes in a non-traded sector, value-added shares outside
    /// (0, 1], input–output shares below −0.001, cost shares or final-demand shares not summing
    /// to one, θ ≤ 0, a region with no value added, empty or duplicated codes.
    pub fn new(inputs: BaselineInputs) -> Result<Self, ModelError> {
        let dims = Dims {
            n: inputs.regions.len(),
            j: inputs.sectors.len(),
        };
        validate(&inputs, dims)?;
        let mut b = Baseline {
            dims,
            pi: vec![0.0; dims.cube_len()],
            expenditure: vec![0.0; dims.nj_len()],
            gross_output: vec![0.0; dims.nj_len()],
            value_added: vec![0.0; dims.n],
            deficit: vec![0.0; dims.n],
            tariff_revenue: vec![0.0; dims.n],
            export_tax_revenue: vec![0.0; dims.n],
            production: Production::cobb_douglas(),
            inputs,
        };
        b.derive()?;
        Ok(b)
    }

    fn derive(&mut self) -> Result<(), ModelError> {
        let d = self.dims;
        let inp = &self.inputs;
        for j in 0..d.j {
            for n in 0..d.n {
                let mut x = 0.0;
                for i in 0..d.n {
                    let c = d.nij(n, i, j);
                    let m = inp.flows[c];
                    x += (1.0 + inp.tariff[c]) * m;
                    self.tariff_revenue[n] += inp.tariff[c] * m;
                    let producer = m / (1.0 + inp.export_tax[c]);
                    self.gross_output[d.nj(i, j)] += producer;
                    self.export_tax_revenue[i] += inp.export_tax[c] * producer;
                    if i != n {
                        self.deficit[n] += m;
                        self.deficit[i] -= m;
                    }
                }
                self.expenditure[d.nj(n, j)] = x;
                for i in 0..d.n {
                    let c = d.nij(n, i, j);
                    self.pi[c] = if x > 0.0 {
                        (1.0 + inp.tariff[c]) * inp.flows[c] / x
                    } else if i == n {
                        // No expenditure at all on this sector: treat it as home-supplied so that
                        // the price index is defined (CP2015 code sets P̂ = 1 there).
                        1.0
                    } else {
                        0.0
                    };
                }
            }
        }
        for n in 0..d.n {
            let va: f64 = (0..d.j)
                .map(|j| inp.va_share[d.nj(n, j)] * self.gross_output[d.nj(n, j)])
                .sum();
            if va.is_nan() || va <= 0.0 {
                return Err(ModelError::new(
                    "value_added",
                    Location {
                        region: Some(inp.regions[n].code.clone()),
                        ..Default::default()
                    },
                    va,
                    "the region has no value added: its gross output (the sum of its sales, \
                     home and abroad) is zero in every sector; check that the trade table is \
                     complete, or remove the region or aggregate it into another",
                ));
            }
            self.value_added[n] = va;
        }
        Ok(())
    }

    /// The same baseline with production structure `p` (nested CES elasticities and the
    /// critical-input nest; docs/model-cp2015.md). The shares γ, γ_{k,j} of the data are the
    /// base-year cost shares of every nest; only how they move with prices changes.
    ///
    /// # Errors
    /// A [`ModelError`] for an elasticity that is not finite and positive, a critical sector
    /// index out of range, or (for a non-Cobb–Douglas structure) a negative input share.
    ///
    /// # Example
    /// ```
    /// use truce_model::{testing::symmetric_world, Production};
    /// let b = symmetric_world(2, 3);
    /// let p = Production::new(0.5, 0.2, Some((vec![0], 0.1))).unwrap();
    /// let b = b.with_production(p).unwrap();
    /// assert_eq!(b.production().epsilon_c(), Some(0.1));
    /// ```
    pub fn with_production(mut self, p: Production) -> Result<Self, ModelError> {
        p.validate(&self)?;
        self.production = p;
        Ok(self)
    }

    /// The production structure (elasticities of the nested CES technology).
    pub fn production(&self) -> &Production {
        &self.production
    }

    /// The same baseline with trade elasticity θ of sector `j` replaced.
    ///
    /// # Errors
    /// If `theta` is not finite and positive or `j` is out of range.
    pub fn with_theta(mut self, j: usize, theta: f64) -> Result<Self, ModelError> {
        if j >= self.dims.j || !(theta.is_finite() && theta > 0.0) {
            return Err(ModelError::new(
                "theta",
                Location {
                    sector: self.inputs.sectors.get(j).map(|s| s.code.clone()),
                    ..Default::default()
                },
                theta,
                "trade elasticities must be finite and positive, for a sector of the baseline",
            ));
        }
        self.inputs.theta[j] = theta;
        Ok(self)
    }

    /// Dimensions.
    pub fn dims(&self) -> Dims {
        self.dims
    }
    /// Regions in index order.
    pub fn regions(&self) -> &[Region] {
        &self.inputs.regions
    }
    /// Sectors in index order.
    pub fn sectors(&self) -> &[Sector] {
        &self.inputs.sectors
    }
    /// Index of the region with this code.
    pub fn region_index(&self, code: &str) -> Option<usize> {
        self.inputs.regions.iter().position(|r| r.code == code)
    }
    /// Index of the sector with this code.
    pub fn sector_index(&self, code: &str) -> Option<usize> {
        self.inputs.sectors.iter().position(|s| s.code == code)
    }
    /// The inputs this baseline was built from.
    pub fn inputs(&self) -> &BaselineInputs {
        &self.inputs
    }
    /// θʲ.
    pub fn theta(&self) -> &[f64] {
        &self.inputs.theta
    }
    /// Mʲₙᵢ, border value, [`Dims::nij`].
    pub fn flows(&self) -> &[f64] {
        &self.inputs.flows
    }
    /// τʲₙᵢ, [`Dims::nij`].
    pub fn tariff(&self) -> &[f64] {
        &self.inputs.tariff
    }
    /// tʲₙᵢ, [`Dims::nij`].
    pub fn export_tax(&self) -> &[f64] {
        &self.inputs.export_tax
    }
    /// γʲₙ, [`Dims::nj`].
    pub fn va_share(&self) -> &[f64] {
        &self.inputs.va_share
    }
    /// γⁿ_{k,j}, [`Dims::nkj`].
    pub fn io_share(&self) -> &[f64] {
        &self.inputs.io_share
    }
    /// αʲₙ, [`Dims::nj`].
    pub fn alpha(&self) -> &[f64] {
        &self.inputs.alpha
    }
    /// πʲₙᵢ: share of `n`'s sector-`j` spending (gross of tariffs) on goods from `i`.
    pub fn trade_share(&self) -> &[f64] {
        &self.pi
    }
    /// Xʲₙ: expenditure gross of tariffs, [`Dims::nj`].
    pub fn expenditure(&self) -> &[f64] {
        &self.expenditure
    }
    /// Yʲₙ: gross output at producer prices, [`Dims::nj`].
    pub fn gross_output(&self) -> &[f64] {
        &self.gross_output
    }
    /// VAₙ = Σⱼ γʲₙ Yʲₙ.
    pub fn value_added(&self) -> &[f64] {
        &self.value_added
    }
    /// Dₙ: imports − exports at border values.
    pub fn deficit(&self) -> &[f64] {
        &self.deficit
    }
    /// Rₙ: import-tariff revenue.
    pub fn tariff_revenue(&self) -> &[f64] {
        &self.tariff_revenue
    }
    /// Tₙ: export-tax revenue.
    pub fn export_tax_revenue(&self) -> &[f64] {
        &self.export_tax_revenue
    }
    /// Iₙ = VAₙ + Rₙ + Tₙ + Dₙ: final absorption (CP2015 eq. (8), with export taxes).
    pub fn income(&self, n: usize) -> f64 {
        self.value_added[n] + self.tariff_revenue[n] + self.export_tax_revenue[n] + self.deficit[n]
    }
    /// World value added Σₙ VAₙ.
    pub fn world_value_added(&self) -> f64 {
        self.value_added.iter().sum()
    }

    /// A copy with every nominal value multiplied by `factor` (units change only).
    ///
    /// # Panics
    /// If `factor` is not finite and positive (a programming error).
    pub fn rescaled(&self, factor: f64) -> Baseline {
        assert!(factor.is_finite() && factor > 0.0);
        let mut inputs = self.inputs.clone();
        inputs.flows.iter_mut().for_each(|m| *m *= factor);
        let mut b = Baseline::new(inputs).expect("rescaling keeps a valid baseline valid");
        b.production = self.production.clone();
        b
    }

    pub(crate) fn location_nij(&self, n: usize, i: usize, j: usize) -> Location {
        Location {
            region: Some(self.inputs.regions[n].code.clone()),
            partner: Some(self.inputs.regions[i].code.clone()),
            sector: Some(self.inputs.sectors[j].code.clone()),
            input: None,
        }
    }
}

/// A production structure read against a baseline: sector codes resolved, elasticities and
/// shares checked (here rather than in `production`, which knows nothing of baselines).
impl Production {
    /// A nested CES structure whose critical nest is given by sector codes of `b`.
    ///
    /// # Errors
    /// As [`Production::new`]; also a code that is not a sector of `b` (the message lists the
    /// baseline's sectors).
    pub fn with_codes(
        b: &Baseline,
        sigma_va: f64,
        epsilon: f64,
        critical: Option<(&[&str], f64)>,
    ) -> Result<Self, ModelError> {
        let critical = match critical {
            None => None,
            Some((codes, eps)) => {
                let mut idx = Vec::new();
                for code in codes {
                    let j = b.sector_index(code).ok_or_else(|| {
                        ModelError::new(
                            "critical_sectors",
                            Location::default(),
                            code,
                            format!(
                                "unknown sector; the baseline's sectors are {}",
                                b.sectors()
                                    .iter()
                                    .map(|s| s.code.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    })?;
                    idx.push(j);
                }
                Some((idx, eps))
            }
        };
        Self::new(sigma_va, epsilon, critical)
    }

    /// Check the structure against a baseline's sectors and shares.
    pub(crate) fn validate(&self, b: &Baseline) -> Result<(), ModelError> {
        check_elasticity("sigma_va", self.sigma_va)?;
        check_elasticity("epsilon", self.epsilon)?;
        if let Some(c) = &self.critical {
            check_elasticity("epsilon_c", c.epsilon_c)?;
            if c.sectors.is_empty() {
                return Err(ModelError::new(
                    "critical_sectors",
                    Location::default(),
                    "[]",
                    "a critical nest needs at least one sector",
                ));
            }
            if let Some(&j) = c.sectors.iter().find(|&&j| j >= b.dims().j) {
                return Err(ModelError::new(
                    "critical_sectors",
                    Location::default(),
                    j,
                    format!(
                        "sector index out of range: the baseline has {} sectors",
                        b.dims().j
                    ),
                ));
            }
        }
        if !self.is_cobb_douglas() {
            // CES weights must be non-negative (Cobb–Douglas tolerates the CP2015 table's one
            // negative coefficient; a CES nest cannot give it a meaning).
            let d = b.dims();
            for n in 0..d.n {
                for k in 0..d.j {
                    for j in 0..d.j {
                        let g = b.io_share()[d.nkj(n, k, j)];
                        if g < 0.0 {
                            return Err(ModelError::new(
                                "io_share",
                                Location {
                                    region: Some(b.regions()[n].code.clone()),
                                    sector: Some(b.sectors()[j].code.clone()),
                                    input: Some(b.sectors()[k].code.clone()),
                                    partner: None,
                                },
                                g,
                                "nested CES production needs non-negative input shares; use \
                                 Cobb–Douglas (every elasticity 1) on this baseline, or set the \
                                 negative coefficient to zero",
                            ));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

fn validate(inp: &BaselineInputs, d: Dims) -> Result<(), ModelError> {
    let whole = Location::default;
    if d.n == 0 || d.j == 0 {
        return Err(ModelError::new(
            "regions/sectors",
            whole(),
            format!("{} regions, {} sectors", d.n, d.j),
            "a baseline needs at least one region and one sector",
        ));
    }
    let check_len = |field: &str, len: usize, want: usize, layout: &str| {
        if len != want {
            Err(ModelError::new(
                field,
                whole(),
                format!("length {len}"),
                format!(
                    "expected {want} values ({layout}) for {} regions and {} sectors",
                    d.n, d.j
                ),
            ))
        } else {
            Ok(())
        }
    };
    check_len("theta", inp.theta.len(), d.j, "one per sector")?;
    check_len(
        "flows",
        inp.flows.len(),
        d.cube_len(),
        "sector × importer × exporter",
    )?;
    check_len(
        "tariff",
        inp.tariff.len(),
        d.cube_len(),
        "sector × importer × exporter",
    )?;
    check_len(
        "export_tax",
        inp.export_tax.len(),
        d.cube_len(),
        "sector × importer × exporter",
    )?;
    check_len(
        "va_share",
        inp.va_share.len(),
        d.nj_len(),
        "region × sector",
    )?;
    check_len(
        "io_share",
        inp.io_share.len(),
        d.io_len(),
        "region × input × sector",
    )?;
    check_len("alpha", inp.alpha.len(), d.nj_len(), "region × sector")?;

    for (what, codes) in [
        (
            "regions",
            inp.regions.iter().map(|r| &r.code).collect::<Vec<_>>(),
        ),
        (
            "sectors",
            inp.sectors.iter().map(|s| &s.code).collect::<Vec<_>>(),
        ),
    ] {
        for (a, ca) in codes.iter().enumerate() {
            if ca.is_empty() {
                return Err(ModelError::new(
                    what,
                    whole(),
                    "\"\"",
                    "every code must be non-empty",
                ));
            }
            if codes[..a].contains(ca) {
                return Err(ModelError::new(
                    what,
                    whole(),
                    ca,
                    "this code appears twice; codes must be unique",
                ));
            }
        }
    }

    let rloc = |n: usize| Location {
        region: Some(inp.regions[n].code.clone()),
        ..Default::default()
    };
    let sloc = |j: usize| Location {
        sector: Some(inp.sectors[j].code.clone()),
        ..Default::default()
    };
    let njloc = |n: usize, j: usize| Location {
        region: Some(inp.regions[n].code.clone()),
        sector: Some(inp.sectors[j].code.clone()),
        ..Default::default()
    };
    let nijloc = |n: usize, i: usize, j: usize| Location {
        region: Some(inp.regions[n].code.clone()),
        partner: Some(inp.regions[i].code.clone()),
        sector: Some(inp.sectors[j].code.clone()),
        input: None,
    };

    for j in 0..d.j {
        let t = inp.theta[j];
        if !(t.is_finite() && t > 0.0) {
            return Err(ModelError::new(
                "theta",
                sloc(j),
                t,
                "trade elasticities must be finite and positive",
            ));
        }
    }
    for j in 0..d.j {
        let tradable = inp.sectors[j].tradable;
        for n in 0..d.n {
            for i in 0..d.n {
                let c = d.nij(n, i, j);
                let (m, tau, t) = (inp.flows[c], inp.tariff[c], inp.export_tax[c]);
                if !m.is_finite() || m < 0.0 {
                    return Err(ModelError::new(
                        "flows",
                        nijloc(n, i, j),
                        m,
                        "trade flows must be finite and non-negative",
                    ));
                }
                if !tau.is_finite() || tau <= -1.0 {
                    return Err(ModelError::new(
                        "tariff",
                        nijloc(n, i, j),
                        tau,
                        "tariffs are fractions (0.25 = 25 %) and must exceed -1",
                    ));
                }
                if !t.is_finite() || t < 0.0 {
                    return Err(ModelError::new(
                        "export_tax",
                        nijloc(n, i, j),
                        t,
                        "export taxes are non-negative fractions (0.25 = 25 %)",
                    ));
                }
                if i == n && (tau != 0.0 || t != 0.0) {
                    return Err(ModelError::new(
                        if tau != 0.0 { "tariff" } else { "export_tax" },
                        nijloc(n, i, j),
                        if tau != 0.0 { tau } else { t },
                        "a region cannot tax its own domestic sales; set the diagonal to 0",
                    ));
                }
                if !tradable && i != n && (m != 0.0 || tau != 0.0 || t != 0.0) {
                    let (field, v) = if m != 0.0 {
                        ("flows", m)
                    } else if tau != 0.0 {
                        ("tariff", tau)
                    } else {
                        ("export_tax", t)
                    };
                    return Err(ModelError::new(
                        field,
                        nijloc(n, i, j),
                        v,
                        "the sector is marked non-tradable, so cross-border cells must be 0; \
                         mark it tradable or remove the value",
                    ));
                }
            }
        }
    }
    for n in 0..d.n {
        let mut alpha_sum = 0.0;
        for j in 0..d.j {
            let g = inp.va_share[d.nj(n, j)];
            if !(g.is_finite() && g > 0.0 && g <= 1.0) {
                return Err(ModelError::new(
                    "va_share",
                    njloc(n, j),
                    g,
                    "value-added shares of gross output must lie in (0, 1]",
                ));
            }
            let mut cost = g;
            for k in 0..d.j {
                let s = inp.io_share[d.nkj(n, k, j)];
                if !s.is_finite() || s < -NEGATIVE_IO_TOL {
                    return Err(ModelError::new(
                        "io_share",
                        Location {
                            input: Some(inp.sectors[k].code.clone()),
                            ..njloc(n, j)
                        },
                        s,
                        format!(
                            "input–output shares must be finite and not below -{NEGATIVE_IO_TOL} \
                             (a tiny negative coefficient is tolerated as in the CP2015 data)"
                        ),
                    ));
                }
                cost += s;
            }
            if (cost - 1.0).abs() > SHARE_TOL {
                return Err(ModelError::new(
                    "va_share + io_share",
                    njloc(n, j),
                    cost,
                    format!(
                        "value-added share plus input shares of a sector must sum to 1 (±{SHARE_TOL}); \
                         check that input shares are per unit of gross output, not of intermediate use"
                    ),
                ));
            }
            let a = inp.alpha[d.nj(n, j)];
            if !(a.is_finite() && a >= 0.0) {
                return Err(ModelError::new(
                    "alpha",
                    njloc(n, j),
                    a,
                    "final-demand shares must be finite and non-negative",
                ));
            }
            alpha_sum += a;
        }
        if (alpha_sum - 1.0).abs() > SHARE_TOL {
            return Err(ModelError::new(
                "alpha",
                rloc(n),
                alpha_sum,
                format!("final-demand shares of a region must sum to 1 (±{SHARE_TOL})"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::symmetric_world;
    use crate::Policy;

    fn inputs() -> BaselineInputs {
        symmetric_world(3, 3).inputs().clone()
    }

    /// Apply `edit` to valid inputs and return the validation message.
    fn rejected(edit: impl FnOnce(&mut BaselineInputs, Dims)) -> String {
        let mut inp = inputs();
        let d = Dims {
            n: inp.regions.len(),
            j: inp.sectors.len(),
        };
        edit(&mut inp, d);
        Baseline::new(inp)
            .expect_err("must be rejected")
            .to_string()
    }

    fn has(msg: String, parts: &[&str]) {
        for p in parts {
            assert!(msg.contains(p), "expected {p:?} in: {msg}");
        }
    }

    #[test]
    fn every_validation_path_names_field_cell_and_fix() {
        has(
            rejected(|i, _| i.theta.pop().map(|_| ()).unwrap()),
            &["theta", "length 2", "expected 3"],
        );
        has(
            rejected(|i, _| i.flows.push(1.0)),
            &["flows", "expected 27 values"],
        );
        has(
            rejected(|i, d| i.flows[d.nij(0, 1, 0)] = -1.0),
            &[
                "flows at region R00, partner R01, sector S00 = -1",
                "non-negative",
            ],
        );
        has(
            rejected(|i, d| i.flows[d.nij(0, 1, 0)] = f64::NAN),
            &["flows", "NaN", "finite"],
        );
        has(
            rejected(|i, d| i.tariff[d.nij(0, 1, 0)] = -1.0),
            &["tariff", "exceed -1"],
        );
        has(
            rejected(|i, d| i.export_tax[d.nij(0, 1, 0)] = -0.1),
            &["export_tax", "non-negative"],
        );
        has(
            rejected(|i, d| i.tariff[d.nij(1, 1, 0)] = 0.1),
            &["region R01, partner R01", "own domestic sales"],
        );
        has(
            rejected(|i, d| i.flows[d.nij(0, 1, 2)] = 1.0),
            &["sector S02", "non-tradable", "mark it tradable"],
        );
        has(
            rejected(|i, d| i.va_share[d.nj(0, 0)] = 0.0),
            &["va_share", "(0, 1]"],
        );
        has(
            rejected(|i, d| i.io_share[d.nkj(0, 1, 0)] = -0.01),
            &["io_share", "input sector S01", "-0.001"],
        );
        has(
            rejected(|i, d| i.io_share[d.nkj(0, 1, 0)] += 0.01),
            &[
                "va_share + io_share",
                "sum to 1",
                "per unit of gross output",
            ],
        );
        has(
            rejected(|i, d| i.alpha[d.nj(2, 0)] = -0.1),
            &["alpha", "region R02, sector S00", "non-negative"],
        );
        has(
            rejected(|i, d| i.alpha[d.nj(2, 0)] += 0.1),
            &["alpha at region R02", "sum to 1"],
        );
        has(
            rejected(|i, _| i.theta[1] = 0.0),
            &["theta at sector S01", "positive"],
        );
        has(
            rejected(|i, _| i.regions[2].code = "R00".into()),
            &["regions", "appears twice"],
        );
        has(
            rejected(|i, _| i.sectors[0].code = String::new()),
            &["sectors", "non-empty"],
        );
        has(
            rejected(|i, d| {
                for j in 0..d.j {
                    for k in 0..d.n {
                        i.flows[d.nij(k, 2, j)] = 0.0;
                    }
                }
            }),
            &["value_added at region R02", "no value added"],
        );
    }

    #[test]
    fn a_small_negative_io_share_is_kept() {
        // CP2015: CAN, input 20 → sector 11, −0.000846.
        let mut inp = inputs();
        let d = Dims { n: 3, j: 3 };
        inp.io_share[d.nkj(0, 1, 0)] -= 0.000846;
        inp.io_share[d.nkj(0, 2, 0)] += 0.000846;
        assert!(Baseline::new(inp).is_ok());
    }

    #[test]
    fn policy_setters_validate() {
        let b = symmetric_world(3, 3);
        let mut p = Policy::baseline(&b);
        let msg = |e: ModelError| e.to_string();
        has(
            msg(p.set_tariff(&b, 0, 1, 0, -1.0).unwrap_err()),
            &["tariff", "above -1"],
        );
        has(
            msg(p.set_tariff(&b, 0, 0, 0, 0.1).unwrap_err()),
            &["own domestic sales"],
        );
        has(
            msg(p.set_tariff(&b, 0, 1, 2, 0.1).unwrap_err()),
            &["sector S02", "not traded"],
        );
        has(
            msg(p.set_export_tax(&b, 0, 1, 0, f64::NAN).unwrap_err()),
            &["export_tax", "NaN"],
        );
        has(
            msg(p.set_trade_cost(&b, 0, 1, 0, 0.0).unwrap_err()),
            &["trade_cost", "positive"],
        );
        assert!(p.set_tariff(&b, 0, 1, 0, 1.45).is_ok());
    }
}
