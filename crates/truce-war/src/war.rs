//! Solving a tariff regime: a global Nash war, one country's optimal tariff, partners'
//! retaliation, or fixed tariffs; per-country results against the (balanced) baseline.

use crate::newton::{self, NewtonInfo, NewtonParams};
use crate::system::{welfare, Point, System, TariffRegime};
use crate::WarError;
use serde::Serialize;
use std::sync::Arc;
use truce_model::cp2015::{real_income, Engine};
use truce_model::{Baseline, Policy};

/// One country's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryResult {
    /// Region code.
    pub code: String,
    /// Region name.
    pub name: String,
    /// The uniform tariff this country sets when it is a player (percent), else `None`.
    pub nash_tariff_pct: Option<f64>,
    /// Its applied import tariff in the counterfactual, weighted by the new import flows
    /// (percent).
    pub mean_tariff_pct: f64,
    /// Its applied import tariff in the baseline, weighted by base imports (percent).
    pub base_mean_tariff_pct: f64,
    /// Welfare: real income Ŷ/P̂ − 1 (percent), against the baseline.
    pub welfare_pct: f64,
    /// The welfare change in money: welfare_pct/100 × base national expenditure (million
    /// USD of the base year).
    pub welfare_musd: f64,
    /// Real wage ŵ/P̂ − 1 (percent).
    pub real_wage_pct: f64,
    /// Consumer price index P̂ − 1 (percent).
    pub price_index_pct: f64,
    /// Nominal income Ŷ − 1 (percent; world wage bill is the numeraire).
    pub income_pct: f64,
    /// (Exports + imports) / GDP in the baseline, percent (border values, services included).
    pub trade_to_gdp_base_pct: f64,
    /// (Exports + imports) / GDP in the counterfactual, percent.
    pub trade_to_gdp_pct: f64,
}

/// A solved regime.
#[derive(Debug, Clone)]
pub struct Solution {
    /// Per country, in the baseline's order.
    pub countries: Vec<CountryResult>,
    /// Players' tariffs (fractions), in the regime's player order.
    pub player_tariffs: Vec<f64>,
    /// The counterfactual tariff cube ([`truce_model::Dims::nij`]).
    pub tariffs: Vec<f64>,
    /// Newton diagnostics.
    pub newton: NewtonInfo,
    /// When checked: the largest gap (percentage points) between this solution's welfare and
    /// the Caliendo–Parro engine's at the same tariffs.
    pub engine_gap_pp: Option<f64>,
}

impl Solution {
    /// Unweighted mean welfare change over all countries (percent): the packages' headline
    /// "world average".
    pub fn mean_welfare_pct(&self) -> f64 {
        self.countries.iter().map(|c| c.welfare_pct).sum::<f64>() / self.countries.len() as f64
    }
}

/// Solve `regime` on the balanced baseline `b` by Newton with the analytic Jacobian, from ŵ =
/// Ŷ = 1 and the players' formula tariffs at that point. With `engine_check`, the tariffs found
/// are re-solved on the Caliendo–Parro engine and the welfare gap is reported.
///
/// # Errors
/// [`WarError::NotConverged`] with the residual (never a result); [`WarError::Solve`] if the
/// engine check does not converge.
pub fn solve_regime(
    b: &Arc<Baseline>,
    regime: TariffRegime,
    params: &NewtonParams,
    what: &str,
    engine_check: bool,
) -> Result<Solution, WarError> {
    let sys = System::new(b, regime);
    let n = sys.dims().n;
    let np = sys.regime().players.len();
    // Start: the formula's tariffs at the baseline wages (one evaluation at t = 25 %).
    let mut x0 = vec![0.0; sys.len()];
    if np > 0 {
        for v in &mut x0[2 * n..] {
            *v = 0.25;
        }
        let pt = sys.point(&x0);
        for k in 0..np {
            x0[2 * n + k] = 0.25 - pt.f[2 * n + k];
        }
    }
    let (_, pt, info) = newton::solve(&sys, x0, params);
    if !info.converged {
        let hint = format!(
            "{}; try fewer players or another elasticity set, or report the case",
            info.reason.as_deref().unwrap_or("no reason given")
        );
        let cause = truce_solve::NotConverged {
            info: info.info(),
            tol: params.tol,
            hint,
        };
        return Err(WarError::NotConverged {
            what: what.to_string(),
            cause,
        });
    }
    let countries = results(b, &sys, &pt);
    let mut sol = Solution {
        countries,
        player_tariffs: pt.t.clone(),
        tariffs: sys.tariffs(&pt.t),
        newton: info,
        engine_gap_pp: None,
    };
    if engine_check {
        sol.engine_gap_pp = Some(engine_gap(b, &sol)?);
    }
    Ok(sol)
}

