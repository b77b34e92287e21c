//! Plain numeric matrices (tab-, space- or comma-separated, no header), as replication
//! packages ship them.

use crate::error::{DataError, DataErrorKind};
use std::path::Path;

/// A dense row-major matrix read from a file, with its shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// Row-major values.
    pub data: Vec<f64>,
}

impl Matrix {
    /// Value at 0-based (`r`, `c`).
    pub fn get(&self, r: usize, c: usize) -> f64 {
        self.data[r * self.cols + c]
    }
}

/// Read a headerless numeric matrix of exactly `rows` × `cols`.
///
/// Cells may be separated by tabs, spaces or commas; blank trailing lines are ignored.
///
/// # Errors
/// [`DataError`] naming the file, the 1-based row and column, and the cell, for: an unreadable
/// file, a cell that is not a number, a NaN or infinite cell, a row with the wrong number of
/// cells, or the wrong number of rows.
pub fn read_matrix(path: &Path, rows: usize, cols: usize) -> Result<Matrix, DataError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let mut data = Vec::with_capacity(rows * cols);
    let mut r = 0usize;
    for (line_no, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        r += 1;
        if r > rows {
            return Err(DataError::cell(
                path,
                line_no + 1,
                1,
                DataErrorKind::Shape {
                    expected: format!("{rows} rows"),
                    found: "more rows".into(),
                },
            ));
        }
        let mut c = 0usize;
        for cell in line.split([',', '\t', ' ']).filter(|s| !s.is_empty()) {
            c += 1;
            if c > cols {
                break;
            }
            let v: f64 = cell.trim().parse().map_err(|_| {
                DataError::cell(
                    path,
                    line_no + 1,
                    c,
                    DataErrorKind::NotANumber {
                        value: cell.to_string(),
                    },
                )
            })?;
            if !v.is_finite() {
                return Err(DataError::cell(
                    path,
                    line_no + 1,
                    c,
                    DataErrorKind::NonFinite {
                        value: cell.to_string(),
                    },
                ));
            }
            data.push(v);
        }
        if c != cols {
            let found = line
                .split([',', '\t', ' '])
                .filter(|s| !s.is_empty())
                .count();
            return Err(DataError::cell(
                path,
                line_no + 1,
                found.min(cols) + 1,
                DataErrorKind::Shape {
                    expected: format!("{cols} columns"),
                    found: format!("{found}"),
                },
            ));
        }
    }
    if r != rows {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: format!("{rows} rows"),
                found: format!("{r}"),
            },
        ));
    }
    Ok(Matrix { rows, cols, data })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn reads_tabs_commas_and_spaces() {
        let f = write("1\t2\t3\n4,5,6\r\n7 8 9\n\n");
        let m = read_matrix(f.path(), 3, 3).unwrap();
        assert_eq!(m.get(2, 1), 8.0);
    }

    #[test]
    fn names_row_and_column_of_a_bad_cell() {
        let f = write("1\t2\n3\tx\n");
        let e = read_matrix(f.path(), 2, 2).unwrap_err();
        assert_eq!(e.row, Some(2));
        assert_eq!(e.column.as_deref(), Some("2"));
        assert!(e.to_string().contains("`x` is not a number"), "{e}");
    }

    #[test]
    fn rejects_nan_short_rows_and_missing_rows() {
        let f = write("1\tNaN\n");
        assert!(matches!(
            read_matrix(f.path(), 1, 2).unwrap_err().kind,
            DataErrorKind::NonFinite { .. }
        ));
        let f = write("1\t2\n3\n");
        let e = read_matrix(f.path(), 2, 2).unwrap_err();
        assert_eq!(e.row, Some(2));
        assert!(e.to_string().contains("expected 2 columns, found 1"), "{e}");
        let f = write("1\t2\n");
        let e = read_matrix(f.path(), 2, 2).unwrap_err();
        assert!(e.to_string().contains("expected 2 rows, found 1"), "{e}");
    }
}
