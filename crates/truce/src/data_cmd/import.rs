//! `truce data import`: the sources it reads, their options, and the dataset each builds.

use super::{
    check_out, check_out_folder, replace_dir, usage, write_dataset_dir, written, written_report,
};
use crate::Error;
use std::path::{Path, PathBuf};
use truce_data::import::{cp2015, oecd_icio, ossa2014, tariffwar, wiod};
use truce_data::{write_dataset, Dataset};
use truce_output::{DataImportFolderOutput, DataImportOutput, Header};
use truce_report::{Cell, Report, Table};

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
