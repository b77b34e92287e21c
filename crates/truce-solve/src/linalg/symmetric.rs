//! Small symmetric kernels: the eigen-decomposition by cyclic Jacobi rotations, and the
//! symmetric-indefinite factorisation $PAP^\top=LDL^\top$ with Bunch–Kaufman pivoting, which
//! also gives the inertia (the numbers of positive, negative and zero eigenvalues).
//!
//! Both serve [`super::BlockLowRank`]: Jacobi for its diagonal blocks (a handful of unknowns
//! each), Bunch–Kaufman for the capacitance matrix of its Woodbury solve (a few dozen).
//!
//! # References
//! Golub, G. H. and Van Loan, C. F. (2013), *Matrix Computations*, 4th ed., Johns Hopkins:
//! §8.5.2 (cyclic Jacobi), §4.4.4 (Bunch–Kaufman, α = (1 + √17)/8).

/// Eigen-decomposition $A=Q\,\mathrm{diag}(\lambda)\,Q^\top$ of a symmetric row-major `n × n`
/// matrix by cyclic Jacobi rotations, to full working precision. Returns the eigenvalues and
/// $Q$ (row-major; column `r` is the eigenvector of `values[r]`). Meant for small matrices (its
/// cost is about $6n^3$ per sweep, and it takes 5–10 sweeps).
///
/// # Panics
/// If `a.len() != n * n` (a programming error).
pub fn sym_eigen(n: usize, a: &[f64]) -> (Vec<f64>, Vec<f64>) {
    assert_eq!(a.len(), n * n, "sym_eigen: the matrix is not n × n");
    let mut m = a.to_vec();
    // Symmetrise (callers pass matrices that are symmetric up to rounding).
    for i in 0..n {
        for j in 0..i {
            let v = 0.5 * (m[i * n + j] + m[j * n + i]);
            m[i * n + j] = v;
            m[j * n + i] = v;
        }
    }
    let mut q = vec![0.0; n * n];
    for i in 0..n {
        q[i * n + i] = 1.0;
    }
    for _sweep in 0..60 {
        let mut off = 0.0;
        let mut diag = 0.0;
        for i in 0..n {
            diag += m[i * n + i] * m[i * n + i];
            for j in 0..i {
                off += m[i * n + j] * m[i * n + j];
            }
        }
        if off == 0.0 || off <= 1e-34 * diag {
            break;
        }
        for p in 0..n {
            for r in p + 1..n {
                let apr = m[p * n + r];
                if apr == 0.0 {
                    continue;
                }
                let (app, arr) = (m[p * n + p], m[r * n + r]);
                // Skip rotations that cannot change the diagonal in floating point.
                if apr.abs() <= 1e-300
                    || (apr.abs() * 1e18 < app.abs() && apr.abs() * 1e18 < arr.abs())
                {
                    m[p * n + r] = 0.0;
                    m[r * n + p] = 0.0;
                    continue;
                }
                let theta = (arr - app) / (2.0 * apr);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (mkp, mkr) = (m[k * n + p], m[k * n + r]);
                    m[k * n + p] = c * mkp - s * mkr;
                    m[k * n + r] = s * mkp + c * mkr;
                }
                for k in 0..n {
                    let (mpk, mrk) = (m[p * n + k], m[r * n + k]);
                    m[p * n + k] = c * mpk - s * mrk;
                    m[r * n + k] = s * mpk + c * mrk;
                }
                m[p * n + r] = 0.0;
                m[r * n + p] = 0.0;
                for k in 0..n {
                    let (qkp, qkr) = (q[k * n + p], q[k * n + r]);
                    q[k * n + p] = c * qkp - s * qkr;
                    q[k * n + r] = s * qkp + c * qkr;
                }
            }
        }
    }
    ((0..n).map(|i| m[i * n + i]).collect(), q)
}

/// Numbers of positive, negative and zero eigenvalues of a symmetric matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Inertia {
    /// Positive eigenvalues.
    pub positive: usize,
    /// Negative eigenvalues.
    pub negative: usize,
    /// Zero eigenvalues (pivots at or below the singularity threshold).
    pub zero: usize,
}

/// $PAP^\top=LDL^\top$ of a symmetric row-major matrix, $L$ unit lower triangular, $D$ block
/// diagonal with 1 × 1 and 2 × 2 blocks (Bunch–Kaufman partial pivoting).
#[derive(Debug, Clone)]
pub struct Ldlt {
    n: usize,
    /// L below the diagonal, D on the diagonal and (2 × 2 blocks) the first subdiagonal.
    f: Vec<f64>,
    /// `perm[k]` = row of A in position k of PAPᵀ.
    perm: Vec<usize>,
    /// `two[k]`: a 2 × 2 block starts at k.
    two: Vec<bool>,
    inertia: Inertia,
}

