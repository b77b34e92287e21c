//! Baseline tariffs: the US–China record's policy state on the baseline date (20 January 2025).
//!
//! One source of truth. The baseline tariff of every cell is its pre-war tariff (1 January
//! 2018) plus every measure of the record (`data/us_china_measures/record.toml`) in force on
//! [`BASELINE_DATE`], evaluated by the record's own machinery
//! ([`truce_scenario::record_state`]: θ-consistent equivalents of partial coverage, layers,
//! all-partner measures such as Section 232 with their country exemptions, China's 2018 MFN
//! cuts, value-based coverage measured on this world's flows). The timeline then recovers the
//! pre-war tariffs from the baseline ([`truce_scenario::record_prewar`]) and replays the
//! record to the baseline date without counting anything twice.
//!
//! Pre-war tariffs:
//! * US imports from China and China's imports from the US: the 1 January 2018 HS6 schedule
//!   (MFN) simple mean of each sector (`hs6_schedule_sector_means.csv`).
//! * Every other pair: the importer's trade-weighted MFN applied average (WTO World Tariff
//!   Profiles 2024, 2023 data, facts R21–R39, **all recalled, low confidence**; ROW applies the
//!   unweighted mean of the ten) on every goods sector; zero within USMCA. These are 2023
//!   figures. They exclude special duties (Section 232 is not an MFN rate), so for the United
//!   States they are the pre-war level and the record adds Section 232; but China's 2018 MFN
//!   cuts (record M010, M019) are inside China's 2023 figure, so China's figure is its
//!   statutory level on the baseline date (the WTO average is a statutory one) and its pre-war
//!   level is the figure less the cuts' statutory size Σ s·r.
//! * Services: no tariff (the record's measures never reach a sector without HS lines).

use crate::classification::{
    CAN, CHN, DIMS, EU27, GOODS, IND, J, JPN, KOR, MEX, N, REGIONS, ROW, SECTORS, TWN, USA, VNM,
};
use crate::facts::Facts;
use crate::theta::THETA;
use std::path::Path;
use truce_data::{DataError, DataErrorKind};
use truce_model::{Region, Sector};
use truce_scenario::record::{self, schedule_mean, PREWAR};
use truce_scenario::{record_state, Date, ScenarioError, World};

/// The date world2024's tariffs describe: 20 January 2025, the start of the second Trump
/// administration, the date of PIIE's 20.8 % (US on China) and 21.2 % (China on the US)
/// (facts R01–R02). The record's measures effective up to that day (including the Section 301
/// increases of 1 January 2025) are in the baseline.
pub const BASELINE_DATE: Date = Date::constant(2025, 1, 20);

/// One flow unit of world2024 is one USD billion.
pub const FLOW_UNIT_USD_BN: f64 = 1.0;

/// What the tariff step did, for the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TariffSummary {
    /// The date the tariffs describe.
    pub baseline_date: String,
    /// MFN-type rate by importer, percent, with the fact id (ROW: mean of the ten).
    pub mfn_pct: Vec<(String, f64, String)>,
    /// Ids of the record's measures in force on the baseline date, in the order they apply.
    pub record_measures: Vec<String>,
    /// Statutory trade-weighted average US tariff on China at the pre-war date (1 January
    /// 2018 schedule means, weighted by this world's 2024 imports), percent.
    pub us_on_chn_prewar_pct: f64,
    /// Same, China on the US.
    pub chn_on_us_prewar_pct: f64,
    /// Statutory trade-weighted average US tariff on China on the baseline date (PIIE's
    /// definition: Σ τ·M / Σ M over goods sectors, M = this world's imports), percent.
    pub us_on_chn_avg_pct: f64,
    /// Same, China on the US.
    pub chn_on_us_avg_pct: f64,
    /// The model's average (θ-consistent equivalent rates, same weights), US on China.
    pub us_on_chn_model_avg_pct: f64,
    /// The model's average, China on the US.
    pub chn_on_us_model_avg_pct: f64,
    /// PIIE's published averages at 20 January 2025 (R01, R02), percent, for comparison.
    pub piie_us_on_chn_pct: f64,
    /// PIIE's China on the US.
    pub piie_chn_on_us_pct: f64,
    /// Statutory average US tariff on each partner on the baseline date, percent.
    pub us_on_partner_pct: Vec<(String, f64)>,
    /// Statutory average Chinese tariff on each partner on the baseline date, percent.
    pub chn_on_partner_pct: Vec<(String, f64)>,
}

/// The baseline tariffs.
#[derive(Debug, Clone)]
pub(crate) struct Tariffs {
    /// Model rates (the dataset's `tariffs.csv`), fractions, [`truce_model::Dims::nij`].
    pub model: Vec<f64>,
    /// Statutory rates, fractions.
    pub statutory: Vec<f64>,
    /// The report.
    pub summary: TariffSummary,
}

fn record_error(facts: &Path, e: ScenarioError) -> DataError {
    DataError::file(
        facts,
        DataErrorKind::BadValue {
            value: "US–China record".into(),
            problem: format!(
                "the record (data/us_china_measures/record.toml) cannot be evaluated on the \
                 calibrated flows: {e}"
            ),
        },
    )
}

/// Import-weighted average of `levels` over goods, `importer` on `exporter`, percent.
fn average(levels: &[f64], flows: &[f64], importer: usize, exporter: usize) -> f64 {
    let d = DIMS;
    let (mut num, mut den) = (0.0, 0.0);
    for j in GOODS {
        let c = d.nij(importer, exporter, j);
        num += levels[c] * flows[c];
        den += flows[c];
    }
    100.0 * num / den
}

