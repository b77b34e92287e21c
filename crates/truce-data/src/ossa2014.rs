//! The one reader of Ossa's (2014) replication files (`../shared/data/ossa2014/`), used by both
//! the Ossa model (`truce replicate ossa2014`, through `truce_ossa::data::load`) and the dataset
//! importer (`truce data import ossa2014`, [`crate::import::ossa2014`]).
//!
//! | file | content | shape |
//! |---|---|---|
//! | `regions.csv` | header, then `number,name` (Brazil, China, EU, India, Japan, ROW, US) | N rows |
//! | `labels.csv` | one quoted industry code a line, no header | S rows |
//! | `sectors.csv` | header, then `number,code,description` (an extra `xxx` row is ignored) | ≥ S rows |
//! | `sigma_s.csv` | σₛ: the paper's estimates (column 1) and four sensitivity columns | S × 5 |
//! | `trade_ijs.csv`, `trade_ijs_purged.csv` | Xᵢⱼₛ before tariffs, row `(s−1)·N + i`, column `j` | NS × N |
//! | `tariff_ijs.csv` | tᵢⱼₛ levied by importer j, same layout | NS × N |
//! | `lambda_pol.csv` | political-economy weights λⱼₛ | N × S |
//! | `tariff_noncoop.csv` | Ossa's noncooperative tariff measures, by industry × importer | S × N |
//!
//! Every file is validated here, once: an error names the file, the 1-based row and column, the
//! value and the fix ([`DataError`]). Text files are read with the `csv` crate (quoted fields,
//! CRLF line ends), numeric matrices with [`crate::matrix::read_matrix`].

// Index loops follow the notation of the equations (i, j, s).
#![allow(clippy::needless_range_loop)]

use crate::codes::canonical_region;
use crate::error::{DataError, DataErrorKind};
use crate::matrix::read_matrix;
use crate::tidy::fmt_f64;
use std::path::{Path, PathBuf};

/// The regions of the paper, as `regions.csv` names them, in the files' order (ROW before US).
pub const PAPER_REGION_NAMES: [&str; 7] = ["Brazil", "China", "EU", "India", "Japan", "ROW", "US"];
/// The codes the replication prints for them (Ossa's EU of 2007 stays `EU`).
pub const PAPER_REGION_CODES: [&str; 7] = ["BRA", "CHN", "EU", "IND", "JPN", "ROW", "USA"];
/// Number of industries of the paper (GTAP goods sectors; `sectors.csv`'s 34th row `xxx` is not
/// in the data).
pub const PAPER_INDUSTRIES: usize = 33;

/// Everything in an Ossa (2014) data folder, validated.
///
/// Cubes are flat with exporter fastest: cell (exporter `i`, importer `j`, industry `s`) is at
/// [`OssaFiles::cell`] `= (s·N + j)·N + i`; region × industry arrays at `r·S + s`.
#[derive(Debug, Clone, PartialEq)]
pub struct OssaFiles {
    /// The folder read.
    pub dir: PathBuf,
    /// Region names as in `regions.csv`.
    pub region_names: Vec<String>,
    /// truce's region code of each (the alias table maps Ossa's names: Brazil → BRA, EU →
    /// EU27, US → USA, …; a three-to-five-letter upper-case code is kept as written).
    pub region_codes: Vec<String>,
    /// Industry codes as in `labels.csv` (`pdr`, `wht`, …).
    pub industries: Vec<String>,
    /// Each industry's description from `sectors.csv`.
    pub industry_names: Vec<String>,
    /// All five columns of `sigma_s.csv`, by column then industry; column 0 holds the paper's
    /// main estimates.
    pub sigma_columns: Vec<Vec<f64>>,
    /// Raw flows $X_{ijs}$ (`trade_ijs.csv`), with trade imbalances.
    pub trade_raw: Vec<f64>,
    /// Purged flows (`trade_ijs_purged.csv`, net exports 0), the baseline of every
    /// counterfactual of the paper.
    pub trade_purged: Vec<f64>,
    /// Factual tariffs $t_{ijs}$ (`tariff_ijs.csv`), levied by importer $j$; 0 on the diagonal.
    pub tariff: Vec<f64>,
    /// Political-economy weights $\lambda_{js}$ (`lambda_pol.csv`), region × industry (the
    /// file's `-0` read as 0).
    pub lambda_pol: Vec<f64>,
    /// Ossa's noncooperative tariff measures (`tariff_noncoop.csv`), importer × industry.
    pub tariff_noncoop: Vec<f64>,
}

