//! Anderson (type-II) acceleration of a damped fixed-point iteration.

/// Anderson acceleration with memory `m` and mixing β, on vectors of a fixed dimension.
///
/// Given the current iterate $x_k$ and $g(x_k)$, with $f_k = g(x_k) - x_k$, the next iterate is
/// $$x_{k+1} = x_k + \beta f_k - \sum_i \gamma_i(\Delta x_i + \beta\,\Delta f_i),\qquad
///   \gamma = \arg\min_\gamma \lVert f_k - \Delta F\gamma\rVert_2,$$
/// over the last `m` differences. With `m = 0` this is the damped step $x + \beta f$.
/// All buffers are allocated in [`Anderson::new`]; [`Anderson::step`] does not allocate.
///
/// The least-squares problem is solved through regularised normal equations (m ≤ 50, so this is
/// a tiny Cholesky, [`crate::linalg::cholesky_in_place`]); if the coefficients blow up the history is dropped (a restart), which keeps
/// the method safe far from the solution.
///
/// # Example
/// ```
/// use truce_solve::Anderson;
/// // Solve x = A x + b for a 2×2 contraction.
/// let mut acc = Anderson::new(2, 5, 1.0);
/// let mut x = vec![0.0, 0.0];
/// let mut gx = vec![0.0; 2];
/// for _ in 0..30 {
///     gx[0] = 0.9 * x[1] + 1.0;
///     gx[1] = 0.5 * x[0] - 1.0;
///     acc.step(&mut x, &gx);
/// }
/// // Fixed point: x0 = 0.9 x1 + 1, x1 = 0.5 x0 - 1  =>  x0 = 0.1/0.55
/// assert!((x[0] - 0.1 / 0.55).abs() < 1e-10);
/// ```
///
/// # References
/// Walker and Ni (2011), SIAM J. Numer. Anal. 49(4), Algorithm AA with mixing.
#[derive(Debug, Clone)]
pub struct Anderson {
    dim: usize,
    memory: usize,
    mixing: f64,
    /// Previous iterate and previous f, valid when `has_prev`.
    x_prev: Vec<f64>,
    f_prev: Vec<f64>,
    has_prev: bool,
    /// Ring buffers of Δx and Δf, `memory` columns of length `dim`.
    dx: Vec<f64>,
    df: Vec<f64>,
    /// Number of stored columns and the next slot to overwrite.
    stored: usize,
    head: usize,
    /// Scratch: f_k; the Gram matrix ΔFᵀΔF of the stored columns, kept up to date
    /// incrementally in ring-slot order (`memory` × `memory`); its Cholesky factor; right-hand
    /// side; coefficients.
    f: Vec<f64>,
    gram_full: Vec<f64>,
    gram: Vec<f64>,
    rhs: Vec<f64>,
    gamma: Vec<f64>,
}

impl Anderson {
    /// Allocate an accelerator for vectors of length `dim`.
    pub fn new(dim: usize, memory: usize, mixing: f64) -> Self {
        Self {
            dim,
            memory,
            mixing,
            x_prev: vec![0.0; dim],
            f_prev: vec![0.0; dim],
            has_prev: false,
            dx: vec![0.0; dim * memory],
            df: vec![0.0; dim * memory],
            stored: 0,
            head: 0,
            f: vec![0.0; dim],
            gram_full: vec![0.0; memory * memory],
            gram: vec![0.0; memory * memory],
            rhs: vec![0.0; memory],
            gamma: vec![0.0; memory],
        }
    }

    /// Vector length this accelerator was built for.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The mixing weight β.
    pub fn mixing(&self) -> f64 {
        self.mixing
    }

    /// Change the mixing weight β (the stored differences stay valid).
    pub fn set_mixing(&mut self, mixing: f64) {
        self.mixing = mixing;
    }

    /// Forget the history (call when the map changes, e.g. a new policy).
    pub fn reset(&mut self) {
        self.has_prev = false;
        self.stored = 0;
        self.head = 0;
    }

