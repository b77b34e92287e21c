//! Efficient policies under equality constraints on payoffs: cooperative tariffs with equal
//! welfare gains (Ossa2014 spec §8), and the points of a bargaining frontier. Solved by an
//! augmented Lagrangian method whose bound-constrained subproblems use [`maximize_box`].

use crate::game::Game;
use crate::objective::{AugmentedLagrangian, Linear, PayoffObjective};
use crate::optimize::{maximize_box, BoxOptions};
use serde::Serialize;
use truce_solve::{Control, Iterate, NoObserver, Observer, Termination};

/// Knobs of the augmented Lagrangian method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoopOptions {
    /// The bound-constrained subproblem search.
    pub inner: BoxOptions,
    /// An optional cheaper search run before `inner` on each subproblem (e.g. L-BFGS to a loose
    /// tolerance, then Newton to a tight one).
    pub warmup: Option<BoxOptions>,
    /// Converged when every constraint holds to this (payoff units: 1e-9 = 10⁻⁷ pp).
    pub constraint_tol: f64,
    /// Outer-iteration cap.
    pub max_outer: usize,
    /// Initial penalty ρ.
    pub rho: f64,
    /// Largest penalty.
    pub rho_max: f64,
    /// KKT tolerance of the first subproblem; each later one is ten times tighter, down to
    /// `inner.kkt_tol` (early subproblems, solved with rough multipliers, need no precision).
    pub first_inner_tol: f64,
}

impl Default for CoopOptions {
    fn default() -> Self {
        Self {
            inner: BoxOptions::default(),
            warmup: None,
            constraint_tol: 1e-9,
            max_outer: 30,
            rho: 1e2,
            rho_max: 1e9,
            first_inner_tol: 1e-5,
        }
    }
}

/// The solution of a constrained problem over all instruments.
#[derive(Debug, Clone, PartialEq)]
pub struct Constrained {
    /// The instrument profile.
    pub x: Vec<f64>,
    /// The extra variables (ω for equal gains).
    pub extra: Vec<f64>,
    /// Every player's payoff at `x`.
    pub payoffs: Vec<f64>,
    /// Lagrange multipliers of the constraints.
    pub multipliers: Vec<f64>,
    /// Largest constraint violation.
    pub constraint_violation: f64,
    /// KKT residual of the last subproblem.
    pub kkt_residual: f64,
    /// Converged when both the constraints and the last subproblem met their tolerances.
    pub termination: Termination,
    /// Outer iterations.
    pub outer_iterations: usize,
    /// Evaluations, all subproblems together.
    pub evaluations: usize,
}

/// Forwards the subproblems' iterates to the caller's observer, so that a progress display
/// moves during long subproblems; a request to stop ends the subproblem (the outer loop then
/// stops at its next check).
struct Inner<'a, O: Observer + ?Sized>(&'a mut O);

impl<O: Observer + ?Sized> Observer for Inner<'_, O> {
    fn observe(&mut self, it: &Iterate) -> Control {
        self.0.observe(it)
    }
}

