//! `truce run`: a scenario file → one solved outcome per step → report and tidy tables.
//!
//! Every step is an absolute policy state. Outcomes are measured against the dataset's
//! baseline, or against another step (`relative_to`, or `pre-war` for scenarios that include
//! the record): that reference state is solved, the solution becomes a new baseline
//! ([`truce_model::cp2015::Equilibrium::rebase`]), and each step is solved from there. Steps
//! are solved in parallel.

// The facade's `Error` is shared by every pipeline (its largest variant is the data layer's);
// boxing it is a crate-wide decision, so the size lint is allowed here.
#![allow(clippy::result_large_err)]

mod output;
pub(crate) use output::quota_result;

use crate::dataset::{self, Dataset};
use crate::Error;
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use truce_model::cp2015::{Engine, EngineParams, Equilibrium, SolveInfo};
use truce_model::{Baseline, Outcome, Policy};
use truce_scenario::compile::average_tariff_pct;
use truce_scenario::{apply_elasticities, compile, ErrorKind, ModelOptions, Scenario};
use truce_solve::NoObserver;

/// Options of a run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Measure outcomes against this step (or `pre-war`) instead of the dataset's baseline.
    pub relative_to: Option<String>,
    /// Use this dataset instead of the one the scenario names.
    pub dataset: Option<String>,
    /// Override ε_c, the elasticity of the critical-input nest (after the scenario's own
    /// `[elasticities]`): the sensitivity docs/critical-inputs.md tabulates.
    pub epsilon_c: Option<f64>,
    /// Stop each equilibrium solve after this long ([`truce_solve::Termination::Timeout`]):
    /// a server's bound on the work one request can cost (`truce serve --solve-timeout`).
    pub time_limit: Option<std::time::Duration>,
}

/// One solved step.
#[derive(Debug, Clone)]
pub struct StepResult {
    /// Step name.
    pub name: String,
    /// Label.
    pub label: String,
    /// Date, if dated.
    pub date: Option<truce_scenario::Date>,
    /// Ids of the measures in force.
    pub measures: Vec<String>,
    /// Everything measured, relative to the reference.
    pub outcome: Outcome,
    /// Solver diagnostics.
    pub solver: SolveInfo,
    /// Every export quota and supply cap in force, solved (tax equivalent, quantity, rent).
    pub quotas: Vec<truce_model::QuotaOutcome>,
    /// Trade-weighted average US tariff on China (statutory, PIIE's definition), percent.
    pub us_tariff_on_chn_pct: Option<f64>,
    /// Same, China on the US.
    pub chn_tariff_on_us_pct: Option<f64>,
    /// The economy-wide average tariff of the scenario's `effective_tariff` region (the US by
    /// default), before and after substitution, and by partner.
    pub effective_tariff: Option<truce_scenario::rates::EffectiveTariff>,
}

/// A solved scenario.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// Scenario name.
    pub scenario: String,
    /// Description.
    pub description: Option<String>,
    /// The dataset.
    pub dataset: Dataset,
    /// `baseline`, a step name, or `pre-war`.
    pub reference: String,
    /// Steps in file order.
    pub steps: Vec<StepResult>,
    /// Notes for readers (scope caveats, capped shares, the scenario's own notes).
    pub notes: Vec<String>,
    /// Whether the scenario had explicit steps.
    pub explicit_steps: bool,
    /// The elasticities the run used (the dataset's, with the scenario's overrides).
    pub elasticities: ElasticitiesUsed,
}

/// The elasticities a run used: the production structure and the critical sectors' θ.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ElasticitiesUsed {
    /// σ_VA: labour against the intermediate bundle (1 = Cobb–Douglas).
    pub sigma_va: f64,
    /// ε: among intermediate sectors.
    pub epsilon: f64,
    /// ε_c, when there is a critical-input nest.
    pub epsilon_c: Option<f64>,
    /// The sectors of the critical nest, with their trade elasticity θ.
    pub critical_sectors: Vec<(String, f64)>,
    /// `cobb-douglas` (the CP2015 technology) or `nested-ces`.
    pub production: String,
    /// Where they come from: `dataset`, or `scenario` when the file (or `--epsilon-c`) set any.
    pub source: String,
}

