//! The facade's scenario pipelines on the synthetic world2024 stand-in.

use truce::dataset::resolve;
use truce::run::{run_on, RunOptions};
use truce::scenario::Scenario;
use truce::timeline::{timeline, TimelineOptions};

fn scenario(text: &str) -> Scenario {
    Scenario::from_toml_str(text, "t.toml", "t").unwrap()
}

const TWO_STEPS: &str = r#"
dataset = "synthetic-world2024"
[[measure]]
id = "a"
imposing = "USA"
target = "CHN"
instrument = "tariff"
layer = "x"
rate_pct = 20
[[measure]]
id = "b"
imposing = "USA"
target = "CHN"
instrument = "tariff"
layer = "x"
rate_pct = 60
[[measure]]
id = "zero"
imposing = "USA"
target = "CHN"
instrument = "tariff"
change_pp = 0
[[step]]
name = "a"
measures = ["a"]
[[step]]
name = "b"
measures = ["a", "b"]
[[step]]
name = "nothing"
measures = ["zero"]
"#;

fn quiet(_: usize, _: usize) {}

#[test]
fn outcomes_relative_to_a_step_compose_with_those_against_the_baseline() {
    let s = scenario(TWO_STEPS);
    let ds = resolve("synthetic-world2024").unwrap();
    let base = run_on(&s, ds.clone(), &RunOptions::default(), &quiet).unwrap();
    let rel = run_on(
        &s,
        ds,
        &RunOptions {
            relative_to: Some("a".into()),
            ..RunOptions::default()
        },
        &quiet,
    )
    .unwrap();
    assert_eq!(rel.reference, "a");
    for k in 0..11 {
        let w = |r: &truce::run::RunResult, step: usize| {
            r.steps[step].outcome.countries[k].real_income_pct.unwrap() / 100.0
        };
        // W_b/W_0 = (W_b/W_a)(W_a/W_0): exact real income composes through the re-based state.
        let lhs = 1.0 + w(&base, 1);
        let rhs = (1.0 + w(&rel, 1)) * (1.0 + w(&base, 0));
        assert!((lhs - rhs).abs() < 1e-7, "region {k}: {lhs} vs {rhs}");
        // The reference step against itself changes nothing.
        assert!(w(&rel, 0).abs() < 1e-9);
        // A zero change reproduces the baseline.
        assert!(w(&base, 2).abs() < 1e-9);
    }
    // rate_pct replaced the layer: step b has 60 % on top of the baseline, not 80 %.
    let b = &base.steps[1];
    let gap = b.us_tariff_on_chn_pct.unwrap() - base.steps[0].us_tariff_on_chn_pct.unwrap();
    assert!((gap - 40.0).abs() < 1e-9, "{gap}");
    // JSON: several steps → a `steps` array, each naming its reference.
    let j = rel.json();
    assert_eq!(j["steps"][1]["reference"], "a");
    assert_eq!(j["steps"][1]["countries"][0]["code"], "USA");
}

#[test]
fn timeline_from_pre_war_starts_at_zero_and_carries_piie_points() {
    let ds = resolve("synthetic-world2024").unwrap();
    let t = timeline(
        ds,
        &TimelineOptions {
            relative_to_prewar: true,
            to: "2019-12-31".parse().unwrap(),
            ..Default::default()
        },
        &quiet,
    )
    .unwrap();
    assert_eq!(t.reference, "pre-war");
    let first = &t.points[0];
    assert_eq!(first.date.to_string(), "2018-01-01");
    for c in &first.outcome.countries {
        assert!(c.real_income_pct.unwrap().abs() < 1e-9);
    }
    assert!(t.points.windows(2).all(|w| w[0].date < w[1].date));
    assert!(t.points.iter().filter(|p| p.piie.is_some()).count() >= 5);
    // The trade war lowers US–China trade relative to pre-war.
    let last = t.points.last().unwrap();
    let us = last.outcome.country("USA").unwrap();
    assert!(us.imports_pct.unwrap() < 0.0);
}

#[test]
fn the_timeline_reports_china_s_rare_earth_licensing_as_tax_equivalents_and_rents() {
    let ds = resolve("world2024-ree").unwrap();
    let t = timeline(
        ds,
        &TimelineOptions {
            from: "2025-04-01".parse().unwrap(),
            to: "2025-12-31".parse().unwrap(),
            record: "us-china".into(),
            ..Default::default()
        },
        &quiet,
    )
    .unwrap();
    let out = t.output();
    let on = |date: &str| {
        out.points
            .iter()
            .rev()
            .find(|p| p.date.as_str() <= date)
            .unwrap()
    };
    // Before the licensing (1 April 2025): no quota in force.
    assert!(on("2025-04-01").quotas.is_empty());
    // At the May 2025 trough: China's licences to the US bind at 7 % of 2024, with a positive
    // export-tax equivalent and rent.
    let may = on("2025-05-15");
    let q = may
        .quotas
        .iter()
        .find(|q| q.kind == "export_quota" && q.exporter == "CHN" && q.importer == "USA")
        .expect("the licensing quota on China's rare-earth exports to the US");
    assert_eq!(q.sector, "RARE_EARTHS");
    assert!(q.binding);
    assert!((q.quantity_pct - 7.0).abs() < 1e-6, "{}", q.quantity_pct);
    assert!(q.tax_equivalent_pct > 0.0 && q.rent > 0.0, "{q:?}");
    // The CSV series carries the same equivalent in its own column.
    let csv = t.series_table().to_csv();
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("export_quota_CHN_USA_RARE_EARTHS_tax_equivalent_pct"),
        "{header}"
    );
    assert!(
        header.contains("export_quota_CHN_USA_RARE_EARTHS_rent"),
        "{header}"
    );
}

#[test]
fn unknown_dataset_names_are_suggested() {
    let e = resolve("synthetic-world204").unwrap_err().to_string();
    assert!(e.contains("did you mean `synthetic-world2024`?"), "{e}");
    let e = resolve("wrld2024").unwrap_err().to_string();
    assert!(e.contains("did you mean `world2024`?"), "{e}");
}

#[test]
fn world2024_resolves_to_the_embedded_stylised_world() {
    let ds = resolve("world2024").unwrap();
    assert_eq!(ds.baseline.regions().len(), 11);
    assert_eq!(ds.baseline.sectors().len(), 11);
    assert!(!ds.synthetic);
    assert!(ds
        .stylised_note
        .as_deref()
        .unwrap()
        .contains("stylised calibration"));
    assert_eq!(ds.flow_unit_usd_bn, Some(1.0));
    assert_eq!(ds.baseline_date.unwrap().to_string(), "2025-01-20");
}
