//! # truce-report: one renderer for every result
//!
//! Brief overview. Every command builds a [`Report`]: a JSON value (the machine-readable
//! result: one of the typed, versioned outputs of [`truce_output`], built with
//! [`Report::of`]), one or more [`Table`]s (what a person reads), and notes. The
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

mod parquet_file;
mod tidy;
pub use outcome::{country_results, solver_info, OutcomeJsonOptions};
pub use parquet_file::{tidy_to_parquet, to_parquet};
pub use table::{wrap, wrap_indented, Align, Cell, Column, Table, MIN_TEXT_WIDTH};
pub use tidy::{days_since_epoch, TidyColumn, TidyError, TidyTable, Values};
pub use truce_data::{write_atomic, write_files_atomic, WriteError};
pub use truce_output as output;

use serde::Serialize;

/// How wide the text of [`Format::Table`] may be by default: tables shorten their text
/// columns and notes wrap to fit ([`Report::render_within`]; the CLI's `--wide` lifts it).
pub const TEXT_WIDTH: usize = 120;

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
    /// A report of a typed output (one of [`truce_output`]'s types), with no tables yet.
    pub fn of<T: truce_output::Output>(output: &T) -> Self {
        Self::new(serde_json::to_value(output).expect("output types always serialise"))
    }

    /// A report with this JSON and no tables yet (tests and examples; commands use
    /// [`Report::of`]).
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

    /// The tidy table of the output this report carries ([`TidyTable::of_output`]): its rows
    /// are named by [`truce_output::tidy_rows`] for the output's `command`, its columns and
    /// types by the output's JSON Schema.
    ///
    /// # Errors
    /// [`TidyError::NoRows`] when the report carries no typed output with tidy rows.
    pub fn tidy(&self) -> Result<TidyTable, TidyError> {
        let command = self
            .json
            .get("command")
            .and_then(|c| c.as_str())
            .unwrap_or("");
        let no_rows = || TidyError::NoRows {
            command: command.to_string(),
        };
        let schema = truce_output::all_schemas()
            .into_iter()
            .find(|(_, c, _, _)| *c == command)
            .map(|(_, _, _, s)| s)
            .ok_or_else(no_rows)?;
        TidyTable::of_output(
            command,
            &self.json,
            &schema,
            truce_output::tidy_rows(command),
        )
    }

    /// The tidy table as the bytes of a Parquet file (`--format parquet`).
    ///
    /// # Errors
    /// As [`Report::tidy`].
    pub fn to_parquet(&self) -> Result<Vec<u8>, TidyError> {
        self.tidy().map(|t| tidy_to_parquet(&t))
    }

    /// Render in `format`, tables and notes within [`TEXT_WIDTH`] columns. Table output ends
    /// with the notes; CSV prints the first table at full precision; JSON pretty-prints the
    /// value.
    pub fn render(&self, format: Format) -> String {
        self.render_within(format, Some(TEXT_WIDTH))
    }

    /// As [`Report::render`], with text tables and notes at most `max_width` columns wide
    /// (`None`: as wide as their content). CSV and JSON are never cut.
    pub fn render_within(&self, format: Format, max_width: Option<usize>) -> String {
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
                    s.push_str(&t.to_text_within(max_width));
                }
                if !self.notes.is_empty() {
                    s.push('\n');
                    for n in &self.notes {
                        let note = format!("Note: {n}");
                        match max_width {
                            Some(w) => s.push_str(&wrap_indented(&note, w, "      ")),
                            None => s.push_str(&note),
                        }
                        s.push('\n');
                    }
                }
                s
            }
        }
    }
}
