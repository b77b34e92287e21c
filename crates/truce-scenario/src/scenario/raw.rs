//! The raw schema: the TOML shapes serde reads, with the span of every value that a later
//! check names. Every table denies unknown keys.

use crate::date::Date;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) name: Option<Spanned<String>>,
    pub(super) description: Option<String>,
    pub(super) dataset: Option<Spanned<String>>,
    pub(super) record: Option<Spanned<String>>,
    pub(super) effective_tariff: Option<Spanned<String>>,
    pub(super) notes: Option<Vec<String>>,
    pub(super) model: Option<Spanned<RawModel>>,
    pub(super) elasticities: Option<Spanned<RawElasticities>>,
    pub(super) measure: Option<Vec<Spanned<RawMeasure>>>,
    pub(super) step: Option<Vec<Spanned<RawStep>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawModel {
    pub(super) deficit: Option<Spanned<String>>,
    pub(super) tolerance: Option<Spanned<f64>>,
    pub(super) max_iterations: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawElasticities {
    pub(super) sigma_va: Option<Spanned<f64>>,
    pub(super) epsilon: Option<Spanned<f64>>,
    pub(super) epsilon_c: Option<Spanned<f64>>,
    pub(super) critical_sectors: Option<Spanned<Vec<String>>>,
    pub(super) theta: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeasure {
    pub(super) id: Option<Spanned<String>>,
    pub(super) label: Option<String>,
    pub(super) source: Option<String>,
    pub(super) note: Option<String>,
    pub(super) date: Option<Spanned<Date>>,
    pub(super) until: Option<Spanned<Date>>,
    pub(super) imposing: Option<Spanned<String>>,
    pub(super) target: Option<Spanned<toml::Value>>,
    pub(super) instrument: Option<Spanned<String>>,
    pub(super) layer: Option<String>,
    pub(super) rate_pct: Option<Spanned<f64>>,
    pub(super) change_pp: Option<Spanned<f64>>,
    pub(super) total_pct: Option<Spanned<f64>>,
    pub(super) change_pct: Option<Spanned<f64>>,
    pub(super) cap_pct: Option<Spanned<f64>>,
    pub(super) optional_sectors: Option<bool>,
    pub(super) sectors: Option<Spanned<toml::Value>>,
    pub(super) share: Option<Spanned<f64>>,
    pub(super) shares: Option<Spanned<toml::Value>>,
    pub(super) value_usd_bn: Option<Spanned<toml::Value>>,
    pub(super) exclude_value_usd_bn: Option<Spanned<toml::Value>>,
    pub(super) group: Option<Spanned<String>>,
    pub(super) value_group: Option<Spanned<String>>,
    pub(super) exclude_groups: Option<Spanned<toml::Value>>,
    pub(super) floor_pct: Option<Spanned<f64>>,
    pub(super) confidence: Option<Spanned<String>>,
    pub(super) schedule: Option<Spanned<RawSchedule>>,
    pub(super) within_sector: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSchedule {
    pub(super) side: String,
    pub(super) from: Date,
    pub(super) to: Date,
    pub(super) rate_pct: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStep {
    pub(super) name: Option<Spanned<String>>,
    pub(super) label: Option<String>,
    pub(super) note: Option<String>,
    pub(super) date: Option<Spanned<Date>>,
    pub(super) measures: Option<Vec<Spanned<String>>>,
}
