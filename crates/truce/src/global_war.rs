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
use serde::Serialize;
use std::sync::Arc;
use truce_model::Baseline;
use truce_report::{Align, Cell, Report, Table};
use truce_war::war::{solve_regime, war_regime, CountryResult};
use truce_war::NewtonParams;

/// What the packages call the instrument set, stated in every result.
pub const INSTRUMENTS: &str = "one uniform import tariff per player, on every partner and every \
     sector (services included), set by the optimal-tariff formula of Lashkaripour (2021, \
     eq. (14)); non-players keep their factual tariffs";

/// Dataset labels the results carry (the packages' CSV columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetLabel {
    /// Dataset name or path as given.
    pub name: String,
    /// `wiod`, `icio`, or the name when unknown.
    pub family: String,
    /// Base year.
    pub year: Option<i32>,
    /// Elasticity set (`IS`, `U4`, …), from the θ source id `sigma_<SET>`.
    pub elasticity: Option<String>,
}

impl DatasetLabel {
    /// Labels of `ds`.
    pub fn of(ds: &Dataset) -> Self {
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
        Self {
            name: ds.name.clone(),
            family,
            year: ds.base_year,
            elasticity,
        }
    }
}

/// The conventions in force in a result on a tariffwar dataset (the packages' unless the import
/// chose otherwise), stated in the output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conventions {
    /// How the file's flows were read: `gross_of_tariffs` (importer spending, the packages'),
    /// `border_values`, or `unknown` when the manifest does not say.
    pub flows: String,
    /// Million USD added to every domestic cell at import (the packages pad ICIO by 1 and WIOD
    /// not at all); `None` when the manifest does not say.
    pub domestic_pad_musd: Option<f64>,
    /// The highest tariff the optimal-tariff formula sets, percent: t = 1/max(A, 1) ≤ 100 %
    /// (the packages' cap for nearly autarkic economies).
    pub tariff_cap_pct: f64,
    /// Countries whose optimal tariff is at the cap.
    pub at_cap: Vec<String>,
}

