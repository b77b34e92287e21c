//! Smooth functions of the players' payoffs, as functions of (some of) the instruments.

use crate::game::Game;
use crate::optimize::Smooth;
use truce_solve::linalg::{sym_eigen, BlockLowRank};

/// A smooth function $\phi(u,e)$ of the payoffs $u$ (all players) and of a few extra free
/// variables $e$ (e.g. the common gain ω of cooperation).
pub trait PayoffFn: Clone + Send {
    /// The players whose payoffs φ depends on (their gradients are computed).
    fn players(&self) -> &[usize];
    /// Number of extra variables.
    fn n_extra(&self) -> usize;
    /// φ, with $\partial\phi/\partial u_p$ for `players()[k]` into `du[k]` and
    /// $\partial\phi/\partial e$ into `de`. May return a non-finite value outside φ's domain.
    fn eval(&self, u: &[f64], e: &[f64], du: &mut [f64], de: &mut [f64]) -> f64;

    /// Second derivatives of φ: $\partial^2\phi/\partial u^2$ over `players()` into `uu`
    /// (k × k, row-major), $\partial^2\phi/\partial u\,\partial e$ into `ue` (k × n_extra) and
    /// $\partial^2\phi/\partial e^2$ into `ee`; false if φ does not provide them (the default),
    /// in which case the optimisers difference gradients.
    fn curvature(
        &self,
        u: &[f64],
        e: &[f64],
        uu: &mut [f64],
        ue: &mut [f64],
        ee: &mut [f64],
    ) -> bool {
        let _ = (u, e, uu, ue, ee);
        false
    }
}

/// φ(u(x), e) as a [`Smooth`] function of the instruments `vars` (the others held at `base`)
/// and of the extras.
#[derive(Debug, Clone)]
pub struct PayoffObjective<G, F> {
    game: G,
    base: Vec<f64>,
    vars: Vec<usize>,
    f: F,
    x: Vec<f64>,
    du: Vec<f64>,
    de: Vec<f64>,
    /// Payoffs at the last point evaluated.
    pub last_payoffs: Vec<f64>,
    /// The last point evaluated (variables and extras).
    last_z: Vec<f64>,
}

impl<G: Game, F: PayoffFn> PayoffObjective<G, F> {
    /// φ over instruments `vars`, the rest fixed at `base`.
    pub fn new(game: G, base: Vec<f64>, vars: Vec<usize>, f: F) -> Self {
        let k = f.players().len();
        let ne = f.n_extra();
        Self {
            x: base.clone(),
            game,
            base,
            vars,
            du: vec![0.0; k],
            de: vec![0.0; ne],
            f,
            last_payoffs: Vec::new(),
            last_z: Vec::new(),
        }
    }

    /// The full instrument vector at variables `z`.
    pub fn full(&self, z: &[f64]) -> Vec<f64> {
        let mut x = self.base.clone();
        for (a, &v) in self.vars.iter().enumerate() {
            x[v] = z[a];
        }
        x
    }

    /// The game (with its warm-start state).
    pub fn game_mut(&mut self) -> &mut G {
        &mut self.game
    }

    /// The function of payoffs.
    pub fn function_mut(&mut self) -> &mut F {
        &mut self.f
    }
}

impl<G: Game, F: PayoffFn> Smooth for PayoffObjective<G, F> {
    type Error = G::Error;

    fn dim(&self) -> usize {
        self.vars.len() + self.f.n_extra()
    }

    fn eval(&mut self, z: &[f64], grad: &mut [f64]) -> Result<f64, G::Error> {
        let nv = self.vars.len();
        self.x.copy_from_slice(&self.base);
        for (a, &v) in self.vars.iter().enumerate() {
            self.x[v] = z[a];
        }
        let (f, du, de) = (&self.f, &mut self.du, &mut self.de);
        let e = &z[nv..];
        let mut value = f64::NAN;
        let u = self.game.weighted_gradient(
            &self.x,
            &self.vars,
            &mut |u: &[f64]| {
                value = f.eval(u, e, du, de);
                let mut w = vec![0.0; u.len()];
                for (k, &p) in f.players().iter().enumerate() {
                    w[p] += du[k];
                }
                w
            },
            &mut grad[..nv],
        )?;
        grad[nv..].copy_from_slice(&self.de);
        self.last_payoffs = u;
        self.last_z.clear();
        self.last_z.extend_from_slice(z);
        Ok(value)
    }

