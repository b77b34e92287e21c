//! Global tariff wars on the data of the `tariffwar` packages: `truce war --players all` on a
//! dataset whose manifest says `model = "lashkaripour2021"` (`docs/model-tariffwar.md`).
//!
//! The pipeline: check the model (no input–output links) → close every trade deficit at
//! factual tariffs on the Caliendo–Parro engine and re-base (the packages' first step) → solve
//! the Nash war, every player setting the optimal uniform tariff of Lashkaripour (2021,
//! eq. (14)) on all its imports, jointly with wages and incomes by Newton with the analytic
//! Jacobian (`truce_war`) → re-solve the Nash tariffs on the engine as a check → per-country
//! results against the balanced baseline.

use crate::dataset::Dataset;
use crate::Error;
use std::sync::Arc;
use truce_model::Baseline;
use truce_output::{
    FlowValuation, GlobalWarOutput, GlobalWarSummary, Header, TariffwarConventions,
    TariffwarCountry, TariffwarDataset, TariffwarSolver, WelfareMeasure,
};
use truce_report::{Align, Cell, Report, Table};
use truce_war::war::{solve_regime, war_regime, CountryResult};
use truce_war::NewtonParams;

/// What the packages call the instrument set, stated in every result.
pub const INSTRUMENTS: &str = "one uniform import tariff per player, on every partner and every \
     sector (services included), set by the optimal-tariff formula of Lashkaripour (2021, \
     eq. (14)); non-players keep their factual tariffs";

/// The dataset labels of `ds` (the packages' CSV columns).
pub fn dataset_label(ds: &Dataset) -> TariffwarDataset {
    let family = if ds.sources.iter().any(|(id, _)| id == "oecd_icio") {
        "icio".to_string()
    } else if ds.sources.iter().any(|(id, _)| id == "wiod2016") {
        "wiod".to_string()
    } else {
        ds.name.clone()
    };
    let elasticity = ds
        .theta_sources
        .iter()
        .flatten()
        .find_map(|s| s.strip_prefix("sigma_").map(str::to_string));
    TariffwarDataset {
        name: ds.name.clone(),
        family,
        year: ds.base_year,
        elasticity,
    }
}

/// The conventions in force on `ds` (the packages' unless the import chose otherwise), with
/// the countries of `countries` whose optimal tariff is at the cap.
pub fn conventions(ds: &Dataset, countries: &[TariffwarCountry]) -> TariffwarConventions {
    use truce_data::import::tariffwar::{import_conventions, FlowValuation as Imported};
    let imp = import_conventions(&ds.notes);
    TariffwarConventions {
        flows: match imp.map(|c| c.valuation) {
            Some(Imported::GrossOfTariffs) => FlowValuation::GrossOfTariffs,
            Some(Imported::Border) => FlowValuation::BorderValues,
            None => FlowValuation::Unknown,
        },
        domestic_pad_musd: imp.map(|c| c.domestic_pad),
        tariff_cap_pct: 100.0,
        at_cap: countries
            .iter()
            .filter(|c| c.nash_tariff_pct.is_some_and(|t| t >= 100.0 - 1e-9))
            .map(|c| c.code.clone())
            .collect(),
    }
}

/// The conventions in one sentence (a note of the outputs).
pub fn conventions_note(c: &TariffwarConventions, with_cap: bool) -> String {
    let flows = match c.flows {
        FlowValuation::GrossOfTariffs => {
            "flows read as importer spending gross of tariffs (the packages')"
        }
        FlowValuation::BorderValues => {
            "flows read as border values (--border-valued; the packages read them gross of \
             tariffs)"
        }
        FlowValuation::Unknown => "flow valuation not recorded in the dataset",
    };
    let pad = match c.domestic_pad_musd {
        Some(p) if p > 0.0 => format!(
            "every domestic cell padded by {p} million USD at import (the packages pad ICIO)"
        ),
        Some(_) => "no domestic pad (the packages pad ICIO only)".to_string(),
        None => "domestic pad not recorded in the dataset".to_string(),
    };
    if !with_cap {
        return format!("Conventions: {flows}; {pad}.");
    }
    let cap = if c.at_cap.is_empty() {
        "none at the cap".to_string()
    } else {
        format!("at the cap: {}", c.at_cap.join(", "))
    };
    format!(
        "Conventions: {flows}; {pad}; optimal tariffs t = 1/max(A, 1), capped at {:.0} % \
         ({cap}).",
        c.tariff_cap_pct
    )
}

/// One country's result as the output type.
pub fn country_output(c: &CountryResult) -> TariffwarCountry {
    TariffwarCountry {
        code: c.code.clone(),
        name: c.name.clone(),
        nash_tariff_pct: c.nash_tariff_pct,
        mean_tariff_pct: c.mean_tariff_pct,
        base_mean_tariff_pct: c.base_mean_tariff_pct,
        welfare_pct: c.welfare_pct,
        welfare_musd: c.welfare_musd,
        real_wage_pct: c.real_wage_pct,
        price_index_pct: c.price_index_pct,
        income_pct: c.income_pct,
        trade_to_gdp_base_pct: c.trade_to_gdp_base_pct,
        trade_to_gdp_pct: c.trade_to_gdp_pct,
    }
}

