//! Carving a small sector out of one or more aggregate sectors (`truce data split-sector`): a
//! rare-earth sector out of MINING (compounds, metals) and ELECTRICAL (magnets), for example.
//!
//! # What is carved
//! For each parent sector p, from cited figures:
//! * **output**: the share of each region's output of p that is the new good;
//! * **flows**: the share of each bilateral flow of p (exporter → importer) that is the new good;
//!   a region's domestic sales of it are its carved output less its carved exports;
//! * **uses**: the share of each buyer's purchases of p (region × using sector) that is the new
//!   good; the rest of a region's absorption of the new good is final demand.
//!
//! # Why the result is still an equilibrium
//! The new sector r gets, in each region, the technology of the goods it was carved from: its
//! input column is the carved-output-weighted mix of the parents' columns (after the split) and
//! likewise its value-added share. Then, with Y'_p = Y_p − Y^c_p and Y'_r = Σ_p Y^c_p, every
//! row k of CP2015 eq. (13) keeps its intermediate demand
//! (Σ_q γ_{k,q} Y^c_q = γ_{k,r} Y'_r), the parents' rows lose exactly the carved uses C_p and the
//! new row gains Σ_p C_p; final demand moves from the parents to r by the carved absorption
//! less the carved uses. Tariffs on r are the carved-flow-weighted rates of the parents, so
//! tariff revenue, value added, gross output by region and deficits are unchanged. A dataset
//! that was an exact equilibrium stays one: a zero shock returns ŵ = 1 (tested), and with the
//! parent's θ for the new sector and Cobb–Douglas production every aggregate result of a shock
//! that treats the two alike is unchanged (tested).

// Index loops follow the paper's notation (n, i, j, k) over several arrays at once.
#![allow(clippy::needless_range_loop)]

use crate::codes::did_you_mean;
use crate::dataset::{Dataset, Manifest, ProductionMeta, SectorMeta, Source};
use crate::error::{DataError, DataErrorKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;
use truce_model::{Baseline, BaselineInputs, Dims, Sector};

/// What to carve, and from where.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitSpec {
    /// Code of the new sector, e.g. `RARE_EARTHS`.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its trade elasticity θ.
    pub theta: f64,
    /// Id of the source of θ (one of the dataset's or of `sources`).
    pub theta_source: Option<String>,
    /// Classification it covers (e.g. `HS 2805.30, 2846, 8505.11`).
    pub classification: Option<String>,
    /// Sources to add to the manifest (the cited figures the shares come from).
    pub sources: Vec<Source>,
    /// A note for the manifest (how the shares were derived).
    pub note: Option<String>,
    /// When set, the new sector joins the critical-input nest with this ε_c.
    pub epsilon_c: Option<f64>,
    /// One carve per parent sector.
    pub carves: Vec<Carve>,
    /// Where the spec came from (file and line per value), for messages.
    pub origin: Origin,
}

/// Where a spec value was written: a file and, per value, a line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Origin {
    /// The spec file (or a label for specs built in code).
    pub file: PathBuf,
}

/// A share with the line it was written on (0: built in code).
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// The value, in (0, 1).
    pub value: f64,
    /// 1-based line in the spec file, 0 if unknown.
    pub line: usize,
}

impl Share {
    /// A share built in code.
    pub fn new(value: f64) -> Self {
        Self { value, line: 0 }
    }
}

/// What is carved out of one parent sector.
#[derive(Debug, Clone, PartialEq)]
pub struct Carve {
    /// The parent sector's code.
    pub parent: String,
    /// Region code → share of its output of the parent.
    pub output: Vec<(String, Share)>,
    /// (exporter, importer) → share of that flow of the parent (cross-border flows only).
    pub flows: Vec<(String, String, Share)>,
    /// (buyer region or `ALL`, using sector) → share of its purchases of the parent.
    pub uses: Vec<(String, String, Share)>,
}

