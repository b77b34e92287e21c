//! Small synthetic states for tests, examples and benchmarks.

use crate::state::State;
use crate::OssaDims;

/// SplitMix64, so that this module needs no dependency.
struct Rng(u64);

impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }
}

fn codes(prefix: &str, k: usize) -> Vec<String> {
    (0..k).map(|i| format!("{prefix}{i}")).collect()
}

/// A random state of `n` regions and `s` industries: unequal sizes, home bias, tariffs up to
/// 30 %, σ in [2, 8], and trade imbalances (it is not an equilibrium with balanced trade:
/// purge it with [`crate::purge`] for one).
///
/// # Panics
/// If `n < 2` or `s == 0`.
pub fn random_state(seed: u64, n: usize, s: usize) -> State {
    assert!(n >= 2 && s >= 1);
    let mut rng = Rng(seed);
    let d = OssaDims { n, s };
    let size: Vec<f64> = (0..n).map(|_| rng.range(0.5, 4.0)).collect();
    let sigma: Vec<f64> = (0..s).map(|_| rng.range(2.0, 8.0)).collect();
    let mut trade = vec![0.0; d.cube_len()];
    let mut tariff = vec![0.0; d.cube_len()];
    for k in 0..s {
        for j in 0..n {
            for i in 0..n {
                let c = d.ijs(i, j, k);
                if i == j {
                    trade[c] = size[i] * rng.range(5.0, 15.0);
                } else {
                    trade[c] = size[i] * size[j] * rng.range(0.1, 1.5);
                    tariff[c] = rng.range(0.0, 0.3);
                }
            }
        }
    }
    State::new(codes("R", n), codes("s", s), sigma, trade, tariff).expect("valid by construction")
}

/// `n` identical regions and `s` industries with σ = 3, 4, …, symmetric flows and a uniform
/// tariff `t` on every cross-border flow: balanced trade, so it is an equilibrium of itself.
///
/// # Panics
/// If `n < 2` or `s == 0`.
pub fn symmetric_state(n: usize, s: usize, t: f64) -> State {
    assert!(n >= 2 && s >= 1);
    let d = OssaDims { n, s };
    let mut trade = vec![0.0; d.cube_len()];
    let mut tariff = vec![0.0; d.cube_len()];
    for k in 0..s {
        for j in 0..n {
            for i in 0..n {
                let c = d.ijs(i, j, k);
                if i == j {
                    trade[c] = 10.0 + k as f64;
                } else {
                    trade[c] = 2.0 + 0.5 * k as f64;
                    tariff[c] = t;
                }
            }
        }
    }
    let sigma = (0..s).map(|k| 3.0 + k as f64).collect();
    State::new(codes("R", n), codes("s", s), sigma, trade, tariff).expect("valid by construction")
}
