//! What a person sees from `truce data import | aggregate | inspect` on good input.

use assert_cmd::Command;
use std::path::Path;
use truce::data::import::testing;
use truce_testkit::shared;

fn truce() -> Command {
    Command::cargo_bin("truce").unwrap()
}

fn stdout(args: &[&str], extra: &[&Path]) -> String {
    let mut c = truce();
    c.args(args);
    for p in extra {
        c.arg(p);
    }
    let out = c.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn import_then_inspect_an_icio_table() {
    let dir = tempfile::tempdir().unwrap();
    let src = testing::write_icio(
        &dir.path().join("src"),
        &["USA", "CN1", "CN2", "MEX"],
        &["A", "B", "C"],
        2019,
        4,
    );
    let out = dir.path().join("ds");
    let text = truce()
        .args(["data", "import", "oecd-icio"])
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.starts_with("imported oecd-icio oecd-icio2019"),
        "{text}"
    );
    assert!(text.contains("3 regions × 3 sectors"), "{text}");
    assert!(out.join("dataset.toml").is_file());

    let text = stdout(&["data", "inspect"], &[&out]);
    for part in [
        "oecd-icio2019",
        "3 regions × 3 sectors (3 tradable)",
        "openness %",
        "Largest bilateral flows",
        "goods market",
        "base solve",
    ] {
        assert!(text.contains(part), "{part} in:\n{text}");
    }
    // JSON has a stable shape.
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["data", "inspect", "--format", "json"], &[&out])).unwrap();
    assert_eq!(json["regions"], 3);
    assert_eq!(json["by_region"][1]["code"], "CHN");
    assert!(json["equilibrium"]["max_abs_wage_change"].as_f64().unwrap() < 1e-9);
    // CSV is the regions table.
    let csv = stdout(&["data", "inspect", "--format", "csv"], &[&out]);
    assert!(csv.starts_with("region,GDP,GDP share %,"), "{csv}");
    assert_eq!(csv.lines().count(), 4);
}

