//! `truce data aggregate`: regions and sectors grouped by maps.

use super::{check_out, same_dir, usage, write_dataset_dir, written, written_report};
use crate::Error;
use std::path::Path;
use truce_data::aggregate::{aggregate as aggregate_dataset, GroupMap};
use truce_data::read_dataset;
use truce_output::{DataAggregateOutput, Header};
use truce_report::Report;

/// `truce data aggregate DIR --regions MAP --sectors MAP --out DIR2`. A missing map keeps that
/// dimension as it is.
///
/// # Errors
/// [`Error::Data`] for an unreadable dataset or map (unknown, duplicated or missing codes);
/// [`Error::Usage`] for an occupied output directory; [`Error::Write`].
pub fn aggregate(
    dir: &Path,
    regions: Option<&Path>,
    sectors: Option<&Path>,
    out: &Path,
    name: Option<&str>,
    force: bool,
) -> Result<Report, Error> {
    check_out(out, force)?;
    if same_dir(dir, out) {
        return Err(usage(
            "--out must differ from the source dataset: the aggregate is a new dataset",
        ));
    }
    let ds = read_dataset(dir)?;
    let rc: Vec<&str> = ds
        .manifest
        .regions
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    let sc: Vec<&str> = ds
        .manifest
        .sectors
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    let rmap = match regions {
        Some(p) => GroupMap::read(p, "region", &rc)?,
        None => GroupMap::identity(&rc),
    };
    let smap = match sectors {
        Some(p) => GroupMap::read(p, "sector", &sc)?,
        None => GroupMap::identity(&sc),
    };
    let agg = aggregate_dataset(&ds, &rmap, &smap, name)?;
    write_dataset_dir(&agg, out, force)?;
    let output = DataAggregateOutput {
        header: Header::of::<DataAggregateOutput>(),
        written: written(&agg, out),
    };
    Ok(written_report(
        &agg,
        out,
        &format!(
            "aggregated {} ({} × {}) to",
            ds.manifest.name,
            rc.len(),
            sc.len()
        ),
        Report::of(&output),
    ))
}
