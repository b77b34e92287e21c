//! `truce replicate …`: the published tables truce reproduces.

use crate::common::{CountryResult, SolverInfo, WelfareMeasure};
use crate::Header;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- Caliendo & Parro (2015)

/// Caliendo & Parro (2015) Table 2 as published, for one NAFTA member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cp2015Published {
    /// ISO3 code.
    pub code: String,
    /// Welfare, % (eq. (16): ToT + VoT).
    pub welfare_pct: f64,
    /// Terms of trade, %.
    pub terms_of_trade_pct: f64,
    /// Volume of trade, %.
    pub volume_of_trade_pct: f64,
    /// Real wage, %.
    pub real_wage_pct: f64,
    /// Growth of imports from NAFTA partners, % (rounded in the paper's text).
    pub intra_nafta_imports_pct: f64,
}

/// One region of the CP2015 replication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cp2015Country {
    /// The region's outcome (`welfare_pct` is eq. (16), `welfare_measure` `cp2015_table2`).
    #[serde(flatten)]
    pub result: CountryResult,
    /// Growth of imports from the NAFTA partners, % (NAFTA members only).
    pub intra_nafta_imports_pct: Option<f64>,
    /// The paper's values (NAFTA members only).
    pub published: Option<Cp2015Published>,
}

/// `truce replicate cp2015`: Caliendo & Parro (2015) Table 2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cp2015Output {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// The paper's table (2).
    pub table: u32,
    /// The counterfactual.
    pub experiment: String,
    /// `zero-deficit` or `raw`.
    pub base: String,
    /// `cp2015_table2`.
    pub welfare_measure: WelfareMeasure,
    /// Every region.
    pub countries: Vec<Cp2015Country>,
    /// The counterfactual solve.
    pub solver: SolverInfo,
    /// The zero-deficit base solve (`--base raw` only).
    pub base_solver: Option<SolverInfo>,
}

crate::output!(Cp2015Output, "replicate cp2015", "1.0", "replicate-cp2015");

// ---------------------------------------------------------------- Ossa (2014)

/// One region's row of an Ossa (2014) table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OssaRow {
    /// Region code.
    pub code: String,
    /// Government objective, % change.
    pub welfare_pct: f64,
    /// `government_objective`.
    pub welfare_measure: WelfareMeasure,
    /// Real income, % change.
    pub real_income_pct: f64,
    /// Median of the tariffs the region sets, %.
    pub median_tariff_pct: f64,
    /// Relative wage, %.
    pub relative_wage_pct: f64,
    /// Profits deflated by the own wage, %.
    pub profits_pct: f64,
    /// Table 3: mean welfare change of the other regions, % (`null` in tables 4 and 5).
    pub others_welfare_pct: Option<f64>,
}

/// One region of an Ossa (2014) replication; table 5 adds the three panels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OssaCountry {
    /// The table's row (table 5: the panel from factual tariffs).
    #[serde(flatten)]
    pub row: OssaRow,
    /// Table 5: cooperation from the Nash equilibrium.
    pub from_nash: Option<OssaRow>,
    /// Table 5: cooperation from factual tariffs.
    pub from_factual: Option<OssaRow>,
    /// Table 5: cooperation from free trade.
    pub from_free_trade: Option<OssaRow>,
}

/// Unweighted means over the regions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OssaAverage {
    /// Government objective, %.
    pub welfare_pct: f64,
    /// Real income, %.
    pub real_income_pct: f64,
    /// Median tariff, %.
    pub median_tariff_pct: f64,
    /// Others' welfare, % (table 3 only).
    pub others_welfare_pct: Option<f64>,
}

