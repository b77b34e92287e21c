//! Symmetric matrices that are block diagonal plus a low-rank term,
//! $A=B+\sum_rc_ru_ru_r^\top$, and the shifted systems $(A+\mu I)x=b$ of a Levenberg-damped
//! Newton step on them.
//!
//! The Hessians of the Ossa (2014) games have this shape: a tariff interacts with the other
//! tariffs of its importer–industry pair through that pair's price index (a small dense
//! block), and with every other tariff only through a few dozen aggregates (the equilibrium's
//! wages and expenditures, the governments' objectives). A dense factorisation of a
//! 1 387-unknown cooperative Newton system costs $n^3/3\approx9\times10^8$ flops; with the
//! structure, a positive-definiteness test and a solve cost $O(nk^2)$ for $k$ low-rank terms.
//!
//! # Method
//! With $D=B+\mu I=Q\Delta Q^\top$ (each block eigen-decomposed, [`sym_eigen`]),
//! $W=Q^\top U$ and $C=\mathrm{diag}(c)$ (terms with $c_r=0$ dropped), the capacitance matrix
//! is $S=C^{-1}+W^\top\Delta^{-1}W$ ($k\times k$). Haynsworth's inertia additivity, applied to
//! the bordered matrix $\left[\begin{smallmatrix}D&U\\U^\top&-C^{-1}\end{smallmatrix}\right]$
//! whose two Schur complements are $A+\mu I$ and $-S$, gives
//! $$n_-(A+\mu I)=n_-(\Delta)+n_+(S)-n_+(C),$$
//! so $A+\mu I$ is positive definite exactly when that count is zero and $S$ is nonsingular
//! ([`Ldlt`] gives the inertia of $S$). The solve is Woodbury's identity,
//! $(A+\mu I)^{-1}b=D^{-1}b-D^{-1}US^{-1}U^\top D^{-1}b$, followed by iterative refinement on
//! the exact representation. Small systems, large blocks or many terms go to a dense
//! [`Cholesky`] instead, where it is as fast and needs no care about cancellation.
//!
//! # References
//! Haynsworth, E. V. (1968), "Determination of the inertia of a partitioned Hermitian
//! matrix", *Linear Algebra and its Applications* 1(1): 73–81. Golub & Van Loan (2013),
//! *Matrix Computations*, 4th ed., §2.1.4 (Sherman–Morrison–Woodbury), §3.5.3 (refinement).

use super::symmetric::{sym_eigen, Ldlt};
use super::{dot, Cholesky};

/// One diagonal block of a [`BlockLowRank`]: the indices it covers and its dense symmetric
/// entries (row-major, `index.len()²`).
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The rows (and columns) of the whole matrix this block occupies.
    pub index: Vec<usize>,
    /// The block, row-major.
    pub a: Vec<f64>,
}

/// A symmetric `n × n` matrix $A=B+\sum_rc_ru_ru_r^\top$: $B$ block diagonal over disjoint
/// index sets (indices in no block have a zero diagonal part), plus signed rank-one terms.
///
/// # Example
/// ```
/// use truce_solve::linalg::{Block, BlockLowRank};
/// // diag(2, 3) as two 1 × 1 blocks, plus 1·(1, 1)(1, 1)ᵀ: [[3, 1], [1, 4]].
/// let mut a = BlockLowRank::new(2);
/// a.push_block(vec![0], vec![2.0]);
/// a.push_block(vec![1], vec![3.0]);
/// a.push_term(&[1.0, 1.0], 1.0);
/// assert_eq!(a.dense(), vec![3.0, 1.0, 1.0, 4.0]);
/// let p = a.prepare();
/// let f = p.factor(0.0).unwrap(); // positive definite
/// let mut x = vec![4.0, 5.0];
/// assert!(f.solve(&mut x) < 1e-14);
/// assert!((x[0] - 1.0).abs() < 1e-14 && (x[1] - 1.0).abs() < 1e-14);
/// assert!(p.factor(-3.5).is_none()); // A − 3.5 I is indefinite
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BlockLowRank {
    n: usize,
    blocks: Vec<Block>,
    /// The terms' vectors, one after the other (`k × n`).
    u: Vec<f64>,
    /// The terms' signed weights.
    c: Vec<f64>,
}

