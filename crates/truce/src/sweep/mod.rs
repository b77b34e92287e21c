//! `truce sweep`: a scenario solved once per draw of the trade elasticities, summarised per
//! step, region and outcome by the median and the 5–95 % band (docs/bands.md).
//!
//! Brief overview:
//!
//! * [`draws`]: the distribution of every θʲ and the seeded, counter-based draws (draw `d`
//!   depends on the seed and `d` only).
//! * [`sweep`]: compile the scenario once, solve its point estimate (the dataset's own θ, what
//!   `truce run` prints), then every draw in parallel (rayon, `jobs` threads). With an output
//!   folder every finished draw is written at once, atomically, as `draws/draw-NNNNNNN.json`:
//!   a killed sweep restarts from them, and since a draw file only ever appears whole (written
//!   to a temporary name, then renamed) and carries the sweep's fingerprint, no partial or
//!   foreign result is ever read as complete.
//! * Shards (`--shard K/M`) solve a contiguous block of the draws into their own folder;
//!   [`merge`] combines the folders into the same result as one unsharded sweep, byte for byte.
//!
//! A draw that does not converge at some step is kept out of the bands and listed in
//! `failed` (draw, step, the solver's message); it is never dropped silently.

pub mod draws;
pub mod plot;
mod tables;

use crate::dataset::{self, Dataset};
use crate::run::{policy_on, prepare, RunOptions, RunResult};
use crate::Error;
use draws::DrawSpec;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use truce_model::cp2015::{Engine, EngineParams};
use truce_model::{Baseline, Outcome, Policy};
use truce_output::{Band, FailedDraw, Header, SweepOutput, WelfareMeasure};
use truce_scenario::{CompiledStep, ErrorKind, Scenario, StepPolicies};
use truce_solve::NoObserver;

/// The most draws one sweep takes: a million world2024 draws cost about a CPU-day (docs/scaling.md).
pub const MAX_DRAWS: usize = 1_000_000;

/// The outcomes summarised, percent changes against the reference, in this order.
pub const OUTCOMES: [&str; 6] = [
    "welfare_pct",
    "real_wage_pct",
    "price_index_pct",
    "terms_of_trade_pct",
    "exports_pct",
    "imports_pct",
];

/// One shard of a sweep: the `index`-th (1-based) of `count` contiguous blocks of draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based shard number.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// Parse `K/M` (1 ≤ K ≤ M).
    ///
    /// # Errors
    /// [`Error::Usage`] naming the value and the form.
    pub fn parse(s: &str) -> Result<Self, Error> {
        let bad = |why: &str| {
            Error::Usage(format!(
                "--shard {s}: {why}; write K/M with 1 ≤ K ≤ M, e.g. --shard 1/4 … --shard 4/4"
            ))
        };
        let (k, m) = s
            .split_once('/')
            .ok_or_else(|| bad("not of the form K/M"))?;
        let k: usize = k
            .trim()
            .parse()
            .map_err(|_| bad("K is not a whole number"))?;
        let m: usize = m
            .trim()
            .parse()
            .map_err(|_| bad("M is not a whole number"))?;
        if m == 0 || k == 0 || k > m {
            return Err(bad(&format!("shard {k} of {m} does not exist")));
        }
        Ok(Self { index: k, count: m })
    }

    /// The draws of this shard among `draws`: `[lo, hi)`.
    pub fn range(&self, draws: usize) -> (usize, usize) {
        let at = |k: usize| (draws as u128 * k as u128 / self.count as u128) as usize;
        (at(self.index - 1), at(self.index))
    }
}

/// Options of a sweep.
#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    /// Number of draws (1 … [`MAX_DRAWS`]).
    pub draws: usize,
    /// Seed of the draws.
    pub seed: u64,
    /// Worker threads (default: rayon's, one per core).
    pub jobs: Option<usize>,
    /// Folder for the draw files (resumable) and the results.
    pub out: Option<PathBuf>,
    /// Solve only this shard of the draws.
    pub shard: Option<Shard>,
    /// A distribution file (docs/bands.md) instead of the default distributions.
    pub elasticities: Option<PathBuf>,
    /// The run options (`relative_to`, `dataset`).
    pub run: RunOptions,
}

