//! What a counterfactual did: per region, per region × sector, per bilateral flow.
//!
//! Public names are plain English; percent changes are `(x'/x − 1)·100`. A change whose base is
//! zero is `None` (null in JSON), never a NaN or an infinity.

use crate::baseline::Baseline;
use crate::cp2015::welfare::{consumer_price_index, decompose, real_income};
use crate::cp2015::{Equilibrium, QuotaKind};
use crate::policy::Policy;
use serde::Serialize;

/// Percent change, or `None` when the base is zero.
fn pct(new: f64, base: f64) -> Option<f64> {
    (base != 0.0).then(|| (new / base - 1.0) * 100.0)
}

/// Outcome for one region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryOutcome {
    /// Region code.
    pub code: String,
    /// Region name.
    pub name: String,
    /// Exact real-income change Îₙ/P̂ₙ − 1, percent (truce's `welfare_pct` everywhere except
    /// the CP2015 Table 2 replication).
    pub real_income_pct: Option<f64>,
    /// First-order welfare change ToT + VoT (CP2015 eq. (16), as the paper's Table 2), percent.
    pub first_order_welfare_pct: f64,
    /// Terms-of-trade part of eq. (16), percent.
    pub terms_of_trade_pct: f64,
    /// Volume-of-trade part of eq. (16), percent.
    pub volume_of_trade_pct: f64,
    /// Real wage ŵₙ/P̂ₙ − 1, percent.
    pub real_wage_pct: f64,
    /// Nominal wage ŵₙ − 1 under the world-GDP numeraire, percent.
    pub wage_pct: f64,
    /// Consumer price index P̂ₙ − 1, percent.
    pub price_index_pct: f64,
    /// Nominal income Îₙ − 1, percent.
    pub income_pct: Option<f64>,
    /// Import-tariff revenue, base and counterfactual (base-year units).
    pub tariff_revenue_base: f64,
    /// Counterfactual import-tariff revenue.
    pub tariff_revenue_new: f64,
    /// Change in import-tariff revenue, percent.
    pub tariff_revenue_pct: Option<f64>,
    /// Export-tax revenue, base.
    pub export_tax_revenue_base: f64,
    /// Export-tax revenue, counterfactual.
    pub export_tax_revenue_new: f64,
    /// Exports at border values (all sectors, all partners), percent change (nominal).
    pub exports_pct: Option<f64>,
    /// Imports at border values, percent change (nominal).
    pub imports_pct: Option<f64>,
    /// Terms-of-trade effect by partner (same order as the regions), percent of base income.
    pub terms_of_trade_by_partner_pct: Vec<f64>,
    /// Volume-of-trade effect by partner, percent of base income.
    pub volume_of_trade_by_partner_pct: Vec<f64>,
    /// Terms-of-trade effect by sector (same order as the sectors), percent of base income.
    pub terms_of_trade_by_sector_pct: Vec<f64>,
    /// Volume-of-trade effect by sector, percent of base income.
    pub volume_of_trade_by_sector_pct: Vec<f64>,
}

/// Outcome for one region × sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectorOutcome {
    /// Region code.
    pub region: String,
    /// Sector code.
    pub sector: String,
    /// Gross output at producer prices, nominal, percent change.
    pub gross_output_pct: Option<f64>,
    /// Gross output deflated by the sector's unit cost (a quantity index), percent change.
    pub real_gross_output_pct: Option<f64>,
    /// Output (the quantity of gross output, Y'/(Y·ĉ) − 1), percent change: the same number as
    /// `real_gross_output_pct`, under the name sector tables use.
    pub output_pct: Option<f64>,
    /// Base cost share of the critical-input nest in this sector (`None` without a critical
    /// nest): compare it with `output_pct` to see how far a chokepoint amplifies.
    pub critical_cost_share: Option<f64>,
    /// Cost share of the critical nest at the solution.
    pub critical_cost_share_new: Option<f64>,
    /// Labour (value-added) cost share at the solution (moves with prices under nested CES).
    pub va_share_new: f64,
    /// Sectoral price index P̂ʲₙ − 1, percent.
    pub price_pct: f64,
    /// Input-bundle cost ĉʲₙ − 1, percent.
    pub input_cost_pct: f64,
    /// Share of the region's spending on this sector bought at home, base.
    pub domestic_share_base: f64,
    /// Same, counterfactual.
    pub domestic_share_new: f64,
    /// Total expenditure X (gross of tariffs), base.
    pub expenditure_base: f64,
    /// Total expenditure X', counterfactual.
    pub expenditure_new: f64,
}

