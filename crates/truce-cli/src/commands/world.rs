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
    /// Folder to write the rare-earth variant world2024-ree into (default: the --out folder's
    /// name with `-ree` appended, e.g. data/world2024-ree).
    #[arg(long, value_name = "DIR")]
    pub out_ree: Option<PathBuf>,
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
    let out_ree = a
        .out_ree
        .clone()
        .unwrap_or_else(|| truce::build_default::ree_folder(&a.out));
    let built = truce::build_default::build_default(&a.out, &out_ree, a.facts.as_deref())
        .with_context(|| {
            format!(
                "building the default world (world2024) into {} and world2024-ree into {}",
                a.out.display(),
                out_ree.display()
            )
        })?;
    print(&built.report(), a.format)?;
    Ok(())
}