/// One draw: its θ and what it gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawRecord {
    /// The sweep's fingerprint (scenario, dataset, reference, distributions, seed, version).
    pub fingerprint: String,
    /// Draw index.
    pub draw: usize,
    /// θ per sector.
    pub theta: Vec<f64>,
    /// The outcomes, or how the draw failed.
    pub result: DrawResult,
}

/// What one draw gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawResult {
    /// Every step converged: values step × region × outcome ([`OUTCOMES`] order), flat.
    Converged(Vec<Option<f64>>),
    /// A step (or the reference state) did not converge.
    Failed {
        /// The step.
        step: String,
        /// The solver's message.
        message: String,
    },
}

/// What a sweep folder holds besides its draws: enough to merge shards without the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Manifest {
    fingerprint: String,
    shard: Option<Shard>,
    /// The sweep's output over the draws of this folder, and its notes without the shard's.
    output: SweepOutput,
    base_notes: Vec<String>,
    steps: Vec<String>,
    regions: Vec<String>,
}

/// A finished sweep (or shard).
#[derive(Debug, Clone)]
pub struct SweepResult {
    /// The typed output.
    pub output: SweepOutput,
    /// Every draw of this sweep or shard, in draw order.
    pub records: Vec<DrawRecord>,
    /// The shard, if one.
    pub shard: Option<Shard>,
    /// Draws read back from the output folder instead of solved.
    pub resumed: usize,
    /// Step names, in order.
    pub steps: Vec<String>,
    /// Region codes, in order.
    pub regions: Vec<String>,
    /// Parameter names, in order.
    pub parameters: Vec<String>,
    fingerprint: String,
    base_notes: Vec<String>,
}

