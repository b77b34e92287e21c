//! Rare earths in world2024: not a sector, but a share of China's MINING exports (ores,
//! oxides, compounds and metals) and of its ELECTRICAL exports (NdFeB permanent magnets).
//!
//! The scenario and game layers size China's export controls with these shares: a control on
//! rare earths is an export tax (or quota) on that share of the sector's exports.
//!
//! Numerators (USD bn, 2024):
//! * MINING, world: China's exports of rare earths, 55,431 t worth USD 488.8 million (GACC,
//!   reported by Reuters, "China's rare earth exports in 2024 climb as home demand limited",
//!   20 Jan 2025; the average price USD 8,818/t reported by Metalnomist, Mar 2025, gives the
//!   same value). Not in `facts.csv`; typed here with this citation.
//! * MINING, to the US: US imports of rare-earth compounds and metals, USD 170 million in 2024
//!   (USGS MCS 2025, `facts.csv` E31) × China's 70 % share of them in 2020–23 (E32).
//! * ELECTRICAL, world: China's permanent-magnet exports, USD 2.86 bn in 2024 (GACC via
//!   Adamas Intelligence, E37).
//! * ELECTRICAL, to the US: US imports of sintered NdFeB magnets from China, USD 58.4 million
//!   in Q1 2024 (E34) × 4 — an annualisation of one quarter (**low confidence**; no annual
//!   figure was found).
//!
//! Denominators: China's exports of the sector in the calibrated dataset (border values), to
//! all partners and to the US.

use crate::classification::{CHN, DIMS, ELECTRICAL, MINING, N, USA};
use crate::facts::{Confidence, Facts, Fig};
use serde::Serialize;
use truce_data::DataError;

/// China's 2024 rare-earth exports, USD bn: GACC data reported by Reuters (20 Jan 2025),
/// USD 488.8 million for 55,431 t.
pub const CHINA_RARE_EARTH_EXPORTS_2024_USD_BN: f64 = 0.4888;

/// The rare-earth content of one of China's export sectors.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RareEarthShare {
    /// Exporter (always `CHN`).
    pub exporter: &'static str,
    /// Sector: `MINING` (ores, oxides, metals) or `ELECTRICAL` (magnets).
    pub sector: &'static str,
    /// Rare-earth share of the sector's exports to all partners.
    pub world: f64,
    /// Rare-earth share of the sector's exports to the United States.
    pub to_usa: f64,
    /// Rare-earth exports to all partners, USD bn.
    pub rare_earth_exports_usd_bn: f64,
    /// Rare-earth exports to the US, USD bn.
    pub rare_earth_exports_to_usa_usd_bn: f64,
    /// The sector's exports to all partners in the dataset, USD bn.
    pub sector_exports_usd_bn: f64,
    /// The sector's exports to the US in the dataset, USD bn.
    pub sector_exports_to_usa_usd_bn: f64,
    /// Weakest confidence of the figures used.
    pub confidence: Confidence,
    /// Where the numerators come from.
    pub sources: &'static str,
}

/// The shares in the committed world2024 dataset (computed by the calibration; a test checks
/// that they equal what the dataset implies, and docs/world2024.md states them).
pub const RARE_EARTH_SHARES: [RareEarthShare; 2] = [
    RareEarthShare {
        exporter: "CHN",
        sector: "MINING",
        world: 0.02709995037119052,
        to_usa: 0.14730602980103724,
        rare_earth_exports_usd_bn: 0.4888,
        rare_earth_exports_to_usa_usd_bn: 0.11900000000000001,
        sector_exports_usd_bn: 18.03693340042551,
        sector_exports_to_usa_usd_bn: 0.8078420154336553,
        confidence: Confidence::Medium,
        sources: MINING_SOURCES,
    },
    RareEarthShare {
        exporter: "CHN",
        sector: "ELECTRICAL",
        world: 0.01576172106830316,
        to_usa: 0.009888409326209888,
        rare_earth_exports_usd_bn: 2.86,
        rare_earth_exports_to_usa_usd_bn: 0.2336,
        sector_exports_usd_bn: 181.45226575233988,
        sector_exports_to_usa_usd_bn: 23.623617539863325,
        confidence: Confidence::Low,
        sources: ELECTRICAL_SOURCES,
    },
];

