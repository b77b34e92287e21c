//! Nested CES production, the critical-input nest and export quotas (issue 9), on random
//! small economies (seeded): the unit-elasticity case is Cobb–Douglas; small shocks obey
//! Hulten's first-order limit whatever the elasticities; the ε_c → 0 limit is Leontief; a quota
//! that does not bind has a zero tax equivalent; a binding one is met exactly and equals its
//! export-tax equivalent; output losses from a cut-off rise as ε_c falls; Walras' law and
//! re-basing hold under nested CES.

#![allow(clippy::needless_range_loop)]

use proptest::prelude::*;
use std::sync::Arc;
use truce_model::cp2015::{real_income, Engine, Equilibrium, QuotaKind};
use truce_model::solve::NoObserver;
use truce_model::testing::{critical_world, random_world};
use truce_model::{Baseline, Outcome, Policy, Production};

fn solve(b: &Arc<Baseline>, p: &Policy) -> Equilibrium {
    Engine::new(b.clone())
        .solve(p, None, &mut NoObserver)
        .expect("solves")
}

/// `b` with nested CES production: σ_VA, ε, and sector 0 as the critical nest at ε_c.
fn nested(b: &Baseline, sigma_va: f64, epsilon: f64, epsilon_c: f64) -> Arc<Baseline> {
    let p = Production::new(sigma_va, epsilon, Some((vec![0], epsilon_c))).unwrap();
    Arc::new(b.clone().with_production(p).unwrap())
}

/// Region 0 caps (quota) or taxes its exports of sector 0 to every other region.
fn cut_off(b: &Baseline, level: f64) -> Policy {
    let mut p = Policy::baseline(b);
    for n in 1..b.dims().n {
        if b.flows()[b.dims().nij(n, 0, 0)] > 0.0 {
            p.set_export_quota(b, n, 0, 0, level).unwrap();
        }
    }
    p
}

/// `b` without tariffs (solved at free trade and re-based): an efficient world, where
/// Hulten's theorem applies.
fn efficient(b: &Baseline) -> Baseline {
    let d = b.dims();
    let mut p = Policy::baseline(b);
    for j in 0..d.j {
        for n in 0..d.n {
            for i in 0..d.n {
                if n != i && b.sectors()[j].tradable {
                    p.set_tariff(b, n, i, j, 0.0).unwrap();
                }
            }
        }
    }
    let a = Arc::new(b.clone());
    solve(&a, &p).rebase(b, &p).unwrap()
}

/// Output quantity of region `n`, sector `j`: Y'/(Y ĉ).
fn output(b: &Baseline, eq: &Equilibrium, n: usize, j: usize) -> f64 {
    let c = b.dims().nj(n, j);
    eq.gross_output[c] / b.gross_output()[c] / eq.c_hat[c]
}

#[test]
fn unit_elasticities_run_the_cobb_douglas_kernels_bit_for_bit() {
    let b = random_world(11, 4, 3);
    let unit = Production::new(1.0, 1.0, Some((vec![0], 1.0))).unwrap();
    assert!(unit.is_cobb_douglas());
    let cd = Arc::new(b.clone());
    let with_nest = Arc::new(b.clone().with_production(unit).unwrap());
    let mut p = Policy::baseline(&b);
    p.set_tariff(&b, 1, 0, 0, 0.4).unwrap();
    p.set_export_tax(&b, 2, 0, 1, 0.2).unwrap();
    let (a, c) = (solve(&cd, &p), solve(&with_nest, &p));
    assert_eq!(a.w_hat, c.w_hat);
    assert_eq!(a.p_hat, c.p_hat);
    assert_eq!(a.expenditure, c.expenditure);
    assert!(c.cost_shares.is_none());
}

