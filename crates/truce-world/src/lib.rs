//! # truce-world: truce's embedded default world, `world2024`
//!
//! A **stylised** calibration of the world economy in 2024: 11 regions (USA, CHN, EU27, JPN,
//! KOR, TWN, VNM, MEX, CAN, IND, ROW) × 11 sectors (AGRFOOD, MINING, TEXTILES, CHEMPHARMA,
//! METALS, MACHINERY, ELECTRONICS, ELECTRICAL, MOTORVEH, OTHERMFG, SERVICES), built from cited
//! public 2024 figures and the 2011 WIOD structure (`data/world2024_facts/`), with the tariffs
//! in force on 20 January 2025. Every assumption is stated in `docs/world2024.md`.
//!
//! * [`load`] returns the committed dataset, embedded in the binary: it needs no file and no
//!   network and works from any directory.
//! * [`build`] recomputes it from the embedded facts; `truce data build-default` writes it, and
//!   a test checks that the result is byte-identical to the committed `data/world2024/`.
//! * [`rare_earth_share`] gives the rare-earth content of China's MINING and ELECTRICAL exports.
//! * [`load_ree`] returns `world2024-ree`, the same world with a RARE_EARTHS sector split out
//!   of MINING and ELECTRICAL and a critical-input nest (docs/critical-inputs.md); [`build`]
//!   builds both.
//!
//! The tariffs are the US–China record's policy state on [`BASELINE_DATE`]
//! ([`truce_scenario::record_state`]): pre-war tariffs plus every record measure in force that
//! day, evaluated by the record's own machinery on this world's flows. That is why this crate
//! sits above both `truce-data` (the dataset format it writes) and `truce-scenario` (the
//! record); the record's replay (`truce timeline`) then reproduces the baseline on its date.
//!
//! The dataset is an exact Caliendo–Parro equilibrium by construction (CP2015 eq. (13) holds
//! cell by cell), so a zero shock returns ŵ = 1; [`build`] verifies this by solving it and
//! re-basing, and reports the size of that adjustment ([`EquilibriumCheck`]).
//!
//! # Example
//! ```
//! let ds = truce_world::load().unwrap();
//! assert!(ds.manifest.stylised);
//! assert_eq!(ds.baseline.regions()[1].code, "CHN");
//! ```

// `DataError` is the crate's error type everywhere; its size is a crate-wide choice.
#![allow(clippy::result_large_err)]
// Index loops follow the papers' notation (n, i, j, k) over several arrays at once.
#![allow(clippy::needless_range_loop)]

mod balance;
mod calibrate;
mod classification;
mod facts;
mod prior;
mod rare_earths;
mod ree;
mod report;
mod targets;
mod tariffs;
#[cfg(test)]
mod tests;
mod theta;

pub use balance::IpfInfo;
pub use calibrate::{IPF_TOL, RAS_TOL};
pub use classification::{REGIONS, SECTORS};
pub use facts::Confidence;
pub use rare_earths::{
    rare_earth_share, RareEarthShare, CHINA_RARE_EARTH_EXPORTS_2024_USD_BN, RARE_EARTH_SHARES,
};
pub use ree::{
    ReeReport, CHINA_MAGNET_PRODUCTION_2024_T, CHINA_RARE_EARTH_EXPORTS_2024_T, DEFAULT_EPSILON_C,
    MAGNET_END_USES, NON_CHINA_MAGNET_OUTPUT, NON_CHINA_SEPARATION, RARE_EARTHS, REE_NAME,
    THETA_RARE_EARTHS,
};
pub use report::{
    CalibrationReport, EquilibriumCheck, Margin, OutputFloor, RasInfo, UsChinaSector,
};
pub use tariffs::{weighted_average_pct, TariffSummary, BASELINE_DATE, FLOW_UNIT_USD_BN};
pub use theta::{Theta, THETA};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use truce_data::dataset::{Manifest, Source};
use truce_data::{read_dataset_from_memory, write_dataset, Dataset};
use truce_data::{DataError, DataErrorKind};
use truce_model::cp2015::Engine;
use truce_model::Policy;

/// Dataset name.
pub const NAME: &str = "world2024";

