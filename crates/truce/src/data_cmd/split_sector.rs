//! `truce data split-sector`: a small sector carved out of aggregates.

use super::{check_out, same_dir, usage, write_dataset_dir, written, written_report};
use crate::Error;
use std::path::Path;
use truce_data::read_dataset;
use truce_output::{DataSplitSectorOutput, Header, SplitCostShare, SplitRegion};
use truce_report::{Cell, Report, Table};

/// `truce data split-sector DIR --spec SPEC.toml --out DIR2`: carve a small sector (e.g.
/// rare earths) out of one or more aggregates of the dataset in `dir`
/// ([`truce_data::split`]), write the new dataset whole or not at all, and report what was
/// carved (output, exports, absorption by region; cost shares of the users).
///
/// # Errors
/// [`Error::Usage`] for an `--out` that exists (without `force`) or is the source;
/// [`Error::Data`] for an unreadable dataset or spec, or a spec the dataset cannot take (the
/// message names the spec file, line, field and value: a share outside (0, 1), an unknown
/// code, exports above output, uses above absorption, …).
pub fn split_sector(dir: &Path, spec: &Path, out: &Path, force: bool) -> Result<Report, Error> {
    check_out(out, force)?;
    if same_dir(dir, out) {
        return Err(usage(
            "--out must differ from the source dataset: the split is a new dataset",
        ));
    }
    let ds = read_dataset(dir)?;
    let spec = truce_data::split::SplitSpec::load(spec)?;
    let (split, r) = truce_data::split::split_sector(&ds, &spec)?;
    write_dataset_dir(&split, out, force)?;
    let output = DataSplitSectorOutput {
        header: Header::of::<DataSplitSectorOutput>(),
        written: written(&split, out),
        split_sector: r.code.clone(),
        split_regions: r
            .output
            .iter()
            .enumerate()
            .map(|(k, (code, y))| SplitRegion {
                code: code.clone(),
                output: *y,
                exports: r.exports[k].1,
                absorption: r.absorption[k].1,
                final_share: r.final_share[k].1,
            })
            .collect(),
        split_cost_shares: r
            .cost_shares
            .iter()
            .map(|(region, sector, share)| SplitCostShare {
                region: region.clone(),
                sector: sector.clone(),
                share: *share,
            })
            .collect(),
    };
    let mut report = written_report(
        &split,
        out,
        &format!("split {} out of {} into", r.code, ds.manifest.name),
        Report::of(&output),
    );
    let unit = format!("{} {}", split.manifest.unit, split.manifest.currency);
    let mut t = Table::new(
        format!("{}: the carved sector by region ({unit})", r.code),
        &[
            "region",
            "output",
            "exports",
            "absorption",
            "final-demand share",
        ],
    );
    for x in &output.split_regions {
        t.push(vec![
            Cell::text(&x.code),
            Cell::num(x.output, 6),
            Cell::num(x.exports, 6),
            Cell::num(x.absorption, 6),
            Cell::num(x.final_share, 3),
        ]);
    }
    let mut c = Table::new(
        format!("{}: cost share in its users (%)", r.code),
        &["region", "sector", "cost share %"],
    );
    for x in &output.split_cost_shares {
        c.push(vec![
            Cell::text(&x.region),
            Cell::text(&x.sector),
            Cell::num(100.0 * x.share, 4),
        ]);
    }
    report = report.with_table(t).with_table(c);
    Ok(report)
}
