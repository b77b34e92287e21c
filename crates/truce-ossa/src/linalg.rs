//! Dense LU factorisation with partial pivoting for the 2N × 2N Newton Jacobian.
//!
//! The system is tiny (14 × 14 for the paper's 7 regions): a hand-written factorisation in a
//! reused buffer costs well under a microsecond, allocates nothing, and needs no dependency;
//! a general library (faer, nalgebra) would bring blocking and SIMD machinery that only pays
//! off for matrices hundreds of times larger. The same factors serve Newton steps
//! ($J\Delta=-F$) and adjoints ($J^\top v=g$, spec §10).

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
}
