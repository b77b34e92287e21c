//! Tidy CSV tables with named columns: strict headers, line numbers, code lookups with
//! suggestions, numbers that must be finite.

use crate::codes::did_you_mean;
use crate::error::{DataError, DataErrorKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A tidy CSV file read into memory, with its header validated.
pub(crate) struct Tidy {
    pub path: PathBuf,
    columns: Vec<String>,
    records: Vec<(usize, csv::StringRecord)>,
}

/// One record with its 1-based line number.
pub(crate) struct Row<'a> {
    tidy: &'a Tidy,
    pub line: usize,
    rec: &'a csv::StringRecord,
}

/// Code → index, with suggestions for unknown codes.
pub(crate) struct Codes<'a> {
    pub what: &'static str,
    map: HashMap<&'a str, usize>,
    list: Vec<&'a str>,
}

impl<'a> Codes<'a> {
    pub fn new(what: &'static str, codes: impl IntoIterator<Item = &'a str>) -> Self {
        let list: Vec<&str> = codes.into_iter().collect();
        Self {
            what,
            map: list.iter().enumerate().map(|(k, c)| (*c, k)).collect(),
            list,
        }
    }
    pub fn get(&self, code: &str) -> Option<usize> {
        self.map.get(code).copied()
    }
}

impl Tidy {
    /// Open `path` and check its header: every `required` column must be there, and nothing
    /// outside `required` ∪ `optional`. `alternatives` lists groups of which exactly one column
    /// must be present (e.g. `rate` or `rate_pct`).
    pub fn open(
        path: &Path,
        contents: &str,
        required: &[&str],
        optional: &[&str],
        alternatives: &[&[&str]],
    ) -> Result<Self, DataError> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .flexible(false)
            .from_reader(contents.as_bytes());
        let header = rdr
            .headers()
            .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?
            .clone();
        let columns: Vec<String> = header.iter().map(str::to_string).collect();
        let allowed: Vec<&str> = required
            .iter()
            .chain(optional)
            .chain(alternatives.iter().flat_map(|g| g.iter()))
            .copied()
            .collect();
        let expected = || {
            let mut s = required.join(", ");
            for g in alternatives {
                s.push_str(&format!(", one of {}", g.join("/")));
            }
            if !optional.is_empty() {
                s.push_str(&format!(" (optional: {})", optional.join(", ")));
            }
            s
        };
        for (k, c) in columns.iter().enumerate() {
            if !allowed.contains(&c.as_str()) {
                return Err(DataError::cell(
                    path,
                    1,
                    c,
                    DataErrorKind::BadValue {
                        value: c.clone(),
                        problem: format!(
                            "unknown column{}; the header must be: {}",
                            did_you_mean(c, allowed.iter().copied()),
                            expected()
                        ),
                    },
                ));
            }
            if columns[..k].contains(c) {
                return Err(DataError::bad_value(
                    path,
                    1,
                    c,
                    c,
                    "this column appears twice",
                ));
            }
        }
        for r in required {
            if !columns.iter().any(|c| c == r) {
                return Err(DataError::cell(
                    path,
                    1,
                    r,
                    DataErrorKind::BadValue {
                        value: columns.join(","),
                        problem: format!(
                            "missing column `{r}`; the header must be: {}",
                            expected()
                        ),
                    },
                ));
            }
        }
        for g in alternatives {
            let n = g.iter().filter(|a| columns.iter().any(|c| c == *a)).count();
            if n != 1 {
                return Err(DataError::cell(
                    path,
                    1,
                    g.join("/"),
                    DataErrorKind::BadValue {
                        value: columns.join(","),
                        problem: format!(
                            "exactly one of the columns {} is required (they differ in units)",
                            g.join(", ")
                        ),
                    },
                ));
            }
        }
        let mut records = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map(|p| p.line() as usize);
                DataError {
                    file: path.to_path_buf(),
                    row: line,
                    column: None,
                    kind: DataErrorKind::Shape {
                        expected: format!("{} fields per row", columns.len()),
                        found: e.to_string(),
                    },
                }
            })?;
            let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
            if rec.iter().all(str::is_empty) {
                continue;
            }
            records.push((line, rec));
        }
        Ok(Self {
            path: path.to_path_buf(),
            columns,
            records,
        })
    }

    pub fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|c| c == column)
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |(line, rec)| Row {
            tidy: self,
            line: *line,
            rec,
        })
    }
}

impl Row<'_> {
    fn index(&self, column: &str) -> usize {
        self.tidy
            .columns
            .iter()
            .position(|c| c == column)
            .expect("column checked at open")
    }

    /// Raw text of a column.
    pub fn text(&self, column: &str) -> &str {
        self.rec.get(self.index(column)).unwrap_or("")
    }

    /// A finite number.
    pub fn number(&self, column: &str) -> Result<f64, DataError> {
        let s = self.text(column);
        let v: f64 = s.parse().map_err(|_| {
            DataError::cell(
                &self.tidy.path,
                self.line,
                column,
                if s.is_empty() {
                    DataErrorKind::BadValue {
                        value: "(empty)".into(),
                        problem: "a number is required".into(),
                    }
                } else {
                    DataErrorKind::NotANumber {
                        value: s.to_string(),
                    }
                },
            )
        })?;
        if !v.is_finite() {
            return Err(DataError::cell(
                &self.tidy.path,
                self.line,
                column,
                DataErrorKind::NonFinite {
                    value: s.to_string(),
                },
            ));
        }
        Ok(v)
    }

    /// A non-negative finite number.
    pub fn non_negative(&self, column: &str, what: &str) -> Result<f64, DataError> {
        let v = self.number(column)?;
        if v < 0.0 {
            return Err(self.bad(column, v, format!("{what} must be non-negative")));
        }
        Ok(v)
    }

    /// The index of a code among `codes`, with a suggestion when unknown.
    pub fn code(&self, column: &str, codes: &Codes<'_>) -> Result<usize, DataError> {
        let s = self.text(column);
        codes.get(s).ok_or_else(|| {
            self.bad(
                column,
                s,
                format!(
                    "unknown {} code{}; the manifest lists {}",
                    codes.what,
                    did_you_mean(s, codes.list.iter().copied()),
                    summarise(&codes.list)
                ),
            )
        })
    }

    /// A value-rule error at this row.
    pub fn bad(&self, column: &str, value: impl ToString, problem: impl Into<String>) -> DataError {
        DataError::bad_value(&self.tidy.path, self.line, column, value, problem)
    }
}

fn summarise(list: &[&str]) -> String {
    if list.len() <= 12 {
        list.join(", ")
    } else {
        format!("{}, … ({} codes)", list[..10].join(", "), list.len())
    }
}

/// Format a float so that it parses back to the same bits: plain decimals in the usual range,
/// scientific notation for very small or large magnitudes.
pub(crate) fn fmt_f64(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if (1e-5..1e15).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_round_trip_bit_for_bit() {
        for v in [0.1, 1.0 / 3.0, 1e-300, 123456789.123, 7e-7, -2.5e20, 0.07] {
            let s = fmt_f64(v);
            assert_eq!(s.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{s}");
        }
    }
}
