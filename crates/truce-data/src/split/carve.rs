//! The split algebra (see the parent module's docs): every carve resolved to arrays of the
//! old dataset, then the new arrays (trade and rates, input–output and value-added shares,
//! final demand) and the baseline they make.

// Index loops follow the paper's notation (n, i, j, k) over several arrays at once.
#![allow(clippy::needless_range_loop)]

use super::{Carve, Share, SplitSpec};
use crate::codes::did_you_mean;
use crate::error::{DataError, DataErrorKind};
use std::path::Path;
use truce_model::{Baseline, BaselineInputs, Dims, ModelError, Sector};

/// The spec's values checked against the dataset, with errors that name the spec file's line.
pub(super) struct Check<'a> {
    pub(super) b: &'a Baseline,
    pub(super) file: &'a Path,
}

impl Check<'_> {
    pub(super) fn bad(
        &self,
        line: usize,
        field: &str,
        value: String,
        problem: String,
    ) -> DataError {
        DataError::bad_value(self.file, line, field, value, problem)
    }

    fn region(&self, code: &str, line: usize, field: &str) -> Result<usize, DataError> {
        let b = self.b;
        b.region_index(code).ok_or_else(|| {
            self.bad(
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
    }

    fn sector(&self, code: &str, line: usize, field: &str) -> Result<usize, DataError> {
        let b = self.b;
        b.sector_index(code).ok_or_else(|| {
            self.bad(
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
    }

    fn share(&self, s: &Share, field: &str) -> Result<f64, DataError> {
        if !(s.value.is_finite() && s.value > 0.0 && s.value < 1.0) {
            return Err(self.bad(
                s.line,
                field,
                s.value.to_string(),
                "a split share must lie strictly between 0 and 1 (leave out what is not carved)"
                    .into(),
            ));
        }
        Ok(s.value)
    }

    /// A model-validation failure of the split's result.
    pub(super) fn model_err(&self, code: &str, e: ModelError) -> DataError {
        DataError::file(
            self.file,
            DataErrorKind::BadValue {
                value: code.to_string(),
                problem: format!("the split gives an invalid baseline: {e}"),
            },
        )
    }

    /// The spec's own values: a new code, θ and ε_c finite and positive, at least one carve.
    pub(super) fn spec(&self, spec: &SplitSpec) -> Result<(), DataError> {
        let b = self.b;
        if spec.code.trim().is_empty() || b.sector_index(&spec.code).is_some() {
            return Err(self.bad(
                0,
                "code",
                spec.code.clone(),
                "the new sector needs a non-empty code that the dataset does not have yet".into(),
            ));
        }
        if !(spec.theta.is_finite() && spec.theta > 0.0) {
            return Err(self.bad(
                0,
                "theta",
                spec.theta.to_string(),
                "the trade elasticity θ must be finite and positive".into(),
            ));
        }
        if let Some(e) = spec.epsilon_c {
            if !(e.is_finite() && e > 0.0) {
                return Err(self.bad(
                    0,
                    "epsilon_c",
                    e.to_string(),
                    "elasticities of substitution must be finite and positive".into(),
                ));
            }
        }
        if spec.carves.is_empty() {
            return Err(self.bad(
                0,
                "carve",
                "(none)".into(),
                "name at least one parent sector ([[carve]] parent = \"…\")".into(),
            ));
        }
        Ok(())
    }
}

/// One carve resolved to arrays of the old dataset.
pub(super) struct Resolved {
    pub(super) p: usize,
    /// Carved border value of each cell of the parent, [`Dims::nij`] restricted to p.
    pub(super) flow: Vec<f64>,
    /// Carved output by region (producer values).
    pub(super) output: Vec<f64>,
    /// Use share by (region, user sector).
    pub(super) use_share: Vec<f64>,
}

/// Resolve every carve of `spec`, in order (a parent named twice is an error).
pub(super) fn resolve_carves(
    chk: &Check<'_>,
    spec: &SplitSpec,
) -> Result<Vec<Resolved>, DataError> {
    let mut resolved: Vec<Resolved> = Vec::new();
    for c in &spec.carves {
        let p = chk.sector(&c.parent, 0, "carve.parent")?;
        if resolved.iter().any(|r| r.p == p) {
            return Err(chk.bad(
                0,
                "carve.parent",
                c.parent.clone(),
                "this parent is carved twice; give one [[carve]] per parent".into(),
            ));
        }
        resolved.push(resolve_carve(chk, c, p)?);
    }
    Ok(resolved)
}

/// One carve of parent `p`: carved flows, output and domestic sales, use shares.
fn resolve_carve(chk: &Check<'_>, c: &Carve, p: usize) -> Result<Resolved, DataError> {
    let b = chk.b;
    let d = b.dims();
    let (flows, export_tax) = (b.flows(), b.export_tax());
    let mut out_share = vec![0.0; d.n];
    for (code, s) in &c.output {
        let n = chk.region(code, s.line, "output")?;
        out_share[n] = chk.share(s, &format!("output.{code}"))?;
    }
    let mut flow = vec![0.0; d.n * d.n];
    for (ex, im, s) in &c.flows {
        let i = chk.region(ex, s.line, "flow.exporter")?;
        let n = chk.region(im, s.line, "flow.importer")?;
        let v = chk.share(s, "flow.share")?;
        if i == n {
            return Err(chk.bad(
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
            return Err(chk.bad(
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
            return Err(chk.bad(
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
            return Err(chk.bad(
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
            return Err(chk.bad(
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
        let j = chk.sector(sec, s.line, "use.sector")?;
        let v = chk.share(s, "use.share")?;
        let regions: Vec<usize> = if reg == "ALL" {
            (0..d.n).collect()
        } else {
            vec![chk.region(reg, s.line, "use.region")?]
        };
        for n in regions {
            use_share[d.nj(n, j)] = v;
        }
    }
    Ok(Resolved {
        p,
        flow,
        output,
        use_share,
    })
}

/// Trade and border rates after the split, in the new [`Dims::nij`] layout (the new sector
/// last).
pub(super) struct CarvedTrade {
    pub(super) flows: Vec<f64>,
    pub(super) tariff: Vec<f64>,
    pub(super) export_tax: Vec<f64>,
    /// Whether the new good is traded (any parent is).
    pub(super) tradable: bool,
}

/// The parents' flows lose the carved flows; the new sector's flows are their sum, its rates
/// the carved-flow-weighted rates of the parents.
pub(super) fn carve_trade(b: &Baseline, resolved: &[Resolved]) -> CarvedTrade {
    let d = b.dims();
    let d2 = Dims { n: d.n, j: d.j + 1 };
    let r = d.j;
    let (flows, tariff, export_tax) = (b.flows(), b.tariff(), b.export_tax());
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
            for x in resolved {
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
    CarvedTrade {
        flows: flows2,
        tariff: tariff2,
        export_tax: tax2,
        tradable,
    }
}

/// Input–output and value-added shares after the split: rows of the parents lose the carved
/// uses, the new row gains them; the new sector's column is the carved-output-weighted mix of
/// its parents' columns. Returns (io, va).
pub(super) fn carve_io(b: &Baseline, resolved: &[Resolved]) -> (Vec<f64>, Vec<f64>) {
    let d = b.dims();
    let j2 = d.j + 1;
    let d2 = Dims { n: d.n, j: j2 };
    let r = d.j;
    let inp = b.inputs();
    let mut io2 = vec![0.0; d2.io_len()];
    let mut va2 = vec![0.0; d2.nj_len()];
    for n in 0..d.n {
        for j in 0..d.j {
            va2[d2.nj(n, j)] = inp.va_share[d.nj(n, j)];
            for k in 0..d.j {
                io2[d2.nkj(n, k, j)] = inp.io_share[d.nkj(n, k, j)];
            }
            for x in resolved {
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
    (io2, va2)
}

/// Each region's share of its absorption of the new good that is final demand, by region code.
pub(super) type FinalShares = Vec<(String, f64)>;

/// Final demand after the split: the parents give up the carved absorption less the carved
/// uses; the new good gets the sum (CP2015 eq. (13) row by row; module docs). Returns the new
/// shares α and each region's share of its absorption of the new good that is final demand.
pub(super) fn carve_final_demand(
    chk: &Check<'_>,
    resolved: &[Resolved],
) -> Result<(Vec<f64>, FinalShares), DataError> {
    let b = chk.b;
    let d = b.dims();
    let d2 = Dims { n: d.n, j: d.j + 1 };
    let r = d.j;
    let inp = b.inputs();
    let tariff = b.tariff();
    let mut alpha2 = vec![0.0; d2.nj_len()];
    let mut final_share = Vec::new();
    for n in 0..d.n {
        let income = b.income(n);
        for j in 0..d.j {
            alpha2[d2.nj(n, j)] = inp.alpha[d.nj(n, j)];
        }
        let mut alpha_r = 0.0;
        let mut absorption_r = 0.0;
        for x in resolved {
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
                return Err(chk.bad(
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
                return Err(chk.bad(
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
    Ok((alpha2, final_share))
}

/// The validated baseline of the split dataset (the new sector last, with θ from the spec).
pub(super) fn carved_baseline(
    chk: &Check<'_>,
    spec: &SplitSpec,
    trade: CarvedTrade,
    (io, va): (Vec<f64>, Vec<f64>),
    alpha: Vec<f64>,
) -> Result<Baseline, DataError> {
    let inp = chk.b.inputs();
    let mut sectors: Vec<Sector> = inp.sectors.clone();
    sectors.push(Sector {
        code: spec.code.clone(),
        name: spec.name.clone(),
        tradable: trade.tradable,
    });
    let mut theta = inp.theta.clone();
    theta.push(spec.theta);
    Baseline::new(BaselineInputs {
        regions: inp.regions.clone(),
        sectors,
        theta,
        flows: trade.flows,
        tariff: trade.tariff,
        export_tax: trade.export_tax,
        va_share: va,
        io_share: io,
        alpha,
    })
    .map_err(|e| chk.model_err(&spec.code, e))
}
