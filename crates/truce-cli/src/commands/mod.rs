//! Command-line definitions: one module per command.

mod compare;
mod data;
mod game_args;
mod global_war;
mod replicate;
mod run;
mod serve;
mod suite;
mod sweep;
mod talks;
mod timeline;
mod war;
mod world;

use clap::{Parser, Subcommand};

/// truce: a simulator of trade wars and trade talks.
///
/// Multi-country, multi-sector general equilibrium with input–output links, solved in changes
/// (Caliendo & Parro 2015). Exit codes: 0 ok, 1 input/data error, 2 bad command line,
/// 3 solver did not converge.
#[derive(Debug, Parser)]
#[command(
    name = "truce",
    version,
    about = "truce: a simulator of trade wars and trade talks (multi-country, multi-sector general equilibrium with input–output links, solved in changes)",
    after_help = "Start with `truce run scenarios/geneva-truce.toml` (the Geneva truce on the embedded 2024 world); docs/ has the models, data and scenario references."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Text tables as wide as their content (by default they fit 120 columns: long names are
    /// cut with `…`; `--format csv|json` never cut anything).
    #[arg(long, global = true)]
    wide: bool,
    /// Write the result to FILE instead of standard output, whole or not at all: in the
    /// --format given, or the command's tidy table as Parquet for --format parquet or a
    /// `.parquet` FILE (typed columns, readable by pandas and polars; docs/output-schema.md).
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Reproduce a published table from its replication data.
    Replicate(replicate::Args),
    /// Solve a scenario file (docs/scenarios.md): one outcome per step.
    Run(run::Args),
    /// Uncertainty bands: solve a scenario once per draw of the trade elasticities.
    Sweep(sweep::Args),
    /// Replay the dated US–China record, 2018–2026: tariffs, outcomes, plots.
    Timeline(timeline::Args),
    /// Show the difference between two result files (JSON).
    Compare(compare::Args),
    /// Build, aggregate and inspect datasets.
    Data(data::Args),
    /// The Nash tariff war: two governments on Caliendo–Parro datasets; every country (or any
    /// list) on datasets of the tariffwar packages.
    War(war::Args),
    /// Trade talks: the bargaining frontier and the Nash bargaining solution.
    Talks(talks::Args),
    /// The ustariff suite: 34 US policy scenarios × retaliation modes on a tariffwar dataset,
    /// one tidy table (CSV with --out).
    Suite(suite::Args),
    /// Serve the dashboard and the JSON API (http://127.0.0.1:8080/ by default).
    Serve(serve::Args),
}

impl Cli {
    /// Whether the command handles SIGINT/SIGTERM itself: `serve` shuts down gracefully (it
    /// finishes or cancels its solves and says so), so the CLI's clean-up-and-exit handler must
    /// not race it.
    pub fn handles_signals(&self) -> bool {
        matches!(self.command, Command::Serve(_))
    }
}

/// Parse the command line, exiting 2 on a malformed one (also `--format parquet` without
/// `--output FILE`, checked before any work is done).
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = Cli::command();
    let matches = cmd.get_matches_mut();
    let mut inner = &matches;
    let mut sub = &mut cmd;
    while let Some((name, m)) = inner.subcommand() {
        inner = m;
        sub = sub
            .find_subcommand_mut(name)
            .expect("a parsed subcommand exists");
    }
    if let Err(e) = crate::output::check_output(sub, inner) {
        e.exit();
    }
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Run the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    crate::output::set_wide(cli.wide);
    crate::output::set_output(cli.output);
    match cli.command {
        Command::Replicate(a) => replicate::run(a),
        Command::Run(a) => run::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Timeline(a) => timeline::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Data(a) => data::run(a),
        Command::War(a) => war::run(a),
        Command::Talks(a) => talks::run(a),
        Command::Suite(a) => suite::run(a),
        Command::Serve(a) => serve::run(a),
    }
}