/// Re-solve `sol`'s tariffs on the Caliendo–Parro engine; the largest welfare gap in
/// percentage points.
///
/// # Errors
/// [`WarError::Solve`] when the engine does not converge; [`WarError::Model`] for a tariff
/// the policy rejects.
pub fn engine_gap(b: &Arc<Baseline>, sol: &Solution) -> Result<f64, WarError> {
    let d = b.dims();
    let mut p = Policy::baseline(b);
    for s in 0..d.j {
        for n in 0..d.n {
            for i in 0..d.n {
                if i != n {
                    p.set_tariff(b, n, i, s, sol.tariffs[d.nij(n, i, s)])?;
                }
            }
        }
    }
    let eq = Engine::new(b.clone()).solve(&p, None, &mut truce_solve::NoObserver)?;
    let ri = real_income(b, &eq);
    Ok(sol
        .countries
        .iter()
        .zip(ri)
        .map(|(c, r)| (c.welfare_pct - 100.0 * (r.unwrap_or(1.0) - 1.0)).abs())
        .fold(0.0, f64::max))
}

fn results(b: &Baseline, sys: &System, pt: &Point) -> Vec<CountryResult> {
    let d = b.dims();
    let (wel, rw, price) = welfare(sys, pt);
    let tau_new = sys.tariffs(&pt.t);
    let flows = b.flows();
    let tau0 = b.tariff();
    (0..d.n)
        .map(|n| {
            let (mut imp0, mut exp0, mut imp1, mut exp1) = (0.0, 0.0, 0.0, 0.0);
            let (mut tw0, mut tw1) = (0.0, 0.0);
            for s in 0..d.j {
                let xs = pt.spend[d.nj(n, s)];
                for i in 0..d.n {
                    if i == n {
                        continue;
                    }
                    let c = d.nij(n, i, s);
                    imp0 += flows[c];
                    tw0 += tau0[c] * flows[c];
                    let m1 = xs * pt.pi_new[c] / (1.0 + tau_new[c]);
                    imp1 += m1;
                    tw1 += tau_new[c] * m1;
                    let ce = d.nij(i, n, s);
                    exp0 += flows[ce];
                    exp1 += pt.spend[d.nj(i, s)] * pt.pi_new[ce] / (1.0 + tau_new[ce]);
                }
            }
            let gdp0 = b.value_added()[n];
            let gdp1 = gdp0 * pt.w[n];
            let pos = sys.player_position(n);
            let r = &b.regions()[n];
            CountryResult {
                code: r.code.clone(),
                name: r.name.clone(),
                nash_tariff_pct: pos.map(|k| 100.0 * pt.t[k]),
                mean_tariff_pct: if imp1 > 0.0 { 100.0 * tw1 / imp1 } else { 0.0 },
                base_mean_tariff_pct: if imp0 > 0.0 { 100.0 * tw0 / imp0 } else { 0.0 },
                welfare_pct: 100.0 * wel[n],
                welfare_musd: wel[n] * sys.expenditure()[n],
                real_wage_pct: 100.0 * rw[n],
                price_index_pct: 100.0 * (price[n] - 1.0),
                income_pct: 100.0 * (pt.y[n] - 1.0),
                trade_to_gdp_base_pct: 100.0 * (imp0 + exp0) / gdp0,
                trade_to_gdp_pct: 100.0 * (imp1 + exp1) / gdp1,
            }
        })
        .collect()
}

/// The regime of a global war: `players` (region indices) set their uniform optimal tariff on
/// every import in every sector; every other tariff stays at `b`'s.
pub fn war_regime(b: &Baseline, players: &[usize]) -> TariffRegime {
    let mut p: Vec<usize> = players.to_vec();
    p.sort_unstable();
    p.dedup();
    TariffRegime {
        fixed: b.tariff().to_vec(),
        players: p,
        instrument_sectors: vec![true; b.dims().j],
    }
}
