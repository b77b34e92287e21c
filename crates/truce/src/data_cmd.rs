//! The pipelines behind `truce data import | aggregate | inspect`.
//!
//! Every pipeline returns a [`Report`]; the ones that write a dataset write it whole or not at
//! all: the files go to a temporary directory beside the target, which is renamed into place
//! only when every file was written ([`write_dataset_dir`]).

use crate::Error;
use std::path::{Path, PathBuf};
use truce_data::aggregate::{aggregate as aggregate_dataset, GroupMap};
use truce_data::import::{cp2015, oecd_icio, ossa2014, tariffwar, wiod};
use truce_data::inspect::{inspect as inspect_dataset, Inspection};
use truce_data::{read_dataset, write_dataset, Dataset};
use truce_output::{
    DataAggregateOutput, DataImportFolderOutput, DataImportOutput, DataSplitSectorOutput,
    DatasetWritten, Header, InspectOutput, Source, SplitCostShare, SplitRegion,
};
use truce_report::{Align, Cell, Report, Table};

/// The sources `truce data import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// Caliendo & Parro (2015) replication files.
    Cp2015,
    /// Ossa (2014) data.
    Ossa2014,
    /// WIOD 2013 release, one year's CSV table.
    Wiod,
    /// OECD ICIO CSV layout.
    OecdIcio,
    /// A one-sector gravity panel (exporter, importer, year, trade[, Y, E]).
    Gravity,
    /// A MATLAB v7.3 MAT-file of the `tariffwar` / `ustariff` packages, or a folder of them.
    Tariffwar,
}

impl ImportKind {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ImportKind::Cp2015 => "cp2015",
            ImportKind::Ossa2014 => "ossa2014",
            ImportKind::Wiod => "wiod",
            ImportKind::OecdIcio => "oecd-icio",
            ImportKind::Gravity => "gravity",
            ImportKind::Tariffwar => "tariffwar",
        }
    }
}

/// Options of `truce data import`; each kind accepts only some of them.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// cp2015, ossa2014: the raw data instead of the zero-deficit / purged baseline.
    pub raw: bool,
    /// wiod, oecd-icio: a tariff table in truce's format.
    pub tariffs: Option<PathBuf>,
    /// wiod, oecd-icio: θ overrides (`sector,theta,citation`).
    pub theta: Option<PathBuf>,
    /// oecd-icio: base year, when the file name does not tell it; gravity: the panel year to
    /// take (required when the panel has several).
    pub year: Option<i32>,
    /// gravity: the trade elasticity θ (default [`GRAVITY_DEFAULT_THETA`]).
    pub trade_elasticity: Option<f64>,
    /// tariffwar: the elasticity set (default `IS`, in-sample).
    pub elasticity: Option<tariffwar::ElasticitySet>,
    /// tariffwar: million USD added to every domestic cell (default: 1 for ICIO, 0 for WIOD,
    /// as the packages do).
    pub domestic_pad: Option<f64>,
    /// tariffwar: read the flows as border values instead of spending gross of tariffs.
    pub border_valued: bool,
    /// Replace an existing dataset directory.
    pub force: bool,
}

