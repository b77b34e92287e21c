//! Coverage by trade value: the share of a model sector that a named product group makes up in
//! US imports from each partner, from 2024 import values.
//!
//! A measure that covers part of a sector (`value_group = "annex-ii"` in a scenario or record
//! file, or a group carved out with `exclude_groups`) needs the share of that sector's trade
//! the covered goods make up. Counting HS lines (the record's `group` coverage) gives every
//! line the same weight; a few lines can carry most of a sector's value (smartphones and
//! laptops in US imports from China), so the record's 2025–26 measures weigh goods by their
//! 2024 import values instead. Two kinds of rows in `data/tariff_wall_2025/product_groups.csv`
//! define a group in a sector:
//!
//! * **chapter rows** (`hs2`, `fraction`): the group is `fraction` of the value of HS chapter
//!   `hs2`. Its share of sector j in imports from partner p is
//!   $$ s_{p}^{j} = \frac{\sum_{c\in g} f_c\, V_{p,c}}{\sum_{c \in j} V_{p,c}}, $$
//!   with $V_{p,c}$ the 2024 US imports from p in chapter c
//!   (`data/tariff_wall_2025/us_imports_hs2_2024.csv`, US Census via M. Waugh's tracker).
//!   Numerator and denominator come from the same source, so the share does not depend on how
//!   a dataset scales its flows. A partner the table does not have takes the sum over the
//!   table's partners (the US-wide share). Chapters 84, 85, 90 and 91 straddle MACHINERY,
//!   ELECTRONICS and ELECTRICAL and cannot define a chapter row.
//! * **value rows** (`partner`, `value_usd_bn`): a cited 2024 import value. A partner's own
//!   row gives s = value / the dataset's flow; an `ALL` row's value, less the partners that
//!   have their own rows, is spread over every other partner in proportion to their flows (the
//!   same share for each: "the same weights serve every partner").
//!
//! Groups describe US imports, so only measures imposed by `USA` can use them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// `us_imports_hs2_2024.csv`: 2024 US imports by partner and HS chapter, USD million.
pub const HS2_IMPORTS_CSV: &str =
    include_str!("../../../data/tariff_wall_2025/us_imports_hs2_2024.csv");
/// `product_groups.csv`: the value-weighted product groups.
pub const PRODUCT_GROUPS_CSV: &str =
    include_str!("../../../data/tariff_wall_2025/product_groups.csv");

/// The model sector of an HS chapter for chapter rows; `None` for chapters that straddle
/// sectors (84, 85, 90, 91) or are not goods classifications (98, 99: special provisions).
///
/// The rule is the HS-chapter rule of `world2024_facts/README.md` (leather, ch. 41–43, goes
/// with TEXTILES as ISIC 19 does).
pub fn chapter_sector(hs2: u32) -> Option<&'static str> {
    Some(match hs2 {
        1..=24 => "AGRFOOD",
        25..=27 => "MINING",
        28..=40 => "CHEMPHARMA",
        41..=43 | 50..=67 => "TEXTILES",
        44..=49 | 68..=71 | 92..=97 => "OTHERMFG",
        72..=83 => "METALS",
        86..=89 => "MOTORVEH",
        _ => return None,
    })
}

/// 2024 US imports by region (world2024 codes; the ROW sample summed) and chapter, USD mn.
fn hs2() -> &'static BTreeMap<String, BTreeMap<u32, f64>> {
    static T: OnceLock<BTreeMap<String, BTreeMap<u32, f64>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: BTreeMap<String, BTreeMap<u32, f64>> = BTreeMap::new();
        for l in HS2_IMPORTS_CSV
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
        {
            let f: Vec<&str> = l.split(',').collect();
            let ch: u32 = f[3].parse().expect("committed chapters are numbers");
            let v: f64 = f[4].parse().expect("committed values are numbers");
            *t.entry(f[1].to_string())
                .or_default()
                .entry(ch)
                .or_default() += v;
        }
        t
    })
}

/// 2024 US imports from `region` by HS chapter, USD mn (`None` if the table lacks it).
pub fn hs2_imports(region: &str) -> Option<&'static BTreeMap<u32, f64>> {
    hs2().get(region)
}

/// The US-wide chapter values: the sum over the table's regions.
fn hs2_all() -> &'static BTreeMap<u32, f64> {
    static A: OnceLock<BTreeMap<u32, f64>> = OnceLock::new();
    A.get_or_init(|| {
        let mut a = BTreeMap::new();
        for m in hs2().values() {
            for (c, v) in m {
                *a.entry(*c).or_default() += v;
            }
        }
        a
    })
}

