//! Caliendo & Parro (2015), Table 2: the welfare effects of NAFTA's tariff reductions.
//!
//! The counterfactual: NAFTA members' bilateral tariffs move from their 1993 to their 2005
//! levels in all 20 tradable sectors, every other tariff stays at 1993, deficits are zero.
//! The paper's "welfare" column is its first-order decomposition, eq. (16) (terms of trade +
//! volume of trade), not the exact change in real income; both are reported. For Mexico they
//! differ a lot: its tariff revenue collapses, which eq. (16), built on base-period tariff
//! weights, does not see (see `docs/model-cp2015.md`).

use crate::Error;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use truce_data::cp2015::{Cp2015Data, NAFTA};
use truce_model::cp2015::{Engine, Equilibrium};
use truce_model::{Baseline, DeficitRule, Outcome, Policy};
use truce_output::{Cp2015Country, Cp2015Output, Cp2015Published, Header, WelfareMeasure};
use truce_report::{country_results, solver_info, Cell, OutcomeJsonOptions, Report, Table};
use truce_solve::Observer;

/// A published Table 2 row (Caliendo and Parro 2015, *REStud* 82(1), Table 2, p. 20) and the
/// intra-NAFTA import growth the paper reports (Table 5: about 118 %, 11 %, 41 %).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Published {
    /// ISO3 code as in the data.
    pub code: &'static str,
    /// Welfare, % (eq. (16): ToT + VoT).
    pub welfare_pct: f64,
    /// Terms of trade, %.
    pub terms_of_trade_pct: f64,
    /// Volume of trade, %.
    pub volume_of_trade_pct: f64,
    /// Real wage, %.
    pub real_wage_pct: f64,
    /// Growth of imports from NAFTA partners, % (rounded in the paper's text).
    pub intra_nafta_imports_pct: f64,
}

/// Table 2 as published (Caliendo and Parro 2015, Table 2), with intra-NAFTA import growth.
pub const TABLE2: [Published; 3] = [
    Published {
        code: "MEX",
        welfare_pct: 1.31,
        terms_of_trade_pct: -0.41,
        volume_of_trade_pct: 1.72,
        real_wage_pct: 1.72,
        intra_nafta_imports_pct: 118.0,
    },
    Published {
        code: "CAN",
        welfare_pct: -0.06,
        terms_of_trade_pct: -0.11,
        volume_of_trade_pct: 0.04,
        real_wage_pct: 0.32,
        intra_nafta_imports_pct: 11.0,
    },
    Published {
        code: "USA",
        welfare_pct: 0.08,
        terms_of_trade_pct: 0.04,
        volume_of_trade_pct: 0.04,
        real_wage_pct: 0.11,
        intra_nafta_imports_pct: 41.0,
    },
];

/// Which initial condition to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Base {
    /// The authors' zero-deficit 1993 base as shipped (`base1993_zero_deficit/`).
    #[default]
    ZeroDeficit,
    /// The raw 1993 data (`original/`), first re-solved with D' = 0 and re-based, as the paper
    /// computes its zero-deficit base year.
    Raw,
}

/// The replication, solved.
#[derive(Debug, Clone)]
pub struct Replication {
    /// The base the counterfactual starts from.
    pub baseline: Arc<Baseline>,
    /// The NAFTA policy.
    pub policy: Policy,
    /// The solved counterfactual.
    pub equilibrium: Equilibrium,
    /// Everything measured.
    pub outcome: Outcome,
    /// Import growth from the two NAFTA partners, % (summed over sectors, border values), for
    /// CAN, MEX, USA.
    pub intra_nafta_imports_pct: Vec<(String, f64)>,
    /// Which base was used.
    pub base: Base,
    /// Diagnostics of the zero-deficit base solve, when built from the raw data.
    pub base_solve: Option<truce_model::cp2015::SolveInfo>,
}

