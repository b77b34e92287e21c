//! The Caliendo–Parro (2015) replication files (`shared/data/cp2015/`).
//!
//! Two routes to the paper's initial condition are offered, and both reproduce Table 2:
//! * [`Cp2015Data::zero_deficit`]: the authors' model-consistent 1993 base with zero deficits
//!   (`base1993_zero_deficit/`, 10¹⁰ USD), from which one solve gives Table 2;
//! * [`Cp2015Data::raw`]: the raw 1993 data with their deficits (`original/`, USD), built as the
//!   authors' `script.m` does (CP2015 spec §4.1); `truce replicate cp2015 --base raw` turns it
//!   into a zero-deficit base by re-solving with D' = 0 and re-basing
//!   (`truce_model::cp2015::Equilibrium::rebase`, §4.2), the way the paper does.
//!
//! Known traps handled here (see the data README): tariffs in percent; sectors 21–40 are
//! services with no trade or tariff rows (θ = 8.22); gross output has placeholders (1.0) and
//! cells below exports, hence Y = max(GO, exports); raw trade is in thousands of USD; one
//! negative input–output coefficient is kept; all-zero input columns occur where value added
//! is 100 %; 976 tradable bilateral cells are zero and stay zero.

use crate::error::{DataError, DataErrorKind};
use crate::matrix::{read_matrix, Matrix};
use std::path::{Path, PathBuf};
use truce_model::{Baseline, BaselineInputs, DeficitRule, Dims, Policy, Region, Sector};

/// Number of regions (31, rest of world last).
pub const N: usize = 31;
/// Number of sectors (20 tradable goods, then 20 services).
pub const J: usize = 40;
/// Number of tradable sectors.
pub const J_TRADABLE: usize = 20;
/// θ of the non-tradable sectors, hard-coded in the authors' code.
pub const THETA_SERVICES: f64 = 8.22;
/// The NAFTA members by code.
pub const NAFTA: [&str; 3] = ["CAN", "MEX", "USA"];

/// The Caliendo–Parro data, loaded and validated.
#[derive(Debug, Clone)]
pub struct Cp2015Data {
    /// The zero-deficit 1993 base (`base1993_zero_deficit/` with `original/` parameters).
    pub zero_deficit: Baseline,
    /// The raw 1993 data with deficits (`original/`), not an exact equilibrium.
    pub raw: Baseline,
    /// 1993 tariffs as fractions, [`Dims::nij`].
    pub tariffs_1993: Vec<f64>,
    /// 2005 tariffs as fractions, [`Dims::nij`].
    pub tariffs_2005: Vec<f64>,
    /// Value added as shipped in `base1993_zero_deficit/VAn.csv` (10¹⁰ USD), for checks.
    pub value_added_file: Vec<f64>,
}

struct Layout {
    dir: PathBuf,
}

impl Layout {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }
    fn matrix(&self, rel: &str, rows: usize, cols: usize) -> Result<(PathBuf, Matrix), DataError> {
        let p = self.path(rel);
        let m = read_matrix(&p, rows, cols)?;
        Ok((p, m))
    }
}

