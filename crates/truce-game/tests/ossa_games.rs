//! The game algorithms on the Ossa (2014) model: first-order conditions of optimal tariffs,
//! Nash equilibria as fixed points of best responses, cooperation that Pareto-dominates its
//! starting point, and symmetric solutions of symmetric games.

#![allow(clippy::needless_range_loop)]

use std::sync::Arc;
use truce_game::*;
use truce_ossa::testing::{random_state, symmetric_state};
use truce_ossa::{purge, Lambda, NewtonParams, State};
use truce_solve::NoObserver;

fn game_on(st: State) -> OssaGame {
    let d = st.dims();
    OssaGame::new(
        Arc::new(st),
        OssaPayoff::Government(Arc::new(Lambda::ones(d))),
        0.0,
        10.0,
    )
}

fn balanced(seed: u64, n: usize, s: usize) -> State {
    purge(&random_state(seed, n, s), &NewtonParams::default())
        .unwrap()
        .0
}

fn opts() -> BoxOptions {
    BoxOptions {
        kkt_tol: 1e-9,
        ..Default::default()
    }
}

/// At an optimal tariff vector the gradient of the government's objective vanishes on interior
/// tariffs and points out of the box on tariffs at a bound; checked with the adjoint gradient
/// and, independently of it, with central differences of re-solved equilibria.
#[test]
fn optimal_tariffs_satisfy_first_order_conditions() {
    let st = balanced(21, 3, 4);
    let mut game = game_on(st.clone());
    // An upper bound that binds for some tariffs: optimal tariffs here are of order 1/(σ−1).
    let game_tight = OssaGame::new(
        game.state().clone(),
        OssaPayoff::Government(Arc::new(Lambda::ones(st.dims()))),
        0.0,
        0.15,
    );
    let x0 = game.profile_of(st.tariff());
    for (g, label) in [(&game, "loose"), (&game_tight, "tight")] {
        for p in 0..3 {
            let br = best_response(g, &x0, p, None, &opts(), &mut NoObserver).unwrap();
            assert!(
                br.termination.is_converged(),
                "{label} {p}: {:?} kkt {:e}",
                br.termination,
                br.kkt_residual
            );
            let (lo, hi) = g.bounds();
            let mut interior = 0;
            let mut at_bound = 0;
            for (a, &k) in br.instruments.iter().enumerate() {
                let (t, gr) = (br.levels[a], br.gradient[a]);
                if t > lo[k] && t < hi[k] {
                    interior += 1;
                    assert!(
                        gr.abs() <= 1e-9,
                        "{label} player {p}, {k}: t = {t}, dG/dt = {gr}"
                    );
                } else if t == lo[k] {
                    at_bound += 1;
                    assert!(
                        gr <= 1e-9,
                        "{label}: at the lower bound the gradient must point down: {gr}"
                    );
                } else {
                    at_bound += 1;
                    assert!(
                        gr >= -1e-9,
                        "{label}: at the upper bound the gradient must point up: {gr}"
                    );
                }
            }
            if label == "tight" {
                assert!(at_bound > 0, "the 15 % cap binds somewhere");
            } else {
                assert!(interior > 0);
            }
        }
    }
    // Independent check: central differences of the payoff at the optimum.
    let br = best_response(&game, &x0, 0, None, &opts(), &mut NoObserver).unwrap();
    let mut x = x0.clone();
    br.apply(&mut x);
    let base = game.payoffs(&x).unwrap()[0];
    for &k in br.instruments.iter().take(6) {
        let h = 1e-4;
        let (mut xp, mut xm) = (x.clone(), x.clone());
        xp[k] += h;
        xm[k] -= h;
        let fd = (game.payoffs(&xp).unwrap()[0] - game.payoffs(&xm).unwrap()[0]) / (2.0 * h);
        // Away from the optimum such derivatives are of order 1e-3; here only rounding remains.
        assert!(fd.abs() < 2e-8, "instrument {k}: central difference {fd}");
        // A maximum: both neighbours are lower.
        assert!(game.payoffs(&xp).unwrap()[0] <= base + 1e-15);
    }
}

