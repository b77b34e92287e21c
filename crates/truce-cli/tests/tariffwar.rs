//! Issue 15 as a person runs it: import a tariffwar MAT-file, play the global war, run the
//! Liberation Day scenario with each retaliation, draw the map; bad input exits non-zero with a
//! message naming the file/field/value and writes nothing.

use assert_cmd::Command;
use predicates::prelude::*;

fn truce() -> Command {
    Command::cargo_bin("truce").unwrap()
}

/// The table output of `args` fits 120 columns and states the instruments and the conventions.
fn check_table(args: &[&std::ffi::OsStr], conventions: &[&str]) -> String {
    let out = truce().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(
            line.chars().count() <= 120,
            "wider than 120 columns: {line}"
        );
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Note: Instruments:"), "{text}");
    for c in conventions {
        assert!(flat.contains(c), "`{c}` missing from:\n{text}");
    }
    text
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn wiod_2014_war_table_fits_120_columns_and_states_instruments_and_conventions() {
    let mat = truce_testkit::shared("data/tariffwar_mat/mat/WIOD2014.mat");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("wiod2014");
    truce()
        .args(["data", "import", "tariffwar"])
        .arg(&mat)
        .arg("--out")
        .arg(&d)
        .assert()
        .success();
    let text = check_table(
        &[
            "war".as_ref(),
            "--players".as_ref(),
            "all".as_ref(),
            "--dataset".as_ref(),
            d.as_os_str(),
        ],
        &[
            "one uniform import tariff per player, on every partner and every sector (services \
             included)",
            "flows read as importer spending gross of tariffs",
            "no domestic pad",
            "capped at 100 %",
            "against the trade-balanced baseline",
        ],
    );
    assert!(text.contains("USA") && text.contains("ROW"), "{text}");
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn icio_2022_import_war_scenarios_and_map() {
    let mat = truce_testkit::shared("data/tariffwar_mat/mat/ICIO2022.mat");
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
    assert_eq!(v["command"], "war global");
    assert_eq!(v["schema_version"], "1.0");
    let c = v["countries"].as_array().unwrap();
    assert_eq!(c.len(), 81);
    for x in c {
        let t = x["nash_tariff_pct"].as_f64().unwrap();
        assert!(t > 0.0 && t <= 100.0, "{x}");
        assert!(x["welfare_pct"].as_f64().unwrap().is_finite());
    }
    assert!(v["solver"]["engine_gap_pp"].as_f64().unwrap() < 1e-6);
    assert_eq!(v["conventions"]["domestic_pad_musd"], 1.0);
    assert_eq!(v["conventions"]["flows"], "gross_of_tariffs");
    assert_eq!(&std::fs::read(&map).unwrap()[1..4], b"PNG");
    let pad = [
        "every domestic cell padded by 1 million USD at import",
        "capped at 100 %",
    ];
    check_table(
        &[
            "war".as_ref(),
            "--players".as_ref(),
            "all".as_ref(),
            "--no-engine-check".as_ref(),
            "--dataset".as_ref(),
            d.as_os_str(),
        ],
        &pad,
    );
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
    let lib: &std::path::Path = scenario.as_ref();
    check_table(
        &[
            "run".as_ref(),
            lib.as_os_str(),
            "--dataset".as_ref(),
            d.as_os_str(),
            "--retaliation".as_ref(),
            "nash".as_ref(),
        ],
        &pad,
    );
    // Retaliation hurts the US: none > reciprocal, and the US gains without retaliation.
    assert!(us[0] > 0.0 && us[0] > us[1], "{us:?}");
    let opt = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/optimal-us-tariff.toml"
    );
    let opt: &std::path::Path = opt.as_ref();
    check_table(
        &[
            "run".as_ref(),
            opt.as_os_str(),
            "--dataset".as_ref(),
            d.as_os_str(),
        ],
        &[
            "Optimal unilateral US tariff (others passive): 23.",
            "no retaliation",
        ],
    );
    // Every other US-tariff scenario file in scenarios/ runs on ICIO 2022 with its own
    // retaliation, and its engine check agrees.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
    let mut others = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !truce::us_scenarios::is_us_scenario(&p)
            || name == "liberation-day-ustariff.toml"
            || name == "optimal-us-tariff.toml"
        {
            continue;
        }
        others += 1;
        let out = truce()
            .arg("run")
            .arg(&p)
            .arg("--dataset")
            .arg(&d)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["countries"].as_array().unwrap().len(), 81, "{name}");
        assert!(
            v["solver"]["engine_gap_pp"].as_f64().unwrap() < 1e-6,
            "{name}: {v}"
        );
        assert_eq!(v["command"], "run us-tariff", "{name}");
    }
    assert!(others >= 2, "the uniform and targeted scenario files");
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
    // The map belongs to the global war: asked of the two-player war it is refused, not
    // silently skipped.
    let map = dir.path().join("m.png");
    truce()
        .args(["war", "--players", "USA,CHN", "--map"])
        .arg(&map)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--map and --no-engine-check apply",
        ));
    assert!(!map.exists());
    truce()
        .args(["war", "--players", "all"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--players all needs a dataset of the tariffwar packages",
        ));
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn bad_elasticity_set_and_unknown_player_on_a_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mat = truce_testkit::shared("data/tariffwar_mat/mat/WIOD2014.mat");
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

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn a_folder_of_mat_files_imports_as_one_dataset_per_year_and_inspects() {
    let src = truce_testkit::shared("data/tariffwar_mat/mat");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all-U4");
    let rep = truce()
        .args(["data", "import", "tariffwar"])
        .arg(&src)
        .args(["--elasticity", "U4", "--format", "json", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        rep.status.success(),
        "{}",
        String::from_utf8_lossy(&rep.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&rep.stdout).unwrap();
    assert_eq!(v["command"], "data import folder");
    let imported = v["datasets"].as_array().unwrap();
    // Every year of WIOD 2000–2014 and OECD ICIO 2011–2022, one folder each, nothing else.
    let mut want: Vec<(String, i64, i64, i64)> = (2000..=2014)
        .map(|y| (format!("WIOD{y}"), y, 44, 16))
        .collect();
    want.extend((2011..=2022).map(|y| (format!("ICIO{y}"), y, 81, 28)));
    assert_eq!(imported.len(), want.len());
    let mut folders: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    folders.sort();
    let mut stems: Vec<String> = want.iter().map(|w| w.0.clone()).collect();
    stems.sort();
    assert_eq!(folders, stems, "one dataset folder per file, no leftovers");
    for (stem, year, n, s) in &want {
        let family = &stem[..4].to_ascii_lowercase();
        let name = format!("{family}{year}-U4");
        let row = imported
            .iter()
            .find(|r| r["dataset"] == name.as_str())
            .unwrap();
        assert_eq!(row["base_year"], *year);
        let inspect = truce()
            .args(["data", "inspect"])
            .arg(out.join(stem))
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(inspect.status.success(), "{stem}");
        let i: serde_json::Value = serde_json::from_slice(&inspect.stdout).unwrap();
        assert_eq!(i["name"], name.as_str(), "{stem}");
        assert_eq!(i["base_year"], *year, "{stem}");
        assert_eq!((&i["regions"], &i["sectors"]), (&(*n).into(), &(*s).into()));
        // Sources as {id, citation} objects.
        let ids: Vec<&str> = i["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        let data_id = if family == "icio" {
            "oecd_icio"
        } else {
            "wiod2016"
        };
        assert!(
            ids.contains(&data_id) && ids.contains(&"sigma_U4"),
            "{stem}: {ids:?}"
        );
    }
    // Not replaced without --force; --force replaces only a folder of datasets.
    truce()
        .args(["data", "import", "tariffwar"])
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("pass --force"));
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "keep me").unwrap();
    truce()
        .args(["data", "import", "tariffwar"])
        .arg(&src)
        .args(["--force", "--out"])
        .arg(&other)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a truce dataset"));
    assert!(other.join("notes.txt").is_file());
    // The table a person reads names every dataset and where it went.
    let text = truce()
        .args(["data", "import", "tariffwar"])
        .arg(&src)
        .args(["--elasticity", "U4", "--force", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&text.stdout);
    assert!(t.contains("imported 27 MAT-files"), "{t}");
    assert!(
        t.contains("wiod2000-U4") && t.contains("icio2022-U4"),
        "{t}"
    );
}
