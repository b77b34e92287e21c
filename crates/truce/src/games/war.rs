//! `truce war`: the Nash tariff war, measured against the baseline and the April 2025 peak,
//! and its report.

use super::*;

/// A played-out war.
#[derive(Debug, Clone)]
pub struct War {
    /// The game.
    pub game: CpGame,
    /// Instrument levels at the baseline (with uniform tariffs: the trade-weighted means of the
    /// baseline's sector tariffs).
    pub status_quo: Vec<f64>,
    /// The players' payoffs under the baseline policy (1 when the baseline is an equilibrium).
    pub status_quo_payoffs: Vec<f64>,
    /// The Nash equilibrium.
    pub nash: NashResult,
    /// Real income of every region at Nash, % against the baseline (`None`: undefined).
    pub nash_countries: Vec<Option<f64>>,
    /// The April 2025 peak applied to the baseline (when the players are USA and CHN): the
    /// instrument levels and every region's real income, %.
    pub peak: Option<(Vec<f64>, Vec<Option<f64>>)>,
    /// What the governments maximised.
    pub objective: Objective,
    /// Wall time, seconds.
    pub seconds: f64,
}

fn build_game(baseline: Arc<Baseline>, opts: &WarOptions) -> Result<CpGame, Error> {
    let players = [opts.players[0].as_str(), opts.players[1].as_str()];
    let sectors = tariff_sectors(&baseline);
    let mut game = CpGame::on_sectors(
        baseline,
        &players,
        opts.instruments,
        0.0,
        MAX_TARIFF,
        &sectors,
    )?;
    if let Some(l) = &opts.link {
        let shares: Vec<(&str, f64)> = l.shares.iter().map(|(s, v)| (s.as_str(), *v)).collect();
        game = match l.kind {
            LinkKind::ExportTax => {
                game.with_export_tax(&l.exporter, &l.importer, &shares, l.max_rate)?
            }
            LinkKind::ExportQuota => {
                let sector = shares
                    .first()
                    .map(|s| s.0)
                    .ok_or_else(|| Error::Usage("an export-quota link needs its sector".into()))?;
                game.with_export_quota(
                    &l.exporter,
                    &l.importer,
                    sector,
                    MIN_LICENCES,
                    MAX_LICENCES,
                )?
            }
        };
        if opts.short_run {
            let b = game.baseline().clone();
            let d = b.dims();
            let caps: Vec<(String, String)> = l
                .shares
                .iter()
                .filter(|(_, share)| *share >= 1.0)
                .filter_map(|(sector, _)| b.sector_index(sector).map(|j| (sector.clone(), j)))
                .flat_map(|(sector, j)| {
                    let b = b.clone();
                    let exporter = l.exporter.clone();
                    (0..d.n).filter_map(move |i| {
                        let code = &b.regions()[i].code;
                        (code != &exporter && b.gross_output()[d.nj(i, j)] > 0.0)
                            .then(|| (code.clone(), sector.clone()))
                    })
                })
                .collect();
            let caps: Vec<(&str, &str)> =
                caps.iter().map(|(r, s)| (r.as_str(), s.as_str())).collect();
            game = game.with_supply_caps(&caps)?;
        }
    }
    if opts.objective == Objective::PoliticalEconomy {
        let b = game.baseline().clone();
        let weights = opts
            .players
            .iter()
            .map(|p| {
                b.sectors()
                    .iter()
                    .map(|s| truce_game::political::ossa_weight(p, &s.code))
                    .collect()
            })
            .collect();
        game = game.with_political_economy(weights)?;
    }
    Ok(game)
}

