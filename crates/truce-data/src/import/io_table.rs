//! World input–output tables (WIOD, OECD ICIO) → a Caliendo–Parro baseline.
//!
//! Both layouts reduce to the same pieces: intermediate use Z (origin country-sector ×
//! using country-sector) and final use F (origin country-sector × destination country, its
//! categories summed). From them, following the derivation of Caliendo & Parro's `script.m`
//! (CP2015 §4.1 and Appendix E; `../shared/data/cp2015/README.md`, steps 1–6):
//!
//! 1. bilateral flows by sector: Mˢₙᵢ = Σₖ Z[(i,s),(n,k)] + F[(i,s),n] (sales of i to n in s at
//!    basic prices; domestic sales on the diagonal); a cell made negative by negative changes
//!    in inventories is set to 0;
//! 2. gross output Yˢᵢ = Σₙ Mˢₙᵢ (the row sum, so that output equals sales exactly);
//! 3. input–output shares γⁿ_{s,k} = Σᵢ (1+τˢₙᵢ) Z[(i,s),(n,k)] / Yᵏₙ (inputs at purchaser
//!    prices, gross of any tariff given alongside) and value-added shares γᵏₙ = 1 − Σₛ γⁿ_{s,k};
//!    a share below [`VA_SHARE_FLOOR`] is raised to it and the input shares scaled down; a
//!    sector with no output gets γ = 1 and no inputs;
//! 4. final-demand shares αˢₙ ∝ max(0, Xˢₙ − Σₖ γⁿ_{s,k} Yᵏₙ) with Xˢₙ = Σᵢ (1+τˢₙᵢ) Mˢₙᵢ
//!    (CP2015 `script.m` step 5): final use is what the region spends on s beyond its
//!    intermediate use, so that, where nothing was clipped, the baseline is an exact
//!    equilibrium of the model at base prices.

// Index loops follow the notation of the equations (n, i, j, s, k), as in truce-model.
#![allow(clippy::needless_range_loop)]

use super::IoTreatment as Treatment;
use crate::error::{DataError, DataErrorKind};
use crate::tidy::fmt_f64;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use truce_model::{BaselineInputs, Dims, Region, Sector};

/// Smallest value-added share of gross output an importer keeps (1 %). Cells whose residual
/// value added is below it (including zero or negative residuals, which arise in small
/// cells of tables rounded to integer millions) are raised to it, their input shares scaled
/// down in proportion.
pub const VA_SHARE_FLOOR: f64 = 0.01;

/// A sector of an input–output table.
#[derive(Debug, Clone)]
pub(crate) struct SectorInfo {
    pub code: String,
    pub name: String,
    pub classification: Option<String>,
}

/// An input–output table reduced to what the model needs.
#[derive(Debug, Clone)]
pub(crate) struct IoTable {
    pub regions: Vec<Region>,
    pub sectors: Vec<SectorInfo>,
    /// Z: origin (r, s) × user (n, k), flat `(r·S + s)·N·S + n·S + k`.
    pub z: Vec<f64>,
    /// F: origin (r, s) × destination n, categories summed, flat `(r·S + s)·N + n`.
    pub f: Vec<f64>,
}

/// What an importer did to an input–output table, cell counts and amounts in the table's
/// money unit; the same figures are written into the dataset's notes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IoTreatment {
    /// Bilateral cells (exporter × importer × sector) made negative by negative inventory
    /// changes (or negative capital formation) and set to 0.
    pub negative_flows: usize,
    /// Their total (negative) value.
    pub negative_flows_value: f64,
    /// Region × sector cells with no output (value-added share set to 1, no inputs).
    pub zero_output: usize,
    /// Intermediate purchases recorded for sectors without output, dropped.
    pub zero_output_inputs_value: f64,
    /// Region × sector cells whose value-added share was raised to [`VA_SHARE_FLOOR`].
    pub va_floored: usize,
    /// Intermediate use removed by that (it becomes final demand).
    pub va_floored_value: f64,
    /// Region × sector cells whose final use (expenditure minus intermediate use) was
    /// negative, set to 0 before the shares were normalised.
    pub negative_final_demand: usize,
    /// Their total (negative) value.
    pub negative_final_demand_value: f64,
    /// Sectors without any cross-border flow, marked non-tradable.
    pub non_tradable: Vec<String>,
}

