//! `truce war …`: the Nash tariff war between two governments.

use super::game_args::GameArgs;
use crate::output::print;
use crate::progress::ProgressLine;
use anyhow::{bail, Context};
use truce::games::war;

/// `truce war`: the Nash tariff war between two governments.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    game: GameArgs,
    /// Tariffwar datasets: also draw the world map of welfare changes to this file (.png or
    /// .svg).
    #[arg(long, value_name = "FILE")]
    map: Option<std::path::PathBuf>,
    /// Tariffwar datasets: skip re-solving the Nash tariffs on the Caliendo–Parro engine (a
    /// check of the Newton solution).
    #[arg(long)]
    no_engine_check: bool,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    // Datasets of the Lashkaripour (2021) model (tariffwar MAT-files) play the global war:
    // every listed country (or `all`) a player (issue 15; commands/global_war.rs).
    // The dataset is loaded once: here when it must be read to tell the two apart.
    let (ds, opts) = match super::global_war::load_for_war(&a.game.players, &a.game.dataset_name())?
    {
        super::global_war::WarDataset::Global(ds) => {
            return super::global_war::run(&a.game, ds, a.map.as_deref(), !a.no_engine_check)
        }
        super::global_war::WarDataset::TwoPlayer(Some(ds)) => a.game.options(ds)?,
        super::global_war::WarDataset::TwoPlayer(None) => a.game.resolve()?,
    };
    if a.map.is_some() || a.no_engine_check {
        bail!(
            "--map and --no-engine-check apply to the global war on datasets of the tariffwar \
             packages (`truce data import tariffwar`), not to the two-player war on {}",
            a.game.dataset_name()
        );
    }
    let mut progress = ProgressLine::new("tariff war");
    let w = war(ds.baseline.clone(), &opts, &mut progress).context("playing the tariff war")?;
    drop(progress);
    print(&w.report(&ds), a.game.format)?;
    Ok(())
}