/// Play the tariff war: the Nash equilibrium of the two players' tariffs (and the linked export
/// tax, if any) from the baseline, measured against the baseline and beside the April 2025 peak.
///
/// # Errors
/// [`Error::Game`] for an unknown player or sector, or an equilibrium that does not solve;
/// [`Error::NotConverged`] when the rounds of best responses do not settle within
/// [`WarOptions::max_rounds`].
pub fn war<P: Progress + ?Sized>(
    baseline: Arc<Baseline>,
    opts: &WarOptions,
    progress: &mut P,
) -> Result<War, Error> {
    let start = Instant::now();
    let game = build_game(baseline.clone(), opts)?;
    let status_quo = game.status_quo();
    let status_quo_payoffs = game.clone().status_quo_payoffs()?;
    progress.stage(&format!(
        "Nash equilibrium of {} and {} (rounds of best responses)",
        opts.players[0], opts.players[1]
    ));
    let ne = nash(
        &game,
        &status_quo,
        &NashOptions {
            best_response: search(&game),
            tol: NASH_TOL,
            max_rounds: opts.max_rounds,
            ..NashOptions::default()
        },
        progress,
    )?
    .require_converged(NASH_TOL)
    .map_err(Error::not_converged(format!(
        "the Nash tariff war of {} and {} (rounds of best responses)",
        opts.players[0], opts.players[1]
    )))?;
    let mut g = game.clone();
    let nash_countries = g.all_real_incomes(&ne.x)?.into_iter().map(pct).collect();
    // The April 2025 peak, when the players are the US and China.
    let is_us_china = {
        let mut p = opts.players.clone();
        p.sort();
        p == ["CHN".to_string(), "USA".to_string()]
    };
    let peak = if is_us_china {
        let mut x = status_quo.clone();
        for (k, ins) in game.instruments().iter().enumerate() {
            let owner = &game.players()[ins.owner];
            for (imp, exp, add) in APRIL_2025_PEAK {
                if owner == imp
                    && ins.key.starts_with(&format!("{exp}/"))
                    && !is_export_restriction(&ins.key)
                {
                    x[k] = (status_quo[k] + add).min(MAX_TARIFF);
                }
            }
        }
        let c = g.all_real_incomes(&x)?.into_iter().map(pct).collect();
        Some((x, c))
    } else {
        None
    };
    Ok(War {
        game,
        status_quo,
        status_quo_payoffs,
        nash: ne,
        nash_countries,
        peak,
        objective: opts.objective,
        seconds: start.elapsed().as_secs_f64(),
    })
}

impl War {
    pub(super) fn players(&self) -> &[String] {
        self.game.players()
    }

    /// The Nash equilibrium: tariffs by player × sector (%) and every region's welfare.
    pub(super) fn nash_state(&self) -> GameState {
        GameState {
            tariffs_pct: levels(&self.game, &self.nash.x),
            mean_tariff_pct: mean_tariffs(&self.game, &self.nash.x),
            payoffs_pct: payoffs_pct(&self.nash.payoffs),
            countries: countries(&self.game, &self.nash_countries),
        }
    }

    pub(super) fn status_quo_state(&self) -> StatusQuoState {
        StatusQuoState {
            tariffs_pct: levels(&self.game, &self.status_quo),
            mean_tariff_pct: mean_tariffs(&self.game, &self.status_quo),
            payoffs_pct: payoffs_pct(&self.status_quo_payoffs),
            levels_are: if self.game.status_quo_is_exact() {
                "the baseline's tariffs".into()
            } else {
                "trade-weighted means of the baseline's sector tariffs (the baseline itself is not a uniform-tariff policy)".into()
            },
        }
    }

    pub(super) fn peak_state(&self) -> Option<PeakState> {
        self.peak.as_ref().map(|(x, c)| PeakState {
            source: "us_china_measures M079 (US 145 %) and M081 (China 125 %), added to the baseline tariffs".into(),
            tariffs_pct: levels(&self.game, x),
            mean_tariff_pct: mean_tariffs(&self.game, x),
            countries: countries(&self.game, c),
        })
    }

    fn instruments(&self) -> Vec<Instrument> {
        let pl = self.players();
        self.game
            .instruments()
            .iter()
            .map(|i| Instrument {
                owner: pl[i.owner].clone(),
                label: i.label.clone(),
                lower_pct: 100.0 * i.lower,
                upper_pct: 100.0 * i.upper,
            })
            .collect()
    }

