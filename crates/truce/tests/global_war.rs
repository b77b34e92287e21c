//! The global Nash war on the tariffwar packages' data (../shared/data/tariffwar_mat).

use truce::data::import::tariffwar::{import_tariffwar, ElasticitySet, TariffwarOptions};

fn dataset(file: &str, e: ElasticitySet) -> Option<truce::dataset::Dataset> {
    let p = truce_testkit::shared(&format!("data/tariffwar_mat/mat/{file}"))?;
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
    Some(truce::dataset::resolve(out.to_str().unwrap()).unwrap())
}

#[test]
fn wiod_2014_in_sample_mean_welfare_is_the_packages_minus_2_41() {
    let Some(ds) = dataset("WIOD2014.mat", ElasticitySet::IS) else {
        return;
    };
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
