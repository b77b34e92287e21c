//! What a person sees from `truce run`, `truce timeline` and `truce compare`.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn truce() -> Command {
    let mut c = Command::cargo_bin("truce").unwrap();
    c.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
    c
}

const SYNTH: [&str; 2] = ["--dataset", "synthetic-world2024"];

#[test]
fn every_builtin_scenario_runs_and_converges() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|x| x.to_str()) != Some("toml") {
            continue;
        }
        n += 1;
        let out = truce()
            .args(["run", p.to_str().unwrap(), "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let steps: Vec<serde_json::Value> = match v["steps"].as_array() {
            Some(s) => s.clone(),
            None => vec![v.clone()],
        };
        for s in steps {
            assert_eq!(s["solver"]["converged"], true, "{}", p.display());
            let c = &s["countries"][0];
            assert_eq!(c["code"], "USA");
            assert_eq!(c["welfare_measure"], "real_income");
            assert!(c["welfare_pct"].is_number() && c["real_income_pct"].is_number());
            // Every step reports the US tariff on all imports (the default effective_tariff).
            let et = &s["effective_tariff"];
            assert_eq!(et["importer"], "USA", "{}", p.display());
            assert!(
                et["pre_substitution_pct"].is_number() && et["post_substitution_pct"].is_number()
            );
        }
    }
    assert_eq!(n, 11, "eleven built-in scenarios");
}

#[test]
fn geneva_relative_to_peak_names_its_reference_and_writes_tidy_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = truce()
        .args([
            "run",
            "scenarios/geneva-truce.toml",
            "--relative-to",
            "peak",
            "--format",
            "json",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["reference"], "peak");
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[1]["name"], "geneva");
    assert_eq!(steps[1]["reference"], "peak");
    // The reference step against itself changes nothing.
    assert!(
        steps[0]["countries"][0]["welfare_pct"]
            .as_f64()
            .unwrap()
            .abs()
            < 1e-9
    );
    // Geneva undoes most of the peak: both sides gain relative to it.
    for k in [0, 1] {
        assert!(steps[1]["countries"][k]["welfare_pct"].as_f64().unwrap() > 0.0);
    }
    for f in [
        "countries.csv",
        "sectors.csv",
        "bilateral.csv",
        "result.json",
    ] {
        assert!(dir.path().join(f).exists(), "{f}");
    }
    let csv = std::fs::read_to_string(dir.path().join("countries.csv")).unwrap();
    assert!(csv.starts_with("step,reference,code,welfare_pct"));
    assert_eq!(csv.lines().count(), 1 + 3 * 11);
}

#[test]
fn table_output_says_what_the_numbers_are() {
    truce()
        .args(["run", "scenarios/peak-april-2025.toml", "--wide"])
        .args(SYNTH)
        .assert()
        .success()
        .stdout(predicate::str::contains("% change vs baseline"))
        .stdout(predicate::str::contains("Record tariff-wall"))
        .stdout(predicate::str::contains("tariff on all imports %"))
        .stdout(predicate::str::contains("SYNTHETIC"));
}

#[test]
fn unknown_step_for_relative_to_is_a_clear_error() {
    truce()
        .args([
            "run",
            "scenarios/geneva-truce.toml",
            "--relative-to",
            "genva",
        ])
        .args(SYNTH)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `geneva`?"));
}

#[test]
fn the_readme_main_job_runs_on_the_embedded_world() {
    // README: `truce run scenarios/geneva-truce.toml`, no dataset flag, no ../shared.
    truce()
        .args(["run", "scenarios/geneva-truce.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("geneva-truce: outcomes by step"))
        .stdout(predicate::str::contains("geneva  USA"))
        .stdout(predicate::str::contains(
            "world2024 is a stylised calibration",
        ))
        .stdout(predicate::str::contains("truce data import"));
}

#[test]
fn every_bad_scenario_file_fails_with_its_file_and_a_fix() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_scenarios");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        n += 1;
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        truce()
            .args(["run", p.to_str().unwrap()])
            .args(SYNTH)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(name.as_str()))
            .stderr(predicate::str::contains("panicked").not());
    }
    assert!(n >= 15);
}

#[test]
fn a_failed_run_leaves_no_partial_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    truce()
        .args([
            "run",
            "crates/truce-cli/tests/bad_scenarios/03-unknown-country.toml",
            "--out",
        ])
        .arg(&out)
        .args(SYNTH)
        .assert()
        .code(1);
    assert!(!out.exists());
}

