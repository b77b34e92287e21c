//! # truce: a simulator of trade wars and trade talks
//!
//! Brief overview. This facade holds the pipelines behind every command (load data → build a
//! policy → solve → measure → report) so that no front end orchestrates anything itself. It
//! re-exports the libraries underneath:
//!
//! * [`solve`]: fixed-point driver, termination values, observers;
//! * [`model`]: baselines, policies, the Caliendo–Parro engine, outcomes;
//! * [`data`]: readers and validation;
//! * [`world`]: the embedded default world (world2024) and its calibration;
//! * [`report`]: tables, CSV and JSON.
//!
//! Pipelines: [`replicate::cp2015`] (the paper's NAFTA counterfactual, Table 2);
//! [`data_cmd`] (`truce data import | aggregate | inspect`); [`replicate::ossa2014`] (Ossa
//! 2014, Tables 3–5); [`games`] (tariff wars and talks).

// Errors name the file, row, column, value and fix; they are cold-path values, so their size
// does not matter (clippy's `result_large_err` is about hot paths).
#![allow(clippy::result_large_err)]

pub mod compare;
pub mod data_cmd;
pub mod dataset;
mod error;
pub mod games;
pub mod replicate;
pub mod run;
pub mod timeline;

pub use error::Error;
pub use truce_data as data;
pub use truce_game as game;
pub use truce_model as model;
pub use truce_ossa as ossa;
pub use truce_output as output;
pub use truce_plot as plot;
pub use truce_report as report;
pub use truce_scenario as scenario;
pub use truce_solve as solve;
pub use truce_world as world;
