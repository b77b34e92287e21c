//! Ossa (2014) as a [`Game`]: every government sets its import tariffs on every partner in
//! every industry; payoffs are the government objective $\hat G_j$ (or real income); gradients
//! are exact, by the adjoint method (Ossa2014 spec §10).

use crate::game::{Game, Instrument, SecondOrder};
use std::sync::Arc;
use truce_ossa::{
    payoff_gradient, payoffs, solve_in, weighted_gradient, weighted_hessian, Lambda, Measure,
    NewtonParams, OssaError, Solution, State, Workspace,
};
use truce_solve::NoObserver;

/// Which payoff the governments maximise.
#[derive(Debug, Clone, PartialEq)]
pub enum OssaPayoff {
    /// The government objective with these weights (λ ≡ 1: Ossa's basic version).
    Government(Arc<Lambda>),
    /// Real income $\hat W_j$.
    RealIncome,
}

/// The tariff game of Ossa (2014) on one data state.
///
/// Instruments are all $N(N-1)S$ off-diagonal tariffs $t'_{ijs}$, owned by the importer $j$,
/// ordered by importer, then industry, then exporter. Payoffs are relative to the state the
/// game is built on (solved with $NX'=0$, as every counterfactual of the paper).
#[derive(Debug, Clone)]
pub struct OssaGame {
    state: Arc<State>,
    payoff: OssaPayoff,
    players: Vec<String>,
    instruments: Vec<Instrument>,
    /// Cube index of each instrument.
    cells: Vec<usize>,
    newton: NewtonParams,
    warm: Option<Vec<f64>>,
    /// The last solve and the instruments it was at (Hessians reuse it).
    last: Option<(Vec<f64>, Solution)>,
    ws: Workspace,
    cube: Vec<f64>,
    nx: Vec<f64>,
    grad: Vec<f64>,
}

impl OssaGame {
    /// The game on `state` with tariffs bounded to `[lower, upper]` (the paper: [0, 10]).
    ///
    /// # Panics
    /// If `lower` is not above −1 or `upper` is below `lower` (a programming error: tariffs are
    /// fractions above −100 %).
    pub fn new(state: Arc<State>, payoff: OssaPayoff, lower: f64, upper: f64) -> Self {
        assert!(lower > -1.0 && upper >= lower && upper.is_finite());
        let d = state.dims();
        let mut instruments = Vec::with_capacity(d.n * (d.n - 1) * d.s);
        let mut cells = Vec::with_capacity(instruments.capacity());
        for j in 0..d.n {
            for s in 0..d.s {
                for i in (0..d.n).filter(|&i| i != j) {
                    let (imp, exp, ind) = (
                        &state.regions()[j],
                        &state.regions()[i],
                        &state.industries()[s],
                    );
                    instruments.push(Instrument {
                        owner: j,
                        label: format!("{imp} tariff on imports from {exp}, {ind}"),
                        key: format!("{exp}/{ind}"),
                        lower,
                        upper,
                    });
                    cells.push(d.ijs(i, j, s));
                }
            }
        }
        Self {
            players: state.regions().to_vec(),
            payoff,
            instruments,
            cells,
            newton: NewtonParams {
                tol: 1e-13,
                max_iter: 60,
                min_iter: 1,
            },
            warm: None,
            last: None,
            ws: Workspace::new(&state),
            cube: vec![0.0; d.cube_len()],
            nx: vec![0.0; d.n],
            grad: vec![0.0; d.cube_len()],
            state,
        }
    }

    /// The state the game is played on.
    pub fn state(&self) -> &Arc<State> {
        &self.state
    }

    /// The payoff.
    pub fn payoff(&self) -> &OssaPayoff {
        &self.payoff
    }

    /// (exporter, importer, industry) of instrument `k`.
    pub fn cell(&self, k: usize) -> (usize, usize, usize) {
        let d = self.state.dims();
        let c = self.cells[k];
        (c % d.n, (c / d.n) % d.n, c / (d.n * d.n))
    }

    /// The instrument vector of a full tariff cube ([`truce_ossa::OssaDims::ijs`]).
    pub fn profile_of(&self, cube: &[f64]) -> Vec<f64> {
        self.cells.iter().map(|&c| cube[c]).collect()
    }

    /// The full tariff cube of an instrument vector (diagonal 0).
    pub fn cube_of(&self, x: &[f64]) -> Vec<f64> {
        let mut t = vec![0.0; self.state.dims().cube_len()];
        for (k, &c) in self.cells.iter().enumerate() {
            t[c] = x[k];
        }
        t
    }

