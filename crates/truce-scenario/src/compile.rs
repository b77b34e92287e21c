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

use crate::date::Date;
use crate::error::{ErrorKind, Origin, ScenarioError};
use crate::record;
use crate::scenario::{
    Action, Instrument, Located, Measure, Scenario, SectorSet, ShareSpec, Step, Targets,
    WithinSector,
};
use std::collections::BTreeMap;
use truce_model::suggest::did_you_mean;
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
    equivalent_increment_within(tau0, rate, share, theta, WithinSector::Substitutes)
}

/// As [`equivalent_increment`], with the covered goods aggregated with the rest of the sector
/// as `within` says: [`WithinSector::Substitutes`] is the θ-consistent (Fréchet) equivalent;
/// [`WithinSector::CobbDouglas`] keeps the covered goods' spending share fixed, so the sector's
/// price rises by the factor f^s (the θ → 0 limit of the power mean) — the right aggregation
/// for an input nothing else in the sector replaces (rare earths in magnets and motors).
///
/// # Example
/// ```
/// use truce_scenario::{equivalent_increment_within, WithinSector};
/// // A 100 % export tax on 1.6 % of a sector with θ = 12.9.
/// let subst = equivalent_increment_within(0.0, 1.0, 0.016, 12.9, WithinSector::Substitutes);
/// let cd = equivalent_increment_within(0.0, 1.0, 0.016, 12.9, WithinSector::CobbDouglas);
/// assert!(subst < 0.0013);                   // buyers switch to the sector's other goods
/// assert!((cd - (2f64.powf(0.016) - 1.0)).abs() < 1e-12); // ≈ 1.1 %: they cannot
/// ```
pub fn equivalent_increment_within(
    tau0: f64,
    rate: f64,
    share: f64,
    theta: f64,
    within: WithinSector,
) -> f64 {
    if share >= 1.0 {
        return rate;
    }
    if share <= 0.0 || rate == 0.0 {
        return 0.0;
    }
    (1.0 + tau0) * (equivalent_factor(1.0 + rate / (1.0 + tau0), share, theta, within) - 1.0)
}

/// The uniform factor equivalent to a factor `f` on share `s` of a Fréchet aggregate:
/// [s f^{−θ} + 1 − s]^{−1/θ}, or f^s under Cobb–Douglas aggregation.
///
/// The powers come from the `libm` crate (a pure-Rust port of musl's libm), not `f64::powf`,
/// which calls the platform's maths library whose last bit may differ between systems: these
/// rates enter the tariffs that `truce data build-default` writes into the committed world2024
/// dataset, whose bytes must not depend on the machine that rebuilds them.
fn equivalent_factor(f: f64, s: f64, theta: f64, within: WithinSector) -> f64 {
    match within {
        WithinSector::Substitutes => libm::pow(s * libm::pow(f, -theta) + 1.0 - s, -1.0 / theta),
        WithinSector::CobbDouglas => libm::pow(f, s),
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

/// A measure with its coverage resolved to cells: (flat nij index, sector, share).
#[derive(Debug, Clone)]
pub(crate) struct Resolved<'m> {
    pub(crate) measure: &'m Measure,
    cells: Vec<(usize, usize, f64)>,
}

/// One layer's level on one cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Slice {
    share: f64,
    rate: f64, // fraction (tariff/export tax) or change fraction (trade cost)
    /// How the covered goods aggregate with the rest of the sector: `Substitutes` at θ (the
    /// default) or `CobbDouglas` (their spending share is fixed; chokepoint inputs).
    within: WithinSector,
}

type LayerKey = (u8, String);

fn instr_key(i: Instrument) -> u8 {
    match i {
        Instrument::Tariff => 0,
        Instrument::ExportTax => 1,
        Instrument::TradeCost => 2,
        Instrument::ExportQuota => 3,
        Instrument::SupplyCap => 4,
    }
}

/// Starting levels of the two ad-valorem instruments (fractions, [`Dims::nij`]), and the
/// statutory tariffs they stand for.
#[derive(Debug, Clone)]
pub(crate) struct Levels {
    pub(crate) tariff: Vec<f64>,
    pub(crate) export_tax: Vec<f64>,
    /// Statutory tariffs at the start (equal to `tariff` except for a baseline that holds the
    /// record's θ-consistent rates, whose statutory levels are the record's).
    pub(crate) statutory: Vec<f64>,
}

