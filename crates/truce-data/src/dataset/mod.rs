//! truce's own dataset format: a directory with a manifest (`dataset.toml`) and tidy CSV
//! tables. See `docs/data-format.md` for the reference.
//!
//! Reading validates everything once, at the boundary: every error names the file, the row,
//! the column, the value and what would fix it. Writing is deterministic (the same dataset
//! always gives the same bytes) and atomic, and reading back what was written gives the same
//! [`Dataset`] bit for bit.

mod manifest;

pub use manifest::{
    Manifest, ProductionMeta, RegionMeta, SectorMeta, Source, Tables, FORMAT, FORMAT_VERSION,
    MODEL_LASHKARIPOUR2021, UNITS,
};

use crate::atomic::write_files_atomic;
use crate::codes::did_you_mean;
use crate::error::{DataError, DataErrorKind};
use crate::tidy::{fmt_f64, Codes, Tidy};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use truce_model::{Baseline, BaselineInputs, Dims, ModelError, Region, Sector};

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
    /// Alternative tariff cubes by label, as fractions in [`Dims::nij`] layout.
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

fn unit_scale(unit: &str) -> Option<f64> {
    UNITS.iter().find(|(u, _)| *u == unit).map(|(_, s)| *s)
}

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

type Loader<'a> = dyn Fn(&Path) -> Result<String, DataError> + 'a;

/// The largest manifest read (bytes): a real one is a few kilobytes.
pub const MAX_MANIFEST_BYTES: u64 = 16 << 20;

/// Bytes a table row may take on average before a table is refused unread (a row is a few
/// codes and a number, under 100 bytes; this leaves room for long codes and padding).
pub const MAX_ROW_BYTES: u64 = 1024;

/// Refuse, before reading it, a file larger than a table of `rows` rows (its dimensions
/// allow) can be: a wrong or hostile file of hundreds of megabytes fails at once instead of
/// being read into memory. Files that cannot be inspected (in memory) pass.
fn check_size(path: &Path, rows: usize) -> Result<(), DataError> {
    let max = (rows as u64 + 1) * MAX_ROW_BYTES + (64 << 10);
    check_size_against(path, max, &format!("a table of {rows} rows"))
}

