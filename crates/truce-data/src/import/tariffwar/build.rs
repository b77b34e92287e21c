//! From a checked MAT-file to a truce dataset for the Lashkaripour (2021) model: θ = σ − 1,
//! the domestic pad, border values, expenditure shares, the sources and the notes that record
//! the conventions applied.

use super::mat::MatData;
use super::{
    err, FlowValuation, TariffwarOptions, NOTE_FLOWS_BORDER, NOTE_FLOWS_GROSS, NOTE_NO_PAD,
    NOTE_PAD,
};
use crate::dataset::{Dataset, Manifest, Source, MODEL_LASHKARIPOUR2021};
use crate::error::{DataError, DataErrorKind};
use crate::import::region_name;
use crate::tidy::fmt_f64;
use std::collections::BTreeMap;
use std::path::Path;
use truce_model::{Baseline, BaselineInputs, Region, Sector};

/// A short code for a sector name: the name itself when it is already a code (`C26`,
/// `C17_18`), else the words before the first comma, semicolon, "and" or parenthesis, upper
/// case, joined by `_` (`Basic metals` → `BASIC_METALS`, `Services (aggregate)` → `SERVICES`).
pub fn sector_code(name: &str) -> String {
    let t = name.trim();
    if !t.is_empty() && t.len() <= 12 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return t.to_string();
    }
    let head = t
        .split([',', ';', '('])
        .next()
        .unwrap_or(t)
        .split(" and ")
        .next()
        .unwrap_or(t);
    let words: Vec<String> = head
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase())
        .collect();
    if words.is_empty() {
        "SECTOR".into()
    } else {
        words.join("_")
    }
}

