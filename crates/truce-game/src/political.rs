//! Political-economy weights for the Caliendo–Parro games: governments that value income
//! earned in some sectors more than in others (Grossman and Helpman's "protection for sale",
//! as Ossa (2014) calibrates it).
//!
//! Ossa's government objective weighs each industry's income by λ (his "POL" version, fitted so
//! that his model's non-cooperative tariffs match measured ones). In the Caliendo–Parro engine
//! (perfect competition, labour mobile across sectors) the income a sector generates is its
//! value added, so the analogous objective is
//! $$\hat G_n=\frac{\sum_j\lambda_{nj}VA'_{nj}+R'_n+T'_n+D'_n}{\sum_j\lambda_{nj}VA_{nj}+R_n+T_n+D_n}\Big/\hat P_n ,$$
//! real income when every λ = 1. A tariff that draws labour into a sector with λ > 1 raises Ĝ
//! beyond its terms-of-trade gain: the motive the terms-of-trade-only game leaves out.
//!
//! [`OSSA_WEIGHTS`] are Ossa's calibrated λ for the United States and China, mapped from his
//! 33 GTAP industries to world2024's sectors by output-weighted means (his 2007 outputs) and
//! normalised to an output-weighted mean of 1 over his industries; sectors he has no data for
//! (MINING, SERVICES, RARE_EARTHS) get 1. A test recomputes them from `../shared/data/ossa2014`.
//!
//! # References
//! Ossa, R. (2014), "Trade Wars and Trade Talks with Data", *American Economic Review* 104(12):
//! 4104–46, Table 1 and `lambda_pol` of the replication files; Grossman, G. and Helpman, E.
//! (1994), "Protection for Sale", *American Economic Review* 84(4): 833–850.

/// world2024's sectors and the Ossa (2014) GTAP industries (1-based, his order) each one
/// gathers: AGRFOOD ← 1–18, TEXTILES ← tex, wap, lea, CHEMPHARMA ← crp, METALS ← i_s, nfm, fmp,
/// MACHINERY and ELECTRICAL ← ome, ELECTRONICS ← ele, MOTORVEH ← mvh, otn, OTHERMFG ← lum, ppp,
/// nmm, omf.
pub const OSSA_SECTOR_MAP: [(&str, &[usize]); 9] = [
    (
        "AGRFOOD",
        &[
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
        ],
    ),
    ("TEXTILES", &[19, 20, 21]),
    ("CHEMPHARMA", &[24]),
    ("METALS", &[26, 27, 28]),
    ("MACHINERY", &[32]),
    ("ELECTRONICS", &[31]),
    ("ELECTRICAL", &[32]),
    ("MOTORVEH", &[29, 30]),
    ("OTHERMFG", &[22, 23, 25, 33]),
];

/// Ossa's political-economy weights λ by world2024 sector, for the US and China (computed from
/// `lambda_pol.csv` and `trade_ijs_purged.csv` of the Ossa (2014) replication data as the
/// module docs say; `political::tests` recomputes them).
pub const OSSA_WEIGHTS: [(&str, &str, f64); 18] = [
    ("USA", "AGRFOOD", 0.9868134264411598),
    ("USA", "TEXTILES", 1.3428594001730463),
    ("USA", "CHEMPHARMA", 0.9543055885564812),
    ("USA", "METALS", 1.0865641376400512),
    ("USA", "MACHINERY", 1.0001916959971495),
    ("USA", "ELECTRONICS", 0.9927102654361714),
    ("USA", "ELECTRICAL", 1.0001916959971495),
    ("USA", "MOTORVEH", 0.9420504167610856),
    ("USA", "OTHERMFG", 0.9612064245738833),
    ("CHN", "AGRFOOD", 1.1151614838326493),
    ("CHN", "TEXTILES", 1.378758942680463),
    ("CHN", "CHEMPHARMA", 0.8194013845249044),
    ("CHN", "METALS", 0.8899609120206109),
    ("CHN", "MACHINERY", 0.8398910339239268),
    ("CHN", "ELECTRONICS", 0.9046826279694797),
    ("CHN", "ELECTRICAL", 0.8398910339239268),
    ("CHN", "MOTORVEH", 1.1908127042461707),
    ("CHN", "OTHERMFG", 0.9868630736222875),
];

/// Ossa's weight for `region` (`USA`, `CHN`) in `sector` (a world2024 code); 1 elsewhere.
///
/// # Example
/// ```
/// let w = truce_game::political::ossa_weight("USA", "TEXTILES");
/// assert!(w > 1.3);
/// assert_eq!(truce_game::political::ossa_weight("USA", "SERVICES"), 1.0);
/// ```
pub fn ossa_weight(region: &str, sector: &str) -> f64 {
    OSSA_WEIGHTS
        .iter()
        .find(|(r, s, _)| *r == region && *s == sector)
        .map_or(1.0, |w| w.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &std::path::Path) -> Vec<Vec<f64>> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split(',').map(|x| x.trim().parse().unwrap()).collect())
            .collect()
    }

    #[test]
    #[cfg_attr(truce_no_shared, ignore = "needs ../shared/data/ossa2014")]
    fn the_weights_are_ossas_mapped_and_normalised() {
        let dir = truce_testkit::shared("data/ossa2014");
        let lam = read(&dir.join("lambda_pol.csv"));
        let x = read(&dir.join("trade_ijs_purged.csv"));
        let (n, s) = (7, 33);
        for (code, row) in [("USA", 6), ("CHN", 1)] {
            let out: Vec<f64> = (0..s).map(|k| x[k * n + row].iter().sum()).collect();
            let mean: f64 =
                (0..s).map(|k| lam[row][k] * out[k]).sum::<f64>() / out.iter().sum::<f64>();
            for (sector, ind) in OSSA_SECTOR_MAP {
                let num: f64 = ind.iter().map(|&k| lam[row][k - 1] * out[k - 1]).sum();
                let den: f64 = ind.iter().map(|&k| out[k - 1]).sum();
                let want = num / den / mean;
                let got = ossa_weight(code, sector);
                assert!(
                    (got - want).abs() < 1e-12,
                    "{code} {sector}: {got} vs {want}"
                );
            }
        }
    }
}
