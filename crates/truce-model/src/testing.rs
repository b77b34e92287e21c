//! Small, model-consistent worlds for tests, examples and benchmarks.
//!
//! Each builder draws raw data, solves the model once with every instrument at its base level
//! (keeping the drawn deficits), and re-bases on the solution (CP2015 §4.2), so the result is an
//! exact equilibrium: a zero shock returns every hat equal to one.

use crate::baseline::{Baseline, BaselineInputs};
use crate::cp2015::Engine;
use crate::dims::{Dims, Region, Sector};
use crate::policy::Policy;
use std::sync::Arc;

/// SplitMix64: a tiny seeded generator, so this module needs no dependency.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// Seeded generator.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    /// Next uniform draw in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform draw in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }
}

fn regions(n: usize) -> Vec<Region> {
    (0..n)
        .map(|i| Region {
            code: format!("R{i:02}"),
            name: format!("Region {i}"),
        })
        .collect()
}

/// `n` identical regions and `j` sectors (the last one non-traded when `j ≥ 2`), symmetric
/// flows and a 5 % tariff on every cross-border flow of traded sectors.
///
/// # Panics
/// If `n` or `j` is zero.
pub fn symmetric_world(n: usize, j: usize) -> Baseline {
    assert!(n > 0 && j > 0);
    let d = Dims { n, j };
    let sectors: Vec<Sector> = (0..j)
        .map(|s| Sector {
            code: format!("S{s:02}"),
            name: format!("Sector {s}"),
            tradable: j == 1 || s + 1 < j,
        })
        .collect();
    let mut inp = BaselineInputs {
        regions: regions(n),
        theta: (0..j).map(|s| 4.0 + s as f64).collect(),
        flows: vec![0.0; d.cube_len()],
        tariff: vec![0.0; d.cube_len()],
        export_tax: vec![0.0; d.cube_len()],
        va_share: vec![0.0; d.nj_len()],
        io_share: vec![0.0; d.io_len()],
        alpha: vec![0.0; d.nj_len()],
        sectors,
    };
    for s in 0..j {
        for a in 0..n {
            for b in 0..n {
                let c = d.nij(a, b, s);
                if a == b {
                    inp.flows[c] = 10.0 + s as f64;
                } else if inp.sectors[s].tradable {
                    inp.flows[c] = 2.0 + 0.5 * s as f64;
                    inp.tariff[c] = 0.05;
                }
            }
        }
    }
    for a in 0..n {
        for s in 0..j {
            inp.va_share[d.nj(a, s)] = 0.4 + 0.1 * (s % 3) as f64;
            inp.alpha[d.nj(a, s)] = 1.0 / j as f64;
            for k in 0..j {
                inp.io_share[d.nkj(a, k, s)] = (1.0 - inp.va_share[d.nj(a, s)]) / j as f64;
            }
        }
    }
    equilibrate(inp)
}

/// A random world of `n` regions and `j` sectors from `seed`: tariffs up to 20 %, unequal
/// sizes, about 10 % of cross-border pairs without trade, random input–output tables, trade
/// deficits within 30 % of each region's value added, and (when `j ≥ 2`) a non-traded last
/// sector.
///
/// # Panics
/// If `n` or `j` is zero.
pub fn random_world(seed: u64, n: usize, j: usize) -> Baseline {
    assert!(n > 0 && j > 0);
    // Redraw (deterministically) until every region's trade deficit lies within 30 % of its
    // value added: a random table can otherwise give a small region a surplus larger than its
    // income (negative final absorption), a world no data set describes and in which the
    // model's equilibrium is not even unique.
    (0u64..)
        .map(|attempt| draw_world(seed.wrapping_add(attempt.wrapping_mul(0x9E37_79B9)), n, j))
        .find(|inp| {
            let b = Baseline::new(inp.clone()).expect("generated inputs are valid");
            (0..n).all(|r| b.deficit()[r].abs() <= 0.3 * b.value_added()[r])
        })
        .map(equilibrate)
        .expect("an acceptable world is drawn")
}

