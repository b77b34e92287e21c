//! The one-sector bilateral panel: reading, validating, and cutting one year out of it.
//!
//! # Format
//! A text table with a header row, comma- or tab-separated (the delimiter is read from the
//! header line, so `.csv`, `.tsv` and Stata's `.dlm` exports all work). One row per
//! exporter × importer × year:
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `exporter`, `importer` | yes | region codes (ISO3 where one exists) |
//! | `year` | yes | an integer |
//! | `trade` | yes | the flow from exporter to importer, ≥ 0; domestic sales on exporter = importer |
//! | `Y` | no | the exporter's output, the same on every row of that exporter and year |
//! | `E` | no | the importer's expenditure, the same on every row of that importer and year |
//! | anything else | no | a covariate (distance, agreement dummies, …), read as a number when used |
//!
//! Column names are matched without regard to case. Every directed pair, domestic pairs
//! included, must appear exactly once in a year that is used: structural gravity needs the
//! square matrix with internal trade on its diagonal.
//!
//! Every error names the file, the row (the header is row 1), the column, the value and what
//! would fix it ([`PanelError`]).

use crate::error::{GravityError, PanelError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use truce_model::{Baseline, BaselineInputs, Region, Sector};

/// Relative tolerance for "the same Y (or E) on every row of a country".
pub const REPEAT_TOL: f64 = 1e-9;

const REQUIRED: [&str; 4] = ["exporter", "importer", "year", "trade"];

/// One covariate cell as read: a number, empty, or text that is not a number.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Num(f64),
    Missing,
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Row {
    line: usize,
    exporter: usize,
    importer: usize,
    year: i64,
    trade: f64,
    output: Option<f64>,
    expenditure: Option<f64>,
    covariates: Vec<Cell>,
}

/// A validated bilateral panel, all years.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    file: PathBuf,
    codes: Vec<String>,
    years: Vec<i64>,
    has_output: bool,
    has_expenditure: bool,
    covariate_names: Vec<String>,
    rows: Vec<Row>,
}

/// Read and validate a gravity panel.
///
/// # Errors
/// A [`PanelError`] naming file, row, column and value for: a file that cannot be read; a
/// header without `exporter`, `importer`, `year` or `trade`, or with a column twice; a row
/// with the wrong number of fields; an empty code; a year that is not an integer; a trade
/// value that is missing, not a number, NaN or infinite, or negative; an output or
/// expenditure value that is missing, not a number or not positive; an exporter × importer ×
/// year that appears twice; a file with no data rows.
pub fn read_panel(path: &Path) -> Result<Panel, PanelError> {
    let text = std::fs::read(path).map_err(|e| {
        PanelError::file(
            path,
            "",
            format!("cannot read the file ({e}); check the path given with --data"),
        )
    })?;
    let first_line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b'\t') {
        b'\t'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_slice());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| csv_error(path, e))?
        .iter()
        .map(str::to_string)
        .collect();
    for (k, h) in header.iter().enumerate() {
        if header[..k].iter().any(|o| o.eq_ignore_ascii_case(h)) {
            return Err(PanelError::cell(
                path,
                1,
                h,
                h,
                "this column name appears twice in the header; rename or drop one",
            ));
        }
    }
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let mut req = [0usize; 4];
    for (slot, name) in req.iter_mut().zip(REQUIRED) {
        *slot = find(name).ok_or_else(|| {
            PanelError::column(
                path,
                name,
                "",
                format!(
                    "the header has no `{name}` column (it has: {}); a gravity panel needs \
                     exporter, importer, year and trade, and may add Y (output) and E (expenditure)",
                    header.join(", ")
                ),
            )
        })?;
    }
    let [c_exp, c_imp, c_year, c_trade] = req;
    let c_y = find("Y");
    let c_e = find("E");
    let covariate_cols: Vec<usize> = (0..header.len())
        .filter(|k| !req.contains(k) && Some(*k) != c_y && Some(*k) != c_e)
        .collect();

    let mut codes: Vec<String> = Vec::new();
    let mut code_index: HashMap<String, usize> = HashMap::new();
    let mut seen: HashMap<(usize, usize, i64), usize> = HashMap::new();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_error(path, e))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let field = |k: usize| rec.get(k).unwrap_or_default();
        let mut code = |k: usize, name: &str| -> Result<usize, PanelError> {
            let c = field(k);
            if c.is_empty() {
                return Err(PanelError::cell(
                    path,
                    line,
                    name,
                    c,
                    "empty region code; every row needs an exporter and an importer code",
                ));
            }
            Ok(*code_index.entry(c.to_string()).or_insert_with(|| {
                codes.push(c.to_string());
                codes.len() - 1
            }))
        };
        let exporter = code(c_exp, &header[c_exp])?;
        let importer = code(c_imp, &header[c_imp])?;
        let year = parse_year(path, line, &header[c_year], field(c_year))?;
        let trade = parse_number(path, line, &header[c_trade], field(c_trade), "trade")?;
        if trade < 0.0 {
            return Err(PanelError::cell(
                path,
                line,
                &header[c_trade],
                field(c_trade),
                "trade flows must be non-negative",
            ));
        }
        let positive = |c: Option<usize>, what: &str| -> Result<Option<f64>, PanelError> {
            let Some(c) = c else { return Ok(None) };
            let v = parse_number(path, line, &header[c], field(c), what)?;
            if v <= 0.0 {
                return Err(PanelError::cell(
                    path,
                    line,
                    &header[c],
                    field(c),
                    format!("{what} must be positive"),
                ));
            }
            Ok(Some(v))
        };
        let output = positive(c_y, "output")?;
        let expenditure = positive(c_e, "expenditure")?;
        if let Some(first) = seen.insert((exporter, importer, year), line) {
            return Err(PanelError::cell(
                path,
                line,
                "exporter, importer, year",
                format!("{}, {}, {year}", codes[exporter], codes[importer]),
                format!(
                    "this directed pair and year already appear at row {first}; each pair may \
                     appear once per year (sum duplicate flows first)"
                ),
            ));
        }
        let covariates = covariate_cols
            .iter()
            .map(|&k| {
                let s = field(k);
                if s.is_empty() {
                    Cell::Missing
                } else {
                    match s.parse::<f64>() {
                        Ok(v) if v.is_finite() => Cell::Num(v),
                        _ => Cell::Text(s.to_string()),
                    }
                }
            })
            .collect();
        rows.push(Row {
            line,
            exporter,
            importer,
            year,
            trade,
            output,
            expenditure,
            covariates,
        });
    }
    if rows.is_empty() {
        return Err(PanelError::file(
            path,
            "",
            "the file has a header but no data rows",
        ));
    }
    let mut years: Vec<i64> = rows.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    Ok(Panel {
        file: path.to_path_buf(),
        codes,
        years,
        has_output: c_y.is_some(),
        has_expenditure: c_e.is_some(),
        covariate_names: covariate_cols.iter().map(|&k| header[k].clone()).collect(),
        rows,
    })
}