/// What a list of measures makes of the starting levels.
#[derive(Debug, Clone)]
pub(crate) struct Evaluated {
    /// Model tariffs (θ-consistent equivalents).
    pub(crate) tariff: Vec<f64>,
    /// Statutory tariffs τ₀ + Σ s·r.
    pub(crate) statutory: Vec<f64>,
    pub(crate) export_tax: Vec<f64>,
    pub(crate) trade_cost: Vec<f64>,
    /// Export quotas: cell → cap (fraction of the baseline quantity; the tightest layer).
    pub(crate) quota: BTreeMap<usize, f64>,
    /// Supply caps: the producer's diagonal cell → cap.
    pub(crate) supply: BTreeMap<usize, f64>,
}

/// Every cell's layers, by instrument, in layer order.
#[derive(Debug, Clone, Default)]
pub(crate) struct CellSlices {
    pub(crate) tariff: BTreeMap<usize, Vec<Slice>>,
    pub(crate) export_tax: BTreeMap<usize, Vec<Slice>>,
    pub(crate) trade_cost: BTreeMap<usize, Vec<Slice>>,
    pub(crate) quota: BTreeMap<usize, Vec<Slice>>,
    pub(crate) supply: BTreeMap<usize, Vec<Slice>>,
}

/// The model tariff of a cell: τ₀ plus each layer's θ-consistent increment against τ₀, added
/// in layer order (the same arithmetic forwards, [`evaluate`], and backwards,
/// [`prewar_level`]).
pub(crate) fn tariff_level(tau0: f64, slices: &[Slice], theta: f64) -> f64 {
    let mut t = tau0;
    for sl in slices {
        t += equivalent_increment_within(tau0, sl.rate, sl.share, theta, sl.within);
    }
    t
}

/// The statutory tariff of a cell: τ₀ + Σ s·r.
fn statutory_level(tau0: f64, slices: &[Slice]) -> f64 {
    let mut t = tau0;
    for sl in slices {
        t += sl.share * sl.rate;
    }
    t
}

/// The neighbouring double towards +∞ (`up`) or −∞.
fn next_float(x: f64, up: bool) -> f64 {
    if x == 0.0 {
        let tiny = f64::from_bits(1);
        return if up { tiny } else { -tiny };
    }
    let b = x.to_bits();
    f64::from_bits(if (x > 0.0) == up { b + 1 } else { b - 1 })
}

