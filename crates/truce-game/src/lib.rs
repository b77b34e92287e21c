//! # truce-game: tariff games on any truce model
//!
//! placeholder
#![allow(clippy::needless_range_loop)]

pub mod bargain;
pub mod best_response;
pub mod cooperate;
pub mod cp;
pub mod game;
pub mod linalg;
pub mod nash;
pub mod objective;
pub mod optimize;
pub mod ossa;

pub use bargain::{bargain, Bargain, BargainOptions, FrontierPoint};
pub use best_response::{best_response, first_order_residual, BestResponse, SearchSummary};
pub use cooperate::{cooperate, maximize_constrained, Constrained, CoopOptions};
pub use cp::{CpGame, CpGameError, TariffInstruments};
pub use game::{Game, Instrument};
pub use nash::{nash, NashOptions, NashResult, NashStatus, Scheme};
pub use optimize::{kkt_residual, maximize_box, BoxOptions, BoxResult, Method, Smooth};
pub use ossa::{OssaGame, OssaPayoff};
