//! `truce war` on datasets of the Lashkaripour (2021) model: the global Nash war.

use super::war::GameArgs;
use crate::output::print;
use anyhow::{bail, Context};
use std::path::Path;

/// The dataset, when this `truce war` is a global war: the dataset's model is
/// `lashkaripour2021`, or the players are `all`.
pub fn wants_global_war(
    players: &[String],
    dataset: &str,
) -> anyhow::Result<Option<truce::dataset::Dataset>> {
    let all = players.len() == 1 && players[0].eq_ignore_ascii_case("all");
    if !all && players.len() == 2 && dataset == "world2024" {
        return Ok(None);
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
        return Ok(None);
    }
    Ok(Some(ds))
}

/// Play the global war and print it (and draw the map).
pub fn run(
    game: &GameArgs,
    ds: truce::dataset::Dataset,
    map: Option<&Path>,
    engine_check: bool,
) -> anyhow::Result<()> {
    if game.link.is_some() || !game.ree_share.is_empty() {
        bail!("--link and --ree-share apply to the two-player Caliendo–Parro war, not to the global war of the tariffwar datasets");
    }
    let w = truce::global_war::war(&ds, &game.players, engine_check)
        .context("playing the global tariff war")?;
    if let Some(path) = map {
        truce::global_war::write_map(&w.countries, &w.map_title(), path)
            .with_context(|| format!("drawing the map {}", path.display()))?;
    }
    print(&w.report(), game.format);
    Ok(())
}
