//! The prebuilt data files of the MATLAB packages `tariffwar` (Lashkaripour 2021, "The Cost of
//! a Global Tariff War: A Sufficient-Statistics Approach", *JIE* 131) and `ustariff`
//! (Ignatenko, Lashkaripour, Macedoni & Simonovska 2025, *JIE* 157): WIOD 2016 release
//! (44 × 16, 2000–2014) and OECD ICIO 2023 (81 × 28, 2011–2022) trade cubes with applied
//! tariffs and eight elasticity sets, as MATLAB v7.3 MAT-files → truce datasets for the
//! Lashkaripour (2021) model (`docs/model-tariffwar.md`).
//!
//! # The file
//! A MAT v7.3 file is an HDF5 file behind a 512-byte user block that starts with
//! `MATLAB 7.3 MAT-file`. It holds one struct `data`: scalars `N`, `S`, `year`,
//! `services_sector`; `dataset` (char); `countries`, `sectors` (cells of strings, stored as
//! object references to UTF-16 `uint16` arrays under `#refs#`); the cubes `Xjik_3D` and
//! `tjik_3D`, MATLAB size N × N × S, element (j, i, k) = exporter j, importer i, sector k; and
//! `sigma/<SET>/sigma_S` (1 × S), `epsilon_S`, `source` for eight elasticity sets. MATLAB is
//! column-major, so HDF5 reads the cubes with shape (S, N, N) and flat index
//! `(k·N + i)·N + j` — exactly truce's [`Dims::nij`] for (sector k, importer i, exporter j).
//!
//! # Conventions (the packages', learnt from their public code)
//! * **Flows are valued gross of tariffs.** The packages take Xⱼᵢₖ as importer i's spending on
//!   j's goods: trade shares λ = X/ΣⱼX, expenditure Yᵢ = ΣX, and wage revenue Rⱼ = Σ X/(1+t)
//!   (`compute_derived_cubes.m`). truce stores border values M = X/(1+t), so that truce's
//!   expenditure Σ(1+τ)M is the packages' Σ X. [`FlowValuation::Border`] reads X as border
//!   values instead.
//! * **Zero domestic flows in ICIO.** The packages add 1 (million USD) to every domestic cell
//!   of the ICIO cubes, in every sector, before anything else (`pipeline/run.m`: `Xjik_raw +
//!   repmat(eye(N), [1, 1, S])`): about 9 % of ICIO cells are zero, some of them domestic.
//!   truce does the same by default ([`TariffwarOptions::domestic_pad`]); WIOD is not padded.
//! * **θ = σ − 1**: the trade elasticity of CES import demand (the packages' `epsilon_S`).
//! * **Services** (the last sector, `services_sector`) are traded and carry the file's tariffs.
//! * No input–output links: value-added share 1, final-demand shares = sector shares of
//!   expenditure (the packages' `e_ik`).

// Index loops follow the notation of the equations (n, i, j, k).
#![allow(clippy::needless_range_loop)]

use super::region_name;
use crate::dataset::{Dataset, Manifest, Source, MODEL_LASHKARIPOUR2021};
use crate::error::{DataError, DataErrorKind};
use crate::tidy::fmt_f64;
use hdf5_pure::{File, Object};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use truce_model::{Baseline, BaselineInputs, Dims, Region, Sector};

/// The eight elasticity sets the files carry (the packages' registry abbreviations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ElasticitySet {
    /// Uniform trade elasticity 4 (σ = 5): Simonovska & Waugh (2014).
    U4,
    /// In-sample: Lashkaripour (2021) on WIOD; a Caliendo–Parro-type estimator on ICIO.
    IS,
    /// Caliendo & Parro (2015).
    CP,
    /// Bagwell, Staiger & Yurukoglu (2021).
    BSY,
    /// Giri, Yi & Yilmazkuday (2021).
    GYY,
    /// Shapiro (2016).
    Shap,
    /// Fontagné, Guimbard & Orefice (2022).
    FGO,
    /// Lashkaripour & Lugovskyy (2023).
    LL,
}

impl ElasticitySet {
    /// Every set, in the packages' registry order.
    pub const ALL: [ElasticitySet; 8] = [
        ElasticitySet::IS,
        ElasticitySet::U4,
        ElasticitySet::CP,
        ElasticitySet::BSY,
        ElasticitySet::GYY,
        ElasticitySet::Shap,
        ElasticitySet::FGO,
        ElasticitySet::LL,
    ];

