//! Errors a user can cause when building a baseline or a policy.

use thiserror::Error;

/// Where in a baseline or policy a bad value sits, by economic index (codes, not numbers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// Region (importer for trade cubes).
    pub region: Option<String>,
    /// Partner (exporter for trade cubes).
    pub partner: Option<String>,
    /// Sector.
    pub sector: Option<String>,
    /// Second sector (the input sector of an input–output share).
    pub input: Option<String>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if let Some(r) = &self.region {
            parts.push(format!("region {r}"));
        }
        if let Some(p) = &self.partner {
            parts.push(format!("partner {p}"));
        }
        if let Some(k) = &self.input {
            parts.push(format!("input sector {k}"));
        }
        if let Some(s) = &self.sector {
            parts.push(format!("sector {s}"));
        }
        if parts.is_empty() {
            write!(f, "(whole array)")
        } else {
            write!(f, "{}", parts.join(", "))
        }
    }
}

/// A baseline or policy failed validation.
///
/// The message names the field, the cell (by region/partner/sector code), the value and what
/// would fix it, e.g. `flows at region MEX, partner USA, sector Auto = -3: trade flows must be
/// non-negative`.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{field} at {location} = {value}: {problem}")]
pub struct ModelError {
    /// Field name, e.g. `flows`, `alpha`, `tariff`.
    pub field: String,
    /// The cell.
    pub location: Location,
    /// The offending value, printed.
    pub value: String,
    /// What is wrong and how to fix it.
    pub problem: String,
}

impl ModelError {
    pub(crate) fn new(
        field: impl Into<String>,
        location: Location,
        value: impl std::fmt::Display,
        problem: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            location,
            value: value.to_string(),
            problem: problem.into(),
        }
    }
}