fn usage(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

/// Build the dataset of `kind` from `src` (without writing it).
///
/// # Errors
/// [`Error::Usage`] for an option the kind does not take; [`Error::Data`] for anything wrong
/// with the source (file, row, column, value, fix).
pub fn build(kind: ImportKind, src: &Path, opts: &ImportOptions) -> Result<Dataset, Error> {
    let only = |ok: bool, flag: &str, kinds: &str| {
        if ok {
            Ok(())
        } else {
            Err(usage(format!(
                "{flag} does not apply to `{}`; it is an option of {kinds}",
                kind.name()
            )))
        }
    };
    let io = matches!(kind, ImportKind::Wiod | ImportKind::OecdIcio);
    only(!opts.raw || !io, "--raw", "cp2015 and ossa2014")?;
    only(
        opts.tariffs.is_none() || io,
        "--tariffs",
        "wiod and oecd-icio",
    )?;
    only(opts.theta.is_none() || io, "--theta", "wiod and oecd-icio")?;
    only(
        opts.year.is_none() || matches!(kind, ImportKind::OecdIcio | ImportKind::Gravity),
        "--year",
        "oecd-icio and gravity",
    )?;
    only(
        opts.trade_elasticity.is_none() || kind == ImportKind::Gravity,
        "--trade-elasticity",
        "gravity",
    )?;
    let tw = kind == ImportKind::Tariffwar;
    only(opts.elasticity.is_none() || tw, "--elasticity", "tariffwar")?;
    only(
        opts.domestic_pad.is_none() || tw,
        "--domestic-pad",
        "tariffwar",
    )?;
    only(!opts.border_valued || tw, "--border-valued", "tariffwar")?;
    if !src.exists() {
        return Err(usage(format!(
            "{} does not exist: pass the source {} (the shared copies are in ../shared/data: \
             cp2015, ossa2014, wiod2013)",
            src.display(),
            if tw {
                "MAT-file (e.g. ../shared/data/tariffwar_mat/mat/ICIO2022.mat)"
            } else if matches!(kind, ImportKind::OecdIcio | ImportKind::Gravity) {
                "CSV file"
            } else {
                "folder"
            }
        )));
    }
    Ok(match kind {
        ImportKind::Cp2015 => cp2015::import_cp2015(src, cp2015::Cp2015Options { raw: opts.raw })?,
        ImportKind::Ossa2014 => {
            ossa2014::import_ossa2014(src, ossa2014::Ossa2014Options { raw: opts.raw })?
        }
        ImportKind::Wiod => wiod::import_wiod(
            src,
            &wiod::WiodOptions {
                tariffs: opts.tariffs.clone(),
                theta: opts.theta.clone(),
            },
        )?,
        ImportKind::OecdIcio => oecd_icio::import_oecd_icio(
            src,
            &oecd_icio::IcioOptions {
                year: opts.year,
                tariffs: opts.tariffs.clone(),
                theta: opts.theta.clone(),
            },
        )?,
        ImportKind::Gravity => import_gravity(src, opts)?,
        ImportKind::Tariffwar => {
            if src.is_dir() {
                return Err(usage(format!(
                    "{} is a folder: `truce data import tariffwar` writes one dataset per \
                     MAT-file in it (use data_cmd::import)",
                    src.display()
                )));
            }
            tariffwar::import_tariffwar(src, &tariffwar_options(opts))?
        }
    })
}

fn tariffwar_options(opts: &ImportOptions) -> tariffwar::TariffwarOptions {
    tariffwar::TariffwarOptions {
        elasticity: opts.elasticity.unwrap_or(tariffwar::ElasticitySet::IS),
        domestic_pad: opts.domestic_pad,
        valuation: if opts.border_valued {
            tariffwar::FlowValuation::Border
        } else {
            tariffwar::FlowValuation::GrossOfTariffs
        },
    }
}

/// θ of `truce data import gravity` when `--trade-elasticity` is not given: "roughly four",
/// Simonovska, I. and Waugh, M. E. (2014), "The elasticity of trade: Estimates and evidence",
/// *Journal of International Economics* 92(1): 34–50 (also the θ of both gravity examples).
pub const GRAVITY_DEFAULT_THETA: f64 = 4.0;

/// A one-sector gravity panel as a dataset: one traded sector `ALL`, no intermediates, flows as
/// observed (domestic sales included), no tariffs (`truce_gravity::import` reads and validates).
fn import_gravity(src: &Path, opts: &ImportOptions) -> Result<Dataset, Error> {
    use truce_data::dataset::{Manifest, Source};
    let theta = opts.trade_elasticity.unwrap_or(GRAVITY_DEFAULT_THETA);
    if !(theta.is_finite() && theta > 0.0) {
        return Err(usage(format!(
            "--trade-elasticity {theta}: the trade elasticity θ must be positive (e.g. 4)"
        )));
    }
    let g = truce_gravity::import(src, opts.year.map(i64::from), theta)?;
    let file = src
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| src.display().to_string());
    let sources = vec![
        Source {
            id: "panel".into(),
            citation: format!("gravity panel {file}, year {} (as supplied)", g.year),
            licence: "as distributed with the panel; check its terms before redistributing".into(),
            url: None,
            used_for: Some("bilateral flows, domestic sales included".into()),
        },
        Source {
            id: "theta".into(),
            citation: if opts.trade_elasticity.is_some() {
                "trade elasticity given with --trade-elasticity".into()
            } else {
                "Simonovska, I. and Waugh, M. E. (2014), 'The elasticity of trade: Estimates and \
                 evidence', Journal of International Economics 92(1): 34–50 ('roughly four')"
                    .into()
            },
            licence: "published estimate".into(),
            url: None,
            used_for: Some("trade elasticity θ".into()),
        },
    ];
    let stem = Path::new(&file)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "gravity".into());
    let mut m = Manifest::for_baseline(
        &g.baseline,
        &format!("{stem}-{}", g.year),
        &format!("One-sector gravity panel {file}, {}", g.year),
        g.year as i32,
        "USD",
        "one",
        sources,
        Some("theta"),
    );
    m.description = "One traded sector, no intermediate inputs (value-added share 1),                      Armington/Eaton–Kortum gravity solved in changes by the Caliendo–Parro                      engine; flows as observed, domestic sales on the diagonal."
        .into();
    m.notes.push(
        "Money values are in the panel's own units (reported here as `one` USD); every result \
         is a ratio, so the unit does not matter."
            .into(),
    );
    if g.regions
        .iter()
        .any(|r| r.output_column.is_some() || r.expenditure_column.is_some())
    {
        m.notes.push(
            "The panel's Y/E columns are not used: output and expenditure are the sums of the \
             observed flows (exact hat algebra); see docs/gravity.md for gegravity's levels mode, \
             which uses them."
                .into(),
        );
    }
    Ok(Dataset::new(m, g.baseline, Default::default())?)
}

