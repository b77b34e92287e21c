//! Ossa's replication data (`../shared/data/ossa2014/`) as the model needs it.
//!
//! The files are read and validated by the one Ossa reader of the workspace,
//! [`truce_data::ossa2014::read_ossa2014`] (the dataset importer uses the same); [`load`] adds the
//! paper's layout check (the seven regions in the files' order, 33 industries) and lays the
//! arrays out in this crate's [`OssaDims`] order.

use crate::dims::OssaDims;
use crate::error::OssaError;
use crate::state::State;
use std::path::{Path, PathBuf};
use truce_data::ossa2014::{read_ossa2014, PAPER_INDUSTRIES, PAPER_REGION_CODES};
use truce_data::DataError;

/// Region codes in the data's order (`regions.csv`: Brazil, China, EU, India, Japan, ROW, US;
/// ROW comes before US).
pub const REGION_CODES: [&str; 7] = PAPER_REGION_CODES;
/// Number of industries (GTAP goods sectors; `sectors.csv`'s 34th row `xxx` is not in the data).
pub const INDUSTRIES: usize = PAPER_INDUSTRIES;

/// Everything in the data folder, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct OssaData {
    /// The folder read.
    pub dir: PathBuf,
    /// Region codes ([`REGION_CODES`]).
    pub regions: Vec<String>,
    /// Region names as in `regions.csv`.
    pub region_names: Vec<String>,
    /// Industry codes as in `labels.csv` (`pdr`, `wht`, …).
    pub industries: Vec<String>,
    /// $\sigma_s$, column 1 of `sigma_s.csv` (the paper's main estimates).
    pub sigma: Vec<f64>,
    /// All five columns of `sigma_s.csv`, by column then industry (sensitivity runs).
    pub sigma_columns: Vec<Vec<f64>>,
    /// Raw flows $X_{ijs}$ (`trade_ijs.csv`), [`OssaDims::ijs`].
    pub trade_raw: Vec<f64>,
    /// Purged flows (`trade_ijs_purged.csv`), the baseline of every counterfactual.
    pub trade_purged: Vec<f64>,
    /// Factual tariffs $t_{ijs}$ (`tariff_ijs.csv`), levied by importer $j$.
    pub tariff: Vec<f64>,
    /// Political-economy weights $\lambda_{js}$ (`lambda_pol.csv`), [`OssaDims::rs`].
    pub lambda_pol: Vec<f64>,
    /// Ossa's noncooperative tariff measures (`tariff_noncoop.csv`), [`OssaDims::rs`] by importer.
    pub tariff_noncoop: Vec<f64>,
}

impl OssaData {
    /// Dimensions (7 × 33).
    pub fn dims(&self) -> OssaDims {
        OssaDims {
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

/// Read and validate the Ossa (2014) data folder, with the paper's layout.
///
/// # Errors
/// [`DataError`] naming the file, row, column and value for everything
/// [`read_ossa2014`] rejects (a missing file, a non-number, a wrong shape, a negative flow, a
/// tariff not above −1 or non-zero on the diagonal, σ ≤ 1, a negative political-economy weight,
/// …), and for a region list other than Brazil, China, EU, India, Japan, ROW, US in that order or
/// a label file without 33 codes.
pub fn load(dir: &Path) -> Result<OssaData, DataError> {
    let f = read_ossa2014(dir)?;
    f.check_paper_layout()?;
    // The reader's cube layout, (s·N + j)·N + i, is OssaDims::ijs.
    Ok(OssaData {
        dir: f.dir,
        regions: REGION_CODES.iter().map(|s| s.to_string()).collect(),
        region_names: f.region_names,
        industries: f.industries,
        sigma: f.sigma_columns[0].clone(),
        sigma_columns: f.sigma_columns,
        trade_raw: f.trade_raw,
        trade_purged: f.trade_purged,
        tariff: f.tariff,
        lambda_pol: f.lambda_pol,
        tariff_noncoop: f.tariff_noncoop,
    })
}
