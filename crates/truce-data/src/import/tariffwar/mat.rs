//! Reading a `tariffwar` MAT-file (MATLAB v7.3, HDF5 behind a 512-byte user block) and
//! checking its shapes and values (see the parent module's docs for the file's layout).

use super::{err, MAX_TARIFF};
use crate::error::{DataError, DataErrorKind};
use hdf5_pure::{File, Object};
use std::collections::BTreeMap;
use std::path::Path;
use truce_model::Dims;

/// One elasticity set as stored in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct SigmaSet {
    /// σₖ, the elasticity of substitution per sector.
    pub sigma: Vec<f64>,
    /// The file's `source` string (the package's registry name).
    pub source: String,
}

/// The content of a `tariffwar` MAT-file, checked for shape and values.
#[derive(Debug, Clone, PartialEq)]
pub struct MatData {
    /// `wiod` or `icio`.
    pub dataset: String,
    /// Base year.
    pub year: i32,
    /// ISO3 codes (and `ROW`), in index order.
    pub countries: Vec<String>,
    /// Sector names, in index order.
    pub sectors: Vec<String>,
    /// 0-based index of the services aggregate.
    pub services_sector: usize,
    /// Xⱼᵢₖ in truce's [`Dims::nij`] layout (sector, importer, exporter), million USD.
    pub flows: Vec<f64>,
    /// tⱼᵢₖ (tariff of importer i on exporter j), same layout, fractions.
    pub tariffs: Vec<f64>,
    /// The elasticity sets found, by group name.
    pub sigma: BTreeMap<String, SigmaSet>,
}

impl MatData {
    /// Dimensions (regions × sectors).
    pub fn dims(&self) -> Dims {
        Dims {
            n: self.countries.len(),
            j: self.sectors.len(),
        }
    }
}

fn h5(path: &Path, field: &str, e: hdf5_pure::Error) -> DataError {
    err(
        path,
        format!("field `{field}`"),
        format!(
            "cannot be read ({e}); the file must be a tariffwar/ustariff MAT-file holding the \
             struct `data` with fields N, S, year, dataset, countries, sectors, \
             services_sector, Xjik_3D, tjik_3D and sigma/<SET>/sigma_S"
        ),
    )
}

/// Read and check a `tariffwar` MAT-file.
///
/// # Errors
/// A [`DataError`] naming the file, the field and the value for: a file that is not a MATLAB
/// v7.3 MAT-file (a v5 file gets the `save -v7.3` fix); a missing field; cubes whose shapes
/// disagree with `N`, `S`, `countries` or `sectors`; negative, NaN or infinite flows; tariffs
/// that are NaN, negative, above [`MAX_TARIFF`] or non-zero on the diagonal; σ ≤ 1 or of the
/// wrong length; duplicated country codes.
pub fn read_mat(path: &Path) -> Result<MatData, DataError> {
    let bytes =
        std::fs::read(path).map_err(|e| DataError::file(path, DataErrorKind::Io(e.to_string())))?;
    let head = &bytes[..bytes.len().min(128)];
    let head_text = String::from_utf8_lossy(head);
    if !head_text.starts_with("MATLAB 7.3 MAT-file") {
        let problem = if head_text.starts_with("MATLAB 5.0 MAT-file") {
            "this is a MATLAB v5/v7 MAT-file; truce reads the v7.3 (HDF5) format of the \
             tariffwar/ustariff packages: re-save it in MATLAB or Octave with `save -v7.3`"
                .to_string()
        } else {
            "not a MATLAB v7.3 MAT-file (its first bytes are not the `MATLAB 7.3 MAT-file` \
             header); pass one of the packages' files, e.g. \
             ../shared/data/tariffwar_mat/mat/ICIO2022.mat"
                .to_string()
        };
        return Err(err(path, "file header", problem));
    }
    let file = File::from_bytes(bytes).map_err(|e| {
        err(
            path,
            "HDF5 body",
            format!("the MAT-file header is there but its HDF5 content cannot be read ({e})"),
        )
    })?;
    let scalar = |field: &str| -> Result<f64, DataError> {
        let full = format!("data/{field}");
        let v = file
            .dataset(&full)
            .and_then(|d| d.read_f64())
            .map_err(|e| h5(path, &full, e))?;
        match v.as_slice() {
            [x] if x.is_finite() => Ok(*x),
            _ => Err(err(
                path,
                format!("field `{full}` = {v:?}"),
                "must be one finite number",
            )),
        }
    };
    let count = |field: &str| -> Result<usize, DataError> {
        let x = scalar(field)?;
        if x < 1.0 || x.fract() != 0.0 {
            return Err(err(
                path,
                format!("field `data/{field}` = {x}"),
                "must be a positive whole number",
            ));
        }
        Ok(x as usize)
    };
    let n = count("N")?;
    let s = count("S")?;
    let year = scalar("year")?;
    let services = count("services_sector")?;
    let dataset = {
        let d = file
            .dataset("data/dataset")
            .and_then(|d| d.read_u16())
            .map_err(|e| h5(path, "data/dataset", e))?;
        String::from_utf16_lossy(&d).trim().to_string()
    };
    let strings = |field: &str| -> Result<Vec<String>, DataError> {
        let full = format!("data/{field}");
        let objs = file
            .dataset(&full)
            .and_then(|d| d.dereference())
            .map_err(|e| h5(path, &full, e))?;
        let mut out = Vec::with_capacity(objs.len());
        for o in objs {
            match o {
                Object::Dataset(d) => {
                    let u = d.read_u16().map_err(|e| h5(path, &full, e))?;
                    out.push(String::from_utf16_lossy(&u).trim().to_string());
                }
                _ => {
                    return Err(err(
                        path,
                        format!("field `{full}`"),
                        "must be a cell array of strings",
                    ))
                }
            }
        }
        Ok(out)
    };
    let countries = strings("countries")?;
    let sectors = strings("sectors")?;
    if countries.len() != n {
        return Err(err(
            path,
            format!("field `data/countries` has {} entries", countries.len()),
            format!("N = {n}: the country list and N disagree"),
        ));
    }
    if sectors.len() != s {
        return Err(err(
            path,
            format!("field `data/sectors` has {} entries", sectors.len()),
            format!("S = {s}: the sector list and S disagree"),
        ));
    }
    for (a, c) in countries.iter().enumerate() {
        if let Some(b) = countries[..a].iter().position(|x| x == c) {
            return Err(err(
                path,
                format!(
                    "field `data/countries`: `{c}` at positions {} and {}",
                    b + 1,
                    a + 1
                ),
                "country codes must be unique",
            ));
        }
    }
    if services > s {
        return Err(err(
            path,
            format!("field `data/services_sector` = {services}"),
            format!("must be a sector index between 1 and S = {s}"),
        ));
    }
    let d = Dims { n, j: s };
    let cube = |field: &str| -> Result<Vec<f64>, DataError> {
        let full = format!("data/{field}");
        let ds = file.dataset(&full).map_err(|e| h5(path, &full, e))?;
        let shape = ds.shape().map_err(|e| h5(path, &full, e))?;
        check_cube_shape(path, &full, &shape, n, s)?;
        ds.read_f64().map_err(|e| h5(path, &full, e))
    };
    let flows = cube("Xjik_3D")?;
    let tariffs = cube("tjik_3D")?;
    check_cells(path, &countries, &sectors, &flows, &tariffs)?;
    let groups = file
        .group("data/sigma")
        .and_then(|g| g.groups())
        .map_err(|e| h5(path, "data/sigma", e))?;
    let mut sigma = BTreeMap::new();
    for g in groups {
        let base = format!("data/sigma/{g}");
        let v = file
            .dataset(&format!("{base}/sigma_S"))
            .and_then(|d| d.read_f64())
            .map_err(|e| h5(path, &format!("{base}/sigma_S"), e))?;
        if v.len() != s {
            return Err(err(
                path,
                format!("field `{base}/sigma_S` has {} values", v.len()),
                format!("expected one σ per sector (S = {s})"),
            ));
        }
        let source = file
            .dataset(&format!("{base}/source"))
            .and_then(|d| d.read_u16())
            .map(|u| String::from_utf16_lossy(&u).trim().to_string())
            .unwrap_or_default();
        sigma.insert(g, SigmaSet { sigma: v, source });
    }
    debug_assert_eq!(flows.len(), d.cube_len());
    Ok(MatData {
        dataset,
        year: year as i32,
        countries,
        sectors,
        services_sector: services - 1,
        flows,
        tariffs,
        sigma,
    })
}

