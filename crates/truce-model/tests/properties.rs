//! Properties of the Caliendo–Parro engine on random small economies (seeded).
//!
//! No shock ⇒ every hat is one; scaling nominal values leaves real results unchanged; Walras'
//! law holds at every solution; symmetric countries facing symmetric shocks get identical
//! results; small shocks agree with the first-order welfare formula.

use proptest::prelude::*;
use std::sync::Arc;
use truce_model::cp2015::{Engine, EngineParams, SolveError};
use truce_model::solve::{Control, Iterate, NoObserver, Observer, SolveParams, Termination};
use truce_model::testing::{random_world, symmetric_world, SplitMix64};
use truce_model::{Baseline, DeficitRule, Outcome, Policy};

fn solve(b: &Arc<Baseline>, p: &Policy) -> truce_model::cp2015::Equilibrium {
    Engine::new(b.clone())
        .solve(p, None, &mut NoObserver)
        .expect("solves")
}

/// A random policy: tariff changes of up to ±`size` (kept above −0.5), export taxes up to
/// `size`, iceberg changes of up to ±`size`/2.
fn random_policy(b: &Baseline, seed: u64, size: f64) -> Policy {
    let mut rng = SplitMix64::new(seed);
    let d = b.dims();
    let mut p = Policy::baseline(b);
    for j in 0..d.j {
        if !b.sectors()[j].tradable {
            continue;
        }
        for n in 0..d.n {
            for i in 0..d.n {
                if n == i {
                    continue;
                }
                let c = d.nij(n, i, j);
                let tau = (b.tariff()[c] + rng.range(-size, size)).max(-0.5);
                p.set_tariff(b, n, i, j, tau).unwrap();
                if rng.uniform() < 0.3 {
                    p.set_export_tax(b, n, i, j, rng.range(0.0, size)).unwrap();
                }
                if rng.uniform() < 0.3 {
                    p.set_trade_cost(b, n, i, j, 1.0 + rng.range(-size, size) / 2.0)
                        .unwrap();
                }
            }
        }
    }
    p
}

proptest! {
    #![proptest_config(truce_testkit::seeded(24))]

    #[test]
    fn no_shock_means_every_hat_is_one(seed in 0u64..1000, n in 2usize..6, j in 1usize..5) {
        let b = Arc::new(random_world(seed, n, j));
        let p = Policy::baseline(&b);
        let eq = solve(&b, &p);
        let tol = 1e-9;
        for &w in &eq.w_hat { prop_assert!((w - 1.0).abs() < tol, "w_hat {}", w); }
        for &c in &eq.c_hat { prop_assert!((c - 1.0).abs() < tol, "c_hat {}", c); }
        for &q in &eq.p_hat { prop_assert!((q - 1.0).abs() < tol, "P_hat {}", q); }
        for (a, b0) in eq.trade_share.iter().zip(b.trade_share()) {
            prop_assert!((a - b0).abs() < tol);
        }
        for (x, x0) in eq.expenditure.iter().zip(b.expenditure()) {
            prop_assert!((x / x0 - 1.0).abs() < tol);
        }
        let out = Outcome::new(&b, &p, &eq);
        for c in &out.countries {
            prop_assert!(c.real_income_pct.unwrap().abs() < 1e-7);
            prop_assert!(c.first_order_welfare_pct.abs() < 1e-7);
        }
    }

    #[test]
    fn scaling_nominal_values_leaves_real_results_unchanged(
        seed in 0u64..1000, n in 2usize..5, j in 1usize..4, log_scale in -8.0f64..8.0
    ) {
        let b = Arc::new(random_world(seed, n, j));
        let scaled = Arc::new(b.rescaled(10f64.powf(log_scale)));
        let p = random_policy(&b, seed + 1, 0.2);
        let mut ps = Policy::baseline(&scaled);
        let d = b.dims();
        for jj in 0..d.j { for a in 0..d.n { for c in 0..d.n {
            let k = d.nij(a, c, jj);
            ps.set_tariff(&scaled, a, c, jj, p.tariff()[k]).unwrap();
            ps.set_export_tax(&scaled, a, c, jj, p.export_tax()[k]).unwrap();
            ps.set_trade_cost(&scaled, a, c, jj, p.trade_cost()[k]).unwrap();
        }}}
        let o = Outcome::new(&b, &p, &solve(&b, &p));
        let os = Outcome::new(&scaled, &ps, &solve(&scaled, &ps));
        for (a, s) in o.countries.iter().zip(&os.countries) {
            prop_assert!((a.real_income_pct.unwrap() - s.real_income_pct.unwrap()).abs() < 1e-6);
            prop_assert!((a.real_wage_pct - s.real_wage_pct).abs() < 1e-6);
            prop_assert!((a.terms_of_trade_pct - s.terms_of_trade_pct).abs() < 1e-6);
            prop_assert!((a.volume_of_trade_pct - s.volume_of_trade_pct).abs() < 1e-6);
        }
    }

    #[test]
    fn walras_law_holds_at_every_solution(seed in 0u64..1000, n in 2usize..6, j in 1usize..5) {
        let b = Arc::new(random_world(seed, n, j));
        for (k, rule) in [DeficitRule::Fixed, DeficitRule::Zero].into_iter().enumerate() {
            let mut p = random_policy(&b, seed * 7 + k as u64, 0.3);
            p.set_deficit_rule(rule);
            let eq = solve(&b, &p);
            prop_assert!(eq.info.walras_gap <= 1e-9, "walras gap {}", eq.info.walras_gap);
            prop_assert!(eq.info.identity_gap <= 1e-12, "identity gap {}", eq.info.identity_gap);
            prop_assert!(eq.info.labour_market_gap <= 1e-8, "LMC gap {}", eq.info.labour_market_gap);
            // Shares still sum to one.
            let d = b.dims();
            for jj in 0..d.j { for a in 0..d.n {
                let s: f64 = (0..d.n).map(|i| eq.trade_share[d.nij(a, i, jj)]).sum();
                prop_assert!((s - 1.0).abs() < 1e-12);
            }}
        }
    }

    #[test]
    fn small_shocks_agree_with_the_first_order_formula(seed in 0u64..1000, n in 2usize..5) {
        let b = Arc::new(random_world(seed, n, 2));
        let big = random_policy(&b, seed + 3, 0.2);
        // The same direction, scaled down to a 1e-4 change in every instrument.
        let mut p = Policy::baseline(&b);
        let d = b.dims();
        let eps = 5e-4;
        for jj in 0..d.j { for a in 0..d.n { for c in 0..d.n {
            if a == c || !b.sectors()[jj].tradable { continue; }
            let k = d.nij(a, c, jj);
            let tau = b.tariff()[k] + eps * (big.tariff()[k] - b.tariff()[k]);
            p.set_tariff(&b, a, c, jj, tau).unwrap();
        }}}
        let out = Outcome::new(&b, &p, &solve(&b, &p));
        let scale: f64 = out.countries.iter().map(|c| c.real_income_pct.unwrap().abs()).fold(0.0, f64::max);
        for c in &out.countries {
            let exact = c.real_income_pct.unwrap();
            let first = c.first_order_welfare_pct;
            // The gap is second order: tiny relative to the largest first-order effect.
            prop_assert!((exact - first).abs() <= 0.02 * scale + 1e-9,
                "exact {} vs first-order {} (scale {})", exact, first, scale);
        }
    }
}

