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

use crate::dataset::{self, Dataset};
use crate::Error;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use truce_model::cp2015::{Engine, EngineParams, Equilibrium, SolveInfo};
use truce_model::{Baseline, Outcome, Policy};
use truce_output::{
    CountryResult, Header, QuotaResult, RunOutput, RunStep, SectorResult, WelfareMeasure,
};
use truce_report::{country_results, solver_info, Cell, OutcomeJsonOptions, Report, Table};
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

fn sector_codes(b: &Baseline) -> Vec<String> {
    b.sectors().iter().map(|s| s.code.clone()).collect()
}

/// Each country of `countries` gains `sectors`: its region × sector results (`output_pct`,
/// `gross_output_pct`, `price_pct`, `critical_cost_share`, …), in the dataset's sector order.
fn with_sectors(mut countries: Vec<CountryResult>, out: &Outcome) -> Vec<CountryResult> {
    for c in &mut countries {
        c.sectors = out
            .sectors
            .iter()
            .filter(|s| s.region == c.code)
            .map(|s| SectorResult {
                sector: s.sector.clone(),
                output_pct: s.output_pct,
                gross_output_pct: s.gross_output_pct,
                real_gross_output_pct: s.real_gross_output_pct,
                price_pct: s.price_pct,
                input_cost_pct: s.input_cost_pct,
                critical_cost_share: s.critical_cost_share,
                critical_cost_share_new: s.critical_cost_share_new,
                va_share_new: s.va_share_new,
                domestic_share_base: s.domestic_share_base,
                domestic_share_new: s.domestic_share_new,
                expenditure_base: s.expenditure_base,
                expenditure_new: s.expenditure_new,
            })
            .collect();
    }
    countries
}

