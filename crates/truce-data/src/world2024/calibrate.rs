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
//! 6. Tariffs (see [`super::tariffs`]).
//! 7. Final-demand shares α = the 2011 shares; input–output coefficients RAS-balanced so that
//!    CP2015 eq. (13) holds cell by cell, which makes the table an equilibrium.

use super::balance::{ipf, ras, BalanceConstraint, BalanceFailure, IpfInfo, SumConstraint};
use super::facts::{Facts, Fig, Structure, WJ, WN};
use super::report::{Margin, OutputFloor, RasInfo, UsChinaSector};
use super::tariffs::{self, TariffSummary};
use super::theta;
use crate::error::{DataError, DataErrorKind};
use std::path::{Path, PathBuf};
use truce_model::{Baseline, BaselineInputs, Dims, Region, Sector};

/// Number of regions.
pub const N: usize = 11;
/// Number of sectors.
pub const J: usize = 11;

/// Regions, in index order: code, name.
pub const REGIONS: [(&str, &str); N] = [
    ("USA", "United States"),
    ("CHN", "China"),
    ("EU27", "European Union (27)"),
    ("JPN", "Japan"),
    ("KOR", "Korea, Republic of"),
    ("TWN", "Taiwan"),
    ("VNM", "Viet Nam"),
    ("MEX", "Mexico"),
    ("CAN", "Canada"),
    ("IND", "India"),
    ("ROW", "Rest of the world"),
];

/// Sectors, in index order: code, name, coverage (ISIC Rev.3 as in the WIOD structure; HS as
/// in the US–China product rows).
pub const SECTORS: [(&str, &str, &str); J] = [
    (
        "AGRFOOD",
        "Agriculture, forestry, fishing and food products",
        "ISIC Rev.3 01-05, 15-16; HS 01-24",
    ),
    (
        "MINING",
        "Mining and quarrying incl. oil, gas and rare-earth ores, oxides and metals",
        "ISIC Rev.3 10-14; HS 25-27, rare-earth compounds 2805.30, 2846",
    ),
    (
        "TEXTILES",
        "Textiles, apparel, leather and footwear",
        "ISIC Rev.3 17-19; HS 50-67",
    ),
    (
        "CHEMPHARMA",
        "Chemicals, pharmaceuticals, rubber, plastics and refined petroleum",
        "ISIC Rev.3 23-25; HS 28-40",
    ),
    (
        "METALS",
        "Basic and fabricated metals",
        "ISIC Rev.3 27-28; HS 72-83",
    ),
    (
        "MACHINERY",
        "Machinery and equipment n.e.c.",
        "ISIC Rev.3 29; HS 84 except 8471",
    ),
    (
        "ELECTRONICS",
        "Computers, electronics, semiconductors and instruments",
        "ISIC Rev.3 30, 32-33; HS 8471, 85 except 8501-8507 and 8516",
    ),
    (
        "ELECTRICAL",
        "Electrical equipment incl. batteries, motors and permanent magnets",
        "ISIC Rev.3 31; HS 8501-8507, 8516",
    ),
    (
        "MOTORVEH",
        "Motor vehicles, parts and other transport equipment",
        "ISIC Rev.3 34-35; HS 86-89",
    ),
    (
        "OTHERMFG",
        "Other manufacturing: wood, paper, printing, non-metallic minerals, furniture, toys",
        "ISIC Rev.3 20-22, 26, 36-37; HS 44-49, 68-71, 94-96",
    ),
    (
        "SERVICES",
        "Services, utilities and construction",
        "ISIC Rev.3 40-99",
    ),
];

