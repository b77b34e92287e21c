//! The built-in US–China record: dated measures, sector summaries of the HS6 schedules, and
//! PIIE's published average tariffs. All files live in `data/us_china_measures/` and are
//! compiled in.
//!
//! See `docs/us-china-record.md` for the mapping of each measure to the model's sectors.

use crate::date::Date;
use crate::error::ScenarioError;
use crate::scenario::{Measure, Scenario};
use std::collections::BTreeMap;
use std::sync::OnceLock;
#[cfg(doc)]
use truce_model::Dims;

/// `measures.csv`: 122 dated US–China measures (cited facts; see its README).
pub const MEASURES_CSV: &str = include_str!("../../../data/us_china_measures/measures.csv");
/// `average_tariffs.csv`: PIIE (Bown) and other average-tariff series.
pub const AVERAGE_TARIFFS_CSV: &str =
    include_str!("../../../data/us_china_measures/average_tariffs.csv");
/// The record as truce measures.
pub const RECORD_TOML: &str = include_str!("../../../data/us_china_measures/record.toml");
/// The 2025–26 measures of and against every other US partner (record `tariff-wall`, together
/// with [`RECORD_TOML`]).
pub const WALL_TOML: &str = include_str!("../../../data/tariff_wall_2025/record.toml");

/// The regions a built-in record may name (world2024's).
pub const RECORD_REGIONS: [&str; 11] = [
    "USA", "CHN", "EU27", "JPN", "KOR", "TWN", "VNM", "MEX", "CAN", "IND", "ROW",
];
/// Sector means of the HS6 schedules (computed by [`crate::summary`]).
pub const SCHEDULE_MEANS_CSV: &str =
    include_str!("../../../data/us_china_measures/hs6_schedule_sector_means.csv");
/// Line shares of the record's product groups (computed by [`crate::summary`]).
pub const GROUP_SHARES_CSV: &str =
    include_str!("../../../data/us_china_measures/hs6_product_group_shares.csv");

/// The pre-war date: 1 January 2018.
pub const PREWAR: Date = Date::constant(2018, 1, 1);

/// The last day the record describes (its rows reach July 2026).
pub const RECORD_END: Date = Date::constant(2026, 7, 31);

/// The records of a committed CSV table after its header, read with the `csv` crate (quoted
/// fields allowed; `#` lines are comments; blank lines skipped).
fn data_lines(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records()
        .map(|r| {
            r.expect("committed tables are valid CSV")
                .iter()
                .map(str::to_string)
                .collect()
        })
}

/// The date in field `field` of a record of a committed table (`file`, 1-based `row` after the
/// header).
///
/// # Panics
/// On a date that does not parse, naming the file, row, field and value; never on the
/// committed tables (the tests read every row).
fn table_date(file: &str, row: usize, field: &str, value: &str) -> Date {
    value.parse().unwrap_or_else(|e| {
        panic!("data/us_china_measures/{file} record {row}, field `{field}`: {e}")
    })
}

type Means = BTreeMap<(String, Date), BTreeMap<String, f64>>;

fn means() -> &'static Means {
    static M: OnceLock<Means> = OnceLock::new();
    M.get_or_init(|| {
        let mut m: Means = BTreeMap::new();
        for (k, f) in data_lines(SCHEDULE_MEANS_CSV).enumerate() {
            let date = table_date("hs6_schedule_sector_means.csv", k + 1, "date", &f[1]);
            m.entry((f[0].to_string(), date))
                .or_default()
                .insert(f[2].to_string(), f[4].parse().expect("committed numbers"));
        }
        m
    })
}

/// Simple mean tariff (percent) of a schedule side (`USA`, `CHN`) on a date, in a sector:
/// `None` if the schedule has no such date, `Some(None)` if the sector has no lines.
pub fn schedule_mean(side: &str, date: Date, sector: &str) -> Option<Option<f64>> {
    means()
        .get(&(side.to_string(), date))
        .map(|m| m.get(sector).copied())
}

/// The dates of a schedule side.
pub fn schedule_dates(side: &str) -> Vec<Date> {
    means()
        .keys()
        .filter(|(s, _)| s == side)
        .map(|(_, d)| *d)
        .collect()
}

type Groups = BTreeMap<(String, String), BTreeMap<String, f64>>;

