//! US policy scenarios with retaliation on datasets of the tariffwar packages (`ustariff`):
//! scenario files with `kind = "us-tariff"` (`truce run FILE --dataset D --retaliation …`) and
//! the 68-scenario suite as one tidy table (`truce suite`). See `docs/model-tariffwar.md`.

use crate::dataset::Dataset;
use crate::global_war::{balanced, wrap_note, Conventions, DatasetLabel};
use crate::Error;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use truce_model::Baseline;
use truce_report::{Align, Cell, Report, Table};
use truce_war::scenario::{
    run_us, standard_suite, RateConvention, Retaliation, Schedule, UsPolicy,
};
use truce_war::war::CountryResult;
use truce_war::NewtonParams;

/// A `kind = "us-tariff"` scenario file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsScenarioFile {
    /// Always `us-tariff`.
    pub kind: String,
    /// Short name.
    pub name: String,
    /// One line on what it is.
    #[serde(default)]
    pub title: String,
    /// `liberation-day`, `uniform`, `targeted` or `optimal-us`.
    pub policy: String,
    /// Rate (fraction) for `uniform` and `targeted`.
    #[serde(default)]
    pub rate: Option<f64>,
    /// Partner (ISO3 or `EU`) for `targeted`.
    #[serde(default)]
    pub partner: Option<String>,
    /// Folder of the Liberation Day schedule, relative to the scenario file.
    #[serde(default)]
    pub schedule: Option<String>,
    /// `replace` (the package's) or `on-top`.
    #[serde(default)]
    pub convention: Option<String>,
    /// Default retaliation: `none`, `reciprocal` or `nash`.
    #[serde(default)]
    pub retaliation: Option<String>,
    /// Citations and notes.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// `true` when `path` is a scenario file of kind `us-tariff`.
pub fn is_us_scenario(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("kind").and_then(|k| k.as_str().map(str::to_string)))
        .is_some_and(|k| k == "us-tariff")
}

fn bad(path: &Path, field: &str, msg: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{}: `{field}`: {msg}", path.display()))
}

/// Read the Liberation Day schedule folder (`country_labels.csv`, `tariffs.csv`,
/// `trade_cepii.csv`).
///
/// # Errors
/// [`Error::Usage`] naming the file and the problem.
pub fn read_schedule(dir: &Path) -> Result<Schedule, Error> {
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f)).map_err(|e| {
            Error::Usage(format!(
                "{}: cannot read ({e}); the Liberation Day schedule folder holds \
                 country_labels.csv, tariffs.csv and trade_cepii.csv (e.g. \
                 ../shared/data/tariffwar_mat/reciprocal_tariffs)",
                dir.join(f).display()
            ))
        })
    };
    Schedule::parse(
        &read("country_labels.csv")?,
        &read("tariffs.csv")?,
        &read("trade_cepii.csv")?,
    )
    .map_err(|m| Error::Usage(format!("{}: {m}", dir.display())))
}

/// A parsed scenario file: the policy, its defaults and the schedule folder.
#[derive(Debug, Clone)]
pub struct UsScenario {
    /// The file.
    pub file: UsScenarioFile,
    /// The policy.
    pub policy: UsPolicy,
    /// Default retaliation.
    pub retaliation: Retaliation,
    /// Rate convention.
    pub convention: RateConvention,
    /// Schedule folder (Liberation Day).
    pub schedule_dir: Option<PathBuf>,
}

