//! Speed of the Ossa (2014) games on the paper's data (7 regions × 33 industries):
//! one equilibrium solve, one exact gradient, one government's optimal tariffs (198
//! instruments), the full 7-country Nash equilibrium, and the cooperative tariffs from the
//! factual ones (1 386 instruments; one of Table 5's three panels).
//!
//! `cargo bench -p truce-game --bench ossa_games`. Needs `../shared/data/ossa2014`; without it
//! the benchmarks say so and do nothing.

use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::Arc;
use std::time::Duration;
use truce_game::*;
use truce_ossa::{data::load, Lambda};
use truce_solve::NoObserver;

fn game() -> Option<OssaGame> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ossa2014");
    if !dir.exists() {
        eprintln!("skipping: shared data not found at {}", dir.display());
        return None;
    }
    let data = load(&dir).expect("the shipped data load");
    let st = Arc::new(data.purged_state().unwrap());
    let d = st.dims();
    Some(OssaGame::new(
        st,
        OssaPayoff::Government(Arc::new(Lambda::ones(d))),
        0.0,
        10.0,
    ))
}

fn bench(c: &mut Criterion) {
    let Some(game) = game() else { return };
    let factual = game.profile_of(game.state().tariff());
    let us = 6;
    let own = game.instruments_of(us);

    let mut g = game.clone();
    let mut x = factual.clone();
    let mut k = 0usize;
    c.bench_function("ossa/equilibrium (14 unknowns, warm start)", |b| {
        b.iter(|| {
            k = (k + 1) % own.len();
            x[own[k]] += 1e-6;
            g.payoffs(&x).unwrap()
        })
    });
    let mut grads = vec![Vec::new()];
    c.bench_function("ossa/payoff and exact gradient (198 tariffs)", |b| {
        b.iter(|| {
            k = (k + 1) % own.len();
            x[own[k]] += 1e-6;
            g.gradients(&x, &[us], &own, &mut grads).unwrap()
        })
    });

    let mut slow = c.benchmark_group("ossa/games");
    slow.sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let opts = BoxOptions {
        kkt_tol: 1e-10,
        ..BoxOptions::default()
    };
    slow.bench_function("optimal tariffs of the US (198 instruments, BAS)", |b| {
        b.iter(|| best_response(&game, &factual, us, None, &opts, &mut NoObserver).unwrap())
    });
    slow.bench_function(
        "Nash equilibrium, 7 countries × 198 tariffs (BAS, from factual)",
        |b| {
            b.iter(|| {
                let ne = nash(
                    &game,
                    &factual,
                    &NashOptions {
                        best_response: opts.clone(),
                        tol: 1e-6,
                        ..NashOptions::default()
                    },
                    &mut NoObserver,
                )
                .unwrap();
                assert!(ne.info.termination.is_converged());
                ne
            })
        },
    );
    // Table 5's middle panel as `truce replicate ossa2014 --table 5 --version bas` solves it:
    // re-based on the factual state, income shares as first Pareto weights.
    let st = game.state().clone();
    let coop = CoopOptions {
        inner: BoxOptions {
            kkt_tol: 1e-9,
            ..BoxOptions::default()
        },
        ..CoopOptions::default()
    };
    slow.bench_function(
        "cooperative tariffs from factual, 7 × 198 tariffs (BAS)",
        |b| {
            b.iter(|| {
                let c = cooperate(
                    &game,
                    &factual,
                    &vec![1.0; st.dims().n],
                    Some(st.expenditure()),
                    &coop,
                    &mut NoObserver,
                )
                .unwrap();
                assert!(c.termination.is_converged());
                c
            })
        },
    );
    slow.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
