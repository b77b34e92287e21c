//! A readable summary of a dataset: dimensions, GDP and openness by region, the largest
//! bilateral flows, how far the baseline is from an equilibrium of the model, and warnings.

// Index loops follow the notation of the equations (n, i, j, s, k), as in truce-model.
#![allow(clippy::needless_range_loop)]

use crate::dataset::Dataset;
use serde::Serialize;
use std::sync::Arc;
use truce_model::cp2015::{Engine, SolveError};
use truce_model::{Baseline, Policy};

/// Cells below this share of world gross output count as tiny.
pub const TINY_SHARE: f64 = 1e-9;
/// A base-solve wage change above this means the baseline is not an equilibrium.
pub const EQUILIBRIUM_TOL: f64 = 1e-6;

/// One region's figures, in the dataset's money unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionSummary {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// GDP = value added VAₙ = Σⱼ γʲₙ Yʲₙ.
    pub gdp: f64,
    /// Share of world GDP.
    pub gdp_share: f64,
    /// Exports at border values (cross-border, all sectors).
    pub exports: f64,
    /// Imports at border values.
    pub imports: f64,
    /// (exports + imports) / GDP.
    pub openness: f64,
    /// Deficit Dₙ = imports − exports.
    pub deficit: f64,
    /// Dₙ / GDP.
    pub deficit_share: f64,
    /// Trade-weighted average import tariff: Rₙ / imports.
    pub average_tariff: f64,
}

/// A bilateral flow summed over sectors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowSummary {
    /// Exporter code.
    pub exporter: String,
    /// Importer code.
    pub importer: String,
    /// Value at border prices.
    pub value: f64,
    /// Share of world cross-border trade.
    pub share: f64,
}

/// One accounting identity of the baseline and how far the data are from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Identity {
    /// Short name.
    pub name: String,
    /// The identity.
    pub identity: String,
    /// Largest relative gap.
    pub max_gap: f64,
    /// Where the largest gap is (region / sector codes).
    pub at: String,
}

/// The base solve: every instrument at its base level, deficits fixed (CP2015 §4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquilibriumCheck {
    /// Whether the solver converged.
    pub converged: bool,
    /// max |ŵₙ − 1| (zero for a baseline that is an equilibrium).
    pub max_abs_wage_change: Option<f64>,
    /// Region of the largest wage change.
    pub at: Option<String>,
    /// Outer iterations.
    pub iterations: usize,
    /// Wall time in milliseconds.
    pub millis: f64,
    /// The solver's message when it did not converge.
    pub message: Option<String>,
}

/// The summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inspection {
    /// Dataset name.
    pub name: String,
    /// Title.
    pub title: String,
    /// Base year.
    pub base_year: i32,
    /// Currency.
    pub currency: String,
    /// Money unit.
    pub unit: String,
    /// Stylised calibration?
    pub stylised: bool,
    /// Sources: (id, citation).
    pub sources: Vec<(String, String)>,
    /// Number of regions.
    pub regions: usize,
    /// Number of sectors.
    pub sectors: usize,
    /// Number of tradable sectors.
    pub tradable_sectors: usize,
    /// Alternative tariff tables.
    pub alt_tariffs: Vec<String>,
    /// World GDP.
    pub world_gdp: f64,
    /// World cross-border trade (border values).
    pub world_trade: f64,
    /// By region, in dataset order.
    pub by_region: Vec<RegionSummary>,
    /// The largest bilateral flows (sum over sectors), largest first.
    pub top_flows: Vec<FlowSummary>,
    /// Accounting identities.
    pub identities: Vec<Identity>,
    /// The base solve, unless skipped.
    pub equilibrium: Option<EquilibriumCheck>,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// Summarise `ds`: `top` largest flows; `solve` runs the base solve.
