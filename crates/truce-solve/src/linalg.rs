//! Dense linear algebra, in one place: the LU factorisation of Newton systems (the Ossa
//! equilibrium's 14 × 14 Jacobian and its adjoints) and the Cholesky factorisation of symmetric
//! systems (the optimisers' Newton steps, from a few dozen to about 1 400 unknowns, and
//! Anderson's least-squares Gram matrices, at most 50 × 50).
//!
//! Hand-written, after measuring faer 0.24 and nalgebra 0.35 against these kernels
//! (`tools/linalg-bench`, figures and the decision in `docs/architecture.md`, "Dense linear
//! algebra"): for the 14 × 14 LU and Anderson's tiny Gram matrices they are as fast as either
//! library to within a fraction of a microsecond; for the optimisers' Cholesky (198 to 1 387
//! unknowns) faer is about five times faster on one thread, but adds about three minutes of
//! CPU to a clean build on the 2-core machine and, on two threads, gives different bits from
//! one thread. These kernels give the same bits for every thread count.
//!
//! Two layers, as in faer: kernels on borrowed buffers ([`cholesky_in_place`],
//! [`cholesky_solve`]) and types that allocate and call them ([`Lu`], [`Cholesky`]).
//!
//! Structured symmetric systems: [`BlockLowRank`], a matrix that is block diagonal plus a few
//! rank-one terms (the exact Hessians of the Ossa games, `docs/games.md`), tested for positive
//! definiteness and solved in $O(nk^2)$ by Woodbury's identity and Haynsworth's inertia
//! formula instead of a dense $O(n^3)$ Cholesky; with its small symmetric kernels
//! ([`sym_eigen`], Jacobi; [`Ldlt`], Bunch–Kaufman with the inertia).

// Factorisations index rows and columns by the textbook's subscripts.
#![allow(clippy::needless_range_loop)]

mod block_low_rank;
mod symmetric;

pub use block_low_rank::{Block, BlockLowRank, Factor, Prepared};
pub use symmetric::{sym_eigen, Inertia, Ldlt};

// ---- LU with partial pivoting ----

/// An LU factorisation $PA = LU$ of a square matrix, stored in place (row-major).
#[derive(Debug, Clone, PartialEq)]
pub struct Lu {
    n: usize,
    lu: Vec<f64>,
    perm: Vec<usize>,
    /// Smallest |pivot| relative to the largest entry of the matrix (a conditioning hint).
    pub min_pivot_ratio: f64,
}

impl Lu {
    /// Factor the `n × n` row-major matrix `a`. Returns `None` if a pivot is exactly zero or
    /// non-finite (the matrix is singular to working precision).
    pub fn new(n: usize, a: &[f64]) -> Option<Lu> {
        debug_assert_eq!(a.len(), n * n);
        let mut lu = a.to_vec();
        let mut perm: Vec<usize> = (0..n).collect();
        let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut min_pivot = f64::INFINITY;
        for k in 0..n {
            let (mut p, mut best) = (k, lu[k * n + k].abs());
            for r in k + 1..n {
                let v = lu[r * n + k].abs();
                if v > best {
                    best = v;
                    p = r;
                }
            }
            if !(best.is_finite() && best > 0.0) {
                return None;
            }
            min_pivot = min_pivot.min(best);
            if p != k {
                for c in 0..n {
                    lu.swap(k * n + c, p * n + c);
                }
                perm.swap(k, p);
            }
            let piv = lu[k * n + k];
            for r in k + 1..n {
                let f = lu[r * n + k] / piv;
                lu[r * n + k] = f;
                if f != 0.0 {
                    for c in k + 1..n {
                        lu[r * n + c] -= f * lu[k * n + c];
                    }
                }
            }
        }
        Some(Lu {
            n,
            lu,
            perm,
            min_pivot_ratio: if scale > 0.0 { min_pivot / scale } else { 0.0 },
        })
    }

    /// Solve $A x = b$ in place (`b` becomes `x`).
    pub fn solve(&self, b: &mut [f64]) {
        let n = self.n;
        let mut x: Vec<f64> = self.perm.iter().map(|&p| b[p]).collect();
        for r in 0..n {
            let mut s = x[r];
            for c in 0..r {
                s -= self.lu[r * n + c] * x[c];
            }
            x[r] = s;
        }
        for r in (0..n).rev() {
            let mut s = x[r];
            for c in r + 1..n {
                s -= self.lu[r * n + c] * x[c];
            }
            x[r] = s / self.lu[r * n + r];
        }
        b.copy_from_slice(&x);
    }

