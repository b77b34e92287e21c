//! Caliendo & Parro (2015) replication against the published tables, on the shared data.
//!
//! The data live in `../shared/data/cp2015` beside the repository. Under `CI=true` a missing
//! folder fails the test; elsewhere the test is skipped with a one-line message.

use std::sync::Arc;
use truce::data::cp2015::{load, Cp2015Data};
use truce::model::cp2015::Engine;
use truce::model::{DeficitRule, Outcome, Policy};
use truce::replicate::cp2015::{run_on, Base, TABLE2};
use truce::solve::NoObserver;
use truce_testkit::shared;

fn data() -> Cp2015Data {
    let p = shared("data/cp2015");
    load(&p).expect("the shared CP2015 data load")
}

/// Equal at the printed precision (two decimals).
fn printed(ours: f64, published: f64) -> bool {
    (ours * 100.0).round() / 100.0 == published
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn table2_is_reproduced_from_both_bases() {
    let data = data();
    for base in [Base::ZeroDeficit, Base::Raw] {
        let rep = run_on(&data, base, &mut NoObserver).expect("NAFTA solves");
        assert!(rep.equilibrium.info.walras_gap < 1e-9);
        for p in &TABLE2 {
            let c = rep.outcome.country(p.code).unwrap();
            let row = [
                ("welfare", c.first_order_welfare_pct, p.welfare_pct),
                ("ToT", c.terms_of_trade_pct, p.terms_of_trade_pct),
                ("VoT", c.volume_of_trade_pct, p.volume_of_trade_pct),
                ("real wage", c.real_wage_pct, p.real_wage_pct),
            ];
            for (what, ours, published) in row {
                assert!(
                    printed(ours, published),
                    "{base:?} {} {what}: ours {ours:.4}, published {published}",
                    p.code
                );
            }
            let intra = rep
                .intra_nafta_imports_pct
                .iter()
                .find(|(k, _)| k == p.code)
                .unwrap()
                .1;
            assert!(
                (intra - p.intra_nafta_imports_pct).abs() <= 1.0,
                "{base:?} {} intra-NAFTA imports {intra:.1} vs {}",
                p.code,
                p.intra_nafta_imports_pct
            );
        }
        // The exact real-income change the paper does not report (spec §5): MEX 0.01, CAN
        // −0.11, USA 0.07; Mexico's tariff revenue collapses to about 18 % of base.
        for (code, exact) in [("MEX", 0.01), ("CAN", -0.11), ("USA", 0.07)] {
            let c = rep.outcome.country(code).unwrap();
            assert!(printed(c.real_income_pct.unwrap(), exact), "{code} exact");
        }
        let mex = rep.outcome.country("MEX").unwrap();
        let share = mex.tariff_revenue_new / mex.tariff_revenue_base;
        assert!(
            (0.15..0.21).contains(&share),
            "MEX tariff revenue at {share:.3} of base"
        );
    }
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn table7_world_shock_spot_values() {
    let data = data();
    let b = Arc::new(data.zero_deficit.clone());
    let p = data.world_2005_policy(&b);
    let eq = Engine::new(b.clone())
        .solve(&p, None, &mut NoObserver)
        .expect("world shock solves");
    let out = Outcome::new(&b, &p, &eq);
    // Caliendo & Parro (2015), Table 7 (welfare, %).
    for (code, published) in [
        ("CHN", 13.90),
        ("PRT", 12.70),
        ("MEX", 1.36),
        ("USA", 0.22),
        ("CAN", 0.10),
    ] {
        let ours = out.country(code).unwrap().first_order_welfare_pct;
        assert!(
            printed(ours, published),
            "{code}: ours {ours:.4}, published {published}"
        );
    }
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn zero_deficit_base_is_an_equilibrium_of_the_model() {
    let data = data();
    let b = Arc::new(data.zero_deficit.clone());
    let mut p = Policy::baseline(&b);
    p.set_deficit_rule(DeficitRule::Zero);
    let eq = Engine::new(b.clone())
        .solve(&p, None, &mut NoObserver)
        .unwrap();
    for &w in &eq.w_hat {
        assert!((w - 1.0).abs() < 1e-7, "w_hat {w}");
    }
    // Value added derived from the flows agrees with the shipped VAn.csv.
    for (ours, file) in b.value_added().iter().zip(&data.value_added_file) {
        assert!((ours / file - 1.0).abs() < 1e-6, "VA {ours} vs file {file}");
    }
    // The raw 1993 data are not an equilibrium: ŵ ∈ [0.986, 1.008] (spec §4.1).
    let raw = Arc::new(data.raw.clone());
    let eq = Engine::new(raw.clone())
        .solve(&Policy::baseline(&raw), None, &mut NoObserver)
        .unwrap();
    let lo = eq.w_hat.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = eq.w_hat.iter().cloned().fold(0.0, f64::max);
    assert!(
        (0.98..0.99).contains(&lo) && (1.0..1.01).contains(&hi),
        "{lo} {hi}"
    );
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn a_prohibitive_tariff_war_converges_on_the_cp2015_world() {
    let data = data();
    let b = Arc::new(data.zero_deficit.clone());
    let d = b.dims();
    let (usa, chn) = (
        b.region_index("USA").unwrap(),
        b.region_index("CHN").unwrap(),
    );
    // US–China at 145 % / 125 %, and every other tariff in the world up by 50 points.
    let mut p = Policy::baseline(&b);
    for j in 0..20 {
        for n in 0..d.n {
            for i in 0..d.n {
                if n == i {
                    continue;
                }
                let c = d.nij(n, i, j);
                let v = match (n, i) {
                    (a, e) if a == usa && e == chn => 1.45,
                    (a, e) if a == chn && e == usa => 1.25,
                    _ => b.tariff()[c] + 0.5,
                };
                p.set_tariff(&b, n, i, j, v).unwrap();
            }
        }
    }
    let eq = Engine::new(b.clone())
        .solve(&p, None, &mut NoObserver)
        .expect("a large shock converges");
    assert!(eq.info.walras_gap < 1e-9);
    let out = Outcome::new(&b, &p, &eq);
    assert!(out.country("USA").unwrap().imports_pct.unwrap() < -20.0);
}
