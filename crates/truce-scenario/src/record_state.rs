//! The built-in records' policy state on a date: the tariffs and export taxes in force
//! ([`record_state`]) and the pre-war levels that the record starts from ([`record_prewar`]),
//! evaluated on a world with [`crate::compile`]'s rules. It sits above both [`crate::record`]
//! (the record's data) and [`crate::compile`] (the rules), which do not import it.

use crate::compile::{evaluate, in_force, prewar_levels, resolve, Levels, Resolved, World};
use crate::date::Date;
use crate::error::ScenarioError;
use crate::record::measures;
#[cfg(doc)]
use truce_model::Dims;

/// The record's tariffs on one date.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordState {
    /// Model tariffs (θ-consistent equivalents of partial coverage), fractions, [`Dims::nij`].
    pub tariff: Vec<f64>,
    /// Statutory tariffs τ₀ + Σ s·r (PIIE's definition), fractions.
    pub statutory_tariff: Vec<f64>,
    /// Ids of the record's measures in force, in the order they apply.
    pub measures: Vec<String>,
    /// Things a reader should know (coverage capped at 100 %).
    pub notes: Vec<String>,
}

/// The record's policy state on `date` in the world `w`, built from the pre-war tariffs
/// `prewar_tariff` (fractions, [`Dims::nij`]) plus every record measure in force that day, by
/// the same machinery as [`crate::compile()`] (θ-consistent equivalents, layers, all-partner
/// measures, value-based coverage from `w`'s flows in units of `flow_unit_usd_bn`). A dataset
/// whose baseline tariffs are this state, dated `date`, is replayed by the record without
/// counting anything twice: [`record_prewar`] recovers `prewar_tariff` from it.
///
/// # Errors
/// A [`ScenarioError`] if `prewar_tariff` has the wrong length or the record cannot be
/// resolved on `w` (a region or sector code it needs is missing, value-based coverage without
/// trade or without `flow_unit_usd_bn`).
pub fn record_state(
    w: &World,
    flow_unit_usd_bn: Option<f64>,
    prewar_tariff: &[f64],
    date: Date,
) -> Result<RecordState, ScenarioError> {
    check_len(w, prewar_tariff)?;
    let mut notes = Vec::new();
    let resolved = resolve_record(w, flow_unit_usd_bn, &mut notes)?;
    let list: Vec<&Resolved> = in_force(&resolved, date, true)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let start = Levels {
        tariff: prewar_tariff.to_vec(),
        export_tax: vec![0.0; w.dims().cube_len()],
        statutory: prewar_tariff.to_vec(),
    };
    let ev = evaluate(&list, w, &start);
    Ok(RecordState {
        tariff: ev.tariff,
        statutory_tariff: ev.statutory,
        measures: list.iter().map(|r| r.measure.id.clone()).collect(),
        notes,
    })
}

/// Pre-war tariffs recovered from a dated tariff state.
#[derive(Debug, Clone, PartialEq)]
pub struct Prewar {
    /// The pre-war tariffs (fractions, [`Dims::nij`]).
    pub tariff: Vec<f64>,
    /// Cells where the given tariff is below what the record's measures in force imply, so
    /// that the pre-war level would be negative; they are set to 0.
    pub clipped: usize,
}

/// The pre-war tariffs (1 January 2018) of a world whose tariffs on `date` are `tariff`: for
/// each cell, the level that the record's measures in force on `date` bring to `tariff`
/// (exactly what [`crate::compile()`] starts the record from). The inverse of [`record_state`].
///
/// # Errors
/// As [`record_state`].
pub fn record_prewar(
    w: &World,
    flow_unit_usd_bn: Option<f64>,
    tariff: &[f64],
    date: Date,
) -> Result<Prewar, ScenarioError> {
    check_len(w, tariff)?;
    let mut notes = Vec::new();
    let resolved = resolve_record(w, flow_unit_usd_bn, &mut notes)?;
    let zero = vec![0.0; tariff.len()];
    let (lv, clipped) = prewar_levels(&resolved, w, tariff, &zero, date);
    Ok(Prewar {
        tariff: lv.tariff,
        clipped,
    })
}

fn check_len(w: &World, v: &[f64]) -> Result<(), ScenarioError> {
    let n = w.dims().cube_len();
    if v.len() == n {
        Ok(())
    } else {
        Err(crate::Origin::default().error(
            crate::ErrorKind::OutOfRange,
            format!(
                "{} tariffs for a world of {n} cells (importer × exporter × sector): give one per cell",
                v.len()
            ),
        ))
    }
}

fn resolve_record<'m>(
    w: &World,
    unit: Option<f64>,
    notes: &mut Vec<String>,
) -> Result<Vec<Resolved<'m>>, ScenarioError> {
    measures()
        .iter()
        .map(|m| resolve(m, w, unit, notes))
        .collect()
}
