//! Speed of the Caliendo–Parro engine: the NAFTA counterfactual solve, the Table 7 world
//! shock, and the whole `truce replicate cp2015` process (load, solve, report, print).
//!
//! `cargo bench -p truce-cli --bench cp2015`. Needs `../shared/data/cp2015`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::PathBuf;
use std::sync::Arc;
use truce::model::cp2015::Engine;
use truce::solve::NoObserver;

fn data_dir() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/cp2015");
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipping CP2015 benchmarks: {} not found", p.display());
        None
    }
}

fn bench(c: &mut Criterion) {
    let Some(dir) = data_dir() else { return };
    let data = truce::data::cp2015::load(&dir).expect("CP2015 data load");
    let base = Arc::new(data.zero_deficit.clone());
    let nafta = data.nafta_policy(&base);
    let world = data.world_2005_policy(&base);
    let mut group = c.benchmark_group("cp2015");
    group.sample_size(30);
    let mut engine = Engine::new(base.clone());
    group.bench_function("nafta_solve", |b| {
        b.iter(|| engine.solve(&nafta, None, &mut NoObserver).expect("solves"))
    });
    group.bench_function("world_2005_solve", |b| {
        b.iter(|| engine.solve(&world, None, &mut NoObserver).expect("solves"))
    });
    group.bench_function("load_data", |b| {
        b.iter(|| truce::data::cp2015::load(&dir).expect("loads"))
    });
    let exe = env!("CARGO_BIN_EXE_truce");
    group.bench_function("replicate_cp2015_process", |b| {
        b.iter(|| {
            let out = std::process::Command::new(exe)
                .args(["replicate", "cp2015", "--data"])
                .arg(&dir)
                .output()
                .expect("runs");
            assert!(out.status.success());
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