/// `truce data import KIND SRC --out DIR`: build and write the dataset; the report lists its
/// dimensions, totals and the treatments applied.
///
/// # Errors
/// As [`build`]; [`Error::Usage`] when `out` exists and is not empty (without `force`), or is
/// not a dataset; [`Error::Write`] when the files cannot be written (nothing is left behind).
pub fn import(
    kind: ImportKind,
    src: &Path,
    out: &Path,
    opts: &ImportOptions,
) -> Result<Report, Error> {
    if kind == ImportKind::Tariffwar && src.is_dir() {
        check_out_folder(out, opts.force)?;
        return import_tariffwar_folder(src, out, opts);
    }
    check_out(out, opts.force)?;
    let ds = build(kind, src, opts)?;
    write_dataset_dir(&ds, out, opts.force)?;
    let output = DataImportOutput {
        header: Header::of::<DataImportOutput>(),
        written: written(&ds, out),
    };
    Ok(written_report(
        &ds,
        out,
        &format!("imported {}", kind.name()),
        Report::of(&output),
    ))
}

/// A folder of `tariffwar` MAT-files: every file is read and checked first, then one dataset
/// per file is written to `out/<stem>` (`out/ICIO2022`, …), all of them or none.
fn import_tariffwar_folder(src: &Path, out: &Path, opts: &ImportOptions) -> Result<Report, Error> {
    let all = tariffwar::import_tariffwar_dir(src, &tariffwar_options(opts))?;
    replace_dir(out, |tmp| {
        for (stem, ds) in &all {
            write_dataset(ds, &tmp.join(stem))?;
        }
        Ok(())
    })?;
    let mut t = Table::new(
        format!(
            "imported {} MAT-files from {} → {}",
            all.len(),
            src.display(),
            out.display()
        ),
        &[
            "dataset",
            "folder",
            "regions",
            "sectors",
            "base year",
            "world GDP (million USD)",
        ],
    );
    let mut datasets = Vec::new();
    for (stem, ds) in &all {
        let b = &ds.baseline;
        let gdp = b.world_value_added();
        t.push(vec![
            Cell::text(&ds.manifest.name),
            Cell::text(out.join(stem).display().to_string()),
            Cell::text(b.dims().n.to_string()),
            Cell::text(b.dims().j.to_string()),
            Cell::text(ds.manifest.base_year.to_string()),
            Cell::num(gdp, 0),
        ]);
        datasets.push(written(ds, &out.join(stem)));
    }
    let output = DataImportFolderOutput {
        header: Header::of::<DataImportFolderOutput>(),
        src: src.display().to_string(),
        out: out.display().to_string(),
        datasets,
    };
    Ok(Report::of(&output).with_table(t))
}

/// `truce data aggregate DIR --regions MAP --sectors MAP --out DIR2`. A missing map keeps that
/// dimension as it is.
///
/// # Errors
/// [`Error::Data`] for an unreadable dataset or map (unknown, duplicated or missing codes);
/// [`Error::Usage`] for an occupied output directory; [`Error::Write`].
pub fn aggregate(
    dir: &Path,
    regions: Option<&Path>,
    sectors: Option<&Path>,
    out: &Path,
    name: Option<&str>,
    force: bool,
) -> Result<Report, Error> {
    check_out(out, force)?;
    if same_dir(dir, out) {
        return Err(usage(
            "--out must differ from the source dataset: the aggregate is a new dataset",
        ));
    }
    let ds = read_dataset(dir)?;
    let rc: Vec<&str> = ds
        .manifest
        .regions
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    let sc: Vec<&str> = ds
        .manifest
        .sectors
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    let rmap = match regions {
        Some(p) => GroupMap::read(p, "region", &rc)?,
        None => GroupMap::identity(&rc),
    };
    let smap = match sectors {
        Some(p) => GroupMap::read(p, "sector", &sc)?,
        None => GroupMap::identity(&sc),
    };
    let agg = aggregate_dataset(&ds, &rmap, &smap, name)?;
    write_dataset_dir(&agg, out, force)?;
    let output = DataAggregateOutput {
        header: Header::of::<DataAggregateOutput>(),
        written: written(&agg, out),
    };
    Ok(written_report(
        &agg,
        out,
        &format!(
            "aggregated {} ({} × {}) to",
            ds.manifest.name,
            rc.len(),
            sc.len()
        ),
        Report::of(&output),
    ))
}

