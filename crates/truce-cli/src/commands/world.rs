//! `truce data build-default`: rebuild the embedded default world (world2024) from its cited
//! facts and write it as a truce dataset.
//!
//! Wired as the `build-default` subcommand of `truce data` (commands/data.rs).

use crate::output::{print, FormatArg};
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `truce data build-default`.
#[derive(Debug, clap::Args)]
pub struct BuildDefaultArgs {
    /// Folder to write the dataset into (created if needed; its dataset files are replaced).
    #[arg(long, default_value = "data/world2024")]
    pub out: PathBuf,
    /// Folder holding facts.csv and wiod2011_structure.csv to build from (default: the copies
    /// of data/world2024_facts embedded in truce).
    #[arg(long)]
    pub facts: Option<PathBuf>,
    /// Output format of the calibration report.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

/// Run `truce data build-default`: build world2024, write it to `--out` and print the
/// calibration report.
pub fn run(a: BuildDefaultArgs) -> anyhow::Result<()> {
    let built =
        truce::build_default::build_default(&a.out, a.facts.as_deref()).with_context(|| {
            format!(
                "building the default world (world2024) into {}",
                a.out.display()
            )
        })?;
    print(&built.report(), a.format)?;
    Ok(())
}
