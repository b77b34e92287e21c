//! `truce compare A.json B.json`

use crate::output::{print, FormatArg};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// First result (JSON from `truce run` or `truce timeline`).
    a: PathBuf,
    /// Second result.
    b: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let report = truce::compare::compare(&a.a, &a.b)?;
    print(&report, a.format)?;
    Ok(())
}
