//! Writes the seed corpus of the fuzz targets (`fuzz/corpus/<target>/`) from the repository's
//! own files and the importers' synthetic test tables (never from `../shared`, which may not
//! enter the repository). Run from the repository root:
//! `cargo run -p truce-data --example fuzz_seeds`.

use std::path::Path;
use truce_data::import::testing;

fn join(dir: &Path, names: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, n) in names.iter().enumerate() {
        if k > 0 {
            out.push(0);
        }
        out.extend(std::fs::read(dir.join(n)).unwrap_or_default());
    }
    out
}

fn put(target: &str, name: &str, bytes: &[u8]) {
    let d = Path::new("fuzz/corpus").join(target);
    std::fs::create_dir_all(&d).expect("corpus folder");
    std::fs::write(d.join(name), bytes).expect("seed");
}

fn main() {
    // Scenario files: the built-in scenarios and the record.
    for e in std::fs::read_dir("scenarios").expect("run from the repository root") {
        let p = e.expect("entry").path();
        if p.extension().and_then(|x| x.to_str()) == Some("toml") {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            put("scenario_toml", &name, &std::fs::read(&p).unwrap());
        }
    }
    put(
        "scenario_toml",
        "record.toml",
        &std::fs::read("data/us_china_measures/record.toml").unwrap(),
    );
    // A dataset: world2024 as committed.
    let ds = [
        "dataset.toml",
        "trade.csv",
        "tariffs.csv",
        "io_shares.csv",
        "value_added.csv",
        "final_demand.csv",
        "deficits.csv",
    ];
    put(
        "dataset",
        "world2024",
        &join(Path::new("data/world2024"), &ds),
    );
    // Maps.
    put(
        "group_map",
        "regions",
        b"code,group,group_name\nUSA,NA,North America\nCHN,AS,Asia\nEU27,EU,\nJPN,AS,Asia\nROW,ROW,Rest\n",
    );
    // A gravity panel.
    put(
        "gravity_panel",
        "panel.csv",
        b"exporter,importer,year,trade,Y,E\nAAA,AAA,2006,100,130,120\nAAA,BBB,2006,30,130,120\nBBB,AAA,2006,20,70,80\nBBB,BBB,2006,50,70,80\n",
    );
    let tmp = std::env::temp_dir().join(format!("truce-seeds-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    // WIOD, OECD ICIO, Ossa (2014): the importers' synthetic test tables.
    let wiod = tmp.join("wiod");
    std::fs::create_dir_all(&wiod).unwrap();
    testing::write_wiod(&wiod, &["AUS", "USA"], 1);
    put(
        "wiod",
        "two-countries",
        &join(
            &wiod,
            &[
                "Z_2011.csv",
                "F_2011.csv",
                "X_VA_2011.csv",
                "countries.csv",
                "sectors.csv",
            ],
        ),
    );
    let icio = tmp.join("icio");
    std::fs::create_dir_all(&icio).unwrap();
    let f = testing::write_icio(&icio, &["USA", "CHN", "ROW"], &["A01", "C10T12"], 2020, 1);
    put("oecd_icio", "three-countries", &std::fs::read(f).unwrap());
    let ossa = tmp.join("ossa");
    std::fs::create_dir_all(&ossa).unwrap();
    testing::write_ossa(&ossa, 1);
    put(
        "ossa2014",
        "synthetic",
        &join(
            &ossa,
            &[
                "regions.csv",
                "labels.csv",
                "sectors.csv",
                "sigma_s.csv",
                "trade_ijs.csv",
                "trade_ijs_purged.csv",
                "tariff_ijs.csv",
            ],
        ),
    );
    let _ = std::fs::remove_dir_all(&tmp);
    println!("seeds written under fuzz/corpus/");
}
