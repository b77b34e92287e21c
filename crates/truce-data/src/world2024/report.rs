//! What the calibration did, for people (`truce data build-default`) and for tests.

use super::balance::IpfInfo;
use super::facts::Confidence;
use super::rare_earths::RareEarthShare;
use super::tariffs::TariffSummary;
use super::theta::Theta;
use serde::Serialize;

/// One calibration target against the calibrated dataset (USD bn).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Margin {
    /// `gdp`, `goods_exports`, `goods_imports`, `services_exports`, `services_imports`,
    /// `goods_bilateral` (region → partner) or `services_bilateral`.
    pub kind: String,
    /// Region (the exporter for bilateral rows).
    pub region: String,
    /// Partner (the importer), for bilateral rows.
    pub partner: Option<String>,
    /// The 2024 figure, USD bn.
    pub target: f64,
    /// The dataset's value, USD bn.
    pub model: f64,
    /// Ids of the facts the target comes from.
    pub facts: String,
    /// Weakest confidence among them.
    pub confidence: Confidence,
    /// Which side reported a bilateral figure.
    pub note: String,
}

impl Margin {
    /// Relative gap (model − target) / target.
    pub fn rel_error(&self) -> f64 {
        (self.model - self.target) / self.target
    }
}

/// US–China trade and tariffs in one goods sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsChinaSector {
    /// Sector code.
    pub sector: String,
    /// US imports from China, USD bn (Census basis, B02).
    pub us_imports_from_chn: f64,
    /// US tariff on China, percent.
    pub us_tariff_pct: f64,
    /// China's imports from the US, USD bn (GACC basis, B41).
    pub chn_imports_from_us: f64,
    /// China's tariff on the US, percent.
    pub chn_tariff_pct: f64,
}

/// A gross-output change forced by exports (or its offset in services).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputFloor {
    /// Region.
    pub region: String,
    /// Sector.
    pub sector: String,
    /// Gross output from the 2011 structure, USD bn.
    pub prior_output: f64,
    /// Calibrated exports, USD bn.
    pub exports: f64,
    /// Gross output used, USD bn.
    pub output: f64,
}

/// The zero-shock check: solving the model with every instrument at its base level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquilibriumCheck {
    /// max |ŵₙ − 1|.
    pub wage_max_abs_change: f64,
    /// max |P̂ʲₙ − 1|.
    pub price_max_abs_change: f64,
    /// Largest relative change of a positive flow when the solution is re-based
    /// (`Equilibrium::rebase`).
    pub rebased_flow_max_rel_change: f64,
    /// Largest relative change of a region's value added when re-based.
    pub rebased_gdp_max_rel_change: f64,
    /// Outer iterations of the solver.
    pub iterations: usize,
    /// Final residual max |Zₙ|/VAₙ.
    pub residual: f64,
}

/// RAS of one region's input–output table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RasInfo {
    /// Region.
    pub region: String,
    /// Sweeps and final error.
    pub info: IpfInfo,
    /// Largest absolute change of an input coefficient from its 2011 value.
    pub max_coefficient_change: f64,
}

/// Everything `truce data build-default` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationReport {
    /// Dataset name.
    pub name: String,
    /// Always printed: the dataset is a stylised calibration.
    pub stylised_note: String,
    /// Targets against the calibrated values.
    pub margins: Vec<Margin>,
    /// Largest |relative error| over `margins`.
    pub max_margin_rel_error: f64,
    /// US–China trade and tariffs by sector.
    pub us_china: Vec<UsChinaSector>,
    /// Tariff settings and the PIIE checks.
    pub tariffs: TariffSummary,
    /// Trade-table IPF.
    pub ipf: IpfInfo,
    /// Input–output RAS by region.
    pub ras: Vec<RasInfo>,
    /// Outputs raised so that exports leave some home sales.
    pub output_floor: Vec<OutputFloor>,
    /// φ, the electronics share of WIOD's electronics-and-electrical sector.
    pub electronics_share: f64,
    /// Fact ids behind φ.
    pub electronics_share_facts: String,
    /// Smallest 2011 home-sales share of a goods sector (the output floor), and where.
    pub home_share_floor: f64,
    /// Where that floor was observed.
    pub home_share_floor_cell: String,
    /// The zero-shock check.
    pub equilibrium: EquilibriumCheck,
    /// Rare-earth shares of China's exports.
    pub rare_earths: Vec<RareEarthShare>,
    /// θ by sector.
    pub theta: Vec<Theta>,
}