    /// Solve $A^\top x = b$ in place.
    pub fn solve_transpose(&self, b: &mut [f64]) {
        let n = self.n;
        // Aᵀ = Uᵀ Lᵀ P, so solve Uᵀ z = b, Lᵀ u = z, then x = Pᵀ u.
        let mut z = b.to_vec();
        for r in 0..n {
            let mut s = z[r];
            for c in 0..r {
                s -= self.lu[c * n + r] * z[c];
            }
            z[r] = s / self.lu[r * n + r];
        }
        for r in (0..n).rev() {
            let mut s = z[r];
            for c in r + 1..n {
                s -= self.lu[c * n + r] * z[c];
            }
            z[r] = s;
        }
        for (k, &p) in self.perm.iter().enumerate() {
            b[p] = z[k];
        }
    }
}

// ---- Cholesky ----

/// Lower-triangular Cholesky factor $L$ of $A+E$, row-major, full `n × n` storage.
#[derive(Debug, Clone)]
pub struct Cholesky {
    n: usize,
    l: Vec<f64>,
    /// Number of pivots that were modified (0: `a` itself was factorised).
    pub modified: usize,
}

#[inline]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
    let chunks = n / 4;
    for k in 0..chunks {
        let i = 4 * k;
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for i in 4 * chunks..n {
        s0 += a[i] * b[i];
    }
    (s0 + s1) + (s2 + s3)
}

use rayon::prelude::*;

const NB: usize = 64;

impl Cholesky {
    /// Factor the symmetric row-major `n × n` matrix `a` (only the lower triangle is read),
    /// replacing any pivot below `delta` by `max(|pivot|, delta)`. With `delta = 0` a
    /// non-positive pivot is an error: `None`. `None` also for non-finite input.
    pub fn modified(n: usize, a: &[f64], delta: f64) -> Option<Self> {
        let mut l = a.to_vec();
        let modified = cholesky_in_place(n, &mut l, delta, &mut Vec::new())?;
        Some(Self { n, l, modified })
    }

    /// Factor `a + shift·I` exactly; `None` unless it is positive definite.
    pub fn new(n: usize, a: &[f64], shift: f64) -> Option<Self> {
        if shift == 0.0 {
            return Self::modified(n, a, 0.0);
        }
        let mut b = a.to_vec();
        for i in 0..n {
            b[i * n + i] += shift;
        }
        Self::modified(n, &b, 0.0)
    }

    /// Solve $(LL^\top)x=b$ in place.
    pub fn solve(&self, b: &mut [f64]) {
        cholesky_solve(self.n, &self.l, b);
    }
}

