//! `truce war` and `truce talks`: tariff games between two governments.

use crate::common::{DatasetRef, WelfareMeasure};
use crate::Header;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Instrument levels by player code, then by sector code (or `export_tax`, or `all` for a
/// uniform tariff), percent.
pub type Levels = BTreeMap<String, BTreeMap<String, f64>>;

/// One instrument of the game.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Instrument {
    /// The player that sets it.
    pub owner: String,
    /// What it is, e.g. `USA tariff on CHN ELECTRONICS`.
    pub label: String,
    /// Lower bound, percent.
    pub lower_pct: f64,
    /// Upper bound, percent.
    pub upper_pct: f64,
}

/// Welfare of one region in a game state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GameCountry {
    /// Region code.
    pub code: String,
    /// Welfare change against the baseline, percent (`null`: undefined).
    pub welfare_pct: Option<f64>,
    /// Always `real_income`.
    pub welfare_measure: WelfareMeasure,
    /// Exact real-income change, percent.
    pub real_income_pct: Option<f64>,
}

/// A game state: the instruments, the players' payoffs and every region's welfare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GameState {
    /// Instrument levels by player, percent.
    pub tariffs_pct: Levels,
    /// Trade-weighted mean tariff by player, percent.
    pub mean_tariff_pct: BTreeMap<String, f64>,
    /// The players' payoffs (real income against the baseline), percent, in `players` order.
    pub payoffs_pct: Vec<f64>,
    /// Every region's welfare.
    pub countries: Vec<GameCountry>,
}

/// The status quo (the baseline's instruments).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatusQuoState {
    /// Instrument levels by player, percent.
    pub tariffs_pct: Levels,
    /// Trade-weighted mean tariff by player, percent.
    pub mean_tariff_pct: BTreeMap<String, f64>,
    /// The players' payoffs under the baseline policy, percent.
    pub payoffs_pct: Vec<f64>,
    /// What the levels are (the baseline's tariffs, or their trade-weighted means when the
    /// instruments are uniform).
    pub levels_are: String,
}

/// The April 2025 peak applied to the baseline (US–China games only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PeakState {
    /// Where the peak rates come from.
    pub source: String,
    /// Instrument levels by player, percent.
    pub tariffs_pct: Levels,
    /// Trade-weighted mean tariff by player, percent.
    pub mean_tariff_pct: BTreeMap<String, f64>,
    /// Every region's welfare.
    pub countries: Vec<GameCountry>,
}

/// A player's first-order residual at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlayerResidual {
    /// Player code.
    pub code: String,
    /// Largest projected-gradient component of its objective.
    pub kkt_residual: f64,
}

/// How the Nash search ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NashSolver {
    /// `converged` (other values only appear in error reports).
    pub status: String,
    /// The stopping rule.
    pub criterion: String,
    /// Rounds of best responses.
    pub rounds: usize,
    /// Largest instrument change in each round.
    pub max_change_by_round: Vec<f64>,
    /// Each player's first-order residual.
    pub kkt_residuals: Vec<PlayerResidual>,
    /// How best responses are computed.
    pub best_response: String,
}

/// Solver diagnostics of `war`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WarSolver {
    /// The Nash search.
    pub nash: NashSolver,
    /// Wall time, seconds.
    pub elapsed_s: f64,
}

/// `truce war`: the Nash tariff war of two governments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WarOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// The dataset.
    pub dataset: DatasetRef,
    /// The two players (region codes).
    pub players: Vec<String>,
    /// Always `real_income`.
    pub welfare_measure: WelfareMeasure,
    /// The instruments.
    pub instruments: Vec<Instrument>,
    /// The Nash equilibrium.
    pub nash: GameState,
    /// The status quo.
    pub status_quo: StatusQuoState,
    /// The April 2025 peak (`null` unless the players are USA and CHN).
    pub april_2025_peak: Option<PeakState>,
    /// Solver diagnostics.
    pub solver: WarSolver,
    /// Notes for readers.
    pub notes: Vec<String>,
}

crate::output!(WarOutput, "war", "1.0", "war");

/// The threat point of talks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ThreatPoint {
    /// `nash` or `status-quo`.
    pub kind: String,
    /// The players' payoffs there, percent.
    pub payoffs_pct: [f64; 2],
}

/// A point of the bargaining frontier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FrontierPoint {
    /// The players' payoffs (real income against the baseline), percent.
    pub payoffs_pct: [f64; 2],
    /// Payoffs after the side payment, percent.
    pub with_side_payment_pct: [f64; 2],
    /// Instrument levels by player, percent.
    pub levels_pct: Levels,
    /// Trade-weighted mean tariff of each player, percent.
    pub mean_tariff_pct: [f64; 2],
}

/// The Nash bargaining solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Solution {
    /// The point.
    #[serde(flatten)]
    pub point: FrontierPoint,
    /// Every region's welfare at the solution (`null` if it could not be evaluated).
    pub countries: Option<Vec<GameCountry>>,
    /// How its search ended.
    pub termination: String,
    /// Its first-order residual.
    pub kkt_residual: f64,
}

/// How one frontier search ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FrontierSolver {
    /// How the search ended.
    pub termination: String,
    /// Its first-order residual.
    pub kkt_residual: f64,
}

/// Solver diagnostics of `talks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TalksSolver {
    /// The Nash search (the war).
    pub nash: NashSolver,
    /// One entry per frontier point.
    pub frontier: Vec<FrontierSolver>,
    /// How the frontier and the solution are found.
    pub method: String,
    /// Wall time, seconds.
    pub elapsed_s: f64,
}

/// `truce talks`: the bargaining frontier and the Nash bargaining solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TalksOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// The dataset.
    pub dataset: DatasetRef,
    /// The two players.
    pub players: Vec<String>,
    /// Always `real_income`.
    pub welfare_measure: WelfareMeasure,
    /// The threat point.
    pub threat: ThreatPoint,
    /// Side payment to the first player for issues outside trade, welfare points.
    pub beyond_trade_pp: f64,
    /// Whether an export tax is in the bargain.
    pub linked_export_tax: bool,
    /// The Nash war.
    pub nash: GameState,
    /// The status quo.
    pub status_quo: StatusQuoState,
    /// The April 2025 peak (`null` unless the players are USA and CHN).
    pub april_2025_peak: Option<PeakState>,
    /// The frontier's interior points.
    pub frontier: Vec<FrontierPoint>,
    /// The solution (`null` when no agreement beats the threat point).
    pub solution: Option<Solution>,
    /// Solver diagnostics.
    pub solver: TalksSolver,
    /// Notes for readers.
    pub notes: Vec<String>,
}

crate::output!(TalksOutput, "talks", "1.0", "talks");
