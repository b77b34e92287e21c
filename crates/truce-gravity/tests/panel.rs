//! The panel reader: good files in both delimiters, the two shared sample files, and one test
//! per kind of bad input, each checking that the message names the file, row, column and value.

use std::path::{Path, PathBuf};
use truce_gravity::{import, read_panel, GravityError, PanelError};
use truce_testkit::shared;

/// A valid 3-country, one-year panel with Y, E and two covariates.
fn good_rows() -> Vec<String> {
    let codes = ["AAA", "BBB", "CCC"];
    let mut rows = vec!["exporter,importer,year,trade,Y,E,dist,pta".to_string()];
    for (a, i) in codes.iter().zip(0..) {
        for (b, j) in codes.iter().zip(0..) {
            let trade = if i == j {
                100.0
            } else {
                10.0 + (i * 3 + j) as f64
            };
            rows.push(format!(
                "{a},{b},2006,{trade},{},{},{},{}",
                1000 + i,
                900 + j,
                if i == j { 0.0 } else { 1.5 },
                u8::from(i + j == 1)
            ));
        }
    }
    rows
}

fn write(dir: &Path, name: &str, rows: &[String]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, rows.join("\n") + "\n").unwrap();
    p
}

/// Read `rows` (after `edit`) and return the error; checks that the message names the file.
fn fails(edit: impl FnOnce(&mut Vec<String>), year: Option<i64>) -> (PanelError, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = good_rows();
    edit(&mut rows);
    let path = write(dir.path(), "panel.csv", &rows);
    let err = match read_panel(&path) {
        Err(e) => e,
        Ok(p) => {
            let y = match p.pick_year(year) {
                Ok(y) => y,
                Err(e) => return named(e, &path),
            };
            match p.cross_section(y) {
                Err(e) => e,
                Ok(cs) => cs
                    .covariate("dist")
                    .expect_err("the edited panel should have been rejected"),
            }
        }
    };
    named(err, &path)
}

fn named(err: PanelError, path: &Path) -> (PanelError, String) {
    let msg = err.to_string();
    assert!(
        msg.starts_with(&path.display().to_string()),
        "message does not name the file: {msg}"
    );
    (err, msg)
}

#[test]
fn reads_a_good_panel_and_builds_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "panel.csv", &good_rows());
    let panel = read_panel(&path).unwrap();
    assert_eq!(panel.len(), 9);
    assert_eq!(panel.years(), &[2006]);
    assert_eq!(panel.covariate_names(), &["dist", "pta"]);
    let cs = panel.cross_section(2006).unwrap();
    assert_eq!(cs.codes(), &["AAA", "BBB", "CCC"]);
    assert_eq!(cs.trade()[1], 11.0); // AAA → BBB
    assert_eq!(cs.output_column().unwrap(), &[1000.0, 1001.0, 1002.0]);
    assert_eq!(cs.expenditure_column().unwrap(), &[900.0, 901.0, 902.0]);
    assert_eq!(cs.covariate("DIST").unwrap()[1], 1.5);
    let data = import(&path, None, 4.0).unwrap();
    let b = &data.baseline;
    assert_eq!(b.dims().n, 3);
    assert_eq!(b.dims().j, 1);
    // Deficit = expenditure − output, both as flow sums.
    for (k, r) in data.regions.iter().enumerate() {
        assert!((b.deficit()[k] - (r.expenditure - r.output)).abs() < 1e-9);
        assert_eq!(r.output_column, Some(1000.0 + k as f64));
    }
    // Importer BBB (1) buys 11 from exporter AAA (0).
    assert_eq!(b.flows()[b.dims().nij(1, 0, 0)], 11.0);
}

#[test]
fn tab_delimited_dlm_reads_like_csv() {
    let dir = tempfile::tempdir().unwrap();
    let rows = good_rows();
    let tabbed: Vec<String> = rows.iter().map(|r| r.replace(',', "\t")).collect();
    let a = read_panel(&write(dir.path(), "a.csv", &rows)).unwrap();
    let b = read_panel(&write(dir.path(), "b.dlm", &tabbed)).unwrap();
    let (ca, cb) = (
        a.cross_section(2006).unwrap(),
        b.cross_section(2006).unwrap(),
    );
    assert_eq!(ca.trade(), cb.trade());
    assert_eq!(ca.covariate("pta").unwrap(), cb.covariate("pta").unwrap());
}

