//! # truce-py: `import truce` (the extension module `truce._truce`)
//!
//! Brief overview. A thin front end on the facade crate `truce`, like the CLI: each function
//! parses its arguments, calls the pipeline the matching command calls (with the GIL released
//! while it solves), and hands back the typed output of `truce-output` as tidy tables (module
//! `frame`) and, on request, as the JSON the CLI prints with `--format json`. No model logic
//! lives here. The Python package `python/truce/` turns the tables into pandas DataFrames.
//!
//! Errors are the CLI's: the same context and message chain (`{err:#}`, what the CLI prints
//! after `error: `), raised as `truce.NotConvergedError` when a solve did not converge (the
//! CLI's exit 3), `truce.InputError` for every other input, data or output error (exit 1) and
//! `truce.UsageError` for an argument value the CLI's parser would reject (exit 2).

mod frame;

use anyhow::{anyhow, bail, Context};
use frame::{flatten, from_table, Frame, Part, Step};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use std::path::{Path, PathBuf};
use truce::output::Output;

create_exception!(
    truce,
    TruceError,
    PyException,
    "Any error truce reports; `exit_code` is the CLI's exit code for it."
);
create_exception!(
    truce,
    InputError,
    TruceError,
    "A bad input, data or output file, scenario, code or value (the CLI's exit 1)."
);
create_exception!(
    truce,
    UsageError,
    TruceError,
    "An argument value the CLI's parser rejects (the CLI's exit 2)."
);
create_exception!(
    truce,
    NotConvergedError,
    TruceError,
    "A solver did not converge (the CLI's exit 3); the message has its residual and what to try."
);

/// The CLI's message and class for a failed pipeline.
fn to_py(err: anyhow::Error) -> PyErr {
    let msg = format!("{err:#}");
    if err.chain().any(|e| e.is::<truce::solve::NotConverged>()) {
        NotConvergedError::new_err(msg)
    } else {
        InputError::new_err(msg)
    }
}

fn usage(msg: String) -> PyErr {
    UsageError::new_err(msg)
}

/// What a call returns: the JSON text (when asked for), the output's metadata (its top-level
/// scalar fields and the dataset's name, as a small JSON object: the DataFrames' `attrs`) and
/// the tables asked for.
struct Tables {
    json: Option<String>,
    meta: String,
    tables: Vec<(String, Frame)>,
}

/// `(json, meta, [(table, columns), …])`.
type PyTables<'py> = (Option<String>, String, Bound<'py, PyList>);

impl Tables {
    fn into_py<'py>(self, py: Python<'py>) -> PyResult<PyTables<'py>> {
        let out = PyList::empty(py);
        for (name, f) in self.tables {
            out.append((name, f.into_py(py)?))?;
        }
        Ok((self.json, self.meta, out))
    }
}

/// The top-level scalar fields of an output, and `dataset` as the dataset's name.
fn meta(value: &serde_json::Value) -> String {
    let mut m = serde_json::Map::new();
    for (k, v) in value.as_object().into_iter().flatten() {
        match v {
            serde_json::Value::Array(_) => {}
            serde_json::Value::Object(o) => {
                if k == "dataset" {
                    if let Some(name) = o.get("name") {
                        m.insert(k.clone(), name.clone());
                    }
                }
            }
            _ => {
                m.insert(k.clone(), v.clone());
            }
        }
    }
    serde_json::Value::Object(m).to_string()
}

/// The tables of one output type, by name.
type Spec = &'static [(&'static str, &'static [Part])];