/// Read and check a `us-tariff` scenario file.
///
/// # Errors
/// [`Error::Usage`] naming the file, the field and the fix.
pub fn read_scenario(path: &Path) -> Result<UsScenario, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("{}: cannot read ({e})", path.display())))?;
    let file: UsScenarioFile =
        toml::from_str(&text).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    if file.kind != "us-tariff" {
        return Err(bad(path, "kind", "must be `us-tariff`"));
    }
    let rate = |f: &UsScenarioFile| -> Result<f64, Error> {
        let r = f
            .rate
            .ok_or_else(|| bad(path, "rate", "missing: give a fraction, e.g. rate = 0.10"))?;
        if !(r.is_finite() && (0.0..=10.0).contains(&r)) {
            return Err(bad(
                path,
                "rate",
                format!("{r} is not a fraction between 0 and 10"),
            ));
        }
        Ok(r)
    };
    let policy = match file.policy.as_str() {
        "liberation-day" => UsPolicy::LiberationDay,
        "uniform" => UsPolicy::Uniform { rate: rate(&file)? },
        "targeted" => UsPolicy::Targeted {
            partner: file
                .partner
                .clone()
                .ok_or_else(|| bad(path, "partner", "missing: an ISO3 code or EU"))?,
            rate: rate(&file)?,
        },
        "optimal-us" => UsPolicy::OptimalUs,
        o => {
            return Err(bad(
                path,
                "policy",
                format!("unknown `{o}`; use liberation-day, uniform, targeted or optimal-us"),
            ))
        }
    };
    let retaliation = match &file.retaliation {
        Some(r) => r.parse().map_err(|m| bad(path, "retaliation", m))?,
        None => Retaliation::None,
    };
    let convention = match file.convention.as_deref() {
        None | Some("replace") => RateConvention::Replace,
        Some("on-top") => RateConvention::OnTop,
        Some(o) => {
            return Err(bad(
                path,
                "convention",
                format!("unknown `{o}`; use replace or on-top"),
            ))
        }
    };
    let schedule_dir = file.schedule.as_ref().map(|s| {
        path.parent()
            .map(|p| p.join(s))
            .unwrap_or_else(|| PathBuf::from(s))
    });
    if policy == UsPolicy::LiberationDay && schedule_dir.is_none() {
        return Err(bad(
            path,
            "schedule",
            "the Liberation Day policy needs the schedule folder (relative to this file)",
        ));
    }
    Ok(UsScenario {
        file,
        policy,
        retaliation,
        convention,
        schedule_dir,
    })
}

/// One row of the tidy table (the package's CSV columns, plus truce's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TidyRow {
    /// Country code.
    pub country: String,
    /// Base year.
    pub year: Option<i32>,
    /// `wiod` or `icio`.
    pub dataset: String,
    /// Elasticity set.
    pub elasticity: Option<String>,
    /// Scenario name (`liberation_day`, `uniform`, `targeted`, `optimal_us`).
    pub scenario: String,
    /// The US rate, percent (the optimal rate for `optimal_us`; none for Liberation Day).
    pub rate_pct: Option<f64>,
    /// Target (`all`, an ISO3 code or `EU`).
    pub target: String,
    /// `none`, `reciprocal` or `nash`.
    pub retaliation: String,
    /// Welfare change, percent (real income against the balanced baseline).
    pub welfare_pct: f64,
    /// Welfare change, million USD of the base year.
    pub welfare_musd: f64,
}

/// One solved scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsResult {
    /// Dataset labels.
    pub dataset: DatasetLabel,
    /// Scenario name.
    pub scenario: String,
    /// Title from the file.
    pub title: String,
    /// The policy.
    pub policy: UsPolicy,
    /// Retaliation.
    pub retaliation: Retaliation,
    /// Rate convention.
    pub convention: RateConvention,
    /// The US rate, percent (optimal rate for `optimal_us`).
    pub rate_pct: Option<f64>,
    /// `real_income`.
    pub welfare_measure: String,
    /// The data and tariff conventions in force.
    pub conventions: Conventions,
    /// Per country.
    pub countries: Vec<CountryResult>,
    /// Newton iterations.
    pub iterations: usize,
    /// Final residual.
    pub residual: f64,
    /// Engine check (pp), when made.
    pub engine_gap_pp: Option<f64>,
}

impl UsResult {
    /// Tidy rows of this result.
    pub fn rows(&self) -> Vec<TidyRow> {
        self.countries
            .iter()
            .map(|c| TidyRow {
                country: c.code.clone(),
                year: self.dataset.year,
                dataset: self.dataset.family.clone(),
                elasticity: self.dataset.elasticity.clone(),
                scenario: self.policy.name().into(),
                rate_pct: self.rate_pct,
                target: self.policy.target(),
                retaliation: self.retaliation.to_string(),
                welfare_pct: c.welfare_pct,
                welfare_musd: c.welfare_musd,
            })
            .collect()
    }

