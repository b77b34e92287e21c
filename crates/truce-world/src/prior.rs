//! Steps 2–3 of the calibration: the 2011 WIOD structure mapped to the 11 × 11 world and
//! scaled to 2024 GDP (the prior trade cube, value-added ratios, input coefficients,
//! final-demand shares), and the US–China trade by sector from the ICAEW and USITC rows.

use crate::classification::*;
use crate::facts::{Facts, Fig, Structure, WJ, WN};
use std::path::Path;
use truce_data::{DataError, DataErrorKind};

/// The 2011 structure mapped to the 11 × 11 world, scaled to 2024 GDP.
pub(crate) struct Prior {
    /// φ: the electronics share of the WIOD electronics-and-electrical sector.
    pub(crate) phi: Fig,
    /// γʲₙ: value-added ratio of gross output (2011).
    pub(crate) va_ratio: [[f64; J]; N],
    /// γⁿ_{k,j}: 2011 input coefficients, [`Dims::nkj`].
    pub(crate) io: Vec<f64>,
    /// αʲₙ: 2011 final-demand shares (inventories excluded), summing to one.
    pub(crate) beta: [[f64; J]; N],
    /// Yʲₙ: 2024 GDP × 2011 value-added structure ÷ value-added ratio, USD bn.
    pub(crate) y: [[f64; J]; N],
    /// Prior off-diagonal flows, USD bn at 2024 GDP, [`Dims::nij`].
    pub(crate) flows: Vec<f64>,
    /// Smallest home-sales share of gross output of any goods sector in the 2011 table, and
    /// where it occurs.
    pub(crate) home_share_floor: (f64, String),
}

impl Prior {
    pub(crate) fn new(
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
                            crate::facts::W_REGIONS[m],
                            crate::facts::W_SECTORS[k]
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
pub(crate) fn us_china_by_sector(
    f: &Facts,
    prior: &Prior,
) -> Result<([f64; J], [f64; J]), DataError> {
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