/// The note every output built on world2024 prints.
pub const STYLISED_NOTE: &str = "world2024 is a stylised calibration (cited 2024 totals on a \
    2011 WIOD structure, balanced by IPF/RAS; several inputs are low-confidence, see \
    docs/world2024.md): use it for orders of magnitude and mechanisms, not point forecasts. For \
    research-grade tables import real data with `truce data import` (WIOD, OECD ICIO, CP2015, \
    Ossa 2014, gravity panels).";

/// `facts.csv`, embedded (the cited 2024 figures).
pub const FACTS_CSV: &str = include_str!("../../../data/world2024_facts/facts.csv");
/// `wiod2011_structure.csv`, embedded (the 2011 structure figures).
pub const STRUCTURE_CSV: &str =
    include_str!("../../../data/world2024_facts/wiod2011_structure.csv");

/// The committed dataset's files (`data/world2024/`), embedded.
pub const DATASET_FILES: [(&str, &str); 7] = [
    (
        "dataset.toml",
        include_str!("../../../data/world2024/dataset.toml"),
    ),
    (
        "trade.csv",
        include_str!("../../../data/world2024/trade.csv"),
    ),
    (
        "tariffs.csv",
        include_str!("../../../data/world2024/tariffs.csv"),
    ),
    (
        "io_shares.csv",
        include_str!("../../../data/world2024/io_shares.csv"),
    ),
    (
        "value_added.csv",
        include_str!("../../../data/world2024/value_added.csv"),
    ),
    (
        "final_demand.csv",
        include_str!("../../../data/world2024/final_demand.csv"),
    ),
    (
        "deficits.csv",
        include_str!("../../../data/world2024/deficits.csv"),
    ),
];

/// The committed rare-earth variant's files (`data/world2024-ree/`), embedded.
pub const REE_DATASET_FILES: [(&str, &str); 7] = [
    (
        "dataset.toml",
        include_str!("../../../data/world2024-ree/dataset.toml"),
    ),
    (
        "trade.csv",
        include_str!("../../../data/world2024-ree/trade.csv"),
    ),
    (
        "tariffs.csv",
        include_str!("../../../data/world2024-ree/tariffs.csv"),
    ),
    (
        "io_shares.csv",
        include_str!("../../../data/world2024-ree/io_shares.csv"),
    ),
    (
        "value_added.csv",
        include_str!("../../../data/world2024-ree/value_added.csv"),
    ),
    (
        "final_demand.csv",
        include_str!("../../../data/world2024-ree/final_demand.csv"),
    ),
    (
        "deficits.csv",
        include_str!("../../../data/world2024-ree/deficits.csv"),
    ),
];

/// The committed world2024-ree dataset (world2024 with a RARE_EARTHS sector and a
/// critical-input nest), from the copy embedded in the binary.
///
/// # Errors
/// Only if the embedded files were corrupted (a test guards against it).
///
/// # Example
/// ```
/// let ds = truce_world::load_ree().unwrap();
/// assert_eq!(ds.baseline.sectors().last().unwrap().code, "RARE_EARTHS");
/// assert_eq!(ds.baseline.production().epsilon_c(), Some(0.1));
/// ```
pub fn load_ree() -> Result<Dataset, DataError> {
    read_dataset_from_memory("world2024-ree (embedded)", &REE_DATASET_FILES)
}

/// Largest |ŵ − 1| the zero-shock check accepts.
pub const EQUILIBRIUM_TOL: f64 = 1e-9;

/// The committed world2024 dataset, from the copy embedded in the binary.
///
/// # Errors
/// Only if the embedded files were corrupted (a test guards against it).
pub fn load() -> Result<Dataset, DataError> {
    read_dataset_from_memory("world2024 (embedded)", &DATASET_FILES)
}

/// A calibrated dataset with its report, and its rare-earth variant.
#[derive(Debug, Clone)]
pub struct Calibration {
    /// The dataset.
    pub dataset: Dataset,
    /// What the calibration did and how well it meets its targets.
    pub report: CalibrationReport,
    /// `world2024-ree`: the same world with a RARE_EARTHS sector and a critical-input nest.
    pub ree: Dataset,
    /// How the variant was built.
    pub ree_report: ReeReport,
}

