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
    assert_eq!(v["schema_version"], "1.1");
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

/// The printed figures of `truce talks --players USA,CHN` (and of the war inside it) on the
/// embedded world2024, pinned at the precision the tables print (issue 16: exact derivatives
/// and projected Newton must not move them; docs/games.md explains the four frontier points
/// and the one tariff that moved from the finite-difference searches, which stopped short).
#[test]
fn talks_on_world2024_print_the_pinned_figures() {
    let out = truce()
        .args(["talks", "--players", "USA,CHN"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let rows = [
        "threat point                    0.082        0.139              8.1             11.2",
        "frontier 1                      0.191        0.139              3.2              0.0",
        "frontier 2                      0.176        0.186              1.6              0.0",
        "frontier 3                      0.161        0.223              0.3              0.0",
        "frontier 4                      0.147        0.249              0.0              1.0",
        "frontier 5                      0.121        0.288              0.0              2.8",
        "frontier 6                      0.098        0.315              0.0              4.3",
        "frontier 7                      0.082        0.332              0.0              5.6",
        "Nash bargaining solution        0.147        0.249              0.0              1.0",
        "AGRFOOD            10.1         0.0        12.0         1.2",
        "MINING              8.2         0.0         9.5         0.0",
        "TEXTILES            6.3         0.0        12.3         1.8",
        "CHEMPHARMA          9.8         0.0        12.6         2.2",
        "METALS              9.1         0.0        11.4         1.1",
        "MACHINERY           9.3         0.0        11.8         1.2",
        "ELECTRONICS         7.5         0.0        10.5         0.0",
        "ELECTRICAL          7.4         0.0        10.3         0.0",
        "MOTORVEH            7.1         0.0        10.4         1.2",
        "OTHERMFG            9.3         0.0        11.3         0.6",
    ];
    for row in rows {
        assert!(text.contains(row), "missing `{row}` in\n{text}");
    }
    let war = json(&["war", "--players", "USA,CHN"]);
    let pct = |v: &serde_json::Value| (v.as_f64().unwrap() * 1000.0).round() / 1000.0;
    let countries = war["nash"]["countries"].as_array().unwrap();
    let nash: Vec<f64> = countries.iter().map(|c| pct(&c["welfare_pct"])).collect();
    assert_eq!(
        nash,
        [0.082, 0.139, -0.008, -0.007, -0.019, -0.032, -0.199, -0.046, -0.015, -0.015, -0.009]
    );
    let means = &war["nash"]["mean_tariff_pct"];
    let one = |v: &serde_json::Value| (v.as_f64().unwrap() * 10.0).round() / 10.0;
    assert_eq!((one(&means["USA"]), one(&means["CHN"])), (8.1, 11.2));
    assert_eq!(war["solver"]["nash"]["status"], "converged");
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
