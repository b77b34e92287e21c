//! Dense linear algebra at truce's sizes: `truce_solve::linalg` (hand-written) against faer and
//! nalgebra. For each size: the best of several runs of factor + solve, the largest residual
//! |A x − b|, and a hash of the solution's bits (the same hash in two runs, or with 1 and 2
//! threads, means the same bits). Argument: the number of threads (1 or 2).
use faer::prelude::Solve;
use truce_solve::linalg::{Cholesky, Lu};
use std::time::Instant;

fn rng(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed;
    move || {
        s = s.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }
}

/// General matrix with a dominant diagonal (like the Ossa Newton Jacobian), row-major.
fn general(n: usize, seed: u64) -> Vec<f64> {
    let mut r = rng(seed);
    let mut a: Vec<f64> = (0..n * n).map(|_| r()).collect();
    for k in 0..n { a[k * n + k] += if k % 2 == 0 { n as f64 } else { -(n as f64) }; }
    a
}
/// SPD matrix B Bᵀ/n + I, row-major.
fn spd(n: usize, seed: u64) -> Vec<f64> {
    let mut r = rng(seed);
    let b: Vec<f64> = (0..n * n).map(|_| r()).collect();
    let mut a = vec![0.0; n * n];
    for i in 0..n { for j in 0..=i {
        let mut s = 0.0; for k in 0..n { s += b[i * n + k] * b[j * n + k]; }
        let v = s / n as f64 + if i == j { 1.0 } else { 0.0 };
        a[i * n + j] = v; a[j * n + i] = v;
    }}
    a
}

fn time<F: FnMut() -> Vec<f64>>(mut f: F, reps: usize) -> (f64, Vec<f64>) {
    let mut best = f64::INFINITY; let mut out = Vec::new();
    for _ in 0..reps { let t = Instant::now(); out = f(); best = best.min(t.elapsed().as_secs_f64()); }
    (best, out)
}
fn bits(v: &[f64]) -> u64 { v.iter().fold(0u64, |h, x| h.rotate_left(5) ^ x.to_bits()) }

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let threads: usize = args.get(1).map(|s| s.parse().unwrap()).unwrap_or(1);
    rayon::ThreadPoolBuilder::new().num_threads(threads).build_global().unwrap();
    faer::set_global_parallelism(if threads > 1 { faer::Par::rayon(threads) } else { faer::Par::Seq });
    println!("threads {threads}");
    // LU of the Ossa Newton Jacobian size (2N = 14) and a solve.
    for n in [14usize, 66] {
        let a = general(n, 1); let b: Vec<f64> = (0..n).map(|k| (k % 7) as f64 - 3.0).collect();
        let reps = 20000;
        let (th, xh) = time(|| { let lu = Lu::new(n, &a).unwrap(); let mut x = b.clone(); lu.solve(&mut x); x }, reps);
        let fa = faer::Mat::<f64>::from_fn(n, n, |i, j| a[i * n + j]);
        let fb = faer::Mat::<f64>::from_fn(n, 1, |i, _| b[i]);
        let (tf, xf) = time(|| { let lu = fa.partial_piv_lu(); let x = lu.solve(&fb); (0..n).map(|i| x[(i, 0)]).collect() }, reps);
        let na = nalgebra::DMatrix::<f64>::from_fn(n, n, |i, j| a[i * n + j]);
        let nb = nalgebra::DVector::<f64>::from_fn(n, |i, _| b[i]);
        let (tn, xn) = time(|| { let lu = na.clone().lu(); let x = lu.solve(&nb).unwrap(); x.iter().copied().collect() }, reps);
        let err = |x: &[f64]| (0..n).map(|i| ((0..n).map(|j| a[i*n+j]*x[j]).sum::<f64>() - b[i]).abs()).fold(0.0, f64::max);
        println!("LU+solve n={n}: hand {:.2} us (res {:.1e}, bits {:x}) | faer {:.2} us (res {:.1e}, bits {:x}) | nalgebra {:.2} us (res {:.1e}, bits {:x})",
            th*1e6, err(&xh), bits(&xh), tf*1e6, err(&xf), bits(&xf), tn*1e6, err(&xn), bits(&xn));
    }
    // Cholesky at Anderson (5), one government's tariffs (198) and cooperation (1387).
    for n in [5usize, 198, 1387] {
        let a = spd(n, 2); let b: Vec<f64> = (0..n).map(|k| (k % 7) as f64 - 3.0).collect();
        let reps = if n > 1000 { 5 } else if n > 100 { 50 } else { 20000 };
        let (th, xh) = time(|| { let c = Cholesky::new(n, &a, 0.0).unwrap(); let mut x = b.clone(); c.solve(&mut x); x }, reps);
        let fa = faer::Mat::<f64>::from_fn(n, n, |i, j| a[i * n + j]);
        let fb = faer::Mat::<f64>::from_fn(n, 1, |i, _| b[i]);
        let (tf, xf) = time(|| { let c = fa.llt(faer::Side::Lower).unwrap(); let x = c.solve(&fb); (0..n).map(|i| x[(i, 0)]).collect() }, reps);
        let na = nalgebra::DMatrix::<f64>::from_fn(n, n, |i, j| a[i * n + j]);
        let nb = nalgebra::DVector::<f64>::from_fn(n, |i, _| b[i]);
        let (tn, xn) = time(|| { let c = na.clone().cholesky().unwrap(); let x = c.solve(&nb); x.iter().copied().collect() }, reps);
        let err = |x: &[f64]| (0..n).map(|i| ((0..n).map(|j| a[i*n+j]*x[j]).sum::<f64>() - b[i]).abs()).fold(0.0, f64::max);
        println!("Cholesky+solve n={n}: hand {:.3} ms (res {:.1e}, bits {:x}) | faer {:.3} ms (res {:.1e}, bits {:x}) | nalgebra {:.3} ms (res {:.1e}, bits {:x})",
            th*1e3, err(&xh), bits(&xh), tf*1e3, err(&xf), bits(&xf), tn*1e3, err(&xn), bits(&xn));
    }
}
