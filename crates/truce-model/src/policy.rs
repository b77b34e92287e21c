//! Counterfactual policy: the levels of every instrument, and the deficit rule.

use crate::baseline::Baseline;
use crate::dims::Dims;
use crate::error::{Location, ModelError};
use serde::{Deserialize, Serialize};

/// How aggregate trade deficits D'ₙ behave in the counterfactual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeficitRule {
    /// D'ₙ = Dₙ in base-year units (CP2015 "deficits fixed", Tables A4–A7; with the world-GDP
    /// numeraire this equals a fixed share of world GDP). Also gravity's additive deficits.
    #[default]
    Fixed,
    /// D'ₙ = 0 (CP2015's zero-deficit base year, and every main-text counterfactual).
    Zero,
    /// Multiplicative imbalances (gravity's `multiplicative` option, as in Anderson & Yotov
    /// 2016): spending net of tariff revenue is a fixed multiple of output,
    /// ŵₙVAₙ + D'ₙ = λ(VAₙ + Dₙ)ŵₙ, with one world factor λ = Σₘ VAₘŵₘ / Σₘ (VAₘ + Dₘ)ŵₘ
    /// so that Σₙ D'ₙ = 0 (Walras' law). Stata `ge_gravity` iterates on Eₙ = (Yₙ + Dₙ)ŵₙ
    /// without λ; its fixed point has the same ŵ and P̂ (see `docs/gravity.md`).
    Multiplicative,
}

/// A binding-or-not cap on the quantity of one bilateral flow, set by the exporter (an export
/// quota or a licensing regime): the quantity of `exporter`'s sector-`sector` sales to
/// `importer` may not exceed `level` times its baseline quantity.
///
/// Quantities are producer values deflated by the exporter's unit cost, (V'/V)/ĉ. The engine
/// solves the quota as an endogenous export-tax equivalent t_q ≥ 0 with complementarity:
/// t_q = 0 where the cap does not bind, and the quantity equals the cap where it does
/// (docs/model-cp2015.md, "Export quotas").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ExportQuota {
    /// Importer index.
    pub importer: usize,
    /// Exporter index (the country that restricts).
    pub exporter: usize,
    /// Sector index.
    pub sector: usize,
    /// The cap, relative to the baseline quantity (0.07 = 7 % of the baseline flow).
    pub level: f64,
}

/// A cap on the quantity of a producer's whole output of a sector (all destinations, home sales
/// included): a capacity limit, e.g. "rare-earth supply outside China cannot grow in the months
/// a control lasts". Solved like an [`ExportQuota`], with one tax equivalent on every sale of
/// the producer (the shadow price of capacity), whose rent accrues to the producer's region.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SupplyCap {
    /// Producer index.
    pub producer: usize,
    /// Sector index.
    pub sector: usize,
    /// The cap, relative to the baseline quantity of output (1 = no growth).
    pub level: f64,
}

/// The counterfactual levels of all instruments, for one baseline.
///
/// Start from [`Policy::baseline`] (every instrument at its base level) and change cells with
/// the setters. Levels, not changes: the engine needs τ' itself, because the tariff wedge
/// 1/(1+τ') enters expenditure and revenue (CP2015 eq. (13)), not only κ̂.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    dims: Dims,
    tariff: Vec<f64>,
    export_tax: Vec<f64>,
    trade_cost: Vec<f64>,
    deficit: DeficitRule,
    quotas: Vec<ExportQuota>,
    caps: Vec<SupplyCap>,
}

impl Policy {
    /// Every instrument at its base level, trade costs unchanged, deficits fixed.
    pub fn baseline(b: &Baseline) -> Self {
        Self {
            dims: b.dims(),
            tariff: b.tariff().to_vec(),
            export_tax: b.export_tax().to_vec(),
            trade_cost: vec![1.0; b.dims().cube_len()],
            deficit: DeficitRule::Fixed,
            quotas: Vec::new(),
            caps: Vec::new(),
        }
    }

