// Same-run ratio: C += Aᵀ B by matrixmultiply::dgemm directly vs ndarray's general_mat_mul on
// views of the same slices (the shapes of one sector block of the war's Jacobian at 135 × 154).
use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};
use std::time::Instant;
fn direct(m: usize, k: usize, n: usize, a: &[f64], b: &[f64], c: &mut [f64]) {
    unsafe {
        matrixmultiply::dgemm(m, k, n, 1.0, a.as_ptr(), 1, m as isize, b.as_ptr(), n as isize, 1, 1.0, c.as_mut_ptr(), n as isize, 1);
    }
}
fn nd(m: usize, k: usize, n: usize, a: &[f64], b: &[f64], c: &mut [f64]) {
    let a = ArrayView2::from_shape((k, m), a).unwrap();
    let b = ArrayView2::from_shape((k, n), b).unwrap();
    let mut c = ArrayViewMut2::from_shape((m, n), c).unwrap();
    general_mat_mul(1.0, &a.t(), &b, 1.0, &mut c);
}
fn main() {
    let (m, k, n) = (270, 2048, 135);
    let a: Vec<f64> = (0..k * m).map(|x| ((x * 7919) % 1000) as f64 / 1000.0).collect();
    let b: Vec<f64> = (0..k * n).map(|x| ((x * 104729) % 997) as f64 / 997.0).collect();
    let mut c1 = vec![0.0; m * n];
    let mut c2 = vec![0.0; m * n];
    direct(m, k, n, &a, &b, &mut c1);
    nd(m, k, n, &a, &b, &mut c2);
    assert!(c1.iter().zip(&c2).all(|(x, y)| x.to_bits() == y.to_bits()), "same bits");
    let (mut td, mut tn) = (Vec::new(), Vec::new());
    for _ in 0..40 {
        let t = Instant::now();
        direct(m, k, n, &a, &b, &mut c1);
        td.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        nd(m, k, n, &a, &b, &mut c2);
        tn.push(t.elapsed().as_secs_f64());
    }
    td.sort_by(f64::total_cmp);
    tn.sort_by(f64::total_cmp);
    let gf = 2.0 * (m * k * n) as f64 / 1e9;
    println!("direct dgemm: median {:.2} ms ({:.1} GFlop/s), min {:.2} ms", td[20] * 1e3, gf / td[20], td[0] * 1e3);
    println!("ndarray:      median {:.2} ms ({:.1} GFlop/s), min {:.2} ms", tn[20] * 1e3, gf / tn[20], tn[0] * 1e3);
    println!("ratio ndarray/direct (median): {:.3}; min: {:.3}", tn[20] / td[20], tn[0] / td[0]);
}