// Region indices.
pub(crate) const USA: usize = 0;
pub(crate) const CHN: usize = 1;
pub(crate) const EU27: usize = 2;
pub(crate) const JPN: usize = 3;
pub(crate) const KOR: usize = 4;
pub(crate) const TWN: usize = 5;
pub(crate) const VNM: usize = 6;
pub(crate) const MEX: usize = 7;
pub(crate) const CAN: usize = 8;
pub(crate) const IND: usize = 9;
pub(crate) const ROW: usize = 10;
// Sector indices.
pub(crate) const AGRFOOD: usize = 0;
pub(crate) const MINING: usize = 1;
pub(crate) const TEXTILES: usize = 2;
pub(crate) const CHEMPHARMA: usize = 3;
pub(crate) const METALS: usize = 4;
pub(crate) const MACHINERY: usize = 5;
pub(crate) const ELECTRONICS: usize = 6;
pub(crate) const ELECTRICAL: usize = 7;
pub(crate) const MOTORVEH: usize = 8;
pub(crate) const OTHERMFG: usize = 9;
pub(crate) const SERVICES: usize = 10;
/// Goods sectors (all but SERVICES).
pub(crate) const GOODS: std::ops::Range<usize> = 0..SERVICES;

pub(crate) const DIMS: Dims = Dims { n: N, j: J };

/// WIOD 2011 region whose structure region `n` takes: itself, and China for Viet Nam (VNM is
/// inside ROW in WIOD 2013).
const fn wiod_region(n: usize) -> usize {
    [0, 1, 2, 3, 4, 5, 1, 6, 7, 8, 9][n]
}
/// WIOD 2011 broad sector holding sector `j` (ELECTRONICS and ELECTRICAL are one there).
const fn wiod_sector(j: usize) -> usize {
    [0, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9][j]
}
const W_CHN: usize = 1;
const W_ROW: usize = 9;

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
    let (tariff, tariff_summary) = tariffs::baseline_tariffs(facts, &flows)?;

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

// ------------------------------------------------------------------------------------------
// 2024 margins.
// ------------------------------------------------------------------------------------------