#[test]
fn elasticities_near_one_converge_to_cobb_douglas() {
    // The CES kernels themselves (not the dispatch) reproduce Cobb–Douglas as every
    // elasticity → 1: the gap shrinks in proportion to |1 − σ|.
    let b = random_world(5, 4, 3);
    let mut p = Policy::baseline(&b);
    p.set_tariff(&b, 0, 1, 1, 0.5).unwrap();
    p.set_export_tax(&b, 3, 0, 0, 0.3).unwrap();
    let cd = solve(&Arc::new(b.clone()), &p);
    let mut gaps = Vec::new();
    for h in [1e-2, 1e-3, 1e-5] {
        let nb = nested(&b, 1.0 + h, 1.0 - h, 1.0 + h);
        let eq = solve(&nb, &p);
        let gap = eq
            .w_hat
            .iter()
            .zip(&cd.w_hat)
            .chain(eq.p_hat.iter().zip(&cd.p_hat))
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        gaps.push(gap);
    }
    assert!(gaps[2] < 1e-7, "gap at 1e-5: {:?}", gaps);
    assert!(gaps[1] < gaps[0] && gaps[2] < gaps[1], "{gaps:?}");
    // Cost shares sum to one at the solution.
    let nb = nested(&b, 0.5, 0.2, 0.1);
    let eq = solve(&nb, &p);
    let cs = eq.cost_shares.as_ref().unwrap();
    let d = b.dims();
    for n in 0..d.n {
        for j in 0..d.j {
            let s: f64 = cs.va_share[d.nj(n, j)]
                + (0..d.j).map(|k| cs.io_share[d.nkj(n, k, j)]).sum::<f64>();
            assert!((s - 1.0).abs() < 1e-12, "{s}");
        }
    }
}

proptest! {
    #![proptest_config(truce_testkit::seeded(12))]

    /// Hulten's first-order limit: on an efficient world (no tariffs), a small rise in the cost
    /// of shipping the critical input lowers world real income by the value of those shipments
    /// times the cost rise, whatever the elasticities (they only matter at second order); each
    /// unit cost moves by its cost shares times the price changes (Shephard); and the exact
    /// change of every region agrees with the first-order formula.
    #[test]
    fn small_shocks_obey_hultens_first_order_limit(seed in 0u64..1000, n in 3usize..5) {
        let b = efficient(&random_world(seed, n, 3));
        let d = b.dims();
        let delta = 1e-4;
        let mut p = Policy::baseline(&b);
        let mut shipped = 0.0;
        for r in 1..n {
            p.set_trade_cost(&b, r, 0, 0, 1.0 + delta).unwrap();
            shipped += b.flows()[d.nij(r, 0, 0)];
        }
        prop_assume!(shipped > 0.0);
        let hulten = -delta * shipped;
        for (sv, e, ec) in [(1.0, 1.0, 1.0), (0.5, 0.2, 0.05), (1.5, 0.5, 0.2), (0.3, 1.0, 0.01)] {
            let nb = nested(&b, sv, e, ec);
            let eq = solve(&nb, &p);
            let out = Outcome::new(&nb, &p, &eq);
            let w = real_income(&nb, &eq);
            let world: f64 = (0..n).map(|r| nb.income(r) * (w[r].unwrap() - 1.0)).sum();
            // First-order terms are O(δ); the gaps O(δ²).
            prop_assert!((world / hulten - 1.0).abs() < 1e-3, "world {world:e} vs Hulten {hulten:e}");
            for r in 0..n {
                let exact = w[r].unwrap() - 1.0;
                let fo = out.countries[r].first_order_welfare_pct / 100.0;
                prop_assert!((exact - fo).abs() < 1e-3 * delta, "exact {exact:e} vs first order {fo:e}");
            }
            for r in 0..n {
                for j in 0..d.j {
                    let mut dc = b.va_share()[d.nj(r, j)] * (eq.w_hat[r] - 1.0);
                    for k in 0..d.j {
                        dc += b.io_share()[d.nkj(r, k, j)] * (eq.p_hat[d.nj(r, k)] - 1.0);
                    }
                    let got = eq.c_hat[d.nj(r, j)] - 1.0;
                    prop_assert!((got - dc).abs() < 1e-3 * delta, "{got:e} vs {dc:e}");
                }
            }
        }
    }

    /// A cut-off of the critical input costs more output the less it can be replaced: on worlds
    /// where it is a small input that one region dominates (rare earths' shape), each
    /// importer's real income — its real output in consumption units, Hulten's aggregate — and
    /// world real income fall further as ε_c falls. (Gross output of single sectors, even of
    /// all non-critical sectors together, can rise through the reallocation that follows: a
    /// region whose wage falls relative to others' exports more. The restricting region gains
    /// its quota rents.)
    #[test]
    fn output_losses_from_a_cut_off_rise_as_epsilon_c_falls(seed in 0u64..1000, n in 3usize..5) {
        let b = critical_world(seed, n, 3);
        let p = cut_off(&b, 0.05);
        let mut last: Option<(Vec<f64>, f64)> = None;
        for ec in [1.0, 0.5, 0.2, 0.1, 0.05] {
            let nb = nested(&b, 1.0, 1.0, ec);
            let eq = solve(&nb, &p);
            let w: Vec<f64> = real_income(&nb, &eq).into_iter().map(|x| x.unwrap()).collect();
            let world: f64 = (0..n).map(|r| nb.income(r) * w[r]).sum::<f64>()
                / (0..n).map(|r| nb.income(r)).sum::<f64>();
            if let Some((w0, o0)) = &last {
                prop_assert!(world < *o0, "world real income rose as ε_c fell to {ec}: {world} > {o0}");
                for r in 1..n {
                    prop_assert!(w[r] < w0[r], "real income of region {r} rose as ε_c fell to {ec}");
                }
            }
            last = Some((w, world));
        }
    }
}

