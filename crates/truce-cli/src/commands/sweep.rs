//! `truce sweep SCENARIO.toml --draws N` and `truce sweep merge DIR… --out DIR`

use crate::output::{print, FormatArg};
use crate::progress::ProgressLine;
use anyhow::Context;
use std::path::PathBuf;
use truce::run::RunOptions;
use truce::sweep::{merge, sweep, Shard, SweepOptions, SweepResult};

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    merge: Option<MergeCommand>,
    /// The scenario file (see docs/scenarios.md).
    #[arg(required = true)]
    scenario: Option<PathBuf>,
    /// Number of draws of the trade elasticities (1 to 1 000 000).
    #[arg(long, required = true)]
    draws: Option<usize>,
    /// Seed: the same seed gives bit-identical draws on any machine and thread count.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Worker threads (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Write the per-draw results (resumable: a killed sweep restarts from its finished draws),
    /// the bands and the tidy tables into this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Solve only shard K of M contiguous blocks of the draws (needs --out); combine the shard
    /// folders with `truce sweep merge`.
    #[arg(long, value_name = "K/M", value_parser = parse_shard)]
    shard: Option<Shard>,
    /// Distributions of the elasticities (docs/bands.md); default: log-normal around the
    /// dataset's θ.
    #[arg(long, value_name = "FILE")]
    elasticities: Option<PathBuf>,
    /// Measure outcomes against this step (or `pre-war`) instead of the dataset's baseline.
    #[arg(long, value_name = "STEP")]
    relative_to: Option<String>,
    /// Use this dataset instead of the one the scenario names.
    #[arg(long, value_name = "NAME|DIR")]
    dataset: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Draw the bands to this file (.png or .svg): per region and step, the median and the
    /// 5–95 % band of --plot-outcome beside the point estimate.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// The outcome --plot draws: welfare_pct, real_wage_pct, price_index_pct,
    /// terms_of_trade_pct, exports_pct or imports_pct.
    #[arg(
        long,
        value_name = "OUTCOME",
        default_value = "welfare_pct",
        requires = "plot"
    )]
    plot_outcome: String,
}

#[derive(Debug, clap::Subcommand)]
enum MergeCommand {
    /// Combine the folders of the shards of one sweep into the whole sweep's result.
    Merge(MergeArgs),
}

#[derive(Debug, clap::Args)]
struct MergeArgs {
    /// The shard folders (each written by `truce sweep … --shard K/M --out DIR`).
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Write the combined result here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Draw the combined bands to this file (.png or .svg), as `truce sweep --plot`.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// The outcome --plot draws.
    #[arg(
        long,
        value_name = "OUTCOME",
        default_value = "welfare_pct",
        requires = "plot"
    )]
    plot_outcome: String,
}

/// Where to draw the bands, and which outcome.
#[derive(Debug, Clone, Default)]
pub struct PlotArgs {
    /// `--plot FILE`.
    pub file: Option<PathBuf>,
    /// `--plot-outcome`.
    pub outcome: String,
}

impl PlotArgs {
    /// Check the file's extension and the outcome before any work is done.
    fn check(&self) -> anyhow::Result<()> {
        if let Some(f) = &self.file {
            truce::sweep::plot::check_plot_path(f)?;
            truce::sweep::plot::check_plot_outcome(&self.outcome)?;
        }
        Ok(())
    }
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    Shard::parse(s).map_err(|e| e.to_string())
}

/// Run a sweep with a progress bar and ETA on stderr, write its files, print its report.
pub fn run_sweep(
    scenario: &std::path::Path,
    opts: &SweepOptions,
    format: FormatArg,
    plot: &PlotArgs,
) -> anyhow::Result<()> {
    plot.check()?;
    let line = ProgressLine::new("solving draws");
    let progress = |done: usize, total: usize| line.draws(done, total);
    let t0 = std::time::Instant::now();
    let result = sweep(scenario, opts, &progress)
        .with_context(|| format!("sweeping scenario {}", scenario.display()))?;
    drop(line);
    finish(&result, opts.out.as_deref(), format, plot, t0)
}

fn finish(
    result: &SweepResult,
    out: Option<&std::path::Path>,
    format: FormatArg,
    plot: &PlotArgs,
    t0: std::time::Instant,
) -> anyhow::Result<()> {
    if let Some(dir) = out {
        result
            .write(dir)
            .with_context(|| format!("writing results to {}", dir.display()))?;
    }
    if let Some(f) = &plot.file {
        result
            .write_plot(f, &plot.outcome)
            .with_context(|| format!("drawing the bands to {}", f.display()))?;
    }
    // Timings go to stderr: the JSON is the same bytes on every run.
    let solved = result.records.len() - result.resumed;
    eprintln!(
        "{} draws ({} solved now, {} read back), {} did not converge, in {:.1} s",
        result.records.len(),
        solved,
        result.resumed,
        result.output.failed.len(),
        t0.elapsed().as_secs_f64()
    );
    print(&result.report(), format)?;
    Ok(())
}

pub fn run(a: Args) -> anyhow::Result<()> {
    if let Some(MergeCommand::Merge(m)) = a.merge {
        let plot = PlotArgs {
            file: m.plot,
            outcome: m.plot_outcome,
        };
        plot.check()?;
        let t0 = std::time::Instant::now();
        let result = merge(&m.dirs).context("merging sweep shards")?;
        return finish(&result, m.out.as_deref(), m.format, &plot, t0);
    }
    let scenario = a.scenario.expect("clap requires it");
    let shard = a.shard;
    if shard.is_some() && a.out.is_none() {
        anyhow::bail!(
            "--shard needs --out DIR: a shard's draws are only useful written down for `truce sweep merge`"
        );
    }
    let opts = SweepOptions {
        draws: a.draws.expect("clap requires it"),
        seed: a.seed,
        jobs: a.jobs,
        out: a.out,
        shard,
        elasticities: a.elasticities,
        run: RunOptions {
            relative_to: a.relative_to,
            dataset: a.dataset,
            ..RunOptions::default()
        },
    };
    let plot = PlotArgs {
        file: a.plot,
        outcome: a.plot_outcome,
    };
    run_sweep(&scenario, &opts, a.format, &plot)
}
