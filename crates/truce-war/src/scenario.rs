//! US policy scenarios of `ustariff` (Ignatenko, Lashkaripour, Macedoni & Simonovska 2025):
//! the Liberation Day schedule, uniform and targeted US tariffs and the optimal unilateral US
//! tariff, each with retaliation `none`, `reciprocal` or `nash`.
//!
//! Conventions (the package's, `build_tariff_cube.m`): a scenario rate **replaces** the
//! factual US tariff on the partner in every sector, services included
//! ([`RateConvention::Replace`]; [`RateConvention::OnTop`] adds it to the factual rate
//! instead, (1+τ)(1+r) − 1). `reciprocal`: each retaliating partner charges the US, in every
//! sector, the rate the US charges it. `nash` (truce's addition): the retaliating partners set
//! their optimal uniform tariff of Lashkaripour (2021, eq. (14)) on all their imports, jointly
//! (a Nash equilibrium among them, the US schedule fixed). Retaliating partners: everyone for
//! uniform, Liberation Day and optimal scenarios; the targets for targeted ones. The optimal US
//! tariff is first solved with everyone else passive (the US first-order condition alone), as
//! the package does; retaliation then responds to that rate.

use crate::newton::NewtonParams;
use crate::war::{solve_regime, Solution};
use crate::{TariffRegime, WarError};
use serde::Serialize;
use std::sync::Arc;
use truce_model::Baseline;

/// The EU-27 members (the package's list for target `EU`).
pub const EU27: [&str; 27] = [
    "AUT", "BEL", "BGR", "CYP", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GRC", "HRV",
    "HUN", "IRL", "ITA", "LTU", "LUX", "LVA", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN",
    "SWE",
];

/// The US policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum UsPolicy {
    /// The 2 April 2025 schedule, country by country.
    LiberationDay,
    /// One rate on every partner.
    Uniform {
        /// Rate (fraction).
        rate: f64,
    },
    /// One rate on one partner (`EU` = the EU-27 members in the data).
    Targeted {
        /// Partner code or `EU`.
        partner: String,
        /// Rate (fraction).
        rate: f64,
    },
    /// The optimal unilateral uniform US tariff (everyone else passive).
    OptimalUs,
}

impl UsPolicy {
    /// The package's scenario name.
    pub fn name(&self) -> &'static str {
        match self {
            UsPolicy::LiberationDay => "liberation_day",
            UsPolicy::Uniform { .. } => "uniform",
            UsPolicy::Targeted { .. } => "targeted",
            UsPolicy::OptimalUs => "optimal_us",
        }
    }
    /// The package's target column.
    pub fn target(&self) -> String {
        match self {
            UsPolicy::Targeted { partner, .. } => partner.clone(),
            _ => "all".into(),
        }
    }
}

/// How partners respond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Retaliation {
    /// No response.
    None,
    /// Mirror the US rate on US goods.
    Reciprocal,
    /// Optimal uniform tariffs (L2021 eq. (14)), jointly among the retaliating partners.
    Nash,
}

impl std::str::FromStr for Retaliation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Retaliation::None),
            "reciprocal" => Ok(Retaliation::Reciprocal),
            "nash" => Ok(Retaliation::Nash),
            o => Err(format!(
                "unknown retaliation `{o}`; use none, reciprocal or nash"
            )),
        }
    }
}

impl std::fmt::Display for Retaliation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Retaliation::None => "none",
            Retaliation::Reciprocal => "reciprocal",
            Retaliation::Nash => "nash",
        })
    }
}

/// Whether a scenario rate replaces the factual tariff or is added to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateConvention {
    /// The package's: the rate replaces the factual tariff.
    #[default]
    Replace,
    /// On top of the factual tariff: (1+τ)(1+r) − 1.
    OnTop,
}

/// The Liberation Day schedule (`reciprocal_tariffs/`): 194 countries, their rates, and the
/// CEPII bilateral trade matrix used to trade-weight the rate of aggregates such as ROW.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// ISO3 codes, in file order.
    pub iso3: Vec<String>,
    /// Rates (fractions), same order.
    pub rate: Vec<f64>,
    /// Exports from row country to column country, row-major, `iso3.len()²`.
    pub trade: Vec<f64>,
}