#[test]
fn counterfactual_covariates_change_one_cell() {
    let dir = tempfile::tempdir().unwrap();
    let panel = read_panel(&write(dir.path(), "p.csv", &good_rows())).unwrap();
    let mut cs = panel.cross_section(2006).unwrap();
    cs.set_covariate("pta", "AAA", "CCC", 1.0).unwrap();
    assert_eq!(cs.covariate("pta").unwrap()[2], 1.0);
    let err = cs.set_covariate("pta", "AAA", "ZZZ", 1.0).unwrap_err();
    assert!(matches!(err, GravityError::Invalid { .. }));
    assert!(err.to_string().contains("ZZZ"), "{err}");
    let err = cs.set_covariate("fta", "AAA", "BBB", 1.0).unwrap_err();
    assert!(err.to_string().contains("fta"), "{err}");
}

// ---- bad inputs -------------------------------------------------------------------------

#[test]
fn missing_required_column() {
    let (e, msg) = fails(|r| r[0] = r[0].replace("trade", "flow"), None);
    assert_eq!(e.column.as_deref(), Some("trade"));
    assert!(msg.contains("no `trade` column"), "{msg}");
    assert!(msg.contains("exporter, importer, year, flow"), "{msg}");
}

#[test]
fn duplicated_header() {
    let (e, msg) = fails(|r| r[0] = r[0].replace("pta", "Dist"), None);
    assert_eq!(e.row, Some(1));
    assert!(msg.contains("appears twice"), "{msg}");
}

#[test]
fn negative_trade() {
    let (e, msg) = fails(|r| r[3] = r[3].replace(",2006,12,", ",2006,-12,"), None);
    assert_eq!((e.row, e.column.as_deref()), (Some(4), Some("trade")));
    assert_eq!(e.value, "-12");
    assert!(msg.contains("non-negative"), "{msg}");
}

#[test]
fn nan_trade() {
    let (e, msg) = fails(|r| r[2] = r[2].replace(",2006,11,", ",2006,NaN,"), None);
    assert_eq!((e.row, e.column.as_deref()), (Some(3), Some("trade")));
    assert_eq!(e.value, "NaN");
    assert!(msg.contains("finite"), "{msg}");
}

#[test]
fn non_numeric_trade() {
    let (e, msg) = fails(|r| r[2] = r[2].replace(",2006,11,", ",2006,1l,"), None);
    assert_eq!(
        (e.row, e.column.as_deref(), e.value.as_str()),
        (Some(3), Some("trade"), "1l")
    );
    assert!(msg.contains("not a number"), "{msg}");
}

#[test]
fn missing_trade_value() {
    let (e, msg) = fails(|r| r[2] = r[2].replace(",2006,11,", ",2006,,"), None);
    assert_eq!((e.row, e.column.as_deref()), (Some(3), Some("trade")));
    assert!(msg.contains("missing"), "{msg}");
}

#[test]
fn duplicated_pair_year() {
    let (e, msg) = fails(|r| r.push(r[2].clone()), None);
    assert_eq!(e.row, Some(11));
    assert!(msg.contains("AAA, BBB, 2006"), "{msg}");
    assert!(msg.contains("already appear at row 3"), "{msg}");
}

#[test]
fn unknown_year() {
    let (e, msg) = fails(|_| {}, Some(1999));
    assert_eq!(e.column.as_deref(), Some("year"));
    assert_eq!(e.value, "1999");
    assert!(msg.contains("the file has 2006"), "{msg}");
}

#[test]
fn several_years_need_a_choice() {
    let (_, msg) = fails(
        |r| {
            let extra: Vec<String> = r[1..]
                .iter()
                .map(|x| x.replace(",2006,", ",2007,"))
                .collect();
            r.extend(extra);
        },
        None,
    );
    assert!(msg.contains("2006, 2007"), "{msg}");
    assert!(msg.contains("--year"), "{msg}");
}

#[test]
fn non_integer_year() {
    let (e, msg) = fails(|r| r[5] = r[5].replace(",2006,", ",2006.5,"), None);
    assert_eq!(
        (e.row, e.column.as_deref(), e.value.as_str()),
        (Some(6), Some("year"), "2006.5")
    );
    assert!(msg.contains("integer"), "{msg}");
}

