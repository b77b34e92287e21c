//! The global tariff war and the US policy scenarios on the data of the `tariffwar` packages
//! (Lashkaripour 2021; Ignatenko, Lashkaripour, Macedoni & Simonovska 2025):
//! `truce war --players all --dataset D`, `truce run <us-tariff scenario> --dataset D` and
//! `truce suite --dataset D`.

use crate::common::WelfareMeasure;
use crate::Header;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The dataset labels of a result on a tariffwar dataset (the packages' CSV columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TariffwarDataset {
    /// Dataset name (the manifest's, e.g. `icio2022-is`).
    pub name: String,
    /// `wiod`, `icio`, or the name when the source is neither.
    pub family: String,
    /// Base year.
    pub year: Option<i32>,
    /// Elasticity set (`IS`, `U4`, `CP`, `BSY`, `GYY`, `Shap`, `FGO`, `LL`), `null` when the
    /// manifest does not say.
    pub elasticity: Option<String>,
}

/// How the file's flows are valued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlowValuation {
    /// Importer spending gross of tariffs (the packages' reading).
    GrossOfTariffs,
    /// Border values (`--border-valued` at import).
    BorderValues,
    /// The manifest does not say.
    Unknown,
}

/// The data and tariff conventions in force in a result (the packages' unless the import chose
/// otherwise; docs/model-tariffwar.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TariffwarConventions {
    /// How the file's flows were read.
    pub flows: FlowValuation,
    /// Million USD added to every domestic cell at import (the packages pad ICIO by 1 and WIOD
    /// not at all); `null` when the manifest does not say.
    pub domestic_pad_musd: Option<f64>,
    /// The highest tariff the optimal-tariff formula sets, percent: t = 1/max(A, 1) ≤ 100 %.
    pub tariff_cap_pct: f64,
    /// Countries whose optimal tariff is at the cap.
    pub at_cap: Vec<String>,
}

/// One country of a global war or a US scenario, against the trade-balanced baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TariffwarCountry {
    /// Region code (ISO3, or `ROW`).
    pub code: String,
    /// Region name.
    pub name: String,
    /// The uniform tariff this country sets when it is a player, percent; `null` when it is
    /// not a player (it keeps its factual tariffs, or the scenario's).
    pub nash_tariff_pct: Option<f64>,
    /// Its applied import tariff in the counterfactual, weighted by the new import flows,
    /// percent.
    pub mean_tariff_pct: f64,
    /// Its applied import tariff in the baseline, weighted by base imports, percent.
    pub base_mean_tariff_pct: f64,
    /// Welfare: real income Ŷ/P̂ − 1, percent.
    pub welfare_pct: f64,
    /// The welfare change in money: welfare_pct/100 × base national expenditure, million USD
    /// of the base year.
    pub welfare_musd: f64,
    /// Real wage ŵ/P̂ − 1, percent.
    pub real_wage_pct: f64,
    /// Consumer price index P̂ − 1, percent.
    pub price_index_pct: f64,
    /// Nominal income Ŷ − 1, percent (the world wage bill is the numeraire).
    pub income_pct: f64,
    /// (Exports + imports) / GDP in the baseline, percent.
    pub trade_to_gdp_base_pct: f64,
    /// (Exports + imports) / GDP in the counterfactual, percent.
    pub trade_to_gdp_pct: f64,
}

/// Headline figures of a global war.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GlobalWarSummary {
    /// Unweighted mean welfare change over all countries, percent (the packages' headline).
    pub mean_welfare_pct: f64,
    /// Median welfare change, percent.
    pub median_welfare_pct: f64,
    /// Sum of the welfare changes, million USD.
    pub total_welfare_musd: f64,
    /// Mean Nash tariff over the players, percent.
    pub mean_nash_tariff_pct: f64,
    /// Lowest Nash tariff, percent.
    pub min_nash_tariff_pct: f64,
    /// Highest Nash tariff, percent.
    pub max_nash_tariff_pct: f64,
}

/// How the Newton solve of the war system ended (a solve that does not converge is an error,
/// exit 3, never an output).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TariffwarSolver {
    /// Always `true` in an output.
    pub converged: bool,
    /// Newton iterations (Jacobians factorised).
    pub iterations: usize,
    /// Residual evaluations, line search included.
    pub evaluations: usize,
    /// Final max |F| (relative residuals).
    pub residual: f64,
    /// Wall time of the Newton solve, milliseconds.
    pub elapsed_ms: f64,
    /// Largest welfare gap (percentage points) between the Newton solution and the
    /// Caliendo–Parro engine re-solved at the same tariffs; `null` when not checked.
    pub engine_gap_pp: Option<f64>,
    /// Wage iterations of the engine's trade-balancing solve (the packages' first step).
    pub balance_iterations: usize,
    /// Its residual.
    pub balance_residual: f64,
}

