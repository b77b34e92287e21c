//! Sector-level summary figures computed from the HS6 tariff schedules of 2018–2020.
//!
//! This is the documented, re-runnable computation behind the two summary tables committed in
//! `data/us_china_measures/` (the source files are only read, never copied, per the data
//! rules). The test `tests/summary_regenerate.rs` recomputes both tables from `../shared` and
//! fails if the committed figures differ (set `TRUCE_REGENERATE_SUMMARY=1` to rewrite them).
//!
//! Sources (read from `../shared/data/`):
//! * `tradewar_tariffs_us_china/us_tariffs_2020.csv` and `new_tariff_list_2020.csv`:
//!   M. Waugh, *US China Trade War Tracker* (GitHub `mwaugh0328/tradewar-tracker`, commit
//!   753b351, MIT): US tariffs on China and China's tariffs on the US by HS6 and date.
//! * `concordances/wits_hs_combined_to_isic3.csv`, `wits_hs2007_to_isic3.csv`: World Bank
//!   WITS HS → ISIC Rev.3 concordances (via the R package `concordance`, MIT).
//!
//! Method. Each HS6 line is mapped to one of the 11 model sectors through ISIC Rev.3
//! ([`isic_to_sector`]): the combined-HS table first, then HS 2007, then the most frequent
//! ISIC class of the line's HS4 heading, then of its HS2 chapter; lines whose ISIC class is not
//! a goods division (9999 "not elsewhere classified", 40+ electricity, publishing, art) take
//! the HS-chapter rule of `world2024_facts/README.md` ([`hs_chapter_sector`]). Figures are
//! *simple* (unweighted) means over HS6 lines and *line* shares: the files carry no trade
//! values, so within a sector every line counts equally. `docs/us-china-record.md` discusses
//! what that does to the comparison with PIIE's trade-weighted averages.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The 11 sectors of `world2024`, in order.
pub const SECTORS: [&str; 11] = [
    "AGRFOOD",
    "MINING",
    "TEXTILES",
    "CHEMPHARMA",
    "METALS",
    "MACHINERY",
    "ELECTRONICS",
    "ELECTRICAL",
    "MOTORVEH",
    "OTHERMFG",
    "SERVICES",
];

/// ISIC Rev.3 class (4 digits) → model sector; `None` for classes that are not goods
/// divisions (handled by [`hs_chapter_sector`]).
///
/// Divisions: 01–05 agriculture, forestry, fishing and 15–16 food and tobacco → AGRFOOD;
/// 10–14 mining → MINING; 17–19 → TEXTILES; 23–25 coke, petroleum, chemicals, rubber and
/// plastics → CHEMPHARMA; 27–28 → METALS; 29 → MACHINERY; 30 office machinery and computers,
/// 32 radio, TV and communication equipment, 33 medical, precision and optical instruments →
/// ELECTRONICS (the OECD ICIO's "computer, electronic and optical"); 31 → ELECTRICAL;
/// 34–35 motor vehicles and other transport → MOTORVEH (as WIOD's transport equipment);
/// 20–22 wood, paper, printing, 26 non-metallic minerals, 36–37 furniture, n.e.c., recycling
/// → OTHERMFG.
pub fn isic_to_sector(isic: &str) -> Option<&'static str> {
    let d: u32 = isic.get(..2)?.parse().ok()?;
    Some(match d {
        1..=5 | 15 | 16 => "AGRFOOD",
        10..=14 => "MINING",
        17..=19 => "TEXTILES",
        23..=25 => "CHEMPHARMA",
        27 | 28 => "METALS",
        29 => "MACHINERY",
        30 | 32 | 33 => "ELECTRONICS",
        31 => "ELECTRICAL",
        34 | 35 => "MOTORVEH",
        20..=22 | 26 | 36 | 37 => "OTHERMFG",
        _ => return None,
    })
}

/// The HS-chapter rule of `world2024_facts/README.md` for lines without a goods ISIC class.
pub fn hs_chapter_sector(hs6: &str) -> &'static str {
    let ch: u32 = hs6.get(..2).and_then(|c| c.parse().ok()).unwrap_or(99);
    let h4 = hs6.get(..4).unwrap_or("");
    match ch {
        1..=24 => "AGRFOOD",
        25..=27 => "MINING",
        28..=40 => "CHEMPHARMA",
        50..=67 => "TEXTILES",
        72..=83 => "METALS",
        84 if h4 == "8471" => "ELECTRONICS",
        84 => "MACHINERY",
        85 if matches!(
            h4,
            "8501" | "8502" | "8503" | "8504" | "8505" | "8506" | "8507" | "8516"
        ) =>
        {
            "ELECTRICAL"
        }
        85 => "ELECTRONICS",
        87 | 88 => "MOTORVEH",
        _ => "OTHERMFG",
    }
}

