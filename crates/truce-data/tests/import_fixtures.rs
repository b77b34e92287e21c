//! Importers on small synthetic tables in the source layouts (no shared data needed).

use std::sync::Arc;
use truce_data::import::{oecd_icio, ossa2014, testing, wiod};
use truce_data::{read_dataset, write_dataset, Dataset};
use truce_model::cp2015::Engine;
use truce_model::Policy;

fn round_trip(ds: &Dataset) -> Dataset {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(ds, dir.path()).unwrap();
    let back = read_dataset(dir.path()).unwrap();
    assert_eq!(&back, ds);
    back
}

fn base_gap(ds: &Dataset) -> f64 {
    let b = Arc::new(ds.baseline.clone());
    let p = Policy::baseline(&b);
    let eq = Engine::new(b)
        .solve(&p, None, &mut truce_solve::NoObserver)
        .unwrap();
    eq.w_hat.iter().map(|w| (w - 1.0).abs()).fold(0.0, f64::max)
}

/// Parse the fixture back into label → row of numbers.
fn table(path: &std::path::Path) -> (Vec<String>, Vec<(String, Vec<f64>)>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .skip(1)
        .map(str::to_string)
        .collect();
    let rows = lines
        .map(|l| {
            let mut f = l.split(',');
            let label = f.next().unwrap().to_string();
            (label, f.map(|v| v.parse().unwrap()).collect())
        })
        .collect();
    (header, rows)
}

#[test]
fn icio_fixture_imports_with_split_china_merged() {
    let dir = tempfile::tempdir().unwrap();
    let path = testing::write_icio(
        dir.path(),
        &["USA", "CN1", "CN2", "MEX", "ROM"],
        &["A01_02", "C26", "S96"],
        2019,
        7,
    );
    let ds = oecd_icio::import_oecd_icio(&path, &oecd_icio::IcioOptions::default()).unwrap();
    let b = round_trip(&ds).baseline;
    let codes: Vec<&str> = b.regions().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["USA", "CHN", "MEX", "ROU"]);
    assert_eq!(ds.manifest.base_year, 2019);
    let sc: Vec<&str> = b.sectors().iter().map(|s| s.code.as_str()).collect();
    assert_eq!(sc, ["A01_02", "C26", "S96"]);
    // Flow CHN → USA in C26 = both Chinese rows, over all US columns (3 sectors + 6 categories).
    let (header, rows) = table(&path);
    let d = b.dims();
    let mut want = 0.0;
    for (label, v) in &rows {
        if label == "CN1_C26" || label == "CN2_C26" {
            for (k, h) in header.iter().enumerate() {
                if h.starts_with("USA_") {
                    want += v[k];
                }
            }
        }
    }
    let got = b.flows()[d.nij(0, 1, 1)];
    assert!((got - want).abs() < 1e-9 * want, "{got} vs {want}");
    // Balanced, no clipping: the baseline is an exact equilibrium.
    assert!(ds
        .manifest
        .notes
        .iter()
        .any(|n| n.contains("set to 0: 0 cells")));
    assert!(base_gap(&ds) < 1e-9);
    assert!(b.theta().iter().all(|&t| t == 4.0));
}

#[test]
fn icio_value_added_is_va_plus_taxes() {
    let dir = tempfile::tempdir().unwrap();
    let path = testing::write_icio(dir.path(), &["USA", "JPN"], &["D01T02", "D26"], 2018, 3);
    let ds = oecd_icio::import_oecd_icio(dir.path(), &oecd_icio::IcioOptions::default()).unwrap();
    let (header, rows) = table(&path);
    let b = &ds.baseline;
    let d = b.dims();
    let col = header.iter().position(|h| h == "JPN_D26").unwrap();
    let get = |name: &str| rows.iter().find(|(l, _)| l == name).unwrap().1[col];
    let va = b.va_share()[d.nj(1, 1)] * b.gross_output()[d.nj(1, 1)];
    let want = get("VA") + get("TLS");
    assert!((va - want).abs() < 1e-9 * want, "{va} vs {want}");
}

