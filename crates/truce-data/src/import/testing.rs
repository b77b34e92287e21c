//! Small synthetic tables in the importers' source layouts, for tests and examples: an OECD
//! ICIO CSV, a WIOD 2013 CSV folder (35 sectors, a few countries) and an Ossa (2014) folder.
//! Numbers are drawn from a seeded generator and balanced exactly as the real tables are
//! (row sums = gross output = column sums + taxes + value added).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use truce_model::testing::SplitMix64;

fn r3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// An ICIO table for `countries` (labels as in the file, e.g. `CN1`, `CN2` for a split China)
/// and `sectors`, written to `dir/ICIO_test_{year}.csv`. Final-demand categories are HFCE,
/// NPISH, GGFC, GFCF, INVNT and DPABR; inventory changes are drawn in [−1, 1).
///
/// # Panics
/// If the file cannot be written (a test set-up error).
pub fn write_icio(
    dir: &Path,
    countries: &[&str],
    sectors: &[&str],
    year: i32,
    seed: u64,
) -> PathBuf {
    let mut g = SplitMix64::new(seed);
    let cats = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"];
    let ranges = [
        (20.0, 60.0),
        (0.0, 2.0),
        (0.0, 10.0),
        (0.0, 10.0),
        (-1.0, 1.0),
        (0.0, 1.0),
    ];
    let labels: Vec<String> = countries
        .iter()
        .flat_map(|c| sectors.iter().map(move |s| format!("{c}_{s}")))
        .collect();
    let ns = labels.len();
    let z: Vec<Vec<f64>> = (0..ns)
        .map(|_| (0..ns).map(|_| r3(g.range(0.0, 10.0))).collect())
        .collect();
    let f: Vec<Vec<f64>> = (0..ns)
        .map(|_| {
            (0..countries.len() * cats.len())
                .map(|k| {
                    let (lo, hi) = ranges[k % cats.len()];
                    r3(g.range(lo, hi))
                })
                .collect()
        })
        .collect();
    let out: Vec<f64> = (0..ns)
        .map(|a| z[a].iter().sum::<f64>() + f[a].iter().sum::<f64>())
        .collect();
    let col: Vec<f64> = (0..ns).map(|b| (0..ns).map(|a| z[a][b]).sum()).collect();
    let tls: Vec<f64> = col.iter().map(|c| r3(0.02 * c)).collect();
    let va: Vec<f64> = (0..ns).map(|b| out[b] - col[b] - tls[b]).collect();

    let mut s = String::from("V1");
    for l in &labels {
        let _ = write!(s, ",{l}");
    }
    for c in countries {
        for k in cats {
            let _ = write!(s, ",{c}_{k}");
        }
    }
    s.push_str(",OUT\n");
    for a in 0..ns {
        s.push_str(&labels[a]);
        for v in z[a].iter().chain(&f[a]) {
            let _ = write!(s, ",{v}");
        }
        let _ = writeln!(s, ",{}", out[a]);
    }
    let blank = ",0".repeat(countries.len() * cats.len() + 1);
    for (name, row) in [("TLS", &tls), ("VA", &va), ("OUT", &out)] {
        s.push_str(name);
        for v in row.iter() {
            let _ = write!(s, ",{v}");
        }
        s.push_str(&blank);
        s.push('\n');
    }
    std::fs::create_dir_all(dir).expect("create fixture dir");
    let p = dir.join(format!("ICIO_test_{year}.csv"));
    std::fs::write(&p, s).expect("write fixture");
    p
}

