//! # truce-data: reading, validating and building the data truce runs on
//!
//! Brief overview. Every file is validated once, at the boundary; every error names the file,
//! the row, the column, the value and what would fix it ([`DataError`]).
//!
//! * [`matrix`]: headerless numeric matrices as replication packages ship them;
//! * [`dataset`]: truce's own dataset format (manifest + tidy CSV tables);
//! * [`cp2015`]: the Caliendo–Parro (2015) replication files;
//! * [`aggregate`]: aggregation to coarser regions and sectors;
//! * [`inspect`]: a readable summary of a dataset (GDP, openness, residuals, warnings);
//! * [`ossa2014`]: the one reader of Ossa's (2014) replication files (the model and the
//!   importer both use it);
//! * [`import`]: importers (CP2015, Ossa 2014, WIOD, OECD ICIO) that build datasets;
//! * region-code aliases and "did you mean" suggestions ([`canonical_region`], [`suggest`]);
//! * atomic multi-file output ([`write_files_atomic`]);
//! * [`tidy`]: strict tidy-CSV reading shared by the readers here and by calibrations built on
//!   this crate (the default world, `truce-world`).

// Errors name the file, row, column, value and fix; they are cold-path values, so their size
// does not matter (clippy's `result_large_err` is about hot paths).
#![allow(clippy::result_large_err)]

pub mod aggregate;
mod atomic;
mod codes;
pub mod cp2015;
pub mod dataset;
mod error;
pub mod import;
pub mod inspect;
pub mod matrix;
pub mod ossa2014;
pub mod tidy;

pub use atomic::{remove_in_flight, write_atomic, write_files_atomic, WriteError};
pub use codes::{canonical_region, did_you_mean, suggest, REGION_ALIASES};
pub use dataset::{read_dataset, read_dataset_from_memory, write_dataset, Dataset, Manifest};
pub use error::{DataError, DataErrorKind};
