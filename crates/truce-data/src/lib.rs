//! # truce-data: reading, validating and building the data truce runs on
//!
//! Brief overview. Every file is validated once, at the boundary; every error names the file,
//! the row, the column, the value and what would fix it ([`DataError`]).
//!
//! * [`matrix`]: headerless numeric matrices as replication packages ship them;
//! * [`cp2015`]: the Caliendo–Parro (2015) replication files.

pub mod cp2015;
mod error;
pub mod matrix;

pub use error::{DataError, DataErrorKind};