/// Build the tables named in `want` (and the JSON if `want` has `"json"`) of an output.
fn tables_of<T: Output>(
    output: &T,
    spec: Spec,
    labels: &[String],
    want: &[String],
    extra: &dyn Fn(&str) -> Option<Frame>,
) -> PyResult<Tables> {
    if want.is_empty() {
        // Nothing asked for (the overhead bench's engine-only call): nothing built.
        return Ok(Tables {
            json: None,
            meta: "{}".into(),
            tables: Vec::new(),
        });
    }
    let value = serde_json::to_value(output).expect("output types always serialise");
    let mut tables = Vec::new();
    let mut json = None;
    for w in want {
        if w == "json" {
            json = Some(truce::output::to_json(output));
        } else if let Some(f) = extra(w) {
            tables.push((w.clone(), f));
        } else if let Some((_, parts)) = spec.iter().find(|(n, _)| n == w) {
            tables.push((w.clone(), flatten(&value, parts, labels)));
        } else {
            let names: Vec<&str> = spec.iter().map(|(n, _)| *n).collect();
            return Err(usage(format!(
                "table {w:?}: not a table of `{}`; the tables are {} (or \"all\", \"json\")",
                T::COMMAND,
                names.join(", ")
            )));
        }
    }
    Ok(Tables {
        json,
        meta: meta(&value),
        tables,
    })
}

// ---- run -----------------------------------------------------------------------------------

const STEP_KEYS: &[(&str, &str)] = &[
    ("name", "step"),
    ("date", "date"),
    ("reference", "reference"),
];

/// A map of a country's result keyed by partner or sector, in long form.
macro_rules! run_map {
    ($field:literal, $measure:literal, $key:literal) => {
        Part::path(&[
            Step::Field("steps"),
            Step::Each(STEP_KEYS),
            Step::Field("countries"),
            Step::Each(&[("code", "code")]),
            Step::Field($field),
            Step::EachKey($key),
        ])
        .with(&[("measure", $measure)])
        .value("pct")
    };
}

/// `truce run`'s tables.
const RUN: Spec = &[
    (
        "countries",
        &[Part::path(&[
            Step::Field("steps"),
            Step::Each(STEP_KEYS),
            Step::Field("countries"),
            Step::Each(&[]),
        ])
        .flat()],
    ),
    (
        "by_partner",
        &[
            run_map!("terms_of_trade_by_partner_pct", "terms_of_trade", "partner"),
            run_map!(
                "volume_of_trade_by_partner_pct",
                "volume_of_trade",
                "partner"
            ),
        ],
    ),
    (
        "by_sector",
        &[
            run_map!("terms_of_trade_by_sector_pct", "terms_of_trade", "sector"),
            run_map!("volume_of_trade_by_sector_pct", "volume_of_trade", "sector"),
        ],
    ),
    (
        "sectors",
        &[Part::path(&[
            Step::Field("steps"),
            Step::Each(STEP_KEYS),
            Step::Field("countries"),
            Step::Each(&[("code", "region")]),
            Step::Field("sectors"),
            Step::Each(&[]),
        ])],
    ),
    (
        "steps",
        &[Part {
            constants: &[],
            path: &[Step::Field("steps"), Step::Each(&[])],
            value: "value",
            rename: &[("name", "step")],
            nested: true,
        }],
    ),
    (
        "tariffs_by_partner",
        &[Part::path(&[
            Step::Field("steps"),
            Step::Each(STEP_KEYS),
            Step::Field("effective_tariff"),
            Step::Field("by_partner"),
            Step::Each(&[]),
        ])],
    ),
    (
        "quotas",
        &[Part::path(&[
            Step::Field("steps"),
            Step::Each(STEP_KEYS),
            Step::Field("quotas"),
            Step::Each(&[]),
        ])],
    ),
];