/// The starting level τ₀ whose [`tariff_level`] is `target`.
///
/// Each layer's increment lies between min(r, 0) and max(s·r, 0) (a power mean lies between
/// its arguments), so τ₀ lies in [target − Σ max(s·r, 0), target − Σ min(r, 0)], cut to the
/// domain where every 1 + τ₀ + r stays positive; on that bracket the level is increasing with
/// slope at least 1 (module docs). Newton steps kept inside the shrinking bracket (bisection
/// when a step leaves it) find τ₀ to the last double; then a walk over neighbouring doubles looks for one that reproduces
/// `target` to the last bit (kept when found; otherwise the nearest).
pub(crate) fn prewar_level(target: f64, slices: &[Slice], theta: f64) -> f64 {
    if slices.is_empty() {
        return target;
    }
    let f = |x: f64| tariff_level(x, slices, theta);
    let up: f64 = slices.iter().map(|s| (s.share * s.rate).max(0.0)).sum();
    let down: f64 = slices.iter().map(|s| s.rate.min(0.0)).sum();
    let edge = -1.0
        + slices
            .iter()
            .map(|s| (-s.rate).max(0.0))
            .fold(0.0, f64::max);
    let mut lo = (target - up).max(edge + 1e-12 * (1.0 + edge.abs()));
    let mut hi = (target - down).max(lo);
    let mut x = (target - slices.iter().map(|s| s.share * s.rate).sum::<f64>()).clamp(lo, hi);
    for _ in 0..200 {
        let r = f(x) - target;
        if r == 0.0 || !r.is_finite() {
            break;
        }
        if r < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let h = 1e-7 * (1.0 + x.abs());
        let slope = (f(x + h) - f(x)) / h;
        let slope = if slope.is_finite() {
            slope.max(1.0)
        } else {
            1.0
        };
        if next_float(lo, true) >= hi {
            break;
        }
        let mut next = x - r / slope;
        if !(next > lo && next < hi) || next == x {
            next = 0.5 * (lo + hi);
        }
        x = next;
    }
    // Polish: the map is increasing, so walk one double at a time towards the target and
    // stop where it is met or crossed.
    let mut r = f(x) - target;
    for _ in 0..64 {
        if r == 0.0 || !r.is_finite() {
            return x;
        }
        let y = next_float(x, r < 0.0);
        let ry = f(y) - target;
        if (ry < 0.0) != (r < 0.0) || ry == 0.0 {
            return if ry.abs() <= r.abs() { y } else { x };
        }
        x = y;
        r = ry;
    }
    x
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

/// Apply measures in order to the layer state, starting from `start` (whose levels
/// `total_pct` may reset), and return every cell's layers in layer order with the starting
/// levels as `total_pct` left them.
pub(crate) fn layer_slices(measures: &[&Resolved], start: &Levels) -> (Levels, CellSlices) {
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
                            lv.statutory[c] = v / 100.0;
                        }
                        _ => lv.export_tax[c] = v / 100.0,
                    }
                    let k = instr_key(m.instrument);
                    for (lk, cells) in layers.iter_mut() {
                        if lk.0 == k {
                            cells.remove(&c);
                        }
                    }
                }
            }
            Action::Floor(v) => {
                let layer = layers.entry(key).or_default();
                for &(c, _, s) in &r.cells {
                    layer.insert(
                        c,
                        Slice {
                            share: s,
                            rate: (v / 100.0 - lv.statutory[c]).max(0.0),
                            within: m.within_sector,
                        },
                    );
                }
            }
            Action::SetRate(v) | Action::CostChangePct(v) | Action::Cap(v) => {
                let layer = layers.entry(key).or_default();
                for &(c, _, s) in &r.cells {
                    layer.insert(
                        c,
                        Slice {
                            share: s,
                            rate: v / 100.0,
                            within: m.within_sector,
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
                            within: m.within_sector,
                        });
                }
            }
        }
    }
    let mut out = CellSlices::default();
    for ((k, _), cells) in &layers {
        let by = match k {
            0 => &mut out.tariff,
            1 => &mut out.export_tax,
            2 => &mut out.trade_cost,
            3 => &mut out.quota,
            _ => &mut out.supply,
        };
        for (&c, sl) in cells {
            by.entry(c).or_default().push(*sl);
        }
    }
    (lv, out)
}

/// Apply measures in order, starting from `start`: model rates, statutory tariffs, export
/// taxes and iceberg factors.
pub(crate) fn evaluate(measures: &[&Resolved], w: &World, start: &Levels) -> Evaluated {
    let d = w.dims;
    let (lv, slices) = layer_slices(measures, start);
    let sector_of = |c: usize| c / (d.n * d.n);
    let mut tariff = lv.tariff.clone();
    let mut statutory = lv.statutory.clone();
    for (&c, sl) in &slices.tariff {
        tariff[c] = tariff_level(lv.tariff[c], sl, w.theta[sector_of(c)]);
        statutory[c] = statutory_level(lv.statutory[c], sl);
    }
    let mut export_tax = lv.export_tax.clone();
    for (&c, sl) in &slices.export_tax {
        export_tax[c] = tariff_level(lv.export_tax[c], sl, w.theta[sector_of(c)]);
    }
    let mut trade_cost = vec![1.0; d.cube_len()];
    for (&c, sl) in &slices.trade_cost {
        let th = w.theta[sector_of(c)];
        for s in sl {
            let f = 1.0 + s.rate;
            trade_cost[c] *= if s.share >= 1.0 {
                f
            } else {
                equivalent_factor(f, s.share, th, s.within)
            };
        }
    }
    // Quotas and caps: the tightest layer binds.
    let tightest = |m: &BTreeMap<usize, Vec<Slice>>| -> BTreeMap<usize, f64> {
        m.iter()
            .map(|(&c, sl)| (c, sl.iter().map(|s| s.rate).fold(f64::INFINITY, f64::min)))
            .collect()
    };
    Evaluated {
        tariff,
        statutory,
        export_tax,
        trade_cost,
        quota: tightest(&slices.quota),
        supply: tightest(&slices.supply),
    }
}