    /// The abbreviation (the group name in the file).
    pub fn abbrev(self) -> &'static str {
        match self {
            ElasticitySet::U4 => "U4",
            ElasticitySet::IS => "IS",
            ElasticitySet::CP => "CP",
            ElasticitySet::BSY => "BSY",
            ElasticitySet::GYY => "GYY",
            ElasticitySet::Shap => "Shap",
            ElasticitySet::FGO => "FGO",
            ElasticitySet::LL => "LL",
        }
    }

    /// The full citation of the set's source.
    pub fn citation(self) -> &'static str {
        match self {
            ElasticitySet::U4 => {
                "Simonovska, I. and Waugh, M. E. (2014), \"The Elasticity of Trade: Estimates and \
                 Evidence\", Journal of International Economics 92(1): 34–50 (uniform trade \
                 elasticity 4, σ = 5)"
            }
            ElasticitySet::IS => {
                "In-sample estimates of the tariffwar package: on WIOD, Lashkaripour, A. (2021), \
                 \"The Cost of a Global Tariff War: A Sufficient-Statistics Approach\", Journal \
                 of International Economics 131: 103489; on ICIO, a Caliendo–Parro \
                 triple-difference estimator implemented in the package"
            }
            ElasticitySet::CP => {
                "Caliendo, L. and Parro, F. (2015), \"Estimates of the Trade and Welfare Effects \
                 of NAFTA\", Review of Economic Studies 82(1): 1–44"
            }
            ElasticitySet::BSY => {
                "Bagwell, K., Staiger, R. W. and Yurukoglu, A. (2021), \"Multilateral Trade \
                 Bargaining: A First Look at the GATT Bargaining Records\", Econometrica 89(4): \
                 1723–1764"
            }
            ElasticitySet::GYY => {
                "Giri, R., Yi, K.-M. and Yilmazkuday, H. (2021), \"Gains from Trade: Does \
                 Sectoral Heterogeneity Matter?\", Journal of International Economics 129: \
                 103429"
            }
            ElasticitySet::Shap => {
                "Shapiro, J. S. (2016), \"Trade Costs, CO2, and the Environment\", American \
                 Economic Journal: Economic Policy 8(4): 220–254"
            }
            ElasticitySet::FGO => {
                "Fontagné, L., Guimbard, H. and Orefice, G. (2022), \"Tariff-Based Product-Level \
                 Trade Elasticities\", Journal of International Economics 137: 103593"
            }
            ElasticitySet::LL => {
                "Lashkaripour, A. and Lugovskyy, V. (2023), \"Profits, Scale Economies, and the \
                 Gains from Trade and Industrial Policy\", American Economic Review 113(10): \
                 2759–2808"
            }
        }
    }
}

impl std::fmt::Display for ElasticitySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.abbrev())
    }
}

impl std::str::FromStr for ElasticitySet {
    type Err = String;
    /// Case-insensitive abbreviation (`IS`, `u4`, `Shap`, …); `L21` (the older name of the
    /// in-sample WIOD set) is accepted for `IS`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("L21") {
            return Ok(ElasticitySet::IS);
        }
        ElasticitySet::ALL
            .into_iter()
            .find(|e| e.abbrev().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                format!(
                    "unknown elasticity set `{t}`; use one of {}",
                    ElasticitySet::ALL.map(|e| e.abbrev()).join(", ")
                )
            })
    }
}

/// How the file's flows are valued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FlowValuation {
    /// The packages' convention: Xⱼᵢₖ is importer i's spending, gross of the tariff; truce's
    /// border values are X/(1+t).
    #[default]
    GrossOfTariffs,
    /// Read X as border values (before the tariff).
    Border,
}

/// Options of the `tariffwar` importer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TariffwarOptions {
    /// Which σ set to use.
    pub elasticity: ElasticitySet,
    /// Added to every domestic cell, in every sector, before anything else (million USD).
    /// `None`: the packages' convention, 1 for ICIO files and 0 for WIOD files.
    pub domestic_pad: Option<f64>,
    /// How the flows are valued.
    pub valuation: FlowValuation,
}

impl Default for TariffwarOptions {
    fn default() -> Self {
        Self {
            elasticity: ElasticitySet::IS,
            domestic_pad: None,
            valuation: FlowValuation::GrossOfTariffs,
        }
    }
}

/// One elasticity set as stored in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct SigmaSet {
    /// σₖ, the elasticity of substitution per sector.
    pub sigma: Vec<f64>,
    /// The file's `source` string (the package's registry name).
    pub source: String,
}

/// The content of a `tariffwar` MAT-file, checked for shape and values.
#[derive(Debug, Clone, PartialEq)]
pub struct MatData {
    /// `wiod` or `icio`.
    pub dataset: String,
    /// Base year.
    pub year: i32,
    /// ISO3 codes (and `ROW`), in index order.
    pub countries: Vec<String>,
    /// Sector names, in index order.
    pub sectors: Vec<String>,
    /// 0-based index of the services aggregate.
    pub services_sector: usize,
    /// Xⱼᵢₖ in truce's [`Dims::nij`] layout (sector, importer, exporter), million USD.
    pub flows: Vec<f64>,
    /// tⱼᵢₖ (tariff of importer i on exporter j), same layout, fractions.
    pub tariffs: Vec<f64>,
    /// The elasticity sets found, by group name.
    pub sigma: BTreeMap<String, SigmaSet>,
}

impl MatData {
    /// Dimensions (regions × sectors).
    pub fn dims(&self) -> Dims {
        Dims {
            n: self.countries.len(),
            j: self.sectors.len(),
        }
    }
}

