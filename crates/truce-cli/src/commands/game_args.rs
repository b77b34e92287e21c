//! The options shared by `truce war` and `truce talks` (players, dataset, instruments, the
//! rare-earth link, horizon, objective), and how they become the games' options.

use crate::output::FormatArg;
use anyhow::{bail, Context};
use clap::ValueEnum;
use truce::game::TariffInstruments;
use truce::games::WarOptions;

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
    /// China's rare-earth export restriction to the US (as an export-tax equivalent) becomes
    /// one of China's instruments: on the RARE_EARTHS sector of world2024-ree (the default
    /// dataset with this link), or on the rare-earth share of MINING and ELECTRICAL elsewhere.
    ReeExportTax,
    /// China's rare-earth licences for exports to the US (an export quota, as a share of the
    /// 2024 quantity, solved as an export-tax equivalent) become one of China's instruments;
    /// needs a RARE_EARTHS sector (world2024-ree, the default dataset with this link).
    #[value(alias = "rare-earths")]
    ReeQuota,
}

/// `--horizon`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HorizonArg {
    /// Rare-earth supply outside the restricting country is capped at its baseline level.
    ShortRun,
    /// Rare-earth supply elsewhere expands at constant cost.
    MediumRun,
}

/// `--objective`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ObjectiveArg {
    /// Real income: the terms-of-trade motive only.
    RealIncome,
    /// Real income with Ossa's (2014) political-economy weights on sectoral value added.
    PoliticalEconomy,
}

/// The options shared by `war` and `talks`.
#[derive(Debug, clap::Args)]
pub struct GameArgs {
    /// The governments, as region codes: two on Caliendo–Parro datasets; on datasets of the
    /// tariffwar packages any list, or `all` (every country a player).
    #[arg(long, value_delimiter = ',', num_args = 1.., default_value = "USA,CHN")]
    pub players: Vec<String>,
    /// Dataset: a name (world2024, world2024-ree, synthetic-world2024) or a dataset folder
    /// (default: world2024, or world2024-ree with --link ree-export-tax).
    #[arg(long, value_name = "NAME|DIR")]
    pub dataset: Option<String>,
    /// What governments maximise.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::RealIncome)]
    pub objective: ObjectiveArg,
    /// Override ε_c, the elasticity between the critical-input nest (rare earths) and the
    /// other inputs (1 = Cobb–Douglas).
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    pub epsilon_c: Option<f64>,
    /// With --link on a dataset with a RARE_EARTHS sector: short-run (rare-earth output
    /// outside China cannot grow) or medium-run (it expands at constant cost).
    #[arg(long, value_enum, default_value_t = HorizonArg::ShortRun)]
    pub horizon: HorizonArg,
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
    /// Cap on the rounds of best responses of the Nash search (on a tariffwar dataset: on the
    /// Newton iterations of the global war); a war still moving at the cap exits with code 3
    /// and its last residual, printing no result.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_rounds: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

impl GameArgs {
    /// Resolve the dataset and build the game options.
    pub fn resolve(&self) -> anyhow::Result<(truce::dataset::Dataset, WarOptions)> {
        self.check_two_players()?;
        let name = self.dataset_name();
        let ds =
            truce::dataset::resolve(&name).with_context(|| format!("loading dataset {name}"))?;
        self.options(ds)
    }

    fn check_two_players(&self) -> anyhow::Result<()> {
        if self.players.len() != 2 {
            bail!(
                "--players takes exactly two region codes separated by a comma (e.g. USA,CHN); got {}",
                self.players.len()
            );
        }
        Ok(())
    }

    /// The dataset's name: `--dataset`, or the default for the link (world2024-ree with a
    /// rare-earth link, world2024 otherwise).
    pub fn dataset_name(&self) -> String {
        self.dataset
            .clone()
            .unwrap_or_else(|| truce::games::default_dataset(self.link.is_some()).to_string())
    }

    /// The game options on a dataset already loaded (with `--epsilon-c` applied to it).
    pub fn options(
        &self,
        mut ds: truce::dataset::Dataset,
    ) -> anyhow::Result<(truce::dataset::Dataset, WarOptions)> {
        self.check_two_players()?;
        if let Some(e) = self.epsilon_c {
            ds.baseline = std::sync::Arc::new(truce::games::with_epsilon_c(&ds, e)?);
        }
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
            Some(LinkArg::ReeQuota) => {
                if !self.ree_share.is_empty() {
                    bail!("--ree-share applies only with --link ree-export-tax on datasets without a RARE_EARTHS sector");
                }
                Some(truce::games::rare_earth_link_of(
                    &ds,
                    &self.players,
                    Vec::new(),
                    truce::games::LinkKind::ExportQuota,
                )?)
            }
        };
        let opts = WarOptions {
            players: [self.players[0].clone(), self.players[1].clone()],
            instruments: match self.instruments {
                InstrumentsArg::Sector => TariffInstruments::Sector,
                InstrumentsArg::Uniform => TariffInstruments::Uniform,
            },
            link,
            short_run: self.horizon == HorizonArg::ShortRun,
            objective: match self.objective {
                ObjectiveArg::RealIncome => truce::games::Objective::RealIncome,
                ObjectiveArg::PoliticalEconomy => truce::games::Objective::PoliticalEconomy,
            },
            max_rounds: self.max_rounds as usize,
        };
        Ok((ds, opts))
    }
}
