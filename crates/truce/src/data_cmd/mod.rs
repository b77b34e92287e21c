//! The pipelines behind `truce data import | aggregate | split-sector | inspect`, one module
//! per command; the output-folder checks and the whole-or-nothing writes they share are here.
//!
//! Every pipeline returns a [`Report`]; the ones that write a dataset write it whole or not at
//! all: the files go to a temporary directory beside the target, which is renamed into place
//! only when every file was written ([`write_dataset_dir`]).

mod aggregate;
mod import;
mod inspect;
mod split_sector;

pub use aggregate::aggregate;
pub use import::{build, import, ImportKind, ImportOptions, GRAVITY_DEFAULT_THETA};
pub use inspect::{inspect, inspection_output};
pub use split_sector::split_sector;

use crate::Error;
use std::path::{Path, PathBuf};
use truce_data::{write_dataset, Dataset};
use truce_output::DatasetWritten;
use truce_report::{Align, Cell, Report, Table};

fn usage(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

/// Refuse to write into a non-empty directory unless `force` and it holds a dataset.
fn check_out(out: &Path, force: bool) -> Result<(), Error> {
    if out.is_file() {
        return Err(usage(format!(
            "--out {} is a file; give a directory for the dataset",
            out.display()
        )));
    }
    if out.is_dir() {
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            if !force {
                return Err(usage(format!(
                    "{} exists and is not empty: choose another --out, or pass --force to \
                     replace the dataset there",
                    out.display()
                )));
            }
            if !out.join("dataset.toml").is_file() {
                return Err(usage(format!(
                    "{} is not a truce dataset (no dataset.toml): --force only replaces a \
                     dataset; choose another --out",
                    out.display()
                )));
            }
        }
    }
    Ok(())
}

/// `--out` of a folder import (one dataset per file in it): absent, empty, or with `--force` a
/// folder that holds only datasets (an earlier folder import), which is replaced whole.
fn check_out_folder(out: &Path, force: bool) -> Result<(), Error> {
    if out.is_file() {
        return Err(usage(format!(
            "--out {} is a file; give a directory for the datasets",
            out.display()
        )));
    }
    let Ok(entries) = std::fs::read_dir(out) else {
        return Ok(());
    };
    let entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    if entries.is_empty() {
        return Ok(());
    }
    if !force {
        return Err(usage(format!(
            "{} exists and is not empty: choose another --out, or pass --force to replace the \
             datasets there",
            out.display()
        )));
    }
    if let Some(other) = entries.iter().find(|p| !p.join("dataset.toml").is_file()) {
        return Err(usage(format!(
            "{} holds {}, which is not a truce dataset (no dataset.toml): --force only \
             replaces a folder of datasets; choose another --out",
            out.display(),
            other.display()
        )));
    }
    Ok(())
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Write `ds` into `out` whole or not at all: the files are written (atomically) into a fresh
/// temporary directory beside `out`, which then takes its place; an existing dataset there is
/// replaced only when `force` is set. On failure nothing is left behind.
///
/// # Errors
/// [`Error::Usage`] for an occupied `out` (see [`import`]); [`Error::Data`]/[`Error::Write`]
/// when writing or renaming fails.
pub fn write_dataset_dir(ds: &Dataset, out: &Path, force: bool) -> Result<(), Error> {
    check_out(out, force)?;
    replace_dir(out, |tmp| write_dataset(ds, tmp).map_err(Error::from))
}

/// Fill a fresh temporary directory beside `out` with `fill`, then let it take `out`'s place
/// (an existing `out` is moved aside and removed only once the new one is in place). On any
/// failure the temporary directory is removed and `out` is left as it was.
fn replace_dir(out: &Path, fill: impl FnOnce(&Path) -> Result<(), Error>) -> Result<(), Error> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .ok_or_else(|| usage(format!("--out {} names no directory", out.display())))?;
    std::fs::create_dir_all(&parent).map_err(|e| write_error(&parent, e))?;
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    if let Err(e) = fill(&tmp) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had = out.exists();
    if had {
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(write_error(out, e));
        }
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if had {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(write_error(out, e));
    }
    if had {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

fn write_error(p: &Path, e: std::io::Error) -> Error {
    Error::Write(truce_report::WriteError {
        path: p.to_path_buf(),
        source: e,
    })
}

fn written(ds: &Dataset, out: &Path) -> DatasetWritten {
    let b = &ds.baseline;
    let d = b.dims();
    let m = &ds.manifest;
    let mut files = vec![
        "dataset.toml".to_string(),
        m.tables.trade.clone(),
        m.tables.tariffs.clone(),
        m.tables.io_shares.clone(),
        m.tables.value_added.clone(),
        m.tables.final_demand.clone(),
    ];
    files.extend(m.tables.export_taxes.clone());
    files.extend(m.tables.deficits.clone());
    files.extend(m.tables.alt_tariffs.values().cloned());
    DatasetWritten {
        dataset: m.name.clone(),
        title: m.title.clone(),
        out: out.display().to_string(),
        files,
        regions: d.n,
        sectors: d.j,
        tradable_sectors: b.sectors().iter().filter(|s| s.tradable).count(),
        base_year: m.base_year,
        currency: m.currency.clone(),
        unit: m.unit.clone(),
        sources: m.sources.iter().map(|s| s.id.clone()).collect(),
        elasticity_aggregation: m.elasticity_aggregation.clone(),
        notes: m.notes.clone(),
    }
}

fn written_report(ds: &Dataset, out: &Path, verb: &str, report: Report) -> Report {
    let b = &ds.baseline;
    let d = b.dims();
    let m = &ds.manifest;
    let tradable = b.sectors().iter().filter(|s| s.tradable).count();
    let mut t = Table::new(
        format!(
            "{verb} {} → {} ({} regions × {} sectors, {} tradable; {} {}, base year {})",
            m.name,
            out.display(),
            d.n,
            d.j,
            tradable,
            m.unit,
            m.currency,
            m.base_year
        ),
        &["region", "name", "GDP", "gross output"],
    )
    .align(1, Align::Left);
    for n in 0..d.n {
        let y: f64 = (0..d.j).map(|j| b.gross_output()[d.nj(n, j)]).sum();
        t.push(vec![
            Cell::text(&b.regions()[n].code),
            Cell::text(&b.regions()[n].name),
            Cell::num(b.value_added()[n], 1),
            Cell::num(y, 1),
        ]);
    }
    let mut r = report.with_table(t);
    for n in &m.notes {
        r = r.with_note(n.clone());
    }
    r.with_note(format!(
        "inspect it with `truce data inspect {}`",
        out.display()
    ))
}
