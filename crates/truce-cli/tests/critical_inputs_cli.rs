//! Issue 9 as a person sees it: the rare-earth scenario on world2024-ree (sector losses many
//! times the rare-earth cost share, the quota's tax equivalent, the elasticities used), the
//! sector view and files of `truce run`, `truce data split-sector`, the rare-earth lever in
//! `truce talks`, the political-economy objective of `truce war`, and every bad input of the
//! issue (exit 1, the field and value named, nothing written).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn truce() -> Command {
    let mut c = Command::cargo_bin("truce").unwrap();
    c.current_dir(root());
    c
}

fn json_of(args: &[&str]) -> Value {
    let out = truce()
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn step<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap()
}

fn sector<'a>(s: &'a Value, region: &str, code: &str) -> &'a Value {
    let c = s["countries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == region)
        .unwrap();
    c["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["sector"] == code)
        .unwrap()
}

#[test]
fn the_rare_earth_scenario_reports_chokepoint_losses_quota_equivalents_and_elasticities() {
    let v = json_of(&["run", "scenarios/rare-earth-controls-2025.toml"]);
    assert_eq!(v["dataset"]["name"], "world2024-ree");
    let e = &v["elasticities"];
    assert_eq!(e["epsilon_c"], 0.1);
    assert_eq!(e["production"], "nested-ces");
    assert_eq!(e["critical_sectors"][0]["sector"], "RARE_EARTHS");
    let notes = v["notes"].to_string();
    assert!(!notes.contains("lower bound"), "{notes}");
    assert!(notes.contains("ε_c = 0.1"), "{notes}");
    let s = step(&v, "april-2025-controls");
    assert_eq!(s["solver"]["converged"], true);
    // The quota binds on the US flow, with its tax equivalent and rent reported.
    let q = s["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["importer"] == "USA" && q["kind"] == "export_quota")
        .unwrap();
    assert_eq!(q["binding"], true);
    assert!((q["quantity_pct"].as_f64().unwrap() - 7.0).abs() < 1e-6);
    assert!(q["tax_equivalent_pct"].as_f64().unwrap() > 100.0);
    assert!(q["rent"].as_f64().unwrap() > 0.0);
    // Output losses many (≥ 10) times the rare-earth cost share: the US in motor vehicles and
    // electrical equipment; third countries in all three.
    let many = |region: &str, code: &str| {
        let x = sector(s, region, code);
        let out = x["output_pct"].as_f64().unwrap();
        let share = 100.0 * x["critical_cost_share"].as_f64().unwrap();
        assert!(share > 0.0 && share < 1.0, "{region} {code}: {share}");
        assert!(
            out < -10.0 * share,
            "{region} {code}: output {out} % vs cost share {share} %"
        );
    };
    for (r, c) in [("USA", "MOTORVEH"), ("USA", "ELECTRICAL")] {
        many(r, c);
    }
    for r in ["KOR", "MEX", "JPN", "VNM"] {
        for c in ["MOTORVEH", "ELECTRICAL", "ELECTRONICS"] {
            many(r, c);
        }
    }
    // Easing the controls (after London) costs the US less than the trough.
    let welfare = |s: &Value, r: &str| {
        s["countries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == r)
            .unwrap()["welfare_pct"]
            .as_f64()
            .unwrap()
    };
    assert!(welfare(step(&v, "after-london"), "USA") > welfare(s, "USA"));
    assert!(welfare(step(&v, "full-cut-off"), "USA") < welfare(s, "USA"));
}

#[test]
fn the_sector_view_and_files_show_output_and_quotas() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("res");
    truce()
        .args([
            "run",
            "scenarios/rare-earth-controls-2025.toml",
            "--sectors",
            "MOTORVEH,ELECTRICAL",
            "--wide",
            "--out",
        ])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("sector results"))
        .stdout(predicate::str::contains("critical cost share %"))
        .stdout(predicate::str::contains("output loss ÷ share"))
        .stdout(predicate::str::contains("Export quotas and supply caps"))
        .stdout(predicate::str::contains("tax equivalent %"));
    let sectors = std::fs::read_to_string(dir.join("sectors.csv")).unwrap();
    let head = sectors.lines().next().unwrap();
    assert!(
        head.contains("output_pct") && head.contains("critical_cost_share"),
        "{head}"
    );
    let quotas = std::fs::read_to_string(dir.join("quotas.csv")).unwrap();
    assert!(quotas.starts_with("step,reference,kind,exporter,importer,sector,cap_pct"));
    assert!(quotas.contains("supply_cap"));
    // `--sectors` with no list shows every sector; CSV output keeps the country table.
    truce()
        .args(["run", "scenarios/geneva-truce.toml", "--sectors"])
        .assert()
        .success()
        .stdout(predicate::str::contains("SERVICES"));
}

#[test]
fn epsilon_c_overrides_and_unit_elasticities_are_cobb_douglas() {
    let ces = json_of(&[
        "run",
        "scenarios/rare-earth-controls-2025.toml",
        "--epsilon-c",
        "0.5",
    ]);
    assert_eq!(ces["elasticities"]["epsilon_c"], 0.5);
    assert_eq!(ces["elasticities"]["source"], "scenario");
    let cd = json_of(&[
        "run",
        "scenarios/rare-earth-controls-2025.toml",
        "--epsilon-c",
        "1",
    ]);
    assert_eq!(cd["elasticities"]["production"], "cobb-douglas");
    let loss = |v: &Value| {
        sector(step(v, "april-2025-controls"), "KOR", "MOTORVEH")["output_pct"]
            .as_f64()
            .unwrap()
    };
    assert!(
        loss(&ces)
            > loss(&json_of(&[
                "run",
                "scenarios/rare-earth-controls-2025.toml"
            ]))
    );
    assert!(loss(&cd) > loss(&ces));
}

fn scenario_file(dir: &Path, body: &str) -> PathBuf {
    let p = dir.join("s.toml");
    std::fs::write(&p, format!("dataset = \"world2024-ree\"\n{body}")).unwrap();
    p
}

const QUOTA: &str = "[[measure]]\nid = \"q\"\nimposing = \"CHN\"\ntarget = \"USA\"\ninstrument = \"export_quota\"\nsectors = [\"RARE_EARTHS\"]\ncap_pct = 7\n";

#[test]
fn bad_elasticities_quotas_and_sectors_exit_1_naming_the_field_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    for (body, says) in [
        (
            format!("[elasticities]\nepsilon_c = 0\n{QUOTA}"),
            "epsilon_c = 0",
        ),
        (
            format!("[elasticities]\nsigma_va = -1\n{QUOTA}"),
            "sigma_va = -1",
        ),
        (
            format!("[elasticities]\ncritical_sectors = [\"RARE_EARTH\"]\n{QUOTA}"),
            "did you mean `RARE_EARTHS`",
        ),
        (
            QUOTA.replace("cap_pct = 7", "cap_pct = 150"),
            "cap_pct = 150",
        ),
        (QUOTA.replace("cap_pct = 7", "cap_pct = -5"), "cap_pct = -5"),
    ] {
        let f = scenario_file(tmp.path(), &body);
        truce()
            .arg("run")
            .arg(&f)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(says));
        assert!(!out.exists(), "{says}: nothing may be written");
    }
    // Command-line overrides.
    let f = scenario_file(tmp.path(), QUOTA);
    for (args, says) in [
        (vec!["--epsilon-c", "-1"], "--epsilon-c -1"),
        (vec!["--epsilon-c", "NaN"], "--epsilon-c NaN"),
        (
            vec!["--sectors", "MOTORVEHICLES"],
            "did you mean `MOTORVEH`",
        ),
    ] {
        truce()
            .arg("run")
            .arg(&f)
            .args(&args)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(says));
        assert!(!out.exists());
    }
    // ε_c on a dataset without a critical nest names the way out.
    truce()
        .arg("run")
        .arg(&f)
        .args(["--dataset", "world2024", "--epsilon-c", "0.2"])
        .assert()
        .code(1);
}

