//! Tariff wars and trade talks between two governments on a Caliendo–Parro baseline (the
//! default world or any dataset), and the progress interface of every game pipeline.
//!
//! * [`war`]: each player chooses its import tariffs on the other (one per tradable sector, or
//!   one uniform rate) within [0 %, 500 %], every other policy fixed at the baseline; the Nash
//!   equilibrium by iterated best responses, each player's welfare against the baseline, and
//!   the comparison with the April 2025 peak.
//! * [`talks`]: the bargaining frontier from a threat point (the Nash war or the status quo) and
//!   the Nash bargaining solution, optionally with China's export tax on the rare-earth content
//!   of its exports to the US in the bargain ([`ExportTaxLink`]) and an exogenous side payment
//!   for issues outside trade.
//!
//! Welfare is exact real income $\hat I_n/\hat P_n$ (`welfare_measure = "real_income"`).

mod lever;
mod talks;
mod war;

pub use lever::{rare_earth_lever, rare_earth_link, rare_earth_link_of, RareEarthLever};
pub use talks::{talks, Talks};
pub use war::{war, War};

use crate::dataset::Dataset;

use crate::Error;

use std::collections::BTreeMap;

use std::sync::Arc;

use std::time::Instant;

use truce_game::{
    bargain, nash, Bargain, BargainOptions, BoxOptions, CpGame, Game, Method, NashOptions,
    NashResult, TariffInstruments,
};

use truce_model::Baseline;

use truce_output::{
    FrontierPoint, FrontierSolver, GameCountry, GameState, Header, Instrument, NashSolver,
    PeakState, PlayerResidual, Solution, StatusQuoState, TalksOutput, TalksSolver, ThreatPoint,
    WarOutput, WarSolver, WelfareMeasure,
};

use truce_report::{Cell, Report, Table};

use truce_solve::{NoObserver, Observer};

/// Progress of a multi-stage pipeline: which stage is running, and (as an [`Observer`]) the
/// iterates of the searches inside it.
pub trait Progress: Observer {
    /// A new stage begins, e.g. "Nash equilibrium".
    fn stage(&mut self, _label: &str) {}
}

impl Progress for NoObserver {}

/// The April 2025 peak of the US–China tariff war: the additional ad-valorem tariffs each side
/// levied on the other's goods, stacked on the tariffs already in force. US on China: 145 %
/// (20 % IEEPA fentanyl + 125 % IEEPA reciprocal, EO 14266, effective 10 April 2025); China on
/// the US: 125 % (Customs Tariff Commission announcement 2025 No. 6, effective 12 April 2025).
/// Source: `../shared/data/us_china_measures/measures.csv`, rows M079 and M081 (PIIE, Bown,
/// "US-China Trade War Tariffs: An Up-to-Date Chart"; official announcements).
pub const APRIL_2025_PEAK: [(&str, &str, f64); 2] = [("USA", "CHN", 1.45), ("CHN", "USA", 1.25)];

/// Upper bound of every tariff a player may choose (500 %).
pub const MAX_TARIFF: f64 = 5.0;

/// Upper bound of the rare-earth export tax on a dataset with a RARE_EARTHS sector
/// (10,000 %): with short-run trade elasticities below one and near-Leontief users, demand for
/// China's rare earths is so inelastic that a 500 % tax still lets most of them through; only
/// rates of this order cut the flow to a few per cent, as the 2025 licensing did.
pub const MAX_RARE_EARTH_TAX: f64 = 100.0;

/// How the linked export restriction is set: an export tax in [0, `max_rate`], or licences
/// (an export quota) for a share of the baseline quantity of a whole sector, in
/// [`MIN_LICENCES`, `MAX_LICENCES`], solved as an export-tax equivalent.
pub use truce_output::RestrictionKind as LinkKind;

/// Fewest licences a quota link may issue: 1 % of the baseline quantity (a near-embargo).
pub const MIN_LICENCES: f64 = 0.01;

