//! The engine's [`Outcome`] and [`SolveInfo`] as the output types every command shares
//! ([`truce_output::CountryResult`], [`truce_output::SolverInfo`]).

use std::collections::BTreeMap;
use truce_model::cp2015::SolveInfo;
use truce_model::Outcome;
use truce_output::{CountryResult, SolverInfo, WelfareMeasure};

/// The solver object every result carries: `converged`, `termination`, `iterations`,
/// `residual`, `walras_gap`, and the inner-loop counts.
pub fn solver_info(info: &SolveInfo) -> SolverInfo {
    SolverInfo {
        converged: info.termination.is_converged(),
        termination: info.termination.as_str().to_string(),
        iterations: info.iterations,
        residual: info.residual,
        walras_gap: info.walras_gap,
        identity_gap: info.identity_gap,
        labour_market_gap: info.labour_market_gap,
        price_iterations: info.price_iterations,
        expenditure_iterations: info.expenditure_iterations,
        elapsed_ms: info.elapsed.as_secs_f64() * 1e3,
    }
}

/// Which welfare measure `welfare_pct` carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutcomeJsonOptions {
    /// `welfare_pct` = exact real-income change, `welfare_measure` = `real_income` (truce's
    /// default everywhere).
    #[default]
    RealIncome,
    /// `welfare_pct` = the first-order formula of CP2015 eq. (16), `welfare_measure` =
    /// `cp2015_table2` (only the CP2015 replication).
    Cp2015Table2,
}

/// One [`CountryResult`] per region: welfare in the measure `opt` chooses, the decomposition
/// by partner and by sector keyed by code.
pub fn country_results(
    out: &Outcome,
    sector_codes: &[String],
    opt: OutcomeJsonOptions,
) -> Vec<CountryResult> {
    let codes: Vec<&str> = out.countries.iter().map(|c| c.code.as_str()).collect();
    let sectors: Vec<&str> = sector_codes.iter().map(String::as_str).collect();
    let keyed = |v: &[f64], keys: &[&str]| -> BTreeMap<String, f64> {
        keys.iter()
            .zip(v)
            .map(|(k, x)| (k.to_string(), *x))
            .collect()
    };
    out.countries
        .iter()
        .map(|c| {
            let (welfare_pct, welfare_measure) = match opt {
                OutcomeJsonOptions::RealIncome => (c.real_income_pct, WelfareMeasure::RealIncome),
                OutcomeJsonOptions::Cp2015Table2 => (
                    Some(c.first_order_welfare_pct),
                    WelfareMeasure::Cp2015Table2,
                ),
            };
            CountryResult {
                code: c.code.clone(),
                name: c.name.clone(),
                welfare_pct,
                welfare_measure,
                real_income_pct: c.real_income_pct,
                first_order_welfare_pct: c.first_order_welfare_pct,
                terms_of_trade_pct: c.terms_of_trade_pct,
                volume_of_trade_pct: c.volume_of_trade_pct,
                real_wage_pct: c.real_wage_pct,
                wage_pct: c.wage_pct,
                price_index_pct: c.price_index_pct,
                income_pct: c.income_pct,
                tariff_revenue_base: c.tariff_revenue_base,
                tariff_revenue_new: c.tariff_revenue_new,
                tariff_revenue_pct: c.tariff_revenue_pct,
                export_tax_revenue_base: c.export_tax_revenue_base,
                export_tax_revenue_new: c.export_tax_revenue_new,
                exports_pct: c.exports_pct,
                imports_pct: c.imports_pct,
                terms_of_trade_by_partner_pct: keyed(&c.terms_of_trade_by_partner_pct, &codes),
                volume_of_trade_by_partner_pct: keyed(&c.volume_of_trade_by_partner_pct, &codes),
                terms_of_trade_by_sector_pct: keyed(&c.terms_of_trade_by_sector_pct, &sectors),
                volume_of_trade_by_sector_pct: keyed(&c.volume_of_trade_by_sector_pct, &sectors),
            }
        })
        .collect()
}
