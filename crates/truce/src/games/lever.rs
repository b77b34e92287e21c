//! China's rare-earth lever in the games: the link of `--link ree-export-tax|ree-quota` and
//! its accounts in a solved bargain (what the agreement eases, what it is worth in tariffs).

use super::*;

/// The rare-earth link of `truce war|talks --link ree-export-tax` on `dataset`: China's export
/// tax on the rare-earth content of its exports to the US, with `shares` (sector code, share of
/// China's exports of that sector to the US) or, when none are given, world2024's shares
/// (`truce::world::rare_earth_share`, docs/world2024.md).
///
/// # Errors
/// [`Error::Usage`] when the players are not USA and CHN, when no shares are given for a
/// dataset other than world2024, or when a share is outside (0, 1].
pub fn rare_earth_link(
    dataset: &crate::dataset::Dataset,
    players: &[String],
    shares: Vec<(String, f64)>,
) -> Result<ExportTaxLink, Error> {
    rare_earth_link_of(dataset, players, shares, LinkKind::ExportTax)
}

/// As [`rare_earth_link`], as a tax or a quota (a quota needs a RARE_EARTHS sector).
///
/// # Errors
/// As [`rare_earth_link`]; also a quota on a dataset without a RARE_EARTHS sector.
pub fn rare_earth_link_of(
    dataset: &crate::dataset::Dataset,
    players: &[String],
    shares: Vec<(String, f64)>,
    kind: LinkKind,
) -> Result<ExportTaxLink, Error> {
    let mut p = players.to_vec();
    p.sort();
    if p != ["CHN", "USA"] {
        return Err(Error::Usage(
            "--link ree-export-tax needs the players USA and CHN (China taxes its rare-earth \
             exports to the US)"
                .into(),
        ));
    }
    // A dataset with a RARE_EARTHS sector (world2024-ree, or any dataset split with `truce data
    // split-sector`): the tax is on the whole sector.
    if dataset
        .baseline
        .sector_index(truce_world::RARE_EARTHS)
        .is_some()
    {
        if !shares.is_empty() {
            return Err(Error::Usage(format!(
                "--ree-share does not apply to {}: it has a {} sector, which the export tax \
                 covers whole",
                dataset.name,
                truce_world::RARE_EARTHS
            )));
        }
        let mut link = ExportTaxLink::rare_earths(0.0, 0.0);
        link.shares = vec![(truce_world::RARE_EARTHS.to_string(), 1.0)];
        link.kind = kind;
        link.max_rate = MAX_RARE_EARTH_TAX;
        return Ok(link);
    }
    if kind == LinkKind::ExportQuota {
        return Err(Error::Usage(format!(
            "--link ree-quota needs a dataset with a {} sector (world2024-ree, or one split with \
             `truce data split-sector`); {} has none",
            truce_world::RARE_EARTHS,
            dataset.name
        )));
    }
    let shares = if shares.is_empty() {
        if !matches!(dataset.name.as_str(), "world2024" | "synthetic-world2024") {
            return Err(Error::Usage(format!(
                "--link ree-export-tax on dataset {} needs the rare-earth shares of China's \
                 exports to the US: pass --ree-share MINING=…,ELECTRICAL=…",
                dataset.name
            )));
        }
        ["MINING", "ELECTRICAL"]
            .iter()
            .map(|sector| {
                truce_world::rare_earth_share("CHN", sector)
                    .map(|s| (sector.to_string(), s.to_usa))
                    .ok_or_else(|| {
                        Error::Usage(format!("no world2024 rare-earth share for {sector}"))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?
    } else {
        shares
    };
    if let Some((sector, v)) = shares.iter().find(|(_, v)| !(*v > 0.0 && *v <= 1.0)) {
        return Err(Error::Usage(format!(
            "--ree-share {sector}={v}: a share must lie in (0, 1]"
        )));
    }
    let mut link = ExportTaxLink::rare_earths(0.0, 0.0);
    link.shares = shares;
    Ok(link)
}

/// China's rare-earth lever in the talks (how far the agreement eases it, what the US gave,
/// what the easing is worth in tariff points): an output type, see its docs.
pub use truce_output::RareEarthLever;

/// The export-tax equivalent (fraction) and quantity (share of the baseline) of the linked
/// flow at `x`.
fn restriction_at(game: &mut CpGame, k: usize, x: &[f64]) -> Result<(f64, f64), Error> {
    let eq = game.solve(x)?;
    let b = game.baseline().clone();
    let d = b.dims();
    let regions = game.player_regions().to_vec();
    let owner = game.instruments()[k].owner;
    let (i, n) = (regions[owner], regions[1 - owner]);
    let policy = game.policy_at(x)?;
    // The sector: the linked one (an export quota), or the one with the largest taxed flow.
    let t_in_force = eq.export_tax_in_force(&policy);
    let j = (0..d.j)
        .filter(|&j| {
            t_in_force[d.nij(n, i, j)] != b.export_tax()[d.nij(n, i, j)] || {
                policy
                    .export_quotas()
                    .iter()
                    .any(|q| q.sector == j && q.importer == n && q.exporter == i)
            }
        })
        .max_by(|&a, &c| b.flows()[d.nij(n, i, a)].total_cmp(&b.flows()[d.nij(n, i, c)]))
        .unwrap_or(0);
    let c = d.nij(n, i, j);
    let v1 = eq.trade_share[c] * eq.expenditure[d.nj(n, j)]
        / ((1.0 + policy.tariff()[c]) * (1.0 + t_in_force[c]));
    let v0 = b.flows()[c] / (1.0 + b.export_tax()[c]);
    let qty = v1 / v0 / eq.c_hat[d.nj(i, j)];
    let t = (1.0 + t_in_force[c]) / (1.0 + b.export_tax()[c]) - 1.0;
    Ok((t, qty))
}

/// The rare-earth lever's accounts for a solved bargain (`None` without a linked export
/// restriction).
///
/// # Errors
/// When an equilibrium on the way does not solve.
pub fn rare_earth_lever(
    game: &CpGame,
    threat_x: &[f64],
    agreement_x: &[f64],
) -> Result<Option<RareEarthLever>, Error> {
    let Some(k) = game
        .instruments()
        .iter()
        .position(|i| i.key.ends_with("/export_tax") || i.key.ends_with("/export_quota"))
    else {
        return Ok(None);
    };
    let ins = game.instruments()[k].clone();
    let kind = if ins.key.ends_with("/export_quota") {
        LinkKind::ExportQuota
    } else {
        LinkKind::ExportTax
    };
    let owner = ins.owner;
    let other = 1 - owner;
    let mut g = game.clone();
    let (t_threat, q_threat) = restriction_at(&mut g, k, threat_x)?;
    let (t_agreed, q_agreed) = restriction_at(&mut g, k, agreement_x)?;
    let u_agreed = g.payoffs(agreement_x)?;
    let mut without = agreement_x.to_vec();
    without[k] = threat_x[k];
    let u_without = g.payoffs(&without)?;
    let gain = u_agreed[other] - u_without[other];
    // China's tariffs raised uniformly by z (capped at their bound).
    let raised = |z: f64| -> Vec<f64> {
        let mut x = agreement_x.to_vec();
        for (i, ins) in game.instruments().iter().enumerate() {
            if ins.owner == owner && i != k {
                x[i] = (x[i] + z).min(ins.upper);
            }
        }
        x
    };
    let target = u_without[other];
    let tariff_equivalent = if gain <= 0.0 {
        Some(0.0)
    } else if g.payoffs(&raised(MAX_TARIFF))?[other] > target {
        None
    } else {
        let (mut lo, mut hi) = (0.0, MAX_TARIFF);
        while hi - lo > 1e-4 {
            let mid = 0.5 * (lo + hi);
            if g.payoffs(&raised(mid))?[other] > target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(100.0 * 0.5 * (lo + hi))
    };
    let restrictive_bound = match kind {
        LinkKind::ExportTax => ins.upper,
        LinkKind::ExportQuota => ins.lower,
    };
    Ok(Some(RareEarthLever {
        instrument: ins.label.clone(),
        kind,
        threat_level_pct: 100.0 * game.rate_of(k, threat_x[k]),
        agreement_level_pct: 100.0 * game.rate_of(k, agreement_x[k]),
        threat_at_bound: (threat_x[k] - restrictive_bound).abs()
            <= 1e-9 * restrictive_bound.max(1.0),
        threat_pct: 100.0 * t_threat,
        agreement_pct: 100.0 * t_agreed,
        easing_pts: 100.0 * (t_threat - t_agreed),
        threat_quantity_pct: 100.0 * q_threat,
        agreement_quantity_pct: 100.0 * q_agreed,
        us_mean_tariff_threat_pct: mean_tariff(game, threat_x, other),
        us_mean_tariff_agreement_pct: mean_tariff(game, agreement_x, other),
        chn_mean_tariff_threat_pct: mean_tariff(game, threat_x, owner),
        chn_mean_tariff_agreement_pct: mean_tariff(game, agreement_x, owner),
        us_gain_from_easing_pp: 100.0 * gain,
        chn_cost_of_easing_pp: 100.0 * (u_without[owner] - u_agreed[owner]),
        tariff_equivalent_pts: tariff_equivalent,
        epsilon_c: game.baseline().production().epsilon_c(),
    }))
}
