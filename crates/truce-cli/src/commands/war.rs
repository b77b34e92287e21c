//! `truce war …`: the Nash tariff war between two governments.

use crate::output::{print, FormatArg};
use crate::progress::ProgressLine;
use anyhow::{bail, Context};
use clap::ValueEnum;
use truce::game::TariffInstruments;
use truce::games::{war, WarOptions};

/// `--instruments`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InstrumentsArg {
    /// One tariff per tradable sector.
    Sector,
    /// One tariff on all imports from the other player.
    Uniform,
}

/// `--link`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LinkArg {
    /// China's export tax on the rare-earth content of its MINING and ELECTRICAL exports to
    /// the US becomes one of China's instruments.
    ReeExportTax,
}

/// The options shared by `war` and `talks`.
#[derive(Debug, clap::Args)]
pub struct GameArgs {
    /// The two governments, as region codes.
    #[arg(long, value_delimiter = ',', num_args = 1.., default_value = "USA,CHN")]
    pub players: Vec<String>,
    /// Dataset: a name (world2024, synthetic-world2024) or a dataset folder.
    #[arg(long, value_name = "NAME|DIR", default_value = "world2024")]
    pub dataset: String,
    /// Tariffs each player chooses on the other: one per tradable sector, or one uniform rate.
    #[arg(long, value_enum, default_value_t = InstrumentsArg::Sector)]
    pub instruments: InstrumentsArg,
    /// Put an export tax in the game beside the tariffs.
    #[arg(long, value_enum)]
    pub link: Option<LinkArg>,
    /// Rare-earth share of China's exports to the US in a sector, as SECTOR=SHARE (repeat or
    /// separate by commas); defaults to the world2024 shares for world2024 datasets.
    #[arg(long = "ree-share", value_delimiter = ',', value_name = "SECTOR=SHARE")]
    pub ree_share: Vec<String>,
    /// Cap on the rounds of best responses of the Nash search; a war still moving at the cap
    /// exits with code 3 and its last largest move (residual), printing no result.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_rounds: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

impl GameArgs {
    /// Resolve the dataset and build the game options.
    pub fn resolve(&self) -> anyhow::Result<(truce::dataset::Dataset, WarOptions)> {
        if self.players.len() != 2 {
            bail!(
                "--players takes exactly two region codes separated by a comma (e.g. USA,CHN); got {}",
                self.players.len()
            );
        }
        let ds = truce::dataset::resolve(&self.dataset)
            .with_context(|| format!("loading dataset {}", self.dataset))?;
        let link = match self.link {
            None => {
                if !self.ree_share.is_empty() {
                    bail!("--ree-share only applies with --link ree-export-tax");
                }
                None
            }
            Some(LinkArg::ReeExportTax) => {
                let mut shares: Vec<(String, f64)> = Vec::new();
                for s in &self.ree_share {
                    let (sector, v) = s.split_once('=').with_context(|| {
                        format!("--ree-share `{s}`: write SECTOR=SHARE, e.g. MINING=0.05")
                    })?;
                    let v: f64 = v.trim().parse().with_context(|| {
                        format!("--ree-share `{s}`: `{v}` is not a number (a share in (0, 1])")
                    })?;
                    shares.push((sector.trim().to_string(), v));
                }
                Some(truce::games::rare_earth_link(&ds, &self.players, shares)?)
            }
        };
        let opts = WarOptions {
            players: [self.players[0].clone(), self.players[1].clone()],
            instruments: match self.instruments {
                InstrumentsArg::Sector => TariffInstruments::Sector,
                InstrumentsArg::Uniform => TariffInstruments::Uniform,
            },
            link,
            max_rounds: self.max_rounds as usize,
        };
        Ok((ds, opts))
    }
}

/// `truce war`: the Nash tariff war between two governments.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    game: GameArgs,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let (ds, opts) = a.game.resolve()?;
    let mut progress = ProgressLine::new("tariff war");
    let w = war(ds.baseline.clone(), &opts, &mut progress).context("playing the tariff war")?;
    drop(progress);
    print(&w.report(&ds), a.game.format)?;
    Ok(())
}
