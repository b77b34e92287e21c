//! # truce-scenario: scenario files and the dated US–China record
//!
//! Brief overview. A scenario is a TOML file ([`Scenario`]) naming a dataset, solver options,
//! a list of dated measures (who imposes what on whom, in which sectors, by how much) and
//! optional named steps. [`compile()`] turns each step into an absolute [`truce_model::Policy`]
//! for a given baseline. The built-in records ([`record`]) are the US–China trade war of
//! 2018–2026 as dated measures on the model's sectors, built from `data/us_china_measures/`
//! (`us-china`), and the same plus every other US partner's 2025–26 measures and Canada's
//! retaliation (`tariff-wall`, `data/tariff_wall_2025/`). The 2025–26 measures are weighted by
//! 2024 trade value ([`values`]); [`rates`] gives an importer's average tariff on all its
//! imports, before and after substitution.
//!
//! The crate does no printing; errors are [`ScenarioError`]s naming file, line and fix.

pub mod compile;
mod date;
mod elasticities;
mod error;
pub mod rates;
pub mod record;
mod record_state;
mod scenario;
pub mod summary;
pub mod synthetic;
pub mod values;

pub use compile::{
    compile, equivalent_increment, equivalent_increment_within, CompiledStep, DatasetInfo,
    StepPolicies, World,
};
pub use date::Date;
pub use elasticities::apply_elasticities;
pub use error::{ErrorKind, Origin, ScenarioError};
pub use record_state::{record_prewar, record_state, Prewar, RecordState};
pub use scenario::{
    Action, Coverage, Elasticities, Instrument, Located, Measure, ModelOptions, Scenario,
    SectorSet, ShareSpec, Step, Targets, WithinSector, CONFIDENCE, RECORDS,
};
