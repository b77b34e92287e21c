//! Prints the record's trade-weighted average tariffs (US on China, China on the US) on
//! world2024 at PIIE's published dates, beside PIIE's values, as markdown table rows for
//! docs/us-china-record.md (statutory averages, PIIE's definition), followed by the model's
//! θ-consistent averages.
//!
//! `cargo run --release -p truce-world --example record_averages`

use truce_scenario::compile::average_tariff_pct;
use truce_scenario::record::piie_published;
use truce_scenario::{compile, DatasetInfo, Scenario};
use truce_world::{load, BASELINE_DATE, FLOW_UNIT_USD_BN};

fn main() {
    let b = load().expect("the embedded world2024 loads").baseline;
    let pts = piie_published();
    let mut text = String::from("dataset = \"world2024\"\nrecord = \"tariff-wall\"\n");
    for (k, p) in pts.iter().enumerate() {
        text.push_str(&format!("[[step]]\nname = \"p{k}\"\ndate = {}\n", p.date));
    }
    let s = Scenario::from_toml_str(&text, "<averages>", "averages").expect("valid");
    let c = compile(
        &s,
        &DatasetInfo {
            baseline: &b,
            flow_unit_usd_bn: Some(FLOW_UNIT_USD_BN),
            baseline_date: Some(BASELINE_DATE),
        },
    )
    .expect("the record compiles on world2024");
    println!("| date | US on CHN, truce | PIIE | gap | CHN on US, truce | PIIE | gap |");
    println!("|---|---|---|---|---|---|---|");
    let f = |x: Option<f64>, m: f64| match x {
        Some(v) if (m - v).abs() > 2.0 => format!("{v:.1} | **{:.1}**", m - v),
        Some(v) => format!("{v:.1} | {:.1}", m - v),
        None => "– | –".into(),
    };
    for (p, st) in pts.iter().zip(&c.steps) {
        let us = average_tariff_pct(&b, &st.statutory_tariff, 0, 1).expect("trade");
        let cn = average_tariff_pct(&b, &st.statutory_tariff, 1, 0).expect("trade");
        println!(
            "| {} | {us:.1} | {} | {cn:.1} | {} |",
            p.date,
            f(p.us_on_chn_pct, us),
            f(p.chn_on_us_pct, cn)
        );
    }
    println!();
    println!("model (θ-consistent) averages, US on CHN / CHN on US:");
    for (p, st) in pts.iter().zip(&c.steps) {
        let usm = average_tariff_pct(&b, st.policy.tariff(), 0, 1).expect("trade");
        let cnm = average_tariff_pct(&b, st.policy.tariff(), 1, 0).expect("trade");
        println!("{}  {usm:6.1} {cnm:6.1}", p.date);
    }
    for n in &c.notes {
        println!("note: {n}");
    }
}
