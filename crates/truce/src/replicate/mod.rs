//! Replications of published tables.

pub mod cp2015;
pub mod ossa2014;
pub mod ge_gravity;
pub mod gegravity;
