//! The game algorithms on the Caliendo–Parro engine.

use std::sync::Arc;
use truce_game::*;
use truce_model::testing::{random_world, symmetric_world};
use truce_solve::NoObserver;

fn qn() -> BoxOptions {
    BoxOptions {
        method: Method::QuasiNewton { memory: 10 },
        kkt_tol: 1e-6,
        max_iter: 500,
        stall_iters: 3,
        ..Default::default()
    }
}

/// Two identical countries (plus a third, identical, that does not play): Nash tariffs, the
/// Nash bargaining solution and payoffs are symmetric; the war hurts both players against the
/// cooperative outcome.
#[test]
fn symmetric_players_have_symmetric_nash_and_bargaining_solutions() {
    let b = Arc::new(symmetric_world(3, 3));
    for inst in [TariffInstruments::Sector, TariffInstruments::Uniform] {
        let game = CpGame::new(b.clone(), &["R00", "R01"], inst, 0.0, 5.0).unwrap();
        let x0 = game.status_quo();
        let k = x0.len() / 2;
        assert_eq!(
            k,
            if inst == TariffInstruments::Sector {
                2
            } else {
                1
            }
        );
        for v in &x0 {
            assert!(
                (v - 0.05).abs() < 1e-12,
                "status quo tariffs are the 5 % base"
            );
        }
        let ne = nash(
            &game,
            &x0,
            &NashOptions {
                best_response: qn(),
                tol: 1e-6,
                ..Default::default()
            },
            &mut NoObserver,
        )
        .unwrap();
        assert!(ne.info.termination.is_converged(), "{:?}", ne.max_change);
        for s in 0..k {
            assert!(
                (ne.x[s] - ne.x[k + s]).abs() < 1e-4,
                "{inst:?} sector {s}: {:?}",
                ne.x
            );
            assert!(
                ne.x[s] > 0.05,
                "Nash tariffs exceed the 5 % base: {:?}",
                ne.x
            );
        }
        assert!((ne.payoffs[0] - ne.payoffs[1]).abs() < 1e-7);
        let bg = bargain(
            &game,
            [ne.payoffs[0], ne.payoffs[1]],
            &ne.x,
            &BargainOptions {
                search: qn(),
                points: 3,
                ..Default::default()
            },
            &mut NoObserver,
        )
        .unwrap();
        let sol = bg.solution.expect("both gain from talks");
        assert!(
            (sol.payoffs[0] - sol.payoffs[1]).abs() < 1e-6,
            "{:?}",
            sol.payoffs
        );
        assert!(sol.payoffs[0] > ne.payoffs[0]);
        assert!(bg.frontier.len() >= 2);
    }
}

/// The best response is a KKT point of the player's payoff (checked with central differences of
/// re-solved equilibria), and the export-tax instrument works.
#[test]
fn best_response_on_the_cp_engine_meets_first_order_conditions() {
    let b = Arc::new(random_world(3, 4, 4));
    let code = |r: usize| b.regions()[r].code.clone();
    let (c0, c1) = (code(0), code(1));
    let sectors: Vec<String> = b
        .sectors()
        .iter()
        .filter(|s| s.tradable)
        .map(|s| s.code.clone())
        .collect();
    let game = CpGame::new(
        b.clone(),
        &[c0.as_str(), c1.as_str()],
        TariffInstruments::Sector,
        0.0,
        5.0,
    )
    .unwrap()
    .with_export_tax(
        &c1,
        &c0,
        &[(sectors[0].as_str(), 0.3), (sectors[1].as_str(), 0.1)],
        5.0,
    )
    .unwrap();
    assert_eq!(game.instruments().len(), 2 * sectors.len() + 1);
    assert_eq!(game.instruments().last().unwrap().owner, 1);
    let x0 = game.status_quo();
    let opts = BoxOptions {
        kkt_tol: 1e-7,
        ..qn()
    };
    for p in 0..2 {
        let br = best_response(&game, &x0, p, None, &opts, &mut NoObserver).unwrap();
        assert!(
            br.kkt_residual < 1e-6,
            "player {p}: {:?} {:e}",
            br.termination,
            br.kkt_residual
        );
        let mut x = x0.clone();
        br.apply(&mut x);
        let mut g = game.clone();
        let u = g.payoffs(&x).unwrap()[p];
        for (a, &k) in br.instruments.iter().enumerate() {
            let h = 1e-4;
            if br.levels[a] > h {
                let (mut xp, mut xm) = (x.clone(), x.clone());
                xp[k] += h;
                xm[k] -= h;
                let fd = (g.payoffs(&xp).unwrap()[p] - g.payoffs(&xm).unwrap()[p]) / (2.0 * h);
                assert!(
                    fd.abs() < 1e-5,
                    "player {p}, {}: {fd}",
                    game.instruments()[k].label
                );
                assert!(g.payoffs(&xp).unwrap()[p] <= u + 1e-10);
            }
        }
    }
}

