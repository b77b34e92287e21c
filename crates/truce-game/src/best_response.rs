//! Optimal tariffs: one government's best response, everyone else's policy fixed
//! (Ossa2014 spec §6).

use crate::game::Game;
use crate::objective::{OwnPayoff, PayoffObjective};
use crate::optimize::{kkt_residual, maximize_box, BoxOptions};
use serde::Serialize;
use truce_solve::{Observer, Termination};

/// One government's best response.
#[derive(Debug, Clone, PartialEq)]
pub struct BestResponse {
    /// The player.
    pub player: usize,
    /// Its instrument indices (into the game's instrument vector).
    pub instruments: Vec<usize>,
    /// The optimal levels of those instruments.
    pub levels: Vec<f64>,
    /// Its payoff at the optimum.
    pub payoff: f64,
    /// Gradient of its payoff with respect to its instruments at the optimum.
    pub gradient: Vec<f64>,
    /// KKT residual: ∞-norm of the projected gradient (0 at an exact optimum: the gradient
    /// vanishes on interior instruments and points out of the box on instruments at a bound).
    pub kkt_residual: f64,
    /// How the search ended.
    pub termination: Termination,
    /// Iterations.
    pub iterations: usize,
    /// Payoff evaluations (with gradients).
    pub evaluations: usize,
}

/// Summary of a search's end, for reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchSummary {
    /// `converged`, `max_iters`, `stalled`, …
    pub termination: String,
    /// KKT residual.
    pub kkt_residual: f64,
    /// Iterations.
    pub iterations: usize,
    /// Evaluations.
    pub evaluations: usize,
}

impl BestResponse {
    /// The end of the search in a serialisable form.
    pub fn summary(&self) -> SearchSummary {
        SearchSummary {
            termination: self.termination.as_str().to_string(),
            kkt_residual: self.kkt_residual,
            iterations: self.iterations,
            evaluations: self.evaluations,
        }
    }

    /// Write the optimal levels into a full instrument vector.
    pub fn apply(&self, x: &mut [f64]) {
        for (a, &k) in self.instruments.iter().enumerate() {
            x[k] = self.levels[a];
        }
    }
}

/// Player `player`'s optimal instruments against `profile` (a full instrument vector; the other
/// players' entries stay fixed), searched from `start` (its own instruments; default: its
/// entries of `profile`) within the instruments' bounds.
///
/// # Errors
/// When the model cannot be solved at a point the search visits.
///
/// # Panics
/// If `profile` or `start` have the wrong length (a programming error).
pub fn best_response<G: Game, O: Observer + ?Sized>(
    game: &G,
    profile: &[f64],
    player: usize,
    start: Option<&[f64]>,
    opts: &BoxOptions,
    observer: &mut O,
) -> Result<BestResponse, G::Error> {
    assert_eq!(profile.len(), game.instruments().len());
    let own = game.instruments_of(player);
    let (lo_all, hi_all) = game.bounds();
    let lo: Vec<f64> = own.iter().map(|&k| lo_all[k]).collect();
    let hi: Vec<f64> = own.iter().map(|&k| hi_all[k]).collect();
    let z0: Vec<f64> = match start {
        Some(s) => {
            assert_eq!(s.len(), own.len());
            s.to_vec()
        }
        None => own.iter().map(|&k| profile[k]).collect(),
    };
    let mut obj = PayoffObjective::new(
        game.clone(),
        profile.to_vec(),
        own.clone(),
        OwnPayoff::new(player),
    );
    let r = maximize_box(&mut obj, &z0, &lo, &hi, opts, observer)?;
    Ok(BestResponse {
        player,
        instruments: own,
        levels: r.x,
        payoff: r.value,
        gradient: r.gradient,
        kkt_residual: r.kkt_residual,
        termination: r.termination,
        iterations: r.iterations,
        evaluations: r.evaluations,
    })
}

/// First-order residual of player `p` at `profile`: the KKT residual of its best-response
/// problem there, and its payoff (0 residual: `profile` already is a best response).
///
/// # Errors
/// When the model cannot be solved at `profile`.
pub fn first_order_residual<G: Game>(
    game: &mut G,
    profile: &[f64],
    p: usize,
) -> Result<(f64, f64), G::Error> {
    let own = game.instruments_of(p);
    let mut grads = vec![Vec::new()];
    let u = game.gradients(profile, &[p], &own, &mut grads)?;
    let (lo_all, hi_all) = game.bounds();
    let z: Vec<f64> = own.iter().map(|&k| profile[k]).collect();
    let lo: Vec<f64> = own.iter().map(|&k| lo_all[k]).collect();
    let hi: Vec<f64> = own.iter().map(|&k| hi_all[k]).collect();
    Ok((kkt_residual(&z, &grads[0], &lo, &hi), u[p]))
}
