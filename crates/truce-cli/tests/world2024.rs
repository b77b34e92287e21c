//! `truce data build-default`: what a person sees, and what it writes.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

const FILES: [&str; 7] = [
    "dataset.toml",
    "trade.csv",
    "tariffs.csv",
    "io_shares.csv",
    "value_added.csv",
    "final_demand.csv",
    "deficits.csv",
];

fn repo(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn truce() -> Command {
    Command::cargo_bin("truce").unwrap()
}

#[test]
fn build_default_writes_the_committed_dataset_and_says_it_is_stylised() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("w24");
    truce()
        .args(["data", "build-default", "--out"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("stylised calibration"))
        .stdout(predicate::str::contains("truce data import"))
        .stdout(predicate::str::contains("20.80 %"))
        .stdout(predicate::str::contains("21.20 %"));
    for f in FILES {
        let built = std::fs::read(dir.join(f)).unwrap();
        let committed = std::fs::read(repo("data/world2024").join(f)).unwrap();
        assert!(built == committed, "{f} differs from data/world2024/{f}");
    }
}

#[test]
fn build_default_runs_from_any_directory_without_files() {
    // The facts are embedded: an empty working directory is enough.
    let cwd = tempfile::tempdir().unwrap();
    truce()
        .current_dir(cwd.path())
        .args(["data", "build-default", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("region,GDP,"));
    assert!(cwd.path().join("data/world2024/dataset.toml").is_file());
}

#[test]
fn build_default_json_reports_the_checks() {
    let out = tempfile::tempdir().unwrap();
    let assert = truce()
        .args(["data", "build-default", "--format", "json", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(v["name"], "world2024");
    assert!(v["stylised_note"]
        .as_str()
        .unwrap()
        .contains("truce data import"));
    assert!(v["equilibrium"]["wage_max_abs_change"].as_f64().unwrap() < 1e-9);
    assert!(v["max_margin_rel_error"].as_f64().unwrap() < 1e-9);
    assert_eq!(v["rare_earths"].as_array().unwrap().len(), 2);
}

#[test]
fn missing_facts_folder_fails_cleanly_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("w24");
    truce()
        .args([
            "data",
            "build-default",
            "--facts",
            "/no/such/folder",
            "--out",
        ])
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("facts.csv"))
        .stderr(predicate::str::contains("--facts"));
    assert!(!dir.exists());
}

#[test]
fn a_fact_missing_from_a_given_folder_is_named_and_nothing_is_written() {
    let facts = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo("data/world2024_facts/facts.csv")).unwrap();
    let edited: String = text
        .lines()
        .filter(|l| !l.starts_with("T01,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(facts.path().join("facts.csv"), edited).unwrap();
    std::fs::copy(
        repo("data/world2024_facts/wiod2011_structure.csv"),
        facts.path().join("wiod2011_structure.csv"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("w24");
    truce()
        .args(["data", "build-default", "--facts"])
        .arg(facts.path())
        .arg("--out")
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("T01"))
        .stderr(predicate::str::contains("US goods exports"));
    assert!(!dir.exists());
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    truce()
        .args(["data", "build-default", "--bogus"])
        .assert()
        .code(2);
}