/// `truce.run(scenario, …)`: `truce run SCENARIO.toml` (Caliendo–Parro scenario files).
#[pyfunction]
#[pyo3(signature = (scenario, *, want, relative_to=None, dataset=None, epsilon_c=None, out=None))]
fn run<'py>(
    py: Python<'py>,
    scenario: PathBuf,
    want: Vec<String>,
    relative_to: Option<String>,
    dataset: Option<String>,
    epsilon_c: Option<f64>,
    out: Option<PathBuf>,
) -> PyResult<PyTables<'py>> {
    let result = py.detach(|| -> anyhow::Result<truce::run::RunResult> {
        if truce::us_scenarios::is_us_scenario(&scenario) {
            bail!(
                "{} is a US-tariff scenario (kind = \"us-tariff\", Lashkaripour 2021): run it with the CLI, `truce run {} --dataset DIR --retaliation none|reciprocal|nash`; truce.run solves Caliendo–Parro scenario files",
                scenario.display(),
                scenario.display()
            );
        }
        if let Some(e) = epsilon_c {
            if !(e.is_finite() && e > 0.0) {
                bail!(truce::Error::Usage(format!(
                    "--epsilon-c {e}: an elasticity must be finite and positive (1 = Cobb–Douglas, near 0 = Leontief)"
                )));
            }
        }
        let opts = truce::run::RunOptions {
            relative_to,
            dataset,
            epsilon_c,
            ..truce::run::RunOptions::default()
        };
        let result = truce::run::run(&scenario, &opts, &|_, _| {})
            .with_context(|| format!("running scenario {}", scenario.display()))?;
        if let Some(dir) = &out {
            result
                .write(dir)
                .with_context(|| format!("writing results to {}", dir.display()))?;
        }
        Ok(result)
    });
    let result = result.map_err(to_py)?;
    let mut output = result.output();
    // The sector rows and the maps by partner and sector are most of the output: not turned
    // into JSON values when no table asked for needs them (docs/performance.md, binding
    // overhead).
    let asks = |names: &[&str]| {
        want.iter()
            .any(|w| w == "json" || names.contains(&w.as_str()))
    };
    let (sectors, by_partner, by_sector) = (
        asks(&["sectors"]),
        asks(&["by_partner"]),
        asks(&["by_sector"]),
    );
    // Likewise the step-level records and the notes that only the JSON, the steps table, the
    // tariffs table or the quotas table read (the metadata keeps only the top-level scalars and
    // skips arrays; `elasticities` stays: a `null` there would become a scalar of the metadata).
    if !asks(&[]) {
        output.notes = Vec::new();
    }
    let (steps, tariffs, quotas) = (
        asks(&["steps"]),
        asks(&["steps", "tariffs_by_partner"]),
        asks(&["steps", "quotas"]),
    );
    for s in &mut output.steps {
        if !steps {
            s.measures = Vec::new();
        }
        if !tariffs {
            s.effective_tariff = None;
        }
        if !quotas {
            s.quotas = Vec::new();
        }
    }
    for c in output.steps.iter_mut().flat_map(|s| s.countries.iter_mut()) {
        if !sectors {
            c.sectors = Vec::new();
        }
        if !by_partner {
            c.terms_of_trade_by_partner_pct.clear();
            c.volume_of_trade_by_partner_pct.clear();
        }
        if !by_sector {
            c.terms_of_trade_by_sector_pct.clear();
            c.volume_of_trade_by_sector_pct.clear();
        }
    }
    tables_of(&output, RUN, &[], &want, &|_| None)?.into_py(py)
}

// ---- timeline ------------------------------------------------------------------------------

const POINT_KEYS: &[(&str, &str)] = &[
    ("date", "date"),
    ("label", "label"),
    ("reference", "reference"),
];

/// `truce timeline`'s tables.
const TIMELINE: Spec = &[
    (
        "countries",
        &[Part::path(&[
            Step::Field("points"),
            Step::Each(POINT_KEYS),
            Step::Field("countries"),
            Step::Each(&[]),
        ])
        .flat()],
    ),
    (
        "points",
        &[Part::path(&[Step::Field("points"), Step::Each(&[])])],
    ),
    (
        "tariffs_by_partner",
        &[Part::path(&[
            Step::Field("points"),
            Step::Each(&[("date", "date")]),
            Step::Field("us_effective_tariff"),
            Step::Field("by_partner"),
            Step::Each(&[]),
        ])],
    ),
];

