//! Ossa (2014), "Trade Wars and Trade Talks with Data" (AER 104(12)): 7 regions × 33 traded
//! industries, 2007 (`../shared/data/ossa2014/`) → a Caliendo–Parro-format dataset.
//!
//! Ossa's data are `X[i][j][s]`, sales of exporter i to importer j in industry s valued **before
//! tariffs** (domestic sales on the diagonal), tariffs `t[i][j][s]` levied by **importer j**, and
//! elasticities of substitution σₛ. In truce's format (CP2015 notation) the flows are Mˢⱼᵢ =
//! `X[i][j][s]`, the tariffs τˢⱼᵢ = `t[i][j][s]`; there are no intermediates (γ = 1); final-demand
//! shares are the industries' shares of expenditure gross of tariffs, αˢⱼ = Σᵢ(1+t)X /
//! Σᵢ,ₛ(1+t)X (Ossa's μⱼₛ, Ossa2014 §2); and θₛ = σₛ − 1, the trade elasticity of a CES import
//! demand with elasticity of substitution σₛ.

// Index loops follow the notation of the equations (n, i, j, s, k), as in truce-model.
#![allow(clippy::needless_range_loop)]

use super::{region_name, truce_region_code};
use crate::dataset::{Dataset, Manifest, Source};
use crate::error::{DataError, DataErrorKind};
use crate::matrix::read_matrix;
use crate::tidy::fmt_f64;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use truce_model::{Baseline, BaselineInputs, Dims, Region, Sector};

/// Options of the Ossa (2014) importer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ossa2014Options {
    /// Use the raw flows (`trade_ijs.csv`, with trade imbalances) instead of the purged baseline
    /// of all the paper's counterfactuals (`trade_ijs_purged.csv`, net exports 0).
    pub raw: bool,
}