fn groups() -> &'static Groups {
    static G: OnceLock<Groups> = OnceLock::new();
    G.get_or_init(|| {
        let mut g: Groups = BTreeMap::new();
        for f in data_lines(GROUP_SHARES_CSV) {
            g.entry((f[0].to_string(), f[1].to_string()))
                .or_default()
                .insert(f[2].to_string(), f[5].parse().expect("committed numbers"));
        }
        // Groups with no line in a universe still exist (share 0 everywhere).
        for pg in crate::summary::GROUPS {
            for side in ["USA", "CHN"] {
                g.entry((pg.name.to_string(), side.to_string()))
                    .or_default();
            }
        }
        g
    })
}

/// Line shares of a product group by sector, in the line universe of `side`.
pub fn group_shares(group: &str, side: &str) -> Option<&'static BTreeMap<String, f64>> {
    groups().get(&(group.to_string(), side.to_string()))
}

/// `true` for a sector of the record's classification that holds no HS line (SERVICES): no
/// tariff or export tax of the record reaches it, and average tariffs leave it out. Codes
/// outside the classification give `false`.
pub fn holds_no_goods(sector: &str) -> bool {
    crate::summary::SECTORS.contains(&sector)
        && ["USA", "CHN"]
            .iter()
            .all(|side| schedule_mean(side, PREWAR, sector) == Some(None))
}

/// Names of the product groups.
pub fn group_names() -> impl Iterator<Item = &'static str> {
    crate::summary::GROUPS.iter().map(|g| g.name)
}

/// The `us-china` record's measures (parsed once; `from_record` set): the US–China measures
/// and the all-partner Section 232 and 122 measures of `measures.csv`.
///
/// # Panics
/// Never on the committed file (a test parses it).
pub fn measures() -> &'static [Measure] {
    measures_of("us-china")
}

/// The measures of a built-in record ([`crate::RECORDS`]): `us-china`, or `tariff-wall`
/// (`us-china` plus every other US partner's 2025–26 measures and their retaliation).
///
/// # Panics
/// On a name that is not in [`crate::RECORDS`] (checked when a scenario is parsed), and never
/// on the committed files (tests load both).
pub fn measures_of(record: &str) -> &'static [Measure] {
    static US_CHINA: OnceLock<Vec<Measure>> = OnceLock::new();
    static WALL: OnceLock<Vec<Measure>> = OnceLock::new();
    let us_china = || {
        US_CHINA.get_or_init(|| {
            load_record(&[(RECORD_TOML, "data/us_china_measures/record.toml")])
                .expect("the committed record loads")
        })
    };
    match record {
        "us-china" => us_china(),
        "tariff-wall" => WALL.get_or_init(|| {
            load_record(&[
                (RECORD_TOML, "data/us_china_measures/record.toml"),
                (WALL_TOML, "data/tariff_wall_2025/record.toml"),
            ])
            .expect("the committed records load")
        }),
        other => panic!("unknown record {other}: scenarios check names against RECORDS"),
    }
}

/// The confidence of a `measures.csv` row (`high`, `medium`, `low`).
fn csv_confidence(id: &str) -> Option<String> {
    data_lines(MEASURES_CSV)
        .find(|f| f.first().map(String::as_str) == Some(id))
        .and_then(|f| f.last().cloned())
        .map(|c| c.trim().to_string())
        .filter(|c| crate::scenario::CONFIDENCE.contains(&c.as_str()))
}