/// `truce.timeline(…)`: `truce timeline`.
#[pyfunction]
#[pyo3(signature = (*, want, from_date=None, to_date=None, dataset="world2024".to_string(), relative_to=None, record="tariff-wall".to_string(), out=None))]
#[allow(clippy::too_many_arguments)]
fn timeline<'py>(
    py: Python<'py>,
    want: Vec<String>,
    from_date: Option<String>,
    to_date: Option<String>,
    dataset: String,
    relative_to: Option<String>,
    record: String,
    out: Option<PathBuf>,
) -> PyResult<PyTables<'py>> {
    if let Some(r) = &relative_to {
        if r != "baseline" && r != "pre-war" {
            return Err(usage(format!(
                "relative_to={r:?}: a timeline is measured against \"baseline\" or \"pre-war\""
            )));
        }
    }
    if !truce::scenario::RECORDS.contains(&record.as_str()) {
        return Err(usage(format!(
            "record={record:?}: the records are {}",
            truce::scenario::RECORDS.join(", ")
        )));
    }
    let t = py.detach(|| -> anyhow::Result<_> {
        let d = truce::timeline::TimelineOptions::default();
        let date =
            |s: &Option<String>, flag: &str, default| -> anyhow::Result<truce::scenario::Date> {
                match s {
                    None => Ok(default),
                    Some(s) => s.parse().map_err(|e| anyhow!("--{flag}: {e}")),
                }
            };
        let opts = truce::timeline::TimelineOptions {
            from: date(&from_date, "from", d.from)?,
            to: date(&to_date, "to", d.to)?,
            relative_to_prewar: relative_to.as_deref() == Some("pre-war"),
            record,
        };
        let ds = truce::dataset::resolve(&dataset).context("resolving --dataset")?;
        let t = truce::timeline::timeline(ds, &opts, &|_, _| {}).context("replaying the record")?;
        if let Some(dir) = &out {
            t.write(dir)
                .with_context(|| format!("writing the timeline to {}", dir.display()))?;
        }
        Ok(t)
    });
    let t = t.map_err(to_py)?;
    tables_of(&t.output(), TIMELINE, &[], &want, &|_| None)?.into_py(py)
}

// ---- war and talks -------------------------------------------------------------------------

/// The options shared by `war` and `talks` (the CLI's `GameArgs`, as keyword arguments).
struct Game {
    players: Vec<String>,
    dataset: Option<String>,
    objective: String,
    epsilon_c: Option<f64>,
    horizon: String,
    instruments: String,
    link: Option<String>,
    ree_share: Vec<(String, f64)>,
    max_rounds: u32,
}

impl Game {
    /// Argument values the CLI's parser checks (exit 2 there, `UsageError` here).
    fn check(&self) -> PyResult<()> {
        let one_of = |what: &str, v: &str, allowed: &[&str]| {
            if allowed.contains(&v) {
                Ok(())
            } else {
                Err(usage(format!(
                    "{what}={v:?}: use one of {}",
                    allowed.join(", ")
                )))
            }
        };
        one_of(
            "objective",
            &self.objective,
            &["real-income", "political-economy"],
        )?;
        one_of("horizon", &self.horizon, &["short-run", "medium-run"])?;
        one_of("instruments", &self.instruments, &["sector", "uniform"])?;
        if let Some(l) = &self.link {
            one_of("link", l, &["ree-export-tax", "ree-quota", "rare-earths"])?;
        }
        if self.max_rounds == 0 {
            return Err(usage(
                "max_rounds=0: at least one round of best responses".into(),
            ));
        }
        Ok(())
    }

    fn dataset_name(&self) -> String {
        self.dataset
            .clone()
            .unwrap_or_else(|| truce::games::default_dataset(self.link.is_some()).to_string())
    }

