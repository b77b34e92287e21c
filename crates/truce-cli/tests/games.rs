//! `truce war` and `truce talks` as a person runs them (on the synthetic world2024 stand-in, and
//! once on the embedded world2024).

use assert_cmd::Command;
use predicates::prelude::*;

fn truce() -> Command {
    Command::cargo_bin("truce").unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = truce()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn war_prints_nash_tariffs_welfare_and_the_peak() {
    truce()
        .args([
            "war",
            "--players",
            "USA,CHN",
            "--dataset",
            "synthetic-world2024",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Tariff war: Nash tariffs of USA and CHN",
        ))
        .stdout(predicate::str::contains("April 2025 peak"))
        .stdout(predicate::str::contains("trade-weighted mean"))
        .stdout(predicate::str::contains("SYNTHETIC"));
}

#[test]
fn war_json_has_the_documented_keys() {
    let v = json(&[
        "war",
        "--dataset",
        "synthetic-world2024",
        "--instruments",
        "uniform",
    ]);
    assert_eq!(v["players"], serde_json::json!(["USA", "CHN"]));
    assert!(v["nash"]["tariffs_pct"]["USA"]["uniform"].is_number());
    assert_eq!(v["nash"]["countries"].as_array().unwrap().len(), 11);
    assert!(v["status_quo"]["tariffs_pct"]["CHN"]["uniform"].is_number());
    assert_eq!(v["solver"]["nash"]["status"], "converged");
    assert_eq!(v["dataset"]["name"], "synthetic-world2024");
    assert_eq!(v["command"], "war");
    assert_eq!(v["schema_version"], "1.0");
}

#[test]
fn talks_json_has_frontier_and_solution() {
    let v = json(&[
        "talks",
        "--dataset",
        "synthetic-world2024",
        "--instruments",
        "uniform",
        "--threat",
        "status-quo",
        "--beyond-trade",
        "0.02",
        "--link",
        "ree-export-tax",
        "--points",
        "2",
    ]);
    for key in [
        "players",
        "nash",
        "status_quo",
        "frontier",
        "solution",
        "solver",
    ] {
        assert!(!v[key].is_null(), "{key}");
    }
    assert!(v["frontier"].as_array().unwrap().len() >= 2);
    assert!(v["solution"]["levels_pct"]["CHN"]["export_tax"].is_number());
    assert_eq!(v["threat"]["kind"], "status-quo");
    assert_eq!(v["linked_export_tax"], true);
}

#[test]
fn talks_on_the_default_world_print_the_frontier() {
    truce()
        .args(["talks", "--instruments", "uniform", "--points", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "bargaining frontier from the nash threat point",
        ))
        .stdout(predicate::str::contains("Nash bargaining solution"))
        .stdout(predicate::str::contains("stylised"));
}

#[test]
fn mistakes_are_explained() {
    truce()
        .args([
            "war",
            "--players",
            "USA",
            "--dataset",
            "synthetic-world2024",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("exactly two region codes"));
    truce()
        .args([
            "war",
            "--players",
            "USA,XYZ",
            "--dataset",
            "synthetic-world2024",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown region `XYZ`"));
    truce()
        .args([
            "war",
            "--players",
            "USA,MEX",
            "--link",
            "ree-export-tax",
            "--dataset",
            "synthetic-world2024",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs the players USA and CHN"));
    truce()
        .args([
            "war",
            "--ree-share",
            "MINING=0.1",
            "--dataset",
            "synthetic-world2024",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--ree-share only applies with --link",
        ));
    truce()
        .args([
            "war",
            "--link",
            "ree-export-tax",
            "--ree-share",
            "MINING:0.1",
            "--dataset",
            "synthetic-world2024",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("write SECTOR=SHARE"));
    truce()
        .args([
            "talks",
            "--threat",
            "war",
            "--dataset",
            "synthetic-world2024",
        ])
        .assert()
        .code(2);
    truce()
        .args(["war", "--dataset", "no-such-world"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown dataset `no-such-world`"));
}
