//! The calibration: from cited 2024 figures and the 2011 WIOD structure to a baseline that is an
//! exact Caliendo–Parro equilibrium. Every step is described in `docs/world2024.md`; the fact
//! ids in comments point to rows of `data/world2024_facts/facts.csv`, which cite the publisher.
//!
//! Steps:
//! 1. 2024 margins from the facts (GDP, goods and services totals, bilateral goods cells,
//!    US–China by sector), converted to USD bn.
//! 2. The 2011 structure mapped to 11 regions × 11 sectors: electronics and electrical
//!    equipment split by a cited share φ, Viet Nam given China's 2011 structure.
//! 3. A prior trade cube: 2011 source shares × 2011-structure absorption scaled to 2024 GDP.
//! 4. Iterative proportional fitting of the off-diagonal cells to the 2024 margins.
//! 5. Gross output = 2024 GDP × 2011 value-added structure ÷ value-added ratios, raised where
//!    exports would exceed it; domestic sales = gross output − exports.
//! 6. Tariffs: the US–China record's state on 20 January 2025 (see [`crate::tariffs`]).
//! 7. Final-demand shares α = the 2011 shares; input–output coefficients RAS-balanced so that
//!    CP2015 eq. (13) holds cell by cell, which makes the table an equilibrium.

use crate::balance::{ipf, ras, BalanceFailure, IpfInfo};
use crate::classification::*;
use crate::facts::{Facts, Fig, Structure};
use crate::prior::{us_china_by_sector, Prior};
use crate::report::{Margin, OutputFloor, RasInfo, UsChinaSector};
use crate::targets::Targets;
use crate::tariffs::{self, TariffSummary};
use crate::theta;
use std::path::{Path, PathBuf};
use truce_data::{DataError, DataErrorKind};
use truce_model::{Baseline, BaselineInputs, Region, Sector};

/// Tolerance of the trade-table IPF (relative, every constraint).
pub const IPF_TOL: f64 = 1e-12;
/// Tolerance of the input–output RAS (relative, every row and column).
pub const RAS_TOL: f64 = 1e-13;
const MAX_SWEEPS: usize = 50_000;

/// Where the two input tables are, for messages.
#[derive(Debug, Clone)]
pub(crate) struct Sources {
    pub facts: PathBuf,
    pub structure: PathBuf,
}

/// Everything the calibration produced besides the baseline, for the report.
#[derive(Debug, Clone)]
pub(crate) struct Calibrated {
    pub baseline: Baseline,
    pub margins: Vec<Margin>,
    pub us_china: Vec<UsChinaSector>,
    pub tariffs: TariffSummary,
    pub ipf: IpfInfo,
    pub ras: Vec<RasInfo>,
    pub output_floor: Vec<OutputFloor>,
    pub electronics_share: Fig,
    pub home_share_floor: (f64, String),
}