/// A solved quota or cap as the output type.
pub(crate) fn quota_result(q: &truce_model::QuotaOutcome) -> QuotaResult {
    QuotaResult {
        kind: q.kind.clone(),
        exporter: q.exporter.clone(),
        importer: q.importer.clone(),
        sector: q.sector.clone(),
        cap_pct: q.cap_pct,
        quantity_pct: q.quantity_pct,
        binding: q.binding,
        tax_equivalent_pct: q.tax_equivalent_pct,
        rent: q.rent,
    }
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

impl StepResult {
    fn output(&self, b: &Baseline, reference: &str) -> RunStep {
        RunStep {
            name: self.name.clone(),
            label: self.label.clone(),
            date: self.date.map(|d| d.to_string()),
            reference: reference.to_string(),
            measures: self.measures.clone(),
            us_tariff_on_chn_pct: self.us_tariff_on_chn_pct,
            chn_tariff_on_us_pct: self.chn_tariff_on_us_pct,
            effective_tariff: self.effective_tariff.as_ref().map(effective_tariff_output),
            welfare_measure: WelfareMeasure::RealIncome,
            countries: with_sectors(
                country_results(
                    &self.outcome,
                    &sector_codes(b),
                    OutcomeJsonOptions::RealIncome,
                ),
                &self.outcome,
            ),
            quotas: self.quotas.iter().map(quota_result).collect(),
            solver: solver_info(&self.solver),
        }
    }
}

impl RunResult {
    /// The typed result (`run` output, docs/output-schema.md): one entry of `steps` per step,
    /// also for a scenario without `[[step]]` (one step named after the scenario).
    pub fn output(&self) -> RunOutput {
        let b = &self.dataset.baseline;
        RunOutput {
            header: Header::of::<RunOutput>(),
            scenario: self.scenario.clone(),
            description: self.description.clone(),
            dataset: self.dataset.output(),
            reference: self.reference.clone(),
            welfare_measure: WelfareMeasure::RealIncome,
            notes: self.notes.clone(),
            elasticities: Some(self.elasticities.output()),
            steps: self
                .steps
                .iter()
                .map(|s| s.output(b, &self.reference))
                .collect(),
        }
    }

    /// The JSON of [`RunResult::output`].
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self.output()).expect("output types always serialise")
    }

    /// Tidy country table: one row per step × region.
    pub fn country_table(&self) -> Table {
        let mut t = Table::new(
            format!(
                "{}: outcomes by step, % change vs {}",
                self.scenario, self.reference
            ),
            &[
                "step",
                "region",
                "welfare %",
                "real wage %",
                "CPI %",
                "ToT %",
                "exports %",
                "imports %",
                "tariff rev. %",
            ],
        )
        .align(1, truce_report::Align::Left);
        for s in &self.steps {
            for c in &s.outcome.countries {
                t.push(vec![
                    Cell::text(&s.name),
                    Cell::text(&c.code),
                    Cell::opt(c.real_income_pct, 3),
                    Cell::num(c.real_wage_pct, 3),
                    Cell::num(c.price_index_pct, 3),
                    Cell::num(c.terms_of_trade_pct, 3),
                    Cell::opt(c.exports_pct, 2),
                    Cell::opt(c.imports_pct, 2),
                    Cell::opt(c.tariff_revenue_pct, 1),
                ]);
            }
        }
        t
    }

    fn steps_table(&self) -> Table {
        let mut t = Table::new(
            "Steps",
            &[
                "step",
                "date",
                "US tariff on CHN %",
                "CHN tariff on US %",
                "tariff on all imports %",
                "after subst. %",
                "measures",
                "solver",
            ],
        );
        for s in &self.steps {
            t.push(vec![
                Cell::text(format!("{} ({})", s.name, s.label)),
                Cell::text(s.date.map(|d| d.to_string()).unwrap_or_else(|| "–".into())),
                Cell::opt(s.us_tariff_on_chn_pct, 1),
                Cell::opt(s.chn_tariff_on_us_pct, 1),
                Cell::opt(
                    s.effective_tariff
                        .as_ref()
                        .and_then(|e| e.pre_substitution_pct),
                    1,
                ),
                Cell::opt(
                    s.effective_tariff
                        .as_ref()
                        .and_then(|e| e.post_substitution_pct),
                    1,
                ),
                Cell::Int(s.measures.len() as i64),
                Cell::text(format!(
                    "{} ({} it.)",
                    s.solver.termination, s.solver.iterations
                )),
            ]);
        }
        t
    }

    /// The sector view (`truce run --sectors`): one row per step × region × sector, with the
    /// change in output (quantity), nominal gross output, price and unit cost, and, with a
    /// critical-input nest, the base cost share of the critical inputs and the ratio of the
    /// output loss to it. `sectors` restricts the rows (codes; all when empty).
    ///
    /// # Errors
    /// [`Error::Usage`] naming an unknown sector code (with a suggestion).
    pub fn sector_table(&self, sectors: &[String]) -> Result<Table, Error> {
        let b = &self.dataset.baseline;
        let codes: Vec<&str> = b.sectors().iter().map(|s| s.code.as_str()).collect();
        for s in sectors {
            if !codes.contains(&s.as_str()) {
                return Err(Error::Usage(format!(
                    "--sectors: unknown sector `{s}`{}; the dataset's sectors are {}",
                    truce_model::suggest::did_you_mean(s, codes.iter().copied()),
                    codes.join(" ")
                )));
            }
        }
        let critical = b.production().critical.is_some();
        let mut head = vec![
            "step",
            "region",
            "sector",
            "output %",
            "gross output %",
            "price %",
            "unit cost %",
        ];
        if critical {
            head.extend(["critical cost share %", "output loss ÷ share"]);
        }
        let mut t = Table::new(
            format!(
                "{}: sector results, % change vs {} (output = quantity of gross output)",
                self.scenario, self.reference
            ),
            &head,
        )
        .align(1, truce_report::Align::Left)
        .align(2, truce_report::Align::Left);
        for st in &self.steps {
            for x in &st.outcome.sectors {
                if !sectors.is_empty() && !sectors.contains(&x.sector) {
                    continue;
                }
                let mut row = vec![
                    Cell::text(&st.name),
                    Cell::text(&x.region),
                    Cell::text(&x.sector),
                    Cell::opt(x.output_pct, 3),
                    Cell::opt(x.gross_output_pct, 3),
                    Cell::num(x.price_pct, 3),
                    Cell::num(x.input_cost_pct, 3),
                ];
                if critical {
                    let share = x.critical_cost_share.unwrap_or(0.0);
                    row.push(Cell::num(100.0 * share, 4));
                    let ratio = match (x.output_pct, share > 0.0) {
                        (Some(o), true) if o < 0.0 => Some(-o / (100.0 * share)),
                        _ => None,
                    };
                    row.push(Cell::opt(ratio, 0));
                }
                t.push(row);
            }
        }
        Ok(t)
    }

    /// The quotas and caps in force at each step, solved: cap, quantity, tax equivalent, rent.
    pub fn quota_table(&self) -> Option<Table> {
        if self.steps.iter().all(|s| s.quotas.is_empty()) {
            return None;
        }
        let unit = self
            .dataset
            .flow_unit_usd_bn
            .map_or("base units", |_| "USD bn");
        let mut t = Table::new(
            "Export quotas and supply caps: solved as tax equivalents (0 where they do not bind)",
            &[
                "step",
                "kind",
                "exporter → importer",
                "sector",
                "cap %",
                "quantity %",
                "tax equivalent %",
                &format!("rent, {unit}"),
            ],
        );
        for st in &self.steps {
            for q in &st.quotas {
                t.push(vec![
                    Cell::text(&st.name),
                    Cell::text(q.kind.replace('_', " ")),
                    Cell::text(format!("{} → {}", q.exporter, q.importer)),
                    Cell::text(&q.sector),
                    Cell::num(q.cap_pct, 1),
                    Cell::num(q.quantity_pct, 1),
                    Cell::num(q.tax_equivalent_pct, 1),
                    Cell::num(q.rent * self.dataset.flow_unit_usd_bn.unwrap_or(1.0), 4),
                ]);
            }
        }
        Some(t)
    }

    /// The report the CLI prints: the tidy country table, the steps, the notes.
    pub fn report(&self) -> Report {
        self.report_with(None)
            .expect("without a sector filter the report cannot fail")
    }

    /// The report, with the sector view when `sectors` is given (empty: every sector).
    ///
    /// # Errors
    /// [`Error::Usage`] for an unknown sector code.
    pub fn report_with(&self, sectors: Option<&[String]>) -> Result<Report, Error> {
        let mut r = Report::of(&self.output()).with_table(self.country_table());
        if let Some(list) = sectors {
            r = r.with_table(self.sector_table(list)?);
        }
        if let Some(q) = self.quota_table() {
            r = r.with_table(q);
        }
        r = r.with_table(self.steps_table());
        r = r.with_note(
            "welfare % is the exact change in real income (Î/P̂); average tariffs are trade-weighted statutory rates, Σ τ·M / Σ M over the model's sectors with baseline imports M (PIIE's definition); the tariff on all imports is the effective_tariff region's (the US by default) over every partner, with baseline imports or, after substitution, the step's solved imports.",
        );
        for n in &self.notes {
            r = r.with_note(n.clone());
        }
        Ok(r)
    }

    /// The files `--out DIR` writes: `countries.csv`, `sectors.csv`, `bilateral.csv` (tidy,
    /// one row per step × …), the same tables as `.parquet`, `result.json`, and `quotas.csv`
    /// when any step has a quota or supply cap.
    pub fn files(&self, dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut countries = Table::new(
            "",
            &[
                "step",
                "reference",
                "code",
                "welfare_pct",
                "real_income_pct",
                "first_order_welfare_pct",
                "terms_of_trade_pct",
                "volume_of_trade_pct",
                "real_wage_pct",
                "wage_pct",
                "price_index_pct",
                "income_pct",
                "exports_pct",
                "imports_pct",
                "tariff_revenue_pct",
            ],
        );
        let mut sectors = Table::new(
            "",
            &[
                "step",
                "reference",
                "region",
                "sector",
                "gross_output_pct",
                "real_gross_output_pct",
                "price_pct",
                "input_cost_pct",
                "domestic_share_base",
                "domestic_share_new",
                "output_pct",
                "critical_cost_share",
                "critical_cost_share_new",
                "va_share_new",
            ],
        );
        let mut quotas = Table::new(
            "",
            &[
                "step",
                "reference",
                "kind",
                "exporter",
                "importer",
                "sector",
                "cap_pct",
                "quantity_pct",
                "binding",
                "tax_equivalent_pct",
                "rent",
            ],
        );
        let mut bilateral = Table::new(
            "",
            &[
                "step",
                "reference",
                "importer",
                "exporter",
                "sector",
                "flow_base",
                "flow_new",
                "flow_pct",
                "tariff_pct",
                "export_tax_pct",
            ],
        );
        for s in &self.steps {
            let head = || vec![Cell::text(&s.name), Cell::text(&self.reference)];
            for c in &s.outcome.countries {
                let mut row = head();
                row.extend([
                    Cell::text(&c.code),
                    Cell::opt(c.real_income_pct, 6),
                    Cell::opt(c.real_income_pct, 6),
                    Cell::num(c.first_order_welfare_pct, 6),
                    Cell::num(c.terms_of_trade_pct, 6),
                    Cell::num(c.volume_of_trade_pct, 6),
                    Cell::num(c.real_wage_pct, 6),
                    Cell::num(c.wage_pct, 6),
                    Cell::num(c.price_index_pct, 6),
                    Cell::opt(c.income_pct, 6),
                    Cell::opt(c.exports_pct, 6),
                    Cell::opt(c.imports_pct, 6),
                    Cell::opt(c.tariff_revenue_pct, 6),
                ]);
                countries.push(row);
            }
            for x in &s.outcome.sectors {
                let mut row = head();
                row.extend([
                    Cell::text(&x.region),
                    Cell::text(&x.sector),
                    Cell::opt(x.gross_output_pct, 6),
                    Cell::opt(x.real_gross_output_pct, 6),
                    Cell::num(x.price_pct, 6),
                    Cell::num(x.input_cost_pct, 6),
                    Cell::num(x.domestic_share_base, 6),
                    Cell::num(x.domestic_share_new, 6),
                    Cell::opt(x.output_pct, 6),
                    Cell::opt(x.critical_cost_share, 8),
                    Cell::opt(x.critical_cost_share_new, 8),
                    Cell::num(x.va_share_new, 8),
                ]);
                sectors.push(row);
            }
            for q in &s.quotas {
                let mut row = head();
                row.extend([
                    Cell::text(&q.kind),
                    Cell::text(&q.exporter),
                    Cell::text(&q.importer),
                    Cell::text(&q.sector),
                    Cell::num(q.cap_pct, 6),
                    Cell::num(q.quantity_pct, 6),
                    Cell::text(if q.binding { "true" } else { "false" }),
                    Cell::num(q.tax_equivalent_pct, 6),
                    Cell::num(q.rent, 8),
                ]);
                quotas.push(row);
            }
            for x in s
                .outcome
                .bilateral
                .iter()
                .filter(|x| x.importer != x.exporter)
            {
                let mut row = head();
                row.extend([
                    Cell::text(&x.importer),
                    Cell::text(&x.exporter),
                    Cell::text(&x.sector),
                    Cell::num(x.flow_base, 6),
                    Cell::num(x.flow_new, 6),
                    Cell::opt(x.flow_pct, 6),
                    Cell::num(x.tariff * 100.0, 6),
                    Cell::num(x.export_tax * 100.0, 6),
                ]);
                bilateral.push(row);
            }
        }
        let json = truce_output::to_json(&self.output());
        let mut files = vec![
            (dir.join("countries.csv"), countries.to_csv().into_bytes()),
            (dir.join("sectors.csv"), sectors.to_csv().into_bytes()),
            (dir.join("bilateral.csv"), bilateral.to_csv().into_bytes()),
            (
                dir.join("countries.parquet"),
                truce_report::to_parquet(&countries),
            ),
            (
                dir.join("sectors.parquet"),
                truce_report::to_parquet(&sectors),
            ),
            (
                dir.join("bilateral.parquet"),
                truce_report::to_parquet(&bilateral),
            ),
            (dir.join("result.json"), json.into_bytes()),
        ];
        if self.steps.iter().any(|s| !s.quotas.is_empty()) {
            files.push((dir.join("quotas.csv"), quotas.to_csv().into_bytes()));
        }
        files
    }

    /// Write [`RunResult::files`] atomically: all appear, or none.
    ///
    /// # Errors
    /// [`Error::Write`] naming the file.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        truce_report::write_files_atomic(&self.files(dir))?;
        Ok(())
    }
}
