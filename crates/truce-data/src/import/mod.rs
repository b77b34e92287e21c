//! Importers: turn the data economists have into truce datasets.
//!
//! Each importer reads a source in its own layout, validates it once (every error names the
//! file, the row, the column, the value and the fix), applies the documented treatments
//! (`docs/data-format.md`, "Importers") and returns a [`Dataset`](crate::Dataset) whose
//! manifest cites every source and records every treatment in its `notes`.
//!
//! * [`cp2015`]: Caliendo & Parro (2015) replication files, 31 regions × 40 sectors, 1993, with
//!   the 2005 tariffs as an alternative tariff table;
//! * [`ossa2014`]: Ossa (2014), 7 regions × 33 industries, 2007, as a Caliendo–Parro dataset
//!   without intermediates;
//! * [`wiod`]: the World Input-Output Database (2013 release), 41 economies × 35 sectors;
//! * [`oecd_icio`]: the OECD Inter-Country Input-Output tables' CSV layout;
//! * [`tariffwar`]: the MATLAB v7.3 MAT-files of the `tariffwar` / `ustariff` packages (WIOD
//!   44 × 16 and OECD ICIO 81 × 28 with tariffs and eight elasticity sets).

pub mod cp2015;
mod io_table;
mod names;
pub mod oecd_icio;
pub mod ossa2014;
pub mod tariffwar;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod wiod;

pub use io_table::{IoTreatment, VA_SHARE_FLOOR};
pub use names::region_name;

use crate::dataset::Source;
use crate::error::{DataError, DataErrorKind};
use crate::tidy::{Codes, Tidy};
use std::path::Path;

/// Trade elasticities read from a `--theta` file: `(sector index, θ, citation)`.
pub type ThetaOverrides = Vec<(usize, f64, String)>;

/// Read a θ file with header `sector,theta,citation`: one row per sector to override (the
/// others keep the importer's defaults). Every value must cite where it comes from.
///
/// # Errors
/// Unreadable file, wrong header, unknown sector (with a suggestion), duplicated sector,
/// θ not positive, empty citation.
pub fn read_theta_file(path: &Path, sector_codes: &[&str]) -> Result<ThetaOverrides, DataError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let tab = Tidy::open(path, &text, &["sector", "theta", "citation"], &[], &[])?;
    let sc = Codes::new("sector", sector_codes.iter().copied());
    let mut out: ThetaOverrides = Vec::new();
    let mut seen = vec![0usize; sector_codes.len()];
    for row in tab.rows() {
        let j = row.code("sector", &sc)?;
        if seen[j] != 0 {
            return Err(row.bad(
                "sector",
                sector_codes[j],
                format!("duplicated sector: already given on line {}", seen[j]),
            ));
        }
        seen[j] = row.line;
        let theta = row.number("theta")?;
        if theta <= 0.0 {
            return Err(row.bad("theta", theta, "a trade elasticity must be positive"));
        }
        let citation = row.text("citation").trim().to_string();
        if citation.is_empty() {
            return Err(row.bad(
                "citation",
                "(empty)",
                "every elasticity must cite its source (paper, table)",
            ));
        }
        out.push((j, theta, citation));
    }
    Ok(out)
}

/// Apply θ overrides: set `theta[j]` and `theta_source[j]`, adding one source per distinct
/// citation (ids `theta_user_1`, `theta_user_2`, …).
pub(crate) fn apply_theta_overrides(
    overrides: &ThetaOverrides,
    file: &Path,
    theta: &mut [f64],
    theta_source: &mut [Option<String>],
    sources: &mut Vec<Source>,
) {
    let mut cites: Vec<&str> = Vec::new();
    for (j, t, c) in overrides {
        let k = match cites.iter().position(|x| x == c) {
            Some(k) => k,
            None => {
                cites.push(c);
                sources.push(Source {
                    id: format!("theta_user_{}", cites.len()),
                    citation: c.clone(),
                    licence: "published value, cited".into(),
                    url: None,
                    used_for: Some(format!(
                        "trade elasticities given with --theta {}",
                        file.display()
                    )),
                });
                cites.len() - 1
            }
        };
        theta[*j] = *t;
        theta_source[*j] = Some(format!("theta_user_{}", k + 1));
    }
}

/// Map a source's region code to truce's: the alias table first (WIOD's `ROM` → `ROU`, …),
/// else the code itself.
pub(crate) fn truce_region_code(code: &str) -> String {
    let code = code.trim();
    crate::codes::canonical_region(code)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

/// Simonovska & Waugh (2014): "a trade elasticity of roughly four" (abstract), the aggregate
/// elasticity truce uses where no sector estimate exists (services; unmapped sectors).
pub const THETA_AGGREGATE: f64 = 4.0;

/// The source entry for [`THETA_AGGREGATE`].
pub(crate) fn simonovska_waugh() -> Source {
    Source {
        id: "sw2014".into(),
        citation:
            "Simonovska, I. and Waugh, M. E. (2014), \"The elasticity of trade: Estimates and \
                   evidence\", Journal of International Economics 92(1): 34–50 (abstract: a trade \
                   elasticity of roughly four)"
                .into(),
        licence: "published value, cited".into(),
        url: Some("https://doi.org/10.1016/j.jinteco.2013.10.001".into()),
        used_for: Some("aggregate trade elasticity θ = 4 where no sector estimate exists".into()),
    }
}

/// The source entry for Caliendo & Parro (2015)'s sector elasticities.
pub(crate) fn caliendo_parro_theta() -> Source {
    Source {
        id: "cp2015".into(),
        citation: "Caliendo, L. and Parro, F. (2015), \"Estimates of the Trade and Welfare Effects of \
                   NAFTA\", Review of Economic Studies 82(1): 1–44, Table 1 (99 % sample), as shipped \
                   in the replication file T.txt (Auto and Other Transport carry 8.22 there)"
            .into(),
        licence: "published values, cited".into(),
        url: Some("https://doi.org/10.1093/restud/rdu035".into()),
        used_for: Some("sector trade elasticities θ".into()),
    }
}
