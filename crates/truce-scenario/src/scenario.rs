//! The scenario file: TOML schema, parsing, and the checks that need no dataset.
//!
//! See `docs/scenarios.md` for the complete reference. Parsing keeps the line of every value
//! that can only be checked against a dataset later (country and sector codes, measure ids in
//! steps), so those errors name the line too.

use crate::date::Date;
use crate::error::{ErrorKind, LineIndex, Origin, ScenarioError};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;
use truce_model::suggest::did_you_mean;
use truce_model::DeficitRule;

// ---------------------------------------------------------------------------------------------
// Raw schema (what serde reads). Every table denies unknown keys.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    name: Option<Spanned<String>>,
    description: Option<String>,
    dataset: Option<Spanned<String>>,
    record: Option<Spanned<String>>,
    effective_tariff: Option<Spanned<String>>,
    notes: Option<Vec<String>>,
    model: Option<Spanned<RawModel>>,
    measure: Option<Vec<Spanned<RawMeasure>>>,
    step: Option<Vec<Spanned<RawStep>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    deficit: Option<Spanned<String>>,
    tolerance: Option<Spanned<f64>>,
    max_iterations: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    id: Option<Spanned<String>>,
    label: Option<String>,
    source: Option<String>,
    note: Option<String>,
    date: Option<Spanned<Date>>,
    until: Option<Spanned<Date>>,
    imposing: Option<Spanned<String>>,
    target: Option<Spanned<toml::Value>>,
    instrument: Option<Spanned<String>>,
    layer: Option<String>,
    rate_pct: Option<Spanned<f64>>,
    change_pp: Option<Spanned<f64>>,
    total_pct: Option<Spanned<f64>>,
    change_pct: Option<Spanned<f64>>,
    sectors: Option<Spanned<toml::Value>>,
    share: Option<Spanned<f64>>,
    shares: Option<Spanned<toml::Value>>,
    value_usd_bn: Option<Spanned<toml::Value>>,
    exclude_value_usd_bn: Option<Spanned<toml::Value>>,
    group: Option<Spanned<String>>,
    value_group: Option<Spanned<String>>,
    exclude_groups: Option<Spanned<toml::Value>>,
    floor_pct: Option<Spanned<f64>>,
    confidence: Option<Spanned<String>>,
    schedule: Option<Spanned<RawSchedule>>,
    within_sector: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    side: String,
    from: Date,
    to: Date,
    rate_pct: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    name: Option<Spanned<String>>,
    label: Option<String>,
    note: Option<String>,
    date: Option<Spanned<Date>>,
    measures: Option<Vec<Spanned<String>>>,
}

// ---------------------------------------------------------------------------------------------
// Validated scenario.
// ---------------------------------------------------------------------------------------------

/// A value with the place in the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub origin: Origin,
}

impl<T> Located<T> {
    /// A value written in code (no file position).
    pub fn bare(value: T) -> Self {
        Self {
            value,
            origin: Origin::default(),
        }
    }
}

/// Solver and closure options of a scenario (`[model]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelOptions {
    /// How trade deficits behave: `fixed` (default; D' = D in base-year units) or `zero`.
    pub deficit: DeficitRule,
    /// Outer tolerance on max |Zₙ|/VAₙ (default: the engine's 1e-10).
    pub tolerance: Option<f64>,
    /// Outer iteration cap (default: the engine's 2000).
    pub max_iterations: Option<usize>,
}

/// How the goods a partial-coverage measure covers aggregate with the rest of their sector
/// (`within_sector` in a scenario file; docs/scenarios.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WithinSector {
    /// `"substitutes"` (default): the covered goods are varieties of the sector, substitutable
    /// with the rest at the sector's θ (the θ-consistent equivalent rate).
    #[default]
    Substitutes,
    /// `"cobb-douglas"`: the covered goods keep their share of the sector's spending, so the
    /// sector's price rises by (1 + r)^s: inputs nothing else in the sector replaces.
    CobbDouglas,
}

const WITHIN_SECTOR: [&str; 2] = ["substitutes", "cobb-douglas"];

/// Which instrument a measure moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instrument {
    /// Ad-valorem import tariff, levied by the importer (`imposing`) on goods from `target`.
    Tariff,
    /// Ad-valorem export tax, levied by the exporter (`imposing`) on sales to `target`.
    ExportTax,
    /// Iceberg trade cost on `imposing`'s imports from `target`.
    TradeCost,
}

impl Instrument {
    /// The name used in scenario files.
    pub fn as_str(&self) -> &'static str {
        match self {
            Instrument::Tariff => "tariff",
            Instrument::ExportTax => "export_tax",
            Instrument::TradeCost => "trade_cost",
        }
    }
}