pub fn inspect(ds: &Dataset, top: usize, solve: bool) -> Inspection {
    let b = &ds.baseline;
    let d = b.dims();
    let m = &ds.manifest;
    let world_gdp = b.world_value_added();
    let mut exports = vec![0.0; d.n];
    let mut imports = vec![0.0; d.n];
    let mut pair = vec![0.0; d.n * d.n];
    for j in 0..d.j {
        for n in 0..d.n {
            for i in 0..d.n {
                if i != n {
                    let v = b.flows()[d.nij(n, i, j)];
                    exports[i] += v;
                    imports[n] += v;
                    pair[i * d.n + n] += v;
                }
            }
        }
    }
    let world_trade: f64 = exports.iter().sum();
    let by_region = (0..d.n)
        .map(|n| {
            let gdp = b.value_added()[n];
            RegionSummary {
                code: b.regions()[n].code.clone(),
                name: b.regions()[n].name.clone(),
                gdp,
                gdp_share: gdp / world_gdp,
                exports: exports[n],
                imports: imports[n],
                openness: (exports[n] + imports[n]) / gdp,
                deficit: b.deficit()[n],
                deficit_share: b.deficit()[n] / gdp,
                average_tariff: if imports[n] > 0.0 {
                    b.tariff_revenue()[n] / imports[n]
                } else {
                    0.0
                },
            }
        })
        .collect();
    let mut flows: Vec<(usize, usize, f64)> = (0..d.n)
        .flat_map(|i| (0..d.n).map(move |n| (i, n)))
        .filter(|(i, n)| i != n)
        .map(|(i, n)| (i, n, pair[i * d.n + n]))
        .filter(|(_, _, v)| *v > 0.0)
        .collect();
    flows.sort_by(|a, b| b.2.total_cmp(&a.2));
    let top_flows = flows
        .iter()
        .take(top)
        .map(|&(i, n, v)| FlowSummary {
            exporter: b.regions()[i].code.clone(),
            importer: b.regions()[n].code.clone(),
            value: v,
            share: v / world_trade,
        })
        .collect();

    let identities = identities(b);
    let equilibrium = solve.then(|| base_solve(b));
    let warnings = warnings(ds, &equilibrium, &identities);
    Inspection {
        name: m.name.clone(),
        title: m.title.clone(),
        base_year: m.base_year,
        currency: m.currency.clone(),
        unit: m.unit.clone(),
        stylised: m.stylised,
        sources: m
            .sources
            .iter()
            .map(|s| (s.id.clone(), s.citation.clone()))
            .collect(),
        regions: d.n,
        sectors: d.j,
        tradable_sectors: b.sectors().iter().filter(|s| s.tradable).count(),
        alt_tariffs: ds.alt_tariffs.keys().cloned().collect(),
        world_gdp,
        world_trade,
        by_region,
        top_flows,
        identities,
        equilibrium,
        warnings,
    }
}

/// The accounting identities of the baseline at base prices.
pub fn identities(b: &Baseline) -> Vec<Identity> {
    let d = b.dims();
    let code = |n: usize| b.regions()[n].code.as_str();
    let scode = |j: usize| b.sectors()[j].code.as_str();
    // CP2015 eq. (13) at base prices: Xʲₙ = Σₖ γⁿ_{j,k} Yᵏₙ + αʲₙ Iₙ.
    let (mut goods, mut goods_at) = (0.0f64, String::new());
    for n in 0..d.n {
        let inc = b.income(n);
        for j in 0..d.j {
            let inter: f64 = (0..d.j)
                .map(|k| b.io_share()[d.nkj(n, j, k)] * b.gross_output()[d.nj(n, k)])
                .sum();
            let gap = (b.expenditure()[d.nj(n, j)] - inter - b.alpha()[d.nj(n, j)] * inc).abs()
                / b.value_added()[n];
            if gap > goods {
                goods = gap;
                goods_at = format!("{} {}", code(n), scode(j));
            }
        }
    }
    // Σₙ Dₙ = 0.
    let dsum = b.deficit().iter().sum::<f64>().abs() / b.world_value_added();
    // Iₙ = Σⱼ final demand (shares sum to one).
    let (mut inc_gap, mut inc_at) = (0.0f64, String::new());
    for n in 0..d.n {
        let s: f64 = (0..d.j).map(|j| b.alpha()[d.nj(n, j)]).sum();
        if (s - 1.0).abs() > inc_gap {
            inc_gap = (s - 1.0).abs();
            inc_at = code(n).to_string();
        }
    }
    // γʲₙ + Σₖ γⁿ_{k,j} = 1.
    let (mut cost_gap, mut cost_at) = (0.0f64, String::new());
    for n in 0..d.n {
        for j in 0..d.j {
            let s: f64 = b.va_share()[d.nj(n, j)]
                + (0..d.j).map(|k| b.io_share()[d.nkj(n, k, j)]).sum::<f64>();
            if (s - 1.0).abs() > cost_gap {
                cost_gap = (s - 1.0).abs();
                cost_at = format!("{} {}", code(n), scode(j));
            }
        }
    }
    vec![
        Identity {
            name: "goods market".into(),
            identity: "X = Σ γ·Y + α·I by region and sector (CP2015 eq. 13 at base prices), gap / \
                       region GDP"
                .into(),
            max_gap: goods,
            at: goods_at,
        },
        Identity {
            name: "world deficits".into(),
            identity: "Σ D = 0, gap / world GDP".into(),
            max_gap: dsum,
            at: String::new(),
        },
        Identity {
            name: "final demand".into(),
            identity: "Σⱼ α = 1 (absorption fully spent)".into(),
            max_gap: inc_gap,
            at: inc_at,
        },
        Identity {
            name: "cost shares".into(),
            identity: "γ_VA + Σₖ γ = 1 by region and sector".into(),
            max_gap: cost_gap,
            at: cost_at,
        },
    ]
}