/// Ossa (2014)'s published averages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OssaPublished {
    /// Median optimal tariff, % (Table 3).
    pub optimal_median_tariff_pct: f64,
    /// Own welfare gain from the unilateral optimum, % (Table 3).
    pub optimal_own_welfare_pct: f64,
    /// The other countries' welfare change, % (Table 3).
    pub optimal_others_welfare_pct: f64,
    /// Median Nash tariff, % (Table 4).
    pub nash_median_tariff_pct: f64,
    /// Welfare change in the Nash equilibrium, % (Table 4).
    pub nash_welfare_pct: f64,
    /// Equal cooperative gain from the Nash equilibrium, % (Table 5).
    pub cooperative_from_nash_pct: f64,
    /// … from factual tariffs, % (Table 5).
    pub cooperative_from_factual_pct: f64,
    /// … from free trade, % (Table 5).
    pub cooperative_from_free_trade_pct: f64,
}

/// One region's partner-mean tariffs against Ossa's noncooperative tariff measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NoncooperativeTarget {
    /// Region code.
    pub code: String,
    /// Mean difference, percentage points.
    pub mean_difference_pp: f64,
    /// Correlation across industries (`null` when undefined).
    pub correlation: Option<f64>,
    /// Industries compared.
    pub industries: usize,
}

/// The comparison with Ossa's noncooperative tariff measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NoncooperativeTargets {
    /// What is compared.
    pub what: String,
    /// One entry per region that has targets.
    pub regions: Vec<NoncooperativeTarget>,
}

/// One government's optimal-tariff search (table 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OssaBestResponse {
    /// Region code.
    pub code: String,
    /// The method.
    pub method: String,
    /// How it ended.
    pub termination: String,
    /// First-order residual.
    pub kkt_residual: f64,
    /// Iterations.
    pub iterations: usize,
    /// Objective evaluations.
    pub evaluations: usize,
}

/// The Nash search (tables 4 and 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OssaNashSolver {
    /// `converged`.
    pub status: String,
    /// The stopping rule.
    pub criterion: String,
    /// Rounds of best responses.
    pub rounds: usize,
    /// Largest tariff change in each round.
    pub max_change_by_round: Vec<f64>,
    /// Each government's first-order residual.
    pub kkt_residuals: Vec<crate::PlayerResidual>,
}

/// One cooperative search (table 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OssaCooperative {
    /// `nash`, `factual` or `free_trade`.
    pub base: String,
    /// How it ended.
    pub termination: String,
    /// Largest violation of the equal-gain constraints.
    pub constraint_violation: f64,
    /// First-order residual.
    pub kkt_residual: f64,
    /// Outer iterations.
    pub outer_iterations: usize,
    /// Objective evaluations.
    pub evaluations: usize,
    /// The Pareto weights (multipliers).
    pub pareto_weights: Vec<f64>,
}

/// Solver diagnostics of the Ossa replication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OssaSolver {
    /// Table 3: each government's search.
    pub optimal_tariffs: Vec<OssaBestResponse>,
    /// How equilibria are solved.
    pub equilibrium: String,
    /// How gradients are computed.
    pub gradients: String,
    /// Wall time, seconds.
    pub elapsed_s: f64,
    /// Tables 4 and 5: the Nash search.
    pub nash: Option<OssaNashSolver>,
    /// Table 5: the cooperative searches.
    pub cooperative: Option<Vec<OssaCooperative>>,
}

/// `truce replicate ossa2014`: Ossa (2014) Tables 3–5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Ossa2014Output {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// 3 (optimal tariffs), 4 (Nash tariffs) or 5 (cooperative tariffs).
    pub table: u32,
    /// `bas` (λ ≡ 1) or `pol` (calibrated political-economy weights).
    pub version: String,
    /// `government_objective`.
    pub welfare_measure: WelfareMeasure,
    /// The paper's averages.
    pub published: OssaPublished,
    /// Partner-mean tariffs against Ossa's noncooperative measures.
    pub noncooperative_targets: NoncooperativeTargets,
    /// One entry per region.
    pub countries: Vec<OssaCountry>,
    /// Means of the table's rows.
    pub average: OssaAverage,
    /// Table 5: means of the panel from Nash.
    pub average_from_nash: Option<OssaAverage>,
    /// Table 5: means of the panel from factual tariffs.
    pub average_from_factual: Option<OssaAverage>,
    /// Table 5: means of the panel from free trade.
    pub average_from_free_trade: Option<OssaAverage>,
    /// Solver diagnostics.
    pub solver: OssaSolver,
}

