//! Caliendo & Parro (2015) replication files → a truce dataset.
//!
//! The loader [`crate::cp2015::load`] does the reading and validation; this module wraps its
//! baseline in a manifest: the zero-deficit 1993 base by default (the initial condition of the
//! paper's Tables 2–11, in 10¹⁰ USD), or the raw 1993 data with their deficits (USD), and the
//! 2005 tariffs as the alternative tariff table `"2005"` (there is no 2005 input–output table).

use crate::cp2015::{load, J_TRADABLE, THETA_SERVICES};
use crate::dataset::{Dataset, Manifest, Source, Tables};
use crate::error::{DataError, DataErrorKind};
use std::collections::BTreeMap;
use std::path::Path;

/// Options of the CP2015 importer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cp2015Options {
    /// Import the raw 1993 data (`original/`, USD, with deficits; not an exact equilibrium)
    /// instead of the authors' zero-deficit base.
    pub raw: bool,
}

/// The label of the alternative tariff table holding the 2005 tariffs.
pub const TARIFFS_2005: &str = "2005";

/// Import the Caliendo–Parro data in `dir` (the folder with `original/`,
/// `base1993_zero_deficit/`, `regions.csv`, `sectors.csv`).
///
/// # Errors
/// Whatever [`crate::cp2015::load`] reports (missing files, shapes, values), naming the file,
/// row and column.
pub fn import_cp2015(dir: &Path, opts: Cp2015Options) -> Result<Dataset, DataError> {
    let data = load(dir)?;
    let classification = read_isic(&dir.join("sectors.csv"))?;
    let baseline = if opts.raw {
        data.raw
    } else {
        data.zero_deficit
    };
    let paper = Source {
        id: "cp2015".into(),
        citation:
            "Caliendo, L. and Parro, F. (2015), \"Estimates of the Trade and Welfare Effects of \
                   NAFTA\", Review of Economic Studies 82(1): 1–44, doi:10.1093/restud/rdu035; \
                   replication data (Data_and_Codes_CP)"
                .into(),
        licence: "replication data distributed by the authors as the paper's online supplementary \
                  material; no licence text; cite the paper"
            .into(),
        url: Some("https://doi.org/10.1093/restud/rdu035".into()),
        used_for: Some(
            "trade flows, tariffs (1993, 2005), input–output and value-added shares, final-demand \
             shares, trade elasticities θ (Table 1, 99 % sample, as in T.txt)"
                .into(),
        ),
    };
    let underlying = Source {
        id: "cp2015_underlying".into(),
        citation:
            "Sources of the Caliendo–Parro data (their Appendix E): UN COMTRADE (trade, 1993, \
                   CIF), UNCTAD-TRAINS (applied tariffs 1993 and 2005), OECD STAN, UNIDO INDSTAT2, \
                   OECD input–output tables and WIOD (output, value added, input–output \
                   coefficients), UN National Accounts"
                .into(),
        licence: "as distributed in the authors' replication package".into(),
        url: None,
        used_for: Some("the raw data behind the replication files".into()),
    };
    let mut m = Manifest::for_baseline(
        &baseline,
        if opts.raw { "cp2015-raw" } else { "cp2015" },
        if opts.raw {
            "Caliendo & Parro (2015): raw 1993 data with deficits, 31 regions × 40 sectors"
        } else {
            "Caliendo & Parro (2015): zero-deficit 1993 base, 31 regions × 40 sectors"
        },
        1993,
        "USD",
        if opts.raw { "one" } else { "1e10" },
        vec![paper, underlying],
        Some("cp2015"),
    );
    for (s, c) in m.sectors.iter_mut().zip(classification) {
        s.classification = Some(format!("ISIC Rev.3 {c}"));
    }
    m.description = format!(
        "Imported by `truce data import cp2015{}` from {}.",
        if opts.raw { " --raw" } else { "" },
        dir.display()
    );
    m.tables = Tables {
        alt_tariffs: BTreeMap::from([(TARIFFS_2005.to_string(), "tariffs_2005.csv".to_string())]),
        ..Tables::standard()
    };
    m.notes = vec![
        if opts.raw {
            "Raw 1993 data (original/), as the authors' script.m builds them (CP2015 §4.1): trade \
             in thousands of USD converted to USD; gross output Y = max(GO, exports) (26 cells \
             have GO below exports, 25 hold the placeholder 1.0); domestic sales = Y − exports; \
             final-demand shares from alphas.csv. Not an exact equilibrium: the paper re-solves \
             it with zero deficits first (`truce replicate cp2015 --base raw`)."
                .to_string()
        } else {
            "Zero-deficit 1993 base (base1993_zero_deficit/, units 1e10 USD): the authors' \
             model-consistent initial condition of Tables 2–11 (1993 data re-solved with D' = 0); \
             flows net of tariffs with domestic sales on the diagonal."
                .to_string()
        },
        "Tariffs: 1993 applied rates (tariffs.csv); the alternative table \"2005\" \
         (tariffs_2005.csv) holds the 2005 rates. The NAFTA counterfactual of Table 2 sets the six \
         ordered pairs among CAN, MEX and USA to their 2005 levels in the 20 tradable sectors."
            .into(),
        format!(
            "Sectors 1–{J_TRADABLE} are tradable goods; 21–40 are non-traded services with θ = \
             {THETA_SERVICES}, the value hard-coded in the authors' code."
        ),
        "θ as shipped in T.txt: Table 1 (99 % sample) except Auto and Other Transport, which carry \
         8.22 instead of 1.84 and 0.39; this vector reproduces the paper's tables."
            .into(),
        "One negative input–output coefficient (CAN, input 20 → sector 11, −0.000846) is kept, as \
         in the paper."
            .into(),
    ];
    let alt = BTreeMap::from([(TARIFFS_2005.to_string(), data.tariffs_2005)]);
    Dataset::new(m, baseline, alt)
}

/// ISIC Rev.3 codes of the 40 sectors from `sectors.csv` (column `isic_rev3`).
fn read_isic(path: &Path) -> Result<Vec<String>, DataError> {
    let mut rdr = csv::Reader::from_path(path)
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let headers = rdr
        .headers()
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?
        .clone();
    let col = headers
        .iter()
        .position(|h| h == "isic_rev3")
        .ok_or_else(|| {
            DataError::bad_value(
                path,
                1,
                "isic_rev3",
                headers.iter().collect::<Vec<_>>().join(","),
                "missing column `isic_rev3`",
            )
        })?;
    let mut out = Vec::new();
    for (k, rec) in rdr.records().enumerate() {
        let rec = rec
            .map_err(|e| DataError::cell(path, k + 2, col + 1, DataErrorKind::Io(e.to_string())))?;
        out.push(rec.get(col).unwrap_or("").to_string());
    }
    Ok(out)
}
