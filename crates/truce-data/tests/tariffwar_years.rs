//! Every year of the tariffwar packages' data imports (issue 15): WIOD 2000–2014 (44 × 16) and
//! OECD ICIO 2011–2022 (81 × 28), checked file by file against totals read from the same files
//! by an independent HDF5 reader (h5py: `tests/reference/tariffwar_totals.py` wrote
//! `tests/reference/tariffwar_totals.csv`). Needs `../shared/data/tariffwar_mat` (fails under
//! CI=true without it). Release mode: about 0.2 s per file.

use std::collections::BTreeMap;
use truce_data::dataset::MODEL_LASHKARIPOUR2021;
use truce_data::import::tariffwar::{import_tariffwar, read_mat, ElasticitySet, TariffwarOptions};
use truce_testkit::shared;

/// One row of `tariffwar_totals.csv`.
#[derive(Debug, serde::Deserialize)]
struct Totals {
    file: String,
    dataset: String,
    year: i32,
    n: usize,
    s: usize,
    first_country: String,
    last_country: String,
    services_sector: String,
    x_total: f64,
    x_domestic: f64,
    x_net_of_tariffs: f64,
    tariff_max: f64,
    zero_cells: usize,
    zero_domestic: usize,
    sigma_is_sum: f64,
    sigma_cp_sum: f64,
}

fn reference() -> BTreeMap<String, Totals> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/tariffwar_totals.csv"
    );
    csv::Reader::from_path(path)
        .unwrap()
        .deserialize::<Totals>()
        .map(|r| {
            let r = r.unwrap();
            (r.file.clone(), r)
        })
        .collect()
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-11 * b.abs().max(1.0),
        "{what}: {a} against {b}"
    );
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn every_year_of_wiod_and_icio_imports_with_the_files_own_totals() {
    let dir = shared("data/tariffwar_mat/mat");
    let reference = reference();
    // The years, each one file.
    let mut want: Vec<String> = (2000..=2014).map(|y| format!("WIOD{y}")).collect();
    want.extend((2011..=2022).map(|y| format!("ICIO{y}")));
    assert_eq!(reference.len(), want.len(), "one reference row per file");
    for stem in &want {
        let r = &reference[stem];
        let path = dir.join(format!("{stem}.mat"));
        let icio = stem.starts_with("ICIO");
        let (n, s) = if icio { (81, 28) } else { (44, 16) };
        assert_eq!((r.n, r.s), (n, s), "{stem}: reference shape");
        assert_eq!(r.dataset, if icio { "icio" } else { "wiod" });

        // The file as read: shapes and totals against h5py's.
        let mat = read_mat(&path).unwrap();
        assert_eq!(mat.year, r.year, "{stem}");
        assert_eq!((mat.countries.len(), mat.sectors.len()), (n, s), "{stem}");
        assert_eq!(mat.flows.len(), n * n * s, "{stem}");
        assert_eq!(mat.countries[0], r.first_country, "{stem}");
        assert_eq!(mat.countries[n - 1], r.last_country, "{stem}");
        assert_eq!(
            mat.sectors[mat.services_sector], r.services_sector,
            "{stem}"
        );
        let x_total: f64 = mat.flows.iter().sum();
        close(x_total, r.x_total, &format!("{stem}: Σ Xjik_3D"));
        let zeros = mat.flows.iter().filter(|&&v| v == 0.0).count();
        assert_eq!(zeros, r.zero_cells, "{stem}: zero cells");
        let tmax = mat.tariffs.iter().copied().fold(0.0, f64::max);
        assert_eq!(tmax, r.tariff_max, "{stem}: max tariff");
        assert_eq!(mat.sigma.len(), 8, "{stem}: eight elasticity sets");
        for set in ElasticitySet::ALL {
            assert!(mat.sigma.contains_key(set.abbrev()), "{stem}: {set}");
        }
        close(
            mat.sigma["CP"].sigma.iter().sum(),
            r.sigma_cp_sum,
            &format!("{stem}: Σ σ CP"),
        );

        // The dataset (in-sample σ, the packages' conventions).
        let ds = import_tariffwar(&path, &TariffwarOptions::default()).unwrap();
        let b = &ds.baseline;
        let d = b.dims();
        assert_eq!((d.n, d.j), (n, s), "{stem}");
        assert_eq!(b.regions()[0].code, r.first_country);
        // The packages pad every domestic cell of ICIO by 1 (million USD), not WIOD's.
        let pad = if icio { (n * s) as f64 } else { 0.0 };
        let (mut spending, mut border, mut domestic) = (0.0, 0.0, 0.0);
        for k in 0..s {
            for i in 0..n {
                for j in 0..n {
                    let c = d.nij(i, j, k);
                    spending += (1.0 + b.tariff()[c]) * b.flows()[c];
                    border += b.flows()[c];
                    if i == j {
                        domestic += b.flows()[c];
                    }
                }
            }
        }
        // Flows are stored as border values X/(1+t): their gross value is the file's X.
        close(spending, r.x_total + pad, &format!("{stem}: Σ (1+t)·M"));
        close(border, r.x_net_of_tariffs + pad, &format!("{stem}: Σ M"));
        close(domestic, r.x_domestic + pad, &format!("{stem}: domestic"));
        close(
            b.expenditure().iter().sum(),
            r.x_total + pad,
            &format!("{stem}: expenditure"),
        );
        close(
            b.value_added().iter().sum(),
            r.x_net_of_tariffs + pad,
            &format!("{stem}: wage revenue"),
        );
        close(
            b.theta().iter().map(|t| t + 1.0).sum(),
            r.sigma_is_sum,
            &format!("{stem}: Σ σ IS"),
        );

        // The manifest: model, year, sources cited, θ source per sector, the treatments.
        let m = &ds.manifest;
        assert_eq!(m.name, format!("{}{}-IS", r.dataset, r.year));
        assert_eq!(m.base_year, r.year);
        assert_eq!(m.model.as_deref(), Some(MODEL_LASHKARIPOUR2021));
        assert_eq!((m.currency.as_str(), m.unit.as_str()), ("USD", "million"));
        let ids: Vec<&str> = m.sources.iter().map(|s| s.id.as_str()).collect();
        let data_id = if icio { "oecd_icio" } else { "wiod2016" };
        for id in [data_id, "teti2024", "sigma_IS", "tariffwar"] {
            assert!(ids.contains(&id), "{stem}: source {id} in {ids:?}");
        }
        assert!(m.sources.iter().all(|s| !s.citation.is_empty()));
        assert_eq!(m.regions.len(), n);
        assert_eq!(m.sectors.len(), s);
        assert!(m
            .sectors
            .iter()
            .all(|x| x.theta_source.as_deref() == Some("sigma_IS")));
        let notes = m.notes.join("\n");
        assert!(
            notes.contains(&format!(
                "{} of {} cells of the file's cube are zero",
                r.zero_cells,
                n * n * s
            )),
            "{stem}: {notes}"
        );
        if icio {
            assert!(
                notes.contains(&format!("{} of them were zero", r.zero_domestic)),
                "{stem}: {notes}"
            );
        } else {
            assert!(notes.contains("no pad"), "{stem}: {notes}");
        }
    }
}
