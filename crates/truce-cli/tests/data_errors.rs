//! Bad input to `truce data …`: each case gives a message naming the file, the row or column
//! and the value, exits with 1 (2 for a malformed command line), and leaves no output behind.

use assert_cmd::Command;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use truce::data::import::testing;

fn truce() -> Command {
    Command::cargo_bin("truce").unwrap()
}

/// A scratch folder with a source fixture and an output path that does not exist yet.
struct Case {
    dir: TempDir,
}

impl Case {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn out(&self) -> PathBuf {
        self.path("out")
    }
    fn icio(&self) -> PathBuf {
        testing::write_icio(
            &self.path("icio"),
            &["USA", "CHN", "MEX"],
            &["A", "B"],
            2019,
            9,
        )
    }
    fn wiod(&self) -> PathBuf {
        testing::write_wiod(&self.path("wiod"), &["AUS", "ROM"], 2);
        self.path("wiod")
    }
    fn ossa(&self) -> PathBuf {
        testing::write_ossa(&self.path("ossa"), 3);
        self.path("ossa")
    }
    /// A valid dataset (imported from the ICIO fixture) to break.
    fn dataset(&self) -> PathBuf {
        let src = self.icio();
        let ds = self.path("ds");
        truce()
            .args(["data", "import", "oecd-icio"])
            .arg(&src)
            .arg("--out")
            .arg(&ds)
            .assert()
            .success();
        ds
    }

    /// Run `truce data …` and check the failure: exit `code`, every part in stderr, no output
    /// directory and no temporary directory left.
    fn fails(&self, args: &[&dyn AsRefOs], code: i32, parts: &[&str]) -> String {
        let mut c = truce();
        c.arg("data");
        for a in args {
            c.arg(a.os());
        }
        let o = c.assert().failure().code(code).get_output().clone();
        let err = String::from_utf8(o.stderr).unwrap();
        for p in parts {
            assert!(err.contains(p), "expected {p:?} in:\n{err}");
        }
        assert!(o.stdout.is_empty(), "nothing on stdout on failure");
        assert!(
            !self.out().exists(),
            "partial output left at {:?}",
            self.out()
        );
        let hidden: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "temporary files left: {hidden:?}");
        err
    }
}

trait AsRefOs {
    fn os(&self) -> OsString;
}
impl AsRefOs for &str {
    fn os(&self) -> OsString {
        OsString::from(*self)
    }
}
impl AsRefOs for PathBuf {
    fn os(&self) -> OsString {
        self.clone().into_os_string()
    }
}

/// Replace the first `from` by `to` in `file` (which must contain it).
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "fixture {file:?} lacks {from:?}");
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Replace cell `col` (0-based, after splitting on commas) of line `line` (0-based).
fn set_cell(file: &Path, line: usize, col: usize, value: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[line].split(',').map(str::to_string).collect();
    cells[col] = value.to_string();
    lines[line] = cells.join(",");
    std::fs::write(file, lines.join("\n") + "\n").unwrap();
}

fn import(kind: &'static str, src: PathBuf, out: PathBuf) -> Vec<Box<dyn AsRefOs>> {
    vec![
        Box::new("import"),
        Box::new(kind),
        Box::new(src),
        Box::new("--out"),
        Box::new(out),
    ]
}

fn refs(v: &[Box<dyn AsRefOs>]) -> Vec<&dyn AsRefOs> {
    v.iter().map(|b| b.as_ref()).collect()
}

// 1. Wrong shape: a matrix with a row missing.
#[test]
fn wrong_shape() {
    let c = Case::new();
    let src = c.ossa();
    let f = src.join("trade_ijs_purged.csv");
    let text = std::fs::read_to_string(&f).unwrap();
    let kept: Vec<&str> = text.lines().take(5).collect();
    std::fs::write(&f, kept.join("\n")).unwrap();
    let a = import("ossa2014", src, c.out());
    c.fails(
        &refs(&a),
        1,
        &["trade_ijs_purged.csv", "expected 6 rows, found 5"],
    );
}

// 2. Negative flow.
#[test]
fn negative_flow() {
    let c = Case::new();
    let src = c.ossa();
    set_cell(&src.join("trade_ijs_purged.csv"), 1, 2, "-3.5");
    let a = import("ossa2014", src, c.out());
    c.fails(
        &refs(&a),
        1,
        &[
            "trade_ijs_purged.csv",
            "row 2",
            "column 3",
            "-3.5",
            "must be non-negative",
        ],
    );
}

