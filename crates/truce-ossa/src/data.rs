//! Reading Ossa's replication data (`../shared/data/ossa2014/`).
//!
//! Every file is validated here; an error names the file, the 1-based row and column, the
//! value and the fix ([`truce_data::DataError`]).

use crate::dims::Dims;
use crate::error::OssaError;
use crate::state::State;
use std::path::{Path, PathBuf};
use truce_data::matrix::{read_matrix, Matrix};
use truce_data::{DataError, DataErrorKind};

/// Region codes in the data's order (`regions.csv`: Brazil, China, EU, India, Japan, ROW, US;
/// ROW comes before US).
pub const REGION_CODES: [&str; 7] = ["BRA", "CHN", "EU", "IND", "JPN", "ROW", "USA"];
/// The names `regions.csv` gives them, in the same order.
pub const REGION_NAMES: [&str; 7] = ["Brazil", "China", "EU", "India", "Japan", "ROW", "US"];
/// Number of industries (GTAP goods sectors; `sectors.csv`'s 34th row `xxx` is not in the data).
pub const INDUSTRIES: usize = 33;

/// Everything in the data folder, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct OssaData {
    /// The folder read.
    pub dir: PathBuf,
    /// Region codes ([`REGION_CODES`]).
    pub regions: Vec<String>,
    /// Region names as in `regions.csv`.
    pub region_names: Vec<String>,
    /// Industry codes as in `labels.csv` (`ric`, `wht`, …).
    pub industries: Vec<String>,
    /// $\sigma_s$, column 1 of `sigma_s.csv` (the paper's main estimates).
    pub sigma: Vec<f64>,
    /// All five columns of `sigma_s.csv`, by column then industry (sensitivity runs).
    pub sigma_columns: Vec<Vec<f64>>,
    /// Raw flows $X_{ijs}$ (`trade_ijs.csv`), [`Dims::ijs`].
    pub trade_raw: Vec<f64>,
    /// Purged flows (`trade_ijs_purged.csv`), the baseline of every counterfactual.
    pub trade_purged: Vec<f64>,
    /// Factual tariffs $t_{ijs}$ (`tariff_ijs.csv`), levied by importer $j$.
    pub tariff: Vec<f64>,
    /// Political-economy weights $\lambda_{js}$ (`lambda_pol.csv`), [`Dims::rs`].
    pub lambda_pol: Vec<f64>,
    /// Ossa's noncooperative tariff measures (`tariff_noncoop.csv`), [`Dims::rs`] by importer.
    pub tariff_noncoop: Vec<f64>,
}

impl OssaData {
    /// Dimensions (7 × 33).
    pub fn dims(&self) -> Dims {
        Dims {
            n: self.regions.len(),
            s: self.industries.len(),
        }
    }

    /// The raw state (raw flows, factual tariffs): the starting point of the purge (spec §4).
    ///
    /// # Errors
    /// If the state is inconsistent (it is not, for the shipped files).
    pub fn raw_state(&self) -> Result<State, OssaError> {
        State::new(
            self.regions.clone(),
            self.industries.clone(),
            self.sigma.clone(),
            self.trade_raw.clone(),
            self.tariff.clone(),
        )
    }

    /// The purged state (purged flows, factual tariffs): the baseline of the paper's
    /// counterfactuals.
    ///
    /// # Errors
    /// If the state is inconsistent (it is not, for the shipped files).
    pub fn purged_state(&self) -> Result<State, OssaError> {
        State::new(
            self.regions.clone(),
            self.industries.clone(),
            self.sigma.clone(),
            self.trade_purged.clone(),
            self.tariff.clone(),
        )
    }
}