/// The result of `truce war` on a Lashkaripour (2021) dataset (its output type is
/// [`GlobalWarOutput`], [`GlobalWar::output`]).
#[derive(Debug, Clone, PartialEq)]
pub struct GlobalWar {
    /// Dataset labels.
    pub dataset: TariffwarDataset,
    /// The data and tariff conventions in force.
    pub conventions: TariffwarConventions,
    /// The players.
    pub players: Vec<String>,
    /// Per country, in the dataset's order.
    pub countries: Vec<TariffwarCountry>,
    /// Headline figures.
    pub summary: GlobalWarSummary,
    /// Solver diagnostics.
    pub solver: TariffwarSolver,
}

/// The balanced baseline of a Lashkaripour (2021) dataset, with the engine's diagnostics.
///
/// # Errors
/// [`Error::War`] for input–output links or an engine that does not converge.
pub fn balanced(ds: &Dataset) -> Result<(Arc<Baseline>, usize, f64), Error> {
    let (b, info) = truce_war::balance::balanced_baseline(&ds.baseline)?;
    Ok((Arc::new(b), info.iterations, info.residual))
}

/// Region indices of `codes` (`all` = every region).
///
/// # Errors
/// [`Error::Usage`] for a code not in the dataset, with a suggestion.
pub fn player_indices(b: &Baseline, codes: &[String]) -> Result<Vec<usize>, Error> {
    if codes.len() == 1 && codes[0].eq_ignore_ascii_case("all") {
        return Ok((0..b.dims().n).collect());
    }
    let mut out = Vec::new();
    for c in codes {
        let c = c.trim();
        match b.region_index(c) {
            Some(i) => out.push(i),
            None => {
                return Err(Error::Usage(format!(
                    "player `{c}` is not in the dataset{}; its regions are {}",
                    truce_data::did_you_mean(c, b.regions().iter().map(|r| r.code.as_str())),
                    b.regions()
                        .iter()
                        .map(|r| r.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )))
            }
        }
    }
    Ok(out)
}

/// The global Nash war among `players` (`["all"]` for every country) on `ds`.
///
/// # Errors
/// [`Error::Usage`] for an unknown player or a dataset with input–output links;
/// [`Error::War`] when the trade balancing or the war does not converge (exit 3, with the
/// residual).
pub fn war(ds: &Dataset, players: &[String], engine_check: bool) -> Result<GlobalWar, Error> {
    war_with(ds, players, engine_check, &NewtonParams::default())
}

/// [`war`] with the Newton solver's parameters (`truce war --max-rounds K` caps its
/// iterations at K).
///
/// # Errors
/// As [`war`].
pub fn war_with(
    ds: &Dataset,
    players: &[String],
    engine_check: bool,
    params: &NewtonParams,
) -> Result<GlobalWar, Error> {
    truce_war::balance::check_model(&ds.baseline)?;
    let idx = player_indices(&ds.baseline, players)?;
    let (b, bal_it, bal_res) = balanced(ds)?;
    let regime = war_regime(&b, &idx);
    let sol = solve_regime(&b, regime, params, "global Nash tariff war", engine_check)?;
    let countries: Vec<TariffwarCountry> = sol.countries.iter().map(country_output).collect();
    let players: Vec<String> = countries
        .iter()
        .filter(|c| c.nash_tariff_pct.is_some())
        .map(|c| c.code.clone())
        .collect();
    let nash: Vec<f64> = countries.iter().filter_map(|c| c.nash_tariff_pct).collect();
    let mut w: Vec<f64> = countries.iter().map(|c| c.welfare_pct).collect();
    w.sort_by(f64::total_cmp);
    let median = if w.len() % 2 == 1 {
        w[w.len() / 2]
    } else {
        0.5 * (w[w.len() / 2 - 1] + w[w.len() / 2])
    };
    let summary = GlobalWarSummary {
        mean_welfare_pct: sol.mean_welfare_pct(),
        median_welfare_pct: median,
        total_welfare_musd: countries.iter().map(|c| c.welfare_musd).sum(),
        mean_nash_tariff_pct: nash.iter().sum::<f64>() / nash.len().max(1) as f64,
        min_nash_tariff_pct: nash.iter().copied().fold(f64::INFINITY, f64::min),
        max_nash_tariff_pct: nash.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    };
    Ok(GlobalWar {
        conventions: conventions(ds, &countries),
        dataset: dataset_label(ds),
        players,
        summary,
        solver: TariffwarSolver {
            converged: sol.newton.converged,
            iterations: sol.newton.iterations,
            evaluations: sol.newton.evaluations,
            residual: sol.newton.residual,
            elapsed_ms: sol.newton.elapsed.as_secs_f64() * 1e3,
            engine_gap_pp: sol.engine_gap_pp,
            balance_iterations: bal_it,
            balance_residual: bal_res,
        },
        countries,
    })
}

impl GlobalWar {
    /// The notes every output of this war carries (the table output prints them wrapped).
    pub fn notes(&self) -> Vec<String> {
        let s = &self.summary;
        vec![
            format!(
                "Mean welfare change (unweighted, all {} countries): {:.3} %; median {:.3} %; \
                 total {:.0} million USD. Nash tariffs: mean {:.2} %, range {:.2}–{:.2} %.",
                self.countries.len(),
                s.mean_welfare_pct,
                s.median_welfare_pct,
                s.total_welfare_musd,
                s.mean_nash_tariff_pct,
                s.min_nash_tariff_pct,
                s.max_nash_tariff_pct
            ),
            format!("Instruments: {INSTRUMENTS}."),
            conventions_note(&self.conventions, true),
            "Welfare is real income Ŷ/P̂ − 1 against the trade-balanced baseline (the packages' \
             first step closes every deficit at factual tariffs); welfare $ = welfare % × base \
             national expenditure, million USD of the base year."
                .to_string(),
            format!(
                "Solver: Newton with the analytic Jacobian, {} iterations, max residual {:.1e}, \
                 {:.0} ms{}.",
                self.solver.iterations,
                self.solver.residual,
                self.solver.elapsed_ms,
                match self.solver.engine_gap_pp {
                    Some(g) => format!(
                        "; the Caliendo–Parro engine at the Nash tariffs agrees within {g:.1e} pp"
                    ),
                    None => String::new(),
                }
            ),
        ]
    }

    /// The typed output (`truce war --players … --dataset D --format json`).
    pub fn output(&self) -> GlobalWarOutput {
        GlobalWarOutput {
            header: Header::of::<GlobalWarOutput>(),
            dataset: self.dataset.clone(),
            model: truce_data::dataset::MODEL_LASHKARIPOUR2021.into(),
            baseline: "trade_balanced".into(),
            instruments: INSTRUMENTS.into(),
            welfare_measure: WelfareMeasure::RealIncome,
            conventions: self.conventions.clone(),
            players: self.players.clone(),
            countries: self.countries.clone(),
            summary: self.summary.clone(),
            solver: self.solver.clone(),
            notes: self.notes(),
        }
    }

    /// The report: a table by country, the notes, the JSON.
    pub fn report(&self) -> Report {
        let output = self.output();
        let mut t = Table::new(
            format!(
                "Global Nash tariff war: {} players, {} {} (elasticities {}), against the \
                 trade-balanced baseline",
                self.players.len(),
                self.dataset.family,
                self.dataset.year.map(|y| y.to_string()).unwrap_or_default(),
                self.dataset.elasticity.as_deref().unwrap_or("?")
            ),
            &[
                "country",
                "Nash tariff %",
                "base tariff %",
                "welfare %",
                "welfare $ mn",
                "real wage %",
                "trade/GDP base %",
                "trade/GDP %",
            ],
        )
        .align(0, Align::Left);
        for c in &self.countries {
            t.push(vec![
                Cell::text(&c.code),
                match c.nash_tariff_pct {
                    Some(v) => Cell::num(v, 2),
                    None => Cell::text("–"),
                },
                Cell::num(c.base_mean_tariff_pct, 2),
                Cell::num(c.welfare_pct, 3),
                Cell::num(c.welfare_musd, 0),
                Cell::num(c.real_wage_pct, 3),
                Cell::num(c.trade_to_gdp_base_pct, 1),
                Cell::num(c.trade_to_gdp_pct, 1),
            ]);
        }
        let mut r = Report::of(&output).with_table(t);
        for n in &output.notes {
            r = r.with_note(n.clone());
        }
        r
    }
}

impl GlobalWar {
    /// Title of the world map of this war.
    pub fn map_title(&self) -> String {
        format!(
            "Global Nash tariff war: welfare change, % ({} {}, elasticities {})",
            self.dataset.family,
            self.dataset.year.map(|y| y.to_string()).unwrap_or_default(),
            self.dataset.elasticity.as_deref().unwrap_or("?")
        )
    }
}

/// Draw the world map of `countries`' welfare changes to `path` (`.png` or `.svg`, 1600 × 900),
/// written atomically. Aggregates such as ROW have no boundary and stay grey.
///
/// # Errors
/// [`Error::Usage`] for another extension; [`Error::Plot`]; [`Error::Write`].
pub fn write_map(
    countries: &[TariffwarCountry],
    title: &str,
    path: &std::path::Path,
) -> Result<(), Error> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext != "png" && ext != "svg" {
        return Err(Error::Usage(format!(
            "--map {}: give a .png or .svg file",
            path.display()
        )));
    }
    let values: Vec<(String, f64)> = countries
        .iter()
        .map(|c| (c.code.clone(), c.welfare_pct))
        .collect();
    let r = truce_plot::render_world_map(title, "welfare change, %", &values, 1600, 900)?;
    let bytes = if ext == "png" {
        r.png
    } else {
        r.svg.into_bytes()
    };
    truce_report::write_atomic(path, &bytes)?;
    Ok(())
}
