//! The record's semantics on the synthetic world2024 stand-in. (The comparison with PIIE's
//! published averages runs on world2024 itself: crates/truce/tests/world2024_record.rs.)

use truce_scenario::compile::average_tariff_pct;
use truce_scenario::synthetic::{synthetic_world2024, BASELINE_DATE, FLOW_UNIT_USD_BN};
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
    // IEEPA reciprocal 10 → 84 → 125 on the goods it covers (all but Annex II and Section 232
    // goods, by 2024 value): the steps are 74 and 41 points times one coverage, and the
    // fentanyl 20 % stays underneath.
    let s1 = avg(&p, "2025-04-09", 0, 1) - avg(&p, "2025-04-05", 0, 1);
    let s2 = avg(&p, "2025-04-10", 0, 1) - avg(&p, "2025-04-09", 0, 1);
    assert!((s1 / s2 - 74.0 / 41.0).abs() < 1e-9, "{s1} {s2}");
    assert!(s1 > 0.7 * 74.0 && s1 < 74.0, "coverage {}", s1 / 74.0);
    // China 125 → 10 at Geneva: −115 points on all goods.
    assert!((avg(&p, "2025-05-14", 1, 0) - avg(&p, "2025-04-12", 1, 0) + 115.0).abs() < 1e-9);
}

#[test]
fn the_baseline_date_reproduces_the_baseline_so_nothing_is_counted_twice() {
    let p = states(&["2024-12-31"]);
    let b = synthetic_world2024();
    assert!(p.notes.is_empty(), "no clipped cells: {:?}", p.notes);
    let step = p.get("2024-12-31").unwrap();
    // Bit for bit: the pre-war start is the exact inverse of the record's measures.
    let differ: Vec<usize> = (0..b.tariff().len())
        .filter(|&k| step.policy.tariff()[k].to_bits() != b.tariff()[k].to_bits())
        .collect();
    assert!(differ.is_empty(), "cells not reproduced: {differ:?}");
    // The pre-war state is the 1 January 2018 schedule for US–China pairs.
    let d = b.dims();
    let pre = &p.get("pre-war").unwrap().policy;
    let textiles = 2;
    let us_mfn =
        truce_scenario::record::schedule_mean("USA", truce_scenario::record::PREWAR, "TEXTILES")
            .unwrap()
            .unwrap();
    assert!((pre.tariff()[d.nij(0, 1, textiles)] - us_mfn / 100.0).abs() < 1e-15);
    assert!(avg(&p, "pre-war", 0, 1) < 5.0);
    assert!(avg(&p, "2024-12-31", 0, 1) > 15.0);
}

/// Services hold no HS line: no record tariff reaches them, and averages leave them out.
#[test]
fn record_tariffs_skip_services_and_averages_are_over_goods() {
    let p = states(&["2025-04-12"]);
    let b = synthetic_world2024();
    let d = b.dims();
    let services = 10;
    let peak = &p.get("2025-04-12").unwrap().policy;
    assert_eq!(peak.tariff()[d.nij(0, 1, services)], 0.0);
    assert_eq!(peak.tariff()[d.nij(1, 0, services)], 0.0);
    // IEEPA fentanyl 10 → 20 on all goods moves the goods average by exactly 10 points.
    let q = states(&["2025-02-04", "2025-03-04"]);
    assert!((avg(&q, "2025-03-04", 0, 1) - avg(&q, "2025-02-04", 0, 1) - 10.0).abs() < 1e-9);
}

