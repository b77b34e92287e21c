//! The record's charts: event labels never overlap (issue 14: in `welfare.png` the April 2025
//! and Geneva labels used to sit on top of each other).

use truce::dataset;
use truce::timeline::{timeline, TimelineOptions};

#[test]
fn event_labels_of_every_timeline_chart_are_apart() {
    let ds = dataset::resolve("world2024").unwrap();
    let t = timeline(ds, &TimelineOptions::default(), &|_, _| {}).unwrap();
    let charts = t.charts();
    assert!(charts.len() >= 6, "full charts and 2025–26 close-ups");
    for (name, chart) in &charts {
        let boxes = truce::plot::event_label_boxes(chart, 1200, 700);
        assert!(!boxes.is_empty(), "{name} has events");
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "{name}: {a:?} overlaps {b:?}");
            }
        }
    }
}
