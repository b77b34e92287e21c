//! `truce sweep SCENARIO.toml` (and `truce run --bands N`, `truce sweep merge`).

use crate::common::{DatasetRef, WelfareMeasure};
use crate::Header;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Uncertainty bands of a scenario: the scenario solved once per draw of the trade
/// elasticities, summarised per step, region and outcome by the median and the 5–95 % band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SweepOutput {
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
    /// Welfare measure of the `welfare_pct` outcome.
    pub welfare_measure: WelfareMeasure,
    /// The seed of the draws (same seed ⇒ bit-identical draws on any machine and thread count).
    pub seed: u64,
    /// Number of draws (draw indices `0 … draws − 1`).
    pub draws: usize,
    /// Draws whose every step converged (the bands are computed over these).
    pub converged: usize,
    /// Draws that did not converge at some step: left out of the bands, listed here.
    pub failed: Vec<FailedDraw>,
    /// The distribution of every drawn parameter, with its source.
    pub parameters: Vec<ParameterDistribution>,
    /// The outcomes summarised (`welfare_pct`, `real_wage_pct`, …), in the order of `bands`.
    pub outcomes: Vec<String>,
    /// One entry per step × region × outcome, in step, region, outcome order.
    pub bands: Vec<Band>,
    /// Notes for readers (how the bands are computed, the scenario's notes).
    pub notes: Vec<String>,
}

/// A draw that did not converge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FailedDraw {
    /// Draw index.
    pub draw: usize,
    /// The step (or reference state) that did not converge.
    pub step: String,
    /// The solver's message.
    pub message: String,
}

/// The distribution one parameter is drawn from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ParameterDistribution {
    /// Parameter name, e.g. `theta.AGRFOOD` (the trade elasticity θ of sector AGRFOOD).
    pub parameter: String,
    /// The dataset's value (the point estimate the scenario is solved with by `truce run`).
    pub point: f64,
    /// `lognormal`, `normal` (truncated below at `low`), `uniform` or `fixed`.
    pub distribution: String,
    /// Median (lognormal: `median · exp(sigma_log · z)`, z standard normal).
    pub median: Option<f64>,
    /// Standard deviation of ln θ (lognormal).
    pub sigma_log: Option<f64>,
    /// Mean (normal; the value of a fixed parameter).
    pub mean: Option<f64>,
    /// Standard error (normal).
    pub se: Option<f64>,
    /// Lower bound (uniform; truncation point of a normal: draws at or below it are redrawn).
    pub low: Option<f64>,
    /// Upper bound (uniform).
    pub high: Option<f64>,
    /// Where the distribution comes from.
    pub source: String,
}

/// The band of one outcome of one region at one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Band {
    /// Step name.
    pub step: String,
    /// Region code.
    pub region: String,
    /// Outcome name (one of `outcomes`), percent change vs `reference`.
    pub outcome: String,
    /// The value at the dataset's own elasticities (`truce run`'s number); `null` when
    /// undefined (a zero base).
    pub point: Option<f64>,
    /// Median over the converged draws (`null` when no draw defines it).
    pub median: Option<f64>,
    /// 5th percentile (linear interpolation between order statistics, numpy's default).
    pub p5: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// Number of draws the quantiles are computed from.
    pub n: usize,
}

crate::output!(SweepOutput, "sweep", "1.0", "sweep");
