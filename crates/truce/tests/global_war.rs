//! The global Nash war on the tariffwar packages' data (../shared/data/tariffwar_mat).

use truce::data::import::tariffwar::{import_tariffwar, ElasticitySet, TariffwarOptions};

fn dataset(file: &str, e: ElasticitySet) -> truce::dataset::Dataset {
    let p = truce_testkit::shared(&format!("data/tariffwar_mat/mat/{file}"));
    let dir = tempfile::tempdir().unwrap();
    let ds = import_tariffwar(
        &p,
        &TariffwarOptions {
            elasticity: e,
            ..Default::default()
        },
    )
    .unwrap();
    let out = dir.path().join("d");
    truce::data::write_dataset(&ds, &out).unwrap();
    truce::dataset::resolve(out.to_str().unwrap()).unwrap()
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn wiod_2014_in_sample_mean_welfare_is_the_packages_minus_2_41() {
    let ds = dataset("WIOD2014.mat", ElasticitySet::IS);
    let w = truce::global_war::war(&ds, &["all".to_string()], true).unwrap();
    let mean = w.summary.mean_welfare_pct;
    eprintln!("WIOD 2014 IS: mean {mean:.4} %, tariffs {:.2}–{:.2} % (mean {:.2}), {} iterations, {:.0} ms, engine gap {:?}",
        w.summary.min_nash_tariff_pct, w.summary.max_nash_tariff_pct, w.summary.mean_nash_tariff_pct,
        w.solver.iterations, w.solver.elapsed_ms, w.solver.engine_gap_pp);
    for c in &w.countries {
        eprintln!("{} {:?} {:.3}", c.code, c.nash_tariff_pct, c.welfare_pct);
    }
    assert!((mean - (-2.41)).abs() <= 0.05, "mean welfare {mean}");
}

/// Every year of WIOD 2000–2014 and ICIO 2011–2022 (in-sample σ): the trade-balancing step and
/// the global war converge, every Nash tariff is the formula's (in (0, 100 %]), welfare falls
/// on average, and the Caliendo–Parro engine re-solved at the Nash tariffs agrees.
#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn the_global_war_converges_on_every_year_of_wiod_and_icio() {
    let mut files: Vec<String> = (2000..=2014).map(|y| format!("WIOD{y}.mat")).collect();
    files.extend((2011..=2022).map(|y| format!("ICIO{y}.mat")));
    for f in &files {
        let ds = dataset(f, ElasticitySet::IS);
        let w = truce::global_war::war(&ds, &["all".to_string()], true).unwrap();
        let n = if f.starts_with("WIOD") { 44 } else { 81 };
        assert_eq!(w.countries.len(), n, "{f}");
        assert!(w.solver.converged && w.solver.residual <= 1e-10, "{f}");
        for c in &w.countries {
            let t = c.nash_tariff_pct.unwrap();
            assert!(t > 0.0 && t <= 100.0, "{f}: {} {t}", c.code);
            assert!(c.welfare_pct.is_finite(), "{f}: {}", c.code);
        }
        let mean = w.summary.mean_welfare_pct;
        assert!(mean < -1.0 && mean > -4.0, "{f}: mean welfare {mean}");
        let gap = w.solver.engine_gap_pp.unwrap();
        assert!(gap < 1e-6, "{f}: engine gap {gap} pp");
        eprintln!(
            "{f}: mean welfare {mean:.3} %, Nash tariffs {:.1}–{:.1} %, {} Newton iterations",
            w.summary.min_nash_tariff_pct, w.summary.max_nash_tariff_pct, w.solver.iterations
        );
    }
}