/// A product group of the record, defined by HS prefixes (2, 4 or 6 digits).
#[derive(Debug, Clone, Copy)]
pub struct ProductGroup {
    /// Name used in scenario files (`group = "…"`).
    pub name: &'static str,
    /// HS prefixes.
    pub prefixes: &'static [&'static str],
    /// What it stands for, and where the product scope comes from.
    pub about: &'static str,
}

/// The product groups the record uses. Scopes follow the legal texts' headings as summarised
/// in `measures.csv` (coverage column); where a scope names products rather than headings,
/// the headings are the usual HS homes of those products.
pub const GROUPS: &[ProductGroup] = &[
    ProductGroup {
        name: "steel-aluminium-232",
        prefixes: &[
            "7206", "7207", "7208", "7209", "7210", "7211", "7212", "7213", "7214", "7215", "7216",
            "7217", "7218", "7219", "7220", "7221", "7222", "7223", "7224", "7225", "7226", "7227",
            "7228", "7229", "7301", "7302", "7304", "7305", "7306", "7601", "7604", "7605", "7606",
            "7607", "7608", "7609",
        ],
        about: "Section 232 steel mill products and unwrought/semi-finished aluminium (2018 proclamations; M002)",
    },
    ProductGroup {
        name: "steel-aluminium-derivatives-2025",
        prefixes: &["72", "73", "76"],
        about: "Section 232 steel and aluminium after the 2025 expansion to derivatives (chapters 72, 73, 76; M068, M088)",
    },
    ProductGroup {
        name: "autos-232",
        prefixes: &["8703", "8704"],
        about: "Section 232 passenger vehicles and light trucks (M071)",
    },
    ProductGroup {
        name: "auto-parts-232",
        prefixes: &["8708", "8409", "4011"],
        about: "Section 232 auto parts from 3 May 2025: parts of vehicles, engine parts, tyres (M071)",
    },
    ProductGroup {
        name: "copper-232",
        prefixes: &["7407", "7408", "7409", "7410", "7411", "7412", "7413"],
        about: "Section 232 semi-finished copper products (M092)",
    },
    ProductGroup {
        name: "lumber-furniture-232",
        prefixes: &["4407", "9401", "9403"],
        about: "Section 232 softwood lumber, upholstered furniture, kitchen cabinets (M097; trucks and buses not included)",
    },
    ProductGroup {
        name: "electric-vehicles",
        prefixes: &["870380"],
        about: "electric vehicles (Section 301 four-year review, M053)",
    },
    ProductGroup {
        name: "solar-cells",
        prefixes: &["854140"],
        about: "photovoltaic cells and modules (Section 301 four-year review, M054; Section 201, M001)",
    },
    ProductGroup {
        name: "lithium-batteries",
        prefixes: &["850760"],
        about: "lithium-ion batteries (M055, M059)",
    },
    ProductGroup {
        name: "semiconductors",
        prefixes: &["8541", "8542"],
        about: "semiconductors (Section 301 four-year review 2025 tranche, M058)",
    },
    ProductGroup {
        name: "medical-supplies",
        prefixes: &["901831", "901832", "401511", "401519", "630790"],
        about: "syringes, needles, medical gloves, face masks (M057, M058)",
    },
    ProductGroup {
        name: "critical-minerals",
        prefixes: &[
            "2504", "2602", "2605", "2610", "2611", "2612", "2615", "2617", "2805", "2846", "8105",
            "8108", "8112",
        ],
        about: "critical minerals in the 2024 four-year review: natural graphite, manganese, cobalt, chromium, tungsten, uranium/thorium, niobium/tantalum, antimony ores, rare-earth metals and compounds, cobalt, titanium and minor metals (M056)",
    },
    ProductGroup {
        name: "permanent-magnets-graphite",
        prefixes: &["850511", "2504"],
        about: "permanent magnets and natural graphite (2026 tranche, M059)",
    },
    ProductGroup {
        name: "electronics-exempt-2025",
        prefixes: &[
            "8471", "847330", "8486", "851712", "851762", "852351", "852852", "8541", "8542",
        ],
        about: "the 11 April 2025 exemption from the reciprocal tariffs: computers, parts, semiconductor equipment, smartphones, network equipment, storage, monitors, chips (M080)",
    },
    ProductGroup {
        name: "energy-coal-lng-crude",
        prefixes: &["2701", "2709", "271111"],
        about: "coal, crude oil, liquefied natural gas (China's February 2025 retaliation, M067)",
    },
    ProductGroup {
        name: "ag-machinery",
        prefixes: &["8432", "8433"],
        about: "agricultural machinery (M067)",
    },
    ProductGroup {
        name: "large-cars-pickups",
        prefixes: &["870324", "870333", "870421", "870431"],
        about: "large-displacement cars and pickups (M067)",
    },
    ProductGroup {
        name: "farm-products-2025",
        prefixes: &[
            "02", "03", "04", "07", "08", "1001", "1005", "1007", "1201", "5201",
        ],
        about: "China's March 2025 farm list: meat incl. chicken and pork, aquatic products, dairy, vegetables, fruit, wheat, corn, sorghum, soybeans, cotton (M070)",
    },
];