impl ElasticitiesUsed {
    /// What `b` uses; `overridden` when the scenario set any.
    pub fn of(b: &Baseline, overridden: bool) -> Self {
        let p = b.production();
        Self {
            sigma_va: p.sigma_va,
            epsilon: p.epsilon,
            epsilon_c: p.epsilon_c(),
            critical_sectors: p
                .critical
                .as_ref()
                .map(|c| {
                    c.sectors
                        .iter()
                        .map(|&j| (b.sectors()[j].code.clone(), b.theta()[j]))
                        .collect()
                })
                .unwrap_or_default(),
            production: if p.is_cobb_douglas() {
                "cobb-douglas".into()
            } else {
                "nested-ces".into()
            },
            source: if overridden { "scenario" } else { "dataset" }.into(),
        }
    }

    /// As the output type.
    pub fn output(&self) -> truce_output::Elasticities {
        truce_output::Elasticities {
            sigma_va: self.sigma_va,
            epsilon: self.epsilon,
            epsilon_c: self.epsilon_c,
            critical_sectors: self
                .critical_sectors
                .iter()
                .map(|(sector, theta)| truce_output::CriticalSector {
                    sector: sector.clone(),
                    theta: *theta,
                })
                .collect(),
            production: self.production.clone(),
            source: self.source.clone(),
        }
    }