/// Load the data in `dir`, build the base, solve the NAFTA counterfactual.
///
/// # Errors
/// [`Error::Data`] for missing or invalid files; [`Error::Solve`] if a solve does not converge.
pub fn run<O: Observer>(dir: &Path, base: Base, observer: &mut O) -> Result<Replication, Error> {
    let data = truce_data::cp2015::load(dir)?;
    run_on(&data, base, observer)
}

/// As [`run`], on data already loaded.
///
/// # Errors
/// [`Error::Solve`] if a solve does not converge.
pub fn run_on<O: Observer>(
    data: &Cp2015Data,
    base: Base,
    observer: &mut O,
) -> Result<Replication, Error> {
    let (baseline, base_solve) = match base {
        Base::ZeroDeficit => (Arc::new(data.zero_deficit.clone()), None),
        Base::Raw => {
            let raw = Arc::new(data.raw.clone());
            let mut p = Policy::baseline(&raw);
            p.set_deficit_rule(DeficitRule::Zero);
            let eq = Engine::new(raw.clone()).solve(&p, None, observer)?;
            let info = eq.info.clone();
            (Arc::new(eq.rebase(&raw, &p)?), Some(info))
        }
    };
    let policy = data.nafta_policy(&baseline);
    let equilibrium = Engine::new(baseline.clone()).solve(&policy, None, observer)?;
    let outcome = Outcome::new(&baseline, &policy, &equilibrium);
    let intra_nafta_imports_pct = intra_nafta_imports(&baseline, &policy, &equilibrium);
    Ok(Replication {
        baseline,
        policy,
        equilibrium,
        outcome,
        intra_nafta_imports_pct,
        base,
        base_solve,
    })
}

/// 100·(Σⱼ Σ_{i∈NAFTA, i≠n} M'ʲₙᵢ / Σⱼ Σ_{i∈NAFTA, i≠n} Mʲₙᵢ − 1) for each member n
/// (CP2015 Table 5's definition, border values).
fn intra_nafta_imports(b: &Baseline, p: &Policy, eq: &Equilibrium) -> Vec<(String, f64)> {
    let d = b.dims();
    let members: Vec<usize> = NAFTA.iter().filter_map(|c| b.region_index(c)).collect();
    members
        .iter()
        .map(|&n| {
            let (mut m0, mut m1) = (0.0, 0.0);
            for j in 0..d.j {
                for &i in members.iter().filter(|&&i| i != n) {
                    let c = d.nij(n, i, j);
                    m0 += b.flows()[c];
                    m1 += eq.trade_share[c] * eq.expenditure[d.nj(n, j)] / (1.0 + p.tariff()[c]);
                }
            }
            (b.regions()[n].code.clone(), 100.0 * (m1 / m0 - 1.0))
        })
        .collect()
}

impl Replication {
    /// The typed result (`replicate cp2015` output, docs/output-schema.md): every region with
    /// `welfare_measure = "cp2015_table2"`, the NAFTA members beside the published values.
    pub fn output(&self) -> Cp2015Output {
        let sector_codes: Vec<String> = self
            .baseline
            .sectors()
            .iter()
            .map(|s| s.code.clone())
            .collect();
        let countries = country_results(
            &self.outcome,
            &sector_codes,
            OutcomeJsonOptions::Cp2015Table2,
        )
        .into_iter()
        .map(|result| {
            let intra_nafta_imports_pct = self
                .intra_nafta_imports_pct
                .iter()
                .find(|(k, _)| *k == result.code)
                .map(|(_, v)| *v);
            let published =
                TABLE2
                    .iter()
                    .find(|p| p.code == result.code)
                    .map(|p| Cp2015Published {
                        code: p.code.to_string(),
                        welfare_pct: p.welfare_pct,
                        terms_of_trade_pct: p.terms_of_trade_pct,
                        volume_of_trade_pct: p.volume_of_trade_pct,
                        real_wage_pct: p.real_wage_pct,
                        intra_nafta_imports_pct: p.intra_nafta_imports_pct,
                    });
            Cp2015Country {
                result,
                intra_nafta_imports_pct,
                published,
            }
        })
        .collect();
        Cp2015Output {
            header: Header::of::<Cp2015Output>(),
            table: 2,
            experiment: "NAFTA: members' bilateral tariffs from 1993 to 2005 levels, all else at 1993, zero deficits".into(),
            base: match self.base {
                Base::ZeroDeficit => "zero-deficit".into(),
                Base::Raw => "raw".into(),
            },
            welfare_measure: WelfareMeasure::Cp2015Table2,
            countries,
            solver: solver_info(&self.equilibrium.info),
            base_solver: self.base_solve.as_ref().map(solver_info),
        }
    }

