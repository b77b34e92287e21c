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
    // Issue 9's target: `truce talks --link ree-export-tax` (world2024-ree, China's rare-earth
    // export tax as a 21st instrument, short run) within 2× `truce talks` without it, on the
    // same dataset and on world2024.
    let ree = truce::dataset::resolve("world2024-ree").expect("world2024-ree loads");
    let players = ["USA".to_string(), "CHN".to_string()];
    let link = truce::games::rare_earth_link(&ree, &players, Vec::new()).expect("the link");
    let with_lever = TalksOptions {
        war: WarOptions {
            link: Some(link),
            short_run: true,
            ..WarOptions::default()
        },
        ..TalksOptions::default()
    };
    let mut g = c.benchmark_group("games/world2024-ree");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function("talks USA–CHN without the lever", |bch| {
        bch.iter(|| {
            talks(
                ree.baseline.clone(),
                &TalksOptions::default(),
                &mut NoObserver,
            )
            .unwrap()
        })
    });
    g.bench_function(
        "talks USA–CHN with the rare-earth lever (--link ree-export-tax)",
        |bch| bch.iter(|| talks(ree.baseline.clone(), &with_lever, &mut NoObserver).unwrap()),
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