    /// The dataset and the game options: the CLI's `GameArgs::resolve`, same messages.
    fn resolve(&self) -> anyhow::Result<(truce::dataset::Dataset, truce::games::WarOptions)> {
        if self.players.len() != 2 {
            bail!(
                "--players takes exactly two region codes separated by a comma (e.g. USA,CHN); got {}",
                self.players.len()
            );
        }
        let name = self.dataset_name();
        let mut ds =
            truce::dataset::resolve(&name).with_context(|| format!("loading dataset {name}"))?;
        if ds.model.as_deref() == Some(truce::data::dataset::MODEL_LASHKARIPOUR2021) {
            bail!(
                "{name} is a dataset of the tariffwar packages (Lashkaripour 2021): its global Nash war is `truce war --players all --dataset {name}` on the CLI; truce.war and truce.talks play two governments on Caliendo–Parro datasets"
            );
        }
        if let Some(e) = self.epsilon_c {
            ds.baseline = std::sync::Arc::new(truce::games::with_epsilon_c(&ds, e)?);
        }
        let link = match self.link.as_deref() {
            None => {
                if !self.ree_share.is_empty() {
                    bail!("--ree-share only applies with --link ree-export-tax");
                }
                None
            }
            Some("ree-export-tax") => Some(truce::games::rare_earth_link(
                &ds,
                &self.players,
                self.ree_share.clone(),
            )?),
            Some(_) => {
                if !self.ree_share.is_empty() {
                    bail!("--ree-share applies only with --link ree-export-tax on datasets without a RARE_EARTHS sector");
                }
                Some(truce::games::rare_earth_link_of(
                    &ds,
                    &self.players,
                    Vec::new(),
                    truce::games::LinkKind::ExportQuota,
                )?)
            }
        };
        let opts = truce::games::WarOptions {
            players: [self.players[0].clone(), self.players[1].clone()],
            instruments: if self.instruments == "uniform" {
                truce::game::TariffInstruments::Uniform
            } else {
                truce::game::TariffInstruments::Sector
            },
            link,
            short_run: self.horizon == "short-run",
            objective: if self.objective == "political-economy" {
                truce::games::Objective::PoliticalEconomy
            } else {
                truce::games::Objective::RealIncome
            },
            max_rounds: self.max_rounds as usize,
        };
        Ok((ds, opts))
    }
}

const STATE_COUNTRIES: &[Step] = &[Step::Field("countries"), Step::Each(&[])];

macro_rules! state_part {
    ($state:literal, $($step:expr),*) => {
        Part {
            constants: &[("state", $state)],
            path: &[Step::Field($state), $($step),*],
            value: "tariff_pct",
            rename: &[],
            nested: true,
        }
    };
}

/// `truce war`'s tables.
const WAR: Spec = &[
    (
        "countries",
        &[
            state_part!("nash", STATE_COUNTRIES[0], STATE_COUNTRIES[1]),
            state_part!("april_2025_peak", STATE_COUNTRIES[0], STATE_COUNTRIES[1]),
        ],
    ),
    (
        "tariffs",
        &[
            state_part!(
                "nash",
                Step::Field("tariffs_pct"),
                Step::EachKey("owner"),
                Step::EachKey("instrument")
            ),
            state_part!(
                "status_quo",
                Step::Field("tariffs_pct"),
                Step::EachKey("owner"),
                Step::EachKey("instrument")
            ),
            state_part!(
                "april_2025_peak",
                Step::Field("tariffs_pct"),
                Step::EachKey("owner"),
                Step::EachKey("instrument")
            ),
        ],
    ),
    (
        "instruments",
        &[Part::path(&[Step::Field("instruments"), Step::Each(&[])])],
    ),
];

/// `truce talks`'s tables.
const TALKS: Spec = &[
    (
        "frontier",
        &[Part::path(&[Step::Field("frontier"), Step::Each(&[])])],
    ),
    (
        "countries",
        &[
            state_part!("nash", STATE_COUNTRIES[0], STATE_COUNTRIES[1]),
            state_part!("april_2025_peak", STATE_COUNTRIES[0], STATE_COUNTRIES[1]),
            state_part!("solution", STATE_COUNTRIES[0], STATE_COUNTRIES[1]),
        ],
    ),
    (
        "tariffs",
        &[
            state_part!(
                "nash",
                Step::Field("tariffs_pct"),
                Step::EachKey("owner"),
                Step::EachKey("instrument")
            ),
            state_part!(
                "status_quo",
                Step::Field("tariffs_pct"),
                Step::EachKey("owner"),
                Step::EachKey("instrument")
            ),
            state_part!(
                "april_2025_peak",
                Step::Field("tariffs_pct"),
                Step::EachKey("owner"),
                Step::EachKey("instrument")
            ),
            state_part!(
                "solution",
                Step::Field("levels_pct"),
                Step::EachKey("owner"),
                Step::EachKey("instrument")
            ),
        ],
    ),
    ("solution", &[Part::path(&[Step::Field("solution")])]),
];

