//! The World Input-Output Database, 2013 release (Timmer et al. 2015): the full table of one
//! year as CSV (`../shared/data/wiod2013/full_2011/`: `Z_2011.csv`, `F_2011.csv`,
//! `X_VA_2011.csv`, `countries.csv`, `sectors.csv`; 41 economies × 35 sectors, millions of
//! current USD at basic prices).
//!
//! Flows, input–output shares, value-added shares and final-demand shares are derived as in
//! `io_table` (crate-private); treatments of negative inventories, non-positive value-added residuals
//! and zero-output cells are documented in `docs/data-format.md`. WIOD has no tariffs (zero
//! unless a tariff table is given) and no θ (mapped from published elasticities, see
//! [`wiod_theta`]).

// Index loops follow the notation of the equations (n, i, j, s, k), as in truce-model.
#![allow(clippy::needless_range_loop)]

use super::io_table::{balance_tolerance, build, IoTable, Labelled, SectorInfo};
use super::{
    apply_theta_overrides, caliendo_parro_theta, read_theta_file, region_name, simonovska_waugh,
    truce_region_code, THETA_AGGREGATE,
};
use crate::dataset::{Dataset, Manifest, Source};
use crate::error::{DataError, DataErrorKind};
use crate::tidy::{fmt_f64, Codes, Tidy};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use truce_model::{Baseline, Region};

/// Options of the WIOD importer.
#[derive(Debug, Clone, Default)]
pub struct WiodOptions {
    /// A tariff table in truce's format (`importer,exporter,sector,rate|rate_pct`, truce
    /// region codes, WIOD sector ids); default: no tariffs.
    pub tariffs: Option<PathBuf>,
    /// A θ file (`sector,theta,citation`) overriding the default mapping for some sectors.
    pub theta: Option<PathBuf>,
}

/// Final-demand categories of the 2013 release's CSV (WIOD codes c37, c38, c39, c41, c42):
/// (label suffix, description, whether negative values are legitimate).
const CATEGORIES: [(&str, &str, bool); 5] = [
    ("HH", "household consumption", false),
    ("NPISH", "consumption of non-profit institutions", false),
    ("GOV", "government consumption", false),
    ("GFCF", "gross fixed capital formation", true),
    ("INV", "changes in inventories", true),
];

/// World imports of 1993 (thousands of USD) of the Caliendo–Parro sectors that WIOD merges,
/// the weights of [`wiod_theta`]'s trade-weighted means. Summed from
/// `../shared/data/cp2015/original/xbilat1993.txt` (Caliendo & Parro 2015 replication data,
/// off-diagonal cells of sectors 11, 12, 14–17), rounded to the thousand.
const CP_WORLD_IMPORTS_1993: [(&str, f64, f64); 6] = [
    ("Basic metals (ISIC 27)", 3.28, 170_027_622.0),
    ("Metal products (ISIC 28)", 6.99, 70_474_661.0),
    (
        "Office and computing machinery (ISIC 30)",
        12.95,
        154_049_057.0,
    ),
    ("Electrical machinery (ISIC 31)", 12.91, 124_627_460.0),
    (
        "Radio, TV and communication equipment (ISIC 32)",
        3.95,
        214_775_500.0,
    ),
    (
        "Medical and precision instruments (ISIC 33)",
        8.71,
        100_202_682.0,
    ),
];