impl OssaFiles {
    /// Number of regions N.
    pub fn n(&self) -> usize {
        self.region_names.len()
    }
    /// Number of industries S.
    pub fn s(&self) -> usize {
        self.industries.len()
    }
    /// Flat index of cube cell (exporter `i`, importer `j`, industry `s`).
    pub fn cell(&self, i: usize, j: usize, s: usize) -> usize {
        (s * self.n() + j) * self.n() + i
    }
    /// σₛ, the paper's main estimates (column 1 of `sigma_s.csv`).
    pub fn sigma(&self) -> &[f64] {
        &self.sigma_columns[0]
    }

    /// Check that the folder has the paper's layout: the seven regions Brazil, China, EU,
    /// India, Japan, ROW, US in that order and 33 industries. The replication of the paper's
    /// tables needs it (its rows and targets are the paper's); importing a dataset does not.
    ///
    /// # Errors
    /// [`DataError`] naming `regions.csv` (row and column of the first name out of place) or
    /// `labels.csv`.
    pub fn check_paper_layout(&self) -> Result<(), DataError> {
        let path = self.dir.join("regions.csv");
        for (k, name) in self.region_names.iter().enumerate() {
            if PAPER_REGION_NAMES.get(k) != Some(&name.as_str()) {
                return Err(DataError::bad_value(
                    &path,
                    k + 2,
                    2,
                    name,
                    format!(
                        "expected the regions {} in this order (ROW before US), as in Ossa's files",
                        PAPER_REGION_NAMES.join(", ")
                    ),
                ));
            }
        }
        if self.region_names.len() != PAPER_REGION_NAMES.len() {
            return Err(DataError::file(
                &path,
                DataErrorKind::Shape {
                    expected: format!(
                        "the paper's {} regions ({})",
                        PAPER_REGION_NAMES.len(),
                        PAPER_REGION_NAMES.join(", ")
                    ),
                    found: self.region_names.len().to_string(),
                },
            ));
        }
        if self.s() != PAPER_INDUSTRIES {
            return Err(DataError::file(
                &self.dir.join("labels.csv"),
                DataErrorKind::Shape {
                    expected: format!("the paper's {PAPER_INDUSTRIES} industry codes"),
                    found: self.s().to_string(),
                },
            ));
        }
        Ok(())
    }
}

