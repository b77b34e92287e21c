//! What a person sees from `truce replicate cp2015`.

use assert_cmd::Command;
use predicates::prelude::*;
use truce_testkit::shared;

fn truce() -> Command {
    Command::cargo_bin("truce").unwrap()
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn table_output_shows_table2_beside_the_published_values() {
    let dir = shared("data/cp2015");
    let out = truce()
        .args(["replicate", "cp2015", "--data"])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("Caliendo & Parro (2015), Table 2"),
        "{text}"
    );
    let row = |code: &str| {
        text.lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_else(|| panic!("no {code} row in:\n{text}"))
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // country, welfare, published, diff, ToT, published, VoT, published, real wage, published, …
    assert_eq!(
        &row("MEX")[1..10],
        ["1.31", "1.31", "0.00", "-0.41", "-0.41", "1.72", "1.72", "1.72", "1.72"]
    );
    assert_eq!(
        &row("CAN")[1..10],
        ["-0.06", "-0.06", "0.00", "-0.11", "-0.11", "0.04", "0.04", "0.32", "0.32"]
    );
    assert_eq!(
        &row("USA")[1..10],
        ["0.08", "0.08", "0.00", "0.04", "0.04", "0.04", "0.04", "0.11", "0.11"]
    );
    assert!(text.contains("Note: \"welfare\" is the paper's first-order formula"));
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn json_output_has_the_documented_shape() {
    let dir = shared("data/cp2015");
    let out = truce()
        .args(["replicate", "cp2015", "--format", "json", "--data"])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let countries = v["countries"].as_array().unwrap();
    assert_eq!(countries.len(), 31);
    for c in countries {
        for key in [
            "code",
            "welfare_pct",
            "welfare_measure",
            "real_income_pct",
            "terms_of_trade_pct",
            "volume_of_trade_pct",
            "real_wage_pct",
        ] {
            assert!(!c[key].is_null(), "{key} missing in {c}");
        }
        assert_eq!(c["welfare_measure"], "cp2015_table2");
    }
    let mex = countries.iter().find(|c| c["code"] == "MEX").unwrap();
    assert_eq!(mex["published"]["welfare_pct"], 1.31);
    assert!((mex["intra_nafta_imports_pct"].as_f64().unwrap() - 118.0).abs() <= 1.0);
    assert!(countries.iter().find(|c| c["code"] == "ARG").unwrap()["published"].is_null());
    assert_eq!(v["solver"]["converged"], true);
    assert!(v["solver"]["iterations"].as_u64().unwrap() > 0);
    assert!(v["solver"]["residual"].as_f64().unwrap() < 1e-10);
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn csv_output_is_the_main_table_at_full_precision() {
    let dir = shared("data/cp2015");
    truce()
        .args([
            "replicate",
            "cp2015",
            "--format",
            "csv",
            "--base",
            "raw",
            "--data",
        ])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "country,welfare,published,diff,ToT",
        ))
        .stdout(predicate::str::contains("\nMEX,1.31"));
}

#[test]
fn missing_data_is_one_clear_line_and_exit_1() {
    truce()
        .args(["replicate", "cp2015", "--data", "/nonexistent/cp2015"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "the Caliendo–Parro (2015) replication data are not at /nonexistent/cp2015",
        ))
        .stderr(predicate::str::contains("--data DIR"))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn a_broken_file_is_named_with_row_and_column() {
    let dir = shared("data/cp2015");
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&dir, tmp.path());
    let b = tmp.path().join("original/B.txt");
    let text = std::fs::read_to_string(&b).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[2].split('\t').map(str::to_string).collect();
    cells[4] = "abc".into();
    lines[2] = cells.join("\t");
    std::fs::write(&b, lines.join("\n")).unwrap();
    truce()
        .args(["replicate", "cp2015", "--data"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "B.txt, row 3, column 5: `abc` is not a number",
        ));
}

#[test]
fn bad_command_line_exits_2() {
    truce()
        .args(["replicate", "cp2015", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "possible values: table, json, csv",
        ));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
