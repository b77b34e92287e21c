//! Dimensions and the index layout of every array in this crate.

/// `n` regions × `s` industries.
///
/// # Layouts
/// | array | paper | index order | flat index |
/// |---|---|---|---|
/// | trade and tariff cubes ($X_{ijs}$, $t_{ijs}$, $m_{ijs}$) | exporter $i$, importer $j$, industry $s$ | `[s][j][i]` | [`OssaDims::ijs`] |
/// | region × industry ($Y_{is}$, $\mu_{js}$, $\lambda_{js}$, $A_{js}$) | region, industry | `[r][s]` | [`OssaDims::rs`] |
///
/// The cube keeps the exporters of one importer–industry pair contiguous, so the price index
/// $A_{js}$ (a sum over exporters) reads one contiguous slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OssaDims {
    /// Number of regions $N$.
    pub n: usize,
    /// Number of industries $S$.
    pub s: usize,
}

impl OssaDims {
    /// Flat index of cube cell (exporter `i`, importer `j`, industry `s`).
    #[inline]
    pub fn ijs(&self, i: usize, j: usize, s: usize) -> usize {
        (s * self.n + j) * self.n + i
    }
    /// Flat index of region × industry cell (`r`, `s`).
    #[inline]
    pub fn rs(&self, r: usize, s: usize) -> usize {
        r * self.s + s
    }
    /// Length of a cube, $N^2 S$.
    pub fn cube_len(&self) -> usize {
        self.n * self.n * self.s
    }
    /// Length of a region × industry array, $NS$.
    pub fn rs_len(&self) -> usize {
        self.n * self.s
    }
    /// Number of unknowns of the equilibrium in changes, $2N$ ($\hat E$ then $\hat w$).
    pub fn unknowns(&self) -> usize {
        2 * self.n
    }
}