fn csv_error(path: &Path, e: csv::Error) -> PanelError {
    let line = e.position().map(|p| p.line() as usize);
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => PanelError {
            file: path.to_path_buf(),
            row: line,
            column: None,
            value: String::new(),
            problem: format!(
                "this row has {len} fields but the header has {expected_len}; check for a \
                 missing or extra delimiter"
            ),
        },
        _ => PanelError {
            file: path.to_path_buf(),
            row: line,
            column: None,
            value: String::new(),
            problem: format!("cannot parse the file as delimited text: {e}"),
        },
    }
}

fn parse_year(path: &Path, line: usize, column: &str, s: &str) -> Result<i64, PanelError> {
    if let Ok(y) = s.parse::<i64>() {
        return Ok(y);
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e9 => Ok(v as i64),
        _ => Err(PanelError::cell(
            path,
            line,
            column,
            s,
            "the year must be an integer such as 2006",
        )),
    }
}

fn parse_number(
    path: &Path,
    line: usize,
    column: &str,
    s: &str,
    what: &str,
) -> Result<f64, PanelError> {
    if s.is_empty() {
        return Err(PanelError::cell(
            path,
            line,
            column,
            s,
            format!(
                "missing {what} value; write 0 where there was no trade (a gravity panel has no \
                 missing cells)"
            ),
        ));
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(PanelError::cell(
            path,
            line,
            column,
            s,
            format!("{what} must be a finite number (NaN and infinity are not allowed)"),
        )),
        Err(_) => Err(PanelError::cell(
            path,
            line,
            column,
            s,
            format!("{what} is not a number"),
        )),
    }
}

