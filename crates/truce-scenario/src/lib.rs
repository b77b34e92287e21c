//! # truce-scenario: scenario files and the dated US–China record
//!
//! Brief overview. A scenario is a TOML file ([`Scenario`]) naming a dataset, solver options,
//! a list of dated measures (who imposes what on whom, in which sectors, by how much) and
//! optional named steps. [`compile()`] turns each step into an absolute [`truce_model::Policy`]
//! for a given baseline. The built-in record ([`record`]) is the US–China trade war of
//! 2018–2026 as dated measures on the model's sectors, built from `data/us_china_measures/`.
//!
//! The crate does no printing; errors are [`ScenarioError`]s naming file, line and fix.

pub mod compile;
mod date;
mod detmath;
mod elasticities;
mod error;
pub mod record;
mod scenario;
pub mod suggest;
pub mod summary;
pub mod testing;

pub use compile::{
    compile, equivalent_increment, equivalent_increment_within, CompiledStep, DatasetInfo,
    StepPolicies, World,
};
pub use date::Date;
pub use elasticities::apply_elasticities;
pub use error::{ErrorKind, Origin, ScenarioError};
pub use record::{record_prewar, record_state, Prewar, RecordState};
pub use scenario::{
    Action, Coverage, Elasticities, Instrument, Located, Measure, ModelOptions, Scenario,
    SectorSet, ShareSpec, Step, Targets, WithinSector, RECORDS,
};