#[test]
fn the_leontief_limit_ties_output_to_the_critical_input() {
    // ε_c → 0: each user sector's output moves one-for-one with the quantity of critical
    // inputs it gets; it cannot exceed what its critical supply allows.
    let b = random_world(3, 4, 3);
    let d = b.dims();
    let nb = nested(&b, 0.5, 0.5, 1e-4);
    let p = cut_off(&b, 0.1);
    let eq = solve(&nb, &p);
    let cs = eq.cost_shares.as_ref().unwrap();
    for r in 1..d.n {
        for j in 0..d.j {
            let c = d.nj(r, j);
            let g0 = b.io_share()[d.nkj(r, 0, j)];
            if g0 == 0.0 {
                continue;
            }
            // Quantity of the critical input used: spending / price, relative to the base.
            let crit_qty = cs.io_share[d.nkj(r, 0, j)] * eq.gross_output[c]
                / (g0 * b.gross_output()[c])
                / eq.p_hat[d.nj(r, 0)];
            let y = output(&nb, &eq, r, j);
            assert!(
                y <= crit_qty * (1.0 + 1e-3),
                "output {y} exceeds critical supply {crit_qty}"
            );
            assert!(
                (y / crit_qty - 1.0).abs() < 1e-3,
                "output {y} vs critical {crit_qty}"
            );
        }
    }
}

#[test]
fn a_quota_that_does_not_bind_has_a_zero_tax_equivalent() {
    let b = random_world(7, 4, 3);
    let nb = nested(&b, 0.7, 0.5, 0.2);
    // The importer's own 200 % tariff cuts the flow far below the cap of 90 %.
    let mut p = Policy::baseline(&b);
    p.set_tariff(&b, 1, 0, 0, 2.0).unwrap();
    let free = solve(&nb, &p);
    p.set_export_quota(&b, 1, 0, 0, 0.9).unwrap();
    let eq = solve(&nb, &p);
    let q = &eq.quotas[0];
    assert!(!q.binding, "{q:?}");
    assert_eq!(q.tax_equivalent, 0.0);
    assert!(q.quantity < 0.9);
    for (a, c) in eq.w_hat.iter().zip(&free.w_hat) {
        assert!((a - c).abs() < 1e-10);
    }
}

#[test]
fn a_binding_quota_is_met_exactly_and_equals_its_export_tax_equivalent() {
    let b = random_world(9, 4, 3);
    let d = b.dims();
    for nb in [Arc::new(b.clone()), nested(&b, 0.5, 0.3, 0.1)] {
        let mut p = Policy::baseline(&b);
        p.set_export_quota(&b, 2, 0, 0, 0.07).unwrap();
        p.set_export_quota(&b, 1, 0, 0, 0.3).unwrap();
        let eq = solve(&nb, &p);
        assert!(eq.info.walras_gap < 1e-9);
        for q in &eq.quotas {
            assert!(q.binding);
            assert!((q.quantity / q.level - 1.0).abs() < 1e-9, "{q:?}");
            assert!(q.tax_equivalent > 0.0 && q.rent > 0.0);
        }
        // The same export taxes, set explicitly, give the same equilibrium.
        let mut t = Policy::baseline(&b);
        for q in &eq.quotas {
            let QuotaKind::Export { importer } = q.kind else {
                unreachable!()
            };
            t.set_export_tax(&b, importer, q.exporter, q.sector, q.tax_equivalent)
                .unwrap();
        }
        let et = solve(&nb, &t);
        for (a, c) in eq.w_hat.iter().zip(&et.w_hat) {
            assert!((a - c).abs() < 1e-9);
        }
        // The rent is part of the exporter's export-tax revenue.
        let rents: f64 = eq.quotas.iter().map(|q| q.rent).sum();
        assert!((eq.export_tax_revenue[0] - rents).abs() < 1e-9 * b.value_added()[0]);
        let _ = d;
    }
}

