//! Economy-wide average tariffs: what an importer levies on all its goods imports (the
//! "effective tariff rate" of the Yale Budget Lab and others) and on each partner.
//!
//! With statutory rates τ (τ₀ + Σ s·r, PIIE's definition) and import weights M over the goods
//! sectors j and partners i of importer n,
//! $$ \bar\tau_n = \frac{\sum_{i\neq n}\sum_j \tau_{nij} M_{nij}}{\sum_{i\neq n}\sum_j M_{nij}}. $$
//! *Before substitution* M are the baseline imports (2024 for world2024): the rate a buyer
//! would pay on the old basket. *After substitution* M are the imports of the solved
//! counterfactual (border values), so goods that became dear weigh less. Sectors that hold no
//! HS line (SERVICES) are left out, as in [`crate::compile::average_tariff_pct`].

use crate::record;
use serde::Serialize;
use truce_model::Baseline;

/// An importer's average tariff on one partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerTariff {
    /// Partner (exporter) code.
    pub partner: String,
    /// Trade-weighted statutory average over the goods sectors, baseline weights, percent
    /// (`None` if the two trade no goods).
    pub pct: Option<f64>,
    /// The same with the counterfactual's import weights, percent (`None` when no
    /// counterfactual flows were given or nothing is imported after it).
    pub post_substitution_pct: Option<f64>,
    /// The partner's share of the importer's baseline goods imports, percent.
    pub import_share_pct: f64,
}

/// An importer's economy-wide average tariff, before and after substitution, and by partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectiveTariff {
    /// Importer code.
    pub importer: String,
    /// Average statutory tariff on all goods imports, baseline weights, percent.
    pub pre_substitution_pct: Option<f64>,
    /// The same with the counterfactual's import weights, percent.
    pub post_substitution_pct: Option<f64>,
    /// By partner, in the dataset's region order.
    pub by_partner: Vec<PartnerTariff>,
}

fn goods_sectors(b: &Baseline) -> Vec<usize> {
    b.sectors()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.tradable && !record::holds_no_goods(&s.code))
        .map(|(j, _)| j)
        .collect()
}

/// Σ τ M / Σ M over `partners` × goods sectors, percent.
fn weighted(
    b: &Baseline,
    levels: &[f64],
    weights: &[f64],
    n: usize,
    partners: &[usize],
) -> Option<f64> {
    let d = b.dims();
    let (mut num, mut den) = (0.0, 0.0);
    for j in goods_sectors(b) {
        for &i in partners {
            let c = d.nij(n, i, j);
            num += levels[c] * weights[c];
            den += weights[c];
        }
    }
    (den > 0.0).then(|| 100.0 * num / den)
}

/// The effective tariff of `importer` on `b` with statutory levels `statutory` (fractions,
/// [`truce_model::Dims::nij`]); `after` are counterfactual import flows in the same layout
/// (for the post-substitution rates), if any.
///
/// # Panics
/// If `statutory` or `after` does not have one value per importer × exporter × sector.
///
/// # Example
/// ```
/// use truce_scenario::rates::effective_tariff;
/// let b = truce_model::testing::random_world(7, 3, 2);
/// let et = effective_tariff(&b, b.tariff(), 0, None);
/// assert_eq!(et.by_partner.len(), b.dims().n - 1);
/// assert!(et.pre_substitution_pct.is_some());
/// ```
pub fn effective_tariff(
    b: &Baseline,
    statutory: &[f64],
    importer: usize,
    after: Option<&[f64]>,
) -> EffectiveTariff {
    let d = b.dims();
    assert_eq!(statutory.len(), d.cube_len(), "one statutory rate per cell");
    if let Some(a) = after {
        assert_eq!(a.len(), d.cube_len(), "one counterfactual flow per cell");
    }
    let partners: Vec<usize> = (0..d.n).filter(|&i| i != importer).collect();
    let total: f64 = goods_sectors(b)
        .iter()
        .flat_map(|&j| partners.iter().map(move |&i| (i, j)))
        .map(|(i, j)| b.flows()[d.nij(importer, i, j)])
        .sum();
    let by_partner = partners
        .iter()
        .map(|&i| {
            let m: f64 = goods_sectors(b)
                .iter()
                .map(|&j| b.flows()[d.nij(importer, i, j)])
                .sum();
            PartnerTariff {
                partner: b.regions()[i].code.clone(),
                pct: weighted(b, statutory, b.flows(), importer, &[i]),
                post_substitution_pct: after
                    .and_then(|a| weighted(b, statutory, a, importer, &[i])),
                import_share_pct: if total > 0.0 { 100.0 * m / total } else { 0.0 },
            }
        })
        .collect();
    EffectiveTariff {
        importer: b.regions()[importer].code.clone(),
        pre_substitution_pct: weighted(b, statutory, b.flows(), importer, &partners),
        post_substitution_pct: after.and_then(|a| weighted(b, statutory, a, importer, &partners)),
        by_partner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_tariffs_average_to_themselves_and_shares_add_up() {
        let b = truce_model::testing::random_world(7, 3, 2);
        let d = b.dims();
        let lv = vec![0.1; d.cube_len()];
        let et = effective_tariff(&b, &lv, 0, Some(b.flows()));
        assert!((et.pre_substitution_pct.unwrap() - 10.0).abs() < 1e-12);
        assert!((et.post_substitution_pct.unwrap() - 10.0).abs() < 1e-12);
        let s: f64 = et.by_partner.iter().map(|p| p.import_share_pct).sum();
        assert!((s - 100.0).abs() < 1e-9);
    }

    #[test]
    fn the_overall_rate_is_the_share_weighted_mean_of_partner_rates() {
        let b = truce_model::testing::random_world(7, 3, 2);
        let d = b.dims();
        let lv: Vec<f64> = (0..d.cube_len()).map(|k| 0.01 * (k % 7) as f64).collect();
        let et = effective_tariff(&b, &lv, 1, None);
        let mean: f64 = et
            .by_partner
            .iter()
            .filter_map(|p| p.pct.map(|x| x * p.import_share_pct / 100.0))
            .sum();
        assert!((mean - et.pre_substitution_pct.unwrap()).abs() < 1e-9);
        assert!(et.post_substitution_pct.is_none());
    }

    #[test]
    fn substitution_away_from_a_taxed_partner_lowers_the_rate() {
        let b = truce_model::testing::random_world(7, 3, 2);
        let d = b.dims();
        let mut lv = vec![0.0; d.cube_len()];
        let mut after = b.flows().to_vec();
        for j in 0..d.j {
            lv[d.nij(0, 1, j)] = 0.5;
            after[d.nij(0, 1, j)] *= 0.5;
        }
        let et = effective_tariff(&b, &lv, 0, Some(&after));
        assert!(et.post_substitution_pct.unwrap() < et.pre_substitution_pct.unwrap());
    }
}