/// One row of the schedule-means table.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleMean {
    /// `USA` (US tariffs on China) or `CHN` (China's tariffs on the US).
    pub side: String,
    /// Date the rates take effect.
    pub date: String,
    /// Model sector.
    pub sector: String,
    /// HS6 lines with a rate on that date.
    pub lines: usize,
    /// Simple mean of the ad-valorem rate over those lines, percent.
    pub mean_pct: f64,
}

/// One row of the product-group table.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupShare {
    /// Group name.
    pub group: String,
    /// Whose line universe (`USA`: the US schedule's lines; `CHN`: China's).
    pub side: String,
    /// Model sector.
    pub sector: String,
    /// Lines of the group in the sector.
    pub group_lines: usize,
    /// Lines in the sector.
    pub sector_lines: usize,
}

impl GroupShare {
    /// group_lines / sector_lines.
    pub fn share(&self) -> f64 {
        if self.sector_lines == 0 {
            0.0
        } else {
            self.group_lines as f64 / self.sector_lines as f64
        }
    }
}

/// HS6 → model sector, built from the two WITS concordances.
#[derive(Debug, Clone, Default)]
pub struct Concordance {
    isic: HashMap<String, String>,
    by_hs4: HashMap<String, String>,
    by_hs2: HashMap<String, String>,
}

fn read_csv(path: &Path) -> Result<csv::Reader<std::fs::File>, String> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

impl Concordance {
    /// Load the combined-HS table, then HS 2007 for codes the first lacks.
    ///
    /// # Errors
    /// A message naming the file when it cannot be read.
    pub fn load(combined: &Path, hs2007: &Path) -> Result<Self, String> {
        let mut isic: HashMap<String, String> = HashMap::new();
        for p in [combined, hs2007] {
            let mut r = read_csv(p)?;
            for rec in r.records() {
                let rec = rec.map_err(|e| format!("{}: {e}", p.display()))?;
                let (Some(h), Some(i)) = (rec.get(0), rec.get(2)) else {
                    continue;
                };
                if h.len() == 6 && h.bytes().all(|b| b.is_ascii_digit()) {
                    isic.entry(h.to_string()).or_insert_with(|| i.to_string());
                }
            }
        }
        let mode = |len: usize| {
            let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
            for (h, i) in &isic {
                *counts
                    .entry(h[..len].to_string())
                    .or_default()
                    .entry(i.clone())
                    .or_default() += 1;
            }
            counts
                .into_iter()
                .map(|(k, m)| {
                    // Most frequent class; ties broken by the smallest code (deterministic).
                    let best = m
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(i, _)| i.clone())
                        .unwrap_or_default();
                    (k, best)
                })
                .collect::<HashMap<_, _>>()
        };
        Ok(Self {
            by_hs4: mode(4),
            by_hs2: mode(2),
            isic,
        })
    }

    /// The model sector of an HS6 line.
    pub fn sector(&self, hs6: &str) -> &'static str {
        let isic = self
            .isic
            .get(hs6)
            .or_else(|| hs6.get(..4).and_then(|k| self.by_hs4.get(k)))
            .or_else(|| hs6.get(..2).and_then(|k| self.by_hs2.get(k)));
        isic.and_then(|i| isic_to_sector(i))
            .unwrap_or_else(|| hs_chapter_sector(hs6))
    }
}

/// Read one schedule: (date → hs6 → rate). `hs_col`, `date_col`, `rate_col` are header names.
fn read_schedule(path: &Path) -> Result<BTreeMap<String, BTreeMap<String, f64>>, String> {
    let mut r = read_csv(path)?;
    let headers = r
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("{}: no column `{name}`", path.display()))
    };
    let (ch, cd, ct) = (col("hs6")?, col("time_of_tariff")?, col("tariff")?);
    let mut out: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        let rate = rec.get(ct).unwrap_or("").trim();
        if rate.is_empty() {
            continue; // a few lines have no rate on some dates; they are left out of the mean
        }
        let rate: f64 = rate
            .parse()
            .map_err(|_| format!("{}: rate `{rate}` is not a number", path.display()))?;
        out.entry(rec.get(cd).unwrap_or("").to_string())
            .or_default()
            .insert(rec.get(ch).unwrap_or("").to_string(), rate);
    }
    Ok(out)
}

