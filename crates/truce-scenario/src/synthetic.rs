//! The synthetic stand-in for the `world2024` dataset: the user-facing dataset
//! `synthetic-world2024` (`truce … --dataset synthetic-world2024`), also used by tests,
//! benchmarks and examples because it needs no data files.
//!
//! It has `world2024`'s 11 regions and 11 sectors in order, and an exact equilibrium of the
//! model (solved and re-based, so a zero shock changes nothing). **Its numbers are synthetic**
//! except the US–China bilateral sector flows, which follow the ICAEW 2024 breakdown of US
//! goods trade with China (`world2024_facts.csv` S01–S28; splits of ICAEW's combined
//! "machinery, electrical and electronic" group and of "other goods" are the fixture's own).
//! Its tariffs are the record's state on 31 December 2024 ([`crate::record_state`]) from
//! pre-war tariffs that are the 1 January 2018 HS6 schedule means by sector for the US's and
//! China's imports from everyone, and 3 % on goods for every other importer; so replaying the
//! record does not count the 2018–2024 measures twice. Flows are in USD bn.

// Index loops follow the model's [n][i][j] layouts, as in truce-model.
#![allow(clippy::needless_range_loop)]

use crate::compile::World;
use crate::date::Date;
use crate::record;
use crate::summary::SECTORS;
use std::sync::{Arc, OnceLock};
use truce_model::cp2015::Engine;
use truce_model::{Baseline, BaselineInputs, Dims, Policy, Region, Sector};

/// The world2024 region codes, in order.
pub const REGIONS: [&str; 11] = [
    "USA", "CHN", "EU27", "JPN", "KOR", "TWN", "VNM", "MEX", "CAN", "IND", "ROW",
];

/// One flow unit of the synthetic world is this many USD bn.
pub const FLOW_UNIT_USD_BN: f64 = 1.0;

/// Date of the synthetic world's tariffs.
pub const BASELINE_DATE: Date = Date::constant(2024, 12, 31);

/// Synthetic GDP-like sizes (USD bn, rounded stylised values).
const SIZE: [f64; 11] = [
    29_000.0, 18_700.0, 19_400.0, 4_000.0, 1_900.0, 800.0, 480.0, 1_850.0, 2_200.0, 3_900.0,
    28_000.0,
];
/// Synthetic trade elasticities by sector (stylised, in the range of Caliendo–Parro 2015).
const THETA: [f64; 11] = [8.0, 13.5, 5.6, 4.8, 6.6, 3.0, 5.0, 6.0, 4.0, 5.0, 5.0];
/// Synthetic goods-sector weights of cross-border trade.
const TRADE_WEIGHT: [f64; 11] = [
    0.08, 0.10, 0.06, 0.14, 0.08, 0.13, 0.14, 0.07, 0.09, 0.08, 0.03,
];
/// US imports from China by sector, 2024, USD bn (ICAEW via facts S01–S13; see module docs).
const US_FROM_CHN: [f64; 11] = [
    6.0, 2.0, 37.0, 61.0, 25.0, 45.0, 117.0, 44.0, 17.0, 85.0, 10.0,
];
/// US exports to China by sector, 2024, USD bn (ICAEW via facts S20–S28; see module docs).
const US_TO_CHN: [f64; 11] = [
    23.0, 15.0, 3.0, 24.0, 7.0, 12.0, 11.0, 5.0, 15.0, 29.0, 10.0,
];

fn raw_inputs(tariff_override: Option<&[f64]>) -> BaselineInputs {
    let d = Dims { n: 11, j: 11 };
    let regions = REGIONS
        .iter()
        .map(|c| Region {
            code: c.to_string(),
            name: c.to_string(),
        })
        .collect();
    let sectors = SECTORS
        .iter()
        .map(|c| Sector {
            code: c.to_string(),
            name: c.to_string(),
            tradable: true,
        })
        .collect();
    let mut inp = BaselineInputs {
        regions,
        sectors,
        theta: THETA.to_vec(),
        flows: vec![0.0; d.cube_len()],
        tariff: vec![0.0; d.cube_len()],
        export_tax: vec![0.0; d.cube_len()],
        va_share: vec![0.0; d.nj_len()],
        io_share: vec![0.0; d.io_len()],
        alpha: vec![0.0; d.nj_len()],
    };
    for j in 0..d.j {
        for n in 0..d.n {
            for i in 0..d.n {
                let c = d.nij(n, i, j);
                if n == i {
                    // Domestic sales: most of a sector's absorption.
                    let dom = if SECTORS[j] == "SERVICES" { 0.55 } else { 0.05 };
                    inp.flows[c] = SIZE[n] * dom;
                } else {
                    inp.flows[c] = 2.5e-5 * (SIZE[n] * SIZE[i]).powf(0.8) * TRADE_WEIGHT[j];
                }
            }
        }
    }
    for j in 0..d.j {
        inp.flows[d.nij(0, 1, j)] = US_FROM_CHN[j];
        inp.flows[d.nij(1, 0, j)] = US_TO_CHN[j];
    }
    if let Some(t) = tariff_override {
        inp.tariff = t.to_vec();
    }
    for n in 0..d.n {
        for j in 0..d.j {
            let va = if SECTORS[j] == "SERVICES" {
                0.6
            } else {
                0.3 + 0.02 * j as f64
            };
            inp.va_share[d.nj(n, j)] = va;
            for k in 0..d.j {
                // Services supply 40 % of intermediate inputs, the own sector 20 %, the
                // other sectors the rest (then scaled to 1 − va).
                inp.io_share[d.nkj(n, k, j)] = if SECTORS[k] == "SERVICES" {
                    0.4
                } else if k == j {
                    0.2
                } else {
                    0.4 / 9.0
                };
            }
            // Normalise input weights to 1 − va.
            let s: f64 = (0..d.j).map(|k| inp.io_share[d.nkj(n, k, j)]).sum();
            for k in 0..d.j {
                inp.io_share[d.nkj(n, k, j)] *= (1.0 - va) / s;
            }
            inp.alpha[d.nj(n, j)] = if SECTORS[j] == "SERVICES" { 0.6 } else { 0.04 };
        }
    }
    inp
}

