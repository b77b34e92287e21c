//! A gravity panel (CSV or tab-delimited), as `truce data import gravity` reads it.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let dir = common::scratch();
    let p = dir.join("panel.csv");
    std::fs::write(&p, data).expect("scratch file");
    let _ = truce_gravity::read_panel(&p);
});
