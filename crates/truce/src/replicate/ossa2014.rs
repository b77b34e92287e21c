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

use crate::games::Progress;
use crate::Error;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use truce_game::{
    best_response, cooperate, nash, BestResponse, BoxOptions, Constrained, CoopOptions, Game,
    NashOptions, NashResult, OssaGame, OssaPayoff,
};
use truce_ossa::data::OssaData;
use truce_ossa::{region_results, solve, Lambda, NewtonParams, RegionResult, State, Version};
use truce_output::{
    Header, NoncooperativeTarget, NoncooperativeTargets, Ossa2014Output, OssaAverage,
    OssaBestResponse, OssaCooperative, OssaCountry, OssaNashSolver, OssaPublished, OssaRow,
    OssaSolver, PlayerResidual, WelfareMeasure,
};
use truce_report::{Cell, Report, Table as TextTable};

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

/// Tariffs above this are prohibitive in Ossa's calibration targets (spec §9) and are left out
/// of the comparison with them.
const PROHIBITIVE: f64 = 2.25;

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

fn newton() -> NewtonParams {
    NewtonParams {
        tol: 1e-13,
        ..NewtonParams::default()
    }
}

fn box_options() -> BoxOptions {
    BoxOptions {
        kkt_tol: 1e-10,
        ..BoxOptions::default()
    }
}

/// Tolerance of the Nash search: no tariff moves by more than this in a round.
const NASH_TOL: f64 = 1e-6;

/// Knobs of the replication beyond the table and the version.
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

/// A search's termination as truce-solve's one non-convergence error.
fn search_converged(
    termination: truce_solve::Termination,
    iterations: usize,
    residual: f64,
    tol: f64,
) -> Result<(), truce_solve::NotConverged> {
    truce_solve::Info {
        termination,
        iterations,
        residual,
        elapsed: std::time::Duration::ZERO,
    }
    .require_converged(
        tol,
        "the search stopped short of the optimum: try the other version, or check the data",
    )
    .map(|_| ())
}

/// Solve at tariff cube `t` from `st` and measure every region (spec §5).
fn evaluate(st: &State, lambda: &Lambda, t: &[f64]) -> Result<Vec<RegionResult>, Error> {
    let nx = vec![0.0; st.dims().n];
    let sol = solve(st, t, &nx, None, &newton())?;
    Ok(region_results(st, &sol, lambda))
}

/// Load the data in `dir` and replicate `table` in `version`.
///
/// # Errors
/// [`Error::Data`] for missing or invalid files; [`Error::Ossa`] if an equilibrium does not
/// solve.
pub fn run<P: Progress + ?Sized>(
    dir: &Path,
    table: Table,
    version: Version,
    progress: &mut P,
) -> Result<Replication, Error> {
    run_with(dir, table, version, &Options::default(), progress)
}

/// As [`run`], with [`Options`].
///
/// # Errors
/// As [`run`]; [`Error::NotConverged`] when a search of the tables does not converge.
pub fn run_with<P: Progress + ?Sized>(
    dir: &Path,
    table: Table,
    version: Version,
    options: &Options,
    progress: &mut P,
) -> Result<Replication, Error> {
    let data = truce_ossa::data::load(dir)?;
    run_on_with(&data, table, version, options, progress)
}

/// As [`run`], on data already loaded.
///
/// # Errors
/// [`Error::Ossa`] if an equilibrium does not solve.
pub fn run_on<P: Progress + ?Sized>(
    data: &OssaData,
    table: Table,
    version: Version,
    progress: &mut P,
) -> Result<Replication, Error> {
    run_on_with(data, table, version, &Options::default(), progress)
}