impl Panel {
    /// The file read.
    pub fn file(&self) -> &Path {
        &self.file
    }
    /// The years present, ascending.
    pub fn years(&self) -> &[i64] {
        &self.years
    }
    /// Names of the covariate columns (all columns but exporter, importer, year, trade, Y, E).
    pub fn covariate_names(&self) -> &[String] {
        &self.covariate_names
    }
    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    /// `true` if the panel has no rows (never, for a panel returned by [`read_panel`]).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The year to use: `year` if given and present; the only year if the file has one.
    ///
    /// # Errors
    /// If `year` is absent from the file, or not given while the file has several years.
    pub fn pick_year(&self, year: Option<i64>) -> Result<i64, PanelError> {
        let list = || {
            self.years
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match year {
            Some(y) if self.years.contains(&y) => Ok(y),
            Some(y) => Err(PanelError::column(
                &self.file,
                "year",
                y,
                format!("no rows for this year; the file has {}", list()),
            )),
            None if self.years.len() == 1 => Ok(self.years[0]),
            None => Err(PanelError::column(
                &self.file,
                "year",
                "",
                format!(
                    "the file holds several years ({}); choose one with --year",
                    list()
                ),
            )),
        }
    }

    /// The square exporter × importer cross-section of one year.
    ///
    /// # Errors
    /// If the year is absent; if a directed pair (domestic pairs included) is missing; if a
    /// domestic flow is zero; if Y (or E) differs between rows of the same exporter (importer).
    pub fn cross_section(&self, year: i64) -> Result<CrossSection, PanelError> {
        let year = self.pick_year(Some(year))?;
        let rows: Vec<&Row> = self.rows.iter().filter(|r| r.year == year).collect();
        // Countries of this year, sorted by code.
        let mut present: Vec<usize> = rows.iter().flat_map(|r| [r.exporter, r.importer]).collect();
        present.sort_unstable_by(|&a, &b| self.codes[a].cmp(&self.codes[b]));
        present.dedup();
        let n = present.len();
        let mut local = vec![usize::MAX; self.codes.len()];
        for (k, &g) in present.iter().enumerate() {
            local[g] = k;
        }
        let codes: Vec<String> = present.iter().map(|&g| self.codes[g].clone()).collect();
        let mut line = vec![0usize; n * n];
        let mut trade = vec![0.0; n * n];
        let mut output: Option<Vec<(f64, usize)>> = self.has_output.then(|| vec![(0.0, 0); n]);
        let mut expenditure: Option<Vec<(f64, usize)>> =
            self.has_expenditure.then(|| vec![(0.0, 0); n]);
        for r in &rows {
            let (i, j) = (local[r.exporter], local[r.importer]);
            line[i * n + j] = r.line;
            trade[i * n + j] = r.trade;
            for (slot, v, k, name, who) in [
                (&mut output, r.output, i, "Y", "exporter"),
                (&mut expenditure, r.expenditure, j, "E", "importer"),
            ] {
                let (Some(store), Some(v)) = (slot.as_mut(), v) else {
                    continue;
                };
                let (first, at) = store[k];
                if at == 0 {
                    store[k] = (v, r.line);
                } else if (v - first).abs() > REPEAT_TOL * first.abs().max(v.abs()) {
                    return Err(PanelError::cell(
                        &self.file,
                        r.line,
                        name,
                        v,
                        format!(
                            "{name} of {who} {} in {year} is {first} at row {at}; it must be the \
                             same on every row of that {who} and year",
                            codes[k]
                        ),
                    ));
                }
            }
        }
        for i in 0..n {
            for j in 0..n {
                if line[i * n + j] == 0 {
                    return Err(PanelError::file(
                        &self.file,
                        "",
                        format!(
                            "year {year} has no row for exporter {} → importer {}; structural \
                             gravity needs every directed pair, domestic flows (exporter = \
                             importer) included: add the row, with trade 0 if there was none",
                            codes[i], codes[j]
                        ),
                    ));
                }
            }
            if trade[i * n + i] <= 0.0 {
                return Err(PanelError::cell(
                    &self.file,
                    line[i * n + i],
                    "trade",
                    trade[i * n + i],
                    format!(
                        "the domestic flow of {} (exporter = importer) is 0; gravity models need \
                         each region's sales to itself (internal trade): supply it, or drop the \
                         region",
                        codes[i]
                    ),
                ));
            }
        }
        let covariates = self
            .covariate_names
            .iter()
            .enumerate()
            .map(|(c, name)| {
                let mut cells = vec![Cell::Missing; n * n];
                for r in &rows {
                    cells[local[r.exporter] * n + local[r.importer]] = r.covariates[c].clone();
                }
                (name.clone(), cells)
            })
            .collect();
        let strip = |v: Option<Vec<(f64, usize)>>| v.map(|v| v.into_iter().map(|p| p.0).collect());
        Ok(CrossSection {
            file: self.file.clone(),
            year,
            codes,
            trade,
            output: strip(output),
            expenditure: strip(expenditure),
            covariates,
            line,
        })
    }
}

/// One year of a panel as square exporter × importer matrices (row = exporter, column =
/// importer, flat index `i * n + j`), countries sorted by code.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossSection {
    file: PathBuf,
    year: i64,
    codes: Vec<String>,
    trade: Vec<f64>,
    output: Option<Vec<f64>>,
    expenditure: Option<Vec<f64>>,
    covariates: Vec<(String, Vec<Cell>)>,
    line: Vec<usize>,
}

