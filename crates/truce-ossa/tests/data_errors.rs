//! The loader names the file, row, column and value of a bad cell.

use std::path::Path;
use truce_ossa::data::load;
use truce_testkit::shared;

/// Copy the data folder to a temporary one, then let `edit` change one file.
fn corrupted(src: &Path, file: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let p = dir.path().join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, edit(text)).unwrap();
    dir
}

fn replace_line(text: String, line: usize, new: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(k, l)| {
            if k + 1 == line {
                new.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn loads_the_shipped_files() {
    let src = shared("data/ossa2014");
    let d = load(&src).unwrap();
    assert_eq!(d.regions, ["BRA", "CHN", "EU", "IND", "JPN", "ROW", "USA"]);
    assert_eq!(d.industries.len(), 33);
    assert_eq!(d.industries[23], "crp");
    // Row 3 of trade_ijs.csv is industry 1, exporter EU; column 3 is importer EU.
    let dims = d.dims();
    assert_eq!(d.trade_raw[dims.ijs(2, 2, 0)], 2825.502);
    // Tariff imposed by importer Japan (column 5) on Brazil (row 1), rice: 192.9883 %.
    assert_eq!(d.tariff[dims.ijs(0, 4, 0)], 1.929883);
    // EU, industry 12 has weight exactly 0 ("-0" in the file).
    assert_eq!(d.lambda_pol[dims.rs(2, 11)].to_bits(), 0f64.to_bits());
    assert_eq!(d.sigma[0], 7.007203);
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn a_negative_flow_is_named_by_file_row_and_column() {
    let src = shared("data/ossa2014");
    let dir = corrupted(&src, "trade_ijs.csv", |t| {
        replace_line(t, 9, "1,2,3,-4.5,5,6,7")
    });
    let e = load(dir.path()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("trade_ijs.csv, row 9, column 4"), "{msg}");
    assert!(msg.contains("-4.5"), "{msg}");
    assert!(
        msg.contains("exporter CHN, importer IND, industry no. 2"),
        "{msg}"
    );
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn a_tariff_on_domestic_sales_and_a_bad_number_are_rejected() {
    let src = shared("data/ossa2014");
    let dir = corrupted(&src, "tariff_ijs.csv", |t| {
        replace_line(t, 1, "0.1,0,0,0,0,0,0")
    });
    let msg = load(dir.path()).unwrap_err().to_string();
    assert!(msg.contains("tariff_ijs.csv, row 1, column 1"), "{msg}");
    assert!(msg.contains("diagonal"), "{msg}");
    let dir = corrupted(&src, "sigma_s.csv", |t| replace_line(t, 2, "abc,1,1,1,1"));
    let msg = load(dir.path()).unwrap_err().to_string();
    assert!(
        msg.contains("sigma_s.csv, row 2, column 1: `abc` is not a number"),
        "{msg}"
    );
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn regions_out_of_order_and_missing_files_are_reported() {
    let src = shared("data/ossa2014");
    let dir = corrupted(&src, "regions.csv", |t| {
        t.replace("6,ROW", "6,TMP")
            .replace("7,US", "7,ROW")
            .replace("6,TMP", "6,US")
    });
    let msg = load(dir.path()).unwrap_err().to_string();
    assert!(msg.contains("regions.csv, row 7, column 2"), "{msg}");
    assert!(msg.contains("ROW before US"), "{msg}");
    std::fs::remove_file(dir.path().join("lambda_pol.csv")).unwrap();
    let dir2 = corrupted(&src, "labels.csv", |t| t);
    std::fs::remove_file(dir2.path().join("lambda_pol.csv")).unwrap();
    let msg = load(dir2.path()).unwrap_err().to_string();
    assert!(msg.contains("lambda_pol.csv: cannot read"), "{msg}");
    let msg = load(Path::new("/nonexistent/ossa"))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("not a directory"), "{msg}");
}