#[test]
fn identical_countries_facing_symmetric_shocks_get_identical_results() {
    for n in [2, 3, 4] {
        let b = Arc::new(symmetric_world(n, 3));
        let d = b.dims();
        let mut p = Policy::baseline(&b);
        for j in 0..d.j - 1 {
            for a in 0..n {
                for c in 0..n {
                    if a != c {
                        p.set_tariff(&b, a, c, j, 0.30 + 0.1 * j as f64).unwrap();
                        p.set_export_tax(&b, a, c, j, 0.02).unwrap();
                    }
                }
            }
        }
        let out = Outcome::new(&b, &p, &solve(&b, &p));
        let first = &out.countries[0];
        for c in &out.countries[1..] {
            assert!((c.real_income_pct.unwrap() - first.real_income_pct.unwrap()).abs() < 1e-10);
            assert!((c.real_wage_pct - first.real_wage_pct).abs() < 1e-10);
            assert!((c.terms_of_trade_pct - first.terms_of_trade_pct).abs() < 1e-10);
            // Symmetric: nobody gains terms of trade at the others' expense.
            assert!(c.terms_of_trade_pct.abs() < 1e-10);
        }
    }
    // Two countries taxing each other identically: mirror-image outcomes are equal.
    let b = Arc::new(symmetric_world(2, 2));
    let mut p = Policy::baseline(&b);
    p.set_tariff(&b, 0, 1, 0, 0.5).unwrap();
    p.set_tariff(&b, 1, 0, 0, 0.5).unwrap();
    let out = Outcome::new(&b, &p, &solve(&b, &p));
    let (a, c) = (&out.countries[0], &out.countries[1]);
    assert!((a.real_income_pct.unwrap() - c.real_income_pct.unwrap()).abs() < 1e-10);
    assert!(
        a.real_income_pct.unwrap() < 0.0,
        "a mutual tariff hike hurts both"
    );
}

#[test]
fn a_unilateral_tariff_by_a_large_country_improves_its_terms_of_trade() {
    let b = Arc::new(symmetric_world(3, 2));
    let mut p = Policy::baseline(&b);
    for i in 1..3 {
        p.set_tariff(&b, 0, i, 0, 0.25).unwrap();
    }
    let out = Outcome::new(&b, &p, &solve(&b, &p));
    assert!(out.countries[0].terms_of_trade_pct > 0.0);
    assert!(out.countries[1].terms_of_trade_pct < 0.0);
    assert!(out.countries[0].tariff_revenue_pct.unwrap() > 0.0);
}