/// Systems at or below this size are factorised densely.
const DENSE_BELOW: usize = 320;
/// Blocks above this size send the system to the dense path (Jacobi is meant for small ones).
const LARGEST_BLOCK: usize = 24;

impl BlockLowRank {
    /// The zero `n × n` matrix.
    pub fn new(n: usize) -> Self {
        Self {
            n,
            blocks: Vec::new(),
            u: Vec::new(),
            c: Vec::new(),
        }
    }

    /// Order of the matrix.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The diagonal blocks.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Number of rank-one terms.
    pub fn rank(&self) -> usize {
        self.c.len()
    }

    /// Term `r`: its vector and its weight.
    pub fn term(&self, r: usize) -> (&[f64], f64) {
        (&self.u[r * self.n..(r + 1) * self.n], self.c[r])
    }

    /// Add a diagonal block over `index` (indices not yet in any block) with entries `a`
    /// (row-major, symmetric).
    ///
    /// # Panics
    /// If `a.len() != index.len()²` or an index is out of range (programming errors).
    pub fn push_block(&mut self, index: Vec<usize>, a: Vec<f64>) {
        assert_eq!(a.len(), index.len() * index.len(), "push_block: shape");
        assert!(index.iter().all(|&i| i < self.n), "push_block: index");
        self.blocks.push(Block { index, a });
    }

    /// Add the term $c\,uu^\top$.
    ///
    /// # Panics
    /// If `u.len() != n` (a programming error).
    pub fn push_term(&mut self, u: &[f64], c: f64) {
        assert_eq!(u.len(), self.n, "push_term: length");
        self.u.extend_from_slice(u);
        self.c.push(c);
    }

    /// $\alpha A$.
    pub fn scaled(mut self, alpha: f64) -> Self {
        for b in &mut self.blocks {
            b.a.iter_mut().for_each(|v| *v *= alpha);
        }
        self.c.iter_mut().for_each(|v| *v *= alpha);
        self
    }

    /// $SAS$ with $S=\mathrm{diag}(s)$: the matrix in rescaled variables (e.g. Jacobi
    /// scaling, $s_i=|a_{ii}|^{-1/2}$, which makes a Levenberg shift $\mu I$ relative to each
    /// variable's own curvature).
    ///
    /// # Panics
    /// If `s.len() != n` (a programming error).
    pub fn congruence(mut self, s: &[f64]) -> Self {
        assert_eq!(s.len(), self.n, "congruence: length");
        for b in &mut self.blocks {
            let w = b.index.len();
            for (p, &i) in b.index.iter().enumerate() {
                for (q, &j) in b.index.iter().enumerate() {
                    b.a[p * w + q] *= s[i] * s[j];
                }
            }
        }
        for r in 0..self.c.len() {
            for (v, si) in self.u[r * self.n..(r + 1) * self.n].iter_mut().zip(s) {
                *v *= si;
            }
        }
        self
    }

    /// The same matrix in a larger space of order `n` (its indices unchanged; the new rows and
    /// columns are zero).
    ///
    /// # Panics
    /// If `n` is smaller than the current order.
    pub fn embedded(&self, n: usize) -> Self {
        assert!(n >= self.n, "embedded: smaller order");
        let mut u = Vec::with_capacity(self.c.len() * n);
        for r in 0..self.c.len() {
            u.extend_from_slice(&self.u[r * self.n..(r + 1) * self.n]);
            u.resize((r + 1) * n, 0.0);
        }
        Self {
            n,
            blocks: self.blocks.clone(),
            u,
            c: self.c.clone(),
        }
    }

    /// The principal submatrix on the indices `keep` (in that order).
    pub fn principal(&self, keep: &[usize]) -> Self {
        let m = keep.len();
        let mut pos = vec![usize::MAX; self.n];
        for (a, &i) in keep.iter().enumerate() {
            pos[i] = a;
        }
        let mut blocks = Vec::with_capacity(self.blocks.len());
        for b in &self.blocks {
            let sel: Vec<usize> = (0..b.index.len())
                .filter(|&p| pos[b.index[p]] != usize::MAX)
                .collect();
            if sel.is_empty() {
                continue;
            }
            let w = b.index.len();
            let index = sel.iter().map(|&p| pos[b.index[p]]).collect();
            let mut a = Vec::with_capacity(sel.len() * sel.len());
            for &p in &sel {
                for &q in &sel {
                    a.push(b.a[p * w + q]);
                }
            }
            blocks.push(Block { index, a });
        }
        let mut u = Vec::with_capacity(self.c.len() * m);
        for r in 0..self.c.len() {
            let ur = &self.u[r * self.n..(r + 1) * self.n];
            u.extend(keep.iter().map(|&i| ur[i]));
        }
        Self {
            n: m,
            blocks,
            u,
            c: self.c.clone(),
        }
    }

