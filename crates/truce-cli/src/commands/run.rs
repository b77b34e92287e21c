//! `truce run SCENARIO.toml`

use crate::output::{print, FormatArg};
use crate::progress::ProgressLine;
use anyhow::Context;
use std::path::PathBuf;
use truce::run::{run as run_scenario, RunOptions};
use truce::war::scenario::Retaliation;

/// `--retaliation` values (a bad one is a command-line error, exit 2).
pub fn parse_retaliation(s: &str) -> Result<Retaliation, String> {
    s.parse()
}

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
    /// US-tariff scenarios (kind = "us-tariff"): how partners respond: none, reciprocal (they
    /// mirror the US rate on US goods) or nash (optimal uniform tariffs, Lashkaripour 2021).
    #[arg(long, value_name = "none|reciprocal|nash", value_parser = parse_retaliation)]
    retaliation: Option<Retaliation>,
    /// US-tariff scenarios: add the scenario rate on top of the factual tariff instead of
    /// replacing it (the package replaces it).
    #[arg(long)]
    on_top: bool,
    /// US-tariff scenarios: also draw the world map of welfare changes (.png or .svg).
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,
    /// Add the sector view to the table output: output (quantity), price and unit cost by
    /// step × region × sector, for these sectors (comma-separated codes) or all of them.
    #[arg(long, value_name = "SECTORS", num_args = 0..=1, default_missing_value = "", value_delimiter = ',')]
    sectors: Option<Vec<String>>,
    /// Override ε_c, the elasticity between the critical-input nest and the other inputs
    /// (e.g. 0.5; 1 = Cobb–Douglas), after the scenario's [elasticities].
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    epsilon_c: Option<f64>,
    /// Uncertainty bands: solve the scenario for N draws of the trade elasticities and print
    /// the median and 5–95 % band (a shortcut for `truce sweep --draws N`; with --out the
    /// sweep's files are written there).
    #[arg(long, value_name = "N")]
    bands: Option<usize>,
    /// Seed of the draws of --bands.
    #[arg(long, default_value_t = 0, requires = "bands")]
    seed: u64,
    /// With --bands: draw the bands to this file (.png or .svg), as `truce sweep --plot`.
    #[arg(long, value_name = "FILE", requires = "bands")]
    plot: Option<PathBuf>,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    if truce::us_scenarios::is_us_scenario(&a.scenario) {
        return run_us(a);
    }
    if a.retaliation.is_some() || a.on_top || a.map.is_some() {
        anyhow::bail!("--retaliation, --on-top and --map apply to scenario files of kind \"us-tariff\" (e.g. scenarios/liberation-day-ustariff.toml)");
    }
    if let Some(e) = a.epsilon_c {
        if !(e.is_finite() && e > 0.0) {
            anyhow::bail!(truce::Error::Usage(format!(
                "--epsilon-c {e}: an elasticity must be finite and positive (1 = Cobb–Douglas, \
                 near 0 = Leontief)"
            )));
        }
    }
    if let Some(n) = a.bands {
        if a.sectors.is_some() {
            anyhow::bail!("--sectors applies to one solve; with --bands the sweep's bands are by region (drop --sectors)");
        }
        let opts = truce::sweep::SweepOptions {
            draws: n,
            seed: a.seed,
            out: a.out,
            run: RunOptions {
                relative_to: a.relative_to,
                dataset: a.dataset,
                epsilon_c: a.epsilon_c,
                ..RunOptions::default()
            },
            ..Default::default()
        };
        let plot = super::sweep::PlotArgs {
            file: a.plot,
            outcome: "welfare_pct".into(),
        };
        return super::sweep::run_sweep(&a.scenario, &opts, a.format, &plot);
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

/// `truce run` on a `kind = "us-tariff"` scenario file.
fn run_us(a: Args) -> anyhow::Result<()> {
    if a.sectors.is_some() || a.epsilon_c.is_some() || a.bands.is_some() {
        anyhow::bail!(
            "--sectors, --epsilon-c and --bands apply to Caliendo–Parro scenario files; {} is a \
             US-tariff scenario (Lashkaripour 2021, no input–output nests): drop them",
            a.scenario.display()
        );
    }
    if let Some(step) = &a.relative_to {
        anyhow::bail!(
            "--relative-to {step}: a US-tariff scenario has no steps; its results are against \
             the trade-balanced baseline (drop --relative-to)"
        );
    }
    let Some(dsname) = &a.dataset else {
        anyhow::bail!(
            "{} is a US-tariff scenario: pass --dataset DIR, a dataset imported with `truce data \
             import tariffwar FILE.mat --out DIR`",
            a.scenario.display()
        );
    };
    let retaliation = a.retaliation;
    let ds =
        truce::dataset::resolve(dsname).with_context(|| format!("loading dataset {dsname}"))?;
    let res = truce::us_scenarios::run_file(
        &a.scenario,
        &ds,
        retaliation,
        a.on_top
            .then_some(truce::war::scenario::RateConvention::OnTop),
        true,
    )
    .with_context(|| format!("running scenario {}", a.scenario.display()))?;
    if let Some(path) = &a.map {
        truce::global_war::write_map(
            &res.countries,
            &format!(
                "US scenario {} ({} retaliation): welfare change, %",
                res.scenario, res.retaliation
            ),
            path,
        )
        .with_context(|| format!("drawing the map {}", path.display()))?;
    }
    if let Some(dir) = &a.out {
        res.write(dir)
            .with_context(|| format!("writing results to {}", dir.display()))?;
    }
    print(&res.report(), a.format)?;
    Ok(())
}