impl IoTreatment {
    /// The treatment as manifest notes, in the table's money unit.
    pub fn notes(&self, unit: &str) -> Vec<String> {
        let mut v = vec![format!(
            "Derivation (docs/data-format.md, \"World input-output tables\"): flows = intermediate \
             use + final use (all categories, inventories included) by origin country-sector and \
             destination country; gross output = row sums; input shares = intermediate use / \
             gross output; value-added share = 1 − input shares; final-demand shares ∝ max(0, \
             expenditure − intermediate use), as in Caliendo & Parro's script.m."
        )];
        v.push(format!(
            "Negative bilateral cells (negative changes in inventories exceeding other use) set \
             to 0: {} cells, total {} {unit}.",
            self.negative_flows,
            fmt_f64(self.negative_flows_value)
        ));
        v.push(format!(
            "Sectors with zero output: {} region × sector cells (value-added share 1, no inputs; \
             {} {unit} of recorded intermediate purchases dropped).",
            self.zero_output,
            fmt_f64(self.zero_output_inputs_value)
        ));
        v.push(format!(
            "Value-added shares below {VA_SHARE_FLOOR} (zero or negative residuals): {} cells \
             raised to {VA_SHARE_FLOOR}, input shares scaled down ({} {unit} of intermediate use \
             moved to final demand).",
            self.va_floored,
            fmt_f64(self.va_floored_value)
        ));
        v.push(format!(
            "Negative final use (expenditure below intermediate use, from inventory drawdowns): \
             {} region × sector cells, total {} {unit}, given final-demand share 0.",
            self.negative_final_demand,
            fmt_f64(self.negative_final_demand_value)
        ));
        if self.non_tradable.is_empty() {
            v.push(
                "Every sector has cross-border flows in the table and is tradable (services \
                 included: their recorded trade is kept rather than moved to domestic supply)."
                    .into(),
            );
        } else {
            v.push(format!(
                "Sectors without any cross-border flow, marked non-tradable: {}.",
                self.non_tradable.join(", ")
            ));
        }
        v
    }
}

