//! Tidy tables with typed columns: what `--format parquet` writes.
//!
//! A [`TidyTable`] is a list of named columns, each of one type ([`Values`]): booleans,
//! integers, numbers, calendar dates or text, any of them possibly missing. It is built either
//! from a typed output ([`TidyTable::of_output`]: one row per record of the path
//! [`truce_output::tidy_rows`] names, columns and types from the output's JSON Schema) or from
//! a [`Table`] (the tidy CSV tables of the output folders: types from the cells). One writer,
//! [`crate::parquet_file`], turns either into a Parquet file.

use crate::table::{Cell, Table};
use serde_json::Value;
use truce_output::TidyLevel;

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// `true`/`false` (Parquet `BOOLEAN`).
    Bool(Vec<Option<bool>>),
    /// Whole numbers: counts, indices, years (Parquet `INT64`).
    Int(Vec<Option<i64>>),
    /// Numbers (Parquet `DOUBLE`); never NaN: a missing or undefined value is `None`.
    Double(Vec<Option<f64>>),
    /// Calendar dates as days since 1970-01-01 (Parquet `INT32` with the `DATE` logical type).
    Date(Vec<Option<i32>>),
    /// Text (Parquet `BYTE_ARRAY` with the `STRING` logical type).
    Text(Vec<Option<String>>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::Bool(v) => v.len(),
            Values::Int(v) => v.len(),
            Values::Double(v) => v.len(),
            Values::Date(v) => v.len(),
            Values::Text(v) => v.len(),
        }
    }

    fn has_missing(&self) -> bool {
        match self {
            Values::Bool(v) => v.iter().any(Option::is_none),
            Values::Int(v) => v.iter().any(Option::is_none),
            Values::Double(v) => v.iter().any(Option::is_none),
            Values::Date(v) => v.iter().any(Option::is_none),
            Values::Text(v) => v.iter().any(Option::is_none),
        }
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub struct TidyColumn {
    /// The name (unique in its table).
    pub name: String,
    /// Whether values may be missing (Parquet `OPTIONAL`; otherwise `REQUIRED`).
    pub nullable: bool,
    /// The values, one per row.
    pub values: Values,
}

/// A table of typed columns of equal length.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TidyTable {
    /// The columns, in order.
    pub columns: Vec<TidyColumn>,
}

/// Why an output has no tidy table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TidyError {
    /// The output names no tidy rows.
    #[error(
        "the output of `{command}` has no tidy table to write as Parquet; use --format json or csv"
    )]
    NoRows {
        /// The command.
        command: String,
    },
    /// The schema and the path disagree (a bug in truce, named for the report).
    #[error("tidy table of `{command}`: {what}")]
    Schema {
        /// The command.
        command: String,
        /// What is wrong.
        what: String,
    },
}

/// The days from 1970-01-01 to `YYYY-MM-DD` (`None` when the text is not a valid date).
pub fn days_since_epoch(text: &str) -> Option<i32> {
    let d: jiff::civil::Date = text.parse().ok()?;
    let span = d.since(jiff::civil::date(1970, 1, 1)).ok()?;
    Some(span.get_days())
}

/// The type of a column, from its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Int,
    Double,
    Date,
    Text,
    /// Any other value, written as its JSON text.
    Json,
}

/// A schema node with `$ref`, `anyOf`/`oneOf` with `null`, and nullable type lists resolved.
#[derive(Debug, Clone)]
enum Shape<'a> {
    Scalar(Kind),
    Record(&'a serde_json::Map<String, Value>),
    /// An array of `len` scalars of one kind (`[f64; 2]`): one column per element.
    Fixed(Kind, usize),
    Array(&'a Value),
    /// Maps and anything else a column cannot hold.
    Other,
}

struct Resolver<'a> {
    root: &'a Value,
}

impl<'a> Resolver<'a> {
    fn deref(&self, mut node: &'a Value) -> &'a Value {
        for _ in 0..16 {
            match node.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix("#/$defs/") {
                    Some(name) => node = &self.root["$defs"][name],
                    None => return &Value::Null,
                },
                None => return node,
            }
        }
        node
    }

