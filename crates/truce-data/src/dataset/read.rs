//! Reading a dataset: the manifest, then each table in turn (trade, tariffs and export taxes,
//! input–output shares, value added, final demand), the baseline they make, and the balance
//! checks against the amounts the trade table implies. Each step is one function; every error
//! names the file, the row, the column and the value.

use super::tariffs::{read_rates, RateKind};
use super::validate::validate_manifest;
use super::{
    check_size, check_size_against, Dataset, Loader, Manifest, BALANCE_TOL, MAX_MANIFEST_BYTES,
};
use crate::error::{DataError, DataErrorKind};
use crate::tidy::{fmt_f64, Codes, Tidy};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use truce_model::{Baseline, BaselineInputs, Dims, ModelError, Region, Sector};

/// Read and validate the dataset in `dir`.
///
/// # Errors
/// A [`DataError`] naming the file, row, column and value for: a missing or malformed
/// manifest (unknown keys, wrong format tag or version, unknown unit, duplicated codes, a θ
/// source that is not listed); a table with a wrong header (missing, unknown or duplicated
/// columns, wrong units column); non-numeric, NaN or negative values; unknown region or sector
/// codes (with a suggestion); duplicated keys; missing value-added rows; trade in a non-traded
/// sector; a tariff on a region's own sales; balance checks beyond [`BALANCE_TOL`]; and any
/// model-validation failure (shares not summing to one, …).
pub fn read_dataset(dir: &Path) -> Result<Dataset, DataError> {
    read_dataset_with(dir, &|path: &Path| {
        std::fs::read_to_string(path).map_err(|e| {
            let hint = if path.ends_with("dataset.toml") {
                "; a truce dataset is a directory with dataset.toml and CSV tables \
                 (see docs/data-format.md, or build one with `truce data import`)"
            } else {
                "; the manifest's [tables] names this file"
            };
            DataError::file(path, DataErrorKind::Io(format!("{e}{hint}")))
        })
    })
}

/// Read a dataset whose files are held in memory (e.g. embedded in the binary with
/// `include_str!`), keyed by file name; `label` is the directory name used in messages.
///
/// # Errors
/// As [`read_dataset`]; a file the manifest names but `files` lacks is reported as missing.
pub fn read_dataset_from_memory(label: &str, files: &[(&str, &str)]) -> Result<Dataset, DataError> {
    let dir = Path::new(label);
    read_dataset_with(dir, &|path: &Path| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| c.to_string())
            .ok_or_else(|| DataError::file(path, DataErrorKind::Io("not embedded".into())))
    })
}

/// The manifest as read: its path and text (for line numbers in later messages).
struct ManifestFile {
    manifest: Manifest,
    path: PathBuf,
    text: String,
}

/// What every table of one dataset is read against: its folder, the loader, the dimensions and
/// the manifest's codes.
struct Tables<'a> {
    dir: &'a Path,
    load: &'a Loader<'a>,
    manifest: &'a Manifest,
    d: Dims,
    rc: Codes<'a>,
    sc: Codes<'a>,
}

impl Tables<'_> {
    /// Open table `file` of at most `rows` rows (refused unread if larger) and check its header.
    fn open(
        &self,
        file: &str,
        rows: usize,
        required: &[&str],
        optional: &[&str],
    ) -> Result<(PathBuf, Tidy), DataError> {
        let path = self.dir.join(file);
        check_size(&path, rows)?;
        let tab = Tidy::open(&path, &(self.load)(&path)?, required, optional, &[])?;
        Ok((path, tab))
    }

    /// A rate table (tariffs or export taxes) as a cube in [`Dims::nij`] layout.
    fn rates(&self, file: &str, kind: RateKind, sectors: &[Sector]) -> Result<Vec<f64>, DataError> {
        read_rates(
            self.dir, self.load, file, &self.rc, &self.sc, self.d, kind, sectors,
        )
    }
}

/// A share table's column of values in money (`value_added`, `value`) when it has one: the
/// line and the value per cell, checked against the baseline once it is built.
type Values = Vec<Option<(usize, f64)>>;

