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
//!
//! # The record's starting level
//! With the record, τ₀ is the pre-war tariff (1 January 2018). A dataset holds the tariffs of
//! its baseline date instead, which already contain the record's measures in force that day;
//! so the pre-war level of each cell is the τ₀ that those measures, evaluated as above, bring
//! to the baseline's tariff ([`crate::record_prewar`]). The map τ₀ ↦ τ₀ + Σ Δ(τ₀) is strictly
//! increasing (slope ≥ 1: each Δ is (1+τ₀)(g(f) − 1) with g a power mean, concave in f, so
//! ∂Δ/∂τ₀ = g − 1 − (f−1)g′ ≥ 0), so the pre-war level is unique, and replaying the record to
//! the baseline date gives back the baseline's tariffs. A dataset built from the record
//! ([`crate::record_state`], as world2024 is) recovers its pre-war tariffs exactly.

mod equivalent;
mod layers;
mod resolve;

pub use equivalent::{equivalent_increment, equivalent_increment_within};
pub(crate) use layers::{evaluate, in_force, prewar_levels, Evaluated, Levels};
pub(crate) use resolve::{resolve, Resolved};

use crate::date::Date;
use crate::error::{ErrorKind, Origin, ScenarioError};
use crate::record;
use crate::scenario::{Measure, Scenario, Step};
use std::collections::BTreeMap;
use truce_model::{Baseline, Dims, Policy, Region, Sector};

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

/// The parts of a world that measures are resolved against: region and sector codes, trade
/// elasticities θ and bilateral flows (border values, laid out as [`Dims::nij`]).
///
/// [`World::of`] takes them from a [`Baseline`]; a calibration that has its flows but no
/// baseline yet (world2024 evaluates the record before it balances its input–output table)
/// builds one with [`World::new`].
#[derive(Debug, Clone, Copy)]
pub struct World<'a> {
    regions: &'a [Region],
    sectors: &'a [Sector],
    theta: &'a [f64],
    flows: &'a [f64],
    dims: Dims,
}

impl<'a> World<'a> {
    /// The world of a baseline.
    pub fn of(b: &'a Baseline) -> Self {
        Self {
            regions: b.regions(),
            sectors: b.sectors(),
            theta: b.theta(),
            flows: b.flows(),
            dims: b.dims(),
        }
    }

    /// A world from its parts.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] if θ does not have one value per sector or the flows one per
    /// importer × exporter × sector, or a flow is negative or not finite.
    pub fn new(
        regions: &'a [Region],
        sectors: &'a [Sector],
        theta: &'a [f64],
        flows: &'a [f64],
    ) -> Result<Self, ScenarioError> {
        let dims = Dims {
            n: regions.len(),
            j: sectors.len(),
        };
        let bad = |m: String| Origin::default().error(ErrorKind::OutOfRange, m);
        if theta.len() != dims.j {
            return Err(bad(format!(
                "{} trade elasticities for {} sectors: give one per sector",
                theta.len(),
                dims.j
            )));
        }
        if flows.len() != dims.cube_len() {
            return Err(bad(format!(
                "{} flows for {} regions × {} sectors: give {} (importer × exporter × sector)",
                flows.len(),
                dims.n,
                dims.j,
                dims.cube_len()
            )));
        }
        if let Some(k) = flows.iter().position(|x| !x.is_finite() || *x < 0.0) {
            return Err(bad(format!(
                "flow {k} is {}: flows must be finite and non-negative",
                flows[k]
            )));
        }
        Ok(Self {
            regions,
            sectors,
            theta,
            flows,
            dims,
        })
    }

    /// Dimensions.
    pub fn dims(&self) -> Dims {
        self.dims
    }

    fn region_index(&self, code: &str) -> Option<usize> {
        self.regions.iter().position(|r| r.code == code)
    }

    fn sector_index(&self, code: &str) -> Option<usize> {
        self.sectors.iter().position(|s| s.code == code)
    }
}

/// Notes of measures skipped for a sector the dataset lacks start with this; [`compile`] merges
/// them into one note per sector set.
const SKIPPED_PREFIX: &str = "\u{0}skipped:";

/// Merge the skipped-measure notes into one readable note per set of missing sectors.
fn merge_skipped(notes: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut skipped: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for n in notes {
        match n.strip_prefix(SKIPPED_PREFIX) {
            Some(rest) => {
                let (sectors, id) = rest.split_once(": ").unwrap_or((rest, ""));
                let ids = skipped.entry(sectors.to_string()).or_default();
                if !ids.iter().any(|x| x == id) {
                    ids.push(id.to_string());
                }
            }
            None => out.push(n),
        }
    }
    for (sectors, ids) in skipped {
        out.push(format!(
            "measures {} are not applied: this dataset has no sector {sectors} (they apply only \
             where it exists, e.g. world2024-ree: world2024 with RARE_EARTHS split out)",
            ids.join(", ")
        ));
    }
    out
}

