//! Tests of the world2024 calibration: the committed files, the equilibrium, the targets, the
//! tariffs, the rare-earth shares, a counterfactual, and the errors a user can cause.

use super::*;
use crate::calibrate::{CHN, ELECTRICAL, MEX, MINING, N, USA, VNM};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use truce_model::cp2015::Engine;
use truce_model::solve::NoObserver;
use truce_model::{Outcome, Policy};
use truce_testkit::shared;

/// One build shared by the tests (a build takes a fraction of a second in release mode).
fn built() -> &'static Calibration {
    static B: OnceLock<Calibration> = OnceLock::new();
    B.get_or_init(|| build().expect("world2024 builds from the embedded facts"))
}

fn repo(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

#[test]
fn build_is_byte_identical_to_the_committed_files() {
    let dir = tempfile::tempdir().unwrap();
    write(&built().dataset, dir.path()).unwrap();
    for (name, embedded) in DATASET_FILES {
        let fresh = std::fs::read(dir.path().join(name)).unwrap();
        let committed = std::fs::read(repo("data/world2024").join(name)).unwrap();
        assert!(
            fresh == committed,
            "data/world2024/{name} differs from what `truce data build-default` writes: \
             rebuild it (cargo run --release -- data build-default) and commit the result"
        );
        assert!(
            embedded.as_bytes() == committed.as_slice(),
            "{name}: embedded copy is stale"
        );
    }
    // Nothing else is written.
    let written = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(written, DATASET_FILES.len());
}

#[test]
fn build_is_deterministic() {
    let again = build().unwrap();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(&built().dataset, a.path()).unwrap();
    write(&again.dataset, b.path()).unwrap();
    for (name, _) in DATASET_FILES {
        assert_eq!(
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
            "{name}"
        );
    }
    assert_eq!(built().report, again.report);
}

#[test]
fn the_embedded_dataset_loads_and_equals_the_build() {
    let ds = load().unwrap();
    assert_eq!(ds, built().dataset);
    let codes: Vec<&str> = ds
        .baseline
        .regions()
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert_eq!(
        codes,
        ["USA", "CHN", "EU27", "JPN", "KOR", "TWN", "VNM", "MEX", "CAN", "IND", "ROW"]
    );
    let sectors: Vec<&str> = ds
        .baseline
        .sectors()
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    assert_eq!(
        sectors,
        [
            "AGRFOOD",
            "MINING",
            "TEXTILES",
            "CHEMPHARMA",
            "METALS",
            "MACHINERY",
            "ELECTRONICS",
            "ELECTRICAL",
            "MOTORVEH",
            "OTHERMFG",
            "SERVICES"
        ]
    );
    assert!(ds.baseline.sectors().iter().all(|s| s.tradable));
    assert_eq!(ds.manifest.base_year, 2024);
    assert_eq!(ds.manifest.unit, "billion");
}

#[test]
fn the_manifest_says_it_is_stylised_and_cites_every_theta() {
    let m = &load().unwrap().manifest;
    assert!(m.stylised);
    assert_eq!(m.notes[0], STYLISED_NOTE);
    assert!(STYLISED_NOTE.contains("truce data import"));
    let ids: Vec<&str> = m.sources.iter().map(|s| s.id.as_str()).collect();
    for s in &m.sectors {
        let src = s.theta_source.as_deref().expect("every θ has a source");
        assert!(ids.contains(&src), "{src}");
    }
    assert!(m.elasticity_aggregation.is_some());
}

#[test]
fn a_zero_shock_returns_unit_hats() {
    let b = Arc::new(load().unwrap().baseline);
    let eq = Engine::new(b.clone())
        .solve(&Policy::baseline(&b), None, &mut NoObserver)
        .unwrap();
    for w in &eq.w_hat {
        assert!((w - 1.0).abs() < 1e-12, "ŵ = {w}");
    }
    for p in &eq.p_hat {
        assert!((p - 1.0).abs() < 1e-12, "P̂ = {p}");
    }
    // The build's own check says the same, and re-basing moves nothing beyond rounding.
    let e = &built().report.equilibrium;
    assert!(e.wage_max_abs_change < 1e-12);
    assert!(e.rebased_flow_max_rel_change < 1e-12);
    assert!(e.rebased_gdp_max_rel_change < 1e-12);
}

#[test]
fn calibrated_margins_match_their_targets() {
    let r = &built().report;
    // Every target is met to the balancing tolerance (IPF 1e-12; GDP exact by construction).
    for m in &r.margins {
        assert!(
            m.rel_error().abs() < 1e-9,
            "{} {} {:?}: target {} model {}",
            m.kind,
            m.region,
            m.partner,
            m.target,
            m.model
        );
    }
    assert!(r.max_margin_rel_error < 1e-9);
    assert!(r.margins.len() > 60);
    // Spot checks against the published figures, typed here from facts.csv.
    let b = &built().dataset.baseline;
    let d = b.dims();
    let rel = |a: f64, t: f64| (a / t - 1.0).abs();
    assert!(rel(b.value_added()[USA], 29184.9) < 1e-12, "G01");
    assert!(rel(b.value_added()[CHN], 18743.8) < 1e-12, "G03");
    let world_gdp: f64 = b.value_added().iter().sum();
    assert!(rel(world_gdp, 111326.4) < 1e-12, "G16");
    let us_from_chn: f64 = (0..10).map(|j| b.flows()[d.nij(USA, CHN, j)]).sum();
    assert!(rel(us_from_chn, 438.9) < 1e-12, "B02");
    let chn_from_us: f64 = (0..10).map(|j| b.flows()[d.nij(CHN, USA, j)]).sum();
    assert!(rel(chn_from_us, 163.62) < 1e-12, "B41");
    let us_imports: f64 = (0..N)
        .filter(|&i| i != USA)
        .flat_map(|i| (0..10).map(move |j| (i, j)))
        .map(|(i, j)| b.flows()[d.nij(USA, i, j)])
        .sum();
    assert!(rel(us_imports, 3267.4) < 1e-9, "T02");
    // US deficit = goods (T02 − T01) + services (T06 − T05).
    let us_deficit = 3267.4 - 2064.5 + 840.9 - 1152.7;
    assert!((b.deficit()[USA] - us_deficit).abs() < 1e-6, "US deficit");
    let world_deficit: f64 = b.deficit().iter().sum();
    assert!(world_deficit.abs() < 1e-8);
}

/// The baseline tariffs are the record's state on the baseline date, built from the pre-war
/// tariffs; the record's inverse gives those pre-war tariffs back with nothing clipped, and
/// replaying the record from them gives the baseline again, to the last bit.
#[test]
fn tariffs_are_the_records_state_on_the_baseline_date() {
    use truce_scenario::record::{schedule_mean, PREWAR};
    use truce_scenario::{record_prewar, record_state, World};
    let b = &load().unwrap().baseline;
    let d = b.dims();
    let w = World::of(b);
    let unit = Some(FLOW_UNIT_USD_BN);
    let pre = record_prewar(&w, unit, b.tariff(), BASELINE_DATE).unwrap();
    assert_eq!(pre.clipped, 0, "no pre-war tariff is negative");
    for (j, (code, _, _)) in SECTORS.iter().enumerate().take(10) {
        for (n, i, side) in [(USA, CHN, "USA"), (CHN, USA, "CHN")] {
            let want = schedule_mean(side, PREWAR, code).unwrap().unwrap() / 100.0;
            let got = pre.tariff[d.nij(n, i, j)];
            assert!((got - want).abs() < 1e-15, "{side} {code}: {got} vs {want}");
        }
        // The US's pre-war MFN level on everyone else (R21), before Section 232.
        assert!((pre.tariff[d.nij(USA, VNM, j)] - 0.022).abs() < 1e-15);
    }
    let again = record_state(&w, unit, &pre.tariff, BASELINE_DATE).unwrap();
    // China's 2023 MFN figure (R25, 4.0 %) is its statutory level on the baseline date; its
    // pre-war level is higher where the 2018 MFN cuts applied.
    for j in 0..10 {
        let c = d.nij(CHN, VNM, j);
        assert!(
            (again.statutory_tariff[c] - 0.04).abs() < 1e-15,
            "CHN on VNM, sector {j}"
        );
        assert!(pre.tariff[c] >= 0.04 - 1e-15);
    }
    assert!(
        pre.tariff[d.nij(CHN, VNM, 2)] > 0.07,
        "textiles were cut by about 4 points"
    );
    let differ = again
        .tariff
        .iter()
        .zip(b.tariff())
        .filter(|(x, y)| x.to_bits() != y.to_bits())
        .count();
    assert_eq!(differ, 0, "cells not reproduced bit for bit");
    // Section 232 is in the baseline (VNM METALS), not for USMCA partners (exempt since May
    // 2019); USMCA is duty-free; services carry no tariff.
    let metals = 4;
    assert!(b.tariff()[d.nij(USA, VNM, metals)] > 0.022 + 0.01);
    assert_eq!(b.tariff()[d.nij(USA, MEX, metals)], 0.0);
    assert_eq!(b.tariff()[d.nij(USA, MEX, 0)], 0.0);
    assert!((0..N).all(|n| (0..N).all(|i| b.tariff()[d.nij(n, i, 10)] == 0.0)));
}

/// PIIE's averages on 20 January 2025 (20.8 % and 21.2 %) against world2024's statutory
/// averages (same definition, 2024 weights), as docs/world2024.md prints them.
#[test]
fn us_china_averages_are_within_two_points_of_piie() {
    let t = &built().report.tariffs;
    assert!(
        (t.us_on_chn_avg_pct - 20.85).abs() < 0.005,
        "{}",
        t.us_on_chn_avg_pct
    );
    assert!(
        (t.chn_on_us_avg_pct - 22.95).abs() < 0.005,
        "{}",
        t.chn_on_us_avg_pct
    );
    assert!((t.us_on_chn_avg_pct - t.piie_us_on_chn_pct).abs() < 2.0);
    assert!((t.chn_on_us_avg_pct - t.piie_chn_on_us_pct).abs() < 2.0);
    // The model's θ-consistent rates are below the statutory averages (partial coverage).
    assert!(t.us_on_chn_model_avg_pct < t.us_on_chn_avg_pct);
    let b = &load().unwrap().baseline;
    assert!((weighted_average_pct(b, USA, CHN) - t.us_on_chn_model_avg_pct).abs() < 1e-9);
    assert!((weighted_average_pct(b, CHN, USA) - t.chn_on_us_model_avg_pct).abs() < 1e-9);
}

/// The shares the docs state, as `| CHN | SECTOR | world % | to US % |` rows.
fn docs_shares() -> Vec<(String, f64, f64)> {
    let text = std::fs::read_to_string(repo("docs/world2024.md")).unwrap();
    text.lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            if cells.len() >= 6
                && cells[1] == "CHN"
                && (cells[2] == "MINING" || cells[2] == "ELECTRICAL")
            {
                let pct = |s: &str| s.trim_end_matches('%').trim().parse::<f64>().ok();
                Some((cells[2].to_string(), pct(cells[3])?, pct(cells[4])?))
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn rare_earth_shares_are_what_the_code_and_docs_say() {
    let computed = &built().report.rare_earths;
    assert_eq!(computed.len(), 2);
    for (c, k) in computed.iter().zip(RARE_EARTH_SHARES.iter()) {
        assert_eq!(c, k, "update RARE_EARTH_SHARES to the computed values");
    }
    let s = rare_earth_share("CHN", "MINING").unwrap();
    assert!(s.world > 0.0 && s.world < 1.0 && s.to_usa > 0.0 && s.to_usa < 1.0);
    assert!(rare_earth_share("CHN", "ELECTRONICS").is_none());
    assert!(rare_earth_share("USA", "ELECTRICAL").is_none());
    // Shares are recomputable from the dataset's flows.
    let b = &load().unwrap().baseline;
    let d = b.dims();
    let to_us = b.flows()[d.nij(USA, CHN, ELECTRICAL)];
    let e = rare_earth_share("CHN", "ELECTRICAL").unwrap();
    assert_eq!(e.to_usa, e.rare_earth_exports_to_usa_usd_bn / to_us);
    let m = rare_earth_share("CHN", "MINING").unwrap();
    assert_eq!(
        m.sector_exports_to_usa_usd_bn,
        b.flows()[d.nij(USA, CHN, MINING)]
    );
    // docs/world2024.md states them, in percent to two decimals.
    let docs = docs_shares();
    assert_eq!(
        docs.len(),
        2,
        "docs/world2024.md must list the two rare-earth rows"
    );
    for (sector, world, usa) in docs {
        let s = rare_earth_share("CHN", &sector).unwrap();
        assert!(
            (s.world * 100.0 - world).abs() <= 0.005 + 1e-12,
            "{sector} world"
        );
        assert!(
            (s.to_usa * 100.0 - usa).abs() <= 0.005 + 1e-12,
            "{sector} to US"
        );
    }
}

#[test]
fn us_china_sector_split_uses_the_product_rows() {
    let r = &built().report;
    let get = |s: &str| r.us_china.iter().find(|x| x.sector == s).unwrap();
    // USITC top lines are lower bounds of their sectors (after the scaling 438.9/439).
    assert!(get("ELECTRONICS").us_imports_from_chn >= (50.085 + 35.473 + 6.77) * 438.9 / 439.0);
    assert!(get("ELECTRICAL").us_imports_from_chn >= (17.022 + 6.607) * 438.9 / 439.0 - 1e-9);
    // ICAEW named groups carried over (S05 + S10, S08, S11).
    assert!((get("CHEMPHARMA").us_imports_from_chn - 61.0 * 438.9 / 439.0).abs() < 1e-9);
    assert!((get("METALS").us_imports_from_chn - 25.0 * 438.9 / 439.0).abs() < 1e-9);
    let total: f64 = r.us_china.iter().map(|x| x.us_imports_from_chn).sum();
    assert!((total - 438.9).abs() < 1e-9);
    // φ from the USITC lines: (phones + computers + displays) / (those + batteries + heaters),
    // each line's total US imports = imports from China ÷ China's share.
    let el = 50.085 / 0.42 + 35.473 / 0.26 + 6.77 / 0.33;
    let ec = 17.022 / 0.58 + 6.607 / 0.55;
    assert!((r.electronics_share - el / (el + ec)).abs() < 1e-12);
}

#[test]
fn us_tariff_of_ten_points_on_china_has_sensible_signs() {
    let b = Arc::new(load().unwrap().baseline);
    let d = b.dims();
    let mut p = Policy::baseline(&b);
    for j in 0..10 {
        let c = d.nij(USA, CHN, j);
        p.set_tariff(&b, USA, CHN, j, b.tariff()[c] + 0.10).unwrap();
    }
    let eq = Engine::new(b.clone())
        .solve(&p, None, &mut NoObserver)
        .unwrap();
    assert!(eq.info.termination.is_converged());
    let out = Outcome::new(&b, &p, &eq);
    let new_flow = |n: usize, i: usize| -> f64 {
        (0..10)
            .map(|j| {
                let c = d.nij(n, i, j);
                eq.trade_share[c] * eq.expenditure[d.nj(n, j)] / (1.0 + p.tariff()[c])
            })
            .sum()
    };
    let old_flow = |n: usize, i: usize| -> f64 { (0..10).map(|j| b.flows()[d.nij(n, i, j)]).sum() };
    // US imports from China fall; trade is diverted to Viet Nam and Mexico.
    assert!(new_flow(USA, CHN) < 0.9 * old_flow(USA, CHN));
    assert!(new_flow(USA, VNM) > old_flow(USA, VNM));
    assert!(new_flow(USA, MEX) > old_flow(USA, MEX));
    // China loses real income and its terms of trade worsen; the US, a large importer, gains
    // on its terms of trade; the suppliers that replace China gain; China's wage falls
    // relative to the US wage.
    let c = &out.countries;
    assert!(c[CHN].real_income_pct.unwrap() < 0.0);
    assert!(c[CHN].terms_of_trade_pct < 0.0);
    assert!(c[USA].terms_of_trade_pct > 0.0);
    assert!(c[VNM].real_income_pct.unwrap() > 0.0);
    assert!(c[MEX].real_income_pct.unwrap() > 0.0);
    assert!(eq.w_hat[CHN] < eq.w_hat[USA]);
    // Walras' law.
    assert!(eq.info.walras_gap < 1e-9);
}

// --- Errors a user can cause with edited facts. -------------------------------------------

fn edit_facts(f: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    for line in FACTS_CSV.lines() {
        if let Some(l) = f(line) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

fn build_with(facts: &str) -> Result<Calibration, DataError> {
    build_from(
        facts,
        STRUCTURE_CSV,
        std::path::Path::new("facts.csv"),
        std::path::Path::new("wiod2011_structure.csv"),
    )
}

#[test]
fn a_missing_fact_is_named() {
    let facts = edit_facts(|l| (!l.starts_with("B02,")).then(|| l.to_string()));
    let e = build_with(&facts).unwrap_err().to_string();
    assert!(e.contains("facts.csv") && e.contains("B02"), "{e}");
    assert!(e.contains("US imports from China"), "{e}");
}

#[test]
fn a_fact_in_the_wrong_unit_is_named() {
    let facts = edit_facts(|l| {
        Some(l.replace(
            "G01,USA,,ALL,gdp_current_usd,2024,29184.9,USD bn",
            "G01,USA,,ALL,gdp_current_usd,2024,29184.9,USD m",
        ))
    });
    let e = build_with(&facts).unwrap_err().to_string();
    assert!(
        e.contains("G01") && e.contains("USD bn") && e.contains("row"),
        "{e}"
    );
}

#[test]
fn contradictory_margins_are_reported_not_forced() {
    // US imports from Canada larger than all US imports.
    let facts = edit_facts(|l| {
        Some(if l.starts_with("B08,") {
            l.replace(",412.7,", ",4127,")
        } else {
            l.to_string()
        })
    });
    let e = build_with(&facts).unwrap_err().to_string();
    assert!(e.contains("facts.csv"), "{e}");
    assert!(e.contains("B08") || e.contains("T02"), "{e}");
}

#[test]
fn a_non_numeric_fact_and_a_duplicated_id_are_rejected() {
    let facts = edit_facts(|l| {
        Some(l.replace(
            "T01,USA,WLD,GOODS,goods_exports,2024,2064.5",
            "T01,USA,WLD,GOODS,goods_exports,2024,about 2064",
        ))
    });
    let e = build_with(&facts).unwrap_err().to_string();
    assert!(e.contains("value") && e.contains("about 2064"), "{e}");
    let mut dup = FACTS_CSV.to_string();
    dup.push_str(FACTS_CSV.lines().nth(1).unwrap());
    dup.push('\n');
    let e = build_with(&dup).unwrap_err().to_string();
    assert!(e.contains("duplicated id"), "{e}");
}

#[test]
fn an_incomplete_structure_file_is_named() {
    let s: String = STRUCTURE_CSV
        .lines()
        .filter(|l| !l.starts_with("W22101,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let e = build_from(
        FACTS_CSV,
        &s,
        std::path::Path::new("facts.csv"),
        std::path::Path::new("wiod2011_structure.csv"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("wiod2011_structure.csv") && e.contains("gross output USA AGRFOOD"),
        "{e}"
    );
}

#[test]
fn build_from_dir_reads_the_copied_facts() {
    let c = build_from_dir(&repo("data/world2024_facts")).unwrap();
    assert_eq!(c.dataset, built().dataset);
    let e = build_from_dir(&repo("no/such/dir"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("facts.csv") && e.contains("--facts"), "{e}");
}

/// The copied facts must stay identical to the shared originals (when they are there).
#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn copied_facts_match_shared() {
    let dir = shared("data/world2024_facts");
    for name in ["facts.csv", "wiod2011_structure.csv", "README.md"] {
        let a = std::fs::read(dir.join(name)).unwrap();
        let b = std::fs::read(repo("data/world2024_facts").join(name)).unwrap();
        assert!(a == b, "data/world2024_facts/{name} differs from ../shared");
    }
}