/// One row of `product_groups.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// Group name.
    pub group: String,
    /// Model sector.
    pub sector: String,
    /// `ALL` or a region code.
    pub partner: String,
    /// HS chapter (chapter rows).
    pub hs2: Option<u32>,
    /// Fraction of the chapter (chapter rows).
    pub fraction: Option<f64>,
    /// Cited 2024 import value, USD bn (value rows).
    pub value_usd_bn: Option<f64>,
    /// Where the figure comes from.
    pub source: String,
    /// `high`, `medium` or `low`.
    pub confidence: String,
}

fn split_csv(line: &str) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    r.records()
        .next()
        .and_then(Result::ok)
        .map(|rec| rec.iter().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Every row of `product_groups.csv`, in file order.
///
/// # Panics
/// Never on the committed file (a test checks every row).
pub fn rows() -> &'static [GroupRow] {
    static R: OnceLock<Vec<GroupRow>> = OnceLock::new();
    R.get_or_init(|| {
        PRODUCT_GROUPS_CSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1)
            .map(|l| {
                let f = split_csv(l);
                let num = |s: &str| (!s.trim().is_empty()).then(|| s.trim().parse::<f64>());
                GroupRow {
                    group: f[0].clone(),
                    sector: f[1].clone(),
                    partner: f[2].clone(),
                    hs2: num(&f[3]).map(|x| x.expect("committed chapter") as u32),
                    fraction: num(&f[4]).map(|x| x.expect("committed fraction")),
                    value_usd_bn: num(&f[5]).map(|x| x.expect("committed value")),
                    source: f[6].clone(),
                    confidence: f[7].clone(),
                }
            })
            .collect()
    })
}

/// Names of the value groups, in file order.
pub fn group_names() -> Vec<&'static str> {
    let mut v: Vec<&str> = Vec::new();
    for r in rows() {
        if !v.contains(&r.group.as_str()) {
            v.push(&r.group);
        }
    }
    v
}

/// `true` if `name` is a value group.
pub fn is_group(name: &str) -> bool {
    rows().iter().any(|r| r.group == name)
}

/// US imports (USD bn) by partner for one sector, as the dataset has them: `(partner code,
/// flow)` for every exporter but the US.
pub type PartnerFlows<'a> = [(&'a str, f64)];