    /// The diagonal of $A$.
    pub fn diagonal(&self) -> Vec<f64> {
        let mut d = vec![0.0; self.n];
        for b in &self.blocks {
            let w = b.index.len();
            for (p, &i) in b.index.iter().enumerate() {
                d[i] += b.a[p * w + p];
            }
        }
        for (r, &c) in self.c.iter().enumerate() {
            for (di, ui) in d.iter_mut().zip(&self.u[r * self.n..(r + 1) * self.n]) {
                *di += c * ui * ui;
            }
        }
        d
    }

    /// $y=Ax$.
    ///
    /// # Panics
    /// If the lengths differ from `n` (a programming error).
    pub fn mul_vec(&self, x: &[f64], y: &mut [f64]) {
        assert!(x.len() == self.n && y.len() == self.n, "mul_vec: length");
        y.iter_mut().for_each(|v| *v = 0.0);
        for b in &self.blocks {
            let w = b.index.len();
            for (p, &i) in b.index.iter().enumerate() {
                let mut s = 0.0;
                for (q, &j) in b.index.iter().enumerate() {
                    s += b.a[p * w + q] * x[j];
                }
                y[i] += s;
            }
        }
        for (r, &c) in self.c.iter().enumerate() {
            let ur = &self.u[r * self.n..(r + 1) * self.n];
            let s = c * dot(ur, x);
            if s != 0.0 {
                for (yi, ui) in y.iter_mut().zip(ur) {
                    *yi += s * ui;
                }
            }
        }
    }

    /// The dense matrix, row-major.
    pub fn dense(&self) -> Vec<f64> {
        let n = self.n;
        let mut a = vec![0.0; n * n];
        for b in &self.blocks {
            let w = b.index.len();
            for (p, &i) in b.index.iter().enumerate() {
                for (q, &j) in b.index.iter().enumerate() {
                    a[i * n + j] += b.a[p * w + q];
                }
            }
        }
        for (r, &c) in self.c.iter().enumerate() {
            let ur = &self.u[r * n..(r + 1) * n];
            for i in 0..n {
                let ci = c * ur[i];
                if ci != 0.0 {
                    let row = &mut a[i * n..(i + 1) * n];
                    for (aij, uj) in row.iter_mut().zip(ur) {
                        *aij += ci * uj;
                    }
                }
            }
        }
        a
    }

    /// Whether [`Prepared::factor`] takes the structured (Woodbury) path: the system is
    /// large against the number of terms and every block is small.
    pub fn is_structured(&self) -> bool {
        self.n > DENSE_BELOW
            && 4 * self.c.len() < self.n
            && self.blocks.iter().all(|b| b.index.len() <= LARGEST_BLOCK)
    }

