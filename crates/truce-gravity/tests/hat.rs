//! Hat-algebra mode: the Caliendo–Parro engine with one sector and no intermediates must solve
//! exactly the model of Stata `ge_gravity`, for additive and multiplicative deficits.
//!
//! The reference is an independent implementation of ge_gravity's documented fixed point
//! (its help file and `GE_gravity.ado` comments, Baier, Yotov & Zylkin 2019): with
//! Bᵢⱼ = e^{βᵢⱼ},
//! ŵᵢ ← [Σⱼ πᵢⱼBᵢⱼ Eⱼ/P̂ⱼ / Yᵢ]^{1/(1+θ)}, rescaled so that Σ Yŵ = Σ Y;
//! P̂ⱼ ← Σᵢ πᵢⱼBᵢⱼ ŵᵢ^{−θ} (this is P̂^{−θ});
//! Eⱼ ← Yⱼŵⱼ + Dⱼ (additive) or (Yⱼ + Dⱼ)ŵⱼ (multiplicative),
//! iterated here to 10⁻¹⁴ rather than the command's 10⁻⁸.

use proptest::prelude::*;
use std::sync::Arc;
use truce_gravity::partial_effect_cost;
use truce_model::cp2015::Engine;
use truce_model::{Baseline, BaselineInputs, DeficitRule, Outcome, Policy, Region, Sector};
use truce_solve::NoObserver;

/// A one-sector world from exporter × importer flows.
fn world(x: &[f64], n: usize, theta: f64) -> Arc<Baseline> {
    let mut flows = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            flows[j * n + i] = x[i * n + j];
        }
    }
    Arc::new(
        Baseline::new(BaselineInputs {
            regions: (0..n)
                .map(|k| Region {
                    code: format!("R{k}"),
                    name: format!("R{k}"),
                })
                .collect(),
            sectors: vec![Sector {
                code: "ALL".into(),
                name: "all".into(),
                tradable: true,
            }],
            theta: vec![theta],
            flows,
            tariff: vec![0.0; n * n],
            export_tax: vec![0.0; n * n],
            va_share: vec![1.0; n],
            io_share: vec![0.0; n],
            alpha: vec![1.0; n],
        })
        .unwrap(),
    )
}

struct GeGravity {
    w: Vec<f64>,
    /// P̂ (not its −θ power).
    p: Vec<f64>,
    /// New flows, exporter × importer, as ge_gravity computes them.
    x_new: Vec<f64>,
    welfare: Vec<f64>,
}

/// ge_gravity's algorithm, written from its documentation.
fn ge_gravity(x: &[f64], n: usize, beta: &[f64], theta: f64, mult: bool) -> GeGravity {
    let y: Vec<f64> = (0..n).map(|i| (0..n).map(|j| x[i * n + j]).sum()).collect();
    let e0: Vec<f64> = (0..n).map(|j| (0..n).map(|i| x[i * n + j]).sum()).collect();
    let d: Vec<f64> = (0..n).map(|k| e0[k] - y[k]).collect();
    let pib: Vec<f64> = (0..n * n)
        .map(|c| x[c] / e0[c % n] * beta[c].exp())
        .collect();
    let (mut w, mut ph, mut e) = (vec![1.0; n], vec![1.0; n], e0.clone());
    let sy: f64 = y.iter().sum();
    let mut x_new = x.to_vec();
    for _ in 0..1_000_000 {
        for i in 0..n {
            let s: f64 = (0..n).map(|j| pib[i * n + j] * e[j] / ph[j]).sum();
            w[i] = (s / y[i]).powf(1.0 / (1.0 + theta));
        }
        let syw: f64 = (0..n).map(|i| y[i] * w[i]).sum();
        w.iter_mut().for_each(|v| *v *= sy / syw);
        for j in 0..n {
            ph[j] = (0..n).map(|i| pib[i * n + j] * w[i].powf(-theta)).sum();
        }
        for j in 0..n {
            e[j] = if mult {
                (y[j] + d[j]) * w[j]
            } else {
                y[j] * w[j] + d[j]
            };
        }
        let mut crit: f64 = 0.0;
        for i in 0..n {
            for j in 0..n {
                let v = pib[i * n + j] * w[i].powf(-theta) / ph[j] * e[j];
                crit = crit.max((v.ln() - x_new[i * n + j].ln()).abs());
                x_new[i * n + j] = v;
            }
        }
        if crit < 1e-14 {
            break;
        }
    }
    let p: Vec<f64> = ph.iter().map(|v| v.powf(-1.0 / theta)).collect();
    let welfare = (0..n)
        .map(|k| {
            if mult {
                w[k] / p[k]
            } else {
                (y[k] * w[k] + d[k]) / (y[k] + d[k]) / p[k]
            }
        })
        .collect();
    GeGravity {
        w,
        p,
        x_new,
        welfare,
    }
}

fn solve(
    b: &Arc<Baseline>,
    beta: &[f64],
    rule: DeficitRule,
) -> (truce_model::cp2015::Equilibrium, Outcome) {
    let n = b.dims().n;
    let theta = b.theta()[0];
    let mut p = Policy::baseline(b);
    p.set_deficit_rule(rule);
    for i in 0..n {
        for j in 0..n {
            if beta[i * n + j] != 0.0 {
                let d = partial_effect_cost(beta[i * n + j], theta).unwrap();
                p.set_trade_cost(b, j, i, 0, d).unwrap();
            }
        }
    }
    let eq = Engine::new(b.clone())
        .solve(&p, None, &mut NoObserver)
        .unwrap();
    let out = Outcome::new(b, &p, &eq);
    (eq, out)
}