/// How the manifest's notes start for each import convention ([`import_conventions`] reads
/// them back).
const NOTE_FLOWS_GROSS: &str = "Flows: the file's Xjik are importer spending gross of the tariff";
const NOTE_FLOWS_BORDER: &str = "Flows: the file's Xjik read as border values";
const NOTE_PAD: &str = "Domestic pad: ";
const NOTE_NO_PAD: &str = "Domestic cells as in the file (no pad";

/// The conventions a `tariffwar` import applied, as its manifest's notes record them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImportConventions {
    /// How the file's flows were read.
    pub valuation: FlowValuation,
    /// Million USD added to every domestic cell (0: none).
    pub domestic_pad: f64,
}

/// The conventions recorded in the `notes` of a dataset this importer wrote; `None` when the
/// notes are not the importer's (another importer, or edited by hand).
pub fn import_conventions(notes: &[String]) -> Option<ImportConventions> {
    let valuation = notes.iter().find_map(|n| {
        if n.starts_with(NOTE_FLOWS_GROSS) {
            Some(FlowValuation::GrossOfTariffs)
        } else if n.starts_with(NOTE_FLOWS_BORDER) {
            Some(FlowValuation::Border)
        } else {
            None
        }
    })?;
    let domestic_pad = notes.iter().find_map(|n| {
        if n.starts_with(NOTE_NO_PAD) {
            Some(0.0)
        } else {
            n.strip_prefix(NOTE_PAD)?
                .split_whitespace()
                .next()?
                .parse::<f64>()
                .ok()
        }
    })?;
    Some(ImportConventions {
        valuation,
        domestic_pad,
    })
}

/// Highest tariff accepted (a fraction): 10 = 1 000 %. Larger values are taken as percentages
/// written into a fraction field.
pub const MAX_TARIFF: f64 = 10.0;

fn err(path: &Path, value: impl Into<String>, problem: impl Into<String>) -> DataError {
    DataError::file(
        path,
        DataErrorKind::BadValue {
            value: value.into(),
            problem: problem.into(),
        },
    )
}

fn h5(path: &Path, field: &str, e: hdf5_pure::Error) -> DataError {
    err(
        path,
        format!("field `{field}`"),
        format!(
            "cannot be read ({e}); the file must be a tariffwar/ustariff MAT-file holding the \
             struct `data` with fields N, S, year, dataset, countries, sectors, \
             services_sector, Xjik_3D, tjik_3D and sigma/<SET>/sigma_S"
        ),
    )
}

