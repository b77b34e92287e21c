//! Global Nash war on a synthetic 135 × 154 world with heterogeneous elasticities (σ from 1.5
//! to 15): the case on which the packages' solver does not converge (their README, ITPD-S).
//! `cargo bench -p truce-war --bench global_war`. Two figures: the Newton solve of the war from
//! the balanced baseline, and the whole pipeline (trade balancing on the engine, then the war),
//! as the WIOD and ICIO benches of `truce` measure it.

use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::Arc;
use truce_war::balance::balanced_baseline;
use truce_war::synthetic::world;
use truce_war::war::{solve_regime, war_regime};
use truce_war::NewtonParams;

fn war(b: &Arc<truce_model::Baseline>, all: &[usize]) -> truce_war::Solution {
    let sol = solve_regime(
        b,
        war_regime(b, all),
        &NewtonParams::default(),
        "war",
        false,
    )
    .expect("converges");
    assert!(sol.newton.converged);
    sol
}

fn bench(c: &mut Criterion) {
    let raw = Arc::new(world(135, 154, 1.5, 15.0, 2021));
    let (b, _) = balanced_baseline(&raw).expect("balanced");
    let b = Arc::new(b);
    let all: Vec<usize> = (0..135).collect();
    let mut g = c.benchmark_group("global_war");
    g.sample_size(10);
    g.bench_function(
        "synthetic 135 x 154, sigma 1.5-15, every country a player: Nash war (Newton)",
        |bench| bench.iter(|| war(&b, &all)),
    );
    g.bench_function(
        "synthetic 135 x 154, sigma 1.5-15, every country a player: balance + Nash war",
        |bench| {
            bench.iter(|| {
                let (bal, _) = balanced_baseline(&raw).expect("balanced");
                war(&Arc::new(bal), &all)
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