/// The 2024 targets, in USD bn.
struct Targets {
    gdp: [Fig; N],
    goods_exports: Vec<(usize, Fig)>,
    goods_imports: Vec<(usize, Fig)>,
    services_exports: Vec<(usize, Fig)>,
    services_imports: Vec<(usize, Fig)>,
    /// (exporter, importer, value, which side reported it).
    bilateral: Vec<(usize, usize, Fig, &'static str)>,
    /// Regions without services figures: their services trade is balanced.
    services_balanced: Vec<usize>,
}

impl Targets {
    fn new(f: &Facts) -> Result<Self, DataError> {
        // Exchange rates. EUR per USD from the OECD's own 2024 EU GDP in both currencies
        // (G06/G05, the same table as X03 = 0.92 rounded); JPY (X01) and CNY (X04) per USD.
        let eur = f
            .get("G06", "EUR bn", "EU27 GDP in euro")?
            .div(&f.usd_bn("G05", "EU27 GDP")?);
        let jpy = f.get("X01", "JPY/USD", "yen per dollar, 2024")?;
        let cny = f.get("X04", "CNY/USD", "yuan per dollar, 2024")?;
        let from_eur = |id: &str, what: &str| -> Result<Fig, DataError> {
            Ok(f.get(id, "EUR bn", what)?.div(&eur))
        };
        let from_jpy_trn = |id: &str, what: &str| -> Result<Fig, DataError> {
            let v = f.get(id, "JPY trn", what)?;
            Ok(Fig::derive(&[&v, &jpy], v.value * 1000.0 / jpy.value))
        };
        let from_cny = |id: &str, what: &str| -> Result<Fig, DataError> {
            Ok(f.get(id, "CNY bn", what)?.div(&cny))
        };
        let usd = |id: &str, what: &str| f.usd_bn(id, what);
        let share_of = |value: &str, pct: &str, what: &str| -> Result<Fig, DataError> {
            let v = f.usd_bn(value, what)?;
            let p = f.get(pct, "percent", what)?;
            Ok(Fig::derive(&[&v, &p], v.value / (p.value / 100.0)))
        };

        // GDP: World Bank WDI 2024 (G01 … G15), OECD for EU27 (G05), Bank of Korea (G08),
        // IMF-derived for Taiwan (G11, low); ROW = world (G16) minus the ten.
        let ids = [
            "G01", "G03", "G05", "G07", "G08", "G11", "G12", "G13", "G14", "G15",
        ];
        let mut ten = Vec::new();
        for (n, id) in ids.iter().enumerate() {
            ten.push(usd(id, &format!("GDP of {}", REGIONS[n].0))?);
        }
        let world = usd("G16", "world GDP")?;
        let mut parts: Vec<&Fig> = vec![&world];
        parts.extend(ten.iter());
        let row_gdp = Fig::derive(
            &parts,
            world.value - ten.iter().map(|g| g.value).sum::<f64>(),
        );
        let mut gdp_vec = ten.clone();
        gdp_vec.push(row_gdp);
        let gdp: [Fig; N] = gdp_vec.try_into().expect("eleven regions");

        // Goods totals, each reporter's own statistics.
        let goods_exports = vec![
            (USA, usd("T01", "US goods exports")?),
            (CHN, usd("T07", "China goods exports")?),
            (EU27, from_eur("T16", "extra-EU goods exports")?),
            (JPN, from_jpy_trn("T21", "Japan goods exports")?),
            (KOR, usd("T25", "Korea goods exports")?),
            (TWN, usd("T27", "Taiwan goods exports")?),
            (VNM, usd("T31", "Viet Nam goods exports")?),
            (MEX, usd("T33", "Mexico goods exports")?),
            // Canada: US imports from Canada (B08) ÷ the US share of Canada's exports (T37).
            (CAN, share_of("B08", "T37", "Canada goods exports")?),
            (IND, usd("T40", "India goods exports, FY2024-25")?),
        ];
        let goods_imports = vec![
            (USA, usd("T02", "US goods imports")?),
            (CHN, usd("T08", "China goods imports")?),
            (EU27, from_eur("T17", "extra-EU goods imports")?),
            (JPN, from_jpy_trn("T22", "Japan goods imports")?),
            (KOR, usd("T26", "Korea goods imports")?),
            (TWN, usd("T28", "Taiwan goods imports")?),
            (VNM, usd("T32", "Viet Nam goods imports")?),
            (MEX, usd("T34", "Mexico goods imports")?),
            // Canada: US exports to Canada (B07) ÷ the US share of Canada's imports (T38).
            (CAN, share_of("B07", "T38", "Canada goods imports")?),
            (IND, usd("T41", "India goods imports, FY2024-25")?),
        ];
        let services_exports = vec![
            (USA, usd("T05", "US services exports")?),
            (CHN, from_cny("T12", "China services exports")?),
            (EU27, from_eur("T19", "extra-EU services exports")?),
            (IND, usd("T42", "India services exports, FY2024-25")?),
        ];
        let services_imports = vec![
            (USA, usd("T06", "US services imports")?),
            (CHN, from_cny("T13", "China services imports")?),
            (EU27, from_eur("T20", "extra-EU services imports")?),
            (IND, usd("T43", "India services imports, FY2024-25")?),
        ];

        // Bilateral goods cells, exporter → importer. Convention: the importer's figure when
        // it is of medium or high confidence; otherwise the exporter's (all of these are high
        // or medium). USA↔CHN is fixed by sector instead (see `us_china_by_sector`).
        const IMP: &str = "importer-reported";
        const EXP: &str = "exporter-reported";
        let vnm_chn = {
            let total = usd("B53", "China–Viet Nam trade total")?;
            let chn_to_vnm = usd("B54", "China exports to Viet Nam")?;
            Fig::derive(&[&total, &chn_to_vnm], total.value - chn_to_vnm.value)
        };
        let bilateral = vec![
            (USA, EU27, from_eur("B61", "EU imports from the US")?, IMP),
            (
                USA,
                JPN,
                from_jpy_trn("B69", "Japan imports from the US")?,
                IMP,
            ),
            (USA, KOR, usd("B16", "US exports to Korea")?, EXP),
            (USA, TWN, usd("B82", "Taiwan imports from the US")?, IMP),
            (USA, VNM, usd("B22", "US exports to Viet Nam")?, EXP),
            (USA, MEX, usd("B04", "US exports to Mexico")?, EXP),
            (USA, CAN, usd("B07", "US exports to Canada")?, EXP),
            (USA, IND, usd("B90", "India imports from the US, FY")?, IMP),
            (CHN, EU27, from_eur("B64", "EU imports from China")?, IMP),
            (
                CHN,
                JPN,
                from_jpy_trn("B71", "Japan imports from China")?,
                IMP,
            ),
            (CHN, KOR, usd("B47", "China exports to Korea")?, EXP),
            (
                CHN,
                TWN,
                usd("B85", "Taiwan imports from China incl. HK")?,
                IMP,
            ),
            (CHN, VNM, usd("B54", "China exports to Viet Nam")?, EXP),
            (CHN, MEX, usd("B75", "Mexico imports from China")?, IMP),
            (CHN, IND, usd("B92", "India imports from China, FY")?, IMP),
            (EU27, USA, usd("B11", "US imports from the EU")?, IMP),
            (EU27, CHN, from_eur("B63", "EU exports to China")?, EXP),
            (
                JPN,
                USA,
                from_jpy_trn("B68", "Japan exports to the US")?,
                EXP,
            ),
            (
                JPN,
                CHN,
                from_jpy_trn("B70", "Japan exports to China")?,
                EXP,
            ),
            (KOR, USA, usd("B73", "Korea exports to the US")?, EXP),
            (KOR, CHN, usd("B72", "Korea exports to China")?, EXP),
            (TWN, USA, usd("B20", "US imports from Taiwan")?, IMP),
            (
                TWN,
                CHN,
                usd("B83", "Taiwan exports to China incl. HK")?,
                EXP,
            ),
            (TWN, JPN, usd("B86", "Taiwan exports to Japan")?, EXP),
            (TWN, KOR, usd("B87", "Taiwan exports to Korea")?, EXP),
            (TWN, EU27, usd("B88", "Taiwan exports to Europe")?, EXP),
            (VNM, USA, usd("B23", "US imports from Viet Nam")?, IMP),
            (VNM, CHN, vnm_chn, "derived (B53 − B54)"),
            (MEX, USA, usd("B05", "US imports from Mexico")?, IMP),
            (MEX, CHN, usd("B76", "Mexico exports to China")?, EXP),
            (CAN, USA, usd("B08", "US imports from Canada")?, IMP),
            (IND, USA, usd("B28", "US imports from India")?, IMP),
            (IND, CHN, usd("B91", "India exports to China, FY")?, EXP),
        ];
        Ok(Self {
            gdp,
            goods_exports,
            goods_imports,
            services_exports,
            services_imports,
            bilateral,
            services_balanced: vec![JPN, KOR, TWN, VNM, MEX, CAN],
        })
    }