/// A random world (as [`random_world`], `n ≥ 2`, `j ≥ 2`) whose sector 0 is a small,
/// concentrated input — the shape of rare earths: it is 0.2–2 % of every sector's costs,
/// region 0 produces most of it (its output is 20–40 times any other region's) and supplies
/// most other regions' imports of it. For tests of the critical-input nest.
///
/// # Panics
/// If `n < 2` or `j < 2`.
pub fn critical_world(seed: u64, n: usize, j: usize) -> Baseline {
    assert!(n >= 2 && j >= 2);
    let d = Dims { n, j };
    (0u64..)
        .map(|attempt| {
            let s = seed.wrapping_add(attempt.wrapping_mul(0x9E37_79B9));
            let mut inp = draw_world(s, n, j);
            let mut rng = SplitMix64::new(s ^ 0xC0FF_EE00);
            for a in 0..n {
                for u in 0..j {
                    let va = inp.va_share[d.nj(a, u)];
                    let share = rng.range(0.002, 0.02);
                    let others: f64 = (1..j).map(|k| inp.io_share[d.nkj(a, k, u)]).sum();
                    let scale = (1.0 - va - share) / others;
                    inp.io_share[d.nkj(a, 0, u)] = share;
                    for k in 1..j {
                        inp.io_share[d.nkj(a, k, u)] *= scale;
                    }
                }
                // Sector 0 is a small final good too.
                let al = inp.alpha[d.nj(a, 0)] * 0.02;
                let rest: f64 = (1..j).map(|k| inp.alpha[d.nj(a, k)]).sum();
                inp.alpha[d.nj(a, 0)] = al;
                for k in 1..j {
                    inp.alpha[d.nj(a, k)] *= (1.0 - al) / rest;
                }
            }
            // Flows of sector 0: region 0 supplies everyone; the others make a little.
            for a in 0..n {
                for b in 0..n {
                    let c = d.nij(a, b, 0);
                    inp.flows[c] = if b == 0 {
                        rng.range(2.0, 4.0)
                    } else if a == b {
                        rng.range(0.1, 0.2)
                    } else if rng.uniform() < 0.5 {
                        rng.range(0.005, 0.02)
                    } else {
                        0.0
                    };
                }
            }
            inp
        })
        .filter(|inp| {
            let b = Baseline::new(inp.clone()).expect("generated inputs are valid");
            (0..n).all(|r| b.deficit()[r].abs() <= 0.3 * b.value_added()[r])
        })
        .find_map(try_equilibrate)
        .expect("an acceptable world is drawn")
}

/// One draw of [`random_world`]'s raw inputs. Bilateral flows are symmetric up to ±20 %, so
/// imports and exports are of the same order.
fn draw_world(seed: u64, n: usize, j: usize) -> BaselineInputs {
    let mut rng = SplitMix64::new(seed);
    let d = Dims { n, j };
    let sectors: Vec<Sector> = (0..j)
        .map(|s| Sector {
            code: format!("S{s:02}"),
            name: format!("Sector {s}"),
            tradable: j == 1 || s + 1 < j,
        })
        .collect();
    let size: Vec<f64> = (0..n).map(|_| rng.range(0.5, 5.0)).collect();
    let mut inp = BaselineInputs {
        regions: regions(n),
        theta: (0..j).map(|_| rng.range(2.0, 12.0)).collect(),
        flows: vec![0.0; d.cube_len()],
        tariff: vec![0.0; d.cube_len()],
        export_tax: vec![0.0; d.cube_len()],
        va_share: vec![0.0; d.nj_len()],
        io_share: vec![0.0; d.io_len()],
        alpha: vec![0.0; d.nj_len()],
        sectors,
    };
    for s in 0..j {
        for a in 0..n {
            inp.flows[d.nij(a, a, s)] = size[a] * rng.range(5.0, 20.0);
            for b in 0..a {
                if !inp.sectors[s].tradable || rng.uniform() <= 0.1 {
                    continue;
                }
                // Geometric-mean sizing, the same base both ways, each way perturbed by ±20 %.
                let base = (size[a] * size[b]).sqrt() * rng.range(0.05, 1.0);
                for (imp, exp) in [(a, b), (b, a)] {
                    let c = d.nij(imp, exp, s);
                    inp.flows[c] = base * rng.range(0.8, 1.2);
                    inp.tariff[c] = rng.range(0.0, 0.2);
                }
            }
        }
    }
    for a in 0..n {
        let mut alpha_sum = 0.0;
        for s in 0..j {
            let va = rng.range(0.25, 0.7);
            inp.va_share[d.nj(a, s)] = va;
            let w: Vec<f64> = (0..j).map(|_| rng.uniform() + 0.05).collect();
            let ws: f64 = w.iter().sum();
            for k in 0..j {
                inp.io_share[d.nkj(a, k, s)] = (1.0 - va) * w[k] / ws;
            }
            let al = rng.range(0.1, 1.0);
            inp.alpha[d.nj(a, s)] = al;
            alpha_sum += al;
        }
        for s in 0..j {
            inp.alpha[d.nj(a, s)] /= alpha_sum;
        }
    }
    inp
}

/// As [`equilibrate`], `None` when the raw draw does not solve (a draw far from any
/// equilibrium; the generator then draws again).
fn try_equilibrate(inp: BaselineInputs) -> Option<Baseline> {
    let raw = Arc::new(Baseline::new(inp).ok()?);
    let policy = Policy::baseline(&raw);
    let eq = Engine::new(raw.clone())
        .solve(&policy, None, &mut truce_solve::NoObserver)
        .ok()?;
    eq.rebase(&raw, &policy).ok()
}

/// Solve raw inputs at base policy (deficits kept) and re-base on the solution.
fn equilibrate(inp: BaselineInputs) -> Baseline {
    let raw = Arc::new(Baseline::new(inp).expect("generated inputs are valid"));
    let policy = Policy::baseline(&raw);
    let eq = Engine::new(raw.clone())
        .solve(&policy, None, &mut truce_solve::NoObserver)
        .expect("generated worlds solve");
    eq.rebase(&raw, &policy).expect("re-based world is valid")
}