/// Solve with every instrument at its base level and deficits fixed: an equilibrium returns
/// ŵ = 1.
pub fn base_solve(b: &Baseline) -> EquilibriumCheck {
    let arc = Arc::new(b.clone());
    let p = Policy::baseline(&arc);
    match Engine::new(arc.clone()).solve(&p, None, &mut truce_model::solve::NoObserver) {
        Ok(eq) => {
            let (k, gap) = eq.w_hat.iter().map(|w| (w - 1.0).abs()).enumerate().fold(
                (0, 0.0f64),
                |acc, (k, g)| if g > acc.1 { (k, g) } else { acc },
            );
            EquilibriumCheck {
                converged: true,
                max_abs_wage_change: Some(gap),
                at: (gap > 0.0).then(|| b.regions()[k].code.clone()),
                iterations: eq.info.iterations,
                millis: eq.info.elapsed.as_secs_f64() * 1e3,
                message: None,
            }
        }
        Err(e) => {
            let (iterations, millis) = match &e {
                SolveError::NotConverged(info, _) => {
                    (info.iterations, info.elapsed.as_secs_f64() * 1e3)
                }
                _ => (0, 0.0),
            };
            EquilibriumCheck {
                converged: false,
                max_abs_wage_change: None,
                at: None,
                iterations,
                millis,
                message: Some(e.to_string()),
            }
        }
    }
}

