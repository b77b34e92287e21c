//! The manifest's own checks, before any table is read: format tag and version, unit,
//! currency, base year, unique codes, θ and its source, the tables it names.

use super::{unit_scale, Manifest, FORMAT, FORMAT_VERSION, UNITS};
use crate::codes::did_you_mean;
use crate::error::DataError;
use std::path::Path;

pub(super) fn validate_manifest(m: &Manifest, path: &Path, text: &str) -> Result<(), DataError> {
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|k| k + 1)
            .unwrap_or(0)
    };
    let bad = |needle: &str, field: &str, value: &str, problem: String| {
        DataError::bad_value(path, line_of(needle), field, value, problem)
    };
    if m.format != FORMAT {
        return Err(bad(
            "format",
            "format",
            &m.format,
            format!("must be \"{FORMAT}\""),
        ));
    }
    if m.format_version != FORMAT_VERSION {
        return Err(bad(
            "format_version",
            "format_version",
            &m.format_version.to_string(),
            format!("this truce reads format version {FORMAT_VERSION}"),
        ));
    }
    if unit_scale(&m.unit).is_none() {
        return Err(bad(
            "unit",
            "unit",
            &m.unit,
            format!(
                "unknown unit{}; use one of {}",
                did_you_mean(&m.unit, UNITS.iter().map(|(u, _)| *u)),
                UNITS.iter().map(|(u, _)| *u).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    if m.sources.is_empty() {
        return Err(bad(
            "[[sources]]",
            "sources",
            "(none)",
            "every dataset must cite at least one source ([[sources]] with id, citation, licence)"
                .into(),
        ));
    }
    for s in &m.sources {
        if s.citation.trim().is_empty() || s.licence.trim().is_empty() {
            return Err(bad(
                &s.id,
                "sources",
                &s.id,
                "a source needs a non-empty citation and licence".into(),
            ));
        }
    }
    let mut codes: Vec<&str> = Vec::new();
    for r in &m.regions {
        if r.code.is_empty() || codes.contains(&r.code.as_str()) {
            return Err(bad(
                &format!("\"{}\"", r.code),
                "regions.code",
                &r.code,
                "region codes must be non-empty and unique".into(),
            ));
        }
        codes.push(&r.code);
    }
    let mut scodes: Vec<&str> = Vec::new();
    let ids: Vec<&str> = m.sources.iter().map(|s| s.id.as_str()).collect();
    for s in &m.sectors {
        if s.code.is_empty() || scodes.contains(&s.code.as_str()) {
            return Err(bad(
                &format!("\"{}\"", s.code),
                "sectors.code",
                &s.code,
                "sector codes must be non-empty and unique".into(),
            ));
        }
        scodes.push(&s.code);
        if !(s.theta.is_finite() && s.theta > 0.0) {
            return Err(bad(
                &format!("\"{}\"", s.code),
                "sectors.theta",
                &s.theta.to_string(),
                format!("trade elasticity of sector {} must be positive", s.code),
            ));
        }
        if let Some(src) = &s.theta_source {
            if !ids.contains(&src.as_str()) {
                return Err(bad(
                    src,
                    "sectors.theta_source",
                    src,
                    format!(
                        "not one of the [[sources]] ids{}",
                        did_you_mean(src, ids.iter().copied())
                    ),
                ));
            }
        }
    }
    if let Some(pm) = &m.production {
        for src in &pm.sources {
            if !ids.contains(&src.as_str()) {
                return Err(bad(
                    src,
                    "production.sources",
                    src,
                    format!(
                        "not one of the [[sources]] ids{}",
                        did_you_mean(src, ids.iter().copied())
                    ),
                ));
            }
        }
    }
    if m.regions.is_empty() || m.sectors.is_empty() {
        return Err(bad(
            "[[regions]]",
            "regions/sectors",
            "(none)",
            "a dataset needs at least one region and one sector".into(),
        ));
    }
    Ok(())
}