    /// The decompositions [`Prepared::factor`] reuses for every shift: each block's
    /// eigen-decomposition and the terms in the eigenvector basis. For a search over shifts,
    /// prepare once and call [`Prepared::factor`] per shift.
    pub fn prepare(&self) -> Prepared<'_> {
        if !self.is_structured() {
            return Prepared {
                a: self,
                kind: Kind::Dense(self.dense()),
            };
        }
        let n = self.n;
        // Eigenvalues by index, and each block's eigenvectors.
        let mut lambda = vec![0.0; n];
        let mut eig = Vec::with_capacity(self.blocks.len());
        for b in &self.blocks {
            let (l, q) = sym_eigen(b.index.len(), &b.a);
            for (p, &i) in b.index.iter().enumerate() {
                lambda[i] = l[p];
            }
            eig.push(q);
        }
        // W = Qᵀ U for the terms that count.
        let terms: Vec<usize> = (0..self.c.len()).filter(|&r| self.c[r] != 0.0).collect();
        let mut w = vec![0.0; terms.len() * n];
        for (t, &r) in terms.iter().enumerate() {
            let ur = &self.u[r * n..(r + 1) * n];
            let wr = &mut w[t * n..(t + 1) * n];
            wr.copy_from_slice(ur);
            for (b, q) in self.blocks.iter().zip(&eig) {
                let m = b.index.len();
                for col in 0..m {
                    let mut s = 0.0;
                    for (p, &i) in b.index.iter().enumerate() {
                        s += q[p * m + col] * ur[i];
                    }
                    wr[b.index[col]] = s;
                }
            }
        }
        let scale = lambda
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()))
            .max(self.diagonal().iter().fold(0.0f64, |m, v| m.max(v.abs())));
        Prepared {
            a: self,
            kind: Kind::Structured {
                lambda,
                eig,
                c: terms.iter().map(|&r| self.c[r]).collect(),
                w,
                scale,
            },
        }
    }
}

#[derive(Debug, Clone)]
enum Kind {
    Dense(Vec<f64>),
    Structured {
        /// Eigenvalues of B by index.
        lambda: Vec<f64>,
        /// Eigenvectors of each block (row-major, column = vector).
        eig: Vec<Vec<f64>>,
        /// Nonzero term weights.
        c: Vec<f64>,
        /// Their vectors in the eigenvector basis (`k × n`).
        w: Vec<f64>,
        /// Largest |eigenvalue| or |diagonal entry|: the scale of "singular".
        scale: f64,
    },
}

/// The shift-independent part of a factorisation ([`BlockLowRank::prepare`]).
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    a: &'a BlockLowRank,
    kind: Kind,
}

/// $A+\mu I$ factorised ([`Prepared::factor`]).
#[derive(Debug, Clone)]
pub struct Factor<'p> {
    p: &'p Prepared<'p>,
    mu: f64,
    inner: FactorKind,
}

#[derive(Debug, Clone)]
enum FactorKind {
    Dense(Cholesky),
    Structured {
        /// 1 / (λ + μ) by index (1 / (λ + μ + τ) where shifted).
        inv: Vec<f64>,
        s: Ldlt,
        /// The shifted (nearly singular) eigen-directions.
        extra: Vec<usize>,
    },
}

impl<'a> Prepared<'a> {
    /// Whether the factorisations take the structured (Woodbury) path.
    pub fn is_structured(&self) -> bool {
        matches!(self.kind, Kind::Structured { .. })
    }

