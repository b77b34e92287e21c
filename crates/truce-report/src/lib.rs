//! # truce-report: one renderer for every result
//!
//! Brief overview. Every command builds a [`Report`]: a JSON value (the machine-readable
//! result, with a stable shape), one or more [`Table`]s (what a person reads), and notes. The
//! same report renders as an aligned text table, CSV or JSON ([`Format`]), so the CLI and any
//! other front end cannot disagree. [`write_atomic`] writes output files through a temporary
//! file and a rename, so a failed run never leaves a partial file.
//!
//! # Example
//! ```
//! use truce_report::{Cell, Format, Report, Table};
//! let mut t = Table::new("Welfare", &["country", "welfare %"]);
//! t.push(vec![Cell::text("MEX"), Cell::num(1.3121, 2)]);
//! let r = Report::new(serde_json::json!({"countries": []})).with_table(t);
//! assert!(r.render(Format::Table).contains("1.31"));
//! assert!(r.render(Format::Csv).starts_with("country,welfare %"));
//! ```

mod outcome;
mod table;

pub use outcome::{outcome_json, solver_json, OutcomeJsonOptions};
pub use table::{Align, Cell, Column, Table};
pub use truce_data::{write_atomic, write_files_atomic, WriteError};

use serde::Serialize;

/// Output format of every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Aligned text tables for people.
    #[default]
    Table,
    /// The JSON value, pretty-printed.
    Json,
    /// The first table as CSV, full precision.
    Csv,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            other => Err(format!("unknown format `{other}`; use table, json or csv")),
        }
    }
}

/// A rendered result: JSON, tables and notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The machine-readable result.
    pub json: serde_json::Value,
    /// Tables for people; the first is the one CSV output prints.
    pub tables: Vec<Table>,
    /// Notes printed under the tables (caveats, what the numbers mean).
    pub notes: Vec<String>,
}

impl Report {
    /// A report with this JSON and no tables yet.
    pub fn new(json: serde_json::Value) -> Self {
        Self {
            json,
            tables: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Add a table.
    pub fn with_table(mut self, t: Table) -> Self {
        self.tables.push(t);
        self
    }

    /// Add a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Render in `format`. Table output ends with the notes; CSV prints the first table at full
    /// precision; JSON pretty-prints the value.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => {
                let mut s = serde_json::to_string_pretty(&self.json)
                    .expect("serde_json::Value always serialises");
                s.push('\n');
                s
            }
            Format::Csv => self.tables.first().map(Table::to_csv).unwrap_or_default(),
            Format::Table => {
                let mut s = String::new();
                for (k, t) in self.tables.iter().enumerate() {
                    if k > 0 {
                        s.push('\n');
                    }
                    s.push_str(&t.to_text());
                }
                if !self.notes.is_empty() {
                    s.push('\n');
                    for n in &self.notes {
                        s.push_str("Note: ");
                        s.push_str(n);
                        s.push('\n');
                    }
                }
                s
            }
        }
    }
}