/// Maximise a linear function of payoffs and extras subject to linear equality constraints
/// in them, over all instruments within their bounds and free extras, from `x0`/`e0`, with
/// initial multipliers `y0`. After each outer iteration `observer` sees the constraint
/// violation.
///
/// # Errors
/// When the model cannot be solved at a point the search visits.
#[allow(clippy::too_many_arguments)]
pub fn maximize_constrained<G: Game, O: Observer + ?Sized>(
    game: &G,
    players: Vec<usize>,
    objective: Linear,
    constraints: Vec<Linear>,
    x0: &[f64],
    e0: &[f64],
    y0: Vec<f64>,
    opts: &CoopOptions,
    observer: &mut O,
) -> Result<Constrained, G::Error> {
    let n = game.instruments().len();
    let ne = e0.len();
    let (mut lo, mut hi) = game.bounds();
    lo.extend(std::iter::repeat_n(f64::NEG_INFINITY, ne));
    hi.extend(std::iter::repeat_n(f64::INFINITY, ne));
    let al = AugmentedLagrangian {
        players,
        n_extra: ne,
        objective,
        constraints,
        y: y0,
        rho: opts.rho,
    };
    let mut obj = PayoffObjective::new(game.clone(), x0.to_vec(), (0..n).collect(), al);
    let mut z: Vec<f64> = x0.iter().chain(e0).copied().collect();
    let mut prev_violation = f64::INFINITY;
    let mut evaluations = 0;
    let mut last = None;
    let mut termination = Termination::MaxIters;
    let mut outer = 0;
    let mut inner = opts.inner.clone();
    inner.kkt_tol = opts.first_inner_tol.max(opts.inner.kkt_tol);
    for it in 1..=opts.max_outer {
        outer = it;
        if let Some(w) = &opts.warmup {
            let r = maximize_box(&mut obj, &z, &lo, &hi, w, &mut NoObserver)?;
            evaluations += r.evaluations;
            z.clone_from(&r.x);
        }
        let r = maximize_box(&mut obj, &z, &lo, &hi, &inner, &mut Inner(observer))?;
        evaluations += r.evaluations;
        z.clone_from(&r.x);
        let final_inner = inner.kkt_tol <= opts.inner.kkt_tol;
        let mut g = vec![0.0; z.len()];
        // Payoffs at the subproblem's solution.
        let _ = crate::optimize::Smooth::eval(&mut obj, &z, &mut g)?;
        let u = obj.last_payoffs.clone();
        let c = obj.function_mut().violations(&u, &z[n..]);
        let violation = c.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let inner_ok =
            final_inner && (r.kkt_residual <= opts.inner.kkt_tol || r.termination.is_converged());
        last = Some((r, u, violation));
        if observer.observe(&Iterate {
            iteration: it,
            residual: violation,
            tol: opts.constraint_tol,
        }) == Control::Stop
        {
            termination = Termination::Cancelled;
            break;
        }
        if violation <= opts.constraint_tol && inner_ok {
            termination = Termination::Converged;
            break;
        }
        inner.kkt_tol = (inner.kkt_tol * 0.1).max(opts.inner.kkt_tol);
        let al = obj.function_mut();
        for (y, cv) in al.y.iter_mut().zip(&c) {
            *y -= al.rho * cv;
        }
        if violation > 0.25 * prev_violation {
            al.rho = (al.rho * 10.0).min(opts.rho_max);
        }
        prev_violation = violation;
    }
    let (r, u, violation) = last.expect("at least one outer iteration");
    let al = obj.function_mut();
    Ok(Constrained {
        x: z[..n].to_vec(),
        extra: z[n..].to_vec(),
        payoffs: u,
        multipliers: al.y.clone(),
        constraint_violation: violation,
        kkt_residual: r.kkt_residual,
        termination,
        outer_iterations: outer,
        evaluations,
    })
}

/// Cooperative policy with equal welfare gains (Ossa2014 spec §8):
/// $\max_{x,\omega}\omega$ s.t. $u_j(x)/u^{ref}_j=\omega$ for every player, $x$ within its
/// bounds, from `x0`. `reference` holds the payoffs gains are measured against (for Ossa's
/// re-based games, ones). `weights` is a first guess of the Pareto weights that support the
/// solution (normalised to sum to one; default equal weights; for equal percentage gains,
/// income shares are a good guess). The common gain is `extra[0]`; the multipliers are the
/// Pareto weights.
///
/// # Errors
/// When the model cannot be solved at a point the search visits.
pub fn cooperate<G: Game, O: Observer + ?Sized>(
    game: &G,
    x0: &[f64],
    reference: &[f64],
    weights: Option<&[f64]>,
    opts: &CoopOptions,
    observer: &mut O,
) -> Result<Constrained, G::Error> {
    let np = game.players().len();
    let mut g = game.clone();
    let u0 = g.payoffs(x0)?;
    let omega0 = (0..np)
        .map(|j| u0[j] / reference[j])
        .fold(f64::INFINITY, f64::min);
    let constraints = (0..np)
        .map(|j| {
            let mut a = vec![0.0; np];
            a[j] = 1.0 / reference[j];
            Linear {
                a,
                b: vec![-1.0],
                c: 0.0,
            }
        })
        .collect();
    let objective = Linear {
        a: vec![0.0; np],
        b: vec![1.0],
        c: 0.0,
    };
    maximize_constrained(
        game,
        (0..np).collect(),
        objective,
        constraints,
        x0,
        &[omega0],
        match weights {
            Some(w) => {
                let sum: f64 = w.iter().sum();
                w.iter().map(|v| v / sum).collect()
            }
            None => vec![1.0 / np as f64; np],
        },
        opts,
        observer,
    )
}
