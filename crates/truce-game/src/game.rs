//! The one interface every model family implements to be played: instruments, payoffs and
//! payoff gradients.

use serde::Serialize;
use truce_solve::linalg::BlockLowRank;

/// One policy instrument: who controls it, what it is, and its bounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instrument {
    /// Index of the player (government) who sets it.
    pub owner: usize,
    /// What it is, in words: e.g. `USA tariff on CHN imports, ELECTRONICS`.
    pub label: String,
    /// Short key for tables and JSON: e.g. `CHN/ELECTRONICS` (partner/sector) or `uniform`.
    pub key: String,
    /// Lower bound (a tariff of 0 = free trade).
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// A game between governments that set policy instruments in a general-equilibrium model.
///
/// An implementation turns a vector of instrument levels $x$ (one entry per [`Instrument`],
/// all players together) into every player's payoff, and gives the gradient of any player's
/// payoff with respect to any instruments. Payoffs are welfare indices relative to the game's
/// reference equilibrium (1 = no change; 1.02 = +2 %): real income, or a government objective
/// with political-economy weights.
///
/// The algorithms of this crate ([`crate::best_response()`], [`crate::nash()`],
/// [`crate::cooperate()`], [`crate::bargain()`]) need nothing else. `Clone + Send` lets them work
/// on several threads, each with its own copy (copies should share the baseline through an
/// `Arc` and keep only their own warm-start state).
pub trait Game: Clone + Send {
    /// What can go wrong evaluating the model.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Player codes (e.g. `USA`, `CHN`), in index order.
    fn players(&self) -> &[String];

    /// Every instrument, all players together, in the order of the vector $x$.
    fn instruments(&self) -> &[Instrument];

    /// Every player's payoff at $x$.
    ///
    /// # Errors
    /// When the model cannot be solved at $x$.
    fn payoffs(&mut self, x: &[f64]) -> Result<Vec<f64>, Self::Error>;

    /// Every player's payoff at $x$ (returned) and, for each player in `players`, the gradient
    /// of its payoff with respect to the instruments `wrt` (written into `grads[k]`, one entry
    /// per element of `wrt`).
    ///
    /// # Errors
    /// When the model cannot be solved at $x$ or near it.
    fn gradients(
        &mut self,
        x: &[f64],
        players: &[usize],
        wrt: &[usize],
        grads: &mut [Vec<f64>],
    ) -> Result<Vec<f64>, Self::Error>;

    /// Every player's payoff at $x$ (returned) and the gradient of $\sum_pw_pu_p$ with respect
    /// to the instruments `wrt` (into `grad`), where the weights $w$ (one per player) are
    /// computed from the payoffs by `weights`. This is what the optimisers need; the default
    /// asks [`Game::gradients`] for every player's gradient and combines them, and a model
    /// with adjoints overrides it to compute the combination at the cost of one gradient.
    ///
    /// # Errors
    /// When the model cannot be solved at $x$ or near it.
    fn weighted_gradient(
        &mut self,
        x: &[f64],
        wrt: &[usize],
        weights: &mut dyn FnMut(&[f64]) -> Vec<f64>,
        grad: &mut [f64],
    ) -> Result<Vec<f64>, Self::Error> {
        let np = self.players().len();
        let players: Vec<usize> = (0..np).collect();
        let mut grads = vec![Vec::new(); np];
        let u = self.gradients(x, &players, wrt, &mut grads)?;
        let w = weights(&u);
        grad.iter_mut().for_each(|g| *g = 0.0);
        for (p, gp) in grads.iter().enumerate() {
            if w[p] != 0.0 {
                for (g, v) in grad.iter_mut().zip(gp) {
                    *g += w[p] * v;
                }
            }
        }
        Ok(u)
    }

    /// Exact second-order information, for Newton steps that need no differencing: every
    /// player's payoff at $x$, each player's gradient with respect to the instruments `wrt`
    /// (`gradients[p][a]`), and the Hessian of $\sum_pw_pu_p$ with respect to them (row `a` is
    /// instrument `wrt[a]`), as a block-diagonal-plus-low-rank matrix
    /// ([`truce_solve::linalg::BlockLowRank`]; a model without such structure returns one
    /// dense block).
    ///
    /// The default is `Ok(None)`: the model has no analytic second derivatives, and the
    /// optimisers difference its gradients instead ([`crate::maximize_box`]).
    ///
    /// # Errors
    /// When the model cannot be solved at $x$.
    fn weighted_hessian(
        &mut self,
        x: &[f64],
        wrt: &[usize],
        weights: &[f64],
    ) -> Result<Option<SecondOrder>, Self::Error> {
        let _ = (x, wrt, weights);
        Ok(None)
    }

    /// Indices of the instruments player `p` controls.
    fn instruments_of(&self, p: usize) -> Vec<usize> {
        self.instruments()
            .iter()
            .enumerate()
            .filter(|(_, ins)| ins.owner == p)
            .map(|(k, _)| k)
            .collect()
    }

    /// Lower and upper bounds of every instrument.
    fn bounds(&self) -> (Vec<f64>, Vec<f64>) {
        (
            self.instruments().iter().map(|i| i.lower).collect(),
            self.instruments().iter().map(|i| i.upper).collect(),
        )
    }
}

/// What [`Game::weighted_hessian`] returns.
#[derive(Debug, Clone)]
pub struct SecondOrder {
    /// Every player's payoff.
    pub payoffs: Vec<f64>,
    /// `gradients[p][a]`: the derivative of player `p`'s payoff with respect to instrument
    /// `wrt[a]`.
    pub gradients: Vec<Vec<f64>>,
    /// The Hessian of $\sum_pw_pu_p$ over `wrt`.
    pub hessian: BlockLowRank,
}
