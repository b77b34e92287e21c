//! `truce talks …`: the bargaining frontier and the Nash bargaining solution.

use super::game_args::GameArgs;
use crate::output::print;
use crate::progress::ProgressLine;
use anyhow::Context;
use clap::ValueEnum;
use truce::games::{talks, TalksOptions, Threat};

/// `--threat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThreatArg {
    /// Breakdown of talks means the Nash tariff war.
    Nash,
    /// Breakdown of talks means today's tariffs stay.
    StatusQuo,
}

/// `truce talks`: trade talks between two governments.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    game: GameArgs,
    /// What happens if talks fail.
    #[arg(long, value_enum, default_value_t = ThreatArg::Nash)]
    threat: ThreatArg,
    /// A side payment of X welfare points (percentage points of real income) from the second
    /// player to the first, for issues outside trade (negative: the other way).
    #[arg(
        long,
        value_name = "X",
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    beyond_trade: f64,
    /// Interior points of the frontier.
    #[arg(long, default_value_t = 5)]
    points: usize,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    if !a.beyond_trade.is_finite() {
        anyhow::bail!("--beyond-trade must be a finite number of welfare points");
    }
    let (ds, war) = a.game.resolve()?;
    let opts = TalksOptions {
        war,
        threat: match a.threat {
            ThreatArg::Nash => Threat::Nash,
            ThreatArg::StatusQuo => Threat::StatusQuo,
        },
        beyond_trade_pp: a.beyond_trade,
        points: a.points,
    };
    let mut progress = ProgressLine::new("trade talks");
    let t = talks(ds.baseline.clone(), &opts, &mut progress).context("solving the trade talks")?;
    drop(progress);
    print(&t.report(&ds), a.game.format)?;
    Ok(())
}