impl Schedule {
    /// Parse the three CSV files' contents (`country_labels.csv`: `iso3,iso_code,CountryName`;
    /// `tariffs.csv`: `applied_tariff`; `trade_cepii.csv`: `export_ij1…`, blanks = 0).
    ///
    /// # Errors
    /// A message naming the file, the line and the value.
    pub fn parse(labels: &str, tariffs: &str, trade: &str) -> Result<Self, String> {
        let mut iso3 = Vec::new();
        for (k, line) in labels.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let code = line.split(',').next().unwrap_or("").trim().to_string();
            if code.len() != 3 {
                return Err(format!(
                    "country_labels.csv line {}: `{code}` is not an ISO3 code",
                    k + 1
                ));
            }
            iso3.push(code);
        }
        let mut rate = Vec::new();
        for (k, line) in tariffs.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let v: f64 = line.trim().parse().map_err(|_| {
                format!(
                    "tariffs.csv line {}: `{}` is not a number",
                    k + 1,
                    line.trim()
                )
            })?;
            if !(v.is_finite() && (0.0..=10.0).contains(&v)) {
                return Err(format!(
                    "tariffs.csv line {}: {v} is not a rate between 0 and 10 (fractions)",
                    k + 1
                ));
            }
            rate.push(v);
        }
        if rate.len() != iso3.len() {
            return Err(format!(
                "tariffs.csv has {} rates for the {} countries of country_labels.csv",
                rate.len(),
                iso3.len()
            ));
        }
        let n = iso3.len();
        let mut m = Vec::with_capacity(n * n);
        let mut rows = 0;
        for (k, line) in trade.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let cells: Vec<&str> = line.split(',').collect();
            if cells.len() != n {
                return Err(format!(
                    "trade_cepii.csv line {}: {} columns, expected {n}",
                    k + 1,
                    cells.len()
                ));
            }
            for c in cells {
                let c = c.trim();
                let v: f64 = if c.is_empty() {
                    0.0
                } else {
                    c.parse().map_err(|_| {
                        format!("trade_cepii.csv line {}: `{c}` is not a number", k + 1)
                    })?
                };
                if !(v.is_finite() && v >= 0.0) {
                    return Err(format!(
                        "trade_cepii.csv line {}: trade {v} must be non-negative",
                        k + 1
                    ));
                }
                m.push(v);
            }
            rows += 1;
        }
        if rows != n {
            return Err(format!("trade_cepii.csv has {rows} rows, expected {n}"));
        }
        Ok(Self {
            iso3,
            rate,
            trade: m,
        })
    }

    fn index(&self, code: &str) -> Option<usize> {
        self.iso3.iter().position(|c| c == code)
    }

    /// The schedule's rate on each dataset region (`None`: not in the schedule, keeps its
    /// factual tariff) and, for `ROW`, the rate averaged over the schedule's countries that
    /// are not in the dataset, weighted by their exports to the US; with it, ROW's
    /// reciprocal rate, weighted by US exports to them.
    pub fn rates_for(&self, codes: &[String]) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
        let us = self.index("USA");
        let n = self.iso3.len();
        let mut us_rate = Vec::with_capacity(codes.len());
        let mut retal = Vec::with_capacity(codes.len());
        for c in codes {
            if c == "ROW" {
                let (mut a, mut b, mut ra, mut rb) = (0.0, 0.0, 0.0, 0.0);
                if let Some(u) = us {
                    for (k, code) in self.iso3.iter().enumerate() {
                        if code == "USA" || codes.iter().any(|x| x == code) {
                            continue;
                        }
                        let to_us = self.trade[k * n + u];
                        let from_us = self.trade[u * n + k];
                        a += self.rate[k] * to_us;
                        b += to_us;
                        ra += self.rate[k] * from_us;
                        rb += from_us;
                    }
                }
                // The package falls back to 10 % (the baseline rate) without trade.
                us_rate.push(Some(if b > 0.0 { a / b } else { 0.10 }));
                retal.push(Some(if rb > 0.0 { ra / rb } else { 0.10 }));
            } else {
                let r = self.index(c).map(|k| self.rate[k]);
                us_rate.push(r);
                retal.push(r);
            }
        }
        (us_rate, retal)
    }
}

/// A solved US scenario.
#[derive(Debug, Clone)]
pub struct UsOutcome {
    /// The US rate of the scenario, when it has one (percent; the optimal rate for
    /// `optimal_us`).
    pub rate_pct: Option<f64>,
    /// The solution (players: the Nash retaliators; the US for the optimal tariff with no
    /// retaliation).
    pub solution: Solution,
}