fn arb_case() -> impl Strategy<Value = (usize, Vec<f64>, Vec<f64>, f64)> {
    (3usize..7).prop_flat_map(|n| {
        (
            Just(n),
            proptest::collection::vec(0.05f64..3.0, n * n),
            proptest::collection::vec(prop_oneof![Just(0.0), -0.3f64..0.6], n * n),
            2.0f64..8.0,
        )
    })
}

fn compare(n: usize, raw: &[f64], beta: &[f64], theta: f64, mult: bool) {
    // Domestic sales dominate, as in real data; partial effects only off the diagonal.
    let x: Vec<f64> = (0..n * n)
        .map(|c| {
            if c / n == c % n {
                5.0 + raw[c] * 3.0
            } else {
                raw[c]
            }
        })
        .collect();
    let beta: Vec<f64> = (0..n * n)
        .map(|c| if c / n == c % n { 0.0 } else { beta[c] })
        .collect();
    let b = world(&x, n, theta);
    let rule = if mult {
        DeficitRule::Multiplicative
    } else {
        DeficitRule::Fixed
    };
    let (eq, out) = solve(&b, &beta, rule);
    let gg = ge_gravity(&x, n, &beta, theta, mult);
    assert!(eq.info.identity_gap < 1e-12);
    assert!(eq.deficit.iter().sum::<f64>().abs() < 1e-9 * b.world_value_added());
    let (va, d0) = (b.value_added(), b.deficit());
    let lambda = if mult {
        (0..n).map(|k| va[k] * eq.w_hat[k]).sum::<f64>()
            / (0..n).map(|k| (va[k] + d0[k]) * eq.w_hat[k]).sum::<f64>()
    } else {
        1.0
    };
    for k in 0..n {
        let c = &out.countries[k];
        assert!(
            (eq.w_hat[k] - gg.w[k]).abs() < 1e-9,
            "ŵ {} vs {}",
            eq.w_hat[k],
            gg.w[k]
        );
        assert!(
            (eq.p_hat[k] - gg.p[k]).abs() < 1e-9,
            "P̂ {} vs {}",
            eq.p_hat[k],
            gg.p[k]
        );
        let ours = if mult {
            1.0 + c.real_wage_pct / 100.0
        } else {
            1.0 + c.real_income_pct.unwrap() / 100.0
        };
        assert!(
            (ours - gg.welfare[k]).abs() < 1e-9,
            "welfare {ours} vs {}",
            gg.welfare[k]
        );
        // Our real income is λ times the real wage under multiplicative deficits.
        let real_income = 1.0 + c.real_income_pct.unwrap() / 100.0;
        let expected = if mult {
            lambda * gg.w[k] / gg.p[k]
        } else {
            gg.welfare[k]
        };
        assert!((real_income - expected).abs() < 1e-9);
    }
    for i in 0..n {
        for j in 0..n {
            let ours = eq.trade_share[b.dims().nij(j, i, 0)] * eq.expenditure[b.dims().nj(j, 0)];
            let theirs = gg.x_new[i * n + j] * lambda;
            assert!(
                ((ours - theirs) / theirs).abs() < 1e-8,
                "flow {i}→{j}: {ours} vs {theirs}"
            );
        }
    }
}

proptest! {
    #![proptest_config(truce_testkit::seeded(48))]

    #[test]
    fn additive_deficits_solve_ge_gravitys_model((n, raw, beta, theta) in arb_case()) {
        compare(n, &raw, &beta, theta, false);
    }

    #[test]
    fn multiplicative_deficits_solve_ge_gravitys_model((n, raw, beta, theta) in arb_case()) {
        compare(n, &raw, &beta, theta, true);
    }
}

#[test]
fn multiplicative_equals_fixed_when_trade_is_balanced() {
    // A symmetric flow matrix has zero deficits: both rules must agree.
    let n = 4;
    let x: Vec<f64> = (0..n * n)
        .map(|c| {
            let (i, j) = (c / n, c % n);
            if i == j {
                10.0
            } else {
                1.0 + (i + j) as f64 * 0.1
            }
        })
        .collect();
    let b = world(&x, n, 4.0);
    assert!(b.deficit().iter().all(|d| d.abs() < 1e-12));
    let mut beta = vec![0.0; n * n];
    beta[1] = 0.4;
    beta[n + 2] = 0.2;
    let (a, _) = solve(&b, &beta, DeficitRule::Fixed);
    let (m, _) = solve(&b, &beta, DeficitRule::Multiplicative);
    for k in 0..n {
        assert!((a.w_hat[k] - m.w_hat[k]).abs() < 1e-10);
        assert!(m.deficit[k].abs() < 1e-9);
    }
}

#[test]
fn a_partial_effect_raises_flows_by_e_beta_at_given_prices() {
    let (beta, theta) = (0.224_249_01_f64, 4.0);
    let d = partial_effect_cost(beta, theta).unwrap();
    assert!((d.powf(-theta) - beta.exp()).abs() < 1e-12);
    assert!(partial_effect_cost(f64::NAN, theta).is_err());
    assert!(partial_effect_cost(beta, 0.0).is_err());
}