    /// Factor $A+\mu I$ if it is positive definite; `None` if it is not (or is singular to
    /// working precision, or has non-finite entries).
    pub fn factor(&self, mu: f64) -> Option<Factor<'_>> {
        let n = self.a.n;
        match &self.kind {
            Kind::Dense(d) => Some(Factor {
                p: self,
                mu,
                inner: FactorKind::Dense(Cholesky::new(n, d, mu)?),
            }),
            Kind::Structured {
                lambda,
                c,
                w,
                scale,
                ..
            } => {
                // Eigen-directions of B + μI that are (nearly) singular would make Δ⁻¹ blow up:
                // shift them by τ in Δ and take τ back as a term −τ qqᵀ (exact).
                let big = scale.max(mu.abs()).max(f64::MIN_POSITIVE);
                let tau = big;
                let mut inv = vec![0.0; n];
                let mut negative = 0usize;
                let mut extra = Vec::new();
                for (a, v) in inv.iter_mut().enumerate() {
                    let mut d = lambda[a] + mu;
                    if !d.is_finite() {
                        return None;
                    }
                    if d.abs() <= 1e-6 * big {
                        extra.push(a);
                        d += tau;
                    }
                    if d < 0.0 {
                        negative += 1;
                    }
                    *v = 1.0 / d;
                }
                // The shifted directions join the capacitance matrix; while it stays under a
                // quarter of the order its factorisation is still far cheaper than a dense one.
                if 4 * (c.len() + extra.len()) >= n {
                    return Some(Factor {
                        p: self,
                        mu,
                        inner: FactorKind::Dense(Cholesky::new(n, &self.a.dense(), mu)?),
                    });
                }
                let k0 = c.len();
                let k = k0 + extra.len();
                // S = C⁻¹ + Wᵀ Δ⁻¹ W over the terms and the shifted directions (unit vectors).
                let mut scaled = vec![0.0; k0 * n];
                for r in 0..k0 {
                    for a in 0..n {
                        scaled[r * n + a] = w[r * n + a] * inv[a];
                    }
                }
                let mut s = vec![0.0; k * k];
                // The scale of S's entries before cancellation: what "singular" is relative to.
                let mut s_scale = 0.0f64;
                for r in 0..k0 {
                    for q in 0..=r {
                        let v = dot(&scaled[r * n..(r + 1) * n], &w[q * n..(q + 1) * n]);
                        s[r * k + q] = v;
                        s[q * k + r] = v;
                    }
                    let abs_rr: f64 = (0..n)
                        .map(|a| (scaled[r * n + a] * w[r * n + a]).abs())
                        .sum();
                    s_scale = s_scale.max(abs_rr).max((1.0 / c[r]).abs());
                    s[r * k + r] += 1.0 / c[r];
                }
                for (e, &a) in extra.iter().enumerate() {
                    let row = k0 + e;
                    for q in 0..k0 {
                        let v = scaled[q * n + a];
                        s[row * k + q] = v;
                        s[q * k + row] = v;
                    }
                    s[row * k + row] = inv[a] - 1.0 / tau;
                    s_scale = s_scale.max(inv[a].abs()).max(1.0 / tau);
                }
                let ldlt = Ldlt::new(k, &s, 1e-14 * s_scale)?;
                let inertia = ldlt.inertia();
                let c_pos = c.iter().filter(|v| **v > 0.0).count();
                if inertia.zero > 0 || negative + inertia.positive != c_pos {
                    return None;
                }
                Some(Factor {
                    p: self,
                    mu,
                    inner: FactorKind::Structured {
                        inv,
                        s: ldlt,
                        extra,
                    },
                })
            }
        }
    }
}