    /// Solve the equilibrium at instrument vector `x` (warm-started from the last solve).
    ///
    /// # Errors
    /// If the equilibrium does not solve.
    pub fn solve(&mut self, x: &[f64]) -> Result<Solution, OssaError> {
        for (k, &c) in self.cells.iter().enumerate() {
            self.cube[c] = x[k];
        }
        let guess = self.warm.take();
        let (st, ws, cube, nx, newton) = (
            &self.state,
            &mut self.ws,
            &self.cube,
            &self.nx,
            &self.newton,
        );
        let sol = match solve_in(st, ws, cube, nx, guess.as_deref(), newton, &mut NoObserver) {
            Ok(s) => s,
            // A warm start far from a new point can fail where a cold start succeeds.
            Err(_) if guess.is_some() => solve_in(st, ws, cube, nx, None, newton, &mut NoObserver)?,
            Err(e) => return Err(e),
        };
        self.warm = Some(sol.unknowns());
        Ok(sol)
    }

    /// Remember the solve at `x` for a Hessian at the same point.
    fn keep(&mut self, x: &[f64], sol: Solution) {
        match &mut self.last {
            Some((at, slot)) => {
                at.clear();
                at.extend_from_slice(x);
                *slot = sol;
            }
            None => self.last = Some((x.to_vec(), sol)),
        }
    }

    fn measure(&self) -> Measure<'_> {
        match &self.payoff {
            OssaPayoff::Government(l) => Measure::Government(l),
            OssaPayoff::RealIncome => Measure::RealIncome,
        }
    }
}

impl Game for OssaGame {
    type Error = OssaError;

    fn players(&self) -> &[String] {
        &self.players
    }

    fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    fn payoffs(&mut self, x: &[f64]) -> Result<Vec<f64>, OssaError> {
        let sol = self.solve(x)?;
        let u = payoffs(&self.state, &sol, self.measure());
        self.keep(x, sol);
        Ok(u)
    }

    fn gradients(
        &mut self,
        x: &[f64],
        players: &[usize],
        wrt: &[usize],
        grads: &mut [Vec<f64>],
    ) -> Result<Vec<f64>, OssaError> {
        let sol = self.solve(x)?;
        let u = payoffs(&self.state, &sol, self.measure());
        for (k, &p) in players.iter().enumerate() {
            let measure = match &self.payoff {
                OssaPayoff::Government(l) => Measure::Government(l),
                OssaPayoff::RealIncome => Measure::RealIncome,
            };
            payoff_gradient(&self.state, &sol, measure, p, &mut self.grad);
            let out = &mut grads[k];
            out.resize(wrt.len(), 0.0);
            for (a, &w) in wrt.iter().enumerate() {
                out[a] = self.grad[self.cells[w]];
            }
        }
        self.keep(x, sol);
        Ok(u)
    }

    fn weighted_gradient(
        &mut self,
        x: &[f64],
        wrt: &[usize],
        weights: &mut dyn FnMut(&[f64]) -> Vec<f64>,
        grad: &mut [f64],
    ) -> Result<Vec<f64>, OssaError> {
        let sol = self.solve(x)?;
        let u = payoffs(&self.state, &sol, self.measure());
        let w = weights(&u);
        let measure = match &self.payoff {
            OssaPayoff::Government(l) => Measure::Government(l),
            OssaPayoff::RealIncome => Measure::RealIncome,
        };
        weighted_gradient(&self.state, &sol, measure, &u, &w, &mut self.grad);
        for (a, &k) in wrt.iter().enumerate() {
            grad[a] = self.grad[self.cells[k]];
        }
        self.keep(x, sol);
        Ok(u)
    }

    /// Exact, by forward-over-reverse differentiation of the adjoint
    /// ([`truce_ossa::weighted_hessian`]): one block per importer–industry pair of `wrt`
    /// and about 60 rank-one terms.
    fn weighted_hessian(
        &mut self,
        x: &[f64],
        wrt: &[usize],
        weights: &[f64],
    ) -> Result<Option<SecondOrder>, OssaError> {
        let sol = match self.last.take() {
            Some((at, sol))
                if at.len() == x.len()
                    && at.iter().zip(x).all(|(a, b)| a.to_bits() == b.to_bits()) =>
            {
                sol
            }
            _ => self.solve(x)?,
        };
        let cells: Vec<usize> = wrt.iter().map(|&k| self.cells[k]).collect();
        let measure = match &self.payoff {
            OssaPayoff::Government(l) => Measure::Government(l),
            OssaPayoff::RealIncome => Measure::RealIncome,
        };
        let ph = weighted_hessian(&self.state, &sol, measure, weights, &cells);
        self.keep(x, sol);
        Ok(Some(SecondOrder {
            payoffs: ph.payoffs,
            gradients: ph.gradients,
            hessian: ph.hessian,
        }))
    }
}
