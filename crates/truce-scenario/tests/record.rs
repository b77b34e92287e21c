//! The record's semantics and its comparison with PIIE's published averages, on the
//! synthetic world2024 stand-in (US–China weights: ICAEW 2024 sector imports).

use truce_scenario::compile::average_tariff_pct;
use truce_scenario::record::piie_published;
use truce_scenario::testing::{synthetic_world2024, BASELINE_DATE, FLOW_UNIT_USD_BN};
use truce_scenario::{compile, DatasetInfo, Scenario, StepPolicies};

fn states(dates: &[&str]) -> StepPolicies {
    let mut text = String::from("dataset = \"world2024\"\nrecord = \"us-china\"\n");
    for d in dates {
        text.push_str(&format!("[[step]]\nname = \"{d}\"\ndate = {d}\n"));
    }
    let s = Scenario::from_toml_str(&text, "t.toml", "t").unwrap();
    let b = synthetic_world2024();
    compile(
        &s,
        &DatasetInfo {
            baseline: &b,
            flow_unit_usd_bn: Some(FLOW_UNIT_USD_BN),
            baseline_date: Some(BASELINE_DATE),
        },
    )
    .unwrap()
}

fn avg(p: &StepPolicies, step: &str, n: usize, i: usize) -> f64 {
    let b = synthetic_world2024();
    average_tariff_pct(&b, &p.get(step).unwrap().statutory_tariff, n, i).unwrap()
}

#[test]
fn a_rate_replaces_its_own_layer_and_stacks_on_the_others() {
    let p = states(&[
        "2025-04-05",
        "2025-04-09",
        "2025-04-10",
        "2025-04-12",
        "2025-05-14",
    ]);
    // IEEPA reciprocal 10 → 84 on all goods: +74 points, fentanyl 20 % stays underneath.
    assert!((avg(&p, "2025-04-09", 0, 1) - avg(&p, "2025-04-05", 0, 1) - 74.0).abs() < 1e-9);
    // China 125 → 10 at Geneva: −115 points on all goods.
    assert!((avg(&p, "2025-05-14", 1, 0) - avg(&p, "2025-04-12", 1, 0) + 115.0).abs() < 1e-9);
}

#[test]
fn the_baseline_date_reproduces_the_baseline_so_nothing_is_counted_twice() {
    let p = states(&["2024-12-31"]);
    let b = synthetic_world2024();
    let step = p.get("2024-12-31").unwrap();
    for (k, (x, y)) in step.policy.tariff().iter().zip(b.tariff()).enumerate() {
        assert!((x - y).abs() < 1e-6, "cell {k}: {x} vs {y}");
    }
    // The pre-war state is lower for US–China pairs.
    assert!(avg(&p, "pre-war", 0, 1) < 5.0);
    assert!(avg(&p, "2024-12-31", 0, 1) > 15.0);
}

/// PIIE's published points that the record matches within 2 points, and those it does not
/// (explained in docs/us-china-record.md). The test fails if either list changes.
#[test]
fn averages_match_piie_within_two_points_except_the_documented_dates() {
    let pts = piie_published();
    let dates: Vec<String> = pts.iter().map(|p| p.date.to_string()).collect();
    let refs: Vec<&str> = dates.iter().map(String::as_str).collect();
    let p = states(&refs);
    let mut outside = Vec::new();
    for pt in &pts {
        let d = pt.date.to_string();
        for (who, ours, theirs) in [
            ("US", avg(&p, &d, 0, 1), pt.us_on_chn_pct),
            ("CHN", avg(&p, &d, 1, 0), pt.chn_on_us_pct),
        ] {
            if let Some(v) = theirs {
                if (ours - v).abs() > 2.0 {
                    outside.push(format!("{d} {who}"));
                }
            }
        }
    }
    assert_eq!(
        outside,
        [
            "2018-09-24 CHN",
            "2025-04-11 US",
            "2025-05-03 US",
            "2025-09-25 US",
            "2025-11-10 US"
        ]
    );
}

#[test]
fn services_may_be_non_traded_and_then_cannot_be_named() {
    use truce_scenario::testing::synthetic_world2024_nontraded_services;
    use truce_scenario::ErrorKind;
    let b = synthetic_world2024_nontraded_services();
    let info = DatasetInfo {
        baseline: &b,
        flow_unit_usd_bn: Some(FLOW_UNIT_USD_BN),
        baseline_date: Some(BASELINE_DATE),
    };
    let all = "dataset = \"w\"\n[[measure]]\nid = \"m\"\nimposing = \"USA\"\ntarget = \"ALL\"\ninstrument = \"tariff\"\nchange_pp = 10\n";
    let s = Scenario::from_toml_str(all, "t.toml", "t").unwrap();
    let c = compile(&s, &info).unwrap();
    let d = b.dims();
    assert_eq!(
        c.steps[0].policy.tariff()[d.nij(0, 1, 10)],
        0.0,
        "services skipped"
    );
    let named = format!("{all}sectors = [\"SERVICES\"]\n");
    let s = Scenario::from_toml_str(&named, "t.toml", "t").unwrap();
    let e = compile(&s, &info).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotApplicable);
    assert_eq!(e.line, Some(8));
}

#[test]
fn rare_earth_controls_are_sized_from_the_facts_not_the_whole_sector() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/rare-earth-controls-2025.toml");
    let s = Scenario::load(&path).unwrap();
    let b = synthetic_world2024();
    let c = compile(
        &s,
        &DatasetInfo {
            baseline: &b,
            flow_unit_usd_bn: Some(FLOW_UNIT_USD_BN),
            baseline_date: Some(BASELINE_DATE),
        },
    )
    .unwrap();
    let d = b.dims();
    let elec = 7;
    // China's ELECTRICAL exports to every partner, USD bn (unit 1).
    let total: f64 = (0..d.n)
        .filter(|&n| n != 1)
        .map(|n| b.flows()[d.nij(n, 1, elec)])
        .sum();
    let share = 2.86 / total;
    for (step, rate) in [("controls-25", 0.25), ("controls-100", 1.0)] {
        let t = c.get(step).unwrap().policy.export_tax()[d.nij(0, 1, elec)];
        let want = truce_scenario::equivalent_increment(0.0, rate, share, b.theta()[elec]);
        assert!((t - want).abs() < 1e-12, "{step}: {t} vs {want}");
        assert!(t > 0.0 && t < share * rate);
    }
    // The swap step has no controls.
    assert_eq!(
        c.get("swap").unwrap().policy.export_tax()[d.nij(0, 1, elec)],
        0.0
    );
}
