//! The validated scenario's parts: measures, their targets and coverage, steps, options.

use crate::date::Date;
use crate::error::Origin;
use truce_model::DeficitRule;

/// A value with the place in the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub origin: Origin,
}

impl<T> Located<T> {
    /// A value written in code (no file position).
    pub fn bare(value: T) -> Self {
        Self {
            value,
            origin: Origin::default(),
        }
    }
}

/// Solver and closure options of a scenario (`[model]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelOptions {
    /// How trade deficits behave: `fixed` (default; D' = D in base-year units) or `zero`.
    pub deficit: DeficitRule,
    /// Outer tolerance on max |Zₙ|/VAₙ (default: the engine's 1e-10).
    pub tolerance: Option<f64>,
    /// Outer iteration cap (default: the engine's 2000).
    pub max_iterations: Option<usize>,
}

/// The elasticities a scenario sets (`[elasticities]`), overriding the dataset's: the nested
/// CES production structure (docs/model-cp2015.md) and trade elasticities θ by sector. Values
/// are checked when parsed (finite and positive), codes when compiled against a dataset.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Elasticities {
    /// σ_VA: labour against the intermediate bundle.
    pub sigma_va: Option<Located<f64>>,
    /// ε: among intermediate sectors.
    pub epsilon: Option<Located<f64>>,
    /// ε_c: the critical nest against the rest.
    pub epsilon_c: Option<Located<f64>>,
    /// The sectors of the critical nest (replacing the dataset's).
    pub critical_sectors: Option<Vec<Located<String>>>,
    /// θ by sector code.
    pub theta: Vec<(Located<String>, f64)>,
}

impl Elasticities {
    /// Whether the scenario sets any elasticity.
    pub fn is_empty(&self) -> bool {
        self.sigma_va.is_none()
            && self.epsilon.is_none()
            && self.epsilon_c.is_none()
            && self.critical_sectors.is_none()
            && self.theta.is_empty()
    }
}

/// How the goods a partial-coverage measure covers aggregate with the rest of their sector
/// (`within_sector` in a scenario file; docs/scenarios.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WithinSector {
    /// `"substitutes"` (default): the covered goods are varieties of the sector, substitutable
    /// with the rest at the sector's θ (the θ-consistent equivalent rate).
    #[default]
    Substitutes,
    /// `"cobb-douglas"`: the covered goods keep their share of the sector's spending, so the
    /// sector's price rises by (1 + r)^s: inputs nothing else in the sector replaces.
    CobbDouglas,
}

pub(super) const WITHIN_SECTOR: [&str; 2] = ["substitutes", "cobb-douglas"];

/// Which instrument a measure moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instrument {
    /// Ad-valorem import tariff, levied by the importer (`imposing`) on goods from `target`.
    Tariff,
    /// Ad-valorem export tax, levied by the exporter (`imposing`) on sales to `target`.
    ExportTax,
    /// Iceberg trade cost on `imposing`'s imports from `target`.
    TradeCost,
    /// A cap on the quantity of `imposing`'s exports to `target` (an export quota or licensing
    /// regime), solved as an endogenous export-tax equivalent.
    ExportQuota,
    /// A cap on the quantity of `imposing`'s whole output of the sectors (capacity that cannot
    /// grow), solved like a quota on every sale.
    SupplyCap,
}

impl Instrument {
    /// The name used in scenario files.
    pub fn as_str(&self) -> &'static str {
        match self {
            Instrument::Tariff => "tariff",
            Instrument::ExportTax => "export_tax",
            Instrument::TradeCost => "trade_cost",
            Instrument::ExportQuota => "export_quota",
            Instrument::SupplyCap => "supply_cap",
        }
    }
}

/// What a measure does to its layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// `rate_pct`: the layer's new level, in percent, replacing its earlier level.
    SetRate(f64),
    /// `change_pp`: add this many percentage points to the layer's current level.
    ChangePp(f64),
    /// `total_pct`: the whole instrument's level in percent (base and every earlier layer
    /// replaced), e.g. free trade = `total_pct = 0`.
    Total(f64),
    /// `change_pct` (trade costs only): iceberg cost change relative to the baseline, percent.
    CostChangePct(f64),
    /// `floor_pct` (tariffs only): the covered goods pay at least this rate, all duties
    /// included; the layer adds max(0, floor − starting level) on each cell (the EU's and
    /// Japan's 15 % "all-in" reciprocal rates of August 2025).
    Floor(f64),
    /// `cap_pct` (quotas and supply caps): the cap, percent of the baseline quantity.
    Cap(f64),
}

/// Which countries a measure targets.
#[derive(Debug, Clone, PartialEq)]
pub enum Targets {
    /// Every region except the imposing one (`target = "ALL"`).
    All,
    /// These regions.
    List(Vec<Located<String>>),
}

