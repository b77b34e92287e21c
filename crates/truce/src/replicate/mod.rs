//! Replications of published tables.

pub mod cp2015;
pub mod ge_gravity;
pub mod gegravity;
pub mod ossa2014;
