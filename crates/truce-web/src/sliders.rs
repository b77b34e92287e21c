//! The dashboard's scenario sliders: their state, its URL form (the permalink) and the
//! scenario file it stands for.
//!
//! A slider state is a policy on top of the record on a date (the whole tariff wall,
//! [`RECORD`]):
//!
//! * `us`, `cn`: the US tariff on Chinese goods and China's on US goods, percent, set on every
//!   goods sector (`total_pct`: the level replaces the record's layers on those cells);
//! * `us.GROUP`, `cn.GROUP`: the same for one sector group (applied after the overall level);
//! * `ree`: China's rare-earth export restriction as an export tax, percent, on the rare-earth
//!   share of its MINING and ELECTRICAL exports to every partner, Cobb–Douglas within the
//!   sector (the instrument of `scenarios/rare-earth-controls-2025.toml`);
//! * `date`: the record's state the sliders start from; `ref`: what outcomes are measured
//!   against (`baseline`, `pre-war`, or `record`, the record's own state on that date).
//!
//! An unset slider leaves the record as it was on that date. The state is turned into a
//! scenario file (TOML) and solved by the same pipeline as `truce run`, so that the dashboard
//! and the CLI cannot disagree: the response carries that file, and `truce run` on it gives
//! the same numbers.

use crate::error::ApiError;
use serde::Serialize;
use std::fmt::Write as _;
use truce::dataset::Dataset;
use truce::model::suggest::did_you_mean;
use truce::scenario::record::{PREWAR, RECORD_END};
use truce::scenario::Date;

/// The record the sliders start from: the whole 2025–26 tariff wall (US–China measures and
/// every other US partner's, docs/record-2025.md), as `truce timeline` and the built-in
/// scenarios use it, so that trade diverted to third countries meets their tariffs too.
pub const RECORD: &str = "tariff-wall";

/// Highest rate a slider accepts, percent (the games' bound, `truce::games::MAX_TARIFF`).
pub const MAX_RATE_PCT: f64 = 500.0;

/// A named group of goods sectors with its own slider.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// Short id used in the URL (`us.elec`).
    pub id: String,
    /// Label shown beside the slider.
    pub label: String,
    /// Sector codes.
    pub sectors: Vec<String>,
}

/// world2024's goods sectors in five groups a reader recognises (SERVICES carries no tariff).
const WORLD2024_GROUPS: &[(&str, &str, &[&str])] = &[
    ("farm", "Farm and food", &["AGRFOOD"]),
    (
        "elec",
        "Electronics and electrical",
        &["ELECTRONICS", "ELECTRICAL"],
    ),
    ("mach", "Machinery and vehicles", &["MACHINERY", "MOTORVEH"]),
    (
        "mat",
        "Metals, chemicals, mining",
        &["METALS", "CHEMPHARMA", "MINING"],
    ),
    (
        "cons",
        "Textiles and other goods",
        &["TEXTILES", "OTHERMFG"],
    ),
];

/// What the sliders can do on a dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SliderContext {
    /// Dataset name.
    pub dataset: String,
    /// Sector groups with their own sliders.
    pub groups: Vec<Group>,
    /// Whether the record can be replayed on it (a USA and a CHN region and a baseline date).
    pub record: bool,
    /// The rare-earth instrument: (sector, share of China's exports to the world), if the
    /// dataset has it.
    pub rare_earth_shares: Option<Vec<(String, f64)>>,
    /// Default date (the record's last day).
    pub default_date: Option<String>,
}

