//! Recomputes the committed sector-level summary of the HS6 schedules from `../shared` and
//! checks it against `data/us_china_measures/`. `TRUCE_REGENERATE_SUMMARY=1` rewrites them.

use std::path::Path;
use truce_testkit::shared;

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn committed_summary_matches_the_hs6_schedules() {
    let data = shared("data");
    let s = truce_scenario::summary::compute(&data).expect("shared files readable");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/us_china_measures");
    let files = [
        ("hs6_schedule_sector_means.csv", s.schedule_means_csv()),
        ("hs6_product_group_shares.csv", s.group_shares_csv()),
    ];
    if std::env::var("TRUCE_REGENERATE_SUMMARY").as_deref() == Ok("1") {
        for (f, text) in &files {
            std::fs::write(dir.join(f), text).unwrap();
        }
    }
    for (f, text) in &files {
        let committed = std::fs::read_to_string(dir.join(f)).unwrap_or_default();
        assert!(
            committed == *text,
            "{f} differs from the recomputed figures; run with TRUCE_REGENERATE_SUMMARY=1 and review the diff"
        );
    }
    // Sanity: the US pre-war MFN simple mean over all lines is the README's 4.6 %, China's 9.7 %.
    for (side, want) in [("USA", 4.6), ("CHN", 9.7)] {
        let rows: Vec<_> = s
            .schedule_means
            .iter()
            .filter(|r| r.side == side && r.date == "2018-01-01")
            .collect();
        let n: usize = rows.iter().map(|r| r.lines).sum();
        let mean = rows
            .iter()
            .map(|r| r.mean_pct * r.lines as f64)
            .sum::<f64>()
            / n as f64;
        assert!((mean - want).abs() < 0.05, "{side}: {mean}");
    }
}
