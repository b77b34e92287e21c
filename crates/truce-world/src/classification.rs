//! The 11 regions × 11 sectors of world2024: codes, names, index constants, and how they map
//! onto the WIOD 2013 release's 2011 regions and broad sectors (the structure the calibration
//! starts from, `data/world2024_facts/wiod2011_structure.csv`).

use truce_model::Dims;

/// Number of regions.
pub const N: usize = 11;
/// Number of sectors.
pub const J: usize = 11;

/// Regions, in index order: code, name.
pub const REGIONS: [(&str, &str); N] = [
    ("USA", "United States"),
    ("CHN", "China"),
    ("EU27", "European Union (27)"),
    ("JPN", "Japan"),
    ("KOR", "Korea, Republic of"),
    ("TWN", "Taiwan"),
    ("VNM", "Viet Nam"),
    ("MEX", "Mexico"),
    ("CAN", "Canada"),
    ("IND", "India"),
    ("ROW", "Rest of the world"),
];

/// Sectors, in index order: code, name, coverage (ISIC Rev.3 as in the WIOD structure; HS as
/// in the US–China product rows).
pub const SECTORS: [(&str, &str, &str); J] = [
    (
        "AGRFOOD",
        "Agriculture, forestry, fishing and food products",
        "ISIC Rev.3 01-05, 15-16; HS 01-24",
    ),
    (
        "MINING",
        "Mining and quarrying incl. oil, gas and rare-earth ores, oxides and metals",
        "ISIC Rev.3 10-14; HS 25-27, rare-earth compounds 2805.30, 2846",
    ),
    (
        "TEXTILES",
        "Textiles, apparel, leather and footwear",
        "ISIC Rev.3 17-19; HS 50-67",
    ),
    (
        "CHEMPHARMA",
        "Chemicals, pharmaceuticals, rubber, plastics and refined petroleum",
        "ISIC Rev.3 23-25; HS 28-40",
    ),
    (
        "METALS",
        "Basic and fabricated metals",
        "ISIC Rev.3 27-28; HS 72-83",
    ),
    (
        "MACHINERY",
        "Machinery and equipment n.e.c.",
        "ISIC Rev.3 29; HS 84 except 8471",
    ),
    (
        "ELECTRONICS",
        "Computers, electronics, semiconductors and instruments",
        "ISIC Rev.3 30, 32-33; HS 8471, 85 except 8501-8507 and 8516",
    ),
    (
        "ELECTRICAL",
        "Electrical equipment incl. batteries, motors and permanent magnets",
        "ISIC Rev.3 31; HS 8501-8507, 8516",
    ),
    (
        "MOTORVEH",
        "Motor vehicles, parts and other transport equipment",
        "ISIC Rev.3 34-35; HS 86-89",
    ),
    (
        "OTHERMFG",
        "Other manufacturing: wood, paper, printing, non-metallic minerals, furniture, toys",
        "ISIC Rev.3 20-22, 26, 36-37; HS 44-49, 68-71, 94-96",
    ),
    (
        "SERVICES",
        "Services, utilities and construction",
        "ISIC Rev.3 40-99",
    ),
];

// Region indices.
pub(crate) const USA: usize = 0;
pub(crate) const CHN: usize = 1;
pub(crate) const EU27: usize = 2;
pub(crate) const JPN: usize = 3;
pub(crate) const KOR: usize = 4;
pub(crate) const TWN: usize = 5;
pub(crate) const VNM: usize = 6;
pub(crate) const MEX: usize = 7;
pub(crate) const CAN: usize = 8;
pub(crate) const IND: usize = 9;
pub(crate) const ROW: usize = 10;
// Sector indices.
pub(crate) const AGRFOOD: usize = 0;
pub(crate) const MINING: usize = 1;
pub(crate) const TEXTILES: usize = 2;
pub(crate) const CHEMPHARMA: usize = 3;
pub(crate) const METALS: usize = 4;
pub(crate) const MACHINERY: usize = 5;
pub(crate) const ELECTRONICS: usize = 6;
pub(crate) const ELECTRICAL: usize = 7;
pub(crate) const MOTORVEH: usize = 8;
pub(crate) const OTHERMFG: usize = 9;
pub(crate) const SERVICES: usize = 10;
/// Goods sectors (all but SERVICES).
pub(crate) const GOODS: std::ops::Range<usize> = 0..SERVICES;

pub(crate) const DIMS: Dims = Dims { n: N, j: J };

/// WIOD 2011 region whose structure region `n` takes: itself, and China for Viet Nam (VNM is
/// inside ROW in WIOD 2013).
pub(crate) const fn wiod_region(n: usize) -> usize {
    [0, 1, 2, 3, 4, 5, 1, 6, 7, 8, 9][n]
}
/// WIOD 2011 broad sector holding sector `j` (ELECTRONICS and ELECTRICAL are one there).
pub(crate) const fn wiod_sector(j: usize) -> usize {
    [0, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9][j]
}
pub(crate) const W_CHN: usize = 1;
pub(crate) const W_ROW: usize = 9;