impl SliderContext {
    /// The context of a dataset.
    pub fn of(ds: &Dataset) -> Self {
        let b = &ds.baseline;
        let goods: Vec<String> = b
            .sectors()
            .iter()
            .filter(|s| s.tradable && !truce::scenario::record::holds_no_goods(&s.code))
            .map(|s| s.code.clone())
            .collect();
        let has = |c: &str| goods.iter().any(|g| g == c);
        let groups = if WORLD2024_GROUPS
            .iter()
            .all(|(_, _, secs)| secs.iter().all(|s| has(s)))
        {
            WORLD2024_GROUPS
                .iter()
                .map(|(id, label, secs)| Group {
                    id: id.to_string(),
                    label: label.to_string(),
                    sectors: secs.iter().map(|s| s.to_string()).collect(),
                })
                .collect()
        } else {
            goods
                .iter()
                .map(|s| Group {
                    id: s.to_lowercase(),
                    label: s.clone(),
                    sectors: vec![s.clone()],
                })
                .collect()
        };
        let us_china = b.region_index("USA").is_some() && b.region_index("CHN").is_some();
        let record = us_china && ds.baseline_date.is_some();
        // The rare-earth shares are world2024's (truce_world::rare_earth_share, cited to
        // world2024_facts E31–E37); other datasets do not state them.
        let rare_earth_shares = (us_china
            && matches!(ds.name.as_str(), "world2024" | "synthetic-world2024"))
        .then(|| {
            ["MINING", "ELECTRICAL"]
                .iter()
                .filter_map(|s| {
                    truce::world::rare_earth_share("CHN", s).map(|x| (s.to_string(), x.world))
                })
                .collect::<Vec<_>>()
        })
        .filter(|v| v.len() == 2);
        Self {
            dataset: ds.name.clone(),
            groups,
            record,
            rare_earth_shares,
            default_date: record.then(|| RECORD_END.to_string()),
        }
    }
}

/// What outcomes are measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reference {
    /// The dataset's baseline (world2024: 20 January 2025).
    Baseline,
    /// The record's pre-war state (1 January 2018).
    PreWar,
    /// The record's own state on the slider date: what the sliders change.
    Record,
}

impl Reference {
    /// `baseline`, `pre-war` or `record`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Reference::Baseline => "baseline",
            Reference::PreWar => "pre-war",
            Reference::Record => "record",
        }
    }
}

/// One side's tariff sliders.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TariffSliders {
    /// Level on every goods sector, percent.
    pub all: Option<f64>,
    /// (group id, level percent), in the context's group order.
    pub groups: Vec<(String, f64)>,
}

impl TariffSliders {
    fn is_empty(&self) -> bool {
        self.all.is_none() && self.groups.is_empty()
    }
}

/// The dashboard's scenario state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SliderState {
    /// The record's date the sliders start from (`None` on datasets without the record).
    pub date: Option<Date>,
    /// Reference of the outcomes.
    pub reference: Reference,
    /// US tariffs on China.
    pub us: TariffSliders,
    /// China's tariffs on the US.
    pub cn: TariffSliders,
    /// Rare-earth export tax, percent.
    pub ree: Option<f64>,
}

fn rate(field: &str, raw: &str) -> Result<f64, ApiError> {
    let v: f64 = raw.trim().parse().map_err(|_| {
        ApiError::bad_request(
            field,
            format!("`{field}={raw}` is not a number"),
            format!("give a rate in percent from 0 to {MAX_RATE_PCT}, e.g. {field}=25"),
        )
    })?;
    if !v.is_finite() || !(0.0..=MAX_RATE_PCT).contains(&v) {
        return Err(ApiError::bad_request(
            field,
            format!("`{field}={raw}` is outside 0–{MAX_RATE_PCT} %"),
            format!("give a finite rate in percent from 0 to {MAX_RATE_PCT}"),
        ));
    }
    Ok(v)
}

