//! US policy scenarios with retaliation on datasets of the tariffwar packages (`ustariff`):
//! scenario files with `kind = "us-tariff"` (`truce run FILE --dataset D --retaliation …`) and
//! the 68-scenario suite as one tidy table (`truce suite`). See `docs/model-tariffwar.md`.

use crate::dataset::Dataset;
use crate::global_war::{balanced, conventions, conventions_note, country_output, dataset_label};
use crate::Error;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use truce_model::Baseline;
use truce_output as out;
use truce_output::{
    Header, SuiteOutput, SuiteRow, TariffwarConventions, TariffwarCountry, TariffwarDataset,
    TariffwarSolver, UsScenarioOutput, WelfareMeasure,
};
use truce_report::{Align, Cell, Report, Table};
use truce_war::scenario::{
    run_us, standard_suite, RateConvention, Retaliation, Schedule, UsPolicy,
};
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

/// The output form of a retaliation mode.
pub fn retaliation_output(r: Retaliation) -> out::Retaliation {
    match r {
        Retaliation::None => out::Retaliation::None,
        Retaliation::Reciprocal => out::Retaliation::Reciprocal,
        Retaliation::Nash => out::Retaliation::Nash,
    }
}

fn convention_output(c: RateConvention) -> out::RateConvention {
    match c {
        RateConvention::Replace => out::RateConvention::Replace,
        RateConvention::OnTop => out::RateConvention::OnTop,
    }
}

fn policy_output(p: &UsPolicy) -> out::UsPolicy {
    match p {
        UsPolicy::LiberationDay => out::UsPolicy::LiberationDay,
        UsPolicy::Uniform { rate } => out::UsPolicy::Uniform {
            rate_pct: 100.0 * rate,
        },
        UsPolicy::Targeted { partner, rate } => out::UsPolicy::Targeted {
            partner: partner.clone(),
            rate_pct: 100.0 * rate,
        },
        UsPolicy::OptimalUs => out::UsPolicy::OptimalUs,
    }
}

/// One solved scenario (its output type is [`UsScenarioOutput`], [`UsResult::output`]).
#[derive(Debug, Clone, PartialEq)]
pub struct UsResult {
    /// Dataset labels.
    pub dataset: TariffwarDataset,
    /// Scenario label.
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
    /// The data and tariff conventions in force.
    pub conventions: TariffwarConventions,
    /// Per country.
    pub countries: Vec<TariffwarCountry>,
    /// Solver diagnostics.
    pub solver: TariffwarSolver,
}

impl UsResult {
    /// Tidy rows of this result.
    pub fn rows(&self) -> Vec<SuiteRow> {
        self.countries
            .iter()
            .map(|c| SuiteRow {
                country: c.code.clone(),
                year: self.dataset.year,
                dataset: self.dataset.family.clone(),
                elasticity: self.dataset.elasticity.clone(),
                scenario: self.policy.name().into(),
                rate_pct: self.rate_pct,
                target: self.policy.target(),
                retaliation: retaliation_output(self.retaliation),
                welfare_pct: c.welfare_pct,
                welfare_musd: c.welfare_musd,
            })
            .collect()
    }

    /// The notes every output of this scenario carries.
    pub fn notes(&self) -> Vec<String> {
        let mean =
            self.countries.iter().map(|c| c.welfare_pct).sum::<f64>() / self.countries.len() as f64;
        let us = self
            .countries
            .iter()
            .find(|c| c.code == "USA")
            .map(|c| format!("{:.3} %", c.welfare_pct))
            .unwrap_or_else(|| "–".into());
        vec![
            format!(
                "Against the trade-balanced baseline: US welfare {us}; mean over all countries \
                 {mean:.3} %.{}",
                match (&self.policy, self.rate_pct) {
                    (UsPolicy::OptimalUs, Some(r)) =>
                        format!(" Optimal unilateral US tariff (others passive): {r:.2} %."),
                    _ => String::new(),
                }
            ),
            format!(
                "Instruments: a scenario rate {} the factual US tariff on the partner in every \
                 sector (services included); reciprocal: partners mirror it on US goods; nash: \
                 retaliating partners set their optimal uniform tariff (Lashkaripour 2021 \
                 eq. (14)) on all imports.",
                match self.convention {
                    RateConvention::Replace => "replaces",
                    RateConvention::OnTop => "is added on top of",
                }
            ),
            conventions_note(&self.conventions, true),
        ]
    }