impl CrossSection {
    /// The file it was read from.
    pub fn file(&self) -> &Path {
        &self.file
    }
    /// The year.
    pub fn year(&self) -> i64 {
        self.year
    }
    /// Number of countries.
    pub fn n(&self) -> usize {
        self.codes.len()
    }
    /// Country codes, sorted.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }
    /// Index of a country code.
    pub fn index(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| c == code)
    }
    /// Trade flows, row = exporter, column = importer (`i * n + j`).
    pub fn trade(&self) -> &[f64] {
        &self.trade
    }
    /// Row of the file holding exporter `i` → importer `j`.
    pub fn row_of(&self, i: usize, j: usize) -> usize {
        self.line[i * self.n() + j]
    }

    /// Output Y by exporter, as given in the `Y` column.
    ///
    /// # Errors
    /// If the file has no `Y` column.
    pub fn output_column(&self) -> Result<&[f64], PanelError> {
        self.output.as_deref().ok_or_else(|| {
            PanelError::column(
                &self.file,
                "Y",
                "",
                "the file has no Y (output) column, which levels mode needs; add exporters' \
                 total output as a column named Y",
            )
        })
    }

    /// Expenditure E by importer, as given in the `E` column.
    ///
    /// # Errors
    /// If the file has no `E` column.
    pub fn expenditure_column(&self) -> Result<&[f64], PanelError> {
        self.expenditure.as_deref().ok_or_else(|| {
            PanelError::column(
                &self.file,
                "E",
                "",
                "the file has no E (expenditure) column, which levels mode needs; add \
                 importers' total expenditure as a column named E",
            )
        })
    }

    /// Output as flow sums: Σⱼ Xᵢⱼ (domestic sales included), by exporter.
    pub fn output_flows(&self) -> Vec<f64> {
        let n = self.n();
        (0..n)
            .map(|i| self.trade[i * n..(i + 1) * n].iter().sum())
            .collect()
    }

    /// Expenditure as flow sums: Σᵢ Xᵢⱼ (domestic purchases included), by importer.
    pub fn expenditure_flows(&self) -> Vec<f64> {
        let n = self.n();
        (0..n)
            .map(|j| (0..n).map(|i| self.trade[i * n + j]).sum())
            .collect()
    }

    /// `true` if the file has a covariate column of this name.
    pub fn has_covariate(&self, name: &str) -> bool {
        self.covariates
            .iter()
            .any(|(c, _)| c.eq_ignore_ascii_case(name))
    }

    /// A covariate as an exporter × importer matrix.
    ///
    /// # Errors
    /// If the column does not exist, or a cell of this year is empty or not a finite number.
    pub fn covariate(&self, name: &str) -> Result<Vec<f64>, PanelError> {
        let (col, cells) = self
            .covariates
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                PanelError::column(
                    &self.file,
                    name,
                    "",
                    format!(
                        "no such column (covariates in the file: {})",
                        self.covariates
                            .iter()
                            .map(|(c, _)| c.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        cells
            .iter()
            .enumerate()
            .map(|(k, c)| match c {
                Cell::Num(v) => Ok(*v),
                Cell::Missing => Err(PanelError::cell(
                    &self.file,
                    self.line[k],
                    col,
                    "",
                    "missing value; every pair of the year used needs this variable",
                )),
                Cell::Text(s) => Err(PanelError::cell(
                    &self.file,
                    self.line[k],
                    col,
                    s,
                    "not a finite number",
                )),
            })
            .collect()
    }

    /// Set one covariate cell (a counterfactual: `pta` = 1 for CAN → JPN).
    ///
    /// # Errors
    /// If the column or a code is unknown, or the value is not finite.
    pub fn set_covariate(
        &mut self,
        name: &str,
        exporter: &str,
        importer: &str,
        value: f64,
    ) -> Result<(), GravityError> {
        let n = self.n();
        let known = |c: &str| self.index(c);
        let i = known(exporter).ok_or_else(|| unknown_code(self, exporter))?;
        let j = known(importer).ok_or_else(|| unknown_code(self, importer))?;
        if !value.is_finite() {
            return Err(GravityError::invalid(
                name,
                value,
                "a covariate value must be finite",
            ));
        }
        let cells = self
            .covariates
            .iter_mut()
            .find(|(c, _)| c.eq_ignore_ascii_case(name))
            .map(|(_, cells)| cells)
            .ok_or_else(|| {
                GravityError::invalid(
                    "covariate",
                    name,
                    "no such column in the panel; a counterfactual can only change an existing \
                     covariate",
                )
            })?;
        cells[i * n + j] = Cell::Num(value);
        Ok(())
    }

    /// The one-sector [`Baseline`] of this cross-section for exact hat algebra: one tradable
    /// sector `ALL`, θ as given, value-added share 1 (no intermediates), final-demand share 1,
    /// no tariffs or export taxes, flows as observed (domestic sales on the diagonal). Output
    /// and expenditure are the flow sums, so deficits are Dₙ = Σᵢ Xᵢₙ − Σⱼ Xₙⱼ.
    ///
    /// # Errors
    /// If the model rejects the baseline (θ not finite and positive).
    pub fn baseline(&self, theta: f64) -> Result<Baseline, GravityError> {
        let n = self.n();
        let mut flows = vec![0.0; n * n];
        // Baseline layout [sector][importer n][exporter i]; ours is [exporter][importer].
        for i in 0..n {
            for j in 0..n {
                flows[j * n + i] = self.trade[i * n + j];
            }
        }
        Ok(Baseline::new(BaselineInputs {
            regions: self
                .codes
                .iter()
                .map(|c| Region {
                    code: c.clone(),
                    name: c.clone(),
                })
                .collect(),
            sectors: vec![Sector {
                code: "ALL".into(),
                name: "all goods (one sector)".into(),
                tradable: true,
            }],
            theta: vec![theta],
            flows,
            tariff: vec![0.0; n * n],
            export_tax: vec![0.0; n * n],
            va_share: vec![1.0; n],
            io_share: vec![0.0; n],
            alpha: vec![1.0; n],
        })?)
    }

    /// Per-region facts for a dataset manifest or a summary.
    pub fn regions(&self) -> Vec<RegionInfo> {
        let (y, e) = (self.output_flows(), self.expenditure_flows());
        let n = self.n();
        (0..n)
            .map(|k| RegionInfo {
                code: self.codes[k].clone(),
                output: y[k],
                expenditure: e[k],
                domestic_trade: self.trade[k * n + k],
                output_column: self.output.as_ref().map(|v| v[k]),
                expenditure_column: self.expenditure.as_ref().map(|v| v[k]),
            })
            .collect()
    }
}

fn unknown_code(cs: &CrossSection, code: &str) -> GravityError {
    GravityError::invalid(
        "region",
        code,
        format!(
            "not a country of the {} cross-section (it has: {})",
            cs.year,
            cs.codes.join(" ")
        ),
    )
}

/// Facts about one region of a gravity cross-section.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionInfo {
    /// Code.
    pub code: String,
    /// Output as the flow sum Σⱼ Xᵢⱼ.
    pub output: f64,
    /// Expenditure as the flow sum Σᵢ Xᵢⱼ.
    pub expenditure: f64,
    /// Domestic sales Xᵢᵢ.
    pub domestic_trade: f64,
    /// Output as given in the `Y` column, if any.
    pub output_column: Option<f64>,
    /// Expenditure as given in the `E` column, if any.
    pub expenditure_column: Option<f64>,
}

/// A gravity panel turned into a truce baseline: what `truce data import gravity` needs.
#[derive(Debug, Clone, PartialEq)]
pub struct GravityData {
    /// The file read.
    pub source: PathBuf,
    /// The year used.
    pub year: i64,
    /// The one-sector baseline ([`CrossSection::baseline`]).
    pub baseline: Baseline,
    /// Per-region facts, in the baseline's region order.
    pub regions: Vec<RegionInfo>,
    /// The covariate columns of the file (for a manifest).
    pub covariates: Vec<String>,
}

/// Read a gravity panel and build the one-sector baseline of one year.
///
/// `year` may be omitted when the file holds a single year.
///
/// # Errors
/// Any [`PanelError`] of [`read_panel`] and [`Panel::cross_section`]; a model error if θ is
/// not finite and positive.
pub fn import(path: &Path, year: Option<i64>, theta: f64) -> Result<GravityData, GravityError> {
    let panel = read_panel(path)?;
    let year = panel.pick_year(year)?;
    let cs = panel.cross_section(year)?;
    Ok(GravityData {
        source: path.to_path_buf(),
        year,
        baseline: cs.baseline(theta)?,
        regions: cs.regions(),
        covariates: panel.covariate_names.clone(),
    })
}
