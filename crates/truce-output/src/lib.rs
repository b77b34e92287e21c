//! # truce-output: the typed, versioned outputs of every truce command
//!
//! Brief overview. Every machine-readable result truce produces (`run`, `sweep`, `timeline`,
//! `war`, `talks`, `replicate …`, `data import|aggregate|inspect|split-sector`, `compare`, the
//! global war, the US scenarios and `suite`) is one of the types in
//! this crate. Each serialises to a JSON object whose first three fields are the same
//! [`Header`]:
//!
//! * `schema_version`: `"MAJOR.MINOR"` of that output's shape ([`Output::SCHEMA_VERSION`]);
//! * `truce_version`: the version of truce that wrote it;
//! * `command`: what wrote it (`"run"`, `"replicate cp2015"`, …; [`Output::COMMAND`]).
//!
//! The CLI prints these types, `compare` reads them back with [`read`], and the web API and the
//! Python package serve the same types, so every front end agrees on one shape. A JSON Schema
//! per output is generated from the types ([`schema`], [`all_schemas`]) and checked into the
//! repository under `schemas/`; a test fails when the two drift apart.
//!
//! ## Versioning rule (docs/output-schema.md)
//!
//! * **Minor** (`1.0` → `1.1`): a field is *added* (readers must ignore fields they do not know),
//!   or a string field gains a new value that readers may treat as unknown.
//! * **Major** (`1.x` → `2.0`): a field is removed, renamed, changes type or nullability, or its
//!   meaning or unit changes (e.g. a fraction becomes a percent).
//!
//! [`read`] accepts any minor version of the major version this build writes.
//!
//! This crate depends on serde and schemars only: a client can deserialise truce's output
//! without the model.
//!
//! # Example
//! ```
//! use truce_output::{read, CompareOutput, Output};
//! let text = r#"{"schema_version": "1.7", "truce_version": "0.9.0", "command": "compare",
//!     "a": {"file": "a.json", "command": "run", "scenario": "s", "reference": "baseline"},
//!     "b": {"file": "b.json", "command": "run", "scenario": "s", "reference": "baseline"},
//!     "rows": [], "notes": [], "later_field": 1}"#;
//! let c: CompareOutput = read(text).unwrap();
//! assert_eq!(c.header.command, CompareOutput::COMMAND);
//! assert!(read::<truce_output::RunOutput>(text).is_err(), "a compare file is not a run");
//! ```

mod common;
mod compare;
mod data;
mod games;
mod global_war;
mod replicate;
mod run;
mod sweep;
mod tidy;
mod timeline;

pub use common::{
    CountryResult, CriticalSector, DatasetRef, EffectiveTariff, Elasticities, PartnerTariff,
    QuotaResult, SectorResult, SolverInfo, WelfareMeasure,
};
pub use compare::{CompareOutput, CompareRow, CompareSide, Diff};
pub use data::{
    DataAggregateOutput, DataImportFolderOutput, DataImportOutput, DataSplitSectorOutput,
    DatasetWritten, EquilibriumCheck, FlowSummary, Identity, InspectOutput, RegionSummary, Source,
    SplitCostShare, SplitRegion,
};
pub use games::{
    FrontierPoint, FrontierSolver, GameCountry, GameObjective, GameState, Instrument, Levels,
    NashSolver, PeakState, PlayerResidual, RareEarthLever, RestrictionKind, Solution,
    StatusQuoState, TalksOutput, TalksSolver, ThreatPoint, WarOutput, WarSolver,
};
pub use global_war::{
    FlowValuation, GlobalWarOutput, GlobalWarSummary, RateConvention, Retaliation, SuiteOutput,
    SuiteRow, TariffwarConventions, TariffwarCountry, TariffwarDataset, TariffwarSolver, UsPolicy,
    UsScenarioOutput,
};
pub use replicate::{
    Cp2015Country, Cp2015Output, Cp2015Published, GeGravityBilateral, GeGravityCountry,
    GeGravityMeasures, GeGravityOutput, GeGravityPublished, GegravityBilateral, GegravityCountry,
    GegravityOutput, GegravityReference, GegravitySolver, NoncooperativeTarget,
    NoncooperativeTargets, Ossa2014Output, OssaAverage, OssaBestResponse, OssaCooperative,
    OssaCountry, OssaNashSolver, OssaPublished, OssaRow, OssaSolver,
};
pub use run::{RunOutput, RunStep};
pub use sweep::{Band, FailedDraw, ParameterDistribution, SweepOutput};
pub use tidy::{tidy_rows, TidyLevel};
pub use timeline::{TimelineOutput, TimelinePoint};

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The version of truce that writes outputs (the workspace version).
pub const TRUCE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The three fields at the top of every output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Header {
    /// `"MAJOR.MINOR"` of this output's shape (docs/output-schema.md: a minor bump adds fields,
    /// a major bump removes, renames or retypes one).
    pub schema_version: String,
    /// The truce version that wrote it.
    pub truce_version: String,
    /// The command that wrote it, e.g. `"run"` or `"replicate cp2015"`.
    pub command: String,
}

