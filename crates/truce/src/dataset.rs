//! Resolving a dataset name or path to a baseline — the one hook every command uses.
//!
//! Names: `world2024` (the embedded default world, `truce_world`) and
//! `synthetic-world2024` (the test stand-in of [`truce_scenario::testing`]). Anything else that
//! is an existing folder is read as a truce dataset (`docs/data-format.md`).

// The facade's `Error` is shared by every pipeline (its largest variant is the data layer's);
// boxing it is a crate-wide decision, so the size lint is allowed here.
#![allow(clippy::result_large_err)]

use crate::Error;
use std::path::Path;
use std::sync::Arc;
use truce_model::suggest::did_you_mean;
use truce_model::Baseline;
use truce_scenario::Date;

/// A resolved dataset: the baseline and what the pipelines need to know about it.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Name (or the path given).
    pub name: String,
    /// The baseline.
    pub baseline: Arc<Baseline>,
    /// USD bn per unit of the baseline's flows, if known.
    pub flow_unit_usd_bn: Option<f64>,
    /// Date of the baseline's tariffs, if known (the record needs it).
    pub baseline_date: Option<Date>,
    /// `true` for synthetic stand-ins: results say so.
    pub synthetic: bool,
    /// For stylised calibrations (manifest `stylised = true`): the note every result prints.
    pub stylised_note: Option<String>,
    /// One line on what it is.
    pub description: String,
}

impl Dataset {
    /// The view of this dataset a scenario compile needs.
    pub fn info(&self) -> truce_scenario::DatasetInfo<'_> {
        truce_scenario::DatasetInfo {
            baseline: &self.baseline,
            flow_unit_usd_bn: self.flow_unit_usd_bn,
            baseline_date: self.baseline_date,
        }
    }

    /// The object results carry under `dataset`.
    pub fn output(&self) -> truce_output::DatasetRef {
        truce_output::DatasetRef {
            name: self.name.clone(),
            synthetic: self.synthetic,
            description: self.description.clone(),
            baseline_date: self.baseline_date.map(|d| d.to_string()),
            stylised: self.stylised_note.is_some(),
        }
    }
}

/// Names this build can resolve.
pub const KNOWN: &[&str] = &["world2024", "synthetic-world2024"];

/// The date world2024's tariffs describe (20 January 2025; see [`truce_world::BASELINE_DATE`]):
/// its tariffs are the record's state that day.
pub const WORLD2024_BASELINE_DATE: Date = truce_world::BASELINE_DATE;

/// A dataset read by `truce_data` (the embedded world or a folder), as the pipelines see it.
fn from_data(name: String, ds: truce_data::Dataset, baseline_date: Option<Date>) -> Dataset {
    let m = &ds.manifest;
    let flow_unit_usd_bn = (m.currency == "USD").then(|| ds.unit_scale() / 1e9);
    let stylised_note = m.stylised.then(|| {
        m.notes
            .first()
            .cloned()
            .unwrap_or_else(|| format!("{} is a stylised calibration", m.name))
    });
    Dataset {
        name,
        description: m.title.clone(),
        baseline: Arc::new(ds.baseline),
        flow_unit_usd_bn,
        baseline_date,
        synthetic: false,
        stylised_note,
    }
}

/// Resolve a dataset name (`world2024`, `synthetic-world2024`) or a folder path.
///
/// # Errors
/// [`Error::Data`] when a dataset folder is invalid (file, row, column, fix);
/// [`Error::Usage`] for an unknown name, with a suggestion.
pub fn resolve(name_or_path: &str) -> Result<Dataset, Error> {
    match name_or_path {
        "synthetic-world2024" => Ok(Dataset {
            name: "synthetic-world2024".into(),
            baseline: truce_scenario::testing::synthetic_world2024(),
            flow_unit_usd_bn: Some(truce_scenario::testing::FLOW_UNIT_USD_BN),
            baseline_date: Some(truce_scenario::testing::BASELINE_DATE),
            synthetic: true,
            stylised_note: None,
            description: "SYNTHETIC stand-in for world2024 (its regions and sectors; US–China flows from ICAEW 2024, the rest made up): results illustrate the mechanics, not the world".into(),
        }),
        "world2024" => Ok(from_data(
            "world2024".into(),
            truce_world::load()?,
            Some(WORLD2024_BASELINE_DATE),
        )),
        other if Path::new(other).is_dir() => Ok(from_data(
            other.to_string(),
            truce_data::read_dataset(Path::new(other))?,
            None,
        )),
        other => Err(Error::Usage(format!(
            "unknown dataset `{other}`{}: give a dataset name ({}) or an existing folder",
            did_you_mean(other, KNOWN.iter().copied()),
            KNOWN.join(", ")
        ))),
    }
}
