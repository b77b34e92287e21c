//! The Caliendo–Parro game's optional parts: an export tax or quota as an instrument,
//! political-economy payoffs, supply caps.

use super::{CpGame, CpGameError, Kind};
use crate::game::Instrument;

impl CpGame {
    /// Add an export tax set by player `exporter` (a code) on its sales to `importer`, levied on
    /// the share `share_j` of each listed sector's exports: the sector's export tax becomes
    /// its base rate plus `share_j × level`, with the level in `[0, upper]` (e.g. a tax on the
    /// rare-earth content of mining and electrical exports). Above 1000 % (`upper > 10`) the
    /// instrument is searched as ln(1 + rate), in `[0, ln(1 + upper)]` ([`CpGame::rate_of`]).
    ///
    /// # Errors
    /// [`CpGameError::Setup`] if a code is unknown or not a player, a sector is unknown or not
    /// tradable, a share is outside (0, 1], or `upper` is not finite and positive.
    pub fn with_export_tax(
        mut self,
        exporter: &str,
        importer: &str,
        shares: &[(&str, f64)],
        upper: f64,
    ) -> Result<Self, CpGameError> {
        let b = &self.baseline;
        let find = |code: &str| {
            self.players.iter().position(|p| p == code).ok_or_else(|| {
                CpGameError::Setup(format!(
                    "`{code}` is not a player of this game ({})",
                    self.players.join(", ")
                ))
            })
        };
        let (pe, pi) = (find(exporter)?, find(importer)?);
        if !(upper.is_finite() && upper > 0.0) {
            return Err(CpGameError::Setup(format!(
                "the export-tax bound {upper} must be finite and positive"
            )));
        }
        let mut sh = Vec::new();
        for &(code, s) in shares {
            let j = b.sector_index(code).ok_or_else(|| {
                CpGameError::Setup(format!("unknown sector `{code}` for the export tax"))
            })?;
            if !b.sectors()[j].tradable {
                return Err(CpGameError::Setup(format!(
                    "sector `{code}` is not traded, so it cannot carry an export tax"
                )));
            }
            if !(s > 0.0 && s <= 1.0) {
                return Err(CpGameError::Setup(format!(
                    "the taxed share of {code} exports must be in (0, 1], got {s}"
                )));
            }
            sh.push((j, s));
        }
        let log_scale = upper > 10.0;
        let label = format!(
            "{exporter} export tax on the taxed share of its exports to {importer} ({})",
            shares
                .iter()
                .map(|(c, s)| format!("{c} {:.1} %", 100.0 * s))
                .collect::<Vec<_>>()
                .join(", ")
        );
        self.instruments.push(Instrument {
            owner: pe,
            label,
            key: format!("{importer}/export_tax"),
            lower: 0.0,
            upper: if log_scale { upper.ln_1p() } else { upper },
        });
        self.kinds.push(Kind::ExportTax {
            exporter: self.regions[pe],
            importer: self.regions[pi],
            shares: sh,
            log_scale,
        });
        self.warm = None;
        Ok(self)
    }

    /// Payoffs become political-economy objectives: player `p` weighs the value added of
    /// sector `j` by `weights[p][j]` (crate::political). With every weight 1 this is real
    /// income.
    ///
    /// # Errors
    /// [`CpGameError::Setup`] unless there is one weight per player and sector, each finite
    /// and non-negative.
    pub fn with_political_economy(mut self, weights: Vec<Vec<f64>>) -> Result<Self, CpGameError> {
        let j = self.baseline.dims().j;
        if weights.len() != self.players.len() || weights.iter().any(|w| w.len() != j) {
            return Err(CpGameError::Setup(format!(
                "political-economy weights: give one weight per sector ({j}) for each of the {} players",
                self.players.len()
            )));
        }
        if let Some(v) = weights
            .iter()
            .flatten()
            .find(|v| !(v.is_finite() && **v >= 0.0))
        {
            return Err(CpGameError::Setup(format!(
                "political-economy weight {v}: weights must be finite and non-negative"
            )));
        }
        self.weights = Some(weights);
        self.warm = None;
        Ok(self)
    }

    /// Hold every listed producer's output of a sector at most at its baseline level (supply
    /// caps, solved by the engine as taxes on all the producer's sales; e.g. "rare-earth supply
    /// outside China cannot grow in the short run"). The caps are part of every policy the game
    /// solves.
    ///
    /// # Errors
    /// [`CpGameError::Setup`] for an unknown region or sector code; [`CpGameError::Model`] for
    /// a producer without output of the sector.
    pub fn with_supply_caps(mut self, caps: &[(&str, &str)]) -> Result<Self, CpGameError> {
        let b = self.baseline.clone();
        for (region, sector) in caps {
            let i = b.region_index(region).ok_or_else(|| {
                CpGameError::Setup(format!("unknown region `{region}` for a supply cap"))
            })?;
            let j = b.sector_index(sector).ok_or_else(|| {
                CpGameError::Setup(format!("unknown sector `{sector}` for a supply cap"))
            })?;
            self.base_policy.set_supply_cap(&b, i, j, 1.0)?;
        }
        self.warm = None;
        Ok(self)
    }

    /// Add an export quota set by player `exporter` on its `sector` sales to `importer`: the
    /// instrument is the share of the baseline quantity it licenses, in `[min_level, max_level]`
    /// (1 = the 2024 volume; the restriction is 1 − level). The engine solves each level as an
    /// export-tax equivalent.
    ///
    /// # Errors
    /// [`CpGameError::Setup`] for a code that is not a player, an unknown or non-traded sector,
    /// a flow that is zero in the baseline, or bounds outside 0 < min ≤ max.
    pub fn with_export_quota(
        mut self,
        exporter: &str,
        importer: &str,
        sector: &str,
        min_level: f64,
        max_level: f64,
    ) -> Result<Self, CpGameError> {
        let b = self.baseline.clone();
        let find = |code: &str| {
            self.players.iter().position(|p| p == code).ok_or_else(|| {
                CpGameError::Setup(format!(
                    "`{code}` is not a player of this game ({})",
                    self.players.join(", ")
                ))
            })
        };
        let (pe, pi) = (find(exporter)?, find(importer)?);
        let j = b.sector_index(sector).ok_or_else(|| {
            CpGameError::Setup(format!("unknown sector `{sector}` for the export quota"))
        })?;
        if !(min_level > 0.0 && max_level >= min_level && max_level.is_finite()) {
            return Err(CpGameError::Setup(format!(
                "export-quota bounds [{min_level}, {max_level}] are invalid: use 0 < min ≤ max"
            )));
        }
        let (n, i) = (self.regions[pi], self.regions[pe]);
        if !b.sectors()[j].tradable || b.flows()[b.dims().nij(n, i, j)] <= 0.0 {
            return Err(CpGameError::Setup(format!(
                "{exporter} has no {sector} exports to {importer} to license"
            )));
        }
        self.instruments.push(Instrument {
            owner: pe,
            label: format!(
                "{exporter} licences for {sector} exports to {importer}, share of the baseline quantity"
            ),
            key: format!("{importer}/export_quota"),
            lower: min_level,
            upper: max_level,
        });
        self.kinds.push(Kind::ExportQuota {
            exporter: i,
            importer: n,
            sector: j,
        });
        self.warm = None;
        Ok(self)
    }
}
