//! Speed of the whole Ossa (2014) Table 5 replication as `truce replicate ossa2014 --table 5`
//! runs it (Table 3's optimal tariffs, Table 4's Nash war, Table 5's three cooperative panels),
//! in both versions, on data loaded once.
//!
//! `cargo bench -p truce --bench ossa2014`. Needs `../shared/data/ossa2014`; without it the
//! benchmarks say so and do nothing.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;
use truce::games::Progress;
use truce::ossa::Version;
use truce::replicate::ossa2014::{run_on, Table};

struct Quiet;
impl truce::solve::Observer for Quiet {
    fn observe(&mut self, _: &truce::solve::Iterate) -> truce::solve::Control {
        truce::solve::Control::Continue
    }
}
impl Progress for Quiet {}

fn bench(c: &mut Criterion) {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ossa2014");
    if !dir.exists() {
        eprintln!("skipping: shared data not found at {}", dir.display());
        return;
    }
    let data = truce_ossa::data::load(&dir).expect("the shipped data load");
    let mut g = c.benchmark_group("ossa2014");
    g.sample_size(10).measurement_time(Duration::from_secs(40));
    for (v, name) in [(Version::Bas, "bas"), (Version::Pol, "pol")] {
        g.bench_function(
            format!("table 5 --version {name} (tables 3, 4 and 5)"),
            |b| b.iter(|| run_on(&data, Table::Cooperative, v, &mut Quiet).unwrap()),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
