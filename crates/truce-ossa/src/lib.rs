//! # truce-ossa: Ossa (2014), "Trade Wars and Trade Talks with Data"
//!
//! Brief overview. A multi-industry model of monopolistic competition (Krugman) with a fixed
//! number of firms per industry, industry elasticities $\sigma_s$, ad-valorem import tariffs
//! whose revenue is rebated to the importer, industry profits $Y_{is}/\sigma_s$, and
//! political-economy weights $\lambda_{js}$ in the government objective. It is solved in
//! changes relative to a data state (the paper's purged, balanced baseline).
//!
//! * [`data::load`] reads and validates Ossa's replication files;
//! * [`State`] holds a data state $(X,t)$ and the baseline quantities of spec §2;
//! * [`solve`] solves the equilibrium in changes (spec §3) by Newton's method with the analytic
//!   Jacobian (2N = 14 unknowns); [`purge`] builds the balanced baseline (spec §4);
//! * [`welfare`] computes real income, the government objective $\hat G$ (spec §5), the
//!   reported quantities, and exact gradients of $\hat W$ and $\hat G$ with respect to every
//!   tariff by the adjoint (implicit-function) method (spec §10).
//!
//! The equations are restated in `docs/model-ossa2014.md`; the spec they follow is
//! `../shared/models/ossa2014.md`. The crate does no I/O beyond [`data::load`] and never prints.
//!
//! # Example
//! ```
//! use truce_ossa::{solve, NewtonParams, State};
//! // Two symmetric regions, one industry, 10 % tariffs both ways.
//! let st = State::new(
//!     vec!["A".into(), "B".into()], vec!["x".into()], vec![4.0],
//!     vec![10.0, 2.0, 2.0, 10.0], vec![0.0, 0.1, 0.1, 0.0],
//! ).unwrap();
//! let mut t = st.tariff().to_vec();
//! t[st.dims().ijs(1, 0, 0)] = 0.2; // A raises its tariff on B to 20 %
//! let sol = solve(&st, &t, &[0.0, 0.0], None, &NewtonParams::default()).unwrap();
//! assert!(sol.info.residual < 1e-12);
//! ```
//!
//! # References
//! Ossa, R. (2014), "Trade Wars and Trade Talks with Data", *American Economic Review*
//! 104(12): 4104–4146.

// Kernels index arrays by the paper's subscripts (i, j, s), which reads better than iterator
// chains; `DataError` (owned by truce-data) is large but only travels on the cold error path.
#![allow(clippy::needless_range_loop, clippy::result_large_err)]

pub mod data;
mod dims;
mod equilibrium;
mod error;
pub mod hessian;
mod scalar;
mod state;
/// Seeded random and symmetric Ossa states for tests and examples (feature `testing`).
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod welfare;

pub use dims::OssaDims;
pub use equilibrium::{purge, solve, solve_in, solve_observed, NewtonParams, Solution, Workspace};
pub use error::OssaError;
pub use hessian::{weighted_hessian, PayoffHessian};
pub use state::{median, State};
pub use welfare::{
    government_welfare, payoff_gradient, payoffs, real_income, region_results, weighted_gradient,
    Lambda, Measure, RegionResult, Version,
};
