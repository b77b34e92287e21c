//! A replication as a typed output and as text tables beside the published values.

use super::{mean, published, Panel, Replication, Row, Table};
use truce_ossa::Version;
use truce_output::{
    Header, NoncooperativeTarget, NoncooperativeTargets, Ossa2014Output, OssaAverage,
    OssaBestResponse, OssaCooperative, OssaCountry, OssaNashSolver, OssaPublished, OssaRow,
    OssaSolver, PlayerResidual, WelfareMeasure,
};
use truce_report::{Cell, Report, Table as TextTable};

fn row_output(r: &Row) -> OssaRow {
    OssaRow {
        code: r.code.clone(),
        welfare_pct: r.welfare_pct,
        welfare_measure: WelfareMeasure::GovernmentObjective,
        real_income_pct: r.real_income_pct,
        median_tariff_pct: r.median_tariff_pct,
        relative_wage_pct: r.relative_wage_pct,
        profits_pct: r.profits_pct,
        others_welfare_pct: r.others_welfare_pct,
    }
}

fn average_output(rows: &[Row]) -> OssaAverage {
    OssaAverage {
        welfare_pct: mean(rows.iter().map(|r| r.welfare_pct)),
        real_income_pct: mean(rows.iter().map(|r| r.real_income_pct)),
        median_tariff_pct: mean(rows.iter().map(|r| r.median_tariff_pct)),
        others_welfare_pct: (rows.iter().all(|r| r.others_welfare_pct.is_some())
            && !rows.is_empty())
        .then(|| mean(rows.iter().filter_map(|r| r.others_welfare_pct))),
    }
}

impl Replication {
    /// Rows of the table (Table 5: the panel from factual tariffs, the paper's "gains from future
    /// talks").
    pub fn rows(&self) -> &[Row] {
        match self.table {
            Table::Optimal => &self.optimal_rows,
            Table::Nash => &self.nash_rows,
            Table::Cooperative => self
                .panels
                .iter()
                .find(|p| p.base == "factual")
                .map(|p| p.rows.as_slice())
                .unwrap_or(&[]),
        }
    }

    /// The unweighted mean of the rows' government-objective changes.
    pub fn average_welfare_pct(&self) -> f64 {
        mean(self.rows().iter().map(|r| r.welfare_pct))
    }

    fn solver_output(&self) -> OssaSolver {
        OssaSolver {
            optimal_tariffs: self
                .optimal
                .iter()
                .map(|b| OssaBestResponse {
                    code: self.regions[b.player].clone(),
                    method: "projected_newton".into(),
                    termination: b.termination.as_str().into(),
                    kkt_residual: b.kkt_residual,
                    iterations: b.iterations,
                    evaluations: b.evaluations,
                })
                .collect(),
            equilibrium: "Newton, analytic Jacobian, max residual ≤ 1e-13".into(),
            gradients: "adjoint (implicit-function theorem)".into(),
            elapsed_s: self.seconds,
            nash: self.nash.as_ref().map(|ne| OssaNashSolver {
                status: ne.info.termination.as_str().into(),
                criterion: "max |Δt| ≤ 1e-6 over all tariffs in a round".into(),
                rounds: ne.rounds(),
                max_change_by_round: ne.max_change.clone(),
                kkt_residuals: self
                    .regions
                    .iter()
                    .zip(&ne.kkt_residuals)
                    .map(|(c, r)| PlayerResidual {
                        code: c.clone(),
                        kkt_residual: *r,
                    })
                    .collect(),
            }),
            cooperative: (!self.panels.is_empty()).then(|| {
                self.panels
                    .iter()
                    .map(|p| OssaCooperative {
                        base: p.base.into(),
                        termination: p.search.termination.as_str().into(),
                        constraint_violation: p.search.constraint_violation,
                        kkt_residual: p.search.kkt_residual,
                        outer_iterations: p.search.outer_iterations,
                        evaluations: p.search.evaluations,
                        pareto_weights: p.search.multipliers.clone(),
                    })
                    .collect()
            }),
        }
    }