/// Most licences: twice the baseline quantity (no restriction in practice).
pub const MAX_LICENCES: f64 = 2.0;

/// An export restriction in the bargain: `exporter` taxes the share `shares[k].1` of its
/// exports of sector `shares[k].0` to `importer` (e.g. China's rare-earth content of MINING and
/// ELECTRICAL exports to the US); the sector's export tax is its base rate plus share × rate,
/// the rate chosen in [0, `max_rate`]. With [`LinkKind::ExportQuota`] (one sector, share 1)
/// the instrument is the share of the baseline quantity licensed instead.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportTaxLink {
    /// Tax or quota.
    pub kind: LinkKind,
    /// Taxing player (code).
    pub exporter: String,
    /// Destination (code, the other player).
    pub importer: String,
    /// (sector code, taxed share of that sector's exports in (0, 1]).
    pub shares: Vec<(String, f64)>,
    /// Upper bound of the rate.
    pub max_rate: f64,
}

impl ExportTaxLink {
    /// China's export tax on the rare-earth content of its MINING and ELECTRICAL exports to the
    /// US, with those sectors' rare-earth shares (e.g. `truce::world::rare_earth_share`).
    pub fn rare_earths(mining_share: f64, electrical_share: f64) -> Self {
        Self {
            kind: LinkKind::ExportTax,
            exporter: "CHN".into(),
            importer: "USA".into(),
            shares: vec![
                ("MINING".into(), mining_share),
                ("ELECTRICAL".into(), electrical_share),
            ],
            max_rate: MAX_TARIFF,
        }
    }
}

/// What governments maximise: real income (the terms-of-trade motive only), or real income
/// with Ossa's (2014) political-economy weights on sectoral value added
/// (`truce_game::political`: the terms-of-trade motive plus protection for sale).
pub use truce_output::GameObjective as Objective;

/// Knobs of [`war`].
#[derive(Debug, Clone, PartialEq)]
pub struct WarOptions {
    /// The two players (codes), e.g. `USA`, `CHN`.
    pub players: [String; 2],
    /// One tariff per tradable sector, or one uniform rate.
    pub instruments: TariffInstruments,
    /// An export tax that is also an instrument.
    pub link: Option<ExportTaxLink>,
    /// What governments maximise.
    pub objective: Objective,
    /// Short run: with a rare-earth link on a dataset with a RARE_EARTHS sector, rare-earth
    /// output outside the restricting country cannot grow (supply caps at the baseline level),
    /// as in the months the 2025 controls lasted. Medium run (`false`): it expands at constant
    /// cost.
    pub short_run: bool,
    /// Cap on the rounds of best responses of the Nash search (default 50); a war still moving
    /// at the cap fails with truce-solve's `NotConverged` (exit 3), never a result.
    pub max_rounds: usize,
}

/// Tolerance of the Nash search: converged when no instrument moves by more than this in a round.
pub const NASH_TOL: f64 = 1e-5;

impl Default for WarOptions {
    fn default() -> Self {
        Self {
            players: ["USA".into(), "CHN".into()],
            instruments: TariffInstruments::Sector,
            link: None,
            objective: Objective::RealIncome,
            short_run: false,
            max_rounds: 50,
        }
    }
}

/// `dataset`'s baseline with ε_c replaced (the `--epsilon-c` of war, talks and run).
///
/// # Errors
/// [`Error::Usage`] when `epsilon_c` is not finite and positive or the dataset has no
/// critical-input nest.
pub fn with_epsilon_c(
    dataset: &crate::dataset::Dataset,
    epsilon_c: f64,
) -> Result<Baseline, Error> {
    let b = dataset.baseline.as_ref();
    let p = b.production().with_epsilon_c(epsilon_c).map_err(|e| {
        Error::Usage(format!(
            "--epsilon-c {epsilon_c}: {}",
            if b.production().critical.is_none() && epsilon_c.is_finite() && epsilon_c > 0.0 {
                format!(
                    "the dataset {} has no critical-input nest; use world2024-ree (or a dataset \
                     split with `truce data split-sector`)",
                    dataset.name
                )
            } else {
                e.to_string()
            }
        ))
    })?;
    b.clone()
        .with_production(p)
        .map_err(|e| Error::Usage(format!("--epsilon-c {epsilon_c}: {e}")))
}

