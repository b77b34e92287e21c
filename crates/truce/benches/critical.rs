//! Speed of the critical-input nest (issue 9): one world2024 counterfactual (US and Chinese
//! tariffs on each other up 100 points in every tradable sector) solved on world2024-ree with
//! its nested CES technology (ε_c = 0.1) against the same solve with Cobb–Douglas production,
//! and on world2024 itself. Target: nested within 2× Cobb–Douglas.
//!
//! `critical/caps`: the cost of the short run's supply caps (issue 9's talks with the
//! rare-earth lever) on a game-like sequence of 56 warm-started equilibria on world2024-ree:
//! US and Chinese tariffs on each other raised 0–60 / 0–78 points, China's rare-earth export
//! tax to the US from 0 to 10,000 % (the talks' bound), each point also nudged by 1e-6 in
//! ln(1 + t) as a finite-difference gradient does; once without and once with every
//! rare-earth producer outside China capped at its 2024 output. Target: the caps within 2×
//! (the talks' ratio follows this one).
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

/// The game-like sequence of policies (see the module docs), with or without the caps.
fn lever_sequence(b: &Baseline, caps: bool) -> Vec<Policy> {
    let d = b.dims();
    let us = b.region_index("USA").expect("USA");
    let cn = b.region_index("CHN").expect("CHN");
    let re = b.sector_index("RARE_EARTHS").expect("RARE_EARTHS");
    let mut out = Vec::new();
    for ln_tax in [0.0, 0.5, 1.5, 3.0, 4.6, 6.0, 9.2] {
        for dt in [0.0, 0.1, 0.3, 0.6] {
            for nudge in [0.0, 1e-6] {
                let mut p = Policy::baseline(b);
                for j in (0..d.j).filter(|&j| b.sectors()[j].tradable) {
                    let t = b.tariff()[d.nij(us, cn, j)];
                    p.set_tariff(b, us, cn, j, t + dt).expect("a valid tariff");
                    let t = b.tariff()[d.nij(cn, us, j)];
                    p.set_tariff(b, cn, us, j, t + 1.3 * dt)
                        .expect("a valid tariff");
                }
                p.set_export_tax(b, us, cn, re, f64::exp_m1(ln_tax + nudge))
                    .expect("a valid export tax");
                if caps {
                    for i in (0..d.n).filter(|&i| i != cn) {
                        if b.gross_output()[d.nj(i, re)] > 0.0 {
                            p.set_supply_cap(b, i, re, 1.0).expect("a valid cap");
                        }
                    }
                }
                out.push(p);
            }
        }
    }
    out
}

fn bench_caps(c: &mut Criterion) {
    let ree = truce::dataset::resolve("world2024-ree").expect("world2024-ree loads");
    let b = ree.baseline.clone();
    let mut g = c.benchmark_group("critical/caps");
    g.sample_size(10);
    for (name, caps) in [
        (
            "56 warm-started equilibria, rare-earth lever, no caps",
            false,
        ),
        (
            "56 warm-started equilibria, rare-earth lever, short-run caps",
            true,
        ),
    ] {
        let policies = lever_sequence(&b, caps);
        let mut engine = Engine::new(b.clone());
        g.bench_function(name, |bch| {
            bch.iter(|| {
                let mut warm = None;
                for p in &policies {
                    let eq = engine
                        .solve(p, warm.as_ref(), &mut NoObserver)
                        .expect("solves");
                    warm = Some(eq);
                }
                warm
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench, bench_caps);
criterion_main!(benches);
