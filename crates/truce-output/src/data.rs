//! `truce data import | aggregate | inspect`.

use crate::Header;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One region's figures, in the dataset's money unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegionSummary {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// GDP = value added.
    pub gdp: f64,
    /// Share of world GDP (fraction).
    pub gdp_share: f64,
    /// Exports at border values.
    pub exports: f64,
    /// Imports at border values.
    pub imports: f64,
    /// (exports + imports) / GDP (fraction).
    pub openness: f64,
    /// Deficit = imports − exports.
    pub deficit: f64,
    /// Deficit / GDP (fraction).
    pub deficit_share: f64,
    /// Trade-weighted average import tariff (fraction).
    pub average_tariff: f64,
}

/// A bilateral flow summed over sectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FlowSummary {
    /// Exporter code.
    pub exporter: String,
    /// Importer code.
    pub importer: String,
    /// Value at border prices.
    pub value: f64,
    /// Share of world cross-border trade (fraction).
    pub share: f64,
}

/// One accounting identity and how far the data are from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Identity {
    /// Short name.
    pub name: String,
    /// The identity.
    pub identity: String,
    /// Largest relative gap.
    pub max_gap: f64,
    /// Where the largest gap is.
    pub at: String,
}

/// The base solve: every instrument at its base level, deficits fixed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EquilibriumCheck {
    /// Whether the solver converged.
    pub converged: bool,
    /// max |ŵ − 1| (zero for a baseline that is an equilibrium).
    pub max_abs_wage_change: Option<f64>,
    /// Region of the largest wage change.
    pub at: Option<String>,
    /// Outer iterations.
    pub iterations: usize,
    /// Wall time, milliseconds.
    pub millis: f64,
    /// The solver's message when it did not converge.
    pub message: Option<String>,
}

/// A source the dataset cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// Id in the manifest.
    pub id: String,
    /// Citation.
    pub citation: String,
}

/// `truce data inspect DIR`: a summary of a dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InspectOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// Dataset name.
    pub name: String,
    /// Title.
    pub title: String,
    /// Base year.
    pub base_year: i32,
    /// Currency.
    pub currency: String,
    /// Money unit.
    pub unit: String,
    /// Stylised calibration?
    pub stylised: bool,
    /// Sources.
    pub sources: Vec<Source>,
    /// Number of regions.
    pub regions: usize,
    /// Number of sectors.
    pub sectors: usize,
    /// Number of tradable sectors.
    pub tradable_sectors: usize,
    /// Alternative tariff tables.
    pub alt_tariffs: Vec<String>,
    /// World GDP.
    pub world_gdp: f64,
    /// World cross-border trade.
    pub world_trade: f64,
    /// By region, in dataset order.
    pub by_region: Vec<RegionSummary>,
    /// The largest bilateral flows, largest first.
    pub top_flows: Vec<FlowSummary>,
    /// Accounting identities.
    pub identities: Vec<Identity>,
    /// The base solve (`null` with `--no-solve`).
    pub equilibrium: Option<EquilibriumCheck>,
    /// Warnings.
    pub warnings: Vec<String>,
}

crate::output!(InspectOutput, "data inspect", "1.0", "data-inspect");

/// What `data import` and `data aggregate` wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DatasetWritten {
    /// Dataset name.
    pub dataset: String,
    /// Title.
    pub title: String,
    /// The folder written.
    pub out: String,
    /// The files written (relative to `out`).
    pub files: Vec<String>,
    /// Number of regions.
    pub regions: usize,
    /// Number of sectors.
    pub sectors: usize,
    /// Number of tradable sectors.
    pub tradable_sectors: usize,
    /// Base year.
    pub base_year: i32,
    /// Currency.
    pub currency: String,
    /// Money unit.
    pub unit: String,
    /// Source ids.
    pub sources: Vec<String>,
    /// How elasticities were aggregated, if they were.
    pub elasticity_aggregation: Option<String>,
    /// The manifest's notes.
    pub notes: Vec<String>,
}

/// `truce data import KIND SRC --out DIR`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DataImportOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// What was written.
    #[serde(flatten)]
    pub written: DatasetWritten,
}

crate::output!(DataImportOutput, "data import", "1.0", "data-import");

/// `truce data aggregate DIR --out DIR2`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DataAggregateOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// What was written.
    #[serde(flatten)]
    pub written: DatasetWritten,
}

crate::output!(
    DataAggregateOutput,
    "data aggregate",
    "1.0",
    "data-aggregate"
);