/// FNV-1a, 64 bits: a stable fingerprint (std's hasher is not stable across releases).
fn fnv1a(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn draw_file(dir: &Path, d: usize) -> PathBuf {
    dir.join("draws").join(format!("draw-{d:07}.json"))
}

/// Read the finished draws of `[lo, hi)` in `dir`: only whole files of this sweep count.
fn read_finished(dir: &Path, fingerprint: &str, lo: usize, hi: usize) -> Vec<Option<DrawRecord>> {
    (lo..hi)
        .map(|d| {
            let text = std::fs::read_to_string(draw_file(dir, d)).ok()?;
            let r: DrawRecord = serde_json::from_str(&text).ok()?;
            (r.fingerprint == fingerprint && r.draw == d).then_some(r)
        })
        .collect()
}

/// Solve every step of one draw, serially (the parallelism is across draws).
fn solve_draw(
    baseline: &Baseline,
    theta: &[f64],
    compiled: &StepPolicies,
    reference: Option<&CompiledStep>,
    params: &EngineParams,
) -> Result<DrawResult, Error> {
    let mut inputs = baseline.inputs().clone();
    inputs.theta = theta.to_vec();
    let b = Arc::new(Baseline::new(inputs)?);
    let failed = |step: &str, e: &dyn std::error::Error| DrawResult::Failed {
        step: step.to_string(),
        message: e.to_string(),
    };
    let (base, ref_eq) = match reference {
        None => (b.clone(), None),
        Some(r) => match Engine::with_params(b.clone(), params.clone()).solve(
            &r.policy,
            None,
            &mut NoObserver,
        ) {
            Ok(eq) => (Arc::new(eq.rebase(&b, &r.policy)?), Some(eq)),
            Err(e) if truce_solve::NotConverged::in_chain(&e).is_some() => {
                return Ok(failed(&r.name, &e))
            }
            Err(e) => return Err(e.into()),
        },
    };
    let engine = Engine::with_params(base.clone(), params.clone());
    let mut values = Vec::new();
    for step in &compiled.steps {
        let p: Policy = match (reference, &ref_eq) {
            (Some(r), Some(eq)) => policy_on(&base, &step.policy, &r.policy, &b, eq)?,
            _ => step.policy.clone(),
        };
        let eq = match engine.clone().solve(&p, None, &mut NoObserver) {
            Ok(eq) => eq,
            Err(e) if truce_solve::NotConverged::in_chain(&e).is_some() => {
                return Ok(failed(&step.name, &e))
            }
            Err(e) => return Err(e.into()),
        };
        push_values(&mut values, &Outcome::new(&base, &p, &eq));
    }
    Ok(DrawResult::Converged(values))
}

/// Append one step's values: region × outcome, [`OUTCOMES`] order.
fn push_values(values: &mut Vec<Option<f64>>, o: &Outcome) {
    for c in &o.countries {
        values.extend([
            c.real_income_pct,
            Some(c.real_wage_pct),
            Some(c.price_index_pct),
            Some(c.terms_of_trade_pct),
            c.exports_pct,
            c.imports_pct,
        ]);
    }
}

/// The `p`-quantile of sorted values: linear interpolation between order statistics (numpy's
/// default, Hyndman & Fan type 7).
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// The bands over `records` (converged ones), with the point values of `points`.
fn bands(
    steps: &[String],
    regions: &[String],
    points: &[Option<f64>],
    records: &[DrawRecord],
) -> Vec<Band> {
    let converged: Vec<&Vec<Option<f64>>> = records
        .iter()
        .filter_map(|r| match &r.result {
            DrawResult::Converged(v) => Some(v),
            DrawResult::Failed { .. } => None,
        })
        .collect();
    let mut out = Vec::with_capacity(points.len());
    let mut k = 0;
    for s in steps {
        for r in regions {
            for o in OUTCOMES {
                let mut xs: Vec<f64> = converged.iter().filter_map(|v| v[k]).collect();
                xs.sort_by(f64::total_cmp);
                out.push(Band {
                    step: s.clone(),
                    region: r.clone(),
                    outcome: o.to_string(),
                    point: points[k],
                    median: quantile(&xs, 0.5),
                    p5: quantile(&xs, 0.05),
                    p95: quantile(&xs, 0.95),
                    n: xs.len(),
                });
                k += 1;
            }
        }
    }
    out
}

fn failed_draws(records: &[DrawRecord]) -> Vec<FailedDraw> {
    records
        .iter()
        .filter_map(|r| match &r.result {
            DrawResult::Failed { step, message } => Some(FailedDraw {
                draw: r.draw,
                step: step.clone(),
                message: message.clone(),
            }),
            DrawResult::Converged(_) => None,
        })
        .collect()
}

fn notes(base: &[String], shard: Option<Shard>, draws: usize, failed: usize) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(s) = shard {
        let (lo, hi) = s.range(draws);
        v.push(format!(
            "Shard {}/{}: draws {lo}–{} of {draws} only; combine the shard folders with `truce sweep merge DIR… --out DIR`.",
            s.index,
            s.count,
            hi.saturating_sub(1)
        ));
    }
    if failed > 0 {
        v.push(format!(
            "{failed} draw(s) did not converge at some step and are left out of the bands (listed in `failed`)."
        ));
    }
    v.extend(base.iter().cloned());
    v
}

/// Check the draw count.
fn check_draws(n: usize) -> Result<(), Error> {
    if n == 0 {
        return Err(Error::Usage(
            "--draws 0: a sweep needs at least one draw; 200 gives stable 5–95 % bands".into(),
        ));
    }
    if n > MAX_DRAWS {
        return Err(Error::Usage(format!(
            "--draws {n}: more than {MAX_DRAWS} draws in one sweep; split the work with --shard K/M or use fewer draws (1 000 give bands stable to about 0.1 of their width)"
        )));
    }
    Ok(())
}

