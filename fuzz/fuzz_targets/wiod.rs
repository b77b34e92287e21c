//! The WIOD importer: Z, F, X_VA, countries and sectors tables separated by NUL bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod common;

const NAMES: [&str; 5] = [
    "Z_2011.csv",
    "F_2011.csv",
    "X_VA_2011.csv",
    "countries.csv",
    "sectors.csv",
];

fuzz_target!(|data: &[u8]| {
    let dir = common::scratch();
    common::write(&dir, &NAMES, &common::parts(data, &NAMES));
    let _ = truce_data::import::wiod::import_wiod(&dir, &Default::default());
});
