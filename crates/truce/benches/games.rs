//! Speed of the US–China games on the embedded default world (world2024, 11 regions × 11
//! sectors): the tariff war (Nash equilibrium, 11 tariffs per player) and the trade talks
//! (war, frontier, Nash bargaining solution).
//!
//! `cargo bench -p truce --bench games`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::Arc;
use std::time::Duration;
use truce::games::{talks, war, TalksOptions, WarOptions};
use truce::solve::NoObserver;

fn bench(c: &mut Criterion) {
    let b = Arc::new(
        truce::world::load()
            .expect("the embedded world loads")
            .baseline,
    );
    let mut g = c.benchmark_group("games/world2024");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function(
        "war USA–CHN, sector tariffs on goods (20 instruments)",
        |bch| bch.iter(|| war(b.clone(), &WarOptions::default(), &mut NoObserver).unwrap()),
    );
    g.bench_function(
        "talks USA–CHN from the Nash threat (war + frontier + solution)",
        |bch| bch.iter(|| talks(b.clone(), &TalksOptions::default(), &mut NoObserver).unwrap()),
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
