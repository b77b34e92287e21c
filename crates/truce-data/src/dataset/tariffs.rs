//! Rate tables: tariffs and export taxes, as fractions (`rate`) or percent (`rate_pct`), with
//! the checks every rate table gets (own sales, non-traded sectors, a percentage in `rate`).

use super::{check_size, Loader};
use crate::error::{DataError, DataErrorKind};
use crate::tidy::{Codes, Tidy};
use std::path::{Path, PathBuf};
use truce_model::{Dims, Region, Sector};

/// Read a standalone tariff table (`importer,exporter,sector,rate|rate_pct`) for a baseline's
/// regions and sectors, with the same checks as a dataset's `tariffs.csv`. Used by importers
/// that take a tariff table beside a source without tariffs (`--tariffs FILE`).
///
/// # Errors
/// As for a dataset's tariff table: unreadable file, wrong header, unknown codes (with a
/// suggestion), duplicated keys, percentages in a `rate` column, tariffs on own sales or on
/// non-traded sectors.
pub(crate) fn read_tariff_table(
    path: &Path,
    regions: &[Region],
    sectors: &[Sector],
) -> Result<Vec<f64>, DataError> {
    let d = Dims {
        n: regions.len(),
        j: sectors.len(),
    };
    let rc = Codes::new("region", regions.iter().map(|r| r.code.as_str()));
    let sc = Codes::new("sector", sectors.iter().map(|s| s.code.as_str()));
    let load = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| DataError::file(p, DataErrorKind::Io(e.to_string())))
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    read_rates(dir, &load, &file, &rc, &sc, d, RateKind::Tariff, sectors)
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum RateKind {
    Tariff,
    ExportTax,
}

/// Read a rate table; rates are fractions (`rate`) or percent (`rate_pct`).
#[allow(clippy::too_many_arguments)]
pub(super) fn read_rates(
    dir: &Path,
    load: &Loader<'_>,
    file: &str,
    rc: &Codes<'_>,
    sc: &Codes<'_>,
    d: Dims,
    kind: RateKind,
    sectors: &[Sector],
) -> Result<Vec<f64>, DataError> {
    let path: PathBuf = dir.join(file);
    let (first, second) = match kind {
        RateKind::Tariff => ("importer", "exporter"),
        RateKind::ExportTax => ("exporter", "importer"),
    };
    check_size(&path, d.n * d.n * d.j)?;
    let tab = Tidy::open(
        &path,
        &load(&path)?,
        &[first, second, "sector"],
        &[],
        &[&["rate", "rate_pct"]],
    )?;
    let pct = tab.has("rate_pct");
    let col = if pct { "rate_pct" } else { "rate" };
    let mut cube = vec![0.0; d.cube_len()];
    let mut seen = vec![0usize; d.cube_len()];
    for row in tab.rows() {
        let a = row.code(first, rc)?;
        let b = row.code(second, rc)?;
        let j = row.code("sector", sc)?;
        let (n, i) = match kind {
            RateKind::Tariff => (a, b),
            RateKind::ExportTax => (b, a),
        };
        let raw = row.number(col)?;
        let v = if pct { raw / 100.0 } else { raw };
        let c = d.nij(n, i, j);
        if seen[c] != 0 {
            return Err(row.bad(
                &format!("{first},{second},sector"),
                row.text(first).to_string() + "," + row.text(second) + "," + row.text("sector"),
                format!("duplicated key: already given on line {}", seen[c]),
            ));
        }
        seen[c] = row.line;
        if !pct && raw > 10.0 {
            return Err(row.bad(
                col,
                raw,
                "column `rate` holds fractions (0.25 = 25 %) and this looks like a percentage; \
                 rename the column to rate_pct or divide by 100",
            ));
        }
        match kind {
            RateKind::Tariff if v <= -1.0 => {
                return Err(row.bad(col, raw, "a tariff must exceed −100 %"))
            }
            RateKind::ExportTax if v < 0.0 => {
                return Err(row.bad(col, raw, "an export tax must be non-negative"))
            }
            _ => {}
        }
        if n == i && v != 0.0 {
            return Err(row.bad(col, raw, "a region cannot tax its own domestic sales"));
        }
        if !sectors[j].tradable && v != 0.0 {
            return Err(row.bad(
                col,
                raw,
                format!(
                    "sector {} is not tradable, so it carries no border tax",
                    sectors[j].code
                ),
            ));
        }
        cube[c] = v;
    }
    Ok(cube)
}