/// The kernel of [`Cholesky`]: factor the symmetric row-major `n × n` matrix in `l` in place
/// (only its lower triangle is read; the factor $L$ is left there), replacing any pivot below
/// `delta` by `max(|pivot|, delta)`, and return the number of modified pivots. `panel` is
/// scratch space (untouched for n ≤ 64, so small solves such as Anderson's allocate nothing).
/// `None` for non-finite input, or a non-positive pivot when `delta = 0`.
///
/// # Panics
/// If `l.len() != n * n` (a programming error).
pub fn cholesky_in_place(
    n: usize,
    l: &mut [f64],
    delta: f64,
    panel: &mut Vec<f64>,
) -> Option<usize> {
    assert_eq!(l.len(), n * n, "cholesky_in_place: the matrix is not n × n");
    if l.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mut modified = 0;
    for k0 in (0..n).step_by(NB) {
        let k1 = (k0 + NB).min(n);
        let kb = k1 - k0;
        // 1. Diagonal block and 2. the panel below it, column by column (left-looking within
        //    the block: earlier blocks were already subtracted by the trailing updates).
        for j in k0..k1 {
            let p = l[j * n + j] - dot(&l[j * n + k0..j * n + j], &l[j * n + k0..j * n + j]);
            let d = if p >= delta && p > 0.0 {
                p
            } else if delta > 0.0 {
                modified += 1;
                p.abs().max(delta)
            } else {
                return None;
            };
            let ljj = d.sqrt();
            l[j * n + j] = ljj;
            for i in j + 1..n {
                let s = dot(&l[i * n + k0..i * n + j], &l[j * n + k0..j * n + j]);
                l[i * n + j] = (l[i * n + j] - s) / ljj;
            }
        }
        // 3. Trailing update A[i][j] −= Σ_{k∈K} L[i][k] L[j][k], k1 ≤ j ≤ i, on a panel
        //    packed k-major so that 4 consecutive rows are contiguous for each k.
        let m = n - k1;
        if m == 0 {
            break;
        }
        panel.clear();
        panel.resize(kb * m, 0.0);
        for i in 0..m {
            for k in 0..kb {
                panel[k * m + i] = l[(k1 + i) * n + k0 + k];
            }
        }
        let (_, rest) = l.split_at_mut(k1 * n);
        let update = |t: usize, rows: &mut [f64]| {
            let i = 4 * t;
            let ih = (i + 4).min(m);
            let mut j = 0;
            while j <= i {
                let jh = (j + 4).min(m);
                if ih - i == 4 && jh - j == 4 {
                    let mut acc = [[0.0f64; 4]; 4];
                    for k in 0..kb {
                        let row = &panel[k * m..(k + 1) * m];
                        let a: [f64; 4] = [row[i], row[i + 1], row[i + 2], row[i + 3]];
                        let b: [f64; 4] = [row[j], row[j + 1], row[j + 2], row[j + 3]];
                        for r in 0..4 {
                            for c in 0..4 {
                                acc[r][c] += a[r] * b[c];
                            }
                        }
                    }
                    for r in 0..4 {
                        for c in 0..4 {
                            if j + c <= i + r {
                                rows[r * n + k1 + j + c] -= acc[r][c];
                            }
                        }
                    }
                } else {
                    for r in i..ih {
                        for c in j..jh.min(r + 1) {
                            let mut s = 0.0;
                            for k in 0..kb {
                                s += panel[k * m + r] * panel[k * m + c];
                            }
                            rows[(r - i) * n + k1 + c] -= s;
                        }
                    }
                }
                j += 4;
            }
        };
        if m >= 256 && rayon::current_num_threads() > 1 {
            rest.par_chunks_mut(4 * n)
                .enumerate()
                .for_each(|(t, rows)| update(t, rows));
        } else {
            for (t, rows) in rest.chunks_mut(4 * n).enumerate() {
                update(t, rows);
            }
        }
    }
    Some(modified)
}

