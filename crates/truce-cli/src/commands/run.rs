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
    /// Add the sector view to the table output: output (quantity), price and unit cost by
    /// step × region × sector, for these sectors (comma-separated codes) or all of them.
    #[arg(long, value_name = "SECTORS", num_args = 0..=1, default_missing_value = "", value_delimiter = ',')]
    sectors: Option<Vec<String>>,
    /// Override ε_c, the elasticity between the critical-input nest and the other inputs
    /// (e.g. 0.5; 1 = Cobb–Douglas), after the scenario's [elasticities].
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    epsilon_c: Option<f64>,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    if let Some(e) = a.epsilon_c {
        if !(e.is_finite() && e > 0.0) {
            anyhow::bail!(truce::Error::Usage(format!(
                "--epsilon-c {e}: an elasticity must be finite and positive (1 = Cobb–Douglas, \
                 near 0 = Leontief)"
            )));
        }
    }
    let line = ProgressLine::new("solving steps");
    let progress = |done: usize, total: usize| line.steps(done, total);
    let opts = RunOptions {
        relative_to: a.relative_to,
        dataset: a.dataset,
        epsilon_c: a.epsilon_c,
        ..RunOptions::default()
    };
    let result = run_scenario(&a.scenario, &opts, &progress)
        .with_context(|| format!("running scenario {}", a.scenario.display()))?;
    drop(line);
    // The report first: a bad --sectors code fails before anything is written.
    let sectors: Option<Vec<String>> = a
        .sectors
        .map(|v| v.into_iter().filter(|s| !s.is_empty()).collect());
    let report = result.report_with(sectors.as_deref())?;
    if let Some(dir) = &a.out {
        result
            .write(dir)
            .with_context(|| format!("writing results to {}", dir.display()))?;
    }
    print(&report, a.format)?;
    Ok(())
}
