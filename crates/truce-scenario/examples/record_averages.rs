//! Prints the record's trade-weighted average tariffs (US on China, China on the US) at
//! PIIE's published dates on the synthetic world2024 stand-in, beside PIIE's values.
//!
//! `cargo run -p truce-scenario --example record_averages`

use truce_scenario::compile::average_tariff_pct;
use truce_scenario::record::piie_published;
use truce_scenario::testing::{synthetic_world2024, BASELINE_DATE, FLOW_UNIT_USD_BN};
use truce_scenario::{compile, DatasetInfo, Scenario};

fn main() {
    let b = synthetic_world2024();
    let pts = piie_published();
    let mut text = String::from("dataset = \"synthetic-world2024\"\nrecord = \"us-china\"\n");
    for (k, p) in pts.iter().enumerate() {
        text.push_str(&format!("[[step]]\nname = \"p{k}\"\ndate = {}\n", p.date));
    }
    let s = Scenario::from_toml_str(&text, "<averages>", "averages").unwrap();
    let c = compile(
        &s,
        &DatasetInfo {
            baseline: &b,
            flow_unit_usd_bn: Some(FLOW_UNIT_USD_BN),
            baseline_date: Some(BASELINE_DATE),
        },
    )
    .unwrap();
    println!(
        "date        US-on-CHN  PIIE   gap | CHN-on-US  PIIE   gap | model-equivalent US, CHN"
    );
    for (p, st) in pts.iter().zip(&c.steps) {
        let us = average_tariff_pct(&b, &st.statutory_tariff, 0, 1).unwrap();
        let cn = average_tariff_pct(&b, &st.statutory_tariff, 1, 0).unwrap();
        let usm = average_tariff_pct(&b, st.policy.tariff(), 0, 1).unwrap();
        let cnm = average_tariff_pct(&b, st.policy.tariff(), 1, 0).unwrap();
        let f = |x: Option<f64>, m: f64| match x {
            Some(v) => format!("{v:6.1} {:5.1}", m - v),
            None => "     –      ".into(),
        };
        println!(
            "{}  {us:8.1}  {} | {cn:8.1}  {} | {usm:6.1} {cnm:6.1}",
            p.date,
            f(p.us_on_chn_pct, us),
            f(p.chn_on_us_pct, cn)
        );
    }
    for n in &c.notes {
        println!("note: {n}");
    }
}