// 3. NaN.
#[test]
fn nan_cell() {
    let c = Case::new();
    let src = c.icio();
    set_cell(&src, 2, 3, "NaN");
    let a = import("oecd-icio", src, c.out());
    c.fails(
        &refs(&a),
        1,
        &["ICIO_test_2019.csv", "row 3", "`NaN` is not finite"],
    );
}

// 4. Text where a number belongs.
#[test]
fn text_cell() {
    let c = Case::new();
    let src = c.wiod();
    set_cell(&src.join("Z_2011.csv"), 4, 7, "n/a");
    let a = import("wiod", src, c.out());
    c.fails(
        &refs(&a),
        1,
        &[
            "Z_2011.csv",
            "row 5",
            "column AUS_c7",
            "`n/a` is not a number",
        ],
    );
}

// 5. Missing sector: a row of the table is absent.
#[test]
fn missing_sector_row() {
    let c = Case::new();
    let src = c.icio();
    let text = std::fs::read_to_string(&src).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("MEX_B,")).collect();
    std::fs::write(&src, kept.join("\n")).unwrap();
    let a = import("oecd-icio", src, c.out());
    c.fails(&refs(&a), 1, &["MEX_B", "missing row"]);
}

// 6. Missing sector: Ossa's sector list lacks an industry of the data.
#[test]
fn missing_sector_description() {
    let c = Case::new();
    let src = c.ossa();
    edit(&src.join("sectors.csv"), "2,wht,Wheat\n", "");
    let a = import("ossa2014", src, c.out());
    c.fails(&refs(&a), 1, &["sectors.csv", "wht", "missing sector"]);
}

// 7. Duplicated key: a row label twice.
#[test]
fn duplicated_row_label() {
    let c = Case::new();
    let src = c.icio();
    edit(&src, "\nCHN_B,", "\nCHN_A,");
    let a = import("oecd-icio", src, c.out());
    c.fails(
        &refs(&a),
        1,
        &["row 5", "CHN_A", "duplicated row label (also on line 4)"],
    );
}

// 8. Duplicated key in a dataset table.
#[test]
fn duplicated_key_in_dataset() {
    let c = Case::new();
    let ds = c.dataset();
    let f = ds.join("trade.csv");
    let text = std::fs::read_to_string(&f).unwrap();
    let second = text.lines().nth(1).unwrap().to_string();
    std::fs::write(&f, format!("{text}{second}\n")).unwrap();
    c.fails(
        &[&"inspect", &ds],
        1,
        &["trade.csv", "duplicated key", "already given on line 2"],
    );
}

// 9. Unbalanced table beyond tolerance (ICIO: output row).
#[test]
fn unbalanced_icio() {
    let c = Case::new();
    let src = c.icio();
    let text = std::fs::read_to_string(&src).unwrap();
    let line = text.lines().position(|l| l.starts_with("OUT,")).unwrap();
    let cells: Vec<&str> = text.lines().nth(line).unwrap().split(',').collect();
    let v: f64 = cells[1].parse().unwrap();
    set_cell(&src, line, 1, &format!("{}", v * 1.5));
    let a = import("oecd-icio", src, c.out());
    c.fails(&refs(&a), 1, &["unbalanced table", "USA_A", "tolerance"]);
}

// 10. Unbalanced table beyond tolerance (WIOD: reported gross output).
#[test]
fn unbalanced_wiod() {
    let c = Case::new();
    let src = c.wiod();
    set_cell(&src.join("X_VA_2011.csv"), 3, 2, "999999");
    let a = import("wiod", src, c.out());
    c.fails(
        &refs(&a),
        1,
        &[
            "X_VA_2011.csv",
            "row 4",
            "gross_output",
            "999999",
            "unbalanced table",
            "AUS_c3",
        ],
    );
}

// 11. Unknown code in an aggregation map, with a suggestion.
#[test]
fn unknown_code_in_map() {
    let c = Case::new();
    let ds = c.dataset();
    let map = c.path("map.csv");
    std::fs::write(&map, "code,group\nUSA,NA\nCHA,AS\nMEX,NA\n").unwrap();
    c.fails(
        &[&"aggregate", &ds, &"--regions", &map, &"--out", &c.out()],
        1,
        &[
            "map.csv",
            "row 3",
            "unknown region code",
            "did you mean `CHN`",
        ],
    );
}

