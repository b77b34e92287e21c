//! `truce run SCENARIO.toml`.

use crate::common::{
    CountryResult, DatasetRef, EffectiveTariff, Elasticities, QuotaResult, SolverInfo,
    WelfareMeasure,
};
use crate::Header;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A solved scenario: one outcome per step, each against `reference`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RunOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: Option<String>,
    /// The dataset.
    pub dataset: DatasetRef,
    /// What outcomes are measured against: `baseline`, a step name, or `pre-war`.
    pub reference: String,
    /// Welfare measure of every `welfare_pct`.
    pub welfare_measure: WelfareMeasure,
    /// Notes for readers (scope, assumptions, caveats).
    pub notes: Vec<String>,
    /// The production elasticities used (the dataset's, with the scenario's overrides);
    /// `null` in files written before 1.1.
    #[serde(default)]
    pub elasticities: Option<Elasticities>,
    /// Steps in file order (a scenario without `[[step]]` has one, named after the scenario).
    pub steps: Vec<RunStep>,
}

/// One solved step of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RunStep {
    /// Step name (unique in the scenario).
    pub name: String,
    /// Label.
    pub label: String,
    /// Date (`YYYY-MM-DD`), for dated steps.
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// What the outcome is measured against.
    pub reference: String,
    /// Ids of the measures in force.
    pub measures: Vec<String>,
    /// Trade-weighted statutory average US tariff on China, percent (`null` without USA/CHN).
    pub us_tariff_on_chn_pct: Option<f64>,
    /// Same, China on the US.
    pub chn_tariff_on_us_pct: Option<f64>,
    /// The economy-wide average tariff of the scenario's `effective_tariff` region (the US by
    /// default), before and after substitution and by partner (`null` when the dataset lacks
    /// that region).
    pub effective_tariff: Option<EffectiveTariff>,
    /// Welfare measure of `countries[].welfare_pct`.
    pub welfare_measure: WelfareMeasure,
    /// One entry per region (each with `sectors[]`: output, prices, critical cost shares).
    pub countries: Vec<CountryResult>,
    /// The export quotas and supply caps in force, solved (empty without any).
    #[serde(default)]
    pub quotas: Vec<QuotaResult>,
    /// How the solve ended.
    pub solver: SolverInfo,
}

crate::output!(RunOutput, "run", "1.1", "run");