impl Header {
    /// The header of output `T` written by this build.
    pub fn of<T: Output>() -> Self {
        Self {
            schema_version: T::SCHEMA_VERSION.to_string(),
            truce_version: TRUCE_VERSION.to_string(),
            command: T::COMMAND.to_string(),
        }
    }
}

/// An output type: what wrote it, which shape version, and where its schema lives.
pub trait Output: Serialize + DeserializeOwned + JsonSchema {
    /// The `command` field, e.g. `"run"`.
    const COMMAND: &'static str;
    /// The `schema_version` this build writes, `"MAJOR.MINOR"`.
    const SCHEMA_VERSION: &'static str;
    /// The schema's file stem under `schemas/`, e.g. `"run"` → `schemas/run.schema.json`.
    const SCHEMA_NAME: &'static str;
    /// The header.
    fn header(&self) -> &Header;
}

macro_rules! output {
    ($t:ty, $command:literal, $version:literal, $name:literal) => {
        impl $crate::Output for $t {
            const COMMAND: &'static str = $command;
            const SCHEMA_VERSION: &'static str = $version;
            const SCHEMA_NAME: &'static str = $name;
            fn header(&self) -> &$crate::Header {
                &self.header
            }
        }
    };
}
pub(crate) use output;

/// Why a file could not be read as a truce output.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    /// Not JSON at all.
    #[error("not valid JSON (line {line}, column {column}): {message}")]
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json said.
        message: String,
    },
    /// JSON, but without `schema_version` and `command`: not written by a versioned truce.
    #[error("no `schema_version` and `command` at the top level: not a truce output (or written by a truce older than output schema 1.0); write it again with `--format json`")]
    NoHeader,
    /// Written by another command.
    #[error("it is a `{found}` output, not `{expected}`")]
    WrongCommand {
        /// The file's `command`.
        found: String,
        /// The command expected.
        expected: String,
    },
    /// A schema version this build cannot read.
    #[error("its schema_version is {found}; this truce reads `{command}` outputs of schema {supported}.x: write it again with this truce")]
    IncompatibleVersion {
        /// The command.
        command: String,
        /// The file's version.
        found: String,
        /// The major version this build reads.
        supported: String,
    },
    /// The header is fine but a field does not match the type.
    #[error("it does not match the `{command}` schema {version} (line {line}, column {column}): {message}")]
    Shape {
        /// The command.
        command: String,
        /// The file's version.
        version: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong (serde_json's message names the field).
        message: String,
    },
}

#[derive(Deserialize)]
struct Probe {
    schema_version: Option<String>,
    command: Option<String>,
}

fn major(v: &str) -> &str {
    v.split('.').next().unwrap_or(v)
}