#[test]
fn setup_errors_name_the_problem() {
    let b = Arc::new(symmetric_world(3, 2));
    let e = CpGame::new(
        b.clone(),
        &["R00", "XXX"],
        TariffInstruments::Sector,
        0.0,
        5.0,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("unknown region `XXX`") && e.to_string().contains("R00, R01, R02"),
        "{e}"
    );
    let e = CpGame::new(b.clone(), &["R00"], TariffInstruments::Sector, 0.0, 5.0).unwrap_err();
    assert!(e.to_string().contains("two players"), "{e}");
    let e = CpGame::new(
        b.clone(),
        &["R00", "R00"],
        TariffInstruments::Sector,
        0.0,
        5.0,
    )
    .unwrap_err();
    assert!(e.to_string().contains("twice"), "{e}");
    let g = CpGame::new(
        b.clone(),
        &["R00", "R01"],
        TariffInstruments::Sector,
        0.0,
        5.0,
    )
    .unwrap();
    let e = g
        .clone()
        .with_export_tax("R02", "R00", &[("S00", 0.5)], 5.0)
        .unwrap_err();
    assert!(e.to_string().contains("not a player"), "{e}");
    let e = g
        .clone()
        .with_export_tax("R01", "R00", &[("S01", 0.5)], 5.0)
        .unwrap_err();
    assert!(e.to_string().contains("not traded"), "{e}");
    let e = g
        .with_export_tax("R01", "R00", &[("S00", 1.5)], 5.0)
        .unwrap_err();
    assert!(e.to_string().contains("(0, 1]"), "{e}");
}

/// The game's exact gradients (adjoint) and Hessians (differences of exact gradients) against
/// central differences of payoffs at re-solved equilibria, with tariff instruments, an export
/// tax and political-economy weights.
#[test]
fn exact_gradients_and_hessians_match_differences_of_payoffs() {
    let b = Arc::new(random_world(11, 4, 3));
    for political in [false, true] {
        let mut game = CpGame::new(
            b.clone(),
            &["R00", "R01"],
            TariffInstruments::Sector,
            0.0,
            5.0,
        )
        .unwrap()
        .with_export_tax("R01", "R00", &[("S00", 0.4)], 5.0)
        .unwrap();
        if political {
            game = game
                .with_political_economy(vec![vec![1.0, 1.3, 0.8], vec![0.9, 1.0, 1.2]])
                .unwrap();
        }
        assert!(game.has_exact_derivatives());
        let n = game.instruments().len();
        let mut x = game.status_quo();
        for (k, v) in x.iter_mut().enumerate() {
            *v += 0.05 * (k + 1) as f64;
        }
        let wrt: Vec<usize> = (0..n).collect();
        let mut grads = vec![Vec::new(); 2];
        game.gradients(&x, &[0, 1], &wrt, &mut grads).unwrap();
        let h = 1e-5;
        for k in 0..n {
            let (mut up, mut dn) = (x.clone(), x.clone());
            up[k] += h;
            dn[k] -= h;
            let (uu, ud) = (game.payoffs(&up).unwrap(), game.payoffs(&dn).unwrap());
            for p in 0..2 {
                let fd = (uu[p] - ud[p]) / (2.0 * h);
                assert!(
                    (fd - grads[p][k]).abs() <= 1e-8,
                    "political {political}, player {p}, instrument {k}: exact {:e}, differences {fd:e}",
                    grads[p][k]
                );
            }
        }
        let w = [0.3, 0.7];
        let so = game.weighted_hessian(&x, &wrt, &w).unwrap().unwrap();
        let hess = so.hessian.dense();
        for k in 0..n {
            let (mut up, mut dn) = (x.clone(), x.clone());
            up[k] += h;
            dn[k] -= h;
            let mut gu = vec![Vec::new(); 2];
            let mut gd = vec![Vec::new(); 2];
            game.gradients(&up, &[0, 1], &wrt, &mut gu).unwrap();
            game.gradients(&dn, &[0, 1], &wrt, &mut gd).unwrap();
            for a in 0..n {
                let fd: f64 = (0..2)
                    .map(|p| w[p] * (gu[p][a] - gd[p][a]) / (2.0 * h))
                    .sum();
                assert!(
                    (fd - hess[a * n + k]).abs() <= 1e-5 * (1.0 + fd.abs()),
                    "political {political}, H[{a}][{k}]: {:e} against {fd:e}",
                    hess[a * n + k]
                );
            }
        }
    }
}