/// What a measure does to its layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// `rate_pct`: the layer's new level, in percent, replacing its earlier level.
    SetRate(f64),
    /// `change_pp`: add this many percentage points to the layer's current level.
    ChangePp(f64),
    /// `total_pct`: the whole instrument's level in percent (base and every earlier layer
    /// replaced), e.g. free trade = `total_pct = 0`.
    Total(f64),
    /// `change_pct` (trade costs only): iceberg cost change relative to the baseline, percent.
    CostChangePct(f64),
    /// `floor_pct` (tariffs only): the covered goods pay at least this rate, all duties
    /// included; the layer adds max(0, floor − starting level) on each cell (the EU's and
    /// Japan's 15 % "all-in" reciprocal rates of August 2025).
    Floor(f64),
}

/// Which countries a measure targets.
#[derive(Debug, Clone, PartialEq)]
pub enum Targets {
    /// Every region except the imposing one (`target = "ALL"`).
    All,
    /// These regions.
    List(Vec<Located<String>>),
}

/// Which sectors a measure covers.
#[derive(Debug, Clone, PartialEq)]
pub enum SectorSet {
    /// Every traded sector (non-traded ones are skipped).
    All,
    /// These sectors (each must be traded).
    List(Vec<Located<String>>),
}

/// How much of each covered sector's bilateral trade the measure touches.
#[derive(Debug, Clone, PartialEq)]
pub enum ShareSpec {
    /// All of it.
    Full,
    /// The same share of every covered sector (`share = 0.3`).
    Uniform(f64),
    /// A share per sector (`shares = { ELECTRONICS = 0.3 }`).
    PerSector(Vec<(Located<String>, f64)>),
    /// A covered trade value per sector, USD bn, turned into a share of the dataset's
    /// bilateral flows (`value_usd_bn = { MINING = 0.12 }`).
    ValueUsdBn(Vec<(Located<String>, f64)>),
    /// The line share of a named product group of the record (`group = "steel-aluminium-232"`).
    Group(Located<String>),
    /// The 2024 trade-value share of a named value group (`value_group = "annex-ii"`,
    /// [`crate::values`]), partner by partner.
    ValueGroup(Located<String>),
    /// The coverage implied by a step of the HS6 schedules of 2018–2020: Δ(mean tariff)/rate.
    Schedule {
        /// `USA` (US tariffs on China) or `CHN` (China's tariffs on the US).
        side: String,
        /// Schedule date before the step.
        from: Date,
        /// Schedule date after the step.
        to: Date,
        /// The statutory rate of the step (percent), to turn Δ into a share.
        rate_pct: f64,
        /// Where it was written.
        origin: Origin,
    },
}

/// Sector coverage of a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// The sectors.
    pub sectors: SectorSet,
    /// The share of each.
    pub share: ShareSpec,
    /// Trade values carved out of the coverage (USD bn per sector), e.g. the April 2025
    /// electronics exemption: those goods are untouched and the share applies to the rest,
    /// share' = share · (1 − excluded/flow).
    pub exclude_value_usd_bn: Vec<(Located<String>, f64)>,
    /// Product groups carved out of the coverage (`exclude_groups = ["annex-ii"]`): value
    /// groups ([`crate::values`]) or, failing that, the record's line-share groups; on each
    /// cell share' = share · (1 − Σ group shares), floored at 0.
    pub exclude_groups: Vec<Located<String>>,
}

/// One measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Unique id.
    pub id: String,
    /// Human-readable label.
    pub label: String,
    /// Provenance (a `measures.csv` id or a citation).
    pub source: Option<String>,
    /// How sure the figures are: `high`, `medium` or `low` (required in the built-in
    /// records; see `data/us_china_measures/README.md` for the scale).
    pub confidence: Option<String>,
    /// In force from this date (inclusive).
    pub date: Option<Date>,
    /// In force until this date (exclusive).
    pub until: Option<Date>,
    /// The country that imposes it (the importer for tariffs and trade costs, the exporter for
    /// export taxes).
    pub imposing: Located<String>,
    /// The partners.
    pub targets: Targets,
    /// The instrument.
    pub instrument: Instrument,
    /// The legal instrument ("layer") whose level `rate_pct` replaces; defaults to the id.
    pub layer: String,
    /// What it does to the layer.
    pub action: Action,
    /// Which trade it covers.
    pub coverage: Coverage,
    /// How partially covered goods aggregate with the rest of their sector.
    pub within_sector: WithinSector,
    /// Where the `[[measure]]` table starts.
    pub origin: Origin,
    /// `true` for measures of the built-in record.
    pub from_record: bool,
}

impl Measure {
    /// In force on `d`: dated on or before `d`, and not yet expired.
    pub fn in_force_on(&self, d: Date) -> bool {
        self.date.is_some_and(|s| s <= d) && self.until.is_none_or_after(d)
    }
}

trait UntilExt {
    fn is_none_or_after(&self, d: Date) -> bool;
}
impl UntilExt for Option<Date> {
    fn is_none_or_after(&self, d: Date) -> bool {
        match self {
            None => true,
            Some(u) => d < *u,
        }
    }
}

