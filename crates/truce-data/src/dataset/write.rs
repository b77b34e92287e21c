//! Writing a dataset: deterministic bytes (shortest exact decimals, fixed row order), all files
//! together or none.

use super::Dataset;
use crate::atomic::write_files_atomic;
use crate::error::{DataError, DataErrorKind};
use crate::tidy::fmt_f64;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// appear together or none does.
///
/// Rates are written as fractions (column `rate`) and numbers in their shortest exact decimal
/// form, so [`crate::read_dataset`] gives back the same dataset bit for bit.
///
/// # Errors
/// If a file cannot be written.
pub fn write_dataset(ds: &Dataset, dir: &Path) -> Result<(), DataError> {
    let files = dataset_files(ds, dir)?;
    write_files_atomic(&files)
        .map_err(|e| DataError::file(&e.path, DataErrorKind::Io(e.source.to_string())))
}

/// The files [`write_dataset`] writes for `ds` into `dir`, as (path, bytes), without writing
/// them: for writing several datasets all-or-nothing with [`crate::write_files_atomic`].
///
/// # Errors
/// If the manifest cannot be serialised or names tables the dataset lacks.
pub fn dataset_files(ds: &Dataset, dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, DataError> {
    let b = &ds.baseline;
    let d = b.dims();
    let m = &ds.manifest;
    let t = &m.tables;
    let rcode = |n: usize| b.regions()[n].code.as_str();
    let scode = |j: usize| b.sectors()[j].code.as_str();
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();

    let manifest = toml::to_string_pretty(m).map_err(|e| {
        DataError::file(&dir.join("dataset.toml"), DataErrorKind::Io(e.to_string()))
    })?;
    let header = format!(
        "# truce dataset manifest (format reference: docs/data-format.md)\n\
         # money values in {} {}, base year {}\n",
        m.unit, m.currency, m.base_year
    );
    files.push((dir.join("dataset.toml"), (header + &manifest).into_bytes()));

    let mut s = String::from("exporter,importer,sector,value\n");
    for i in 0..d.n {
        for n in 0..d.n {
            for j in 0..d.j {
                let c = d.nij(n, i, j);
                let v = b.flows()[c] / (1.0 + b.export_tax()[c]);
                if v != 0.0 {
                    let _ = writeln!(s, "{},{},{},{}", rcode(i), rcode(n), scode(j), fmt_f64(v));
                }
            }
        }
    }
    files.push((dir.join(&t.trade), s.into_bytes()));

    let rates = |cube: &[f64], first_is_importer: bool| {
        let mut s = if first_is_importer {
            String::from("importer,exporter,sector,rate\n")
        } else {
            String::from("exporter,importer,sector,rate\n")
        };
        for a in 0..d.n {
            for bb in 0..d.n {
                for j in 0..d.j {
                    let (n, i) = if first_is_importer { (a, bb) } else { (bb, a) };
                    let v = cube[d.nij(n, i, j)];
                    if v != 0.0 {
                        let _ =
                            writeln!(s, "{},{},{},{}", rcode(a), rcode(bb), scode(j), fmt_f64(v));
                    }
                }
            }
        }
        s.into_bytes()
    };
    files.push((dir.join(&t.tariffs), rates(b.tariff(), true)));
    match &t.export_taxes {
        Some(f) => files.push((dir.join(f), rates(b.export_tax(), false))),
        None => {
            if b.export_tax().iter().any(|&v| v != 0.0) {
                return Err(DataError::file(
                    &dir.join("dataset.toml"),
                    DataErrorKind::BadValue {
                        value: "tables.export_taxes".into(),
                        problem: "the baseline has export taxes but the manifest names no \
                                  export_taxes table"
                            .into(),
                    },
                ));
            }
        }
    }
    for (label, f) in &t.alt_tariffs {
        let cube = ds.alt_tariffs.get(label).ok_or_else(|| {
            DataError::file(
                &dir.join(f),
                DataErrorKind::BadValue {
                    value: label.clone(),
                    problem: "the manifest names an alternative tariff table the dataset lacks"
                        .into(),
                },
            )
        })?;
        files.push((dir.join(f), rates(cube, true)));
    }

    let mut s = String::from("region,input,sector,share\n");
    for n in 0..d.n {
        for k in 0..d.j {
            for j in 0..d.j {
                let v = b.io_share()[d.nkj(n, k, j)];
                if v != 0.0 {
                    let _ = writeln!(s, "{},{},{},{}", rcode(n), scode(k), scode(j), fmt_f64(v));
                }
            }
        }
    }
    files.push((dir.join(&t.io_shares), s.into_bytes()));

    let mut s = String::from("region,sector,va_share,value_added\n");
    for n in 0..d.n {
        for j in 0..d.j {
            let c = d.nj(n, j);
            let _ = writeln!(
                s,
                "{},{},{},{}",
                rcode(n),
                scode(j),
                fmt_f64(b.va_share()[c]),
                fmt_f64(b.va_share()[c] * b.gross_output()[c])
            );
        }
    }
    files.push((dir.join(&t.value_added), s.into_bytes()));

    let mut s = String::from("region,sector,share,value\n");
    for n in 0..d.n {
        for j in 0..d.j {
            let c = d.nj(n, j);
            let a = b.alpha()[c];
            if a != 0.0 {
                let _ = writeln!(
                    s,
                    "{},{},{},{}",
                    rcode(n),
                    scode(j),
                    fmt_f64(a),
                    fmt_f64(a * b.income(n))
                );
            }
        }
    }
    files.push((dir.join(&t.final_demand), s.into_bytes()));

    if let Some(f) = &t.deficits {
        let mut s = String::from("region,deficit\n");
        for n in 0..d.n {
            let _ = writeln!(s, "{},{}", rcode(n), fmt_f64(b.deficit()[n]));
        }
        files.push((dir.join(f), s.into_bytes()));
    }
    Ok(files)
}
