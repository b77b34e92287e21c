//! From the raw schema to the validated types: one function per table, each naming the line
//! of a bad value and the fix.

use super::raw::{RawElasticities, RawMeasure, RawModel, RawStep};
use super::types::*;
use crate::error::{ErrorKind, LineIndex, Origin, ScenarioError};
use toml::Spanned;
use truce_model::suggest::did_you_mean;
use truce_model::DeficitRule;

pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) lines: LineIndex,
}

impl Ctx<'_> {
    fn origin(&self, offset: usize) -> Origin {
        let (line, column) = self.lines.locate(offset);
        Origin {
            file: self.file.to_string(),
            line,
            column,
        }
    }
    pub(super) fn at<T>(&self, s: &Spanned<T>) -> Origin {
        self.origin(s.span().start)
    }
    pub(super) fn err<T>(
        &self,
        s: &Spanned<T>,
        kind: ErrorKind,
        msg: impl Into<String>,
    ) -> ScenarioError {
        self.at(s).error(kind, msg)
    }
}

pub(super) fn toml_error(
    file: &str,
    text: &str,
    e: toml::de::Error,
    syntax: bool,
) -> ScenarioError {
    let lines = LineIndex::new(text);
    let (line, column) = match e.span() {
        Some(sp) => {
            let (l, c) = lines.locate(sp.start.min(text.len()));
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    let raw = e.message().trim().to_string();
    let (kind, message) = if syntax {
        (ErrorKind::Syntax, format!("not valid TOML: {raw}"))
    } else if let Some(rest) = raw.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default().to_string();
        let expected: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let hint = did_you_mean(&key, expected.iter().copied());
        (
            ErrorKind::UnknownKey,
            format!(
                "unknown key `{key}`{hint}; allowed here: {}",
                expected.join(", ")
            ),
        )
    } else if raw.starts_with("missing field") {
        (ErrorKind::MissingKey, raw)
    } else {
        // Name the key the value belongs to (the text before `=` on the error's line), and
        // say how to write a number when a number was quoted.
        let key = line
            .and_then(|l| text.lines().nth(l - 1))
            .and_then(|l| l.split_once('='))
            .map(|(k, _)| k.trim().trim_matches('"').to_string())
            .filter(|k| !k.is_empty() && !k.starts_with('['));
        let fix = if raw.starts_with("invalid type: string") && raw.contains("expected f64") {
            "; write the number without quotes (e.g. rate_pct = 10, not \"10\")"
        } else {
            ""
        };
        match key {
            Some(k) => (ErrorKind::BadValue, format!("`{k}`: {raw}{fix}")),
            None => (ErrorKind::BadValue, format!("{raw}{fix}")),
        }
    };
    ScenarioError {
        file: file.to_string(),
        line,
        column,
        kind,
        message,
    }
}

pub(super) fn parse_model(cx: &Ctx, m: Spanned<RawModel>) -> Result<ModelOptions, ScenarioError> {
    let m = m.into_inner();
    let mut o = ModelOptions::default();
    if let Some(d) = m.deficit {
        o.deficit = match d.get_ref().as_str() {
            "fixed" => DeficitRule::Fixed,
            "zero" => DeficitRule::Zero,
            other => {
                return Err(cx.err(
                    &d,
                    ErrorKind::BadValue,
                    format!(
                        "unknown deficit rule `{other}`{}; use \"fixed\" (deficits held at base-year values) or \"zero\"",
                        did_you_mean(other, ["fixed", "zero"])
                    ),
                ))
            }
        };
    }
    if let Some(t) = m.tolerance {
        let v = *t.get_ref();
        if !(v.is_finite() && v > 0.0 && v < 1e-2) {
            return Err(cx.err(
                &t,
                ErrorKind::OutOfRange,
                format!("tolerance = {v}: use a positive number below 0.01, such as 1e-10"),
            ));
        }
        o.tolerance = Some(v);
    }
    if let Some(t) = m.max_iterations {
        let v = *t.get_ref();
        if v < 1 {
            return Err(cx.err(
                &t,
                ErrorKind::OutOfRange,
                format!("max_iterations = {v}: use at least 1 (the default is 2000)"),
            ));
        }
        o.max_iterations = Some(v as usize);
    }
    Ok(o)
}

pub(super) fn parse_elasticities(
    cx: &Ctx,
    e: Spanned<RawElasticities>,
) -> Result<Elasticities, ScenarioError> {
    let e = e.into_inner();
    let positive =
        |v: Option<Spanned<f64>>, key: &str| -> Result<Option<Located<f64>>, ScenarioError> {
            match v {
                None => Ok(None),
                Some(v) => {
                    let x = *v.get_ref();
                    if !(x.is_finite() && x > 0.0) {
                        return Err(cx.err(
                            &v,
                            ErrorKind::OutOfRange,
                            format!(
                                "[elasticities] {key} = {x}: an elasticity must be finite and \
                             positive (1 = Cobb–Douglas; near 0 = Leontief, e.g. 0.05)"
                            ),
                        ));
                    }
                    Ok(Some(Located {
                        value: x,
                        origin: cx.at(&v),
                    }))
                }
            }
        };
    let critical_sectors = e.critical_sectors.map(|v| {
        let origin = cx.at(&v);
        v.into_inner()
            .into_iter()
            .map(|c| Located {
                value: c,
                origin: origin.clone(),
            })
            .collect::<Vec<_>>()
    });
    if let Some(list) = &critical_sectors {
        if list.is_empty() {
            return Err(Origin {
                file: cx.file.to_string(),
                ..Default::default()
            }
            .error(
                ErrorKind::BadValue,
                "[elasticities] critical_sectors is empty: name the sectors of the critical \
                 nest (e.g. [\"RARE_EARTHS\"]) or remove the key",
            ));
        }
    }
    let theta = match &e.theta {
        None => Vec::new(),
        Some(v) => {
            let list = sector_numbers(cx, v, "theta", None)?;
            for (code, x) in &list {
                if *x <= 0.0 {
                    return Err(code.origin.error(
                        ErrorKind::OutOfRange,
                        format!(
                            "[elasticities] theta.{} = {x}: a trade elasticity must be positive",
                            code.value
                        ),
                    ));
                }
            }
            list
        }
    };
    Ok(Elasticities {
        sigma_va: positive(e.sigma_va, "sigma_va")?,
        epsilon: positive(e.epsilon, "epsilon")?,
        epsilon_c: positive(e.epsilon_c, "epsilon_c")?,
        critical_sectors,
        theta,
    })
}

fn string_list(
    cx: &Ctx,
    v: &Spanned<toml::Value>,
    what: &str,
) -> Result<Vec<Located<String>>, ScenarioError> {
    let origin = cx.at(v);
    let bad = || {
        origin.error(
            ErrorKind::BadValue,
            format!("`{what}` must be a code such as \"CHN\" or a list such as [\"CHN\", \"VNM\"]"),
        )
    };
    match v.get_ref() {
        toml::Value::String(s) => Ok(vec![Located {
            value: s.clone(),
            origin,
        }]),
        toml::Value::Array(a) if !a.is_empty() => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(|s| Located {
                        value: s.to_string(),
                        origin: origin.clone(),
                    })
                    .ok_or_else(bad)
            })
            .collect(),
        _ => Err(bad()),
    }
}

