//! Resolving a measure's coverage (countries, sectors, shares, value groups) to cells of a
//! world, with the errors that name the line of a bad code.

use crate::date::Date;
use crate::error::{ErrorKind, Origin, ScenarioError};
use crate::record;
use crate::scenario::{Instrument, Located, Measure, SectorSet, ShareSpec, Targets};
use truce_model::suggest::did_you_mean;

use super::{World, SKIPPED_PREFIX};

/// A measure with its coverage resolved to cells: (flat nij index, sector, share).
#[derive(Debug, Clone)]
pub(crate) struct Resolved<'m> {
    pub(crate) measure: &'m Measure,
    pub(super) cells: Vec<(usize, usize, f64)>,
}

fn region(w: &World, code: &Located<String>, role: &str) -> Result<usize, ScenarioError> {
    w.region_index(&code.value).ok_or_else(|| {
        let codes: Vec<&str> = w.regions.iter().map(|r| r.code.as_str()).collect();
        code.origin.error(
            ErrorKind::UnknownCountry,
            format!(
                "unknown {role} `{}`{}; this dataset's regions are: {}",
                code.value,
                did_you_mean(&code.value, codes.iter().copied()),
                codes.join(" ")
            ),
        )
    })
}

fn sector(w: &World, code: &Located<String>, id: &str) -> Result<usize, ScenarioError> {
    let j = w.sector_index(&code.value).ok_or_else(|| {
        let codes: Vec<&str> = w.sectors.iter().map(|s| s.code.as_str()).collect();
        code.origin.error(
            ErrorKind::UnknownSector,
            format!(
                "unknown sector `{}`{}; this dataset's sectors are: {}",
                code.value,
                did_you_mean(&code.value, codes.iter().copied()),
                codes.join(" ")
            ),
        )
    })?;
    if !w.sectors[j].tradable {
        return Err(code.origin.error(
            ErrorKind::NotApplicable,
            format!(
                "measure `{id}` names sector {}, which is not traded in this dataset, so no border measure can apply; remove it",
                code.value
            ),
        ));
    }
    Ok(j)
}

/// A value group named by a measure must exist, and describes US imports.
fn check_value_group(
    m: &Measure,
    g: &Located<String>,
    w: &World,
    who: usize,
) -> Result<(), ScenarioError> {
    if !crate::values::is_group(&g.value) {
        let names = crate::values::group_names();
        return Err(g.origin.error(
            ErrorKind::UnknownRecordItem,
            format!(
                "measure `{}`: unknown value group `{}`{}; the value groups are: {}",
                m.id,
                g.value,
                did_you_mean(&g.value, names.iter().copied()),
                names.join(", ")
            ),
        ));
    }
    if w.regions[who].code != "USA" || m.instrument != Instrument::Tariff {
        return Err(g.origin.error(
            ErrorKind::NotApplicable,
            format!(
                "measure `{}`: value group `{}` describes US imports (2024 values), so only a tariff imposed by USA can use it; give this measure `shares` or `value_usd_bn` instead",
                m.id, g.value
            ),
        ));
    }
    Ok(())
}

/// The share of sector `j` of `who`'s imports from `k` that value group `name` makes up
/// ([`crate::values::share`]), capped at 1.
#[allow(clippy::too_many_arguments)]
fn value_group_share(
    name: &str,
    w: &World,
    unit: Option<f64>,
    who: usize,
    j: usize,
    k: usize,
    m: &Measure,
    origin: &Origin,
) -> Result<f64, ScenarioError> {
    let d = w.dims;
    let sector = w.sectors[j].code.as_str();
    let needs_flows = crate::values::rows()
        .iter()
        .any(|r| r.group == name && r.sector == sector && r.value_usd_bn.is_some());
    let flows: Vec<(&str, f64)> = if needs_flows {
        let u = unit.ok_or_else(|| {
            origin.error(
                ErrorKind::NotApplicable,
                format!(
                    "measure `{}`: value group `{name}` is sized by cited USD values in {sector}, but the dataset does not say what unit its flows are in; use `shares` instead",
                    m.id
                ),
            )
        })?;
        (0..d.n)
            .filter(|&q| q != who)
            .map(|q| (w.regions[q].code.as_str(), w.flows[d.nij(who, q, j)] * u))
            .collect()
    } else {
        Vec::new()
    };
    Ok(
        crate::values::share(name, sector, &w.regions[k].code, &flows)
            .unwrap_or(0.0)
            .clamp(0.0, 1.0),
    )
}