/// θ for the 35 WIOD sectors (by index 0..35) with the source id and how it was mapped.
///
/// Goods (c1–c16) take Caliendo & Parro (2015)'s sector estimates (Table 1, 99 % sample, as in
/// their T.txt) by ISIC Rev.3 correspondence; where WIOD merges several of their sectors (c12 =
/// ISIC 27–28, c14 = ISIC 30–33) θ is the mean weighted by 1993 world imports
/// (`CP_WORLD_IMPORTS_1993`). Services and utilities (c17–c35) take the aggregate elasticity
/// 4 of Simonovska & Waugh (2014): no sector estimate exists for them in the stored sources,
/// and Caliendo–Parro's 8.22 for services is a placeholder for non-traded sectors, not an
/// estimate.
pub fn wiod_theta() -> Vec<(f64, &'static str, String)> {
    let w = |a: usize, b: usize| {
        let s = &CP_WORLD_IMPORTS_1993[a..b];
        s.iter().map(|(_, t, w)| t * w).sum::<f64>() / s.iter().map(|(_, _, w)| w).sum::<f64>()
    };
    let cp = |t: f64, what: &str| (t, "cp2015", format!("CP2015 {what}"));
    let mut v = vec![
        cp(9.11, "Agriculture (ISIC 1–5)"),
        cp(13.53, "Mining (ISIC 10–14)"),
        cp(2.62, "Food (ISIC 15–16)"),
        cp(8.10, "Textile (ISIC 17–19)"),
        cp(8.10, "Textile (ISIC 17–19, includes leather 19)"),
        cp(11.50, "Wood (ISIC 20)"),
        cp(16.52, "Paper (ISIC 21–22)"),
        cp(64.85, "Petroleum (ISIC 23)"),
        cp(3.13, "Chemicals (ISIC 24)"),
        cp(1.67, "Plastic (ISIC 25)"),
        cp(2.41, "Minerals (ISIC 26)"),
        (
            w(0, 2),
            "cp2015",
            "CP2015 Basic metals 3.28 and Metal products 6.99, weighted by 1993 world imports"
                .into(),
        ),
        cp(1.45, "Machinery n.e.c. (ISIC 29)"),
        (
            w(2, 6),
            "cp2015",
            "CP2015 Office 12.95, Electrical 12.91, Communication 3.95, Medical 8.71, weighted by \
             1993 world imports"
                .into(),
        ),
        cp(
            8.22,
            "Auto and Other Transport (ISIC 34–35); 8.22 as in their T.txt",
        ),
        cp(3.98, "Other (ISIC 36–37)"),
    ];
    for _ in 16..35 {
        v.push((
            THETA_AGGREGATE,
            "sw2014",
            "Simonovska & Waugh (2014) aggregate elasticity (services and utilities)".into(),
        ));
    }
    v
}