    /// Dimensions.
    pub fn dims(&self) -> Dims {
        self.dims
    }
    /// τ'ʲₙᵢ, [`Dims::nij`].
    pub fn tariff(&self) -> &[f64] {
        &self.tariff
    }
    /// t'ʲₙᵢ, [`Dims::nij`].
    pub fn export_tax(&self) -> &[f64] {
        &self.export_tax
    }
    /// d̂ʲₙᵢ: change in iceberg trade costs, [`Dims::nij`].
    pub fn trade_cost(&self) -> &[f64] {
        &self.trade_cost
    }
    /// The deficit rule.
    pub fn deficit_rule(&self) -> DeficitRule {
        self.deficit
    }
    /// Set the deficit rule.
    pub fn set_deficit_rule(&mut self, rule: DeficitRule) {
        self.deficit = rule;
    }

    /// Set the import tariff of importer `n` on exporter `i` in sector `j` (a fraction).
    ///
    /// # Errors
    /// If the value is not finite or ≤ −1, if `n == i`, or the sector is non-tradable and the
    /// value is not 0.
    pub fn set_tariff(
        &mut self,
        b: &Baseline,
        n: usize,
        i: usize,
        j: usize,
        value: f64,
    ) -> Result<(), ModelError> {
        check_cell(b, "tariff", n, i, j, value, -1.0, false)?;
        let c = self.dims.nij(n, i, j);
        self.tariff[c] = value;
        Ok(())
    }

    /// Set the export tax of exporter `i` on its sales to `n` in sector `j` (a fraction ≥ 0).
    ///
    /// # Errors
    /// If the value is not finite or negative, if `n == i`, or the sector is non-tradable and
    /// the value is not 0.
    pub fn set_export_tax(
        &mut self,
        b: &Baseline,
        n: usize,
        i: usize,
        j: usize,
        value: f64,
    ) -> Result<(), ModelError> {
        check_cell(b, "export_tax", n, i, j, value, 0.0, true)?;
        let c = self.dims.nij(n, i, j);
        self.export_tax[c] = value;
        Ok(())
    }

    /// Set the iceberg trade-cost change d̂ʲₙᵢ (1 = unchanged, 1.1 = 10 % costlier).
    ///
    /// # Errors
    /// If the value is not finite and positive.
    pub fn set_trade_cost(
        &mut self,
        b: &Baseline,
        n: usize,
        i: usize,
        j: usize,
        value: f64,
    ) -> Result<(), ModelError> {
        if !(value.is_finite() && value > 0.0) {
            return Err(ModelError::new(
                "trade_cost",
                b.location_nij(n, i, j),
                value,
                "iceberg trade-cost changes are positive factors (1 = unchanged)",
            ));
        }
        let c = self.dims.nij(n, i, j);
        self.trade_cost[c] = value;
        Ok(())
    }

    /// The export quotas (in the order set).
    pub fn export_quotas(&self) -> &[ExportQuota] {
        &self.quotas
    }

    /// Cap the quantity of exporter `i`'s sector-`j` sales to `n` at `level` times its
    /// baseline quantity (replacing an earlier cap on that flow). Levels above 1 are accepted:
    /// on a re-based baseline a cap set against the original data can exceed the reference
    /// flow; scenario files reject caps above the baseline flow.
    ///
    /// # Errors
    /// If `level` is not finite and positive, `n == i`, the sector is not traded, or the flow
    /// is zero in the baseline (a cap on it could never bind).
    ///
    /// # Example
    /// ```
    /// use truce_model::{testing::symmetric_world, Policy};
    /// let b = symmetric_world(2, 2);
    /// let mut p = Policy::baseline(&b);
    /// p.set_export_quota(&b, 0, 1, 0, 0.5).unwrap(); // region 1's sector-0 sales to 0 at half
    /// assert_eq!(p.export_quotas().len(), 1);
    /// assert!(p.set_export_quota(&b, 0, 1, 0, -0.1).is_err());
    /// ```
    pub fn set_export_quota(
        &mut self,
        b: &Baseline,
        n: usize,
        i: usize,
        j: usize,
        level: f64,
    ) -> Result<(), ModelError> {
        if !(level.is_finite() && level > 0.0) {
            return Err(ModelError::new(
                "export_quota",
                b.location_nij(n, i, j),
                level,
                "a quota is a positive share of the baseline quantity (0.07 = 7 %); a full \
                 cut-off is a very small share such as 0.001, or a prohibitive export tax",
            ));
        }
        if n == i {
            return Err(ModelError::new(
                "export_quota",
                b.location_nij(n, i, j),
                level,
                "a region cannot cap its own domestic sales",
            ));
        }
        if !b.sectors()[j].tradable {
            return Err(ModelError::new(
                "export_quota",
                b.location_nij(n, i, j),
                level,
                "the sector is not traded, so it cannot carry an export quota",
            ));
        }
        if b.flows()[self.dims.nij(n, i, j)] <= 0.0 {
            return Err(ModelError::new(
                "export_quota",
                b.location_nij(n, i, j),
                level,
                "this flow is zero in the baseline, so a cap on it cannot bind; remove it",
            ));
        }
        let q = ExportQuota {
            importer: n,
            exporter: i,
            sector: j,
            level,
        };
        match self
            .quotas
            .iter_mut()
            .find(|x| x.importer == n && x.exporter == i && x.sector == j)
        {
            Some(x) => *x = q,
            None => self.quotas.push(q),
        }
        Ok(())
    }