/// One named policy state.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Unique name (used by `--relative-to`).
    pub name: String,
    /// Label for tables and plots.
    pub label: String,
    /// Note shown with the results.
    pub note: Option<String>,
    /// Every dated measure (and the record, when included) in force on this date is part of
    /// the step.
    pub date: Option<Date>,
    /// Further measures, by id, applied after the dated ones in the order listed.
    pub measures: Vec<Located<String>>,
    /// Where the `[[step]]` table starts.
    pub origin: Origin,
}

/// A parsed, self-consistent scenario (codes are checked against a dataset when compiled).
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The file it came from.
    pub file: String,
    /// Name (defaults to the file stem).
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Dataset: a name such as `world2024` or a path.
    pub dataset: Located<String>,
    /// The dated record included (`record = "us-china"`), if any.
    pub record: Option<Located<String>>,
    /// Whose economy-wide average tariff to report at every step (`effective_tariff =
    /// "USA"`); by default the US's when the dataset has a USA region.
    pub effective_tariff: Option<Located<String>>,
    /// Notes printed with every result.
    pub notes: Vec<String>,
    /// Solver options.
    pub model: ModelOptions,
    /// The scenario's own measures, in file order.
    pub measures: Vec<Measure>,
    /// The steps; a scenario without `[[step]]` has one step holding every measure.
    pub steps: Vec<Step>,
    /// `true` when the file had no `[[step]]` tables.
    pub implicit_step: bool,
}

/// Names of the built-in records.
pub const RECORDS: &[&str] = &["us-china", "tariff-wall"];

/// The confidence tags a measure may carry.
pub const CONFIDENCE: [&str; 3] = ["high", "medium", "low"];

struct Ctx<'a> {
    file: &'a str,
    lines: LineIndex,
}

impl Ctx<'_> {
    fn origin(&self, offset: usize) -> Origin {
        let (line, column) = self.lines.locate(offset);
        Origin {
            file: self.file.to_string(),
            line,
            column,
        }
    }
    fn at<T>(&self, s: &Spanned<T>) -> Origin {
        self.origin(s.span().start)
    }
    fn err<T>(&self, s: &Spanned<T>, kind: ErrorKind, msg: impl Into<String>) -> ScenarioError {
        self.at(s).error(kind, msg)
    }
}

