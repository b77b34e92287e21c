//! Per-solve cost of one Caliendo–Parro counterfactual at the size of an OECD ICIO table
//! (77 regions × 45 sectors) and at the CP2015 size (31 × 40), for docs/scaling.md (issue 12):
//! what one draw of a 10 000-draw sweep of an ICIO-sized counterfactual costs. The worlds are
//! `truce_model::testing::random_world` tables in equilibrium (seeded); the shock raises every
//! tariff of region 0 and of region 1 by 10 points, one thread.
//!
//! `cargo bench -p truce --bench scaling`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::Arc;
use std::time::Duration;
use truce_model::cp2015::Engine;
use truce_model::testing::random_world;
use truce_model::Policy;
use truce_solve::NoObserver;

fn shock(b: &truce_model::Baseline) -> Policy {
    let mut p = Policy::baseline(b);
    let d = b.dims();
    let old = p.tariff().to_vec();
    for n in 0..2 {
        for i in 0..d.n {
            for j in 0..d.j {
                if i != n {
                    // Non-tradable sectors refuse a tariff: left as they are.
                    let _ = p.set_tariff(b, n, i, j, old[d.nij(n, i, j)] + 0.10);
                }
            }
        }
    }
    p
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling/cp counterfactual");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    for (n, j) in [(31, 40), (77, 45)] {
        let b = Arc::new(random_world(7, n, j));
        let p = shock(&b);
        let engine = Engine::new(b.clone());
        g.bench_function(format!("{n} x {j}, one solve, 1 thread"), |bch| {
            bch.iter(|| {
                // A solve that does not converge is an error: the unwrap fails the bench.
                let eq = engine.clone().solve(&p, None, &mut NoObserver).unwrap();
                std::hint::black_box(eq.w_hat[0])
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
