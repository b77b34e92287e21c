//! `truce replicate …`

use crate::output::{print, FormatArg};
use crate::progress::ProgressObserver;
use anyhow::{bail, Context};
use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use truce::replicate::{cp2015, ge_gravity, gegravity};

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
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DeficitsArg {
    Additive,
    Multiplicative,
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
            let mut progress = ProgressObserver::new("solving NAFTA counterfactual");
            let rep = cp2015::run(&data, base, &mut progress)
                .context("replicating Caliendo & Parro (2015) Table 2")?;
            drop(progress);
            print(&rep.report(), format);
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
            let mut progress = ProgressObserver::new("solving EU-enlargement counterfactual");
            let rep = ge_gravity::run(&data, deficits, &mut progress)
                .context("replicating ge_gravity's EU-enlargement example")?;
            drop(progress);
            print(&rep.report(), format);
            Ok(())
        }
        Which::Gegravity { data, format } => {
            require_dir(&data, "gegravity sample data")?;
            let mut progress = ProgressObserver::new("solving Canada–Japan PTA counterfactual");
            let rep = gegravity::run(&data, &mut progress)
                .context("replicating gegravity's Canada–Japan PTA example")?;
            drop(progress);
            print(&rep.report(), format);
            Ok(())
        }
    }
}
