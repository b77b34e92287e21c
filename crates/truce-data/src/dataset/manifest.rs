//! `dataset.toml`: what a dataset is, where its numbers come from, and which tables it has.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format tag every manifest carries.
pub const FORMAT: &str = "truce-dataset";
/// The current format version.
pub const FORMAT_VERSION: u32 = 1;

/// [`Manifest::model`] of datasets for the Lashkaripour (2021) procedure: multi-sector CES
/// demand without input–output links, tariff revenue rebated, every counterfactual measured
/// against the trade-balanced baseline (`truce data import tariffwar` writes it).
pub const MODEL_LASHKARIPOUR2021: &str = "lashkaripour2021";

/// Units of money values, as a power of ten of the currency.
pub const UNITS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("1e10", 1e10),
];

/// A dataset's manifest (`dataset.toml`). See `docs/data-format.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always `"truce-dataset"`.
    pub format: String,
    /// Format version (1).
    pub format_version: u32,
    /// Short name, e.g. `world2024`.
    pub name: String,
    /// One-line title.
    pub title: String,
    /// What the dataset is and how it was built.
    #[serde(default)]
    pub description: String,
    /// Base year of the flows.
    pub base_year: i32,
    /// Currency of money values, e.g. `USD`.
    pub currency: String,
    /// Scale of money values: `one`, `thousand`, `million`, `billion` or `1e10`.
    pub unit: String,
    /// `true` for a stylised calibration (outputs say so and point to `truce data import`).
    #[serde(default)]
    pub stylised: bool,
    /// Every source, with citation and licence.
    pub sources: Vec<Source>,
    /// Regions in index order.
    pub regions: Vec<RegionMeta>,
    /// Sectors in index order.
    pub sectors: Vec<SectorMeta>,
    /// File names of the tables, relative to the dataset directory.
    pub tables: Tables,
    /// How sector elasticities were aggregated, if the dataset was aggregated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity_aggregation: Option<String>,
    /// The model and procedure the data are meant for, when it is not the default
    /// Caliendo–Parro engine on the data as they are: [`MODEL_LASHKARIPOUR2021`] marks the
    /// multi-sector CES model without input–output links of Lashkaripour (2021), solved from a
    /// trade-balanced baseline (the `tariffwar` / `ustariff` procedure; `docs/model-tariffwar.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The production structure (nested CES elasticities, critical-input nest); absent means
    /// Cobb–Douglas, as in Caliendo & Parro (2015).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production: Option<ProductionMeta>,
    /// Free-form notes: assumptions, treatments, caveats.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// `[production]`: the elasticities of the nested CES technology (docs/model-cp2015.md,
/// docs/critical-inputs.md). Every field but the critical nest defaults to 1 (Cobb–Douglas).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductionMeta {
    /// σ_VA: labour (value added) against the intermediate bundle.
    #[serde(default = "one")]
    pub sigma_va: f64,
    /// ε: among intermediate sectors.
    #[serde(default = "one")]
    pub epsilon: f64,
    /// Sectors of the critical-input nest (codes), combined with all other inputs at ε_c.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub critical_sectors: Vec<String>,
    /// ε_c: elasticity between the critical nest and the rest (needed with `critical_sectors`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epsilon_c: Option<f64>,
    /// Ids of the `[[sources]]` the elasticities come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// How the values were chosen (ranges in the literature, the choice made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn one() -> f64 {
    1.0
}

impl ProductionMeta {
    /// The model's production structure for baseline `b` (sector codes resolved).
    ///
    /// # Errors
    /// A message naming the field and value: an elasticity that is not finite and positive, an
    /// unknown critical sector (with the sectors listed), `epsilon_c` without
    /// `critical_sectors` or the reverse.
    pub fn resolve(&self, b: &truce_model::Baseline) -> Result<truce_model::Production, String> {
        let critical = match (self.critical_sectors.is_empty(), self.epsilon_c) {
            (true, None) => None,
            (false, Some(e)) => Some(e),
            (true, Some(e)) => {
                return Err(format!(
                    "epsilon_c = {e} but no critical_sectors: name the sectors of the critical                      nest (e.g. critical_sectors = [\"RARE_EARTHS\"]) or remove epsilon_c"
                ))
            }
            (false, None) => {
                return Err(format!(
                    "critical_sectors = {:?} needs epsilon_c, the elasticity between them and                      the other inputs (e.g. epsilon_c = 0.1)",
                    self.critical_sectors
                ))
            }
        };
        let codes: Vec<&str> = self.critical_sectors.iter().map(String::as_str).collect();
        truce_model::Production::with_codes(
            b,
            self.sigma_va,
            self.epsilon,
            critical.map(|e| (codes.as_slice(), e)),
        )
        .map_err(|e| {
            let suggestion = if e.field == "critical_sectors" {
                crate::codes::did_you_mean(&e.value, b.sectors().iter().map(|s| s.code.as_str()))
            } else {
                String::new()
            };
            format!("{} = {}{suggestion}: {}", e.field, e.value, e.problem)
        })
    }

