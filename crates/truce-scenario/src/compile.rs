//! From a scenario to absolute policies, one per step, for a given baseline.
//!
//! # Stacking
//! Every measure moves one *layer* (a legal instrument, e.g. "IEEPA reciprocal (US on CHN)").
//! Within a layer, `rate_pct` sets the layer's level on the cells it covers (replacing the
//! layer's earlier level: 34 → 84 → 125 → 10), `change_pp` adds to it. Layers stack on each
//! other and on the starting level (the baseline's tariffs, or the pre-war tariffs when the
//! record is included); `total_pct` replaces the starting level and clears earlier layers.
//!
//! # Partial coverage: a θ-consistent equivalent rate
//! A layer with rate r that covers a share s of a bilateral sector flow (the rest unchanged)
//! enters the model as the uniform rate τ_eq that moves that flow as the partial tariff
//! would. With a Fréchet (Eaton–Kortum) sector aggregate of elasticity θʲ, the flow is a sum
//! over goods of c^{−θ}, so
//! $$ (1+\tau_{eq})^{-\theta} = s\,(1+\tau_0+r)^{-\theta} + (1-s)\,(1+\tau_0)^{-\theta}, $$
//! i.e. the increment Δ = (1+τ₀)·([s f^{−θ} + 1 − s]^{−1/θ} − 1) with f = 1 + r/(1+τ₀)
//! ([`equivalent_increment`]). Δ = r when s = 1; Δ ≈ s·r for small r; and Δ stays finite
//! (≤ (1+τ₀)((1−s)^{−1/θ} − 1)) however high r goes, because the uncovered goods keep
//! trading. Each layer's Δ is computed against the starting level τ₀ and the layers' Δs are
//! added (overlaps between two partial layers are not tracked). Export taxes use the same
//! formula on (1+t); iceberg costs multiply their equivalent factors.
//!
//! Besides the model's rates, every step keeps the *statutory* average τ₀ + Σ s·r, the
//! definition PIIE uses for its trade-weighted averages.

use crate::date::Date;
use crate::error::{ErrorKind, Origin, ScenarioError};
use crate::record;
use crate::scenario::{
    Action, Instrument, Located, Measure, Scenario, SectorSet, ShareSpec, Step, Targets,
};
use crate::suggest::did_you_mean;
use std::collections::BTreeMap;
use truce_model::{Baseline, Policy};

/// What a compile needs to know about the dataset besides the baseline itself.
#[derive(Debug, Clone, Copy)]
pub struct DatasetInfo<'a> {
    /// The baseline.
    pub baseline: &'a Baseline,
    /// How many USD bn one unit of the baseline's flows is (needed for `value_usd_bn`).
    pub flow_unit_usd_bn: Option<f64>,
    /// The date the baseline's tariffs are as of (needed with the record).
    pub baseline_date: Option<Date>,
}

/// One step's policy.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledStep {
    /// Step name.
    pub name: String,
    /// Label.
    pub label: String,
    /// Date, if dated.
    pub date: Option<Date>,
    /// Note.
    pub note: Option<String>,
    /// The absolute policy (model rates: θ-consistent equivalents).
    pub policy: Policy,
    /// Statutory tariff levels τ₀ + Σ s·r (fractions, [`truce_model::Dims::nij`]).
    pub statutory_tariff: Vec<f64>,
    /// Ids of the measures applied, in order.
    pub measures: Vec<String>,
}

/// Every step of a scenario, plus the pre-war state when the record is included.
#[derive(Debug, Clone, PartialEq)]
pub struct StepPolicies {
    /// In file order.
    pub steps: Vec<CompiledStep>,
    /// The record's pre-war state (1 January 2018), when the record is included.
    pub prewar: Option<CompiledStep>,
    /// Things a reader should know (capped shares, clipped levels).
    pub notes: Vec<String>,
}

impl StepPolicies {
    /// A step by name, `pre-war` included.
    pub fn get(&self, name: &str) -> Option<&CompiledStep> {
        if name == "pre-war" {
            return self.prewar.as_ref();
        }
        self.steps.iter().find(|s| s.name == name)
    }
}

