//! The Ossa (2014) readers (truce-ossa's loader and the dataset importer): its CSV files
//! separated by NUL bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod common;

const NAMES: [&str; 7] = [
    "regions.csv",
    "labels.csv",
    "sectors.csv",
    "sigma_s.csv",
    "trade_ijs.csv",
    "trade_ijs_purged.csv",
    "tariff_ijs.csv",
];

fuzz_target!(|data: &[u8]| {
    let dir = common::scratch();
    common::write(&dir, &NAMES, &common::parts(data, &NAMES));
    let _ = truce_ossa::data::load(&dir);
    let _ = truce_data::import::ossa2014::import_ossa2014(&dir, Default::default());
});