/// Outcome for one bilateral flow (importer × exporter × sector), border values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BilateralOutcome {
    /// Importer code.
    pub importer: String,
    /// Exporter code.
    pub exporter: String,
    /// Sector code.
    pub sector: String,
    /// Base flow.
    pub flow_base: f64,
    /// Counterfactual flow.
    pub flow_new: f64,
    /// Percent change (nominal).
    pub flow_pct: Option<f64>,
    /// Trade share π, base.
    pub share_base: f64,
    /// Trade share π', counterfactual.
    pub share_new: f64,
    /// Counterfactual import tariff (fraction).
    pub tariff: f64,
    /// Counterfactual export tax (fraction).
    pub export_tax: f64,
}

/// One export quota or supply cap, solved (see [`crate::cp2015::QuotaSolution`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuotaOutcome {
    /// `export_quota` or `supply_cap`.
    pub kind: String,
    /// Exporter (producer) code.
    pub exporter: String,
    /// Importer code; `ALL` for a supply cap (every sale, home sales included).
    pub importer: String,
    /// Sector code.
    pub sector: String,
    /// The cap, % of the baseline quantity.
    pub cap_pct: f64,
    /// Quantity at the solution, % of the baseline quantity.
    pub quantity_pct: f64,
    /// Whether the cap binds.
    pub binding: bool,
    /// The export-tax equivalent of the quota, %: 0 where it does not bind.
    pub tax_equivalent_pct: f64,
    /// The quota rent t_q(1 + t')·V', base-year units of the flows; it accrues to the exporter.
    pub rent: f64,
}

/// Everything a counterfactual did, measured against the baseline it was solved on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// One row per region.
    pub countries: Vec<CountryOutcome>,
    /// One row per region × sector.
    pub sectors: Vec<SectorOutcome>,
    /// One row per bilateral flow that is positive in the base (domestic sales included).
    pub bilateral: Vec<BilateralOutcome>,
    /// One row per export quota of the policy.
    pub quotas: Vec<QuotaOutcome>,
}

impl Outcome {
    /// The counterfactual's flows (border values) in the baseline's [`crate::Dims::nij`]
    /// layout; cells the outcome does not list (no base trade) are 0.
    pub fn flows_new(&self, b: &Baseline) -> Vec<f64> {
        let d = b.dims();
        let mut v = vec![0.0; d.cube_len()];
        for x in &self.bilateral {
            if let (Some(n), Some(i), Some(j)) = (
                b.region_index(&x.importer),
                b.region_index(&x.exporter),
                b.sectors().iter().position(|s| s.code == x.sector),
            ) {
                v[d.nij(n, i, j)] = x.flow_new;
            }
        }
        v
    }