/// What the split did, in the dataset's money units.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SplitReport {
    /// The new sector's code.
    pub code: String,
    /// Output of the new good by region.
    pub output: Vec<(String, f64)>,
    /// Exports of the new good by region (border values).
    pub exports: Vec<(String, f64)>,
    /// Absorption of the new good by region (gross of tariffs).
    pub absorption: Vec<(String, f64)>,
    /// Share of each region's absorption that is final demand (the rest: the listed uses).
    pub final_share: Vec<(String, f64)>,
    /// Base cost share of the new good in each region × using sector with a positive share.
    pub cost_shares: Vec<(String, String, f64)>,
}

// ---------------------------------------------------------------------------------------------
// The spec file (TOML).
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    code: String,
    name: String,
    theta: Spanned<f64>,
    theta_source: Option<String>,
    classification: Option<String>,
    note: Option<String>,
    epsilon_c: Option<Spanned<f64>>,
    #[serde(default)]
    sources: Vec<Source>,
    carve: Vec<RawCarve>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCarve {
    parent: String,
    #[serde(default)]
    output: BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    flow: Vec<RawFlow>,
    #[serde(default, rename = "use")]
    uses: Vec<RawUse>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlow {
    exporter: String,
    importer: String,
    share: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUse {
    region: String,
    sector: String,
    share: Spanned<f64>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].lines().count().max(1)
}

impl SplitSpec {
    /// Read a spec file (format: docs/data-format.md, "split-sector").
    ///
    /// # Errors
    /// A [`DataError`] naming the file and line: unreadable file, invalid TOML, unknown keys.
    /// Values are checked against the dataset by [`split_sector`].
    pub fn load(path: &Path) -> Result<Self, DataError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
        Self::parse(path, &text)
    }

    /// Parse spec text; `path` names it in messages.
    ///
    /// # Errors
    /// As [`SplitSpec::load`].
    pub fn parse(path: &Path, text: &str) -> Result<Self, DataError> {
        let raw: RawSpec = toml::from_str(text).map_err(|e| DataError {
            file: path.to_path_buf(),
            row: e.span().map(|s| line_of(text, s.start)),
            column: None,
            kind: DataErrorKind::BadValue {
                value: "split spec".into(),
                problem: e.message().to_string(),
            },
        })?;
        let share = |s: &Spanned<f64>| Share {
            value: *s.get_ref(),
            line: line_of(text, s.span().start),
        };
        let carves = raw
            .carve
            .iter()
            .map(|c| Carve {
                parent: c.parent.clone(),
                output: c
                    .output
                    .iter()
                    .map(|(k, v)| (k.clone(), share(v)))
                    .collect(),
                flows: c
                    .flow
                    .iter()
                    .map(|f| (f.exporter.clone(), f.importer.clone(), share(&f.share)))
                    .collect(),
                uses: c
                    .uses
                    .iter()
                    .map(|u| (u.region.clone(), u.sector.clone(), share(&u.share)))
                    .collect(),
            })
            .collect();
        Ok(Self {
            code: raw.code,
            name: raw.name,
            theta: *raw.theta.get_ref(),
            theta_source: raw.theta_source,
            classification: raw.classification,
            sources: raw.sources,
            note: raw.note,
            epsilon_c: raw.epsilon_c.map(|e| *e.get_ref()),
            carves,
            origin: Origin {
                file: path.to_path_buf(),
            },
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The split.
// ---------------------------------------------------------------------------------------------

/// Carve the sector `spec` describes out of `ds` (see the module docs). The new sector comes
/// last; every other index is unchanged.
///
/// # Errors
/// A [`DataError`] naming the spec file, line, field and value: a share outside (0, 1); an
/// unknown region or sector (with a suggestion); a carve of a flow that is zero, of a
/// domestic flow, or from a region with no carved output; carved exports above carved output
/// or domestic sales; listed uses above a region's absorption of the new good; a θ or ε_c that
/// is not finite and positive; a code that already exists; a parent named twice.
pub fn split_sector(ds: &Dataset, spec: &SplitSpec) -> Result<(Dataset, SplitReport), DataError> {
    let b = &ds.baseline;
    let d = b.dims();
    let file = &spec.origin.file;
    let bad = |line: usize, field: &str, value: String, problem: String| {
        DataError::bad_value(file, line, field, value, problem)
    };
    let region = |code: &str, line: usize, field: &str| -> Result<usize, DataError> {
        b.region_index(code).ok_or_else(|| {
            bad(
                line,
                field,
                code.to_string(),
                format!(
                    "unknown region{}; the dataset's regions are {}",
                    did_you_mean(code, b.regions().iter().map(|r| r.code.as_str())),
                    b.regions()
                        .iter()
                        .map(|r| r.code.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            )
        })
    };
    let sector = |code: &str, line: usize, field: &str| -> Result<usize, DataError> {
        b.sector_index(code).ok_or_else(|| {
            bad(
                line,
                field,
                code.to_string(),
                format!(
                    "unknown sector{}; the dataset's sectors are {}",
                    did_you_mean(code, b.sectors().iter().map(|s| s.code.as_str())),
                    b.sectors()
                        .iter()
                        .map(|s| s.code.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            )
        })
    };
    let check_share = |s: &Share, field: &str| -> Result<f64, DataError> {
        if !(s.value.is_finite() && s.value > 0.0 && s.value < 1.0) {
            return Err(bad(
                s.line,
                field,
                s.value.to_string(),
                "a split share must lie strictly between 0 and 1 (leave out what is not carved)"
                    .into(),
            ));
        }
        Ok(s.value)
    };
    if spec.code.trim().is_empty() || b.sector_index(&spec.code).is_some() {
        return Err(bad(
            0,
            "code",
            spec.code.clone(),
            "the new sector needs a non-empty code that the dataset does not have yet".into(),
        ));
    }
    if !(spec.theta.is_finite() && spec.theta > 0.0) {
        return Err(bad(
            0,
            "theta",
            spec.theta.to_string(),
            "the trade elasticity θ must be finite and positive".into(),
        ));
    }
    if let Some(e) = spec.epsilon_c {
        if !(e.is_finite() && e > 0.0) {
            return Err(bad(
                0,
                "epsilon_c",
                e.to_string(),
                "elasticities of substitution must be finite and positive".into(),
            ));
        }
    }
    if spec.carves.is_empty() {
        return Err(bad(
            0,
            "carve",
            "(none)".into(),
            "name at least one parent sector ([[carve]] parent = \"…\")".into(),
        ));
    }

    // ----- resolve every carve to arrays.
    struct Resolved {
        p: usize,
        /// Carved border value of each cell of the parent, [`Dims::nij`] restricted to p.
        flow: Vec<f64>,
        /// Carved output by region (producer values).
        output: Vec<f64>,
        /// Use share by (region, user sector).
        use_share: Vec<f64>,
    }
    let (flows, tariff, export_tax) = (b.flows(), b.tariff(), b.export_tax());
    let mut resolved: Vec<Resolved> = Vec::new();
    for c in &spec.carves {
        let p = sector(&c.parent, 0, "carve.parent")?;
        if resolved.iter().any(|r| r.p == p) {
            return Err(bad(
                0,
                "carve.parent",
                c.parent.clone(),
                "this parent is carved twice; give one [[carve]] per parent".into(),
            ));
        }
        let mut out_share = vec![0.0; d.n];
        for (code, s) in &c.output {
            let n = region(code, s.line, "output")?;
            out_share[n] = check_share(s, &format!("output.{code}"))?;
        }
        let mut flow = vec![0.0; d.n * d.n];
        for (ex, im, s) in &c.flows {
            let i = region(ex, s.line, "flow.exporter")?;
            let n = region(im, s.line, "flow.importer")?;
            let v = check_share(s, "flow.share")?;
            if i == n {
                return Err(bad(
                    s.line,
                    "flow",
                    format!("{ex} → {im}"),
                    "domestic sales follow from the output share less exports; carve only \
                     cross-border flows"
                        .into(),
                ));
            }
            let m = flows[d.nij(n, i, p)];
            if m <= 0.0 {
                return Err(bad(
                    s.line,
                    "flow",
                    format!("{ex} → {im}"),
                    format!(
                        "the dataset has no {} flow from {ex} to {im} to carve from",
                        c.parent
                    ),
                ));
            }
            flow[n * d.n + i] = v * m;
        }
        // Carved output and domestic sales.
        let mut output = vec![0.0; d.n];
        for i in 0..d.n {
            output[i] = out_share[i] * b.gross_output()[d.nj(i, p)];
            let exports: f64 = (0..d.n)
                .filter(|&n| n != i)
                .map(|n| flow[n * d.n + i] / (1.0 + export_tax[d.nij(n, i, p)]))
                .sum();
            let home = output[i] - exports;
            let code = &b.regions()[i].code;
            if exports > 0.0 && output[i] == 0.0 {
                return Err(bad(
                    0,
                    &format!("output.{code}"),
                    "(none)".into(),
                    format!(
                        "{code} exports the new good but has no output share of {}; give one",
                        c.parent
                    ),
                ));
            }
            if home < -1e-12 * output[i].max(exports) {
                return Err(bad(
                    c.output
                        .iter()
                        .find(|(r, _)| r == code)
                        .map_or(0, |(_, s)| s.line),
                    &format!("output.{code}"),
                    out_share[i].to_string(),
                    format!(
                        "{code}'s carved exports ({exports:.6}) exceed its carved output \
                         ({:.6}); raise its output share or lower its flow shares",
                        output[i]
                    ),
                ));
            }
            let home = home.max(0.0);
            let dom = flows[d.nij(i, i, p)];
            if home > dom {
                return Err(bad(
                    0,
                    &format!("output.{code}"),
                    out_share[i].to_string(),
                    format!(
                        "{code}'s carved home sales ({home:.6}) would exceed its domestic sales \
                         of {} ({dom:.6}); lower its output share",
                        c.parent
                    ),
                ));
            }
            flow[i * d.n + i] = home;
        }
        let mut use_share = vec![0.0; d.nj_len()];
        for (reg, sec, s) in &c.uses {
            let j = sector(sec, s.line, "use.sector")?;
            let v = check_share(s, "use.share")?;
            let regions: Vec<usize> = if reg == "ALL" {
                (0..d.n).collect()
            } else {
                vec![region(reg, s.line, "use.region")?]
            };
            for n in regions {
                use_share[d.nj(n, j)] = v;
            }
        }
        resolved.push(Resolved {
            p,
            flow,
            output,
            use_share,
        });
    }

    // ----- the new arrays.
    let j2 = d.j + 1;
    let d2 = Dims { n: d.n, j: j2 };
    let r = d.j;
    let inp = b.inputs();
    let mut flows2 = vec![0.0; d2.cube_len()];
    let mut tariff2 = vec![0.0; d2.cube_len()];
    let mut tax2 = vec![0.0; d2.cube_len()];
    for j in 0..d.j {
        for n in 0..d.n {
            for i in 0..d.n {
                let (c, c2) = (d.nij(n, i, j), d2.nij(n, i, j));
                flows2[c2] = flows[c];
                tariff2[c2] = tariff[c];
                tax2[c2] = export_tax[c];
            }
        }
    }
    let tradable = resolved.iter().any(|x| b.sectors()[x.p].tradable);
    for n in 0..d.n {
        for i in 0..d.n {
            let (mut m, mut tw, mut xw) = (0.0, 0.0, 0.0);
            for x in &resolved {
                let v = x.flow[n * d.n + i];
                let c = d.nij(n, i, x.p);
                flows2[d2.nij(n, i, x.p)] -= v;
                m += v;
                tw += v * tariff[c];
                xw += v * export_tax[c];
            }
            let c2 = d2.nij(n, i, r);
            flows2[c2] = m;
            let first = d.nij(n, i, resolved[0].p);
            if i != n && tradable {
                tariff2[c2] = if m > 0.0 { tw / m } else { tariff[first] };
                tax2[c2] = if m > 0.0 { xw / m } else { export_tax[first] };
            }
        }
    }
    // Guard rounding: a parent cell carved whole stays at zero, not at −1e-17.
    for v in flows2.iter_mut() {
        if *v < 0.0 && *v > -1e-12 {
            *v = 0.0;
        }
    }

    // Input–output shares: rows of the parents lose the carved uses, the new row gains them.
    let mut io2 = vec![0.0; d2.io_len()];
    let mut va2 = vec![0.0; d2.nj_len()];
    for n in 0..d.n {
        for j in 0..d.j {
            va2[d2.nj(n, j)] = inp.va_share[d.nj(n, j)];
            for k in 0..d.j {
                io2[d2.nkj(n, k, j)] = inp.io_share[d.nkj(n, k, j)];
            }
            for x in &resolved {
                let u = x.use_share[d.nj(n, j)];
                let g = inp.io_share[d.nkj(n, x.p, j)];
                io2[d2.nkj(n, x.p, j)] = g * (1.0 - u);
                io2[d2.nkj(n, r, j)] += g * u;
            }
        }
        // The new sector's column: the carved-output-weighted mix of its parents' columns.
        let total: f64 = resolved.iter().map(|x| x.output[n]).sum();
        let weights: Vec<f64> = if total > 0.0 {
            resolved.iter().map(|x| x.output[n] / total).collect()
        } else {
            let y: Vec<f64> = resolved
                .iter()
                .map(|x| b.gross_output()[d.nj(n, x.p)])
                .collect();
            let s: f64 = y.iter().sum();
            if s > 0.0 {
                y.iter().map(|v| v / s).collect()
            } else {
                vec![1.0 / resolved.len() as f64; resolved.len()]
            }
        };
        for (x, w) in resolved.iter().zip(&weights) {
            va2[d2.nj(n, r)] += w * inp.va_share[d.nj(n, x.p)];
            for k in 0..j2 {
                io2[d2.nkj(n, k, r)] += w * io2[d2.nkj(n, k, x.p)];
            }
        }
    }

    // Final demand: the parents give up the carved absorption less the carved uses; the new
    // good gets the sum (CP2015 eq. (13) row by row; module docs).
    let mut alpha2 = vec![0.0; d2.nj_len()];
    let mut final_share = Vec::new();
    for n in 0..d.n {
        let income = b.income(n);
        for j in 0..d.j {
            alpha2[d2.nj(n, j)] = inp.alpha[d.nj(n, j)];
        }
        let mut alpha_r = 0.0;
        let mut absorption_r = 0.0;
        for x in &resolved {
            let p = x.p;
            let absorption: f64 = (0..d.n)
                .map(|i| (1.0 + tariff[d.nij(n, i, p)]) * x.flow[n * d.n + i])
                .sum();
            let uses: f64 = (0..d.j)
                .map(|j| {
                    x.use_share[d.nj(n, j)]
                        * inp.io_share[d.nkj(n, p, j)]
                        * b.gross_output()[d.nj(n, j)]
                })
                .sum();
            let fd = absorption - uses;
            let code = &b.regions()[n].code;
            if fd < -1e-9 * absorption.max(uses) {
                return Err(bad(
                    0,
                    "use",
                    code.clone(),
                    format!(
                        "the uses listed for {code} ({uses:.6}) exceed its absorption of the new \
                         good carved from {} ({absorption:.6}); lower the use shares or carve \
                         more imports or output",
                        b.sectors()[p].code
                    ),
                ));
            }
            let fd = fd.max(0.0);
            let a = fd / income;
            let ap = inp.alpha[d.nj(n, p)];
            if a > ap * (1.0 + 1e-12) {
                return Err(bad(
                    0,
                    "use",
                    code.clone(),
                    format!(
                        "{code}'s final demand for the new good ({fd:.6}) would exceed its final \
                         demand for {} ({:.6}); list more uses of it by sectors",
                        b.sectors()[p].code,
                        ap * income
                    ),
                ));
            }
            alpha2[d2.nj(n, p)] = (ap - a).max(0.0);
            alpha_r += a;
            absorption_r += absorption;
        }
        alpha2[d2.nj(n, r)] = alpha_r;
        final_share.push((
            b.regions()[n].code.clone(),
            if absorption_r > 0.0 {
                alpha_r * income / absorption_r
            } else {
                0.0
            },
        ));
    }

    let mut sectors: Vec<Sector> = inp.sectors.clone();
    sectors.push(Sector {
        code: spec.code.clone(),
        name: spec.name.clone(),
        tradable,
    });
    let mut theta = inp.theta.clone();
    theta.push(spec.theta);
    let model_err = |e: truce_model::ModelError| {
        DataError::file(
            file,
            DataErrorKind::BadValue {
                value: spec.code.clone(),
                problem: format!("the split gives an invalid baseline: {e}"),
            },
        )
    };
    let mut nb = Baseline::new(BaselineInputs {
        regions: inp.regions.clone(),
        sectors,
        theta,
        flows: flows2,
        tariff: tariff2,
        export_tax: tax2,
        va_share: va2,
        io_share: io2,
        alpha: alpha2,
    })
    .map_err(model_err)?;

    // ----- the manifest.
    let m = &ds.manifest;
    let mut manifest: Manifest = m.clone();
    for s in &spec.sources {
        if manifest.sources.iter().any(|x| x.id == s.id) {
            return Err(bad(
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
            return Err(bad(
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
    let mut exports = vec![0.0; d.n];
    let mut absorption = vec![0.0; d.n];
    for n in 0..d.n {
        for i in 0..d.n {
            let v = nb.flows()[d2.nij(n, i, r)];
            if i != n {
                exports[i] += v;
            }
            absorption[n] += (1.0 + nb.tariff()[d2.nij(n, i, r)]) * v;
        }
    }
    manifest.notes.push(format!(
        "Sector {} carved out of {} by `truce data split-sector` ({}): world output {:.6} {} {}, \
         exports {:.6}; its technology is its parents' (carved-output weighted), its tariffs the \
         carved-flow-weighted rates of its parents; totals by region are unchanged.{}",
        spec.code,
        parents.join(" and "),
        file.display(),
        world_out,
        m.unit,
        m.currency,
        exports.iter().sum::<f64>(),
        spec.note
            .as_ref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default()
    ));
    // Production: the old structure carries over; the new sector may join the critical nest.
    let mut prod = nb.production().clone();
    let old = b.production();
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
            .map_err(model_err)?;
    }
    nb = nb.with_production(prod.clone()).map_err(model_err)?;
    manifest.production = if prod.is_cobb_douglas() && prod.critical.is_none() {
        m.production.clone()
    } else {
        let (sources, note) = match &m.production {
            Some(pm) => (pm.sources.clone(), pm.note.clone()),
            None => (Vec::new(), None),
        };
        Some(ProductionMeta::from_production(&nb, &prod, sources, note))
    };
    let mut alt = BTreeMap::new();
    for (label, cube) in &ds.alt_tariffs {
        let mut c2 = vec![0.0; d2.cube_len()];
        for n in 0..d.n {
            for i in 0..d.n {
                for j in 0..d.j {
                    c2[d2.nij(n, i, j)] = cube[d.nij(n, i, j)];
                }
                let (mut m, mut tw) = (0.0, 0.0);
                for x in &resolved {
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
    let report = SplitReport {
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
            .flat_map(|n| (0..j2).map(move |j| (n, j)))
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
    };
    let out = Dataset::new(manifest, nb, alt)?;
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use truce_model::cp2015::{real_income, Engine};
    use truce_model::solve::NoObserver;
    use truce_model::testing::random_world;
    use truce_model::Policy;

    fn dataset(b: Baseline) -> Dataset {
        Dataset::new(crate::dataset::tests::manifest(&b), b, BTreeMap::new()).unwrap()
    }

    /// Carve 5 % of R00's sector-0 output, 10 % of its exports of it to R01 and R02, and 0.1 %
    /// of R01's sector-1 and R02's sector-2 purchases of sector 0.
    fn spec(theta: f64) -> SplitSpec {
        SplitSpec {
            code: "CRIT".into(),
            name: "A critical input".into(),
            theta,
            theta_source: None,
            classification: None,
            sources: Vec::new(),
            note: None,
            epsilon_c: None,
            carves: vec![Carve {
                parent: "S00".into(),
                output: vec![("R00".into(), Share::new(0.05))],
                flows: vec![
                    ("R00".into(), "R01".into(), Share::new(0.1)),
                    ("R00".into(), "R02".into(), Share::new(0.1)),
                ],
                uses: vec![
                    ("R01".into(), "S01".into(), Share::new(0.001)),
                    ("R02".into(), "S02".into(), Share::new(0.001)),
                ],
            }],
            origin: Origin {
                file: PathBuf::from("spec.toml"),
            },
        }
    }

    fn world() -> Baseline {
        // A world where R00 exports sector 0 to R01 and R02 (random_world leaves ~10 % of
        // pairs without trade; this seed has both).
        let b = random_world(3, 4, 3);
        let d = b.dims();
        assert!(b.flows()[d.nij(1, 0, 0)] > 0.0 && b.flows()[d.nij(2, 0, 0)] > 0.0);
        b
    }

    #[test]
    fn a_split_dataset_is_still_an_equilibrium() {
        let ds = dataset(world());
        let mut s = spec(5.0);
        s.epsilon_c = Some(0.1);
        let (split, report) = split_sector(&ds, &s).unwrap();
        let b = Arc::new(split.baseline.clone());
        assert_eq!(b.dims().j, 4);
        // The new sector joined a critical nest, recorded in the manifest.
        assert_eq!(b.production().epsilon_c(), Some(0.1));
        let pm = split.manifest.production.as_ref().unwrap();
        assert_eq!(pm.critical_sectors, vec!["CRIT".to_string()]);
        assert_eq!(b.sectors()[3].code, "CRIT");
        let eq = Engine::new(b.clone())
            .solve(&Policy::baseline(&b), None, &mut NoObserver)
            .unwrap();
        for w in &eq.w_hat {
            assert!((w - 1.0).abs() < 1e-12, "{w}");
        }
        // Value added, gross output by region and deficits are unchanged.
        let old = &ds.baseline;
        for n in 0..4 {
            assert!((b.value_added()[n] / old.value_added()[n] - 1.0).abs() < 1e-12);
            assert!((b.deficit()[n] - old.deficit()[n]).abs() < 1e-12 * old.value_added()[n]);
        }
        assert!(report.output[0].1 > 0.0 && report.exports[0].1 > 0.0);
        assert!(report
            .cost_shares
            .iter()
            .any(|(r, s, g)| r == "R01" && s == "S01" && *g > 0.0));
        // The written dataset reads back identically.
        let dir = tempfile::tempdir().unwrap();
        crate::write_dataset(&split, dir.path()).unwrap();
        let back = crate::read_dataset(dir.path()).unwrap();
        assert_eq!(back.baseline, split.baseline);
        let text = std::fs::read_to_string(dir.path().join("dataset.toml")).unwrap();
        assert!(
            text.contains("[production]") && text.contains("epsilon_c = 0.1"),
            "{text}"
        );
    }

    /// A uniform carve (the same share of every output, flow and use) of a sector, with its θ,
    /// makes an exact scaled copy: under Cobb–Douglas any shock that treats the two alike has
    /// the same effects as on the unsplit world.
    #[test]
    fn a_uniform_split_with_the_parents_theta_changes_no_result() {
        let ds = dataset(world());
        let b0 = &ds.baseline;
        let d = b0.dims();
        let mut s = spec(b0.theta()[0]);
        let code = |n: usize| b0.regions()[n].code.clone();
        s.carves[0].output = (0..d.n).map(|n| (code(n), Share::new(0.05))).collect();
        s.carves[0].flows = (0..d.n)
            .flat_map(|n| (0..d.n).map(move |i| (n, i)))
            .filter(|&(n, i)| n != i && b0.flows()[d.nij(n, i, 0)] > 0.0)
            .map(|(n, i)| (code(i), code(n), Share::new(0.05)))
            .collect();
        s.carves[0].uses = (0..d.j)
            .map(|j| {
                (
                    "ALL".to_string(),
                    b0.sectors()[j].code.clone(),
                    Share::new(0.05),
                )
            })
            .collect();
        let (split, _) = split_sector(&ds, &s).unwrap();
        let (a, b) = (
            Arc::new(ds.baseline.clone()),
            Arc::new(split.baseline.clone()),
        );
        // The same tariff on the parent and on the carved sector.
        let mut pa = Policy::baseline(&a);
        let mut pb = Policy::baseline(&b);
        for (n, i) in [(1, 0), (2, 0), (0, 3)] {
            pa.set_tariff(&a, n, i, 0, 0.3).unwrap();
            pb.set_tariff(&b, n, i, 0, 0.3).unwrap();
            pb.set_tariff(&b, n, i, 3, 0.3).unwrap();
        }
        let ea = Engine::new(a.clone())
            .solve(&pa, None, &mut NoObserver)
            .unwrap();
        let eb = Engine::new(b.clone())
            .solve(&pb, None, &mut NoObserver)
            .unwrap();
        let (wa, wb) = (real_income(&a, &ea), real_income(&b, &eb));
        for n in 0..4 {
            assert!((wa[n].unwrap() - wb[n].unwrap()).abs() < 1e-10);
            assert!((ea.w_hat[n] - eb.w_hat[n]).abs() < 1e-10);
        }
    }

    #[test]
    fn bad_shares_and_codes_are_named() {
        let ds = dataset(world());
        type Edit = Box<dyn Fn(&mut SplitSpec)>;
        let cases: Vec<(Edit, &str)> = vec![
            (
                Box::new(|s| s.carves[0].output[0].1 = Share::new(0.0)),
                "output.R00",
            ),
            (
                Box::new(|s| s.carves[0].output[0].1 = Share::new(1.0)),
                "output.R00",
            ),
            (
                Box::new(|s| s.carves[0].flows[0].2 = Share::new(-0.1)),
                "flow.share",
            ),
            (
                Box::new(|s| s.carves[0].uses[0].2 = Share::new(1.5)),
                "use.share",
            ),
            (
                Box::new(|s| s.carves[0].parent = "S0".into()),
                "carve.parent",
            ),
            (
                Box::new(|s| s.carves[0].uses[0].1 = "S09".into()),
                "use.sector",
            ),
            // Uses above absorption: R03 gets none of the new good.
            (Box::new(|s| s.carves[0].uses[0].0 = "R03".into()), "use"),
            (Box::new(|s| s.carves[0].flows[0].0 = "R01".into()), "flow"),
            (Box::new(|s| s.theta = f64::NAN), "theta"),
            (Box::new(|s| s.epsilon_c = Some(0.0)), "epsilon_c"),
            (Box::new(|s| s.code = "S01".into()), "code"),
            // Exports above output: a tiny output share.
            (
                Box::new(|s| s.carves[0].output[0].1 = Share::new(1e-6)),
                "output.R00",
            ),
        ];
        for (edit, field) in cases {
            let mut s = spec(5.0);
            edit(&mut s);
            let e = split_sector(&ds, &s).unwrap_err();
            assert_eq!(e.column.as_deref(), Some(field), "{e}");
            assert!(e.to_string().contains("spec.toml"), "{e}");
        }
    }

    #[test]
    fn the_spec_file_is_parsed_with_lines() {
        let text = r#"
code = "CRIT"
name = "A critical input"
theta = 2.0
[[carve]]
parent = "S00"
output = { R00 = 0.05 }
[[carve.flow]]
exporter = "R00"
importer = "R01"
share = 1.5
"#;
        let s = SplitSpec::parse(Path::new("s.toml"), text).unwrap();
        let e = split_sector(&dataset(world()), &s).unwrap_err();
        assert_eq!(e.row, Some(11), "{e}");
        let bad = SplitSpec::parse(Path::new("s.toml"), "code = 1").unwrap_err();
        assert_eq!(bad.row, Some(1));
    }
}