fn equilibrate(inp: BaselineInputs) -> Baseline {
    let raw = Arc::new(Baseline::new(inp).expect("the synthetic inputs are valid"));
    let p = Policy::baseline(&raw);
    let eq = Engine::new(raw.clone())
        .solve(&p, None, &mut truce_solve::NoObserver)
        .expect("the synthetic world solves");
    eq.rebase(&raw, &p).expect("re-based world is valid")
}

/// The synthetic pre-war tariffs: the 1 January 2018 schedule means by sector for the US's and
/// China's imports (their MFN schedules apply to every partner), 3 % on goods elsewhere, none
/// on services.
fn prewar_tariffs() -> Vec<f64> {
    let d = Dims { n: 11, j: 11 };
    let mut t = vec![0.0; d.cube_len()];
    for (j, code) in SECTORS.iter().enumerate() {
        for n in 0..d.n {
            let mfn = match REGIONS[n] {
                side @ ("USA" | "CHN") => record::schedule_mean(side, record::PREWAR, code)
                    .flatten()
                    .map(|m| m / 100.0),
                _ => (*code != "SERVICES").then_some(0.03),
            };
            for i in (0..d.n).filter(|&i| i != n) {
                t[d.nij(n, i, j)] = mfn.unwrap_or(0.0);
            }
        }
    }
    t
}

/// The record's tariffs on the baseline date for the flows of `b`.
fn record_tariffs(b: &Baseline) -> Vec<f64> {
    crate::record_state::record_state(
        &World::of(b),
        Some(FLOW_UNIT_USD_BN),
        &prewar_tariffs(),
        BASELINE_DATE,
    )
    .expect("the record evaluates on the synthetic world")
    .tariff
}

/// The synthetic world2024 stand-in (built once, then shared).
///
/// # Example
/// ```
/// let b = truce_scenario::synthetic::synthetic_world2024();
/// assert_eq!(b.regions()[1].code, "CHN");
/// assert_eq!(b.sectors()[10].code, "SERVICES");
/// ```
pub fn synthetic_world2024() -> Arc<Baseline> {
    static B: OnceLock<Arc<Baseline>> = OnceLock::new();
    B.get_or_init(|| {
        // 1. A raw world; 2. the record's state on the baseline date;
        // 3. rebuild and solve to an exact equilibrium. Value-based coverage depends on the
        // flows, which the solve moves, so steps 2–3 are repeated until the tariffs settle.
        let mut b = Baseline::new(raw_inputs(None)).expect("valid");
        for _ in 0..6 {
            let tariffs = record_tariffs(&b);
            b = equilibrate(raw_inputs(Some(&tariffs)));
        }
        Arc::new(b)
    })
    .clone()
}

/// The same world with SERVICES not traded (datasets may mark it either way).
pub fn synthetic_world2024_nontraded_services() -> Arc<Baseline> {
    static B: OnceLock<Arc<Baseline>> = OnceLock::new();
    B.get_or_init(|| {
        let base = synthetic_world2024();
        let mut inp = base.inputs().clone();
        let d = base.dims();
        let s = d.j - 1;
        inp.sectors[s].tradable = false;
        for n in 0..d.n {
            for i in 0..d.n {
                if n != i {
                    let c = d.nij(n, i, s);
                    inp.flows[c] = 0.0;
                    inp.tariff[c] = 0.0;
                }
            }
        }
        Arc::new(equilibrate(inp))
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_world_is_an_equilibrium_with_world2024_codes() {
        let b = synthetic_world2024();
        assert_eq!(
            b.regions()
                .iter()
                .map(|r| r.code.as_str())
                .collect::<Vec<_>>(),
            REGIONS
        );
        assert_eq!(
            b.sectors()
                .iter()
                .map(|s| s.code.as_str())
                .collect::<Vec<_>>(),
            SECTORS
        );
        let p = Policy::baseline(&b);
        let eq = Engine::new(b.clone())
            .solve(&p, None, &mut truce_solve::NoObserver)
            .unwrap();
        for w in &eq.w_hat {
            assert!((w - 1.0).abs() < 1e-8);
        }
        let nt = synthetic_world2024_nontraded_services();
        assert!(!nt.sectors()[10].tradable);
    }
}