/// Read and check a `tariffwar` MAT-file.
///
/// # Errors
/// A [`DataError`] naming the file, the field and the value for: a file that is not a MATLAB
/// v7.3 MAT-file (a v5 file gets the `save -v7.3` fix); a missing field; cubes whose shapes
/// disagree with `N`, `S`, `countries` or `sectors`; negative, NaN or infinite flows; tariffs
/// that are NaN, negative, above [`MAX_TARIFF`] or non-zero on the diagonal; σ ≤ 1 or of the
/// wrong length; duplicated country codes.
pub fn read_mat(path: &Path) -> Result<MatData, DataError> {
    let bytes =
        std::fs::read(path).map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let head = &bytes[..bytes.len().min(128)];
    let head_text = String::from_utf8_lossy(head);
    if !head_text.starts_with("MATLAB 7.3 MAT-file") {
        let problem = if head_text.starts_with("MATLAB 5.0 MAT-file") {
            "this is a MATLAB v5/v7 MAT-file; truce reads the v7.3 (HDF5) format of the \
             tariffwar/ustariff packages: re-save it in MATLAB or Octave with `save -v7.3`"
                .to_string()
        } else {
            "not a MATLAB v7.3 MAT-file (its first bytes are not the `MATLAB 7.3 MAT-file` \
             header); pass one of the packages' files, e.g. \
             ../shared/data/tariffwar_mat/mat/ICIO2022.mat"
                .to_string()
        };
        return Err(err(path, "file header", problem));
    }
    let file = File::from_bytes(bytes).map_err(|e| {
        err(
            path,
            "HDF5 body",
            format!("the MAT-file header is there but its HDF5 content cannot be read ({e})"),
        )
    })?;
    let scalar = |field: &str| -> Result<f64, DataError> {
        let full = format!("data/{field}");
        let v = file
            .dataset(&full)
            .and_then(|d| d.read_f64())
            .map_err(|e| h5(path, &full, e))?;
        match v.as_slice() {
            [x] if x.is_finite() => Ok(*x),
            _ => Err(err(
                path,
                format!("field `{full}` = {v:?}"),
                "must be one finite number",
            )),
        }
    };
    let count = |field: &str| -> Result<usize, DataError> {
        let x = scalar(field)?;
        if x < 1.0 || x.fract() != 0.0 {
            return Err(err(
                path,
                format!("field `data/{field}` = {x}"),
                "must be a positive whole number",
            ));
        }
        Ok(x as usize)
    };
    let n = count("N")?;
    let s = count("S")?;
    let year = scalar("year")?;
    let services = count("services_sector")?;
    let dataset = {
        let d = file
            .dataset("data/dataset")
            .and_then(|d| d.read_u16())
            .map_err(|e| h5(path, "data/dataset", e))?;
        String::from_utf16_lossy(&d).trim().to_string()
    };
    let strings = |field: &str| -> Result<Vec<String>, DataError> {
        let full = format!("data/{field}");
        let objs = file
            .dataset(&full)
            .and_then(|d| d.dereference())
            .map_err(|e| h5(path, &full, e))?;
        let mut out = Vec::with_capacity(objs.len());
        for o in objs {
            match o {
                Object::Dataset(d) => {
                    let u = d.read_u16().map_err(|e| h5(path, &full, e))?;
                    out.push(String::from_utf16_lossy(&u).trim().to_string());
                }
                _ => {
                    return Err(err(
                        path,
                        format!("field `{full}`"),
                        "must be a cell array of strings",
                    ))
                }
            }
        }
        Ok(out)
    };
    let countries = strings("countries")?;
    let sectors = strings("sectors")?;
    if countries.len() != n {
        return Err(err(
            path,
            format!("field `data/countries` has {} entries", countries.len()),
            format!("N = {n}: the country list and N disagree"),
        ));
    }
    if sectors.len() != s {
        return Err(err(
            path,
            format!("field `data/sectors` has {} entries", sectors.len()),
            format!("S = {s}: the sector list and S disagree"),
        ));
    }
    for (a, c) in countries.iter().enumerate() {
        if let Some(b) = countries[..a].iter().position(|x| x == c) {
            return Err(err(
                path,
                format!(
                    "field `data/countries`: `{c}` at positions {} and {}",
                    b + 1,
                    a + 1
                ),
                "country codes must be unique",
            ));
        }
    }
    if services > s {
        return Err(err(
            path,
            format!("field `data/services_sector` = {services}"),
            format!("must be a sector index between 1 and S = {s}"),
        ));
    }
    let d = Dims { n, j: s };
    let cube = |field: &str| -> Result<Vec<f64>, DataError> {
        let full = format!("data/{field}");
        let ds = file.dataset(&full).map_err(|e| h5(path, &full, e))?;
        let shape = ds.shape().map_err(|e| h5(path, &full, e))?;
        check_cube_shape(path, &full, &shape, n, s)?;
        ds.read_f64().map_err(|e| h5(path, &full, e))
    };
    let flows = cube("Xjik_3D")?;
    let tariffs = cube("tjik_3D")?;
    check_cells(path, &countries, &sectors, &flows, &tariffs)?;
    let groups = file
        .group("data/sigma")
        .and_then(|g| g.groups())
        .map_err(|e| h5(path, "data/sigma", e))?;
    let mut sigma = BTreeMap::new();
    for g in groups {
        let base = format!("data/sigma/{g}");
        let v = file
            .dataset(&format!("{base}/sigma_S"))
            .and_then(|d| d.read_f64())
            .map_err(|e| h5(path, &format!("{base}/sigma_S"), e))?;
        if v.len() != s {
            return Err(err(
                path,
                format!("field `{base}/sigma_S` has {} values", v.len()),
                format!("expected one σ per sector (S = {s})"),
            ));
        }
        let source = file
            .dataset(&format!("{base}/source"))
            .and_then(|d| d.read_u16())
            .map(|u| String::from_utf16_lossy(&u).trim().to_string())
            .unwrap_or_default();
        sigma.insert(g, SigmaSet { sigma: v, source });
    }
    debug_assert_eq!(flows.len(), d.cube_len());
    Ok(MatData {
        dataset,
        year: year as i32,
        countries,
        sectors,
        services_sector: services - 1,
        flows,
        tariffs,
        sigma,
    })
}

/// The cubes of a MAT-file must have HDF5 shape (S, N, N) (MATLAB size N × N × S).
fn check_cube_shape(
    path: &Path,
    full: &str,
    shape: &[u64],
    n: usize,
    s: usize,
) -> Result<(), DataError> {
    let want = [s as u64, n as u64, n as u64];
    if shape != want {
        let matlab: Vec<u64> = shape.iter().rev().copied().collect();
        return Err(err(
            path,
            format!("field `{full}` has MATLAB size {matlab:?}"),
            format!(
                "expected N × N × S = [{n}, {n}, {s}] (N = {n} countries, S = {s} sectors): \
                 the cubes' shapes disagree with N and S"
            ),
        ));
    }
    Ok(())
}