fn read_dataset_with(dir: &Path, load: &Loader<'_>) -> Result<Dataset, DataError> {
    let mf = read_manifest(dir, load)?;
    let manifest = &mf.manifest;
    let (regions, sectors) = regions_and_sectors(manifest);
    let tables = Tables {
        dir,
        load,
        manifest,
        d: Dims {
            n: regions.len(),
            j: sectors.len(),
        },
        rc: Codes::new("region", manifest.regions.iter().map(|r| r.code.as_str())),
        sc: Codes::new("sector", manifest.sectors.iter().map(|s| s.code.as_str())),
    };
    let t = &manifest.tables;
    let d = tables.d;

    let producer = read_trade(&tables, &sectors)?;
    let tariff = tables.rates(&t.tariffs, RateKind::Tariff, &sectors)?;
    let export_tax = match &t.export_taxes {
        Some(f) => tables.rates(f, RateKind::ExportTax, &sectors)?,
        None => vec![0.0; d.cube_len()],
    };
    let flows: Vec<f64> = producer
        .iter()
        .zip(&export_tax)
        .map(|(v, t)| v * (1.0 + t))
        .collect();
    let io_share = read_io_shares(&tables, &sectors)?;
    let (va_path, va_share, va_value) = read_value_added(&tables, &sectors)?;
    let (fd_path, alpha, fd_value) = read_final_demand(&tables, &sectors)?;

    let inputs = BaselineInputs {
        regions,
        sectors,
        theta: manifest.sectors.iter().map(|s| s.theta).collect(),
        flows,
        tariff,
        export_tax,
        va_share,
        io_share,
        alpha,
    };
    let baseline = build_baseline(dir, &mf, inputs)?;
    check_balances(&baseline, (&va_path, &va_value), (&fd_path, &fd_value))?;
    if let Some(f) = &t.deficits {
        check_deficits(&tables, f, &baseline)?;
    }

    let mut alt_tariffs = BTreeMap::new();
    for (label, f) in &t.alt_tariffs {
        let cube = tables.rates(f, RateKind::Tariff, baseline.sectors())?;
        alt_tariffs.insert(label.clone(), cube);
    }
    Ok(Dataset {
        manifest: mf.manifest,
        baseline,
        alt_tariffs,
    })
}

/// Step 1: the manifest, parsed and validated.
fn read_manifest(dir: &Path, load: &Loader<'_>) -> Result<ManifestFile, DataError> {
    let mpath = dir.join("dataset.toml");
    check_size_against(&mpath, MAX_MANIFEST_BYTES, "a manifest")?;
    let text = load(&mpath)?;
    let manifest: Manifest = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        DataError {
            file: mpath.clone(),
            row: line,
            column: None,
            kind: DataErrorKind::BadValue {
                value: "manifest".into(),
                problem: e.message().to_string(),
            },
        }
    })?;
    validate_manifest(&manifest, &mpath, &text)?;
    Ok(ManifestFile {
        manifest,
        path: mpath,
        text,
    })
}

/// The model's regions and sectors as the manifest lists them.
fn regions_and_sectors(manifest: &Manifest) -> (Vec<Region>, Vec<Sector>) {
    let regions: Vec<Region> = manifest
        .regions
        .iter()
        .map(|r| Region {
            code: r.code.clone(),
            name: r.name.clone(),
        })
        .collect();
    let sectors: Vec<Sector> = manifest
        .sectors
        .iter()
        .map(|s| Sector {
            code: s.code.clone(),
            name: s.name.clone(),
            tradable: s.tradable,
        })
        .collect();
    (regions, sectors)
}

/// Step 2: trade at producer prices (no cross-border flow in a non-traded sector).
fn read_trade(tables: &Tables<'_>, sectors: &[Sector]) -> Result<Vec<f64>, DataError> {
    let (d, rc, sc, manifest) = (tables.d, &tables.rc, &tables.sc, tables.manifest);
    let (_, trade) = tables.open(
        &manifest.tables.trade,
        d.n * d.n * d.j,
        &["exporter", "importer", "sector", "value"],
        &[],
    )?;
    let mut producer = vec![0.0; d.cube_len()];
    let mut seen = vec![0usize; d.cube_len()];
    for row in trade.rows() {
        let i = row.code("exporter", rc)?;
        let n = row.code("importer", rc)?;
        let j = row.code("sector", sc)?;
        let v = row.non_negative("value", "trade flows")?;
        let c = d.nij(n, i, j);
        if seen[c] != 0 {
            return Err(row.bad(
                "exporter,importer,sector",
                format!(
                    "{},{},{}",
                    rc_code(manifest, i),
                    rc_code(manifest, n),
                    sectors[j].code
                ),
                format!("duplicated key: already given on line {}", seen[c]),
            ));
        }
        seen[c] = row.line;
        if !sectors[j].tradable && i != n && v != 0.0 {
            return Err(row.bad(
                "value",
                v,
                format!(
                    "sector {} is not tradable (manifest), so it can have no cross-border flow; \
                     mark it tradable = true or remove the row",
                    sectors[j].code
                ),
            ));
        }
        producer[c] = v;
    }
    Ok(producer)
}

