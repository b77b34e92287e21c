//! `truce replicate ossa2014` as a person runs it.

use assert_cmd::Command;
use predicates::prelude::*;
use truce_testkit::shared;

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn table_3_prints_rows_and_the_papers_average() {
    let dir = shared("data/ossa2014");
    Command::cargo_bin("truce")
        .unwrap()
        .args([
            "replicate",
            "ossa2014",
            "--table",
            "3",
            "--version",
            "bas",
            "--data",
        ])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("Table 3: optimal tariffs, basic"))
        .stdout(predicate::str::contains("USA"))
        .stdout(predicate::str::contains("Ossa (2014) average"))
        .stdout(predicate::str::contains("58.9"));
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn json_has_the_documented_shape() {
    let dir = shared("data/ossa2014");
    let out = Command::cargo_bin("truce")
        .unwrap()
        .args([
            "replicate",
            "ossa2014",
            "--table",
            "3",
            "--format",
            "json",
            "--data",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "pol", "--version defaults to pol");
    let c = v["countries"].as_array().unwrap();
    assert_eq!(c.len(), 7);
    for row in c {
        for key in [
            "code",
            "welfare_pct",
            "real_income_pct",
            "median_tariff_pct",
        ] {
            assert!(!row[key].is_null(), "{key} missing in {row}");
        }
        assert_eq!(row["welfare_measure"], "government_objective");
    }
    assert_eq!(c[6]["code"], "USA");
    assert!(v["solver"]["optimal_tariffs"].is_array());
    assert!((v["average"]["welfare_pct"].as_f64().unwrap() - 1.9).abs() < 0.05);
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn csv_is_the_main_table() {
    let dir = shared("data/ossa2014");
    Command::cargo_bin("truce")
        .unwrap()
        .args([
            "replicate",
            "ossa2014",
            "--table",
            "3",
            "--version",
            "bas",
            "--format",
            "csv",
            "--data",
        ])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "country,welfare (G),real income,median tariff",
        ));
}

#[test]
fn bad_arguments_and_missing_data_are_explained() {
    Command::cargo_bin("truce")
        .unwrap()
        .args(["replicate", "ossa2014", "--table", "6"])
        .assert()
        .code(2);
    Command::cargo_bin("truce")
        .unwrap()
        .args([
            "replicate",
            "ossa2014",
            "--table",
            "3",
            "--data",
            "/nonexistent/ossa",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Ossa (2014) replication data are not at /nonexistent/ossa",
        ));
}
