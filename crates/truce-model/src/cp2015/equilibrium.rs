//! What a solve returns: the equilibrium with its diagnostics, the cost shares under nested
//! CES production, each quota's solution, and the error when there is no equilibrium.

use crate::error::ModelError;
use crate::policy::Policy;
use std::time::Duration;
use thiserror::Error;
use truce_solve::Termination;

/// Diagnostics of a Caliendo–Parro solve.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveInfo {
    /// How the outer loop ended.
    pub termination: Termination,
    /// Outer (wage) iterations.
    pub iterations: usize,
    /// Inner price-loop iterations, summed over outer iterations.
    pub price_iterations: usize,
    /// Inner expenditure-loop iterations, summed.
    pub expenditure_iterations: usize,
    /// Final residual max |Zₙ|/VAₙ.
    pub residual: f64,
    /// Walras'-law gap Σₙ|Zₙ| / Σₙ VAₙ at the returned point.
    pub walras_gap: f64,
    /// Accounting identity |Σₙ Zₙ + Σₙ D'ₙ| / Σₙ VAₙ (zero up to rounding by construction).
    pub identity_gap: f64,
    /// Labour-market clearing residual max |ŵVA − Σⱼγʲₙ Y'ʲₙ| / VAₙ (implied by (13)–(14); its
    /// floor is set by how exactly the data's cost shares sum to one).
    pub labour_market_gap: f64,
    /// Wall time.
    pub elapsed: Duration,
}

/// The solver did not reach an equilibrium. Carries the diagnostics; never a result.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SolveError {
    /// The policy does not fit the baseline.
    #[error(transparent)]
    Policy(#[from] ModelError),
    /// The iteration ended without converging: the engine's diagnostics, and truce-solve's
    /// one non-convergence error (termination, residual, tolerance, what to try) as the source.
    #[error("the Caliendo–Parro equilibrium solver did not converge (outer wage loop)")]
    NotConverged(Box<SolveInfo>, #[source] truce_solve::NotConverged),
}

pub(super) fn hint(t: &Termination) -> &'static str {
    match t {
        Termination::MaxIters => "raise the iteration limit, or split the shock into steps and warm-start each from the last",
        Termination::Stalled => "the shock may be too large for the data (a price index near zero or infinity); check the policy for prohibitive rates",
        Termination::NonFinite(_) => "a price or wage became infinite or NaN: check for prohibitive trade costs or zero value added",
        Termination::Timeout => "raise the time limit",
        Termination::Cancelled => "the solve was cancelled",
        _ => "",
    }
}

/// A solved counterfactual: the changes ("hats") and the new levels, with diagnostics.
///
/// Layouts as in [`Dims`](crate::Dims). Nominal values are in base-year units under the numeraire
/// Σₙ VAₙ ŵₙ = Σₙ VAₙ (world GDP held constant).
#[derive(Debug, Clone, PartialEq)]
pub struct Equilibrium {
    /// ŵₙ.
    pub w_hat: Vec<f64>,
    /// ĉʲₙ, [`Dims::nj`](crate::Dims::nj).
    pub c_hat: Vec<f64>,
    /// P̂ʲₙ, [`Dims::nj`](crate::Dims::nj).
    pub p_hat: Vec<f64>,
    /// π'ʲₙᵢ, [`Dims::nij`](crate::Dims::nij) (dense).
    pub trade_share: Vec<f64>,
    /// X'ʲₙ, [`Dims::nj`](crate::Dims::nj).
    pub expenditure: Vec<f64>,
    /// Y'ʲₙ at producer prices, [`Dims::nj`](crate::Dims::nj).
    pub gross_output: Vec<f64>,
    /// I'ₙ = ŵₙVAₙ + R'ₙ + T'ₙ + D'ₙ.
    pub income: Vec<f64>,
    /// R'ₙ.
    pub tariff_revenue: Vec<f64>,
    /// T'ₙ.
    pub export_tax_revenue: Vec<f64>,
    /// D'ₙ.
    pub deficit: Vec<f64>,
    /// Zₙ at the solution.
    pub excess_demand: Vec<f64>,
    /// Diagnostics.
    pub info: SolveInfo,
    /// The cost shares at the solution when production is not Cobb–Douglas (they move with
    /// prices); `None` when they equal the baseline's.
    pub cost_shares: Option<CostShares>,
    /// Every export quota and supply cap of the policy, solved: its tax equivalent, quantity
    /// and rent (quotas first, in the policy's order, then caps).
    pub quotas: Vec<QuotaSolution>,
    // Warm-start state.
    pub(crate) ln_p: Vec<f64>,
    pub(crate) quota_z: Vec<f64>,
    /// The quotas' Jacobian estimate ∂ ln(quantity)/∂z (row-major), for the next solve.
    pub(crate) quota_jac: Vec<f64>,
}

