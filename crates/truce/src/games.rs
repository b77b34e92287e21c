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

/// An export tax in the bargain: `exporter` taxes the share `shares[k].1` of its exports of
/// sector `shares[k].0` to `importer` (e.g. China's rare-earth content of MINING and
/// ELECTRICAL exports to the US); the sector's export tax is its base rate plus share × rate,
/// the rate chosen in [0, `max_rate`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExportTaxLink {
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

/// Knobs of [`war`].
#[derive(Debug, Clone, PartialEq)]
pub struct WarOptions {
    /// The two players (codes), e.g. `USA`, `CHN`.
    pub players: [String; 2],
    /// One tariff per tradable sector, or one uniform rate.
    pub instruments: TariffInstruments,
    /// An export tax that is also an instrument.
    pub link: Option<ExportTaxLink>,
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
            max_rounds: 50,
        }
    }
}

/// The rare-earth link of `truce war|talks --link ree-export-tax` on `dataset`: China's export
/// tax on the rare-earth content of its exports to the US, with `shares` (sector code, share of
/// China's exports of that sector to the US) or, when none are given, world2024's shares
/// (`truce::world::rare_earth_share`, docs/world2024.md).
///
/// # Errors
/// [`Error::Usage`] when the players are not USA and CHN, when no shares are given for a
/// dataset other than world2024, or when a share is outside (0, 1].
pub fn rare_earth_link(
    dataset: &crate::dataset::Dataset,
    players: &[String],
    shares: Vec<(String, f64)>,
) -> Result<ExportTaxLink, Error> {
    let mut p = players.to_vec();
    p.sort();
    if p != ["CHN", "USA"] {
        return Err(Error::Usage(
            "--link ree-export-tax needs the players USA and CHN (China taxes its rare-earth \
             exports to the US)"
                .into(),
        ));
    }
    let shares = if shares.is_empty() {
        if !matches!(dataset.name.as_str(), "world2024" | "synthetic-world2024") {
            return Err(Error::Usage(format!(
                "--link ree-export-tax on dataset {} needs the rare-earth shares of China's \
                 exports to the US: pass --ree-share MINING=…,ELECTRICAL=…",
                dataset.name
            )));
        }
        ["MINING", "ELECTRICAL"]
            .iter()
            .map(|sector| {
                truce_world::rare_earth_share("CHN", sector)
                    .map(|s| (sector.to_string(), s.to_usa))
                    .ok_or_else(|| {
                        Error::Usage(format!("no world2024 rare-earth share for {sector}"))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?
    } else {
        shares
    };
    if let Some((sector, v)) = shares.iter().find(|(_, v)| !(*v > 0.0 && *v <= 1.0)) {
        return Err(Error::Usage(format!(
            "--ree-share {sector}={v}: a share must lie in (0, 1]"
        )));
    }
    let mut link = ExportTaxLink::rare_earths(0.0, 0.0);
    link.shares = shares;
    Ok(link)
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

/// A search on finite-difference gradients that stalls with a KKT residual within this factor of
/// its tolerance has reached the gradients' noise floor, and counts as converged.
const NOISE_FLOOR: f64 = 10.0;

/// The search settings used with finite-difference gradients of the Caliendo–Parro engine.
fn search() -> BoxOptions {
    BoxOptions {
        method: Method::QuasiNewton { memory: 10 },
        kkt_tol: 1e-6,
        max_iter: 500,
        stall_iters: 3,
        ..BoxOptions::default()
    }
}

/// A played-out war.
#[derive(Debug, Clone)]
pub struct War {
    /// The game.
    pub game: CpGame,
    /// Instrument levels at the baseline (with uniform tariffs: the trade-weighted means of the
    /// baseline's sector tariffs).
    pub status_quo: Vec<f64>,
    /// The players' payoffs under the baseline policy (1 when the baseline is an equilibrium).
    pub status_quo_payoffs: Vec<f64>,
    /// The Nash equilibrium.
    pub nash: NashResult,
    /// Real income of every region at Nash, % against the baseline (`None`: undefined).
    pub nash_countries: Vec<Option<f64>>,
    /// The April 2025 peak applied to the baseline (when the players are USA and CHN): the
    /// instrument levels and every region's real income, %.
    pub peak: Option<(Vec<f64>, Vec<Option<f64>>)>,
    /// Wall time, seconds.
    pub seconds: f64,
}

fn build_game(baseline: Arc<Baseline>, opts: &WarOptions) -> Result<CpGame, Error> {
    let players = [opts.players[0].as_str(), opts.players[1].as_str()];
    let sectors = tariff_sectors(&baseline);
    let mut game = CpGame::on_sectors(
        baseline,
        &players,
        opts.instruments,
        0.0,
        MAX_TARIFF,
        &sectors,
    )?;
    if let Some(l) = &opts.link {
        let shares: Vec<(&str, f64)> = l.shares.iter().map(|(s, v)| (s.as_str(), *v)).collect();
        game = game.with_export_tax(&l.exporter, &l.importer, &shares, l.max_rate)?;
    }
    Ok(game)
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

fn pct(v: Option<f64>) -> Option<f64> {
    v.map(|w| 100.0 * (w - 1.0))
}

/// Play the tariff war: the Nash equilibrium of the two players' tariffs (and the linked export
/// tax, if any) from the baseline, measured against the baseline and beside the April 2025 peak.
///
/// # Errors
/// [`Error::Game`] for an unknown player or sector, or an equilibrium that does not solve;
/// [`Error::NotConverged`] when the rounds of best responses do not settle within
/// [`WarOptions::max_rounds`].
pub fn war<P: Progress + ?Sized>(
    baseline: Arc<Baseline>,
    opts: &WarOptions,
    progress: &mut P,
) -> Result<War, Error> {
    let start = Instant::now();
    let game = build_game(baseline.clone(), opts)?;
    let status_quo = game.status_quo();
    let status_quo_payoffs = game.clone().status_quo_payoffs()?;
    progress.stage(&format!(
        "Nash equilibrium of {} and {} (rounds of best responses)",
        opts.players[0], opts.players[1]
    ));
    let ne = nash(
        &game,
        &status_quo,
        &NashOptions {
            best_response: search(),
            tol: NASH_TOL,
            max_rounds: opts.max_rounds,
            ..NashOptions::default()
        },
        progress,
    )?
    .require_converged(NASH_TOL)
    .map_err(Error::not_converged(format!(
        "the Nash tariff war of {} and {} (rounds of best responses)",
        opts.players[0], opts.players[1]
    )))?;
    let mut g = game.clone();
    let nash_countries = g.all_real_incomes(&ne.x)?.into_iter().map(pct).collect();
    // The April 2025 peak, when the players are the US and China.
    let is_us_china = {
        let mut p = opts.players.clone();
        p.sort();
        p == ["CHN".to_string(), "USA".to_string()]
    };
    let peak = if is_us_china {
        let mut x = status_quo.clone();
        for (k, ins) in game.instruments().iter().enumerate() {
            let owner = &game.players()[ins.owner];
            for (imp, exp, add) in APRIL_2025_PEAK {
                if owner == imp
                    && ins.key.starts_with(&format!("{exp}/"))
                    && !ins.key.ends_with("/export_tax")
                {
                    x[k] = (status_quo[k] + add).min(MAX_TARIFF);
                }
            }
        }
        let c = g.all_real_incomes(&x)?.into_iter().map(pct).collect();
        Some((x, c))
    } else {
        None
    };
    Ok(War {
        game,
        status_quo,
        status_quo_payoffs,
        nash: ne,
        nash_countries,
        peak,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// `{player: {sector or "export_tax": level %}}` for a two-player game.
fn levels(game: &CpGame, x: &[f64]) -> truce_output::Levels {
    let mut out = BTreeMap::new();
    for (p, code) in game.players().iter().enumerate() {
        let mut m = BTreeMap::new();
        for (k, ins) in game.instruments().iter().enumerate() {
            if ins.owner == p {
                let name = ins.key.split_once('/').map(|(_, s)| s).unwrap_or(&ins.key);
                m.insert(name.to_string(), 100.0 * x[k]);
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
        if ins.owner != p || ins.key.ends_with("/export_tax") {
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
        best_response: "projected L-BFGS, gradients by forward differences of warm-started equilibria (in parallel)".into(),
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

impl War {
    fn players(&self) -> &[String] {
        self.game.players()
    }

    /// The Nash equilibrium: tariffs by player × sector (%) and every region's welfare.
    fn nash_state(&self) -> GameState {
        GameState {
            tariffs_pct: levels(&self.game, &self.nash.x),
            mean_tariff_pct: mean_tariffs(&self.game, &self.nash.x),
            payoffs_pct: payoffs_pct(&self.nash.payoffs),
            countries: countries(&self.game, &self.nash_countries),
        }
    }

    fn status_quo_state(&self) -> StatusQuoState {
        StatusQuoState {
            tariffs_pct: levels(&self.game, &self.status_quo),
            mean_tariff_pct: mean_tariffs(&self.game, &self.status_quo),
            payoffs_pct: payoffs_pct(&self.status_quo_payoffs),
            levels_are: if self.game.status_quo_is_exact() {
                "the baseline's tariffs".into()
            } else {
                "trade-weighted means of the baseline's sector tariffs (the baseline itself is not a uniform-tariff policy)".into()
            },
        }
    }

    fn peak_state(&self) -> Option<PeakState> {
        self.peak.as_ref().map(|(x, c)| PeakState {
            source: "us_china_measures M079 (US 145 %) and M081 (China 125 %), added to the baseline tariffs".into(),
            tariffs_pct: levels(&self.game, x),
            mean_tariff_pct: mean_tariffs(&self.game, x),
            countries: countries(&self.game, c),
        })
    }

    fn instruments(&self) -> Vec<Instrument> {
        let pl = self.players();
        self.game
            .instruments()
            .iter()
            .map(|i| Instrument {
                owner: pl[i.owner].clone(),
                label: i.label.clone(),
                lower_pct: 100.0 * i.lower,
                upper_pct: 100.0 * i.upper,
            })
            .collect()
    }

    /// The notes of the war's report: the peak, why the war may end below today's tariffs,
    /// how the search ended, and the dataset's caveats.
    fn notes(&self, dataset: &Dataset) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some((x, _)) = &self.peak {
            notes.push(format!(
                "April 2025 peak: +145 % (US on China) and +125 % (China on the US) on top of the \
                 baseline tariffs, trade-weighted means {:.1} % and {:.1} % (sources: \
                 us_china_measures M079, M081); the Nash tariffs average {:.1} % and {:.1} %.",
                mean_tariff(&self.game, x, 0),
                mean_tariff(&self.game, x, 1),
                mean_tariff(&self.game, &self.nash.x, 0),
                mean_tariff(&self.game, &self.nash.x, 1),
            ));
        }
        let sq: Vec<f64> = (0..2)
            .map(|p| mean_tariff(&self.game, &self.game.status_quo(), p))
            .collect();
        let nash: Vec<f64> = (0..2)
            .map(|p| mean_tariff(&self.game, &self.nash.x, p))
            .collect();
        if nash[0] < sq[0] && nash[1] < sq[1] {
            notes.push(format!(
                "Why the war ends below today's tariffs: in this model a government's only gain \
                 from a tariff is its terms of trade, and with the dataset's trade elasticities \
                 (θ) the best tariff on a partner is modest; the Nash tariffs ({:.1} % and {:.1} %) \
                 sit below the baseline's ({:.1} % and {:.1} %), so by this measure the tariffs in \
                 force exceed what terms-of-trade motives explain (political economy, security \
                 and leverage in talks are outside the model; Ossa (2014) finds far higher Nash \
                 tariffs with lower elasticities: `truce replicate ossa2014 --table 4`).",
                nash[0], nash[1], sq[0], sq[1]
            ));
        }
        let worst = self
            .nash
            .kkt_residuals
            .iter()
            .fold(0.0f64, |m, r| m.max(*r));
        notes.push(format!(
            "Nash search {} after {} rounds (last max |Δt| = {:.1e}); largest first-order \
             residual {:.1e}; every other policy at the baseline; tariffs bounded to [0, 500 %]; \
             {:.1} s.",
            self.nash.info.termination.as_str().replace('_', " "),
            self.nash.rounds(),
            self.nash.last_change(),
            worst,
            self.seconds
        ));
        notes.extend(dataset_notes(dataset));
        notes
    }

    /// The typed result (`war` output, docs/output-schema.md) on `dataset` (the dataset the
    /// game's baseline came from).
    pub fn output(&self, dataset: &Dataset) -> WarOutput {
        WarOutput {
            header: Header::of::<WarOutput>(),
            dataset: dataset.output(),
            players: self.players().to_vec(),
            welfare_measure: WelfareMeasure::RealIncome,
            instruments: self.instruments(),
            nash: self.nash_state(),
            status_quo: self.status_quo_state(),
            april_2025_peak: self.peak_state(),
            solver: WarSolver {
                nash: nash_solver(&self.nash, &self.game),
                elapsed_s: self.seconds,
            },
            notes: self.notes(dataset),
        }
    }

    /// The result as a report: tariffs by sector (status quo, Nash), welfare by region (Nash,
    /// April 2025 peak), notes, and [`War::output`] as JSON.
    pub fn report(&self, dataset: &Dataset) -> Report {
        let pl = self.players();
        let output = self.output(dataset);
        let mut t = Table::new(
            format!("Tariff war: Nash tariffs of {} and {} (%)", pl[0], pl[1]),
            &[
                "instrument",
                &format!("{} status quo", pl[0]),
                &format!("{} Nash", pl[0]),
                &format!("{} status quo", pl[1]),
                &format!("{} Nash", pl[1]),
            ],
        );
        let by_player = |p: usize| -> Vec<(String, usize)> {
            self.game
                .instruments()
                .iter()
                .enumerate()
                .filter(|(_, i)| i.owner == p)
                .map(|(k, i)| {
                    (
                        i.key
                            .split_once('/')
                            .map(|(_, s)| s)
                            .unwrap_or(&i.key)
                            .to_string(),
                        k,
                    )
                })
                .collect()
        };
        let (a, b) = (by_player(0), by_player(1));
        let mut names: Vec<String> = a.iter().map(|(n, _)| n.clone()).collect();
        for (n, _) in &b {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        let cell = |list: &[(String, usize)], name: &str, x: &[f64]| {
            Cell::opt(
                list.iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, k)| 100.0 * x[*k]),
                1,
            )
        };
        for name in &names {
            t.push(vec![
                Cell::text(name.replace('_', " ")),
                cell(&a, name, &self.status_quo),
                cell(&a, name, &self.nash.x),
                cell(&b, name, &self.status_quo),
                cell(&b, name, &self.nash.x),
            ]);
        }
        let mean = |p, x: &[f64]| Cell::num(mean_tariff(&self.game, x, p), 1);
        t.push(vec![
            Cell::text("trade-weighted mean"),
            mean(0, &self.status_quo),
            mean(0, &self.nash.x),
            mean(1, &self.status_quo),
            mean(1, &self.nash.x),
        ]);
        let mut w = Table::new(
            "Welfare (real income) against the baseline (%)",
            &["region", "Nash war", "April 2025 peak"],
        );
        for (k, r) in self.game.baseline().regions().iter().enumerate() {
            w.push(vec![
                Cell::text(&r.code),
                Cell::opt(self.nash_countries[k], 3),
                Cell::opt(self.peak.as_ref().and_then(|(_, c)| c[k]), 3),
            ]);
        }
        let mut report = Report::of(&output).with_table(t).with_table(w);
        for n in &output.notes {
            report = report.with_note(n.clone());
        }
        report
    }
}

/// Trade talks, solved.
#[derive(Debug, Clone)]
pub struct Talks {
    /// The war (threat point when `threat` is `Nash`).
    pub war: War,
    /// Which threat point.
    pub threat: Threat,
    /// Threat payoffs.
    pub threat_payoffs: [f64; 2],
    /// The frontier and the solution.
    pub bargain: Bargain,
    /// Side payment in welfare points (to the first player).
    pub beyond_trade_pp: f64,
    /// Wall time, seconds.
    pub seconds: f64,
}

/// Trade talks: the bargaining frontier from the threat point and the Nash bargaining solution
/// over both players' tariff vectors (and the linked export tax, if any), with an exogenous side
/// payment of `beyond_trade_pp` welfare points to the first player.
///
/// # Errors
/// [`Error::Game`] for an unknown player or sector, or an equilibrium that does not solve;
/// [`Error::NotConverged`] when the war (the threat point) or a search of the bargain does not
/// converge.
pub fn talks<P: Progress + ?Sized>(
    baseline: Arc<Baseline>,
    opts: &TalksOptions,
    progress: &mut P,
) -> Result<Talks, Error> {
    let start = Instant::now();
    let w = war(baseline, &opts.war, progress)?;
    let (threat_payoffs, x_start) = match opts.threat {
        Threat::Nash => ([w.nash.payoffs[0], w.nash.payoffs[1]], w.nash.x.clone()),
        Threat::StatusQuo => {
            // The baseline policy itself (with uniform instruments the status-quo levels only
            // approximate it; they serve as the search's starting point).
            (
                [w.status_quo_payoffs[0], w.status_quo_payoffs[1]],
                w.status_quo.clone(),
            )
        }
    };
    progress.stage(&format!(
        "bargaining frontier from the {} threat point",
        opts.threat.as_str()
    ));
    let bg = bargain(
        &w.game,
        threat_payoffs,
        &x_start,
        &BargainOptions {
            points: opts.points,
            side_payment: opts.beyond_trade_pp / 100.0,
            search: search(),
            ..BargainOptions::default()
        },
        progress,
    )?;
    // Every traced point and the solution must be optimal: a search that stopped short would
    // print a frontier that is not one. The gradients are forward differences of equilibria,
    // whose noise floor is about the search tolerance (docs/games.md): a search that stalls
    // within NOISE_FLOOR times the tolerance has reached that floor and counts as converged
    // (the JSON keeps its termination and residual); any other ending fails.
    let tol = search().kkt_tol;
    let searches = bg
        .frontier
        .iter()
        .map(|p| ("a point of the bargaining frontier", p))
        .chain(
            bg.solution
                .iter()
                .map(|p| ("the Nash bargaining solution", p)),
        );
    for (what, p) in searches {
        let at_noise_floor = matches!(p.termination, truce_solve::Termination::Stalled)
            && p.kkt_residual <= NOISE_FLOOR * tol;
        let info = truce_solve::Info {
            termination: if at_noise_floor {
                truce_solve::Termination::Converged
            } else {
                p.termination.clone()
            },
            iterations: p.iterations,
            residual: p.kkt_residual,
            elapsed: std::time::Duration::ZERO,
        };
        info.require_converged(
            tol,
            "the search for the best tariffs ended above the noise floor of its gradients: the \
             payoffs may be too flat at these tariffs; try fewer frontier points (--points) or \
             the other instruments (--instruments)",
        )
        .map_err(Error::not_converged(format!(
            "{what} (a search over both players' tariffs)"
        )))?;
    }
    Ok(Talks {
        war: w,
        threat: opts.threat,
        threat_payoffs,
        bargain: bg,
        beyond_trade_pp: opts.beyond_trade_pp,
        seconds: start.elapsed().as_secs_f64(),
    })
}

impl Talks {
    fn point(&self, x: &[f64], u: [f64; 2]) -> FrontierPoint {
        let game = &self.war.game;
        let s = self.beyond_trade_pp;
        FrontierPoint {
            payoffs_pct: [100.0 * (u[0] - 1.0), 100.0 * (u[1] - 1.0)],
            with_side_payment_pct: [100.0 * (u[0] - 1.0) + s, 100.0 * (u[1] - 1.0) - s],
            levels_pct: levels(game, x),
            mean_tariff_pct: [mean_tariff(game, x, 0), mean_tariff(game, x, 1)],
        }
    }

    /// The notes of the talks' report.
    fn notes(&self, dataset: &Dataset) -> Vec<String> {
        let pl = self.war.game.players();
        let s = self.beyond_trade_pp;
        let mut notes = Vec::new();
        if self.bargain.solution.is_none() {
            notes.push(
                "no agreement leaves both players better off than the threat point (after the side \
                 payment): there is no Nash bargaining solution."
                    .to_string(),
            );
        }
        if s != 0.0 {
            notes.push(format!(
                "a side payment of {s} welfare points from {} to {} for issues outside trade \
                 shifts the solution along the frontier (welfare columns exclude it).",
                pl[1], pl[0]
            ));
        }
        notes.push(format!(
            "the frontier is traced by maximising weighted sums of log welfare (where it is not \
             concave, only its concave hull is traced); the solution maximises the Nash product \
             directly; {:.1} s.",
            self.seconds
        ));
        notes.extend(dataset_notes(dataset));
        notes
    }

    /// The typed result (`talks` output, docs/output-schema.md) on `dataset`.
    pub fn output(&self, dataset: &Dataset) -> TalksOutput {
        let game = &self.war.game;
        let mut g = game.clone();
        let solution = self.bargain.solution.as_ref().map(|p| Solution {
            point: self.point(&p.x, p.payoffs),
            countries: g
                .all_real_incomes(&p.x)
                .ok()
                .map(|c| countries(game, &c.into_iter().map(pct).collect::<Vec<_>>())),
            termination: p.termination.as_str().into(),
            kkt_residual: p.kkt_residual,
        });
        TalksOutput {
            header: Header::of::<TalksOutput>(),
            dataset: dataset.output(),
            players: game.players().to_vec(),
            welfare_measure: WelfareMeasure::RealIncome,
            threat: ThreatPoint {
                kind: self.threat.as_str().into(),
                payoffs_pct: [
                    100.0 * (self.threat_payoffs[0] - 1.0),
                    100.0 * (self.threat_payoffs[1] - 1.0),
                ],
            },
            beyond_trade_pp: self.beyond_trade_pp,
            linked_export_tax: game
                .instruments()
                .iter()
                .any(|i| i.key.ends_with("/export_tax")),
            nash: self.war.nash_state(),
            status_quo: self.war.status_quo_state(),
            april_2025_peak: self.war.peak_state(),
            frontier: self
                .bargain
                .frontier
                .iter()
                .map(|p| self.point(&p.x, p.payoffs))
                .collect(),
            solution,
            solver: TalksSolver {
                nash: nash_solver(&self.war.nash, game),
                frontier: self
                    .bargain
                    .frontier
                    .iter()
                    .map(|p| FrontierSolver {
                        termination: p.termination.as_str().into(),
                        kkt_residual: p.kkt_residual,
                    })
                    .collect(),
                method: "frontier points maximise w·ln u₀ + (1−w)·ln u₁ (projected L-BFGS); ends by a secant search on w; solution maximises the Nash product".into(),
                elapsed_s: self.seconds,
            },
            notes: self.notes(dataset),
        }
    }

    /// The result as a report: the frontier, the solution's tariffs beside the threat point's,
    /// notes, and [`Talks::output`] as JSON.
    pub fn report(&self, dataset: &Dataset) -> Report {
        let game = &self.war.game;
        let pl = game.players();
        let output = self.output(dataset);
        let mut f = Table::new(
            format!(
                "Trade talks: bargaining frontier from the {} threat point (real income, %)",
                self.threat.as_str()
            ),
            &[
                "point",
                &format!("{} welfare", pl[0]),
                &format!("{} welfare", pl[1]),
                &format!("{} mean tariff", pl[0]),
                &format!("{} mean tariff", pl[1]),
            ],
        );
        let row = |label: &str, x: &[f64], u: [f64; 2]| {
            vec![
                Cell::text(label),
                Cell::num(100.0 * (u[0] - 1.0), 3),
                Cell::num(100.0 * (u[1] - 1.0), 3),
                Cell::num(mean_tariff(game, x, 0), 1),
                Cell::num(mean_tariff(game, x, 1), 1),
            ]
        };
        let threat_x = match self.threat {
            Threat::Nash => &self.war.nash.x,
            Threat::StatusQuo => &self.war.status_quo,
        };
        f.push(row("threat point", threat_x, self.threat_payoffs));
        for (k, p) in self.bargain.frontier.iter().enumerate() {
            f.push(row(&format!("frontier {}", k + 1), &p.x, p.payoffs));
        }
        if let Some(p) = &self.bargain.solution {
            f.push(row("Nash bargaining solution", &p.x, p.payoffs));
        }
        let mut report = Report::of(&output).with_table(f);
        if let Some(p) = &self.bargain.solution {
            let mut t = Table::new(
                "Nash bargaining solution: instruments (%)",
                &[
                    "instrument",
                    &format!("{} threat", pl[0]),
                    &format!("{} agreed", pl[0]),
                    &format!("{} threat", pl[1]),
                    &format!("{} agreed", pl[1]),
                ],
            );
            let mut names: Vec<String> = Vec::new();
            for i in game.instruments() {
                let n = i
                    .key
                    .split_once('/')
                    .map(|(_, s)| s)
                    .unwrap_or(&i.key)
                    .to_string();
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            for name in names {
                let cell = |owner: usize, x: &[f64]| {
                    Cell::opt(
                        game.instruments()
                            .iter()
                            .position(|i| i.owner == owner && i.key.ends_with(&format!("/{name}")))
                            .map(|k| 100.0 * x[k]),
                        1,
                    )
                };
                t.push(vec![
                    Cell::text(name.replace('_', " ")),
                    cell(0, threat_x),
                    cell(0, &p.x),
                    cell(1, threat_x),
                    cell(1, &p.x),
                ]);
            }
            report = report.with_table(t);
        }
        for n in &output.notes {
            report = report.with_note(n.clone());
        }
        report
    }
}