/// Import Ossa's data in `dir`.
///
/// # Errors
/// A [`DataError`] naming the file, row and column for: missing files; a region list with an
/// unknown name; sector lists that disagree; matrices of the wrong shape; cells that are not
/// finite numbers; negative flows; tariffs at or below −100 % or on a region's own sales;
/// σ ≤ 1 (θ = σ − 1 must be positive); a region without expenditure.
pub fn import_ossa2014(dir: &Path, opts: Ossa2014Options) -> Result<Dataset, DataError> {
    if !dir.is_dir() {
        return Err(DataError::file(
            dir,
            DataErrorKind::Io(
                "not a directory; pass the folder of Ossa's data (e.g. ../shared/data/ossa2014)"
                    .into(),
            ),
        ));
    }
    let regions = read_regions(&dir.join("regions.csv"))?;
    let labels = read_labels(&dir.join("labels.csv"))?;
    let names = read_sector_names(&dir.join("sectors.csv"), &labels)?;
    let (n_r, n_s) = (regions.len(), labels.len());
    let d = Dims { n: n_r, j: n_s };

    let sigma_path = dir.join("sigma_s.csv");
    let sigma = read_matrix(&sigma_path, n_s, 5)?;
    let mut theta = Vec::with_capacity(n_s);
    for s in 0..n_s {
        let v = sigma.get(s, 0);
        if v <= 1.0 {
            return Err(DataError::bad_value(
                &sigma_path,
                s + 1,
                1,
                fmt_f64(v),
                format!(
                    "σ of industry {} must exceed 1: the trade elasticity θ = σ − 1 must be \
                     positive",
                    labels[s]
                ),
            ));
        }
        theta.push(v - 1.0);
    }

    let trade_file = if opts.raw {
        "trade_ijs.csv"
    } else {
        "trade_ijs_purged.csv"
    };
    let trade_path: PathBuf = dir.join(trade_file);
    let x = read_matrix(&trade_path, n_s * n_r, n_r)?;
    let tariff_path = dir.join("tariff_ijs.csv");
    let t = read_matrix(&tariff_path, n_s * n_r, n_r)?;
    let mut flows = vec![0.0; d.cube_len()];
    let mut tariff = vec![0.0; d.cube_len()];
    for s in 0..n_s {
        for i in 0..n_r {
            let row = s * n_r + i;
            for j in 0..n_r {
                let v = x.get(row, j);
                if v < 0.0 {
                    return Err(DataError::bad_value(
                        &trade_path,
                        row + 1,
                        j + 1,
                        fmt_f64(v),
                        format!(
                            "trade flows must be non-negative (exporter {}, importer {}, industry \
                             {})",
                            regions[i].code, regions[j].code, labels[s]
                        ),
                    ));
                }
                let tau = t.get(row, j);
                if tau <= -1.0 || (i == j && tau != 0.0) {
                    return Err(DataError::bad_value(
                        &tariff_path,
                        row + 1,
                        j + 1,
                        fmt_f64(tau),
                        if i == j {
                            "the diagonal (a region's tariff on its own goods) must be 0"
                        } else {
                            "tariffs are fractions (0.25 = 25 %) and must exceed −1"
                        },
                    ));
                }
                // Ossa's [i][j][s] (exporter, importer) is truce's nij(importer j, exporter i, s).
                flows[d.nij(j, i, s)] = v;
                tariff[d.nij(j, i, s)] = tau;
            }
        }
    }
    // αˢⱼ: expenditure shares gross of tariffs (Ossa's μⱼₛ).
    let mut alpha = vec![0.0; d.nj_len()];
    for j in 0..n_r {
        let mut total = 0.0;
        for s in 0..n_s {
            let e: f64 = (0..n_r)
                .map(|i| (1.0 + tariff[d.nij(j, i, s)]) * flows[d.nij(j, i, s)])
                .sum();
            alpha[d.nj(j, s)] = e;
            total += e;
        }
        if total <= 0.0 {
            return Err(DataError::file(
                &trade_path,
                DataErrorKind::BadValue {
                    value: regions[j].code.clone(),
                    problem: "this importer has no expenditure (its column is all zero)".into(),
                },
            ));
        }
        for s in 0..n_s {
            alpha[d.nj(j, s)] /= total;
        }
    }
    let sectors: Vec<Sector> = labels
        .iter()
        .zip(&names)
        .map(|(c, n)| Sector {
            code: c.clone(),
            name: n.clone(),
            tradable: true,
        })
        .collect();
    let baseline = Baseline::new(BaselineInputs {
        regions: regions.clone(),
        sectors: sectors.clone(),
        theta: theta.clone(),
        flows,
        tariff,
        export_tax: vec![0.0; d.cube_len()],
        va_share: vec![1.0; d.nj_len()],
        io_share: vec![0.0; d.io_len()],
        alpha,
    })
    .map_err(|e| DataError::file(&trade_path, DataErrorKind::Model(e)))?;

    let sources = vec![
        Source {
            id: "ossa2014".into(),
            citation:
                "Ossa, R. (2014), \"Trade Wars and Trade Talks with Data\", American Economic \
                       Review 104(12): 4104–46; data of the AER replication package \
                       (Data_MS_AER_2012_0527)"
                    .into(),
            licence: "AER replication-package data; no licence file in the copies used; cite the \
                      paper and check the AEA replication-package terms before redistributing"
                .into(),
            url: Some("https://doi.org/10.1257/aer.104.12.4104".into()),
            used_for: Some(
                "trade flows (2007, US$ million), applied tariffs, elasticities of substitution σ \
                 (sigma_s.csv column 1, Feenstra-method estimates, mean 3.42)"
                    .into(),
            ),
        },
        Source {
            id: "gtap".into(),
            citation:
                "GTAP database (Global Trade Analysis Project, Purdue University), the source \
                       of Ossa's 2007 trade and tariff aggregates"
                    .into(),
            licence: "GTAP licence; Ossa's aggregates are distributed in his replication package"
                .into(),
            url: Some("https://www.gtap.agecon.purdue.edu/".into()),
            used_for: Some("underlying trade and tariff data".into()),
        },
    ];
    let mut manifest = Manifest::for_baseline(
        &baseline,
        if opts.raw { "ossa2014-raw" } else { "ossa2014" },
        &format!(
            "Ossa (2014): {n_r} regions × {n_s} traded industries, 2007{}",
            if opts.raw {
                ", raw flows with trade imbalances"
            } else {
                ", purged baseline (net exports 0)"
            }
        ),
        2007,
        "USD",
        "million",
        sources,
        Some("ossa2014"),
    );
    manifest.description = format!(
        "Imported by `truce data import ossa2014{}` from {}.",
        if opts.raw { " --raw" } else { "" },
        dir.display()
    );
    manifest.notes = vec![
        if opts.raw {
            "Flows: trade_ijs.csv, the raw 2007 data with trade imbalances.".to_string()
        } else {
            "Flows: trade_ijs_purged.csv, the baseline of all the paper's counterfactuals: the \
                 raw data re-solved at factual tariffs with net exports 0 (Ossa 2014 §III)."
                .to_string()
        },
        "Orientation: Ossa's X[i][j][s] (exporter i, importer j) are sales valued before \
             tariffs; t[i][j][s] is the tariff importer j levies on i. Both are stored here as \
             exporter → importer flows and importer-on-exporter tariffs."
            .into(),
        "Caliendo–Parro format without intermediates: value-added share 1, no input–output \
             shares; final-demand shares = industry shares of expenditure gross of tariffs (Ossa's \
             μ)."
        .into(),
        "θ = σ − 1 with σ from sigma_s.csv column 1 (the paper's main estimates): the trade \
             elasticity of CES import demand. Ossa's model has monopolistic competition with a \
             fixed number of firms (profit shifting); truce's engine treats the data as perfectly \
             competitive Caliendo–Parro sectors."
            .into(),
        "Regions: Ossa's names mapped by the alias table (Brazil → BRA, China → CHN, EU → \
             EU27, India → IND, Japan → JPN, US → USA); Ossa's EU is the EU of 2007 (27 members, \
             including GBR). ROW comes before USA, as in Ossa's files."
            .into(),
        "The data hold traded goods only (no services, no non-traded sector).".into(),
    ];
    for s in manifest.sectors.iter_mut() {
        s.classification = Some(format!("GTAP {}", s.code));
    }
    Dataset::new(manifest, baseline, BTreeMap::new())
}

