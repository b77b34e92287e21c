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

use super::region_name;
use crate::dataset::{Dataset, Manifest, Source};
use crate::error::{DataError, DataErrorKind};
use crate::ossa2014::read_ossa2014;
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
/// The files are read and validated by the one Ossa reader, [`read_ossa2014`].
///
/// # Errors
/// A [`DataError`] naming the file, row and column for everything [`read_ossa2014`] rejects,
/// and for a baseline the model rejects.
pub fn import_ossa2014(dir: &Path, opts: Ossa2014Options) -> Result<Dataset, DataError> {
    let files = read_ossa2014(dir)?;
    let regions: Vec<Region> = files
        .region_names
        .iter()
        .zip(&files.region_codes)
        .map(|(source, code)| Region {
            code: code.clone(),
            name: match region_name(code) {
                Some(n) if n != source => format!("{n} (Ossa: {source})"),
                Some(n) => n.to_string(),
                None => source.clone(),
            },
        })
        .collect();
    let (labels, names) = (&files.industries, &files.industry_names);
    let (n_r, n_s) = (files.n(), files.s());
    let d = Dims { n: n_r, j: n_s };
    let theta: Vec<f64> = files.sigma().iter().map(|s| s - 1.0).collect();
    let trade_file = if opts.raw {
        "trade_ijs.csv"
    } else {
        "trade_ijs_purged.csv"
    };
    let trade_path: PathBuf = dir.join(trade_file);
    let x = if opts.raw {
        &files.trade_raw
    } else {
        &files.trade_purged
    };
    let mut flows = vec![0.0; d.cube_len()];
    let mut tariff = vec![0.0; d.cube_len()];
    for s in 0..n_s {
        for i in 0..n_r {
            for j in 0..n_r {
                // Ossa's [i][j][s] (exporter, importer) is truce's nij(importer j, exporter i, s).
                flows[d.nij(j, i, s)] = x[files.cell(i, j, s)];
                tariff[d.nij(j, i, s)] = files.tariff[files.cell(i, j, s)];
            }
        }
    }
    // αˢⱼ: expenditure shares gross of tariffs (Ossa's μⱼₛ); every importer spends something
    // (checked by the reader).
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
        for s in 0..n_s {
            alpha[d.nj(j, s)] /= total;
        }
    }
    let sectors: Vec<Sector> = labels
        .iter()
        .zip(names)
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
