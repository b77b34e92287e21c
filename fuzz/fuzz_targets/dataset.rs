//! A truce dataset (dataset.toml and its CSV tables), read from memory: the input is the
//! manifest and the tables separated by NUL bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod common;

const NAMES: [&str; 7] = [
    "dataset.toml",
    "trade.csv",
    "tariffs.csv",
    "io_shares.csv",
    "value_added.csv",
    "final_demand.csv",
    "deficits.csv",
];

fuzz_target!(|data: &[u8]| {
    let parts = common::parts(data, &NAMES);
    let texts: Vec<String> = parts
        .iter()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let files: Vec<(&str, &str)> = NAMES
        .iter()
        .zip(&texts)
        .map(|(n, t)| (*n, t.as_str()))
        .collect();
    let _ = truce_data::read_dataset_from_memory("<fuzz>", &files);
});