/// Run a sweep of the scenario file at `path`.
///
/// # Errors
/// [`Error::Usage`] for a bad draw count, shard or distribution file, or an output folder that
/// holds another sweep; the scenario's and dataset's errors as [`crate::run::run`]; the point
/// estimate's non-convergence (exit 3). Draws that do not converge are not errors: they are
/// listed in `failed`.
pub fn sweep(
    path: &Path,
    opts: &SweepOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<SweepResult, Error> {
    check_draws(opts.draws)?;
    let s = Scenario::load(path)?;
    let text = std::fs::read(path)
        .map_err(|e| Error::Usage(format!("cannot read the scenario {}: {e}", path.display())))?;
    let name = opts.run.dataset.as_deref().unwrap_or(&s.dataset.value);
    let ds = dataset::resolve(name).map_err(|e| match (&opts.run.dataset, e) {
        (None, Error::Usage(msg)) => {
            Error::Scenario(s.dataset.origin.error(ErrorKind::UnknownDataset, msg))
        }
        (_, e) => e,
    })?;
    sweep_on(&s, &text, ds, opts, progress)
}

/// Run a sweep of a parsed scenario on a resolved dataset; `scenario_text` (the file's bytes)
/// enters the fingerprint.
///
/// # Errors
/// As [`sweep`].
pub fn sweep_on(
    s: &Scenario,
    scenario_text: &[u8],
    mut ds: Dataset,
    opts: &SweepOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<SweepResult, Error> {
    check_draws(opts.draws)?;
    if opts.jobs == Some(0) {
        return Err(Error::Usage(
            "--jobs 0: use at least one thread (default: one per core)".into(),
        ));
    }
    // The scenario's [elasticities] first (production nests), then the draws of θ around it.
    let (compiled, params, _, _) = prepare(s, &mut ds, &opts.run)?;
    let spec = match &opts.elasticities {
        None => DrawSpec::default_for(&ds.baseline),
        Some(p) => DrawSpec::load(p, &ds.baseline)?,
    };
    let reference = opts
        .run
        .relative_to
        .as_deref()
        .and_then(|r| compiled.get(r));

    // The point estimate: exactly `truce run`'s numbers.
    let point: RunResult = crate::run::run_on(s, ds.clone(), &opts.run, &|_, _| {})?;
    let steps: Vec<String> = point.steps.iter().map(|x| x.name.clone()).collect();
    let regions: Vec<String> = ds
        .baseline
        .regions()
        .iter()
        .map(|r| r.code.clone())
        .collect();
    let mut points = Vec::new();
    for st in &point.steps {
        push_values(&mut points, &st.outcome);
    }

    let parameters = spec.output();
    let fingerprint = fnv1a(
        serde_json::to_string(&serde_json::json!({
            "scenario": String::from_utf8_lossy(scenario_text),
            "dataset": ds.name,
            "reference": point.reference,
            "parameters": parameters,
            "seed": opts.seed,
            "truce_version": truce_output::TRUCE_VERSION,
        }))
        .expect("JSON of plain values")
        .as_bytes(),
    );

    let (lo, hi) = opts
        .shard
        .map(|sh| sh.range(opts.draws))
        .unwrap_or((0, opts.draws));
    let mut found: Vec<Option<DrawRecord>> = match &opts.out {
        Some(dir) => {
            check_folder(dir, &fingerprint)?;
            read_finished(dir, &fingerprint, lo, hi)
        }
        None => vec![None; hi - lo],
    };
    let resumed = found.iter().filter(|r| r.is_some()).count();
    let total = hi - lo;
    let done = AtomicUsize::new(resumed);
    progress(resumed, total);
    let todo: Vec<usize> = (lo..hi).filter(|d| found[d - lo].is_none()).collect();
    let solve_one = |d: usize| -> Result<DrawRecord, Error> {
        let theta = spec.theta(opts.seed, d as u64);
        let result = solve_draw(&ds.baseline, &theta, &compiled, reference, &params)?;
        let rec = DrawRecord {
            fingerprint: fingerprint.clone(),
            draw: d,
            theta,
            result,
        };
        if let Some(dir) = &opts.out {
            let json = serde_json::to_vec(&rec).expect("records serialise");
            truce_report::write_files_atomic(&[(draw_file(dir, d), json)])?;
        }
        progress(done.fetch_add(1, Ordering::SeqCst) + 1, total);
        Ok(rec)
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {:?} threads: {e}", opts.jobs)))?;
    let solved: Result<Vec<DrawRecord>, Error> =
        pool.install(|| todo.par_iter().map(|&d| solve_one(d)).collect());
    for r in solved? {
        let i = r.draw - lo;
        found[i] = Some(r);
    }
    let records: Vec<DrawRecord> = found.into_iter().map(|r| r.expect("every draw")).collect();

    let base_notes = base_notes(&point);
    let output = build_output(
        &point,
        opts.seed,
        opts.draws,
        opts.shard,
        parameters,
        &steps,
        &regions,
        &points,
        &records,
        &base_notes,
    );
    Ok(SweepResult {
        output,
        records,
        shard: opts.shard,
        resumed,
        steps,
        regions,
        parameters: spec.parameters.iter().map(|p| p.name.clone()).collect(),
        fingerprint,
        base_notes,
    })
}

fn base_notes(point: &RunResult) -> Vec<String> {
    let mut v = vec![
        "Bands: the scenario solved once per draw of the trade elasticities θ (distributions and sources in `parameters`); median and 5–95 % band over the converged draws (linear interpolation between order statistics); `point` is the solve at the dataset's own θ, `truce run`'s number.".to_string(),
    ];
    v.extend(point.notes.iter().cloned());
    v
}

#[allow(clippy::too_many_arguments)]
fn build_output(
    point: &RunResult,
    seed: u64,
    draws: usize,
    shard: Option<Shard>,
    parameters: Vec<truce_output::ParameterDistribution>,
    steps: &[String],
    regions: &[String],
    points: &[Option<f64>],
    records: &[DrawRecord],
    base_notes: &[String],
) -> SweepOutput {
    let failed = failed_draws(records);
    SweepOutput {
        header: Header::of::<SweepOutput>(),
        scenario: point.scenario.clone(),
        description: point.description.clone(),
        dataset: point.dataset.output(),
        reference: point.reference.clone(),
        welfare_measure: WelfareMeasure::RealIncome,
        seed,
        draws,
        converged: records.len() - failed.len(),
        notes: notes(base_notes, shard, draws, failed.len()),
        failed,
        parameters,
        outcomes: OUTCOMES.iter().map(|s| s.to_string()).collect(),
        bands: bands(steps, regions, points, records),
    }
}

/// Refuse an output folder that holds another sweep's results.
fn check_folder(dir: &Path, fingerprint: &str) -> Result<(), Error> {
    let m = dir.join("sweep.json");
    let Ok(text) = std::fs::read_to_string(&m) else {
        return Ok(());
    };
    match serde_json::from_str::<Manifest>(&text) {
        Ok(man) if man.fingerprint == fingerprint => Ok(()),
        Ok(_) => Err(Error::Usage(format!(
            "{} holds the results of another sweep (another scenario, dataset, reference, distribution, seed or truce version); use a new --out folder",
            dir.display()
        ))),
        Err(e) => Err(Error::Usage(format!(
            "{}: not a truce sweep manifest ({e}); use a new --out folder",
            m.display()
        ))),
    }
}

/// Combine the folders of the shards of one sweep (each written by `truce sweep --shard K/M
/// --out DIR`) into the result of the whole sweep: the same, byte for byte, as one unsharded
/// run.
///
/// # Errors
/// [`Error::Usage`] when a folder has no manifest, the folders belong to different sweeps,
/// two hold the same draw differently, or a draw is missing (named, with the shard to re-run).
pub fn merge(dirs: &[PathBuf]) -> Result<SweepResult, Error> {
    if dirs.is_empty() {
        return Err(Error::Usage(
            "sweep merge: name the shard folders to combine".into(),
        ));
    }
    let mut manifests = Vec::new();
    for d in dirs {
        let m = d.join("sweep.json");
        let text = std::fs::read_to_string(&m).map_err(|e| {
            Error::Usage(format!(
                "{}: {e}: not a finished sweep folder (a shard writes it when all its draws are done; re-run that shard with the same --out to finish it)",
                m.display()
            ))
        })?;
        let man: Manifest = serde_json::from_str(&text).map_err(|e| {
            Error::Usage(format!("{}: not a truce sweep manifest ({e})", m.display()))
        })?;
        manifests.push((d, man));
    }
    let first = &manifests[0].1;
    let draws = first.output.draws;
    for (d, m) in &manifests[1..] {
        if m.fingerprint != first.fingerprint || m.output.draws != draws {
            return Err(Error::Usage(format!(
                "{} is a shard of another sweep than {} (scenario, dataset, reference, distributions, seed, draw count or truce version differ)",
                d.display(),
                manifests[0].0.display()
            )));
        }
    }
    let mut records: Vec<Option<DrawRecord>> = vec![None; draws];
    for (d, m) in &manifests {
        let (lo, hi) = m.shard.map(|s| s.range(draws)).unwrap_or((0, draws));
        for (k, r) in read_finished(d, &first.fingerprint, lo, hi)
            .into_iter()
            .enumerate()
        {
            let draw = lo + k;
            let Some(r) = r else {
                return Err(Error::Usage(format!(
                    "{}: draw {draw} is missing; re-run its shard with the same --out to finish it",
                    d.display()
                )));
            };
            match &records[draw] {
                Some(prev) if prev != &r => {
                    return Err(Error::Usage(format!(
                    "draw {draw} differs between two folders ({}); they cannot come from one sweep",
                    d.display()
                )))
                }
                _ => records[draw] = Some(r),
            }
        }
    }
    if let Some(missing) = records.iter().position(Option::is_none) {
        let n = manifests[0].1.shard.map(|s| s.count).unwrap_or(1);
        let k = (1..=n)
            .find(|&k| {
                let (lo, hi) = Shard { index: k, count: n }.range(draws);
                (lo..hi).contains(&missing)
            })
            .unwrap_or(1);
        return Err(Error::Usage(format!(
            "draw {missing} of {draws} is in none of the folders: shard {k}/{n} is missing; run it and merge again"
        )));
    }
    let records: Vec<DrawRecord> = records.into_iter().map(|r| r.expect("checked")).collect();
    let mut output = first.output.clone();
    let points: Vec<Option<f64>> = output.bands.iter().map(|b| b.point).collect();
    let failed = failed_draws(&records);
    output.converged = records.len() - failed.len();
    output.notes = notes(&first.base_notes, None, draws, failed.len());
    output.failed = failed;
    output.bands = bands(&first.steps, &first.regions, &points, &records);
    let parameters = output
        .parameters
        .iter()
        .map(|p| p.parameter.clone())
        .collect();
    Ok(SweepResult {
        output,
        records,
        shard: None,
        resumed: 0,
        steps: first.steps.clone(),
        regions: first.regions.clone(),
        parameters,
        fingerprint: first.fingerprint.clone(),
        base_notes: first.base_notes.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_tile_the_draws() {
        assert!(Shard::parse("3/2")
            .unwrap_err()
            .to_string()
            .contains("shard 3 of 2 does not exist"));
        assert!(Shard::parse("0/2").is_err());
        assert!(Shard::parse("1/0").is_err());
        assert!(Shard::parse("a/2")
            .unwrap_err()
            .to_string()
            .contains("K is not a whole number"));
        assert!(Shard::parse("2").unwrap_err().to_string().contains("K/M"));
        for (n, m) in [(200, 3), (7, 7), (5, 8), (1000, 4)] {
            let mut next = 0;
            for k in 1..=m {
                let (lo, hi) = Shard::parse(&format!("{k}/{m}")).unwrap().range(n);
                assert_eq!(lo, next);
                next = hi;
            }
            assert_eq!(next, n);
        }
    }

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(quantile(&x, 0.5), Some(3.0));
        assert_eq!(quantile(&x, 0.05), Some(1.2));
        assert!((quantile(&x, 0.95).unwrap() - 8.8).abs() < 1e-12);
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[2.5], 0.95), Some(2.5));
    }

    #[test]
    fn failed_draws_are_listed_and_kept_out_of_the_bands_never_dropped_silently() {
        let rec = |draw: usize, v: Option<f64>| DrawRecord {
            fingerprint: "f".into(),
            draw,
            theta: vec![1.0],
            result: match v {
                Some(x) => DrawResult::Converged(vec![Some(x); OUTCOMES.len()]),
                None => DrawResult::Failed {
                    step: "peak".into(),
                    message: "max_iters after 5 iterations".into(),
                },
            },
        };
        let records = vec![rec(0, Some(1.0)), rec(1, None), rec(2, Some(3.0))];
        let b = bands(
            &["peak".into()],
            &["USA".into()],
            &[Some(2.0); OUTCOMES.len()],
            &records,
        );
        assert_eq!(b.len(), OUTCOMES.len());
        assert_eq!((b[0].n, b[0].median), (2, Some(2.0)));
        let f = failed_draws(&records);
        assert_eq!((f.len(), f[0].draw, f[0].step.as_str()), (1, 1, "peak"));
        let n = notes(&[], None, 3, f.len());
        assert!(n[0].starts_with("1 draw(s) did not converge"), "{n:?}");
    }

    #[test]
    fn fingerprints_are_stable() {
        // FNV-1a 64 of "a" (published test vector).
        assert_eq!(fnv1a(b"a"), "af63dc4c8601ec8c");
    }
}