/// The measures of `resolved` in force on `date`, in the order they apply: by date, the
/// record's before a scenario's on the same day, then in file order. `record_only` keeps the
/// record's.
pub(crate) fn in_force<'r, 'm>(
    resolved: &'r [Resolved<'m>],
    date: Date,
    record_only: bool,
) -> Vec<(usize, &'r Resolved<'m>)> {
    // Same day: the record before a scenario, and a measure for every partner before one that
    // names its partners (an exemption or country rate refines the general measure).
    let mut dated: Vec<(Date, usize, usize, usize)> = resolved
        .iter()
        .enumerate()
        .filter(|(_, r)| r.measure.in_force_on(date) && (!record_only || r.measure.from_record))
        .map(|(k, r)| {
            (
                r.measure.date.expect("dated"),
                usize::from(!r.measure.from_record),
                usize::from(!matches!(r.measure.targets, crate::scenario::Targets::All)),
                k,
            )
        })
        .collect();
    dated.sort();
    dated
        .into_iter()
        .map(|(_, _, _, k)| (k, &resolved[k]))
        .collect()
}

/// The record's pre-war tariffs (and the baseline's export taxes) for a world whose tariffs on
/// `date` are `tariff`: each cell's τ₀ such that the record's measures in force that day
/// bring it to the given tariff ([`prewar_level`]); cells that would fall below zero start at
/// zero and are counted.
pub(crate) fn prewar_levels(
    resolved: &[Resolved],
    w: &World,
    tariff: &[f64],
    export_tax: &[f64],
    date: Date,
) -> (Levels, usize) {
    let d = w.dims;
    let in_base: Vec<&Resolved> = in_force(resolved, date, true)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let here = Levels {
        tariff: tariff.to_vec(),
        export_tax: export_tax.to_vec(),
        statutory: tariff.to_vec(),
    };
    let (_, slices) = layer_slices(&in_base, &here);
    let mut pre = here;
    let mut clipped = 0;
    for (&c, sl) in &slices.tariff {
        let x = prewar_level(tariff[c], sl, w.theta[c / (d.n * d.n)]);
        if x < 0.0 {
            clipped += 1;
        }
        pre.tariff[c] = x.max(0.0);
        pre.statutory[c] = pre.tariff[c];
    }
    (pre, clipped)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(truce_testkit::seeded(256))]
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

    fn slices() -> impl Strategy<Value = Vec<Slice>> {
        proptest::collection::vec(
            (0.0f64..1.0, -0.25f64..1.5).prop_map(|(share, rate)| Slice {
                share,
                rate,
                within: WithinSector::Substitutes,
            }),
            0..6,
        )
    }

    proptest! {
        #![proptest_config(truce_testkit::seeded(256))]
        /// The pre-war level is the inverse of the record's layering: forwards then backwards
        /// returns the start, and the start found reproduces the level to the last bit, or to
        /// within the few units in the last place that rounding in the layers leaves when no
        /// double does (world2024 and the synthetic world are reproduced bit for bit: tested).
        #[test]
        fn prewar_level_inverts_tariff_level(
            tau0 in 0.0f64..0.3, sl in slices(), theta in 1.4f64..14.0
        ) {
            let t = tariff_level(tau0, &sl, theta);
            let back = prewar_level(t, &sl, theta);
            prop_assert!((back - tau0).abs() < 1e-13, "{back} vs {tau0}");
            let again = tariff_level(back, &sl, theta);
            // Rounding is on the scale of the summands, not of their (possibly tiny) sum.
            let scale = 1.0 + tau0 + sl.iter().map(|s| s.rate.abs()).sum::<f64>();
            prop_assert!((again - t).abs() <= 4.0 * f64::EPSILON * scale, "{again} vs {t}");
        }

        /// The layered level is increasing in the start, with slope at least 1 (module docs).
        #[test]
        fn tariff_level_has_slope_at_least_one(
            tau0 in 0.0f64..0.3, sl in slices(), theta in 1.4f64..14.0
        ) {
            let h = 1e-4;
            let slope = (tariff_level(tau0 + h, &sl, theta) - tariff_level(tau0, &sl, theta)) / h;
            prop_assert!(slope >= 1.0 - 1e-9, "slope {slope}");
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
