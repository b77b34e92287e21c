//! Speed of `truce sweep` (issue 12): the Geneva-truce scenario (three steps of the 2025
//! tariff wall) on the embedded world2024, solved for 1 000 draws of the trade elasticities on
//! 2 threads, and one point solve of the same scenario for the per-draw cost.
//! Target: the 1 000-draw sweep < 60 s on 2 cores.
//!
//! `cargo bench -p truce --bench sweep`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;
use std::time::Duration;
use truce::sweep::{sweep, SweepOptions};

fn bench(c: &mut Criterion) {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/geneva-truce.toml");
    let mut g = c.benchmark_group("sweep/world2024");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("geneva-truce, run (point estimate, 3 steps)", |b| {
        b.iter(|| truce::run::run(&scenario, &Default::default(), &|_, _| {}).unwrap())
    });
    g.bench_function("geneva-truce, 1000 draws, 2 threads", |b| {
        b.iter(|| {
            let o = SweepOptions {
                draws: 1000,
                seed: 1,
                jobs: Some(2),
                ..Default::default()
            };
            let r = sweep(&scenario, &o, &|_, _| {}).unwrap();
            assert_eq!(r.output.converged, 1000);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