// 12. Unknown code in a tariff table given with --tariffs.
#[test]
fn unknown_code_in_tariffs() {
    let c = Case::new();
    let src = c.wiod();
    let t = c.path("tariffs.csv");
    std::fs::write(&t, "importer,exporter,sector,rate\nAUS,ROM,c1,0.1\n").unwrap();
    let mut a = import("wiod", src, c.out());
    a.push(Box::new("--tariffs"));
    a.push(Box::new(t));
    c.fails(
        &refs(&a),
        1,
        &[
            "tariffs.csv",
            "column exporter",
            "ROM",
            "did you mean `ROU`",
        ],
    );
}

// 13. Wrong units header: a percentage in a `rate` column.
#[test]
fn percentage_in_rate_column() {
    let c = Case::new();
    let src = c.icio();
    let t = c.path("tariffs.csv");
    std::fs::write(&t, "importer,exporter,sector,rate\nUSA,CHN,B,25\n").unwrap();
    let mut a = import("oecd-icio", src, c.out());
    a.push(Box::new("--tariffs"));
    a.push(Box::new(t));
    c.fails(
        &refs(&a),
        1,
        &["tariffs.csv", "looks like a percentage", "rate_pct"],
    );
}

// 14. Wrong units header: unknown unit in the manifest.
#[test]
fn wrong_unit_in_manifest() {
    let c = Case::new();
    let ds = c.dataset();
    edit(
        &ds.join("dataset.toml"),
        "unit = \"million\"",
        "unit = \"millions\"",
    );
    c.fails(
        &[&"inspect", &ds],
        1,
        &["dataset.toml", "unknown unit", "did you mean `million`"],
    );
}

// 15. Wrong header: a column the table does not have.
#[test]
fn wrong_header_in_theta_file() {
    let c = Case::new();
    let src = c.icio();
    let t = c.path("theta.csv");
    std::fs::write(&t, "sector,elasticity,citation\nA,5,Someone (2020)\n").unwrap();
    let mut a = import("oecd-icio", src, c.out());
    a.push(Box::new("--theta"));
    a.push(Box::new(t));
    c.fails(
        &refs(&a),
        1,
        &["theta.csv", "row 1", "unknown column", "elasticity"],
    );
}

// 16. σ ≤ 1 gives a non-positive θ = σ − 1.
#[test]
fn sigma_not_above_one() {
    let c = Case::new();
    let src = c.ossa();
    set_cell(&src.join("sigma_s.csv"), 1, 0, "0.9");
    let a = import("ossa2014", src, c.out());
    c.fails(
        &refs(&a),
        1,
        &["sigma_s.csv", "row 2", "0.9", "must exceed 1"],
    );
}

// 17. Negative consumption (only capital formation and inventories may be negative).
#[test]
fn negative_consumption() {
    let c = Case::new();
    let src = c.icio();
    let text = std::fs::read_to_string(&src).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "MEX_HFCE").unwrap();
    set_cell(&src, 1, col, "-5");
    let a = import("oecd-icio", src, c.out());
    c.fails(
        &refs(&a),
        1,
        &[
            "row 2",
            "column MEX_HFCE",
            "household final consumption",
            "non-negative",
        ],
    );
}

// 18. Missing VA row.
#[test]
fn missing_value_added_row() {
    let c = Case::new();
    let src = c.icio();
    let text = std::fs::read_to_string(&src).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("VA,")).collect();
    std::fs::write(&src, kept.join("\n")).unwrap();
    let a = import("oecd-icio", src, c.out());
    c.fails(&refs(&a), 1, &["missing row `VA`"]);
}

// 19. Missing file.
#[test]
fn missing_file() {
    let c = Case::new();
    let src = c.wiod();
    std::fs::remove_file(src.join("F_2011.csv")).unwrap();
    let a = import("wiod", src, c.out());
    c.fails(&refs(&a), 1, &["F_2011.csv", "cannot read"]);
}

// 20. Unknown region name in a source.
#[test]
fn unknown_region_name() {
    let c = Case::new();
    let src = c.ossa();
    edit(&src.join("regions.csv"), "1,Brazil", "1,Brasil");
    let a = import("ossa2014", src, c.out());
    c.fails(
        &refs(&a),
        1,
        &["regions.csv", "row 2", "Brasil", "unknown region name"],
    );
}

// 21. A map that leaves a code out, and one that maps a code twice.
#[test]
fn incomplete_and_duplicated_maps() {
    let c = Case::new();
    let ds = c.dataset();
    let map = c.path("map.csv");
    std::fs::write(&map, "code,group\nUSA,NA\nMEX,NA\n").unwrap();
    c.fails(
        &[&"aggregate", &ds, &"--regions", &map, &"--out", &c.out()],
        1,
        &["map.csv", "CHN", "not in the map"],
    );
    std::fs::write(&map, "code,group\nUSA,NA\nCHN,AS\nUSA,X\nMEX,NA\n").unwrap();
    c.fails(
        &[&"aggregate", &ds, &"--regions", &map, &"--out", &c.out()],
        1,
        &["map.csv", "row 4", "mapped twice (also on line 2)"],
    );
}