/// `regions.csv` (`No.,String`): Ossa's region names, mapped to truce codes.
fn read_regions(path: &Path) -> Result<Vec<Region>, DataError> {
    let rows = read_rows(path, true)?;
    let mut out: Vec<Region> = Vec::new();
    for (line, rec) in rows {
        if rec.len() < 2 {
            return Err(DataError::cell(
                path,
                line,
                2,
                DataErrorKind::Shape {
                    expected: "2 fields (No., String)".into(),
                    found: rec.len().to_string(),
                },
            ));
        }
        let k = out.len() + 1;
        if rec[0].trim() != k.to_string() {
            return Err(DataError::bad_value(
                path,
                line,
                1,
                &rec[0],
                format!("regions must be numbered 1, 2, … in order; expected {k}"),
            ));
        }
        let source = rec[1].trim();
        let code = truce_region_code(source);
        let code_like = code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && (3..=5).contains(&code.len());
        if !code_like {
            return Err(DataError::bad_value(
                path,
                line,
                2,
                source,
                "unknown region name: the alias table knows Brazil, China, EU, India, Japan, ROW, \
                 US; write an ISO3 code instead",
            ));
        }
        if out.iter().any(|r| r.code == code) {
            return Err(DataError::bad_value(
                path,
                line,
                2,
                source,
                format!("duplicated region (maps to {code})"),
            ));
        }
        let name = match region_name(&code) {
            Some(n) if n != source => format!("{n} (Ossa: {source})"),
            Some(n) => n.to_string(),
            None => source.to_string(),
        };
        out.push(Region { code, name });
    }
    if out.is_empty() {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: "at least one region".into(),
                found: "none".into(),
            },
        ));
    }
    Ok(out)
}

/// `labels.csv`: one industry code a line (quoted), no header.
fn read_labels(path: &Path) -> Result<Vec<String>, DataError> {
    let rows = read_rows(path, false)?;
    let mut out: Vec<String> = Vec::new();
    for (line, rec) in rows {
        let code = rec
            .first()
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        if code.is_empty() || out.contains(&code) {
            return Err(DataError::bad_value(
                path,
                line,
                1,
                &code,
                "industry codes must be non-empty and unique",
            ));
        }
        out.push(code);
    }
    if out.is_empty() {
        return Err(DataError::file(
            path,
            DataErrorKind::Shape {
                expected: "at least one industry".into(),
                found: "none".into(),
            },
        ));
    }
    Ok(out)
}

/// `sectors.csv` (`No.,String,String`: number, code, description): the description of every
/// label; extra rows (Ossa's `xxx` "All other sectors", not in the data) are ignored.
fn read_sector_names(path: &Path, labels: &[String]) -> Result<Vec<String>, DataError> {
    let rows = read_rows(path, true)?;
    let mut names = vec![None; labels.len()];
    for (line, rec) in &rows {
        if rec.len() < 3 {
            return Err(DataError::cell(
                path,
                *line,
                rec.len() + 1,
                DataErrorKind::Shape {
                    expected: "3 fields (No., code, description)".into(),
                    found: rec.len().to_string(),
                },
            ));
        }
        if let Some(k) = labels.iter().position(|l| l == rec[1].trim()) {
            if names[k].is_some() {
                return Err(DataError::bad_value(
                    path,
                    *line,
                    2,
                    &rec[1],
                    "duplicated industry code",
                ));
            }
            names[k] = Some(rec[2].trim().to_string());
        }
    }
    labels
        .iter()
        .zip(names)
        .map(|(l, n)| {
            n.ok_or_else(|| {
                DataError::bad_value(
                    path,
                    0,
                    2,
                    l,
                    "missing sector: labels.csv lists this industry but sectors.csv does not \
                     describe it",
                )
            })
        })
        .collect()
}

fn read_rows(path: &Path, header: bool) -> Result<Vec<(usize, Vec<String>)>, DataError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(header)
        .flexible(true)
        .from_path(path)
        .map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.push((line, rec.iter().map(str::to_string).collect()));
    }
    Ok(out)
}