/// Parse and check a record made of one or more files (in order): every measure is dated,
/// cites a source and carries a confidence tag (its own `confidence`, or that of the first
/// `measures.csv` row its source cites), names only the record's regions
/// ([`RECORD_REGIONS`]) and sectors ([`crate::summary::SECTORS`]), has an id unused by the
/// other files, and no two measures set the same layer for the same partner and sector on the
/// same date ([`check_overlaps`]).
///
/// # Errors
/// A [`ScenarioError`] naming the file, line and field: invalid TOML or values (a rate that
/// is not a number), a missing date, source or confidence, an unknown partner or sector (with
/// a suggestion), a duplicate id, overlapping measures.
pub fn load_record(files: &[(&str, &str)]) -> Result<Vec<Measure>, ScenarioError> {
    let mut all: Vec<Measure> = Vec::new();
    for (text, file) in files {
        let s = Scenario::from_toml_str(text, file, "record")?;
        for mut m in s.measures {
            let need = |what: &str, how: &str| {
                m.origin.error(
                    crate::ErrorKind::MissingKey,
                    format!("record measure `{}` has no `{what}`: {how}", m.id),
                )
            };
            if m.date.is_none() {
                return Err(need("date", "every record measure takes effect on a date"));
            }
            let Some(src) = m.source.clone().filter(|x| !x.trim().is_empty()) else {
                return Err(need(
                    "source",
                    "cite the order, notice or page the rate comes from",
                ));
            };
            if m.confidence.is_none() {
                m.confidence = src
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| w.len() == 4 && w.starts_with('M'))
                    .find_map(csv_confidence);
            }
            if m.confidence.is_none() {
                return Err(need(
                    "confidence",
                    "add confidence = \"high\", \"medium\" or \"low\" (say in `source` what is uncertain)",
                ));
            }
            check_codes(&m)?;
            if let Some(prev) = all.iter().find(|p| p.id == m.id) {
                return Err(m.origin.error(
                    crate::ErrorKind::Duplicate,
                    format!(
                        "record measure id `{}` is already used at {}:{}; give each measure its own id",
                        m.id, prev.origin.file, prev.origin.line
                    ),
                ));
            }
            m.from_record = true;
            all.push(m);
        }
    }
    check_overlaps(&all)?;
    Ok(all)
}

fn check_codes(m: &Measure) -> Result<(), ScenarioError> {
    use crate::scenario::{SectorSet, ShareSpec, Targets};
    let region = |c: &crate::Located<String>, role: &str| {
        if RECORD_REGIONS.contains(&c.value.as_str()) {
            Ok(())
        } else {
            Err(c.origin.error(
                crate::ErrorKind::UnknownCountry,
                format!(
                    "record measure `{}`: unknown {role} `{}`{}; the record's regions are: {}",
                    m.id,
                    c.value,
                    truce_model::suggest::did_you_mean(&c.value, RECORD_REGIONS),
                    RECORD_REGIONS.join(" ")
                ),
            ))
        }
    };
    region(&m.imposing, "imposing country")?;
    if let Targets::List(l) = &m.targets {
        for t in l {
            region(t, "target")?;
        }
    }
    let mut sectors: Vec<&crate::Located<String>> = Vec::new();
    if let SectorSet::List(l) = &m.coverage.sectors {
        sectors.extend(l);
    }
    match &m.coverage.share {
        ShareSpec::PerSector(l) | ShareSpec::ValueUsdBn(l) => {
            sectors.extend(l.iter().map(|x| &x.0))
        }
        _ => {}
    }
    sectors.extend(m.coverage.exclude_value_usd_bn.iter().map(|x| &x.0));
    for s in sectors {
        // optional_sectors: a sector outside the classification that only some datasets have
        // (RARE_EARTHS, split out of world2024 in world2024-ree).
        if !crate::summary::SECTORS.contains(&s.value.as_str()) && !m.optional_sectors {
            return Err(s.origin.error(
                crate::ErrorKind::UnknownSector,
                format!(
                    "record measure `{}`: unknown sector `{}`{}; the record's sectors are: {}",
                    m.id,
                    s.value,
                    truce_model::suggest::did_you_mean(&s.value, crate::summary::SECTORS),
                    crate::summary::SECTORS.join(" ")
                ),
            ));
        }
    }
    Ok(())
}

/// The sectors a measure names (`None`: every sector).
fn named_sectors(m: &Measure) -> Option<Vec<&str>> {
    use crate::scenario::{SectorSet, ShareSpec};
    match &m.coverage.share {
        ShareSpec::PerSector(l) | ShareSpec::ValueUsdBn(l) => {
            Some(l.iter().map(|x| x.0.value.as_str()).collect())
        }
        // A value group covers only the sectors it has rows in.
        ShareSpec::ValueGroup(g) if matches!(m.coverage.sectors, SectorSet::All) => {
            let mut v: Vec<&str> = Vec::new();
            for r in crate::values::rows().iter().filter(|r| r.group == g.value) {
                if !v.contains(&r.sector.as_str()) {
                    v.push(&r.sector);
                }
            }
            Some(v)
        }
        _ => match &m.coverage.sectors {
            SectorSet::All => None,
            SectorSet::List(l) => Some(l.iter().map(|x| x.value.as_str()).collect()),
        },
    }
}

