//! Reading the two cited-figures tables: `facts.csv` (one published 2024 figure per row) and
//! `wiod2011_structure.csv` (2011 structure figures aggregated from the WIOD 2013 release).
//!
//! Both share the columns `id,region,partner,sector,measure,year,value,unit,source,confidence`
//! (see `data/world2024_facts/README.md`). Every figure the calibration uses is looked up by its
//! `id`, with the unit it must carry, so an edited file cannot silently change meaning.

use crate::error::{DataError, DataErrorKind};
use crate::tidy::Tidy;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const COLUMNS: &[&str] = &[
    "id",
    "region",
    "partner",
    "sector",
    "measure",
    "year",
    "value",
    "unit",
    "source",
    "confidence",
];

/// How far a figure can be trusted, as `facts.csv` grades it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Recalled and not confirmed, or derived from recalled inputs.
    Low,
    /// Secondary or rounded source, simple derivation, or an old-year proxy.
    Medium,
    /// Seen in a found source that cites the official publisher.
    High,
}

impl Confidence {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "low" => Some(Self::Low),
            "medium" => Some(Self::Medium),
            "high" => Some(Self::High),
            _ => None,
        }
    }
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// A figure used by the calibration: its value, the fact ids it comes from and the lowest
/// confidence among them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fig {
    pub value: f64,
    pub ids: String,
    pub confidence: Confidence,
}

impl Fig {
    /// A derived figure: `f(values)`, citing every input.
    pub fn derive(parts: &[&Fig], value: f64) -> Fig {
        Fig {
            value,
            ids: parts
                .iter()
                .map(|p| p.ids.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            confidence: parts
                .iter()
                .map(|p| p.confidence)
                .min()
                .unwrap_or(Confidence::High),
        }
    }
    /// This figure divided by another (a currency conversion, a share).
    pub fn div(&self, other: &Fig) -> Fig {
        Fig::derive(&[self, other], self.value / other.value)
    }
}

struct Fact {
    row: usize,
    value: f64,
    unit: String,
    confidence: Confidence,
}

/// `facts.csv`, indexed by id.
pub(crate) struct Facts {
    path: PathBuf,
    map: HashMap<String, Fact>,
}

impl Facts {
    /// Parse `facts.csv` held in `contents`; `path` names it in messages.
    pub fn parse(path: &Path, contents: &str) -> Result<Self, DataError> {
        let tab = Tidy::open(path, contents, COLUMNS, &[], &[])?;
        let mut map: HashMap<String, Fact> = HashMap::new();
        for row in tab.rows() {
            let id = row.text("id").to_string();
            if id.is_empty() {
                return Err(row.bad("id", "", "every fact needs an id"));
            }
            let confidence = Confidence::parse(row.text("confidence")).ok_or_else(|| {
                row.bad(
                    "confidence",
                    row.text("confidence"),
                    "confidence must be low, medium or high",
                )
            })?;
            let value = row.number("value")?;
            if let Some(prev) = map.get(&id) {
                return Err(row.bad(
                    "id",
                    &id,
                    format!("duplicated id: already on line {}", prev.row),
                ));
            }
            map.insert(
                id,
                Fact {
                    row: row.line,
                    value,
                    unit: row.text("unit").to_string(),
                    confidence,
                },
            );
        }
        Ok(Self {
            path: path.to_path_buf(),
            map,
        })
    }

    /// The figure with this id, which must carry `unit`.
    ///
    /// # Errors
    /// If the id is missing (the message says what the calibration needs it for) or its unit
    /// differs.
    pub fn get(&self, id: &str, unit: &str, what: &str) -> Result<Fig, DataError> {
        let f = self.map.get(id).ok_or_else(|| {
            DataError::file(
                &self.path,
                DataErrorKind::BadValue {
                    value: id.to_string(),
                    problem: format!(
                        "the world2024 calibration needs fact {id} ({what}) and the file lacks \
                         it; restore the row from ../shared/data/world2024_facts/facts.csv"
                    ),
                },
            )
        })?;
        if f.unit != unit {
            return Err(DataError::bad_value(
                &self.path,
                f.row,
                "unit",
                &f.unit,
                format!("fact {id} ({what}) must be in `{unit}`"),
            ));
        }
        if !(f.value.is_finite() && f.value > 0.0) {
            return Err(DataError::bad_value(
                &self.path,
                f.row,
                "value",
                f.value,
                format!("fact {id} ({what}) must be positive"),
            ));
        }
        Ok(Fig {
            value: f.value,
            ids: id.to_string(),
            confidence: f.confidence,
        })
    }