/// The dataset `truce war|talks` plays on when none is named: world2024-ree (with its
/// RARE_EARTHS sector and critical-input nest) when the rare-earth lever is in the game,
/// world2024 otherwise.
pub fn default_dataset(with_link: bool) -> &'static str {
    if with_link {
        truce_world::REE_NAME
    } else {
        truce_world::NAME
    }
}

/// Which payoffs talks start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Threat {
    /// Breakdown means the Nash tariff war.
    Nash,
    /// Breakdown means today's tariffs.
    StatusQuo,
}

impl Threat {
    /// `nash` or `status-quo`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Threat::Nash => "nash",
            Threat::StatusQuo => "status-quo",
        }
    }
}

/// Knobs of [`talks`].
#[derive(Debug, Clone, PartialEq)]
pub struct TalksOptions {
    /// The game (players, instruments, link).
    pub war: WarOptions,
    /// Threat point.
    pub threat: Threat,
    /// Side payment for issues outside trade, in welfare points (percentage points of real
    /// income), received by the first player from the second (negative: the other way).
    pub beyond_trade_pp: f64,
    /// Interior frontier points.
    pub points: usize,
}

impl Default for TalksOptions {
    fn default() -> Self {
        Self {
            war: WarOptions::default(),
            threat: Threat::Nash,
            beyond_trade_pp: 0.0,
            points: 5,
        }
    }
}

/// The optimiser of [`search`], in words (the JSON's `solver`).
fn optimiser(game: &CpGame) -> &'static str {
    if game.has_exact_derivatives() {
        "projected Newton; exact gradients (implicit-function theorem, one adjoint solve), Hessians by differences of exact gradients (in parallel)"
    } else {
        "projected L-BFGS, gradients by forward differences of warm-started equilibria (in parallel)"
    }
}

/// The search settings of `war` and `talks` on `game`: projected Newton on exact gradients and
/// Hessians (differences of exact gradients) when the game has exact derivatives, to a KKT
/// residual of 1e-7 (welfare per unit of tariff; below it some searches stall where the gain of
/// a step, about r² over the curvature, falls below the rounding of the payoff: 4e-9 with sector
/// tariffs, 1.6e-8 with uniform ones); otherwise
/// (nested CES production, quotas or supply caps: the rare-earth lever) projected L-BFGS on
/// finite-difference gradients to 1e-5, the noise floor of those gradients (docs/games.md). A
/// search that ends any other way than converged to its tolerance fails with exit code 3.
fn search(game: &CpGame) -> BoxOptions {
    if game.has_exact_derivatives() {
        BoxOptions {
            method: Method::Newton,
            kkt_tol: 1e-7,
            max_iter: 100,
            ..BoxOptions::default()
        }
    } else {
        BoxOptions {
            method: Method::QuasiNewton { memory: 10 },
            kkt_tol: 1e-5,
            max_iter: 500,
            stall_iters: 3,
            ..BoxOptions::default()
        }
    }
}

/// The sectors a tariff can reach: tradable goods. A traded sector that holds no goods (world2024's
/// SERVICES, by the record's HS classification) is left out, as the record leaves it out of
/// "all" sectors: no government levies tariffs on services imports.
fn tariff_sectors(b: &Baseline) -> Vec<usize> {
    (0..b.dims().j)
        .filter(|&j| {
            let s = &b.sectors()[j];
            s.tradable && !truce_scenario::record::holds_no_goods(&s.code)
        })
        .collect()
}