    /// The section describing `p` on baseline `b`, citing `sources`.
    pub fn from_production(
        b: &truce_model::Baseline,
        p: &truce_model::Production,
        sources: Vec<String>,
        note: Option<String>,
    ) -> Self {
        Self {
            sigma_va: p.sigma_va,
            epsilon: p.epsilon,
            critical_sectors: p
                .critical
                .as_ref()
                .map(|c| {
                    c.sectors
                        .iter()
                        .map(|&j| b.sectors()[j].code.clone())
                        .collect()
                })
                .unwrap_or_default(),
            epsilon_c: p.epsilon_c(),
            sources,
            note,
        }
    }
}

/// A source of the data, cited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id other fields refer to (e.g. `theta_source`).
    pub id: String,
    /// Full citation.
    pub citation: String,
    /// Licence or terms of use.
    pub licence: String,
    /// Where to get it, if public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What was taken from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_for: Option<String>,
}

/// A region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionMeta {
    /// Code: ISO3 where one exists, `EU27`, `ROW`, or an aggregate code.
    pub code: String,
    /// Name.
    pub name: String,
    /// For aggregates: the member codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

/// A sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorMeta {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Whether the sector is traded.
    pub tradable: bool,
    /// Trade elasticity θ.
    pub theta: f64,
    /// Id of the source θ comes from (one of `sources`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theta_source: Option<String>,
    /// Classification it covers (e.g. ISIC Rev.3 codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
}

/// Table file names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tables {
    /// Bilateral flows by exporter × importer × sector at producer prices (domestic sales on the
    /// diagonal).
    pub trade: String,
    /// Applied import tariffs, importer × exporter × sector.
    pub tariffs: String,
    /// Export taxes, exporter × importer × sector (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_taxes: Option<String>,
    /// Input–output shares (inputs per unit of gross output).
    pub io_shares: String,
    /// Value-added shares of gross output.
    pub value_added: String,
    /// Final-demand shares.
    pub final_demand: String,
    /// Aggregate deficits (checked against the trade table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deficits: Option<String>,
    /// Alternative tariff tables by label (e.g. `"2005"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub alt_tariffs: BTreeMap<String, String>,
}

impl Tables {
    /// The conventional file names.
    pub fn standard() -> Self {
        Self {
            trade: "trade.csv".into(),
            tariffs: "tariffs.csv".into(),
            export_taxes: None,
            io_shares: "io_shares.csv".into(),
            value_added: "value_added.csv".into(),
            final_demand: "final_demand.csv".into(),
            deficits: Some("deficits.csv".into()),
            alt_tariffs: BTreeMap::new(),
        }
    }
}

impl Manifest {
    /// A manifest describing `b` with standard table names; θ are taken from the baseline and
    /// attributed to `theta_source` when given.
    #[allow(clippy::too_many_arguments)]
    pub fn for_baseline(
        b: &truce_model::Baseline,
        name: &str,
        title: &str,
        base_year: i32,
        currency: &str,
        unit: &str,
        sources: Vec<Source>,
        theta_source: Option<&str>,
    ) -> Self {
        Self {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            name: name.into(),
            title: title.into(),
            description: String::new(),
            base_year,
            currency: currency.into(),
            unit: unit.into(),
            stylised: false,
            sources,
            regions: b
                .regions()
                .iter()
                .map(|r| RegionMeta {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    members: Vec::new(),
                })
                .collect(),
            sectors: b
                .sectors()
                .iter()
                .zip(b.theta())
                .map(|(s, &theta)| SectorMeta {
                    code: s.code.clone(),
                    name: s.name.clone(),
                    tradable: s.tradable,
                    theta,
                    theta_source: theta_source.map(str::to_string),
                    classification: None,
                })
                .collect(),
            tables: Tables::standard(),
            elasticity_aggregation: None,
            model: None,
            production: None,
            notes: Vec::new(),
        }
    }
}
