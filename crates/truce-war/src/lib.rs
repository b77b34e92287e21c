//! # truce-war: global tariff wars in the Lashkaripour (2021) model
//!
//! Brief overview. The model of the `tariffwar` and `ustariff` packages is multi-sector CES
//! demand (Cobb–Douglas across sectors), one factor, no input–output links, tariff revenue
//! rebated: truce's Caliendo–Parro engine with value-added share 1 and θ = σ − 1. This crate
//! adds what the engine does not have:
//!
//! * [`balance`]: the packages' first step, the counterfactual that closes every trade deficit
//!   at factual tariffs (solved on the engine, then re-based): every result is measured from
//!   this balanced baseline;
//! * [`system`]: the equilibrium in (ŵ, Ŷ) together with the optimal-tariff formula of
//!   Lashkaripour (2021, eq. (14)) for any set of players, with its **analytic Jacobian**;
//! * [`newton`]: Newton with a line search on that system (the packages use finite-difference
//!   Jacobians in `fsolve`, which is why they are slow and fail on large stiff cases);
//! * [`war`]: the global Nash war (every country, or any list, a player), the optimal
//!   unilateral tariff of one country, and the retaliation of partners to a given schedule;
//! * [`scenario`]: the US policy scenarios of `ustariff` (Liberation Day, uniform, targeted,
//!   optimal) with retaliation `none | reciprocal | nash`;
//! * [`synthetic`]: synthetic worlds for scale tests and benchmarks.
//!
//! The crate does no I/O and never prints.
//!
//! # References
//! Lashkaripour, A. (2021), "The Cost of a Global Tariff War: A Sufficient-Statistics
//! Approach", *Journal of International Economics* 131: 103489. Ignatenko, A., Lashkaripour,
//! A., Macedoni, L. and Simonovska, I. (2025), "Making America Great Again? The Economic
//! Impacts of Liberation Day Tariffs", *Journal of International Economics* 157.

// Validation errors carry the cell's codes and a fix; cold-path values.
#![allow(clippy::result_large_err)]
// Economic code indexes several arrays with the paper's indices (n, i, s, k) at once.
#![allow(clippy::needless_range_loop)]

pub mod balance;
mod error;
pub mod newton;
pub mod scenario;
pub mod synthetic;
pub mod system;
pub mod war;

pub use error::WarError;
pub use newton::{NewtonInfo, NewtonParams};
pub use system::{System, TariffRegime};
pub use war::{solve_regime, CountryResult, Solution};
