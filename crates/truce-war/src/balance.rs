//! The packages' first step: the counterfactual that closes every trade deficit.
//!
//! `tariffwar` and `ustariff` never evaluate a policy on the data as observed: they first solve
//! the model with every deficit set to zero at factual tariffs (Dekle–Eaton–Kortum's
//! balanced-trade exercise, `balance_trade.m`: wages and incomes adjust, Cobb–Douglas
//! expenditure shares and trade shares as in the data), and take the resulting flows as the
//! baseline of every counterfactual. On truce's engine this is one solve with
//! [`DeficitRule::Zero`] followed by [`Equilibrium::rebase`](truce_model::cp2015::Equilibrium::rebase).

use crate::WarError;
use std::sync::Arc;
use truce_model::cp2015::{Engine, SolveInfo};
use truce_model::{Baseline, DeficitRule, ModelError, Policy};

/// Check that `b` is a baseline of the Lashkaripour (2021) model: no input–output links.
///
/// # Errors
/// [`WarError::Usage`] naming the first region × sector with a value-added share below 1.
pub fn check_model(b: &Baseline) -> Result<(), WarError> {
    let d = b.dims();
    for n in 0..d.n {
        for s in 0..d.j {
            let v = b.va_share()[d.nj(n, s)];
            if v != 1.0 {
                return Err(WarError::Usage(format!(
                    "the global war uses the multi-sector CES model without input–output links \
                     (Lashkaripour 2021), but this dataset has them (value-added share {v} for \
                     {} × {}); import a tariffwar MAT-file (`truce data import tariffwar`), or \
                     play the two-player war of the Caliendo–Parro engine (`truce war --players \
                     USA,CHN`)",
                    b.regions()[n].code,
                    b.sectors()[s].code
                )));
            }
        }
    }
    Ok(())
}

/// The trade-balanced baseline of `b`: every deficit closed at factual tariffs, re-based.
/// Returns it with the engine's diagnostics.
///
/// # Errors
/// [`WarError::Usage`] for input–output links; [`WarError::Solve`] when the engine does not
/// converge.
pub fn balanced_baseline(b: &Arc<Baseline>) -> Result<(Baseline, SolveInfo), WarError> {
    check_model(b)?;
    let mut p = Policy::baseline(b);
    p.set_deficit_rule(DeficitRule::Zero);
    let eq = Engine::new(b.clone()).solve(&p, None, &mut truce_solve::NoObserver)?;
    let nb = eq
        .rebase(b, &p)
        .map_err(|e: ModelError| WarError::Model(e))?;
    Ok((nb, eq.info))
}
