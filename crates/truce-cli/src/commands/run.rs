//! `truce run SCENARIO.toml`

use crate::output::{print, FormatArg};
use crate::progress::ProgressLine;
use anyhow::Context;
use std::path::PathBuf;
use truce::run::{run as run_scenario, RunOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file (see docs/scenarios.md).
    scenario: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Also write tidy tables (countries.csv, sectors.csv, bilateral.csv) and result.json
    /// into this folder (all or nothing).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Measure outcomes against this step (or `pre-war` with the record) instead of the
    /// dataset's baseline.
    #[arg(long, value_name = "STEP")]
    relative_to: Option<String>,
    /// Use this dataset instead of the one the scenario names (e.g. synthetic-world2024).
    #[arg(long, value_name = "NAME|DIR")]
    dataset: Option<String>,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let line = ProgressLine::new("solving steps");
    let progress = |done: usize, total: usize| line.steps(done, total);
    let opts = RunOptions {
        relative_to: a.relative_to,
        dataset: a.dataset,
        ..RunOptions::default()
    };
    let result = run_scenario(&a.scenario, &opts, &progress)
        .with_context(|| format!("running scenario {}", a.scenario.display()))?;
    drop(line);
    if let Some(dir) = &a.out {
        result
            .write(dir)
            .with_context(|| format!("writing results to {}", dir.display()))?;
    }
    print(&result.report(), a.format)?;
    Ok(())
}