/// Where the files are: `src` itself, or `src/full_2011` (the release's folder).
fn locate(src: &Path) -> Result<(PathBuf, i32), DataError> {
    let dir = if src.join("full_2011").is_dir() {
        src.join("full_2011")
    } else {
        src.to_path_buf()
    };
    if !dir.is_dir() {
        return Err(DataError::file(
            src,
            DataErrorKind::Io(
                "not a directory; pass the WIOD 2013 folder (e.g. ../shared/data/wiod2013 or its \
                 full_2011/)"
                    .into(),
            ),
        ));
    }
    let mut years: Vec<i32> = std::fs::read_dir(&dir)
        .map_err(|e| DataError::file(&dir, DataErrorKind::Io(e.to_string())))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.strip_prefix("Z_")
                .and_then(|r| r.strip_suffix(".csv"))
                .and_then(|y| y.parse().ok())
        })
        .collect();
    years.sort_unstable();
    match years.as_slice() {
        [y] => Ok((dir, *y)),
        [] => Err(DataError::file(
            &dir,
            DataErrorKind::Io(
                "no Z_YYYY.csv here: the WIOD importer reads one year's table as CSV \
                 (Z_YYYY.csv, F_YYYY.csv, X_VA_YYYY.csv, countries.csv, sectors.csv), as in \
                 ../shared/data/wiod2013/full_2011"
                    .into(),
            ),
        )),
        more => Err(DataError::file(
            &dir,
            DataErrorKind::Io(format!(
                "several years here ({}); put one year's files in a folder of their own",
                more.iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        )),
    }
}

/// Read the WIOD table in `src` and build a dataset.
///
/// # Errors
/// A [`DataError`] naming file, row and column for: missing files; wrong headers; a country or
/// sector list out of order; a missing, unexpected or duplicated row or column label (e.g. a
/// missing sector); a cell that is not a finite number; negative intermediate use or negative
/// consumption; a row whose sum differs from the reported gross output beyond the tolerance
/// (unbalanced table); an unreadable tariff or θ file; a region without final demand.
pub fn import_wiod(src: &Path, opts: &WiodOptions) -> Result<Dataset, DataError> {
    let (dir, year) = locate(src)?;
    let (orig_codes, regions) = read_countries(&dir.join("countries.csv"))?;
    let sectors = read_sectors(&dir.join("sectors.csv"))?;
    let (n_r, n_s) = (regions.len(), sectors.len());
    let ns = n_r * n_s;
    let sids: Vec<&str> = sectors.iter().map(|s| s.code.as_str()).collect();

    // Z: rows and columns labelled CCC_cN.
    let z_path = dir.join(format!("Z_{year}.csv"));
    let zf = Labelled::read(&z_path)?;
    let cs_labels: Vec<String> = orig_codes
        .iter()
        .flat_map(|c| sids.iter().map(move |s| format!("{c}_{s}")))
        .collect();
    let z_cols = match_columns(&zf, &cs_labels)?;
    let z_rows = match_rows(&zf, &cs_labels)?;
    let mut z = vec![0.0; ns * ns];
    for (a, &r) in z_rows.iter().enumerate() {
        for (b, &c) in z_cols.iter().enumerate() {
            let v = zf.get(r, c);
            if v < 0.0 {
                return Err(DataError::bad_value(
                    &zf.path,
                    zf.rows[r].0,
                    &zf.columns[c],
                    fmt_f64(v),
                    "intermediate use must be non-negative",
                ));
            }
            z[a * ns + b] = v;
        }
    }

    // F: rows CCC_cN, columns CCC_{HH,NPISH,GOV,GFCF,INV}.
    let f_path = dir.join(format!("F_{year}.csv"));
    let ff = Labelled::read(&f_path)?;
    let f_labels: Vec<String> = orig_codes
        .iter()
        .flat_map(|c| CATEGORIES.iter().map(move |(k, _, _)| format!("{c}_{k}")))
        .collect();
    let f_cols = match_columns(&ff, &f_labels)?;
    let f_rows = match_rows(&ff, &cs_labels)?;
    let mut f = vec![0.0; ns * n_r];
    let mut row_sum = vec![0.0; ns];
    for (a, &r) in f_rows.iter().enumerate() {
        for n in 0..n_r {
            for (c, (cat, what, may_be_negative)) in CATEGORIES.iter().enumerate() {
                let col = f_cols[n * CATEGORIES.len() + c];
                let v = ff.get(r, col);
                if v < 0.0 && !may_be_negative {
                    return Err(DataError::bad_value(
                        &ff.path,
                        ff.rows[r].0,
                        &ff.columns[col],
                        fmt_f64(v),
                        format!(
                            "{what} ({cat}) must be non-negative; only capital formation (GFCF) \
                             and changes in inventories (INV) may be negative"
                        ),
                    ));
                }
                f[a * n_r + n] += v;
                row_sum[a] += v;
            }
        }
        row_sum[a] += z[a * ns..(a + 1) * ns].iter().sum::<f64>();
    }

    // X_VA: reported gross output, the balance check.
    let xva_path = dir.join(format!("X_VA_{year}.csv"));
    check_balance(&xva_path, &orig_codes, &sids, &row_sum, &z)?;

    // θ: the published mapping, then any overrides.
    let map = wiod_theta();
    if map.len() != n_s {
        return Err(DataError::file(
            &dir.join("sectors.csv"),
            DataErrorKind::Shape {
                expected: "the 35 sectors of the WIOD 2013 release (c1–c35), which the θ mapping \
                           covers"
                    .into(),
                found: format!("{n_s} sectors"),
            },
        ));
    }
    let mut theta: Vec<f64> = map.iter().map(|(t, _, _)| *t).collect();
    let mut theta_source: Vec<Option<String>> =
        map.iter().map(|(_, s, _)| Some(s.to_string())).collect();
    let mut sources = vec![
        Source {
            id: "wiod".into(),
            citation: "Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. \
                       (2015), \"An Illustrated User Guide to the World Input–Output Database: the \
                       Case of Global Automotive Production\", Review of International Economics \
                       23: 575–605; World Input-Output Database, 2013 release"
                .into(),
            licence: "WIOD data are free of charge with the citation above (the 2013 release \
                      carries no separate licence text); repackaged from the R data package \
                      `wiod` v0.4.0 (GitHub bquast/wiod), values rounded to integer millions"
                .into(),
            url: Some("https://www.rug.nl/ggdc/valuechain/wiod/".into()),
            used_for: Some(format!(
                "intermediate and final use by origin and destination, {year}"
            )),
        },
        caliendo_parro_theta(),
        simonovska_waugh(),
    ];
    if let Some(p) = &opts.theta {
        let ov = read_theta_file(p, &sids)?;
        apply_theta_overrides(&ov, p, &mut theta, &mut theta_source, &mut sources);
    }

    let table = IoTable {
        regions: regions.clone(),
        sectors: sectors.clone(),
        z,
        f,
    };
    let (inputs, treatment) = build(&table, &z_path, theta.clone(), |r, s| {
        opts.tariffs
            .as_ref()
            .map(|p| crate::dataset::read_tariff_table(p, r, s))
            .transpose()
    })?;
    let baseline =
        Baseline::new(inputs).map_err(|e| DataError::file(&z_path, DataErrorKind::Model(e)))?;

    let mut notes = vec![
        format!(
            "WIOD 2013 release, {year}, millions of current USD at basic prices; this \
             repackaging rounds values to integer millions."
        ),
        "Value added is the residual gross output − intermediate inputs: it includes net taxes \
         on products, cif/fob adjustments and international transport margins (rows r60–r65 of \
         the original WIOT)."
            .into(),
        "Region codes: WIOD's ROM is ROU (truce alias table); ROW is WIOD's rest of the world."
            .into(),
        "Final demand = households (HH) + non-profit institutions (NPISH) + government (GOV) + \
         gross fixed capital formation (GFCF) + changes in inventories (INV). Inventory changes \
         enter final demand with their sign."
            .into(),
    ];
    notes.extend(treatment.notes("million USD"));
    if let Some(p) = &opts.tariffs {
        sources.push(user_tariff_source(p));
        notes.push(format!(
            "Tariffs from {} applied on top of basic prices: expenditure and input purchases are \
             valued gross of tariffs, and value added is the residual after them.",
            p.display()
        ));
    } else {
        notes.push("WIOD carries no tariffs: every tariff is 0.".into());
    }
    notes.push(format!(
        "θ mapping (Caliendo–Parro sectors by ISIC Rev.3; services and utilities: Simonovska & \
         Waugh 2014): {}.",
        describe_runs(
            &sectors
                .iter()
                .zip(&map)
                .map(|(s, (t, _, how))| (s.code.as_str(), round4(*t), how.as_str()))
                .collect::<Vec<_>>()
        )
    ));
    if opts.theta.is_some() {
        notes.push(
            "Some θ were overridden with --theta; each sector's theta_source names its source."
                .into(),
        );
    }

    let mut manifest = Manifest::for_baseline(
        &baseline,
        &format!("wiod{year}"),
        &format!(
            "World Input-Output Database (2013 release), {year}: {n_r} economies × {n_s} sectors"
        ),
        year,
        "USD",
        "million",
        sources,
        None,
    );
    manifest.description = format!(
        "Imported by `truce data import wiod` from {}.",
        dir.display()
    );
    manifest.notes = notes;
    for (j, s) in manifest.sectors.iter_mut().enumerate() {
        s.theta_source = theta_source[j].clone();
        s.classification = sectors[j].classification.clone();
    }
    Dataset::new(manifest, baseline, BTreeMap::new())
}

/// "c1 9.11 (how); c17–c35 4 (how)": runs of consecutive sectors with the same value and
/// description written once.
fn describe_runs(items: &[(&str, String, &str)]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let mut e = k;
        while e + 1 < items.len() && items[e + 1].1 == items[k].1 && items[e + 1].2 == items[k].2 {
            e += 1;
        }
        let codes = if e > k {
            format!("{}–{}", items[k].0, items[e].0)
        } else {
            items[k].0.to_string()
        };
        out.push(format!("{codes} {} ({})", items[k].1, items[k].2));
        k = e + 1;
    }
    out.join("; ")
}