/// `truce data split-sector DIR --spec SPEC.toml --out DIR2`: carve a small sector (e.g.
/// rare earths) out of one or more aggregates of the dataset in `dir`
/// ([`truce_data::split`]), write the new dataset whole or not at all, and report what was
/// carved (output, exports, absorption by region; cost shares of the users).
///
/// # Errors
/// [`Error::Usage`] for an `--out` that exists (without `force`) or is the source;
/// [`Error::Data`] for an unreadable dataset or spec, or a spec the dataset cannot take (the
/// message names the spec file, line, field and value: a share outside (0, 1), an unknown
/// code, exports above output, uses above absorption, …).
pub fn split_sector(dir: &Path, spec: &Path, out: &Path, force: bool) -> Result<Report, Error> {
    check_out(out, force)?;
    if same_dir(dir, out) {
        return Err(usage(
            "--out must differ from the source dataset: the split is a new dataset",
        ));
    }
    let ds = read_dataset(dir)?;
    let spec = truce_data::split::SplitSpec::load(spec)?;
    let (split, r) = truce_data::split::split_sector(&ds, &spec)?;
    write_dataset_dir(&split, out, force)?;
    let output = DataSplitSectorOutput {
        header: Header::of::<DataSplitSectorOutput>(),
        written: written(&split, out),
        split_sector: r.code.clone(),
        split_regions: r
            .output
            .iter()
            .enumerate()
            .map(|(k, (code, y))| SplitRegion {
                code: code.clone(),
                output: *y,
                exports: r.exports[k].1,
                absorption: r.absorption[k].1,
                final_share: r.final_share[k].1,
            })
            .collect(),
        split_cost_shares: r
            .cost_shares
            .iter()
            .map(|(region, sector, share)| SplitCostShare {
                region: region.clone(),
                sector: sector.clone(),
                share: *share,
            })
            .collect(),
    };
    let mut report = written_report(
        &split,
        out,
        &format!("split {} out of {} into", r.code, ds.manifest.name),
        Report::of(&output),
    );
    let unit = format!("{} {}", split.manifest.unit, split.manifest.currency);
    let mut t = Table::new(
        format!("{}: the carved sector by region ({unit})", r.code),
        &[
            "region",
            "output",
            "exports",
            "absorption",
            "final-demand share",
        ],
    );
    for x in &output.split_regions {
        t.push(vec![
            Cell::text(&x.code),
            Cell::num(x.output, 6),
            Cell::num(x.exports, 6),
            Cell::num(x.absorption, 6),
            Cell::num(x.final_share, 3),
        ]);
    }
    let mut c = Table::new(
        format!("{}: cost share in its users (%)", r.code),
        &["region", "sector", "cost share %"],
    );
    for x in &output.split_cost_shares {
        c.push(vec![
            Cell::text(&x.region),
            Cell::text(&x.sector),
            Cell::num(100.0 * x.share, 4),
        ]);
    }
    report = report.with_table(t).with_table(c);
    Ok(report)
}

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

/// Refuse to write into a non-empty directory unless `force` and it holds a dataset.
fn check_out(out: &Path, force: bool) -> Result<(), Error> {
    if out.is_file() {
        return Err(usage(format!(
            "--out {} is a file; give a directory for the dataset",
            out.display()
        )));
    }
    if out.is_dir() {
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            if !force {
                return Err(usage(format!(
                    "{} exists and is not empty: choose another --out, or pass --force to \
                     replace the dataset there",
                    out.display()
                )));
            }
            if !out.join("dataset.toml").is_file() {
                return Err(usage(format!(
                    "{} is not a truce dataset (no dataset.toml): --force only replaces a \
                     dataset; choose another --out",
                    out.display()
                )));
            }
        }
    }
    Ok(())
}

