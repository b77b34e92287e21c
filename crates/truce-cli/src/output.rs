//! Printing a report in the chosen format, and what happens when the reader goes away.
//!
//! A closed pipe (`truce run … --format json | head -c 100`) is not an error: like ripgrep,
//! truce stops writing and exits 0 without a word ([`ClosedPipe`]). Any other failure to write
//! standard output (a full disk, a revoked file) is an error with exit code 1.

use clap::ValueEnum;
use std::io::Write;
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

/// The reader of standard output has gone away (`EPIPE`): the run ends quietly with exit 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedPipe;

impl std::fmt::Display for ClosedPipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("standard output was closed by its reader")
    }
}

impl std::error::Error for ClosedPipe {}

/// Write `bytes` to standard output and flush.
///
/// # Errors
/// [`ClosedPipe`] when the reader has closed the pipe; any other write error with context.
pub fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        Err(e) => Err(anyhow::Error::new(e).context("writing to standard output")),
    }
}

/// Set once from `--wide`: text tables as wide as their content instead of
/// [`truce::report::TEXT_WIDTH`] columns.
static WIDE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Record `--wide` (first call wins).
pub fn set_wide(wide: bool) {
    let _ = WIDE.set(wide);
}

/// Print a report to stdout: text tables within [`truce::report::TEXT_WIDTH`] columns unless
/// `--wide` was given.
///
/// # Errors
/// As [`write_stdout`].
pub fn print(report: &Report, format: FormatArg) -> anyhow::Result<()> {
    let max = (!WIDE.get().copied().unwrap_or(false)).then_some(truce::report::TEXT_WIDTH);
    write_stdout(report.render_within(format.into(), max).as_bytes())
}
