//! What the split writes beside the new baseline: the manifest (sources, the new sector, a
//! note, the production structure), the alternative tariff tables, and the report.

// Index loops follow the paper's notation (n, i, j, k) over several arrays at once.
#![allow(clippy::needless_range_loop)]

use super::carve::{Check, Resolved};
use super::{SplitReport, SplitSpec};
use crate::dataset::{Dataset, Manifest, ProductionMeta, SectorMeta};
use crate::error::DataError;
use std::collections::BTreeMap;
use truce_model::{Baseline, Dims};

/// The new sector's exports and absorption by region in the split baseline `nb`.
pub(super) fn exports_and_absorption(nb: &Baseline, r: usize) -> (Vec<f64>, Vec<f64>) {
    let d2 = nb.dims();
    let mut exports = vec![0.0; d2.n];
    let mut absorption = vec![0.0; d2.n];
    for n in 0..d2.n {
        for i in 0..d2.n {
            let v = nb.flows()[d2.nij(n, i, r)];
            if i != n {
                exports[i] += v;
            }
            absorption[n] += (1.0 + nb.tariff()[d2.nij(n, i, r)]) * v;
        }
    }
    (exports, absorption)
}

/// The manifest of the split dataset: the spec's sources (checked for clashes), its θ source,
/// the new sector and a note on what was carved.
pub(super) fn split_manifest(
    chk: &Check<'_>,
    ds: &Dataset,
    spec: &SplitSpec,
    resolved: &[Resolved],
    tradable: bool,
    total_exports: f64,
) -> Result<Manifest, DataError> {
    let b = chk.b;
    let m = &ds.manifest;
    let mut manifest: Manifest = m.clone();
    for s in &spec.sources {
        if manifest.sources.iter().any(|x| x.id == s.id) {
            return Err(chk.bad(
                0,
                "sources",
                s.id.clone(),
                "a source with this id is already in the dataset; use another id".into(),
            ));
        }
        manifest.sources.push(s.clone());
    }
    if let Some(src) = &spec.theta_source {
        if !manifest.sources.iter().any(|x| &x.id == src) {
            return Err(chk.bad(
                0,
                "theta_source",
                src.clone(),
                "not the id of a source of the dataset or of the spec's [[sources]]".into(),
            ));
        }
    }
    manifest.sectors.push(SectorMeta {
        code: spec.code.clone(),
        name: spec.name.clone(),
        tradable,
        theta: spec.theta,
        theta_source: spec.theta_source.clone(),
        classification: spec.classification.clone(),
    });
    let parents: Vec<&str> = resolved
        .iter()
        .map(|x| b.sectors()[x.p].code.as_str())
        .collect();
    let world_out: f64 = resolved.iter().flat_map(|x| x.output.iter()).sum();
    manifest.notes.push(format!(
        "Sector {} carved out of {} by `truce data split-sector` ({}): world output {:.6} {} {}, \
         exports {:.6}; its technology is its parents' (carved-output weighted), its tariffs the \
         carved-flow-weighted rates of its parents; totals by region are unchanged.{}",
        spec.code,
        parents.join(" and "),
        chk.file.display(),
        world_out,
        m.unit,
        m.currency,
        total_exports,
        spec.note
            .as_ref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default()
    ));
    Ok(manifest)
}

/// Production: the old structure carries over; the new sector (index `r`) may join the
/// critical nest. Sets it on `nb` and records it in `manifest`.
pub(super) fn carry_production(
    chk: &Check<'_>,
    spec: &SplitSpec,
    m: &Manifest,
    manifest: &mut Manifest,
    nb: Baseline,
    r: usize,
) -> Result<Baseline, DataError> {
    let old = chk.b.production();
    let mut prod = nb.production().clone();
    prod.sigma_va = old.sigma_va;
    prod.epsilon = old.epsilon;
    prod.critical = old.critical.clone();
    if let Some(e) = spec.epsilon_c {
        let mut crit: Vec<usize> = old
            .critical
            .as_ref()
            .map(|c| c.sectors.clone())
            .unwrap_or_default();
        crit.push(r);
        prod = truce_model::Production::new(old.sigma_va, old.epsilon, Some((crit, e)))
            .map_err(|e| chk.model_err(&spec.code, e))?;
    }
    let nb = nb
        .with_production(prod.clone())
        .map_err(|e| chk.model_err(&spec.code, e))?;
    manifest.production = if prod.is_cobb_douglas() && prod.critical.is_none() {
        m.production.clone()
    } else {
        let (sources, note) = match &m.production {
            Some(pm) => (pm.sources.clone(), pm.note.clone()),
            None => (Vec::new(), None),
        };
        Some(ProductionMeta::from_production(&nb, &prod, sources, note))
    };
    Ok(nb)
}

/// The alternative tariff tables with the new sector's rates: the carved-flow-weighted rates
/// of its parents, as for the main table.
pub(super) fn carve_alt_tariffs(
    ds: &Dataset,
    resolved: &[Resolved],
    tradable: bool,
) -> BTreeMap<String, Vec<f64>> {
    let d = ds.baseline.dims();
    let d2 = Dims { n: d.n, j: d.j + 1 };
    let r = d.j;
    let mut alt = BTreeMap::new();
    for (label, cube) in &ds.alt_tariffs {
        let mut c2 = vec![0.0; d2.cube_len()];
        for n in 0..d.n {
            for i in 0..d.n {
                for j in 0..d.j {
                    c2[d2.nij(n, i, j)] = cube[d.nij(n, i, j)];
                }
                let (mut m, mut tw) = (0.0, 0.0);
                for x in resolved {
                    let v = x.flow[n * d.n + i];
                    m += v;
                    tw += v * cube[d.nij(n, i, x.p)];
                }
                if i != n && tradable {
                    c2[d2.nij(n, i, r)] = if m > 0.0 {
                        tw / m
                    } else {
                        cube[d.nij(n, i, resolved[0].p)]
                    };
                }
            }
        }
        alt.insert(label.clone(), c2);
    }
    alt
}

/// What the split did, by region, and the new good's cost shares in the split baseline `nb`.
pub(super) fn split_report(
    b: &Baseline,
    nb: &Baseline,
    spec: &SplitSpec,
    resolved: &[Resolved],
    (exports, absorption): (&[f64], &[f64]),
    final_share: Vec<(String, f64)>,
) -> SplitReport {
    let d = b.dims();
    let d2 = nb.dims();
    let r = d.j;
    SplitReport {
        code: spec.code.clone(),
        output: (0..d.n)
            .map(|n| {
                (
                    b.regions()[n].code.clone(),
                    resolved.iter().map(|x| x.output[n]).sum(),
                )
            })
            .collect(),
        exports: (0..d.n)
            .map(|n| (b.regions()[n].code.clone(), exports[n]))
            .collect(),
        absorption: (0..d.n)
            .map(|n| (b.regions()[n].code.clone(), absorption[n]))
            .collect(),
        final_share,
        cost_shares: (0..d.n)
            .flat_map(|n| (0..d2.j).map(move |j| (n, j)))
            .filter_map(|(n, j)| {
                let g = nb.io_share()[d2.nkj(n, r, j)];
                (g > 0.0).then(|| {
                    (
                        nb.regions()[n].code.clone(),
                        nb.sectors()[j].code.clone(),
                        g,
                    )
                })
            })
            .collect(),
    }
}