fn round4(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The source entry for a tariff table given with `--tariffs`.
pub(crate) fn user_tariff_source(p: &Path) -> Source {
    Source {
        id: "tariffs".into(),
        citation: format!(
            "tariff table supplied with --tariffs {} (its own source applies)",
            p.display()
        ),
        licence: "as stated by the supplier of the tariff table".into(),
        url: None,
        used_for: Some("applied import tariffs".into()),
    }
}

/// `countries.csv` (`index,code`, 0-based, in table order): the source codes and the truce
/// regions (aliases applied, names from the ISO table).
fn read_countries(path: &Path) -> Result<(Vec<String>, Vec<Region>), DataError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let tab = Tidy::open(path, &text, &["index", "code"], &[], &[])?;
    let mut orig = Vec::new();
    let mut regions: Vec<Region> = Vec::new();
    for (k, row) in tab.rows().enumerate() {
        let idx = row.number("index")?;
        if idx != k as f64 {
            return Err(row.bad(
                "index",
                row.text("index"),
                format!("countries must be listed in table order; expected index {k}"),
            ));
        }
        let o = row.text("code").to_string();
        let code = truce_region_code(&o);
        if regions.iter().any(|r| r.code == code) {
            return Err(row.bad("code", &o, "duplicated country code"));
        }
        let mut name = region_name(&code).unwrap_or(&code).to_string();
        if o != code {
            name = format!("{name} (WIOD {o})");
        }
        orig.push(o);
        regions.push(Region { code, name });
    }
    if regions.is_empty() {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: "at least one country".into(),
                found: "none".into(),
            },
        ));
    }
    Ok((orig, regions))
}