    /// The shape of `node` and whether it may be `null`.
    fn shape(&self, node: &'a Value) -> (Shape<'a>, bool) {
        let node = self.deref(node);
        for key in ["anyOf", "oneOf"] {
            if let Some(alts) = node.get(key).and_then(Value::as_array) {
                let is_null = |a: &Value| a.get("type").and_then(Value::as_str) == Some("null");
                let nullable = alts.iter().any(is_null);
                let rest: Vec<(Shape, bool)> = alts
                    .iter()
                    .filter(|a| !is_null(a))
                    .map(|a| self.shape(a))
                    .collect();
                let kinds: Vec<Option<Kind>> = rest
                    .iter()
                    .map(|(s, _)| match s {
                        Shape::Scalar(k) => Some(*k),
                        _ => None,
                    })
                    .collect();
                return match rest.len() {
                    1 => {
                        let (s, n) = rest.into_iter().next().expect("one");
                        (s, nullable || n)
                    }
                    // An enum of strings (`oneOf` of `const`s).
                    _ if kinds.iter().all(|k| k == &Some(Kind::Text)) => {
                        (Shape::Scalar(Kind::Text), nullable)
                    }
                    _ => (Shape::Scalar(Kind::Json), nullable),
                };
            }
        }
        if node.get("const").is_some() || node.get("enum").is_some() {
            return (Shape::Scalar(Kind::Text), false);
        }
        let (ty, nullable) = match node.get("type") {
            Some(Value::String(t)) => (t.as_str(), false),
            Some(Value::Array(ts)) => {
                let non_null: Vec<&str> = ts
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
                let nullable = non_null.len() < ts.len();
                match non_null.as_slice() {
                    [t] => (*t, nullable),
                    _ => return (Shape::Scalar(Kind::Json), nullable),
                }
            }
            _ => return (Shape::Other, false),
        };
        let shape = match ty {
            "boolean" => Shape::Scalar(Kind::Bool),
            "integer" => Shape::Scalar(Kind::Int),
            "number" => Shape::Scalar(Kind::Double),
            "string" if node.get("format").and_then(Value::as_str) == Some("date") => {
                Shape::Scalar(Kind::Date)
            }
            "string" => Shape::Scalar(Kind::Text),
            "object" => match node.get("properties").and_then(Value::as_object) {
                Some(p) => Shape::Record(p),
                None => Shape::Other,
            },
            "array" => {
                let items = node.get("items").unwrap_or(&Value::Null);
                let (min, max) = (node.get("minItems"), node.get("maxItems"));
                match (self.shape(items).0, min.and_then(Value::as_u64)) {
                    (Shape::Scalar(k), Some(n)) if min == max && n > 0 => {
                        Shape::Fixed(k, n as usize)
                    }
                    _ => Shape::Array(items),
                }
            }
            _ => Shape::Other,
        };
        (shape, nullable)
    }
}

/// Where a column's value sits: the path level (0 = first level below the output) and the
/// keys (and array index) below that level's record.
#[derive(Debug, Clone)]
struct ColumnDef {
    name: String,
    level: usize,
    keys: Vec<Key>,
    kind: Kind,
    nullable: bool,
}

#[derive(Debug, Clone)]
enum Key {
    Field(String),
    Index(usize),
}

/// The columns of one record: scalars, records flattened (`field_sub`), fixed arrays by
/// element (`field_1`, `field_2`, …); arrays and maps are left out (they are in the JSON).
/// Where a record sits: its path level, the keys below that level's record, the column-name
/// stem (`""` at the level itself) and whether the record may be absent.
struct Place<'k> {
    level: usize,
    keys: &'k [Key],
    name: &'k str,
    nullable: bool,
}

fn record_columns(
    r: &Resolver,
    props: &serde_json::Map<String, Value>,
    skip: Option<&str>,
    at: &Place,
    out: &mut Vec<ColumnDef>,
) {
    let Place {
        level,
        keys,
        name,
        nullable,
    } = *at;
    for (field, node) in props {
        if Some(field.as_str()) == skip {
            continue;
        }
        let (shape, n) = r.shape(node);
        let mut k = keys.to_vec();
        k.push(Key::Field(field.clone()));
        let col = if name.is_empty() {
            field.clone()
        } else {
            format!("{name}_{field}")
        };
        match shape {
            Shape::Scalar(kind) => out.push(ColumnDef {
                name: col,
                level,
                keys: k,
                kind,
                nullable: nullable || n,
            }),
            Shape::Fixed(kind, len) => {
                for i in 0..len {
                    let mut ki = k.clone();
                    ki.push(Key::Index(i));
                    out.push(ColumnDef {
                        name: format!("{col}_{}", i + 1),
                        level,
                        keys: ki,
                        kind,
                        nullable: nullable || n,
                    });
                }
            }
            Shape::Record(p) => record_columns(
                r,
                p,
                None,
                &Place {
                    level,
                    keys: &k,
                    name: &col,
                    nullable: nullable || n,
                },
                out,
            ),
            Shape::Array(_) | Shape::Other => {}
        }
    }
}

