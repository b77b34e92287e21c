//! What a person sees from `truce replicate ge-gravity` and `truce replicate gegravity`.

use assert_cmd::Command;
use predicates::prelude::*;
use truce_testkit::shared;

fn truce() -> Command {
    Command::cargo_bin("truce").unwrap()
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let out = truce().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn country<'a>(j: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    j["countries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .unwrap()
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn ge_gravity_table_shows_welfare_and_the_published_rows() {
    let dir = shared("data/ge_gravity_example");
    truce()
        .args(["replicate", "ge-gravity", "--data"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ge_gravity example: EU enlargements, 2000 baseline, θ = 4, additive deficits",
        ))
        // Lithuania's welfare: 1.0065244 in the GEGravity vignette.
        .stdout(predicate::str::contains(
            "LTU       POL       1.0065244  1.0065244",
        ))
        .stdout(predicate::str::contains("572 new EU pairs"));
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn ge_gravity_json_has_the_replication_shape() {
    let dir = shared("data/ge_gravity_example");
    let d = dir.to_str().unwrap();
    let j = json_of(&["replicate", "ge-gravity", "--data", d, "--format", "json"]);
    assert_eq!(j["welfare_measure"], "real_income");
    assert_eq!(j["deficits"], "additive");
    assert_eq!(j["solver"]["converged"], true);
    assert_eq!(j["countries"].as_array().unwrap().len(), 44);
    let ltu = country(&j, "LTU");
    assert_eq!(ltu["welfare_measure"], "real_income");
    let w = ltu["welfare_pct"].as_f64().unwrap();
    assert_eq!(w, ltu["real_income_pct"].as_f64().unwrap());
    assert!((w - 0.65244).abs() < 1e-5, "{w}");
    assert_eq!(j["bilateral"].as_array().unwrap().len(), 44 * 44);

    let m = json_of(&[
        "replicate",
        "ge-gravity",
        "--data",
        d,
        "--deficits",
        "multiplicative",
        "--format",
        "json",
    ]);
    assert_eq!(m["deficits"], "multiplicative");
    let lambda = m["expenditure_scale"].as_f64().unwrap();
    assert!(lambda > 1.0 && lambda < 1.0001, "{lambda}");
    // ge_gravity's welfare under multiplicative deficits is the real wage: AUS 0.9999948.
    let aus = country(&m, "AUS");
    let gg = aus["ge_gravity_welfare_pct"].as_f64().unwrap();
    assert!((gg - (0.9999948 - 1.0) * 100.0).abs() < 1e-5, "{gg}");
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn ge_gravity_csv_is_the_country_table() {
    let dir = shared("data/ge_gravity_example");
    let out = truce()
        .args(["replicate", "ge-gravity", "--format", "csv", "--data"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("region,welfare,ge_gravity welfare,"));
    assert_eq!(lines.count(), 44);
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn gegravity_table_and_json() {
    let dir = shared("data/gegravity_sample");
    truce()
        .args(["replicate", "gegravity", "--data"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "gegravity example: Canada–Japan PTA",
        ))
        .stdout(predicate::str::contains(
            "CAN         0.418261   0.418261  -0.135770  -0.135770",
        ));
    let j = json_of(&[
        "replicate",
        "gegravity",
        "--data",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(j["welfare_measure"], "real_income");
    assert_eq!(j["mode"], "levels");
    assert_eq!(j["solver"]["converged"], true);
    let can = country(&j, "CAN");
    assert!((can["welfare_pct"].as_f64().unwrap() - 0.4182613165).abs() < 2e-6);
    assert_eq!(can["welfare_pct"], can["real_income_pct"]);
    assert!((can["gegravity"]["welfare_statistic"].as_f64().unwrap() - 0.9958348082).abs() < 1e-12);
}

#[test]
fn missing_data_folder_is_one_clear_line_and_exit_1() {
    truce()
        .args(["replicate", "gegravity", "--data", "/nonexistent/gegravity"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("/nonexistent/gegravity"))
        .stderr(predicate::str::contains("--data"));
    truce()
        .args(["replicate", "ge-gravity", "--data", "/nonexistent/geg"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--data"));
}

#[test]
fn a_bad_file_names_the_file_row_column_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sample_data_set.dlm");
    std::fs::write(
        &file,
        "exporter,importer,year,trade,Y,E,pta,contiguity,common_language,lndist,international\n\
         CAN,CAN,2006,100,200,200,0,0,1,0,0\n\
         CAN,JPN,2006,-5,200,200,0,0,0,9,1\n",
    )
    .unwrap();
    truce()
        .args(["replicate", "gegravity", "--data"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "sample_data_set.dlm, row 3, column trade: `-5`",
        ))
        .stderr(predicate::str::contains("non-negative"));
}

#[test]
fn a_panel_without_the_needed_column_says_which() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ge_gravity_example_data.csv"),
        "exporter,importer,year,trade\nA,A,2000,5\nA,B,2000,1\nB,A,2000,1\nB,B,2000,5\n\
         A,A,2014,5\nA,B,2014,1\nB,A,2014,1\nB,B,2014,5\n",
    )
    .unwrap();
    truce()
        .args(["replicate", "ge-gravity", "--data"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("column eu_enlargement"));
}

#[test]
fn an_unknown_deficit_rule_is_a_usage_error() {
    truce()
        .args(["replicate", "ge-gravity", "--deficits", "proportional"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("additive"))
        .stderr(predicate::str::contains("multiplicative"));
}