#[test]
fn services_may_be_non_traded_and_then_cannot_be_named() {
    use truce_scenario::synthetic::synthetic_world2024_nontraded_services;
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
fn a_cobb_douglas_share_of_a_sector_is_taxed_as_its_geometric_mean() {
    // An export tax on the magnet share of China's ELECTRICAL exports (the lower-bound way to
    // represent rare-earth controls on a dataset without a RARE_EARTHS sector).
    let text = |rate: f64| {
        format!(
            "dataset = \"w\"\n[[measure]]\nid = \"m\"\nimposing = \"CHN\"\ntarget = \"ALL\"\n\
             instrument = \"export_tax\"\nvalue_usd_bn = {{ ELECTRICAL = 2.86 }}\n\
             within_sector = \"cobb-douglas\"\nrate_pct = {rate}\n"
        )
    };
    let b = synthetic_world2024();
    let info = DatasetInfo {
        baseline: &b,
        flow_unit_usd_bn: Some(FLOW_UNIT_USD_BN),
        baseline_date: Some(BASELINE_DATE),
    };
    let d = b.dims();
    let elec = 7;
    let total: f64 = (0..d.n)
        .filter(|&n| n != 1)
        .map(|n| b.flows()[d.nij(n, 1, elec)])
        .sum();
    let share = 2.86 / total;
    let mut eq = Vec::new();
    for rate in [0.25, 1.0] {
        let s = Scenario::from_toml_str(&text(100.0 * rate), "t.toml", "t").unwrap();
        let c = compile(&s, &info).unwrap();
        let t = c.steps[0].policy.export_tax()[d.nij(0, 1, elec)];
        let want = truce_scenario::equivalent_increment_within(
            0.0,
            rate,
            share,
            b.theta()[elec],
            truce_scenario::WithinSector::CobbDouglas,
        );
        assert!((t - want).abs() < 1e-12, "{rate}: {t} vs {want}");
        assert!(t > 0.0 && t < share * rate);
        eq.push(t);
    }
    assert!(
        eq[1] > 3.0 * eq[0],
        "100 % is worth far more than 25 %: {eq:?}"
    );
}

#[test]
fn export_quotas_and_supply_caps_compile_into_the_policy() {
    let b = synthetic_world2024();
    let info = DatasetInfo {
        baseline: &b,
        flow_unit_usd_bn: Some(FLOW_UNIT_USD_BN),
        baseline_date: Some(BASELINE_DATE),
    };
    let head = "dataset = \"w\"\n";
    let quota = |id: &str, target: &str, cap: &str| {
        format!(
            "[[measure]]\nid = \"{id}\"\nimposing = \"CHN\"\ntarget = \"{target}\"\n\
             instrument = \"export_quota\"\nlayer = \"licensing\"\nsectors = [\"ELECTRICAL\"]\n\
             cap_pct = {cap}\n"
        )
    };
    let text = format!(
        "{head}{}{}[[measure]]\nid = \"cap\"\nimposing = \"JPN\"\ninstrument = \"supply_cap\"\n\
         sectors = [\"ELECTRICAL\"]\ncap_pct = 100\n",
        quota("all", "ALL", "25.5"),
        quota("us", "USA", "7")
    );
    let s = Scenario::from_toml_str(&text, "t.toml", "t").unwrap();
    let c = compile(&s, &info).unwrap();
    let p = &c.steps[0].policy;
    let (usa, chn, jpn, elec) = (0, 1, 3, 7);
    let q = |n: usize| {
        p.export_quotas()
            .iter()
            .find(|q| q.importer == n && q.exporter == chn && q.sector == elec)
            .map(|q| q.level)
    };
    // Same layer: the US's own measure replaces the all-partner level on its cell.
    assert_eq!(q(usa), Some(0.07));
    assert_eq!(q(2), Some(0.255));
    assert_eq!(p.supply_caps().len(), 1);
    assert_eq!(
        (p.supply_caps()[0].producer, p.supply_caps()[0].sector),
        (jpn, elec)
    );
    // Bad caps are errors with the line: above the baseline flow, zero, on a tariff, on a
    // share of a sector.
    for (bad, line, what) in [
        (quota("x", "USA", "150"), 9, "at most 100"),
        (quota("x", "USA", "0"), 9, "above 0"),
        (
            "[[measure]]\nid = \"x\"\nimposing = \"USA\"\ntarget = \"CHN\"\ninstrument = \"tariff\"\ncap_pct = 5\n".to_string(),
            7,
            "cap_pct is for export_quota",
        ),
        (
            format!("{}share = 0.5\n", quota("x", "USA", "7")),
            2,
            "caps whole flows",
        ),
    ] {
        let e = Scenario::from_toml_str(&format!("{head}{bad}"), "t.toml", "t").unwrap_err();
        assert_eq!(e.line, Some(line), "{e}");
        assert!(e.to_string().contains(what), "{e}");
    }
}

#[test]
fn optional_sectors_are_skipped_where_a_dataset_lacks_them() {
    let b = synthetic_world2024();
    let info = DatasetInfo {
        baseline: &b,
        flow_unit_usd_bn: Some(FLOW_UNIT_USD_BN),
        baseline_date: Some(BASELINE_DATE),
    };
    let text = "dataset = \"w\"\n[[measure]]\nid = \"re\"\nimposing = \"CHN\"\ntarget = \"ALL\"\n\
                instrument = \"export_quota\"\nsectors = [\"RARE_EARTHS\"]\noptional_sectors = true\n\
                cap_pct = 7\n";
    let s = Scenario::from_toml_str(text, "t.toml", "t").unwrap();
    let c = compile(&s, &info).unwrap();
    assert!(c.steps[0].policy.export_quotas().is_empty());
    assert_eq!(c.notes.len(), 1);
    assert!(
        c.notes[0].contains("RARE_EARTHS") && c.notes[0].contains("re"),
        "{:?}",
        c.notes
    );
    // Without the flag it is an error naming the sector.
    let strict = text.replace("optional_sectors = true\n", "");
    let s = Scenario::from_toml_str(&strict, "t.toml", "t").unwrap();
    let e = compile(&s, &info).unwrap_err();
    assert_eq!(e.kind, truce_scenario::ErrorKind::UnknownSector);
    // The record's rare-earth licensing is skipped silently on such a dataset.
    let rec =
        "dataset = \"w\"\nrecord = \"us-china\"\n[[step]]\nname = \"may\"\ndate = 2025-05-13\n";
    let s = Scenario::from_toml_str(rec, "t.toml", "t").unwrap();
    let c = compile(&s, &info).unwrap();
    assert!(c.steps[0].policy.export_quotas().is_empty());
    assert!(
        c.notes.iter().all(|n| !n.contains("RARE_EARTHS")),
        "{:?}",
        c.notes
    );
    assert!(c.steps[0].measures.iter().any(|m| m == "M074-licensing"));
}