/// No two dated measures may set the same layer (legal basis) of the same instrument, imposed
/// by the same country, for a common partner and sector on the same date: which one applies
/// would depend on their order in the file. A measure that names its partners may refine one
/// that targets `ALL` on the same day (an exemption or a country rate); it applies after it.
///
/// # Errors
/// [`crate::ErrorKind::Conflict`] at the later measure's line, naming both.
pub fn check_overlaps(ms: &[Measure]) -> Result<(), ScenarioError> {
    use crate::scenario::Targets;
    for (b_idx, b) in ms.iter().enumerate() {
        for a in &ms[..b_idx] {
            if a.date.is_none()
                || a.date != b.date
                || a.layer != b.layer
                || a.instrument != b.instrument
                || a.imposing.value != b.imposing.value
            {
                continue;
            }
            let common: Vec<String> = match (&a.targets, &b.targets) {
                (Targets::All, Targets::All) => vec!["every partner".into()],
                (Targets::List(x), Targets::List(y)) => x
                    .iter()
                    .filter(|t| y.iter().any(|u| u.value == t.value))
                    .map(|t| t.value.clone())
                    .collect(),
                _ => Vec::new(),
            };
            if common.is_empty() {
                continue;
            }
            let sectors: Option<Vec<&str>> = match (named_sectors(a), named_sectors(b)) {
                (None, None) => Some(vec!["every sector"]),
                (None, Some(s)) | (Some(s), None) => Some(s),
                (Some(x), Some(y)) => {
                    let c: Vec<&str> = x.into_iter().filter(|s| y.contains(s)).collect();
                    (!c.is_empty()).then_some(c)
                }
            };
            let Some(sectors) = sectors else { continue };
            return Err(b.origin.error(
                crate::ErrorKind::Conflict,
                format!(
                    "measures `{}` ({}:{}) and `{}` both set layer `{}` for {} in {} on {}: one legal basis can set a cell only once a day; merge them, or give one its own date or layer",
                    a.id,
                    a.origin.file,
                    a.origin.line,
                    b.id,
                    b.layer,
                    common.join(", "),
                    sectors.join(", "),
                    b.date.expect("dated")
                ),
            ));
        }
    }
    Ok(())
}

/// A point of PIIE's trade-weighted average tariffs whose value PIIE published.
#[derive(Debug, Clone, PartialEq)]
pub struct PiiePoint {
    /// Date.
    pub date: Date,
    /// Average US tariff on Chinese goods, percent, if published for this date.
    pub us_on_chn_pct: Option<f64>,
    /// Average Chinese tariff on US goods, percent, if published.
    pub chn_on_us_pct: Option<f64>,
    /// The event.
    pub event: String,
    /// `value_type` as in the file.
    pub value_type: String,
}

/// The `PIIE_Bown` rows whose `value_type` starts with "published". A row marked
/// "published (US)" contributes only the US value, "published (China)" only China's.
pub fn piie_published() -> Vec<PiiePoint> {
    let mut out = Vec::new();
    for (k, f) in data_lines(AVERAGE_TARIFFS_CSV).enumerate() {
        if f.len() < 6 || f[1] != "PIIE_Bown" || !f[5].starts_with("published") {
            continue;
        }
        let vt = f[5].as_str();
        let us_ok = !vt.contains("(China)") || vt.contains("(US)");
        let chn_ok = !vt.contains("(US)");
        let num = |s: &str| s.trim().parse::<f64>().ok();
        let date = table_date("average_tariffs.csv", k + 1, "date", &f[0]);
        out.push(PiiePoint {
            date,
            us_on_chn_pct: if us_ok { num(&f[2]) } else { None },
            chn_on_us_pct: if chn_ok { num(&f[3]) } else { None },
            event: f[4].clone(),
            value_type: vt.to_string(),
        });
    }
    out
}

/// A marked event of the record (for plots and labels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// Date.
    pub date: Date,
    /// Short label.
    pub label: &'static str,
}

const fn d(year: i16, month: i8, day: i8) -> Date {
    Date::constant(year, month, day)
}