/// A WIOD 2013-release CSV folder (`Z_2011.csv`, `F_2011.csv`, `X_VA_2011.csv`,
/// `countries.csv`, `sectors.csv`) for `countries` (WIOD codes, e.g. `ROM`) and the 35 WIOD
/// sectors `c1`–`c35`. Inventory changes (INV) are drawn in [−1, 1).
///
/// # Panics
/// If the files cannot be written (a test set-up error).
pub fn write_wiod(dir: &Path, countries: &[&str], seed: u64) {
    let mut g = SplitMix64::new(seed);
    let cats = ["HH", "NPISH", "GOV", "GFCF", "INV"];
    let ranges = [
        (20.0, 60.0),
        (0.0, 2.0),
        (0.0, 10.0),
        (0.0, 10.0),
        (-1.0, 1.0),
    ];
    let ids: Vec<String> = (1..=35).map(|k| format!("c{k}")).collect();
    let labels: Vec<String> = countries
        .iter()
        .flat_map(|c| ids.iter().map(move |s| format!("{c}_{s}")))
        .collect();
    let ns = labels.len();
    let z: Vec<Vec<f64>> = (0..ns)
        .map(|_| (0..ns).map(|_| r3(g.range(0.0, 1.0))).collect())
        .collect();
    let f: Vec<Vec<f64>> = (0..ns)
        .map(|_| {
            (0..countries.len() * cats.len())
                .map(|k| {
                    let (lo, hi) = ranges[k % cats.len()];
                    r3(g.range(lo, hi))
                })
                .collect()
        })
        .collect();
    std::fs::create_dir_all(dir).expect("create fixture dir");
    let mut s = String::from("index,code\n");
    for (k, c) in countries.iter().enumerate() {
        let _ = writeln!(s, "{k},{c}");
    }
    std::fs::write(dir.join("countries.csv"), s).expect("write");
    let mut s = String::from("index,id,isic_rev3,name\n");
    for (k, id) in ids.iter().enumerate() {
        let _ = writeln!(s, "{k},{id},S{},Sector {}", k + 1, k + 1);
    }
    std::fs::write(dir.join("sectors.csv"), s).expect("write");
    let mut zs = String::from("row");
    for l in &labels {
        let _ = write!(zs, ",{l}");
    }
    zs.push('\n');
    let mut fs = String::from("row");
    for c in countries {
        for k in cats {
            let _ = write!(fs, ",{c}_{k}");
        }
    }
    fs.push('\n');
    let mut xs = String::from("country,sector,gross_output,intermediate_inputs,va_residual\n");
    for a in 0..ns {
        zs.push_str(&labels[a]);
        for v in &z[a] {
            let _ = write!(zs, ",{v}");
        }
        zs.push('\n');
        fs.push_str(&labels[a]);
        for v in &f[a] {
            let _ = write!(fs, ",{v}");
        }
        fs.push('\n');
        let go: f64 = z[a].iter().sum::<f64>() + f[a].iter().sum::<f64>();
        let ii: f64 = (0..ns).map(|r| z[r][a]).sum();
        let (c, id) = labels[a].split_once('_').expect("label");
        let _ = writeln!(xs, "{c},{id},{go},{ii},{}", go - ii);
    }
    std::fs::write(dir.join("Z_2011.csv"), zs).expect("write");
    std::fs::write(dir.join("F_2011.csv"), fs).expect("write");
    std::fs::write(dir.join("X_VA_2011.csv"), xs).expect("write");
}

/// An Ossa (2014)-layout folder with regions Brazil, China, US and industries `ric`, `wht`
/// (plus Ossa's extra `xxx` row in `sectors.csv`), λ ≡ 1 and noncooperative tariffs of 30 %.
///
/// # Panics
/// If the files cannot be written (a test set-up error).
pub fn write_ossa(dir: &Path, seed: u64) {
    let mut g = SplitMix64::new(seed);
    let (n, s) = (3, 2);
    std::fs::create_dir_all(dir).expect("create fixture dir");
    std::fs::write(
        dir.join("regions.csv"),
        "No.,String\n1,Brazil\n2,China\n3,US\n",
    )
    .expect("write");
    std::fs::write(dir.join("labels.csv"), "\"ric\"\n\"wht\"\n").expect("write");
    std::fs::write(
        dir.join("sectors.csv"),
        "No.,String,String\n1,ric,Raw and processed rice\n2,wht,Wheat\n3,xxx,All other sectors\n",
    )
    .expect("write");
    let mut sig = String::new();
    for _ in 0..s {
        let v = r3(g.range(2.0, 8.0));
        let _ = writeln!(sig, "{v},{v},{v},{v},3.421576");
    }
    std::fs::write(dir.join("sigma_s.csv"), sig).expect("write");
    let mut trade = String::new();
    let mut tariff = String::new();
    for _ in 0..s {
        for i in 0..n {
            let row: Vec<String> = (0..n)
                .map(|j| {
                    if i == j {
                        r3(g.range(500.0, 1000.0))
                    } else {
                        r3(g.range(1.0, 50.0))
                    }
                    .to_string()
                })
                .collect();
            let _ = writeln!(trade, "{}", row.join(","));
            let row: Vec<String> = (0..n)
                .map(|j| {
                    if i == j {
                        "0".to_string()
                    } else {
                        r3(g.range(0.0, 0.3)).to_string()
                    }
                })
                .collect();
            let _ = writeln!(tariff, "{}", row.join(","));
        }
    }
    std::fs::write(dir.join("trade_ijs.csv"), &trade).expect("write");
    std::fs::write(dir.join("trade_ijs_purged.csv"), &trade).expect("write");
    std::fs::write(dir.join("tariff_ijs.csv"), tariff).expect("write");
    let row = |k: usize, v: f64| vec![v.to_string(); k].join(",") + "\n";
    std::fs::write(dir.join("lambda_pol.csv"), row(s, 1.0).repeat(n)).expect("write");
    std::fs::write(dir.join("tariff_noncoop.csv"), row(n, 0.3).repeat(s)).expect("write");
}
