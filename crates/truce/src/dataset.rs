//! Resolving a dataset name or path to a baseline — the one hook every command uses.
//!
//! Today this knows `synthetic-world2024` (the test stand-in of
//! [`truce_scenario::testing`]). `world2024` and dataset folders are connected here when the
//! dataset format lands; until then they give a clear error saying what to use instead.

// The facade's `Error` is shared by every pipeline (its largest variant is the data layer's);
// boxing it is a crate-wide decision, so the size lint is allowed here.
#![allow(clippy::result_large_err)]

use crate::Error;
use std::path::Path;
use std::sync::Arc;
use truce_model::Baseline;
use truce_scenario::suggest::did_you_mean;
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

    /// The JSON object results carry under `dataset`.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name,
            "synthetic": self.synthetic,
            "description": self.description,
            "baseline_date": self.baseline_date.map(|d| d.to_string()),
        })
    }
}

/// Names this build can resolve.
pub const KNOWN: &[&str] = &["synthetic-world2024"];

/// Resolve a dataset name (`world2024`, `synthetic-world2024`) or a folder path.
///
/// # Errors
/// [`Error::Usage`] naming the dataset and what to use instead: `world2024` and folders are
/// not connected in this build; unknown names get a suggestion.
pub fn resolve(name_or_path: &str) -> Result<Dataset, Error> {
    match name_or_path {
        "synthetic-world2024" => Ok(Dataset {
            name: "synthetic-world2024".into(),
            baseline: truce_scenario::testing::synthetic_world2024(),
            flow_unit_usd_bn: Some(truce_scenario::testing::FLOW_UNIT_USD_BN),
            baseline_date: Some(truce_scenario::testing::BASELINE_DATE),
            synthetic: true,
            description: "SYNTHETIC stand-in for world2024 (its regions and sectors; US–China flows from ICAEW 2024, the rest made up): results illustrate the mechanics, not the world".into(),
        }),
        "world2024" => Err(Error::Usage(
            "dataset `world2024` is not built into this version yet; to try the scenario on the synthetic stand-in, pass --dataset synthetic-world2024".into(),
        )),
        other if Path::new(other).exists() => Err(Error::Usage(format!(
            "reading a dataset folder ({other}) is not connected in this version yet; use --dataset synthetic-world2024"
        ))),
        other => Err(Error::Usage(format!(
            "unknown dataset `{other}`{}: give a dataset name ({}) or an existing folder",
            did_you_mean(other, KNOWN.iter().copied().chain(["world2024"])),
            KNOWN.iter().copied().chain(["world2024"]).collect::<Vec<_>>().join(", ")
        ))),
    }
}