#[test]
fn timeline_writes_series_and_plots_and_compare_reads_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = truce()
        .args([
            "timeline",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--format",
            "json",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let points = v["points"].as_array().unwrap();
    assert!(points.len() > 10);
    let p = &points[0];
    assert_eq!(p["date"], "2025-01-01");
    assert!(p["us_tariff_on_chn_pct"].is_number() && p["chn_tariff_on_us_pct"].is_number());
    assert_eq!(p["countries"][1]["code"], "CHN");
    // Issue 10: the US tariff on all imports, before and after substitution, by partner, and
    // outcomes for every region, at every date.
    assert_eq!(v["record"], "tariff-wall");
    for p in points {
        let et = &p["us_effective_tariff"];
        assert_eq!(et["importer"], "USA");
        assert!(et["pre_substitution_pct"].is_number() && et["post_substitution_pct"].is_number());
        assert_eq!(et["by_partner"].as_array().unwrap().len(), 10);
        assert_eq!(p["countries"].as_array().unwrap().len(), 11);
    }
    let on = |date: &str, partner: &str| {
        let p = points.iter().find(|p| p["date"] == date).unwrap();
        let b = p["us_effective_tariff"]["by_partner"].as_array().unwrap();
        b.iter().find(|x| x["partner"] == partner).unwrap()["pct"]
            .as_f64()
            .unwrap()
    };
    // Viet Nam's rate rises with its own reciprocal tariff (10 % in April, 20 % in August) and
    // Canada's with the fentanyl tariff of March.
    assert!(on("2025-04-05", "VNM") > on("2025-01-01", "VNM") + 5.0);
    assert!(on("2025-08-07", "VNM") > on("2025-04-05", "VNM") + 3.0);
    assert!(on("2025-03-04", "CAN") > on("2025-01-01", "CAN") + 10.0);
    let vnm_welfare = |date: &str| {
        let p = points.iter().find(|p| p["date"] == date).unwrap();
        let c = p["countries"].as_array().unwrap();
        c.iter().find(|c| c["code"] == "VNM").unwrap()["welfare_pct"]
            .as_f64()
            .unwrap()
    };
    assert!(vnm_welfare("2025-08-07") < 0.0, "VNM pays its own tariffs");
    let csv = std::fs::read_to_string(dir.path().join("timeline.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    for col in [
        "us_effective_tariff_pct",
        "us_effective_tariff_post_substitution_pct",
        "us_tariff_on_VNM_pct",
    ] {
        assert!(header.contains(col), "{col}");
    }
    for f in [
        "timeline.csv",
        "timeline.json",
        "tariffs.svg",
        "tariffs.png",
        "welfare.svg",
        "welfare.png",
        "trade.svg",
        "trade.png",
    ] {
        assert!(dir.path().join(f).metadata().unwrap().len() > 100, "{f}");
    }
    // compare: a run against itself differs by zero.
    let a = dir.path().join("a.json");
    let r = truce()
        .args(["run", "scenarios/busan-2025.toml", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::fs::write(&a, r).unwrap();
    truce()
        .args(["compare", "--wide"])
        .arg(&a)
        .arg(&a)
        .assert()
        .success()
        .stdout(predicate::str::contains("welfare B−A"));
    truce()
        .args(["compare"])
        .arg(&a)
        .arg(dir.path().join("tariffs.svg"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not valid JSON"));
}

#[test]
fn timeline_record_us_china_isolates_the_us_china_measures_and_says_so() {
    let out = truce()
        .args([
            "timeline",
            "--from",
            "2025-08-07",
            "--to",
            "2025-08-07",
            "--record",
            "us-china",
        ])
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["record"], "us-china");
    let notes = v["notes"].to_string();
    assert!(notes.contains("overstated"), "{notes}");
    truce()
        .args(["timeline", "--from", "2025-08-07", "--to", "2025-08-07"])
        .assert()
        .success()
        .stdout(predicate::str::contains("overstated").not())
        .stdout(predicate::str::contains(
            "US average tariff on all goods imports and by partner",
        ));
    truce()
        .args(["timeline", "--record", "us-chna"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("us-china"));
}

#[test]
fn timeline_rejects_a_bad_date() {
    truce()
        .args(["timeline", "--from", "2025-13-01"])
        .args(SYNTH)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--from"));
}

#[test]
fn a_first_order_decomposition_out_of_range_is_flagged() {
    // Iceberg costs ×10 on US–China trade: eq. (16)'s linearisation is far off; Geneva's shocks
    // are not large enough to trigger the caveat.
    truce()
        .args(["run", "scenarios/full-decoupling.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("a linearisation"));
    truce()
        .args(["run", "scenarios/geneva-truce.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("a linearisation").not());
}

#[test]
fn effective_tariff_names_the_importer_or_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("s.toml");
    let text = |who: &str| {
        format!(
            "dataset = \"synthetic-world2024\"\neffective_tariff = \"{who}\"\n[[measure]]\nid = \"t\"\nimposing = \"CHN\"\ntarget = \"USA\"\ninstrument = \"tariff\"\nchange_pp = 10\n"
        )
    };
    std::fs::write(&f, text("CHN")).unwrap();
    let out = truce()
        .args(["run", f.to_str().unwrap(), "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    // One implicit step: the run output's `steps` has one entry (docs/output-schema.md).
    let step = &v["steps"][0];
    assert_eq!(step["effective_tariff"]["importer"], "CHN");
    let usa = step["effective_tariff"]["by_partner"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["partner"] == "USA")
        .unwrap()
        .clone();
    assert!(usa["pct"].as_f64().unwrap() > 10.0);
    std::fs::write(&f, text("CHM")).unwrap();
    truce()
        .args(["run", f.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("effective_tariff"))
        .stderr(predicate::str::contains("CHN"));
}