/// Every flow finite and ≥ 0; every tariff finite, in [0, MAX_TARIFF] and 0 on the diagonal;
/// the first bad cell is named by exporter, importer and sector.
fn check_cells(
    path: &Path,
    countries: &[String],
    sectors: &[String],
    flows: &[f64],
    tariffs: &[f64],
) -> Result<(), DataError> {
    let n = countries.len();
    let cell_name = |c: usize| {
        let k = c / (n * n);
        let i = (c / n) % n;
        let j = c % n;
        format!(
            "exporter {}, importer {}, sector {} `{}`",
            countries[j],
            countries[i],
            k + 1,
            sectors[k]
        )
    };
    for (c, &x) in flows.iter().enumerate() {
        if !x.is_finite() || x < 0.0 {
            return Err(err(
                path,
                format!("field `data/Xjik_3D` ({}) = {x}", cell_name(c)),
                if x.is_finite() {
                    "trade flows must be non-negative"
                } else {
                    "trade flows must be finite numbers (NaN or infinity found)"
                },
            ));
        }
    }
    for (c, &t) in tariffs.iter().enumerate() {
        let diag = (c / n) % n == c % n;
        let problem = if !t.is_finite() {
            Some("tariffs must be finite numbers (NaN or infinity found)".to_string())
        } else if t < 0.0 {
            Some("tariffs are fractions and must be ≥ 0".into())
        } else if t > MAX_TARIFF {
            Some(format!(
                "tariffs are fractions (0.05 = 5 %); {t} is above {MAX_TARIFF} (1 000 %), \
             probably a percentage"
            ))
        } else if diag && t != 0.0 {
            Some("a country's tariff on its own goods (the diagonal) must be 0".into())
        } else {
            None
        };
        if let Some(p) = problem {
            return Err(err(
                path,
                format!("field `data/tjik_3D` ({}) = {t}", cell_name(c)),
                p,
            ));
        }
    }
    Ok(())
}

/// A short code for a sector name: the name itself when it is already a code (`C26`,
/// `C17_18`), else the words before the first comma, semicolon, "and" or parenthesis, upper
/// case, joined by `_` (`Basic metals` → `BASIC_METALS`, `Services (aggregate)` → `SERVICES`).
pub fn sector_code(name: &str) -> String {
    let t = name.trim();
    if !t.is_empty() && t.len() <= 12 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return t.to_string();
    }
    let head = t
        .split([',', ';', '('])
        .next()
        .unwrap_or(t)
        .split(" and ")
        .next()
        .unwrap_or(t);
    let words: Vec<String> = head
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase())
        .collect();
    if words.is_empty() {
        "SECTOR".into()
    } else {
        words.join("_")
    }
}

/// Import one `tariffwar` MAT-file as a truce dataset for the Lashkaripour (2021) model.
///
/// # Errors
/// As [`read_mat`]; an elasticity set the file does not hold (the message lists those it
/// has); σ ≤ 1; a country without expenditure or output; a negative domestic pad.
pub fn import_tariffwar(path: &Path, opts: &TariffwarOptions) -> Result<Dataset, DataError> {
    let mat = read_mat(path)?;
    build_dataset(path, &mat, opts)
}

/// Import every `*.mat` file of `dir` (sorted by name), one dataset per file, keyed by the
/// file stem (`ICIO2022`).
///
/// # Errors
/// As [`import_tariffwar`], for the first file that fails; a folder without `.mat` files.
pub fn import_tariffwar_dir(
    dir: &Path,
    opts: &TariffwarOptions,
) -> Result<Vec<(String, Dataset)>, DataError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| DataError::file(dir, DataErrorKind::Io(e.to_string())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("mat")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(err(
            dir,
            "folder",
            "holds no .mat file; pass a MAT-file or a folder of them (e.g. \
             ../shared/data/tariffwar_mat/mat)",
        ));
    }
    files
        .iter()
        .map(|p| {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            import_tariffwar(p, opts).map(|d| (stem, d))
        })
        .collect()
}