/// A Nash equilibrium is a fixed point of the best-response map: no government can gain by
/// changing its own tariffs, whatever its starting point.
#[test]
fn nash_equilibrium_is_a_fixed_point_of_best_responses() {
    let st = balanced(5, 3, 3);
    let mut game = game_on(st.clone());
    let x0 = game.profile_of(st.tariff());
    let ne = nash(
        &game,
        &x0,
        &NashOptions {
            best_response: opts(),
            tol: 1e-9,
            ..Default::default()
        },
        &mut NoObserver,
    )
    .unwrap();
    assert!(ne.info.termination.is_converged(), "{:?}", ne.max_change);
    for (p, r) in ne.kkt_residuals.iter().enumerate() {
        assert!(*r < 1e-9, "player {p}: first-order residual {r}");
    }
    let u = game.payoffs(&ne.x).unwrap();
    for p in 0..3 {
        for start in [0.0, 0.5, 2.0] {
            let own = game.instruments_of(p);
            let z = vec![start; own.len()];
            let br = best_response(&game, &ne.x, p, Some(&z), &opts(), &mut NoObserver).unwrap();
            assert!(
                br.payoff <= u[p] + 1e-12,
                "player {p} gains {} by deviating",
                br.payoff - u[p]
            );
            for (a, &k) in own.iter().enumerate() {
                assert!(
                    (br.levels[a] - ne.x[k]).abs() < 1e-6,
                    "player {p}, instrument {k}"
                );
            }
        }
    }
    // Every government is worse off than at the (low) starting tariffs: a trade war.
    let u0 = game.payoffs(&x0).unwrap();
    assert!((0..3).any(|p| u[p] < u0[p]));
}

/// Cooperative tariffs with equal gains Pareto-dominate the point talks start from.
#[test]
fn cooperative_tariffs_pareto_dominate_the_starting_point() {
    let st = balanced(8, 3, 3);
    let game = game_on(st.clone());
    let x0 = game.profile_of(st.tariff());
    let ne = nash(
        &game,
        &x0,
        &NashOptions {
            best_response: opts(),
            ..Default::default()
        },
        &mut NoObserver,
    )
    .unwrap();
    // Re-base on the Nash equilibrium (Ossa2014 spec §8 step 1): payoffs are then 1 there.
    let sol = truce_ossa::solve(
        &st,
        &game.cube_of(&ne.x),
        &[0.0; 3],
        None,
        &NewtonParams::default(),
    )
    .unwrap();
    let sb = sol.rebase(&st).unwrap();
    let mut gb = game_on(sb.clone());
    let xb = gb.profile_of(sb.tariff());
    let u_start = gb.payoffs(&xb).unwrap();
    for u in &u_start {
        assert!((u - 1.0).abs() < 1e-12);
    }
    let c = cooperate(
        &gb,
        &xb,
        &[1.0; 3],
        None,
        &CoopOptions::default(),
        &mut NoObserver,
    )
    .unwrap();
    assert!(c.termination.is_converged(), "{:?}", c.termination);
    let omega = c.extra[0];
    assert!(omega > 1.0 + 1e-4, "cooperation gains {}", omega - 1.0);
    for p in 0..3 {
        assert!(c.payoffs[p] > u_start[p], "player {p}");
        assert!((c.payoffs[p] - omega).abs() < 1e-8, "equal gains");
    }
    // The Pareto weights are positive and sum to one.
    let sum: f64 = c.multipliers.iter().sum();
    assert!(
        (sum - 1.0).abs() < 1e-6 && c.multipliers.iter().all(|w| *w > 0.0),
        "{:?}",
        c.multipliers
    );
    // Consistency of the re-basing: gains relative to Nash equal payoff ratios on the
    // original baseline.
    let mut g0 = game.clone();
    let u_nash = g0.payoffs(&ne.x).unwrap();
    let u_coop = g0.payoffs(&game.profile_of(&gb.cube_of(&c.x))).unwrap();
    for p in 0..3 {
        assert!((u_coop[p] / u_nash[p] - c.payoffs[p]).abs() < 1e-9);
    }
}

