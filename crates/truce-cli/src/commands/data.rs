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
    /// A MATLAB v7.3 MAT-file of the tariffwar/ustariff packages (WIOD 44 × 16, OECD ICIO
    /// 81 × 28, with tariffs and eight elasticity sets), or a folder of them (one dataset per
    /// file, written to --out/<file stem>).
    Tariffwar,
}

impl From<Kind> for ImportKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Cp2015 => ImportKind::Cp2015,
            Kind::Ossa2014 => ImportKind::Ossa2014,
            Kind::Wiod => ImportKind::Wiod,
            Kind::OecdIcio => ImportKind::OecdIcio,
            Kind::Gravity => ImportKind::Gravity,
            Kind::Tariffwar => ImportKind::Tariffwar,
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
        /// tariffwar: the elasticity set, one of U4, IS, CP, BSY, GYY, Shap, FGO, LL (default IS,
        /// in-sample).
        #[arg(long, value_name = "SET")]
        elasticity: Option<String>,
        /// tariffwar: million USD added to every domestic cell in every sector (default 1 for
        /// ICIO files and 0 for WIOD files, as the packages do).
        #[arg(long, value_name = "MUSD")]
        domestic_pad: Option<f64>,
        /// tariffwar: read the file's flows as border values (before tariffs) instead of
        /// spending gross of tariffs (the packages' convention).
        #[arg(long)]
        border_valued: bool,
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
    /// Carve a small sector (e.g. rare earths) out of one or more sectors of a dataset, from
    /// shares of output, of bilateral flows and of buyers' uses given in a spec file
    /// (docs/data-format.md, "split-sector"); the result is still an equilibrium.
    SplitSector {
        /// The dataset directory.
        dir: PathBuf,
        /// The split spec (TOML): the new sector's code, name and θ, and one [[carve]] per
        /// parent sector.
        #[arg(long, value_name = "SPEC.toml")]
        spec: PathBuf,
        /// Directory to write the new dataset to (must be new or empty; see --force).
        #[arg(long)]
        out: PathBuf,
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
            elasticity,
            domestic_pad,
            border_valued,
            force,
            format,
        } => {
            let kind: ImportKind = kind.into();
            let elasticity = match elasticity {
                Some(e) => Some(
                    e.parse::<truce::data::import::tariffwar::ElasticitySet>()
                        .map_err(|m| anyhow::anyhow!("--elasticity: {m}"))?,
                ),
                None => None,
            };
            let opts = ImportOptions {
                raw,
                tariffs,
                theta,
                year,
                trade_elasticity,
                elasticity,
                domestic_pad,
                border_valued,
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
        Which::SplitSector {
            dir,
            spec,
            out,
            force,
            format,
        } => {
            let rep = data_cmd::split_sector(&dir, &spec, &out, force)
                .with_context(|| format!("splitting a sector out of {}", dir.display()))?;
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