/// `sectors.csv` (`index,id,isic_rev3,name`, 0-based, in table order).
fn read_sectors(path: &Path) -> Result<Vec<SectorInfo>, DataError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let tab = Tidy::open(path, &text, &["index", "id", "isic_rev3", "name"], &[], &[])?;
    let mut out: Vec<SectorInfo> = Vec::new();
    for (k, row) in tab.rows().enumerate() {
        let idx = row.number("index")?;
        if idx != k as f64 {
            return Err(row.bad(
                "index",
                row.text("index"),
                format!("sectors must be listed in table order; expected index {k}"),
            ));
        }
        let id = row.text("id").to_string();
        if id.is_empty() || out.iter().any(|s| s.code == id) {
            return Err(row.bad("id", &id, "sector ids must be non-empty and unique"));
        }
        out.push(SectorInfo {
            code: id,
            name: row.text("name").to_string(),
            classification: Some(format!("ISIC Rev.3 {}", row.text("isic_rev3"))),
        });
    }
    if out.is_empty() {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: "at least one sector".into(),
                found: "none".into(),
            },
        ));
    }
    Ok(out)
}

/// For each expected label, its index among `found`; every expected label must be there and
/// nothing else. `at(k)` gives the (row, column) where found label `k` sits in the file.
fn match_labels(
    path: &Path,
    found: &[String],
    expected: &[String],
    what: &str,
    at: impl Fn(usize) -> (usize, String),
) -> Result<Vec<usize>, DataError> {
    let index: HashMap<&str, usize> = found
        .iter()
        .enumerate()
        .map(|(k, s)| (s.as_str(), k))
        .collect();
    let want: HashMap<&str, usize> = expected
        .iter()
        .enumerate()
        .map(|(k, s)| (s.as_str(), k))
        .collect();
    for (k, f) in found.iter().enumerate() {
        if !want.contains_key(f.as_str()) {
            let (row, col) = at(k);
            return Err(DataError::bad_value(
                path,
                row,
                col,
                f,
                format!(
                    "unexpected {what} label{}: labels are COUNTRY_ID for the countries and \
                     sectors of countries.csv and sectors.csv (or COUNTRY_CATEGORY for final \
                     demand: HH, NPISH, GOV, GFCF, INV)",
                    crate::codes::did_you_mean(f, expected.iter().map(String::as_str))
                ),
            ));
        }
    }
    expected
        .iter()
        .map(|e| {
            index.get(e.as_str()).copied().ok_or_else(|| {
                DataError::bad_value(
                    path,
                    if what == "column" { 1 } else { 0 },
                    what,
                    e,
                    format!(
                        "missing {what} `{e}`: every country × sector (or final-demand category) \
                         must be present"
                    ),
                )
            })
        })
        .collect()
}