/// Which sectors a measure covers.
#[derive(Debug, Clone, PartialEq)]
pub enum SectorSet {
    /// Every traded sector (non-traded ones are skipped).
    All,
    /// These sectors (each must be traded).
    List(Vec<Located<String>>),
}

/// How much of each covered sector's bilateral trade the measure touches.
#[derive(Debug, Clone, PartialEq)]
pub enum ShareSpec {
    /// All of it.
    Full,
    /// The same share of every covered sector (`share = 0.3`).
    Uniform(f64),
    /// A share per sector (`shares = { ELECTRONICS = 0.3 }`).
    PerSector(Vec<(Located<String>, f64)>),
    /// A covered trade value per sector, USD bn, turned into a share of the dataset's
    /// bilateral flows (`value_usd_bn = { MINING = 0.12 }`).
    ValueUsdBn(Vec<(Located<String>, f64)>),
    /// The line share of a named product group of the record (`group = "steel-aluminium-232"`).
    Group(Located<String>),
    /// The 2024 trade-value share of a named value group (`value_group = "annex-ii"`,
    /// [`crate::values`]), partner by partner.
    ValueGroup(Located<String>),
    /// The coverage implied by a step of the HS6 schedules of 2018–2020: Δ(mean tariff)/rate.
    Schedule {
        /// `USA` (US tariffs on China) or `CHN` (China's tariffs on the US).
        side: String,
        /// Schedule date before the step.
        from: Date,
        /// Schedule date after the step.
        to: Date,
        /// The statutory rate of the step (percent), to turn Δ into a share.
        rate_pct: f64,
        /// Where it was written.
        origin: Origin,
    },
}

/// Sector coverage of a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// The sectors.
    pub sectors: SectorSet,
    /// The share of each.
    pub share: ShareSpec,
    /// Trade values carved out of the coverage (USD bn per sector), e.g. the April 2025
    /// electronics exemption: those goods are untouched and the share applies to the rest,
    /// share' = share · (1 − excluded/flow).
    pub exclude_value_usd_bn: Vec<(Located<String>, f64)>,
    /// Product groups carved out of the coverage (`exclude_groups = ["annex-ii"]`): value
    /// groups ([`crate::values`]) or, failing that, the record's line-share groups; on each
    /// cell share' = share · (1 − Σ group shares), floored at 0.
    pub exclude_groups: Vec<Located<String>>,
}

/// One measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Unique id.
    pub id: String,
    /// Human-readable label.
    pub label: String,
    /// Provenance (a `measures.csv` id or a citation).
    pub source: Option<String>,
    /// How sure the figures are: `high`, `medium` or `low` (required in the built-in
    /// records; see `data/us_china_measures/README.md` for the scale).
    pub confidence: Option<String>,
    /// In force from this date (inclusive).
    pub date: Option<Date>,
    /// In force until this date (exclusive).
    pub until: Option<Date>,
    /// The country that imposes it (the importer for tariffs and trade costs, the exporter for
    /// export taxes).
    pub imposing: Located<String>,
    /// The partners.
    pub targets: Targets,
    /// The instrument.
    pub instrument: Instrument,
    /// The legal instrument ("layer") whose level `rate_pct` replaces; defaults to the id.
    pub layer: String,
    /// What it does to the layer.
    pub action: Action,
    /// Which trade it covers.
    pub coverage: Coverage,
    /// How partially covered goods aggregate with the rest of their sector.
    pub within_sector: WithinSector,
    /// `optional_sectors = true`: sectors the dataset lacks are skipped (with a note) instead
    /// of being an error (e.g. the record's RARE_EARTHS controls on a dataset without that
    /// sector).
    pub optional_sectors: bool,
    /// Where the `[[measure]]` table starts.
    pub origin: Origin,
    /// `true` for measures of the built-in record.
    pub from_record: bool,
}

impl Measure {
    /// In force on `d`: dated on or before `d`, and not yet expired.
    pub fn in_force_on(&self, d: Date) -> bool {
        self.date.is_some_and(|s| s <= d) && self.until.is_none_or_after(d)
    }
}

trait UntilExt {
    fn is_none_or_after(&self, d: Date) -> bool;
}
impl UntilExt for Option<Date> {
    fn is_none_or_after(&self, d: Date) -> bool {
        match self {
            None => true,
            Some(u) => d < *u,
        }
    }
}

/// One named policy state.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Unique name (used by `--relative-to`).
    pub name: String,
    /// Label for tables and plots.
    pub label: String,
    /// Note shown with the results.
    pub note: Option<String>,
    /// Every dated measure (and the record, when included) in force on this date is part of
    /// the step.
    pub date: Option<Date>,
    /// Further measures, by id, applied after the dated ones in the order listed.
    pub measures: Vec<Located<String>>,
    /// Where the `[[step]]` table starts.
    pub origin: Origin,
}

/// The confidence tags a measure may carry.
pub const CONFIDENCE: [&str; 3] = ["high", "medium", "low"];