    /// The supply caps (in the order set).
    pub fn supply_caps(&self) -> &[SupplyCap] {
        &self.caps
    }

    /// Cap the quantity of producer `i`'s output of sector `j` at `level` times its baseline
    /// quantity (replacing an earlier cap).
    ///
    /// # Errors
    /// If `level` is not finite and positive, or the producer has no output of the sector.
    pub fn set_supply_cap(
        &mut self,
        b: &Baseline,
        i: usize,
        j: usize,
        level: f64,
    ) -> Result<(), ModelError> {
        let loc = Location {
            region: Some(b.regions()[i].code.clone()),
            sector: Some(b.sectors()[j].code.clone()),
            ..Default::default()
        };
        if !(level.is_finite() && level > 0.0) {
            return Err(ModelError::new(
                "supply_cap",
                loc,
                level,
                "a supply cap is a positive share of the baseline output (1 = no growth)",
            ));
        }
        if b.gross_output()[self.dims.nj(i, j)] <= 0.0 {
            return Err(ModelError::new(
                "supply_cap",
                loc,
                level,
                "this producer has no output of the sector, so a cap cannot bind; remove it",
            ));
        }
        let c = SupplyCap {
            producer: i,
            sector: j,
            level,
        };
        match self
            .caps
            .iter_mut()
            .find(|x| x.producer == i && x.sector == j)
        {
            Some(x) => *x = c,
            None => self.caps.push(c),
        }
        Ok(())
    }

    /// Remove the quota on exporter `i`'s sector-`j` sales to `n`, if any.
    pub fn remove_export_quota(&mut self, n: usize, i: usize, j: usize) {
        self.quotas
            .retain(|x| !(x.importer == n && x.exporter == i && x.sector == j));
    }

    /// Check that this policy belongs to a baseline of these dimensions.
    pub(crate) fn check_dims(&self, b: &Baseline) -> Result<(), ModelError> {
        if self.dims != b.dims() {
            return Err(ModelError::new(
                "policy",
                Location::default(),
                format!("{}×{}", self.dims.n, self.dims.j),
                format!(
                    "the policy was built for a different baseline ({} regions × {} sectors \
                     expected)",
                    b.dims().n,
                    b.dims().j
                ),
            ));
        }
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)]
fn check_cell(
    b: &Baseline,
    field: &str,
    n: usize,
    i: usize,
    j: usize,
    value: f64,
    bound: f64,
    inclusive: bool,
) -> Result<(), ModelError> {
    let ok = value.is_finite()
        && if inclusive {
            value >= bound
        } else {
            value > bound
        };
    if !ok {
        return Err(ModelError::new(
            field,
            b.location_nij(n, i, j),
            value,
            if inclusive {
                "must be a finite, non-negative fraction (0.25 = 25 %)"
            } else {
                "must be a finite fraction above -1 (0.25 = 25 %)"
            },
        ));
    }
    if n == i && value != 0.0 {
        return Err(ModelError::new(
            field,
            b.location_nij(n, i, j),
            value,
            "a region cannot tax its own domestic sales",
        ));
    }
    if !b.sectors()[j].tradable && value != 0.0 {
        return Err(ModelError::new(
            field,
            b.location_nij(n, i, j),
            value,
            "the sector is not traded, so it cannot carry a border tax",
        ));
    }
    Ok(())
}
