//! truce's own dataset format: a directory with a manifest (`dataset.toml`) and tidy CSV
//! tables. See `docs/data-format.md` for the reference.
//!
//! Reading validates everything once, at the boundary: every error names the file, the row,
//! the column, the value and what would fix it. Writing is deterministic (the same dataset
//! always gives the same bytes) and atomic, and reading back what was written gives the same
//! [`Dataset`] bit for bit.

mod manifest;
mod read;
mod tariffs;
mod validate;
mod write;

pub use manifest::{
    Manifest, ProductionMeta, RegionMeta, SectorMeta, Source, Tables, FORMAT, FORMAT_VERSION,
    MODEL_LASHKARIPOUR2021, UNITS,
};

pub use read::{read_dataset, read_dataset_from_memory};
pub(crate) use tariffs::read_tariff_table;
pub use write::{dataset_files, write_dataset};

use crate::error::{DataError, DataErrorKind};
use std::collections::BTreeMap;
use std::path::Path;
use truce_model::Baseline;

/// Relative tolerance of the balance checks (deficits, value added and final demand values
/// against the amounts implied by the trade table).
pub const BALANCE_TOL: f64 = 1e-6;

/// A dataset: its manifest, the validated baseline, and any alternative tariff tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The manifest.
    pub manifest: Manifest,
    /// The baseline the engine runs on (regions, sectors and θ match the manifest).
    pub baseline: Baseline,
    /// Alternative tariff cubes by label, as fractions in [`truce_model::Dims::nij`] layout.
    pub alt_tariffs: BTreeMap<String, Vec<f64>>,
}

impl Dataset {
    /// Assemble a dataset from a manifest and a baseline. The manifest's `[production]`
    /// section, when present, sets the baseline's production structure.
    ///
    /// # Errors
    /// If the manifest's regions, sectors, tradability or θ disagree with the baseline, its
    /// production section is invalid, or the baseline has a non-Cobb–Douglas production
    /// structure that the manifest does not describe.
    pub fn new(
        manifest: Manifest,
        baseline: Baseline,
        alt_tariffs: BTreeMap<String, Vec<f64>>,
    ) -> Result<Self, DataError> {
        let here = Path::new("dataset.toml");
        let baseline = match &manifest.production {
            Some(pm) => {
                let p = pm.resolve(&baseline).map_err(|problem| {
                    DataError::bad_value(here, 0, "production", "[production]", problem)
                })?;
                baseline
                    .with_production(p)
                    .map_err(|e| DataError::file(here, DataErrorKind::Model(e)))?
            }
            None if !baseline.production().is_cobb_douglas() => {
                return Err(DataError::bad_value(
                    here,
                    0,
                    "production",
                    "(none)",
                    "the baseline has nested CES production but the manifest has no \
                     [production] section to record it",
                ))
            }
            None => baseline,
        };
        let b = &baseline;
        if manifest.regions.len() != b.regions().len()
            || manifest.sectors.len() != b.sectors().len()
        {
            return Err(DataError::file(
                here,
                DataErrorKind::Shape {
                    expected: format!(
                        "{} regions and {} sectors (the baseline's)",
                        b.regions().len(),
                        b.sectors().len()
                    ),
                    found: format!("{} and {}", manifest.regions.len(), manifest.sectors.len()),
                },
            ));
        }
        for (m, r) in manifest.regions.iter().zip(b.regions()) {
            if m.code != r.code {
                return Err(DataError::bad_value(
                    here,
                    0,
                    "regions",
                    &m.code,
                    format!("the baseline has `{}` at this position", r.code),
                ));
            }
        }
        for (j, (m, s)) in manifest.sectors.iter().zip(b.sectors()).enumerate() {
            if m.code != s.code || m.tradable != s.tradable || m.theta != b.theta()[j] {
                return Err(DataError::bad_value(
                    here,
                    0,
                    "sectors",
                    &m.code,
                    "the manifest's sector (code, tradable, theta) must match the baseline's",
                ));
            }
        }
        let d = b.dims();
        for (label, cube) in &alt_tariffs {
            if cube.len() != d.cube_len() {
                return Err(DataError::bad_value(
                    here,
                    0,
                    "tables.alt_tariffs",
                    label,
                    "alternative tariff table has the wrong size",
                ));
            }
        }
        Ok(Self {
            manifest,
            baseline,
            alt_tariffs,
        })
    }

    /// Money units as a multiple of the currency (e.g. 1e6 for `million`).
    pub fn unit_scale(&self) -> f64 {
        unit_scale(&self.manifest.unit).unwrap_or(1.0)
    }
}

pub(super) fn unit_scale(unit: &str) -> Option<f64> {
    UNITS.iter().find(|(u, _)| *u == unit).map(|(_, s)| *s)
}

/// Reads a file of the dataset (from disk, or from memory for the embedded datasets).
pub(super) type Loader<'a> = dyn Fn(&Path) -> Result<String, DataError> + 'a;

/// The largest manifest read (bytes): a real one is a few kilobytes.
pub const MAX_MANIFEST_BYTES: u64 = 16 << 20;

/// Bytes a table row may take on average before a table is refused unread (a row is a few
/// codes and a number, under 100 bytes; this leaves room for long codes and padding).
pub const MAX_ROW_BYTES: u64 = 1024;

/// Refuse, before reading it, a file larger than a table of `rows` rows (its dimensions
/// allow) can be: a wrong or hostile file of hundreds of megabytes fails at once instead of
/// being read into memory. Files that cannot be inspected (in memory) pass.
pub(super) fn check_size(path: &Path, rows: usize) -> Result<(), DataError> {
    let max = (rows as u64 + 1) * MAX_ROW_BYTES + (64 << 10);
    check_size_against(path, max, &format!("a table of {rows} rows"))
}

pub(super) fn check_size_against(path: &Path, max: u64, what: &str) -> Result<(), DataError> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if meta.is_file() && meta.len() > max {
        let mb = |b: u64| b as f64 / 1e6;
        return Err(DataError::file(
            path,
            DataErrorKind::Io(format!(
                "the file is {:.1} MB, more than {what} can be (at most {:.1} MB): is it the \
                 right file? (the manifest's regions and sectors set the table sizes)",
                mb(meta.len()),
                mb(max)
            )),
        ));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