/// Cost shares at a solution under nested CES production (they sum to one for every region ×
/// sector).
#[derive(Debug, Clone, PartialEq)]
pub struct CostShares {
    /// γ'ʲₙ: labour (value added) per unit of gross output, [`Dims::nj`](crate::Dims::nj).
    pub va_share: Vec<f64>,
    /// γ'^{k,j}_n: inputs from k per unit of j's gross output, [`Dims::nkj`](crate::Dims::nkj).
    pub io_share: Vec<f64>,
    /// Cost share of the critical composite (0 without a critical nest), [`Dims::nj`](crate::Dims::nj).
    pub critical_share: Vec<f64>,
}

/// What a quantity constraint caps: one bilateral flow, or a producer's whole output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaKind {
    /// An export quota on the sales to this importer.
    Export {
        /// Importer index.
        importer: usize,
    },
    /// A supply (capacity) cap on every sale of the producer, home sales included.
    Supply,
}

/// One export quota or supply cap at the solution.
///
/// The constraint is solved as a tax t_q levied on top of any explicit export tax t' of the
/// cells it covers, (1 + t_total) = (1 + t')(1 + t_q), with complementarity: t_q ≥ 0,
/// quantity ≤ cap, and t_q·(cap − quantity) = 0. The rent, t_q(1 + t')·V' (V' the producer
/// value of the sales covered), is the scarcity wedge between what buyers pay and the
/// producer's cost; it accrues to the exporting (producing) country — the licence holders of
/// an export quota, the owners of scarce capacity — inside its export-tax revenue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuotaSolution {
    /// Quota or cap.
    pub kind: QuotaKind,
    /// Exporter (producer) index.
    pub exporter: usize,
    /// Sector index.
    pub sector: usize,
    /// The cap, relative to the baseline quantity.
    pub level: f64,
    /// t_q, the tax equivalent (fraction; 0 where the cap does not bind).
    pub tax_equivalent: f64,
    /// Quantity relative to the baseline, (V'/V)/ĉ.
    pub quantity: f64,
    /// Whether the cap binds (t_q > 0).
    pub binding: bool,
    /// The rent, base-year units of the flows.
    pub rent: f64,
    /// Producer value of the sales covered at the solution, base-year units.
    pub producer_value: f64,
}

impl Equilibrium {
    /// The export taxes in force at the solution: the policy's, with every quota's tax
    /// equivalent stacked on its cell, (1 + t')(1 + t_q) − 1 ([`Dims::nij`](crate::Dims::nij)).
    pub fn export_tax_in_force(&self, p: &Policy) -> Vec<f64> {
        let mut t = p.export_tax().to_vec();
        let d = p.dims();
        for q in &self.quotas {
            let importers: Vec<usize> = match q.kind {
                QuotaKind::Export { importer } => vec![importer],
                QuotaKind::Supply => (0..d.n).collect(),
            };
            for n in importers {
                let c = d.nij(n, q.exporter, q.sector);
                t[c] = (1.0 + t[c]) * (1.0 + q.tax_equivalent) - 1.0;
            }
        }
        t
    }

    /// Whether a binding supply cap taxes home sales (such a state cannot become a baseline:
    /// a baseline has no tax on domestic sales).
    pub fn taxes_home_sales(&self) -> bool {
        self.quotas
            .iter()
            .any(|q| q.kind == QuotaKind::Supply && q.tax_equivalent > 0.0)
    }
}
