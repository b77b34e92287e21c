//! Scale: the global war converges on a synthetic 135 × 154 world with heterogeneous
//! elasticities (σ from 1.5 to 15), where the packages' solver does not (speed: the criterion
//! bench `global_war`).

use std::sync::Arc;
use truce_war::balance::balanced_baseline;
use truce_war::synthetic::world;
use truce_war::war::{solve_regime, war_regime};
use truce_war::NewtonParams;

#[test]
fn the_war_converges_on_a_135_by_154_world_with_heterogeneous_elasticities() {
    let raw = Arc::new(world(135, 154, 1.5, 15.0, 2021));
    let (b, _) = balanced_baseline(&raw).unwrap();
    let b = Arc::new(b);
    let all: Vec<usize> = (0..135).collect();
    let sol = solve_regime(
        &b,
        war_regime(&b, &all),
        &NewtonParams::default(),
        "war",
        false,
    )
    .unwrap();
    eprintln!(
        "135 x 154: {} Newton iterations, residual {:.1e}, {:?}",
        sol.newton.iterations, sol.newton.residual, sol.newton.elapsed
    );
    assert!(sol.newton.converged && sol.newton.residual <= 1e-10);
    // Every tariff is the formula's: positive, at most 100 %.
    assert!(sol.player_tariffs.iter().all(|&t| t > 0.0 && t <= 1.0));
}

#[test]
fn a_war_that_does_not_converge_is_an_error_with_the_residual_never_a_result() {
    let raw = Arc::new(world(12, 6, 1.5, 15.0, 7));
    let (b, _) = balanced_baseline(&raw).unwrap();
    let b = Arc::new(b);
    let all: Vec<usize> = (0..12).collect();
    let params = NewtonParams {
        max_iter: 1,
        ..NewtonParams::default()
    };
    let e = solve_regime(
        &b,
        war_regime(&b, &all),
        &params,
        "global Nash tariff war",
        false,
    )
    .unwrap_err();
    // truce-solve's one non-convergence error is in the chain: the CLI exits with 3.
    assert!(e.is_not_converged());
    let nc = truce_solve::NotConverged::in_chain(&e).unwrap();
    assert_eq!(nc.info.termination, truce_solve::Termination::MaxIters);
    assert_eq!(nc.info.iterations, 1);
    assert!(nc.info.residual > 1e-10);
    let msg = format!("{e}: {}", nc);
    assert!(
        msg.contains("global Nash tariff war") && msg.contains("did not converge"),
        "{msg}"
    );
    assert!(
        msg.contains("residual") && msg.contains("iteration limit (1) reached"),
        "{msg}"
    );
}
