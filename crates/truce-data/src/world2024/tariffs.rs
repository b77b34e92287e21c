//! Baseline tariffs as applied at the end of 2024.
//!
//! * Every importer applies one MFN-type rate to all goods from all partners: its trade-weighted
//!   MFN applied average (WTO World Tariff Profiles, rows R21–R39 of `facts.csv`, **all recalled,
//!   low confidence**); ROW applies the unweighted mean of the ten. Services carry no tariff.
//! * USMCA: trade among the United States, Mexico and Canada is duty-free.
//! * United States on China: the pre-trade-war average (PIIE, R03, 3.8 %) on every goods sector,
//!   plus a special rate `A` on the trade covered by the 2018–2024 Section 301 measures. The
//!   goods the US never tariffed (List 4B, suspended in December 2019: phones, laptops, consoles,
//!   toys; `us_china_measures` M032) are identified by the USITC top lines S40 (telephones), S42
//!   (computers), S46 (other toys) and S50 (video and card games); the rest of each sector is
//!   covered. `A` is solved so that the import-weighted average equals PIIE's 20.8 % (R01).
//! * China on the United States: its pre-trade-war average (R04, 7.2 %) plus one uniform
//!   retaliatory add-on on all goods sectors, solved so that the import-weighted average equals
//!   21.2 % (R02). The facts give no sector detail of China's retaliation.
//!
//! Weights are the baseline's border-value imports by sector. The scenario layer holds the
//! dated, product-level record; this profile only has to be simple and consistent with PIIE.

use super::calibrate::{
    CAN, CHN, DIMS, ELECTRONICS, EU27, GOODS, IND, J, JPN, KOR, MEX, N, OTHERMFG, REGIONS, ROW,
    TWN, USA, VNM,
};
use super::facts::Facts;
use crate::error::DataError;

/// What the tariff step set, for the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TariffSummary {
    /// MFN-type rate by importer, percent, with the fact id (ROW: mean of the ten).
    pub mfn_pct: Vec<(String, f64, String)>,
    /// Special US rate on covered imports from China, percentage points.
    pub us_special_pp: f64,
    /// Share of US imports from China covered by the special tariffs (by value).
    pub us_covered_share: f64,
    /// Uniform Chinese retaliatory add-on, percentage points.
    pub chn_retaliation_pp: f64,
    /// Import-weighted average US tariff on China, percent (target R01 20.8).
    pub us_on_chn_avg_pct: f64,
    /// Import-weighted average Chinese tariff on the US, percent (target R02 21.2).
    pub chn_on_us_avg_pct: f64,
}

/// The baseline tariff cube ([`truce_model::Dims::nij`], fractions) for `flows` (border
/// values; only the US–China cells' weights matter).
pub(crate) fn baseline_tariffs(
    f: &Facts,
    flows: &[f64],
) -> Result<(Vec<f64>, TariffSummary), DataError> {
    let d = DIMS;
    let pct = |id: &str, what: &str| -> Result<f64, DataError> {
        Ok(f.get(id, "percent", what)?.value / 100.0)
    };
    // WTO World Tariff Profiles 2024 (2023 data), trade-weighted MFN applied averages:
    // RECALLED, low confidence (facts.csv R21–R39).
    let mfn_ids = [
        (USA, "R21"),
        (EU27, "R23"),
        (CHN, "R25"),
        (JPN, "R27"),
        (KOR, "R29"),
        (TWN, "R31"),
        (VNM, "R33"),
        (MEX, "R35"),
        (CAN, "R37"),
        (IND, "R39"),
    ];
    let mut mfn = [0.0; N];
    let mut mfn_pct = Vec::new();
    for (r, id) in mfn_ids {
        mfn[r] = pct(id, "trade-weighted MFN applied average")?;
        mfn_pct.push((REGIONS[r].0.to_string(), 100.0 * mfn[r], id.to_string()));
    }
    mfn[ROW] = mfn_ids.iter().map(|(r, _)| mfn[*r]).sum::<f64>() / mfn_ids.len() as f64;
    mfn_pct.push(("ROW".into(), 100.0 * mfn[ROW], "mean of R21–R39".into()));

    let usmca = |r: usize| r == USA || r == MEX || r == CAN;
    let mut tau = vec![0.0; d.cube_len()];
    for j in GOODS {
        for n in 0..N {
            for i in 0..N {
                if i != n && !(usmca(n) && usmca(i)) {
                    tau[d.nij(n, i, j)] = mfn[n];
                }
            }
        }
    }

    // United States on China.
    let target_us = pct("R01", "PIIE average US tariff on China, 20 Jan 2025")?;
    let base_us = pct("R03", "PIIE pre-trade-war US tariff on China")?;
    let mut uncovered = [0.0; J];
    uncovered[ELECTRONICS] =
        f.usd_bn("S40", "telephones")?.value + f.usd_bn("S42", "computers")?.value;
    uncovered[OTHERMFG] =
        f.usd_bn("S46", "other toys")?.value + f.usd_bn("S50", "video and card games")?.value;
    let m_us: Vec<f64> = GOODS.map(|j| flows[d.nij(USA, CHN, j)]).collect();
    let total_us: f64 = m_us.iter().sum();
    let covered: Vec<f64> = GOODS
        .map(|j| {
            if m_us[j] > 0.0 {
                (1.0 - uncovered[j] / m_us[j]).max(0.0)
            } else {
                0.0
            }
        })
        .collect();
    let covered_share: f64 = GOODS.map(|j| covered[j] * m_us[j]).sum::<f64>() / total_us;
    // Σⱼ (base + A·cⱼ) Mⱼ / Σ M = target  ⇒  A = (target − base) / covered share.
    let special = (target_us - base_us) / covered_share;
    for j in GOODS {
        tau[d.nij(USA, CHN, j)] = base_us + special * covered[j];
    }

    // China on the United States.
    let target_chn = pct("R02", "PIIE average Chinese tariff on the US")?;
    let base_chn = pct("R04", "PIIE pre-trade-war Chinese tariff on the US")?;
    let retaliation = target_chn - base_chn;
    for j in GOODS {
        tau[d.nij(CHN, USA, j)] = base_chn + retaliation;
    }

    let avg = |n: usize, i: usize| -> f64 {
        let (mut num, mut den) = (0.0, 0.0);
        for j in GOODS {
            let c = d.nij(n, i, j);
            num += tau[c] * flows[c];
            den += flows[c];
        }
        100.0 * num / den
    };
    let summary = TariffSummary {
        mfn_pct,
        us_special_pp: 100.0 * special,
        us_covered_share: covered_share,
        chn_retaliation_pp: 100.0 * retaliation,
        us_on_chn_avg_pct: avg(USA, CHN),
        chn_on_us_avg_pct: avg(CHN, USA),
    };
    Ok((tau, summary))
}

/// Import-weighted average tariff of `importer` on `exporter` over goods, percent, in a
/// baseline with the world2024 codes.
pub fn weighted_average_pct(b: &truce_model::Baseline, importer: usize, exporter: usize) -> f64 {
    let d = b.dims();
    let (mut num, mut den) = (0.0, 0.0);
    for j in 0..d.j {
        if !b.sectors()[j].tradable || b.sectors()[j].code == "SERVICES" {
            continue;
        }
        let c = d.nij(importer, exporter, j);
        num += b.tariff()[c] * b.flows()[c];
        den += b.flows()[c];
    }
    100.0 * num / den
}
