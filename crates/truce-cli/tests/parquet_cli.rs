//! Parquet output as a user meets it (issue 12): `--output FILE.parquet` / `--format parquet`
//! on the commands' typed outputs, the folders' Parquet files, read back with the `parquet`
//! crate: typed columns (BOOLEAN, INT64, DOUBLE, DATE, STRING) and the JSON's values bit for
//! bit.

use parquet::basic::{LogicalType, Type as Physical};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use std::path::Path;
use std::process::Command;

fn truce(args: &[&str]) -> std::process::Output {
    let out = Command::new(assert_cmd::cargo::cargo_bin("truce"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
        .display()
        .to_string()
}

/// Columns: name → (physical type, logical type); and the rows as fields by name.
struct Read {
    types: Vec<(String, Physical, Option<LogicalType>)>,
    rows: Vec<Vec<(String, Field)>>,
}

fn read(p: &Path) -> Read {
    let r = SerializedFileReader::new(std::fs::File::open(p).unwrap()).unwrap();
    let schema = r.metadata().file_metadata().schema_descr_ptr();
    let types = schema
        .columns()
        .iter()
        .map(|c| {
            (
                c.name().to_string(),
                c.physical_type(),
                c.logical_type_ref().cloned(),
            )
        })
        .collect();
    let rows = r
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(n, f)| (n.clone(), f.clone()))
                .collect()
        })
        .collect();
    Read { types, rows }
}

impl Read {
    fn ty(&self, name: &str) -> (Physical, Option<LogicalType>) {
        let (_, p, l) = self
            .types
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("no column {name}: {:?}", self.types));
        (*p, l.clone())
    }
    fn get(&self, row: usize, name: &str) -> &Field {
        &self.rows[row].iter().find(|(n, _)| n == name).unwrap().1
    }
}

#[test]
fn run_as_parquet_has_typed_columns_and_the_json_values() {
    let d = tempfile::tempdir().unwrap();
    let pq = d.path().join("geneva.parquet");
    let g = repo("scenarios/geneva-truce.toml");
    let out = truce(&["run", &g, "--output", pq.to_str().unwrap()]);
    assert!(out.stdout.is_empty(), "the result went to the file");
    let json: serde_json::Value =
        serde_json::from_slice(&truce(&["run", &g, "--format", "json"]).stdout).unwrap();
    let t = read(&pq);
    let steps = json["steps"].as_array().unwrap();
    let regions = steps[0]["countries"].as_array().unwrap().len();
    assert_eq!(
        t.rows.len(),
        steps.len() * regions,
        "one row per step × region"
    );
    assert_eq!(t.ty("date"), (Physical::INT32, Some(LogicalType::Date)));
    assert_eq!(t.ty("solver_converged").0, Physical::BOOLEAN);
    assert_eq!(t.ty("solver_iterations").0, Physical::INT64);
    assert_eq!(t.ty("welfare_pct").0, Physical::DOUBLE);
    assert_eq!(t.ty("step_name").1, Some(LogicalType::String));
    assert_eq!(t.ty("code").1, Some(LogicalType::String));
    // Row k·regions + i is step k, country i; values bit for bit.
    let (k, i) = (1, 1);
    let row = k * regions + i;
    let c = &steps[k]["countries"][i];
    assert_eq!(
        t.get(row, "step_name"),
        &Field::Str(steps[k]["name"].as_str().unwrap().into())
    );
    assert_eq!(
        t.get(row, "code"),
        &Field::Str(c["code"].as_str().unwrap().into())
    );
    assert_eq!(
        t.get(row, "welfare_pct"),
        &Field::Double(c["welfare_pct"].as_f64().unwrap())
    );
    assert_eq!(t.get(row, "solver_converged"), &Field::Bool(true));
    // 2025-05-12, Geneva: days since 1970-01-01.
    let date = steps[k]["date"].as_str().unwrap();
    let days = truce_report_days(date);
    assert_eq!(t.get(row, "date"), &Field::Date(days));
    // --format parquet with -o: the same file.
    let pq2 = d.path().join("again.bin");
    truce(&[
        "run",
        &g,
        "--format",
        "parquet",
        "-o",
        pq2.to_str().unwrap(),
    ]);
    let t2 = read(&pq2);
    assert_eq!(t2.types, t.types);
}

/// Days since 1970-01-01 of `YYYY-MM-DD` (civil calendar; Howard Hinnant's days_from_civil).
fn truce_report_days(date: &str) -> i32 {
    let p: Vec<i64> = date.split('-').map(|x| x.parse().unwrap()).collect();
    let (y, m, d) = (if p[1] <= 2 { p[0] - 1 } else { p[0] }, p[1], p[2]);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

#[test]
fn war_and_timeline_write_their_tidy_tables() {
    let d = tempfile::tempdir().unwrap();
    let war = d.path().join("war.parquet");
    truce(&["war", "--players", "USA,CHN", "-o", war.to_str().unwrap()]);
    let t = read(&war);
    assert_eq!(t.rows.len(), 11, "one row per region of world2024");
    assert_eq!(t.ty("welfare_pct").0, Physical::DOUBLE);
    let dir = d.path().join("tl");
    truce(&[
        "timeline",
        "--to",
        "2018-12-31",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let t = read(&dir.join("timeline.parquet"));
    assert_eq!(t.ty("date"), (Physical::INT32, Some(LogicalType::Date)));
    assert_eq!(
        t.get(0, "date"),
        &Field::Date(truce_report_days("2018-01-01"))
    );
    assert_eq!(t.ty("piie_us_tariff_on_chn_pct").0, Physical::DOUBLE);
}

#[test]
fn sweep_draws_parquet_has_a_boolean_converged_column() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("sw");
    let g = repo("scenarios/geneva-truce.toml");
    let bands = d.path().join("bands.parquet");
    let png = d.path().join("bands.png");
    truce(&[
        "sweep",
        &g,
        "--draws",
        "4",
        "--seed",
        "7",
        "--out",
        dir.to_str().unwrap(),
        "-o",
        bands.to_str().unwrap(),
        "--plot",
        png.to_str().unwrap(),
    ]);
    assert_eq!(&std::fs::read(&png).unwrap()[1..4], b"PNG");
    let t = read(&dir.join("draws.parquet"));
    assert_eq!(t.ty("converged").0, Physical::BOOLEAN);
    assert_eq!(t.ty("draw").0, Physical::INT64);
    assert_eq!(t.get(0, "converged"), &Field::Bool(true));
    // The printed result as Parquet: the bands, `n` a count.
    let b = read(&bands);
    assert_eq!(b.ty("n").0, Physical::INT64);
    assert_eq!(b.ty("median").0, Physical::DOUBLE);
    assert_eq!(b.get(0, "n"), &Field::Long(4));
}