impl Ldlt {
    /// Factor the symmetric row-major `n × n` matrix `a` (both triangles are read and must
    /// agree). A pivot whose magnitude is at most `tiny` counts as a zero eigenvalue (pass a
    /// small multiple of the scale the entries were formed at, so that cancellation to
    /// rounding noise reads as singular); `None` for non-finite input.
    ///
    /// # Panics
    /// If `a.len() != n * n` (a programming error).
    pub fn new(n: usize, a: &[f64], tiny: f64) -> Option<Self> {
        assert_eq!(a.len(), n * n, "Ldlt::new: the matrix is not n × n");
        if a.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let alpha = (1.0 + 17f64.sqrt()) / 8.0;
        let mut f = a.to_vec();
        let mut perm: Vec<usize> = (0..n).collect();
        let mut two = vec![false; n];
        let mut inertia = Inertia::default();
        // Swap positions p and q (both ≥ k): rows of the whole matrix (the L rows already
        // computed move with them), and columns of the trailing part.
        let swap = |f: &mut Vec<f64>, perm: &mut Vec<usize>, k: usize, p: usize, q: usize| {
            if p == q {
                return;
            }
            for c in 0..n {
                f.swap(p * n + c, q * n + c);
            }
            for r in k..n {
                f.swap(r * n + p, r * n + q);
            }
            perm.swap(p, q);
        };
        let mut k = 0;
        while k < n {
            let akk = f[k * n + k].abs();
            let (mut imax, mut colmax) = (k, 0.0f64);
            for i in k + 1..n {
                let v = f[i * n + k].abs();
                if v > colmax {
                    colmax = v;
                    imax = i;
                }
            }
            if akk.max(colmax) <= tiny {
                // A zero column: a zero eigenvalue, nothing to eliminate.
                inertia.zero += 1;
                for i in k + 1..n {
                    f[i * n + k] = 0.0;
                }
                f[k * n + k] = 0.0;
                k += 1;
                continue;
            }
            let size;
            if akk >= alpha * colmax {
                size = 1;
            } else {
                let mut rowmax = 0.0f64;
                for j in k..n {
                    if j != imax {
                        rowmax = rowmax.max(f[imax * n + j].abs());
                    }
                }
                if akk * rowmax >= alpha * colmax * colmax {
                    size = 1;
                } else if f[imax * n + imax].abs() >= alpha * rowmax {
                    size = 1;
                    swap(&mut f, &mut perm, k, k, imax);
                } else {
                    size = 2;
                    swap(&mut f, &mut perm, k, k + 1, imax);
                }
            }
            if size == 1 {
                let d = f[k * n + k];
                if d.abs() <= tiny {
                    inertia.zero += 1;
                } else if d > 0.0 {
                    inertia.positive += 1;
                } else {
                    inertia.negative += 1;
                }
                let dinv = if d.abs() <= tiny { 0.0 } else { 1.0 / d };
                let col: Vec<f64> = (k + 1..n).map(|i| f[i * n + k]).collect();
                for i in k + 1..n {
                    let lik = col[i - k - 1] * dinv;
                    if lik != 0.0 {
                        for j in k + 1..=i {
                            f[i * n + j] -= lik * col[j - k - 1];
                        }
                    }
                    f[i * n + k] = lik;
                }
                // Keep the trailing part symmetric (its upper triangle is read by pivoting).
                for i in k + 1..n {
                    for j in k + 1..i {
                        f[j * n + i] = f[i * n + j];
                    }
                }
                k += 1;
            } else {
                let (d11, d21, d22) = (f[k * n + k], f[(k + 1) * n + k], f[(k + 1) * n + k + 1]);
                let det = d11 * d22 - d21 * d21;
                // Bunch–Kaufman's 2 × 2 pivots have det < 0: one eigenvalue of each sign.
                let tr = d11 + d22;
                if det.abs() <= tiny * tiny {
                    inertia.zero += 1;
                    if tr > 0.0 {
                        inertia.positive += 1;
                    } else {
                        inertia.negative += 1;
                    }
                } else if det < 0.0 {
                    inertia.positive += 1;
                    inertia.negative += 1;
                } else if tr > 0.0 {
                    inertia.positive += 2;
                } else {
                    inertia.negative += 2;
                }
                let (i11, i21, i22) = if det.abs() <= tiny * tiny {
                    (0.0, 0.0, 0.0)
                } else {
                    (d22 / det, -d21 / det, d11 / det)
                };
                let mut l = vec![[0.0f64; 2]; n];
                for i in k + 2..n {
                    let (w0, w1) = (f[i * n + k], f[i * n + k + 1]);
                    l[i] = [w0 * i11 + w1 * i21, w0 * i21 + w1 * i22];
                }
                for i in k + 2..n {
                    for j in k + 2..=i {
                        f[i * n + j] -= l[i][0] * f[j * n + k] + l[i][1] * f[j * n + k + 1];
                    }
                }
                for i in k + 2..n {
                    f[i * n + k] = l[i][0];
                    f[i * n + k + 1] = l[i][1];
                    for j in k + 2..i {
                        f[j * n + i] = f[i * n + j];
                    }
                }
                two[k] = true;
                k += 2;
            }
        }
        Some(Self {
            n,
            f,
            perm,
            two,
            inertia,
        })
    }

    /// The inertia of the factored matrix.
    pub fn inertia(&self) -> Inertia {
        self.inertia
    }

