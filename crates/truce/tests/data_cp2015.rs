//! The CP2015 dataset written by `truce data import cp2015`, read back, reproduces Table 2
//! through the engine exactly as the loader's baseline does.

use std::sync::Arc;
use truce::data::read_dataset;
use truce::data_cmd::{import, ImportKind, ImportOptions};
use truce::model::cp2015::Engine;
use truce::model::{DeficitRule, Outcome, Policy};
use truce::replicate::cp2015::TABLE2;
use truce_testkit::shared;

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn imported_dataset_reproduces_table2() {
    let src = shared("data/cp2015");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cp2015");
    import(ImportKind::Cp2015, &src, &out, &ImportOptions::default()).unwrap();
    let ds = read_dataset(&out).unwrap();
    let b = Arc::new(ds.baseline.clone());
    let d = b.dims();
    // NAFTA: the six ordered pairs among CAN, MEX, USA get their 2005 levels (the dataset's
    // alternative tariff table "2005") in the tradable sectors; deficits zero.
    let t2005 = &ds.alt_tariffs["2005"];
    let members: Vec<usize> = ["CAN", "MEX", "USA"]
        .iter()
        .map(|c| b.region_index(c).unwrap())
        .collect();
    let mut p = Policy::baseline(&b);
    for &n in &members {
        for &i in members.iter().filter(|&&i| i != n) {
            for j in (0..d.j).filter(|&j| b.sectors()[j].tradable) {
                p.set_tariff(&b, n, i, j, t2005[d.nij(n, i, j)]).unwrap();
            }
        }
    }
    p.set_deficit_rule(DeficitRule::Zero);
    let eq = Engine::new(b.clone())
        .solve(&p, None, &mut truce::solve::NoObserver)
        .unwrap();
    let outcome = Outcome::new(&b, &p, &eq);

    // Same numbers as the replication pipeline on the loader's baseline, bit for bit.
    let rep = truce::replicate::cp2015::run(
        &src,
        truce::replicate::cp2015::Base::ZeroDeficit,
        &mut truce::solve::NoObserver,
    )
    .unwrap();
    assert_eq!(eq.w_hat, rep.equilibrium.w_hat);
    // And Table 2 at the precision it prints.
    let r2 = |v: f64| (v * 100.0).round() / 100.0;
    for row in TABLE2 {
        let c = outcome.country(row.code).unwrap();
        assert_eq!(
            r2(c.first_order_welfare_pct),
            row.welfare_pct,
            "{}",
            row.code
        );
        assert_eq!(
            r2(c.terms_of_trade_pct),
            row.terms_of_trade_pct,
            "{}",
            row.code
        );
        assert_eq!(
            r2(c.volume_of_trade_pct),
            row.volume_of_trade_pct,
            "{}",
            row.code
        );
        assert_eq!(r2(c.real_wage_pct), row.real_wage_pct, "{}", row.code);
    }
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn aggregated_cp2015_solves_the_2005_tariff_counterfactual() {
    let src = shared("data/cp2015");
    let dir = tempfile::tempdir().unwrap();
    let ds_dir = dir.path().join("cp2015");
    import(ImportKind::Cp2015, &src, &ds_dir, &ImportOptions::default()).unwrap();
    let ds = read_dataset(&ds_dir).unwrap();
    let map = dir.path().join("regions.csv");
    let mut text = String::from("code,group,group_name\n");
    for r in &ds.manifest.regions {
        let g = match r.code.as_str() {
            "CAN" | "MEX" | "USA" => ("NAFTA", "North America"),
            "CHN" | "JPN" | "KOR" | "IND" | "IDN" | "AUS" | "NZL" => ("ASIAPAC", "Asia-Pacific"),
            _ => ("OTHER", "Rest of the world"),
        };
        text.push_str(&format!("{},{},{}\n", r.code, g.0, g.1));
    }
    std::fs::write(&map, text).unwrap();
    let agg_dir = dir.path().join("agg");
    truce::data_cmd::aggregate(&ds_dir, Some(&map), None, &agg_dir, None, false).unwrap();
    let agg = read_dataset(&agg_dir).unwrap();
    let b = Arc::new(agg.baseline.clone());
    let d = b.dims();
    assert_eq!((d.n, d.j), (3, 40));
    // Every cross-group tariff to its aggregated 2005 level (CP2015 Table 7's experiment at
    // this aggregation), deficits zero.
    let t2005 = &agg.alt_tariffs["2005"];
    let mut p = Policy::baseline(&b);
    for j in (0..d.j).filter(|&j| b.sectors()[j].tradable) {
        for n in 0..d.n {
            for i in (0..d.n).filter(|&i| i != n) {
                p.set_tariff(&b, n, i, j, t2005[d.nij(n, i, j)]).unwrap();
            }
        }
    }
    p.set_deficit_rule(DeficitRule::Zero);
    let eq = Engine::new(b.clone())
        .solve(&p, None, &mut truce::solve::NoObserver)
        .unwrap();
    let out = Outcome::new(&b, &p, &eq);
    for c in &out.countries {
        let w = c.real_income_pct.unwrap();
        assert!(w.is_finite() && w.abs() < 10.0, "{}: {w}", c.code);
    }
    // Lower tariffs raise trade between the groups.
    let trade = |share: &[f64], x: &[f64]| -> f64 {
        let mut t = 0.0;
        for j in 0..d.j {
            for n in 0..d.n {
                for i in (0..d.n).filter(|&i| i != n) {
                    let c = d.nij(n, i, j);
                    t += share[c] * x[d.nj(n, j)] / (1.0 + p.tariff()[c]);
                }
            }
        }
        t
    };
    let before: f64 = (0..d.cube_len())
        .filter(|&c| (c / d.n) % d.n != c % d.n)
        .map(|c| b.flows()[c])
        .sum();
    assert!(trade(&eq.trade_share, &eq.expenditure) > before);
}