crate::output!(
    Ossa2014Output,
    "replicate ossa2014",
    "1.0",
    "replicate-ossa2014"
);

// ---------------------------------------------------------------- Stata ge_gravity

/// ge_gravity's own measures for one country, as ratios new/old.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GeGravityMeasures {
    /// `welfare`.
    pub welfare: f64,
    /// `real_wage`: ŵ/P̂.
    pub real_wage: f64,
    /// `nom_wage`: ŵ.
    pub nom_wage: f64,
    /// `price_index`: P̂.
    pub price_index: f64,
}

/// A documented ge_gravity output row (ratios new/old).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GeGravityPublished {
    /// Exporter.
    pub exporter: String,
    /// Importer.
    pub importer: String,
    /// Baseline flow.
    pub trade: f64,
    /// Counterfactual flow.
    pub new_trade: f64,
    /// Exporter's welfare, new/old.
    pub welfare: f64,
    /// Real wage, new/old.
    pub real_wage: f64,
    /// Nominal wage, new/old.
    pub nom_wage: f64,
    /// Price index, new/old.
    pub price_index: f64,
}

/// One country of the ge_gravity replication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GeGravityCountry {
    /// The region's outcome (one sector, `ALL`).
    #[serde(flatten)]
    pub result: CountryResult,
    /// ge_gravity's measures computed from truce's solution.
    pub ge_gravity: GeGravityMeasures,
    /// ge_gravity's welfare as a percent change.
    pub ge_gravity_welfare_pct: f64,
    /// Change in domestic sales, percent.
    pub domestic_trade_pct: f64,
    /// The documented rows with this exporter.
    pub published: Vec<GeGravityPublished>,
}

/// One directed pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GeGravityBilateral {
    /// Exporter.
    pub exporter: String,
    /// Importer.
    pub importer: String,
    /// Baseline flow.
    pub flow_base: f64,
    /// Counterfactual flow.
    pub flow_new: f64,
    /// Percent change.
    pub flow_pct: Option<f64>,
    /// The counterfactual flow as ge_gravity reports it.
    pub ge_gravity_new_trade: f64,
}

/// `truce replicate ge-gravity`: Stata ge_gravity's EU-enlargement example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GeGravityOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// The counterfactual.
    pub experiment: String,
    /// `hat_algebra`.
    pub mode: String,
    /// `additive` or `multiplicative`.
    pub deficits: String,
    /// Trade elasticity θ.
    pub theta: f64,
    /// Partial effect β.
    pub beta: f64,
    /// The iceberg change exp(−β/θ).
    pub trade_cost_change: Option<f64>,
    /// Base year.
    pub base_year: i64,
    /// Number of new EU pairs.
    pub new_eu_pairs: usize,
    /// Expenditure scale λ (multiplicative deficits; 1 otherwise).
    pub expenditure_scale: f64,
    /// `real_income`.
    pub welfare_measure: WelfareMeasure,
    /// Every country.
    pub countries: Vec<GeGravityCountry>,
    /// Every directed pair.
    pub bilateral: Vec<GeGravityBilateral>,
    /// The solve.
    pub solver: SolverInfo,
}

crate::output!(
    GeGravityOutput,
    "replicate ge-gravity",
    "1.0",
    "replicate-ge-gravity"
);

// ---------------------------------------------------------------- USITC gegravity

