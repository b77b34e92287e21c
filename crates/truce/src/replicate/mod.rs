//! Replications of published tables.

pub mod cp2015;
pub mod ossa2014;
