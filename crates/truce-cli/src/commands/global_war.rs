//! `truce war` on datasets of the Lashkaripour (2021) model: the global Nash war.

use super::game_args::GameArgs;
use crate::output::print;
use anyhow::{bail, Context};
use std::path::Path;

/// Which war `truce war` plays, with the dataset when it had to be loaded to tell.
pub enum WarDataset {
    /// The dataset's model is `lashkaripour2021`: the global war.
    Global(truce::dataset::Dataset),
    /// The two-player war of the Caliendo–Parro engine, on this dataset if it was loaded
    /// (`None`: the embedded world2024, not loaded yet).
    TwoPlayer(Option<truce::dataset::Dataset>),
}

/// Load the dataset once and tell a global war (the dataset's model is `lashkaripour2021`)
/// from the two-player war. `--players all` on another dataset is an error with the fix.
pub fn load_for_war(players: &[String], dataset: &str) -> anyhow::Result<WarDataset> {
    let all = players.len() == 1 && players[0].eq_ignore_ascii_case("all");
    if !all && players.len() == 2 && dataset == "world2024" {
        return Ok(WarDataset::TwoPlayer(None));
    }
    let ds =
        truce::dataset::resolve(dataset).with_context(|| format!("loading dataset {dataset}"))?;
    let global = ds.model.as_deref() == Some(truce::data::dataset::MODEL_LASHKARIPOUR2021);
    if !global {
        if all {
            bail!(
                "--players all needs a dataset of the tariffwar packages (model \
                 lashkaripour2021; `truce data import tariffwar FILE.mat --out DIR`); {dataset} \
                 is a Caliendo–Parro dataset, where `truce war` plays two governments \
                 (e.g. --players USA,CHN)"
            );
        }
        return Ok(WarDataset::TwoPlayer(Some(ds)));
    }
    Ok(WarDataset::Global(ds))
}

/// Play the global war and print it (and draw the map).
pub fn run(
    game: &GameArgs,
    ds: truce::dataset::Dataset,
    map: Option<&Path>,
    engine_check: bool,
) -> anyhow::Result<()> {
    if game.objective != super::game_args::ObjectiveArg::RealIncome {
        bail!("--objective political-economy applies to the two-player Caliendo–Parro war; the global war of the tariffwar datasets maximises real income (Lashkaripour 2021)");
    }
    if game.epsilon_c.is_some() {
        bail!("--epsilon-c applies to the Caliendo–Parro engine's critical-input nest, not to the global war of the tariffwar datasets (no input–output links)");
    }
    if game.link.is_some() || !game.ree_share.is_empty() {
        bail!("--link and --ree-share apply to the two-player Caliendo–Parro war, not to the global war of the tariffwar datasets");
    }
    let params = truce::war::NewtonParams {
        max_iter: game.max_rounds as usize,
        ..truce::war::NewtonParams::default()
    };
    let w = truce::global_war::war_with(&ds, &game.players, engine_check, &params)
        .context("playing the global tariff war")?;
    if let Some(path) = map {
        truce::global_war::write_map(&w.countries, &w.map_title(), path)
            .with_context(|| format!("drawing the map {}", path.display()))?;
    }
    print(&w.report(), game.format)?;
    Ok(())
}
