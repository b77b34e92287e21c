//! `truce compare A.json B.json`.

use crate::Header;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One of the two files compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompareSide {
    /// The path given.
    pub file: String,
    /// The command that wrote it.
    pub command: String,
    /// Its scenario (run), or `null`.
    pub scenario: Option<String>,
    /// What its outcomes are measured against.
    pub reference: String,
}

/// A field in A and B, and B − A (`null` when either is undefined).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diff {
    /// Value in A.
    pub a: Option<f64>,
    /// Value in B.
    pub b: Option<f64>,
    /// B − A.
    pub b_minus_a: Option<f64>,
}

impl Diff {
    /// The two values and their difference.
    pub fn of(a: Option<f64>, b: Option<f64>) -> Self {
        Self {
            a,
            b,
            b_minus_a: a.zip(b).map(|(a, b)| b - a),
        }
    }
}

/// One region in one pair of states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompareRow {
    /// The state: the step name (or date), or `A / B` when two differently named states are
    /// paired.
    pub step: String,
    /// Region code.
    pub code: String,
    /// Welfare, %.
    pub welfare_pct: Diff,
    /// Real wage, %.
    pub real_wage_pct: Diff,
    /// Consumer price index, %.
    pub price_index_pct: Diff,
    /// Terms of trade, %.
    pub terms_of_trade_pct: Diff,
    /// Exports, %.
    pub exports_pct: Diff,
    /// Imports, %.
    pub imports_pct: Diff,
}

/// `truce compare A.json B.json`: the difference between two results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompareOutput {
    /// Version, truce version, command.
    #[serde(flatten)]
    pub header: Header,
    /// File A.
    pub a: CompareSide,
    /// File B.
    pub b: CompareSide,
    /// One row per paired state × region.
    pub rows: Vec<CompareRow>,
    /// Caveats (e.g. two different references).
    pub notes: Vec<String>,
}

crate::output!(CompareOutput, "compare", "1.0", "compare");