/// Read and validate the Ossa (2014) data folder `dir`.
///
/// # Errors
/// [`DataError`] naming the file, row, column and value for: a folder that does not exist; a
/// missing or unreadable file; regions not numbered 1, 2, … in order, a region name the alias
/// table does not know (and that is not an upper-case code), a region listed twice; empty or
/// duplicated industry codes; an industry `sectors.csv` does not describe; a non-number, a NaN
/// or a matrix of the wrong shape; σ ≤ 1 in any column; a negative flow; an importer without
/// expenditure; a tariff at or below −100 % or on a region's own sales; a negative
/// political-economy weight.
pub fn read_ossa2014(dir: &Path) -> Result<OssaFiles, DataError> {
    if !dir.is_dir() {
        return Err(DataError::file(
            dir,
            DataErrorKind::Io(
                "not a directory; pass the folder of Ossa's data, which holds trade_ijs.csv, \
                 tariff_ijs.csv, … (e.g. ../shared/data/ossa2014)"
                    .into(),
            ),
        ));
    }
    let (region_names, region_codes) = read_regions(&dir.join("regions.csv"))?;
    let industries = read_labels(&dir.join("labels.csv"))?;
    let industry_names = read_sector_names(&dir.join("sectors.csv"), &industries)?;
    let (n, ns) = (region_names.len(), industries.len());

    let sigma_path = dir.join("sigma_s.csv");
    let sig = read_matrix(&sigma_path, ns, 5)?;
    for s in 0..ns {
        for c in 0..5 {
            let v = sig.get(s, c);
            if v <= 1.0 {
                return Err(DataError::bad_value(
                    &sigma_path,
                    s + 1,
                    c + 1,
                    fmt_f64(v),
                    format!(
                        "the elasticity of substitution σ of industry {} must exceed 1 (the \
                         trade elasticity θ = σ − 1 must be positive)",
                        industries[s]
                    ),
                ));
            }
        }
    }
    let sigma_columns = (0..5)
        .map(|c| (0..ns).map(|s| sig.get(s, c)).collect())
        .collect();

    let labels = Labels {
        regions: &region_codes,
        industries: &industries,
    };
    let trade_raw = read_cube(&dir.join("trade_ijs.csv"), &labels, Cube::Trade)?;
    let trade_purged = read_cube(&dir.join("trade_ijs_purged.csv"), &labels, Cube::Trade)?;
    let tariff = read_cube(&dir.join("tariff_ijs.csv"), &labels, Cube::Tariff)?;

    let lam_path = dir.join("lambda_pol.csv");
    let lam = read_matrix(&lam_path, n, ns)?;
    let mut lambda_pol = Vec::with_capacity(n * ns);
    for j in 0..n {
        for s in 0..ns {
            let v = lam.get(j, s);
            if v < 0.0 {
                return Err(DataError::bad_value(
                    &lam_path,
                    j + 1,
                    s + 1,
                    fmt_f64(v),
                    format!(
                        "political-economy weights are non-negative ({}, industry {})",
                        region_codes[j], industries[s]
                    ),
                ));
            }
            lambda_pol.push(v + 0.0); // + 0.0 turns the file's "-0" into 0
        }
    }
    let nc = read_matrix(&dir.join("tariff_noncoop.csv"), ns, n)?;
    let tariff_noncoop = (0..n)
        .flat_map(|j| (0..ns).map(move |s| (j, s)))
        .map(|(j, s)| nc.get(s, j))
        .collect();

    Ok(OssaFiles {
        dir: dir.to_path_buf(),
        region_names,
        region_codes,
        industries,
        industry_names,
        sigma_columns,
        trade_raw,
        trade_purged,
        tariff,
        lambda_pol,
        tariff_noncoop,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Cube {
    Trade,
    Tariff,
}

struct Labels<'a> {
    regions: &'a [String],
    industries: &'a [String],
}

/// A stacked cube: file row `(s−1)·N + i`, column `j` (1-based), as Ossa's CSVs are laid out.
fn read_cube(path: &Path, l: &Labels<'_>, kind: Cube) -> Result<Vec<f64>, DataError> {
    let (n, ns) = (l.regions.len(), l.industries.len());
    let m = read_matrix(path, n * ns, n)?;
    let mut cube = vec![0.0; n * n * ns];
    for s in 0..ns {
        for i in 0..n {
            let row = s * n + i;
            for j in 0..n {
                let v = m.get(row, j);
                let bad = |problem: &str| {
                    DataError::bad_value(
                        path,
                        row + 1,
                        j + 1,
                        fmt_f64(v),
                        format!(
                            "{problem} (exporter {}, importer {}, industry no. {} `{}`)",
                            l.regions[i],
                            l.regions[j],
                            s + 1,
                            l.industries[s]
                        ),
                    )
                };
                match kind {
                    Cube::Trade if v < 0.0 => return Err(bad("trade flows must be non-negative")),
                    Cube::Tariff if i == j && v != 0.0 => {
                        return Err(bad(
                            "the diagonal (a region's tariff on its own goods) must be 0",
                        ))
                    }
                    Cube::Tariff if v <= -1.0 => {
                        return Err(bad(
                            "tariffs are fractions (0.25 = 25 %) and must exceed −1",
                        ))
                    }
                    _ => {}
                }
                cube[(s * n + j) * n + i] = v + 0.0;
            }
        }
    }
    if kind == Cube::Trade {
        for j in 0..n {
            let spent: f64 = (0..ns)
                .flat_map(|s| (0..n).map(move |i| (s * n + j) * n + i))
                .map(|c| cube[c])
                .sum();
            if spent <= 0.0 {
                return Err(DataError::cell(
                    path,
                    1,
                    j + 1,
                    DataErrorKind::BadValue {
                        value: l.regions[j].clone(),
                        problem: "this importer has no expenditure (its column is all zero)".into(),
                    },
                ));
            }
        }
    }
    Ok(cube)
}

/// The non-blank records of a CSV file, with their 1-based line numbers.
fn read_rows(path: &Path, header: bool) -> Result<Vec<(usize, Vec<String>)>, DataError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(header)
        .flexible(true)
        .from_path(path)
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
    }
    Ok(out)
}

