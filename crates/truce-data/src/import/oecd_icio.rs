//! The OECD Inter-Country Input-Output (ICIO) tables' CSV layout → a truce dataset.
//!
//! One CSV per year: a header of column labels and a first column of row labels.
//! * Columns: `CCC_SECTOR` (intermediate use by country CCC's sector; the sector code may
//!   itself hold underscores, e.g. `AUS_A01_02`), `CCC_CAT` for final demand with CAT one of
//!   `HFCE` (households), `NPISH`, `GGFC` (government), `GFCF` (fixed capital formation),
//!   `INVNT` (changes in inventories), `DPABR` (direct purchases abroad by residents; `DIRPA`
//!   in the 2018/2021 editions), and optionally a total column `OUT` (or `OUTPUT`, `TOTAL`).
//! * Rows: `CCC_SECTOR` (output of CCC's sector), `TLS` (taxes less subsidies on products;
//!   also `TAXSUB` or `CCC_TAXSUB`), `VA` (value added; also `VALU`) and `OUT` (gross output;
//!   also `OUTPUT`).
//! * China and Mexico may be split into `CN1`, `CN2`, … and `MX1`, `MX2`, … (processing
//!   trade): those rows and columns are summed into `CHN` and `MEX`.
//!
//! The table is reduced to intermediate use Z and final use F and derived exactly as WIOD is
//! (`io_table`, crate-private); taxes less subsidies on intermediate inputs are part of the
//! value-added residual (value added = gross output − intermediate inputs = VA + TLS); those on
//! final demand are not in the flows (final demand at basic prices). ICIO carries no tariffs
//! and no θ: every sector gets the aggregate θ = 4 (Simonovska & Waugh 2014) unless a θ file
//! is given.

// Index loops follow the notation of the equations (n, i, j, s, k), as in truce-model.
#![allow(clippy::needless_range_loop)]

use super::io_table::{balance_tolerance, build, IoTable, Labelled, SectorInfo};
use super::wiod::user_tariff_source;
use super::{
    apply_theta_overrides, read_theta_file, region_name, simonovska_waugh, truce_region_code,
    THETA_AGGREGATE,
};
use crate::dataset::{Dataset, Manifest, Source};
use crate::error::{DataError, DataErrorKind};
use crate::tidy::fmt_f64;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use truce_model::{Baseline, Region};

/// Options of the OECD ICIO importer.
#[derive(Debug, Clone, Default)]
pub struct IcioOptions {
    /// Base year; default: the last four-digit year in the file name (`ICIO2023_2019.csv` →
    /// 2019).
    pub year: Option<i32>,
    /// A tariff table in truce's format; default: no tariffs.
    pub tariffs: Option<PathBuf>,
    /// A θ file (`sector,theta,citation`); default: θ = 4 for every sector.
    pub theta: Option<PathBuf>,
}

/// Final-demand categories: (code, description, whether negative values are legitimate).
const CATEGORIES: [(&str, &str, bool); 7] = [
    ("HFCE", "household final consumption", false),
    (
        "NPISH",
        "final consumption of non-profit institutions",
        false,
    ),
    ("GGFC", "government final consumption", false),
    ("GFCF", "gross fixed capital formation", true),
    ("INVNT", "changes in inventories", true),
    ("DPABR", "direct purchases abroad by residents", true),
    ("DIRPA", "direct purchases abroad by residents", true),
];

enum Col {
    Inter(usize, usize),
    Final(usize, usize),
    Total,
}

enum RowKind {
    Output(usize, usize),
    Taxes,
    ValueAdded,
    Total,
}

/// The truce code of an ICIO country code: `CN1`, `CN2`… → `CHN`, `MX1`… → `MEX`, then the
/// alias table.
fn country(code: &str) -> String {
    let split = |p: &str| {
        code.strip_prefix(p)
            .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()))
    };
    if split("CN") {
        "CHN".into()
    } else if split("MX") {
        "MEX".into()
    } else {
        truce_region_code(code)
    }
}