/// Whether an instrument key names a linked export restriction (tax or quota), not a tariff.
fn is_export_restriction(key: &str) -> bool {
    key.ends_with("/export_tax") || key.ends_with("/export_quota")
}

fn pct(v: Option<f64>) -> Option<f64> {
    v.map(|w| 100.0 * (w - 1.0))
}

/// `{player: {sector or "export_tax": level %}}` for a two-player game.
fn levels(game: &CpGame, x: &[f64]) -> truce_output::Levels {
    let mut out = BTreeMap::new();
    for (p, code) in game.players().iter().enumerate() {
        let mut m = BTreeMap::new();
        for (k, ins) in game.instruments().iter().enumerate() {
            if ins.owner == p {
                let name = ins.key.split_once('/').map(|(_, s)| s).unwrap_or(&ins.key);
                m.insert(name.to_string(), 100.0 * game.rate_of(k, x[k]));
            }
        }
        out.insert(code.clone(), m);
    }
    out
}

/// Trade-weighted mean tariff of every player, by code, %.
fn mean_tariffs(game: &CpGame, x: &[f64]) -> BTreeMap<String, f64> {
    game.players()
        .iter()
        .enumerate()
        .map(|(p, c)| (c.clone(), mean_tariff(game, x, p)))
        .collect()
}

/// Trade-weighted mean tariff of player `p` (weights: base flows of the taxed sectors), %.
fn mean_tariff(game: &CpGame, x: &[f64], p: usize) -> f64 {
    let b = game.baseline();
    let d = b.dims();
    let regions = game.player_regions();
    let (n, i) = (regions[p], regions[1 - p]);
    let (mut num, mut den) = (0.0, 0.0);
    for (k, ins) in game.instruments().iter().enumerate() {
        if ins.owner != p || is_export_restriction(&ins.key) {
            continue;
        }
        let sector = ins.key.split_once('/').map(|(_, s)| s).unwrap_or("");
        let sectors: Vec<usize> = match b.sector_index(sector) {
            Some(j) => vec![j],
            None => tariff_sectors(b),
        };
        for j in sectors {
            let w = b.flows()[d.nij(n, i, j)];
            num += w * x[k];
            den += w;
        }
    }
    if den > 0.0 {
        100.0 * num / den
    } else {
        f64::NAN
    }
}

fn countries(game: &CpGame, values: &[Option<f64>]) -> Vec<GameCountry> {
    game.baseline()
        .regions()
        .iter()
        .zip(values)
        .map(|(r, v)| GameCountry {
            code: r.code.clone(),
            welfare_pct: *v,
            welfare_measure: WelfareMeasure::RealIncome,
            real_income_pct: *v,
        })
        .collect()
}

fn nash_solver(ne: &NashResult, game: &CpGame) -> NashSolver {
    NashSolver {
        status: ne.info.termination.as_str().into(),
        criterion: "max |Δt| ≤ 1e-5 over all instruments in a round".into(),
        rounds: ne.rounds(),
        max_change_by_round: ne.max_change.clone(),
        kkt_residuals: game
            .players()
            .iter()
            .zip(&ne.kkt_residuals)
            .map(|(c, r)| PlayerResidual {
                code: c.clone(),
                kkt_residual: *r,
            })
            .collect(),
        best_response: optimiser(game).into(),
    }
}

/// The notes every game result carries about its dataset (synthetic, stylised).
fn dataset_notes(ds: &Dataset) -> Vec<String> {
    let mut notes = Vec::new();
    if ds.synthetic {
        notes.push(ds.description.clone());
    }
    if let Some(n) = &ds.stylised_note {
        notes.push(n.clone());
    }
    notes
}

fn payoffs_pct(u: &[f64]) -> Vec<f64> {
    u.iter().map(|u| 100.0 * (u - 1.0)).collect()
}
