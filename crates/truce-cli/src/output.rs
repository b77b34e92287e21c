//! Printing a report in the chosen format.

use clap::ValueEnum;
use truce::report::{Format, Report};

/// `--format table|json|csv`, shared by every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum FormatArg {
    /// Aligned text tables.
    #[default]
    Table,
    /// JSON (stable shape, for scripts).
    Json,
    /// CSV of the main table, full precision.
    Csv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
        }
    }
}

/// Print a report to stdout.
pub fn print(report: &Report, format: FormatArg) {
    print!("{}", report.render(format.into()));
}
