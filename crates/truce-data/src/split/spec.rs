//! The spec file (TOML, format in docs/data-format.md, "split-sector"): its raw shapes and
//! the parse into a [`SplitSpec`] that keeps the line of every share.

use super::{Carve, Origin, Share, SplitSpec};
use crate::dataset::Source;
use crate::error::{DataError, DataErrorKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    code: String,
    name: String,
    theta: Spanned<f64>,
    theta_source: Option<String>,
    classification: Option<String>,
    note: Option<String>,
    epsilon_c: Option<Spanned<f64>>,
    #[serde(default)]
    sources: Vec<Source>,
    carve: Vec<RawCarve>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCarve {
    parent: String,
    #[serde(default)]
    output: BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    flow: Vec<RawFlow>,
    #[serde(default, rename = "use")]
    uses: Vec<RawUse>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlow {
    exporter: String,
    importer: String,
    share: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUse {
    region: String,
    sector: String,
    share: Spanned<f64>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].lines().count().max(1)
}

impl SplitSpec {
    /// Read a spec file (format: docs/data-format.md, "split-sector").
    ///
    /// # Errors
    /// A [`DataError`] naming the file and line: unreadable file, invalid TOML, unknown keys.
    /// Values are checked against the dataset by [`super::split_sector`].
    pub fn load(path: &Path) -> Result<Self, DataError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
        Self::parse(path, &text)
    }

    /// Parse spec text; `path` names it in messages.
    ///
    /// # Errors
    /// As [`SplitSpec::load`].
    pub fn parse(path: &Path, text: &str) -> Result<Self, DataError> {
        let raw: RawSpec = toml::from_str(text).map_err(|e| DataError {
            file: path.to_path_buf(),
            row: e.span().map(|s| line_of(text, s.start)),
            column: None,
            kind: DataErrorKind::BadValue {
                value: "split spec".into(),
                problem: e.message().to_string(),
            },
        })?;
        let share = |s: &Spanned<f64>| Share {
            value: *s.get_ref(),
            line: line_of(text, s.span().start),
        };
        let carves = raw
            .carve
            .iter()
            .map(|c| Carve {
                parent: c.parent.clone(),
                output: c
                    .output
                    .iter()
                    .map(|(k, v)| (k.clone(), share(v)))
                    .collect(),
                flows: c
                    .flow
                    .iter()
                    .map(|f| (f.exporter.clone(), f.importer.clone(), share(&f.share)))
                    .collect(),
                uses: c
                    .uses
                    .iter()
                    .map(|u| (u.region.clone(), u.sector.clone(), share(&u.share)))
                    .collect(),
            })
            .collect();
        Ok(Self {
            code: raw.code,
            name: raw.name,
            theta: *raw.theta.get_ref(),
            theta_source: raw.theta_source,
            classification: raw.classification,
            sources: raw.sources,
            note: raw.note,
            epsilon_c: raw.epsilon_c.map(|e| *e.get_ref()),
            carves,
            origin: Origin {
                file: path.to_path_buf(),
            },
        })
    }
}
