//! Aggregation of a dataset to coarser regions and sectors.
//!
//! Maps are CSV files `code,group[,group_name]`: every code of the dataset appears once; groups
//! are numbered in order of first appearance. Aggregation sums flows and values and recomputes
//! shares from the sums, so that every accounting identity of the source survives:
//!
//! * cross-group flows Mᴶ_{NI} = Σ Mʲₙᵢ (border values); a group's domestic sales are its
//!   members' sales to each other **valued at what buyers paid** (Σ (1+τ)Mʲₙᵢ): tariffs and
//!   export taxes between members of a group become part of the group's output and of its
//!   value added (the revenue stays in the group, and the model has no tax on own sales);
//! * tariffs Tᴶ_{NI} = Σ τM / Σ M (weighted by the flows they apply to) and export taxes
//!   Σ t·P / Σ P (weighted by producer values P = M/(1+t)), a simple mean of the member cells
//!   where the group pair has no flow;
//! * intermediate use values Σ γⁿ_{k,j}Yʲₙ, value added Σ γʲₙYʲₙ (plus intra-group taxes) and
//!   gross output are summed; input and value-added shares are those sums over gross output
//!   (simple means of the members' shares where a group has no output);
//! * final demand values Σ αʲₙIₙ are summed; shares are their ratio to Σ Iₙ;
//! * θᴶ = Σⱼ θʲ wʲ / Σⱼ wʲ with wʲ the world's cross-border trade in sector j (border values;
//!   simple mean where the group has none), recorded in the manifest's
//!   `elasticity_aggregation`.
//!
//! With identity maps the result equals the source up to rounding of the last bits.

// Index loops follow the notation of the equations (n, i, j, s, k), as in truce-model.
#![allow(clippy::needless_range_loop)]

use crate::dataset::{Dataset, Manifest, RegionMeta, SectorMeta, Tables};
use crate::error::{DataError, DataErrorKind};
use crate::tidy::{Codes, Tidy};
use std::collections::BTreeMap;
use std::path::Path;
use truce_model::{Baseline, BaselineInputs, Dims, Region, Sector};

/// The rule recorded in `elasticity_aggregation`.
pub const ELASTICITY_RULE: &str = "θ of each sector group is the mean of its members' θ weighted \
     by their world cross-border trade at border values in the source dataset (simple mean where \
     the group has no cross-border trade)";

/// A grouping of codes.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMap {
    /// Group codes, in order.
    pub codes: Vec<String>,
    /// Group names (from the map's `group_name` column, if given).
    pub names: Vec<Option<String>>,
    /// For each source code (in the dataset's order), its group's index.
    pub group_of: Vec<usize>,
}

impl GroupMap {
    /// Every code its own group.
    pub fn identity(codes: &[&str]) -> Self {
        Self {
            codes: codes.iter().map(|c| c.to_string()).collect(),
            names: vec![None; codes.len()],
            group_of: (0..codes.len()).collect(),
        }
    }

    /// Members (source indices) of group `g`, in source order.
    pub fn members(&self, g: usize) -> Vec<usize> {
        (0..self.group_of.len())
            .filter(|&k| self.group_of[k] == g)
            .collect()
    }

    /// Read a map `code,group[,group_name]` for the `what` codes (`"region"` or `"sector"`)
    /// listed in `codes`.
    ///
    /// # Errors
    /// Unreadable file; wrong header; a code the dataset lacks (with a suggestion); a code
    /// mapped twice; a code of the dataset left out; an empty group code; two different names
    /// for one group.
    pub fn read(path: &Path, what: &'static str, codes: &[&str]) -> Result<Self, DataError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
        Self::parse(path, &text, what, codes)
    }