fn sector_numbers(
    cx: &Ctx,
    v: &Spanned<toml::Value>,
    what: &str,
    unit_max: Option<f64>,
) -> Result<Vec<(Located<String>, f64)>, ScenarioError> {
    let origin = cx.at(v);
    let table = v.get_ref().as_table().ok_or_else(|| {
        origin.error(
            ErrorKind::BadValue,
            format!("`{what}` must be an inline table of sector = number, e.g. {{ MINING = 0.1 }}"),
        )
    })?;
    if table.is_empty() {
        return Err(origin.error(
            ErrorKind::BadValue,
            format!("`{what}` is empty: name at least one sector"),
        ));
    }
    let mut out = Vec::new();
    for (k, x) in table {
        let num = match x {
            toml::Value::Float(f) => *f,
            toml::Value::Integer(i) => *i as f64,
            _ => {
                return Err(origin.error(
                    ErrorKind::BadValue,
                    format!("`{what}.{k}` must be a number"),
                ))
            }
        };
        let ok = num.is_finite() && num >= 0.0 && unit_max.is_none_or_ge(num);
        if !ok {
            return Err(origin.error(
                ErrorKind::OutOfRange,
                match unit_max {
                    Some(mx) => {
                        format!("`{what}.{k}` = {num}: a share must lie between 0 and {mx}")
                    }
                    None => format!("`{what}.{k}` = {num}: must be a non-negative number"),
                },
            ));
        }
        out.push((
            Located {
                value: k.clone(),
                origin: origin.clone(),
            },
            num,
        ));
    }
    Ok(out)
}