#[test]
fn rebasing_composes_under_nested_ces() {
    // Exact real income composes through a re-based state: (1 + w_B|0) = (1 + w_B|A)(1 + w_A|0).
    let b = random_world(21, 4, 3);
    let nb = nested(&b, 0.6, 0.4, 0.1);
    let mut pa = Policy::baseline(&b);
    pa.set_tariff(&b, 0, 1, 0, 0.3).unwrap();
    let mut pb = pa.clone();
    pb.set_export_tax(&b, 2, 0, 0, 0.5).unwrap();
    let ea = solve(&nb, &pa);
    let eb = solve(&nb, &pb);
    let rebased = Arc::new(ea.rebase(&nb, &pa).unwrap());
    assert_eq!(rebased.production(), nb.production());
    let mut pb_on_a = Policy::baseline(&rebased);
    pb_on_a.set_export_tax(&rebased, 2, 0, 0, 0.5).unwrap();
    let eba = solve(&rebased, &pb_on_a);
    let (wa, wb, wba) = (
        real_income(&nb, &ea),
        real_income(&nb, &eb),
        real_income(&rebased, &eba),
    );
    for r in 0..b.dims().n {
        let lhs = wb[r].unwrap();
        let rhs = wba[r].unwrap() * wa[r].unwrap();
        assert!((lhs / rhs - 1.0).abs() < 1e-9, "{lhs} vs {rhs}");
    }
}

#[test]
fn bad_elasticities_are_rejected_with_the_field_named() {
    for (sv, e, ec, field) in [
        (0.0, 1.0, 0.1, "sigma_va"),
        (1.0, f64::NAN, 0.1, "epsilon"),
        (1.0, 1.0, -0.2, "epsilon_c"),
        (1.0, 1.0, f64::INFINITY, "epsilon_c"),
    ] {
        let e = Production::new(sv, e, Some((vec![0], ec))).unwrap_err();
        assert_eq!(e.field, field);
    }
    let b = random_world(1, 3, 2);
    let err = Production::with_codes(&b, 1.0, 1.0, Some((&["MAGNETS"], 0.1))).unwrap_err();
    assert!(
        err.to_string().contains("MAGNETS") && err.to_string().contains("S00"),
        "{err}"
    );
    let bad = Production::new(1.0, 1.0, Some((vec![9], 0.1))).unwrap();
    assert!(b.with_production(bad).is_err());
}

#[test]
fn a_supply_cap_holds_a_producers_output_and_its_rent_goes_to_the_producer() {
    // Region 0 cuts its exports of sector 0 (a quota); region 1 would replace them by
    // producing more, but its capacity is capped at its base output.
    let b = critical_world(4, 3, 3);
    let d = b.dims();
    let nb = nested(&b, 1.0, 1.0, 0.2);
    let mut p = cut_off(&b, 0.2);
    let free = solve(&nb, &p);
    let grows = output(&nb, &free, 1, 0);
    assert!(grows > 1.0, "without a cap region 1 expands: {grows}");
    p.set_supply_cap(&b, 1, 0, 1.0).unwrap();
    let eq = solve(&nb, &p);
    assert!(eq.info.walras_gap < 1e-9);
    let cap = eq
        .quotas
        .iter()
        .find(|q| q.kind == QuotaKind::Supply)
        .unwrap();
    assert!(cap.binding && cap.tax_equivalent > 0.0 && cap.rent > 0.0);
    assert!((output(&nb, &eq, 1, 0) - 1.0).abs() < 1e-9);
    assert!((cap.quantity - 1.0).abs() < 1e-9);
    // With the cap, the critical input is dearer where region 1 sells it.
    assert!(eq.p_hat[d.nj(1, 0)] > free.p_hat[d.nj(1, 0)]);
    // A state where a cap binds cannot become a baseline (it taxes home sales).
    assert!(eq.rebase(&nb, &p).is_err());
    // A cap above what the producer makes anyway does not bind.
    let mut q = Policy::baseline(&b);
    q.set_supply_cap(&b, 1, 0, 2.0).unwrap();
    let eq = solve(&nb, &q);
    assert_eq!(eq.quotas[0].tax_equivalent, 0.0);
}