    /// The exact Hessian of φ(u(x), e) when both the game ([`Game::weighted_hessian`]) and φ
    /// ([`PayoffFn::curvature`]) give second derivatives:
    /// $\sum_p\phi_{u_p}\nabla^2u_p+J^\top\phi_{uu}J$ over the instruments (the game's
    /// structure, plus rank-one terms from the payoff Jacobian $J$), $J^\top\phi_{ue}$ across,
    /// and $\phi_{ee}$ as one dense block over the extras.
    fn hessian(&mut self, z: &[f64]) -> Result<Option<BlockLowRank>, G::Error> {
        let nv = self.vars.len();
        let ne = self.f.n_extra();
        let e = &z[nv..];
        self.x.copy_from_slice(&self.base);
        for (a, &v) in self.vars.iter().enumerate() {
            self.x[v] = z[a];
        }
        let same = self.last_z.len() == z.len()
            && self
                .last_z
                .iter()
                .zip(z)
                .all(|(a, b)| a.to_bits() == b.to_bits());
        let u = if same {
            self.last_payoffs.clone()
        } else {
            self.game.payoffs(&self.x)?
        };
        let players = self.f.players().to_vec();
        let k = players.len();
        let _ = self.f.eval(&u, e, &mut self.du, &mut self.de);
        let (mut uu, mut ue, mut ee) = (vec![0.0; k * k], vec![0.0; k * ne], vec![0.0; ne * ne]);
        if !self.f.curvature(&u, e, &mut uu, &mut ue, &mut ee) {
            return Ok(None);
        }
        let mut w = vec![0.0; u.len()];
        for (a, &p) in players.iter().enumerate() {
            w[p] += self.du[a];
        }
        let Some(so) = self.game.weighted_hessian(&self.x, &self.vars, &w)? else {
            return Ok(None);
        };
        let dim = nv + ne;
        let mut h = so.hessian.embedded(dim);
        if ne > 0 {
            h.push_block((nv..dim).collect(), ee);
        }
        // The rank-one terms of the payoff Jacobian and the extras: the small matrix
        // [[φ_uu, φ_ue], [φ_euᵀ, 0]] over the basis (J_1..J_k, e_1..e_ne), eigen-decomposed.
        let m = k + ne;
        let mut small = vec![0.0; m * m];
        for a in 0..k {
            for b in 0..k {
                small[a * m + b] = uu[a * k + b];
            }
            for x in 0..ne {
                small[a * m + k + x] = ue[a * ne + x];
                small[(k + x) * m + a] = ue[a * ne + x];
            }
        }
        // The basis normalised to unit length (and the small matrix rescaled to match), so
        // that the eigenvalue cut below is relative to comparable scales.
        let mut norms = vec![1.0; m];
        for (a, &p) in players.iter().enumerate() {
            let nj = so.gradients[p].iter().map(|v| v * v).sum::<f64>().sqrt();
            norms[a] = if nj > 0.0 { nj } else { 1.0 };
        }
        for a in 0..m {
            for b in 0..m {
                small[a * m + b] *= norms[a] * norms[b];
            }
        }
        let (vals, vecs) = sym_eigen(m, &small);
        let top = vals.iter().fold(0.0f64, |t, v| t.max(v.abs()));
        for (r, &lam) in vals.iter().enumerate() {
            if lam.abs() <= 1e-13 * top {
                continue;
            }
            let mut t = vec![0.0; dim];
            for (a, &p) in players.iter().enumerate() {
                let c = vecs[a * m + r] / norms[a];
                if c != 0.0 {
                    for (tv, gv) in t.iter_mut().zip(&so.gradients[p]) {
                        *tv += c * gv;
                    }
                }
            }
            for x in 0..ne {
                t[nv + x] += vecs[(k + x) * m + r];
            }
            h.push_term(&t, lam);
        }
        Ok(Some(h))
    }
}

/// One player's own payoff: the objective of a best response.
#[derive(Debug, Clone)]
pub struct OwnPayoff {
    player: [usize; 1],
}

impl OwnPayoff {
    /// Player `p`'s payoff.
    pub fn new(p: usize) -> Self {
        Self { player: [p] }
    }
}