#[test]
fn split_sector_carves_a_sector_and_rejects_bad_shares() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("w24m");
    truce()
        .args([
            "data",
            "split-sector",
            "data/world2024",
            "--spec",
            "data/split/magnets-example.toml",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "MAGNETS: the carved sector by region",
        ))
        .stdout(predicate::str::contains("cost share in its users"));
    let text = std::fs::read_to_string(out.join("dataset.toml")).unwrap();
    assert!(text.contains("code = \"MAGNETS\"") && text.contains("[production]"));
    // The split dataset runs: a quota on the new sector binds.
    let s = tmp.path().join("q.toml");
    std::fs::write(
        &s,
        format!(
            "dataset = \"{}\"\n{}",
            out.display(),
            QUOTA.replace("RARE_EARTHS", "MAGNETS")
        ),
    )
    .unwrap();
    let v = json_of(&["run", s.to_str().unwrap()]);
    assert_eq!(v["steps"][0]["quotas"][0]["binding"], true);
    // Bad shares: outside (0, 1), named with the spec's line; nothing written.
    let spec = std::fs::read_to_string(root().join("data/split/magnets-example.toml")).unwrap();
    for (from, to, says) in [
        ("share = 0.00989", "share = 1.5", "1.5"),
        ("share = 0.00989", "share = 0", "flow.share"),
        ("CHN = 0.01818", "CHN = 1", "output.CHN"),
        (
            "sector = \"MOTORVEH\"",
            "sector = \"MOTORVEHICLES\"",
            "did you mean",
        ),
    ] {
        let bad = tmp.path().join("bad.toml");
        std::fs::write(&bad, spec.replacen(from, to, 1)).unwrap();
        let dest = tmp.path().join("never");
        truce()
            .args(["data", "split-sector", "data/world2024", "--spec"])
            .arg(&bad)
            .arg("--out")
            .arg(&dest)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("bad.toml"))
            .stderr(predicate::str::contains(says));
        assert!(!dest.exists());
    }
}