    /// Compute every reported quantity from a solved equilibrium.
    pub fn new(b: &Baseline, p: &Policy, eq: &Equilibrium) -> Outcome {
        let d = b.dims();
        let cpi = consumer_price_index(b, eq);
        let real = real_income(b, eq);
        let dec = decompose(b, p, eq);
        let export_tax = eq.export_tax_in_force(p);
        let mut exports = vec![(0.0, 0.0); d.n];
        let mut imports = vec![(0.0, 0.0); d.n];
        let mut bilateral = Vec::new();
        for j in 0..d.j {
            for n in 0..d.n {
                let x = eq.expenditure[d.nj(n, j)];
                for i in 0..d.n {
                    let c = d.nij(n, i, j);
                    let m0 = b.flows()[c];
                    if m0 == 0.0 {
                        continue;
                    }
                    let m1 = eq.trade_share[c] * x / (1.0 + p.tariff()[c]);
                    if i != n {
                        imports[n].0 += m0;
                        imports[n].1 += m1;
                        exports[i].0 += m0;
                        exports[i].1 += m1;
                    }
                    bilateral.push(BilateralOutcome {
                        importer: b.regions()[n].code.clone(),
                        exporter: b.regions()[i].code.clone(),
                        sector: b.sectors()[j].code.clone(),
                        flow_base: m0,
                        flow_new: m1,
                        flow_pct: pct(m1, m0),
                        share_base: b.trade_share()[c],
                        share_new: eq.trade_share[c],
                        tariff: p.tariff()[c],
                        export_tax: export_tax[c],
                    });
                }
            }
        }
        let countries = (0..d.n)
            .map(|n| {
                let r = &b.regions()[n];
                let dn = &dec[n];
                let to_pct = |v: &Vec<f64>| v.iter().map(|x| x * 100.0).collect::<Vec<_>>();
                let tot = dn.terms_of_trade() * 100.0;
                let vot = dn.volume_of_trade() * 100.0;
                CountryOutcome {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    real_income_pct: real[n].map(|w| (w - 1.0) * 100.0),
                    first_order_welfare_pct: tot + vot,
                    terms_of_trade_pct: tot,
                    volume_of_trade_pct: vot,
                    real_wage_pct: (eq.w_hat[n] / cpi[n] - 1.0) * 100.0,
                    wage_pct: (eq.w_hat[n] - 1.0) * 100.0,
                    price_index_pct: (cpi[n] - 1.0) * 100.0,
                    income_pct: pct(eq.income[n], b.income(n)),
                    tariff_revenue_base: b.tariff_revenue()[n],
                    tariff_revenue_new: eq.tariff_revenue[n],
                    tariff_revenue_pct: pct(eq.tariff_revenue[n], b.tariff_revenue()[n]),
                    export_tax_revenue_base: b.export_tax_revenue()[n],
                    export_tax_revenue_new: eq.export_tax_revenue[n],
                    exports_pct: pct(exports[n].1, exports[n].0),
                    imports_pct: pct(imports[n].1, imports[n].0),
                    terms_of_trade_by_partner_pct: to_pct(&dn.tot_by_partner),
                    volume_of_trade_by_partner_pct: to_pct(&dn.vot_by_partner),
                    terms_of_trade_by_sector_pct: to_pct(&dn.tot_by_sector),
                    volume_of_trade_by_sector_pct: to_pct(&dn.vot_by_sector),
                }
            })
            .collect();
        let crit_base = critical_cost_shares(b);
        let mut sectors = Vec::with_capacity(d.nj_len());
        for n in 0..d.n {
            for j in 0..d.j {
                let c = d.nj(n, j);
                let y0 = b.gross_output()[c];
                let y1 = eq.gross_output[c];
                let output = pct(y1 / eq.c_hat[c], y0);
                sectors.push(SectorOutcome {
                    region: b.regions()[n].code.clone(),
                    sector: b.sectors()[j].code.clone(),
                    gross_output_pct: pct(y1, y0),
                    real_gross_output_pct: output,
                    output_pct: output,
                    critical_cost_share: crit_base.as_ref().map(|v| v[c]),
                    critical_cost_share_new: crit_base.as_ref().map(|v| match &eq.cost_shares {
                        Some(cs) => cs.critical_share[c],
                        None => v[c],
                    }),
                    va_share_new: match &eq.cost_shares {
                        Some(cs) => cs.va_share[c],
                        None => b.va_share()[c],
                    },
                    price_pct: (eq.p_hat[c] - 1.0) * 100.0,
                    input_cost_pct: (eq.c_hat[c] - 1.0) * 100.0,
                    domestic_share_base: b.trade_share()[d.nij(n, n, j)],
                    domestic_share_new: eq.trade_share[d.nij(n, n, j)],
                    expenditure_base: b.expenditure()[c],
                    expenditure_new: eq.expenditure[c],
                });
            }
        }
        let quotas = eq
            .quotas
            .iter()
            .map(|q| QuotaOutcome {
                kind: match q.kind {
                    QuotaKind::Export { .. } => "export_quota".into(),
                    QuotaKind::Supply => "supply_cap".into(),
                },
                exporter: b.regions()[q.exporter].code.clone(),
                importer: match q.kind {
                    QuotaKind::Export { importer } => b.regions()[importer].code.clone(),
                    QuotaKind::Supply => "ALL".into(),
                },
                sector: b.sectors()[q.sector].code.clone(),
                cap_pct: 100.0 * q.level,
                quantity_pct: 100.0 * q.quantity,
                binding: q.binding,
                tax_equivalent_pct: 100.0 * q.tax_equivalent,
                rent: q.rent,
            })
            .collect();
        Outcome {
            countries,
            sectors,
            bilateral,
            quotas,
        }
    }

    /// The row of a region × sector, by codes.
    pub fn sector(&self, region: &str, sector: &str) -> Option<&SectorOutcome> {
        self.sectors
            .iter()
            .find(|s| s.region == region && s.sector == sector)
    }

    /// The row of a region, by code.
    pub fn country(&self, code: &str) -> Option<&CountryOutcome> {
        self.countries.iter().find(|c| c.code == code)
    }
}

/// Base cost share of the critical nest, Σ_{k∈C} γ^{k,j}_n, per region × sector; `None` when
/// the baseline has no critical nest.
pub fn critical_cost_shares(b: &Baseline) -> Option<Vec<f64>> {
    let crit = b.production().critical.as_ref()?;
    let d = b.dims();
    let mut v = vec![0.0; d.nj_len()];
    for n in 0..d.n {
        for j in 0..d.j {
            v[d.nj(n, j)] = crit
                .sectors
                .iter()
                .map(|&k| b.io_share()[d.nkj(n, k, j)])
                .sum();
        }
    }
    Some(v)
}
