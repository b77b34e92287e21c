//! The Caliendo–Parro (2015) model, solved in changes ("exact hat algebra").
//!
//! One module per equation block: [`input_cost`](self) (eq. 10, Cobb–Douglas), its nested CES
//! generalisation `nested_cost` (eq. 10 with cost shares that move with prices, selected by the
//! baseline's [`crate::Production`]), price index (eq. 11), trade shares (eq. 12), expenditure
//! (eq. 13), trade balance (eq. 14), welfare (eq. 16); the [`Engine`] runs the outer wage loop
//! (and the export-tax equivalents of binding quotas) around inner price and expenditure loops,
//! each Anderson-accelerated and warm-started.
//!
//! # Notation
//! | paper | Rust | layout | meaning |
//! |---|---|---|---|
//! | $\pi^j_{ni}$ | `trade_share` | `[j][n][i]` | share of n's sector-j spending on goods from i |
//! | $M^j_{ni}$ | `flows` | `[j][n][i]` | border value of n's imports from i (diagonal: domestic) |
//! | $\tau^j_{ni}$, $t^j_{ni}$ | `tariff`, `export_tax` | `[j][n][i]` | n's tariff on i; i's export tax on sales to n |
//! | $\hat d^j_{ni}$ | `trade_cost` | `[j][n][i]` | iceberg trade-cost change |
//! | $\hat\kappa^j_{ni}$ | `ln_kappa` | – | $\frac{1+\tau'}{1+\tau}\frac{1+t'}{1+t}\hat d$ |
//! | $\gamma^j_n$ | `va_share` | `[n][j]` | value-added share of gross output |
//! | $\gamma^{k,j}_n$ | `io_share` | `[n][k][j]` | inputs from k per unit of j's gross output |
//! | $\alpha^j_n$ | `alpha` | `[n][j]` | final-demand share |
//! | $\theta^j$ | `theta` | `[j]` | trade elasticity |
//! | $X^j_n$ | `expenditure` | `[n][j]` | spending gross of tariffs |
//! | $\hat w_n,\hat c^j_n,\hat P^j_n$ | `w_hat`, `c_hat`, `p_hat` | `[n]`, `[n][j]` | changes in wage, input cost, price |
//! | $Z_n$ | `excess_demand` | `[n]` | eq. (14) residual |
//!
//! # Algorithm
//! The outer unknown is ŵ (N values). For a given ŵ, the price system (10)–(11) is a
//! contraction in log P̂ and the expenditure system (13) is linear with column sums below one;
//! both are iterated to 1e-13 with Anderson acceleration, warm-started from the previous outer
//! iterate. The outer map is the authors' damped update ŵ ← ŵ − 0.2·Z/VA (Appendix C, step 6),
//! Anderson-accelerated and projected onto the numeraire Σ VAₙŵₙ = Σ VAₙ. It converges when
//! max |Zₙ|/VAₙ < 1e-10. No dense O((NJ)³) solve is ever made.
//!
//! # References
//! Caliendo, L. and Parro, F. (2015), *Review of Economic Studies* 82(1): 1–44; the equations
//! are restated in the repository's `docs/model-cp2015.md`.

mod adjoint;
mod equilibrium;
mod expenditure;
mod input_cost;
mod nested_cost;
mod params;
mod pattern;
mod price_index;
mod quota;
mod rebase;
mod solver;
mod trade_balance;
mod trade_share;
mod wage;
pub mod welfare;

pub use adjoint::{Linearised, NotCovered, PolicyDirection, RegionObjective, Sensitivity};
pub use equilibrium::{CostShares, Equilibrium, QuotaKind, QuotaSolution, SolveError, SolveInfo};
pub use params::EngineParams;
pub use solver::Engine;
pub use welfare::{consumer_price_index, decompose, real_income, Decomposition};
