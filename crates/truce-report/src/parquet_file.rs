//! Tidy tables as Parquet files, readable unchanged by pandas (`pd.read_parquet`), polars and
//! Arrow.
//!
//! Written with the `parquet` crate's column writers, without its Arrow layer and without
//! compression codecs (docs/performance.md: the minimal feature set costs 49 s of CPU on a clean
//! 2-core build, the `arrow` feature 222 s). Every file is a [`TidyTable`] (typed columns:
//! BOOLEAN, INT64, DOUBLE, DATE, STRING; missing → null, never NaN) written by
//! [`tidy_to_parquet`]. One row group; the bytes depend on the table only, so the same table
//! gives the same file.

use crate::table::Table;
use crate::tidy::{TidyTable, Values};
use parquet::basic::{LogicalType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::sync::Arc;

/// The table as the bytes of a Parquet file (one column per table column, named by its
/// header; types from the cells, [`TidyTable::of_table`]).
pub fn to_parquet(t: &Table) -> Vec<u8> {
    tidy_to_parquet(&TidyTable::of_table(t))
}

/// The values present and the definition levels (1 present, 0 missing) of a column.
fn split<T: Clone>(v: &[Option<T>]) -> (Vec<T>, Vec<i16>) {
    let def = v.iter().map(|x| i16::from(x.is_some())).collect();
    (v.iter().flatten().cloned().collect(), def)
}

/// A tidy table as the bytes of a Parquet file: the one Parquet writer of truce. Column types:
/// `Bool` → BOOLEAN, `Int` → INT64, `Double` → DOUBLE, `Date` → INT32 (DATE), `Text` →
/// BYTE_ARRAY (STRING); nullable columns are OPTIONAL (missing → null, never NaN), the others
/// REQUIRED.
///
/// # Panics
/// Never for a table whose columns have equal lengths and unique names (what
/// [`TidyTable::of_output`] and [`TidyTable::of_table`] build): the file is written to memory.
pub fn tidy_to_parquet(t: &TidyTable) -> Vec<u8> {
    let fields = t
        .columns
        .iter()
        .map(|c| {
            let b = match &c.values {
                Values::Bool(_) => Type::primitive_type_builder(&c.name, Physical::BOOLEAN),
                Values::Int(_) => Type::primitive_type_builder(&c.name, Physical::INT64),
                Values::Double(_) => Type::primitive_type_builder(&c.name, Physical::DOUBLE),
                Values::Date(_) => Type::primitive_type_builder(&c.name, Physical::INT32)
                    .with_logical_type(Some(LogicalType::Date)),
                Values::Text(_) => Type::primitive_type_builder(&c.name, Physical::BYTE_ARRAY)
                    .with_logical_type(Some(LogicalType::String)),
            };
            let rep = if c.nullable {
                Repetition::OPTIONAL
            } else {
                Repetition::REQUIRED
            };
            Arc::new(b.with_repetition(rep).build().expect("valid column type"))
        })
        .collect();
    let schema = Arc::new(
        Type::group_type_builder("schema")
            .with_fields(fields)
            .build()
            .expect("valid schema"),
    );
    let props = Arc::new(WriterProperties::builder().build());
    let mut buf = Vec::new();
    let mut w = SerializedFileWriter::new(&mut buf, schema, props).expect("writing to memory");
    let mut rg = w.next_row_group().expect("writing to memory");
    let mut k = 0;
    while let Some(mut col) = rg.next_column().expect("writing to memory") {
        let c = &t.columns[k];
        let def = |d: Vec<i16>| c.nullable.then_some(d);
        match &c.values {
            Values::Bool(v) => {
                let (v, d) = split(v);
                col.typed::<BoolType>()
                    .write_batch(&v, def(d).as_deref(), None)
            }
            Values::Int(v) => {
                let (v, d) = split(v);
                col.typed::<Int64Type>()
                    .write_batch(&v, def(d).as_deref(), None)
            }
            Values::Double(v) => {
                let (v, d) = split(v);
                col.typed::<DoubleType>()
                    .write_batch(&v, def(d).as_deref(), None)
            }
            Values::Date(v) => {
                let (v, d) = split(v);
                col.typed::<Int32Type>()
                    .write_batch(&v, def(d).as_deref(), None)
            }
            Values::Text(v) => {
                let bytes: Vec<Option<ByteArray>> = v
                    .iter()
                    .map(|s| s.as_ref().map(|s| ByteArray::from(s.as_bytes().to_vec())))
                    .collect();
                let (v, d) = split(&bytes);
                col.typed::<ByteArrayType>()
                    .write_batch(&v, def(d).as_deref(), None)
            }
        }
        .expect("writing to memory");
        col.close().expect("writing to memory");
        k += 1;
    }
    rg.close().expect("writing to memory");
    w.close().expect("writing to memory");
    buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Cell;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    #[test]
    fn a_table_reads_back_with_its_types_and_nulls() {
        let mut t = Table::new("", &["draw", "region", "welfare_pct"]);
        t.push(vec![Cell::Int(0), Cell::text("USA"), Cell::num(-0.25, 3)]);
        t.push(vec![Cell::Int(1), Cell::text("CHN"), Cell::opt(None, 3)]);
        t.push(vec![Cell::Int(2), Cell::text("EU27"), Cell::num(1e-300, 3)]);
        let bytes = to_parquet(&t);
        assert_eq!(&bytes[..4], b"PAR1");
        assert_eq!(bytes, to_parquet(&t), "same table, same bytes");
        let r = SerializedFileReader::new(bytes::Bytes::from(bytes)).unwrap();
        assert_eq!(r.metadata().file_metadata().num_rows(), 3);
        let rows: Vec<Vec<Field>> = r
            .get_row_iter(None)
            .unwrap()
            .map(|row| {
                row.unwrap()
                    .get_column_iter()
                    .map(|(_, f)| f.clone())
                    .collect()
            })
            .collect();
        assert_eq!(
            rows[0],
            vec![
                Field::Long(0),
                Field::Str("USA".into()),
                Field::Double(-0.25)
            ]
        );
        assert_eq!(rows[1][2], Field::Null);
        assert_eq!(rows[2][2], Field::Double(1e-300), "full precision");
    }
}
