//! Slider solves on world2024, server-side: the target is p50 < 100 ms and p99 < 200 ms
//! (issue 11). Criterion measures the mean; every single call is also timed, and the
//! percentiles of those timings are printed at the end of each benchmark.
//!
//! `cargo bench -p truce-web --bench slider`

use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use truce_web::api::solve_sliders;
use truce_web::sliders::{SliderContext, SliderState};

fn percentiles(name: &str, v: &mut [Duration]) {
    v.sort();
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name}: {} single calls: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        v.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.9).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        v[v.len() - 1].as_secs_f64() * 1e3
    );
}

fn bench(c: &mut Criterion) {
    let ds = truce::dataset::resolve("world2024").expect("world2024 is embedded");
    let cx = SliderContext::of(&ds);
    let cases = [
        ("world2024 US tariff on China 60 % (vs baseline)", "us=60"),
        (
            "world2024 rare-earth export tax 100 % (vs the record that day)",
            "ref=record&ree=100",
        ),
        (
            "world2024 five sliders on 2025-05-14 (vs pre-war)",
            "date=2025-05-14&ref=pre-war&us=80&us.elec=120&cn=60&cn.farm=90&ree=50",
        ),
    ];
    let mut g = c.benchmark_group("slider");
    g.sample_size(30).measurement_time(Duration::from_secs(8));
    for (name, q) in cases {
        let pairs = truce_web::query::parse(Some(q)).unwrap();
        let state = SliderState::from_query(&pairs, &cx).unwrap();
        let times: Arc<Mutex<Vec<Duration>>> = Arc::default();
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let t = Instant::now();
                    let v = solve_sliders(&ds, &cx, &state, None).unwrap();
                    let dt = t.elapsed();
                    std::hint::black_box(v);
                    times.lock().unwrap().push(dt);
                    total += dt;
                }
                total
            })
        });
        percentiles(name, &mut times.lock().unwrap());
    }
    // The whole request in process: routing, query decoding, the gate (spawn_blocking), the
    // solve and the JSON body, without a socket.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let app = truce_web::api::router(truce_web::api::AppState::new(
        ds.clone(),
        truce_web::gate::Limits {
            workers: 2,
            queue: 256,
            queue_timeout: Duration::from_secs(10),
            solve_timeout: Duration::from_secs(20),
        },
        1 << 20,
    ));
    let name = "world2024 GET /api/v1/sliders?us=60 (in process, with the gate and JSON)";
    let times: Arc<Mutex<Vec<Duration>>> = Arc::default();
    g.bench_function(name, |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let req = axum::http::Request::get("/api/v1/sliders?us=60")
                        .body(axum::body::Body::empty())
                        .unwrap();
                    let t = Instant::now();
                    let r = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
                    assert_eq!(r.status(), axum::http::StatusCode::OK);
                    let body = http_body_util::BodyExt::collect(r.into_body())
                        .await
                        .unwrap()
                        .to_bytes();
                    let dt = t.elapsed();
                    std::hint::black_box(body);
                    times.lock().unwrap().push(dt);
                    total += dt;
                }
                total
            })
        })
    });
    percentiles(name, &mut times.lock().unwrap());
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
