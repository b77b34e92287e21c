//! The OECD ICIO importer: one CSV file.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let dir = common::scratch();
    let p = dir.join("ICIO2023_2020.csv");
    std::fs::write(&p, data).expect("scratch file");
    let _ = truce_data::import::oecd_icio::import_oecd_icio(&p, &Default::default());
});