/// gegravity's own country results (version 0.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GegravityReference {
    /// Country.
    pub code: String,
    /// Factory-gate price change, %.
    pub factory_gate_price_pct: f64,
    /// Outward multilateral resistance change, %.
    pub omr_pct: f64,
    /// Inward multilateral resistance change, %.
    pub imr_pct: f64,
    /// GDP change, %.
    pub gdp_pct: f64,
    /// Welfare statistic (E/P)/(E'/P').
    pub welfare_statistic: f64,
    /// Terms-of-trade change, %.
    pub terms_of_trade_pct: f64,
    /// Output change, %.
    pub output_pct: f64,
    /// Expenditure change, %.
    pub expenditure_pct: f64,
    /// Foreign exports change, %.
    pub foreign_exports_pct: f64,
    /// Foreign imports change, %.
    pub foreign_imports_pct: f64,
    /// Intranational trade change, %.
    pub intranational_trade_pct: f64,
}

/// One country of the gegravity replication (levels mode).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GegravityCountry {
    /// Country code.
    pub code: String,
    /// Country name (the code: the sample data has no names).
    pub name: String,
    /// Real income, %.
    pub welfare_pct: f64,
    /// `real_income`.
    pub welfare_measure: WelfareMeasure,
    /// Real income (E'/P')/(E/P) − 1, %.
    pub real_income_pct: f64,
    /// Factory-gate price change, %.
    pub factory_gate_price_pct: f64,
    /// Outward multilateral resistance change, %.
    pub omr_pct: f64,
    /// Inward multilateral resistance change, %.
    pub imr_pct: f64,
    /// GDP change, %.
    pub gdp_pct: f64,
    /// Welfare statistic (E/P)/(E'/P').
    pub welfare_statistic: f64,
    /// Terms-of-trade change, %.
    pub terms_of_trade_pct: f64,
    /// Output change, %.
    pub output_pct: f64,
    /// Expenditure change, %.
    pub expenditure_pct: f64,
    /// Foreign exports change, %.
    pub foreign_exports_pct: f64,
    /// Foreign imports change, %.
    pub foreign_imports_pct: f64,
    /// Intranational trade change, %.
    pub intranational_trade_pct: f64,
    /// gegravity's own results for this country (`null` if not documented).
    pub gegravity: Option<GegravityReference>,
}

/// One directed pair of the gegravity replication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GegravityBilateral {
    /// Exporter.
    pub exporter: String,
    /// Importer.
    pub importer: String,
    /// The flow in the data.
    pub observed_trade: f64,
    /// The modelled baseline flow.
    pub baseline_trade: f64,
    /// The modelled counterfactual flow.
    pub counterfactual_trade: f64,
    /// Percent change.
    pub trade_pct: f64,
}

/// How the gegravity solve ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GegravitySolver {
    /// `true` when it met its tolerance.
    pub converged: bool,
    /// How it ended.
    pub termination: String,
    /// The method.
    pub method: String,
    /// Counterfactual iterations.
    pub iterations: usize,
    /// Counterfactual residual.
    pub residual: f64,
    /// Baseline iterations.
    pub baseline_iterations: usize,
    /// Baseline residual.
    pub baseline_residual: f64,
    /// Wall time, milliseconds.
    pub elapsed_ms: f64,
}

/// `truce replicate gegravity`: USITC gegravity's Canada–Japan PTA example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GegravityOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// The counterfactual.
    pub experiment: String,
    /// `levels`.
    pub mode: String,
    /// Elasticity of substitution σ.
    pub sigma: f64,
    /// The reference importer.
    pub reference_importer: String,
    /// Year of the panel.
    pub year: i64,
    /// Trade-cost coefficients by variable.
    pub cost_coefficients: BTreeMap<String, f64>,
    /// `real_income`.
    pub welfare_measure: WelfareMeasure,
    /// Every country.
    pub countries: Vec<GegravityCountry>,
    /// Every directed pair.
    pub bilateral: Vec<GegravityBilateral>,
    /// The solve.
    pub solver: GegravitySolver,
}

crate::output!(
    GegravityOutput,
    "replicate gegravity",
    "1.0",
    "replicate-gegravity"
);