/// Two identical countries: optimal tariffs, the Nash equilibrium, cooperation and the Nash
/// bargaining solution are all symmetric.
#[test]
fn a_symmetric_two_country_game_has_symmetric_solutions() {
    let st = symmetric_state(2, 3, 0.1);
    let d = st.dims();
    let mut game = game_on(st.clone());
    let x0 = game.profile_of(st.tariff());
    let mirror = |x: &[f64], s: usize| (x[game.instruments_of(0)[s]], x[game.instruments_of(1)[s]]);
    // Optimal tariffs.
    let b0 = best_response(&game, &x0, 0, None, &opts(), &mut NoObserver).unwrap();
    let b1 = best_response(&game, &x0, 1, None, &opts(), &mut NoObserver).unwrap();
    for s in 0..d.s {
        assert!((b0.levels[s] - b1.levels[s]).abs() < 1e-7, "industry {s}");
        // The two-country optimal tariff is positive (terms of trade and profit shifting).
        assert!(b0.levels[s] > 0.0);
    }
    assert!((b0.payoff - b1.payoff).abs() < 1e-10);
    // Nash.
    let ne = nash(
        &game,
        &x0,
        &NashOptions {
            best_response: opts(),
            tol: 1e-9,
            ..Default::default()
        },
        &mut NoObserver,
    )
    .unwrap();
    assert!(ne.info.termination.is_converged());
    for s in 0..d.s {
        let (a, b) = mirror(&ne.x, s);
        assert!(
            (a - b).abs() < 1e-7,
            "Nash tariffs, industry {s}: {a} vs {b}"
        );
    }
    assert!(
        (ne.payoffs[0] - ne.payoffs[1]).abs() < 1e-8,
        "{:?}",
        ne.payoffs
    );
    // Cooperation from Nash, on the original baseline (reference = Nash payoffs).
    let c = cooperate(
        &game,
        &ne.x,
        &ne.payoffs,
        None,
        &CoopOptions::default(),
        &mut NoObserver,
    )
    .unwrap();
    for s in 0..d.s {
        let (a, b) = mirror(&c.x, s);
        assert!(
            (a - b).abs() < 1e-6,
            "cooperative tariffs, industry {s}: {a} vs {b}"
        );
    }
    assert!((c.multipliers[0] - c.multipliers[1]).abs() < 1e-6);
    // Bargaining from the Nash threat point: the solution splits the gains equally.
    let bg = bargain(
        &game,
        [ne.payoffs[0], ne.payoffs[1]],
        &ne.x,
        &BargainOptions {
            end_tol: 1e-9,
            ..Default::default()
        },
        &mut NoObserver,
    )
    .unwrap();
    let sol = bg.solution.expect("gains from bargaining exist");
    assert!(
        (sol.payoffs[0] - sol.payoffs[1]).abs() < 1e-8,
        "{:?}",
        sol.payoffs
    );
    assert!(
        (sol.payoffs[0] - c.payoffs[0]).abs() < 1e-7,
        "NBS {:?} vs equal-gain cooperation {:?}",
        sol.payoffs,
        c.payoffs
    );
    // The frontier ends hold one player at its threat payoff and mirror each other.
    let (first, last) = (&bg.frontier[0], bg.frontier.last().unwrap());
    assert!((first.payoffs[1] - ne.payoffs[1]).abs() < 1e-8);
    assert!((last.payoffs[0] - ne.payoffs[0]).abs() < 1e-8);
    assert!((first.payoffs[0] - last.payoffs[1]).abs() < 1e-7);
    // A side payment to the first player shifts the solution towards the second.
    let paid = bargain(
        &game,
        [ne.payoffs[0], ne.payoffs[1]],
        &ne.x,
        &BargainOptions {
            side_payment: 0.001,
            end_tol: 1e-9,
            ..Default::default()
        },
        &mut NoObserver,
    )
    .unwrap();
    let ps = paid.solution.unwrap();
    assert!(ps.payoffs[1] > sol.payoffs[1] && ps.payoffs[0] < sol.payoffs[0]);
    let _ = game.payoffs(&x0).unwrap();
}
