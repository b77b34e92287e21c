//! `truce timeline`: the US–China record replayed date by date.

use crate::common::{
    CountryResult, DatasetRef, EffectiveTariff, QuotaResult, SolverInfo, WelfareMeasure,
};
use crate::Header;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The record replayed: one solved state per date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimelineOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// The record replayed (`us-china`, or another record given with `--record`).
    pub record: String,
    /// The dataset.
    pub dataset: DatasetRef,
    /// `baseline` or `pre-war`.
    pub reference: String,
    /// First date, `YYYY-MM-DD`.
    #[schemars(extend("format" = "date"))]
    pub from: String,
    /// Last date, `YYYY-MM-DD`.
    #[schemars(extend("format" = "date"))]
    pub to: String,
    /// How the average tariffs are defined.
    pub tariff_definition: String,
    /// How `us_effective_tariff` is defined.
    pub effective_tariff_definition: String,
    /// Notes (scope, assumptions).
    pub notes: Vec<String>,
    /// Dated states, in order.
    pub points: Vec<TimelinePoint>,
}

/// One dated state of the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimelinePoint {
    /// `YYYY-MM-DD`.
    #[schemars(extend("format" = "date"))]
    pub date: String,
    /// What changed that day.
    pub label: String,
    /// What the outcome is measured against.
    pub reference: String,
    /// Trade-weighted statutory average US tariff on China, percent.
    pub us_tariff_on_chn_pct: f64,
    /// Same, China on the US.
    pub chn_tariff_on_us_pct: f64,
    /// The model's (θ-consistent) average US tariff on China, percent.
    pub us_tariff_on_chn_model_pct: f64,
    /// The model's average Chinese tariff on the US, percent.
    pub chn_tariff_on_us_model_pct: f64,
    /// PIIE's published US average on China that day, if any.
    pub piie_us_tariff_on_chn_pct: Option<f64>,
    /// PIIE's published Chinese average on the US that day, if any.
    pub piie_chn_tariff_on_us_pct: Option<f64>,
    /// The US statutory tariff on all goods imports and on each partner, before and after
    /// substitution (`null` when the dataset has no USA).
    pub us_effective_tariff: Option<EffectiveTariff>,
    /// Change of US imports from China (all sectors), percent.
    pub us_imports_from_chn_pct: Option<f64>,
    /// Change of China's imports from the US, percent.
    pub chn_imports_from_us_pct: Option<f64>,
    /// Welfare measure of `countries[].welfare_pct`.
    pub welfare_measure: WelfareMeasure,
    /// One entry per region.
    pub countries: Vec<CountryResult>,
    /// The export quotas and supply caps in force that day (China's rare-earth licensing on a
    /// dataset with a RARE_EARTHS sector), solved: each one's export-tax equivalent, quantity
    /// and rent. Empty on a day without any (and in files of schema 1.1).
    #[serde(default)]
    pub quotas: Vec<QuotaResult>,
    /// How the solve ended.
    pub solver: SolverInfo,
}

crate::output!(TimelineOutput, "timeline", "1.2", "timeline");