/// Both tables, computed from the shared files.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Simple mean tariff by side, date and sector.
    pub schedule_means: Vec<ScheduleMean>,
    /// Line shares of the product groups by side and sector.
    pub group_shares: Vec<GroupShare>,
}

/// Compute both tables from `shared_data` (the `../shared/data` folder).
///
/// # Errors
/// A message naming a file that is missing or malformed.
pub fn compute(shared_data: &Path) -> Result<Summary, String> {
    let conc = Concordance::load(
        &shared_data.join("concordances/wits_hs_combined_to_isic3.csv"),
        &shared_data.join("concordances/wits_hs2007_to_isic3.csv"),
    )?;
    let mut schedule_means = Vec::new();
    let mut group_shares = Vec::new();
    for (side, file) in [
        ("USA", "tradewar_tariffs_us_china/us_tariffs_2020.csv"),
        ("CHN", "tradewar_tariffs_us_china/new_tariff_list_2020.csv"),
    ] {
        let sched = read_schedule(&shared_data.join(file))?;
        for (date, rates) in &sched {
            let mut acc: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
            for (h, t) in rates {
                let e = acc.entry(conc.sector(h)).or_default();
                e.0 += 1;
                e.1 += t;
            }
            for s in SECTORS {
                if let Some((n, sum)) = acc.get(s) {
                    schedule_means.push(ScheduleMean {
                        side: side.into(),
                        date: date.clone(),
                        sector: s.into(),
                        lines: *n,
                        mean_pct: sum / *n as f64,
                    });
                }
            }
        }
        // The line universe: every HS6 code that appears on any date.
        let universe: std::collections::BTreeSet<&String> =
            sched.values().flat_map(|m| m.keys()).collect();
        let mut sector_lines: BTreeMap<&str, usize> = BTreeMap::new();
        for h in &universe {
            *sector_lines.entry(conc.sector(h)).or_default() += 1;
        }
        for g in GROUPS {
            let mut in_group: BTreeMap<&str, usize> = BTreeMap::new();
            for h in &universe {
                if g.prefixes.iter().any(|p| h.starts_with(p)) {
                    *in_group.entry(conc.sector(h)).or_default() += 1;
                }
            }
            for s in SECTORS {
                if let Some(n) = in_group.get(s) {
                    group_shares.push(GroupShare {
                        group: g.name.into(),
                        side: side.into(),
                        sector: s.into(),
                        group_lines: *n,
                        sector_lines: sector_lines.get(s).copied().unwrap_or(0),
                    });
                }
            }
        }
    }
    Ok(Summary {
        schedule_means,
        group_shares,
    })
}

/// Header comment of the committed tables (the citation travels with the figures).
pub const CITATION: &str = "# Computed by truce (crates/truce-scenario/src/summary.rs; re-run: TRUCE_REGENERATE_SUMMARY=1 cargo test -p truce-scenario --test summary_regenerate)\n# from M. Waugh, US China Trade War Tracker (github.com/mwaugh0328/tradewar-tracker, commit 753b351, MIT): us_tariffs_2020.csv, new_tariff_list_2020.csv\n# and World Bank WITS HS->ISIC Rev.3 concordances (via R package concordance v2.1.0, MIT). Simple means / line shares over HS6 lines.\n";

impl Summary {
    /// The schedule-means table as committed (CSV with a citation header).
    pub fn schedule_means_csv(&self) -> String {
        let mut s = String::from(CITATION);
        s.push_str("side,date,sector,hs6_lines,mean_tariff_pct\n");
        for r in &self.schedule_means {
            s.push_str(&format!(
                "{},{},{},{},{:.4}\n",
                r.side, r.date, r.sector, r.lines, r.mean_pct
            ));
        }
        s
    }

    /// The group-shares table as committed.
    pub fn group_shares_csv(&self) -> String {
        let mut s = String::from(CITATION);
        s.push_str("group,side,sector,group_lines,sector_lines,line_share\n");
        for r in &self.group_shares {
            s.push_str(&format!(
                "{},{},{},{},{},{:.6}\n",
                r.group,
                r.side,
                r.sector,
                r.group_lines,
                r.sector_lines,
                r.share()
            ));
        }
        s
    }
}
