//! # truce-model: baselines, policies, and the general-equilibrium engine
//!
//! Brief overview. A [`Baseline`] is a validated initial equilibrium (trade flows, tariffs,
//! input–output structure, final-demand shares, trade elasticities). A [`Policy`] holds the
//! counterfactual level of every instrument: import tariffs (importer × exporter × sector),
//! export taxes (levied by the exporter, revenue to the exporter: how export restrictions such
//! as China's rare-earth controls enter) and iceberg trade costs. The [`cp2015::Engine`] solves
//! the Caliendo–Parro (2015) equilibrium in changes, and [`Outcome`] turns the solution into
//! welfare, real wages, prices, output and trade by region, sector and partner.
//!
//! [`suggest`] holds the one "did you mean" rule every crate uses in its error messages.
//!
//! The crate does no I/O and never prints; progress is reported through
//! [`truce_solve::Observer`].
//!
//! # Example
//! ```
//! use std::sync::Arc;
//! use truce_model::{cp2015::Engine, testing::symmetric_world, Outcome, Policy};
//! let b = Arc::new(symmetric_world(2, 2));
//! let mut p = Policy::baseline(&b);
//! p.set_tariff(&b, 0, 1, 0, 0.10).unwrap();
//! let eq = Engine::new(b.clone()).solve(&p, None, &mut truce_solve::NoObserver).unwrap();
//! let out = Outcome::new(&b, &p, &eq);
//! // A small tariff by a large country improves its terms of trade.
//! assert!(out.countries[0].terms_of_trade_pct > 0.0);
//! ```

// Validation errors carry the cell's codes and a fix; they are cold-path values, so their size
// does not matter (clippy's `result_large_err` is about hot paths).
#![allow(clippy::result_large_err)]
// Economic code indexes several arrays with the paper's indices (n, i, j, k) at once.
#![allow(clippy::needless_range_loop)]

pub mod baseline;
pub mod cp2015;
mod dims;
mod error;
pub mod outcome;
pub mod policy;
pub mod production;
pub mod suggest;
/// Seeded random and symmetric worlds for tests, benchmarks and examples (feature `testing`;
/// never compiled into the `truce` binary).
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use baseline::{Baseline, BaselineInputs};
pub use dims::{Dims, Region, Sector};
pub use error::{Location, ModelError};
pub use outcome::{BilateralOutcome, CountryOutcome, Outcome, QuotaOutcome, SectorOutcome};
pub use policy::{DeficitRule, ExportQuota, Policy, SupplyCap};
pub use production::{CriticalNest, Production};
pub use truce_solve as solve;