/// The baseline tariff cube for `flows` (border values, USD bn): the record's state on
/// [`BASELINE_DATE`] from the pre-war tariffs of the module docs.
pub(crate) fn baseline_tariffs(
    f: &Facts,
    flows: &[f64],
    facts_path: &Path,
) -> Result<Tariffs, DataError> {
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
    let piie_us = pct("R01", "PIIE average US tariff on China, 20 Jan 2025")?;
    let piie_chn = pct("R02", "PIIE average Chinese tariff on the US, 20 Jan 2025")?;

    let regions: Vec<Region> = REGIONS
        .iter()
        .map(|(c, name)| Region {
            code: (*c).into(),
            name: (*name).into(),
        })
        .collect();
    let sectors: Vec<Sector> = SECTORS
        .iter()
        .map(|(c, name, _)| Sector {
            code: (*c).into(),
            name: (*name).into(),
            tradable: true,
        })
        .collect();
    let theta: Vec<f64> = THETA.iter().map(|t| t.theta).collect();
    let world =
        World::new(&regions, &sectors, &theta, flows).map_err(|e| record_error(facts_path, e))?;
    let unit = Some(FLOW_UNIT_USD_BN);

    // MFN-type levels by importer, zero within USMCA.
    let usmca = |r: usize| r == USA || r == MEX || r == CAN;
    let mut pre = vec![0.0; d.cube_len()];
    for j in GOODS {
        for n in 0..N {
            for i in 0..N {
                if i != n && !(usmca(n) && usmca(i)) {
                    pre[d.nij(n, i, j)] = mfn[n];
                }
            }
        }
    }
    // China's 2023 MFN figure is its statutory level on the baseline date (its 2018 MFN cuts
    // are in it, and the WTO figure is a statutory average): its pre-war level on every partner
    // but the US is the figure less the cuts' statutory size Σ s·r (the record's statutory
    // level on the baseline date from a zero start).
    let zero = vec![0.0; d.cube_len()];
    let cuts = record_state(&world, unit, &zero, BASELINE_DATE)
        .map_err(|e| record_error(facts_path, e))?
        .statutory_tariff;
    for j in GOODS {
        for i in (0..N).filter(|&i| i != CHN && i != USA) {
            let c = d.nij(CHN, i, j);
            pre[c] -= cuts[c];
        }
    }
    // US–China: the 1 January 2018 HS6 schedule means.
    for j in GOODS {
        for (n, i, side) in [(USA, CHN, "USA"), (CHN, USA, "CHN")] {
            let mean = schedule_mean(side, PREWAR, SECTORS[j].0)
                .flatten()
                .ok_or_else(|| {
                    record_error(
                        facts_path,
                        truce_scenario::Origin::default().error(
                            truce_scenario::ErrorKind::UnknownRecordItem,
                            format!(
                                "the {side} HS6 schedule has no pre-war mean for {}",
                                SECTORS[j].0
                            ),
                        ),
                    )
                })?;
            pre[d.nij(n, i, j)] = mean / 100.0;
        }
    }

    let state =
        record_state(&world, unit, &pre, BASELINE_DATE).map_err(|e| record_error(facts_path, e))?;
    if let Some(note) = state.notes.first() {
        return Err(record_error(
            facts_path,
            truce_scenario::Origin::default()
                .error(truce_scenario::ErrorKind::OutOfRange, note.clone()),
        ));
    }
    let partners = |n: usize, lv: &[f64]| -> Vec<(String, f64)> {
        (0..N)
            .filter(|&i| i != n)
            .map(|i| (REGIONS[i].0.to_string(), average(lv, flows, n, i)))
            .collect()
    };
    debug_assert_eq!(J, sectors.len());
    let summary = TariffSummary {
        baseline_date: BASELINE_DATE.to_string(),
        mfn_pct,
        record_measures: state.measures.clone(),
        us_on_chn_prewar_pct: average(&pre, flows, USA, CHN),
        chn_on_us_prewar_pct: average(&pre, flows, CHN, USA),
        us_on_chn_avg_pct: average(&state.statutory_tariff, flows, USA, CHN),
        chn_on_us_avg_pct: average(&state.statutory_tariff, flows, CHN, USA),
        us_on_chn_model_avg_pct: average(&state.tariff, flows, USA, CHN),
        chn_on_us_model_avg_pct: average(&state.tariff, flows, CHN, USA),
        piie_us_on_chn_pct: 100.0 * piie_us,
        piie_chn_on_us_pct: 100.0 * piie_chn,
        us_on_partner_pct: partners(USA, &state.statutory_tariff),
        chn_on_partner_pct: partners(CHN, &state.statutory_tariff),
    };
    Ok(Tariffs {
        model: state.tariff,
        statutory: state.statutory_tariff,
        summary,
    })
}

/// Import-weighted average of the baseline's (model) tariffs of `importer` on `exporter` over
/// goods, percent, in a baseline with the world2024 codes. The statutory averages (PIIE's
/// definition) are in [`TariffSummary`].
pub fn weighted_average_pct(b: &truce_model::Baseline, importer: usize, exporter: usize) -> f64 {
    let d = b.dims();
    let (mut num, mut den) = (0.0, 0.0);
    for j in 0..d.j {
        if !b.sectors()[j].tradable || record::holds_no_goods(&b.sectors()[j].code) {
            continue;
        }
        let c = d.nij(importer, exporter, j);
        num += b.tariff()[c] * b.flows()[c];
        den += b.flows()[c];
    }
    100.0 * num / den
}
