//! The region/sector maps of `truce data aggregate` (`code,group[,group_name]`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let codes = ["USA", "CHN", "EU27", "JPN", "ROW"];
    let _ = truce_data::aggregate::GroupMap::parse(
        std::path::Path::new("map.csv"),
        &text,
        "region",
        &codes,
    );
});
