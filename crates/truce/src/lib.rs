//! # truce: a simulator of trade wars and trade talks
//!
//! Brief overview. This facade holds the pipelines behind every command (load data → build a
//! policy → solve → measure → report) so that no front end orchestrates anything itself. It
//! re-exports the libraries underneath:
//!
//! * [`solve`]: fixed-point driver, termination values, observers;
//! * [`model`]: baselines, policies, the Caliendo–Parro engine, outcomes;
//! * [`data`]: readers and validation;
//! * [`report`]: tables, CSV and JSON.
//!
//! Pipelines: [`replicate::cp2015`] (the paper's NAFTA counterfactual, Table 2),
//! [`replicate::ossa2014`] (Ossa 2014, Tables 3–5), [`games`] (tariff wars and talks).

mod error;
pub mod games;
pub mod replicate;

pub use error::Error;
pub use truce_data as data;
pub use truce_game as game;
pub use truce_model as model;
pub use truce_ossa as ossa;
pub use truce_report as report;
pub use truce_solve as solve;
