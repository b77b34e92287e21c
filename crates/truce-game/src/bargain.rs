//! Two-player bargaining: the Pareto frontier above a threat point and the Nash bargaining
//! solution, with an optional exogenous side payment.

use crate::game::Game;
use crate::objective::{NashProduct, PayoffFn, PayoffObjective, WeightedLog};
use crate::optimize::{maximize_box, BoxOptions};
use serde::Serialize;
use truce_solve::{Control, Iterate, NoObserver, Observer, Termination};

/// Knobs of [`bargain()`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BargainOptions {
    /// Interior points of the frontier (the two ends are added).
    pub points: usize,
    /// Side payment from the second player to the first, in payoff units (0.01 = one welfare
    /// point), for issues outside the game: it shifts the Nash bargaining solution along the
    /// frontier; the frontier itself is reported without it.
    pub side_payment: f64,
    /// The box-constrained searches (frontier points and the solution).
    pub search: BoxOptions,
    /// An end of the frontier is accepted when the player held to its threat payoff is within
    /// this of it (payoff units; 1e-6 = 10⁻⁴ welfare points).
    pub end_tol: f64,
    /// Cap on the searches spent locating each end.
    pub end_max_searches: usize,
}

impl Default for BargainOptions {
    fn default() -> Self {
        Self {
            points: 7,
            side_payment: 0.0,
            search: BoxOptions::default(),
            end_tol: 1e-6,
            end_max_searches: 20,
        }
    }
}

/// A point of the frontier (or the solution).
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    /// The instrument profile.
    pub x: Vec<f64>,
    /// The two payoffs (without side payment).
    pub payoffs: [f64; 2],
    /// How its search ended.
    pub termination: Termination,
    /// KKT residual of its search (for the ends, of the last subproblem).
    pub kkt_residual: f64,
    /// Iterations of its search.
    pub iterations: usize,
}

/// The bargaining problem solved.
#[derive(Debug, Clone, PartialEq)]
pub struct Bargain {
    /// Threat payoffs.
    pub threat: [f64; 2],
    /// Side payment from the second player to the first (payoff units).
    pub side_payment: f64,
    /// The frontier where both players do at least as well as at the threat point, ordered by
    /// the first player's payoff, decreasing: the first player's best point (the second at its
    /// threat payoff, or above it when even the first player's unconstrained best leaves the
    /// second better off), interior points, the second player's best point.
    pub frontier: Vec<FrontierPoint>,
    /// The Nash bargaining solution, $\arg\max(u_0+s-d_0)(u_1-s-d_1)$ over all instruments;
    /// `None` when no traced point leaves both players better off than at the threat point
    /// after the side payment.
    pub solution: Option<FrontierPoint>,
}

fn box_point<G: Game, F: PayoffFn>(
    game: &G,
    f: F,
    x0: &[f64],
    opts: &BoxOptions,
) -> Result<FrontierPoint, G::Error> {
    let n = game.instruments().len();
    let mut obj = PayoffObjective::new(game.clone(), x0.to_vec(), (0..n).collect(), f);
    let (lo, hi) = game.bounds();
    let r = maximize_box(&mut obj, x0, &lo, &hi, opts, &mut NoObserver)?;
    let u = game.clone().payoffs(&r.x)?;
    Ok(FrontierPoint {
        x: r.x,
        payoffs: [u[0], u[1]],
        termination: r.termination,
        kkt_residual: r.kkt_residual,
        iterations: r.iterations,
    })
}

