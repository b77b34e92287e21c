//! Re-basing: a solved counterfactual becomes a new, model-consistent baseline.

use super::equilibrium::Equilibrium;
use crate::baseline::{Baseline, BaselineInputs};
use crate::error::ModelError;
use crate::policy::Policy;

impl Equilibrium {
    /// The counterfactual as a new baseline: flows M' = π'X'/(1+τ') at border values, tariffs
    /// τ', export taxes t' (with every quota's tax equivalent in force); θ and α are kept
    /// (CP2015 §4.2 step B keeps α from the raw data), and so are γ under Cobb–Douglas; under
    /// nested CES production the cost shares at the solution become the new base shares, and
    /// the production structure is carried over.
    ///
    /// This is how the paper's zero-deficit 1993 base is built from the raw data (solve with
    /// τ' = τ and D' = 0, then re-base), how scenario steps are measured relative to each other,
    /// and how the game layer re-bases at a Nash equilibrium.
    ///
    /// # Errors
    /// If the new flows fail validation (they cannot unless the solve was not converged).
    pub fn rebase(&self, b: &Baseline, p: &Policy) -> Result<Baseline, ModelError> {
        let d = b.dims();
        let mut flows = vec![0.0; d.cube_len()];
        for j in 0..d.j {
            for n in 0..d.n {
                let x = self.expenditure[d.nj(n, j)];
                for i in 0..d.n {
                    let c = d.nij(n, i, j);
                    flows[c] = self.trade_share[c] * x / (1.0 + p.tariff()[c]);
                }
            }
        }
        let inp = b.inputs();
        let (va_share, io_share) = match &self.cost_shares {
            None => (inp.va_share.clone(), inp.io_share.clone()),
            Some(cs) => (cs.va_share.clone(), cs.io_share.clone()),
        };
        if self.taxes_home_sales() {
            return Err(ModelError::new(
                "supply_cap",
                crate::error::Location::default(),
                "binding",
                "a state where a supply cap binds taxes home sales, which a baseline cannot \
                 hold; measure it against the baseline or a state without binding caps",
            ));
        }
        let export_tax = if self.quotas.is_empty() {
            p.export_tax().to_vec()
        } else {
            self.export_tax_in_force(p)
        };
        Baseline::new(BaselineInputs {
            regions: inp.regions.clone(),
            sectors: inp.sectors.clone(),
            theta: inp.theta.clone(),
            flows,
            tariff: p.tariff().to_vec(),
            export_tax,
            va_share,
            io_share,
            alpha: inp.alpha.clone(),
        })?
        .with_production(b.production().clone())
    }
}