/// Step 3: input–output shares (missing rows are 0).
fn read_io_shares(tables: &Tables<'_>, sectors: &[Sector]) -> Result<Vec<f64>, DataError> {
    let (d, rc, sc, manifest) = (tables.d, &tables.rc, &tables.sc, tables.manifest);
    let (_, io) = tables.open(
        &manifest.tables.io_shares,
        d.n * d.j * d.j,
        &["region", "input", "sector", "share"],
        &[],
    )?;
    let mut io_share = vec![0.0; d.io_len()];
    let mut io_seen = vec![0usize; d.io_len()];
    for row in io.rows() {
        let n = row.code("region", rc)?;
        let k = row.code("input", sc)?;
        let j = row.code("sector", sc)?;
        let v = row.number("share")?;
        let c = d.nkj(n, k, j);
        if io_seen[c] != 0 {
            return Err(row.bad(
                "region,input,sector",
                format!(
                    "{},{},{}",
                    manifest.regions[n].code, sectors[k].code, sectors[j].code
                ),
                format!("duplicated key: already given on line {}", io_seen[c]),
            ));
        }
        io_seen[c] = row.line;
        io_share[c] = v;
    }
    Ok(io_share)
}

/// Step 4: value-added shares (every region × sector must be present) and, when the table has
/// them, the values in money.
fn read_value_added(
    tables: &Tables<'_>,
    sectors: &[Sector],
) -> Result<(PathBuf, Vec<f64>, Values), DataError> {
    let (d, rc, sc, manifest) = (tables.d, &tables.rc, &tables.sc, tables.manifest);
    let (va_path, va) = tables.open(
        &manifest.tables.value_added,
        d.n * d.j,
        &["region", "sector", "va_share"],
        &["value_added"],
    )?;
    let mut va_share = vec![f64::NAN; d.nj_len()];
    let mut va_value: Values = vec![None; d.nj_len()];
    for row in va.rows() {
        let n = row.code("region", rc)?;
        let j = row.code("sector", sc)?;
        let c = d.nj(n, j);
        if !va_share[c].is_nan() {
            return Err(row.bad(
                "region,sector",
                format!("{},{}", manifest.regions[n].code, sectors[j].code),
                "duplicated key",
            ));
        }
        va_share[c] = row.number("va_share")?;
        if va.has("value_added") {
            va_value[c] = Some((row.line, row.number("value_added")?));
        }
    }
    for n in 0..d.n {
        for j in 0..d.j {
            if va_share[d.nj(n, j)].is_nan() {
                return Err(DataError::bad_value(
                    &va_path,
                    0,
                    "region,sector",
                    format!("{},{}", manifest.regions[n].code, sectors[j].code),
                    "missing row: every region × sector needs a value-added share (1 for a \
                     sector without intermediate inputs)",
                ));
            }
        }
    }
    Ok((va_path, va_share, va_value))
}

/// Step 5: final-demand shares (missing rows are 0) and, when the table has them, the values
/// in money.
fn read_final_demand(
    tables: &Tables<'_>,
    sectors: &[Sector],
) -> Result<(PathBuf, Vec<f64>, Values), DataError> {
    let (d, rc, sc, manifest) = (tables.d, &tables.rc, &tables.sc, tables.manifest);
    let (fd_path, fd) = tables.open(
        &manifest.tables.final_demand,
        d.n * d.j,
        &["region", "sector", "share"],
        &["value"],
    )?;
    let mut alpha = vec![0.0; d.nj_len()];
    let mut fd_seen = vec![0usize; d.nj_len()];
    let mut fd_value: Values = vec![None; d.nj_len()];
    for row in fd.rows() {
        let n = row.code("region", rc)?;
        let j = row.code("sector", sc)?;
        let c = d.nj(n, j);
        if fd_seen[c] != 0 {
            return Err(row.bad(
                "region,sector",
                format!("{},{}", manifest.regions[n].code, sectors[j].code),
                format!("duplicated key: already given on line {}", fd_seen[c]),
            ));
        }
        fd_seen[c] = row.line;
        alpha[c] = row.non_negative("share", "final-demand shares")?;
        if fd.has("value") {
            fd_value[c] = Some((row.line, row.number("value")?));
        }
    }
    Ok((fd_path, alpha, fd_value))
}