#[test]
fn missing_pair() {
    let (_, msg) = fails(|r| drop(r.remove(3)), None);
    assert!(
        msg.contains("no row for exporter AAA → importer CCC"),
        "{msg}"
    );
    assert!(msg.contains("domestic"), "{msg}");
}

#[test]
fn zero_domestic_flow() {
    let (e, msg) = fails(|r| r[5] = r[5].replace(",2006,100,", ",2006,0,"), None);
    assert_eq!((e.row, e.column.as_deref()), (Some(6), Some("trade")));
    assert!(msg.contains("domestic flow of BBB"), "{msg}");
}

#[test]
fn output_differs_between_rows_of_one_exporter() {
    let (e, msg) = fails(|r| r[3] = r[3].replace(",1000,", ",1001,"), None);
    assert_eq!(
        (e.row, e.column.as_deref(), e.value.as_str()),
        (Some(4), Some("Y"), "1001")
    );
    assert!(msg.contains("same on every row"), "{msg}");
}

#[test]
fn non_positive_output() {
    let (e, msg) = fails(|r| r[2] = r[2].replace(",1000,", ",0,"), None);
    assert_eq!((e.row, e.column.as_deref()), (Some(3), Some("Y")));
    assert!(msg.contains("positive"), "{msg}");
}

#[test]
fn wrong_number_of_fields() {
    let (e, msg) = fails(|r| r[7].push_str(",9"), None);
    assert_eq!(e.row, Some(8));
    assert!(msg.contains("9 fields"), "{msg}");
}

#[test]
fn empty_code() {
    let (e, msg) = fails(|r| r[4] = r[4].replacen("BBB", "", 1), None);
    assert_eq!((e.row, e.column.as_deref()), (Some(5), Some("exporter")));
    assert!(msg.contains("empty region code"), "{msg}");
}

#[test]
fn non_numeric_covariate_when_used() {
    let (e, msg) = fails(|r| r[8] = r[8].replace(",1.5,", ",far,"), None);
    assert_eq!(
        (e.row, e.column.as_deref(), e.value.as_str()),
        (Some(9), Some("dist"), "far")
    );
    assert!(msg.contains("not a finite number"), "{msg}");
}

#[test]
fn header_only() {
    let (_, msg) = fails(|r| r.truncate(1), None);
    assert!(msg.contains("no data rows"), "{msg}");
}

#[test]
fn missing_file() {
    let err = read_panel(Path::new("/nonexistent/panel.csv")).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/panel.csv"));
    assert!(err.to_string().contains("cannot read"));
}

// ---- the shared sample files ----------------------------------------------------------------

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn reads_the_ge_gravity_example_panel() {
    let dir = shared("data/ge_gravity_example");
    let panel = read_panel(&dir.join("ge_gravity_example_data.csv")).unwrap();
    assert_eq!(panel.len(), 7744);
    assert_eq!(panel.years(), &[2000, 2005, 2010, 2014]);
    let data = import(&dir.join("ge_gravity_example_data.csv"), Some(2000), 4.0).unwrap();
    assert_eq!(data.baseline.dims().n, 44);
    // Deficits sum to zero: expenditure and output are sums of the same flows.
    let s: f64 = data.baseline.deficit().iter().sum();
    assert!(s.abs() < 1e-6 * data.baseline.world_value_added());
    let err = import(&dir.join("ge_gravity_example_data.csv"), None, 4.0).unwrap_err();
    assert!(err.to_string().contains("--year"), "{err}");
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn reads_the_gegravity_sample_with_its_y_and_e_columns() {
    let dir = shared("data/gegravity_sample");
    let panel = read_panel(&dir.join("sample_data_set.dlm")).unwrap();
    assert_eq!(panel.len(), 900);
    let cs = panel.cross_section(2006).unwrap();
    assert_eq!(cs.n(), 30);
    let usa = cs.index("USA").unwrap();
    assert_eq!(cs.output_column().unwrap()[usa], 5_019_964.0);
    // Y is not the flow sum (the shared README: up to 6.8 % apart).
    let gap = cs
        .output_column()
        .unwrap()
        .iter()
        .zip(cs.output_flows())
        .map(|(y, s)| (y / s - 1.0).abs())
        .fold(0.0, f64::max);
    assert!(gap > 0.05 && gap < 0.08, "{gap}");
}
