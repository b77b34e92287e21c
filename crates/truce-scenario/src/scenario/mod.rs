//! The scenario file: TOML schema, parsing, and the checks that need no dataset.
//!
//! See `docs/scenarios.md` for the complete reference. Parsing keeps the line of every value
//! that can only be checked against a dataset later (country and sector codes, measure ids in
//! steps), so those errors name the line too.

mod parse;
mod raw;
mod types;

use crate::error::{ErrorKind, LineIndex, Origin, ScenarioError};
use parse::{parse_elasticities, parse_measure, parse_model, parse_step, toml_error, Ctx};
use raw::RawFile;
use std::path::Path;
use toml::Spanned;
use truce_model::suggest::did_you_mean;

pub use types::{
    Action, Coverage, Elasticities, Instrument, Located, Measure, ModelOptions, SectorSet,
    ShareSpec, Step, Targets, WithinSector, CONFIDENCE,
};

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
    /// Elasticities overriding the dataset's (`[elasticities]`).
    pub elasticities: Elasticities,
    /// The scenario's own measures, in file order.
    pub measures: Vec<Measure>,
    /// The steps; a scenario without `[[step]]` has one step holding every measure.
    pub steps: Vec<Step>,
    /// `true` when the file had no `[[step]]` tables.
    pub implicit_step: bool,
}

/// Names of the built-in records.
pub const RECORDS: &[&str] = &["us-china", "tariff-wall"];

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
        let elasticities = match raw.elasticities {
            None => Elasticities::default(),
            Some(e) => parse_elasticities(&cx, e)?,
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
            elasticities,
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