/// Solve one US scenario on the balanced baseline `b`.
///
/// # Errors
/// [`WarError::Usage`] when the data have no USA, a target is not in the data, or Liberation
/// Day is asked for without a schedule; [`WarError::NotConverged`] (exit 3).
pub fn run_us(
    b: &Arc<Baseline>,
    policy: &UsPolicy,
    retaliation: Retaliation,
    convention: RateConvention,
    schedule: Option<&Schedule>,
    params: &NewtonParams,
    engine_check: bool,
) -> Result<UsOutcome, WarError> {
    let d = b.dims();
    let codes: Vec<String> = b.regions().iter().map(|r| r.code.clone()).collect();
    let us = b.region_index("USA").ok_or_else(|| {
        WarError::Usage(
            "the US scenarios need a region `USA` in the dataset; this one has none".into(),
        )
    })?;
    // US rate on each partner, and each partner's reciprocal rate on the US.
    let mut on: Vec<Option<f64>> = vec![None; d.n];
    let mut back: Vec<Option<f64>> = vec![None; d.n];
    let mut rate_pct = None;
    match policy {
        UsPolicy::Uniform { rate } => {
            for j in 0..d.n {
                if j != us {
                    on[j] = Some(*rate);
                    back[j] = Some(*rate);
                }
            }
            rate_pct = Some(100.0 * rate);
        }
        UsPolicy::Targeted { partner, rate } => {
            let idx: Vec<usize> = if partner == "EU" {
                EU27.iter().filter_map(|c| b.region_index(c)).collect()
            } else {
                b.region_index(partner).into_iter().collect()
            };
            if idx.is_empty() {
                return Err(WarError::Usage(format!(
                    "target `{partner}` is not in the dataset (its regions: {})",
                    codes.join(", ")
                )));
            }
            for j in idx {
                on[j] = Some(*rate);
                back[j] = Some(*rate);
            }
            rate_pct = Some(100.0 * rate);
        }
        UsPolicy::LiberationDay => {
            let s = schedule.ok_or_else(|| {
                WarError::Usage(
                    "the Liberation Day scenario needs the schedule (reciprocal_tariffs/)".into(),
                )
            })?;
            let (r, rr) = s.rates_for(&codes);
            for j in 0..d.n {
                if j != us {
                    on[j] = r[j];
                    back[j] = rr[j];
                }
            }
        }
        UsPolicy::OptimalUs => {
            let regime = TariffRegime {
                fixed: b.tariff().to_vec(),
                players: vec![us],
                instrument_sectors: vec![true; d.j],
            };
            let sol = solve_regime(b, regime, params, "optimal unilateral US tariff", false)?;
            let t = sol.player_tariffs[0];
            rate_pct = Some(100.0 * t);
            if retaliation == Retaliation::None && convention == RateConvention::Replace {
                let mut solution = sol;
                if engine_check {
                    solution.engine_gap_pp = Some(crate::war::engine_gap(b, &solution)?);
                }
                return Ok(UsOutcome { rate_pct, solution });
            }
            for j in 0..d.n {
                if j != us {
                    on[j] = Some(t);
                    back[j] = Some(t);
                }
            }
        }
    }
    let apply = |old: f64, r: f64| match convention {
        RateConvention::Replace => r,
        RateConvention::OnTop => (1.0 + old) * (1.0 + r) - 1.0,
    };
    let mut fixed = b.tariff().to_vec();
    for s in 0..d.j {
        for j in 0..d.n {
            if let Some(r) = on[j] {
                let c = d.nij(us, j, s);
                fixed[c] = apply(fixed[c], r);
            }
            if retaliation == Retaliation::Reciprocal {
                if let Some(r) = back[j] {
                    let c = d.nij(j, us, s);
                    fixed[c] = apply(fixed[c], r);
                }
            }
        }
    }
    let players: Vec<usize> = if retaliation == Retaliation::Nash {
        (0..d.n).filter(|&j| j != us && on[j].is_some()).collect()
    } else {
        Vec::new()
    };
    let regime = TariffRegime {
        fixed,
        players,
        instrument_sectors: vec![true; d.j],
    };
    let solution = solve_regime(
        b,
        regime,
        params,
        &format!(
            "US scenario `{}` with {retaliation} retaliation",
            policy.name()
        ),
        engine_check,
    )?;
    Ok(UsOutcome { rate_pct, solution })
}

/// The package's 34 scenarios (`standard_suite.m`): Liberation Day, uniform 5/10/15/20 %,
/// optimal US, and 5/10/15/20 % on each of MEX, CAN, EU, CHN, IND, BRA, JPN.
pub fn standard_suite() -> Vec<UsPolicy> {
    let mut v = vec![UsPolicy::LiberationDay];
    for r in [0.05, 0.10, 0.15, 0.20] {
        v.push(UsPolicy::Uniform { rate: r });
    }
    v.push(UsPolicy::OptimalUs);
    for p in ["MEX", "CAN", "EU", "CHN", "IND", "BRA", "JPN"] {
        for r in [0.05, 0.10, 0.15, 0.20] {
            v.push(UsPolicy::Targeted {
                partner: p.into(),
                rate: r,
            });
        }
    }
    v
}