/// `ree_share`: `{"MINING": 0.05}` or `["MINING=0.05"]` (the CLI's form).
fn ree_shares(v: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, f64)>> {
    let Some(v) = v else { return Ok(Vec::new()) };
    if let Ok(map) = v.extract::<std::collections::BTreeMap<String, f64>>() {
        return Ok(map.into_iter().collect());
    }
    let items: Vec<String> = v.extract().map_err(|_| {
        usage("ree_share: a dict {\"SECTOR\": share} or a list of \"SECTOR=SHARE\"".into())
    })?;
    items
        .iter()
        .map(|s| {
            let (sector, x) = s.split_once('=').ok_or_else(|| {
                usage(format!(
                    "--ree-share `{s}`: write SECTOR=SHARE, e.g. MINING=0.05"
                ))
            })?;
            let x: f64 = x.trim().parse().map_err(|_| {
                usage(format!(
                    "--ree-share `{s}`: `{x}` is not a number (a share in (0, 1])"
                ))
            })?;
            Ok((sector.trim().to_string(), x))
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn game(
    players: Vec<String>,
    dataset: Option<String>,
    objective: String,
    epsilon_c: Option<f64>,
    horizon: String,
    instruments: String,
    link: Option<String>,
    ree_share: Option<&Bound<'_, PyAny>>,
    max_rounds: u32,
) -> PyResult<Game> {
    let g = Game {
        players,
        dataset,
        objective,
        epsilon_c,
        horizon,
        instruments,
        link,
        ree_share: ree_shares(ree_share)?,
        max_rounds,
    };
    g.check()?;
    Ok(g)
}

/// `truce.war(…)`: `truce war` (two governments on a Caliendo–Parro dataset).
#[pyfunction]
#[pyo3(signature = (*, want, players=vec!["USA".to_string(), "CHN".to_string()], dataset=None, objective="real-income".to_string(), epsilon_c=None, horizon="short-run".to_string(), instruments="sector".to_string(), link=None, ree_share=None, max_rounds=50))]
#[allow(clippy::too_many_arguments)]
fn war<'py>(
    py: Python<'py>,
    want: Vec<String>,
    players: Vec<String>,
    dataset: Option<String>,
    objective: String,
    epsilon_c: Option<f64>,
    horizon: String,
    instruments: String,
    link: Option<String>,
    ree_share: Option<&Bound<'py, PyAny>>,
    max_rounds: u32,
) -> PyResult<PyTables<'py>> {
    let g = game(
        players,
        dataset,
        objective,
        epsilon_c,
        horizon,
        instruments,
        link,
        ree_share,
        max_rounds,
    )?;
    let out = py.detach(|| -> anyhow::Result<_> {
        let (ds, opts) = g.resolve()?;
        let mut observer = truce::solve::NoObserver;
        let w = truce::games::war(ds.baseline.clone(), &opts, &mut observer)
            .context("playing the tariff war")?;
        Ok(w.output(&ds))
    });
    let out = out.map_err(to_py)?;
    let labels = out.players.clone();
    tables_of(&out, WAR, &labels, &want, &|_| None)?.into_py(py)
}

/// `truce.talks(…)`: `truce talks`.
#[pyfunction]
#[pyo3(signature = (*, want, players=vec!["USA".to_string(), "CHN".to_string()], dataset=None, objective="real-income".to_string(), epsilon_c=None, horizon="short-run".to_string(), instruments="sector".to_string(), link=None, ree_share=None, max_rounds=50, threat="nash".to_string(), beyond_trade=0.0, points=5))]
#[allow(clippy::too_many_arguments)]
fn talks<'py>(
    py: Python<'py>,
    want: Vec<String>,
    players: Vec<String>,
    dataset: Option<String>,
    objective: String,
    epsilon_c: Option<f64>,
    horizon: String,
    instruments: String,
    link: Option<String>,
    ree_share: Option<&Bound<'py, PyAny>>,
    max_rounds: u32,
    threat: String,
    beyond_trade: f64,
    points: usize,
) -> PyResult<PyTables<'py>> {
    let g = game(
        players,
        dataset,
        objective,
        epsilon_c,
        horizon,
        instruments,
        link,
        ree_share,
        max_rounds,
    )?;
    let threat = match threat.as_str() {
        "nash" => truce::games::Threat::Nash,
        "status-quo" => truce::games::Threat::StatusQuo,
        other => {
            return Err(usage(format!(
                "threat={other:?}: use one of nash, status-quo"
            )))
        }
    };
    let out = py.detach(|| -> anyhow::Result<_> {
        if !beyond_trade.is_finite() {
            bail!("--beyond-trade must be a finite number of welfare points");
        }
        let (ds, war) = g.resolve()?;
        let opts = truce::games::TalksOptions {
            war,
            threat,
            beyond_trade_pp: beyond_trade,
            points,
        };
        let mut observer = truce::solve::NoObserver;
        let t = truce::games::talks(ds.baseline.clone(), &opts, &mut observer)
            .context("solving the trade talks")?;
        Ok(t.output(&ds))
    });
    let out = out.map_err(to_py)?;
    let labels = out.players.clone();
    tables_of(&out, TALKS, &labels, &want, &|_| None)?.into_py(py)
}