/// As [`run_on`], with [`Options`].
///
/// # Errors
/// As [`run_on`]; [`Error::NotConverged`] when a search of the tables does not converge.
pub fn run_on_with<P: Progress + ?Sized>(
    data: &OssaData,
    table: Table,
    version: Version,
    options: &Options,
    progress: &mut P,
) -> Result<Replication, Error> {
    let start = Instant::now();
    let st = Arc::new(data.purged_state()?);
    let d = st.dims();
    let lambda = Arc::new(match version {
        Version::Bas => Lambda::ones(d),
        Version::Pol => Lambda::new(d, data.lambda_pol.clone())?,
    });
    let game = OssaGame::new(
        st.clone(),
        OssaPayoff::Government(lambda.clone()),
        0.0,
        10.0,
    );
    let factual = game.profile_of(st.tariff());

    // Table 3: unilateral optimal tariffs, two starts each.
    let mut optimal = Vec::with_capacity(d.n);
    for p in 0..d.n {
        progress.stage(&format!(
            "optimal tariffs of {} ({}/{})",
            st.regions()[p],
            p + 1,
            d.n
        ));
        let own = game.instruments_of(p);
        let guess: Vec<f64> = own
            .iter()
            .map(|&k| match version {
                // Ossa's default guesses (spec §6).
                Version::Bas => 1.0 / (st.sigma()[game.cell(k).2] - 1.0),
                Version::Pol => 0.1,
            })
            .collect();
        let a = best_response(&game, &factual, p, Some(&guess), &box_options(), progress)?;
        let b = best_response(&game, &factual, p, None, &box_options(), progress)?;
        let best = if b.payoff > a.payoff { b } else { a };
        search_converged(
            best.termination.clone(),
            best.iterations,
            best.kkt_residual,
            box_options().kkt_tol,
        )
        .map_err(Error::not_converged(format!(
            "the optimal-tariff search of {}",
            st.regions()[p]
        )))?;
        optimal.push(best);
    }
    let mut optimal_rows = Vec::with_capacity(d.n);
    let mut unilateral = factual.clone();
    for br in &optimal {
        let mut x = factual.clone();
        br.apply(&mut x);
        br.apply(&mut unilateral);
        let rr = evaluate(&st, &lambda, &game.cube_of(&x))?;
        let p = br.player;
        let mut row = Row::of(&rr[p]);
        row.others_welfare_pct = Some(
            rr.iter()
                .enumerate()
                .filter(|(j, _)| *j != p)
                .map(|(_, r)| r.welfare_pct)
                .sum::<f64>()
                / (d.n - 1) as f64,
        );
        optimal_rows.push(row);
    }
    let against_targets = compare_with_targets(&st, data, &game.cube_of(&unilateral));

    let mut rep = Replication {
        table,
        version,
        regions: st.regions().to_vec(),
        optimal,
        optimal_rows,
        nash: None,
        nash_rows: Vec::new(),
        panels: Vec::new(),
        against_targets,
        seconds: 0.0,
    };
    if table == Table::Optimal {
        rep.seconds = start.elapsed().as_secs_f64();
        return Ok(rep);
    }

    // Table 4: Nash from the unilateral optima.
    progress.stage("Nash equilibrium (rounds of simultaneous best responses)");
    let ne = nash(
        &game,
        &unilateral,
        &NashOptions {
            best_response: box_options(),
            tol: NASH_TOL,
            max_rounds: options.max_rounds,
            ..NashOptions::default()
        },
        progress,
    )?
    .require_converged(NASH_TOL)
    .map_err(Error::not_converged(
        "the Nash trade war of the seven regions (rounds of simultaneous best responses)",
    ))?;
    let nash_cube = game.cube_of(&ne.x);
    rep.nash_rows = evaluate(&st, &lambda, &nash_cube)?
        .iter()
        .map(Row::of)
        .collect();
    rep.against_targets = compare_with_targets(&st, data, &nash_cube);
    rep.nash = Some(ne);
    if table == Table::Nash {
        rep.seconds = start.elapsed().as_secs_f64();
        return Ok(rep);
    }

    // Table 5: cooperation from Nash, factual tariffs and free trade.
    let bases: [(&'static str, Vec<f64>); 3] = [
        ("nash", nash_cube),
        ("factual", st.tariff().to_vec()),
        ("free_trade", vec![0.0; d.cube_len()]),
    ];
    for (name, t_base) in bases {
        progress.stage(&format!(
            "cooperative tariffs from {} (augmented Lagrangian)",
            name.replace('_', " ")
        ));
        let nx = vec![0.0; d.n];
        let sb = Arc::new(solve(&st, &t_base, &nx, None, &newton())?.rebase(&st)?);
        let gb = OssaGame::new(
            sb.clone(),
            OssaPayoff::Government(lambda.clone()),
            0.0,
            10.0,
        );
        let x0 = gb.profile_of(&t_base);
        let c = cooperate(
            &gb,
            &x0,
            &vec![1.0; d.n],
            // Income shares: the Pareto weights of equal percentage gains are close to them.
            Some(sb.expenditure()),
            &CoopOptions {
                inner: BoxOptions {
                    kkt_tol: 1e-9,
                    ..BoxOptions::default()
                },
                ..CoopOptions::default()
            },
            progress,
        )?;
        search_converged(
            c.termination.clone(),
            c.outer_iterations,
            c.constraint_violation,
            CoopOptions::default().constraint_tol,
        )
        .map_err(Error::not_converged(format!(
            "the cooperative tariffs from {} (augmented Lagrangian)",
            name.replace('_', " ")
        )))?;
        let rows = evaluate(&sb, &lambda, &gb.cube_of(&c.x))?
            .iter()
            .map(Row::of)
            .collect();
        rep.panels.push(Panel {
            base: name,
            rows,
            gain_pct: 100.0 * (c.extra[0] - 1.0),
            search: c,
        });
    }
    rep.seconds = start.elapsed().as_secs_f64();
    Ok(rep)
}

/// Our tariffs against Ossa's noncooperative tariff measures (`tariff_noncoop.csv`, the targets
/// of his λ calibration): per region with targets, the partner-mean tariff by industry against
/// the target, over industries whose target is not prohibitive.
fn compare_with_targets(
    st: &State,
    data: &OssaData,
    cube: &[f64],
) -> Vec<(String, f64, f64, usize)> {
    let d = st.dims();
    let mut out = Vec::new();
    for j in 0..d.n {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for s in 0..d.s {
            let target = data.tariff_noncoop[d.rs(j, s)];
            if target <= 0.0 || target > PROHIBITIVE {
                continue;
            }
            let mean = (0..d.n)
                .filter(|&i| i != j)
                .map(|i| cube[d.ijs(i, j, s)])
                .sum::<f64>()
                / (d.n - 1) as f64;
            ours.push(mean);
            theirs.push(target);
        }
        if ours.len() < 3 {
            continue;
        }
        let k = ours.len() as f64;
        let (mo, mt) = (ours.iter().sum::<f64>() / k, theirs.iter().sum::<f64>() / k);
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for (o, t) in ours.iter().zip(&theirs) {
            sxy += (o - mo) * (t - mt);
            sxx += (o - mo) * (o - mo);
            syy += (t - mt) * (t - mt);
        }
        let corr = if sxx > 0.0 && syy > 0.0 {
            sxy / (sxx * syy).sqrt()
        } else {
            f64::NAN
        };
        out.push((st.regions()[j].clone(), 100.0 * (mo - mt), corr, ours.len()));
    }
    out
}

fn mean(v: impl Iterator<Item = f64>) -> f64 {
    let (s, k) = v.fold((0.0, 0usize), |(s, k), x| (s + x, k + 1));
    s / k as f64
}

fn row_output(r: &Row) -> OssaRow {
    OssaRow {
        code: r.code.clone(),
        welfare_pct: r.welfare_pct,
        welfare_measure: WelfareMeasure::GovernmentObjective,
        real_income_pct: r.real_income_pct,
        median_tariff_pct: r.median_tariff_pct,
        relative_wage_pct: r.relative_wage_pct,
        profits_pct: r.profits_pct,
        others_welfare_pct: r.others_welfare_pct,
    }
}

fn average_output(rows: &[Row]) -> OssaAverage {
    OssaAverage {
        welfare_pct: mean(rows.iter().map(|r| r.welfare_pct)),
        real_income_pct: mean(rows.iter().map(|r| r.real_income_pct)),
        median_tariff_pct: mean(rows.iter().map(|r| r.median_tariff_pct)),
        others_welfare_pct: (rows.iter().all(|r| r.others_welfare_pct.is_some())
            && !rows.is_empty())
        .then(|| mean(rows.iter().filter_map(|r| r.others_welfare_pct))),
    }
}

impl Replication {
    /// Rows of the table (Table 5: the panel from factual tariffs, the paper's "gains from future
    /// talks").
    pub fn rows(&self) -> &[Row] {
        match self.table {
            Table::Optimal => &self.optimal_rows,
            Table::Nash => &self.nash_rows,
            Table::Cooperative => self
                .panels
                .iter()
                .find(|p| p.base == "factual")
                .map(|p| p.rows.as_slice())
                .unwrap_or(&[]),
        }
    }

    /// The unweighted mean of the rows' government-objective changes.
    pub fn average_welfare_pct(&self) -> f64 {
        mean(self.rows().iter().map(|r| r.welfare_pct))
    }

    fn solver_output(&self) -> OssaSolver {
        OssaSolver {
            optimal_tariffs: self
                .optimal
                .iter()
                .map(|b| OssaBestResponse {
                    code: self.regions[b.player].clone(),
                    method: "projected_newton".into(),
                    termination: b.termination.as_str().into(),
                    kkt_residual: b.kkt_residual,
                    iterations: b.iterations,
                    evaluations: b.evaluations,
                })
                .collect(),
            equilibrium: "Newton, analytic Jacobian, max residual ≤ 1e-13".into(),
            gradients: "adjoint (implicit-function theorem)".into(),
            elapsed_s: self.seconds,
            nash: self.nash.as_ref().map(|ne| OssaNashSolver {
                status: ne.info.termination.as_str().into(),
                criterion: "max |Δt| ≤ 1e-6 over all tariffs in a round".into(),
                rounds: ne.rounds(),
                max_change_by_round: ne.max_change.clone(),
                kkt_residuals: self
                    .regions
                    .iter()
                    .zip(&ne.kkt_residuals)
                    .map(|(c, r)| PlayerResidual {
                        code: c.clone(),
                        kkt_residual: *r,
                    })
                    .collect(),
            }),
            cooperative: (!self.panels.is_empty()).then(|| {
                self.panels
                    .iter()
                    .map(|p| OssaCooperative {
                        base: p.base.into(),
                        termination: p.search.termination.as_str().into(),
                        constraint_violation: p.search.constraint_violation,
                        kkt_residual: p.search.kkt_residual,
                        outer_iterations: p.search.outer_iterations,
                        evaluations: p.search.evaluations,
                        pareto_weights: p.search.multipliers.clone(),
                    })
                    .collect()
            }),
        }
    }

    /// The typed result (`replicate ossa2014` output, docs/output-schema.md).
    pub fn output(&self) -> Ossa2014Output {
        let pubd = published(self.version);
        let panel = |b: &str| self.panels.iter().find(|p| p.base == b);
        let panel_row = |b: &str, k: usize| panel(b).map(|p| row_output(&p.rows[k]));
        let countries = match self.table {
            Table::Optimal | Table::Nash => self
                .rows()
                .iter()
                .map(|r| OssaCountry {
                    row: row_output(r),
                    from_nash: None,
                    from_factual: None,
                    from_free_trade: None,
                })
                .collect(),
            Table::Cooperative => self
                .rows()
                .iter()
                .enumerate()
                .map(|(k, r)| OssaCountry {
                    row: row_output(r),
                    from_nash: panel_row("nash", k),
                    from_factual: panel_row("factual", k),
                    from_free_trade: panel_row("free_trade", k),
                })
                .collect(),
        };
        let panel_average = |b: &str| panel(b).map(|p| average_output(&p.rows));
        Ossa2014Output {
            header: Header::of::<Ossa2014Output>(),
            table: self.table.number().into(),
            version: self.version.as_str().into(),
            welfare_measure: WelfareMeasure::GovernmentObjective,
            published: OssaPublished {
                optimal_median_tariff_pct: pubd.optimal_median_tariff_pct,
                optimal_own_welfare_pct: pubd.optimal_own_welfare_pct,
                optimal_others_welfare_pct: pubd.optimal_others_welfare_pct,
                nash_median_tariff_pct: pubd.nash_median_tariff_pct,
                nash_welfare_pct: pubd.nash_welfare_pct,
                cooperative_from_nash_pct: pubd.cooperative_from_nash_pct,
                cooperative_from_factual_pct: pubd.cooperative_from_factual_pct,
                cooperative_from_free_trade_pct: pubd.cooperative_from_free_trade_pct,
            },
            noncooperative_targets: NoncooperativeTargets {
                what: "partner-mean tariff by industry (Table 3: optimal; Tables 4–5: Nash) against Ossa's noncooperative tariff measures, tariff_noncoop.csv, industries with a target in (0, 225 %]".into(),
                regions: self
                    .against_targets
                    .iter()
                    .map(|(code, diff, corr, k)| NoncooperativeTarget {
                        code: code.clone(),
                        mean_difference_pp: *diff,
                        correlation: corr.is_finite().then_some(*corr),
                        industries: *k,
                    })
                    .collect(),
            },
            countries,
            average: average_output(self.rows()),
            average_from_nash: panel_average("nash"),
            average_from_factual: panel_average("factual"),
            average_from_free_trade: panel_average("free_trade"),
            solver: self.solver_output(),
        }
    }

    /// The result as a report: per-region rows, the average row beside the paper's, and the JSON
    /// `{countries: [...], average, published, solver}`.
    pub fn report(&self) -> Report {
        let pubd = published(self.version);
        let version = match self.version {
            Version::Bas => "basic (λ ≡ 1)",
            Version::Pol => "political economy (calibrated λ)",
        };
        let output = self.output();
        let mut report;
        match self.table {
            Table::Optimal | Table::Nash => {
                let rows = self.rows();
                let (title, pw, pt) = if self.table == Table::Optimal {
                    (
                        format!("Ossa (2014), Table 3: optimal tariffs, {version} (%)"),
                        pubd.optimal_own_welfare_pct,
                        pubd.optimal_median_tariff_pct,
                    )
                } else {
                    (
                        format!("Ossa (2014), Table 4: Nash tariffs (trade war), {version} (%)"),
                        pubd.nash_welfare_pct,
                        pubd.nash_median_tariff_pct,
                    )
                };
                let optimal = self.table == Table::Optimal;
                let mut headers = vec!["country", "welfare (G)", "real income", "median tariff"];
                if optimal {
                    headers.push("others' welfare");
                } else {
                    headers.extend(["relative wage", "profits"]);
                }
                let mut t = TextTable::new(title, &headers);
                for r in rows {
                    let mut cells = vec![
                        Cell::text(&r.code),
                        Cell::num(r.welfare_pct, 2),
                        Cell::num(r.real_income_pct, 2),
                        Cell::num(r.median_tariff_pct, 1),
                    ];
                    if optimal {
                        cells.push(Cell::opt(r.others_welfare_pct, 2));
                    } else {
                        cells.push(Cell::num(r.relative_wage_pct, 2));
                        cells.push(Cell::num(r.profits_pct, 2));
                    }
                    t.push(cells);
                }
                let avg = |f: &dyn Fn(&Row) -> f64| mean(rows.iter().map(f));
                let mut cells = vec![
                    Cell::text("Average"),
                    Cell::num(avg(&|r| r.welfare_pct), 2),
                    Cell::num(avg(&|r| r.real_income_pct), 2),
                    Cell::num(avg(&|r| r.median_tariff_pct), 1),
                ];
                let mut published_cells = vec![
                    Cell::text("Ossa (2014) average"),
                    Cell::num(pw, 1),
                    Cell::opt(None, 1),
                    Cell::num(pt, 1),
                ];
                if optimal {
                    cells.push(Cell::num(
                        avg(&|r| r.others_welfare_pct.unwrap_or(f64::NAN)),
                        2,
                    ));
                    published_cells.push(Cell::num(pubd.optimal_others_welfare_pct, 1));
                } else {
                    cells.push(Cell::num(avg(&|r| r.relative_wage_pct), 2));
                    cells.push(Cell::num(avg(&|r| r.profits_pct), 2));
                    published_cells.push(Cell::opt(None, 1));
                    published_cells.push(Cell::opt(None, 1));
                }
                t.push(cells);
                t.push(published_cells);
                report = Report::of(&output).with_table(t);
            }
            Table::Cooperative => {
                let panel = |b: &str| self.panels.iter().find(|p| p.base == b);
                let keys = [
                    ("nash", "from_nash", pubd.cooperative_from_nash_pct),
                    ("factual", "from_factual", pubd.cooperative_from_factual_pct),
                    (
                        "free_trade",
                        "from_free_trade",
                        pubd.cooperative_from_free_trade_pct,
                    ),
                ];
                let mut t = TextTable::new(
                    format!(
                        "Ossa (2014), Table 5: cooperative tariffs (trade talks), {version} (%)"
                    ),
                    &[
                        "country",
                        "gain from Nash",
                        "median tariff",
                        "gain from factual",
                        "median tariff",
                        "gain from free trade",
                        "median tariff",
                    ],
                );
                let mut push = |label: &str, f: &dyn Fn(&Panel) -> (f64, f64)| {
                    let mut cells = vec![Cell::text(label)];
                    for (b, _, _) in keys {
                        let (w, m) = f(panel(b).expect("computed"));
                        cells.push(Cell::num(w, 2));
                        cells.push(Cell::num(m, 1));
                    }
                    t.push(cells);
                };
                for k in 0..self.regions.len() {
                    push(&self.regions[k], &|p| {
                        (p.rows[k].welfare_pct, p.rows[k].median_tariff_pct)
                    });
                }
                push("Average", &|p| {
                    (
                        mean(p.rows.iter().map(|r| r.welfare_pct)),
                        mean(p.rows.iter().map(|r| r.median_tariff_pct)),
                    )
                });
                let mut cells = vec![Cell::text("Ossa (2014) average")];
                for (_, _, v) in keys {
                    cells.push(Cell::num(v, 2));
                    cells.push(Cell::opt(None, 1));
                }
                t.push(cells);
                report = Report::of(&output).with_table(t);
            }
        }
        report = report.with_note(
            "welfare is the government objective G (spec §5), equal to real income in the basic \
             version; averages are unweighted means over the 7 regions; the median tariff is the \
             median of the 198 bilateral industry tariffs a region sets.",
        );
        report = report.with_note(
            "welfare is flat near an optimum: tariffs that differ by several points (most of all \
             on tiny flows) give welfare equal to many decimals, so compare welfare tightly and \
             tariffs loosely (docs/model-ossa2014.md).",
        );
        if let Some(ne) = &self.nash {
            let worst = ne.kkt_residuals.iter().fold(0.0f64, |m, r| m.max(*r));
            report = report.with_note(format!(
                "Nash search {} after {} rounds (last max |Δt| = {:.1e}); largest first-order \
                 residual of a government {:.1e}.",
                ne.info.termination.as_str().replace('_', " "),
                ne.rounds(),
                ne.last_change(),
                worst
            ));
        }
        for p in &self.panels {
            report = report.with_note(format!(
                "cooperation from {}: {} (equal-gain violation {:.1e}, KKT residual {:.1e}).",
                p.base.replace('_', " "),
                p.search.termination,
                p.search.constraint_violation,
                p.search.kkt_residual
            ));
        }
        report.with_note(format!("solved in {:.1} s.", self.seconds))
    }
}
