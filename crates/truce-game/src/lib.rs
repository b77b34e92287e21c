//! # truce-game: tariff games on any truce model
//!
//! Brief overview. A model family becomes playable by implementing [`Game`]: a vector of
//! policy instruments (each owned by a government, with bounds) mapped to every government's
//! payoff, with gradients. On any such game this crate computes
//!
//! * [`best_response()`]: one government's optimal instruments, the others fixed (optimal
//!   tariffs);
//! * [`nash()`]: the Nash equilibrium by iterated best responses (a trade war), with its
//!   convergence reported as a value (truce-solve's [`truce_solve::Info`]: termination, rounds,
//!   last largest move) and each player's first-order residual;
//! * [`cooperate()`]: efficient policies with equal welfare gains from a starting point (trade
//!   talks, Ossa 2014 §8), by an augmented Lagrangian method;
//! * [`bargain()`]: for two players, the bargaining frontier above a threat point and the Nash
//!   bargaining solution, with an optional side payment.
//!
//! Two games are provided: [`OssaGame`] (Ossa 2014, exact adjoint gradients) and [`CpGame`]
//! (the Caliendo–Parro engine on any baseline, finite-difference gradients in parallel). The
//! searches use [`maximize_box`] (projected Newton or projected L-BFGS). Nothing here prints:
//! progress goes to a [`truce_solve::Observer`]; every search and the rounds of [`nash()`] end
//! with a [`truce_solve::Termination`], which pipelines turn into truce-solve's
//! [`truce_solve::NotConverged`] when it is not `Converged`. The methods are described in `docs/games.md`.
//!
//! # Example
//! ```
//! use std::sync::Arc;
//! use truce_game::{nash, Game, NashOptions, OssaGame, OssaPayoff};
//! use truce_ossa::{testing::symmetric_state, Lambda};
//! // Two identical countries, two industries, 10 % tariffs: the trade war.
//! let st = Arc::new(symmetric_state(2, 2, 0.1));
//! let lambda = Arc::new(Lambda::ones(st.dims()));
//! let game = OssaGame::new(st.clone(), OssaPayoff::Government(lambda), 0.0, 10.0);
//! let x0 = game.profile_of(st.tariff());
//! let war = nash(&game, &x0, &NashOptions::default(), &mut truce_solve::NoObserver).unwrap();
//! assert!(war.info.termination.is_converged());
//! // Symmetric countries set the same Nash tariffs, higher than 10 %, and both lose.
//! assert!((war.x[0] - war.x[2]).abs() < 1e-6 && war.x[0] > 0.1);
//! assert!(war.payoffs[0] < 1.0);
//! ```
// Kernels index arrays by the paper's subscripts, which reads better than iterator chains.
#![allow(clippy::needless_range_loop)]

pub mod bargain;
pub mod best_response;
pub mod cooperate;
pub mod cp;
pub mod game;
pub mod nash;
pub mod objective;
pub mod optimize;
pub mod ossa;
pub mod political;

pub use bargain::{bargain, Bargain, BargainOptions, FrontierPoint};
pub use best_response::{best_response, first_order_residual, BestResponse, SearchSummary};
pub use cooperate::{cooperate, maximize_constrained, Constrained, CoopOptions};
pub use cp::{CpGame, CpGameError, TariffInstruments};
pub use game::{Game, Instrument, SecondOrder};
pub use nash::{nash, NashOptions, NashResult, Scheme};
pub use optimize::{kkt_residual, maximize_box, BoxOptions, BoxResult, Method, Smooth};
pub use ossa::{OssaGame, OssaPayoff};