fn build_dataset(
    path: &Path,
    mat: &MatData,
    opts: &TariffwarOptions,
) -> Result<Dataset, DataError> {
    let d = mat.dims();
    let (n, s) = (d.n, d.j);
    let elas = opts.elasticity;
    let set = mat.sigma.get(elas.abbrev()).ok_or_else(|| {
        err(
            path,
            format!("elasticity set `{elas}`"),
            format!(
                "is not in this file; it holds {}",
                mat.sigma.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    let mut theta = Vec::with_capacity(s);
    for (k, &sg) in set.sigma.iter().enumerate() {
        if !(sg.is_finite() && sg > 1.0) {
            return Err(err(
                path,
                format!(
                    "field `data/sigma/{elas}/sigma_S` (sector {}) = {sg}",
                    k + 1
                ),
                "σ must exceed 1: the trade elasticity σ − 1 must be positive",
            ));
        }
        theta.push(sg - 1.0);
    }
    let is_icio = mat.dataset.eq_ignore_ascii_case("icio");
    let pad = opts.domestic_pad.unwrap_or(if is_icio { 1.0 } else { 0.0 });
    if !(pad.is_finite() && pad >= 0.0) {
        return Err(err(
            path,
            format!("domestic pad {pad}"),
            "must be a non-negative amount (million USD)",
        ));
    }
    let mut x = mat.flows.clone();
    let mut zero_domestic = 0usize;
    for k in 0..s {
        for i in 0..n {
            let c = d.nij(i, i, k);
            if x[c] == 0.0 {
                zero_domestic += 1;
            }
            x[c] += pad;
        }
    }
    let zero_cells = mat.flows.iter().filter(|&&v| v == 0.0).count();
    let mut flows = vec![0.0; d.cube_len()];
    for c in 0..d.cube_len() {
        flows[c] = match opts.valuation {
            FlowValuation::GrossOfTariffs => x[c] / (1.0 + mat.tariffs[c]),
            FlowValuation::Border => x[c],
        };
    }
    // αₖᵢ = Σⱼ Xⱼᵢₖ(gross) / Σⱼₖ Xⱼᵢₖ(gross): the packages' e_ik (Cobb–Douglas weights).
    let mut alpha = vec![0.0; d.nj_len()];
    for i in 0..n {
        let mut total = 0.0;
        for k in 0..s {
            let e: f64 = (0..n)
                .map(|j| (1.0 + mat.tariffs[d.nij(i, j, k)]) * flows[d.nij(i, j, k)])
                .sum();
            alpha[d.nj(i, k)] = e;
            total += e;
        }
        if total <= 0.0 {
            return Err(err(
                path,
                format!("country {}", mat.countries[i]),
                "has no expenditure at all in `data/Xjik_3D` (its importer slices are zero)",
            ));
        }
        for k in 0..s {
            alpha[d.nj(i, k)] /= total;
        }
    }
    let regions: Vec<Region> = mat
        .countries
        .iter()
        .map(|c| Region {
            code: c.clone(),
            name: region_name(c).map(str::to_string).unwrap_or_else(|| {
                if c == "ROW" {
                    "Rest of the world".into()
                } else {
                    c.clone()
                }
            }),
        })
        .collect();
    let mut codes: Vec<String> = Vec::with_capacity(s);
    for name in &mat.sectors {
        let mut c = sector_code(name);
        if codes.contains(&c) {
            c = format!("{c}_{}", codes.len() + 1);
        }
        codes.push(c);
    }
    let sectors: Vec<Sector> = codes
        .iter()
        .zip(&mat.sectors)
        .map(|(c, nm)| Sector {
            code: c.clone(),
            name: nm.clone(),
            tradable: true,
        })
        .collect();
    let baseline = Baseline::new(BaselineInputs {
        regions,
        sectors,
        theta,
        flows,
        tariff: mat.tariffs.clone(),
        export_tax: vec![0.0; d.cube_len()],
        va_share: vec![1.0; d.nj_len()],
        io_share: vec![0.0; d.io_len()],
        alpha,
    })
    .map_err(|e| DataError::file(path, DataErrorKind::Model(e)))?;

    let (data_source, data_title) = if is_icio {
        (
            Source {
                id: "oecd_icio".into(),
                citation: "OECD (2023), Inter-Country Input-Output Tables, 2023 edition \
                           (Extended from 2016), aggregated to 27 goods sectors and one services \
                           aggregate by the tariffwar package"
                    .into(),
                licence: "OECD terms: reuse with attribution".into(),
                url: Some(
                    "https://www.oecd.org/en/data/datasets/inter-country-input-output-tables.html"
                        .into(),
                ),
                used_for: Some("bilateral flows by sector, million USD".into()),
            },
            "OECD ICIO",
        )
    } else {
        (
            Source {
                id: "wiod2016".into(),
                citation: "Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, \
                           G. J. (2015), \"An Illustrated User Guide to the World Input-Output \
                           Database: the Case of Global Automotive Production\", Review of \
                           International Economics 23: 575–605 (WIOD 2016 release), aggregated \
                           to 15 goods sectors and one services aggregate by the tariffwar \
                           package"
                    .into(),
                licence: "CC BY 4.0".into(),
                url: Some("https://www.rug.nl/ggdc/valuechain/wiod/".into()),
                used_for: Some("bilateral flows by sector, million USD".into()),
            },
            "WIOD",
        )
    };
    let set_id = format!("sigma_{}", elas.abbrev());
    let sources = vec![
        data_source,
        Source {
            id: "teti2024".into(),
            citation: "Teti, F. (2024), \"30+ Years of Trade Policy: Evidence from 160 \
                       Countries\", ECARES Working Paper 2024-04 (Global Tariff Database)"
                .into(),
            licence: "published database; cite the paper".into(),
            url: None,
            used_for: Some("applied bilateral tariffs by sector".into()),
        },
        Source {
            id: set_id.clone(),
            citation: format!(
                "{}; mapped to the file's sectors by the tariffwar package's concordances \
                 (set `{}`, registry name `{}`)",
                elas.citation(),
                elas.abbrev(),
                set.source
            ),
            licence: "published estimates, cited".into(),
            url: None,
            used_for: Some("elasticities of substitution σ; θ = σ − 1".into()),
        },
        Source {
            id: "tariffwar".into(),
            citation: "Lashkaripour, A. (2021), \"The Cost of a Global Tariff War: A \
                       Sufficient-Statistics Approach\", Journal of International Economics 131: \
                       103489, and its MATLAB packages tariffwar (github:ahmadlp/tariffwar) and \
                       ustariff (github:ahmadlp/us-tariff; Ignatenko, Lashkaripour, Macedoni and \
                       Simonovska 2025, Journal of International Economics 157), whose prebuilt \
                       MAT-file this is"
                .into(),
            licence: "data files distributed with the packages; cite the papers and the \
                      underlying sources"
                .into(),
            url: None,
            used_for: Some("the prebuilt cubes and their conventions".into()),
        },
    ];
    let name = format!(
        "{}{}-{}",
        mat.dataset.to_ascii_lowercase(),
        mat.year,
        elas.abbrev()
    );
    let mut manifest = Manifest::for_baseline(
        &baseline,
        &name,
        &format!(
            "{data_title} {}: {n} economies × {s} sectors ({} goods + services), elasticities {}",
            mat.year,
            s - 1,
            elas.abbrev()
        ),
        mat.year,
        "USD",
        "million",
        sources,
        Some(&set_id),
    );
    manifest.model = Some(MODEL_LASHKARIPOUR2021.into());
    manifest.description = format!(
        "Imported by `truce data import tariffwar --elasticity {}` from {}: the prebuilt cube \
         of the tariffwar/ustariff packages, for the Lashkaripour (2021) model (multi-sector \
         CES, no input–output links, tariff revenue rebated; every counterfactual is measured \
         against the trade-balanced baseline).",
        elas.abbrev(),
        path.display()
    );
    let services = &codes[mat.services_sector];
    manifest.notes = vec![
        match opts.valuation {
            FlowValuation::GrossOfTariffs => format!(
                "{NOTE_FLOWS_GROSS} (the packages' convention: wage revenue R = Σ X/(1+t)); \
                 stored as border values X/(1+t)."
            ),
            FlowValuation::Border => format!(
                "{NOTE_FLOWS_BORDER} (before the tariff), as requested with --border-valued; \
                 the packages read them gross of tariffs."
            ),
        },
        if pad > 0.0 {
            format!(
                "{NOTE_PAD}{} million USD added to every domestic cell in every sector \
                 ({} cells; {zero_domestic} of them were zero), as the packages do for ICIO \
                 (pipeline/run.m) so that no country has a zero domestic share.",
                fmt_f64(pad),
                n * s
            )
        } else {
            format!("{NOTE_NO_PAD}; the packages pad ICIO only).")
        },
        format!(
            "{zero_cells} of {} cells of the file's cube are zero; zero flows stay zero in every \
             counterfactual.",
            d.cube_len()
        ),
        format!(
            "θ = σ − 1 with σ from `data/sigma/{}/sigma_S` ({}); no input–output links \
             (value-added share 1); final-demand shares = sector shares of expenditure gross of \
             tariffs (the packages' e_ik).",
            elas.abbrev(),
            set.source
        ),
        format!(
            "Services: `{services}` (the file's services_sector) is traded and carries the \
             file's tariffs, as in the packages."
        ),
        "Tariffs: the file's applied tariffs (Teti Global Tariff Database), importer on \
         exporter, by sector."
            .into(),
        format!(
            "Model: `{MODEL_LASHKARIPOUR2021}`: truce war/run first solve the trade-balanced \
             baseline (every deficit to zero at factual tariffs) and measure every \
             counterfactual against it (docs/model-tariffwar.md)."
        ),
    ];
    for (k, sm) in manifest.sectors.iter_mut().enumerate() {
        if k == mat.services_sector {
            sm.classification = Some("services aggregate".into());
        } else if is_icio {
            sm.classification = Some(format!("ISIC Rev.4 {}", mat.sectors[k]));
        }
    }
    Dataset::new(manifest, baseline, BTreeMap::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sector_codes_are_short_and_readable() {
        assert_eq!(sector_code("C17_18"), "C17_18");
        assert_eq!(sector_code("Basic metals"), "BASIC_METALS");
        assert_eq!(sector_code("Services (aggregate)"), "SERVICES");
        assert_eq!(sector_code("Agriculture, forestry, fishing"), "AGRICULTURE");
        assert_eq!(sector_code("Machinery and equipment n.e.c."), "MACHINERY");
        assert_eq!(
            sector_code("Other manufacturing; repair"),
            "OTHER_MANUFACTURING"
        );
    }

    /// The cell checks of `read_mat` (the MAT-files' own cubes cannot be edited in place: their
    /// version 1 object headers are beyond hdf5-pure's editor).
    #[test]
    fn bad_cells_and_shapes_name_the_field_the_cell_and_the_value() {
        let p = Path::new("X.mat");
        let c: Vec<String> = vec!["USA".into(), "CHN".into()];
        let s: Vec<String> = vec!["Goods".into()];
        let ok = |v: f64, k: usize| {
            let mut x = vec![10.0, 2.0, 3.0, 20.0];
            x[k] = v;
            x
        };
        let t0 = vec![0.0, 0.1, 0.2, 0.0];
        assert!(check_cells(p, &c, &s, &ok(1.0, 1), &t0).is_ok());
        let msg = |e: DataError| e.to_string();
        let e = msg(check_cells(p, &c, &s, &ok(-5.0, 1), &t0).unwrap_err());
        assert!(
            e.contains("X.mat")
                && e.contains("data/Xjik_3D")
                && e.contains("exporter CHN, importer USA, sector 1 `Goods`")
                && e.contains("-5")
                && e.contains("non-negative"),
            "{e}"
        );
        let e = msg(check_cells(p, &c, &s, &ok(f64::NAN, 2), &t0).unwrap_err());
        assert!(e.contains("data/Xjik_3D") && e.contains("NaN"), "{e}");
        let bad_t = |v: f64, k: usize| {
            let mut t = t0.clone();
            t[k] = v;
            msg(check_cells(p, &c, &s, &ok(1.0, 1), &t).unwrap_err())
        };
        let e = bad_t(50.0, 1);
        assert!(
            e.contains("data/tjik_3D") && e.contains("probably a percentage"),
            "{e}"
        );
        assert!(bad_t(-0.1, 1).contains("must be ≥ 0"));
        assert!(bad_t(f64::INFINITY, 2).contains("finite"));
        assert!(bad_t(0.1, 0).contains("the diagonal"));
        let e = msg(check_cube_shape(p, "data/tjik_3D", &[1, 2, 3], 2, 1).unwrap_err());
        assert!(
            e.contains("data/tjik_3D") && e.contains("[3, 2, 1]") && e.contains("disagree"),
            "{e}"
        );
        assert!(check_cube_shape(p, "data/Xjik_3D", &[1, 2, 2], 2, 1).is_ok());
    }

    #[test]
    fn elasticity_sets_parse_case_insensitively_and_reject_unknown_ones() {
        assert_eq!("is".parse::<ElasticitySet>().unwrap(), ElasticitySet::IS);
        assert_eq!("L21".parse::<ElasticitySet>().unwrap(), ElasticitySet::IS);
        assert_eq!(
            "shap".parse::<ElasticitySet>().unwrap(),
            ElasticitySet::Shap
        );
        let e = "XX".parse::<ElasticitySet>().unwrap_err();
        assert!(
            e.contains("unknown elasticity set `XX`") && e.contains("U4"),
            "{e}"
        );
    }

    #[test]
    fn the_manifest_notes_record_the_import_conventions_and_read_back() {
        let sigma = SigmaSet {
            sigma: vec![5.0, 3.0],
            source: "test".into(),
        };
        // 2 countries × 2 sectors; a zero domestic cell in sector 1.
        let mat = MatData {
            dataset: "icio".into(),
            year: 2022,
            countries: vec!["USA".into(), "CHN".into()],
            sectors: vec!["Goods".into(), "Services (aggregate)".into()],
            services_sector: 1,
            flows: vec![10.0, 2.0, 3.0, 20.0, 0.0, 1.0, 1.0, 30.0],
            tariffs: vec![0.0, 0.1, 0.2, 0.0, 0.0, 0.05, 0.05, 0.0],
            sigma: BTreeMap::from([("IS".to_string(), sigma)]),
        };
        let p = Path::new("ICIO2022.mat");
        let ds = build_dataset(p, &mat, &TariffwarOptions::default()).unwrap();
        assert_eq!(
            import_conventions(&ds.manifest.notes),
            Some(ImportConventions {
                valuation: FlowValuation::GrossOfTariffs,
                domestic_pad: 1.0
            })
        );
        let opts = TariffwarOptions {
            domestic_pad: Some(0.0),
            valuation: FlowValuation::Border,
            ..Default::default()
        };
        let ds = build_dataset(p, &mat, &opts).unwrap();
        assert_eq!(
            import_conventions(&ds.manifest.notes),
            Some(ImportConventions {
                valuation: FlowValuation::Border,
                domestic_pad: 0.0
            })
        );
        let opts = TariffwarOptions {
            domestic_pad: Some(2.5),
            ..Default::default()
        };
        let ds = build_dataset(p, &mat, &opts).unwrap();
        assert_eq!(
            import_conventions(&ds.manifest.notes).map(|c| c.domestic_pad),
            Some(2.5)
        );
        assert_eq!(import_conventions(&["something else".to_string()]), None);
    }

    #[test]
    fn a_file_that_is_not_a_mat_file_is_rejected_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.mat");
        std::fs::write(&p, b"MATLAB 5.0 MAT-file, Platform: GLNXA64").unwrap();
        let e = read_mat(&p).unwrap_err().to_string();
        assert!(e.contains("save -v7.3"), "{e}");
        std::fs::write(&p, b"hello").unwrap();
        let e = read_mat(&p).unwrap_err().to_string();
        assert!(e.contains("not a MATLAB v7.3 MAT-file"), "{e}");
    }
}
