//! Scenario files (TOML): parse, and compile what parses against the synthetic world.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = truce_scenario::Scenario::from_toml_str(text, "<fuzz>", "fuzz") {
        let b = truce_scenario::testing::synthetic_world2024();
        let info = truce_scenario::DatasetInfo {
            baseline: &b,
            flow_unit_usd_bn: Some(truce_scenario::testing::FLOW_UNIT_USD_BN),
            baseline_date: Some(truce_scenario::testing::BASELINE_DATE),
        };
        let _ = truce_scenario::compile(&s, &info);
    }
});