/// `--out` of a folder import (one dataset per file in it): absent, empty, or with `--force` a
/// folder that holds only datasets (an earlier folder import), which is replaced whole.
fn check_out_folder(out: &Path, force: bool) -> Result<(), Error> {
    if out.is_file() {
        return Err(usage(format!(
            "--out {} is a file; give a directory for the datasets",
            out.display()
        )));
    }
    let Ok(entries) = std::fs::read_dir(out) else {
        return Ok(());
    };
    let entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    if entries.is_empty() {
        return Ok(());
    }
    if !force {
        return Err(usage(format!(
            "{} exists and is not empty: choose another --out, or pass --force to replace the \
             datasets there",
            out.display()
        )));
    }
    if let Some(other) = entries.iter().find(|p| !p.join("dataset.toml").is_file()) {
        return Err(usage(format!(
            "{} holds {}, which is not a truce dataset (no dataset.toml): --force only \
             replaces a folder of datasets; choose another --out",
            out.display(),
            other.display()
        )));
    }
    Ok(())
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Write `ds` into `out` whole or not at all: the files are written (atomically) into a fresh
/// temporary directory beside `out`, which then takes its place; an existing dataset there is
/// replaced only when `force` is set. On failure nothing is left behind.
///
/// # Errors
/// [`Error::Usage`] for an occupied `out` (see [`import`]); [`Error::Data`]/[`Error::Write`]
/// when writing or renaming fails.
pub fn write_dataset_dir(ds: &Dataset, out: &Path, force: bool) -> Result<(), Error> {
    check_out(out, force)?;
    replace_dir(out, |tmp| write_dataset(ds, tmp).map_err(Error::from))
}

/// Fill a fresh temporary directory beside `out` with `fill`, then let it take `out`'s place
/// (an existing `out` is moved aside and removed only once the new one is in place). On any
/// failure the temporary directory is removed and `out` is left as it was.
fn replace_dir(out: &Path, fill: impl FnOnce(&Path) -> Result<(), Error>) -> Result<(), Error> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .ok_or_else(|| usage(format!("--out {} names no directory", out.display())))?;
    std::fs::create_dir_all(&parent).map_err(|e| write_error(&parent, e))?;
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    if let Err(e) = fill(&tmp) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had = out.exists();
    if had {
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(write_error(out, e));
        }
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if had {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(write_error(out, e));
    }
    if had {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

fn write_error(p: &Path, e: std::io::Error) -> Error {
    Error::Write(truce_report::WriteError {
        path: p.to_path_buf(),
        source: e,
    })
}

fn written(ds: &Dataset, out: &Path) -> DatasetWritten {
    let b = &ds.baseline;
    let d = b.dims();
    let m = &ds.manifest;
    let mut files = vec![
        "dataset.toml".to_string(),
        m.tables.trade.clone(),
        m.tables.tariffs.clone(),
        m.tables.io_shares.clone(),
        m.tables.value_added.clone(),
        m.tables.final_demand.clone(),
    ];
    files.extend(m.tables.export_taxes.clone());
    files.extend(m.tables.deficits.clone());
    files.extend(m.tables.alt_tariffs.values().cloned());
    DatasetWritten {
        dataset: m.name.clone(),
        title: m.title.clone(),
        out: out.display().to_string(),
        files,
        regions: d.n,
        sectors: d.j,
        tradable_sectors: b.sectors().iter().filter(|s| s.tradable).count(),
        base_year: m.base_year,
        currency: m.currency.clone(),
        unit: m.unit.clone(),
        sources: m.sources.iter().map(|s| s.id.clone()).collect(),
        elasticity_aggregation: m.elasticity_aggregation.clone(),
        notes: m.notes.clone(),
    }
}

fn written_report(ds: &Dataset, out: &Path, verb: &str, report: Report) -> Report {
    let b = &ds.baseline;
    let d = b.dims();
    let m = &ds.manifest;
    let tradable = b.sectors().iter().filter(|s| s.tradable).count();
    let mut t = Table::new(
        format!(
            "{verb} {} → {} ({} regions × {} sectors, {} tradable; {} {}, base year {})",
            m.name,
            out.display(),
            d.n,
            d.j,
            tradable,
            m.unit,
            m.currency,
            m.base_year
        ),
        &["region", "name", "GDP", "gross output"],
    )
    .align(1, Align::Left);
    for n in 0..d.n {
        let y: f64 = (0..d.j).map(|j| b.gross_output()[d.nj(n, j)]).sum();
        t.push(vec![
            Cell::text(&b.regions()[n].code),
            Cell::text(&b.regions()[n].name),
            Cell::num(b.value_added()[n], 1),
            Cell::num(y, 1),
        ]);
    }
    let mut r = report.with_table(t);
    for n in &m.notes {
        r = r.with_note(n.clone());
    }
    r.with_note(format!(
        "inspect it with `truce data inspect {}`",
        out.display()
    ))
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
