//! Tidy tables as Parquet files, readable unchanged by pandas (`pd.read_parquet`), polars and
//! Arrow.
//!
//! Written with the `parquet` crate's column writers, without its Arrow layer and without
//! compression codecs (docs/performance.md: the minimal feature set costs 49 s of CPU on a clean
//! 2-core build, the `arrow` feature 222 s). Column types follow the cells: a column of
//! integers is `INT64`, a column of numbers (some possibly missing) is an optional `DOUBLE`
//! (missing → null, never NaN), anything else is a `UTF8` string. One row group; the bytes depend
//! on the table only, so the same table gives the same file.

use crate::table::{Cell, Table};
use parquet::basic::{LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Int,
    Double,
    Text,
}

fn kind(t: &Table, k: usize) -> Kind {
    let cells = t.rows.iter().map(|r| &r[k]);
    if t.rows.iter().all(|r| matches!(r[k], Cell::Int(_))) && !t.rows.is_empty() {
        Kind::Int
    } else if cells
        .clone()
        .all(|c| matches!(c, Cell::Num(..) | Cell::Int(_)))
    {
        Kind::Double
    } else {
        Kind::Text
    }
}

fn text(c: &Cell) -> ByteArray {
    ByteArray::from(c.csv_form().into_bytes())
}

/// The table as the bytes of a Parquet file (one column per table column, named by its
/// header).
///
/// # Panics
/// Never for a table whose rows have one cell per column (what [`Table::push`] ensures).
pub fn to_parquet(t: &Table) -> Vec<u8> {
    let kinds: Vec<Kind> = (0..t.columns.len()).map(|k| kind(t, k)).collect();
    let fields = t
        .columns
        .iter()
        .zip(&kinds)
        .map(|(c, k)| {
            let b = match k {
                Kind::Int => Type::primitive_type_builder(&c.name, Physical::INT64)
                    .with_repetition(Repetition::REQUIRED),
                Kind::Double => Type::primitive_type_builder(&c.name, Physical::DOUBLE)
                    .with_repetition(Repetition::OPTIONAL),
                Kind::Text => Type::primitive_type_builder(&c.name, Physical::BYTE_ARRAY)
                    .with_logical_type(Some(LogicalType::String))
                    .with_repetition(Repetition::REQUIRED),
            };
            Arc::new(b.build().expect("valid column type"))
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
        match kinds[k] {
            Kind::Int => {
                let v: Vec<i64> = t
                    .rows
                    .iter()
                    .map(|r| match r[k] {
                        Cell::Int(i) => i,
                        _ => unreachable!("an INT64 column holds integers"),
                    })
                    .collect();
                col.typed::<Int64Type>().write_batch(&v, None, None)
            }
            Kind::Double => {
                let mut v = Vec::new();
                let mut def = Vec::new();
                for r in &t.rows {
                    let x = match r[k] {
                        Cell::Num(x, _) => x.filter(|x| x.is_finite()),
                        Cell::Int(i) => Some(i as f64),
                        Cell::Text(_) => unreachable!("a DOUBLE column holds numbers"),
                    };
                    def.push(i16::from(x.is_some()));
                    v.extend(x);
                }
                col.typed::<DoubleType>().write_batch(&v, Some(&def), None)
            }
            Kind::Text => {
                let v: Vec<ByteArray> = t.rows.iter().map(|r| text(&r[k])).collect();
                col.typed::<ByteArrayType>().write_batch(&v, None, None)
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