    /// Solve $Ax=b$ in place (meaningful only when the inertia has no zero eigenvalue).
    pub fn solve(&self, b: &mut [f64]) {
        let n = self.n;
        let f = &self.f;
        let mut x: Vec<f64> = self.perm.iter().map(|&p| b[p]).collect();
        // L y = P b
        let mut k = 0;
        while k < n {
            let w = if self.two[k] { 2 } else { 1 };
            for c in k..k + w {
                let xc = x[c];
                if xc != 0.0 {
                    for i in k + w..n {
                        x[i] -= f[i * n + c] * xc;
                    }
                }
            }
            k += w;
        }
        // D z = y
        let mut k = 0;
        while k < n {
            if self.two[k] {
                let (d11, d21, d22) = (f[k * n + k], f[(k + 1) * n + k], f[(k + 1) * n + k + 1]);
                let det = d11 * d22 - d21 * d21;
                let (y0, y1) = (x[k], x[k + 1]);
                x[k] = (d22 * y0 - d21 * y1) / det;
                x[k + 1] = (d11 * y1 - d21 * y0) / det;
                k += 2;
            } else {
                x[k] /= f[k * n + k];
                k += 1;
            }
        }
        // Lᵀ w = z
        let mut k = n;
        while k > 0 {
            let start = if k >= 2 && self.two[k - 2] {
                k - 2
            } else {
                k - 1
            };
            let w = k - start;
            for c in start..start + w {
                let mut s = x[c];
                for i in start + w..n {
                    s -= f[i * n + c] * x[i];
                }
                x[c] = s;
            }
            k = start;
        }
        for (k, &p) in self.perm.iter().enumerate() {
            b[p] = x[k];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sym(n: usize, vals: &[f64]) -> Vec<f64> {
        let mut a = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..=i {
                let v = vals[(i * (i + 1) / 2 + j) % vals.len()];
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        a
    }

    proptest! {
        #![proptest_config(truce_testkit::seeded(256))]
        /// Q diag(λ) Qᵀ reproduces A and Q is orthogonal.
        #[test]
        fn jacobi_reconstructs_the_matrix(n in 1usize..10, vals in proptest::collection::vec(-3.0f64..3.0, 55)) {
            let a = sym(n, &vals);
            let (l, q) = sym_eigen(n, &a);
            for i in 0..n {
                for j in 0..n {
                    let r: f64 = (0..n).map(|k| q[i * n + k] * l[k] * q[j * n + k]).sum();
                    prop_assert!((r - a[i * n + j]).abs() < 1e-12 * (1.0 + n as f64));
                    let o: f64 = (0..n).map(|k| q[k * n + i] * q[k * n + j]).sum();
                    let want = if i == j { 1.0 } else { 0.0 };
                    prop_assert!((o - want).abs() < 1e-12);
                }
            }
        }

        /// The Bunch–Kaufman inertia equals the signs of the Jacobi eigenvalues, and the solve
        /// reproduces the right-hand side, for indefinite matrices.
        #[test]
        fn ldlt_inertia_and_solve(n in 1usize..14, vals in proptest::collection::vec(-3.0f64..3.0, 105),
                                  rhs in proptest::collection::vec(-2.0f64..2.0, 14)) {
            let a = sym(n, &vals);
            let (l, _) = sym_eigen(n, &a);
            let f = Ldlt::new(n, &a, 0.0).unwrap();
            let smallest = l.iter().fold(f64::INFINITY, |m, v| m.min(v.abs()));
            prop_assume!(smallest > 1e-6);
            let pos = l.iter().filter(|v| **v > 0.0).count();
            prop_assert_eq!(f.inertia(), Inertia { positive: pos, negative: n - pos, zero: 0 });
            let mut x = rhs[..n].to_vec();
            f.solve(&mut x);
            for i in 0..n {
                let r: f64 = (0..n).map(|j| a[i * n + j] * x[j]).sum();
                prop_assert!((r - rhs[i]).abs() < 1e-9 / smallest, "row {}: {} vs {}", i, r, rhs[i]);
            }
        }
    }

    #[test]
    fn ldlt_pivots_on_a_zero_diagonal_and_counts_zero_eigenvalues() {
        // [[0, 1], [1, 0]] needs a 2 × 2 pivot: eigenvalues ±1.
        let f = Ldlt::new(2, &[0.0, 1.0, 1.0, 0.0], 1e-14).unwrap();
        assert_eq!(
            f.inertia(),
            Inertia {
                positive: 1,
                negative: 1,
                zero: 0
            }
        );
        let mut x = [2.0, 3.0];
        f.solve(&mut x);
        assert_eq!(x, [3.0, 2.0]);
        // diag(1, 0, −2): one eigenvalue of each kind.
        let f = Ldlt::new(3, &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -2.0], 1e-14).unwrap();
        assert_eq!(
            f.inertia(),
            Inertia {
                positive: 1,
                negative: 1,
                zero: 1
            }
        );
        assert!(Ldlt::new(1, &[f64::NAN], 0.0).is_none());
    }
}
