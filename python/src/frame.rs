//! Tidy tables handed to Python column by column.
//!
//! Two sources, one shape ([`Frame`]: named, typed columns):
//!
//! * a typed output of `truce-output` (through its JSON value, the same value the CLI prints with
//!   `--format json`), flattened along a [`Part`]: a path of nested arrays and maps, one row per
//!   leaf, with the key fields of the levels above as columns;
//! * a [`truce::report::Table`], the tidy tables the CLI writes as CSV and Parquet (the per-draw
//!   table of a sweep), with the Parquet writer's column types.
//!
//! Numeric columns cross into Python as one `bytes` object each, filled in place with the
//! little-endian values ([`Column::F64`] → `float64`, [`Column::I64`] → `int64`,
//! [`Column::Bool`] → `bool`), which numpy wraps without a copy (`np.frombuffer`); text columns
//! are lists of `str`. A missing number (`null` in the JSON) is NaN, pandas' missing value.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use serde_json::Value;
use truce::report::{Cell, Table};

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Numbers; missing → NaN.
    F64(Vec<f64>),
    /// Integers (no missing value).
    I64(Vec<i64>),
    /// Booleans (no missing value).
    Bool(Vec<bool>),
    /// Text; missing → `None`.
    Str(Vec<Option<String>>),
}

/// Named columns of equal length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frame {
    /// Column names, in order.
    pub names: Vec<String>,
    /// Columns, one per name.
    pub columns: Vec<Column>,
}