    /// As [`GroupMap::read`], from text.
    ///
    /// # Errors
    /// As [`GroupMap::read`].
    pub fn parse(
        path: &Path,
        text: &str,
        what: &'static str,
        codes: &[&str],
    ) -> Result<Self, DataError> {
        let tab = Tidy::open(path, text, &["code", "group"], &["group_name"], &[])?;
        let cc = Codes::new(what, codes.iter().copied());
        let mut line = vec![0usize; codes.len()];
        let mut group_of = vec![usize::MAX; codes.len()];
        let mut groups: Vec<String> = Vec::new();
        let mut names: Vec<Option<String>> = Vec::new();
        for row in tab.rows() {
            let k = row.code("code", &cc)?;
            if line[k] != 0 {
                return Err(row.bad(
                    "code",
                    codes[k],
                    format!("mapped twice (also on line {})", line[k]),
                ));
            }
            line[k] = row.line;
            let g = row.text("group").to_string();
            if g.is_empty() {
                return Err(row.bad("group", "(empty)", "every code needs a group code"));
            }
            let gi = match groups.iter().position(|x| *x == g) {
                Some(gi) => gi,
                None => {
                    groups.push(g.clone());
                    names.push(None);
                    groups.len() - 1
                }
            };
            if tab.has("group_name") {
                let n = row.text("group_name");
                if !n.is_empty() {
                    match &names[gi] {
                        Some(prev) if prev != n => {
                            return Err(row.bad(
                                "group_name",
                                n,
                                format!("group {g} was already named `{prev}`"),
                            ))
                        }
                        _ => names[gi] = Some(n.to_string()),
                    }
                }
            }
            group_of[k] = gi;
        }
        if let Some(k) = group_of.iter().position(|&g| g == usize::MAX) {
            return Err(DataError::bad_value(
                path,
                0,
                "code",
                codes[k],
                format!(
                    "{what} {} of the dataset is not in the map; every code must be mapped (map \
                     it to itself to keep it)",
                    codes[k]
                ),
            ));
        }
        Ok(Self {
            codes: groups,
            names,
            group_of,
        })
    }
}