// ---- sweep ---------------------------------------------------------------------------------

/// `truce sweep`'s tables from the typed output (`draws` and `parameters` come from the
/// per-draw tables the CLI writes as `draws.csv`/`.parquet` and `parameters.csv`/`.parquet`).
const SWEEP: Spec = &[
    (
        "bands",
        &[Part::path(&[Step::Field("bands"), Step::Each(&[])])],
    ),
    (
        "failed",
        &[Part::path(&[Step::Field("failed"), Step::Each(&[])])],
    ),
    (
        "distributions",
        &[Part::path(&[Step::Field("parameters"), Step::Each(&[])])],
    ),
    ("draws", &[]),
    ("parameters", &[]),
];

fn sweep_tables<'py>(
    py: Python<'py>,
    result: &truce::sweep::SweepResult,
    want: &[String],
) -> PyResult<PyTables<'py>> {
    let extra = |name: &str| match name {
        "draws" => Some(from_table(&result.draws_table())),
        "parameters" => Some(from_table(&result.parameters_table())),
        _ => None,
    };
    tables_of(&result.output, SWEEP, &[], want, &extra)?.into_py(py)
}

/// `truce.sweep(…)` (local backend): `truce sweep SCENARIO.toml --draws N`.
#[pyfunction]
#[pyo3(signature = (scenario, draws, *, want, seed=0, jobs=None, out=None, shard=None, elasticities=None, relative_to=None, dataset=None))]
#[allow(clippy::too_many_arguments)]
fn sweep<'py>(
    py: Python<'py>,
    scenario: PathBuf,
    draws: usize,
    want: Vec<String>,
    seed: u64,
    jobs: Option<usize>,
    out: Option<PathBuf>,
    shard: Option<String>,
    elasticities: Option<PathBuf>,
    relative_to: Option<String>,
    dataset: Option<String>,
) -> PyResult<PyTables<'py>> {
    let shard = shard
        .map(|s| truce::sweep::Shard::parse(&s).map_err(|e| usage(e.to_string())))
        .transpose()?;
    let result = py.detach(|| -> anyhow::Result<_> {
        if shard.is_some() && out.is_none() {
            bail!("--shard needs --out DIR: a shard's draws are only useful written down for `truce sweep merge`");
        }
        let opts = truce::sweep::SweepOptions {
            draws,
            seed,
            jobs,
            out: out.clone(),
            shard,
            elasticities,
            run: truce::run::RunOptions {
                relative_to,
                dataset,
                ..truce::run::RunOptions::default()
            },
        };
        let result = truce::sweep::sweep(&scenario, &opts, &|_, _| {})
            .with_context(|| format!("sweeping scenario {}", scenario.display()))?;
        write_sweep(&result, out.as_deref())?;
        Ok(result)
    });
    let result = result.map_err(to_py)?;
    sweep_tables(py, &result, &want)
}