/// Solve $(LL^\top)x=b$ in place, with `l` the factor [`cholesky_in_place`] left (row-major,
/// lower triangle).
pub fn cholesky_solve(n: usize, l: &[f64], b: &mut [f64]) {
    for i in 0..n {
        let s = dot(&l[i * n..i * n + i], &b[..i]);
        b[i] = (b[i] - s) / l[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= l[k * n + i] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn matvec(n: usize, a: &[f64], x: &[f64]) -> Vec<f64> {
        (0..n)
            .map(|r| (0..n).map(|c| a[r * n + c] * x[c]).sum())
            .collect()
    }

    proptest! {
        #![proptest_config(truce_testkit::seeded(256))]
        /// Solving A x = b and Aᵀ x = b reproduces b for diagonally dominated random matrices.
        #[test]
        fn solves_and_transposed_solves(
            n in 1usize..9,
            vals in proptest::collection::vec(-1.0f64..1.0, 81),
            rhs in proptest::collection::vec(-5.0f64..5.0, 9),
        ) {
            let mut a: Vec<f64> = vals[..n * n].to_vec();
            for k in 0..n { a[k * n + k] += if k % 2 == 0 { 3.0 } else { -3.0 }; }
            let lu = Lu::new(n, &a).unwrap();
            let b = rhs[..n].to_vec();
            let mut x = b.clone();
            lu.solve(&mut x);
            let back = matvec(n, &a, &x);
            for k in 0..n { prop_assert!((back[k] - b[k]).abs() < 1e-10); }
            let at: Vec<f64> = (0..n * n).map(|e| a[(e % n) * n + e / n]).collect();
            let mut y = b.clone();
            lu.solve_transpose(&mut y);
            let back = matvec(n, &at, &y);
            for k in 0..n { prop_assert!((back[k] - b[k]).abs() < 1e-10); }
        }
    }

    #[test]
    fn pivots_and_detects_singularity() {
        let a = [0.0, 1.0, 1.0, 0.0];
        let lu = Lu::new(2, &a).unwrap();
        let mut x = [2.0, 3.0];
        lu.solve(&mut x);
        assert_eq!(x, [3.0, 2.0]);
        assert!(Lu::new(2, &[1.0, 2.0, 2.0, 4.0]).is_none());
    }

    fn spd(n: usize, vals: &[f64]) -> Vec<f64> {
        let mut a = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                a[i * n + j] = (0..n)
                    .map(|k| vals[(i * n + k) % vals.len()] * vals[(j * n + k) % vals.len()])
                    .sum::<f64>()
                    + if i == j { 1.0 } else { 0.0 };
            }
        }
        a
    }

    fn check_solve(n: usize, a: &[f64], ch: &Cholesky) {
        let rhs: Vec<f64> = (0..n).map(|k| (k % 7) as f64 - 2.0).collect();
        let mut x = rhs.clone();
        ch.solve(&mut x);
        for i in 0..n {
            let r: f64 = (0..n).map(|j| a[i * n + j] * x[j]).sum();
            assert!(
                (r - rhs[i]).abs() < 1e-8 * (1.0 + rhs[i].abs()),
                "row {i}: {r} vs {}",
                rhs[i]
            );
        }
    }

    proptest! {
        #![proptest_config(truce_testkit::seeded(256))]
        /// A = BBᵀ + I is positive definite: the factor solves A x = b, with no modification.
        #[test]
        fn solves_spd_systems(n in 1usize..12, vals in proptest::collection::vec(-1.0f64..1.0, 144)) {
            let a = spd(n, &vals);
            let ch = Cholesky::new(n, &a, 0.0).unwrap();
            prop_assert_eq!(ch.modified, 0);
            check_solve(n, &a, &ch);
        }
    }

    /// Sizes across block boundaries and tile remainders.
    #[test]
    fn blocked_factorisation_matches_at_every_size() {
        let vals: Vec<f64> = (0..997)
            .map(|k| ((k * 7919) % 1000) as f64 / 500.0 - 1.0)
            .collect();
        for n in [1, 3, 4, 5, 63, 64, 65, 67, 130, 200] {
            let a = spd(n, &vals);
            let ch = Cholesky::modified(n, &a, 1e-12).unwrap();
            assert_eq!(ch.modified, 0, "n = {n}");
            check_solve(n, &a, &ch);
        }
    }

    #[test]
    fn rejects_indefinite_and_modifies_on_request() {
        let a = [1.0, 2.0, 2.0, 1.0];
        assert!(Cholesky::new(2, &a, 0.0).is_none());
        assert!(Cholesky::new(2, &a, 1.5).is_some());
        let m = Cholesky::modified(2, &a, 1e-8).unwrap();
        assert_eq!(m.modified, 1);
        // The modified factor is of A + E with E = diag(0, e): its solve differs from A's, but
        // gᵀ(A+E)⁻¹g > 0 for every g.
        for g in [[1.0, 0.0], [0.0, 1.0], [1.0, -1.0], [1.0, 1.0]] {
            let mut x = g;
            m.solve(&mut x);
            assert!(g[0] * x[0] + g[1] * x[1] > 0.0);
        }
        assert!(Cholesky::modified(2, &[f64::NAN, 0.0, 0.0, 1.0], 1e-8).is_none());
    }

    /// The in-place kernel allocates nothing for small systems and agrees with the type.
    #[test]
    fn in_place_kernel_matches_the_type() {
        let a = [4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0];
        let mut l = a.to_vec();
        let mut panel = Vec::new();
        assert_eq!(cholesky_in_place(3, &mut l, 0.0, &mut panel), Some(0));
        assert_eq!(panel.capacity(), 0);
        let ch = Cholesky::new(3, &a, 0.0).unwrap();
        let (mut x, mut y) = ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]);
        cholesky_solve(3, &l, &mut x);
        ch.solve(&mut y);
        assert_eq!(x, y);
    }
}
