//! Synthetic worlds of any size for the Lashkaripour (2021) model: scale tests and benchmarks.
//!
//! Flows are drawn log-normally with a home bias (domestic sales about 60–90 % of spending),
//! about a fifth of the foreign cells zero, tariffs uniform on [0, 25 %], and elasticities of
//! substitution σ spread from 1.5 to 15 (θ = σ − 1 from 0.5 to 14), sector by sector: the
//! heterogeneous, stiff case on which the packages' solver does not converge (ITPD-S 135 × 154
//! with in-sample elasticities, their README).

use truce_model::{Baseline, BaselineInputs, Dims, Region, Sector};

/// A small deterministic generator (SplitMix64), so that worlds are reproducible everywhere
/// without a dependency.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    /// Seeded generator.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform on [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.uniform().max(1e-300);
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// A synthetic world of `n` regions × `s` sectors (no input–output links), with σ spread
/// evenly over [`sigma_lo`, `sigma_hi`] across sectors in a shuffled order.
///
/// # Panics
/// If `n < 2`, `s < 1` or the σ range is not above 1 (programming errors).
pub fn world(n: usize, s: usize, sigma_lo: f64, sigma_hi: f64, seed: u64) -> Baseline {
    assert!(n >= 2 && s >= 1 && sigma_lo > 1.0 && sigma_hi >= sigma_lo);
    let mut rng = SplitMix::new(seed);
    let d = Dims { n, j: s };
    let size: Vec<f64> = (0..n).map(|_| (1.5 * rng.normal()).exp()).collect();
    let mut flows = vec![0.0; d.cube_len()];
    let mut tariff = vec![0.0; d.cube_len()];
    for k in 0..s {
        let weight = (0.8 * rng.normal()).exp();
        for im in 0..n {
            let home = 0.6 + 0.3 * rng.uniform();
            let mut foreign = vec![0.0; n];
            let mut fsum = 0.0;
            for ex in 0..n {
                if ex != im && rng.uniform() > 0.2 {
                    foreign[ex] = size[ex] * (1.2 * rng.normal()).exp();
                    fsum += foreign[ex];
                }
            }
            let total = size[im] * weight;
            for ex in 0..n {
                let c = d.nij(im, ex, k);
                if ex == im {
                    flows[c] = total * home;
                } else if fsum > 0.0 {
                    flows[c] = total * (1.0 - home) * foreign[ex] / fsum;
                    tariff[c] = 0.25 * rng.uniform();
                }
            }
        }
    }
    let mut sigma: Vec<f64> = (0..s)
        .map(|k| {
            if s == 1 {
                sigma_lo
            } else {
                sigma_lo + (sigma_hi - sigma_lo) * k as f64 / (s - 1) as f64
            }
        })
        .collect();
    for k in (1..s).rev() {
        let r = (rng.next_u64() % (k as u64 + 1)) as usize;
        sigma.swap(k, r);
    }
    let mut alpha = vec![0.0; d.nj_len()];
    for im in 0..n {
        let mut tot = 0.0;
        for k in 0..s {
            let e: f64 = (0..n)
                .map(|ex| (1.0 + tariff[d.nij(im, ex, k)]) * flows[d.nij(im, ex, k)])
                .sum();
            alpha[d.nj(im, k)] = e;
            tot += e;
        }
        for k in 0..s {
            alpha[d.nj(im, k)] /= tot;
        }
    }
    Baseline::new(BaselineInputs {
        regions: (0..n)
            .map(|i| Region {
                code: format!("R{i:03}"),
                name: format!("Region {i}"),
            })
            .collect(),
        sectors: (0..s)
            .map(|k| Sector {
                code: format!("S{k:03}"),
                name: format!("Sector {k}"),
                tradable: true,
            })
            .collect(),
        theta: sigma.iter().map(|v| v - 1.0).collect(),
        flows,
        tariff,
        export_tax: vec![0.0; d.cube_len()],
        va_share: vec![1.0; d.nj_len()],
        io_share: vec![0.0; d.io_len()],
        alpha,
    })
    .expect("a synthetic world is a valid baseline")
}