    /// The IPF constraints on the off-diagonal cells, in a fixed order.
    fn constraints(&self) -> (Vec<SumConstraint>, Vec<BalanceConstraint>) {
        let d = DIMS;
        let goods_out = |i: usize| -> Vec<usize> {
            GOODS
                .flat_map(|j| (0..N).filter(move |&n| n != i).map(move |n| d.nij(n, i, j)))
                .collect()
        };
        let goods_in = |n: usize| -> Vec<usize> {
            GOODS
                .flat_map(|j| (0..N).filter(move |&i| i != n).map(move |i| d.nij(n, i, j)))
                .collect()
        };
        let svc_out = |i: usize| -> Vec<usize> {
            (0..N)
                .filter(|&n| n != i)
                .map(|n| d.nij(n, i, SERVICES))
                .collect()
        };
        let svc_in = |n: usize| -> Vec<usize> {
            (0..N)
                .filter(|&i| i != n)
                .map(|i| d.nij(n, i, SERVICES))
                .collect()
        };
        let mut sums = Vec::new();
        let label = |what: &str, r: usize, f: &Fig| format!("{what} {} [{}]", REGIONS[r].0, f.ids);
        for (r, f) in &self.goods_exports {
            sums.push(SumConstraint {
                label: label("goods exports", *r, f),
                cells: goods_out(*r),
                target: f.value,
            });
        }
        for (r, f) in &self.goods_imports {
            sums.push(SumConstraint {
                label: label("goods imports", *r, f),
                cells: goods_in(*r),
                target: f.value,
            });
        }
        for (r, f) in &self.services_exports {
            sums.push(SumConstraint {
                label: label("services exports", *r, f),
                cells: svc_out(*r),
                target: f.value,
            });
        }
        for (r, f) in &self.services_imports {
            sums.push(SumConstraint {
                label: label("services imports", *r, f),
                cells: svc_in(*r),
                target: f.value,
            });
        }
        for (i, n, f, _) in &self.bilateral {
            sums.push(SumConstraint {
                label: format!("goods {} → {} [{}]", REGIONS[*i].0, REGIONS[*n].0, f.ids),
                cells: GOODS.map(|j| d.nij(*n, *i, j)).collect(),
                target: f.value,
            });
        }
        let balances = self
            .services_balanced
            .iter()
            .map(|&r| BalanceConstraint {
                label: format!("services balance {} (no services figures)", REGIONS[r].0),
                a: svc_out(r),
                b: svc_in(r),
            })
            .collect();
        (sums, balances)
    }