fn get<'v>(mut v: &'v Value, keys: &[Key]) -> &'v Value {
    for k in keys {
        v = match k {
            Key::Field(f) => v.get(f).unwrap_or(&Value::Null),
            Key::Index(i) => v.get(i).unwrap_or(&Value::Null),
        };
    }
    v
}

/// Collect the records of every level for each row: `stack` holds the records above.
fn rows<'v>(
    v: &'v Value,
    path: &[TidyLevel],
    stack: &mut Vec<&'v Value>,
    out: &mut Vec<Vec<&'v Value>>,
) {
    let Some((first, rest)) = path.split_first() else {
        out.push(stack.clone());
        return;
    };
    let mut one = |item: &'v Value, stack: &mut Vec<&'v Value>| {
        stack.push(item);
        rows(item, rest, stack, out);
        stack.pop();
    };
    match v.get(first.field) {
        Some(Value::Array(items)) => {
            for item in items {
                one(item, stack);
            }
        }
        Some(item @ Value::Object(_)) => one(item, stack),
        _ => {}
    }
}

impl TidyTable {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.values.len())
    }

    /// The tidy table of an output given as its JSON `value` and its JSON `schema`
    /// ([`truce_output::schema`]), rows along `path` ([`truce_output::tidy_rows`]).
    ///
    /// Columns come from the records of every level of the path (not from the output's top
    /// level): scalars as they are, records flattened as `field_sub`, fixed-length arrays as
    /// `field_1`, `field_2`, …; a name taken by a deeper level gets its level's prefix.
    /// Nested arrays and maps are left out (they are in the JSON). Types follow the schema:
    /// `boolean` → BOOLEAN, `integer` → INT64, `number` → DOUBLE, a string of format `date`
    /// → DATE, other strings and enums → STRING.
    ///
    /// # Errors
    /// [`TidyError::NoRows`] for an empty path; [`TidyError::Schema`] when the path does not
    /// lead to records in the schema.
    pub fn of_output(
        command: &str,
        value: &Value,
        schema: &Value,
        path: &[TidyLevel],
    ) -> Result<Self, TidyError> {
        if path.is_empty() {
            return Err(TidyError::NoRows {
                command: command.into(),
            });
        }
        let bad = |what: String| TidyError::Schema {
            command: command.into(),
            what,
        };
        let r = Resolver { root: schema };
        // The record schema at each level, and whether a level may be absent.
        let mut node = schema;
        let mut levels = Vec::new();
        for (i, l) in path.iter().enumerate() {
            let Shape::Record(props) = r.shape(node).0 else {
                return Err(bad(format!("level {i} is not a record")));
            };
            let field = props
                .get(l.field)
                .ok_or_else(|| bad(format!("no field `{}`", l.field)))?;
            let (shape, nullable) = r.shape(field);
            let (item, nullable) = match shape {
                Shape::Array(items) => (items, nullable),
                Shape::Record(_) => (field, nullable),
                _ => {
                    return Err(bad(format!(
                        "`{}` is neither an array nor a record",
                        l.field
                    )))
                }
            };
            levels.push((item, nullable));
            node = item;
        }
        // Columns, innermost level first so that outer names yield to inner ones.
        let mut defs: Vec<Vec<ColumnDef>> = Vec::new();
        let mut taken = std::collections::HashSet::new();
        let mut any_nullable = false;
        for (i, (item, nullable)) in levels.iter().enumerate() {
            any_nullable |= *nullable;
            let Shape::Record(props) = r.shape(item).0 else {
                return Err(bad(format!("`{}` does not hold records", path[i].field)));
            };
            let skip = path.get(i + 1).map(|l| l.field);
            let mut cols = Vec::new();
            let at = Place {
                level: i,
                keys: &[],
                name: "",
                nullable: any_nullable,
            };
            record_columns(&r, props, skip, &at, &mut cols);
            defs.push(cols);
        }
        for (i, cols) in defs.iter_mut().enumerate().rev() {
            for c in cols.iter_mut() {
                if taken.contains(&c.name) {
                    c.name = format!("{}{}", path[i].prefix, c.name);
                }
                if !taken.insert(c.name.clone()) {
                    return Err(bad(format!(
                        "two columns named `{}`: give level `{}` a prefix",
                        c.name, path[i].field
                    )));
                }
            }
        }
        let defs: Vec<ColumnDef> = defs.into_iter().flatten().collect();
        let mut records = Vec::new();
        rows(value, path, &mut Vec::new(), &mut records);
        let columns = defs
            .into_iter()
            .map(|d| {
                let cells = records.iter().map(|row| get(row[d.level], &d.keys));
                let values = match d.kind {
                    Kind::Bool => Values::Bool(cells.map(Value::as_bool).collect()),
                    Kind::Int => Values::Int(cells.map(Value::as_i64).collect()),
                    Kind::Double => Values::Double(
                        cells
                            .map(|v| v.as_f64().filter(|x| x.is_finite()))
                            .collect(),
                    ),
                    Kind::Date => Values::Date(
                        cells
                            .map(|v| v.as_str().and_then(days_since_epoch))
                            .collect(),
                    ),
                    Kind::Text => {
                        Values::Text(cells.map(|v| v.as_str().map(str::to_string)).collect())
                    }
                    Kind::Json => Values::Text(
                        cells
                            .map(|v| (!v.is_null()).then(|| v.to_string()))
                            .collect(),
                    ),
                };
                // A value the schema calls required but the output lacks still reads back
                // as missing, never as a made-up value.
                let nullable = d.nullable || values.has_missing();
                TidyColumn {
                    name: d.name,
                    nullable,
                    values,
                }
            })
            .collect();
        Ok(Self { columns })
    }

    /// A [`Table`] as typed columns: a column of integers is `Int`, of booleans `Bool`, of
    /// numbers (some possibly missing) `Double`, anything else `Text`. Repeated headers get
    /// `_2`, `_3`, … .
    pub fn of_table(t: &Table) -> Self {
        let mut seen = std::collections::HashMap::<String, usize>::new();
        let columns = t
            .columns
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let cells: Vec<&Cell> = t.rows.iter().map(|r| &r[k]).collect();
                let all = |f: fn(&Cell) -> bool| !cells.is_empty() && cells.iter().all(|c| f(c));
                let (values, nullable) = if all(|c| matches!(c, Cell::Int(_))) {
                    let v = cells.iter().map(|c| match c {
                        Cell::Int(i) => Some(*i),
                        _ => None,
                    });
                    (Values::Int(v.collect()), false)
                } else if all(|c| matches!(c, Cell::Bool(_))) {
                    let v = cells.iter().map(|c| match c {
                        Cell::Bool(b) => Some(*b),
                        _ => None,
                    });
                    (Values::Bool(v.collect()), false)
                } else if cells
                    .iter()
                    .all(|c| matches!(c, Cell::Num(..) | Cell::Int(_)))
                {
                    let v = cells.iter().map(|c| match c {
                        Cell::Num(x, _) => x.filter(|x| x.is_finite()),
                        Cell::Int(i) => Some(*i as f64),
                        _ => None,
                    });
                    (Values::Double(v.collect()), true)
                } else {
                    let v = cells.iter().map(|c| Some(c.csv_form()));
                    (Values::Text(v.collect()), false)
                };
                let n = seen.entry(c.name.clone()).or_insert(0);
                *n += 1;
                let name = if *n == 1 {
                    c.name.clone()
                } else {
                    format!("{}_{n}", c.name)
                };
                TidyColumn {
                    name,
                    nullable,
                    values,
                }
            })
            .collect();
        Self { columns }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_output::{all_schemas, tidy_rows};

    #[test]
    fn dates_count_days_from_the_epoch() {
        assert_eq!(days_since_epoch("1970-01-01"), Some(0));
        assert_eq!(days_since_epoch("2025-05-12"), Some(20220));
        assert_eq!(days_since_epoch("2024-02-30"), None);
        assert_eq!(days_since_epoch("soon"), None);
    }

    #[test]
    fn every_output_has_a_tidy_layout_with_unique_typed_columns() {
        for (name, command, _, schema) in all_schemas() {
            if tidy_rows(command).is_empty() {
                continue;
            }
            let t = TidyTable::of_output(command, &Value::Null, &schema, tidy_rows(command))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!t.columns.is_empty(), "{name}: no columns");
            assert_eq!(t.rows(), 0);
        }
    }

    #[test]
    fn run_rows_are_step_by_country_with_dates_and_prefixed_step_names() {
        let schema = truce_output::schema::<truce_output::RunOutput>();
        let t = TidyTable::of_output("run", &Value::Null, &schema, tidy_rows("run")).unwrap();
        let col = |n: &str| t.columns.iter().find(|c| c.name == n);
        assert!(matches!(col("date").unwrap().values, Values::Date(_)));
        assert!(
            col("step_name").is_some(),
            "the step's name beside the country's"
        );
        assert!(matches!(col("name").unwrap().values, Values::Text(_)));
        assert!(matches!(
            col("welfare_pct").unwrap().values,
            Values::Double(_)
        ));
        assert!(matches!(
            col("solver_iterations").unwrap().values,
            Values::Int(_)
        ));
        assert!(matches!(
            col("solver_converged").unwrap().values,
            Values::Bool(_)
        ));
    }
}
