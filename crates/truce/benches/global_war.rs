//! The global Nash war and the US scenarios on the tariffwar packages' data
//! (`../shared/data/tariffwar_mat`): `cargo bench -p truce --bench global_war`.
//! Each war includes the trade-balancing pre-step and the Newton solve (no engine check).

use criterion::{criterion_group, criterion_main, Criterion};
use truce::data::import::tariffwar::{import_tariffwar, ElasticitySet, TariffwarOptions};
use truce::war::scenario::{run_us, RateConvention, Retaliation, UsPolicy};
use truce::war::NewtonParams;

fn dataset(file: &str) -> truce::dataset::Dataset {
    let p = truce_testkit::shared(&format!("data/tariffwar_mat/mat/{file}"));
    let ds = import_tariffwar(
        &p,
        &TariffwarOptions {
            elasticity: ElasticitySet::IS,
            ..Default::default()
        },
    )
    .unwrap();
    let dir = std::env::temp_dir().join(format!("truce-bench-{file}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    truce::data::write_dataset(&ds, &dir).unwrap();
    truce::dataset::resolve(dir.to_str().unwrap()).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("global_war");
    g.sample_size(10);
    let all = vec!["all".to_string()];
    let wiod = dataset("WIOD2014.mat");
    g.bench_function("WIOD 2014 44 x 16, IS, balance + Nash war", |b| {
        b.iter(|| truce::global_war::war(&wiod, &all, false).unwrap())
    });
    let icio = dataset("ICIO2022.mat");
    g.bench_function("ICIO 2022 81 x 28, IS, balance + Nash war", |b| {
        b.iter(|| truce::global_war::war(&icio, &all, false).unwrap())
    });
    let sched_dir = truce_testkit::shared("data/tariffwar_mat/reciprocal_tariffs");
    let schedule = truce::us_scenarios::read_schedule(&sched_dir).unwrap();
    let (bal, _, _) = truce::global_war::balanced(&icio).unwrap();
    g.bench_function(
        "ICIO 2022 Liberation Day, reciprocal retaliation (from the balanced baseline)",
        |b| {
            b.iter(|| {
                run_us(
                    &bal,
                    &UsPolicy::LiberationDay,
                    Retaliation::Reciprocal,
                    RateConvention::Replace,
                    Some(&schedule),
                    &NewtonParams::default(),
                    false,
                )
                .unwrap()
            })
        },
    );
    g.bench_function(
        "ICIO 2022 suite: 34 scenarios x none,reciprocal (68 solves, balance included)",
        |b| {
            b.iter(|| {
                truce::us_scenarios::suite(
                    &icio,
                    &sched_dir,
                    &[Retaliation::None, Retaliation::Reciprocal],
                    RateConvention::Replace,
                )
                .unwrap()
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
