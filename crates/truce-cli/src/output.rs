//! Printing a report in the chosen format, and what happens when the reader goes away.
//!
//! A closed pipe (`truce run … --format json | head -c 100`) is not an error: like ripgrep,
//! truce stops writing and exits 0 without a word ([`ClosedPipe`]). Any other failure to write
//! standard output (a full disk, a revoked file) is an error with exit code 1.

use anyhow::Context;
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};
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
    /// The tidy table as a Parquet file (needs --output FILE; typed columns, readable by
    /// pandas and polars).
    Parquet,
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

/// Set once from `--output FILE`: the result goes to this file instead of standard output.
static OUTPUT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

/// Record `--wide` (first call wins).
pub fn set_wide(wide: bool) {
    let _ = WIDE.set(wide);
}

/// Record `--output` (first call wins).
pub fn set_output(path: Option<PathBuf>) {
    let _ = OUTPUT.set(path);
}

fn is_parquet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// The format a result is written in: `--format`, or Parquet for an `--output FILE.parquet`
/// when `--format` was left at its default.
fn effective(format: FormatArg, output: Option<&Path>) -> FormatArg {
    match output {
        Some(p) if format == FormatArg::Table && is_parquet(p) => FormatArg::Parquet,
        _ => format,
    }
}

/// Check `--format` against `--output` before any work is done: Parquet needs a file, a
/// `.parquet` file needs Parquet, and `--output` needs a command that prints a result.
///
/// `matches` are those of the innermost subcommand (where `--format` lives and the global
/// `--output` is propagated).
///
/// # Errors
/// A clap usage error (exit 2) naming the flags and the fix.
pub fn check_output(
    cmd: &mut clap::Command,
    matches: &clap::ArgMatches,
) -> Result<(), clap::Error> {
    use clap::error::ErrorKind;
    let output = matches.try_get_one::<PathBuf>("output").ok().flatten();
    let format = matches
        .try_get_one::<FormatArg>("format")
        .ok()
        .flatten()
        .copied();
    let explicit = matches.value_source("format") == Some(clap::parser::ValueSource::CommandLine);
    match (format, output) {
        (None, Some(p)) => Err(cmd.error(
            ErrorKind::ArgumentConflict,
            format!(
                "--output {}: this command prints no result to write (it writes its own files; see its --out or --help)",
                p.display()
            ),
        )),
        (Some(FormatArg::Parquet), None) => Err(cmd.error(
            ErrorKind::MissingRequiredArgument,
            "--format parquet writes a binary file, not text for standard output: add --output FILE.parquet (standard output takes --format table, json or csv)",
        )),
        (Some(f @ (FormatArg::Json | FormatArg::Csv)), Some(p)) if explicit && is_parquet(p) => {
            Err(cmd.error(
                ErrorKind::ArgumentConflict,
                format!(
                    "--output {} is a Parquet file but --format is {}: use --format parquet, or name the file .{}",
                    p.display(),
                    if f == FormatArg::Json { "json" } else { "csv" },
                    if f == FormatArg::Json { "json" } else { "csv" },
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// Print a report to stdout (text tables within [`truce::report::TEXT_WIDTH`] columns unless
/// `--wide` was given), or with `--output FILE` write it to FILE atomically (whole or not at
/// all), Parquet for `--format parquet` or a `.parquet` FILE.
///
/// # Errors
/// As [`write_stdout`]; a file that cannot be written, named; Parquet without a file or for
/// a result without a tidy table.
pub fn print(report: &Report, format: FormatArg) -> anyhow::Result<()> {
    let max = (!WIDE.get().copied().unwrap_or(false)).then_some(truce::report::TEXT_WIDTH);
    let output = OUTPUT.get().and_then(Option::as_deref);
    let bytes = match effective(format, output) {
        FormatArg::Parquet => report.to_parquet()?,
        FormatArg::Table => report.render_within(Format::Table, max).into_bytes(),
        FormatArg::Json => report.render_within(Format::Json, max).into_bytes(),
        FormatArg::Csv => report.render_within(Format::Csv, max).into_bytes(),
    };
    match output {
        None if format == FormatArg::Parquet => {
            anyhow::bail!("--format parquet writes a binary file: add --output FILE.parquet")
        }
        None => write_stdout(&bytes),
        Some(path) => {
            truce::report::write_atomic(path, &bytes)
                .with_context(|| format!("writing --output {}", path.display()))?;
            eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
            Ok(())
        }
    }
}