/// Build the baseline inputs from an input–output table. `tariffs` receives the regions and
/// sectors (tradability known) and returns the tariff cube, if one was given.
pub(crate) fn build(
    t: &IoTable,
    src: &Path,
    theta: Vec<f64>,
    tariffs: impl FnOnce(&[Region], &[Sector]) -> Result<Option<Vec<f64>>, DataError>,
) -> Result<(BaselineInputs, IoTreatment), DataError> {
    let n_r = t.regions.len();
    let n_s = t.sectors.len();
    let d = Dims { n: n_r, j: n_s };
    let ns = n_r * n_s;
    let mut tr = Treatment::default();

    // 1. Bilateral flows Mˢₙᵢ = Σₖ Z + F.
    let mut m = vec![0.0; d.cube_len()];
    for i in 0..n_r {
        for s in 0..n_s {
            let row = (i * n_s + s) * ns;
            for n in 0..n_r {
                let z: f64 = t.z[row + n * n_s..row + (n + 1) * n_s].iter().sum();
                let v = z + t.f[(i * n_s + s) * n_r + n];
                if v < 0.0 {
                    tr.negative_flows += 1;
                    tr.negative_flows_value += v;
                } else {
                    m[d.nij(n, i, s)] = v;
                }
            }
        }
    }
    let tradable: Vec<bool> = (0..n_s)
        .map(|s| (0..n_r).any(|n| (0..n_r).any(|i| i != n && m[d.nij(n, i, s)] > 0.0)))
        .collect();
    let sectors: Vec<Sector> = t
        .sectors
        .iter()
        .zip(&tradable)
        .map(|(s, &tradable)| Sector {
            code: s.code.clone(),
            name: s.name.clone(),
            tradable,
        })
        .collect();
    tr.non_tradable = sectors
        .iter()
        .filter(|s| !s.tradable)
        .map(|s| s.code.clone())
        .collect();
    let tariff = tariffs(&t.regions, &sectors)?.unwrap_or_else(|| vec![0.0; d.cube_len()]);

    // 2. Gross output = sales.
    let mut y = vec![0.0; d.nj_len()];
    for s in 0..n_s {
        for n in 0..n_r {
            for i in 0..n_r {
                y[d.nj(i, s)] += m[d.nij(n, i, s)];
            }
        }
    }

    // 3. Intermediate use at purchaser prices, then shares of gross output.
    let mut used = vec![0.0; d.io_len()];
    for i in 0..n_r {
        for s in 0..n_s {
            let row = (i * n_s + s) * ns;
            for n in 0..n_r {
                let wedge = 1.0 + tariff[d.nij(n, i, s)];
                for k in 0..n_s {
                    used[d.nkj(n, s, k)] += wedge * t.z[row + n * n_s + k];
                }
            }
        }
    }
    let mut io_share = vec![0.0; d.io_len()];
    let mut va_share = vec![1.0; d.nj_len()];
    for n in 0..n_r {
        for k in 0..n_s {
            let out = y[d.nj(n, k)];
            let inputs: f64 = (0..n_s).map(|s| used[d.nkj(n, s, k)]).sum();
            if out <= 0.0 {
                tr.zero_output += 1;
                tr.zero_output_inputs_value += inputs;
                continue;
            }
            let share = inputs / out;
            let scale = if 1.0 - share < VA_SHARE_FLOOR {
                tr.va_floored += 1;
                tr.va_floored_value += inputs - (1.0 - VA_SHARE_FLOOR) * out;
                va_share[d.nj(n, k)] = VA_SHARE_FLOOR;
                (1.0 - VA_SHARE_FLOOR) / share
            } else {
                1.0
            };
            let mut sum = 0.0;
            for s in 0..n_s {
                let g = used[d.nkj(n, s, k)] / out * scale;
                io_share[d.nkj(n, s, k)] = g;
                sum += g;
            }
            if scale == 1.0 {
                va_share[d.nj(n, k)] = 1.0 - sum;
            }
        }
    }

    // 4. Final use as the residual of expenditure over intermediate use (CP2015 script.m).
    let mut alpha = vec![0.0; d.nj_len()];
    for n in 0..n_r {
        let mut total = 0.0;
        for s in 0..n_s {
            let x: f64 = (0..n_r)
                .map(|i| (1.0 + tariff[d.nij(n, i, s)]) * m[d.nij(n, i, s)])
                .sum();
            let inter: f64 = (0..n_s)
                .map(|k| io_share[d.nkj(n, s, k)] * y[d.nj(n, k)])
                .sum();
            let fin = x - inter;
            // Rounding noise of a sector without final use is not a treatment.
            if fin < -1e-9 * x.max(inter) {
                tr.negative_final_demand += 1;
                tr.negative_final_demand_value += fin;
            }
            let fin = fin.max(0.0);
            alpha[d.nj(n, s)] = fin;
            total += fin;
        }
        if total <= 0.0 {
            return Err(DataError::file(
                src,
                DataErrorKind::BadValue {
                    value: t.regions[n].code.clone(),
                    problem: "this region has no final demand in the table (its final-use \
                              columns are all zero); remove it or aggregate it into another region"
                        .into(),
                },
            ));
        }
        for s in 0..n_s {
            alpha[d.nj(n, s)] /= total;
        }
    }

    Ok((
        BaselineInputs {
            regions: t.regions.clone(),
            sectors,
            theta,
            flows: m,
            tariff,
            export_tax: vec![0.0; d.cube_len()],
            va_share,
            io_share,
            alpha,
        },
        tr,
    ))
}

