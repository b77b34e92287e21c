//! `truce data …`: import sources into truce datasets, aggregate them, inspect them.

use crate::output::{print, FormatArg};
use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;
use truce::data_cmd::{self, ImportKind, ImportOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    which: Which,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    /// Caliendo & Parro (2015) replication files (folder with original/ and
    /// base1993_zero_deficit/): the 1993 base, 2005 tariffs as alternative table "2005".
    Cp2015,
    /// Ossa (2014): 7 regions × 33 industries, 2007 (folder with trade_ijs*.csv).
    Ossa2014,
    /// WIOD 2013 release: one year's table as CSV (folder with Z_YYYY.csv, F_YYYY.csv,
    /// X_VA_YYYY.csv, countries.csv, sectors.csv, or its parent).
    Wiod,
    /// OECD Inter-Country Input-Output table (one CSV file, or a folder holding one).
    OecdIcio,
    /// A one-sector gravity panel (CSV or tab-delimited: exporter, importer, year, trade,
    /// optional Y and E), one year of it (--year).
    Gravity,
}

impl From<Kind> for ImportKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Cp2015 => ImportKind::Cp2015,
            Kind::Ossa2014 => ImportKind::Ossa2014,
            Kind::Wiod => ImportKind::Wiod,
            Kind::OecdIcio => ImportKind::OecdIcio,
            Kind::Gravity => ImportKind::Gravity,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Which {
    /// Rebuild the embedded default world (world2024) from its cited facts and write it as a
    /// dataset, byte-identical to data/world2024/.
    BuildDefault(super::world::BuildDefaultArgs),
    /// Build a truce dataset from a source (written whole or not at all).
    Import {
        /// What the source is.
        #[arg(value_enum)]
        kind: Kind,
        /// The source folder or file.
        src: PathBuf,
        /// Directory to write the dataset to (must be new or empty; see --force).
        #[arg(long)]
        out: PathBuf,
        /// cp2015, ossa2014: the raw data (with deficits / imbalances) instead of the
        /// zero-deficit / purged baseline.
        #[arg(long)]
        raw: bool,
        /// wiod, oecd-icio: a tariff table importer,exporter,sector,rate|rate_pct (default: no
        /// tariffs).
        #[arg(long, value_name = "FILE")]
        tariffs: Option<PathBuf>,
        /// wiod, oecd-icio: trade elasticities sector,theta,citation overriding the defaults.
        #[arg(long, value_name = "FILE")]
        theta: Option<PathBuf>,
        /// oecd-icio: base year, if the file name does not tell it; gravity: the panel year.
        #[arg(long)]
        year: Option<i32>,
        /// gravity: the trade elasticity θ (default 4, Simonovska & Waugh 2014).
        #[arg(long, value_name = "THETA")]
        trade_elasticity: Option<f64>,
        /// Replace an existing dataset in --out.
        #[arg(long)]
        force: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Aggregate a dataset to coarser regions and/or sectors.
    Aggregate {
        /// The dataset directory.
        dir: PathBuf,
        /// Region map: CSV `code,group[,group_name]`; every region once.
        #[arg(long, value_name = "MAP.csv")]
        regions: Option<PathBuf>,
        /// Sector map: CSV `code,group[,group_name]`; every sector once.
        #[arg(long, value_name = "MAP.csv")]
        sectors: Option<PathBuf>,
        /// Directory to write the aggregated dataset to.
        #[arg(long)]
        out: PathBuf,
        /// Name of the new dataset (default: the source's name with -agg).
        #[arg(long)]
        name: Option<String>,
        /// Replace an existing dataset in --out.
        #[arg(long)]
        force: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Summarise a dataset: GDP and openness by region, largest flows, balance residuals,
    /// warnings.
    Inspect {
        /// The dataset directory.
        dir: PathBuf,
        /// How many bilateral flows to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Skip the base solve (how far the baseline is from an equilibrium).
        #[arg(long)]
        no_solve: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
}

pub fn run(a: Args) -> anyhow::Result<()> {
    match a.which {
        Which::BuildDefault(b) => super::world::run(b)?,
        Which::Import {
            kind,
            src,
            out,
            raw,
            tariffs,
            theta,
            year,
            trade_elasticity,
            force,
            format,
        } => {
            let kind: ImportKind = kind.into();
            let opts = ImportOptions {
                raw,
                tariffs,
                theta,
                year,
                trade_elasticity,
                force,
            };
            let rep = data_cmd::import(kind, &src, &out, &opts)
                .with_context(|| format!("importing {}", kind.name()))?;
            print(&rep, format)?;
        }
        Which::Aggregate {
            dir,
            regions,
            sectors,
            out,
            name,
            force,
            format,
        } => {
            let rep = data_cmd::aggregate(
                &dir,
                regions.as_deref(),
                sectors.as_deref(),
                &out,
                name.as_deref(),
                force,
            )
            .with_context(|| format!("aggregating {}", dir.display()))?;
            print(&rep, format)?;
        }
        Which::Inspect {
            dir,
            top,
            no_solve,
            format,
        } => {
            let rep = data_cmd::inspect(&dir, top, !no_solve)
                .with_context(|| format!("inspecting {}", dir.display()))?;
            print(&rep, format)?;
        }
    }
    Ok(())
}
