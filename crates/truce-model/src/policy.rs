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