    /// One line for notes and tables.
    pub fn describe(&self) -> String {
        if self.production == "cobb-douglas" && self.epsilon_c.is_none() {
            return "production is Cobb–Douglas (every elasticity of substitution 1, as CP2015)"
                .into();
        }
        let crit = if self.critical_sectors.is_empty() {
            String::new()
        } else {
            format!(
                "; critical nest {} at ε_c = {} (θ {})",
                self.critical_sectors
                    .iter()
                    .map(|(c, _)| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                self.epsilon_c.unwrap_or(1.0),
                self.critical_sectors
                    .iter()
                    .map(|(c, t)| format!("{c} {t}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        format!(
            "elasticities ({}): σ_VA = {}, ε = {}{crit}",
            self.source, self.sigma_va, self.epsilon
        )
    }
}

/// A caveat when the first-order decomposition (CP2015 eq. (16): the ToT and VoT columns) is
/// far from the exact real-income change somewhere: it is a linearisation around the baseline,
/// and large shocks (prohibitive tariffs, iceberg costs ×10) take it far out of its range.
fn first_order_caveat(steps: &[StepResult]) -> Option<String> {
    let worst = steps
        .iter()
        .flat_map(|st| st.outcome.countries.iter().map(move |c| (st, c)))
        .filter_map(|(st, c)| {
            let exact = c.real_income_pct?;
            let gap = (c.first_order_welfare_pct - exact).abs();
            (gap > 0.5_f64.max(0.5 * exact.abs())).then_some((gap, st, c))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    let (_, st, c) = worst;
    Some(format!(
        "The ToT column is the first-order decomposition of CP2015 eq. (16), a linearisation \
         around the baseline; this scenario's shocks are large enough to take it out of range \
         (e.g. {} at step `{}`: first-order ToT + VoT = {:.2} % against an exact real-income \
         change of {:.2} %). Read welfare %, the exact change, not the decomposition.",
        c.code,
        st.name,
        c.first_order_welfare_pct,
        c.real_income_pct.unwrap_or(f64::NAN)
    ))
}

/// The notes every result built on a record carries: [`record_notes`] for `us-china`; for
/// `tariff-wall` the same without the third-country warning (their measures are in), plus
/// what the wall leaves out.
pub fn record_notes_for(record: &str) -> Vec<String> {
    if record == "us-china" {
        return record_notes();
    }
    let mut v = record_notes();
    v.remove(0);
    v.insert(
        0,
        "Record tariff-wall: US–China measures plus every other US partner's 2025–26 measures (fentanyl tariffs on Canada and Mexico with the USMCA exemption, reciprocal rates and deals, Section 232 lists, the India and Brazil surcharges, Section 122) and Canada's counter-tariffs; coverage by 2024 trade value. Left out: Vietnam's 40 % on transshipment, quotas within deals (UK autos, steel), the US-content rule of USMCA vehicles, and measures never in force (docs/record-2025.md).".into(),
    );
    v
}

/// The notes every result built on the US–China record carries.
pub fn record_notes() -> Vec<String> {
    vec![
        "Third countries: the 2025 US \"reciprocal\" tariffs on countries other than China are not in the record, so the gains of third countries (EU27, JPN, KOR, TWN, VNM, MEX, CAN, IND, ROW) from trade diverted away from US–China trade are overstated from April 2025 on.".into(),
        "Assumption: after the February 2026 IEEPA ruling China keeps its 10 % counter-tariff and its February 2025 energy and machinery tariffs (no change was found in the sources, measures.csv M118).".into(),
        "China's rare-earth licensing (April 2025, eased after London, general licences from Busan) is in the record as export quotas on RARE_EARTHS, which apply only on datasets with that sector (world2024-ree; on world2024 they are left out); chip controls are not in the record (docs/critical-inputs.md).".into(),
    ]
}

pub(crate) fn engine_params(m: &ModelOptions) -> Result<EngineParams, Error> {
    let mut p = EngineParams::default();
    if let Some(t) = m.tolerance {
        p.outer = p
            .outer
            .with_tol(t)
            .map_err(|e| Error::Usage(format!("[model] tolerance: {e}")))?;
    }
    if let Some(k) = m.max_iterations {
        p.outer = p
            .outer
            .with_max_iter(k)
            .map_err(|e| Error::Usage(format!("[model] max_iterations: {e}")))?;
    }
    Ok(p)
}

/// Quantity of exporter `i`'s sector-`j` sales to `n` in `eq` relative to `b` ((V'/V)/ĉ).
fn flow_quantity(b: &Baseline, p: &Policy, eq: &Equilibrium, n: usize, i: usize, j: usize) -> f64 {
    let d = b.dims();
    let c = d.nij(n, i, j);
    let t = eq.export_tax_in_force(p)[c];
    let v1 = eq.trade_share[c] * eq.expenditure[d.nj(n, j)] / ((1.0 + p.tariff()[c]) * (1.0 + t));
    let v0 = b.flows()[c] / (1.0 + b.export_tax()[c]);
    v1 / v0 / eq.c_hat[d.nj(i, j)]
}

/// Re-express `step`'s policy on `b`, a baseline re-based at the solution `ref_eq` of
/// `reference` on `orig`: instruments keep their levels, iceberg changes are taken relative to
/// the reference, and quotas and caps (set against `orig`) are divided by the reference's
/// quantity of what they cap.
pub(crate) fn policy_on(
    b: &Baseline,
    step: &Policy,
    reference: &Policy,
    orig: &Baseline,
    ref_eq: &Equilibrium,
) -> Result<Policy, Error> {
    let d = b.dims();
    let mut p = Policy::baseline(b);
    p.set_deficit_rule(step.deficit_rule());
    for q in step.export_quotas() {
        let q_ref = flow_quantity(orig, reference, ref_eq, q.importer, q.exporter, q.sector);
        p.set_export_quota(b, q.importer, q.exporter, q.sector, q.level / q_ref)?;
    }
    for c in step.supply_caps() {
        let k = d.nj(c.producer, c.sector);
        let q_ref = ref_eq.gross_output[k] / orig.gross_output()[k] / ref_eq.c_hat[k];
        p.set_supply_cap(b, c.producer, c.sector, c.level / q_ref)?;
    }
    for j in 0..d.j {
        for n in 0..d.n {
            for i in 0..d.n {
                if n == i {
                    continue;
                }
                let c = d.nij(n, i, j);
                if step.tariff()[c] != b.tariff()[c] {
                    p.set_tariff(b, n, i, j, step.tariff()[c])?;
                }
                if step.export_tax()[c] != b.export_tax()[c] {
                    p.set_export_tax(b, n, i, j, step.export_tax()[c])?;
                }
                let dhat = step.trade_cost()[c] / reference.trade_cost()[c];
                if dhat != 1.0 {
                    p.set_trade_cost(b, n, i, j, dhat)?;
                }
            }
        }
    }
    Ok(p)
}

/// One solved policy: what it did, and how the solver ended.
pub(crate) type Solved = (Outcome, SolveInfo);

/// Solve `policies` on `baseline` (in parallel), relative to `reference` if given.
/// Returns the baseline outcomes are measured against and, per policy, (outcome, info).
pub(crate) fn solve_all(
    baseline: &Arc<Baseline>,
    params: &EngineParams,
    reference: Option<&Policy>,
    policies: &[&Policy],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Arc<Baseline>, Vec<Solved>), Error> {
    let total = policies.len() + usize::from(reference.is_some());
    let done = AtomicUsize::new(0);
    let tick = || {
        let k = done.fetch_add(1, Ordering::SeqCst) + 1;
        progress(k, total);
    };
    let (base, ref_eq) = match reference {
        None => (baseline.clone(), None),
        Some(r) => {
            let eq = Engine::with_params(baseline.clone(), params.clone()).solve(
                r,
                None,
                &mut NoObserver,
            )?;
            tick();
            (Arc::new(eq.rebase(baseline, r)?), Some(eq))
        }
    };
    let engine = Engine::with_params(base.clone(), params.clone());
    let results: Result<Vec<Solved>, Error> = policies
        .par_iter()
        .map(|p| {
            let p = match (reference, &ref_eq) {
                (Some(r), Some(eq)) => policy_on(&base, p, r, baseline, eq)?,
                _ => (*p).clone(),
            };
            let eq = engine.clone().solve(&p, None, &mut NoObserver)?;
            tick();
            Ok((Outcome::new(&base, &p, &eq), eq.info.clone()))
        })
        .collect();
    Ok((base, results?))
}

/// Load a scenario file and run it.
///
/// # Errors
/// [`Error::Scenario`] for a bad file (line and fix named), [`Error::Usage`] for an unknown
/// dataset or reference step, [`Error::Solve`] when a step does not converge.
pub fn run(
    path: &Path,
    opts: &RunOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<RunResult, Error> {
    let s = Scenario::load(path)?;
    run_scenario(&s, opts, progress)
}

/// Run a parsed scenario.
///
/// # Errors
/// As [`run`].
pub fn run_scenario(
    s: &Scenario,
    opts: &RunOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<RunResult, Error> {
    let name = opts.dataset.as_deref().unwrap_or(&s.dataset.value);
    let ds = dataset::resolve(name).map_err(|e| match (&opts.dataset, e) {
        (None, Error::Usage(msg)) => {
            Error::Scenario(s.dataset.origin.error(ErrorKind::UnknownDataset, msg))
        }
        (_, e) => e,
    })?;
    run_on(s, ds, opts, progress)
}

/// Compile a scenario on a dataset and check the reference step: the policies of every step
/// and the engine's parameters (shared by [`run_on`] and the sweeps, which solve the same
/// policies once per draw of the elasticities).
///
/// The scenario's `[elasticities]` (and `--epsilon-c`) replace the dataset's production
/// structure first; the elasticities in force are returned, with whether they were overridden.
pub(crate) fn prepare(
    s: &Scenario,
    ds: &mut Dataset,
    opts: &RunOptions,
) -> Result<
    (
        truce_scenario::StepPolicies,
        EngineParams,
        ElasticitiesUsed,
        bool,
    ),
    Error,
> {
    // The scenario's elasticities (and --epsilon-c) override the dataset's.
    let overridden = !s.elasticities.is_empty() || opts.epsilon_c.is_some();
    if overridden {
        let mut b = apply_elasticities(&s.elasticities, &ds.baseline)?;
        if let Some(e) = opts.epsilon_c {
            let p = b.production().with_epsilon_c(e).map_err(|err| {
                Error::Usage(format!(
                    "--epsilon-c {e}: {err}; the dataset {} has no critical-input nest (use \
                     world2024-ree, or name critical_sectors in the scenario's [elasticities])",
                    ds.name
                ))
            })?;
            b = b
                .with_production(p)
                .map_err(|err| Error::Usage(format!("--epsilon-c {e}: {err}")))?;
        }
        ds.baseline = Arc::new(b);
    }
    let elasticities = ElasticitiesUsed::of(&ds.baseline, overridden);
    let compiled = compile(s, &ds.info())?;
    if let Some(r) = &opts.relative_to {
        if compiled.get(r).is_none() {
            return Err({
                let mut names: Vec<&str> = s.steps.iter().map(|x| x.name.as_str()).collect();
                if s.record.is_some() {
                    names.push("pre-war");
                }
                Error::Scenario(truce_scenario::ScenarioError {
                    file: s.file.clone(),
                    line: None,
                    column: None,
                    kind: ErrorKind::UnknownStep,
                    message: format!(
                        "--relative-to {r}: no such step{}; the steps are: {}",
                        truce_model::suggest::did_you_mean(r, names.iter().copied()),
                        names.join(", ")
                    ),
                })
            });
        }
    }
    let mut params = engine_params(&s.model)?;
    if opts.time_limit.is_some() {
        params.outer = params.outer.with_time_limit(opts.time_limit);
    }
    Ok((compiled, params, elasticities, overridden))
}

/// Run a parsed scenario on a resolved dataset.
///
/// # Errors
/// As [`run`].
pub fn run_on(
    s: &Scenario,
    mut ds: Dataset,
    opts: &RunOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<RunResult, Error> {
    let (compiled, params, elasticities, overridden) = prepare(s, &mut ds, opts)?;
    let reference = opts.relative_to.as_deref().and_then(|r| compiled.get(r));
    let policies: Vec<&Policy> = compiled.steps.iter().map(|c| &c.policy).collect();
    let (_, solved) = solve_all(
        &ds.baseline,
        &params,
        reference.map(|r| &r.policy),
        &policies,
        progress,
    )?;
    let b = &ds.baseline;
    let (usa, chn) = (b.region_index("USA"), b.region_index("CHN"));
    let etr_of = match &s.effective_tariff {
        None => usa,
        Some(code) => Some(b.region_index(&code.value).ok_or_else(|| {
            let codes: Vec<&str> = b.regions().iter().map(|r| r.code.as_str()).collect();
            Error::Scenario(code.origin.error(
                ErrorKind::UnknownCountry,
                format!(
                    "effective_tariff = \"{}\": no such region{}; this dataset's regions are: {}",
                    code.value,
                    truce_model::suggest::did_you_mean(&code.value, codes.iter().copied()),
                    codes.join(" ")
                ),
            ))
        })?),
    };
    let steps: Vec<StepResult> = compiled
        .steps
        .iter()
        .zip(solved)
        .map(|(c, (outcome, solver))| {
            let avg = |n: Option<usize>, i: Option<usize>| {
                n.zip(i)
                    .and_then(|(n, i)| average_tariff_pct(b, &c.statutory_tariff, n, i))
            };
            let effective_tariff = etr_of.map(|n| {
                let after = outcome.flows_new(b);
                truce_scenario::rates::effective_tariff(b, &c.statutory_tariff, n, Some(&after))
            });
            StepResult {
                name: c.name.clone(),
                label: c.label.clone(),
                date: c.date,
                measures: c.measures.clone(),
                quotas: outcome.quotas.clone(),
                effective_tariff,
                outcome,
                solver,
                us_tariff_on_chn_pct: avg(usa, chn),
                chn_tariff_on_us_pct: avg(chn, usa),
            }
        })
        .collect();
    let mut notes = s.notes.clone();
    if let Some(r) = &s.record {
        notes.extend(record_notes_for(&r.value));
    }
    notes.extend(compiled.notes);
    if ds.synthetic {
        notes.push(format!("Dataset: {}.", ds.description));
    }
    if let Some(note) = &ds.stylised_note {
        notes.push(note.clone());
    }
    if let Some(note) = first_order_caveat(&steps) {
        notes.push(note);
    }
    if elasticities.production != "cobb-douglas" || overridden {
        notes.push(format!(
            "{}; output % is the change in the quantity of gross output, Y'/(Y·ĉ) (docs/critical-inputs.md).",
            elasticities.describe()
        ));
    }
    Ok(RunResult {
        scenario: s.name.clone(),
        description: s.description.clone(),
        reference: opts
            .relative_to
            .clone()
            .unwrap_or_else(|| "baseline".into()),
        dataset: ds,
        steps,
        notes,
        explicit_steps: !s.implicit_step,
        elasticities,
    })
}

/// The record's effective tariff as the output type.
pub(crate) fn effective_tariff_output(
    e: &truce_scenario::rates::EffectiveTariff,
) -> truce_output::EffectiveTariff {
    truce_output::EffectiveTariff {
        importer: e.importer.clone(),
        pre_substitution_pct: e.pre_substitution_pct,
        post_substitution_pct: e.post_substitution_pct,
        by_partner: e
            .by_partner
            .iter()
            .map(|p| truce_output::PartnerTariff {
                partner: p.partner.clone(),
                pct: p.pct,
                post_substitution_pct: p.post_substitution_pct,
                import_share_pct: p.import_share_pct,
            })
            .collect(),
    }
}