trait MaxExt {
    fn is_none_or_ge(&self, x: f64) -> bool;
}
impl MaxExt for Option<f64> {
    fn is_none_or_ge(&self, x: f64) -> bool {
        match self {
            None => true,
            Some(m) => x <= *m,
        }
    }
}

const INSTRUMENTS: [&str; 5] = [
    "tariff",
    "export_tax",
    "trade_cost",
    "export_quota",
    "supply_cap",
];

pub(super) fn parse_measure(cx: &Ctx, m: Spanned<RawMeasure>) -> Result<Measure, ScenarioError> {
    let origin = cx.at(&m);
    let m = m.into_inner();
    let id =
        match &m.id {
            Some(id) if !id.get_ref().trim().is_empty() => id.get_ref().clone(),
            Some(id) => {
                return Err(cx.err(
                    id,
                    ErrorKind::BadValue,
                    "measure `id` is empty; give it a short unique name",
                ))
            }
            None => return Err(origin.error(
                ErrorKind::MissingKey,
                "this [[measure]] has no `id`: add a short unique name, e.g. id = \"fentanyl-20\"",
            )),
        };
    let need = |key: &str, example: &str| {
        origin.error(
            ErrorKind::MissingKey,
            format!("measure `{id}` has no `{key}`: add e.g. {key} = {example}"),
        )
    };
    let imposing = m
        .imposing
        .as_ref()
        .ok_or_else(|| need("imposing", "\"USA\""))?;
    let imposing = Located {
        value: imposing.get_ref().clone(),
        origin: cx.at(imposing),
    };
    let instrument_raw = m
        .instrument
        .as_ref()
        .ok_or_else(|| need("instrument", "\"tariff\""))?;
    let instrument = match instrument_raw.get_ref().as_str() {
        "tariff" => Instrument::Tariff,
        "export_tax" => Instrument::ExportTax,
        "trade_cost" => Instrument::TradeCost,
        "export_quota" => Instrument::ExportQuota,
        "supply_cap" => Instrument::SupplyCap,
        other => {
            return Err(cx.err(
                instrument_raw,
                ErrorKind::UnknownInstrument,
                format!(
                    "unknown instrument `{other}`{}; use one of: {}",
                    did_you_mean(other, INSTRUMENTS),
                    INSTRUMENTS.join(", ")
                ),
            ))
        }
    };
    // A supply cap caps the producer's whole output: it has no target.
    let targets = match (&m.target, instrument) {
        (None, Instrument::SupplyCap) => Targets::All,
        (Some(t), Instrument::SupplyCap) if t.get_ref().as_str() != Some("ALL") => {
            return Err(cx.err(
                t,
                ErrorKind::Conflict,
                format!(
                    "measure `{id}`: a supply_cap caps {}'s whole output, so it has no target; \
                     remove `target` (or write target = \"ALL\")",
                    imposing.value
                ),
            ))
        }
        (Some(t), _) if t.get_ref().as_str() == Some("ALL") => Targets::All,
        (Some(t), _) => Targets::List(string_list(cx, t, "target")?),
        (None, _) => return Err(need("target", "\"CHN\"")),
    };
    // The action: exactly one of rate_pct / change_pp / total_pct / change_pct / cap_pct.
    let given: Vec<(&str, &Spanned<f64>)> = [
        ("rate_pct", &m.rate_pct),
        ("change_pp", &m.change_pp),
        ("total_pct", &m.total_pct),
        ("change_pct", &m.change_pct),
        ("floor_pct", &m.floor_pct),
        ("cap_pct", &m.cap_pct),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
    .collect();
    let (key, value) = match given.as_slice() {
        [] => {
            return Err(origin.error(
                ErrorKind::MissingKey,
                match instrument {
                    Instrument::TradeCost => format!(
                        "measure `{id}` sets no level: a trade_cost measure needs change_pct (e.g. change_pct = 10 for 10 % costlier trade)"
                    ),
                    Instrument::ExportQuota | Instrument::SupplyCap => format!(
                        "measure `{id}` sets no level: a {} needs cap_pct, the cap as a percent of the baseline quantity (e.g. cap_pct = 7)",
                        instrument.as_str()
                    ),
                    _ => format!(
                        "measure `{id}` sets no level: add rate_pct (the instrument's new level), change_pp (a change in points), total_pct or floor_pct"
                    ),
                },
            ))
        }
        [one] => *one,
        [a, b, ..] => {
            return Err(cx.err(
                b.1,
                ErrorKind::Conflict,
                format!(
                    "measure `{id}` has both `{}` and `{}`: keep one (rate_pct sets the layer's level, change_pp adds to it)",
                    a.0, b.0
                ),
            ))
        }
    };
    let v = *value.get_ref();
    let bad_range = |msg: String| cx.err(value, ErrorKind::OutOfRange, msg);
    if !v.is_finite() {
        return Err(bad_range(format!("{key} = {v} is not a finite number")));
    }
    let action = match (instrument, key) {
        (Instrument::ExportQuota | Instrument::SupplyCap, "cap_pct") => {
            if !(v > 0.0 && v <= 100.0) {
                return Err(bad_range(format!(
                    "cap_pct = {v}: the cap ({}) is a share of the baseline quantity, above 0 and at most 100 (a cap above the baseline would not restrict anything); for a full cut-off use a small cap such as 0.1",
                    instrument.as_str()
                )));
            }
            Action::Cap(v)
        }
        (Instrument::ExportQuota | Instrument::SupplyCap, k) => {
            return Err(cx.err(
                value,
                ErrorKind::Conflict,
                format!(
                    "measure `{id}`: `{k}` does not apply to a {}; use cap_pct (the cap as a percent of the baseline quantity)",
                    instrument.as_str()
                ),
            ))
        }
        (_, "cap_pct") => {
            return Err(cx.err(
                value,
                ErrorKind::Conflict,
                format!(
                    "measure `{id}`: cap_pct is for export_quota and supply_cap measures; for a {} use rate_pct or change_pp",
                    instrument.as_str()
                ),
            ))
        }
        (Instrument::TradeCost, "change_pct") => {
            if v <= -100.0 {
                return Err(bad_range(format!(
                    "change_pct = {v}: trade costs cannot fall by 100 % or more (use a value above -100)"
                )));
            }
            Action::CostChangePct(v)
        }
        (Instrument::TradeCost, k) => {
            return Err(cx.err(
                value,
                ErrorKind::Conflict,
                format!("measure `{id}`: `{k}` does not apply to a trade_cost measure; use change_pct"),
            ))
        }
        (Instrument::Tariff, "floor_pct") => {
            if !(0.0..=10_000.0).contains(&v) {
                return Err(bad_range(format!(
                    "floor_pct = {v}: an all-in tariff floor must lie between 0 and 10000 %"
                )));
            }
            Action::Floor(v)
        }
        (_, "floor_pct") => {
            return Err(cx.err(
                value,
                ErrorKind::Conflict,
                format!("measure `{id}`: floor_pct is for tariffs (an all-in rate); use rate_pct"),
            ))
        }
        (_, "change_pct") => {
            return Err(cx.err(
                value,
                ErrorKind::Conflict,
                format!(
                    "measure `{id}`: change_pct is for trade_cost measures; for a {} use rate_pct or change_pp",
                    instrument.as_str()
                ),
            ))
        }
        (Instrument::Tariff, "rate_pct") | (Instrument::Tariff, "total_pct") => {
            if v <= -100.0 || v > 10_000.0 {
                return Err(bad_range(format!(
                    "{key} = {v}: a tariff must lie above -100 % and at most 10000 %"
                )));
            }
            if key == "rate_pct" {
                Action::SetRate(v)
            } else {
                Action::Total(v)
            }
        }
        (Instrument::ExportTax, "rate_pct") | (Instrument::ExportTax, "total_pct") => {
            if !(0.0..=10_000.0).contains(&v) {
                return Err(bad_range(format!(
                    "{key} = {v}: an export tax must lie between 0 and 10000 %"
                )));
            }
            if key == "rate_pct" {
                Action::SetRate(v)
            } else {
                Action::Total(v)
            }
        }
        (_, _) => {
            if v.abs() > 10_000.0 {
                return Err(bad_range(format!(
                    "change_pp = {v}: changes beyond ±10000 points are not meaningful"
                )));
            }
            Action::ChangePp(v)
        }
    };
    let date = m.date.as_ref().map(|d| *d.get_ref());
    let until = m.until.as_ref().map(|d| *d.get_ref());
    if let (Some(d), Some(u)) = (date, until) {
        if u <= d {
            return Err(cx.err(
                m.until.as_ref().expect("until is set"),
                ErrorKind::OutOfRange,
                format!("measure `{id}`: until = {u} is not after date = {d}; a measure must be in force for at least one day"),
            ));
        }
    }
    if until.is_some() && date.is_none() {
        return Err(origin.error(
            ErrorKind::MissingKey,
            format!("measure `{id}` has `until` but no `date`: add the day it took effect"),
        ));
    }
    let coverage = parse_coverage(cx, &m, &id, &origin)?;
    let within_sector = match &m.within_sector {
        None => WithinSector::Substitutes,
        Some(w) => match w.get_ref().as_str() {
            "substitutes" => WithinSector::Substitutes,
            "cobb-douglas" => WithinSector::CobbDouglas,
            other => {
                return Err(cx.err(
                    w,
                    ErrorKind::OutOfRange,
                    format!(
                    "measure `{id}`: within_sector = \"{other}\" is not known{}; use one of: {}",
                    did_you_mean(other, WITHIN_SECTOR),
                    WITHIN_SECTOR.join(", ")
                ),
                ))
            }
        },
    };
    if matches!(action, Action::Cap(_)) && coverage.share != ShareSpec::Full {
        return Err(origin.error(
            ErrorKind::Conflict,
            format!("measure `{id}`: a {} caps whole flows; remove share/shares/value/group/schedule (carve the goods into their own sector with `truce data split-sector` to cap only them)", instrument.as_str()),
        ));
    }
    if matches!(action, Action::Total(_)) && coverage.share != ShareSpec::Full {
        return Err(origin.error(
            ErrorKind::Conflict,
            format!("measure `{id}`: total_pct replaces the whole level, so it needs full coverage (remove share/shares/value/group/schedule)"),
        ));
    }
    let confidence = match &m.confidence {
        None => None,
        Some(c) => {
            let v = c.get_ref().as_str();
            if !CONFIDENCE.contains(&v) {
                return Err(cx.err(
                    c,
                    ErrorKind::BadValue,
                    format!(
                        "measure `{id}`: confidence = \"{v}\" is not known{}; use one of: {}",
                        did_you_mean(v, CONFIDENCE),
                        CONFIDENCE.join(", ")
                    ),
                ));
            }
            Some(v.to_string())
        }
    };
    Ok(Measure {
        confidence,
        label: m.label.clone().unwrap_or_else(|| id.clone()),
        layer: m.layer.clone().unwrap_or_else(|| id.clone()),
        id,
        source: m.source.or(m.note),
        date,
        until,
        imposing,
        targets,
        instrument,
        action,
        coverage,
        within_sector,
        optional_sectors: m.optional_sectors.unwrap_or(false),
        origin,
        from_record: false,
    })
}

fn parse_coverage(
    cx: &Ctx,
    m: &RawMeasure,
    id: &str,
    origin: &Origin,
) -> Result<Coverage, ScenarioError> {
    let sectors_given = m.sectors.is_some();
    let sectors = match &m.sectors {
        None => SectorSet::All,
        Some(v) if v.get_ref().as_str() == Some("all") => SectorSet::All,
        Some(v) => SectorSet::List(string_list(cx, v, "sectors")?),
    };
    let mut sources: Vec<(&str, ShareSpec, SectorSet)> = Vec::new();
    if let Some(s) = &m.share {
        let x = *s.get_ref();
        if !(0.0..=1.0).contains(&x) {
            return Err(cx.err(
                s,
                ErrorKind::OutOfRange,
                format!("share = {x}: a share of trade must lie between 0 and 1"),
            ));
        }
        sources.push(("share", ShareSpec::Uniform(x), sectors.clone()));
    }
    if let Some(v) = &m.shares {
        let list = sector_numbers(cx, v, "shares", Some(1.0))?;
        let set = SectorSet::List(list.iter().map(|(s, _)| s.clone()).collect());
        sources.push(("shares", ShareSpec::PerSector(list), set));
    }
    if let Some(v) = &m.value_usd_bn {
        let list = sector_numbers(cx, v, "value_usd_bn", None)?;
        let set = SectorSet::List(list.iter().map(|(s, _)| s.clone()).collect());
        sources.push(("value_usd_bn", ShareSpec::ValueUsdBn(list), set));
    }
    if let Some(g) = &m.group {
        sources.push((
            "group",
            ShareSpec::Group(Located {
                value: g.get_ref().clone(),
                origin: cx.at(g),
            }),
            sectors.clone(),
        ));
    }
    if let Some(g) = &m.value_group {
        sources.push((
            "value_group",
            ShareSpec::ValueGroup(Located {
                value: g.get_ref().clone(),
                origin: cx.at(g),
            }),
            sectors.clone(),
        ));
    }
    if let Some(s) = &m.schedule {
        let o = cx.at(s);
        let r = s.get_ref();
        if r.to <= r.from {
            return Err(o.error(
                ErrorKind::OutOfRange,
                format!("schedule: to = {} must be after from = {}", r.to, r.from),
            ));
        }
        if !(r.rate_pct != 0.0 && r.rate_pct.is_finite()) {
            return Err(o.error(
                ErrorKind::OutOfRange,
                format!("schedule.rate_pct = {}: the statutory rate of the step must be non-zero (negative for a cut)", r.rate_pct),
            ));
        }
        sources.push((
            "schedule",
            ShareSpec::Schedule {
                side: r.side.clone(),
                from: r.from,
                to: r.to,
                rate_pct: r.rate_pct,
                origin: o,
            },
            sectors.clone(),
        ));
    }
    let (share, sectors) = match sources.len() {
        0 => (ShareSpec::Full, sectors),
        1 => {
            let (k, spec, set) = sources.pop().expect("one");
            if sectors_given && (k == "shares" || k == "value_usd_bn") {
                return Err(origin.error(
                    ErrorKind::Conflict,
                    format!("measure `{id}`: `{k}` already names its sectors; remove `sectors`"),
                ));
            }
            (spec, set)
        }
        _ => {
            return Err(origin.error(
                ErrorKind::Conflict,
                format!(
                    "measure `{id}` gives its coverage twice ({}); keep one of share, shares, value_usd_bn, group, value_group, schedule",
                    sources.iter().map(|s| s.0).collect::<Vec<_>>().join(" and ")
                ),
            ))
        }
    };
    let exclude_value_usd_bn = match &m.exclude_value_usd_bn {
        Some(v) => sector_numbers(cx, v, "exclude_value_usd_bn", None)?,
        None => Vec::new(),
    };
    let exclude_groups = match &m.exclude_groups {
        Some(v) => string_list(cx, v, "exclude_groups")?,
        None => Vec::new(),
    };
    Ok(Coverage {
        sectors,
        share,
        exclude_value_usd_bn,
        exclude_groups,
    })
}

pub(super) fn parse_step(cx: &Ctx, s: Spanned<RawStep>) -> Result<Step, ScenarioError> {
    let origin = cx.at(&s);
    let s = s.into_inner();
    let name = match &s.name {
        Some(n) if !n.get_ref().trim().is_empty() => n.get_ref().clone(),
        _ => {
            return Err(origin.error(
                ErrorKind::MissingKey,
                "this [[step]] has no `name`: add a short unique name, e.g. name = \"geneva\"",
            ))
        }
    };
    let measures: Vec<Located<String>> = s
        .measures
        .unwrap_or_default()
        .into_iter()
        .map(|m| Located {
            origin: cx.at(&m),
            value: m.into_inner(),
        })
        .collect();
    let date = s.date.map(|d| *d.get_ref());
    if date.is_none() && measures.is_empty() {
        return Err(origin.error(
            ErrorKind::MissingKey,
            format!("step `{name}` has neither `date` nor `measures`: add the date of the state, or list the measures in force"),
        ));
    }
    Ok(Step {
        label: s.label.unwrap_or_else(|| name.clone()),
        note: s.note,
        name,
        date,
        measures,
        origin,
    })
}
