//! A scenario's `[elasticities]` applied to a dataset's baseline: the nested CES production
//! structure (σ_VA, ε, the critical nest and ε_c; docs/model-cp2015.md) and trade elasticities
//! θ by sector, each overriding the dataset's own.

use crate::error::{ErrorKind, Origin, ScenarioError};
use crate::scenario::{Elasticities, Located};
use truce_model::suggest::did_you_mean;
use truce_model::{Baseline, Production};

fn sector_of(b: &Baseline, code: &Located<String>) -> Result<usize, ScenarioError> {
    b.sector_index(&code.value).ok_or_else(|| {
        let codes: Vec<&str> = b.sectors().iter().map(|s| s.code.as_str()).collect();
        code.origin.error(
            ErrorKind::UnknownSector,
            format!(
                "[elasticities]: unknown sector `{}`{}; this dataset's sectors are: {}",
                code.value,
                did_you_mean(&code.value, codes.iter().copied()),
                codes.join(" ")
            ),
        )
    })
}

/// `b` with the elasticities `e` sets (the others kept from `b`).
///
/// # Errors
/// A [`ScenarioError`] naming the line: an unknown sector in `critical_sectors` or `theta`
/// (with a suggestion), `epsilon_c` for a dataset without a critical nest when the scenario
/// names none, or a structure the baseline cannot take (a negative input share under nested
/// CES).
///
/// # Example
/// ```
/// use truce_scenario::{apply_elasticities, Scenario};
/// let s = Scenario::from_toml_str(r#"
/// dataset = "world2024"
/// [elasticities]
/// epsilon_c = 0.2
/// critical_sectors = ["S00"]
/// theta = { S00 = 2.0 }
/// [[measure]]
/// id = "t"
/// imposing = "R00"
/// target = "R01"
/// instrument = "tariff"
/// rate_pct = 10
/// "#, "e.toml", "e").unwrap();
/// let b = truce_model::testing::random_world(1, 3, 2);
/// let b = apply_elasticities(&s.elasticities, &b).unwrap();
/// assert_eq!(b.production().epsilon_c(), Some(0.2));
/// assert_eq!(b.theta()[0], 2.0);
/// ```
pub fn apply_elasticities(e: &Elasticities, b: &Baseline) -> Result<Baseline, ScenarioError> {
    if e.is_empty() {
        return Ok(b.clone());
    }
    let mut out = b.clone();
    for (code, theta) in &e.theta {
        let j = sector_of(b, code)?;
        out = out.with_theta(j, *theta).map_err(|err| {
            code.origin.error(
                ErrorKind::OutOfRange,
                format!("[elasticities] theta: {err}"),
            )
        })?;
    }
    let old = b.production();
    let critical = match &e.critical_sectors {
        Some(list) => {
            let mut idx = Vec::new();
            for c in list {
                idx.push(sector_of(b, c)?);
            }
            Some(idx)
        }
        None => old.critical.as_ref().map(|c| c.sectors.clone()),
    };
    let epsilon_c = match (&e.epsilon_c, old.epsilon_c()) {
        (Some(x), _) => Some(x.value),
        (None, Some(x)) => Some(x),
        (None, None) => None,
    };
    let critical = match (critical, epsilon_c) {
        (Some(s), Some(x)) => Some((s, x)),
        (None, None) => None,
        (Some(_), None) => {
            let origin = e
                .critical_sectors
                .as_ref()
                .and_then(|l| l.first())
                .map(|l| l.origin.clone())
                .unwrap_or_default();
            return Err(origin.error(
                ErrorKind::MissingKey,
                "[elasticities] names critical_sectors but no epsilon_c, and the dataset has \
                 none: add epsilon_c (e.g. 0.1)",
            ));
        }
        (None, Some(x)) => {
            let origin = e
                .epsilon_c
                .as_ref()
                .map(|l| l.origin.clone())
                .unwrap_or_default();
            return Err(origin.error(
                ErrorKind::MissingKey,
                format!(
                    "[elasticities] epsilon_c = {x}, but this dataset has no critical-input nest: \
                     name its sectors with critical_sectors (e.g. [\"RARE_EARTHS\"] on \
                     world2024-ree)"
                ),
            ));
        }
    };
    let origin_of = |v: &Option<Located<f64>>| v.as_ref().map(|l| l.origin.clone());
    let p = Production::new(
        e.sigma_va.as_ref().map_or(old.sigma_va, |l| l.value),
        e.epsilon.as_ref().map_or(old.epsilon, |l| l.value),
        critical,
    )
    .map_err(|err| {
        origin_of(&e.epsilon_c)
            .or_else(|| origin_of(&e.sigma_va))
            .unwrap_or_default()
            .error(ErrorKind::OutOfRange, format!("[elasticities]: {err}"))
    })?;
    out.with_production(p).map_err(|err| {
        Origin::default().error(
            ErrorKind::NotApplicable,
            format!("[elasticities]: the dataset cannot take this production structure: {err}"),
        )
    })
}