/// The weight $w=1/(1+e^{-z})$ of the first player at log-odds $z$.
fn weight(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Trace the bargaining frontier of a two-player game above the threat payoffs `threat` and find
/// the Nash bargaining solution, starting from the profile `x_start` (e.g. the threat profile).
///
/// Frontier points maximise $w\ln u_0+(1-w)\ln u_1$ over all instruments for a weight $w$
/// (a box-constrained search, warm-started from the nearest point already found). Each end of
/// the frontier, where one player is held to its threat payoff, is located by a bracketing
/// secant search on the weight's log-odds; the interior points take weights evenly spaced
/// between the ends'. The solution maximises the Nash product directly, from the traced point
/// with the largest product, so it does not depend on how finely the frontier is traced. Where
/// the frontier is not concave only its concave hull is traced (weighted sums cannot reach the
/// rest). `observer` sees one iterate per search.
///
/// # Errors
/// When the model cannot be solved at a point a search visits.
///
/// # Panics
/// If the game does not have exactly two players (a programming error).
pub fn bargain<G: Game, O: Observer + ?Sized>(
    game: &G,
    threat: [f64; 2],
    x_start: &[f64],
    opts: &BargainOptions,
    observer: &mut O,
) -> Result<Bargain, G::Error> {
    assert_eq!(
        game.players().len(),
        2,
        "bargaining needs exactly two players"
    );
    let mut searches = 0usize;
    let cancelled = std::cell::Cell::new(false);
    let mut traced: Vec<(f64, FrontierPoint)> = Vec::new();
    // A frontier point at log-odds z, warm-started from the traced point of nearest weight.
    let mut at =
        |z: f64, traced: &mut Vec<(f64, FrontierPoint)>| -> Result<FrontierPoint, G::Error> {
            let x0 = traced
                .iter()
                .min_by(|a, b| (a.0 - z).abs().total_cmp(&(b.0 - z).abs()))
                .map(|(_, p)| p.x.clone())
                .unwrap_or_else(|| x_start.to_vec());
            let p = box_point(game, WeightedLog::new([0, 1], weight(z)), &x0, &opts.search)?;
            traced.push((z, p.clone()));
            searches += 1;
            if observer.observe(&Iterate {
                iteration: searches,
                residual: weight(z),
                tol: opts.end_tol,
            }) == Control::Stop
            {
                cancelled.set(true);
            }
            Ok(p)
        };
    // A point inside the bargaining set: from equal weights, move the weight towards the player
    // that falls short of its threat payoff.
    let inside = |u: &[f64; 2]| u[0] >= threat[0] && u[1] >= threat[1];
    let mut z_in = 0.0;
    let mut p_in = at(z_in, &mut traced)?;
    let mut step = 2.0;
    let mut found = inside(&p_in.payoffs);
    for _ in 0..opts.end_max_searches {
        if found || cancelled.get() {
            break;
        }
        let dir = if p_in.payoffs[0] < threat[0] {
            1.0
        } else {
            -1.0
        };
        if p_in.payoffs[0] < threat[0] && p_in.payoffs[1] < threat[1] {
            break; // the threat point is not dominated by this efficient point
        }
        z_in += dir * step;
        p_in = at(z_in, &mut traced)?;
        found = inside(&p_in.payoffs);
        if !found
            && ((dir > 0.0 && p_in.payoffs[1] < threat[1])
                || (dir < 0.0 && p_in.payoffs[0] < threat[0]))
        {
            // Overshot: the set lies between the last two weights; halve the step back.
            step *= 0.5;
            z_in -= dir * step;
            p_in = at(z_in, &mut traced)?;
            found = inside(&p_in.payoffs);
        }
    }
    if !found {
        return Ok(Bargain {
            threat,
            side_payment: opts.side_payment,
            frontier: Vec::new(),
            solution: None,
        });
    }
    // Ends: player b held to its threat payoff. For the first end (b = 1) the weight on the
    // first player rises until u₁ falls to d₁.
    let mut ends = Vec::new();
    for b in [1usize, 0] {
        let dir = if b == 1 { 1.0 } else { -1.0 };
        let f = |p: &FrontierPoint| p.payoffs[b] - threat[b];
        let (mut z_a, mut f_a) = (z_in, f(&p_in));
        let mut z_b = z_in;
        let mut f_b = f_a;
        let mut best = p_in.clone();
        let mut k = 0;
        // Bracket: f ≥ 0 at z_a, f < 0 at z_b.
        let mut width = 2.0;
        // Beyond |z| = 25 (a weight within 1e-11 of 0 or 1) the frontier has reached the
        // player's unconstrained best point: the threat constraint of the other is slack there.
        while f_b >= 0.0 && k < opts.end_max_searches && !cancelled.get() && z_b.abs() < 25.0 {
            z_a = z_b;
            f_a = f_b;
            z_b += dir * width;
            width *= 2.0;
            let p = at(z_b, &mut traced)?;
            f_b = f(&p);
            best = p;
            k += 1;
        }
        // Illinois regula falsi on the log-odds.
        let mut side = 0i32;
        while f_b < 0.0
            && k < opts.end_max_searches
            && !cancelled.get()
            && best_gap(&best, b, threat) > opts.end_tol
            && (z_a - z_b).abs() > 1e-9
        {
            let z = (z_a * f_b - z_b * f_a) / (f_b - f_a);
            let p = at(z, &mut traced)?;
            let fz = f(&p);
            best = p;
            k += 1;
            if fz >= 0.0 {
                z_a = z;
                f_a = fz;
                if side == -1 {
                    f_b *= 0.5;
                }
                side = -1;
            } else {
                z_b = z;
                f_b = fz;
                if side == 1 {
                    f_a *= 0.5;
                }
                side = 1;
            }
        }
        ends.push((if f_b >= 0.0 { z_b } else { z_a }, best));
    }
    let (z_hi, z_lo) = (ends[0].0, ends[1].0);
    // Interior points, evenly spaced in weight between the ends.
    let (w_hi, w_lo) = (weight(z_hi), weight(z_lo));
    let mut interior = Vec::new();
    for k in 0..opts.points {
        if cancelled.get() {
            break;
        }
        let w = w_hi - (w_hi - w_lo) * (k as f64 + 1.0) / (opts.points as f64 + 1.0);
        let z = (w / (1.0 - w)).ln();
        interior.push(at(z, &mut traced)?);
    }
    let mut frontier: Vec<FrontierPoint> = Vec::new();
    frontier.push(ends[0].1.clone());
    frontier.extend(interior.into_iter().filter(|p| inside(&p.payoffs)));
    frontier.push(ends[1].1.clone());
    frontier.sort_by(|p, q| q.payoffs[0].total_cmp(&p.payoffs[0]));
    // Nash bargaining solution from the traced point with the largest Nash product.
    let s = opts.side_payment;
    let gains = |u: &[f64; 2]| (u[0] + s - threat[0], u[1] - s - threat[1]);
    let start = traced
        .iter()
        .map(|(_, p)| p)
        .filter(|p| {
            let (g0, g1) = gains(&p.payoffs);
            g0 > 0.0 && g1 > 0.0
        })
        .max_by(|p, q| {
            let (a0, a1) = gains(&p.payoffs);
            let (b0, b1) = gains(&q.payoffs);
            (a0 * a1).total_cmp(&(b0 * b1))
        })
        .cloned();
    let solution = match start {
        None => None,
        Some(p) => {
            let (g0, g1) = gains(&p.payoffs);
            let mut f = NashProduct::new([0, 1], threat, s);
            f.scale = (g0 * g1).sqrt();
            Some(box_point(game, f, &p.x, &opts.search)?)
        }
    };
    Ok(Bargain {
        threat,
        side_payment: s,
        frontier,
        solution,
    })
}

/// |u_b − d_b|.
fn best_gap(p: &FrontierPoint, b: usize, threat: [f64; 2]) -> f64 {
    (p.payoffs[b] - threat[b]).abs()
}