#[test]
fn aggregate_with_maps_then_inspect() {
    let dir = tempfile::tempdir().unwrap();
    testing::write_wiod(&dir.path().join("wiod"), &["AUS", "ROM", "USA"], 3);
    let ds = dir.path().join("ds");
    truce()
        .args(["data", "import", "wiod"])
        .arg(dir.path().join("wiod"))
        .arg("--out")
        .arg(&ds)
        .assert()
        .success();
    let rmap = dir.path().join("regions.csv");
    std::fs::write(
        &rmap,
        "code,group,group_name\nAUS,ROW,Rest of the world\nROU,ROW,\nUSA,USA,\n",
    )
    .unwrap();
    let mut smap = String::from("code,group\n");
    for k in 1..=35 {
        smap.push_str(&format!(
            "c{k},{}\n",
            if k <= 16 { "GOODS" } else { "SERVICES" }
        ));
    }
    let smap_path = dir.path().join("sectors.csv");
    std::fs::write(&smap_path, smap).unwrap();
    let agg = dir.path().join("agg");
    let text = stdout(
        &["data", "aggregate"],
        &[
            &ds,
            Path::new("--regions"),
            &rmap,
            Path::new("--sectors"),
            &smap_path,
            Path::new("--out"),
            &agg,
        ],
    );
    assert!(
        text.contains("aggregated wiod2011 (3 × 35) to wiod2011-agg"),
        "{text}"
    );
    assert!(text.contains("2 regions × 2 sectors"), "{text}");
    let manifest = std::fs::read_to_string(agg.join("dataset.toml")).unwrap();
    assert!(
        manifest.contains("elasticity_aggregation = \"θ of each sector group"),
        "{manifest}"
    );
    assert!(
        manifest.contains("members = [\n    \"AUS\",\n    \"ROU\",\n]"),
        "{manifest}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["data", "inspect", "--format", "json"], &[&agg])).unwrap();
    assert_eq!(json["sectors"], 2);
    assert!(json["equilibrium"]["converged"].as_bool().unwrap());
}

#[test]
fn force_replaces_a_dataset() {
    let dir = tempfile::tempdir().unwrap();
    testing::write_ossa(&dir.path().join("ossa"), 1);
    let out = dir.path().join("ds");
    for force in [false, true] {
        let mut c = truce();
        c.args(["data", "import", "ossa2014"])
            .arg(dir.path().join("ossa"))
            .arg("--out")
            .arg(&out);
        if force {
            c.arg("--force");
        }
        c.assert().success();
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary directories left: {left:?}");
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn cp2015_import_aggregates_to_a_few_regions_and_solves() {
    let src = shared("data/cp2015");
    let dir = tempfile::tempdir().unwrap();
    let ds = dir.path().join("cp2015");
    truce()
        .args(["data", "import", "cp2015"])
        .arg(&src)
        .arg("--out")
        .arg(&ds)
        .assert()
        .success();
    assert!(ds.join("tariffs_2005.csv").is_file());
    let codes = [
        "ARG", "AUS", "AUT", "BRA", "CAN", "CHL", "CHN", "DNK", "FIN", "FRA", "DEU", "GRC", "HUN",
        "IND", "IDN", "IRL", "ITA", "JPN", "KOR", "MEX", "NLD", "NZL", "NOR", "PRT", "ZAF", "ESP",
        "SWE", "TUR", "GBR", "USA", "ROW",
    ];
    let eu = [
        "AUT", "DNK", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA", "NLD", "PRT", "ESP", "SWE",
        "GBR",
    ];
    let mut map = String::from("code,group\n");
    for c in codes {
        let g = match c {
            "CAN" | "MEX" | "USA" | "CHN" | "JPN" => c,
            c if eu.contains(&c) => "EUR",
            _ => "ROW",
        };
        map.push_str(&format!("{c},{g}\n"));
    }
    let map_path = dir.path().join("map.csv");
    std::fs::write(&map_path, map).unwrap();
    let agg = dir.path().join("agg");
    truce()
        .args(["data", "aggregate"])
        .arg(&ds)
        .arg("--regions")
        .arg(&map_path)
        .arg("--out")
        .arg(&agg)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["data", "inspect", "--format", "json"], &[&agg])).unwrap();
    assert_eq!(json["regions"], 7);
    assert_eq!(json["sectors"], 40);
    assert_eq!(json["alt_tariffs"][0], "2005");
    // The zero-deficit base is an equilibrium; so is its aggregate.
    assert!(json["equilibrium"]["max_abs_wage_change"].as_f64().unwrap() < 1e-8);
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn every_shared_source_imports_through_the_cli() {
    let cases: [(&str, &str, &[&str]); 4] = [
        ("cp2015", "data/cp2015", &[]),
        ("cp2015", "data/cp2015", &["--raw"]),
        ("ossa2014", "data/ossa2014", &[]),
        ("wiod", "data/wiod2013", &[]),
    ];
    for (kind, rel, flags) in cases {
        let src = shared(rel);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        let mut c = truce();
        c.args(["data", "import", kind])
            .arg(&src)
            .arg("--out")
            .arg(&out)
            .args(flags);
        c.args(["--format", "json"]);
        let o = c.assert().success().get_output().stdout.clone();
        let json: serde_json::Value = serde_json::from_slice(&o).unwrap();
        assert!(json["files"].as_array().unwrap().len() >= 6, "{json}");
        truce()
            .args(["data", "inspect", "--no-solve"])
            .arg(&out)
            .assert()
            .success();
    }
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn gravity_panels_import_as_one_sector_datasets() {
    let panel = shared("data/ge_gravity_example/ge_gravity_example_data.csv");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gravity");
    Command::cargo_bin("truce")
        .unwrap()
        .args(["data", "import", "gravity"])
        .arg(&panel)
        .args(["--year", "2000", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("44 regions × 1 sectors"));
    let ds = truce::data::read_dataset(&out).unwrap();
    assert_eq!(ds.baseline.theta(), &[4.0]);
    assert!(ds
        .manifest
        .sources
        .iter()
        .any(|s| s.citation.contains("Simonovska")));
    // A year the panel lacks is named, and nothing is written.
    let bad = dir.path().join("bad");
    Command::cargo_bin("truce")
        .unwrap()
        .args(["data", "import", "gravity"])
        .arg(&panel)
        .args(["--year", "1999", "--out"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("1999"));
    assert!(!bad.exists());
    // --trade-elasticity belongs to gravity only.
    Command::cargo_bin("truce")
        .unwrap()
        .args([
            "data",
            "import",
            "wiod",
            "/nonexistent",
            "--trade-elasticity",
            "4",
            "--out",
        ])
        .arg(dir.path().join("w"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "--trade-elasticity does not apply to `wiod`",
        ));
}