/// Read and validate the replication data in `dir` (the folder holding `original/`,
/// `base1993_zero_deficit/`, `regions.csv`, `sectors.csv`).
///
/// # Errors
/// A [`DataError`] naming the file, row and column for any unreadable file, non-numeric or
/// non-finite cell, wrong shape, negative trade flow or tariff, and any model-validation
/// failure of the assembled baselines (shares not summing to one, …).
pub fn load(dir: &Path) -> Result<Cp2015Data, DataError> {
    if !dir.is_dir() {
        return Err(DataError::file(
            dir,
            DataErrorKind::Io(
                "not a directory; pass the folder that holds original/ and \
                 base1993_zero_deficit/ (e.g. ../shared/data/cp2015)"
                    .into(),
            ),
        ));
    }
    let l = Layout {
        dir: dir.to_path_buf(),
    };
    let d = Dims { n: N, j: J };
    let regions = read_cp2015_regions(&l.path("regions.csv"))?;
    let (sectors, theta_csv) = read_sectors(&l.path("sectors.csv"))?;

    // θ: T.txt for the 20 tradables (as shipped: Auto and Other Transport are 8.22), 8.22 else.
    let (t_path, t) = l.matrix("original/T.txt", J_TRADABLE, 1)?;
    let mut theta = vec![THETA_SERVICES; J];
    for j in 0..J_TRADABLE {
        let v = t.get(j, 0);
        if v <= 0.0 {
            return Err(DataError::bad_value(
                &t_path,
                j + 1,
                1,
                v,
                "θ must be positive",
            ));
        }
        theta[j] = v;
        if (theta_csv[j] - v).abs() > 1e-9 {
            return Err(DataError::bad_value(
                &l.path("sectors.csv"),
                j + 2,
                "theta",
                theta_csv[j],
                format!("disagrees with original/T.txt row {} ({v})", j + 1),
            ));
        }
    }

    // γʲₙ from B.txt (row sector, column country).
    let (b_path, bmat) = l.matrix("original/B.txt", J, N)?;
    let mut va_share = vec![0.0; d.nj_len()];
    for j in 0..J {
        for n in 0..N {
            let v = bmat.get(j, n);
            if !(v > 0.0 && v <= 1.0) {
                return Err(DataError::bad_value(
                    &b_path,
                    j + 1,
                    n + 1,
                    v,
                    "value-added shares must lie in (0, 1]",
                ));
            }
            va_share[d.nj(n, j)] = v;
        }
    }
    // γⁿ_{k,j} = IOₙ[k,j]·(1 − γʲₙ); IO.txt row (n−1)J + k, column j.
    let (_io_path, io) = l.matrix("original/IO.txt", N * J, J)?;
    let mut io_share = vec![0.0; d.io_len()];
    for n in 0..N {
        for k in 0..J {
            for j in 0..J {
                io_share[d.nkj(n, k, j)] = io.get(n * J + k, j) * (1.0 - va_share[d.nj(n, j)]);
            }
        }
    }
    // αʲₙ (row sector, column country).
    let (a_path, amat) = l.matrix("original/alphas.csv", J, N)?;
    let mut alpha = vec![0.0; d.nj_len()];
    for j in 0..J {
        for n in 0..N {
            let v = amat.get(j, n);
            if v < 0.0 {
                return Err(DataError::bad_value(
                    &a_path,
                    j + 1,
                    n + 1,
                    v,
                    "final-demand shares must be non-negative",
                ));
            }
            alpha[d.nj(n, j)] = v;
        }
    }
    let tariffs_1993 = read_tariffs(&l, "original/tariffs1993.txt", d)?;
    let tariffs_2005 = read_tariffs(&l, "original/tariffs2005.txt", d)?;

    let with_flows = |flows: Vec<f64>, file: &Path| -> Result<Baseline, DataError> {
        Baseline::new(BaselineInputs {
            regions: regions.clone(),
            sectors: sectors.clone(),
            theta: theta.clone(),
            flows,
            tariff: tariffs_1993.clone(),
            export_tax: vec![0.0; d.cube_len()],
            va_share: va_share.clone(),
            io_share: io_share.clone(),
            alpha: alpha.clone(),
        })
        .map_err(|e| DataError::file(file, DataErrorKind::Model(e)))
    };

    // Zero-deficit base: flows net of tariffs, stacked by sector, domestic on the diagonal.
    let (x_path, xb) = l.matrix("base1993_zero_deficit/xbilattau.csv", N * J, N)?;
    let mut flows = vec![0.0; d.cube_len()];
    for j in 0..J {
        for n in 0..N {
            for i in 0..N {
                let v = xb.get(j * N + n, i);
                if v < 0.0 {
                    return Err(DataError::bad_value(
                        &x_path,
                        j * N + n + 1,
                        i + 1,
                        v,
                        "trade flows must be non-negative",
                    ));
                }
                flows[d.nij(n, i, j)] = v;
            }
        }
    }
    let zero_deficit = with_flows(flows, &x_path)?;
    let (_va_path, va_file) = l.matrix("base1993_zero_deficit/VAn.csv", N, 1)?;

    // Raw 1993 data, as the authors' script.m builds them (spec §4.1).
    let (xr_path, xr) = l.matrix("original/xbilat1993.txt", N * J_TRADABLE, N)?;
    let (go_path, go) = l.matrix("original/GO.txt", J, N)?;
    let mut raw_flows = vec![0.0; d.cube_len()];
    for j in 0..J_TRADABLE {
        for n in 0..N {
            for i in 0..N {
                let v = xr.get(j * N + n, i);
                if v < 0.0 {
                    return Err(DataError::bad_value(
                        &xr_path,
                        j * N + n + 1,
                        i + 1,
                        v,
                        "trade flows must be non-negative",
                    ));
                }
                if i != n {
                    raw_flows[d.nij(n, i, j)] = v * 1000.0; // thousands of USD → USD
                }
            }
        }
    }
    for j in 0..J {
        for i in 0..N {
            let g = go.get(j, i);
            if g < 0.0 {
                return Err(DataError::bad_value(
                    &go_path,
                    j + 1,
                    i + 1,
                    g,
                    "gross output must be non-negative",
                ));
            }
            let exports: f64 = (0..N)
                .filter(|&n| n != i)
                .map(|n| raw_flows[d.nij(n, i, j)])
                .sum();
            // Y = max(GO, exports): 26 cells have GO below exports and 25 hold the
            // placeholder 1.0 (Appendix E).
            raw_flows[d.nij(i, i, j)] = g.max(exports) - exports;
        }
    }
    let raw = with_flows(raw_flows, &xr_path)?;

    Ok(Cp2015Data {
        zero_deficit,
        raw,
        tariffs_1993,
        tariffs_2005,
        value_added_file: va_file.data,
    })
}

