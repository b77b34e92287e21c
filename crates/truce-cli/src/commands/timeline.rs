//! `truce timeline`

use crate::output::{print, FormatArg};
use crate::progress::ProgressLine;
use anyhow::{anyhow, Context};
use std::path::PathBuf;
use truce::scenario::Date;
use truce::timeline::{timeline, TimelineOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// First date, YYYY-MM-DD (default 2018-01-01, the pre-war state).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last date, YYYY-MM-DD (default 2026-07-31, the end of the record).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Dataset name or folder.
    #[arg(long, value_name = "NAME|DIR", default_value = "world2024")]
    dataset: String,
    /// Measure outcomes against the pre-war state (1 January 2018) instead of the baseline.
    #[arg(long, value_name = "STEP", value_parser = ["baseline", "pre-war"])]
    relative_to: Option<String>,
    /// Write timeline.csv, timeline.json and the charts (tariffs, welfare, trade; SVG and
    /// PNG) into this folder (all or nothing).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The record to replay: the whole 2025 tariff wall (every US partner's measures and
    /// Canada's retaliation) or the US–China measures alone.
    #[arg(long, value_name = "RECORD", value_parser = ["tariff-wall", "us-china"], default_value = "tariff-wall")]
    record: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
}

fn date(s: &Option<String>, flag: &str, default: Date) -> anyhow::Result<Date> {
    match s {
        None => Ok(default),
        Some(s) => s.parse().map_err(|e| anyhow!("--{flag}: {e}")),
    }
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let d = TimelineOptions::default();
    let opts = TimelineOptions {
        from: date(&a.from, "from", d.from)?,
        to: date(&a.to, "to", d.to)?,
        relative_to_prewar: a.relative_to.as_deref() == Some("pre-war"),
        record: a.record,
    };
    let ds = truce::dataset::resolve(&a.dataset).context("resolving --dataset")?;
    let line = ProgressLine::new("solving dates");
    let progress = |done: usize, total: usize| line.steps(done, total);
    let t = timeline(ds, &opts, &progress).context("replaying the record")?;
    drop(line);
    if let Some(dir) = &a.out {
        t.write(dir)
            .with_context(|| format!("writing the timeline to {}", dir.display()))?;
    }
    let mut report = t.report();
    if matches!(a.format, FormatArg::Csv) {
        report.tables.insert(0, t.series_table());
    }
    print(&report, a.format)?;
    Ok(())
}