fn warnings(ds: &Dataset, eq: &Option<EquilibriumCheck>, ids: &[Identity]) -> Vec<String> {
    let b = &ds.baseline;
    let d = b.dims();
    let mut w = Vec::new();
    if ds.manifest.stylised {
        w.push(
            "stylised calibration: figures are indicative; for research-grade tables build a \
             dataset with `truce data import` (cp2015, ossa2014, wiod, oecd-icio)"
                .to_string(),
        );
    }
    if let Some(e) = eq {
        match (e.converged, e.max_abs_wage_change) {
            (true, Some(g)) if g > EQUILIBRIUM_TOL => w.push(format!(
                "the baseline is not an equilibrium of the model: with every instrument at its \
                 base level the solver moves wages by up to {:.2e} ({}); counterfactuals are \
                 measured against the data, so this gap mixes into every result (re-base on the \
                 solved base, as CP2015 §4.2 does, to remove it)",
                g,
                e.at.as_deref().unwrap_or("")
            )),
            (false, _) => w.push(format!(
                "the base solve did not converge: {}",
                e.message.as_deref().unwrap_or("")
            )),
            _ => {}
        }
    }
    if let Some(g) = ids.iter().find(|i| i.name == "goods market") {
        if g.max_gap > 1e-6 {
            w.push(format!(
                "goods-market identity off by up to {:.2e} of GDP at {}",
                g.max_gap, g.at
            ));
        }
    }
    let world_output: f64 = b.gross_output().iter().sum();
    let mut tiny = 0usize;
    let mut smallest = f64::INFINITY;
    for &v in b.flows() {
        if v > 0.0 && v < TINY_SHARE * world_output {
            tiny += 1;
            smallest = smallest.min(v);
        }
    }
    if tiny > 0 {
        w.push(format!(
            "{tiny} positive flows are below {TINY_SHARE:e} of world gross output (smallest \
             {smallest:.3e}): they carry no weight but may be rounding noise"
        ));
    }
    let zero_out: Vec<String> = (0..d.n)
        .flat_map(|n| (0..d.j).map(move |j| (n, j)))
        .filter(|&(n, j)| b.gross_output()[d.nj(n, j)] == 0.0)
        .map(|(n, j)| format!("{} {}", b.regions()[n].code, b.sectors()[j].code))
        .collect();
    if !zero_out.is_empty() {
        w.push(format!(
            "{} region × sector cells have zero output: {}{}",
            zero_out.len(),
            zero_out
                .iter()
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            if zero_out.len() > 8 { ", …" } else { "" }
        ));
    }
    let neg: Vec<(usize, f64)> = b
        .io_share()
        .iter()
        .enumerate()
        .filter(|(_, &v)| v < 0.0)
        .map(|(k, &v)| (k, v))
        .collect();
    if !neg.is_empty() {
        let (k, v) = neg
            .iter()
            .copied()
            .fold((0, 0.0), |a, x| if x.1 < a.1 { x } else { a });
        let (n, rest) = (k / (d.j * d.j), k % (d.j * d.j));
        w.push(format!(
            "{} negative input–output coefficients (smallest {v} in {}, input {} → sector {})",
            neg.len(),
            b.regions()[n].code,
            b.sectors()[rest / d.j].code,
            b.sectors()[rest % d.j].code
        ));
    }
    for (j, s) in b.sectors().iter().enumerate() {
        if s.tradable
            && !(0..d.n).any(|n| (0..d.n).any(|i| i != n && b.flows()[d.nij(n, i, j)] > 0.0))
        {
            w.push(format!(
                "sector {} is marked tradable but has no cross-border flow",
                s.code
            ));
        }
    }
    let high: Vec<String> = b
        .sectors()
        .iter()
        .zip(b.theta())
        .filter(|(_, &t)| t > 20.0)
        .map(|(s, t)| format!("{} ({t})", s.code))
        .collect();
    if !high.is_empty() {
        w.push(format!(
            "very high trade elasticities, where small price changes move trade a lot: {}",
            high.join(", ")
        ));
    }
    for n in 0..d.n {
        let share = b.deficit()[n] / b.value_added()[n];
        if share.abs() > 0.25 {
            w.push(format!(
                "{} runs a trade {} of {:.0} % of its GDP",
                b.regions()[n].code,
                if share > 0.0 { "deficit" } else { "surplus" },
                100.0 * share.abs()
            ));
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Manifest, Source};
    use std::collections::BTreeMap;
    use truce_model::testing::random_world;

    #[test]
    fn a_model_consistent_world_has_no_gaps() {
        let b = random_world(3, 4, 3);
        let m = Manifest::for_baseline(
            &b,
            "t",
            "t",
            2024,
            "USD",
            "million",
            vec![Source {
                id: "gen".into(),
                citation: "generated".into(),
                licence: "MIT".into(),
                url: None,
                used_for: None,
            }],
            None,
        );
        let ds = Dataset::new(m, b, BTreeMap::new()).unwrap();
        let s = inspect(&ds, 5, true);
        assert_eq!((s.regions, s.sectors), (4, 3));
        assert!(
            s.identities.iter().all(|i| i.max_gap < 1e-9),
            "{:?}",
            s.identities
        );
        let e = s.equilibrium.unwrap();
        assert!(e.converged && e.max_abs_wage_change.unwrap() < 1e-9);
        assert!(s.warnings.iter().all(|w| !w.contains("not an equilibrium")));
        let gdp: f64 = s.by_region.iter().map(|r| r.gdp_share).sum();
        assert!((gdp - 1.0).abs() < 1e-12);
        assert!(s.top_flows.len() <= 5);
        assert!(s.top_flows.windows(2).all(|w| w[0].value >= w[1].value));
    }
}