impl PayoffFn for OwnPayoff {
    fn players(&self) -> &[usize] {
        &self.player
    }
    fn n_extra(&self) -> usize {
        0
    }
    fn eval(&self, u: &[f64], _e: &[f64], du: &mut [f64], _de: &mut [f64]) -> f64 {
        du[0] = 1.0;
        u[self.player[0]]
    }
    fn curvature(
        &self,
        _: &[f64],
        _: &[f64],
        uu: &mut [f64],
        _: &mut [f64],
        _: &mut [f64],
    ) -> bool {
        uu[0] = 0.0;
        true
    }
}

/// A linear function of payoffs and extras: $\sum_k a_k u_{p_k}+\sum_e b_e e_e - c$.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    /// Coefficients on the payoffs of the players listed in the enclosing problem.
    pub a: Vec<f64>,
    /// Coefficients on the extras.
    pub b: Vec<f64>,
    /// Constant subtracted.
    pub c: f64,
}

impl Linear {
    fn value(&self, u: &[f64], e: &[f64]) -> f64 {
        self.a.iter().zip(u).map(|(a, u)| a * u).sum::<f64>()
            + self.b.iter().zip(e).map(|(b, e)| b * e).sum::<f64>()
            - self.c
    }
}

/// The augmented Lagrangian of $\max o(u,e)$ s.t. $c_m(u,e)=0$, all linear:
/// $L=o+\sum_my_mc_m-\frac\rho2\sum_mc_m^2$ (Nocedal & Wright, §17.3, for a maximisation).
#[derive(Debug, Clone)]
pub struct AugmentedLagrangian {
    /// The players (payoff `k` of the linear forms is player `players[k]`).
    pub players: Vec<usize>,
    /// Number of extras.
    pub n_extra: usize,
    /// The objective.
    pub objective: Linear,
    /// The equality constraints.
    pub constraints: Vec<Linear>,
    /// Multipliers.
    pub y: Vec<f64>,
    /// Penalty.
    pub rho: f64,
}

impl AugmentedLagrangian {
    /// Constraint values at payoffs `u` (all players) and extras `e`.
    pub fn violations(&self, u: &[f64], e: &[f64]) -> Vec<f64> {
        let up: Vec<f64> = self.players.iter().map(|&p| u[p]).collect();
        self.constraints.iter().map(|c| c.value(&up, e)).collect()
    }
}

impl PayoffFn for AugmentedLagrangian {
    fn players(&self) -> &[usize] {
        &self.players
    }
    fn n_extra(&self) -> usize {
        self.n_extra
    }
    fn eval(&self, u: &[f64], e: &[f64], du: &mut [f64], de: &mut [f64]) -> f64 {
        let up: Vec<f64> = self.players.iter().map(|&p| u[p]).collect();
        let mut v = self.objective.value(&up, e);
        du.copy_from_slice(&self.objective.a);
        de.copy_from_slice(&self.objective.b);
        for (m, c) in self.constraints.iter().enumerate() {
            let cv = c.value(&up, e);
            v += self.y[m] * cv - 0.5 * self.rho * cv * cv;
            let w = self.y[m] - self.rho * cv;
            for (k, a) in c.a.iter().enumerate() {
                du[k] += w * a;
            }
            for (k, b) in c.b.iter().enumerate() {
                de[k] += w * b;
            }
        }
        v
    }

    /// $-\rho\sum_m\nabla c_m\nabla c_m^\top$ (the objective and constraints are linear).
    fn curvature(
        &self,
        _: &[f64],
        _: &[f64],
        uu: &mut [f64],
        ue: &mut [f64],
        ee: &mut [f64],
    ) -> bool {
        let (k, ne) = (self.players.len(), self.n_extra);
        uu.iter_mut().for_each(|v| *v = 0.0);
        ue.iter_mut().for_each(|v| *v = 0.0);
        ee.iter_mut().for_each(|v| *v = 0.0);
        for c in &self.constraints {
            for a in 0..k {
                for b in 0..k {
                    uu[a * k + b] -= self.rho * c.a[a] * c.a[b];
                }
                for x in 0..ne {
                    ue[a * ne + x] -= self.rho * c.a[a] * c.b[x];
                }
            }
            for x in 0..ne {
                for y in 0..ne {
                    ee[x * ne + y] -= self.rho * c.b[x] * c.b[y];
                }
            }
        }
        true
    }
}