    /// The report: welfare by country.
    pub fn report(&self) -> Report {
        let mut t = Table::new(
            format!(
                "US scenario `{}`{}, {}: {} {}, elasticities {}",
                self.scenario,
                self.rate_pct
                    .map(|r| format!(" at {r:.2} %"))
                    .unwrap_or_default(),
                match self.retaliation {
                    Retaliation::None => "no retaliation".to_string(),
                    r => format!("{r} retaliation"),
                },
                self.dataset.family,
                self.dataset.year.map(|y| y.to_string()).unwrap_or_default(),
                self.dataset.elasticity.as_deref().unwrap_or("?")
            ),
            &[
                "country",
                "tariff on imports %",
                "base tariff %",
                "welfare %",
                "welfare $ mn",
                "real wage %",
            ],
        )
        .align(0, Align::Left);
        for c in &self.countries {
            t.push(vec![
                Cell::text(&c.code),
                Cell::num(c.mean_tariff_pct, 2),
                Cell::num(c.base_mean_tariff_pct, 2),
                Cell::num(c.welfare_pct, 3),
                Cell::num(c.welfare_musd, 0),
                Cell::num(c.real_wage_pct, 3),
            ]);
        }
        let mean =
            self.countries.iter().map(|c| c.welfare_pct).sum::<f64>() / self.countries.len() as f64;
        let us = self.countries.iter().find(|c| c.code == "USA");
        let note = |text: String| wrap_note(&text, 120);
        Report::new(serde_json::to_value(self).expect("serialisable"))
            .with_table(t)
            .with_note(note(format!(
                "Against the trade-balanced baseline: US welfare {:.3} %; mean over all \
                 countries {mean:.3} %.{}",
                us.map(|c| c.welfare_pct).unwrap_or(f64::NAN),
                match self.policy {
                    UsPolicy::OptimalUs => format!(
                        " Optimal unilateral US tariff (others passive): {:.2} %.",
                        self.rate_pct.unwrap_or(f64::NAN)
                    ),
                    _ => String::new(),
                }
            )))
            .with_note(note(format!(
                "Instruments: a scenario rate {} the factual US tariff on the partner in every \
                 sector (services included); reciprocal: partners mirror it on US goods; nash: \
                 retaliating partners set their optimal uniform tariff (Lashkaripour 2021 \
                 eq. (14)) on all imports.",
                match self.convention {
                    RateConvention::Replace => "replaces",
                    RateConvention::OnTop => "is added on top of",
                }
            )))
            .with_note(note(self.conventions.note()))
    }
}