    /// The notes of the war's report: the peak, why the war may end below today's tariffs,
    /// how the search ended, and the dataset's caveats.
    fn notes(&self, dataset: &Dataset) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some((x, _)) = &self.peak {
            notes.push(format!(
                "April 2025 peak: +145 % (US on China) and +125 % (China on the US) on top of the \
                 baseline tariffs, trade-weighted means {:.1} % and {:.1} % (sources: \
                 us_china_measures M079, M081); the Nash tariffs average {:.1} % and {:.1} %.",
                mean_tariff(&self.game, x, 0),
                mean_tariff(&self.game, x, 1),
                mean_tariff(&self.game, &self.nash.x, 0),
                mean_tariff(&self.game, &self.nash.x, 1),
            ));
        }
        let sq: Vec<f64> = (0..2)
            .map(|p| mean_tariff(&self.game, &self.game.status_quo(), p))
            .collect();
        let nash: Vec<f64> = (0..2)
            .map(|p| mean_tariff(&self.game, &self.nash.x, p))
            .collect();
        if nash[0] < sq[0] && nash[1] < sq[1] {
            let (motive, explains) = match self.objective {
                Objective::RealIncome => (
                    "in this game a government's only gain from a tariff is its terms of trade, \
                     and with the dataset's trade elasticities (θ) the best tariff on a partner \
                     is modest",
                    "the terms-of-trade motive",
                ),
                Objective::PoliticalEconomy => (
                    "even with Ossa's (2014) political-economy weights on sectoral value added \
                     (protection for sale) the governments' best tariffs stay modest",
                    "terms of trade plus political economy",
                ),
            };
            notes.push(format!(
                "Why the war ends below today's tariffs: {motive}; the Nash tariffs ({:.1} % and \
                 {:.1} %) sit below the baseline's ({:.1} % and {:.1} %), so by this measure the \
                 tariffs in force exceed what {explains} explains. Add the motives the \
                 literature uses to see which one does: `--objective political-economy` (Ossa's \
                 protection-for-sale weights), `--link ree-export-tax` (China's rare-earth \
                 lever, on world2024-ree); security and bargaining leverage beyond these are \
                 outside the model (Ossa (2014) finds far higher Nash tariffs with lower \
                 elasticities: `truce replicate ossa2014 --table 4`).",
                nash[0], nash[1], sq[0], sq[1]
            ));
        }
        let worst = self
            .nash
            .kkt_residuals
            .iter()
            .fold(0.0f64, |m, r| m.max(*r));
        notes.push(format!(
            "Nash search {} after {} rounds (last max |Δt| = {:.1e}); largest first-order \
             residual {:.1e}; every other policy at the baseline; tariffs bounded to [0, 500 %]; \
             {:.1} s.",
            self.nash.info.termination.as_str().replace('_', " "),
            self.nash.rounds(),
            self.nash.last_change(),
            worst,
            self.seconds
        ));
        notes.extend(dataset_notes(dataset));
        notes
    }

    /// The typed result (`war` output, docs/output-schema.md) on `dataset` (the dataset the
    /// game's baseline came from).
    pub fn output(&self, dataset: &Dataset) -> WarOutput {
        WarOutput {
            header: Header::of::<WarOutput>(),
            dataset: dataset.output(),
            players: self.players().to_vec(),
            welfare_measure: WelfareMeasure::RealIncome,
            objective: self.objective,
            instruments: self.instruments(),
            nash: self.nash_state(),
            status_quo: self.status_quo_state(),
            april_2025_peak: self.peak_state(),
            solver: WarSolver {
                nash: nash_solver(&self.nash, &self.game),
                elapsed_s: self.seconds,
            },
            notes: self.notes(dataset),
        }
    }

    /// The result as a report: tariffs by sector (status quo, Nash), welfare by region (Nash,
    /// April 2025 peak), notes, and [`War::output`] as JSON.
    pub fn report(&self, dataset: &Dataset) -> Report {
        let pl = self.players();
        let output = self.output(dataset);
        let mut t = Table::new(
            format!("Tariff war: Nash tariffs of {} and {} (%)", pl[0], pl[1]),
            &[
                "instrument",
                &format!("{} status quo", pl[0]),
                &format!("{} Nash", pl[0]),
                &format!("{} status quo", pl[1]),
                &format!("{} Nash", pl[1]),
            ],
        );
        let by_player = |p: usize| -> Vec<(String, usize)> {
            self.game
                .instruments()
                .iter()
                .enumerate()
                .filter(|(_, i)| i.owner == p)
                .map(|(k, i)| {
                    (
                        i.key
                            .split_once('/')
                            .map(|(_, s)| s)
                            .unwrap_or(&i.key)
                            .to_string(),
                        k,
                    )
                })
                .collect()
        };
        let (a, b) = (by_player(0), by_player(1));
        let mut names: Vec<String> = a.iter().map(|(n, _)| n.clone()).collect();
        for (n, _) in &b {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        let cell = |list: &[(String, usize)], name: &str, x: &[f64]| {
            Cell::opt(
                list.iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, k)| 100.0 * self.game.rate_of(*k, x[*k])),
                1,
            )
        };
        for name in &names {
            t.push(vec![
                Cell::text(name.replace('_', " ")),
                cell(&a, name, &self.status_quo),
                cell(&a, name, &self.nash.x),
                cell(&b, name, &self.status_quo),
                cell(&b, name, &self.nash.x),
            ]);
        }
        let mean = |p, x: &[f64]| Cell::num(mean_tariff(&self.game, x, p), 1);
        t.push(vec![
            Cell::text("trade-weighted mean"),
            mean(0, &self.status_quo),
            mean(0, &self.nash.x),
            mean(1, &self.status_quo),
            mean(1, &self.nash.x),
        ]);
        let mut w = Table::new(
            "Welfare (real income) against the baseline (%)",
            &["region", "Nash war", "April 2025 peak"],
        );
        for (k, r) in self.game.baseline().regions().iter().enumerate() {
            w.push(vec![
                Cell::text(&r.code),
                Cell::opt(self.nash_countries[k], 3),
                Cell::opt(self.peak.as_ref().and_then(|(_, c)| c[k]), 3),
            ]);
        }
        let mut report = Report::of(&output).with_table(t).with_table(w);
        for n in &output.notes {
            report = report.with_note(n.clone());
        }
        report
    }
}