fn write_sweep(result: &truce::sweep::SweepResult, out: Option<&Path>) -> anyhow::Result<()> {
    if let Some(dir) = out {
        result
            .write(dir)
            .with_context(|| format!("writing results to {}", dir.display()))?;
    }
    Ok(())
}

/// One shard of a sweep solved in memory on one thread, returned as the files of its shard
/// folder (`sweep.json` and `draws/draw-NNNNNNN.json`, what `truce sweep merge` reads) without
/// touching the disk: the Ray backend's task (python/truce/ray_sweep.py). Writing the per-draw
/// files as they finish (the resumable `--out` path, one atomic write each) made a shard take
/// 1.8× as long on this machine.
#[pyfunction]
#[pyo3(signature = (scenario, draws, shard, *, seed=0, elasticities=None, relative_to=None, dataset=None))]
#[allow(clippy::too_many_arguments)]
fn sweep_shard_files(
    py: Python<'_>,
    scenario: PathBuf,
    draws: usize,
    shard: String,
    seed: u64,
    elasticities: Option<PathBuf>,
    relative_to: Option<String>,
    dataset: Option<String>,
) -> PyResult<Vec<(String, Py<PyBytes>)>> {
    let shard = truce::sweep::Shard::parse(&shard).map_err(|e| usage(e.to_string()))?;
    let files = py.detach(|| -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        let opts = truce::sweep::SweepOptions {
            draws,
            seed,
            jobs: Some(1),
            out: None,
            shard: Some(shard),
            elasticities,
            run: truce::run::RunOptions {
                relative_to,
                dataset,
                ..truce::run::RunOptions::default()
            },
        };
        let result = truce::sweep::sweep(&scenario, &opts, &|_, _| {})
            .with_context(|| format!("sweeping scenario {}", scenario.display()))?;
        let mut files: Vec<(String, Vec<u8>)> = result
            .files(Path::new(""))
            .into_iter()
            .filter(|(p, _)| p == Path::new("sweep.json"))
            .map(|(p, b)| (p.display().to_string(), b))
            .collect();
        for r in &result.records {
            // The name `SweepResult::write` gives a draw's file (truce::sweep's `draw_file`).
            files.push((
                format!("draws/draw-{:07}.json", r.draw),
                serde_json::to_vec(r).expect("records serialise"),
            ));
        }
        Ok(files)
    });
    let files = files.map_err(to_py)?;
    Ok(files
        .into_iter()
        .map(|(p, b)| (p, PyBytes::new(py, &b).unbind()))
        .collect())
}

/// `truce sweep merge DIR… [--out DIR]`: combine shard folders.
#[pyfunction]
#[pyo3(signature = (dirs, *, want, out=None))]
fn sweep_merge<'py>(
    py: Python<'py>,
    dirs: Vec<PathBuf>,
    want: Vec<String>,
    out: Option<PathBuf>,
) -> PyResult<PyTables<'py>> {
    let result = py.detach(|| -> anyhow::Result<_> {
        let result = truce::sweep::merge(&dirs).context("merging sweep shards")?;
        write_sweep(&result, out.as_deref())?;
        Ok(result)
    });
    let result = result.map_err(to_py)?;
    sweep_tables(py, &result, &want)
}

/// The version of truce this module was built from.
#[pyfunction]
fn version() -> &'static str {
    truce::output::TRUCE_VERSION
}

/// The module `truce._truce`.
#[pymodule]
fn _truce(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("TruceError", py.get_type::<TruceError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("NotConvergedError", py.get_type::<NotConvergedError>())?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(timeline, m)?)?;
    m.add_function(wrap_pyfunction!(war, m)?)?;
    m.add_function(wrap_pyfunction!(talks, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(sweep_merge, m)?)?;
    m.add_function(wrap_pyfunction!(sweep_shard_files, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