impl Factor<'_> {
    /// The shift μ of this factorisation.
    pub fn shift(&self) -> f64 {
        self.mu
    }

    /// Whether this factorisation took the structured (Woodbury) path.
    pub fn is_structured(&self) -> bool {
        matches!(self.inner, FactorKind::Structured { .. })
    }

    /// One application of the factorisation: `b` ← (A + μI)⁻¹ b.
    fn apply(&self, b: &mut [f64]) {
        match &self.inner {
            FactorKind::Dense(ch) => ch.solve(b),
            FactorKind::Structured { inv, s, extra } => {
                let Kind::Structured { eig, w, .. } = &self.p.kind else {
                    unreachable!("a structured factor comes from a structured preparation")
                };
                let a = self.p.a;
                let n = a.n;
                // z = Qᵀ b, y = Δ⁻¹ z.
                let mut z = b.to_vec();
                for (blk, q) in a.blocks.iter().zip(eig) {
                    let m = blk.index.len();
                    for col in 0..m {
                        let mut v = 0.0;
                        for (p, &i) in blk.index.iter().enumerate() {
                            v += q[p * m + col] * b[i];
                        }
                        z[blk.index[col]] = v;
                    }
                }
                let y: Vec<f64> = z.iter().zip(inv).map(|(zi, di)| zi * di).collect();
                // y − Δ⁻¹ W S⁻¹ Wᵀ y
                let k0 = w.len() / n.max(1);
                let mut t: Vec<f64> = (0..k0)
                    .map(|r| dot(&w[r * n..(r + 1) * n], &y))
                    .chain(extra.iter().map(|&a| y[a]))
                    .collect();
                s.solve(&mut t);
                let mut x = y;
                for r in 0..k0 {
                    let tr = t[r];
                    if tr != 0.0 {
                        for (xa, (wa, da)) in
                            x.iter_mut().zip(w[r * n..(r + 1) * n].iter().zip(inv))
                        {
                            *xa -= tr * wa * da;
                        }
                    }
                }
                for (e, &a) in extra.iter().enumerate() {
                    x[a] -= t[k0 + e] * inv[a];
                }
                // b = Q x
                b.copy_from_slice(&x);
                for (blk, q) in a.blocks.iter().zip(eig) {
                    let m = blk.index.len();
                    for (p, &i) in blk.index.iter().enumerate() {
                        let mut v = 0.0;
                        for col in 0..m {
                            v += q[p * m + col] * x[blk.index[col]];
                        }
                        b[i] = v;
                    }
                }
            }
        }
    }

    /// Solve $(A+\mu I)x=b$ in place and return the relative residual
    /// $\lVert b-(A+\mu I)x\rVert_\infty/\lVert b\rVert_\infty$. The structured path refines
    /// the solution on the exact representation (at most three rounds) until that residual is
    /// below $10^{-13}$; the dense path returns 0 without computing it.
    ///
    /// # Panics
    /// If `b.len()` differs from the order (a programming error).
    pub fn solve(&self, b: &mut [f64]) -> f64 {
        assert_eq!(b.len(), self.p.a.n, "solve: length");
        if let FactorKind::Dense(ch) = &self.inner {
            ch.solve(b);
            return 0.0;
        }
        let rhs = b.to_vec();
        let bnorm = rhs.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if bnorm == 0.0 {
            return 0.0;
        }
        self.apply(b);
        let mut ax = vec![0.0; rhs.len()];
        let mut rel = f64::INFINITY;
        for round in 0..4 {
            self.p.a.mul_vec(b, &mut ax);
            let mut r: Vec<f64> = rhs
                .iter()
                .zip(&ax)
                .zip(b.iter())
                .map(|((bi, ai), xi)| bi - ai - self.mu * xi)
                .collect();
            rel = r.iter().fold(0.0f64, |m, v| m.max(v.abs())) / bnorm;
            if !rel.is_finite() || rel <= 1e-13 || round == 3 {
                break;
            }
            self.apply(&mut r);
            for (xi, ri) in b.iter_mut().zip(&r) {
                *xi += ri;
            }
        }
        rel
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A random matrix of the shape: blocks of sizes 1–6 over a shuffled index set (one index
    /// left out), and `k` terms of both signs.
    fn random(n: usize, k: usize, vals: &[f64], spread: f64) -> BlockLowRank {
        let mut next = {
            let mut i = 0usize;
            move || {
                i += 1;
                vals[(i * 7919) % vals.len()]
            }
        };
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = (i * 31 + 7) % (i + 1);
            order.swap(i, j);
        }
        let mut a = BlockLowRank::new(n);
        let mut at = 0;
        while at + 1 < n {
            let m = (1 + at % 6).min(n - 1 - at);
            let index: Vec<usize> = order[at..at + m].to_vec();
            let mut b = vec![0.0; m * m];
            for p in 0..m {
                for q in 0..=p {
                    let v = next();
                    b[p * m + q] = v;
                    b[q * m + p] = v;
                }
                b[p * m + p] += spread * (1.0 + next().abs());
            }
            a.push_block(index, b);
            at += m;
        }
        let norm = 3.0 / (n as f64).sqrt();
        for r in 0..k {
            let u: Vec<f64> = (0..n).map(|_| norm * next()).collect();
            a.push_term(&u, if r % 3 == 0 { -0.5 } else { 1.0 + next().abs() });
        }
        a
    }

    fn dense_pd(a: &BlockLowRank, mu: f64) -> bool {
        Cholesky::new(a.n(), &a.dense(), mu).is_some()
    }

    proptest! {
        #![proptest_config(truce_testkit::seeded(64))]
        /// The structured path agrees with the dense Cholesky on positive definiteness, and its
        /// solve matches, for shifts on both sides of the boundary.
        #[test]
        fn structured_factor_agrees_with_dense(
            n in 330usize..420,
            k in 1usize..40,
            vals in proptest::collection::vec(-1.0f64..1.0, 97),
            spread in 0.0f64..4.0,
        ) {
            let a = random(n, k, &vals, spread);
            prop_assert!(a.is_structured());
            let p = a.prepare();
            let rhs: Vec<f64> = (0..n).map(|i| ((i % 11) as f64 - 5.0) / 3.0).collect();
            for mu in [0.0, 0.5, 2.0, 8.0, 40.0] {
                let dense = dense_pd(&a, mu);
                let structured = p.factor(mu);
                // Right at the boundary the two may round differently; away from it they agree.
                let margin = Cholesky::new(n, &a.dense(), mu - 1e-6).is_some()
                    == Cholesky::new(n, &a.dense(), mu + 1e-6).is_some();
                if margin {
                    prop_assert_eq!(dense, structured.is_some(), "mu = {}", mu);
                }
                if let Some(f) = structured {
                    let mut x = rhs.clone();
                    let rel = f.solve(&mut x);
                    prop_assert!(rel < 1e-10, "relative residual {}", rel);
                    let mut y = rhs.clone();
                    Cholesky::new(n, &a.dense(), mu).unwrap().solve(&mut y);
                    let ymax = y.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                    for i in 0..n {
                        prop_assert!((x[i] - y[i]).abs() <= 1e-7 * ymax, "{}: {} vs {}", i, x[i], y[i]);
                    }
                }
            }
        }
    }

    #[test]
    fn principal_submatrix_and_embedding_match_the_dense_matrix() {
        let vals: Vec<f64> = (0..97)
            .map(|k| ((k * 37) % 97) as f64 / 48.5 - 1.0)
            .collect();
        let a = random(40, 5, &vals, 1.0);
        let d = a.dense();
        let keep = [3, 0, 17, 39, 22, 5];
        let p = a.principal(&keep).dense();
        for (r, &i) in keep.iter().enumerate() {
            for (c, &j) in keep.iter().enumerate() {
                assert_eq!(p[r * keep.len() + c], d[i * 40 + j]);
            }
        }
        let e = a.embedded(43).dense();
        for i in 0..43 {
            for j in 0..43 {
                let want = if i < 40 && j < 40 { d[i * 40 + j] } else { 0.0 };
                assert!((e[i * 43 + j] - want).abs() < 1e-15);
            }
        }
        let diag = a.diagonal();
        let mut y = vec![0.0; 40];
        let x: Vec<f64> = (0..40).map(|i| i as f64 * 0.1).collect();
        a.mul_vec(&x, &mut y);
        for i in 0..40 {
            assert!((diag[i] - d[i * 40 + i]).abs() < 1e-14);
            let r: f64 = (0..40).map(|j| d[i * 40 + j] * x[j]).sum();
            assert!((r - y[i]).abs() < 1e-12);
        }
        assert_eq!(a.clone().scaled(-2.0).dense()[0], -2.0 * d[0]);
        // S A S entry by entry.
        let s: Vec<f64> = (0..40).map(|i| 0.5 + (i % 7) as f64).collect();
        let sas = a.clone().congruence(&s).dense();
        for i in 0..40 {
            for j in 0..40 {
                let want = s[i] * d[i * 40 + j] * s[j];
                assert!((sas[i * 40 + j] - want).abs() <= 1e-13 * want.abs().max(1.0));
            }
        }
    }

    #[test]
    fn singular_and_non_finite_matrices_are_rejected() {
        let mut a = BlockLowRank::new(400);
        for i in 0..400 {
            a.push_block(vec![i], vec![1.0]);
        }
        // I − u uᵀ with ‖u‖ = 1 is singular.
        let mut u = vec![0.0; 400];
        u[7] = 0.6;
        u[9] = 0.8;
        a.push_term(&u, -1.0);
        assert!(a.is_structured());
        let p = a.prepare();
        assert!(p.is_structured());
        assert!(p.factor(0.0).is_none());
        assert!(p.factor(1e-3).is_some());
        // An index in no block (a zero diagonal part) made positive by a term.
        let mut z = BlockLowRank::new(400);
        for i in 1..400 {
            z.push_block(vec![i], vec![2.0]);
        }
        let mut e0 = vec![0.0; 400];
        e0[0] = 1.0;
        e0[1] = 0.5;
        z.push_term(&e0, 3.0);
        let pz = z.prepare();
        assert!(pz.is_structured());
        let f = pz.factor(0.0).expect("positive definite");
        let mut x = vec![1.0; 400];
        assert!(f.solve(&mut x) < 1e-13);
        // Its smallest eigenvalue is (5.75 − √9.0625)/2 ≈ 1.37.
        assert!(pz.factor(-1.3).is_some());
        assert!(pz.factor(-1.5).is_none());
        let mut b = a.clone();
        b.push_term(&vec![f64::NAN; 400], 1.0);
        assert!(b.prepare().factor(1.0).is_none());
    }
}