fn match_columns(t: &Labelled, expected: &[String]) -> Result<Vec<usize>, DataError> {
    match_labels(&t.path, &t.columns, expected, "column", |k| {
        (1, (k + 2).to_string())
    })
}

fn match_rows(t: &Labelled, expected: &[String]) -> Result<Vec<usize>, DataError> {
    let labels: Vec<String> = t.rows.iter().map(|(_, l)| l.clone()).collect();
    match_labels(&t.path, &labels, expected, "row", |k| {
        (t.rows[k].0, "1".to_string())
    })
}

/// Check every row sum of Z and F against the gross output in `X_VA_YYYY.csv`, and every column
/// sum of Z against its intermediate inputs.
fn check_balance(
    path: &Path,
    orig: &[String],
    sids: &[&str],
    row_sum: &[f64],
    z: &[f64],
) -> Result<(), DataError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let tab = Tidy::open(
        path,
        &text,
        &["country", "sector", "gross_output", "intermediate_inputs"],
        &["va_residual"],
        &[],
    )?;
    let rc = Codes::new("country", orig.iter().map(String::as_str));
    let sc = Codes::new("sector", sids.iter().copied());
    let (n_r, n_s) = (orig.len(), sids.len());
    let ns = n_r * n_s;
    let mut go = vec![f64::NAN; ns];
    let mut ii = vec![0.0; ns];
    let mut line = vec![0usize; ns];
    for row in tab.rows() {
        let r = row.code("country", &rc)?;
        let s = row.code("sector", &sc)?;
        let a = r * n_s + s;
        if line[a] != 0 {
            return Err(row.bad(
                "country,sector",
                format!("{},{}", orig[r], sids[s]),
                format!("duplicated key: already given on line {}", line[a]),
            ));
        }
        line[a] = row.line;
        go[a] = row.non_negative("gross_output", "gross output")?;
        ii[a] = row.non_negative("intermediate_inputs", "intermediate inputs")?;
    }
    let mut col_sum = vec![0.0; ns];
    for a in 0..ns {
        for (b, c) in col_sum.iter_mut().enumerate() {
            *c += z[a * ns + b];
        }
    }
    for r in 0..n_r {
        let total: f64 = (0..n_s)
            .map(|s| go[r * n_s + s])
            .filter(|v| !v.is_nan())
            .sum();
        for s in 0..n_s {
            let a = r * n_s + s;
            if go[a].is_nan() {
                return Err(DataError::bad_value(
                    path,
                    0,
                    "country,sector",
                    format!("{},{}", orig[r], sids[s]),
                    "missing row: every country × sector needs its gross output",
                ));
            }
            let tol = balance_tolerance(go[a], total);
            if (row_sum[a] - go[a]).abs() > tol {
                return Err(DataError::bad_value(
                    path,
                    line[a],
                    "gross_output",
                    fmt_f64(go[a]),
                    format!(
                        "unbalanced table: intermediate plus final use of {}_{} sums to {} \
                         (tolerance {}: 1 % of the cell or 0.5 % of the country's output); the \
                         Z, F and X_VA files disagree — are they of the same year and release?",
                        orig[r],
                        sids[s],
                        fmt_f64(row_sum[a]),
                        fmt_f64(tol)
                    ),
                ));
            }
            let tol = balance_tolerance(ii[a], total);
            if (col_sum[a] - ii[a]).abs() > tol {
                return Err(DataError::bad_value(
                    path,
                    line[a],
                    "intermediate_inputs",
                    fmt_f64(ii[a]),
                    format!(
                        "unbalanced table: the column of {}_{} in Z sums to {} (tolerance {})",
                        orig[r],
                        sids[s],
                        fmt_f64(col_sum[a]),
                        fmt_f64(tol)
                    ),
                ));
            }
        }
    }
    Ok(())
}