fn toml_error(file: &str, text: &str, e: toml::de::Error, syntax: bool) -> ScenarioError {
    let lines = LineIndex::new(text);
    let (line, column) = match e.span() {
        Some(sp) => {
            let (l, c) = lines.locate(sp.start.min(text.len()));
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    let raw = e.message().trim().to_string();
    let (kind, message) = if syntax {
        (ErrorKind::Syntax, format!("not valid TOML: {raw}"))
    } else if let Some(rest) = raw.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default().to_string();
        let expected: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let hint = did_you_mean(&key, expected.iter().copied());
        (
            ErrorKind::UnknownKey,
            format!(
                "unknown key `{key}`{hint}; allowed here: {}",
                expected.join(", ")
            ),
        )
    } else if raw.starts_with("missing field") {
        (ErrorKind::MissingKey, raw)
    } else {
        // Name the key the value belongs to (the text before `=` on the error's line), and
        // say how to write a number when a number was quoted.
        let key = line
            .and_then(|l| text.lines().nth(l - 1))
            .and_then(|l| l.split_once('='))
            .map(|(k, _)| k.trim().trim_matches('"').to_string())
            .filter(|k| !k.is_empty() && !k.starts_with('['));
        let fix = if raw.starts_with("invalid type: string") && raw.contains("expected f64") {
            "; write the number without quotes (e.g. rate_pct = 10, not \"10\")"
        } else {
            ""
        };
        match key {
            Some(k) => (ErrorKind::BadValue, format!("`{k}`: {raw}{fix}")),
            None => (ErrorKind::BadValue, format!("{raw}{fix}")),
        }
    };
    ScenarioError {
        file: file.to_string(),
        line,
        column,
        kind,
        message,
    }
}

/// The largest scenario file read, bytes (the built-in scenarios are a few kilobytes; the
/// whole dated record, 122 measures, is 60 kB).
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;

impl Scenario {
    /// Read and parse a scenario file.
    ///
    /// # Errors
    /// [`ScenarioError`] with the file, line and the fix (see [`Scenario::from_toml_str`]).
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let file = path.display().to_string();
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_file() && meta.len() > MAX_SCENARIO_BYTES {
                return Err(ScenarioError {
                    file,
                    line: None,
                    column: None,
                    kind: ErrorKind::Io,
                    message: format!(
                        "the file is {:.1} MB; a scenario file is text of at most {} MB (the \
                         built-in ones are a few kB): is it the right file?",
                        meta.len() as f64 / 1e6,
                        MAX_SCENARIO_BYTES >> 20
                    ),
                });
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            file: file.clone(),
            line: None,
            column: None,
            kind: ErrorKind::Io,
            message: format!("cannot read the scenario file: {e}"),
        })?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "scenario".into());
        Self::from_toml_str(&text, &file, &stem)
    }

    /// Parse scenario text. `file` names it in errors; `default_name` is used when the file
    /// has no `name`.
    ///
    /// # Errors
    /// A [`ScenarioError`] for invalid TOML, unknown keys (with a suggestion), missing or
    /// conflicting keys, bad dates, out-of-range rates or shares, duplicate ids, steps naming
    /// unknown measures, an unknown record. Country and sector codes are checked later,
    /// against the dataset ([`crate::compile()`]).
    ///
    /// # Example
    /// ```
    /// use truce_scenario::Scenario;
    /// let s = Scenario::from_toml_str(r#"
    /// dataset = "world2024"
    /// [[measure]]
    /// id = "t"
    /// imposing = "USA"
    /// target = "CHN"
    /// instrument = "tariff"
    /// rate_pct = 10
    /// "#, "example.toml", "example").unwrap();
    /// assert_eq!(s.measures.len(), 1);
    /// let e = Scenario::from_toml_str("dataset = \"w\"\nrat_pct = 3\n", "bad.toml", "bad").unwrap_err();
    /// assert_eq!(e.line, Some(2));
    /// ```
    pub fn from_toml_str(
        text: &str,
        file: &str,
        default_name: &str,
    ) -> Result<Scenario, ScenarioError> {
        // Syntax first (so that a broken file is not reported as a bad value), then the schema.
        toml::from_str::<toml::Table>(text).map_err(|e| toml_error(file, text, e, true))?;
        let raw: RawFile = toml::from_str(text).map_err(|e| toml_error(file, text, e, false))?;
        let cx = Ctx {
            file,
            lines: LineIndex::new(text),
        };
        let whole = |kind, msg: String| ScenarioError {
            file: file.to_string(),
            line: None,
            column: None,
            kind,
            message: msg,
        };
        let dataset = match raw.dataset {
            Some(d) if !d.get_ref().trim().is_empty() => Located {
                origin: cx.at(&d),
                value: d.into_inner(),
            },
            Some(d) => {
                return Err(cx.err(
                    &d,
                    ErrorKind::BadValue,
                    "`dataset` is empty; name a dataset such as \"world2024\" or give a path",
                ))
            }
            None => return Err(whole(
                ErrorKind::MissingKey,
                "missing key `dataset` at the top of the file: add e.g. dataset = \"world2024\""
                    .into(),
            )),
        };
        let record = match raw.record {
            Some(r) => {
                if !RECORDS.contains(&r.get_ref().as_str()) {
                    return Err(cx.err(
                        &r,
                        ErrorKind::UnknownRecordItem,
                        format!(
                            "unknown record `{}`{}; the built-in records are: {}",
                            r.get_ref(),
                            did_you_mean(r.get_ref(), RECORDS.iter().copied()),
                            RECORDS.join(", ")
                        ),
                    ));
                }
                Some(Located {
                    origin: cx.at(&r),
                    value: r.into_inner(),
                })
            }
            None => None,
        };
        let model = match raw.model {
            None => ModelOptions::default(),
            Some(m) => parse_model(&cx, m)?,
        };
        let mut measures: Vec<Measure> = Vec::new();
        for m in raw.measure.unwrap_or_default() {
            let parsed = parse_measure(&cx, m)?;
            if let Some(prev) = measures.iter().find(|p| p.id == parsed.id) {
                return Err(parsed.origin.error(
                    ErrorKind::Duplicate,
                    format!(
                        "measure id `{}` is used twice (first at line {}); give each measure its own id",
                        parsed.id, prev.origin.line
                    ),
                ));
            }
            measures.push(parsed);
        }
        let raw_steps = raw.step.unwrap_or_default();
        let implicit_step = raw_steps.is_empty();
        let mut steps: Vec<Step> = Vec::new();
        for s in raw_steps {
            let parsed = parse_step(&cx, s)?;
            if parsed.name == "baseline" || parsed.name == "pre-war" {
                return Err(parsed.origin.error(
                    ErrorKind::Duplicate,
                    format!(
                        "step name `{}` is reserved (it names a reference state); choose another name",
                        parsed.name
                    ),
                ));
            }
            if let Some(prev) = steps.iter().find(|p| p.name == parsed.name) {
                return Err(parsed.origin.error(
                    ErrorKind::Duplicate,
                    format!(
                        "step name `{}` is used twice (first at line {}); step names must be unique",
                        parsed.name, prev.origin.line
                    ),
                ));
            }
            steps.push(parsed);
        }
        if implicit_step {
            if record.is_some() {
                return Err(whole(
                    ErrorKind::MissingKey,
                    "a scenario that includes a record needs [[step]] tables with a `date` (which day of the record to solve)".into(),
                ));
            }
            if measures.is_empty() {
                return Err(whole(
                    ErrorKind::MissingKey,
                    "the scenario has no [[measure]] and no [[step]]: add at least one measure"
                        .into(),
                ));
            }
            steps.push(Step {
                name: "scenario".into(),
                label: raw
                    .name
                    .as_ref()
                    .map(|n| n.get_ref().clone())
                    .unwrap_or_else(|| default_name.to_string()),
                note: None,
                date: None,
                measures: measures
                    .iter()
                    .map(|m| Located {
                        value: m.id.clone(),
                        origin: m.origin.clone(),
                    })
                    .collect(),
                origin: Origin {
                    file: file.to_string(),
                    ..Default::default()
                },
            });
        } else {
            let ids: Vec<&str> = measures.iter().map(|m| m.id.as_str()).collect();
            for s in &steps {
                for id in &s.measures {
                    if !ids.contains(&id.value.as_str()) {
                        return Err(id.origin.error(
                            ErrorKind::UnknownMeasure,
                            format!(
                                "step `{}` lists measure `{}`, which is not defined in this file{}",
                                s.name,
                                id.value,
                                did_you_mean(&id.value, ids.iter().copied())
                            ),
                        ));
                    }
                }
            }
        }
        Ok(Scenario {
            file: file.to_string(),
            name: raw
                .name
                .map(Spanned::into_inner)
                .unwrap_or_else(|| default_name.to_string()),
            description: raw.description,
            dataset,
            record,
            effective_tariff: raw.effective_tariff.map(|e| Located {
                origin: cx.at(&e),
                value: e.into_inner(),
            }),
            notes: raw.notes.unwrap_or_default(),
            model,
            measures,
            steps,
            implicit_step,
        })
    }

    /// The step called `name`.
    pub fn step(&self, name: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.name == name)
    }
}