const MINING_SOURCES: &str = "world: GACC 2024 rare-earth exports USD 488.8 m (Reuters, 20 Jan \
     2025); US: USGS MCS 2025 US imports of compounds and metals USD 170 m (E31) × 70 % from \
     China (E32)";
const ELECTRICAL_SOURCES: &str = "world: GACC 2024 permanent-magnet exports USD 2.86 bn (Adamas \
     Intelligence, E37); US: sintered NdFeB imports from China Q1 2024 USD 58.4 m × 4 (E34, \
     annualised, low)";

/// The rare-earth share of `exporter`'s exports of `sector` in the world2024 dataset: `Some`
/// for China's MINING and ELECTRICAL, `None` otherwise.
///
/// # Example
/// ```
/// let s = truce_world::rare_earth_share("CHN", "ELECTRICAL").unwrap();
/// assert!(s.world > 0.0 && s.world < 0.1);
/// assert!(truce_world::rare_earth_share("USA", "MINING").is_none());
/// ```
pub fn rare_earth_share(exporter: &str, sector: &str) -> Option<RareEarthShare> {
    RARE_EARTH_SHARES
        .iter()
        .find(|s| s.exporter == exporter && s.sector == sector)
        .copied()
}

/// Compute the shares from the facts and a calibrated world2024 baseline.
pub(crate) fn compute(
    f: &Facts,
    b: &truce_model::Baseline,
) -> Result<[RareEarthShare; 2], DataError> {
    let d = DIMS;
    let m = b.flows();
    let exports = |j: usize| -> (f64, f64) {
        let world: f64 = (0..N)
            .filter(|&n| n != CHN)
            .map(|n| m[d.nij(n, CHN, j)])
            .sum();
        (world, m[d.nij(USA, CHN, j)])
    };
    let us_imports = f.get(
        "E31",
        "USD m",
        "US imports of rare-earth compounds and metals",
    )?;
    let chn_share = f.get("E32", "percent", "China's share of US rare-earth imports")?;
    let to_usa_mining = Fig::derive(
        &[&us_imports, &chn_share],
        us_imports.value / 1000.0 * chn_share.value / 100.0,
    );
    let magnets = f.get("E37", "USD bn", "China's permanent-magnet exports")?;
    let q1 = f.get(
        "E34",
        "USD m",
        "US sintered NdFeB imports from China, Q1 2024",
    )?;
    let to_usa_magnets = Fig::derive(&[&q1], q1.value * 4.0 / 1000.0);

    let make = |sector: &'static str,
                j: usize,
                world: f64,
                usa: &Fig,
                conf: Confidence,
                sources: &'static str| {
        let (ex, ex_us) = exports(j);
        RareEarthShare {
            exporter: "CHN",
            sector,
            world: world / ex,
            to_usa: usa.value / ex_us,
            rare_earth_exports_usd_bn: world,
            rare_earth_exports_to_usa_usd_bn: usa.value,
            sector_exports_usd_bn: ex,
            sector_exports_to_usa_usd_bn: ex_us,
            confidence: conf,
            sources,
        }
    };
    Ok([
        make(
            "MINING",
            MINING,
            CHINA_RARE_EARTH_EXPORTS_2024_USD_BN,
            &to_usa_mining,
            // Reuters report (secondary) and E31/E32 (high, but the share is 2020–23).
            Confidence::Medium,
            MINING_SOURCES,
        ),
        make(
            "ELECTRICAL",
            ELECTRICAL,
            magnets.value,
            &to_usa_magnets,
            Confidence::Low.min(to_usa_magnets.confidence),
            ELECTRICAL_SOURCES,
        ),
    ])
}
