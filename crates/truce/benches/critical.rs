//! Speed of the critical-input nest (issue 9): one world2024 counterfactual (US and Chinese
//! tariffs on each other up 100 points in every tradable sector) solved on world2024-ree with
//! its nested CES technology (ε_c = 0.1) against the same solve with Cobb–Douglas production,
//! and on world2024 itself. Target: nested within 2× Cobb–Douglas.
//!
//! `cargo bench -p truce --bench critical`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::Arc;
use truce::model::cp2015::Engine;
use truce::model::{Baseline, Policy, Production};
use truce::solve::NoObserver;

/// US and Chinese tariffs on each other: +100 points in every tradable sector.
fn tariff_war(b: &Baseline) -> Policy {
    let mut p = Policy::baseline(b);
    let d = b.dims();
    let us = b.region_index("USA").expect("USA");
    let cn = b.region_index("CHN").expect("CHN");
    for j in 0..d.j {
        if !b.sectors()[j].tradable {
            continue;
        }
        for (n, i) in [(us, cn), (cn, us)] {
            let t = b.tariff()[d.nij(n, i, j)];
            p.set_tariff(b, n, i, j, t + 1.0).expect("a valid tariff");
        }
    }
    p
}

fn bench(c: &mut Criterion) {
    let ree = truce::dataset::resolve("world2024-ree").expect("world2024-ree loads");
    let nested = ree.baseline.clone();
    assert!(!nested.production().is_cobb_douglas());
    let cd = Arc::new(
        nested
            .as_ref()
            .clone()
            .with_production(Production::cobb_douglas())
            .expect("Cobb–Douglas is valid"),
    );
    let w24 = Arc::new(truce::world::load().expect("world2024 loads").baseline);
    let mut g = c.benchmark_group("critical/tariff-war +100");
    g.sample_size(30);
    for (name, b) in [
        ("world2024-ree, nested CES (ε_c = 0.1)", nested),
        ("world2024-ree, Cobb–Douglas", cd),
        ("world2024, Cobb–Douglas", w24),
    ] {
        let p = tariff_war(&b);
        let mut engine = Engine::new(b.clone());
        g.bench_function(name, |bch| {
            bch.iter(|| engine.solve(&p, None, &mut NoObserver).expect("solves"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