impl SliderState {
    /// The state of decoded query pairs. Unknown keys, repeated keys, bad numbers, rates
    /// outside 0–500 %, dates outside the record and sliders the dataset cannot carry are
    /// errors naming the key.
    ///
    /// # Errors
    /// 400 with the field.
    pub fn from_query(pairs: &[(String, String)], cx: &SliderContext) -> Result<Self, ApiError> {
        let mut s = SliderState {
            date: None,
            reference: Reference::Baseline,
            us: TariffSliders::default(),
            cn: TariffSliders::default(),
            ree: None,
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut known: Vec<String> = ["dataset", "date", "ref", "us", "cn", "ree"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for g in &cx.groups {
            known.push(format!("us.{}", g.id));
            known.push(format!("cn.{}", g.id));
        }
        for (k, v) in pairs {
            if seen.contains(&k.as_str()) {
                return Err(ApiError::bad_request(
                    k,
                    format!("`{k}` is given twice"),
                    "give each slider once",
                ));
            }
            seen.push(k);
            match k.as_str() {
                "dataset" => {}
                "date" => {
                    if !cx.record {
                        return Err(ApiError::bad_request(
                            "date",
                            format!("dataset {} cannot replay the US–China record", cx.dataset),
                            "leave `date` out on this dataset",
                        ));
                    }
                    let d: Date = v.parse().map_err(|e| {
                        ApiError::bad_request(
                            "date",
                            format!("`date={v}`: {e}"),
                            "write the date as YYYY-MM-DD",
                        )
                    })?;
                    if d < PREWAR || d > RECORD_END {
                        return Err(ApiError::bad_request(
                            "date",
                            format!("`date={v}` is outside the record ({PREWAR} to {RECORD_END})"),
                            format!("pick a date from {PREWAR} to {RECORD_END}"),
                        ));
                    }
                    s.date = Some(d);
                }
                "ref" => {
                    s.reference = match v.as_str() {
                        "baseline" => Reference::Baseline,
                        "pre-war" if cx.record => Reference::PreWar,
                        "record" if cx.record => Reference::Record,
                        other => {
                            return Err(ApiError::bad_request(
                                "ref",
                                format!(
                                    "`ref={other}` is not a reference{}",
                                    did_you_mean(other, ["baseline", "pre-war", "record"])
                                ),
                                if cx.record {
                                    "use baseline, pre-war or record"
                                } else {
                                    "this dataset has no record: use baseline"
                                },
                            ))
                        }
                    }
                }
                "us" => s.us.all = Some(rate(k, v)?),
                "cn" => s.cn.all = Some(rate(k, v)?),
                "ree" => {
                    if cx.rare_earth_shares.is_none() {
                        return Err(ApiError::bad_request(
                            "ree",
                            format!("dataset {} has no rare-earth shares", cx.dataset),
                            "the rare-earth slider needs world2024 (its cited shares)",
                        ));
                    }
                    s.ree = Some(rate(k, v)?);
                }
                other => {
                    let group = other
                        .split_once('.')
                        .filter(|(side, _)| matches!(*side, "us" | "cn"))
                        .and_then(|(side, g)| {
                            cx.groups.iter().find(|x| x.id == g).map(|x| (side, x))
                        });
                    match group {
                        Some((side, g)) => {
                            let v = rate(k, v)?;
                            let t = if side == "us" { &mut s.us } else { &mut s.cn };
                            t.groups.push((g.id.clone(), v));
                        }
                        None => {
                            return Err(ApiError::bad_request(
                                other,
                                format!(
                                    "unknown parameter `{other}`{}",
                                    did_you_mean(other, known.iter().map(String::as_str))
                                ),
                                format!("the parameters are: {}", known.join(", ")),
                            ))
                        }
                    }
                }
            }
        }
        let order = |t: &mut TariffSliders| {
            t.groups.sort_by_key(|(g, _)| {
                cx.groups
                    .iter()
                    .position(|x| &x.id == g)
                    .unwrap_or(usize::MAX)
            })
        };
        order(&mut s.us);
        order(&mut s.cn);
        if cx.record && s.date.is_none() {
            s.date = Some(RECORD_END);
        }
        Ok(s)
    }

    /// The query string of this state (no leading `?`): the permalink's, in a fixed order.
    pub fn to_query(&self, dataset: &str, default_dataset: &str) -> String {
        let mut q: Vec<String> = Vec::new();
        if dataset != default_dataset {
            q.push(format!("dataset={}", encode(dataset)));
        }
        if let Some(d) = self.date {
            q.push(format!("date={d}"));
        }
        q.push(format!("ref={}", self.reference.as_str()));
        for (side, t) in [("us", &self.us), ("cn", &self.cn)] {
            if let Some(v) = t.all {
                q.push(format!("{side}={}", num(v)));
            }
            for (g, v) in &t.groups {
                q.push(format!("{side}.{g}={}", num(*v)));
            }
        }
        if let Some(v) = self.ree {
            q.push(format!("ree={}", num(v)));
        }
        q.join("&")
    }

    /// The scenario file this state stands for, and the step the dashboard shows.
    ///
    /// # Errors
    /// 400 when nothing is set on a dataset without the record (there is nothing to solve).
    pub fn scenario_toml(&self, cx: &SliderContext) -> Result<String, ApiError> {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "# Written by `truce serve` for the dashboard state ?{}\n# Reproduce: truce run THIS_FILE{}",
            self.to_query(&cx.dataset, ""),
            match self.reference {
                Reference::Baseline => "",
                Reference::PreWar => " --relative-to pre-war",
                Reference::Record => " --relative-to record",
            }
        );
        let _ = writeln!(t, "name = \"dashboard\"");
        let _ = writeln!(
            t,
            "description = \"truce serve dashboard: sliders on top of the record\""
        );
        let _ = writeln!(t, "dataset = {}", toml::Value::String(cx.dataset.clone()));
        if self.date.is_some() {
            let _ = writeln!(t, "record = \"{RECORD}\"");
        }
        let mut ids: Vec<String> = Vec::new();
        let mut tariff = |t: &mut String,
                          id: String,
                          imp: &str,
                          tgt: &str,
                          sectors: Option<&[String]>,
                          v: f64,
                          label: String| {
            let _ = writeln!(t, "\n[[measure]]\nid = \"{id}\"\nlabel = {}\nsource = \"truce serve dashboard slider\"\nimposing = \"{imp}\"\ntarget = \"{tgt}\"\ninstrument = \"tariff\"\nlayer = \"dashboard\"", toml::Value::String(label));
            if let Some(s) = sectors {
                let list: Vec<String> = s.iter().map(|x| format!("\"{x}\"")).collect();
                let _ = writeln!(t, "sectors = [{}]", list.join(", "));
            }
            let _ = writeln!(t, "total_pct = {}", num(v));
            ids.push(id);
        };
        for (side, imp, tgt, what, sl) in [
            ("us", "USA", "CHN", "US tariff on Chinese", &self.us),
            ("cn", "CHN", "USA", "China's tariff on US", &self.cn),
        ] {
            if let Some(v) = sl.all {
                tariff(
                    &mut t,
                    format!("{side}-all"),
                    imp,
                    tgt,
                    None,
                    v,
                    format!("{what} goods set to {} %", num(v)),
                );
            }
            for (g, v) in &sl.groups {
                let grp = cx.groups.iter().find(|x| &x.id == g).expect("validated");
                tariff(
                    &mut t,
                    format!("{side}-{g}"),
                    imp,
                    tgt,
                    Some(&grp.sectors),
                    *v,
                    format!("{what} {} set to {} %", grp.label.to_lowercase(), num(*v)),
                );
            }
        }
        if let (Some(r), Some(shares)) = (self.ree, &cx.rare_earth_shares) {
            let list: Vec<String> = shares.iter().map(|(s, v)| format!("{s} = {v}")).collect();
            let _ = writeln!(
                t,
                "\n[[measure]]\nid = \"ree\"\nlabel = \"China's rare-earth export controls as a {} % export tax\"\n\
                 source = \"measures.csv M074; rare-earth shares of China's exports: truce_world::rare_earth_share (world2024_facts E31–E37)\"\n\
                 imposing = \"CHN\"\ntarget = \"ALL\"\ninstrument = \"export_tax\"\nlayer = \"CN rare-earth controls\"\n\
                 shares = {{ {} }}\nwithin_sector = \"cobb-douglas\"\nrate_pct = {}",
                num(r),
                list.join(", "),
                num(r)
            );
            ids.push("ree".into());
        }
        let list: Vec<String> = ids.iter().map(|x| format!("\"{x}\"")).collect();
        match self.date {
            Some(d) => {
                if self.reference == Reference::Record {
                    let _ = writeln!(
                        t,
                        "\n[[step]]\nname = \"record\"\nlabel = \"The record on {d}\"\ndate = {d}"
                    );
                }
                let _ = writeln!(
                    t,
                    "\n[[step]]\nname = \"dashboard\"\nlabel = \"The record on {d} with the sliders\"\ndate = {d}"
                );
                if !ids.is_empty() {
                    let _ = writeln!(t, "measures = [{}]", list.join(", "));
                }
            }
            None => {
                if ids.is_empty() {
                    return Err(ApiError::bad_request(
                        "us",
                        "no slider is set, and this dataset has no record to show",
                        "set at least one slider (us, cn or a group)",
                    ));
                }
                let _ = writeln!(
                    t,
                    "\n[[step]]\nname = \"dashboard\"\nlabel = \"The sliders\"\nmeasures = [{}]",
                    list.join(", ")
                );
            }
        }
        Ok(t)
    }

    /// `true` when no slider is set.
    pub fn is_record_only(&self) -> bool {
        self.us.is_empty() && self.cn.is_empty() && self.ree.is_none()
    }
}

/// A rate as the URL and the file write it: the shortest form that reads back exactly.
fn num(v: f64) -> String {
    format!("{v}")
}

/// Percent-encode a query value (only what the URL needs).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> SliderContext {
        SliderContext::of(&truce::dataset::resolve("synthetic-world2024").unwrap())
    }

    fn q(s: &str) -> Vec<(String, String)> {
        crate::query::parse(Some(s)).unwrap()
    }

    #[test]
    fn a_state_round_trips_through_its_url() {
        let cx = cx();
        let s = SliderState::from_query(
            &q("date=2025-05-14&ref=record&cn=30&us=60.5&us.elec=100&ree=50"),
            &cx,
        )
        .unwrap();
        assert_eq!(s.us.all, Some(60.5));
        assert_eq!(s.us.groups, vec![("elec".to_string(), 100.0)]);
        let url = s.to_query(&cx.dataset, &cx.dataset);
        assert_eq!(
            url,
            "date=2025-05-14&ref=record&us=60.5&us.elec=100&cn=30&ree=50"
        );
        assert_eq!(SliderState::from_query(&q(&url), &cx).unwrap(), s);
    }

    #[test]
    fn bad_values_name_their_field() {
        let cx = cx();
        for (query, field) in [
            ("us=-5", "us"),
            ("us=NaN", "us"),
            ("us=inf", "us"),
            ("cn=abc", "cn"),
            ("us.elec=501", "us.elec"),
            ("us.nope=5", "us.nope"),
            ("date=2030-01-01", "date"),
            ("date=2025-02-30", "date"),
            ("ref=moon", "ref"),
            ("us=1&us=2", "us"),
        ] {
            let e = SliderState::from_query(&q(query), &cx).unwrap_err();
            assert_eq!(e.field.as_deref(), Some(field), "{query}: {}", e.error);
            assert_eq!(e.status, axum::http::StatusCode::BAD_REQUEST);
        }
    }

    #[test]
    fn the_scenario_file_parses_and_compiles() {
        let cx = cx();
        let s = SliderState::from_query(&q("ref=record&us=80&cn.farm=40&ree=100"), &cx).unwrap();
        let text = s.scenario_toml(&cx).unwrap();
        let sc = truce::scenario::Scenario::from_toml_str(&text, "<dashboard>", "d").unwrap();
        assert_eq!(sc.steps.len(), 2);
        assert_eq!(sc.measures.len(), 3);
        let ds = truce::dataset::resolve("synthetic-world2024").unwrap();
        truce::scenario::compile(&sc, &ds.info()).unwrap();
    }
}