fn label_scenario(p: &UsPolicy) -> String {
    match p {
        UsPolicy::Targeted { partner, rate } => format!("targeted {partner} {:.0}%", 100.0 * rate),
        UsPolicy::Uniform { rate } => format!("uniform {:.0}%", 100.0 * rate),
        o => o.name().into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn solve_one(
    ds: &Dataset,
    b: &Arc<Baseline>,
    policy: &UsPolicy,
    retaliation: Retaliation,
    convention: RateConvention,
    schedule: Option<&Schedule>,
    title: &str,
    engine_check: bool,
) -> Result<UsResult, Error> {
    let o = run_us(
        b,
        policy,
        retaliation,
        convention,
        schedule,
        &NewtonParams::default(),
        engine_check,
    )?;
    Ok(UsResult {
        dataset: DatasetLabel::of(ds),
        scenario: label_scenario(policy),
        title: title.to_string(),
        policy: policy.clone(),
        retaliation,
        convention,
        rate_pct: o.rate_pct,
        welfare_measure: "real_income".into(),
        conventions: Conventions::of(ds, &o.solution.countries),
        countries: o.solution.countries,
        iterations: o.solution.newton.iterations,
        residual: o.solution.newton.residual,
        engine_gap_pp: o.solution.engine_gap_pp,
    })
}

/// Run a `us-tariff` scenario file on `ds`, with the file's retaliation unless `retaliation`
/// is given.
///
/// # Errors
/// [`Error::Usage`] for a bad file, a dataset that is not of the tariffwar packages, or a
/// missing USA/target; [`Error::War`] when a solve does not converge (exit 3).
pub fn run_file(
    path: &Path,
    ds: &Dataset,
    retaliation: Option<Retaliation>,
    convention: Option<RateConvention>,
    engine_check: bool,
) -> Result<UsResult, Error> {
    let sc = read_scenario(path)?;
    require_model(ds)?;
    let schedule = match &sc.schedule_dir {
        Some(d) => Some(read_schedule(d)?),
        None => None,
    };
    let (b, _, _) = balanced(ds)?;
    solve_one(
        ds,
        &b,
        &sc.policy,
        retaliation.unwrap_or(sc.retaliation),
        convention.unwrap_or(sc.convention),
        schedule.as_ref(),
        &sc.file.title,
        engine_check,
    )
}

fn require_model(ds: &Dataset) -> Result<(), Error> {
    if ds.model.as_deref() != Some(truce_data::dataset::MODEL_LASHKARIPOUR2021) {
        return Err(Error::Usage(format!(
            "`{}` is not a dataset of the tariffwar packages (model lashkaripour2021): import \
             one with `truce data import tariffwar FILE.mat --out DIR` and pass --dataset DIR",
            ds.name
        )));
    }
    Ok(())
}

/// The suite: the package's 34 scenarios × the given retaliation modes, one tidy table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suite {
    /// Dataset labels.
    pub dataset: DatasetLabel,
    /// Scenarios solved.
    pub scenarios: usize,
    /// Every country × scenario × retaliation.
    pub rows: Vec<TidyRow>,
}

impl Suite {
    /// The tidy table as CSV (the package's columns, truce's names).
    pub fn csv(&self) -> String {
        let mut s = String::from(
            "country,year,dataset,elasticity,scenario,rate_pct,target,retaliation,welfare_pct,welfare_musd\n",
        );
        for r in &self.rows {
            s.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{}\n",
                r.country,
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                r.dataset,
                r.elasticity.clone().unwrap_or_default(),
                r.scenario,
                r.rate_pct.map(|v| format!("{v:.6}")).unwrap_or_default(),
                r.target,
                r.retaliation,
                format_args!("{:.6}", r.welfare_pct),
                format_args!("{:.2}", r.welfare_musd),
            ));
        }
        s
    }

    /// A summary report: US welfare and the world mean for each scenario.
    pub fn report(&self) -> Report {
        let mut t = Table::new(
            format!(
                "US policy suite: {} scenarios, {} rows ({} {}, elasticities {})",
                self.scenarios,
                self.rows.len(),
                self.dataset.family,
                self.dataset.year.map(|y| y.to_string()).unwrap_or_default(),
                self.dataset.elasticity.as_deref().unwrap_or("?")
            ),
            &[
                "scenario",
                "target",
                "rate %",
                "retaliation",
                "US welfare %",
                "mean welfare %",
            ],
        )
        .align(0, Align::Left);
        let mut k = 0;
        while k < self.rows.len() {
            let r0 = &self.rows[k];
            let group: Vec<&TidyRow> = self.rows[k..]
                .iter()
                .take_while(|r| {
                    r.scenario == r0.scenario
                        && r.target == r0.target
                        && r.rate_pct == r0.rate_pct
                        && r.retaliation == r0.retaliation
                })
                .collect();
            let us = group
                .iter()
                .find(|r| r.country == "USA")
                .map(|r| r.welfare_pct);
            let mean = group.iter().map(|r| r.welfare_pct).sum::<f64>() / group.len() as f64;
            t.push(vec![
                Cell::text(&r0.scenario),
                Cell::text(&r0.target),
                r0.rate_pct
                    .map(|v| Cell::num(v, 2))
                    .unwrap_or_else(|| Cell::text("–")),
                Cell::text(&r0.retaliation),
                Cell::num(us.unwrap_or(f64::NAN), 3),
                Cell::num(mean, 3),
            ]);
            k += group.len();
        }
        Report::new(serde_json::to_value(self).expect("serialisable")).with_table(t)
    }
}

/// Run the 34 scenarios of the package's standard suite with each retaliation mode.
///
/// # Errors
/// As [`run_file`].
pub fn suite(
    ds: &Dataset,
    schedule_dir: &Path,
    retaliations: &[Retaliation],
    convention: RateConvention,
) -> Result<Suite, Error> {
    require_model(ds)?;
    let schedule = read_schedule(schedule_dir)?;
    let (b, _, _) = balanced(ds)?;
    let mut rows = Vec::new();
    let list = standard_suite();
    for p in &list {
        for &r in retaliations {
            let res = solve_one(ds, &b, p, r, convention, Some(&schedule), "", false)?;
            rows.extend(res.rows());
        }
    }
    Ok(Suite {
        dataset: DatasetLabel::of(ds),
        scenarios: list.len() * retaliations.len(),
        rows,
    })
}