/// θ-consistent increment of a rate `rate` (fraction) covering share `share` of a flow that
/// already bears `tau0`, for trade elasticity `theta` (see the module docs).
///
/// # Example
/// ```
/// use truce_scenario::equivalent_increment;
/// assert_eq!(equivalent_increment(0.03, 0.25, 1.0, 4.0), 0.25);
/// let d = equivalent_increment(0.0, 0.25, 0.5, 4.0);
/// assert!(d > 0.0 && d < 0.125); // below the statutory average s·r
/// ```
pub fn equivalent_increment(tau0: f64, rate: f64, share: f64, theta: f64) -> f64 {
    if share >= 1.0 {
        return rate;
    }
    if share <= 0.0 || rate == 0.0 {
        return 0.0;
    }
    let f = 1.0 + rate / (1.0 + tau0);
    let feq = (share * f.powf(-theta) + 1.0 - share).powf(-1.0 / theta);
    (1.0 + tau0) * (feq - 1.0)
}

/// A measure with its coverage resolved to cells: (flat nij index, sector, share).
#[derive(Debug, Clone)]
struct Resolved<'m> {
    measure: &'m Measure,
    cells: Vec<(usize, usize, f64)>,
}

#[derive(Debug, Clone, Copy)]
struct Slice {
    share: f64,
    rate: f64, // fraction (tariff/export tax) or change fraction (trade cost)
}

type LayerKey = (u8, String);

fn instr_key(i: Instrument) -> u8 {
    match i {
        Instrument::Tariff => 0,
        Instrument::ExportTax => 1,
        Instrument::TradeCost => 2,
    }
}

/// Levels of every instrument.
#[derive(Debug, Clone)]
struct Levels {
    tariff: Vec<f64>,
    tariff0: Vec<f64>,
    export_tax: Vec<f64>,
    export_tax0: Vec<f64>,
}