impl Conventions {
    /// The conventions of `ds` and of the optimal tariffs in `countries`.
    pub fn of(ds: &Dataset, countries: &[CountryResult]) -> Self {
        let imp = truce_data::import::tariffwar::import_conventions(&ds.notes);
        Self {
            flows: match imp.map(|c| c.valuation) {
                Some(truce_data::import::tariffwar::FlowValuation::GrossOfTariffs) => {
                    "gross_of_tariffs".into()
                }
                Some(truce_data::import::tariffwar::FlowValuation::Border) => {
                    "border_values".into()
                }
                None => "unknown".into(),
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

    /// One sentence for the table output.
    pub fn note(&self) -> String {
        let flows = match self.flows.as_str() {
            "gross_of_tariffs" => "flows read as importer spending gross of tariffs (the packages')",
            "border_values" => "flows read as border values (--border-valued; the packages read                  them gross of tariffs)",
            _ => "flow valuation not recorded in the dataset",
        };
        let pad = match self.domestic_pad_musd {
            Some(p) if p > 0.0 => format!(
                "every domestic cell padded by {p} million USD at import (the packages pad ICIO)"
            ),
            Some(_) => "no domestic pad (the packages pad ICIO only)".to_string(),
            None => "domestic pad not recorded in the dataset".to_string(),
        };
        let cap = if self.at_cap.is_empty() {
            "none at the cap".to_string()
        } else {
            format!("at the cap: {}", self.at_cap.join(", "))
        };
        format!(
            "Conventions: {flows}; {pad}; optimal tariffs t = 1/max(A, 1), capped at {:.0} % \
             ({cap}).",
            self.tariff_cap_pct
        )
    }
}

/// `text` wrapped at word boundaries into lines of at most `width` columns, continuation lines
/// indented to sit under the text of a `Note: ` line (the table output's notes).
pub(crate) fn wrap_note(text: &str, width: usize) -> String {
    const INDENT: &str = "      ";
    let mut out = String::new();
    let mut line = String::new();
    let mut first = true;
    for word in text.split_whitespace() {
        let limit = width - INDENT.len();
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > limit {
            if !first {
                out.push('\n');
                out.push_str(INDENT);
            }
            out.push_str(&line);
            first = false;
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        if !first {
            out.push('\n');
            out.push_str(INDENT);
        }
        out.push_str(&line);
    }
    out
}

/// Diagnostics of a war solve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarSolverInfo {
    /// Always `true` in a result (a war that does not converge is an error, exit 3).
    pub converged: bool,
    /// Newton iterations (Jacobians factorised).
    pub iterations: usize,
    /// Residual evaluations, line search included.
    pub evaluations: usize,
    /// Final max |F| (relative residuals).
    pub residual: f64,
    /// Wall time of the Newton solve, milliseconds.
    pub elapsed_ms: f64,
    /// Largest welfare gap (pp) between the Newton solution and the Caliendo–Parro engine
    /// re-solved at the same tariffs, when checked.
    pub engine_gap_pp: Option<f64>,
    /// Wage iterations of the engine's trade-balancing solve.
    pub balance_iterations: usize,
    /// Its residual.
    pub balance_residual: f64,
}

/// Summary statistics the packages print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarSummary {
    /// Unweighted mean welfare change over all countries, percent (the packages' "world
    /// average").
    pub mean_welfare_pct: f64,
    /// Median welfare change, percent.
    pub median_welfare_pct: f64,
    /// Sum of the welfare changes in money, million USD.
    pub total_welfare_musd: f64,
    /// Mean Nash tariff over the players, percent.
    pub mean_nash_tariff_pct: f64,
    /// Lowest Nash tariff, percent.
    pub min_nash_tariff_pct: f64,
    /// Highest Nash tariff, percent.
    pub max_nash_tariff_pct: f64,
}

/// The result of `truce war` on a Lashkaripour (2021) dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlobalWar {
    /// Dataset labels.
    pub dataset: DatasetLabel,
    /// `lashkaripour2021`.
    pub model: String,
    /// `trade_balanced`: every result is against the trade-balanced baseline.
    pub baseline: String,
    /// The instrument set.
    pub instruments: String,
    /// `real_income`: Ŷ/P̂ − 1, the packages' measure.
    pub welfare_measure: String,
    /// The data and tariff conventions in force.
    pub conventions: Conventions,
    /// The players.
    pub players: Vec<String>,
    /// Per country, in the dataset's order.
    pub countries: Vec<CountryResult>,
    /// Headline figures.
    pub summary: WarSummary,
    /// Solver diagnostics.
    pub solver: WarSolverInfo,
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
    truce_war::balance::check_model(&ds.baseline)?;
    let idx = player_indices(&ds.baseline, players)?;
    let (b, bal_it, bal_res) = balanced(ds)?;
    let regime = war_regime(&b, &idx);
    let sol = solve_regime(
        &b,
        regime,
        &NewtonParams::default(),
        "global Nash tariff war",
        engine_check,
    )?;
    let players: Vec<String> = sol
        .countries
        .iter()
        .filter(|c| c.nash_tariff_pct.is_some())
        .map(|c| c.code.clone())
        .collect();
    let nash: Vec<f64> = sol
        .countries
        .iter()
        .filter_map(|c| c.nash_tariff_pct)
        .collect();
    let mut w: Vec<f64> = sol.countries.iter().map(|c| c.welfare_pct).collect();
    w.sort_by(f64::total_cmp);
    let median = if w.len() % 2 == 1 {
        w[w.len() / 2]
    } else {
        0.5 * (w[w.len() / 2 - 1] + w[w.len() / 2])
    };
    let summary = WarSummary {
        mean_welfare_pct: sol.mean_welfare_pct(),
        median_welfare_pct: median,
        total_welfare_musd: sol.countries.iter().map(|c| c.welfare_musd).sum(),
        mean_nash_tariff_pct: nash.iter().sum::<f64>() / nash.len().max(1) as f64,
        min_nash_tariff_pct: nash.iter().copied().fold(f64::INFINITY, f64::min),
        max_nash_tariff_pct: nash.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    };
    Ok(GlobalWar {
        conventions: Conventions::of(ds, &sol.countries),
        dataset: DatasetLabel::of(ds),
        model: truce_data::dataset::MODEL_LASHKARIPOUR2021.into(),
        baseline: "trade_balanced".into(),
        instruments: INSTRUMENTS.into(),
        welfare_measure: "real_income".into(),
        players,
        summary,
        solver: WarSolverInfo {
            converged: sol.newton.converged,
            iterations: sol.newton.iterations,
            evaluations: sol.newton.evaluations,
            residual: sol.newton.residual,
            elapsed_ms: sol.newton.elapsed.as_secs_f64() * 1e3,
            engine_gap_pp: sol.engine_gap_pp,
            balance_iterations: bal_it,
            balance_residual: bal_res,
        },
        countries: sol.countries,
    })
}

impl GlobalWar {
    /// The report: a table by country, the headline figures as notes, the JSON.
    pub fn report(&self) -> Report {
        let json = serde_json::to_value(self).expect("serialisable");
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
        let s = &self.summary;
        let mut r = Report::new(json).with_table(t);
        let note = |r: Report, text: String| r.with_note(wrap_note(&text, 120));
        r = note(
            r,
            format!(
            "Mean welfare change (unweighted, all {} countries): {:.3} %; median {:.3} %; total \
             {:.0} million USD. Nash tariffs: mean {:.2} %, range {:.2}–{:.2} %.",
            self.countries.len(),
            s.mean_welfare_pct,
            s.median_welfare_pct,
            s.total_welfare_musd,
            s.mean_nash_tariff_pct,
            s.min_nash_tariff_pct,
            s.max_nash_tariff_pct
        ),
        );
        r = note(r, format!("Instruments: {}.", self.instruments));
        r = note(r, self.conventions.note());
        r = note(
            r,
            "Welfare is real income Ŷ/P̂ − 1 against the trade-balanced baseline (the packages' \
             first step closes every deficit at factual tariffs); welfare $ = welfare % × base \
             national expenditure, million USD of the base year."
                .to_string(),
        );
        r = note(
            r,
            format!(
            "Solver: Newton with the analytic Jacobian, {} iterations, max residual {:.1e}, {:.0} \
             ms{}.",
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
        );
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
    countries: &[CountryResult],
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