    /// Every target against the calibrated baseline.
    fn margins(&self, b: &Baseline, svc_to_chn: &Fig, svc_from_chn: &Fig) -> Vec<Margin> {
        let d = b.dims();
        let m = b.flows();
        let trade = |i: usize, n: usize, js: &mut dyn Iterator<Item = usize>| -> f64 {
            js.map(|j| m[d.nij(n, i, j)]).sum()
        };
        let out_goods = |i: usize| -> f64 {
            (0..N)
                .filter(|&n| n != i)
                .map(|n| trade(i, n, &mut GOODS.clone()))
                .sum()
        };
        let in_goods = |n: usize| -> f64 {
            (0..N)
                .filter(|&i| i != n)
                .map(|i| trade(i, n, &mut GOODS.clone()))
                .sum()
        };
        let out_svc = |i: usize| -> f64 {
            (0..N)
                .filter(|&n| n != i)
                .map(|n| m[d.nij(n, i, SERVICES)])
                .sum()
        };
        let in_svc = |n: usize| -> f64 {
            (0..N)
                .filter(|&i| i != n)
                .map(|i| m[d.nij(n, i, SERVICES)])
                .sum()
        };
        let mk = |kind: &str, r: usize, p: Option<usize>, f: &Fig, model: f64, note: &str| Margin {
            kind: kind.into(),
            region: REGIONS[r].0.into(),
            partner: p.map(|p| REGIONS[p].0.to_string()),
            target: f.value,
            model,
            facts: f.ids.clone(),
            confidence: f.confidence,
            note: note.into(),
        };
        let mut v = Vec::new();
        for (n, f) in self.gdp.iter().enumerate() {
            v.push(mk("gdp", n, None, f, b.value_added()[n], ""));
        }
        for (r, f) in &self.goods_exports {
            v.push(mk("goods_exports", *r, None, f, out_goods(*r), ""));
        }
        for (r, f) in &self.goods_imports {
            v.push(mk("goods_imports", *r, None, f, in_goods(*r), ""));
        }
        for (r, f) in &self.services_exports {
            v.push(mk("services_exports", *r, None, f, out_svc(*r), ""));
        }
        for (r, f) in &self.services_imports {
            v.push(mk("services_imports", *r, None, f, in_svc(*r), ""));
        }
        for (i, n, f, how) in &self.bilateral {
            v.push(mk(
                "goods_bilateral",
                *i,
                Some(*n),
                f,
                trade(*i, *n, &mut GOODS.clone()),
                how,
            ));
        }
        v.push(mk(
            "services_bilateral",
            USA,
            Some(CHN),
            svc_to_chn,
            m[d.nij(CHN, USA, SERVICES)],
            "BEA",
        ));
        v.push(mk(
            "services_bilateral",
            CHN,
            Some(USA),
            svc_from_chn,
            m[d.nij(USA, CHN, SERVICES)],
            "BEA",
        ));
        v
    }
}

// ------------------------------------------------------------------------------------------
// The 2011 structure as a prior.
// ------------------------------------------------------------------------------------------

/// The 2011 structure mapped to the 11 × 11 world, scaled to 2024 GDP.
struct Prior {
    /// φ: the electronics share of the WIOD electronics-and-electrical sector.
    phi: Fig,
    /// γʲₙ: value-added ratio of gross output (2011).
    va_ratio: [[f64; J]; N],
    /// γⁿ_{k,j}: 2011 input coefficients, [`Dims::nkj`].
    io: Vec<f64>,
    /// αʲₙ: 2011 final-demand shares (inventories excluded), summing to one.
    beta: [[f64; J]; N],
    /// Yʲₙ: 2024 GDP × 2011 value-added structure ÷ value-added ratio, USD bn.
    y: [[f64; J]; N],
    /// Prior off-diagonal flows, USD bn at 2024 GDP, [`Dims::nij`].
    flows: Vec<f64>,
    /// Smallest home-sales share of gross output of any goods sector in the 2011 table, and
    /// where it occurs.
    home_share_floor: (f64, String),
}

impl Prior {
    fn new(
        f: &Facts,
        s: &Structure,
        gdp: &[Fig; N],
        structure_path: &Path,
    ) -> Result<Self, DataError> {
        let d = DIMS;
        // φ from USITC DataWeb 2024 top US import lines (S40–S55): total US imports of each
        // line = imports from China ÷ China's share. Electronics: phones, computers, video
        // displays; electrical: batteries, electric heaters.
        let line = |v: &str, p: &str, what: &str| -> Result<Fig, DataError> {
            let v = f.usd_bn(v, what)?;
            let p = f.get(p, "percent", what)?;
            Ok(Fig::derive(&[&v, &p], v.value / (p.value / 100.0)))
        };
        let el = [
            line("S40", "S41", "US imports of telephones")?,
            line("S42", "S43", "US imports of computers")?,
            line("S52", "S53", "US imports of video displays")?,
        ];
        let ec = [
            line("S44", "S45", "US imports of electric batteries")?,
            line("S54", "S55", "US imports of electric heaters")?,
        ];
        let el_sum: f64 = el.iter().map(|x| x.value).sum();
        let ec_sum: f64 = ec.iter().map(|x| x.value).sum();
        let parts: Vec<&Fig> = el.iter().chain(ec.iter()).collect();
        let phi = Fig::derive(&parts, el_sum / (el_sum + ec_sum));
        let part = |j: usize| match j {
            ELECTRONICS => phi.value,
            ELECTRICAL => 1.0 - phi.value,
            _ => 1.0,
        };

        let mut va_ratio = [[0.0; J]; N];
        let mut io = vec![0.0; d.io_len()];
        let mut beta = [[0.0; J]; N];
        let mut y = [[0.0; J]; N];
        for n in 0..N {
            let m = wiod_region(n);
            for j in 0..J {
                let wj = wiod_sector(j);
                let inputs: f64 = (0..WJ).map(|k| s.io[m][k][wj]).sum();
                va_ratio[n][j] = 1.0 - inputs;
                if va_ratio[n][j].is_nan() || va_ratio[n][j] <= 0.0 {
                    return Err(DataError::file(
                        structure_path,
                        DataErrorKind::BadValue {
                            value: format!("{} {}", REGIONS[n].0, SECTORS[j].0),
                            problem: "input shares sum to 1 or more: no value added".into(),
                        },
                    ));
                }
                for k in 0..J {
                    io[d.nkj(n, k, j)] = s.io[m][wiod_sector(k)][wj] * part(k);
                }
                beta[n][j] = s.fd[m][wj] * part(j);
            }
            let total: f64 = beta[n].iter().sum();
            beta[n].iter_mut().for_each(|b| *b /= total);
            // 2011 value-added structure, applied to 2024 GDP.
            let va2011: Vec<f64> = (0..J)
                .map(|j| s.go[m][wiod_sector(j)] * part(j) * va_ratio[n][j])
                .collect();
            let tot: f64 = va2011.iter().sum();
            for j in 0..J {
                y[n][j] = gdp[n].value * (va2011[j] / tot) / va_ratio[n][j];
            }
        }

        // 2011 absorption by WIOD region: Uᵏₘ = Σⱼ γ^{k,j}Yʲ + fdᵏ·VA (final demand is taken
        // equal to value added: the prior ignores 2011 trade imbalances).
        let mut va11 = [0.0; WN];
        let mut u11 = [[0.0; WJ]; WN];
        for m in 0..WN {
            for j in 0..WJ {
                let inputs: f64 = (0..WJ).map(|k| s.io[m][k][j]).sum();
                va11[m] += s.go[m][j] * (1.0 - inputs);
            }
            for k in 0..WJ {
                let iu: f64 = (0..WJ).map(|j| s.io[m][k][j] * s.go[m][j]).sum();
                u11[m][k] = iu + s.fd[m][k] * va11[m];
            }
        }

        // Prior flows: importer n's 2011 source shares × its 2011-structure absorption scaled
        // to its 2024 GDP (USD bn; U is in USD mn and VA in USD mn, so the ratio is unitless).
        let mut flows = vec![0.0; d.cube_len()];
        for j in 0..J {
            let k = wiod_sector(j);
            for n in 0..N {
                for i in 0..N {
                    if i == n {
                        continue;
                    }
                    let v = if n == VNM {
                        // Viet Nam buys like China did in 2011, and from China like ROW did.
                        let share = if i == CHN {
                            s.ss[W_ROW][W_CHN][k]
                        } else {
                            s.ss[W_CHN][wiod_region(i)][k]
                        };
                        share * u11[W_CHN][k] * gdp[VNM].value / va11[W_CHN]
                    } else if i == VNM {
                        if n == CHN {
                            // China cannot buy from itself: Viet Nam sells to China the mix
                            // China sold to ROW in 2011, scaled by relative GDP.
                            s.ss[W_ROW][W_CHN][k] * u11[W_ROW][k] * gdp[ROW].value / va11[W_ROW]
                                * (gdp[VNM].value / gdp[CHN].value)
                        } else {
                            // Viet Nam sells like China did in 2011, scaled by relative GDP.
                            let m = wiod_region(n);
                            s.ss[m][W_CHN][k] * u11[m][k] * gdp[n].value / va11[m]
                                * (gdp[VNM].value / gdp[CHN].value)
                        }
                    } else {
                        let m = wiod_region(n);
                        s.ss[m][wiod_region(i)][k] * u11[m][k] * gdp[n].value / va11[m]
                    };
                    flows[d.nij(n, i, j)] = v * part(j);
                }
            }
        }

        // Smallest 2011 home-sales share of a goods sector's output (sales to itself over all
        // sales), over the ten WIOD regions.
        let mut floor = (f64::INFINITY, String::new());
        for m in 0..WN {
            for k in 0..WJ - 1 {
                let home = s.ss[m][m][k] * u11[m][k];
                let total: f64 = (0..WN).map(|nn| s.ss[nn][m][k] * u11[nn][k]).sum();
                let share = home / total;
                if share < floor.0 {
                    floor = (
                        share,
                        format!(
                            "{} {}",
                            super::facts::W_REGIONS[m],
                            super::facts::W_SECTORS[k]
                        ),
                    );
                }
            }
        }
        Ok(Self {
            phi,
            va_ratio,
            io,
            beta,
            y,
            flows,
            home_share_floor: floor,
        })
    }
}

// ------------------------------------------------------------------------------------------
// US–China by sector.
// ------------------------------------------------------------------------------------------

/// US imports from China and China's imports from the US by sector (USD bn), from the ICAEW
/// product groups (S01–S28) and the USITC top lines (S40–S55), scaled to the chosen cell totals
/// (US imports from China: Census B02; China's imports from the US: GACC B41, the importer's
/// figure, whose composition is proxied by US exports to China).
fn us_china_by_sector(f: &Facts, prior: &Prior) -> Result<([f64; J], [f64; J]), DataError> {
    let d = DIMS;
    let g = |id: &str, what: &str| -> Result<f64, DataError> { Ok(f.usd_bn(id, what)?.value) };
    let group = [MACHINERY, ELECTRONICS, ELECTRICAL];

    let mut named_m = [0.0; J];
    named_m[CHEMPHARMA] = g("S05", "chemicals")? + g("S10", "plastics")?;
    named_m[TEXTILES] = g("S06", "clothes")?;
    named_m[OTHERMFG] = g("S07", "toys")? + g("S09", "furniture")?;
    named_m[METALS] = g("S08", "metals")?;
    named_m[MOTORVEH] = g("S11", "vehicles")?;
    let mut known_m = [0.0; J];
    known_m[ELECTRONICS] =
        g("S40", "phones")? + g("S42", "computers")? + g("S52", "video displays")?;
    known_m[ELECTRICAL] = g("S44", "batteries")? + g("S54", "electric heaters")?;
    let imports = split_pair(
        &|j| prior.flows[d.nij(USA, CHN, j)],
        &named_m,
        &group,
        g("S01", "machinery, electrical and electronic products")?,
        &known_m,
        g("S12", "other goods imported from China")?,
        &[AGRFOOD, MINING, TEXTILES, OTHERMFG],
        f.usd_bn("B02", "US imports from China")?.value,
    );

    let mut named_x = [0.0; J];
    named_x[AGRFOOD] = g("S22", "food and drink")?;
    named_x[CHEMPHARMA] = g("S23", "chemicals")?;
    named_x[MINING] = g("S24", "fuel")?;
    // Aircraft (S25, OTHER_TRANSPORT) belong to MOTORVEH, which holds other transport.
    named_x[MOTORVEH] = g("S25", "aircraft")?;
    named_x[METALS] = g("S26", "metals")?;
    let mut known_x = [0.0; J];
    known_x[ELECTRONICS] = g("S21", "integrated circuits")?;
    let exports = split_pair(
        &|j| prior.flows[d.nij(CHN, USA, j)],
        &named_x,
        &group,
        g("S20", "machinery, electrical and electronic products")?,
        &known_x,
        g("S27", "other goods exported to China")?,
        &[MINING, TEXTILES, MOTORVEH, OTHERMFG],
        f.usd_bn("B41", "China imports from the US")?.value,
    );
    Ok((imports, exports))
}

/// Allocate product groups to sectors and scale to `pair_total`.
///
/// * `named`: groups that map to one sector each;
/// * `group` (`group_total`): a group spanning several sectors, of which `known` amounts are
///   identified lines; the rest is spread over the group's sectors in proportion to the prior
///   (scaled to the group total) minus the known lines, floored at zero;
/// * `other_total`: the unallocated remainder, spread over `other_sectors` in proportion to the
///   prior (scaled to the sum of all groups) minus what they already hold, floored at zero.
#[allow(clippy::too_many_arguments)]
fn split_pair(
    prior: &dyn Fn(usize) -> f64,
    named: &[f64; J],
    group: &[usize],
    group_total: f64,
    known: &[f64; J],
    other_total: f64,
    other_sectors: &[usize],
    pair_total: f64,
) -> [f64; J] {
    let named_total: f64 = named.iter().sum();
    let all_groups = named_total + group_total + other_total;
    let prior_goods: f64 = GOODS.map(prior).sum();
    let mut v = *named;
    let prior_group: f64 = group.iter().map(|&j| prior(j)).sum();
    let known_total: f64 = group.iter().map(|&j| known[j]).sum();
    let mut w: Vec<f64> = group
        .iter()
        .map(|&j| (prior(j) * group_total / prior_group - known[j]).max(0.0))
        .collect();
    if w.iter().sum::<f64>() <= 0.0 {
        // The identified lines exceed the prior everywhere: spread by the prior itself.
        w = group.iter().map(|&j| prior(j)).collect();
    }
    let wt: f64 = w.iter().sum();
    for (k, &j) in group.iter().enumerate() {
        v[j] += known[j] + (group_total - known_total) * w[k] / wt;
    }
    let mut w: Vec<f64> = other_sectors
        .iter()
        .map(|&j| (prior(j) * all_groups / prior_goods - v[j]).max(0.0))
        .collect();
    if w.iter().sum::<f64>() <= 0.0 {
        w = other_sectors.iter().map(|&j| prior(j)).collect();
    }
    let wt: f64 = w.iter().sum();
    for (k, &j) in other_sectors.iter().enumerate() {
        v[j] += other_total * w[k] / wt;
    }
    let sum: f64 = v.iter().sum();
    let mut out = [0.0; J];
    for j in GOODS {
        out[j] = v[j] * pair_total / sum;
    }
    out
}
