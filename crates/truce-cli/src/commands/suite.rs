//! `truce suite`: the ustariff package's 34 US scenarios × retaliation modes, one tidy table.

use crate::output::{print, FormatArg};
use anyhow::Context;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A dataset imported with `truce data import tariffwar` (e.g. ICIO 2022).
    #[arg(long, value_name = "DIR")]
    dataset: String,
    /// The Liberation Day schedule folder.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "../shared/data/tariffwar_mat/reciprocal_tariffs"
    )]
    schedule: PathBuf,
    /// Retaliation modes, comma-separated (the package runs none,reciprocal).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "none,reciprocal",
        value_parser = super::run::parse_retaliation
    )]
    retaliation: Vec<truce::war::scenario::Retaliation>,
    /// Add scenario rates on top of the factual tariffs instead of replacing them.
    #[arg(long)]
    on_top: bool,
    /// Write the tidy table here, atomically: CSV, Parquet when FILE ends in `.parquet`, or the
    /// JSON output when FILE ends in `.json` (one of these extensions, nothing else).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let modes = a.retaliation.clone();
    let kind = match &a.out {
        Some(out) => match out.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => "csv",
            Some(e) if e.eq_ignore_ascii_case("json") => "json",
            Some(e) if e.eq_ignore_ascii_case("parquet") => "parquet",
            _ => anyhow::bail!(
                "--out {}: give a .csv or .parquet file (the tidy table) or a .json file (the typed output)",
                out.display()
            ),
        },
        None => "csv",
    };
    let ds = truce::dataset::resolve(&a.dataset)
        .with_context(|| format!("loading dataset {}", a.dataset))?;
    let conv = if a.on_top {
        truce::war::scenario::RateConvention::OnTop
    } else {
        truce::war::scenario::RateConvention::Replace
    };
    let s = truce::us_scenarios::suite(&ds, &a.schedule, &modes, conv)
        .context("running the US scenario suite")?;
    if let Some(out) = &a.out {
        let bytes = match kind {
            "json" => truce::output::to_json(&s.output()).into_bytes(),
            "parquet" => truce::report::Report::of(&s.output()).to_parquet()?,
            _ => s.csv().into_bytes(),
        };
        truce::report::write_atomic(out, &bytes)
            .with_context(|| format!("writing {}", out.display()))?;
    }
    print(&s.report(), a.format)?;
    Ok(())
}
