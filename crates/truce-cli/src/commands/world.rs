//! `truce data build-default`: rebuild the embedded default world (world2024) from its cited
//! facts and write it as a truce dataset.
//!
//! Wired as the `build-default` subcommand of `truce data` (commands/data.rs).

use crate::output::{print, FormatArg};
use anyhow::Context;
use std::path::PathBuf;
use truce::report::{Cell, Report, Table};
use truce::world::{self as world2024, CalibrationReport};

/// Arguments of `truce data build-default`.
#[derive(Debug, clap::Args)]
pub struct BuildDefaultArgs {
    /// Folder to write the dataset into (created if needed; its dataset files are replaced).
    #[arg(long, default_value = "data/world2024")]
    pub out: PathBuf,
    /// Folder holding facts.csv and wiod2011_structure.csv to build from (default: the copies
    /// of data/world2024_facts embedded in truce).
    #[arg(long)]
    pub facts: Option<PathBuf>,
    /// Output format of the calibration report.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

/// Run `truce data build-default`.
pub fn run(a: BuildDefaultArgs) -> anyhow::Result<()> {
    build_default(Some(a.out), a.facts, a.format)
}

/// Build world2024 (from the embedded facts, or from `facts`), write it to `out` (default
/// `data/world2024`) and print the calibration report.
pub fn build_default(
    out: Option<PathBuf>,
    facts: Option<PathBuf>,
    format: FormatArg,
) -> anyhow::Result<()> {
    let out = out.unwrap_or_else(|| PathBuf::from("data/world2024"));
    let cal = match &facts {
        Some(dir) => world2024::build_from_dir(dir),
        None => world2024::build(),
    }
    .context("building the default world (world2024)")?;
    world2024::write(&cal.dataset, &out)
        .with_context(|| format!("writing world2024 to {}", out.display()))?;
    let report = calibration_report(&cal.report, &cal.dataset, &out)?;
    print(&report, format)?;
    Ok(())
}

fn calibration_report(
    r: &CalibrationReport,
    ds: &truce::data::Dataset,
    out: &std::path::Path,
) -> anyhow::Result<Report> {
    let json = serde_json::to_value(r).context("serialising the calibration report")?;
    let find = |kind: &str, region: &str| {
        r.margins
            .iter()
            .find(|m| m.kind == kind && m.region == region && m.partner.is_none())
    };
    let b = &ds.baseline;
    let d = b.dims();
    let services = b.sector_index("SERVICES");
    let (mut gx, mut gm, mut sx, mut sm) = (
        vec![0.0; d.n],
        vec![0.0; d.n],
        vec![0.0; d.n],
        vec![0.0; d.n],
    );
    for j in 0..d.j {
        for n in 0..d.n {
            for i in 0..d.n {
                if i == n {
                    continue;
                }
                let v = b.flows()[d.nij(n, i, j)];
                if Some(j) == services {
                    sx[i] += v;
                    sm[n] += v;
                } else {
                    gx[i] += v;
                    gm[n] += v;
                }
            }
        }
    }
    let mut regions = Table::new(
        "world2024: GDP and trade by region, USD bn (target = the 2024 figure where there is one)",
        &[
            "region",
            "GDP",
            "goods exports target",
            "goods exports",
            "goods imports target",
            "goods imports",
            "services exports",
            "services imports",
            "deficit",
        ],
    );
    for (n, (code, _)) in world2024::REGIONS.iter().enumerate() {
        let target = |kind: &str| Cell::opt(find(kind, code).map(|m| m.target), 1);
        regions.push(vec![
            Cell::text(*code),
            Cell::num(b.value_added()[n], 1),
            target("goods_exports"),
            Cell::num(gx[n], 1),
            target("goods_imports"),
            Cell::num(gm[n], 1),
            Cell::num(sx[n], 1),
            Cell::num(sm[n], 1),
            Cell::num(b.deficit()[n], 1),
        ]);
    }
    let mut uc = Table::new(
        format!(
            "US–China goods trade and tariffs by sector on {} (the record's state: statutory rate, and the model's θ-consistent equivalent)",
            r.tariffs.baseline_date
        ),
        &[
            "sector",
            "US imports from CHN, USD bn",
            "US tariff %",
            "model %",
            "CHN imports from US, USD bn",
            "CHN tariff %",
            "model %",
        ],
    );
    for s in &r.us_china {
        uc.push(vec![
            Cell::text(&s.sector),
            Cell::num(s.us_imports_from_chn, 1),
            Cell::num(s.us_statutory_pct, 1),
            Cell::num(s.us_tariff_pct, 1),
            Cell::num(s.chn_imports_from_us, 1),
            Cell::num(s.chn_statutory_pct, 1),
            Cell::num(s.chn_tariff_pct, 1),
        ]);
    }
    let mut checks = Table::new("Calibration checks", &["check", "value"]);
    let mut row = |what: &str, v: String| checks.push(vec![Cell::text(what), Cell::text(v)]);
    row(
        "largest relative gap to a target",
        format!("{:.1e}", r.max_margin_rel_error),
    );
    row(
        "trade-table IPF",
        format!("{} sweeps, error {:.1e}", r.ipf.sweeps, r.ipf.max_rel_error),
    );
    let ras_sweeps = r.ras.iter().map(|x| x.info.sweeps).max().unwrap_or(0);
    row(
        "input–output RAS (worst region)",
        format!("{ras_sweeps} sweeps"),
    );
    let t = &r.tariffs;
    row(
        &format!(
            "US tariff on China, statutory, import-weighted (PIIE {:.1})",
            t.piie_us_on_chn_pct
        ),
        format!("{:.2} %", t.us_on_chn_avg_pct),
    );
    row(
        &format!(
            "China tariff on the US, statutory, import-weighted (PIIE {:.1})",
            t.piie_chn_on_us_pct
        ),
        format!("{:.2} %", t.chn_on_us_avg_pct),
    );
    row(
        "same, the model's θ-consistent rates (US on China / China on US)",
        format!(
            "{:.2} % / {:.2} %",
            t.us_on_chn_model_avg_pct, t.chn_on_us_model_avg_pct
        ),
    );
    row(
        "pre-war (1 Jan 2018 schedules, 2024 weights; PIIE 3.1 / 8.0)",
        format!(
            "{:.2} % / {:.2} %",
            t.us_on_chn_prewar_pct, t.chn_on_us_prewar_pct
        ),
    );
    row(
        "record measures in force on the baseline date",
        format!("{}", t.record_measures.len()),
    );
    row(
        "zero shock: max |ŵ − 1|",
        format!("{:.1e}", r.equilibrium.wage_max_abs_change),
    );
    row(
        "zero shock re-based: max flow change",
        format!("{:.1e}", r.equilibrium.rebased_flow_max_rel_change),
    );
    for s in &r.rare_earths {
        row(
            &format!(
                "rare-earth share of CHN {} exports (world / to US)",
                s.sector
            ),
            format!("{:.4} / {:.4}", s.world, s.to_usa),
        );
    }
    row(
        "electronics share of WIOD electrical & optical (φ)",
        format!("{:.4}", r.electronics_share),
    );
    Ok(Report::new(json)
        .with_table(regions)
        .with_table(uc)
        .with_table(checks)
        .with_note(format!(
            "Tariffs are the US–China record's policy state on {}: pre-war tariffs plus every record measure in force that day (data/us_china_measures/record.toml), so `truce timeline` reproduces this baseline on that date.",
            t.baseline_date
        ))
        .with_note(r.stylised_note.clone())
        .with_note(format!("written to {}", out.display())))
}
