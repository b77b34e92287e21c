//! Issue 15 as a person runs it: import a tariffwar MAT-file, play the global war, run the
//! Liberation Day scenario with each retaliation, draw the map; bad input exits non-zero with a
//! message naming the file/field/value and writes nothing.

use assert_cmd::Command;
use predicates::prelude::*;

fn truce() -> Command {
    Command::cargo_bin("truce").unwrap()
}

#[test]
fn icio_2022_import_war_scenarios_and_map() {
    let Some(mat) = truce_testkit::shared("data/tariffwar_mat/mat/ICIO2022.mat") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("icio2022");
    truce()
        .args(["data", "import", "tariffwar"])
        .arg(&mat)
        .args(["--elasticity", "IS", "--out"])
        .arg(&d)
        .assert()
        .success()
        .stdout(predicate::str::contains("lashkaripour2021"));
    let map = dir.path().join("war.png");
    let out = truce()
        .args(["war", "--players", "all", "--dataset"])
        .arg(&d)
        .args(["--format", "json", "--map"])
        .arg(&map)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = v["countries"].as_array().unwrap();
    assert_eq!(c.len(), 81);
    for x in c {
        let t = x["nash_tariff_pct"].as_f64().unwrap();
        assert!(t > 0.0 && t <= 100.0, "{x}");
        assert!(x["welfare_pct"].as_f64().unwrap().is_finite());
    }
    assert!(v["solver"]["engine_gap_pp"].as_f64().unwrap() < 1e-6);
    assert_eq!(&std::fs::read(&map).unwrap()[1..4], b"PNG");
    let scenario = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/liberation-day-ustariff.toml"
    );
    let mut us = Vec::new();
    for r in ["none", "reciprocal", "nash"] {
        let out = truce()
            .args(["run", scenario, "--dataset"])
            .arg(&d)
            .args(["--retaliation", r, "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{r}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let u = v["countries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == "USA")
            .unwrap()["welfare_pct"]
            .as_f64()
            .unwrap();
        us.push(u);
    }
    // Retaliation hurts the US: none > reciprocal, and the US gains without retaliation.
    assert!(us[0] > 0.0 && us[0] > us[1], "{us:?}");
    let opt = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/optimal-us-tariff.toml"
    );
    truce()
        .args(["run", opt, "--dataset"])
        .arg(&d)
        .assert()
        .success()
        .stdout(predicate::str::contains("Optimal unilateral US tariff"));
}

#[test]
fn bad_input_names_the_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.mat");
    std::fs::write(&bad, b"MATLAB 5.0 MAT-file, written by something").unwrap();
    let out = dir.path().join("out");
    truce()
        .args(["data", "import", "tariffwar"])
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("save -v7.3"));
    assert!(!out.exists());
    if let Some(mat) = truce_testkit::shared("data/tariffwar_mat/mat/WIOD2014.mat") {
        truce()
            .args(["data", "import", "tariffwar"])
            .arg(&mat)
            .args(["--elasticity", "XYZ", "--out"])
            .arg(&out)
            .assert()
            .failure()
            .stderr(predicate::str::contains("unknown elasticity set `XYZ`"));
        assert!(!out.exists());
        truce()
            .args(["data", "import", "tariffwar"])
            .arg(&mat)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        truce()
            .args(["war", "--players", "USA,XXX", "--dataset"])
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "player `XXX` is not in the dataset",
            ));
    }
    truce()
        .args(["war", "--players", "all"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--players all needs a dataset of the tariffwar packages",
        ));
}