/// Resolve a measure's coverage to cells of `w` (`unit`: USD bn per flow unit, for
/// value-based coverage).
pub(crate) fn resolve<'m>(
    m: &'m Measure,
    w: &World,
    unit: Option<f64>,
    notes: &mut Vec<String>,
) -> Result<Resolved<'m>, ScenarioError> {
    let d = w.dims;
    let unit_bn = unit;
    let who = region(w, &m.imposing, "imposing country")?;
    let partners: Vec<usize> = match &m.targets {
        Targets::All => (0..d.n).filter(|&k| k != who).collect(),
        Targets::List(list) => {
            let mut v = Vec::new();
            for t in list {
                let k = region(w, t, "target country")?;
                if k == who {
                    return Err(t.origin.error(
                        ErrorKind::NotApplicable,
                        format!(
                            "measure `{}`: {} cannot impose a border measure on itself; remove it from `target`",
                            m.id, t.value
                        ),
                    ));
                }
                if !v.contains(&k) {
                    v.push(k);
                }
            }
            v
        }
    };
    // (importer n, exporter i) of a pair.
    let pair = |k: usize| match m.instrument {
        Instrument::ExportTax | Instrument::ExportQuota => (k, who),
        // A supply cap sits on the producer's own (diagonal) cell: it covers every sale.
        Instrument::SupplyCap => (who, who),
        _ => (who, k),
    };
    let flow_sum = |j: usize| -> f64 {
        partners
            .iter()
            .map(|&k| {
                let (n, i) = pair(k);
                w.flows[d.nij(n, i, j)]
            })
            .sum()
    };
    let unit = |what: &str, origin: &Origin| {
        unit.ok_or_else(|| {
            origin.error(
                ErrorKind::NotApplicable,
                format!(
                    "measure `{}` uses {what}, but the dataset does not say what unit its flows are in; use `shares` instead",
                    m.id
                ),
            )
        })
    };
    let value_share = |j: usize,
                       usd_bn: f64,
                       origin: &Origin,
                       what: &str|
     -> Result<f64, ScenarioError> {
        let u = unit(what, origin)?;
        let total = flow_sum(j) * u;
        if total <= 0.0 {
            return Err(origin.error(
                ErrorKind::NotApplicable,
                format!(
                    "measure `{}`: there is no {} trade between {} and its targets in this dataset to take {usd_bn} USD bn from",
                    m.id,
                    w.sectors[j].code,
                    m.imposing.value
                ),
            ));
        }
        Ok(usd_bn / total)
    };
    // Sector → share. `all` means every traded sector; for tariffs and export taxes, which are
    // border measures on goods, a sector of the record's classification that holds no HS line
    // (SERVICES) is left out.
    let goods_only = matches!(
        m.instrument,
        Instrument::Tariff | Instrument::ExportTax | Instrument::ExportQuota
    );
    let all_traded: Vec<usize> = (0..d.j)
        .filter(|&j| {
            w.sectors[j].tradable && !(goods_only && record::holds_no_goods(&w.sectors[j].code))
        })
        .collect();
    // `optional_sectors`: sectors this dataset lacks are skipped, with a note.
    let skipped: std::cell::RefCell<Vec<String>> = std::cell::RefCell::new(Vec::new());
    let listed = |set: &SectorSet| -> Result<Vec<usize>, ScenarioError> {
        match set {
            SectorSet::All => Ok(all_traded.clone()),
            SectorSet::List(l) => {
                let mut out = Vec::new();
                for s in l {
                    if m.optional_sectors && w.sector_index(&s.value).is_none() {
                        skipped.borrow_mut().push(s.value.clone());
                        continue;
                    }
                    out.push(sector(w, s, &m.id)?);
                }
                Ok(out)
            }
        }
    };
    let side = if m.imposing.value == "CHN" {
        "CHN"
    } else {
        "USA"
    };
    let mut shares: Vec<(usize, f64)> = Vec::new();
    match &m.coverage.share {
        ShareSpec::ValueGroup(_) => {} // partner by partner, below
        ShareSpec::Full => {
            for j in listed(&m.coverage.sectors)? {
                shares.push((j, 1.0));
            }
        }
        ShareSpec::Uniform(s) => {
            for j in listed(&m.coverage.sectors)? {
                shares.push((j, *s));
            }
        }
        ShareSpec::PerSector(list) => {
            for (s, x) in list {
                shares.push((sector(w, s, &m.id)?, *x));
            }
        }
        ShareSpec::ValueUsdBn(list) => {
            for (s, v) in list {
                let j = sector(w, s, &m.id)?;
                let mut x = value_share(j, *v, &s.origin, "value_usd_bn")?;
                if x > 1.0 {
                    notes.push(format!(
                        "measure `{}`: {v} USD bn exceeds the dataset's {} trade it applies to ({:.2} USD bn); coverage capped at 100 %",
                        m.id,
                        s.value,
                        *v / x
                    ));
                    x = 1.0;
                }
                shares.push((j, x));
            }
        }
        ShareSpec::Group(g) => {
            let table = record::group_shares(&g.value, side).ok_or_else(|| {
                g.origin.error(
                    ErrorKind::UnknownRecordItem,
                    format!(
                        "unknown product group `{}`{}; the record's groups are: {}",
                        g.value,
                        did_you_mean(&g.value, record::group_names()),
                        record::group_names().collect::<Vec<_>>().join(", ")
                    ),
                )
            })?;
            for j in listed(&m.coverage.sectors)? {
                let x = table
                    .get(w.sectors[j].code.as_str())
                    .copied()
                    .unwrap_or(0.0);
                if x > 0.0 {
                    shares.push((j, x));
                }
            }
        }
        ShareSpec::Schedule {
            side: sside,
            from,
            to,
            rate_pct,
            origin,
        } => {
            for j in listed(&m.coverage.sectors)? {
                let code = w.sectors[j].code.as_str();
                let mean = |date: &Date| {
                    record::schedule_mean(sside, *date, code).ok_or_else(|| {
                        origin.error(
                            ErrorKind::UnknownRecordItem,
                            format!(
                                "the HS6 schedule of side `{sside}` has no date {date}; its dates are: {}",
                                record::schedule_dates(sside)
                                    .iter()
                                    .map(Date::to_string)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    })
                };
                if record::schedule_dates(sside).is_empty() {
                    return Err(origin.error(
                        ErrorKind::UnknownRecordItem,
                        format!("schedule side `{sside}` is unknown; use \"USA\" (US tariffs on China) or \"CHN\" (China's on the US)"),
                    ));
                }
                let (a, z) = match (mean(from)?, mean(to)?) {
                    (Some(a), Some(z)) => (a, z),
                    _ => continue, // no HS lines in this sector (e.g. services)
                };
                let x = ((z - a) / rate_pct).clamp(0.0, 1.0);
                if x > 0.0 {
                    shares.push((j, x));
                }
            }
        }
    }
    // Carve-outs: the excluded goods are untouched; the share applies to the rest.
    for (s, v) in &m.coverage.exclude_value_usd_bn {
        let j = sector(w, s, &m.id)?;
        let x = value_share(j, *v, &s.origin, "exclude_value_usd_bn")?;
        for e in shares.iter_mut().filter(|e| e.0 == j) {
            e.1 *= 1.0 - x.min(1.0);
        }
    }
    // Shares by partner: value groups weigh each partner's own trade.
    let mut cells = Vec::new();
    let mut value_cells: Vec<(usize, usize, f64)> = Vec::new(); // (partner, sector, share)
    if let ShareSpec::ValueGroup(g) = &m.coverage.share {
        check_value_group(m, g, w, who)?;
        for j in listed(&m.coverage.sectors)? {
            for &k in &partners {
                let x = value_group_share(&g.value, w, unit_bn, who, j, k, m, &g.origin)?;
                value_cells.push((k, j, x));
            }
        }
    } else {
        for (j, s) in shares {
            for &k in &partners {
                value_cells.push((k, j, s));
            }
        }
    }
    // Carved-out groups are disjoint sets of goods (chapters, or cited values of distinct
    // products), so their shares of a cell add up: share' = share · max(0, 1 − Σ x_g).
    let mut excluded = vec![0.0; value_cells.len()];
    for g in &m.coverage.exclude_groups {
        let is_value = crate::values::is_group(&g.value);
        if is_value {
            check_value_group(m, g, w, who)?;
        } else if record::group_shares(&g.value, side).is_none() {
            let mut names: Vec<&str> = crate::values::group_names();
            names.extend(record::group_names());
            return Err(g.origin.error(
                ErrorKind::UnknownRecordItem,
                format!(
                    "measure `{}`: unknown product group `{}` in exclude_groups{}; the groups are: {}",
                    m.id,
                    g.value,
                    did_you_mean(&g.value, names.iter().copied()),
                    names.join(", ")
                ),
            ));
        }
        for (e, x) in value_cells.iter().zip(excluded.iter_mut()) {
            let (k, j) = (e.0, e.1);
            *x += if is_value {
                value_group_share(&g.value, w, unit_bn, who, j, k, m, &g.origin)?
            } else {
                record::group_shares(&g.value, side)
                    .and_then(|t| t.get(w.sectors[j].code.as_str()).copied())
                    .unwrap_or(0.0)
            };
        }
    }
    for (e, x) in value_cells.iter_mut().zip(&excluded) {
        e.2 *= (1.0 - x).max(0.0);
    }
    for (k, j, s) in value_cells {
        let (n, i) = pair(k);
        let c = d.nij(n, i, j);
        // A supply cap sits once on the producer's own cell, whatever the partners.
        if m.instrument == Instrument::SupplyCap
            && cells.iter().any(|e: &(usize, usize, f64)| e.0 == c)
        {
            continue;
        }
        cells.push((c, j, s));
    }
    // The record's rare-earth measures are skipped on datasets without the sector without a
    // note of their own (the record's notes say where they apply).
    {
        let skipped = skipped.borrow();
        if !skipped.is_empty() && !m.from_record {
            notes.push(format!("{SKIPPED_PREFIX}{}: {}", skipped.join(", "), m.id));
        }
    }
    Ok(Resolved { measure: m, cells })
}