/// One step down a typed output.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    /// Into an object's field (a `null` or missing field gives no rows).
    Field(&'static str),
    /// Over an array's elements, keeping these fields of each element as columns
    /// (`(field, column)`).
    Each(&'static [(&'static str, &'static str)]),
    /// Over an object's entries, keeping the key as this column.
    EachKey(&'static str),
}

/// One part of a table: a path to the leaves, and constant columns for its rows.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    /// Constant columns, e.g. `("state", "nash")`.
    pub constants: &'static [(&'static str, &'static str)],
    /// The path to the leaves.
    pub path: &'static [Step],
    /// The column of a leaf that is a number or text (a leaf object gives its own fields).
    pub value: &'static str,
    /// Leaf fields renamed, e.g. `("name", "step")`.
    pub rename: &'static [(&'static str, &'static str)],
    /// Flatten the leaf's nested objects into columns (`a.b`); `false` leaves them out (maps
    /// keyed by region or sector are tables of their own, in long form).
    pub nested: bool,
}

impl Part {
    /// A part without constants or renames.
    pub const fn path(path: &'static [Step]) -> Self {
        Self {
            constants: &[],
            path,
            value: "value",
            rename: &[],
            nested: true,
        }
    }

    /// The same part without the leaf's nested objects.
    pub const fn flat(self) -> Self {
        Self {
            nested: false,
            ..self
        }
    }

    /// The same part with constant columns.
    pub const fn with(self, constants: &'static [(&'static str, &'static str)]) -> Self {
        Self { constants, ..self }
    }

    /// The same part naming a scalar leaf's column.
    pub const fn value(self, value: &'static str) -> Self {
        Self { value, ..self }
    }
}

type Row = Vec<(String, Value)>;

/// The leaf's own columns: scalars as they are, objects flattened (`a.b`), arrays of scalars
/// as `name.label` when `labels` (e.g. the players) has their length, other arrays left out
/// (they are tables of their own).
fn leaf(
    prefix: &str,
    v: &Value,
    labels: &[String],
    rename: &[(&str, &str)],
    nested: bool,
    row: &mut Row,
) {
    let Value::Object(map) = v else {
        row.push((prefix.to_string(), v.clone()));
        return;
    };
    for (k, x) in map {
        let name = if prefix.is_empty() {
            rename
                .iter()
                .find(|(from, _)| from == k)
                .map_or(k.as_str(), |(_, to)| to)
                .to_string()
        } else {
            format!("{prefix}.{k}")
        };
        match x {
            Value::Object(_) => {
                if nested {
                    leaf(&name, x, labels, &[], true, row);
                }
            }
            Value::Array(items) => {
                let scalars = items.iter().all(|i| !i.is_array() && !i.is_object());
                if scalars && !items.is_empty() && items.len() == labels.len() {
                    for (l, i) in labels.iter().zip(items) {
                        row.push((format!("{name}.{l}"), i.clone()));
                    }
                }
            }
            _ => row.push((name, x.clone())),
        }
    }
}

fn walk(v: &Value, path: &[Step], part: &Part, labels: &[String], row: Row, rows: &mut Vec<Row>) {
    let Some((first, rest)) = path.split_first() else {
        let mut row = row;
        if v.is_object() {
            leaf("", v, labels, part.rename, part.nested, &mut row);
        } else {
            row.push((part.value.to_string(), v.clone()));
        }
        rows.push(row);
        return;
    };
    match first {
        Step::Field(f) => match v.get(f) {
            None | Some(Value::Null) => {}
            Some(x) => walk(x, rest, part, labels, row, rows),
        },
        Step::Each(keys) => {
            for x in v.as_array().into_iter().flatten() {
                let mut r = row.clone();
                for (field, column) in *keys {
                    r.push((
                        column.to_string(),
                        x.get(field).cloned().unwrap_or(Value::Null),
                    ));
                }
                walk(x, rest, part, labels, r, rows);
            }
        }
        Step::EachKey(column) => {
            for (k, x) in v.as_object().into_iter().flatten() {
                let mut r = row.clone();
                r.push((column.to_string(), Value::String(k.clone())));
                walk(x, rest, part, labels, r, rows);
            }
        }
    }
}

/// Flatten the parts of a typed output (as JSON) into one table; `labels` name the entries of
/// per-player arrays (`payoffs_pct` → `payoffs_pct.USA`, `payoffs_pct.CHN`).
pub fn flatten(root: &Value, parts: &[Part], labels: &[String]) -> Frame {
    let mut rows = Vec::new();
    for part in parts {
        let head: Row = part
            .constants
            .iter()
            .map(|(c, v)| (c.to_string(), Value::String(v.to_string())))
            .collect();
        walk(root, part.path, part, labels, head, &mut rows);
    }
    from_rows(&rows)
}

/// Column types from the values: all numbers or null → `F64`; all integers → `I64`; all
/// booleans → `Bool`; anything else → `Str` (numbers and booleans as their JSON text).
fn from_rows(rows: &[Row]) -> Frame {
    let mut names: Vec<String> = Vec::new();
    for r in rows {
        for (n, _) in r {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
    }
    let get = |r: &'_ Row, n: &str| -> Value {
        r.iter()
            .find(|(k, _)| k == n)
            .map_or(Value::Null, |(_, v)| v.clone())
    };
    let columns = names
        .iter()
        .map(|n| {
            let vals: Vec<Value> = rows.iter().map(|r| get(r, n)).collect();
            if !vals.is_empty() && vals.iter().all(|v| v.is_i64()) {
                Column::I64(vals.iter().filter_map(Value::as_i64).collect())
            } else if !vals.is_empty() && vals.iter().all(Value::is_boolean) {
                Column::Bool(vals.iter().filter_map(Value::as_bool).collect())
            } else if vals.iter().all(|v| v.is_number() || v.is_null()) {
                Column::F64(
                    vals.iter()
                        .map(|v| v.as_f64().unwrap_or(f64::NAN))
                        .collect(),
                )
            } else {
                Column::Str(
                    vals.iter()
                        .map(|v| match v {
                            Value::Null => None,
                            Value::String(s) => Some(s.clone()),
                            other => Some(other.to_string()),
                        })
                        .collect(),
                )
            }
        })
        .collect();
    Frame { names, columns }
}

/// A report table with the Parquet writer's column types (`truce_report::to_parquet`): all
/// integers → `I64`, all numbers → `F64` (missing → NaN), yes/no cells (or `true`/`false`
/// text) → `Bool`, other text → `Str`. The same columns as the CSV and Parquet files the CLI writes.
pub fn from_table(t: &Table) -> Frame {
    let n = t.columns.len();
    let columns = (0..n)
        .map(|k| {
            let cells = || t.rows.iter().map(move |r| &r[k]);
            if !t.rows.is_empty() && cells().all(|c| matches!(c, Cell::Int(_))) {
                Column::I64(
                    cells()
                        .map(|c| match c {
                            Cell::Int(i) => *i,
                            _ => 0,
                        })
                        .collect(),
                )
            } else if cells().all(|c| matches!(c, Cell::Num(..) | Cell::Int(_))) {
                Column::F64(
                    cells()
                        .map(|c| match c {
                            Cell::Num(x, _) => x.unwrap_or(f64::NAN),
                            Cell::Int(i) => *i as f64,
                            Cell::Text(_) | Cell::Bool(_) => f64::NAN,
                        })
                        .collect(),
                )
            } else if !t.rows.is_empty()
                && cells().all(|c| {
                    matches!(c, Cell::Bool(_))
                        || matches!(c, Cell::Text(s) if s == "true" || s == "false")
                })
            {
                Column::Bool(
                    cells()
                        .map(|c| {
                            matches!(c, Cell::Bool(true))
                                || matches!(c, Cell::Text(s) if s == "true")
                        })
                        .collect(),
                )
            } else {
                Column::Str(
                    cells()
                        .map(|c| match c {
                            Cell::Text(s) => Some(s.clone()),
                            Cell::Num(None, _) => None,
                            Cell::Num(Some(x), _) => Some(x.to_string()),
                            Cell::Int(i) => Some(i.to_string()),
                            Cell::Bool(b) => Some(b.to_string()),
                        })
                        .collect(),
                )
            }
        })
        .collect();
    Frame {
        names: t.columns.iter().map(|c| c.name.clone()).collect(),
        columns,
    }
}

/// `bytes` of `len` bytes filled in place by `fill` (no intermediate buffer).
fn bytes_of<'py, T, const N: usize>(
    py: Python<'py>,
    values: &[T],
    to_le: impl Fn(&T) -> [u8; N],
) -> PyResult<Bound<'py, PyBytes>> {
    PyBytes::new_with(py, values.len() * N, |buf| {
        for (chunk, v) in buf.chunks_exact_mut(N).zip(values) {
            chunk.copy_from_slice(&to_le(v));
        }
        Ok(())
    })
}

impl Frame {
    /// `[(name, kind, data), …]` with kind `f8` / `i8` / `b1` (data: `bytes` for numpy) or
    /// `str` (data: a list of `str | None`).
    pub fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for (name, col) in self.names.into_iter().zip(self.columns) {
            let (kind, data): (&str, Bound<'py, PyAny>) = match col {
                Column::F64(v) => ("f8", bytes_of(py, &v, |x| x.to_le_bytes())?.into_any()),
                Column::I64(v) => ("i8", bytes_of(py, &v, |x| x.to_le_bytes())?.into_any()),
                Column::Bool(v) => ("b1", bytes_of(py, &v, |x| [u8::from(*x)])?.into_any()),
                Column::Str(v) => ("str", PyList::new(py, v)?.into_any()),
            };
            out.append((name, kind, data))?;
        }
        Ok(out)
    }
}
