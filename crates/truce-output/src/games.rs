//! `truce war` and `truce talks`: tariff games between two governments.

use crate::common::{DatasetRef, WelfareMeasure};
use crate::Header;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Instrument levels by player code, then by sector code (or `export_tax`, or `all` for a
/// uniform tariff), percent.
pub type Levels = BTreeMap<String, BTreeMap<String, f64>>;

/// What the governments of a game maximise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GameObjective {
    /// Real income Î/P̂: the terms-of-trade motive only.
    #[default]
    RealIncome,
    /// Real income with Ossa's (2014) political-economy weights on sectoral value added: the
    /// terms-of-trade motive plus protection for sale.
    PoliticalEconomy,
}

impl GameObjective {
    /// `real-income` or `political-economy`.
    pub fn as_str(&self) -> &'static str {
        match self {
            GameObjective::RealIncome => "real-income",
            GameObjective::PoliticalEconomy => "political-economy",
        }
    }
}

/// How an export restriction in a game is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionKind {
    /// An export tax.
    #[default]
    ExportTax,
    /// Licences (an export quota) for a share of the baseline quantity, solved as an
    /// export-tax equivalent.
    ExportQuota,
}

/// China's rare-earth lever in talks: how far the agreement eases it, what the US gave, and
/// what the easing is worth in tariff points.
///
/// The restriction is measured as an export-tax equivalent (the instrument itself for a tax;
/// the engine's equivalent of the licences for a quota). The tariff equivalent answers "how
/// many points of tariffs is the easing worth to the US?": the uniform rise z in China's
/// tariffs on every US good (from the agreed levels) that would cost the US exactly what the
/// easing gains it, found by bisection on solved equilibria (to 0.01 points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RareEarthLever {
    /// What the instrument is.
    pub instrument: String,
    /// `export_tax` or `export_quota`.
    pub kind: RestrictionKind,
    /// The instrument at the threat point, percent: the tax, or the licences as a share of
    /// the baseline quantity.
    pub threat_level_pct: f64,
    /// The instrument in the agreement, percent.
    pub agreement_level_pct: f64,
    /// Whether the threat-point level sits at the instrument's most restrictive bound.
    pub threat_at_bound: bool,
    /// The restriction at the threat point, as an export-tax equivalent, percent.
    pub threat_pct: f64,
    /// The restriction in the agreement, export-tax equivalent, percent.
    pub agreement_pct: f64,
    /// Easing: threat − agreement, points of export-tax equivalent.
    pub easing_pts: f64,
    /// China's exports of the sector to the US at the threat point, percent of their
    /// baseline quantity.
    pub threat_quantity_pct: f64,
    /// Same, in the agreement.
    pub agreement_quantity_pct: f64,
    /// The US trade-weighted mean tariff on China at the threat point, percent.
    pub us_mean_tariff_threat_pct: f64,
    /// Same, in the agreement.
    pub us_mean_tariff_agreement_pct: f64,
    /// China's mean tariff on the US at the threat point, percent.
    pub chn_mean_tariff_threat_pct: f64,
    /// Same, in the agreement.
    pub chn_mean_tariff_agreement_pct: f64,
    /// US welfare gain from the easing alone (the agreement against the agreement with the
    /// threat-point restriction), points of the objective.
    pub us_gain_from_easing_pp: f64,
    /// China's welfare cost of the easing alone, points (negative: easing helps China).
    pub chn_cost_of_easing_pp: f64,
    /// The tariff equivalent of the easing for the US, points of a uniform rise in China's
    /// tariffs; `null` when even the tariff bound (500 %) would not cost the US as much.
    pub tariff_equivalent_pts: Option<f64>,
    /// ε_c of the dataset's critical-input nest (`null` without one).
    pub epsilon_c: Option<f64>,
}

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
    /// What the governments maximise (`real-income` in files before 1.1).
    #[serde(default)]
    pub objective: GameObjective,
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

crate::output!(WarOutput, "war", "1.1", "war");

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
    /// Whether an export restriction (tax or quota) is in the bargain.
    pub linked_export_tax: bool,
    /// What the governments maximise (`real-income` in files before 1.1).
    #[serde(default)]
    pub objective: GameObjective,
    /// China's rare-earth lever: threat point, agreement, the easing and its tariff
    /// equivalent (`null` without a linked restriction or without an agreement).
    #[serde(default)]
    pub rare_earths: Option<RareEarthLever>,
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

crate::output!(TalksOutput, "talks", "1.1", "talks");