    /// Overwrite `x` (the current iterate) with the next one, given `gx = g(x)`.
    ///
    /// # Panics
    /// If `x` or `gx` does not have length [`Anderson::dim`] (a programming error).
    #[track_caller]
    pub fn step(&mut self, x: &mut [f64], gx: &[f64]) {
        assert_eq!(x.len(), self.dim, "Anderson::step: x has the wrong length");
        assert_eq!(
            gx.len(),
            self.dim,
            "Anderson::step: gx has the wrong length"
        );
        let n = self.dim;
        let beta = self.mixing;
        for ((f, &g), &xi) in self.f.iter_mut().zip(gx).zip(x.iter()) {
            *f = g - xi;
        }
        if self.memory == 0 {
            for (xi, &f) in x.iter_mut().zip(&self.f) {
                *xi += beta * f;
            }
            return;
        }
        if self.has_prev {
            // Store Δx = x - x_prev and Δf = f - f_prev in the ring.
            let col = self.head;
            let (dxc, dfc) = (
                &mut self.dx[col * n..(col + 1) * n],
                &mut self.df[col * n..(col + 1) * n],
            );
            for i in 0..n {
                dxc[i] = x[i] - self.x_prev[i];
                dfc[i] = self.f[i] - self.f_prev[i];
            }
            self.head = (self.head + 1) % self.memory;
            self.stored = (self.stored + 1).min(self.memory);
            // Only the new column's inner products change.
            let mm = self.memory;
            for other in 0..self.stored {
                let v = dot(
                    &self.df[col * n..(col + 1) * n],
                    &self.df[other * n..(other + 1) * n],
                );
                self.gram_full[col * mm + other] = v;
                self.gram_full[other * mm + col] = v;
            }
        }
        self.x_prev.copy_from_slice(x);
        self.f_prev.copy_from_slice(&self.f);
        self.has_prev = true;

        let m = self.stored;
        let ok = m > 0 && self.solve_least_squares(m);
        // x_{k+1} = x_k + β f_k − Σ γ_i (Δx_i + β Δf_i)
        for (xi, &f) in x.iter_mut().zip(&self.f) {
            *xi += beta * f;
        }
        if ok {
            for c in 0..m {
                let g = self.gamma[c];
                let dxc = &self.dx[c * n..(c + 1) * n];
                let dfc = &self.df[c * n..(c + 1) * n];
                for i in 0..n {
                    x[i] -= g * (dxc[i] + beta * dfc[i]);
                }
            }
        } else if m > 0 {
            // Ill-conditioned history: restart from this point.
            self.stored = 0;
            self.head = 0;
        }
    }

    /// Solve the regularised normal equations (ΔFᵀΔF + εI) γ = ΔFᵀ f for the first `m`
    /// stored columns. Returns false when the system is unusable.
    fn solve_least_squares(&mut self, m: usize) -> bool {
        let n = self.dim;
        let mm = self.memory;
        let mut max_diag: f64 = 0.0;
        for a in 0..m {
            let ca = &self.df[a * n..(a + 1) * n];
            self.rhs[a] = dot(ca, &self.f);
            for b in 0..m {
                self.gram[a * m + b] = self.gram_full[a * mm + b];
            }
            max_diag = max_diag.max(self.gram[a * m + a]);
        }
        if !(max_diag.is_finite() && max_diag > 0.0) {
            return false;
        }
        let eps = 1e-12 * max_diag;
        for a in 0..m {
            self.gram[a * m + a] += eps;
        }
        // Cholesky of the m×m Gram matrix in place, then two triangular solves.
        if crate::linalg::cholesky_in_place(m, &mut self.gram[..m * m], 0.0, &mut Vec::new())
            .is_none()
        {
            return false;
        }
        self.gamma[..m].copy_from_slice(&self.rhs[..m]);
        crate::linalg::cholesky_solve(m, &self.gram[..m * m], &mut self.gamma[..m]);
        let gnorm: f64 = self.gamma[..m].iter().map(|g| g.abs()).sum();
        gnorm.is_finite() && gnorm < 1e8
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A linear contraction x = A x + b with spectral radius close to 1 converges far faster
    /// with acceleration than without.
    #[test]
    fn accelerates_a_slow_linear_contraction() {
        let n = 20;
        let iterate = |memory: usize| {
            let mut acc = Anderson::new(n, memory, 1.0);
            let mut x = vec![0.0; n];
            let mut gx = vec![0.0; n];
            for it in 1..=5000 {
                for i in 0..n {
                    // A = 0.98 * cyclic shift averaged, b = i-dependent.
                    gx[i] = 0.49 * (x[(i + 1) % n] + x[(i + n - 1) % n]) + (i as f64) * 0.01;
                }
                let res: f64 = gx
                    .iter()
                    .zip(&x)
                    .map(|(g, x)| (g - x).abs())
                    .fold(0.0, f64::max);
                if res < 1e-10 {
                    return it;
                }
                acc.step(&mut x, &gx);
            }
            5000
        };
        let plain = iterate(0);
        let accelerated = iterate(5);
        let full = iterate(25);
        // With memory at least the dimension, Anderson on a linear map is GMRES in disguise.
        assert!(full <= 30, "full-memory Anderson took {full}");
        assert!(
            accelerated * 3 < plain,
            "plain {plain}, accelerated {accelerated}"
        );
    }

    #[test]
    fn reset_forgets_history() {
        let mut acc = Anderson::new(1, 3, 1.0);
        let mut x = vec![0.0];
        acc.step(&mut x, &[1.0]);
        acc.step(&mut x, &[1.5]);
        acc.reset();
        assert_eq!(acc.stored, 0);
        let mut y = vec![2.0];
        acc.step(&mut y, &[3.0]);
        assert_eq!(y[0], 3.0);
    }
}