fn read_tariffs(l: &Layout, rel: &str, d: Dims) -> Result<Vec<f64>, DataError> {
    let (p, m) = l.matrix(rel, N * J_TRADABLE, N)?;
    let mut tau = vec![0.0; d.cube_len()];
    for j in 0..J_TRADABLE {
        for n in 0..N {
            for i in 0..N {
                let v = m.get(j * N + n, i);
                if !(0.0..1000.0).contains(&v) {
                    return Err(DataError::bad_value(
                        &p,
                        j * N + n + 1,
                        i + 1,
                        v,
                        "tariffs are in percent and must lie in [0, 1000)",
                    ));
                }
                if i == n && v != 0.0 {
                    return Err(DataError::bad_value(
                        &p,
                        j * N + n + 1,
                        i + 1,
                        v,
                        "the diagonal (a region's tariff on itself) must be 0",
                    ));
                }
                tau[d.nij(n, i, j)] = v / 100.0; // percent → fraction
            }
        }
    }
    Ok(tau)
}

#[derive(serde::Deserialize)]
struct RegionRow {
    index: usize,
    code: String,
    name: String,
}

#[derive(serde::Deserialize)]
struct SectorRow {
    index: usize,
    name: String,
    #[allow(dead_code)]
    isic_rev3: String,
    tradable: u8,
    theta: f64,
}

fn read_csv_rows<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, DataError> {
    let mut rdr = csv::Reader::from_path(path)
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let mut out = Vec::new();
    for (k, rec) in rdr.deserialize().enumerate() {
        let row: T = rec.map_err(|e| {
            DataError::cell(
                path,
                k + 2,
                e.position().map(|_| "?".to_string()).unwrap_or_default(),
                DataErrorKind::Io(e.to_string()),
            )
        })?;
        out.push(row);
    }
    Ok(out)
}

fn read_cp2015_regions(path: &Path) -> Result<Vec<Region>, DataError> {
    let rows: Vec<RegionRow> = read_csv_rows(path)?;
    if rows.len() != N {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: format!("{N} regions"),
                found: rows.len().to_string(),
            },
        ));
    }
    rows.into_iter()
        .enumerate()
        .map(|(k, r)| {
            if r.index != k + 1 {
                return Err(DataError::bad_value(
                    path,
                    k + 2,
                    "index",
                    r.index,
                    format!("regions must be listed in index order; expected {}", k + 1),
                ));
            }
            Ok(Region {
                code: r.code,
                name: r.name,
            })
        })
        .collect()
}

fn read_sectors(path: &Path) -> Result<(Vec<Sector>, Vec<f64>), DataError> {
    let rows: Vec<SectorRow> = read_csv_rows(path)?;
    if rows.len() != J {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: format!("{J} sectors"),
                found: rows.len().to_string(),
            },
        ));
    }
    let mut thetas = Vec::with_capacity(J);
    let mut out = Vec::with_capacity(J);
    for (k, r) in rows.into_iter().enumerate() {
        if r.index != k + 1 {
            return Err(DataError::bad_value(
                path,
                k + 2,
                "index",
                r.index,
                format!("sectors must be listed in index order; expected {}", k + 1),
            ));
        }
        let tradable = r.tradable == 1;
        if tradable != (k < J_TRADABLE) {
            return Err(DataError::bad_value(
                path,
                k + 2,
                "tradable",
                r.tradable,
                "sectors 1–20 are tradable goods and 21–40 non-tradable services",
            ));
        }
        thetas.push(r.theta);
        out.push(Sector {
            code: format!("{:02}", r.index),
            name: r.name,
            tradable,
        });
    }
    Ok((out, thetas))
}

impl Cp2015Data {
    /// The paper's NAFTA counterfactual on `base` (Tables 2–6): τ' = τ¹⁹⁹³ everywhere except
    /// the six ordered pairs among CAN, MEX and USA, which get their 2005 **levels** (not zero)
    /// in all 20 tradable sectors; D' = 0.
    pub fn nafta_policy(&self, base: &Baseline) -> Policy {
        let d = base.dims();
        let members: Vec<usize> = NAFTA
            .iter()
            .map(|c| {
                base.region_index(c)
                    .expect("NAFTA members are in the CP2015 data")
            })
            .collect();
        let mut p = Policy::baseline(base);
        for &n in &members {
            for &i in &members {
                if n == i {
                    continue;
                }
                for j in 0..J_TRADABLE {
                    p.set_tariff(base, n, i, j, self.tariffs_2005[d.nij(n, i, j)])
                        .expect("2005 tariffs are valid levels");
                }
            }
        }
        p.set_deficit_rule(DeficitRule::Zero);
        p
    }

    /// The world counterfactual (Table 7): τ' = τ²⁰⁰⁵ for every pair; D' = 0.
    pub fn world_2005_policy(&self, base: &Baseline) -> Policy {
        let d = base.dims();
        let mut p = Policy::baseline(base);
        for j in 0..J_TRADABLE {
            for n in 0..N {
                for i in 0..N {
                    if n != i {
                        p.set_tariff(base, n, i, j, self.tariffs_2005[d.nij(n, i, j)])
                            .expect("2005 tariffs are valid levels");
                    }
                }
            }
        }
        p.set_deficit_rule(DeficitRule::Zero);
        p
    }
}
