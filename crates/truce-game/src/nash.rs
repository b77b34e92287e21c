//! Nash equilibrium (the trade war): iterated best responses (Ossa2014 spec §7).

use crate::best_response::{best_response, first_order_residual, BestResponse, SearchSummary};
use crate::game::Game;
use crate::optimize::BoxOptions;
use rayon::prelude::*;
use serde::Serialize;
use std::time::Instant;
use truce_solve::{Control, Info, Iterate, NoObserver, NotConverged, Observer, Termination};

/// How the players move in each round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// All players respond to last round's profile at once, in parallel (Ossa's scheme).
    Jacobi,
    /// Players respond in turn, each to the latest profile.
    GaussSeidel,
}

/// Knobs of [`nash()`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NashOptions {
    /// The best-response search.
    pub best_response: BoxOptions,
    /// Converged when no instrument moves by more than this in a round.
    pub tol: f64,
    /// Round cap.
    pub max_rounds: usize,
    /// Stalled when the largest move has not fallen below its best value for this many rounds.
    pub stall_rounds: usize,
    /// Move scheme.
    pub scheme: Scheme,
}

impl Default for NashOptions {
    fn default() -> Self {
        Self {
            best_response: BoxOptions::default(),
            tol: 1e-6,
            max_rounds: 50,
            stall_rounds: 6,
            scheme: Scheme::Jacobi,
        }
    }
}

/// A Nash equilibrium (or the last round of the search for one), with its diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct NashResult {
    /// The instrument profile.
    pub x: Vec<f64>,
    /// Every player's payoff at `x`.
    pub payoffs: Vec<f64>,
    /// How the rounds ended, in truce-solve's vocabulary: [`Termination::Converged`] when the
    /// largest move of the last round was at most the tolerance, [`Termination::MaxIters`] at
    /// the round cap, [`Termination::Stalled`] when the largest move stopped falling,
    /// [`Termination::Cancelled`] when an observer asked to stop. `iterations` counts rounds,
    /// `residual` is the last round's largest move.
    pub info: Info,
    /// max |Δx| of each round.
    pub max_change: Vec<f64>,
    /// Each player's first-order (KKT) residual at `x`: how far its instruments are from a best
    /// response to the others'.
    pub kkt_residuals: Vec<f64>,
    /// Each player's last best-response search.
    pub last_searches: Vec<SearchSummary>,
}

impl NashResult {
    /// max |Δx| in the last round (∞ before any round).
    pub fn last_change(&self) -> f64 {
        self.max_change.last().copied().unwrap_or(f64::INFINITY)
    }

    /// Rounds taken.
    pub fn rounds(&self) -> usize {
        self.info.iterations
    }

    /// `Ok(self)` for a converged war; otherwise truce-solve's [`NotConverged`] with the last
    /// round's largest move as the residual against `tol` (the [`NashOptions::tol`] used).
    ///
    /// # Errors
    /// [`NotConverged`] unless the rounds converged.
    pub fn require_converged(self, tol: f64) -> Result<Self, NotConverged> {
        self.info.clone().require_converged(
            tol,
            "the best responses did not settle: raise the round limit, or start from other \
             tariffs (Nash equilibria of tariff games need not be unique)",
        )?;
        Ok(self)
    }
}

/// Search for a Nash equilibrium by iterated best responses from `x0`: in each round every
/// player maximises its own payoff over its own instruments, the others' held at the previous
/// round's levels (Jacobi, players in parallel) or at the latest levels (Gauss–Seidel); each
/// search starts from the player's current levels. After every round `observer` sees the
/// round number and the largest move.
///
/// A search that ends without converging is not an error here: see [`NashResult::info`] and
/// [`NashResult::require_converged`] (pipelines turn it into truce-solve's [`NotConverged`]).
///
/// # Errors
/// When the model cannot be solved at a point a search visits.
pub fn nash<G: Game + Sync, O: Observer + ?Sized>(
    game: &G,
    x0: &[f64],
    opts: &NashOptions,
    observer: &mut O,
) -> Result<NashResult, G::Error> {
    let start = Instant::now();
    let np = game.players().len();
    let mut x = x0.to_vec();
    let mut history = Vec::new();
    let mut last: Vec<SearchSummary> = Vec::new();
    let mut best = f64::INFINITY;
    let mut best_round = 0;
    let mut status = Termination::MaxIters;
    let mut rounds = 0;
    for round in 1..=opts.max_rounds {
        rounds = round;
        let responses: Vec<BestResponse> = match opts.scheme {
            Scheme::Jacobi => {
                let xr = &x;
                (0..np)
                    .into_par_iter()
                    .map(|p| best_response(game, xr, p, None, &opts.best_response, &mut NoObserver))
                    .collect::<Result<_, _>>()?
            }
            Scheme::GaussSeidel => {
                let mut out = Vec::with_capacity(np);
                let mut xg = x.clone();
                for p in 0..np {
                    let br =
                        best_response(game, &xg, p, None, &opts.best_response, &mut NoObserver)?;
                    br.apply(&mut xg);
                    out.push(br);
                }
                out
            }
        };
        let mut next = x.clone();
        for br in &responses {
            br.apply(&mut next);
        }
        let change = next
            .iter()
            .zip(&x)
            .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
        x = next;
        history.push(change);
        last = responses.iter().map(BestResponse::summary).collect();
        if observer.observe(&Iterate {
            iteration: round,
            residual: change,
            tol: opts.tol,
        }) == Control::Stop
        {
            status = Termination::Cancelled;
            break;
        }
        if change <= opts.tol {
            status = Termination::Converged;
            break;
        }
        if change < best {
            best = change;
            best_round = round;
        } else if round - best_round >= opts.stall_rounds {
            status = Termination::Stalled;
            break;
        }
    }
    let mut g = game.clone();
    let mut kkt = Vec::with_capacity(np);
    let mut payoffs = Vec::new();
    for p in 0..np {
        let (r, _) = first_order_residual(&mut g, &x, p)?;
        kkt.push(r);
    }
    if payoffs.is_empty() {
        payoffs = g.payoffs(&x)?;
    }
    let info = Info {
        termination: status,
        iterations: rounds,
        residual: history.last().copied().unwrap_or(f64::INFINITY),
        elapsed: start.elapsed(),
    };
    Ok(NashResult {
        x,
        payoffs,
        info,
        max_change: history,
        kkt_residuals: kkt,
        last_searches: last,
    })
}