/// Step 6: the validated baseline, with the manifest's production structure when it has one.
fn build_baseline(
    dir: &Path,
    mf: &ManifestFile,
    inputs: BaselineInputs,
) -> Result<Baseline, DataError> {
    let manifest = &mf.manifest;
    let mut baseline = Baseline::new(inputs).map_err(|e| model_error(dir, manifest, e))?;
    if let Some(pm) = &manifest.production {
        let p = pm.resolve(&baseline).map_err(|problem| {
            let line = mf
                .text
                .lines()
                .position(|l| l.trim_start().starts_with("[production]"))
                .map(|k| k + 1)
                .unwrap_or(0);
            DataError::bad_value(&mf.path, line, "production", "[production]", problem)
        })?;
        baseline = baseline
            .with_production(p)
            .map_err(|e| DataError::file(&mf.path, DataErrorKind::Model(e)))?;
    }
    Ok(baseline)
}

/// Whether `a` and `b` agree within [`BALANCE_TOL`] of `scale`.
fn balanced(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= BALANCE_TOL * scale.abs().max(1e-300)
}

/// Step 7: the value-added and final-demand values against the amounts the trade table implies.
fn check_balances(
    baseline: &Baseline,
    (va_path, va_value): (&Path, &Values),
    (fd_path, fd_value): (&Path, &Values),
) -> Result<(), DataError> {
    let d = baseline.dims();
    for n in 0..d.n {
        let va_n = baseline.value_added()[n];
        for j in 0..d.j {
            let c = d.nj(n, j);
            if let Some((line, v)) = va_value[c] {
                let implied = baseline.va_share()[c] * baseline.gross_output()[c];
                if !balanced(v, implied, va_n) {
                    return Err(DataError::bad_value(
                        va_path,
                        line,
                        "value_added",
                        fmt_f64(v),
                        format!(
                            "unbalanced: va_share × gross output from the trade table = {}; \
                             fix the value or the trade table (tolerance {BALANCE_TOL} of the \
                             region's value added)",
                            fmt_f64(implied)
                        ),
                    ));
                }
            }
            if let Some((line, v)) = fd_value[c] {
                let implied = baseline.alpha()[c] * baseline.income(n);
                if !balanced(v, implied, baseline.income(n)) {
                    return Err(DataError::bad_value(
                        fd_path,
                        line,
                        "value",
                        fmt_f64(v),
                        format!(
                            "unbalanced: share × final absorption (value added + tariff revenue \
                             + deficit) = {}; fix the value or the shares",
                            fmt_f64(implied)
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Step 8: the deficits table (optional) against imports − exports in the trade table.
fn check_deficits(tables: &Tables<'_>, file: &str, baseline: &Baseline) -> Result<(), DataError> {
    let (d, manifest) = (tables.d, tables.manifest);
    let (_, tab) = tables.open(file, d.n, &["region", "deficit"], &[])?;
    let mut seen = vec![false; d.n];
    for row in tab.rows() {
        let n = row.code("region", &tables.rc)?;
        if seen[n] {
            return Err(row.bad("region", &manifest.regions[n].code, "duplicated key"));
        }
        seen[n] = true;
        let v = row.number("deficit")?;
        let implied = baseline.deficit()[n];
        if !balanced(v, implied, baseline.value_added()[n]) {
            return Err(row.bad(
                "deficit",
                fmt_f64(v),
                format!(
                    "unbalanced: imports − exports in the trade table = {} (tolerance \
                     {BALANCE_TOL} of value added); the trade table and the deficits disagree",
                    fmt_f64(implied)
                ),
            ));
        }
    }
    Ok(())
}

fn rc_code(m: &Manifest, n: usize) -> &str {
    &m.regions[n].code
}

/// A model-validation failure, reported against the table that holds the offending field.
fn model_error(dir: &Path, m: &Manifest, e: ModelError) -> DataError {
    let t = &m.tables;
    let file = match e.field.as_str() {
        "flows" => t.trade.as_str(),
        "tariff" => t.tariffs.as_str(),
        "export_tax" => t.export_taxes.as_deref().unwrap_or("export_taxes.csv"),
        "va_share" => t.value_added.as_str(),
        "io_share" | "va_share + io_share" => t.io_shares.as_str(),
        "alpha" => t.final_demand.as_str(),
        // Gross output, and so value added, comes from the trade table's sales.
        "value_added" => t.trade.as_str(),
        _ => "dataset.toml",
    };
    DataError::file(&dir.join(file), DataErrorKind::Model(e))
}