/// The Nash product in logs: $\ln(u_0+s-d_0)+\ln(u_1-s-d_1)$, for two players with threat
/// payoffs $d$ and a side payment $s$ from player 1 to player 0.
#[derive(Debug, Clone)]
pub struct NashProduct {
    players: [usize; 2],
    /// Threat payoffs.
    pub threat: [f64; 2],
    /// Side payment from the second player to the first, in payoff units.
    pub side_payment: f64,
    /// A positive constant multiplying the function, so that its gradient has the scale of the
    /// payoffs' (e.g. the geometric mean of the gains at the starting point): the KKT
    /// tolerance then means the same as for other payoff functions.
    pub scale: f64,
}

impl NashProduct {
    /// For players `p` (two), threat `d`, side payment `s`.
    pub fn new(p: [usize; 2], d: [f64; 2], s: f64) -> Self {
        Self {
            players: p,
            threat: d,
            side_payment: s,
            scale: 1.0,
        }
    }
    /// The two gains over the threat point, side payment included.
    pub fn gains(&self, u: &[f64]) -> [f64; 2] {
        [
            u[self.players[0]] + self.side_payment - self.threat[0],
            u[self.players[1]] - self.side_payment - self.threat[1],
        ]
    }
}

impl PayoffFn for NashProduct {
    fn players(&self) -> &[usize] {
        &self.players
    }
    fn n_extra(&self) -> usize {
        0
    }
    fn eval(&self, u: &[f64], _e: &[f64], du: &mut [f64], _de: &mut [f64]) -> f64 {
        let [g0, g1] = self.gains(u);
        if g0 <= 0.0 || g1 <= 0.0 {
            du[0] = 0.0;
            du[1] = 0.0;
            return f64::NEG_INFINITY;
        }
        du[0] = self.scale / g0;
        du[1] = self.scale / g1;
        self.scale * (g0.ln() + g1.ln())
    }
    fn curvature(
        &self,
        u: &[f64],
        _: &[f64],
        uu: &mut [f64],
        _: &mut [f64],
        _: &mut [f64],
    ) -> bool {
        let [g0, g1] = self.gains(u);
        if g0 <= 0.0 || g1 <= 0.0 {
            return false;
        }
        uu.copy_from_slice(&[-self.scale / (g0 * g0), 0.0, 0.0, -self.scale / (g1 * g1)]);
        true
    }
}

/// A weighted sum of log payoffs, $w\ln u_0+(1-w)\ln u_1$: maximised over the instruments it
/// gives a point of the Pareto frontier (the one where the frontier's slope is
/// $-\frac{w/u_0}{(1-w)/u_1}$).
#[derive(Debug, Clone)]
pub struct WeightedLog {
    players: [usize; 2],
    /// Weight of the first player, in (0, 1).
    pub weight: f64,
}

impl WeightedLog {
    /// For players `p`, weight `w` on the first.
    pub fn new(p: [usize; 2], w: f64) -> Self {
        Self {
            players: p,
            weight: w,
        }
    }
}

impl PayoffFn for WeightedLog {
    fn players(&self) -> &[usize] {
        &self.players
    }
    fn n_extra(&self) -> usize {
        0
    }
    fn eval(&self, u: &[f64], _e: &[f64], du: &mut [f64], _de: &mut [f64]) -> f64 {
        let (u0, u1) = (u[self.players[0]], u[self.players[1]]);
        if u0 <= 0.0 || u1 <= 0.0 {
            du[0] = 0.0;
            du[1] = 0.0;
            return f64::NEG_INFINITY;
        }
        du[0] = self.weight / u0;
        du[1] = (1.0 - self.weight) / u1;
        self.weight * u0.ln() + (1.0 - self.weight) * u1.ln()
    }
    fn curvature(
        &self,
        u: &[f64],
        _: &[f64],
        uu: &mut [f64],
        _: &mut [f64],
        _: &mut [f64],
    ) -> bool {
        let (u0, u1) = (u[self.players[0]], u[self.players[1]]);
        if u0 <= 0.0 || u1 <= 0.0 {
            return false;
        }
        uu.copy_from_slice(&[
            -self.weight / (u0 * u0),
            0.0,
            0.0,
            -(1.0 - self.weight) / (u1 * u1),
        ]);
        true
    }
}