    /// The typed output (`truce run FILE --dataset D --format json`).
    pub fn output(&self) -> UsScenarioOutput {
        UsScenarioOutput {
            header: Header::of::<UsScenarioOutput>(),
            dataset: self.dataset.clone(),
            scenario: self.scenario.clone(),
            title: self.title.clone(),
            policy: policy_output(&self.policy),
            retaliation: retaliation_output(self.retaliation),
            convention: convention_output(self.convention),
            rate_pct: self.rate_pct,
            welfare_measure: WelfareMeasure::RealIncome,
            conventions: self.conventions.clone(),
            countries: self.countries.clone(),
            solver: self.solver.clone(),
            notes: self.notes(),
        }
    }

    /// `countries.csv` (every field of the output's `countries[]`) and `result.json` (the
    /// typed output) in `dir`, written atomically: all appear, or none.
    ///
    /// # Errors
    /// [`Error::Write`] naming the file.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let mut t = Table::new(
            self.scenario.clone(),
            &[
                "code",
                "name",
                "nash_tariff_pct",
                "mean_tariff_pct",
                "base_mean_tariff_pct",
                "welfare_pct",
                "welfare_musd",
                "real_wage_pct",
                "price_index_pct",
                "income_pct",
                "trade_to_gdp_base_pct",
                "trade_to_gdp_pct",
            ],
        );
        for c in &self.countries {
            t.push(vec![
                Cell::text(&c.code),
                Cell::text(&c.name),
                Cell::opt(c.nash_tariff_pct, 6),
                Cell::num(c.mean_tariff_pct, 6),
                Cell::num(c.base_mean_tariff_pct, 6),
                Cell::num(c.welfare_pct, 6),
                Cell::num(c.welfare_musd, 3),
                Cell::num(c.real_wage_pct, 6),
                Cell::num(c.price_index_pct, 6),
                Cell::num(c.income_pct, 6),
                Cell::num(c.trade_to_gdp_base_pct, 6),
                Cell::num(c.trade_to_gdp_pct, 6),
            ]);
        }
        truce_report::write_files_atomic(&[
            (dir.join("countries.csv"), t.to_csv().into_bytes()),
            (
                dir.join("result.json"),
                out::to_json(&self.output()).into_bytes(),
            ),
        ])?;
        Ok(())
    }

    /// The report: welfare by country.
    pub fn report(&self) -> Report {
        let output = self.output();
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
        let mut r = Report::of(&output).with_table(t);
        for n in &output.notes {
            r = r.with_note(n.clone());
        }
        r
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
    bal: &(Arc<Baseline>, usize, f64),
    policy: &UsPolicy,
    retaliation: Retaliation,
    convention: RateConvention,
    schedule: Option<&Schedule>,
    title: &str,
    engine_check: bool,
) -> Result<UsResult, Error> {
    let (b, balance) = (&bal.0, (bal.1, bal.2));
    let o = run_us(
        b,
        policy,
        retaliation,
        convention,
        schedule,
        &NewtonParams::default(),
        engine_check,
    )?;
    let countries: Vec<TariffwarCountry> =
        o.solution.countries.iter().map(country_output).collect();
    let newton = &o.solution.newton;
    Ok(UsResult {
        dataset: dataset_label(ds),
        scenario: label_scenario(policy),
        title: title.to_string(),
        policy: policy.clone(),
        retaliation,
        convention,
        rate_pct: o.rate_pct,
        conventions: conventions(ds, &countries),
        solver: TariffwarSolver {
            converged: newton.converged,
            iterations: newton.iterations,
            evaluations: newton.evaluations,
            residual: newton.residual,
            elapsed_ms: newton.elapsed.as_secs_f64() * 1e3,
            engine_gap_pp: o.solution.engine_gap_pp,
            balance_iterations: balance.0,
            balance_residual: balance.1,
        },
        countries,
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
    let bal = balanced(ds)?;
    solve_one(
        ds,
        &bal,
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

/// The suite: the package's 34 scenarios × the given retaliation modes, one tidy table (its
/// output type is [`SuiteOutput`], [`Suite::output`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Suite {
    /// Dataset labels.
    pub dataset: TariffwarDataset,
    /// Rate convention of every scenario.
    pub convention: RateConvention,
    /// The retaliation modes run.
    pub retaliations: Vec<Retaliation>,
    /// Solves (scenarios × retaliation modes).
    pub scenarios: usize,
    /// The data conventions in force.
    pub conventions: TariffwarConventions,
    /// Every country × scenario × retaliation.
    pub rows: Vec<SuiteRow>,
}

impl Suite {
    /// The tidy table as CSV (the package's columns, truce's names).
    pub fn csv(&self) -> String {
        let mut s = String::from(
            "country,year,dataset,elasticity,scenario,rate_pct,target,retaliation,welfare_pct,\
             welfare_musd\n",
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
                retaliation_name(r.retaliation),
                format_args!("{:.6}", r.welfare_pct),
                format_args!("{:.2}", r.welfare_musd),
            ));
        }
        s
    }

    /// The notes the output carries.
    pub fn notes(&self) -> Vec<String> {
        vec![
            format!(
                "Welfare is real income Ŷ/P̂ − 1 against the trade-balanced baseline; a scenario \
                 rate {} the factual US tariff on the partner in every sector.",
                match self.convention {
                    RateConvention::Replace => "replaces",
                    RateConvention::OnTop => "is added on top of",
                }
            ),
            conventions_note(&self.conventions, false),
        ]
    }

    /// The typed output (`truce suite --format json`).
    pub fn output(&self) -> SuiteOutput {
        SuiteOutput {
            header: Header::of::<SuiteOutput>(),
            dataset: self.dataset.clone(),
            convention: convention_output(self.convention),
            retaliations: self
                .retaliations
                .iter()
                .map(|&r| retaliation_output(r))
                .collect(),
            scenarios: self.scenarios,
            welfare_measure: WelfareMeasure::RealIncome,
            conventions: self.conventions.clone(),
            rows: self.rows.clone(),
            notes: self.notes(),
        }
    }

    /// A summary report: US welfare and the world mean for each scenario.
    pub fn report(&self) -> Report {
        let output = self.output();
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
            let group: Vec<&SuiteRow> = self.rows[k..]
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
                Cell::text(retaliation_name(r0.retaliation)),
                us.map(|v| Cell::num(v, 3))
                    .unwrap_or_else(|| Cell::text("–")),
                Cell::num(mean, 3),
            ]);
            k += group.len();
        }
        let mut r = Report::of(&output).with_table(t);
        for n in &output.notes {
            r = r.with_note(n.clone());
        }
        r
    }
}

fn retaliation_name(r: out::Retaliation) -> &'static str {
    match r {
        out::Retaliation::None => "none",
        out::Retaliation::Reciprocal => "reciprocal",
        out::Retaliation::Nash => "nash",
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
    let bal = balanced(ds)?;
    let mut rows = Vec::new();
    let list = standard_suite();
    for p in &list {
        for &r in retaliations {
            let res = solve_one(ds, &bal, p, r, convention, Some(&schedule), "", false)?;
            rows.extend(res.rows());
        }
    }
    Ok(Suite {
        dataset: dataset_label(ds),
        convention,
        retaliations: retaliations.to_vec(),
        scenarios: list.len() * retaliations.len(),
        conventions: conventions(ds, &[]),
        rows,
    })
}
