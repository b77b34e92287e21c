//! Importers on the real shared files (`../shared/data/...`): fail under `CI=true` when they
//! are missing, skip with one line elsewhere.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use truce_data::import::{cp2015, oecd_icio, ossa2014, wiod};
use truce_data::{read_dataset, write_dataset, Dataset};
use truce_model::cp2015::Engine;
use truce_model::Policy;

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI: shared data missing at {}", p.display());
    }
    eprintln!("skipping: shared data not found at {}", p.display());
    None
}

/// Write, read back, and check the round trip is exact.
fn round_trip(ds: &Dataset) -> Dataset {
    let dir = tempfile::tempdir().unwrap();
    write_dataset(ds, dir.path()).unwrap();
    let back = read_dataset(dir.path()).unwrap();
    assert_eq!(&back, ds, "read back differs");
    back
}

/// max |ŵ − 1| of a solve with every instrument at its base level.
fn base_gap(ds: &Dataset) -> f64 {
    let b = Arc::new(ds.baseline.clone());
    let p = Policy::baseline(&b);
    let eq = Engine::new(b)
        .solve(&p, None, &mut truce_solve::NoObserver)
        .unwrap();
    eq.w_hat.iter().map(|w| (w - 1.0).abs()).fold(0.0, f64::max)
}

#[test]
fn wiod_2011_imports_and_reads_back() {
    let Some(src) = shared("data/wiod2013") else {
        return;
    };
    let ds = wiod::import_wiod(&src, &wiod::WiodOptions::default()).unwrap();
    for n in &ds.manifest.notes {
        eprintln!("note: {n}");
    }
    let b = &ds.baseline;
    assert_eq!((b.dims().n, b.dims().j), (41, 35));
    assert!(b.region_index("ROU").is_some() && b.region_index("ROM").is_none());
    let back = round_trip(&ds);
    eprintln!("max |w-1| = {:e}", base_gap(&back));
}
