//! `truce data inspect`: a dataset's summary as a typed output and a report.

use crate::Error;
use std::path::Path;
use truce_data::inspect::{inspect as inspect_dataset, Inspection};
use truce_data::read_dataset;
use truce_output::{Header, InspectOutput, Source};
use truce_report::{Align, Cell, Report, Table};

/// `truce data inspect DIR`: the summary as a report (tables: regions, top flows,
/// identities; notes: dimensions, sources, warnings).
///
/// # Errors
/// [`Error::Data`] for an unreadable or invalid dataset.
pub fn inspect(dir: &Path, top: usize, solve: bool) -> Result<Report, Error> {
    let ds = read_dataset(dir)?;
    Ok(inspection_report(&inspect_dataset(&ds, top, solve)))
}

/// The typed result of `truce data inspect` (`data inspect` output, docs/output-schema.md).
pub fn inspection_output(s: &Inspection) -> InspectOutput {
    InspectOutput {
        header: Header::of::<InspectOutput>(),
        name: s.name.clone(),
        title: s.title.clone(),
        base_year: s.base_year,
        currency: s.currency.clone(),
        unit: s.unit.clone(),
        stylised: s.stylised,
        sources: s
            .sources
            .iter()
            .map(|(id, citation)| Source {
                id: id.clone(),
                citation: citation.clone(),
            })
            .collect(),
        regions: s.regions,
        sectors: s.sectors,
        tradable_sectors: s.tradable_sectors,
        alt_tariffs: s.alt_tariffs.clone(),
        world_gdp: s.world_gdp,
        world_trade: s.world_trade,
        by_region: s
            .by_region
            .iter()
            .map(|r| truce_output::RegionSummary {
                code: r.code.clone(),
                name: r.name.clone(),
                gdp: r.gdp,
                gdp_share: r.gdp_share,
                exports: r.exports,
                imports: r.imports,
                openness: r.openness,
                deficit: r.deficit,
                deficit_share: r.deficit_share,
                average_tariff: r.average_tariff,
            })
            .collect(),
        top_flows: s
            .top_flows
            .iter()
            .map(|f| truce_output::FlowSummary {
                exporter: f.exporter.clone(),
                importer: f.importer.clone(),
                value: f.value,
                share: f.share,
            })
            .collect(),
        identities: s
            .identities
            .iter()
            .map(|i| truce_output::Identity {
                name: i.name.clone(),
                identity: i.identity.clone(),
                max_gap: i.max_gap,
                at: i.at.clone(),
            })
            .collect(),
        equilibrium: s
            .equilibrium
            .as_ref()
            .map(|e| truce_output::EquilibriumCheck {
                converged: e.converged,
                max_abs_wage_change: e.max_abs_wage_change,
                at: e.at.clone(),
                iterations: e.iterations,
                millis: e.millis,
                message: e.message.clone(),
            }),
        warnings: s.warnings.clone(),
    }
}

fn inspection_report(s: &Inspection) -> Report {
    let money = |v: f64| Cell::num(v, 1);
    let mut regions = Table::new(
        format!(
            "{} — {} ({}, {} {}): {} regions × {} sectors ({} tradable)",
            s.name,
            s.title,
            s.base_year,
            s.unit,
            s.currency,
            s.regions,
            s.sectors,
            s.tradable_sectors
        ),
        &[
            "region",
            "GDP",
            "GDP share %",
            "exports",
            "imports",
            "openness %",
            "deficit % GDP",
            "avg tariff %",
        ],
    );
    for r in &s.by_region {
        regions.push(vec![
            Cell::text(&r.code),
            money(r.gdp),
            Cell::num(100.0 * r.gdp_share, 2),
            money(r.exports),
            money(r.imports),
            Cell::num(100.0 * r.openness, 1),
            Cell::num(100.0 * r.deficit_share, 2),
            Cell::num(100.0 * r.average_tariff, 2),
        ]);
    }
    let mut flows = Table::new(
        format!(
            "Largest bilateral flows (all sectors, {} {})",
            s.unit, s.currency
        ),
        &["exporter", "importer", "value", "share of world trade %"],
    );
    for f in &s.top_flows {
        flows.push(vec![
            Cell::text(&f.exporter),
            Cell::text(&f.importer),
            money(f.value),
            Cell::num(100.0 * f.share, 2),
        ]);
    }
    let mut ids = Table::new(
        "Balance residuals: how far the baseline is from the model's identities",
        &["identity", "max gap", "at", "definition"],
    )
    .align(2, Align::Left)
    .align(3, Align::Left);
    for i in &s.identities {
        ids.push(vec![
            Cell::text(&i.name),
            Cell::text(format!("{:.2e}", i.max_gap)),
            Cell::text(&i.at),
            Cell::text(&i.identity),
        ]);
    }
    if let Some(e) = &s.equilibrium {
        ids.push(vec![
            Cell::text("base solve"),
            Cell::text(match e.max_abs_wage_change {
                Some(g) => format!("{g:.2e}"),
                None => "no convergence".into(),
            }),
            Cell::text(e.at.clone().unwrap_or_default()),
            Cell::text(format!(
                "max |ŵ − 1| with every instrument at base, deficits fixed ({} iterations, {:.0} ms)",
                e.iterations, e.millis
            )),
        ]);
    }
    let mut r = Report::of(&inspection_output(s))
        .with_table(regions)
        .with_table(flows)
        .with_table(ids)
        .with_note(format!(
            "world GDP {:.1}, world trade {:.1} ({} {}); openness = (exports + imports) / GDP; \
             GDP = value added",
            s.world_gdp, s.world_trade, s.unit, s.currency
        ))
        .with_note(format!(
            "sources: {}",
            s.sources
                .iter()
                .map(|(id, _)| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    if !s.alt_tariffs.is_empty() {
        r = r.with_note(format!(
            "alternative tariff tables: {}",
            s.alt_tariffs.join(", ")
        ));
    }
    if s.warnings.is_empty() {
        r = r.with_note("no warnings");
    }
    for w in &s.warnings {
        r = r.with_note(format!("warning: {w}"));
    }
    r
}