// 22. Shares that do not sum to one in a dataset.
#[test]
fn shares_not_summing_to_one() {
    let c = Case::new();
    let ds = c.dataset();
    let f = ds.join("value_added.csv");
    let text = std::fs::read_to_string(&f).unwrap();
    let line = text.lines().nth(1).unwrap();
    let cells: Vec<&str> = line.split(',').collect();
    let v: f64 = cells[2].parse().unwrap();
    // Raise the share and drop the value column so only the share check can fail.
    let new: String = text
        .lines()
        .enumerate()
        .map(|(k, l)| {
            let mut c: Vec<String> = l.split(',').map(str::to_string).collect();
            c.truncate(3);
            if k == 1 {
                c[2] = format!("{}", (v + 0.2).min(1.0));
            }
            c.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&f, new).unwrap();
    c.fails(&[&"inspect", &ds], 1, &["io_shares.csv", "sum to 1"]);
}

// 23. An occupied output directory is not overwritten.
#[test]
fn occupied_output_directory() {
    let c = Case::new();
    let src = c.ossa();
    let out = c.out();
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let o = truce()
        .args(["data", "import", "ossa2014"])
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .assert()
        .failure()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("exists and is not empty") && err.contains("--force"),
        "{err}"
    );
    // --force replaces only a dataset.
    let o = truce()
        .args(["data", "import", "ossa2014"])
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .failure()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("not a truce dataset"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

// 24. An option the kind does not take; an unknown kind (a command-line error: exit 2).
#[test]
fn wrong_options_and_kinds() {
    let c = Case::new();
    let src = c.wiod();
    let mut a = import("wiod", src.clone(), c.out());
    a.push(Box::new("--raw"));
    c.fails(&refs(&a), 1, &["--raw does not apply to `wiod`"]);
    let a = import("gtap", src.clone(), c.out());
    c.fails(
        &refs(&a),
        2,
        &[
            "invalid value 'gtap'",
            "cp2015, ossa2014, wiod, oecd-icio, gravity",
        ],
    );
    // A folder given where gravity wants a panel file: the reader names it.
    let a = import("gravity", src, c.out());
    c.fails(&refs(&a), 1, &["cannot read the file"]);
}

// 25. A tariff on a region's own sales.
#[test]
fn tariff_on_own_sales() {
    let c = Case::new();
    let src = c.icio();
    let t = c.path("tariffs.csv");
    std::fs::write(&t, "importer,exporter,sector,rate\nUSA,USA,A,0.1\n").unwrap();
    let mut a = import("oecd-icio", src, c.out());
    a.push(Box::new("--tariffs"));
    a.push(Box::new(t));
    c.fails(
        &refs(&a),
        1,
        &["tariffs.csv", "row 2", "cannot tax its own domestic sales"],
    );
}

// 26. Unknown column label in an ICIO table.
#[test]
fn unknown_icio_column() {
    let c = Case::new();
    let src = c.icio();
    edit(&src, ",OUT\n", ",TOTALS\n");
    let a = import("oecd-icio", src, c.out());
    c.fails(&refs(&a), 1, &["row 1", "TOTALS", "unknown column label"]);
}

// 27. An unexpected label in a WIOD table (a typo in a sector id), with a suggestion; and a
// row label of a country the table does not list.
#[test]
fn unexpected_wiod_labels() {
    let c = Case::new();
    let src = c.wiod();
    edit(&src.join("Z_2011.csv"), ",AUS_c7,", ",AUS_c77,");
    let a = import("wiod", src.clone(), c.out());
    c.fails(
        &refs(&a),
        1,
        &[
            "Z_2011.csv",
            "row 1",
            "column 8",
            "AUS_c77",
            "did you mean `AUS_c7`",
        ],
    );
    edit(&src.join("Z_2011.csv"), ",AUS_c77,", ",AUS_c7,");
    edit(&src.join("F_2011.csv"), "\nROM_c3,", "\nRUM_c3,");
    let a = import("wiod", src, c.out());
    c.fails(
        &refs(&a),
        1,
        &[
            "F_2011.csv",
            "row 39",
            "RUM_c3",
            "unexpected row label",
            "did you mean `ROM_c3`",
        ],
    );
}
