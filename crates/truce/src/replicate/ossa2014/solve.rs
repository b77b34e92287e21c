//! The searches of Tables 3–5: optimal tariffs, the Nash war, cooperation from three starts,
//! each equilibrium solved by Newton, and the comparison with Ossa's calibration targets.

use super::{Options, Panel, Replication, Row, Table};
use crate::games::Progress;
use crate::Error;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use truce_game::{
    best_response, cooperate, nash, BoxOptions, CoopOptions, Game, NashOptions, OssaGame,
    OssaPayoff,
};
use truce_ossa::data::OssaData;
use truce_ossa::{region_results, solve, Lambda, NewtonParams, RegionResult, State, Version};

/// Tariffs above this are prohibitive in Ossa's calibration targets (spec §9) and are left out
/// of the comparison with them.
const PROHIBITIVE: f64 = 2.25;

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