fn parse_model(cx: &Ctx, m: Spanned<RawModel>) -> Result<ModelOptions, ScenarioError> {
    let m = m.into_inner();
    let mut o = ModelOptions::default();
    if let Some(d) = m.deficit {
        o.deficit = match d.get_ref().as_str() {
            "fixed" => DeficitRule::Fixed,
            "zero" => DeficitRule::Zero,
            other => {
                return Err(cx.err(
                    &d,
                    ErrorKind::BadValue,
                    format!(
                        "unknown deficit rule `{other}`{}; use \"fixed\" (deficits held at base-year values) or \"zero\"",
                        did_you_mean(other, ["fixed", "zero"])
                    ),
                ))
            }
        };
    }
    if let Some(t) = m.tolerance {
        let v = *t.get_ref();
        if !(v.is_finite() && v > 0.0 && v < 1e-2) {
            return Err(cx.err(
                &t,
                ErrorKind::OutOfRange,
                format!("tolerance = {v}: use a positive number below 0.01, such as 1e-10"),
            ));
        }
        o.tolerance = Some(v);
    }
    if let Some(t) = m.max_iterations {
        let v = *t.get_ref();
        if v < 1 {
            return Err(cx.err(
                &t,
                ErrorKind::OutOfRange,
                format!("max_iterations = {v}: use at least 1 (the default is 2000)"),
            ));
        }
        o.max_iterations = Some(v as usize);
    }
    Ok(o)
}

fn string_list(
    cx: &Ctx,
    v: &Spanned<toml::Value>,
    what: &str,
) -> Result<Vec<Located<String>>, ScenarioError> {
    let origin = cx.at(v);
    let bad = || {
        origin.error(
            ErrorKind::BadValue,
            format!("`{what}` must be a code such as \"CHN\" or a list such as [\"CHN\", \"VNM\"]"),
        )
    };
    match v.get_ref() {
        toml::Value::String(s) => Ok(vec![Located {
            value: s.clone(),
            origin,
        }]),
        toml::Value::Array(a) if !a.is_empty() => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(|s| Located {
                        value: s.to_string(),
                        origin: origin.clone(),
                    })
                    .ok_or_else(bad)
            })
            .collect(),
        _ => Err(bad()),
    }
}

fn sector_numbers(
    cx: &Ctx,
    v: &Spanned<toml::Value>,
    what: &str,
    unit_max: Option<f64>,
) -> Result<Vec<(Located<String>, f64)>, ScenarioError> {
    let origin = cx.at(v);
    let table = v.get_ref().as_table().ok_or_else(|| {
        origin.error(
            ErrorKind::BadValue,
            format!("`{what}` must be an inline table of sector = number, e.g. {{ MINING = 0.1 }}"),
        )
    })?;
    if table.is_empty() {
        return Err(origin.error(
            ErrorKind::BadValue,
            format!("`{what}` is empty: name at least one sector"),
        ));
    }
    let mut out = Vec::new();
    for (k, x) in table {
        let num = match x {
            toml::Value::Float(f) => *f,
            toml::Value::Integer(i) => *i as f64,
            _ => {
                return Err(origin.error(
                    ErrorKind::BadValue,
                    format!("`{what}.{k}` must be a number"),
                ))
            }
        };
        let ok = num.is_finite() && num >= 0.0 && unit_max.is_none_or_ge(num);
        if !ok {
            return Err(origin.error(
                ErrorKind::OutOfRange,
                match unit_max {
                    Some(mx) => {
                        format!("`{what}.{k}` = {num}: a share must lie between 0 and {mx}")
                    }
                    None => format!("`{what}.{k}` = {num}: must be a non-negative number"),
                },
            ));
        }
        out.push((
            Located {
                value: k.clone(),
                origin: origin.clone(),
            },
            num,
        ));
    }
    Ok(out)
}