/// `regions.csv` (`No.,String`): names numbered 1, 2, … and their truce codes.
fn read_regions(path: &Path) -> Result<(Vec<String>, Vec<String>), DataError> {
    let (mut names, mut codes): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for (line, rec) in read_rows(path, true)? {
        if rec.len() < 2 {
            return Err(DataError::cell(
                path,
                line,
                2,
                DataErrorKind::Shape {
                    expected: "two fields: number,name".into(),
                    found: rec.len().to_string(),
                },
            ));
        }
        let k = names.len() + 1;
        if rec[0] != k.to_string() {
            return Err(DataError::bad_value(
                path,
                line,
                1,
                &rec[0],
                format!("regions must be numbered 1, 2, … in order; expected {k}"),
            ));
        }
        let name = &rec[1];
        let code = canonical_region(name).map_or_else(|| name.clone(), str::to_string);
        let code_like = code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && (3..=5).contains(&code.len());
        if !code_like {
            return Err(DataError::bad_value(
                path,
                line,
                2,
                name,
                format!(
                    "unknown region name: the alias table knows {}; write an ISO3 code instead",
                    PAPER_REGION_NAMES.join(", ")
                ),
            ));
        }
        if codes.contains(&code) {
            return Err(DataError::bad_value(
                path,
                line,
                2,
                name,
                format!("duplicated region (maps to {code})"),
            ));
        }
        names.push(name.clone());
        codes.push(code);
    }
    if names.is_empty() {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: "at least one region after the header".into(),
                found: "none".into(),
            },
        ));
    }
    Ok((names, codes))
}

/// `labels.csv`: one (quoted) industry code a line, no header.
fn read_labels(path: &Path) -> Result<Vec<String>, DataError> {
    let mut out: Vec<String> = Vec::new();
    for (line, rec) in read_rows(path, false)? {
        let code = rec.first().cloned().unwrap_or_default();
        if code.is_empty() || out.contains(&code) {
            return Err(DataError::bad_value(
                path,
                line,
                1,
                &code,
                "industry codes must be non-empty and unique",
            ));
        }
        out.push(code);
    }
    if out.is_empty() {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: "at least one industry code".into(),
                found: "none".into(),
            },
        ));
    }
    Ok(out)
}

/// `sectors.csv` (`No.,String,String`: number, code, description): the description of every
/// label; extra rows (Ossa's `xxx` "All other sectors", not in the data) are ignored.
fn read_sector_names(path: &Path, labels: &[String]) -> Result<Vec<String>, DataError> {
    let mut names = vec![None; labels.len()];
    for (line, rec) in read_rows(path, true)? {
        if rec.len() < 3 {
            return Err(DataError::cell(
                path,
                line,
                rec.len() + 1,
                DataErrorKind::Shape {
                    expected: "3 fields (No., code, description)".into(),
                    found: rec.len().to_string(),
                },
            ));
        }
        if let Some(k) = labels.iter().position(|l| *l == rec[1]) {
            if names[k].is_some() {
                return Err(DataError::bad_value(
                    path,
                    line,
                    2,
                    &rec[1],
                    "duplicated industry code",
                ));
            }
            names[k] = Some(rec[2].clone());
        }
    }
    labels
        .iter()
        .zip(names)
        .map(|(l, n)| {
            n.ok_or_else(|| {
                DataError::file(
                    path,
                    DataErrorKind::BadValue {
                        value: l.clone(),
                        problem: "missing sector: labels.csv lists this industry but sectors.csv \
                                  does not describe it; add a row `No.,code,description`"
                            .into(),
                    },
                )
            })
        })
        .collect()
}