    /// Shorthand: `get(id, "USD bn", what)`.
    pub fn usd_bn(&self, id: &str, what: &str) -> Result<Fig, DataError> {
        self.get(id, "USD bn", what)
    }
}

/// Regions of the WIOD 2011 structure figures (VNM is inside ROW there).
pub(crate) const W_REGIONS: [&str; 10] = [
    "USA", "CHN", "EU27", "JPN", "KOR", "TWN", "MEX", "CAN", "IND", "ROW",
];
/// Broad sectors of the WIOD 2011 structure figures (electronics and electrical equipment are
/// one sector there).
pub(crate) const W_SECTORS: [&str; 10] = [
    "AGRFOOD",
    "MINING",
    "TEXTILES",
    "CHEMPHARMA",
    "METALS",
    "MACHINERY",
    "ELECTRONICS_ELECTRICAL",
    "MOTORVEH",
    "OTHERMFG",
    "SERVICES",
];
pub(crate) const WN: usize = W_REGIONS.len();
pub(crate) const WJ: usize = W_SECTORS.len();

/// The 2011 structure figures, dense.
#[derive(Debug, Clone)]
pub(crate) struct Structure {
    /// Inputs from sector k per unit of gross output of j in region m: `io[m][k][j]`.
    pub io: [[[f64; WJ]; WJ]; WN],
    /// Final-demand share of sector j in region m (inventories excluded): `fd[m][j]`.
    pub fd: [[f64; WJ]; WN],
    /// Share of region m's absorption of sector k supplied by source i (domestic included):
    /// `ss[m][i][k]`.
    pub ss: [[[f64; WJ]; WN]; WN],
    /// Gross output, USD million of 2011: `go[m][j]`.
    pub go: [[f64; WJ]; WN],
}

impl Structure {
    /// Parse `wiod2011_structure.csv`; every region × sector cell of every measure must be
    /// present exactly once.
    pub fn parse(path: &Path, contents: &str) -> Result<Self, DataError> {
        let tab = Tidy::open(path, contents, COLUMNS, &[], &[])?;
        let mut s = Structure {
            io: [[[f64::NAN; WJ]; WJ]; WN],
            fd: [[f64::NAN; WJ]; WN],
            ss: [[[f64::NAN; WJ]; WN]; WN],
            go: [[f64::NAN; WJ]; WN],
        };
        let region = |row: &crate::tidy::Row<'_>, col: &str| {
            let v = row.text(col);
            W_REGIONS.iter().position(|r| *r == v).ok_or_else(|| {
                row.bad(
                    col,
                    v,
                    format!(
                        "unknown region{}; the structure file uses {}",
                        crate::codes::did_you_mean(v, W_REGIONS.iter().copied()),
                        W_REGIONS.join(" ")
                    ),
                )
            })
        };
        let sector = |row: &crate::tidy::Row<'_>, v: &str| {
            W_SECTORS.iter().position(|r| *r == v).ok_or_else(|| {
                row.bad(
                    "sector",
                    v,
                    format!(
                        "unknown sector{}",
                        crate::codes::did_you_mean(v, W_SECTORS.iter().copied())
                    ),
                )
            })
        };
        for row in tab.rows() {
            let m = region(&row, "region")?;
            let v = row.number("value")?;
            if v < 0.0 {
                return Err(row.bad("value", v, "structure figures are non-negative"));
            }
            let slot: &mut f64 = match row.text("measure") {
                "input_share_of_gross_output" => {
                    let (k, j) = row.text("sector").split_once("->").ok_or_else(|| {
                        row.bad(
                            "sector",
                            row.text("sector"),
                            "input shares name their cell as INPUT->SECTOR",
                        )
                    })?;
                    let (k, j) = (sector(&row, k)?, sector(&row, j)?);
                    &mut s.io[m][k][j]
                }
                "final_demand_share_excl_inventories" => {
                    let j = sector(&row, row.text("sector"))?;
                    &mut s.fd[m][j]
                }
                "source_share_of_absorption" => {
                    let i = region(&row, "partner")?;
                    let k = sector(&row, row.text("sector"))?;
                    &mut s.ss[m][i][k]
                }
                "gross_output" => {
                    if row.text("unit") != "USD mn" {
                        return Err(row.bad("unit", row.text("unit"), "gross output is in USD mn"));
                    }
                    let j = sector(&row, row.text("sector"))?;
                    &mut s.go[m][j]
                }
                other => {
                    return Err(row.bad(
                        "measure",
                        other,
                        "unknown measure; expected input_share_of_gross_output, \
                         final_demand_share_excl_inventories, source_share_of_absorption or \
                         gross_output",
                    ))
                }
            };
            if !slot.is_nan() {
                return Err(row.bad("id", row.text("id"), "this cell is given twice"));
            }
            *slot = v;
        }
        let missing = |what: String| {
            DataError::file(
                path,
                DataErrorKind::BadValue {
                    value: what,
                    problem: "missing: the structure file must cover every region × sector \
                              (restore it from ../shared/data/world2024_facts)"
                        .into(),
                },
            )
        };
        for m in 0..WN {
            for j in 0..WJ {
                if s.fd[m][j].is_nan() {
                    return Err(missing(format!(
                        "final-demand share {} {}",
                        W_REGIONS[m], W_SECTORS[j]
                    )));
                }
                if s.go[m][j].is_nan() {
                    return Err(missing(format!(
                        "gross output {} {}",
                        W_REGIONS[m], W_SECTORS[j]
                    )));
                }
                for k in 0..WJ {
                    if s.io[m][k][j].is_nan() {
                        return Err(missing(format!(
                            "input share {} {}->{}",
                            W_REGIONS[m], W_SECTORS[k], W_SECTORS[j]
                        )));
                    }
                }
                for i in 0..WN {
                    if s.ss[m][i][j].is_nan() {
                        return Err(missing(format!(
                            "source share {} from {} {}",
                            W_REGIONS[m], W_REGIONS[i], W_SECTORS[j]
                        )));
                    }
                }
            }
        }
        Ok(s)
    }
}