trait MaxExt {
    fn is_none_or_ge(&self, x: f64) -> bool;
}
impl MaxExt for Option<f64> {
    fn is_none_or_ge(&self, x: f64) -> bool {
        match self {
            None => true,
            Some(m) => x <= *m,
        }
    }
}

const INSTRUMENTS: [&str; 3] = ["tariff", "export_tax", "trade_cost"];

fn parse_measure(cx: &Ctx, m: Spanned<RawMeasure>) -> Result<Measure, ScenarioError> {
    let origin = cx.at(&m);
    let m = m.into_inner();
    let id =
        match &m.id {
            Some(id) if !id.get_ref().trim().is_empty() => id.get_ref().clone(),
            Some(id) => {
                return Err(cx.err(
                    id,
                    ErrorKind::BadValue,
                    "measure `id` is empty; give it a short unique name",
                ))
            }
            None => return Err(origin.error(
                ErrorKind::MissingKey,
                "this [[measure]] has no `id`: add a short unique name, e.g. id = \"fentanyl-20\"",
            )),
        };
    let need = |key: &str, example: &str| {
        origin.error(
            ErrorKind::MissingKey,
            format!("measure `{id}` has no `{key}`: add e.g. {key} = {example}"),
        )
    };
    let imposing = m
        .imposing
        .as_ref()
        .ok_or_else(|| need("imposing", "\"USA\""))?;
    let imposing = Located {
        value: imposing.get_ref().clone(),
        origin: cx.at(imposing),
    };
    let target = m.target.as_ref().ok_or_else(|| need("target", "\"CHN\""))?;
    let targets = if target.get_ref().as_str() == Some("ALL") {
        Targets::All
    } else {
        Targets::List(string_list(cx, target, "target")?)
    };
    let instrument_raw = m
        .instrument
        .as_ref()
        .ok_or_else(|| need("instrument", "\"tariff\""))?;
    let instrument = match instrument_raw.get_ref().as_str() {
        "tariff" => Instrument::Tariff,
        "export_tax" => Instrument::ExportTax,
        "trade_cost" => Instrument::TradeCost,
        other => {
            return Err(cx.err(
                instrument_raw,
                ErrorKind::UnknownInstrument,
                format!(
                    "unknown instrument `{other}`{}; use one of: {}",
                    did_you_mean(other, INSTRUMENTS),
                    INSTRUMENTS.join(", ")
                ),
            ))
        }
    };
    // The action: exactly one of rate_pct / change_pp / total_pct / change_pct.
    let given: Vec<(&str, &Spanned<f64>)> = [
        ("rate_pct", &m.rate_pct),
        ("change_pp", &m.change_pp),
        ("total_pct", &m.total_pct),
        ("change_pct", &m.change_pct),
        ("floor_pct", &m.floor_pct),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
    .collect();
    let (key, value) = match given.as_slice() {
        [] => {
            return Err(origin.error(
                ErrorKind::MissingKey,
                match instrument {
                    Instrument::TradeCost => format!(
                        "measure `{id}` sets no level: a trade_cost measure needs change_pct (e.g. change_pct = 10 for 10 % costlier trade)"
                    ),
                    _ => format!(
                        "measure `{id}` sets no level: add rate_pct (the instrument's new level), change_pp (a change in points), total_pct or floor_pct"
                    ),
                },
            ))
        }
        [one] => *one,
        [a, b, ..] => {
            return Err(cx.err(
                b.1,
                ErrorKind::Conflict,
                format!(
                    "measure `{id}` has both `{}` and `{}`: keep one (rate_pct sets the layer's level, change_pp adds to it)",
                    a.0, b.0
                ),
            ))
        }
    };
    let v = *value.get_ref();
    let bad_range = |msg: String| cx.err(value, ErrorKind::OutOfRange, msg);
    if !v.is_finite() {
        return Err(bad_range(format!("{key} = {v} is not a finite number")));
    }
    let action = match (instrument, key) {
        (Instrument::TradeCost, "change_pct") => {
            if v <= -100.0 {
                return Err(bad_range(format!(
                    "change_pct = {v}: trade costs cannot fall by 100 % or more (use a value above -100)"
                )));
            }
            Action::CostChangePct(v)
        }
        (Instrument::TradeCost, k) => {
            return Err(cx.err(
                value,
                ErrorKind::Conflict,
                format!("measure `{id}`: `{k}` does not apply to a trade_cost measure; use change_pct"),
            ))
        }
        (Instrument::Tariff, "floor_pct") => {
            if !(0.0..=10_000.0).contains(&v) {
                return Err(bad_range(format!(
                    "floor_pct = {v}: an all-in tariff floor must lie between 0 and 10000 %"
                )));
            }
            Action::Floor(v)
        }
        (_, "floor_pct") => {
            return Err(cx.err(
                value,
                ErrorKind::Conflict,
                format!("measure `{id}`: floor_pct is for tariffs (an all-in rate); use rate_pct"),
            ))
        }
        (_, "change_pct") => {
            return Err(cx.err(
                value,
                ErrorKind::Conflict,
                format!(
                    "measure `{id}`: change_pct is for trade_cost measures; for a {} use rate_pct or change_pp",
                    instrument.as_str()
                ),
            ))
        }
        (Instrument::Tariff, "rate_pct") | (Instrument::Tariff, "total_pct") => {
            if v <= -100.0 || v > 10_000.0 {
                return Err(bad_range(format!(
                    "{key} = {v}: a tariff must lie above -100 % and at most 10000 %"
                )));
            }
            if key == "rate_pct" {
                Action::SetRate(v)
            } else {
                Action::Total(v)
            }
        }
        (Instrument::ExportTax, "rate_pct") | (Instrument::ExportTax, "total_pct") => {
            if !(0.0..=10_000.0).contains(&v) {
                return Err(bad_range(format!(
                    "{key} = {v}: an export tax must lie between 0 and 10000 %"
                )));
            }
            if key == "rate_pct" {
                Action::SetRate(v)
            } else {
                Action::Total(v)
            }
        }
        (_, _) => {
            if v.abs() > 10_000.0 {
                return Err(bad_range(format!(
                    "change_pp = {v}: changes beyond ±10000 points are not meaningful"
                )));
            }
            Action::ChangePp(v)
        }
    };
    let date = m.date.as_ref().map(|d| *d.get_ref());
    let until = m.until.as_ref().map(|d| *d.get_ref());
    if let (Some(d), Some(u)) = (date, until) {
        if u <= d {
            return Err(cx.err(
                m.until.as_ref().expect("until is set"),
                ErrorKind::OutOfRange,
                format!("measure `{id}`: until = {u} is not after date = {d}; a measure must be in force for at least one day"),
            ));
        }
    }
    if until.is_some() && date.is_none() {
        return Err(origin.error(
            ErrorKind::MissingKey,
            format!("measure `{id}` has `until` but no `date`: add the day it took effect"),
        ));
    }
    let coverage = parse_coverage(cx, &m, &id, &origin)?;
    let within_sector = match &m.within_sector {
        None => WithinSector::Substitutes,
        Some(w) => match w.get_ref().as_str() {
            "substitutes" => WithinSector::Substitutes,
            "cobb-douglas" => WithinSector::CobbDouglas,
            other => {
                return Err(cx.err(
                    w,
                    ErrorKind::OutOfRange,
                    format!(
                    "measure `{id}`: within_sector = \"{other}\" is not known{}; use one of: {}",
                    did_you_mean(other, WITHIN_SECTOR),
                    WITHIN_SECTOR.join(", ")
                ),
                ))
            }
        },
    };
    if matches!(action, Action::Total(_)) && coverage.share != ShareSpec::Full {
        return Err(origin.error(
            ErrorKind::Conflict,
            format!("measure `{id}`: total_pct replaces the whole level, so it needs full coverage (remove share/shares/value/group/schedule)"),
        ));
    }
    let confidence = match &m.confidence {
        None => None,
        Some(c) => {
            let v = c.get_ref().as_str();
            if !CONFIDENCE.contains(&v) {
                return Err(cx.err(
                    c,
                    ErrorKind::BadValue,
                    format!(
                        "measure `{id}`: confidence = \"{v}\" is not known{}; use one of: {}",
                        did_you_mean(v, CONFIDENCE),
                        CONFIDENCE.join(", ")
                    ),
                ));
            }
            Some(v.to_string())
        }
    };
    Ok(Measure {
        confidence,
        label: m.label.clone().unwrap_or_else(|| id.clone()),
        layer: m.layer.clone().unwrap_or_else(|| id.clone()),
        id,
        source: m.source.or(m.note),
        date,
        until,
        imposing,
        targets,
        instrument,
        action,
        coverage,
        within_sector,
        origin,
        from_record: false,
    })
}

fn parse_coverage(
    cx: &Ctx,
    m: &RawMeasure,
    id: &str,
    origin: &Origin,
) -> Result<Coverage, ScenarioError> {
    let sectors_given = m.sectors.is_some();
    let sectors = match &m.sectors {
        None => SectorSet::All,
        Some(v) if v.get_ref().as_str() == Some("all") => SectorSet::All,
        Some(v) => SectorSet::List(string_list(cx, v, "sectors")?),
    };
    let mut sources: Vec<(&str, ShareSpec, SectorSet)> = Vec::new();
    if let Some(s) = &m.share {
        let x = *s.get_ref();
        if !(0.0..=1.0).contains(&x) {
            return Err(cx.err(
                s,
                ErrorKind::OutOfRange,
                format!("share = {x}: a share of trade must lie between 0 and 1"),
            ));
        }
        sources.push(("share", ShareSpec::Uniform(x), sectors.clone()));
    }
    if let Some(v) = &m.shares {
        let list = sector_numbers(cx, v, "shares", Some(1.0))?;
        let set = SectorSet::List(list.iter().map(|(s, _)| s.clone()).collect());
        sources.push(("shares", ShareSpec::PerSector(list), set));
    }
    if let Some(v) = &m.value_usd_bn {
        let list = sector_numbers(cx, v, "value_usd_bn", None)?;
        let set = SectorSet::List(list.iter().map(|(s, _)| s.clone()).collect());
        sources.push(("value_usd_bn", ShareSpec::ValueUsdBn(list), set));
    }
    if let Some(g) = &m.group {
        sources.push((
            "group",
            ShareSpec::Group(Located {
                value: g.get_ref().clone(),
                origin: cx.at(g),
            }),
            sectors.clone(),
        ));
    }
    if let Some(g) = &m.value_group {
        sources.push((
            "value_group",
            ShareSpec::ValueGroup(Located {
                value: g.get_ref().clone(),
                origin: cx.at(g),
            }),
            sectors.clone(),
        ));
    }
    if let Some(s) = &m.schedule {
        let o = cx.at(s);
        let r = s.get_ref();
        if r.to <= r.from {
            return Err(o.error(
                ErrorKind::OutOfRange,
                format!("schedule: to = {} must be after from = {}", r.to, r.from),
            ));
        }
        if !(r.rate_pct != 0.0 && r.rate_pct.is_finite()) {
            return Err(o.error(
                ErrorKind::OutOfRange,
                format!("schedule.rate_pct = {}: the statutory rate of the step must be non-zero (negative for a cut)", r.rate_pct),
            ));
        }
        sources.push((
            "schedule",
            ShareSpec::Schedule {
                side: r.side.clone(),
                from: r.from,
                to: r.to,
                rate_pct: r.rate_pct,
                origin: o,
            },
            sectors.clone(),
        ));
    }
    let (share, sectors) = match sources.len() {
        0 => (ShareSpec::Full, sectors),
        1 => {
            let (k, spec, set) = sources.pop().expect("one");
            if sectors_given && (k == "shares" || k == "value_usd_bn") {
                return Err(origin.error(
                    ErrorKind::Conflict,
                    format!("measure `{id}`: `{k}` already names its sectors; remove `sectors`"),
                ));
            }
            (spec, set)
        }
        _ => {
            return Err(origin.error(
                ErrorKind::Conflict,
                format!(
                    "measure `{id}` gives its coverage twice ({}); keep one of share, shares, value_usd_bn, group, value_group, schedule",
                    sources.iter().map(|s| s.0).collect::<Vec<_>>().join(" and ")
                ),
            ))
        }
    };
    let exclude_value_usd_bn = match &m.exclude_value_usd_bn {
        Some(v) => sector_numbers(cx, v, "exclude_value_usd_bn", None)?,
        None => Vec::new(),
    };
    let exclude_groups = match &m.exclude_groups {
        Some(v) => string_list(cx, v, "exclude_groups")?,
        None => Vec::new(),
    };
    Ok(Coverage {
        sectors,
        share,
        exclude_value_usd_bn,
        exclude_groups,
    })
}

fn parse_step(cx: &Ctx, s: Spanned<RawStep>) -> Result<Step, ScenarioError> {
    let origin = cx.at(&s);
    let s = s.into_inner();
    let name = match &s.name {
        Some(n) if !n.get_ref().trim().is_empty() => n.get_ref().clone(),
        _ => {
            return Err(origin.error(
                ErrorKind::MissingKey,
                "this [[step]] has no `name`: add a short unique name, e.g. name = \"geneva\"",
            ))
        }
    };
    let measures: Vec<Located<String>> = s
        .measures
        .unwrap_or_default()
        .into_iter()
        .map(|m| Located {
            origin: cx.at(&m),
            value: m.into_inner(),
        })
        .collect();
    let date = s.date.map(|d| *d.get_ref());
    if date.is_none() && measures.is_empty() {
        return Err(origin.error(
            ErrorKind::MissingKey,
            format!("step `{name}` has neither `date` nor `measures`: add the date of the state, or list the measures in force"),
        ));
    }
    Ok(Step {
        label: s.label.unwrap_or_else(|| name.clone()),
        note: s.note,
        name,
        date,
        measures,
        origin,
    })
}