/// Aggregate `ds` to the region and sector groups of the maps. `name` names the new dataset
/// (default: the source's name with `-agg`).
///
/// # Errors
/// If a map does not fit the dataset (wrong length), a region group has non-positive final
/// absorption, or the aggregated baseline fails validation.
pub fn aggregate(
    ds: &Dataset,
    regions: &GroupMap,
    sectors: &GroupMap,
    name: Option<&str>,
) -> Result<Dataset, DataError> {
    let here = Path::new("(aggregation)");
    let b = &ds.baseline;
    let d = b.dims();
    if regions.group_of.len() != d.n || sectors.group_of.len() != d.j {
        return Err(DataError::file(
            here,
            DataErrorKind::Shape {
                expected: format!("maps of {} regions and {} sectors", d.n, d.j),
                found: format!("{} and {}", regions.group_of.len(), sectors.group_of.len()),
            },
        ));
    }
    let g = Dims {
        n: regions.codes.len(),
        j: sectors.codes.len(),
    };
    let rg = &regions.group_of;
    let sg = &sectors.group_of;

    // Sector groups: tradable if any member is.
    let tradable: Vec<bool> = (0..g.j)
        .map(|jj| (0..d.j).any(|j| sg[j] == jj && b.sectors()[j].tradable))
        .collect();

    // Flows, tariff and export-tax numerators, intra-group taxes.
    let mut m = vec![0.0; g.cube_len()];
    let mut tau_num = vec![0.0; g.cube_len()];
    let mut tau_sum = vec![0.0; g.cube_len()];
    let mut et_num = vec![0.0; g.cube_len()];
    let mut prod = vec![0.0; g.cube_len()];
    let mut et_sum = vec![0.0; g.cube_len()];
    let mut cells = vec![0usize; g.cube_len()];
    let mut intra_tax = vec![0.0; g.nj_len()];
    let mut world_trade = vec![0.0; d.j];
    for j in 0..d.j {
        for n in 0..d.n {
            for i in 0..d.n {
                let c = d.nij(n, i, j);
                let (flow, tau, t) = (b.flows()[c], b.tariff()[c], b.export_tax()[c]);
                let p = flow / (1.0 + t);
                if i != n {
                    world_trade[j] += flow;
                }
                let (nn, ii, jj) = (rg[n], rg[i], sg[j]);
                let cc = g.nij(nn, ii, jj);
                if nn == ii {
                    m[cc] += (1.0 + tau) * flow;
                    intra_tax[g.nj(ii, jj)] += tau * flow + t * p;
                } else {
                    m[cc] += flow;
                    tau_num[cc] += tau * flow;
                    et_num[cc] += t * p;
                    prod[cc] += p;
                    tau_sum[cc] += tau;
                    et_sum[cc] += t;
                    cells[cc] += 1;
                }
            }
        }
    }
    let rate = |num: f64, den: f64, sum: f64, k: usize| {
        if den > 0.0 {
            num / den
        } else if k > 0 {
            sum / k as f64
        } else {
            0.0
        }
    };
    let mut tariff = vec![0.0; g.cube_len()];
    let mut export_tax = vec![0.0; g.cube_len()];
    for c in 0..g.cube_len() {
        tariff[c] = rate(tau_num[c], m[c], tau_sum[c], cells[c]);
        export_tax[c] = rate(et_num[c], prod[c], et_sum[c], cells[c]);
    }
    // Border value after the aggregated export tax equals the summed border values:
    // Σ P (1 + Σ tP / Σ P) = Σ P + Σ tP = Σ M. Domestic cells carry no tax.

    // Output, value added and intermediate use values.
    let mut y = vec![0.0; g.nj_len()];
    let mut va = vec![0.0; g.nj_len()];
    let mut used = vec![0.0; g.io_len()];
    let mut va_mean = vec![0.0; g.nj_len()];
    let mut io_mean = vec![0.0; g.io_len()];
    let mut members = vec![0usize; g.nj_len()];
    for n in 0..d.n {
        for j in 0..d.j {
            let (nn, jj) = (rg[n], sg[j]);
            let yv = b.gross_output()[d.nj(n, j)];
            let gamma = b.va_share()[d.nj(n, j)];
            y[g.nj(nn, jj)] += yv;
            va[g.nj(nn, jj)] += gamma * yv;
            va_mean[g.nj(nn, jj)] += gamma;
            members[g.nj(nn, jj)] += 1;
            for k in 0..d.j {
                let s = b.io_share()[d.nkj(n, k, j)];
                used[g.nkj(nn, sg[k], jj)] += s * yv;
                io_mean[g.nkj(nn, sg[k], jj)] += s;
            }
        }
    }
    let mut va_share = vec![0.0; g.nj_len()];
    let mut io_share = vec![0.0; g.io_len()];
    for nn in 0..g.n {
        for jj in 0..g.j {
            let c = g.nj(nn, jj);
            let out = y[c] + intra_tax[c];
            if out > 0.0 {
                va_share[c] = (va[c] + intra_tax[c]) / out;
                for kk in 0..g.j {
                    io_share[g.nkj(nn, kk, jj)] = used[g.nkj(nn, kk, jj)] / out;
                }
            } else {
                let k = members[c] as f64;
                va_share[c] = va_mean[c] / k;
                for kk in 0..g.j {
                    io_share[g.nkj(nn, kk, jj)] = io_mean[g.nkj(nn, kk, jj)] / k;
                }
            }
        }
    }

    // Final demand values and absorption.
    let mut fd = vec![0.0; g.nj_len()];
    let mut income = vec![0.0; g.n];
    for n in 0..d.n {
        let inc = b.income(n);
        income[rg[n]] += inc;
        for j in 0..d.j {
            fd[g.nj(rg[n], sg[j])] += b.alpha()[d.nj(n, j)] * inc;
        }
    }
    let mut alpha = vec![0.0; g.nj_len()];
    for nn in 0..g.n {
        if income[nn].is_nan() || income[nn] <= 0.0 {
            return Err(DataError::file(
                here,
                DataErrorKind::BadValue {
                    value: regions.codes[nn].clone(),
                    problem: format!(
                        "the region group has final absorption {} ≤ 0 (value added + tariff \
                         revenue + deficit); group it with other regions",
                        income[nn]
                    ),
                },
            ));
        }
        for jj in 0..g.j {
            alpha[g.nj(nn, jj)] = fd[g.nj(nn, jj)] / income[nn];
        }
    }

    // θ, trade-weighted.
    let mut theta = vec![0.0; g.j];
    for (jj, th) in theta.iter_mut().enumerate() {
        let mem: Vec<usize> = sectors.members(jj);
        let w: f64 = mem.iter().map(|&j| world_trade[j]).sum();
        *th = if mem.len() == 1 {
            b.theta()[mem[0]]
        } else if w > 0.0 {
            mem.iter()
                .map(|&j| b.theta()[j] * world_trade[j])
                .sum::<f64>()
                / w
        } else {
            mem.iter().map(|&j| b.theta()[j]).sum::<f64>() / mem.len() as f64
        };
    }

    // Names and metadata.
    let m_src = &ds.manifest;
    let region_meta: Vec<RegionMeta> = (0..g.n)
        .map(|nn| {
            let mem = regions.members(nn);
            if mem.len() == 1 && m_src.regions[mem[0]].code == regions.codes[nn] {
                let mut r = m_src.regions[mem[0]].clone();
                if let Some(name) = &regions.names[nn] {
                    r.name = name.clone();
                }
                return r;
            }
            let codes: Vec<String> = mem
                .iter()
                .flat_map(|&k| {
                    let r = &m_src.regions[k];
                    if r.members.is_empty() {
                        vec![r.code.clone()]
                    } else {
                        r.members.clone()
                    }
                })
                .collect();
            let name = regions.names[nn].clone().unwrap_or_else(|| {
                if mem.len() == 1 {
                    m_src.regions[mem[0]].name.clone()
                } else {
                    format!(
                        "{} ({})",
                        regions.codes[nn],
                        mem.iter()
                            .map(|&k| m_src.regions[k].code.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            });
            RegionMeta {
                code: regions.codes[nn].clone(),
                name,
                members: codes,
            }
        })
        .collect();
    let sector_meta: Vec<SectorMeta> = (0..g.j)
        .map(|jj| {
            let mem = sectors.members(jj);
            let src: Vec<&SectorMeta> = mem.iter().map(|&k| &m_src.sectors[k]).collect();
            let same_source = src.iter().all(|s| s.theta_source == src[0].theta_source);
            let name = sectors.names[jj].clone().unwrap_or_else(|| {
                if mem.len() == 1 {
                    src[0].name.clone()
                } else {
                    src.iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                }
            });
            let class: Vec<&str> = src
                .iter()
                .filter_map(|s| s.classification.as_deref())
                .collect();
            SectorMeta {
                code: sectors.codes[jj].clone(),
                name,
                tradable: tradable[jj],
                theta: theta[jj],
                theta_source: if same_source {
                    src[0].theta_source.clone()
                } else {
                    None
                },
                classification: if class.is_empty() {
                    None
                } else {
                    Some(class.join("; "))
                },
            }
        })
        .collect();

    let inputs = BaselineInputs {
        regions: region_meta
            .iter()
            .map(|r| Region {
                code: r.code.clone(),
                name: r.name.clone(),
            })
            .collect(),
        sectors: sector_meta
            .iter()
            .map(|s| Sector {
                code: s.code.clone(),
                name: s.name.clone(),
                tradable: s.tradable,
            })
            .collect(),
        theta,
        flows: m,
        tariff,
        export_tax,
        va_share,
        io_share,
        alpha,
    };
    let baseline =
        Baseline::new(inputs).map_err(|e| DataError::file(here, DataErrorKind::Model(e)))?;

    // Alternative tariff tables, weighted by base flows; intra-group cells are dropped.
    let mut alt_tariffs = BTreeMap::new();
    for (label, cube) in &ds.alt_tariffs {
        let mut num = vec![0.0; g.cube_len()];
        let mut sum = vec![0.0; g.cube_len()];
        let mut den = vec![0.0; g.cube_len()];
        for j in 0..d.j {
            for n in 0..d.n {
                for i in 0..d.n {
                    let (nn, ii) = (rg[n], rg[i]);
                    if nn == ii {
                        continue;
                    }
                    let c = d.nij(n, i, j);
                    let cc = g.nij(nn, ii, sg[j]);
                    num[cc] += cube[c] * b.flows()[c];
                    den[cc] += b.flows()[c];
                    sum[cc] += cube[c];
                }
            }
        }
        let agg: Vec<f64> = (0..g.cube_len())
            .map(|c| rate(num[c], den[c], sum[c], cells[c]))
            .collect();
        alt_tariffs.insert(label.clone(), agg);
    }

    let has_export_tax = baseline.export_tax().iter().any(|&t| t != 0.0);
    let mut notes = m_src.notes.clone();
    notes.push(format!(
        "Aggregated by `truce data aggregate` from {} ({} regions × {} sectors) to {} regions × {} \
         sectors: flows, intermediate use values, value added and final demand values summed and \
         shares recomputed; tariffs weighted by the flows they apply to, export taxes by producer \
         values; tariffs and export taxes between members of a region group are part of the \
         group's domestic sales and value added (docs/data-format.md, \"Aggregation\").",
        m_src.name, d.n, d.j, g.n, g.j
    ));
    if !ds.alt_tariffs.is_empty() {
        notes.push(
            "Alternative tariff tables aggregated with the base flows as weights; tariffs between \
             members of a region group cannot be represented and are dropped."
                .into(),
        );
    }
    // The production structure survives aggregation when its critical sectors do (the same
    // elasticities on aggregated shares: an approximation, said in the notes).
    let production = match &m_src.production {
        Some(pm)
            if pm
                .critical_sectors
                .iter()
                .all(|c| sector_meta.iter().any(|s| &s.code == c)) =>
        {
            if pm.sigma_va != 1.0 || pm.epsilon != 1.0 || pm.epsilon_c.is_some() {
                notes.push(
                    "The source's nested CES elasticities are kept and applied to the aggregated \
                     cost shares (exact only for Cobb–Douglas nests)."
                        .into(),
                );
            }
            Some(pm.clone())
        }
        Some(pm) => {
            notes.push(format!(
                "The source's critical-input nest ({}) was merged away by the sector map, so the \
                 aggregate has Cobb–Douglas production; keep those sectors separate to keep it.",
                pm.critical_sectors.join(", ")
            ));
            None
        }
        None => None,
    };
    let manifest = Manifest {
        name: name
            .map(str::to_string)
            .unwrap_or_else(|| format!("{}-agg", m_src.name)),
        title: format!(
            "{} — aggregated to {} regions × {} sectors",
            m_src.title, g.n, g.j
        ),
        description: format!("Aggregation of `{}`. {}", m_src.name, m_src.description)
            .trim()
            .to_string(),
        regions: region_meta,
        sectors: sector_meta,
        tables: Tables {
            export_taxes: if has_export_tax || m_src.tables.export_taxes.is_some() {
                Some("export_taxes.csv".into())
            } else {
                None
            },
            alt_tariffs: m_src.tables.alt_tariffs.clone(),
            ..Tables::standard()
        },
        elasticity_aggregation: Some(match &m_src.elasticity_aggregation {
            Some(prev) => format!("{prev}; then: {ELASTICITY_RULE}"),
            None => ELASTICITY_RULE.into(),
        }),
        notes,
        production,
        ..m_src.clone()
    };
    Dataset::new(manifest, baseline, alt_tariffs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_model::testing::random_world;

    fn dataset(b: Baseline) -> Dataset {
        Dataset::new(crate::dataset::tests::manifest(&b), b, BTreeMap::new()).unwrap()
    }

    fn close(a: &[f64], b: &[f64], what: &str) {
        assert_eq!(a.len(), b.len());
        for (k, (x, y)) in a.iter().zip(b).enumerate() {
            assert!(
                (x - y).abs() <= 1e-12 * x.abs().max(y.abs()).max(1.0),
                "{what}[{k}]: {x} vs {y}"
            );
        }
    }

    #[test]
    fn identity_maps_reproduce_the_dataset() {
        for seed in 0..4 {
            let ds = dataset(random_world(seed, 4, 3));
            let b = &ds.baseline;
            let rc: Vec<&str> = b.regions().iter().map(|r| r.code.as_str()).collect();
            let sc: Vec<&str> = b.sectors().iter().map(|s| s.code.as_str()).collect();
            let agg = aggregate(
                &ds,
                &GroupMap::identity(&rc),
                &GroupMap::identity(&sc),
                None,
            )
            .unwrap();
            let a = &agg.baseline;
            assert_eq!(a.regions(), b.regions());
            assert_eq!(a.sectors(), b.sectors());
            assert_eq!(a.theta(), b.theta());
            assert_eq!(agg.manifest.regions, ds.manifest.regions);
            assert_eq!(agg.manifest.sectors, ds.manifest.sectors);
            close(a.flows(), b.flows(), "flows");
            close(a.tariff(), b.tariff(), "tariff");
            close(a.va_share(), b.va_share(), "va_share");
            close(a.io_share(), b.io_share(), "io_share");
            close(a.alpha(), b.alpha(), "alpha");
        }
    }

    #[test]
    fn aggregation_keeps_world_totals_and_absorption() {
        let ds = dataset(random_world(7, 5, 4));
        let b = &ds.baseline;
        let rc: Vec<&str> = b.regions().iter().map(|r| r.code.as_str()).collect();
        let sc: Vec<&str> = b.sectors().iter().map(|s| s.code.as_str()).collect();
        let rmap = format!(
            "code,group\n{},A\n{},A\n{},B\n{},B\n{},C\n",
            rc[0], rc[1], rc[2], rc[3], rc[4]
        );
        let smap = format!(
            "code,group\n{},X\n{},X\n{},Y\n{},Y\n",
            sc[0], sc[1], sc[2], sc[3]
        );
        let rm = GroupMap::parse(Path::new("r.csv"), &rmap, "region", &rc).unwrap();
        let sm = GroupMap::parse(Path::new("s.csv"), &smap, "sector", &sc).unwrap();
        let agg = aggregate(&ds, &rm, &sm, Some("agg")).unwrap();
        let a = &agg.baseline;
        let world_income = |b: &Baseline| (0..b.dims().n).map(|n| b.income(n)).sum::<f64>();
        let rel = |x: f64, y: f64| (x - y).abs() / y.abs();
        assert!(rel(world_income(a), world_income(b)) < 1e-12);
        // Absorption of group A = sum of its members'.
        assert!(rel(a.income(0), b.income(0) + b.income(1)) < 1e-12);
        // Deficits add up.
        assert!((a.deficit()[1] - (b.deficit()[2] + b.deficit()[3])).abs() < 1e-9);
        // Cross-border tariff revenue plus intra-group taxes moved into value added.
        let rev = |b: &Baseline| b.tariff_revenue().iter().sum::<f64>();
        let va = |b: &Baseline| b.world_value_added();
        assert!(rel(rev(a) + va(a), rev(b) + va(b)) < 1e-12);
        assert!(agg.manifest.elasticity_aggregation.is_some());
        assert_eq!(agg.manifest.regions[0].members, vec![rc[0], rc[1]]);
    }

    #[test]
    fn an_equilibrium_aggregates_to_an_equilibrium() {
        // random_world is an exact equilibrium with tariffs: grouping regions turns some of
        // those tariffs into intra-group taxes, which must stay in the group's income.
        let ds = dataset(random_world(11, 5, 4));
        let b = &ds.baseline;
        let rc: Vec<&str> = b.regions().iter().map(|r| r.code.as_str()).collect();
        let sc: Vec<&str> = b.sectors().iter().map(|s| s.code.as_str()).collect();
        let rmap = format!(
            "code,group\n{},A\n{},B\n{},A\n{},C\n{},B\n",
            rc[0], rc[1], rc[2], rc[3], rc[4]
        );
        let smap = format!(
            "code,group\n{},X\n{},Y\n{},X\n{},Y\n",
            sc[0], sc[1], sc[2], sc[3]
        );
        let rm = GroupMap::parse(Path::new("r.csv"), &rmap, "region", &rc).unwrap();
        let sm = GroupMap::parse(Path::new("s.csv"), &smap, "sector", &sc).unwrap();
        let agg = aggregate(&ds, &rm, &sm, None).unwrap();
        for id in crate::inspect::identities(&agg.baseline) {
            assert!(id.max_gap < 1e-10, "{id:?}");
        }
        let e = crate::inspect::base_solve(&agg.baseline);
        assert!(
            e.converged && e.max_abs_wage_change.unwrap() < 1e-9,
            "{e:?}"
        );
        // Round trip through files.
        let dir = tempfile::tempdir().unwrap();
        crate::write_dataset(&agg, dir.path()).unwrap();
        assert_eq!(crate::read_dataset(dir.path()).unwrap(), agg);
    }

    proptest::proptest! {
        #![proptest_config(truce_testkit::seeded(24))]
        /// Any grouping of a consistent world is consistent: identities hold, the base solve
        /// returns ŵ = 1, and world absorption is unchanged.
        #[test]
        fn any_grouping_keeps_the_equilibrium(
            seed in 0u64..1000,
            n in 2usize..6,
            j in 1usize..4,
            rgroups in proptest::collection::vec(0usize..3, 6),
            sgroups in proptest::collection::vec(0usize..2, 4),
        ) {
            let ds = dataset(random_world(seed, n, j));
            let b = &ds.baseline;
            let rc: Vec<&str> = b.regions().iter().map(|r| r.code.as_str()).collect();
            let sc: Vec<&str> = b.sectors().iter().map(|s| s.code.as_str()).collect();
            let mut rmap = String::from("code,group\n");
            for (k, c) in rc.iter().enumerate() {
                rmap.push_str(&format!("{c},G{}\n", rgroups[k]));
            }
            let mut smap = String::from("code,group\n");
            for (k, c) in sc.iter().enumerate() {
                smap.push_str(&format!("{c},H{}\n", sgroups[k]));
            }
            let rm = GroupMap::parse(Path::new("r.csv"), &rmap, "region", &rc).unwrap();
            let sm = GroupMap::parse(Path::new("s.csv"), &smap, "sector", &sc).unwrap();
            let agg = aggregate(&ds, &rm, &sm, None).unwrap();
            let a = &agg.baseline;
            for id in crate::inspect::identities(a) {
                proptest::prop_assert!(id.max_gap < 1e-9, "{:?}", id);
            }
            let e = crate::inspect::base_solve(a);
            proptest::prop_assert!(e.converged && e.max_abs_wage_change.unwrap() < 1e-8, "{:?}", e);
            let absorb = |b: &Baseline| (0..b.dims().n).map(|n| b.income(n)).sum::<f64>();
            proptest::prop_assert!((absorb(a) - absorb(b)).abs() < 1e-10 * absorb(b));
            // θ of a group lies between its members' extremes.
            for (jj, th) in a.theta().iter().enumerate() {
                let m = sm.members(jj);
                let lo = m.iter().map(|&k| b.theta()[k]).fold(f64::INFINITY, f64::min);
                let hi = m.iter().map(|&k| b.theta()[k]).fold(0.0, f64::max);
                proptest::prop_assert!(*th >= lo - 1e-12 && *th <= hi + 1e-12);
            }
        }
    }

    #[test]
    fn map_errors_are_named() {
        let codes = ["USA", "CHN", "MEX"];
        let p = Path::new("map.csv");
        let e = GroupMap::parse(p, "code,group\nUSA,NA\nCHA,AS\nMEX,NA\n", "region", &codes)
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `CHN`"), "{e}");
        let e = GroupMap::parse(p, "code,group\nUSA,NA\nMEX,NA\n", "region", &codes)
            .unwrap_err()
            .to_string();
        assert!(e.contains("CHN") && e.contains("not in the map"), "{e}");
        let e = GroupMap::parse(
            p,
            "code,group\nUSA,NA\nUSA,NB\nCHN,A\nMEX,NA\n",
            "region",
            &codes,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("mapped twice"), "{e}");
    }
}