    /// The result as a report: Table 2 beside the published values, all 31 regions, and
    /// [`Replication::output`] as JSON.
    pub fn report(&self) -> Report {
        let mut t = Table::new(
            "Caliendo & Parro (2015), Table 2: welfare effects of NAFTA's tariff reductions (%; \
             \"paper\" = the published value; NAFTA imports = imports from the NAFTA partners)",
            &[
                "country",
                "welfare",
                "published",
                "diff",
                "ToT",
                "published",
                "VoT",
                "published",
                "real wage",
                "published",
                "real income",
                "intra-NAFTA imports",
                "published",
            ],
        )
        .short(2, "paper")
        .short(5, "paper")
        .short(7, "paper")
        .short(9, "paper")
        .short(11, "NAFTA imports")
        .short(12, "paper");
        for p in &TABLE2 {
            let c = self
                .outcome
                .country(p.code)
                .expect("NAFTA members are present");
            let intra = self
                .intra_nafta_imports_pct
                .iter()
                .find(|(k, _)| k == p.code)
                .map(|(_, v)| *v);
            t.push(vec![
                Cell::text(p.code),
                Cell::num(c.first_order_welfare_pct, 2),
                Cell::num(p.welfare_pct, 2),
                Cell::num(c.first_order_welfare_pct - p.welfare_pct, 2),
                Cell::num(c.terms_of_trade_pct, 2),
                Cell::num(p.terms_of_trade_pct, 2),
                Cell::num(c.volume_of_trade_pct, 2),
                Cell::num(p.volume_of_trade_pct, 2),
                Cell::num(c.real_wage_pct, 2),
                Cell::num(p.real_wage_pct, 2),
                Cell::opt(c.real_income_pct, 2),
                Cell::opt(intra, 1),
                Cell::num(p.intra_nafta_imports_pct, 0),
            ]);
        }
        let mut all = Table::new(
            "All regions (%)",
            &[
                "region",
                "welfare (eq. 16)",
                "ToT",
                "VoT",
                "real wage",
                "real income",
            ],
        );
        for c in &self.outcome.countries {
            all.push(vec![
                Cell::text(&c.code),
                Cell::num(c.first_order_welfare_pct, 3),
                Cell::num(c.terms_of_trade_pct, 3),
                Cell::num(c.volume_of_trade_pct, 3),
                Cell::num(c.real_wage_pct, 3),
                Cell::opt(c.real_income_pct, 3),
            ]);
        }
        let info = &self.equilibrium.info;
        Report::of(&self.output())
            .with_table(t)
            .with_table(all)
            .with_note(
                "\"welfare\" is the paper's first-order formula, eq. (16) = terms of trade + volume \
                 of trade, as in its Table 2; \"real income\" is the exact change Î/P̂, which the \
                 paper does not report (Mexico's tariff revenue collapses, which eq. (16) does not see).",
            )
            .with_note(format!(
                "solver: {} in {} wage iterations, max |Z|/VA = {:.1e}, Walras gap = {:.1e}, {:.0} ms",
                info.termination,
                info.iterations,
                info.residual,
                info.walras_gap,
                info.elapsed.as_secs_f64() * 1e3
            ))
    }
}