/// The share of sector `sector` of US imports from `partner` that group `group` makes up
/// (module docs). `flows` are the dataset's US imports in that sector by partner, USD bn (used
/// by value rows). Returns `None` when the group has no row for the sector (share 0), and the
/// share otherwise (not capped: the caller caps at 1 and says so).
pub fn share(group: &str, sector: &str, partner: &str, flows: &PartnerFlows) -> Option<f64> {
    let rs: Vec<&GroupRow> = rows()
        .iter()
        .filter(|r| r.group == group && r.sector == sector)
        .collect();
    if rs.is_empty() {
        return None;
    }
    let values: Vec<&&GroupRow> = rs.iter().filter(|r| r.value_usd_bn.is_some()).collect();
    if !values.is_empty() {
        let flow = |p: &str| {
            flows
                .iter()
                .find(|(c, _)| *c == p)
                .map(|x| x.1)
                .unwrap_or(0.0)
        };
        if let Some(own) = values.iter().find(|r| r.partner == partner) {
            let f = flow(partner);
            return Some(if f > 0.0 {
                own.value_usd_bn.expect("value row") / f
            } else {
                0.0
            });
        }
        let Some(all) = values.iter().find(|r| r.partner == "ALL") else {
            return Some(0.0);
        };
        let listed: Vec<&str> = values
            .iter()
            .filter(|r| r.partner != "ALL")
            .map(|r| r.partner.as_str())
            .collect();
        let listed_value: f64 = values
            .iter()
            .filter(|r| r.partner != "ALL" && flows.iter().any(|(c, _)| *c == r.partner))
            .map(|r| r.value_usd_bn.expect("value row"))
            .sum();
        let rest: f64 = flows
            .iter()
            .filter(|(c, _)| !listed.contains(c))
            .map(|x| x.1)
            .sum();
        let v = all.value_usd_bn.expect("value row") - listed_value;
        return Some(if rest > 0.0 { (v / rest).max(0.0) } else { 0.0 });
    }
    let table = hs2_imports(partner).unwrap_or_else(|| hs2_all());
    let sector_total: f64 = table
        .iter()
        .filter(|(c, _)| chapter_sector(**c) == Some(sector))
        .map(|(_, v)| v)
        .sum();
    if sector_total <= 0.0 {
        return Some(0.0);
    }
    let covered: f64 = rs
        .iter()
        .filter_map(|r| {
            let c = r.hs2?;
            Some(r.fraction.unwrap_or(1.0) * table.get(&c).copied().unwrap_or(0.0))
        })
        .sum();
    Some(covered / sector_total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_well_formed_and_cited() {
        assert!(!rows().is_empty());
        for r in rows() {
            assert!(
                crate::summary::SECTORS.contains(&r.sector.as_str()),
                "{}: sector {}",
                r.group,
                r.sector
            );
            assert!(
                ["high", "medium", "low"].contains(&r.confidence.as_str()),
                "{}: confidence {}",
                r.group,
                r.confidence
            );
            assert!(
                r.source.len() > 10,
                "{} {} has no source",
                r.group,
                r.sector
            );
            match (r.hs2, r.value_usd_bn) {
                (Some(c), None) => {
                    assert_eq!(r.partner, "ALL", "chapter rows are for ALL partners");
                    assert_eq!(
                        chapter_sector(c),
                        Some(r.sector.as_str()),
                        "{}: chapter {c} is not in {}",
                        r.group,
                        r.sector
                    );
                    let f = r.fraction.expect("chapter rows give a fraction");
                    assert!((0.0..=1.0).contains(&f));
                }
                (None, Some(v)) => assert!(v > 0.0 && r.fraction.is_none()),
                _ => panic!(
                    "{} {}: give either hs2+fraction or value_usd_bn",
                    r.group, r.sector
                ),
            }
        }
        // A group's rows in one sector are all chapter rows or all value rows.
        for g in group_names() {
            for s in crate::summary::SECTORS {
                let kinds: Vec<bool> = rows()
                    .iter()
                    .filter(|r| r.group == g && r.sector == s)
                    .map(|r| r.hs2.is_some())
                    .collect();
                assert!(kinds.windows(2).all(|w| w[0] == w[1]), "{g} {s} mixes rows");
            }
        }
    }

    /// The transcribed table reproduces the tracker's total 2024 imports by partner
    /// (`country-by-time.csv`, column `total imports`, USD): a check on the transcription.
    #[test]
    fn hs2_totals_match_the_trackers_partner_totals() {
        let totals = [
            ("CHN", 429_425.828),
            ("MEX", 503_438.605),
            ("CAN", 411_693.825),
            ("JPN", 151_340.031),
            ("KOR", 130_458.736),
            ("VNM", 141_361.159),
            ("TWN", 115_274.122),
            ("IND", 87_735.219),
            ("EU27", 597_473.236),
        ];
        for (p, want) in totals {
            let got: f64 = hs2_imports(p).unwrap().values().sum();
            assert!(
                (got / want - 1.0).abs() < 1e-4,
                "{p}: {got} vs the tracker's {want}"
            );
        }
    }

    #[test]
    fn chapter_shares_are_within_source_ratios() {
        // Pharmaceuticals (ch. 30), fertilisers (ch. 31) and half of chapters 28-29 are 29 %
        // of China's chemicals by 2024 value.
        let s = share("annex-ii", "CHEMPHARMA", "CHN", &[]).unwrap();
        let want = (7933.0 + 22.0 + 0.5 * (1751.0 + 8357.0)) / 44616.0;
        assert!((s - want).abs() < 1e-9, "{s} vs {want}");
        // and 63 % of the EU's (pharmaceuticals are most of it).
        let e = share("annex-ii", "CHEMPHARMA", "EU27", &[]).unwrap();
        assert!(e > 0.6 && e < 0.75, "{e}");
        // A partner the table lacks takes the US-wide share.
        let x = share("annex-ii", "CHEMPHARMA", "XYZ", &[]).unwrap();
        assert!(x > s && x < e);
        assert_eq!(share("annex-ii", "SERVICES", "CHN", &[]), None);
    }

    #[test]
    fn value_rows_split_the_rest_over_other_partners() {
        let flows = [("CHN", 150.0), ("EU27", 70.0), ("MEX", 110.0)];
        let c = share("electronics-apr2025", "ELECTRONICS", "CHN", &flows).unwrap();
        let e = share("electronics-apr2025", "ELECTRONICS", "EU27", &flows).unwrap();
        let m = share("electronics-apr2025", "ELECTRONICS", "MEX", &flows).unwrap();
        assert!((c - 101.0 / 150.0).abs() < 1e-12);
        assert_eq!(e, m);
        assert!((e - (390.0 - 101.0) / 180.0).abs() < 1e-12);
    }
}