/// Read and validate the Ossa (2014) data folder.
///
/// # Errors
/// [`DataError`] naming the file, row, column and value for: a missing or unreadable file, a
/// region list other than Brazil, China, EU, India, Japan, ROW, US in that order, a label file
/// without 33 codes, a non-number, a wrong shape, a negative or non-finite flow, a tariff not
/// above −1 or non-zero on the diagonal, σ ≤ 1, or a negative political-economy weight.
pub fn load(dir: &Path) -> Result<OssaData, DataError> {
    if !dir.is_dir() {
        return Err(DataError::file(
            dir,
            DataErrorKind::Io(
                "not a directory; pass the folder that holds trade_ijs.csv, tariff_ijs.csv, …"
                    .into(),
            ),
        ));
    }
    let d = Dims {
        n: REGION_CODES.len(),
        s: INDUSTRIES,
    };
    let region_names = read_regions(&dir.join("regions.csv"))?;
    let industries = read_labels(&dir.join("labels.csv"))?;

    let sig_path = dir.join("sigma_s.csv");
    let sig = read_matrix(&sig_path, d.s, 5)?;
    for s in 0..d.s {
        for c in 0..5 {
            let v = sig.get(s, c);
            if v <= 1.0 {
                return Err(DataError::bad_value(
                    &sig_path,
                    s + 1,
                    c + 1,
                    v,
                    "the elasticity of substitution must exceed 1",
                ));
            }
        }
    }
    let sigma_columns: Vec<Vec<f64>> = (0..5)
        .map(|c| (0..d.s).map(|s| sig.get(s, c)).collect())
        .collect();

    let trade_raw = read_cube(&dir.join("trade_ijs.csv"), d, CubeKind::Trade)?;
    let trade_purged = read_cube(&dir.join("trade_ijs_purged.csv"), d, CubeKind::Trade)?;
    let tariff = read_cube(&dir.join("tariff_ijs.csv"), d, CubeKind::Tariff)?;

    let lam_path = dir.join("lambda_pol.csv");
    let lam = read_matrix(&lam_path, d.n, d.s)?;
    for j in 0..d.n {
        for s in 0..d.s {
            let v = lam.get(j, s);
            if v < 0.0 {
                return Err(DataError::bad_value(
                    &lam_path,
                    j + 1,
                    s + 1,
                    v,
                    "political-economy weights are non-negative",
                ));
            }
        }
    }
    let lambda_pol = (0..d.n)
        .flat_map(|j| (0..d.s).map(move |s| (j, s)))
        .map(|(j, s)| lam.get(j, s) + 0.0) // + 0.0 turns the file's "-0" into 0
        .collect();

    let nc_path = dir.join("tariff_noncoop.csv");
    let nc = read_matrix(&nc_path, d.s, d.n)?;
    let tariff_noncoop = (0..d.n)
        .flat_map(|j| (0..d.s).map(move |s| (j, s)))
        .map(|(j, s)| nc.get(s, j))
        .collect();

    Ok(OssaData {
        dir: dir.to_path_buf(),
        regions: REGION_CODES.iter().map(|s| s.to_string()).collect(),
        region_names,
        industries,
        sigma: sigma_columns[0].clone(),
        sigma_columns,
        trade_raw,
        trade_purged,
        tariff,
        lambda_pol,
        tariff_noncoop,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum CubeKind {
    Trade,
    Tariff,
}

/// A stacked cube: file row `(s-1)·N + i`, column `j` (1-based), as Ossa's CSVs are laid out.
fn read_cube(path: &Path, d: Dims, kind: CubeKind) -> Result<Vec<f64>, DataError> {
    let m: Matrix = read_matrix(path, d.n * d.s, d.n)?;
    let mut cube = vec![0.0; d.cube_len()];
    for s in 0..d.s {
        for i in 0..d.n {
            let row = s * d.n + i;
            for j in 0..d.n {
                let v = m.get(row, j);
                let bad = |problem: &str| {
                    DataError::bad_value(
                        path,
                        row + 1,
                        j + 1,
                        v,
                        format!(
                            "{problem} (exporter {}, importer {}, industry no. {})",
                            REGION_CODES[i],
                            REGION_CODES[j],
                            s + 1
                        ),
                    )
                };
                match kind {
                    CubeKind::Trade if v < 0.0 => {
                        return Err(bad("trade flows must be non-negative"))
                    }
                    CubeKind::Tariff if v <= -1.0 => {
                        return Err(bad("tariffs are fractions above -1 (0.25 = 25 %)"))
                    }
                    CubeKind::Tariff if i == j && v != 0.0 => {
                        return Err(bad("the diagonal (domestic sales) carries no tariff"))
                    }
                    _ => {}
                }
                cube[d.ijs(i, j, s)] = v + 0.0;
            }
        }
    }
    Ok(cube)
}

fn read_text(path: &Path) -> Result<String, DataError> {
    std::fs::read_to_string(path)
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))
}

/// `regions.csv`: a header, then `number,name` for the 7 regions in the fixed order.
fn read_regions(path: &Path) -> Result<Vec<String>, DataError> {
    let text = read_text(path)?;
    let mut names = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if k == 0 || line.trim().is_empty() {
            continue;
        }
        let name = line
            .split(',')
            .nth(1)
            .map(|s| s.trim().trim_matches('"').to_string())
            .ok_or_else(|| {
                DataError::cell(
                    path,
                    k + 1,
                    2,
                    DataErrorKind::Shape {
                        expected: "two columns: number,name".into(),
                        found: format!("`{line}`"),
                    },
                )
            })?;
        let at = names.len();
        if at >= REGION_NAMES.len() || name != REGION_NAMES[at] {
            return Err(DataError::bad_value(
                path,
                k + 1,
                2,
                &name,
                format!(
                    "expected the regions {} in this order (ROW before US)",
                    REGION_NAMES.join(", ")
                ),
            ));
        }
        names.push(name);
    }
    if names.len() != REGION_NAMES.len() {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: format!("{} regions", REGION_NAMES.len()),
                found: names.len().to_string(),
            },
        ));
    }
    Ok(names)
}

/// `labels.csv`: one quoted industry code a line.
fn read_labels(path: &Path) -> Result<Vec<String>, DataError> {
    let text = read_text(path)?;
    let mut codes: Vec<String> = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let code = line.trim().trim_matches('"').trim();
        if code.is_empty() {
            continue;
        }
        if codes.iter().any(|c| c == code) {
            return Err(DataError::bad_value(
                path,
                k + 1,
                1,
                code,
                "industry codes must be unique",
            ));
        }
        codes.push(code.to_string());
    }
    if codes.len() != INDUSTRIES {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: format!("{INDUSTRIES} industry codes"),
                found: codes.len().to_string(),
            },
        ));
    }
    Ok(codes)
}