    /// The typed result (`replicate ossa2014` output, docs/output-schema.md).
    pub fn output(&self) -> Ossa2014Output {
        let pubd = published(self.version);
        let panel = |b: &str| self.panels.iter().find(|p| p.base == b);
        let panel_row = |b: &str, k: usize| panel(b).map(|p| row_output(&p.rows[k]));
        let countries = match self.table {
            Table::Optimal | Table::Nash => self
                .rows()
                .iter()
                .map(|r| OssaCountry {
                    row: row_output(r),
                    from_nash: None,
                    from_factual: None,
                    from_free_trade: None,
                })
                .collect(),
            Table::Cooperative => self
                .rows()
                .iter()
                .enumerate()
                .map(|(k, r)| OssaCountry {
                    row: row_output(r),
                    from_nash: panel_row("nash", k),
                    from_factual: panel_row("factual", k),
                    from_free_trade: panel_row("free_trade", k),
                })
                .collect(),
        };
        let panel_average = |b: &str| panel(b).map(|p| average_output(&p.rows));
        Ossa2014Output {
            header: Header::of::<Ossa2014Output>(),
            table: self.table.number().into(),
            version: self.version.as_str().into(),
            welfare_measure: WelfareMeasure::GovernmentObjective,
            published: OssaPublished {
                optimal_median_tariff_pct: pubd.optimal_median_tariff_pct,
                optimal_own_welfare_pct: pubd.optimal_own_welfare_pct,
                optimal_others_welfare_pct: pubd.optimal_others_welfare_pct,
                nash_median_tariff_pct: pubd.nash_median_tariff_pct,
                nash_welfare_pct: pubd.nash_welfare_pct,
                cooperative_from_nash_pct: pubd.cooperative_from_nash_pct,
                cooperative_from_factual_pct: pubd.cooperative_from_factual_pct,
                cooperative_from_free_trade_pct: pubd.cooperative_from_free_trade_pct,
            },
            noncooperative_targets: NoncooperativeTargets {
                what: "partner-mean tariff by industry (Table 3: optimal; Tables 4–5: Nash) against Ossa's noncooperative tariff measures, tariff_noncoop.csv, industries with a target in (0, 225 %]".into(),
                regions: self
                    .against_targets
                    .iter()
                    .map(|(code, diff, corr, k)| NoncooperativeTarget {
                        code: code.clone(),
                        mean_difference_pp: *diff,
                        correlation: corr.is_finite().then_some(*corr),
                        industries: *k,
                    })
                    .collect(),
            },
            countries,
            average: average_output(self.rows()),
            average_from_nash: panel_average("nash"),
            average_from_factual: panel_average("factual"),
            average_from_free_trade: panel_average("free_trade"),
            solver: self.solver_output(),
        }
    }