/// The cubes of a MAT-file must have HDF5 shape (S, N, N) (MATLAB size N × N × S).
pub(super) fn check_cube_shape(
    path: &Path,
    full: &str,
    shape: &[u64],
    n: usize,
    s: usize,
) -> Result<(), DataError> {
    let want = [s as u64, n as u64, n as u64];
    if shape != want {
        let matlab: Vec<u64> = shape.iter().rev().copied().collect();
        return Err(err(
            path,
            format!("field `{full}` has MATLAB size {matlab:?}"),
            format!(
                "expected N × N × S = [{n}, {n}, {s}] (N = {n} countries, S = {s} sectors): \
                 the cubes' shapes disagree with N and S"
            ),
        ));
    }
    Ok(())
}

/// Every flow finite and ≥ 0; every tariff finite, in [0, MAX_TARIFF] and 0 on the diagonal;
/// the first bad cell is named by exporter, importer and sector.
pub(super) fn check_cells(
    path: &Path,
    countries: &[String],
    sectors: &[String],
    flows: &[f64],
    tariffs: &[f64],
) -> Result<(), DataError> {
    let n = countries.len();
    let cell_name = |c: usize| {
        let k = c / (n * n);
        let i = (c / n) % n;
        let j = c % n;
        format!(
            "exporter {}, importer {}, sector {} `{}`",
            countries[j],
            countries[i],
            k + 1,
            sectors[k]
        )
    };
    for (c, &x) in flows.iter().enumerate() {
        if !x.is_finite() || x < 0.0 {
            return Err(err(
                path,
                format!("field `data/Xjik_3D` ({}) = {x}", cell_name(c)),
                if x.is_finite() {
                    "trade flows must be non-negative"
                } else {
                    "trade flows must be finite numbers (NaN or infinity found)"
                },
            ));
        }
    }
    for (c, &t) in tariffs.iter().enumerate() {
        let diag = (c / n) % n == c % n;
        let problem = if !t.is_finite() {
            Some("tariffs must be finite numbers (NaN or infinity found)".to_string())
        } else if t < 0.0 {
            Some("tariffs are fractions and must be ≥ 0".into())
        } else if t > MAX_TARIFF {
            Some(format!(
                "tariffs are fractions (0.05 = 5 %); {t} is above {MAX_TARIFF} (1 000 %), \
             probably a percentage"
            ))
        } else if diag && t != 0.0 {
            Some("a country's tariff on its own goods (the diagonal) must be 0".into())
        } else {
            None
        };
        if let Some(p) = problem {
            return Err(err(
                path,
                format!("field `data/tjik_3D` ({}) = {t}", cell_name(c)),
                p,
            ));
        }
    }
    Ok(())
}