fn check_size_against(path: &Path, max: u64, what: &str) -> Result<(), DataError> {
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

fn read_dataset_with(dir: &Path, load: &Loader<'_>) -> Result<Dataset, DataError> {
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
    let d = Dims {
        n: regions.len(),
        j: sectors.len(),
    };
    let rc = Codes::new("region", manifest.regions.iter().map(|r| r.code.as_str()));
    let sc = Codes::new("sector", manifest.sectors.iter().map(|s| s.code.as_str()));
    let t = &manifest.tables;

    // Trade at producer prices.
    let trade_path = dir.join(&t.trade);
    check_size(&trade_path, d.n * d.n * d.j)?;
    let trade = Tidy::open(
        &trade_path,
        &load(&trade_path)?,
        &["exporter", "importer", "sector", "value"],
        &[],
        &[],
    )?;
    let mut producer = vec![0.0; d.cube_len()];
    let mut seen = vec![0usize; d.cube_len()];
    for row in trade.rows() {
        let i = row.code("exporter", &rc)?;
        let n = row.code("importer", &rc)?;
        let j = row.code("sector", &sc)?;
        let v = row.non_negative("value", "trade flows")?;
        let c = d.nij(n, i, j);
        if seen[c] != 0 {
            return Err(row.bad(
                "exporter,importer,sector",
                format!(
                    "{},{},{}",
                    rc_code(&manifest, i),
                    rc_code(&manifest, n),
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

    let tariff = read_rates(
        dir,
        load,
        &t.tariffs,
        &rc,
        &sc,
        d,
        RateKind::Tariff,
        &sectors,
    )?;
    let export_tax = match &t.export_taxes {
        Some(f) => read_rates(dir, load, f, &rc, &sc, d, RateKind::ExportTax, &sectors)?,
        None => vec![0.0; d.cube_len()],
    };
    let flows: Vec<f64> = producer
        .iter()
        .zip(&export_tax)
        .map(|(v, t)| v * (1.0 + t))
        .collect();

    // Input–output shares.
    let io_path = dir.join(&t.io_shares);
    let io = Tidy::open(
        &io_path,
        &{
            check_size(&io_path, d.n * d.j * d.j)?;
            load(&io_path)?
        },
        &["region", "input", "sector", "share"],
        &[],
        &[],
    )?;
    let mut io_share = vec![0.0; d.io_len()];
    let mut io_seen = vec![0usize; d.io_len()];
    for row in io.rows() {
        let n = row.code("region", &rc)?;
        let k = row.code("input", &sc)?;
        let j = row.code("sector", &sc)?;
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

    // Value-added shares: every region × sector must be present.
    let va_path = dir.join(&t.value_added);
    let va = Tidy::open(
        &va_path,
        &{
            check_size(&va_path, d.n * d.j)?;
            load(&va_path)?
        },
        &["region", "sector", "va_share"],
        &["value_added"],
        &[],
    )?;
    let mut va_share = vec![f64::NAN; d.nj_len()];
    let mut va_value: Vec<Option<(usize, f64)>> = vec![None; d.nj_len()];
    for row in va.rows() {
        let n = row.code("region", &rc)?;
        let j = row.code("sector", &sc)?;
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

    // Final-demand shares (missing rows are 0).
    let fd_path = dir.join(&t.final_demand);
    let fd = Tidy::open(
        &fd_path,
        &{
            check_size(&fd_path, d.n * d.j)?;
            load(&fd_path)?
        },
        &["region", "sector", "share"],
        &["value"],
        &[],
    )?;
    let mut alpha = vec![0.0; d.nj_len()];
    let mut fd_seen = vec![0usize; d.nj_len()];
    let mut fd_value: Vec<Option<(usize, f64)>> = vec![None; d.nj_len()];
    for row in fd.rows() {
        let n = row.code("region", &rc)?;
        let j = row.code("sector", &sc)?;
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
    let mut baseline = Baseline::new(inputs).map_err(|e| model_error(dir, &manifest, e))?;
    if let Some(pm) = &manifest.production {
        let p = pm.resolve(&baseline).map_err(|problem| {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("[production]"))
                .map(|k| k + 1)
                .unwrap_or(0);
            DataError::bad_value(&mpath, line, "production", "[production]", problem)
        })?;
        baseline = baseline
            .with_production(p)
            .map_err(|e| DataError::file(&mpath, DataErrorKind::Model(e)))?;
    }

    // Balance checks against the amounts the trade table implies.
    let rel = |a: f64, b: f64, scale: f64| (a - b).abs() <= BALANCE_TOL * scale.abs().max(1e-300);
    for n in 0..d.n {
        let va_n = baseline.value_added()[n];
        for j in 0..d.j {
            let c = d.nj(n, j);
            if let Some((line, v)) = va_value[c] {
                let implied = baseline.va_share()[c] * baseline.gross_output()[c];
                if !rel(v, implied, va_n) {
                    return Err(DataError::bad_value(
                        &va_path,
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
                if !rel(v, implied, baseline.income(n)) {
                    return Err(DataError::bad_value(
                        &fd_path,
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
    if let Some(f) = &t.deficits {
        let path = dir.join(f);
        check_size(&path, d.n)?;
        let tab = Tidy::open(&path, &load(&path)?, &["region", "deficit"], &[], &[])?;
        let mut seen = vec![false; d.n];
        for row in tab.rows() {
            let n = row.code("region", &rc)?;
            if seen[n] {
                return Err(row.bad("region", &manifest.regions[n].code, "duplicated key"));
            }
            seen[n] = true;
            let v = row.number("deficit")?;
            let implied = baseline.deficit()[n];
            if !rel(v, implied, baseline.value_added()[n]) {
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
    }

    let mut alt_tariffs = BTreeMap::new();
    for (label, f) in &t.alt_tariffs {
        let cube = read_rates(
            dir,
            load,
            f,
            &rc,
            &sc,
            d,
            RateKind::Tariff,
            baseline.sectors(),
        )?;
        alt_tariffs.insert(label.clone(), cube);
    }
    Ok(Dataset {
        manifest,
        baseline,
        alt_tariffs,
    })
}

fn rc_code(m: &Manifest, n: usize) -> &str {
    &m.regions[n].code
}

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

fn validate_manifest(m: &Manifest, path: &Path, text: &str) -> Result<(), DataError> {
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|k| k + 1)
            .unwrap_or(0)
    };
    let bad = |needle: &str, field: &str, value: &str, problem: String| {
        DataError::bad_value(path, line_of(needle), field, value, problem)
    };
    if m.format != FORMAT {
        return Err(bad(
            "format",
            "format",
            &m.format,
            format!("must be \"{FORMAT}\""),
        ));
    }
    if m.format_version != FORMAT_VERSION {
        return Err(bad(
            "format_version",
            "format_version",
            &m.format_version.to_string(),
            format!("this truce reads format version {FORMAT_VERSION}"),
        ));
    }
    if unit_scale(&m.unit).is_none() {
        return Err(bad(
            "unit",
            "unit",
            &m.unit,
            format!(
                "unknown unit{}; use one of {}",
                did_you_mean(&m.unit, UNITS.iter().map(|(u, _)| *u)),
                UNITS.iter().map(|(u, _)| *u).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    if m.sources.is_empty() {
        return Err(bad(
            "[[sources]]",
            "sources",
            "(none)",
            "every dataset must cite at least one source ([[sources]] with id, citation, licence)"
                .into(),
        ));
    }
    for s in &m.sources {
        if s.citation.trim().is_empty() || s.licence.trim().is_empty() {
            return Err(bad(
                &s.id,
                "sources",
                &s.id,
                "a source needs a non-empty citation and licence".into(),
            ));
        }
    }
    let mut codes: Vec<&str> = Vec::new();
    for r in &m.regions {
        if r.code.is_empty() || codes.contains(&r.code.as_str()) {
            return Err(bad(
                &format!("\"{}\"", r.code),
                "regions.code",
                &r.code,
                "region codes must be non-empty and unique".into(),
            ));
        }
        codes.push(&r.code);
    }
    let mut scodes: Vec<&str> = Vec::new();
    let ids: Vec<&str> = m.sources.iter().map(|s| s.id.as_str()).collect();
    for s in &m.sectors {
        if s.code.is_empty() || scodes.contains(&s.code.as_str()) {
            return Err(bad(
                &format!("\"{}\"", s.code),
                "sectors.code",
                &s.code,
                "sector codes must be non-empty and unique".into(),
            ));
        }
        scodes.push(&s.code);
        if !(s.theta.is_finite() && s.theta > 0.0) {
            return Err(bad(
                &format!("\"{}\"", s.code),
                "sectors.theta",
                &s.theta.to_string(),
                format!("trade elasticity of sector {} must be positive", s.code),
            ));
        }
        if let Some(src) = &s.theta_source {
            if !ids.contains(&src.as_str()) {
                return Err(bad(
                    src,
                    "sectors.theta_source",
                    src,
                    format!(
                        "not one of the [[sources]] ids{}",
                        did_you_mean(src, ids.iter().copied())
                    ),
                ));
            }
        }
    }
    if let Some(pm) = &m.production {
        for src in &pm.sources {
            if !ids.contains(&src.as_str()) {
                return Err(bad(
                    src,
                    "production.sources",
                    src,
                    format!(
                        "not one of the [[sources]] ids{}",
                        did_you_mean(src, ids.iter().copied())
                    ),
                ));
            }
        }
    }
    if m.regions.is_empty() || m.sectors.is_empty() {
        return Err(bad(
            "[[regions]]",
            "regions/sectors",
            "(none)",
            "a dataset needs at least one region and one sector".into(),
        ));
    }
    Ok(())
}

/// Read a standalone tariff table (`importer,exporter,sector,rate|rate_pct`) for a baseline's
/// regions and sectors, with the same checks as a dataset's `tariffs.csv`. Used by importers
/// that take a tariff table beside a source without tariffs (`--tariffs FILE`).
///
/// # Errors
/// As for a dataset's tariff table: unreadable file, wrong header, unknown codes (with a
/// suggestion), duplicated keys, percentages in a `rate` column, tariffs on own sales or on
/// non-traded sectors.
pub(crate) fn read_tariff_table(
    path: &Path,
    regions: &[Region],
    sectors: &[Sector],
) -> Result<Vec<f64>, DataError> {
    let d = Dims {
        n: regions.len(),
        j: sectors.len(),
    };
    let rc = Codes::new("region", regions.iter().map(|r| r.code.as_str()));
    let sc = Codes::new("sector", sectors.iter().map(|s| s.code.as_str()));
    let load = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| DataError::file(p, DataErrorKind::Io(e.to_string())))
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    read_rates(dir, &load, &file, &rc, &sc, d, RateKind::Tariff, sectors)
}

#[derive(Clone, Copy, PartialEq)]
enum RateKind {
    Tariff,
    ExportTax,
}

/// Read a rate table; rates are fractions (`rate`) or percent (`rate_pct`).
#[allow(clippy::too_many_arguments)]
fn read_rates(
    dir: &Path,
    load: &Loader<'_>,
    file: &str,
    rc: &Codes<'_>,
    sc: &Codes<'_>,
    d: Dims,
    kind: RateKind,
    sectors: &[Sector],
) -> Result<Vec<f64>, DataError> {
    let path: PathBuf = dir.join(file);
    let (first, second) = match kind {
        RateKind::Tariff => ("importer", "exporter"),
        RateKind::ExportTax => ("exporter", "importer"),
    };
    check_size(&path, d.n * d.n * d.j)?;
    let tab = Tidy::open(
        &path,
        &load(&path)?,
        &[first, second, "sector"],
        &[],
        &[&["rate", "rate_pct"]],
    )?;
    let pct = tab.has("rate_pct");
    let col = if pct { "rate_pct" } else { "rate" };
    let mut cube = vec![0.0; d.cube_len()];
    let mut seen = vec![0usize; d.cube_len()];
    for row in tab.rows() {
        let a = row.code(first, rc)?;
        let b = row.code(second, rc)?;
        let j = row.code("sector", sc)?;
        let (n, i) = match kind {
            RateKind::Tariff => (a, b),
            RateKind::ExportTax => (b, a),
        };
        let raw = row.number(col)?;
        let v = if pct { raw / 100.0 } else { raw };
        let c = d.nij(n, i, j);
        if seen[c] != 0 {
            return Err(row.bad(
                &format!("{first},{second},sector"),
                row.text(first).to_string() + "," + row.text(second) + "," + row.text("sector"),
                format!("duplicated key: already given on line {}", seen[c]),
            ));
        }
        seen[c] = row.line;
        if !pct && raw > 10.0 {
            return Err(row.bad(
                col,
                raw,
                "column `rate` holds fractions (0.25 = 25 %) and this looks like a percentage; \
                 rename the column to rate_pct or divide by 100",
            ));
        }
        match kind {
            RateKind::Tariff if v <= -1.0 => {
                return Err(row.bad(col, raw, "a tariff must exceed −100 %"))
            }
            RateKind::ExportTax if v < 0.0 => {
                return Err(row.bad(col, raw, "an export tax must be non-negative"))
            }
            _ => {}
        }
        if n == i && v != 0.0 {
            return Err(row.bad(col, raw, "a region cannot tax its own domestic sales"));
        }
        if !sectors[j].tradable && v != 0.0 {
            return Err(row.bad(
                col,
                raw,
                format!(
                    "sector {} is not tradable, so it carries no border tax",
                    sectors[j].code
                ),
            ));
        }
        cube[c] = v;
    }
    Ok(cube)
}

/// Write `ds` into `dir` (created if needed): `dataset.toml` and the tables it names. All files
/// appear together or none does.
///
/// Rates are written as fractions (column `rate`) and numbers in their shortest exact decimal
/// form, so [`read_dataset`] gives back the same dataset bit for bit.
///
/// # Errors
/// If a file cannot be written.
pub fn write_dataset(ds: &Dataset, dir: &Path) -> Result<(), DataError> {
    let files = dataset_files(ds, dir)?;
    write_files_atomic(&files)
        .map_err(|e| DataError::file(&e.path, DataErrorKind::Io(e.source.to_string())))
}

/// The files [`write_dataset`] writes for `ds` into `dir`, as (path, bytes), without writing
/// them: for writing several datasets all-or-nothing with [`crate::write_files_atomic`].
///
/// # Errors
/// If the manifest cannot be serialised or names tables the dataset lacks.
pub fn dataset_files(ds: &Dataset, dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, DataError> {
    let b = &ds.baseline;
    let d = b.dims();
    let m = &ds.manifest;
    let t = &m.tables;
    let rcode = |n: usize| b.regions()[n].code.as_str();
    let scode = |j: usize| b.sectors()[j].code.as_str();
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();

    let manifest = toml::to_string_pretty(m).map_err(|e| {
        DataError::file(&dir.join("dataset.toml"), DataErrorKind::Io(e.to_string()))
    })?;
    let header = format!(
        "# truce dataset manifest (format reference: docs/data-format.md)\n\
         # money values in {} {}, base year {}\n",
        m.unit, m.currency, m.base_year
    );
    files.push((dir.join("dataset.toml"), (header + &manifest).into_bytes()));

    let mut s = String::from("exporter,importer,sector,value\n");
    for i in 0..d.n {
        for n in 0..d.n {
            for j in 0..d.j {
                let c = d.nij(n, i, j);
                let v = b.flows()[c] / (1.0 + b.export_tax()[c]);
                if v != 0.0 {
                    let _ = writeln!(s, "{},{},{},{}", rcode(i), rcode(n), scode(j), fmt_f64(v));
                }
            }
        }
    }
    files.push((dir.join(&t.trade), s.into_bytes()));

    let rates = |cube: &[f64], first_is_importer: bool| {
        let mut s = if first_is_importer {
            String::from("importer,exporter,sector,rate\n")
        } else {
            String::from("exporter,importer,sector,rate\n")
        };
        for a in 0..d.n {
            for bb in 0..d.n {
                for j in 0..d.j {
                    let (n, i) = if first_is_importer { (a, bb) } else { (bb, a) };
                    let v = cube[d.nij(n, i, j)];
                    if v != 0.0 {
                        let _ =
                            writeln!(s, "{},{},{},{}", rcode(a), rcode(bb), scode(j), fmt_f64(v));
                    }
                }
            }
        }
        s.into_bytes()
    };
    files.push((dir.join(&t.tariffs), rates(b.tariff(), true)));
    match &t.export_taxes {
        Some(f) => files.push((dir.join(f), rates(b.export_tax(), false))),
        None => {
            if b.export_tax().iter().any(|&v| v != 0.0) {
                return Err(DataError::file(
                    &dir.join("dataset.toml"),
                    DataErrorKind::BadValue {
                        value: "tables.export_taxes".into(),
                        problem: "the baseline has export taxes but the manifest names no \
                                  export_taxes table"
                            .into(),
                    },
                ));
            }
        }
    }
    for (label, f) in &t.alt_tariffs {
        let cube = ds.alt_tariffs.get(label).ok_or_else(|| {
            DataError::file(
                &dir.join(f),
                DataErrorKind::BadValue {
                    value: label.clone(),
                    problem: "the manifest names an alternative tariff table the dataset lacks"
                        .into(),
                },
            )
        })?;
        files.push((dir.join(f), rates(cube, true)));
    }

    let mut s = String::from("region,input,sector,share\n");
    for n in 0..d.n {
        for k in 0..d.j {
            for j in 0..d.j {
                let v = b.io_share()[d.nkj(n, k, j)];
                if v != 0.0 {
                    let _ = writeln!(s, "{},{},{},{}", rcode(n), scode(k), scode(j), fmt_f64(v));
                }
            }
        }
    }
    files.push((dir.join(&t.io_shares), s.into_bytes()));

    let mut s = String::from("region,sector,va_share,value_added\n");
    for n in 0..d.n {
        for j in 0..d.j {
            let c = d.nj(n, j);
            let _ = writeln!(
                s,
                "{},{},{},{}",
                rcode(n),
                scode(j),
                fmt_f64(b.va_share()[c]),
                fmt_f64(b.va_share()[c] * b.gross_output()[c])
            );
        }
    }
    files.push((dir.join(&t.value_added), s.into_bytes()));

    let mut s = String::from("region,sector,share,value\n");
    for n in 0..d.n {
        for j in 0..d.j {
            let c = d.nj(n, j);
            let a = b.alpha()[c];
            if a != 0.0 {
                let _ = writeln!(
                    s,
                    "{},{},{},{}",
                    rcode(n),
                    scode(j),
                    fmt_f64(a),
                    fmt_f64(a * b.income(n))
                );
            }
        }
    }
    files.push((dir.join(&t.final_demand), s.into_bytes()));

    if let Some(f) = &t.deficits {
        let mut s = String::from("region,deficit\n");
        for n in 0..d.n {
            let _ = writeln!(s, "{},{}", rcode(n), fmt_f64(b.deficit()[n]));
        }
        files.push((dir.join(f), s.into_bytes()));
    }
    Ok(files)
}

#[cfg(test)]
pub(crate) mod tests;