/// Build world2024 from the embedded facts (what `truce data build-default` does).
///
/// # Errors
/// See [`build_from`].
pub fn build() -> Result<Calibration, DataError> {
    build_from(
        FACTS_CSV,
        STRUCTURE_CSV,
        Path::new("data/world2024_facts/facts.csv"),
        Path::new("data/world2024_facts/wiod2011_structure.csv"),
    )
}

/// Build world2024 from `facts.csv` and `wiod2011_structure.csv` in `dir`.
///
/// # Errors
/// If a file cannot be read, or as [`build_from`].
pub fn build_from_dir(dir: &Path) -> Result<Calibration, DataError> {
    let read = |name: &str| -> Result<(PathBuf, String), DataError> {
        let p = dir.join(name);
        let s = std::fs::read_to_string(&p).map_err(|e| {
            DataError::file(
                &p,
                DataErrorKind::Io(format!(
                    "{e}; --facts names a folder holding facts.csv and wiod2011_structure.csv"
                )),
            )
        })?;
        Ok((p, s))
    };
    let (fp, f) = read("facts.csv")?;
    let (sp, s) = read("wiod2011_structure.csv")?;
    build_from(&f, &s, &fp, &sp)
}

/// Build world2024 from the contents of the two tables; the paths name them in messages.
///
/// # Errors
/// A [`DataError`] naming the file and the fact for: a malformed table, a fact the
/// calibration needs that is missing or has another unit, margins that contradict each other
/// (the balancing cannot meet them), exports above gross output, and a table that fails the
/// zero-shock check.
pub fn build_from(
    facts_csv: &str,
    structure_csv: &str,
    facts_path: &Path,
    structure_path: &Path,
) -> Result<Calibration, DataError> {
    let facts = facts::Facts::parse(facts_path, facts_csv)?;
    let structure = facts::Structure::parse(structure_path, structure_csv)?;
    let src = calibrate::Sources {
        facts: facts_path.to_path_buf(),
        structure: structure_path.to_path_buf(),
    };
    let c = calibrate::calibrate(&facts, &structure, &src)?;
    let b = c.baseline;

    let equilibrium = zero_shock_check(&b).map_err(|problem| {
        DataError::file(
            facts_path,
            DataErrorKind::BadValue {
                value: "zero-shock check".into(),
                problem,
            },
        )
    })?;
    let rare = rare_earths::compute(&facts, &b)?;
    let manifest = manifest(&b);
    let dataset = Dataset::new(manifest, b, BTreeMap::new())?;
    let (ree, ree_report) = ree::build(&facts, &dataset)?;

    let max_margin_rel_error = c
        .margins
        .iter()
        .map(|m| m.rel_error().abs())
        .fold(0.0, f64::max);
    let report = CalibrationReport {
        name: NAME.into(),
        stylised_note: STYLISED_NOTE.into(),
        margins: c.margins,
        max_margin_rel_error,
        us_china: c.us_china,
        tariffs: c.tariffs,
        ipf: c.ipf,
        ras: c.ras,
        output_floor: c.output_floor,
        electronics_share: c.electronics_share.value,
        electronics_share_facts: c.electronics_share.ids,
        home_share_floor: c.home_share_floor.0,
        home_share_floor_cell: c.home_share_floor.1,
        equilibrium,
        rare_earths: rare.to_vec(),
        theta: THETA.to_vec(),
    };
    Ok(Calibration {
        dataset,
        report,
        ree,
        ree_report,
    })
}

/// Write the dataset into `dir` (all files or none).
///
/// # Errors
/// If a file cannot be written.
pub fn write(ds: &Dataset, dir: &Path) -> Result<(), DataError> {
    write_dataset(ds, dir)
}

/// Write world2024 into `dir` and world2024-ree into `dir_ree`, all files or none.
///
/// # Errors
/// If a file cannot be written (nothing is then left behind).
pub fn write_all(cal: &Calibration, dir: &Path, dir_ree: &Path) -> Result<(), DataError> {
    let mut files = truce_data::dataset_files(&cal.dataset, dir)?;
    files.extend(truce_data::dataset_files(&cal.ree, dir_ree)?);
    truce_data::write_files_atomic(&files)
        .map_err(|e| DataError::file(&e.path, DataErrorKind::Io(e.source.to_string())))
}