#[test]
fn an_export_tax_moves_revenue_to_the_exporter_and_agrees_to_first_order() {
    let b = Arc::new(symmetric_world(3, 2));
    for t in [1e-4, 1e-5] {
        let mut p = Policy::baseline(&b);
        p.set_export_tax(&b, 1, 0, 0, t).unwrap(); // region 0 taxes its exports to region 1
        let eq = solve(&b, &p);
        let out = Outcome::new(&b, &p, &eq);
        let c = &out.countries[0];
        assert!(c.export_tax_revenue_new > 0.0 && c.export_tax_revenue_base == 0.0);
        let ratio = c.first_order_welfare_pct / c.real_income_pct.unwrap();
        assert!(
            (ratio - 1.0).abs() < 0.05 * (t / 1e-4),
            "first-order/exact = {ratio} at t = {t}"
        );
    }
}

#[test]
fn prohibitive_shocks_converge_on_random_worlds() {
    // A world-wide tariff war: every tariff up by 100 points and 3× iceberg costs on one sector.
    for seed in 0..6 {
        let b = Arc::new(random_world(seed, 6, 4));
        let d = b.dims();
        let mut p = Policy::baseline(&b);
        for j in 0..d.j {
            if !b.sectors()[j].tradable {
                continue;
            }
            for n in 0..d.n {
                for i in 0..d.n {
                    if n != i {
                        let c = d.nij(n, i, j);
                        p.set_tariff(&b, n, i, j, b.tariff()[c] + 1.0).unwrap();
                        if j == 0 {
                            p.set_trade_cost(&b, n, i, j, 3.0).unwrap();
                        }
                    }
                }
            }
        }
        let eq = solve(&b, &p);
        assert!(eq.info.walras_gap <= 1e-9);
        let out = Outcome::new(&b, &p, &eq);
        for c in &out.countries {
            assert!(c.imports_pct.unwrap() < 0.0, "trade falls");
        }
    }
}

#[test]
fn warm_start_reaches_the_same_equilibrium_faster() {
    let b = Arc::new(random_world(5, 5, 3));
    let p1 = random_policy(&b, 11, 0.2);
    let mut p2 = p1.clone();
    let d = b.dims();
    let c = d.nij(0, 1, 0);
    p2.set_tariff(&b, 0, 1, 0, p1.tariff()[c] + 0.01).unwrap();
    let mut eng = Engine::new(b.clone());
    let e1 = eng.solve(&p1, None, &mut NoObserver).unwrap();
    let cold = eng.solve(&p2, None, &mut NoObserver).unwrap();
    let warm = eng.solve(&p2, Some(&e1), &mut NoObserver).unwrap();
    for (a, w) in cold.w_hat.iter().zip(&warm.w_hat) {
        assert!((a - w).abs() < 1e-9);
    }
    assert!(warm.info.iterations <= cold.info.iterations);
}

#[test]
fn non_convergence_is_an_error_with_diagnostics() {
    let b = Arc::new(random_world(1, 4, 2));
    let p = random_policy(&b, 2, 0.3);
    let params = EngineParams {
        outer: SolveParams::default().with_max_iter(2).unwrap(),
        ..EngineParams::default()
    };
    let err = Engine::with_params(b.clone(), params)
        .solve(&p, None, &mut NoObserver)
        .unwrap_err();
    match &err {
        SolveError::NotConverged(info, _) => {
            assert_eq!(info.termination, Termination::MaxIters);
            assert_eq!(info.iterations, 2);
        }
        other => panic!("unexpected {other:?}"),
    }
    // The message a user sees: the error and its source (truce-solve's NotConverged).
    let msg = format!(
        "{err}: {}",
        std::error::Error::source(&err).map_or(String::new(), |s| s.to_string())
    );
    assert!(
        msg.contains("iteration limit") && msg.contains("residual"),
        "{msg}"
    );
    assert!(truce_solve::NotConverged::in_chain(&err).is_some());

    struct Cancel;
    impl Observer for Cancel {
        fn observe(&mut self, _: &Iterate) -> Control {
            Control::Stop
        }
    }
    let err = Engine::new(b.clone())
        .solve(&p, None, &mut Cancel)
        .unwrap_err();
    assert!(
        matches!(err, SolveError::NotConverged(ref i, _) if i.termination == Termination::Cancelled)
    );
}

#[test]
fn a_policy_for_another_baseline_is_rejected() {
    let b = Arc::new(random_world(1, 4, 2));
    let other = random_world(1, 3, 2);
    let p = Policy::baseline(&other);
    let err = Engine::new(b).solve(&p, None, &mut NoObserver).unwrap_err();
    assert!(err.to_string().contains("different baseline"), "{err}");
}

#[test]
fn engine_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
    assert_send_sync::<Baseline>();
    assert_send_sync::<Policy>();
    assert_send_sync::<truce_model::cp2015::Equilibrium>();
}