/// The statutory tariffs of a dataset whose baseline is the record's state on its baseline date
/// (world2024 and the synthetic stand-in hold the record's θ-consistent rates): the record's
/// statutory levels that day, from the pre-war tariffs recovered from the baseline. `None` when
/// the dataset has no baseline date, the record does not resolve on it, or its baseline does
/// not contain the record (a cell would clip): its tariffs are then taken as statutory.
fn baseline_statutory(w: &World, ds: &DatasetInfo) -> Option<Vec<f64>> {
    let bd = ds.baseline_date?;
    let mut scratch = Vec::new();
    let rec = record::measures_of("tariff-wall")
        .iter()
        .map(|m| resolve(m, w, ds.flow_unit_usd_bn, &mut scratch))
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    let (pre, clipped) = prewar_levels(&rec, w, ds.baseline.tariff(), ds.baseline.export_tax(), bd);
    if clipped > 0 {
        return None;
    }
    let list: Vec<&Resolved> = in_force(&rec, bd, true)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    Some(evaluate(&list, w, &pre).statutory)
}

fn build_policy(
    b: &Baseline,
    ds_deficit: truce_model::DeficitRule,
    levels: Evaluated,
    origin: &Origin,
    step: &str,
) -> Result<(Policy, Vec<f64>), ScenarioError> {
    let d = b.dims();
    let Evaluated {
        tariff,
        statutory,
        export_tax,
        trade_cost,
        quota,
        supply,
    } = levels;
    let mut p = Policy::baseline(b);
    p.set_deficit_rule(ds_deficit);
    let fail = |e: truce_model::ModelError| {
        origin.error(
            ErrorKind::OutOfRange,
            format!("step `{step}`: the measures in force give an impossible level: {e}"),
        )
    };
    // Quotas on flows, and caps on producers, that are zero in the baseline restrict nothing.
    for (&c, &level) in &quota {
        let (j, n, i) = (c / (d.n * d.n), (c / d.n) % d.n, c % d.n);
        if b.flows()[c] > 0.0 {
            p.set_export_quota(b, n, i, j, level).map_err(fail)?;
        }
    }
    for (&c, &level) in &supply {
        let (j, i) = (c / (d.n * d.n), c % d.n);
        if b.gross_output()[d.nj(i, j)] > 0.0 {
            p.set_supply_cap(b, i, j, level).map_err(fail)?;
        }
    }
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
    let mut notes = Vec::new();
    let record_measures: &[Measure] = if let Some(r) = &scenario.record {
        record::measures_of(&r.value)
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
    let w = World::of(b);
    let mut resolved: Vec<Resolved> = Vec::new();
    for m in record_measures.iter().chain(&scenario.measures) {
        resolved.push(resolve(m, &w, ds.flow_unit_usd_bn, &mut notes)?);
    }
    // Starting levels: the baseline, or the record's pre-war state (module docs).
    let start = if let Some(rec) = &scenario.record {
        let bd = ds.baseline_date.ok_or_else(|| {
            rec.origin.error(
                ErrorKind::NotApplicable,
                "the record needs to know the date of the dataset's baseline tariffs, and this dataset does not say; use a dataset with a baseline date",
            )
        })?;
        let (lv, clipped) = prewar_levels(&resolved, &w, b.tariff(), b.export_tax(), bd);
        if clipped > 0 {
            notes.push(format!(
                "{clipped} bilateral tariff cells of the baseline are lower than the record's measures in force on {bd} imply (the dataset does not contain them); their pre-war tariff starts at 0, so on {bd} the record does not reproduce the baseline there"
            ));
        }
        lv
    } else {
        Levels {
            tariff: b.tariff().to_vec(),
            export_tax: b.export_tax().to_vec(),
            statutory: baseline_statutory(&w, ds).unwrap_or_else(|| b.tariff().to_vec()),
        }
    };
    let deficit = scenario.model.deficit;
    let make = |step: &Step, include_dated: bool| -> Result<CompiledStep, ScenarioError> {
        let mut chosen: Vec<(usize, &Resolved)> = Vec::new();
        if let (Some(date), true) = (step.date, include_dated) {
            chosen.extend(in_force(&resolved, date, false));
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
        let levels = evaluate(&list, &w, &start);
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
        notes: merge_skipped(notes),
    })
}

/// Trade-weighted average tariff of `importer` on `exporter`: Σⱼ τʲ Mʲ / Σⱼ Mʲ over the traded
/// goods sectors (a sector of the record's classification with no HS line, SERVICES, is left
/// out, as in PIIE's averages of goods tariffs), M = baseline imports (border values), in
/// percent. `None` if they trade no goods.
pub fn average_tariff_pct(
    b: &Baseline,
    levels: &[f64],
    importer: usize,
    exporter: usize,
) -> Option<f64> {
    let d = b.dims();
    let (mut num, mut den) = (0.0, 0.0);
    for (j, s) in b.sectors().iter().enumerate() {
        if !s.tradable || record::holds_no_goods(&s.code) {
            continue;
        }
        let c = d.nij(importer, exporter, j);
        num += levels[c] * b.flows()[c];
        den += b.flows()[c];
    }
    (den > 0.0).then(|| 100.0 * num / den)
}