/// The header of any truce output, without reading the rest.
///
/// # Errors
/// [`ReadError::NotJson`] or [`ReadError::NoHeader`].
pub fn read_header(text: &str) -> Result<Header, ReadError> {
    let p: Probe = serde_json::from_str(text).map_err(|e| ReadError::NotJson {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    match (p.schema_version, p.command) {
        (Some(schema_version), Some(command)) => {
            let v: serde_json::Value =
                serde_json::from_str(text).map_err(|_| ReadError::NoHeader)?;
            Ok(Header {
                schema_version,
                truce_version: v["truce_version"].as_str().unwrap_or("").to_string(),
                command,
            })
        }
        _ => Err(ReadError::NoHeader),
    }
}

/// Read output `T` from JSON text: checks `command` and that `schema_version` has the major
/// version this build writes (any minor version is accepted; unknown fields are ignored).
///
/// # Errors
/// A [`ReadError`] saying what is wrong.
pub fn read<T: Output>(text: &str) -> Result<T, ReadError> {
    let h = read_header(text)?;
    if h.command != T::COMMAND {
        return Err(ReadError::WrongCommand {
            found: h.command,
            expected: T::COMMAND.to_string(),
        });
    }
    if major(&h.schema_version) != major(T::SCHEMA_VERSION) {
        return Err(ReadError::IncompatibleVersion {
            command: T::COMMAND.to_string(),
            found: h.schema_version,
            supported: major(T::SCHEMA_VERSION).to_string(),
        });
    }
    serde_json::from_str(text).map_err(|e| ReadError::Shape {
        command: T::COMMAND.to_string(),
        version: h.schema_version.clone(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// Pretty JSON of an output, ending in a newline (what `--format json` prints).
pub fn to_json<T: Serialize>(out: &T) -> String {
    let mut s = serde_json::to_string_pretty(out).expect("output types always serialise");
    s.push('\n');
    s
}

/// The JSON Schema (draft 2020-12) of output `T`, with `command` pinned to
/// [`Output::COMMAND`] and `schema_version` to its major version.
pub fn schema<T: Output>() -> serde_json::Value {
    let mut s = serde_json::to_value(schemars::schema_for!(T)).expect("schemas serialise");
    let props = &mut s["properties"];
    props["command"] = serde_json::json!({
        "description": "The command that wrote this output.",
        "const": T::COMMAND,
    });
    props["schema_version"] = serde_json::json!({
        "description": "MAJOR.MINOR of this output's shape; readers accept any minor version of the major version they know (docs/output-schema.md).",
        "type": "string",
        "pattern": format!("^{}\\.[0-9]+$", major(T::SCHEMA_VERSION)),
    });
    s["$id"] = serde_json::json!(format!(
        "https://example.invalid/truce/schemas/{}.schema.json",
        T::SCHEMA_NAME
    ));
    s
}

/// Every output's schema: (file stem, command, schema version, schema).
pub fn all_schemas() -> Vec<(&'static str, &'static str, &'static str, serde_json::Value)> {
    fn one<T: Output>() -> (&'static str, &'static str, &'static str, serde_json::Value) {
        (T::SCHEMA_NAME, T::COMMAND, T::SCHEMA_VERSION, schema::<T>())
    }
    vec![
        one::<RunOutput>(),
        one::<UsScenarioOutput>(),
        one::<TimelineOutput>(),
        one::<WarOutput>(),
        one::<GlobalWarOutput>(),
        one::<TalksOutput>(),
        one::<Cp2015Output>(),
        one::<Ossa2014Output>(),
        one::<GeGravityOutput>(),
        one::<GegravityOutput>(),
        one::<InspectOutput>(),
        one::<DataImportOutput>(),
        one::<DataImportFolderOutput>(),
        one::<DataAggregateOutput>(),
        one::<DataSplitSectorOutput>(),
        one::<CompareOutput>(),
        one::<SuiteOutput>(),
        one::<SweepOutput>(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compare_text(version: &str, extra: &str) -> String {
        format!(
            r#"{{"schema_version": "{version}", "truce_version": "9.9.9", "command": "compare",
            "a": {{"file": "a", "command": "run", "scenario": null, "reference": "baseline"}},
            "b": {{"file": "b", "command": "run", "scenario": null, "reference": "baseline"}},
            "rows": [], "notes": []{extra}}}"#
        )
    }

    #[test]
    fn a_later_minor_version_with_new_fields_is_read() {
        let c: CompareOutput = read(&compare_text("1.9", r#", "added_in_1_9": [1, 2]"#)).unwrap();
        assert_eq!(c.header.schema_version, "1.9");
        assert_eq!(c.header.truce_version, "9.9.9");
    }

    #[test]
    fn another_major_version_is_refused_with_the_supported_one() {
        let e = read::<CompareOutput>(&compare_text("2.0", "")).unwrap_err();
        assert!(matches!(e, ReadError::IncompatibleVersion { .. }), "{e:?}");
        assert!(e.to_string().contains("schema 1.x"), "{e}");
    }

    #[test]
    fn another_command_is_refused_by_name() {
        let e = read::<RunOutput>(&compare_text("1.0", "")).unwrap_err();
        assert_eq!(e.to_string(), "it is a `compare` output, not `run`");
    }

    #[test]
    fn a_missing_field_is_named() {
        let text = compare_text("1.0", "").replace(r#""rows": [], "#, "");
        let e = read::<CompareOutput>(&text).unwrap_err();
        assert!(e.to_string().contains("missing field `rows`"), "{e}");
    }

    #[test]
    fn unversioned_json_and_non_json_are_told_apart() {
        assert_eq!(
            read::<RunOutput>(r#"{"countries": []}"#).unwrap_err(),
            ReadError::NoHeader
        );
        assert!(matches!(
            read::<RunOutput>("countries,1\n").unwrap_err(),
            ReadError::NotJson { line: 1, .. }
        ));
    }

    #[test]
    fn header_of_names_this_build() {
        let h = Header::of::<RunOutput>();
        assert_eq!(
            (h.command.as_str(), h.schema_version.as_str()),
            ("run", "1.1")
        );
        assert_eq!(h.truce_version, TRUCE_VERSION);
    }
}