fn region(b: &Baseline, code: &Located<String>, role: &str) -> Result<usize, ScenarioError> {
    b.region_index(&code.value).ok_or_else(|| {
        let codes: Vec<&str> = b.regions().iter().map(|r| r.code.as_str()).collect();
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

fn sector(b: &Baseline, code: &Located<String>, id: &str) -> Result<usize, ScenarioError> {
    let j = b.sector_index(&code.value).ok_or_else(|| {
        let codes: Vec<&str> = b.sectors().iter().map(|s| s.code.as_str()).collect();
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
    if !b.sectors()[j].tradable {
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

fn resolve<'m>(
    m: &'m Measure,
    ds: &DatasetInfo,
    notes: &mut Vec<String>,
) -> Result<Resolved<'m>, ScenarioError> {
    let b = ds.baseline;
    let d = b.dims();
    let who = region(b, &m.imposing, "imposing country")?;
    let partners: Vec<usize> = match &m.targets {
        Targets::All => (0..d.n).filter(|&k| k != who).collect(),
        Targets::List(list) => {
            let mut v = Vec::new();
            for t in list {
                let k = region(b, t, "target country")?;
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
        Instrument::ExportTax => (k, who),
        _ => (who, k),
    };
    let flow_sum = |j: usize| -> f64 {
        partners
            .iter()
            .map(|&k| {
                let (n, i) = pair(k);
                b.flows()[d.nij(n, i, j)]
            })
            .sum()
    };
    let unit = |what: &str, origin: &Origin| {
        ds.flow_unit_usd_bn.ok_or_else(|| {
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
                    b.sectors()[j].code,
                    m.imposing.value
                ),
            ));
        }
        Ok(usd_bn / total)
    };
    // Sector → share.
    let all_traded: Vec<usize> = (0..d.j).filter(|&j| b.sectors()[j].tradable).collect();
    let listed = |set: &SectorSet| -> Result<Vec<usize>, ScenarioError> {
        match set {
            SectorSet::All => Ok(all_traded.clone()),
            SectorSet::List(l) => l.iter().map(|s| sector(b, s, &m.id)).collect(),
        }
    };
    let side = if m.imposing.value == "CHN" {
        "CHN"
    } else {
        "USA"
    };
    let mut shares: Vec<(usize, f64)> = Vec::new();
    match &m.coverage.share {
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
                shares.push((sector(b, s, &m.id)?, *x));
            }
        }
        ShareSpec::ValueUsdBn(list) => {
            for (s, v) in list {
                let j = sector(b, s, &m.id)?;
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
                    .get(b.sectors()[j].code.as_str())
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
                let code = b.sectors()[j].code.as_str();
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
        let j = sector(b, s, &m.id)?;
        let x = value_share(j, *v, &s.origin, "exclude_value_usd_bn")?;
        for e in shares.iter_mut().filter(|e| e.0 == j) {
            e.1 *= 1.0 - x.min(1.0);
        }
    }
    let mut cells = Vec::new();
    for (j, s) in shares {
        for &k in &partners {
            let (n, i) = pair(k);
            cells.push((d.nij(n, i, j), j, s));
        }
    }
    Ok(Resolved { measure: m, cells })
}

/// Apply measures in order to the layer state, starting from `lv` (whose starting levels
/// `total_pct` may change), and return final levels and statutory tariffs.
fn evaluate(
    measures: &[&Resolved],
    b: &Baseline,
    start: &Levels,
) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let d = b.dims();
    let mut lv = start.clone();
    let mut layers: BTreeMap<LayerKey, BTreeMap<usize, Slice>> = BTreeMap::new();
    for r in measures {
        let m = r.measure;
        let key = (instr_key(m.instrument), m.layer.clone());
        match m.action {
            Action::Total(v) => {
                for &(c, _, _) in &r.cells {
                    match m.instrument {
                        Instrument::Tariff => {
                            lv.tariff[c] = v / 100.0;
                            lv.tariff0[c] = v / 100.0;
                        }
                        _ => {
                            lv.export_tax[c] = v / 100.0;
                            lv.export_tax0[c] = v / 100.0;
                        }
                    }
                    let k = instr_key(m.instrument);
                    for (lk, cells) in layers.iter_mut() {
                        if lk.0 == k {
                            cells.remove(&c);
                        }
                    }
                }
            }
            Action::SetRate(v) | Action::CostChangePct(v) => {
                let layer = layers.entry(key).or_default();
                for &(c, _, s) in &r.cells {
                    layer.insert(
                        c,
                        Slice {
                            share: s,
                            rate: v / 100.0,
                        },
                    );
                }
            }
            Action::ChangePp(v) => {
                let layer = layers.entry(key).or_default();
                for &(c, _, s) in &r.cells {
                    layer
                        .entry(c)
                        .and_modify(|sl| sl.rate += v / 100.0)
                        .or_insert(Slice {
                            share: s,
                            rate: v / 100.0,
                        });
                }
            }
        }
    }
    let theta = b.theta();
    let mut tariff = lv.tariff.clone();
    let mut statutory = lv.tariff.clone();
    let mut export_tax = lv.export_tax.clone();
    let mut trade_cost = vec![1.0; d.cube_len()];
    let sector_of = |c: usize| c / (d.n * d.n);
    for ((k, _), cells) in &layers {
        for (&c, sl) in cells {
            let th = theta[sector_of(c)];
            match k {
                0 => {
                    tariff[c] += equivalent_increment(lv.tariff0[c], sl.rate, sl.share, th);
                    statutory[c] += sl.share * sl.rate;
                }
                1 => {
                    export_tax[c] += equivalent_increment(lv.export_tax0[c], sl.rate, sl.share, th);
                }
                _ => {
                    let f = 1.0 + sl.rate;
                    trade_cost[c] *= if sl.share >= 1.0 {
                        f
                    } else {
                        (sl.share * f.powf(-th) + 1.0 - sl.share).powf(-1.0 / th)
                    };
                }
            }
        }
    }
    (tariff, statutory, export_tax, trade_cost)
}

fn build_policy(
    b: &Baseline,
    ds_deficit: truce_model::DeficitRule,
    levels: (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>),
    origin: &Origin,
    step: &str,
) -> Result<(Policy, Vec<f64>), ScenarioError> {
    let d = b.dims();
    let (tariff, statutory, export_tax, trade_cost) = levels;
    let mut p = Policy::baseline(b);
    p.set_deficit_rule(ds_deficit);
    for j in 0..d.j {
        for n in 0..d.n {
            for i in 0..d.n {
                if n == i {
                    continue;
                }
                let c = d.nij(n, i, j);
                let fail = |e: truce_model::ModelError| {
                    origin.error(
                        ErrorKind::OutOfRange,
                        format!(
                            "step `{step}`: the measures in force give an impossible level: {e}"
                        ),
                    )
                };
                if tariff[c] != b.tariff()[c] {
                    p.set_tariff(b, n, i, j, tariff[c]).map_err(fail)?;
                }
                if export_tax[c] != b.export_tax()[c] {
                    p.set_export_tax(b, n, i, j, export_tax[c]).map_err(fail)?;
                }
                if trade_cost[c] != 1.0 {
                    p.set_trade_cost(b, n, i, j, trade_cost[c]).map_err(fail)?;
                }
            }
        }
    }
    Ok((p, statutory))
}

/// Turn every step of `scenario` into an absolute policy for `ds.baseline`.
///
/// Measures in a dated step: every record measure (when `record` is set) and every dated
/// scenario measure in force on the step's date, in date order (record first on the same
/// day, then file order), followed by the step's `measures` list in the order given.
///
/// # Errors
/// [`ScenarioError`] naming the line: unknown country or sector codes (with a suggestion),
/// a country targeting itself, a non-traded sector, value-based coverage without trade or a
/// flow unit, unknown record groups or schedule dates, a record without a baseline date, and
/// levels the model cannot take.
pub fn compile(scenario: &Scenario, ds: &DatasetInfo) -> Result<StepPolicies, ScenarioError> {
    let b = ds.baseline;
    let d = b.dims();
    let mut notes = Vec::new();
    let record_measures: &[Measure] = if scenario.record.is_some() {
        record::measures()
    } else {
        &[]
    };
    // Record ids and scenario ids must not collide.
    for m in &scenario.measures {
        if record_measures.iter().any(|r| r.id == m.id) {
            return Err(m.origin.error(
                ErrorKind::Duplicate,
                format!(
                    "measure id `{}` is already used by the record; choose another id (to change a record layer, use its `layer` name)",
                    m.id
                ),
            ));
        }
    }
    let mut resolved: Vec<Resolved> = Vec::new();
    for m in record_measures.iter().chain(&scenario.measures) {
        resolved.push(resolve(m, ds, &mut notes)?);
    }
    let base_levels = Levels {
        tariff: b.tariff().to_vec(),
        tariff0: b.tariff().to_vec(),
        export_tax: b.export_tax().to_vec(),
        export_tax0: b.export_tax().to_vec(),
    };
    // Starting levels: the baseline, or the record's pre-war state.
    let start = if let Some(rec) = &scenario.record {
        let bd = ds.baseline_date.ok_or_else(|| {
            rec.origin.error(
                ErrorKind::NotApplicable,
                "the record needs to know the date of the dataset's baseline tariffs, and this dataset does not say; use a dataset with a baseline date",
            )
        })?;
        let in_base: Vec<&Resolved> = resolved
            .iter()
            .filter(|r| r.measure.from_record && r.measure.in_force_on(bd))
            .collect();
        let (inside, _, _, _) = evaluate(&in_base, b, &base_levels);
        let mut lv = base_levels.clone();
        let usa = b.region_index("USA");
        let chn = b.region_index("CHN");
        let mut clipped = 0;
        for j in 0..d.j {
            for n in 0..d.n {
                for i in 0..d.n {
                    if n == i || !b.sectors()[j].tradable {
                        continue;
                    }
                    let c = d.nij(n, i, j);
                    let side = match (Some(n), Some(i)) {
                        (a, e) if a == usa && e == chn => Some("USA"),
                        (a, e) if a == chn && e == usa => Some("CHN"),
                        _ => None,
                    };
                    let mfn = side.and_then(|s| {
                        record::schedule_mean(s, record::PREWAR, &b.sectors()[j].code).flatten()
                    });
                    if let Some(mfn) = mfn {
                        // US–China pairs: the 1 January 2018 schedule (MFN) by sector.
                        lv.tariff[c] = mfn / 100.0;
                        lv.tariff0[c] = mfn / 100.0;
                    } else {
                        // Other pairs: the baseline less the record measures it already holds.
                        let pre = b.tariff()[c] - (inside[c] - b.tariff()[c]);
                        if pre < 0.0 {
                            clipped += 1;
                        }
                        lv.tariff[c] = pre.max(0.0);
                    }
                }
            }
        }
        if clipped > 0 {
            notes.push(format!(
                "{clipped} bilateral tariff cells would fall below zero when the record's 2018–2024 measures are taken out of the baseline; they start at 0"
            ));
        }
        lv
    } else {
        base_levels.clone()
    };
    let deficit = scenario.model.deficit;
    let make = |step: &Step, include_dated: bool| -> Result<CompiledStep, ScenarioError> {
        let mut chosen: Vec<(usize, &Resolved)> = Vec::new();
        if let (Some(date), true) = (step.date, include_dated) {
            let mut dated: Vec<(Date, usize, usize)> = resolved
                .iter()
                .enumerate()
                .filter(|(_, r)| r.measure.in_force_on(date))
                .map(|(k, r)| {
                    (
                        r.measure.date.expect("dated"),
                        usize::from(!r.measure.from_record),
                        k,
                    )
                })
                .collect();
            dated.sort();
            chosen.extend(dated.into_iter().map(|(_, _, k)| (k, &resolved[k])));
        }
        for id in &step.measures {
            let k = resolved
                .iter()
                .position(|r| !r.measure.from_record && r.measure.id == id.value)
                .expect("checked at parse time");
            if !chosen.iter().any(|(c, _)| *c == k) {
                chosen.push((k, &resolved[k]));
            }
        }
        let list: Vec<&Resolved> = chosen.iter().map(|(_, r)| *r).collect();
        let levels = evaluate(&list, b, &start);
        let (policy, statutory) = build_policy(b, deficit, levels, &step.origin, &step.name)?;
        Ok(CompiledStep {
            name: step.name.clone(),
            label: step.label.clone(),
            date: step.date,
            note: step.note.clone(),
            policy,
            statutory_tariff: statutory,
            measures: list.iter().map(|r| r.measure.id.clone()).collect(),
        })
    };
    let mut steps = Vec::new();
    for s in &scenario.steps {
        steps.push(make(s, true)?);
    }
    let prewar = if scenario.record.is_some() {
        let s = Step {
            name: "pre-war".into(),
            label: "Pre-war (1 January 2018)".into(),
            note: None,
            date: Some(record::PREWAR),
            measures: Vec::new(),
            origin: Origin::default(),
        };
        Some(make(&s, true)?)
    } else {
        None
    };
    Ok(StepPolicies {
        steps,
        prewar,
        notes,
    })
}

/// Trade-weighted average tariff of `importer` on `exporter`: Σⱼ τʲ Mʲ / Σⱼ Mʲ over traded
/// sectors, M = baseline imports (border values), in percent. `None` if they do not trade.
pub fn average_tariff_pct(
    b: &Baseline,
    levels: &[f64],
    importer: usize,
    exporter: usize,
) -> Option<f64> {
    let d = b.dims();
    let (mut num, mut den) = (0.0, 0.0);
    for j in 0..d.j {
        let c = d.nij(importer, exporter, j);
        num += levels[c] * b.flows()[c];
        den += b.flows()[c];
    }
    (den > 0.0).then(|| 100.0 * num / den)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The equivalent lies between 0 and the statutory average s·r, and is increasing in
        /// the share.
        #[test]
        fn equivalent_is_bounded_and_monotone(
            tau0 in 0.0f64..0.3, r in 0.0f64..2.0, s in 0.0f64..1.0, theta in 2.0f64..12.0
        ) {
            let e = equivalent_increment(tau0, r, s, theta);
            prop_assert!(e >= -1e-12 && e <= s * r + 1e-12);
            let e2 = equivalent_increment(tau0, r, (s + 0.1).min(1.0), theta);
            prop_assert!(e2 >= e - 1e-12);
        }

        /// The equivalent moves the Fréchet flow exactly as the partial tariff does.
        #[test]
        fn equivalent_matches_the_flow(
            tau0 in 0.0f64..0.3, r in 0.01f64..3.0, s in 0.01f64..0.99, theta in 2.0f64..12.0
        ) {
            let e = equivalent_increment(tau0, r, s, theta);
            let lhs = (1.0 + tau0 + e).powf(-theta);
            let rhs = s * (1.0 + tau0 + r).powf(-theta) + (1.0 - s) * (1.0 + tau0).powf(-theta);
            prop_assert!((lhs / rhs - 1.0).abs() < 1e-10);
        }
    }

    #[test]
    fn full_coverage_is_the_rate_itself() {
        assert_eq!(equivalent_increment(0.1, 1.25, 1.0, 5.0), 1.25);
        // A prohibitive rate on half the flow stays finite.
        let e = equivalent_increment(0.0, 1000.0, 0.5, 4.0);
        assert!((e - (0.5f64.powf(-0.25) - 1.0)).abs() < 1e-6);
    }
}
