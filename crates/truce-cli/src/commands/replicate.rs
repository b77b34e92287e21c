//! `truce replicate …`

use crate::output::{print, FormatArg};
use crate::progress::ProgressLine;
use anyhow::{bail, Context};
use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use truce::replicate::{cp2015, ge_gravity, gegravity, ossa2014};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    which: Which,
}

#[derive(Debug, Subcommand)]
enum Which {
    /// Caliendo & Parro (2015), Table 2: the welfare effects of NAFTA's tariff cuts.
    Cp2015 {
        /// Folder of the replication data (holds original/ and base1993_zero_deficit/).
        #[arg(long, default_value = "../shared/data/cp2015")]
        data: PathBuf,
        /// Initial condition: the authors' zero-deficit base, or the raw 1993 data re-solved
        /// to zero deficits first.
        #[arg(long, value_enum, default_value_t = BaseArg::ZeroDeficit)]
        base: BaseArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Stata ge_gravity's example (Zylkin): the EU enlargements of 2000–2014 in one-sector
    /// gravity, exact hat algebra on the observed 2000 flows (θ = 4).
    GeGravity {
        /// Folder holding ge_gravity_example_data.csv.
        #[arg(long, default_value = "../shared/data/ge_gravity_example")]
        data: PathBuf,
        /// How trade deficits enter expenditure: additive (E = Yŵ + D, ge_gravity's default)
        /// or multiplicative (E = (Y + D)ŵ).
        #[arg(long, value_enum, default_value_t = DeficitsArg::Additive)]
        deficits: DeficitsArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// USITC gegravity's example (Herman): a Canada–Japan PTA in one-sector gravity, levels
    /// mode (fitted trade costs, σ = 5, reference importer DEU).
    Gegravity {
        /// Folder holding sample_data_set.dlm.
        #[arg(long, default_value = "../shared/data/gegravity_sample")]
        data: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Ossa (2014), Tables 3–5: optimal tariffs, Nash tariffs (trade war), cooperative tariffs
    /// (trade talks).
    Ossa2014 {
        /// Folder of the replication data (trade_ijs.csv, tariff_ijs.csv, lambda_pol.csv, …).
        #[arg(long, default_value = "../shared/data/ossa2014")]
        data: PathBuf,
        /// 3: optimal tariffs; 4: Nash tariffs; 5: cooperative tariffs.
        #[arg(long, value_parser = clap::value_parser!(u8).range(3..=5))]
        table: u8,
        /// Government objective: basic (λ ≡ 1) or political economy (calibrated λ).
        #[arg(long, value_enum, default_value_t = VersionArg::Pol)]
        version: VersionArg,
        /// Cap on the rounds of best responses of the Nash search (tables 4 and 5); a search
        /// still moving at the cap exits with code 3 and its residual, printing no table.
        #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
        max_rounds: u32,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DeficitsArg {
    Additive,
    Multiplicative,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum VersionArg {
    /// Basic: λ ≡ 1, welfare = real income.
    Bas,
    /// Political economy: calibrated λ (lambda_pol.csv).
    Pol,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum BaseArg {
    ZeroDeficit,
    Raw,
}

/// Fail with one clear line when a replication folder is missing.
pub fn require_dir(dir: &Path, what: &str) -> anyhow::Result<()> {
    if !dir.is_dir() {
        bail!(
            "the {what} are not at {}: pass --data DIR pointing to them (they ship in ../shared/data beside the repository)",
            dir.display()
        );
    }
    Ok(())
}

pub fn run(a: Args) -> anyhow::Result<()> {
    match a.which {
        Which::Cp2015 { data, base, format } => {
            require_dir(&data, "Caliendo–Parro (2015) replication data")?;
            let base = match base {
                BaseArg::ZeroDeficit => cp2015::Base::ZeroDeficit,
                BaseArg::Raw => cp2015::Base::Raw,
            };
            let mut progress = ProgressLine::new("solving NAFTA counterfactual");
            let rep = cp2015::run(&data, base, &mut progress)
                .context("replicating Caliendo & Parro (2015) Table 2")?;
            drop(progress);
            print(&rep.report(), format)?;
            Ok(())
        }
        Which::GeGravity {
            data,
            deficits,
            format,
        } => {
            require_dir(&data, "ge_gravity example data")?;
            let deficits = match deficits {
                DeficitsArg::Additive => ge_gravity::Deficits::Additive,
                DeficitsArg::Multiplicative => ge_gravity::Deficits::Multiplicative,
            };
            let mut progress = ProgressLine::new("solving EU-enlargement counterfactual");
            let rep = ge_gravity::run(&data, deficits, &mut progress)
                .context("replicating ge_gravity's EU-enlargement example")?;
            drop(progress);
            print(&rep.report(), format)?;
            Ok(())
        }
        Which::Gegravity { data, format } => {
            require_dir(&data, "gegravity sample data")?;
            let mut progress = ProgressLine::new("solving Canada–Japan PTA counterfactual");
            let rep = gegravity::run(&data, &mut progress)
                .context("replicating gegravity's Canada–Japan PTA example")?;
            drop(progress);
            print(&rep.report(), format)?;
            Ok(())
        }
        Which::Ossa2014 {
            data,
            table,
            version,
            max_rounds,
            format,
        } => {
            require_dir(&data, "Ossa (2014) replication data")?;
            let table = ossa2014::Table::from_number(table)?;
            let version = match version {
                VersionArg::Bas => truce::ossa::Version::Bas,
                VersionArg::Pol => truce::ossa::Version::Pol,
            };
            let mut progress = ProgressLine::new("loading Ossa (2014) data");
            let options = ossa2014::Options {
                max_rounds: max_rounds as usize,
            };
            let rep = ossa2014::run_with(&data, table, version, &options, &mut progress)
                .context("replicating Ossa (2014)")?;
            drop(progress);
            print(&rep.report(), format)?;
            Ok(())
        }
    }
}