/// The events marked on timeline plots (effective dates from `measures.csv` and the wall's
/// record).
pub const EVENTS: &[Event] = &[
    Event {
        date: d(2018, 7, 6),
        label: "List 1",
    },
    Event {
        date: d(2020, 2, 14),
        label: "Phase One",
    },
    Event {
        date: d(2025, 3, 4),
        label: "CAN/MEX 25 %",
    },
    Event {
        date: d(2025, 4, 10),
        label: "145 %/125 %",
    },
    Event {
        date: d(2025, 5, 14),
        label: "Geneva",
    },
    Event {
        date: d(2025, 6, 27),
        label: "London",
    },
    Event {
        date: d(2025, 8, 7),
        label: "August rates",
    },
    Event {
        date: d(2025, 11, 10),
        label: "Busan",
    },
    Event {
        date: d(2026, 2, 20),
        label: "IEEPA ruling",
    },
];

/// Dates at which the record's policy state changes (effective dates and ends of measures),
/// plus the pre-war date, in order.
pub fn change_dates() -> Vec<Date> {
    change_dates_of("us-china")
}

/// [`change_dates`] of a named record.
pub fn change_dates_of(record: &str) -> Vec<Date> {
    let mut v: Vec<Date> = vec![PREWAR];
    for m in measures_of(record) {
        v.extend(m.date);
        v.extend(m.until);
    }
    v.sort();
    v.dedup();
    v
}

/// The labels of the record measures that take effect (or end) on `date`.
pub fn label_on(date: Date) -> String {
    label_on_of("us-china", date)
}

/// [`label_on`] in a named record.
pub fn label_on_of(record: &str, date: Date) -> String {
    let mut parts: Vec<String> = Vec::new();
    for m in measures_of(record) {
        if m.date == Some(date) {
            parts.push(m.label.clone());
        }
        if m.until == Some(date) {
            let end = if m.layer.starts_with("IEEPA") {
                "end of the IEEPA tariffs (Supreme Court ruling)".to_string()
            } else {
                format!("end of: {}", m.label)
            };
            if !parts.contains(&end) {
                parts.push(end);
            }
        }
    }
    if date == PREWAR {
        parts.push("Pre-war (MFN tariffs)".into());
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_parses_and_cites_its_rows() {
        let ms = measures();
        assert!(ms.len() > 40);
        let ids: Vec<String> = data_lines(MEASURES_CSV)
            .filter_map(|f| f.into_iter().next())
            .collect();
        assert_eq!(ids.len(), 122, "measures.csv has its 122 rows");
        for m in ms {
            let src = m.source.as_deref().unwrap_or_default();
            assert!(
                ids.iter().any(|id| src.contains(id)),
                "record measure {} cites no measures.csv row",
                m.id
            );
        }
    }

    #[test]
    #[should_panic(
        expected = "data/us_china_measures/average_tariffs.csv record 7, field `date`: `2025-02-30`: day 30 does not exist in 2025-02 (it has 28 days)"
    )]
    fn a_bad_date_in_a_committed_table_names_file_record_field_and_value() {
        table_date("average_tariffs.csv", 7, "date", "2025-02-30");
    }

    #[test]
    fn piie_points_are_the_published_ones() {
        let p = piie_published();
        let first = &p[0];
        assert_eq!(first.date.to_string(), "2018-01-01");
        assert_eq!(first.us_on_chn_pct, Some(3.1));
        assert_eq!(first.chn_on_us_pct, Some(8.0));
        // "published (US)": China's value is derived and not used.
        let apr = p
            .iter()
            .find(|x| x.date.to_string() == "2025-04-11")
            .unwrap();
        assert_eq!(apr.us_on_chn_pct, Some(124.1));
        assert_eq!(apr.chn_on_us_pct, None);
        let geneva = p
            .iter()
            .find(|x| x.date.to_string() == "2025-05-14")
            .unwrap();
        assert_eq!(geneva.chn_on_us_pct, Some(32.6));
        assert_eq!(geneva.us_on_chn_pct, None);
        assert!(p.iter().all(|x| x.value_type.starts_with("published")));
    }

    #[test]
    fn schedules_and_groups_load() {
        assert_eq!(schedule_dates("USA").len(), 7);
        assert_eq!(schedule_dates("CHN").len(), 12);
        let m = schedule_mean("USA", PREWAR, "TEXTILES").unwrap().unwrap();
        assert!((m - 11.0098).abs() < 1e-9);
        assert!(group_shares("steel-aluminium-232", "USA").unwrap()["METALS"] > 0.3);
    }
}
