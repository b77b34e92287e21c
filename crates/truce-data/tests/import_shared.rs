//! Importers on the real shared files (`../shared/data/...`): fail under `CI=true` when they
//! are missing, skip with one line elsewhere.

use std::sync::Arc;
use truce_data::import::{cp2015, ossa2014, wiod};
use truce_data::{read_dataset, write_dataset, Dataset};
use truce_model::cp2015::Engine;
use truce_model::Policy;
use truce_testkit::shared;

/// Write, read back, and check the round trip is exact.
fn round_trip(ds: &Dataset) -> Dataset {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(ds, dir.path()).unwrap();
    let back = read_dataset(dir.path()).unwrap();
    assert_eq!(&back, ds, "read back differs");
    back
}

/// max |ŵ − 1| of a solve with every instrument at its base level.
fn base_gap(ds: &Dataset) -> f64 {
    let b = Arc::new(ds.baseline.clone());
    let p = Policy::baseline(&b);
    let eq = Engine::new(b)
        .solve(&p, None, &mut truce_solve::NoObserver)
        .unwrap();
    eq.w_hat.iter().map(|w| (w - 1.0).abs()).fold(0.0, f64::max)
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn wiod_2011_imports_and_reads_back() {
    let src = shared("data/wiod2013");
    let ds = wiod::import_wiod(&src, &wiod::WiodOptions::default()).unwrap();
    let b = &ds.baseline;
    assert_eq!((b.dims().n, b.dims().j), (41, 35));
    assert!(b.region_index("ROU").is_some() && b.region_index("ROM").is_none());
    let back = round_trip(&ds);
    // Not an exact equilibrium only because of the six clipped negative final uses (mining,
    // about 8 bn USD): the base solve moves wages by less than 0.1 %.
    let gap = base_gap(&back);
    assert!(gap > 1e-6 && gap < 1e-3, "{gap}");
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn wiod_2011_matches_the_readme_checks() {
    let src = shared("data/wiod2013/full_2011");
    let ds = wiod::import_wiod(&src, &wiod::WiodOptions::default()).unwrap();
    let b = &ds.baseline;
    let d = b.dims();
    let (usa, chn) = (
        b.region_index("USA").unwrap(),
        b.region_index("CHN").unwrap(),
    );
    let total =
        |from: usize, to: usize| -> f64 { (0..d.j).map(|j| b.flows()[d.nij(to, from, j)]).sum() };
    let output = |n: usize| -> f64 { (0..d.j).map(|j| b.gross_output()[d.nj(n, j)]).sum() };
    // The data README: China → US 413 bn USD, US → China 175 bn, gross output 26.9 tn (USA)
    // and 22.3 tn (CHN), in millions.
    assert_eq!((total(chn, usa) / 1e3).round(), 413.0);
    assert_eq!((total(usa, chn) / 1e3).round(), 175.0);
    assert_eq!((output(usa) / 1e5).round(), 269.0);
    assert_eq!((output(chn) / 1e5).round(), 223.0);
    // The documented treatments: 25 negative bilateral cells (−1361), 22 zero-output cells,
    // 6 negative final uses (all mining), every sector tradable.
    let notes = ds.manifest.notes.join("\n");
    for part in [
        "set to 0: 25 cells, total -1361",
        "zero output: 22",
        "6 region × sector cells, total -8249",
        "every sector has cross-border flows",
    ] {
        assert!(
            notes.to_lowercase().contains(&part.to_lowercase()),
            "{part}: {notes}"
        );
    }
    // θ: CP2015 by ISIC correspondence, trade-weighted where WIOD merges sectors.
    let theta = |c: &str| b.theta()[b.sector_index(c).unwrap()];
    assert_eq!(theta("c1"), 9.11);
    assert!((theta("c12") - 4.3671).abs() < 1e-4);
    assert!((theta("c14") - 8.9699).abs() < 1e-4);
    assert_eq!(theta("c30"), 4.0);
    assert!(b.sectors().iter().all(|s| s.tradable));
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn cp2015_dataset_reproduces_the_loader_baseline_and_nafta_solve() {
    let src = shared("data/cp2015");
    let data = truce_data::cp2015::load(&src).unwrap();
    let ds = cp2015::import_cp2015(&src, cp2015::Cp2015Options::default()).unwrap();
    let back = round_trip(&ds);
    // Bit for bit: the dataset holds the loader's zero-deficit base and 2005 tariffs.
    assert_eq!(back.baseline, data.zero_deficit);
    assert_eq!(back.alt_tariffs["2005"], data.tariffs_2005);
    assert_eq!(back.manifest.unit, "1e10");

    // The NAFTA counterfactual built from the dataset alone equals the loader's.
    let b = Arc::new(back.baseline.clone());
    let mut p = Policy::baseline(&b);
    let alt = &back.alt_tariffs["2005"];
    let d = b.dims();
    let members: Vec<usize> = ["CAN", "MEX", "USA"]
        .iter()
        .map(|c| b.region_index(c).unwrap())
        .collect();
    for &n in &members {
        for &i in &members {
            if n != i {
                for j in (0..d.j).filter(|&j| b.sectors()[j].tradable) {
                    p.set_tariff(&b, n, i, j, alt[d.nij(n, i, j)]).unwrap();
                }
            }
        }
    }
    p.set_deficit_rule(truce_model::DeficitRule::Zero);
    assert_eq!(p, data.nafta_policy(&data.zero_deficit));
    let mut no = truce_solve::NoObserver;
    let eq_ds = Engine::new(b.clone()).solve(&p, None, &mut no).unwrap();
    let base = Arc::new(data.zero_deficit.clone());
    let eq_loader = Engine::new(base.clone())
        .solve(&data.nafta_policy(&base), None, &mut no)
        .unwrap();
    assert_eq!(eq_ds.w_hat, eq_loader.w_hat);
    assert_eq!(eq_ds.p_hat, eq_loader.p_hat);

    // The raw data behind the flag.
    let raw = cp2015::import_cp2015(&src, cp2015::Cp2015Options { raw: true }).unwrap();
    assert_eq!(round_trip(&raw).baseline, data.raw);
    assert_eq!(raw.manifest.unit, "one");
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn ossa2014_matches_the_long_file_and_is_an_equilibrium() {
    let src = shared("data/ossa2014");
    let ds = ossa2014::import_ossa2014(&src, ossa2014::Ossa2014Options::default()).unwrap();
    let back = round_trip(&ds);
    let b = &back.baseline;
    let d = b.dims();
    let codes: Vec<&str> = b.regions().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["BRA", "CHN", "EU27", "IND", "JPN", "ROW", "USA"]);
    assert_eq!(d.j, 33);
    // Every row of the convenience long file: exporter, importer, sector, raw and purged
    // trade, tariff, σ.
    let long = std::fs::read_to_string(src.join("ossa2014_long.csv")).unwrap();
    let raw = ossa2014::import_ossa2014(&src, ossa2014::Ossa2014Options { raw: true }).unwrap();
    let code = |name: &str| {
        truce_data::canonical_region(name)
            .unwrap_or(name)
            .to_string()
    };
    let mut rows = 0;
    for line in long.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let i = b.region_index(&code(f[0])).unwrap();
        let n = b.region_index(&code(f[1])).unwrap();
        let j = b.sector_index(f[3]).unwrap();
        let num = |k: usize| f[k].parse::<f64>().unwrap();
        let c = d.nij(n, i, j);
        assert_eq!(b.flows()[c], num(5), "purged {line}");
        assert_eq!(raw.baseline.flows()[c], num(4), "raw {line}");
        assert_eq!(b.tariff()[c], num(6), "tariff {line}");
        assert!((b.theta()[j] + 1.0 - num(7)).abs() < 1e-12, "sigma {line}");
        rows += 1;
    }
    assert_eq!(rows, 7 * 7 * 33);
    // Purged: net exports 0 (to the README's 4e-12); raw: imbalances.
    for n in 0..d.n {
        assert!(b.deficit()[n].abs() < 1e-9 * b.value_added()[n]);
    }
    assert!(
        (0..d.n).any(|n| raw.baseline.deficit()[n].abs() > 0.01 * raw.baseline.value_added()[n])
    );
    // No intermediates and α from expenditure: an exact equilibrium of the model.
    assert!(base_gap(&back) < 1e-10);
    assert!(base_gap(&raw) < 1e-10);
}