/// Solve with every instrument at its base level, then re-base, and measure how far anything
/// moved. The table is an equilibrium by construction, so all of these are rounding-sized.
fn zero_shock_check(b: &truce_model::Baseline) -> Result<EquilibriumCheck, String> {
    let shared = Arc::new(b.clone());
    let policy = Policy::baseline(b);
    let eq = Engine::new(shared)
        .solve(&policy, None, &mut truce_model::solve::NoObserver)
        .map_err(|e| format!("the calibrated table does not solve at base policy: {e}"))?;
    let dev = |v: &[f64]| v.iter().map(|x| (x - 1.0).abs()).fold(0.0, f64::max);
    let rebased = eq
        .rebase(b, &policy)
        .map_err(|e| format!("re-basing the zero-shock solution failed: {e}"))?;
    let mut flow_change: f64 = 0.0;
    for (a, r) in b.flows().iter().zip(rebased.flows()) {
        if *a > 0.0 {
            flow_change = flow_change.max((r / a - 1.0).abs());
        }
    }
    let gdp_change = b
        .value_added()
        .iter()
        .zip(rebased.value_added())
        .map(|(a, r)| (r / a - 1.0).abs())
        .fold(0.0, f64::max);
    let check = EquilibriumCheck {
        wage_max_abs_change: dev(&eq.w_hat),
        price_max_abs_change: dev(&eq.p_hat),
        rebased_flow_max_rel_change: flow_change,
        rebased_gdp_max_rel_change: gdp_change,
        iterations: eq.info.iterations,
        residual: eq.info.residual,
    };
    if check.wage_max_abs_change > EQUILIBRIUM_TOL {
        return Err(format!(
            "a zero shock moves wages by {:.3e} (tolerance {EQUILIBRIUM_TOL:.0e}): the \
             calibrated table is not an equilibrium",
            check.wage_max_abs_change
        ));
    }
    Ok(check)
}