    /// The result as a report: per-region rows, the average row beside the paper's, and the JSON
    /// `{countries: [...], average, published, solver}`.
    pub fn report(&self) -> Report {
        let pubd = published(self.version);
        let version = match self.version {
            Version::Bas => "basic (λ ≡ 1)",
            Version::Pol => "political economy (calibrated λ)",
        };
        let output = self.output();
        let mut report;
        match self.table {
            Table::Optimal | Table::Nash => {
                let rows = self.rows();
                let (title, pw, pt) = if self.table == Table::Optimal {
                    (
                        format!("Ossa (2014), Table 3: optimal tariffs, {version} (%)"),
                        pubd.optimal_own_welfare_pct,
                        pubd.optimal_median_tariff_pct,
                    )
                } else {
                    (
                        format!("Ossa (2014), Table 4: Nash tariffs (trade war), {version} (%)"),
                        pubd.nash_welfare_pct,
                        pubd.nash_median_tariff_pct,
                    )
                };
                let optimal = self.table == Table::Optimal;
                let mut headers = vec!["country", "welfare (G)", "real income", "median tariff"];
                if optimal {
                    headers.push("others' welfare");
                } else {
                    headers.extend(["relative wage", "profits"]);
                }
                let mut t = TextTable::new(title, &headers);
                for r in rows {
                    let mut cells = vec![
                        Cell::text(&r.code),
                        Cell::num(r.welfare_pct, 2),
                        Cell::num(r.real_income_pct, 2),
                        Cell::num(r.median_tariff_pct, 1),
                    ];
                    if optimal {
                        cells.push(Cell::opt(r.others_welfare_pct, 2));
                    } else {
                        cells.push(Cell::num(r.relative_wage_pct, 2));
                        cells.push(Cell::num(r.profits_pct, 2));
                    }
                    t.push(cells);
                }
                let avg = |f: &dyn Fn(&Row) -> f64| mean(rows.iter().map(f));
                let mut cells = vec![
                    Cell::text("Average"),
                    Cell::num(avg(&|r| r.welfare_pct), 2),
                    Cell::num(avg(&|r| r.real_income_pct), 2),
                    Cell::num(avg(&|r| r.median_tariff_pct), 1),
                ];
                let mut published_cells = vec![
                    Cell::text("Ossa (2014) average"),
                    Cell::num(pw, 1),
                    Cell::opt(None, 1),
                    Cell::num(pt, 1),
                ];
                if optimal {
                    cells.push(Cell::num(
                        avg(&|r| r.others_welfare_pct.unwrap_or(f64::NAN)),
                        2,
                    ));
                    published_cells.push(Cell::num(pubd.optimal_others_welfare_pct, 1));
                } else {
                    cells.push(Cell::num(avg(&|r| r.relative_wage_pct), 2));
                    cells.push(Cell::num(avg(&|r| r.profits_pct), 2));
                    published_cells.push(Cell::opt(None, 1));
                    published_cells.push(Cell::opt(None, 1));
                }
                t.push(cells);
                t.push(published_cells);
                report = Report::of(&output).with_table(t);
            }
            Table::Cooperative => {
                let panel = |b: &str| self.panels.iter().find(|p| p.base == b);
                let keys = [
                    ("nash", "from_nash", pubd.cooperative_from_nash_pct),
                    ("factual", "from_factual", pubd.cooperative_from_factual_pct),
                    (
                        "free_trade",
                        "from_free_trade",
                        pubd.cooperative_from_free_trade_pct,
                    ),
                ];
                let mut t = TextTable::new(
                    format!(
                        "Ossa (2014), Table 5: cooperative tariffs (trade talks), {version} (%)"
                    ),
                    &[
                        "country",
                        "gain from Nash",
                        "median tariff",
                        "gain from factual",
                        "median tariff",
                        "gain from free trade",
                        "median tariff",
                    ],
                );
                let mut push = |label: &str, f: &dyn Fn(&Panel) -> (f64, f64)| {
                    let mut cells = vec![Cell::text(label)];
                    for (b, _, _) in keys {
                        let (w, m) = f(panel(b).expect("computed"));
                        cells.push(Cell::num(w, 2));
                        cells.push(Cell::num(m, 1));
                    }
                    t.push(cells);
                };
                for k in 0..self.regions.len() {
                    push(&self.regions[k], &|p| {
                        (p.rows[k].welfare_pct, p.rows[k].median_tariff_pct)
                    });
                }
                push("Average", &|p| {
                    (
                        mean(p.rows.iter().map(|r| r.welfare_pct)),
                        mean(p.rows.iter().map(|r| r.median_tariff_pct)),
                    )
                });
                let mut cells = vec![Cell::text("Ossa (2014) average")];
                for (_, _, v) in keys {
                    cells.push(Cell::num(v, 2));
                    cells.push(Cell::opt(None, 1));
                }
                t.push(cells);
                report = Report::of(&output).with_table(t);
            }
        }
        report = report.with_note(
            "welfare is the government objective G (spec §5), equal to real income in the basic \
             version; averages are unweighted means over the 7 regions; the median tariff is the \
             median of the 198 bilateral industry tariffs a region sets.",
        );
        report = report.with_note(
            "welfare is flat near an optimum: tariffs that differ by several points (most of all \
             on tiny flows) give welfare equal to many decimals, so compare welfare tightly and \
             tariffs loosely (docs/model-ossa2014.md).",
        );
        if let Some(ne) = &self.nash {
            let worst = ne.kkt_residuals.iter().fold(0.0f64, |m, r| m.max(*r));
            report = report.with_note(format!(
                "Nash search {} after {} rounds (last max |Δt| = {:.1e}); largest first-order \
                 residual of a government {:.1e}.",
                ne.info.termination.as_str().replace('_', " "),
                ne.rounds(),
                ne.last_change(),
                worst
            ));
        }
        for p in &self.panels {
            report = report.with_note(format!(
                "cooperation from {}: {} (equal-gain violation {:.1e}, KKT residual {:.1e}).",
                p.base.replace('_', " "),
                p.search.termination,
                p.search.constraint_violation,
                p.search.kkt_residual
            ));
        }
        report.with_note(format!("solved in {:.1} s.", self.seconds))
    }
}