/// `truce war --players all --dataset D` on a tariffwar dataset: the global Nash war, every
/// player setting its optimal uniform tariff (Lashkaripour 2021, eq. (14)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GlobalWarOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// The dataset.
    pub dataset: TariffwarDataset,
    /// `lashkaripour2021`.
    pub model: String,
    /// `trade_balanced`: every figure is against the trade-balanced baseline.
    pub baseline: String,
    /// The instrument set, in words.
    pub instruments: String,
    /// Always `real_income` (Ŷ/P̂ − 1, the packages' measure).
    pub welfare_measure: WelfareMeasure,
    /// The data and tariff conventions in force.
    pub conventions: TariffwarConventions,
    /// The players (region codes).
    pub players: Vec<String>,
    /// Every country, in the dataset's order.
    pub countries: Vec<TariffwarCountry>,
    /// Headline figures.
    pub summary: GlobalWarSummary,
    /// Solver diagnostics.
    pub solver: TariffwarSolver,
    /// Notes for readers.
    pub notes: Vec<String>,
}

crate::output!(GlobalWarOutput, "war global", "1.0", "war-global");

/// The US policy of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum UsPolicy {
    /// The 2 April 2025 schedule, country by country.
    LiberationDay,
    /// One rate on every partner.
    Uniform {
        /// Rate, percent.
        rate_pct: f64,
    },
    /// One rate on one partner (`EU` = the EU-27 members in the data).
    Targeted {
        /// Partner code or `EU`.
        partner: String,
        /// Rate, percent.
        rate_pct: f64,
    },
    /// The optimal unilateral uniform US tariff, everyone else passive.
    OptimalUs,
}

/// How partners respond to the US policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Retaliation {
    /// No response.
    None,
    /// Each partner charges the US what the US charges it.
    Reciprocal,
    /// The retaliating partners set their optimal uniform tariffs jointly.
    Nash,
}

/// Whether a scenario rate replaces the factual US tariff or is added to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateConvention {
    /// The packages': the rate replaces the factual tariff in every sector.
    Replace,
    /// On top of the factual tariff: (1 + τ)(1 + r) − 1.
    OnTop,
}

/// `truce run <us-tariff scenario> --dataset D`: one US policy with a retaliation mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UsScenarioOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// The dataset.
    pub dataset: TariffwarDataset,
    /// Scenario label (`liberation_day`, `uniform 10%`, `targeted CHN 20%`, `optimal_us`).
    pub scenario: String,
    /// Title from the scenario file.
    pub title: String,
    /// The policy.
    pub policy: UsPolicy,
    /// Retaliation.
    pub retaliation: Retaliation,
    /// Rate convention.
    pub convention: RateConvention,
    /// The US rate, percent (the optimal rate for `optimal_us`; `null` for Liberation Day,
    /// whose rates differ by partner).
    pub rate_pct: Option<f64>,
    /// Always `real_income`.
    pub welfare_measure: WelfareMeasure,
    /// The data and tariff conventions in force.
    pub conventions: TariffwarConventions,
    /// Every country, in the dataset's order.
    pub countries: Vec<TariffwarCountry>,
    /// Solver diagnostics.
    pub solver: TariffwarSolver,
    /// Notes for readers.
    pub notes: Vec<String>,
}

crate::output!(UsScenarioOutput, "run us-tariff", "1.0", "run-us-tariff");

/// One row of the suite's tidy table (the packages' CSV columns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SuiteRow {
    /// Country code.
    pub country: String,
    /// Base year.
    pub year: Option<i32>,
    /// `wiod` or `icio`.
    pub dataset: String,
    /// Elasticity set.
    pub elasticity: Option<String>,
    /// `liberation_day`, `uniform`, `targeted` or `optimal_us`.
    pub scenario: String,
    /// The US rate, percent (the optimal rate for `optimal_us`; `null` for Liberation Day).
    pub rate_pct: Option<f64>,
    /// Target: `all`, an ISO3 code or `EU`.
    pub target: String,
    /// Retaliation.
    pub retaliation: Retaliation,
    /// Welfare change, percent (real income against the trade-balanced baseline).
    pub welfare_pct: f64,
    /// Welfare change, million USD of the base year.
    pub welfare_musd: f64,
}

/// `truce suite --dataset D`: the packages' standard US scenarios × retaliation modes, one
/// tidy table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SuiteOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// The dataset.
    pub dataset: TariffwarDataset,
    /// Rate convention of every scenario.
    pub convention: RateConvention,
    /// The retaliation modes run.
    pub retaliations: Vec<Retaliation>,
    /// Solves (scenarios × retaliation modes).
    pub scenarios: usize,
    /// Always `real_income`.
    pub welfare_measure: WelfareMeasure,
    /// The data conventions in force (`at_cap` is empty: the suite does not list it).
    pub conventions: TariffwarConventions,
    /// Every country × scenario × retaliation mode.
    pub rows: Vec<SuiteRow>,
    /// Notes for readers.
    pub notes: Vec<String>,
}

crate::output!(SuiteOutput, "suite", "1.0", "suite");
