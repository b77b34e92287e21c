//! One-sector gravity: reading the panels, levels mode (gegravity's example) and hat algebra
//! (ge_gravity's example) on the shared sample data. Skips (prints a line) when `../shared` is
//! absent.
//!
//! `cargo bench -p truce-gravity`

use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::Arc;
use truce_gravity::levels::{CostFunction, LevelsModel, LevelsParams};
use truce_gravity::{partial_effect_cost, read_panel};
use truce_model::cp2015::Engine;
use truce_model::Policy;
use truce_solve::NoObserver;
use truce_testkit::shared;

fn levels(c: &mut Criterion) {
    let file = shared("data/gegravity_sample/sample_data_set.dlm");
    let costs = CostFunction::new([
        ("lndist", -0.389_862_3),
        ("contiguity", 0.891_577),
        ("common_language", 0.032_624_9),
        ("pta", 0.471_138_3),
        ("international", -3.412_584),
        ("constant", 16.324_34),
    ])
    .unwrap();
    c.bench_function("gegravity_example_read_calibrate_simulate", |b| {
        b.iter(|| {
            let cs = read_panel(&file).unwrap().cross_section(2006).unwrap();
            let m =
                LevelsModel::calibrate(&cs, &costs, 5.0, "DEU", LevelsParams::default()).unwrap();
            let mut exp = cs.clone();
            exp.set_covariate("pta", "CAN", "JPN", 1.0).unwrap();
            exp.set_covariate("pta", "JPN", "CAN", 1.0).unwrap();
            m.simulate(&costs.log_costs(&exp).unwrap(), &mut NoObserver)
                .unwrap()
        })
    });
}

fn hat(c: &mut Criterion) {
    let file = shared("data/ge_gravity_example/ge_gravity_example_data.csv");
    c.bench_function("ge_gravity_example_read_panel_7744_rows", |b| {
        b.iter(|| read_panel(&file).unwrap())
    });
    let panel = read_panel(&file).unwrap();
    let (cs0, cs1) = (
        panel.cross_section(2000).unwrap(),
        panel.cross_section(2014).unwrap(),
    );
    let (eu0, eu1) = (
        cs0.covariate("eu_enlargement").unwrap(),
        cs1.covariate("eu_enlargement").unwrap(),
    );
    let b = Arc::new(cs0.baseline(4.0).unwrap());
    let mut p = Policy::baseline(&b);
    let n = cs0.n();
    let d = partial_effect_cost(0.224_249_01, 4.0).unwrap();
    for i in 0..n {
        for j in 0..n {
            if i != j && eu0[i * n + j] == 0.0 && eu1[i * n + j] == 1.0 {
                p.set_trade_cost(&b, j, i, 0, d).unwrap();
            }
        }
    }
    let mut engine = Engine::new(b.clone());
    c.bench_function("ge_gravity_example_solve_44_countries", |bch| {
        bch.iter(|| engine.solve(&p, None, &mut NoObserver).unwrap())
    });
}

criterion_group!(benches, levels, hat);
criterion_main!(benches);