/// The manifest: sources, regions, sectors with θ and their sources, notes.
fn manifest(b: &truce_model::Baseline) -> Manifest {
    let sources = vec![
        Source {
            id: "world2024_facts".into(),
            citation: "truce world2024 facts table (data/world2024_facts/facts.csv): one cited \
                       public figure per row, naming its publisher — World Bank WDI, OECD, BEA, \
                       US Census Bureau, GACC, MOFCOM, NBS, Eurostat, Japan MOF, Korea MOTIE, \
                       Taiwan MOF, Viet Nam Customs/GSO, INEGI, Statistics Canada, India \
                       Ministry of Commerce, WTO, ICAEW, USITC DataWeb, PIIE (Bown), USGS, IEA"
                .into(),
            licence: "published figures, each cited to its source; compiled for truce".into(),
            url: None,
            used_for: Some(
                "GDP, goods and services trade totals, bilateral goods cells, US–China trade by \
                 product group, tariffs (PIIE averages, recalled WTO MFN averages), rare-earth \
                 figures"
                    .into(),
            ),
        },
        Source {
            id: "wiod2013".into(),
            citation: "Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. \
                       J. (2015), 'An Illustrated User Guide to the World Input–Output Database: \
                       the Case of Global Automotive Production', Review of International \
                       Economics 23: 575–605; WIOD 2013 release, world input–output table 2011, \
                       aggregated to 10 regions × 10 sectors \
                       (data/world2024_facts/wiod2011_structure.csv)"
                .into(),
            licence: "free of charge with attribution (cite Timmer et al. 2015); repackaged \
                      as aggregate ratios"
                .into(),
            url: Some("https://www.rug.nl/ggdc/valuechain/wiod/".into()),
            used_for: Some(
                "prior: input–output coefficients, value-added ratios and structure, \
                 final-demand shares, source shares of absorption (2011)"
                    .into(),
            ),
        },
        Source {
            id: theta::CP2015.into(),
            citation: "Caliendo, L. and Parro, F. (2015), 'Estimates of the Trade and Welfare \
                       Effects of NAFTA', Review of Economic Studies 82(1): 1–44, Table 1 (99% \
                       sample) as used in the authors' replication code"
                .into(),
            licence: "published estimates".into(),
            url: None,
            used_for: Some("trade elasticities θ of the goods sectors".into()),
        },
        Source {
            id: theta::SW2014.into(),
            citation: "Simonovska, I. and Waugh, M. E. (2014), 'The elasticity of trade: \
                       Estimates and evidence', Journal of International Economics 92(1): 34–50"
                .into(),
            licence: "published estimate".into(),
            url: None,
            used_for: Some("θ = 4 for SERVICES (aggregate elasticity)".into()),
        },
        Source {
            id: "us_china_record".into(),
            citation: "truce's dated US–China record (data/us_china_measures/): measures.csv \
                       (122 dated measures, 2018–2026, each row cited to USTR, MOFCOM, the \
                       Federal Register, PIIE and others) encoded in record.toml (with the \
                       Section 232 country exemptions cited to their proclamations); sector \
                       means and product-group line shares of the HS6 tariff schedules of M. \
                       Waugh, US China Trade War Tracker (github.com/mwaugh0328/tradewar-tracker), \
                       mapped with the World Bank WITS HS→ISIC Rev.3 concordances"
                .into(),
            licence: "cited facts; schedule summaries computed from MIT-licensed files".into(),
            url: None,
            used_for: Some(
                "baseline tariffs: the record's state on 20 January 2025 (pre-war US–China \
                 schedule means plus every measure in force that day)"
                    .into(),
            ),
        },
        Source {
            id: "reuters_gacc_rare_earths_2024".into(),
            citation: "Reuters, 'China's rare earth exports in 2024 climb as home demand \
                       limited', 20 Jan 2025, citing General Administration of Customs data: \
                       55,431 t, USD 488.8 million"
                .into(),
            licence: "published figure".into(),
            url: None,
            used_for: Some("rare-earth share of China's MINING exports".into()),
        },
    ];
    let mut m = Manifest::for_baseline(
        b,
        NAME,
        "Stylised world economy, 2024: 11 regions × 11 sectors, tariffs as on 20 January 2025",
        2024,
        "USD",
        "billion",
        sources,
        None,
    );
    m.description = "truce's default world. Cited 2024 GDP, goods and services trade, bilateral \
        goods flows and US–China trade by product group, on the 2011 WIOD input–output structure \
        (the prior), balanced by iterative proportional fitting (trade) and RAS (input–output \
        coefficients) so that the table is an exact Caliendo–Parro equilibrium. Tariffs as \
        in force on 20 January 2025, the US–China record's state that day: pre-war tariffs (the \
        1 January 2018 HS6 schedule means for US–China trade; MFN-type averages by importer \
        elsewhere, recalled, low confidence; USMCA duty-free) plus every record measure in \
        force (Section 301, Section 232 with its country exemptions, China's retaliation and \
        2018 MFN cuts). Built by `truce data build-default`; documented in docs/world2024.md."
        .into();
    m.stylised = true;
    for (k, s) in m.sectors.iter_mut().enumerate() {
        s.theta_source = Some(THETA[k].source.into());
        s.classification = Some(SECTORS[k].2.into());
    }
    if let Some(eu) = m.regions.iter_mut().find(|r| r.code == "EU27") {
        eu.members = [
            "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
            "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK",
            "SVN", "ESP", "SWE",
        ]
        .iter()
        .map(|c| c.to_string())
        .collect();
    }
    m.elasticity_aggregation = Some(
        THETA
            .iter()
            .map(|t| format!("{}: {}", t.sector, t.derivation))
            .collect::<Vec<_>>()
            .join("; "),
    );
    m.notes = vec![
        STYLISED_NOTE.into(),
        "Money values are USD billion of 2024 at border (producer) prices; trade cells follow \
         the importer's statistics where they are of medium or high confidence, else the \
         exporter's."
            .into(),
        "SERVICES are traded (no tariffs); deficits are the 2024 goods balances plus services \
         balances where known (USA, CHN, EU27, IND); the other regions' services trade is \
         balanced and ROW closes the world."
            .into(),
        "Baseline tariffs (20 Jan 2025) are the US–China record's state that day \
         (data/us_china_measures/record.toml): pre-war tariffs plus the record's measures in \
         force, as θ-consistent equivalents of partial coverage; so `truce timeline` \
         reproduces the baseline on 20 Jan 2025 and counts nothing twice."
            .into(),
        "Rare earths are not a sector: see truce_world::rare_earth_share for their \
         share of China's MINING and ELECTRICAL exports."
            .into(),
    ];
    m
}