pub(super) fn build_dataset(
    path: &Path,
    mat: &MatData,
    opts: &TariffwarOptions,
) -> Result<Dataset, DataError> {
    let d = mat.dims();
    let (n, s) = (d.n, d.j);
    let elas = opts.elasticity;
    let set = mat.sigma.get(elas.abbrev()).ok_or_else(|| {
        err(
            path,
            format!("elasticity set `{elas}`"),
            format!(
                "is not in this file; it holds {}",
                mat.sigma.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    let mut theta = Vec::with_capacity(s);
    for (k, &sg) in set.sigma.iter().enumerate() {
        if !(sg.is_finite() && sg > 1.0) {
            return Err(err(
                path,
                format!(
                    "field `data/sigma/{elas}/sigma_S` (sector {}) = {sg}",
                    k + 1
                ),
                "σ must exceed 1: the trade elasticity σ − 1 must be positive",
            ));
        }
        theta.push(sg - 1.0);
    }
    let is_icio = mat.dataset.eq_ignore_ascii_case("icio");
    let pad = opts.domestic_pad.unwrap_or(if is_icio { 1.0 } else { 0.0 });
    if !(pad.is_finite() && pad >= 0.0) {
        return Err(err(
            path,
            format!("domestic pad {pad}"),
            "must be a non-negative amount (million USD)",
        ));
    }
    let mut x = mat.flows.clone();
    let mut zero_domestic = 0usize;
    for k in 0..s {
        for i in 0..n {
            let c = d.nij(i, i, k);
            if x[c] == 0.0 {
                zero_domestic += 1;
            }
            x[c] += pad;
        }
    }
    let zero_cells = mat.flows.iter().filter(|&&v| v == 0.0).count();
    let mut flows = vec![0.0; d.cube_len()];
    for c in 0..d.cube_len() {
        flows[c] = match opts.valuation {
            FlowValuation::GrossOfTariffs => x[c] / (1.0 + mat.tariffs[c]),
            FlowValuation::Border => x[c],
        };
    }
    // αₖᵢ = Σⱼ Xⱼᵢₖ(gross) / Σⱼₖ Xⱼᵢₖ(gross): the packages' e_ik (Cobb–Douglas weights).
    let mut alpha = vec![0.0; d.nj_len()];
    for i in 0..n {
        let mut total = 0.0;
        for k in 0..s {
            let e: f64 = (0..n)
                .map(|j| (1.0 + mat.tariffs[d.nij(i, j, k)]) * flows[d.nij(i, j, k)])
                .sum();
            alpha[d.nj(i, k)] = e;
            total += e;
        }
        if total <= 0.0 {
            return Err(err(
                path,
                format!("country {}", mat.countries[i]),
                "has no expenditure at all in `data/Xjik_3D` (its importer slices are zero)",
            ));
        }
        for k in 0..s {
            alpha[d.nj(i, k)] /= total;
        }
    }
    let regions: Vec<Region> = mat
        .countries
        .iter()
        .map(|c| Region {
            code: c.clone(),
            name: region_name(c).map(str::to_string).unwrap_or_else(|| {
                if c == "ROW" {
                    "Rest of the world".into()
                } else {
                    c.clone()
                }
            }),
        })
        .collect();
    let mut codes: Vec<String> = Vec::with_capacity(s);
    for name in &mat.sectors {
        let mut c = sector_code(name);
        if codes.contains(&c) {
            c = format!("{c}_{}", codes.len() + 1);
        }
        codes.push(c);
    }
    let sectors: Vec<Sector> = codes
        .iter()
        .zip(&mat.sectors)
        .map(|(c, nm)| Sector {
            code: c.clone(),
            name: nm.clone(),
            tradable: true,
        })
        .collect();
    let baseline = Baseline::new(BaselineInputs {
        regions,
        sectors,
        theta,
        flows,
        tariff: mat.tariffs.clone(),
        export_tax: vec![0.0; d.cube_len()],
        va_share: vec![1.0; d.nj_len()],
        io_share: vec![0.0; d.io_len()],
        alpha,
    })
    .map_err(|e| DataError::file(path, DataErrorKind::Model(e)))?;

    let (data_source, data_title) = if is_icio {
        (
            Source {
                id: "oecd_icio".into(),
                citation: "OECD (2023), Inter-Country Input-Output Tables, 2023 edition \
                           (Extended from 2016), aggregated to 27 goods sectors and one services \
                           aggregate by the tariffwar package"
                    .into(),
                licence: "OECD terms: reuse with attribution".into(),
                url: Some(
                    "https://www.oecd.org/en/data/datasets/inter-country-input-output-tables.html"
                        .into(),
                ),
                used_for: Some("bilateral flows by sector, million USD".into()),
            },
            "OECD ICIO",
        )
    } else {
        (
            Source {
                id: "wiod2016".into(),
                citation: "Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, \
                           G. J. (2015), \"An Illustrated User Guide to the World Input-Output \
                           Database: the Case of Global Automotive Production\", Review of \
                           International Economics 23: 575–605 (WIOD 2016 release), aggregated \
                           to 15 goods sectors and one services aggregate by the tariffwar \
                           package"
                    .into(),
                licence: "CC BY 4.0".into(),
                url: Some("https://www.rug.nl/ggdc/valuechain/wiod/".into()),
                used_for: Some("bilateral flows by sector, million USD".into()),
            },
            "WIOD",
        )
    };
    let set_id = format!("sigma_{}", elas.abbrev());
    let sources = vec![
        data_source,
        Source {
            id: "teti2024".into(),
            citation: "Teti, F. (2024), \"30+ Years of Trade Policy: Evidence from 160 \
                       Countries\", ECARES Working Paper 2024-04 (Global Tariff Database)"
                .into(),
            licence: "published database; cite the paper".into(),
            url: None,
            used_for: Some("applied bilateral tariffs by sector".into()),
        },
        Source {
            id: set_id.clone(),
            citation: format!(
                "{}; mapped to the file's sectors by the tariffwar package's concordances \
                 (set `{}`, registry name `{}`)",
                elas.citation(),
                elas.abbrev(),
                set.source
            ),
            licence: "published estimates, cited".into(),
            url: None,
            used_for: Some("elasticities of substitution σ; θ = σ − 1".into()),
        },
        Source {
            id: "tariffwar".into(),
            citation: "Lashkaripour, A. (2021), \"The Cost of a Global Tariff War: A \
                       Sufficient-Statistics Approach\", Journal of International Economics 131: \
                       103489, and its MATLAB packages tariffwar (github:ahmadlp/tariffwar) and \
                       ustariff (github:ahmadlp/us-tariff; Ignatenko, Lashkaripour, Macedoni and \
                       Simonovska 2025, Journal of International Economics 157), whose prebuilt \
                       MAT-file this is"
                .into(),
            licence: "data files distributed with the packages; cite the papers and the \
                      underlying sources"
                .into(),
            url: None,
            used_for: Some("the prebuilt cubes and their conventions".into()),
        },
    ];
    let name = format!(
        "{}{}-{}",
        mat.dataset.to_ascii_lowercase(),
        mat.year,
        elas.abbrev()
    );
    let mut manifest = Manifest::for_baseline(
        &baseline,
        &name,
        &format!(
            "{data_title} {}: {n} economies × {s} sectors ({} goods + services), elasticities {}",
            mat.year,
            s - 1,
            elas.abbrev()
        ),
        mat.year,
        "USD",
        "million",
        sources,
        Some(&set_id),
    );
    manifest.model = Some(MODEL_LASHKARIPOUR2021.into());
    manifest.description = format!(
        "Imported by `truce data import tariffwar --elasticity {}` from {}: the prebuilt cube \
         of the tariffwar/ustariff packages, for the Lashkaripour (2021) model (multi-sector \
         CES, no input–output links, tariff revenue rebated; every counterfactual is measured \
         against the trade-balanced baseline).",
        elas.abbrev(),
        path.display()
    );
    let services = &codes[mat.services_sector];
    manifest.notes = vec![
        match opts.valuation {
            FlowValuation::GrossOfTariffs => format!(
                "{NOTE_FLOWS_GROSS} (the packages' convention: wage revenue R = Σ X/(1+t)); \
                 stored as border values X/(1+t)."
            ),
            FlowValuation::Border => format!(
                "{NOTE_FLOWS_BORDER} (before the tariff), as requested with --border-valued; \
                 the packages read them gross of tariffs."
            ),
        },
        if pad > 0.0 {
            format!(
                "{NOTE_PAD}{} million USD added to every domestic cell in every sector \
                 ({} cells; {zero_domestic} of them were zero), as the packages do for ICIO \
                 (pipeline/run.m) so that no country has a zero domestic share.",
                fmt_f64(pad),
                n * s
            )
        } else {
            format!("{NOTE_NO_PAD}; the packages pad ICIO only).")
        },
        format!(
            "{zero_cells} of {} cells of the file's cube are zero; zero flows stay zero in every \
             counterfactual.",
            d.cube_len()
        ),
        format!(
            "θ = σ − 1 with σ from `data/sigma/{}/sigma_S` ({}); no input–output links \
             (value-added share 1); final-demand shares = sector shares of expenditure gross of \
             tariffs (the packages' e_ik).",
            elas.abbrev(),
            set.source
        ),
        format!(
            "Services: `{services}` (the file's services_sector) is traded and carries the \
             file's tariffs, as in the packages."
        ),
        "Tariffs: the file's applied tariffs (Teti Global Tariff Database), importer on \
         exporter, by sector."
            .into(),
        format!(
            "Model: `{MODEL_LASHKARIPOUR2021}`: truce war/run first solve the trade-balanced \
             baseline (every deficit to zero at factual tariffs) and measure every \
             counterfactual against it (docs/model-tariffwar.md)."
        ),
    ];
    for (k, sm) in manifest.sectors.iter_mut().enumerate() {
        if k == mat.services_sector {
            sm.classification = Some("services aggregate".into());
        } else if is_icio {
            sm.classification = Some(format!("ISIC Rev.4 {}", mat.sectors[k]));
        }
    }
    Dataset::new(manifest, baseline, BTreeMap::new())
}
