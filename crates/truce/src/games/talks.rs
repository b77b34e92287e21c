//! `truce talks`: the bargaining frontier from a threat point and the Nash bargaining
//! solution, and their report.

use super::*;

/// Trade talks, solved.
#[derive(Debug, Clone)]
pub struct Talks {
    /// The war (threat point when `threat` is `Nash`).
    pub war: War,
    /// Which threat point.
    pub threat: Threat,
    /// Threat payoffs.
    pub threat_payoffs: [f64; 2],
    /// The frontier and the solution.
    pub bargain: Bargain,
    /// Side payment in welfare points (to the first player).
    pub beyond_trade_pp: f64,
    /// China's rare-earth lever, when it is in the game and there is an agreement.
    pub lever: Option<RareEarthLever>,
    /// Wall time, seconds.
    pub seconds: f64,
}

/// Trade talks: the bargaining frontier from the threat point and the Nash bargaining solution
/// over both players' tariff vectors (and the linked export tax, if any), with an exogenous side
/// payment of `beyond_trade_pp` welfare points to the first player.
///
/// # Errors
/// [`Error::Game`] for an unknown player or sector, or an equilibrium that does not solve;
/// [`Error::NotConverged`] when the war (the threat point) or a search of the bargain does not
/// converge.
pub fn talks<P: Progress + ?Sized>(
    baseline: Arc<Baseline>,
    opts: &TalksOptions,
    progress: &mut P,
) -> Result<Talks, Error> {
    let start = Instant::now();
    let w = war(baseline, &opts.war, progress)?;
    let (threat_payoffs, x_start) = match opts.threat {
        Threat::Nash => ([w.nash.payoffs[0], w.nash.payoffs[1]], w.nash.x.clone()),
        Threat::StatusQuo => {
            // The baseline policy itself (with uniform instruments the status-quo levels only
            // approximate it; they serve as the search's starting point).
            (
                [w.status_quo_payoffs[0], w.status_quo_payoffs[1]],
                w.status_quo.clone(),
            )
        }
    };
    progress.stage(&format!(
        "bargaining frontier from the {} threat point",
        opts.threat.as_str()
    ));
    let bg = bargain(
        &w.game,
        threat_payoffs,
        &x_start,
        &BargainOptions {
            points: opts.points,
            side_payment: opts.beyond_trade_pp / 100.0,
            search: search(&w.game),
            ..BargainOptions::default()
        },
        progress,
    )?;
    require_converged(&bg, search(&w.game).kkt_tol)?;
    let lever = match &bg.solution {
        Some(p) => rare_earth_lever(&w.game, &x_start, &p.x)?,
        None => None,
    };
    Ok(Talks {
        war: w,
        threat: opts.threat,
        threat_payoffs,
        bargain: bg,
        beyond_trade_pp: opts.beyond_trade_pp,
        lever,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Every traced point and the solution must be optimal: a search that stopped short would print
/// a frontier that is not one. Any ending other than converged to `tol` fails with truce-solve's
/// `NotConverged` (exit code 3), naming the search and its residual.
fn require_converged(bg: &Bargain, tol: f64) -> Result<(), Error> {
    let searches = bg
        .frontier
        .iter()
        .map(|p| ("a point of the bargaining frontier", p))
        .chain(
            bg.solution
                .iter()
                .map(|p| ("the Nash bargaining solution", p)),
        );
    for (what, p) in searches {
        let info = truce_solve::Info {
            termination: p.termination.clone(),
            iterations: p.iterations,
            residual: p.kkt_residual,
            elapsed: std::time::Duration::ZERO,
        };
        info.require_converged(
            tol,
            "the search for the best tariffs did not reach its tolerance: the payoffs may be \
             too flat at these tariffs; try fewer frontier points (--points) or the other \
             instruments (--instruments)",
        )
        .map_err(Error::not_converged(format!(
            "{what} (a search over both players' tariffs)"
        )))?;
    }
    Ok(())
}

impl Talks {
    fn point(&self, x: &[f64], u: [f64; 2]) -> FrontierPoint {
        let game = &self.war.game;
        let s = self.beyond_trade_pp;
        FrontierPoint {
            payoffs_pct: [100.0 * (u[0] - 1.0), 100.0 * (u[1] - 1.0)],
            with_side_payment_pct: [100.0 * (u[0] - 1.0) + s, 100.0 * (u[1] - 1.0) - s],
            levels_pct: levels(game, x),
            mean_tariff_pct: [mean_tariff(game, x, 0), mean_tariff(game, x, 1)],
        }
    }

    /// The notes of the talks' report.
    fn notes(&self, dataset: &Dataset) -> Vec<String> {
        let pl = self.war.game.players();
        let s = self.beyond_trade_pp;
        let mut notes = Vec::new();
        if self.bargain.solution.is_none() {
            notes.push(
                "no agreement leaves both players better off than the threat point (after the side \
                 payment): there is no Nash bargaining solution."
                    .to_string(),
            );
        }
        if s != 0.0 {
            notes.push(format!(
                "a side payment of {s} welfare points from {} to {} for issues outside trade \
                 shifts the solution along the frontier (welfare columns exclude it).",
                pl[1], pl[0]
            ));
        }
        notes.push(format!(
            "the frontier is traced by maximising weighted sums of log welfare (where it is not \
             concave, only its concave hull is traced); the solution maximises the Nash product \
             directly; {:.1} s.",
            self.seconds
        ));
        notes.extend(dataset_notes(dataset));
        notes
    }

    /// The typed result (`talks` output, docs/output-schema.md) on `dataset`.
    pub fn output(&self, dataset: &Dataset) -> TalksOutput {
        let game = &self.war.game;
        let mut g = game.clone();
        let solution = self.bargain.solution.as_ref().map(|p| Solution {
            point: self.point(&p.x, p.payoffs),
            countries: g
                .all_real_incomes(&p.x)
                .ok()
                .map(|c| countries(game, &c.into_iter().map(pct).collect::<Vec<_>>())),
            termination: p.termination.as_str().into(),
            kkt_residual: p.kkt_residual,
        });
        TalksOutput {
            header: Header::of::<TalksOutput>(),
            dataset: dataset.output(),
            players: game.players().to_vec(),
            welfare_measure: WelfareMeasure::RealIncome,
            threat: ThreatPoint {
                kind: self.threat.as_str().into(),
                payoffs_pct: [
                    100.0 * (self.threat_payoffs[0] - 1.0),
                    100.0 * (self.threat_payoffs[1] - 1.0),
                ],
            },
            beyond_trade_pp: self.beyond_trade_pp,
            linked_export_tax: game
                .instruments()
                .iter()
                .any(|i| is_export_restriction(&i.key)),
            objective: self.war.objective,
            rare_earths: self.lever.clone(),
            nash: self.war.nash_state(),
            status_quo: self.war.status_quo_state(),
            april_2025_peak: self.war.peak_state(),
            frontier: self
                .bargain
                .frontier
                .iter()
                .map(|p| self.point(&p.x, p.payoffs))
                .collect(),
            solution,
            solver: TalksSolver {
                nash: nash_solver(&self.war.nash, game),
                frontier: self
                    .bargain
                    .frontier
                    .iter()
                    .map(|p| FrontierSolver {
                        termination: p.termination.as_str().into(),
                        kkt_residual: p.kkt_residual,
                    })
                    .collect(),
                method: format!(
                    "frontier points maximise w·ln u₀ + (1−w)·ln u₁ ({}); ends by a secant search on w; solution maximises the Nash product",
                    optimiser(game)
                ),
                elapsed_s: self.seconds,
            },
            notes: self.notes(dataset),
        }
    }

    /// The result as a report: the frontier, the solution's tariffs beside the threat point's,
    /// notes, and [`Talks::output`] as JSON.
    pub fn report(&self, dataset: &Dataset) -> Report {
        let game = &self.war.game;
        let pl = game.players();
        let output = self.output(dataset);
        let mut f = Table::new(
            format!(
                "Trade talks: bargaining frontier from the {} threat point (real income, %)",
                self.threat.as_str()
            ),
            &[
                "point",
                &format!("{} welfare", pl[0]),
                &format!("{} welfare", pl[1]),
                &format!("{} mean tariff", pl[0]),
                &format!("{} mean tariff", pl[1]),
            ],
        );
        let row = |label: &str, x: &[f64], u: [f64; 2]| {
            vec![
                Cell::text(label),
                Cell::num(100.0 * (u[0] - 1.0), 3),
                Cell::num(100.0 * (u[1] - 1.0), 3),
                Cell::num(mean_tariff(game, x, 0), 1),
                Cell::num(mean_tariff(game, x, 1), 1),
            ]
        };
        let threat_x = match self.threat {
            Threat::Nash => &self.war.nash.x,
            Threat::StatusQuo => &self.war.status_quo,
        };
        f.push(row("threat point", threat_x, self.threat_payoffs));
        for (k, p) in self.bargain.frontier.iter().enumerate() {
            f.push(row(&format!("frontier {}", k + 1), &p.x, p.payoffs));
        }
        if let Some(p) = &self.bargain.solution {
            f.push(row("Nash bargaining solution", &p.x, p.payoffs));
        }
        let mut report = Report::of(&output).with_table(f);
        if let Some(p) = &self.bargain.solution {
            let mut t = Table::new(
                "Nash bargaining solution: instruments (%)",
                &[
                    "instrument",
                    &format!("{} threat", pl[0]),
                    &format!("{} agreed", pl[0]),
                    &format!("{} threat", pl[1]),
                    &format!("{} agreed", pl[1]),
                ],
            );
            let mut names: Vec<String> = Vec::new();
            for i in game.instruments() {
                let n = i
                    .key
                    .split_once('/')
                    .map(|(_, s)| s)
                    .unwrap_or(&i.key)
                    .to_string();
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            for name in names {
                let cell = |owner: usize, x: &[f64]| {
                    Cell::opt(
                        game.instruments()
                            .iter()
                            .position(|i| i.owner == owner && i.key.ends_with(&format!("/{name}")))
                            .map(|k| 100.0 * game.rate_of(k, x[k])),
                        1,
                    )
                };
                t.push(vec![
                    Cell::text(name.replace('_', " ")),
                    cell(0, threat_x),
                    cell(0, &p.x),
                    cell(1, threat_x),
                    cell(1, &p.x),
                ]);
            }
            report = report.with_table(t);
        }
        for n in &output.notes {
            report = report.with_note(n.clone());
        }
        if let Some(l) = &self.lever {
            let mut t = Table::new(
                "China's rare-earth lever in the talks",
                &["measure", "value"],
            );
            let mut row = |what: &str, v: String| t.push(vec![Cell::text(what), Cell::text(v)]);
            if l.kind == LinkKind::ExportQuota {
                row(
                    "licences at the threat point → in the agreement (share of 2024 quantity)",
                    format!(
                        "{:.1} %{} → {:.1} %",
                        l.threat_level_pct,
                        if l.threat_at_bound {
                            " (the bound)"
                        } else {
                            ""
                        },
                        l.agreement_level_pct
                    ),
                );
            }
            row(
                "restriction at the threat point (export-tax equivalent)",
                format!(
                    "{:.1} %{}",
                    l.threat_pct,
                    if l.threat_at_bound && l.kind == LinkKind::ExportTax {
                        " (the instrument's bound)"
                    } else {
                        ""
                    }
                ),
            );
            row(
                "restriction in the agreement",
                format!("{:.1} %", l.agreement_pct),
            );
            row(
                "China's exports to the US (% of 2024 quantity): threat → agreement",
                format!(
                    "{:.1} % → {:.1} %",
                    l.threat_quantity_pct, l.agreement_quantity_pct
                ),
            );
            row("easing", format!("{:.1} points", l.easing_pts));
            row(
                "US mean tariff on China: threat → agreement",
                format!(
                    "{:.1} % → {:.1} %",
                    l.us_mean_tariff_threat_pct, l.us_mean_tariff_agreement_pct
                ),
            );
            row(
                "China's mean tariff on the US: threat → agreement",
                format!(
                    "{:.1} % → {:.1} %",
                    l.chn_mean_tariff_threat_pct, l.chn_mean_tariff_agreement_pct
                ),
            );
            row(
                "US gain from the easing alone",
                format!("{:+.4} welfare points", l.us_gain_from_easing_pp),
            );
            row(
                "China's cost of the easing alone",
                format!("{:+.4} welfare points", l.chn_cost_of_easing_pp),
            );
            row(
                "tariff equivalent of the easing for the US",
                match l.tariff_equivalent_pts {
                    Some(z) => format!("{z:.2} points of China's tariffs on all US goods"),
                    None => "more than a 500-point rise in China's tariffs".into(),
                },
            );
            if let Some(e) = l.epsilon_c {
                row("ε_c (critical-input nest)", format!("{e}"));
            }
            report = report.with_table(t);
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_game::FrontierPoint;
    use truce_solve::Termination;

    fn point(termination: Termination, kkt_residual: f64) -> FrontierPoint {
        FrontierPoint {
            x: vec![0.0],
            payoffs: [1.0, 1.0],
            termination,
            kkt_residual,
            iterations: 7,
        }
    }

    /// A search that stalls even within ten times its tolerance is no longer counted as
    /// converged (the finite-difference "noise floor" rule is gone): it fails with
    /// truce-solve's `NotConverged`, which the CLI turns into exit code 3 with the residual.
    #[test]
    fn a_search_that_stalls_near_its_tolerance_does_not_converge() {
        let converged = Bargain {
            threat: [1.0, 1.0],
            side_payment: 0.0,
            frontier: vec![point(Termination::Converged, 5e-9)],
            solution: Some(point(Termination::Converged, 1e-9)),
        };
        assert!(require_converged(&converged, 1e-8).is_ok());
        let mut stalled = converged.clone();
        stalled.solution = Some(point(Termination::Stalled, 2e-8));
        let e = require_converged(&stalled, 1e-8).unwrap_err();
        let text = format!("{e}");
        assert!(text.contains("the Nash bargaining solution"), "{text}");
        let mut chain: Option<&dyn std::error::Error> = Some(&e);
        let mut found = None;
        while let Some(err) = chain {
            if let Some(nc) = err.downcast_ref::<truce_solve::NotConverged>() {
                found = Some(nc.info.residual);
            }
            chain = err.source();
        }
        assert_eq!(found, Some(2e-8), "{text}");
    }
}