fn base_year(path: &Path) -> Option<i32> {
    let stem = path.file_stem()?.to_string_lossy().to_string();
    let mut best = None;
    let chars: Vec<char> = stem.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        if chars[k].is_ascii_digit() {
            let start = k;
            while k < chars.len() && chars[k].is_ascii_digit() {
                k += 1;
            }
            if k - start == 4 {
                let y: i32 = chars[start..k].iter().collect::<String>().parse().ok()?;
                if (1950..=2100).contains(&y) {
                    best = Some(y);
                }
            }
        } else {
            k += 1;
        }
    }
    best
}

/// Import an ICIO table: `src` is the CSV file, or a folder holding exactly one CSV file.
///
/// # Errors
/// A [`DataError`] naming file, row and column for: no or several CSV files; a base year that
/// cannot be told; unknown, duplicated or missing row and column labels (a missing sector,
/// country or `VA`/`OUT` row); cells that are not finite numbers; negative intermediate use
/// or consumption; rows or columns that do not add up to gross output beyond the tolerance
/// (unbalanced table); an unreadable tariff or θ file; a country without final demand.
pub fn import_oecd_icio(src: &Path, opts: &IcioOptions) -> Result<Dataset, DataError> {
    let path = locate(src)?;
    let year = match opts.year.or_else(|| base_year(&path)) {
        Some(y) => y,
        None => {
            return Err(DataError::file(
                &path,
                DataErrorKind::BadValue {
                    value: path
                        .file_name()
                        .map(|f| f.to_string_lossy().to_string())
                        .unwrap_or_default(),
                    problem: "cannot tell the base year from the file name; pass --year".into(),
                },
            ))
        }
    };
    let t = Labelled::read(&path)?;

    // Columns: countries and sectors in order of first appearance among intermediate columns.
    let mut regions: Vec<Region> = Vec::new();
    let mut sectors: Vec<String> = Vec::new();
    let mut cols: Vec<Col> = Vec::with_capacity(t.columns.len());
    let mut pending_final: Vec<(usize, String, usize)> = Vec::new();
    for (k, label) in t.columns.iter().enumerate() {
        let upper = label.to_ascii_uppercase();
        if ["OUT", "OUTPUT", "TOTAL"].contains(&upper.as_str()) {
            cols.push(Col::Total);
            continue;
        }
        let Some((c, rest)) = label.split_once('_') else {
            return Err(DataError::bad_value(
                &path,
                1,
                k + 2,
                label,
                "unknown column label: expected COUNTRY_SECTOR, COUNTRY_CATEGORY (HFCE, NPISH, \
                 GGFC, GFCF, INVNT, DPABR) or OUT",
            ));
        };
        let code = country(c);
        if let Some(cat) = CATEGORIES.iter().position(|(x, _, _)| *x == rest) {
            pending_final.push((k, code, cat));
            cols.push(Col::Total); // placeholder, fixed below
            continue;
        }
        let r = match regions.iter().position(|x| x.code == code) {
            Some(r) => r,
            None => {
                regions.push(Region {
                    name: region_name(&code).unwrap_or(&code).to_string(),
                    code: code.clone(),
                });
                regions.len() - 1
            }
        };
        let s = match sectors.iter().position(|x| x == rest) {
            Some(s) => s,
            None => {
                sectors.push(rest.to_string());
                sectors.len() - 1
            }
        };
        cols.push(Col::Inter(r, s));
    }
    if regions.is_empty() {
        return Err(DataError::bad_value(
            &path,
            1,
            "header",
            "",
            "no intermediate-use columns (COUNTRY_SECTOR): is this an ICIO table?",
        ));
    }
    let (n_r, n_s) = (regions.len(), sectors.len());
    let ns = n_r * n_s;
    let rcodes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
    for (k, code, cat) in pending_final {
        let r = regions.iter().position(|x| x.code == code).ok_or_else(|| {
            DataError::bad_value(
                &path,
                1,
                &t.columns[k],
                &code,
                format!(
                    "final-demand column of a country with no intermediate-use columns{}",
                    crate::codes::did_you_mean(&code, rcodes.iter().copied())
                ),
            )
        })?;
        cols[k] = Col::Final(r, cat);
    }
    // Every country × sector column exactly once (split CN/MX columns add up).
    let mut col_seen = vec![false; ns];
    for c in &cols {
        if let Col::Inter(r, s) = c {
            col_seen[r * n_s + s] = true;
        }
    }
    if let Some(a) = col_seen.iter().position(|x| !x) {
        return Err(DataError::bad_value(
            &path,
            1,
            "header",
            format!("{}_{}", regions[a / n_s].code, sectors[a % n_s]),
            "missing column: every country needs a column for every sector",
        ));
    }
    for r in 0..n_r {
        if !cols
            .iter()
            .any(|c| matches!(c, Col::Final(x, _) if *x == r))
        {
            return Err(DataError::bad_value(
                &path,
                1,
                "header",
                &regions[r].code,
                "no final-demand column (HFCE, NPISH, GGFC, GFCF, INVNT, DPABR) for this country",
            ));
        }
    }

    // Rows.
    let mut kinds = Vec::with_capacity(t.rows.len());
    for (line, label) in &t.rows {
        let upper = label.to_ascii_uppercase();
        let kind = if upper == "TLS" || upper == "TAXSUB" || upper.ends_with("_TAXSUB") {
            RowKind::Taxes
        } else if upper == "VA" || upper == "VALU" {
            RowKind::ValueAdded
        } else if upper == "OUT" || upper == "OUTPUT" {
            RowKind::Total
        } else if let Some((c, s)) = label.split_once('_') {
            let code = country(c);
            let r = regions.iter().position(|x| x.code == code).ok_or_else(|| {
                DataError::bad_value(
                    &path,
                    *line,
                    1,
                    label,
                    format!(
                        "unknown country `{c}`: no column has it{}",
                        crate::codes::did_you_mean(&code, rcodes.iter().copied())
                    ),
                )
            })?;
            let s = sectors.iter().position(|x| x == s).ok_or_else(|| {
                DataError::bad_value(
                    &path,
                    *line,
                    1,
                    label,
                    format!(
                        "unknown sector `{s}`: no column has it{}",
                        crate::codes::did_you_mean(s, sectors.iter().map(String::as_str))
                    ),
                )
            })?;
            RowKind::Output(r, s)
        } else {
            return Err(DataError::bad_value(
                &path,
                *line,
                1,
                label,
                "unknown row label: expected COUNTRY_SECTOR, TLS, VA or OUT",
            ));
        };
        kinds.push(kind);
    }
    let find = |want: fn(&RowKind) -> bool, name: &str| -> Result<usize, DataError> {
        kinds.iter().position(want).ok_or_else(|| {
            DataError::bad_value(
                &path,
                0,
                1,
                name,
                format!("missing row `{name}`: the ICIO layout has TLS, VA and OUT rows under the country-sector rows"),
            )
        })
    };
    find(|k| matches!(k, RowKind::ValueAdded), "VA")?;
    let out_row = find(|k| matches!(k, RowKind::Total), "OUT")?;
    let mut row_seen = vec![false; ns];
    for k in &kinds {
        if let RowKind::Output(r, s) = k {
            row_seen[r * n_s + s] = true;
        }
    }
    if let Some(a) = row_seen.iter().position(|x| !x) {
        return Err(DataError::bad_value(
            &path,
            0,
            1,
            format!("{}_{}", regions[a / n_s].code, sectors[a % n_s]),
            "missing row: every country needs a row for every sector",
        ));
    }

    // Z, F, and the sums for the balance checks.
    let mut z = vec![0.0; ns * ns];
    let mut f = vec![0.0; ns * n_r];
    let mut row_sum = vec![0.0; ns];
    let mut row_line = vec![0usize; ns];
    let mut col_sum = vec![0.0; ns]; // Z + TLS + VA by using column
    let mut out_col = vec![0.0; ns]; // OUT row
    let mut out_given = vec![None; ns]; // OUT column
    for (ri, kind) in kinds.iter().enumerate() {
        let line = t.rows[ri].0;
        for (ci, col) in cols.iter().enumerate() {
            let v = t.get(ri, ci);
            match (kind, col) {
                (RowKind::Output(r, s), Col::Inter(n, k)) => {
                    if v < 0.0 {
                        return Err(DataError::bad_value(
                            &path,
                            line,
                            &t.columns[ci],
                            fmt_f64(v),
                            "intermediate use must be non-negative",
                        ));
                    }
                    let a = r * n_s + s;
                    z[a * ns + n * n_s + k] += v;
                    row_sum[a] += v;
                    col_sum[n * n_s + k] += v;
                }
                (RowKind::Output(r, s), Col::Final(n, cat)) => {
                    let (code, what, may_be_negative) = CATEGORIES[*cat];
                    if v < 0.0 && !may_be_negative {
                        return Err(DataError::bad_value(
                            &path,
                            line,
                            &t.columns[ci],
                            fmt_f64(v),
                            format!(
                                "{what} ({code}) must be non-negative; only GFCF, INVNT and \
                                 DPABR may be negative"
                            ),
                        ));
                    }
                    let a = r * n_s + s;
                    f[a * n_r + n] += v;
                    row_sum[a] += v;
                }
                (RowKind::Output(r, s), Col::Total) => {
                    let a = r * n_s + s;
                    *out_given[a].get_or_insert(0.0) += v;
                    row_line[a] = line;
                }
                (RowKind::Taxes | RowKind::ValueAdded, Col::Inter(n, k)) => {
                    col_sum[n * n_s + k] += v;
                }
                (RowKind::Total, Col::Inter(n, k)) => out_col[n * n_s + k] += v,
                _ => {}
            }
            if let RowKind::Output(r, s) = kind {
                if row_line[r * n_s + s] == 0 {
                    row_line[r * n_s + s] = line;
                }
            }
        }
    }
    // Balance: sales = output (rows) and costs = output (columns).
    let out_line = t.rows[out_row].0;
    for r in 0..n_r {
        let total: f64 = (0..n_s).map(|s| out_col[r * n_s + s]).sum();
        for s in 0..n_s {
            let a = r * n_s + s;
            let label = format!("{}_{}", regions[r].code, sectors[s]);
            let tol = balance_tolerance(out_col[a], total);
            if (row_sum[a] - out_col[a]).abs() > tol {
                return Err(DataError::bad_value(
                    &path,
                    row_line[a],
                    "(row sum)",
                    fmt_f64(row_sum[a]),
                    format!(
                        "unbalanced table: intermediate plus final use of {label} sums to {} but \
                         its output (row OUT) is {} (tolerance {}: 1 % of the cell or 0.1 % of \
                         the country's output)",
                        fmt_f64(row_sum[a]),
                        fmt_f64(out_col[a]),
                        fmt_f64(tol)
                    ),
                ));
            }
            if let Some(o) = out_given[a] {
                if (o - out_col[a]).abs() > tol {
                    return Err(DataError::bad_value(
                        &path,
                        row_line[a],
                        "OUT",
                        fmt_f64(o),
                        format!(
                            "unbalanced table: output of {label} is {} in row OUT (tolerance {})",
                            fmt_f64(out_col[a]),
                            fmt_f64(tol)
                        ),
                    ));
                }
            }
            if (col_sum[a] - out_col[a]).abs() > tol {
                return Err(DataError::bad_value(
                    &path,
                    out_line,
                    &label,
                    fmt_f64(out_col[a]),
                    format!(
                        "unbalanced table: intermediate inputs + TLS + VA of {label} sum to {} \
                         (tolerance {})",
                        fmt_f64(col_sum[a]),
                        fmt_f64(tol)
                    ),
                ));
            }
        }
    }

    // θ.
    let scodes: Vec<&str> = sectors.iter().map(String::as_str).collect();
    let mut theta = vec![THETA_AGGREGATE; n_s];
    let mut theta_source: Vec<Option<String>> = vec![Some("sw2014".into()); n_s];
    let mut sources = vec![
        Source {
            id: "oecd_icio".into(),
            citation: format!(
                "OECD Inter-Country Input-Output (ICIO) tables, OECD Directorate for Science, \
                 Technology and Innovation; file {}",
                path.file_name()
                    .map(|f| f.to_string_lossy().to_string())
                    .unwrap_or_default()
            ),
            licence: "OECD terms and conditions: free reuse with attribution".into(),
            url: Some("https://oe.cd/icio".into()),
            used_for: Some(format!(
                "intermediate and final use by origin and destination, {year}"
            )),
        },
        simonovska_waugh(),
    ];
    if let Some(p) = &opts.theta {
        let ov = read_theta_file(p, &scodes)?;
        apply_theta_overrides(&ov, p, &mut theta, &mut theta_source, &mut sources);
    }
    let table = IoTable {
        regions: regions.clone(),
        sectors: sectors
            .iter()
            .map(|s| SectorInfo {
                code: s.clone(),
                name: s.clone(),
                classification: Some(format!("ICIO sector {s} (ISIC Rev.4)")),
            })
            .collect(),
        z,
        f,
    };
    let (inputs, treatment) = build(&table, &path, theta.clone(), |r, s| {
        opts.tariffs
            .as_ref()
            .map(|p| crate::dataset::read_tariff_table(p, r, s))
            .transpose()
    })?;
    let baseline =
        Baseline::new(inputs).map_err(|e| DataError::file(&path, DataErrorKind::Model(e)))?;
    let mut notes = vec![
        format!("OECD ICIO layout, {year}, millions of current USD at basic prices."),
        "Final demand = HFCE + NPISH + GGFC + GFCF + INVNT + DPABR (direct purchases abroad by \
         residents); inventory changes and direct purchases enter with their sign. Taxes less \
         subsidies (TLS) on intermediate inputs are part of the value-added residual; those on \
         final demand are not in the flows."
            .into(),
        "Split countries (CN1, CN2, …, MX1, MX2, …) are summed into CHN and MEX.".into(),
    ];
    notes.extend(treatment.notes("million USD"));
    if let Some(p) = &opts.tariffs {
        sources.push(user_tariff_source(p));
        notes.push(format!(
            "Tariffs from {} applied on top of basic prices.",
            p.display()
        ));
    } else {
        notes.push("ICIO carries no tariffs: every tariff is 0.".into());
    }
    if opts.theta.is_none() {
        notes.push(
            "θ = 4 for every sector (Simonovska & Waugh 2014 aggregate elasticity): ICIO has no \
             elasticities; pass --theta FILE (sector,theta,citation) for sector values."
                .into(),
        );
    }
    let mut manifest = Manifest::for_baseline(
        &baseline,
        &format!("oecd-icio{year}"),
        &format!("OECD ICIO, {year}: {n_r} economies × {n_s} sectors"),
        year,
        "USD",
        "million",
        sources,
        None,
    );
    manifest.description = format!(
        "Imported by `truce data import oecd-icio` from {}.",
        path.display()
    );
    manifest.notes = notes;
    for (j, s) in manifest.sectors.iter_mut().enumerate() {
        s.theta_source = theta_source[j].clone();
        s.classification = table.sectors[j].classification.clone();
    }
    Dataset::new(manifest, baseline, BTreeMap::new())
}

