//! Pieces several outputs share: the dataset, the Caliendo–Parro solver's diagnostics, one
//! region's outcome.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which welfare measure a `welfare_pct` field carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WelfareMeasure {
    /// The exact change in real income Î/P̂ (truce's default everywhere).
    RealIncome,
    /// The first-order formula of CP2015 eq. (16), terms of trade + volume of trade (only the
    /// CP2015 Table 2 replication).
    Cp2015Table2,
    /// Ossa (2014)'s government objective G (equal to real income in the basic version).
    GovernmentObjective,
}

/// The dataset a result was computed on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DatasetRef {
    /// Name (`world2024`, `synthetic-world2024`) or the folder given.
    pub name: String,
    /// `true` for synthetic stand-ins: the numbers illustrate the mechanics, not the world.
    pub synthetic: bool,
    /// One line on what it is.
    pub description: String,
    /// Date the baseline's tariffs describe (`YYYY-MM-DD`), if known.
    pub baseline_date: Option<String>,
    /// `true` for stylised calibrations (world2024).
    pub stylised: bool,
}

/// How the Caliendo–Parro solve ended and what it cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SolverInfo {
    /// `true` when the wage loop met its tolerance.
    pub converged: bool,
    /// `converged` (a result is only ever written for a converged solve; the other values, `max_iters`, `stalled`, `non_finite`, `cancelled`, `timeout`, appear in error reports).
    pub termination: String,
    /// Outer (wage) iterations.
    pub iterations: usize,
    /// max |Z|/VA at the end (excess demand for labour relative to value added).
    pub residual: f64,
    /// Walras gap: world income minus world expenditure, relative.
    pub walras_gap: f64,
    /// Largest relative gap in the accounting identities at the solution.
    pub identity_gap: f64,
    /// Largest relative gap in the labour-market clearing condition.
    pub labour_market_gap: f64,
    /// Inner price-loop iterations, summed.
    pub price_iterations: usize,
    /// Inner expenditure-loop iterations, summed.
    pub expenditure_iterations: usize,
    /// Wall time, milliseconds.
    pub elapsed_ms: f64,
}

/// What a counterfactual did to one region (Caliendo–Parro engine). Percent changes are
/// `(x'/x − 1)·100`; `null` when the base is zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CountryResult {
    /// Region code.
    pub code: String,
    /// Region name.
    pub name: String,
    /// Welfare change, percent, in the measure `welfare_measure` names.
    pub welfare_pct: Option<f64>,
    /// Which measure `welfare_pct` is.
    pub welfare_measure: WelfareMeasure,
    /// Exact real-income change Î/P̂ − 1, percent.
    pub real_income_pct: Option<f64>,
    /// First-order welfare change (CP2015 eq. (16): ToT + VoT), percent.
    pub first_order_welfare_pct: f64,
    /// Terms-of-trade part of eq. (16), percent of base income.
    pub terms_of_trade_pct: f64,
    /// Volume-of-trade part of eq. (16), percent of base income.
    pub volume_of_trade_pct: f64,
    /// Real wage ŵ/P̂ − 1, percent.
    pub real_wage_pct: f64,
    /// Nominal wage ŵ − 1 (world-GDP numeraire), percent.
    pub wage_pct: f64,
    /// Consumer price index P̂ − 1, percent.
    pub price_index_pct: f64,
    /// Nominal income Î − 1, percent.
    pub income_pct: Option<f64>,
    /// Import-tariff revenue at the baseline (the dataset's flow unit).
    pub tariff_revenue_base: f64,
    /// Import-tariff revenue in the counterfactual.
    pub tariff_revenue_new: f64,
    /// Change in import-tariff revenue, percent.
    pub tariff_revenue_pct: Option<f64>,
    /// Export-tax revenue at the baseline.
    pub export_tax_revenue_base: f64,
    /// Export-tax revenue in the counterfactual.
    pub export_tax_revenue_new: f64,
    /// Exports at border values, percent change.
    pub exports_pct: Option<f64>,
    /// Imports at border values, percent change.
    pub imports_pct: Option<f64>,
    /// Terms-of-trade effect by partner code, percent of base income.
    pub terms_of_trade_by_partner_pct: BTreeMap<String, f64>,
    /// Volume-of-trade effect by partner code, percent of base income.
    pub volume_of_trade_by_partner_pct: BTreeMap<String, f64>,
    /// Terms-of-trade effect by sector code, percent of base income.
    pub terms_of_trade_by_sector_pct: BTreeMap<String, f64>,
    /// Volume-of-trade effect by sector code, percent of base income.
    pub volume_of_trade_by_sector_pct: BTreeMap<String, f64>,
}

/// An importer's average tariff on one partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PartnerTariff {
    /// Partner (exporter) code.
    pub partner: String,
    /// Trade-weighted statutory average over the goods sectors, baseline weights, percent
    /// (`null` if the two trade no goods).
    pub pct: Option<f64>,
    /// The same with the counterfactual's import weights, percent.
    pub post_substitution_pct: Option<f64>,
    /// The partner's share of the importer's baseline goods imports, percent.
    pub import_share_pct: f64,
}

/// An importer's economy-wide average (effective) tariff, before and after substitution, and
/// by partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EffectiveTariff {
    /// Importer code.
    pub importer: String,
    /// Average statutory tariff on all goods imports, baseline weights, percent.
    pub pre_substitution_pct: Option<f64>,
    /// The same with the counterfactual's import weights, percent.
    pub post_substitution_pct: Option<f64>,
    /// By partner, in the dataset's region order.
    pub by_partner: Vec<PartnerTariff>,
}