#[test]
fn icio_tariffs_and_theta_files_are_applied() {
    let dir = tempfile::tempdir().unwrap();
    let path = testing::write_icio(dir.path(), &["USA", "CHN"], &["A", "B"], 2020, 5);
    let tariffs = dir.path().join("t.csv");
    std::fs::write(
        &tariffs,
        "importer,exporter,sector,rate_pct\nUSA,CHN,B,25\n",
    )
    .unwrap();
    let theta = dir.path().join("theta.csv");
    std::fs::write(
        &theta,
        "sector,theta,citation\nB,8.5,\"Some (2020), Table 1\"\n",
    )
    .unwrap();
    let opts = oecd_icio::IcioOptions {
        year: None,
        tariffs: Some(tariffs),
        theta: Some(theta),
    };
    let ds = oecd_icio::import_oecd_icio(&path, &opts).unwrap();
    let b = &round_trip(&ds).baseline;
    let d = b.dims();
    assert_eq!(b.tariff()[d.nij(0, 1, 1)], 0.25);
    assert_eq!(b.theta(), &[4.0, 8.5]);
    assert_eq!(
        ds.manifest.sectors[1].theta_source.as_deref(),
        Some("theta_user_1")
    );
    assert!(ds.manifest.sources.iter().any(|s| s.id == "tariffs"));
    // Tariffs on top of basic prices keep the baseline an equilibrium (inputs and final use
    // are valued gross of tariffs).
    assert!(base_gap(&ds) < 1e-9);
}

#[test]
fn wiod_fixture_imports_with_rom_as_rou() {
    let dir = tempfile::tempdir().unwrap();
    testing::write_wiod(dir.path(), &["AUS", "ROM", "USA"], 1);
    let ds = wiod::import_wiod(dir.path(), &wiod::WiodOptions::default()).unwrap();
    let b = round_trip(&ds).baseline;
    assert_eq!(b.regions()[1].code, "ROU");
    assert!(b.regions()[1].name.contains("WIOD ROM"));
    assert_eq!(b.dims().j, 35);
    assert!(base_gap(&ds) < 1e-9);
}

#[test]
fn ossa_fixture_imports() {
    let dir = tempfile::tempdir().unwrap();
    testing::write_ossa(dir.path(), 2);
    let ds = ossa2014::import_ossa2014(dir.path(), ossa2014::Ossa2014Options::default()).unwrap();
    let b = round_trip(&ds).baseline;
    let codes: Vec<&str> = b.regions().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["BRA", "CHN", "USA"]);
    assert_eq!(b.sectors()[0].name, "Raw and processed rice");
    assert!(base_gap(&ds) < 1e-10);
}

proptest::proptest! {
    #![proptest_config(truce_testkit::seeded(16))]
    /// A balanced table without clipped cells imports as an exact equilibrium: flows sum to
    /// the reported output, shares sum to one, and the base solve returns ŵ = 1.
    #[test]
    fn balanced_icio_tables_import_as_equilibria(seed in 0u64..10_000, n in 1usize..4, j in 1usize..4) {
        let countries = ["USA", "CHN", "JPN", "DEU"];
        let sectors = ["A", "B", "C", "D"];
        let dir = tempfile::tempdir().unwrap();
        let path = testing::write_icio(dir.path(), &countries[..=n], &sectors[..j], 2020, seed);
        let ds = oecd_icio::import_oecd_icio(&path, &oecd_icio::IcioOptions::default()).unwrap();
        for id in truce_data::inspect::identities(&ds.baseline) {
            proptest::prop_assert!(id.max_gap < 1e-9, "{:?}", id);
        }
        proptest::prop_assert!(base_gap(&ds) < 1e-8);
    }
}