fn locate(src: &Path) -> Result<PathBuf, DataError> {
    if src.is_file() {
        return Ok(src.to_path_buf());
    }
    if !src.is_dir() {
        return Err(DataError::file(
            src,
            DataErrorKind::Io("no such file or directory; pass an ICIO CSV file".into()),
        ));
    }
    let mut csvs: Vec<PathBuf> = std::fs::read_dir(src)
        .map_err(|e| DataError::file(src, DataErrorKind::Io(e.to_string())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.to_string_lossy().eq_ignore_ascii_case("csv"))
        })
        .collect();
    csvs.sort();
    match csvs.len() {
        1 => Ok(csvs.remove(0)),
        0 => Err(DataError::file(
            src,
            DataErrorKind::Io("no CSV file in this folder; pass the ICIO CSV file itself".into()),
        )),
        k => Err(DataError::file(
            src,
            DataErrorKind::Io(format!(
                "{k} CSV files in this folder; pass the one to import (e.g. {})",
                csvs[0].display()
            )),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_from_file_name() {
        assert_eq!(base_year(Path::new("ICIO2023_2019.csv")), Some(2019));
        assert_eq!(base_year(Path::new("x/ICIO_2018.CSV")), Some(2018));
        assert_eq!(base_year(Path::new("table.csv")), None);
    }

    #[test]
    fn split_countries_merge() {
        assert_eq!(country("CN1"), "CHN");
        assert_eq!(country("MX2"), "MEX");
        assert_eq!(country("ROM"), "ROU");
        assert_eq!(country("CNX"), "CNX");
    }
}