/// Tolerance of the balance checks of input–output tables: a row's (or column's) sum may
/// differ from the reported gross output by 1 % of that output or 0.5 % of the region's total
/// gross output, whichever is larger. Rounding to integer millions moves WIOD 2011's row sums
/// by up to 108 (0.36 % of Malta's output in its largest deviation), so the tolerance has to
/// scale with the region, not only with the cell.
pub(crate) fn balance_tolerance(cell_output: f64, region_output: f64) -> f64 {
    (0.01 * cell_output.abs()).max(5e-3 * region_output.abs())
}

/// A CSV matrix with a header row of column labels and a first column of row labels.
pub(crate) struct Labelled {
    pub path: PathBuf,
    pub columns: Vec<String>,
    /// (1-based line, label) of each data row.
    pub rows: Vec<(usize, String)>,
    /// Row-major values, `rows.len() × columns.len()`.
    pub data: Vec<f64>,
}

impl Labelled {
    /// Read `path`. Every cell must be a finite number; the header must have no duplicated
    /// label, and neither may the first column.
    pub fn read(path: &Path) -> Result<Self, DataError> {
        let file = std::fs::File::open(path)
            .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(std::io::BufReader::with_capacity(1 << 20, file));
        let header = rdr
            .headers()
            .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?
            .clone();
        if header.len() < 2 {
            return Err(DataError::file(
                path,
                DataErrorKind::Shape {
                    expected: "a header of row-label column and value columns".into(),
                    found: format!("{} column", header.len()),
                },
            ));
        }
        let columns: Vec<String> = header.iter().skip(1).map(str::to_string).collect();
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(columns.len());
        for (k, c) in columns.iter().enumerate() {
            if let Some(prev) = seen.insert(c.as_str(), k) {
                return Err(DataError::bad_value(
                    path,
                    1,
                    k + 2,
                    c,
                    format!("duplicated column label (also column {})", prev + 2),
                ));
            }
        }
        let mut rows = Vec::new();
        let mut data = Vec::new();
        let mut row_seen: HashMap<String, usize> = HashMap::new();
        let mut rec = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map(|p| p.line() as usize);
                    return Err(DataError {
                        file: path.to_path_buf(),
                        row: line,
                        column: None,
                        kind: DataErrorKind::Shape {
                            expected: format!("{} fields per row (as the header)", header.len()),
                            found: e.to_string(),
                        },
                    });
                }
            }
            let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
            if rec.iter().all(str::is_empty) {
                continue;
            }
            let label = rec.get(0).unwrap_or("").to_string();
            if let Some(prev) = row_seen.insert(label.clone(), line) {
                return Err(DataError::bad_value(
                    path,
                    line,
                    1,
                    &label,
                    format!("duplicated row label (also on line {prev})"),
                ));
            }
            for (k, cell) in rec.iter().skip(1).enumerate() {
                let v: f64 = cell.parse().map_err(|_| {
                    DataError::cell(
                        path,
                        line,
                        &columns[k],
                        if cell.is_empty() {
                            DataErrorKind::BadValue {
                                value: "(empty)".into(),
                                problem: "a number is required (write 0 for an empty cell)".into(),
                            }
                        } else {
                            DataErrorKind::NotANumber {
                                value: cell.to_string(),
                            }
                        },
                    )
                })?;
                if !v.is_finite() {
                    return Err(DataError::cell(
                        path,
                        line,
                        &columns[k],
                        DataErrorKind::NonFinite {
                            value: cell.to_string(),
                        },
                    ));
                }
                data.push(v);
            }
            rows.push((line, label));
        }
        Ok(Self {
            path: path.to_path_buf(),
            columns,
            rows,
            data,
        })
    }

    /// Value at data row `r`, column `c` (0-based).
    pub fn get(&self, r: usize, c: usize) -> f64 {
        self.data[r * self.columns.len() + c]
    }
}