#[test]
fn talks_price_chinas_rare_earth_lever() {
    // Issue 9's "done when": a strictly positive restriction at the threat point, a smaller one
    // in the agreement, and the tariff-equivalent value of the easing.
    let v = json_of(&["talks", "--players", "USA,CHN", "--link", "ree-export-tax"]);
    assert_eq!(v["dataset"]["name"], "world2024-ree");
    assert_eq!(v["schema_version"], "1.1");
    let l = &v["rare_earths"];
    let threat = l["threat_pct"].as_f64().unwrap();
    let agreed = l["agreement_pct"].as_f64().unwrap();
    assert!(threat > 0.0, "{l}");
    assert!(agreed < threat, "{l}");
    assert!(l["easing_pts"].as_f64().unwrap() > 0.0);
    assert!(l["tariff_equivalent_pts"].as_f64().unwrap() > 0.0, "{l}");
    assert!(l["us_gain_from_easing_pp"].as_f64().unwrap() > 0.0);
    assert_eq!(l["epsilon_c"], 0.1);
    // China restricts more at the threat point than in the agreement, in quantities too.
    assert!(
        l["threat_quantity_pct"].as_f64().unwrap() < l["agreement_quantity_pct"].as_f64().unwrap()
    );
}

#[test]
fn war_with_political_economy_weights_says_which_motive_it_adds() {
    let v = json_of(&["war", "--objective", "political-economy"]);
    assert_eq!(v["objective"], "political-economy");
    let plain = json_of(&["war"]);
    assert_eq!(plain["objective"], "real-income");
    // The weights move the Nash tariffs: the US protects textiles (Ossa's λ 1.34) more.
    let t = |v: &Value| {
        v["nash"]["tariffs_pct"]["USA"]["TEXTILES"]
            .as_f64()
            .unwrap()
    };
    assert!(t(&v) > t(&plain), "{} vs {}", t(&v), t(&plain));
}

/// The short run's caps are solved faster since the lever's speed fix (a Broyden matrix for
/// the quotas, warm-started across solves; docs/performance.md): the April 2025 step prints
/// what it printed before, to the table's two decimals (docs/critical-inputs.md, ε_c = 0.1),
/// and every quota's and cap's tax equivalent to 1e-6 of its value.
#[test]
fn the_short_run_caps_give_the_pinned_april_2025_results() {
    let v = json_of(&["run", "scenarios/rare-earth-controls-2025.toml"]);
    let s = step(&v, "april-2025-controls");
    let r2 = |x: f64| (100.0 * x).round() / 100.0;
    for (region, welfare, out) in [
        ("USA", -1.61, [-17.76, -97.66, 0.54]),
        ("JPN", 4.76, [-27.24, -98.90, -30.77]),
        ("KOR", -4.10, [-19.77, -84.63, -15.56]),
    ] {
        let c = s["countries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == region)
            .unwrap();
        assert_eq!(r2(c["welfare_pct"].as_f64().unwrap()), welfare, "{region}");
        for (code, want) in ["MOTORVEH", "ELECTRICAL", "ELECTRONICS"].iter().zip(out) {
            let got = sector(s, region, code)["output_pct"].as_f64().unwrap();
            assert_eq!(r2(got), want, "{region} {code}: {got}");
        }
    }
    // (kind, exporter, importer, tax equivalent %) as solved before the speed fix.
    let pinned = [
        ("export_quota", "CHN", "USA", 454284.85),
        ("export_quota", "CHN", "EU27", 78767.15),
        ("export_quota", "CHN", "JPN", 46979.14),
        ("export_quota", "CHN", "KOR", 109967.13),
        ("export_quota", "CHN", "IND", 165389.81),
        ("supply_cap", "EU27", "ALL", 30445.99),
        ("supply_cap", "JPN", "ALL", 23489.54),
        ("supply_cap", "ROW", "ALL", 52003.94),
    ];
    let quotas = s["quotas"].as_array().unwrap();
    for (kind, exporter, importer, want) in pinned {
        let q = quotas
            .iter()
            .find(|q| q["kind"] == kind && q["exporter"] == exporter && q["importer"] == importer)
            .unwrap();
        let got = q["tax_equivalent_pct"].as_f64().unwrap();
        assert!(
            (got - want).abs() <= 1e-6 * want + 0.005,
            "{kind} {exporter}→{importer}: {got} vs {want}"
        );
        assert_eq!(q["binding"], true);
    }
}
