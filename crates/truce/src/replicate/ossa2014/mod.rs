//! Ossa (2014), "Trade Wars and Trade Talks with Data", Tables 3–5 (non-MFN): optimal
//! tariffs, the Nash trade war, and cooperative trade talks, in the basic (λ ≡ 1) and the
//! political-economy (calibrated λ) versions.
//!
//! Every counterfactual starts from the purged baseline `trade_ijs_purged.csv` with factual
//! tariffs and zero net exports (Ossa2014 spec §4). Welfare is the government objective
//! $\hat G$ (spec §5), equal to real income in the basic version.
//!
//! * Table 3: each government's optimal tariffs (its 198 bilateral industry tariffs), the others
//!   at factual tariffs (spec §6). Searched by projected Newton from Ossa's default start
//!   ($1/(\sigma_s-1)$ basic, 0.1 political economy) and from the factual tariffs; the better
//!   optimum is kept (the political-economy objective has several local optima, e.g. Japan's
//!   with and without a prohibitive rice tariff).
//! * Table 4: the Nash equilibrium by simultaneous best responses from the Table 3 optima
//!   (spec §7), to a change of at most 10⁻⁶ in every tariff; first-order residuals reported.
//! * Table 5: tariffs that maximise a common welfare gain (all tariffs ≥ 0) from three starting
//!   points: the Nash equilibrium, factual tariffs, free trade (spec §8, re-based on each).

mod render;
mod solve;

pub use solve::{run, run_on, run_on_with, run_with};

use crate::Error;
use serde::Serialize;
use truce_game::{BestResponse, Constrained, NashResult};
use truce_ossa::{RegionResult, Version};

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// Table 3: optimal tariffs.
    Optimal,
    /// Table 4: Nash tariffs (trade war).
    Nash,
    /// Table 5: cooperative tariffs (trade talks).
    Cooperative,
}

impl Table {
    /// Table 3, 4 or 5.
    ///
    /// # Errors
    /// [`Error::Usage`] for any other number.
    pub fn from_number(n: u8) -> Result<Self, Error> {
        match n {
            3 => Ok(Table::Optimal),
            4 => Ok(Table::Nash),
            5 => Ok(Table::Cooperative),
            _ => Err(Error::Usage(format!(
                "Ossa (2014) has tables 3 (optimal tariffs), 4 (Nash tariffs) and 5 \
                 (cooperative tariffs); got {n}"
            ))),
        }
    }
    /// The paper's table number.
    pub fn number(&self) -> u8 {
        match self {
            Table::Optimal => 3,
            Table::Nash => 4,
            Table::Cooperative => 5,
        }
    }
}

/// The paper's average rows (unweighted means of the 7 regions), non-MFN versions.
///
/// Source: Ossa, R. (2014), "Trade Wars and Trade Talks with Data", *American Economic Review*
/// 104(12): 4104–46, Tables 3, 4 and 5, rows "Average" (basic / political-economy), as listed in
/// the truce issue "Trade wars and trade talks".
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Published {
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

/// Basic version (λ ≡ 1), Ossa (2014) Tables 3–5.
pub const PUBLISHED_BAS: Published = Published {
    optimal_median_tariff_pct: 58.9,
    optimal_own_welfare_pct: 2.2,
    optimal_others_welfare_pct: -0.7,
    nash_median_tariff_pct: 58.1,
    nash_welfare_pct: -2.4,
    cooperative_from_nash_pct: 3.4,
    cooperative_from_factual_pct: 0.5,
    cooperative_from_free_trade_pct: 0.03,
};

/// Political-economy version, Ossa (2014) Tables 3–5.
pub const PUBLISHED_POL: Published = Published {
    optimal_median_tariff_pct: 62.4,
    optimal_own_welfare_pct: 1.9,
    optimal_others_welfare_pct: -0.7,
    nash_median_tariff_pct: 63.4,
    nash_welfare_pct: -2.9,
    cooperative_from_nash_pct: 3.6,
    cooperative_from_factual_pct: 0.5,
    cooperative_from_free_trade_pct: 0.21,
};

/// The published averages of a version.
pub fn published(v: Version) -> Published {
    match v {
        Version::Bas => PUBLISHED_BAS,
        Version::Pol => PUBLISHED_POL,
    }
}

/// One region's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Region code.
    pub code: String,
    /// Government objective, % change.
    pub welfare_pct: f64,
    /// Real income, % change.
    pub real_income_pct: f64,
    /// Median of the 198 tariffs the region sets, %.
    pub median_tariff_pct: f64,
    /// Relative wage, % (spec §5).
    pub relative_wage_pct: f64,
    /// Profits deflated by the own wage, % (spec §5).
    pub profits_pct: f64,
    /// Table 3: mean welfare change of the other six regions in the same experiment, %.
    pub others_welfare_pct: Option<f64>,
}

impl Row {
    fn of(r: &RegionResult) -> Self {
        Row {
            code: r.code.clone(),
            welfare_pct: r.welfare_pct,
            real_income_pct: r.real_income_pct,
            median_tariff_pct: r.median_tariff_pct,
            relative_wage_pct: r.relative_wage_pct,
            profits_pct: r.profits_pct,
            others_welfare_pct: None,
        }
    }
}

/// A cooperative panel of Table 5.
#[derive(Debug, Clone)]
pub struct Panel {
    /// `nash`, `factual` or `free_trade`.
    pub base: &'static str,
    /// Rows, relative to that base.
    pub rows: Vec<Row>,
    /// The common gain ω − 1, %.
    pub gain_pct: f64,
    /// The search.
    pub search: Constrained,
}

/// The replication, solved.
#[derive(Debug, Clone)]
pub struct Replication {
    /// Which table.
    pub table: Table,
    /// Which version.
    pub version: Version,
    /// Region codes.
    pub regions: Vec<String>,
    /// Table 3: each region's best response against factual tariffs.
    pub optimal: Vec<BestResponse>,
    /// Table 3 rows.
    pub optimal_rows: Vec<Row>,
    /// Table 4: the Nash equilibrium (tables 4 and 5).
    pub nash: Option<NashResult>,
    /// Table 4 rows.
    pub nash_rows: Vec<Row>,
    /// Table 5 panels: from Nash, from factual tariffs, from free trade.
    pub panels: Vec<Panel>,
    /// Partner-mean tariffs against Ossa's noncooperative tariff measures
    /// (`tariff_noncoop.csv`), per region that has them: (code, mean difference in pp,
    /// correlation, industries compared).
    pub against_targets: Vec<(String, f64, f64, usize)>,
    /// Wall time, seconds.
    pub seconds: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Cap on the rounds of best responses of the Nash search (Table 4, and Table 5's first
    /// panel); default 60. A war still moving at the cap fails with truce-solve's
    /// `NotConverged` (exit 3).
    pub max_rounds: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self { max_rounds: 60 }
    }
}

pub(super) fn mean(v: impl Iterator<Item = f64>) -> f64 {
    let (s, k) = v.fold((0.0, 0usize), |(s, k), x| (s + x, k + 1));
    s / k as f64
}
