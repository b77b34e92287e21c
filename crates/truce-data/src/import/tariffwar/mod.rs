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
//! `(k·N + i)·N + j` — exactly truce's [`truce_model::Dims::nij`] for (sector k, importer i,
//! exporter j).
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

mod build;
mod mat;

use build::build_dataset;
pub use build::sector_code;
pub use mat::{read_mat, MatData, SigmaSet};

use crate::dataset::Dataset;
use crate::error::{DataError, DataErrorKind};
use std::path::{Path, PathBuf};

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

#[cfg(test)]
mod tests {
    use super::mat::{check_cells, check_cube_shape};
    use super::*;
    use std::collections::BTreeMap;

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
