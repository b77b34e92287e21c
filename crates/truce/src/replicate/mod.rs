//! Replications of published tables.

pub mod cp2015;
