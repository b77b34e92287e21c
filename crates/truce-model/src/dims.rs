//! Regions, sectors and the index layouts every array in truce uses.

use serde::{Deserialize, Serialize};

/// A region (country or aggregate) of a baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// Code: ISO3 where one exists (`USA`, `CHN`), else `EU27`, `ROW`, ….
    pub code: String,
    /// Human-readable name.
    pub name: String,
}

/// A sector of a baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sector {
    /// Short code, e.g. `ELECTRONICS` or the paper's sector number.
    pub code: String,
    /// Human-readable name.
    pub name: String,
    /// Whether the sector is traded. Non-traded sectors have an identity trade-share matrix
    /// and carry no tariffs or export taxes.
    pub tradable: bool,
}

/// Dimensions of a baseline: `n` regions and `j` sectors.
///
/// # Layouts
/// | array | index order | flat index |
/// |---|---|---|
/// | trade cubes (π, τ, t, flows) | sector `j`, importer `n`, exporter `i` | [`Dims::nij`] |
/// | country × sector (γʲₙ, αʲₙ, Xʲₙ, P̂ʲₙ) | region `n`, sector `j` | [`Dims::nj`] |
/// | input–output shares γⁿ_{k,j} | region `n`, input `k`, user `j` | [`Dims::nkj`] |
///
/// The importer-row orientation matches the Caliendo–Parro files (rows are importers) and keeps
/// each price index's sum over exporters contiguous in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dims {
    /// Number of regions.
    pub n: usize,
    /// Number of sectors.
    pub j: usize,
}

impl Dims {
    /// Flat index of trade-cube cell (sector `j`, importer `n`, exporter `i`).
    #[inline]
    pub fn nij(&self, n: usize, i: usize, j: usize) -> usize {
        (j * self.n + n) * self.n + i
    }
    /// Flat index of country × sector cell (`n`, `j`).
    #[inline]
    pub fn nj(&self, n: usize, j: usize) -> usize {
        n * self.j + j
    }
    /// Flat index of input–output cell (region `n`, input sector `k`, using sector `j`).
    #[inline]
    pub fn nkj(&self, n: usize, k: usize, j: usize) -> usize {
        (n * self.j + k) * self.j + j
    }
    /// Length of a trade cube.
    pub fn cube_len(&self) -> usize {
        self.n * self.n * self.j
    }
    /// Length of a country × sector array.
    pub fn nj_len(&self) -> usize {
        self.n * self.j
    }
    /// Length of an input–output array.
    pub fn io_len(&self) -> usize {
        self.n * self.j * self.j
    }
}
