use std::time::Instant;
fn main() {
    let n = 1000;
    let mut a = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            a[i * n + j] = 1.0 / (1.0 + (i as f64 - j as f64).abs());
        }
        a[i * n + i] += n as f64;
    }
    for threads in [1, 2, 1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let dt = pool.install(|| {
            let t = Instant::now();
            let c = truce_game::linalg::Cholesky::new(n, &a, 0.0).unwrap();
            let dt = t.elapsed().as_secs_f64();
            let mut b = vec![1.0; n];
            c.solve(&mut b);
            dt
        });
        println!(
            "threads {threads} n={n}: {:.3}s, {:.2} GFlop/s",
            dt,
            (n as f64).powi(3) / 3.0 / dt / 1e9
        );
    }
}