/// Run the calibration.
pub(crate) fn calibrate(
    facts: &Facts,
    s: &Structure,
    src: &Sources,
) -> Result<Calibrated, DataError> {
    let t = Targets::new(facts)?;
    let prior = Prior::new(facts, s, &t.gdp, &src.structure)?;
    let d = DIMS;

    // --- US–China by sector: fixed cells of the IPF. -------------------------------------
    let (us_from_chn, chn_from_us) = us_china_by_sector(facts, &prior)?;
    let mut x = prior.flows.clone();
    let mut fixed = vec![false; d.cube_len()];
    for j in GOODS {
        x[d.nij(USA, CHN, j)] = us_from_chn[j];
        x[d.nij(CHN, USA, j)] = chn_from_us[j];
        fixed[d.nij(USA, CHN, j)] = true;
        fixed[d.nij(CHN, USA, j)] = true;
    }
    // B31, B32: BEA services trade with China (the only bilateral services cells used).
    let svc_to_chn = facts.usd_bn("B31", "US services exports to China")?;
    let svc_from_chn = facts.usd_bn("B32", "US services imports from China")?;
    x[d.nij(CHN, USA, SERVICES)] = svc_to_chn.value;
    x[d.nij(USA, CHN, SERVICES)] = svc_from_chn.value;
    fixed[d.nij(CHN, USA, SERVICES)] = true;
    fixed[d.nij(USA, CHN, SERVICES)] = true;

    // --- IPF of the off-diagonal cells to the 2024 margins. ------------------------------
    let (sums, balances) = t.constraints();
    let info = ipf(&mut x, &fixed, &sums, &balances, IPF_TOL, MAX_SWEEPS)
        .map_err(|e| balance_error(&src.facts, "trade table (IPF)", e))?;

    // --- Gross output and domestic sales. -------------------------------------------------
    let mut y = prior.y;
    let h = prior.home_share_floor.0;
    let mut output_floor = Vec::new();
    for n in 0..N {
        let mut dva = 0.0;
        for j in GOODS {
            let ex = exports(&x, n, j);
            if ex > (1.0 - h) * y[n][j] {
                let raised = ex / (1.0 - h);
                dva += prior.va_ratio[n][j] * (raised - y[n][j]);
                output_floor.push(OutputFloor {
                    region: REGIONS[n].0.into(),
                    sector: SECTORS[j].0.into(),
                    prior_output: y[n][j],
                    exports: ex,
                    output: raised,
                });
                y[n][j] = raised;
            }
        }
        if dva > 0.0 {
            // Keep value added at the GDP target: services give way.
            let before = y[n][SERVICES];
            y[n][SERVICES] -= dva / prior.va_ratio[n][SERVICES];
            output_floor.push(OutputFloor {
                region: REGIONS[n].0.into(),
                sector: SECTORS[SERVICES].0.into(),
                prior_output: before,
                exports: exports(&x, n, SERVICES),
                output: y[n][SERVICES],
            });
        }
    }
    for n in 0..N {
        for j in 0..J {
            let home = y[n][j] - exports(&x, n, j);
            if home.is_nan() || home <= 0.0 {
                return Err(DataError::file(
                    &src.facts,
                    DataErrorKind::BadValue {
                        value: format!("{} {}", REGIONS[n].0, SECTORS[j].0),
                        problem: format!(
                            "exports {:.3} exceed gross output {:.3} (USD bn) after the output \
                             floor; the region's trade totals and GDP in the facts disagree",
                            exports(&x, n, j),
                            y[n][j]
                        ),
                    },
                ));
            }
            x[d.nij(n, n, j)] = home;
        }
    }
    let flows = x;

    // --- Tariffs. ---------------------------------------------------------------------------
    let tariffs::Tariffs {
        model: tariff,
        statutory,
        summary: tariff_summary,
    } = tariffs::baseline_tariffs(facts, &flows, &src.facts)?;

    // --- Final demand and input–output coefficients (CP2015 eq. (13) cell by cell). -------
    // Xʲₙ = Σᵢ(1+τ)Mʲₙᵢ; Iₙ = VAₙ + Rₙ + Dₙ; αʲₙIₙ = final demand; Σₖγⁿ_{j,k}Yᵏₙ = Xʲₙ − αʲₙIₙ.
    let mut io_share = vec![0.0; d.io_len()];
    let mut ras_info = Vec::new();
    for n in 0..N {
        let mut xs = [0.0; J];
        let mut ys = [0.0; J];
        let (mut va, mut rev, mut imp, mut exp) = (0.0, 0.0, 0.0, 0.0);
        for j in 0..J {
            for i in 0..N {
                let c = d.nij(n, i, j);
                xs[j] += (1.0 + tariff[c]) * flows[c];
                rev += tariff[c] * flows[c];
                if i != n {
                    imp += flows[c];
                    exp += flows[d.nij(i, n, j)];
                }
                ys[j] += flows[d.nij(i, n, j)];
            }
        }
        for j in 0..J {
            va += prior.va_ratio[n][j] * ys[j];
        }
        let income = va + rev + (imp - exp);
        let rows: Vec<f64> = (0..J).map(|j| xs[j] - prior.beta[n][j] * income).collect();
        let cols: Vec<f64> = (0..J)
            .map(|k| (1.0 - prior.va_ratio[n][k]) * ys[k])
            .collect();
        if let Some(j) = (0..J).find(|&j| rows[j] < 0.0) {
            return Err(DataError::file(
                &src.structure,
                DataErrorKind::BadValue {
                    value: format!("{} {}", REGIONS[n].0, SECTORS[j].0),
                    problem: format!(
                        "absorption {:.3} is below final demand {:.3} (USD bn) at the 2011 \
                         final-demand share; the input–output table cannot be balanced",
                        xs[j],
                        prior.beta[n][j] * income
                    ),
                },
            ));
        }
        let mut z = vec![0.0; J * J];
        for k in 0..J {
            for jj in 0..J {
                z[k * J + jj] = prior.io[d.nkj(n, k, jj)] * ys[jj];
            }
        }
        let info = ras(&mut z, &rows, &cols, RAS_TOL, MAX_SWEEPS).map_err(|e| {
            balance_error(
                &src.structure,
                &format!("input–output table of {} (RAS)", REGIONS[n].0),
                e,
            )
        })?;
        let mut max_change: f64 = 0.0;
        for k in 0..J {
            for jj in 0..J {
                let c = d.nkj(n, k, jj);
                io_share[c] = z[k * J + jj] / ys[jj];
                max_change = max_change.max((io_share[c] - prior.io[c]).abs());
            }
        }
        ras_info.push(RasInfo {
            region: REGIONS[n].0.to_string(),
            info,
            max_coefficient_change: max_change,
        });
    }

    let mut va_share = vec![0.0; d.nj_len()];
    let mut alpha = vec![0.0; d.nj_len()];
    for n in 0..N {
        for j in 0..J {
            va_share[d.nj(n, j)] = prior.va_ratio[n][j];
            alpha[d.nj(n, j)] = prior.beta[n][j];
        }
    }
    let baseline = Baseline::new(BaselineInputs {
        regions: REGIONS
            .iter()
            .map(|(c, name)| Region {
                code: (*c).into(),
                name: (*name).into(),
            })
            .collect(),
        sectors: SECTORS
            .iter()
            .map(|(c, name, _)| Sector {
                code: (*c).into(),
                name: (*name).into(),
                tradable: true,
            })
            .collect(),
        theta: theta::THETA.iter().map(|t| t.theta).collect(),
        flows,
        tariff,
        export_tax: vec![0.0; d.cube_len()],
        va_share,
        io_share,
        alpha,
    })
    .map_err(|e| DataError::file(&src.facts, DataErrorKind::Model(e)))?;

    let margins = t.margins(&baseline, &svc_to_chn, &svc_from_chn);
    let us_china = (GOODS)
        .map(|j| UsChinaSector {
            sector: SECTORS[j].0.into(),
            us_imports_from_chn: baseline.flows()[d.nij(USA, CHN, j)],
            us_tariff_pct: 100.0 * baseline.tariff()[d.nij(USA, CHN, j)],
            us_statutory_pct: 100.0 * statutory[d.nij(USA, CHN, j)],
            chn_statutory_pct: 100.0 * statutory[d.nij(CHN, USA, j)],
            chn_imports_from_us: baseline.flows()[d.nij(CHN, USA, j)],
            chn_tariff_pct: 100.0 * baseline.tariff()[d.nij(CHN, USA, j)],
        })
        .collect();
    Ok(Calibrated {
        baseline,
        margins,
        us_china,
        tariffs: tariff_summary,
        ipf: info,
        ras: ras_info,
        output_floor,
        electronics_share: prior.phi,
        home_share_floor: prior.home_share_floor,
    })
}

/// Σ_{n≠i} Mʲₙᵢ: exports of region `i` in sector `j` (off-diagonal cells of `x`).
fn exports(x: &[f64], i: usize, j: usize) -> f64 {
    (0..N)
        .filter(|&n| n != i)
        .map(|n| x[DIMS.nij(n, i, j)])
        .sum()
}

fn balance_error(file: &Path, what: &str, e: BalanceFailure) -> DataError {
    let (value, problem) = match e {
        BalanceFailure::Infeasible { label, detail } => (
            label,
            format!(
                "the {what} cannot meet this target ({detail}): the figures it combines \
                 contradict each other; check the fact ids in the label"
            ),
        ),
        BalanceFailure::NotConverged {
            label,
            sweeps,
            error,
        } => (
            label,
            format!(
                "the {what} did not converge in {sweeps} sweeps (relative error {error:.2e}); \
                 the targets are probably inconsistent"
            ),
        ),
    };
    DataError::file(file, DataErrorKind::BadValue { value, problem })
}
