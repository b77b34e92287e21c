//! Every typed output, produced by its real pipeline: it reads back as its own type
//! (`truce_output::read`), and its shape is pinned by an insta snapshot (`snapshots/`).
//!
//! The snapshots hold shapes, not numbers (`truce_testkit::shape`): every key, whether a value
//! is a number, a string, a boolean or null, and the values of `command`, `schema_version` and
//! the enumerations. Adding, removing, renaming or retyping a field fails the test; then bump
//! the output's `schema_version` (docs/output-schema.md), regenerate the schemas
//! (`TRUCE_UPDATE_SCHEMAS=1 cargo test -p truce-output --test schemas`) and accept the new
//! snapshot (`cargo insta review`, or `INSTA_UPDATE=always cargo test -p truce --test
//! output_snapshots`).

use std::path::Path;
use truce::dataset;
use truce::game::TariffInstruments;
use truce::games::{talks, war, TalksOptions, WarOptions};
use truce::output::{self as out, Output};
use truce::scenario::Date;
use truce::solve::NoObserver;
use truce::timeline::{timeline, TimelineOptions};
use truce_testkit::{shape, shared};

/// String fields whose values are part of the shape (enumerations and the header).
const KEEP: &[&str] = &[
    "command",
    "schema_version",
    "welfare_measure",
    "termination",
    "status",
    "mode",
    "deficits",
    "base",
];

/// Serialise, read back as `T`, compare, and snapshot the shape.
fn check<T: Output + PartialEq + std::fmt::Debug>(name: &str, output: &T) {
    let text = out::to_json(output);
    let back: T = out::read(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    // serde_json's `float_roundtrip`: every number reads back to the same bits.
    assert!(
        &back == output,
        "{name}: the output does not read back as itself"
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        &keys[..3],
        ["schema_version", "truce_version", "command"],
        "{name}: the header comes first"
    );
    assert_eq!(v["command"], T::COMMAND);
    insta::assert_json_snapshot!(name, shape(&v, KEEP));
}

fn repo(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

#[test]
fn run_output() {
    let r = truce::run::run(
        &repo("scenarios/geneva-truce.toml"),
        &truce::run::RunOptions::default(),
        &|_, _| {},
    )
    .unwrap();
    check("run", &r.output());
    // A scenario without [[step]] has the same shape: one step.
    let r = truce::run::run(
        &repo("scenarios/rare-earth-controls-2025.toml"),
        &truce::run::RunOptions::default(),
        &|_, _| {},
    )
    .unwrap();
    assert!(!r.output().steps.is_empty());
}

#[test]
fn timeline_output() {
    let ds = dataset::resolve("world2024").unwrap();
    let opts = TimelineOptions {
        from: Date {
            year: 2025,
            month: 4,
            day: 1,
        },
        to: Date {
            year: 2025,
            month: 6,
            day: 30,
        },
        relative_to_prewar: false,
        ..TimelineOptions::default()
    };
    let t = timeline(ds, &opts, &|_, _| {}).unwrap();
    check("timeline", &t.output());
}

fn uniform() -> WarOptions {
    WarOptions {
        instruments: TariffInstruments::Uniform,
        ..WarOptions::default()
    }
}

#[test]
fn war_output() {
    let ds = dataset::resolve("synthetic-world2024").unwrap();
    let w = war(ds.baseline.clone(), &uniform(), &mut NoObserver).unwrap();
    check("war", &w.output(&ds));
}

#[test]
fn talks_output() {
    let ds = dataset::resolve("synthetic-world2024").unwrap();
    let opts = TalksOptions {
        war: uniform(),
        points: 1,
        ..TalksOptions::default()
    };
    let t = talks(ds.baseline.clone(), &opts, &mut NoObserver).unwrap();
    check("talks", &t.output(&ds));
}

#[test]
fn data_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("world2024");
    truce::world::write(&truce::world::load().unwrap(), &src).unwrap();
    let r = truce::data_cmd::inspect(&src, 3, true).unwrap();
    let inspect: out::InspectOutput = out::read(&r.json.to_string()).unwrap();
    check("data-inspect", &inspect);

    let agg = dir.path().join("agg");
    let r = truce::data_cmd::aggregate(&src, None, None, &agg, Some("copy"), false).unwrap();
    let a: out::DataAggregateOutput = out::read(&r.json.to_string()).unwrap();
    check("data-aggregate", &a);

    let wiod = dir.path().join("wiod");
    truce::data::import::testing::write_wiod(&wiod, &["AUS", "ROM", "USA"], 3);
    let r = truce::data_cmd::import(
        truce::data_cmd::ImportKind::Wiod,
        &wiod,
        &dir.path().join("imported"),
        &truce::data_cmd::ImportOptions::default(),
    )
    .unwrap();
    let i: out::DataImportOutput = out::read(&r.json.to_string()).unwrap();
    check("data-import", &i);
}

#[test]
fn compare_output() {
    let dir = tempfile::tempdir().unwrap();
    let r = truce::run::run(
        &repo("scenarios/geneva-truce.toml"),
        &truce::run::RunOptions::default(),
        &|_, _| {},
    )
    .unwrap();
    let a = dir.path().join("a.json");
    std::fs::write(&a, out::to_json(&r.output())).unwrap();
    let rel = truce::run::run(
        &repo("scenarios/geneva-truce.toml"),
        &truce::run::RunOptions {
            relative_to: Some("peak".into()),
            ..Default::default()
        },
        &|_, _| {},
    )
    .unwrap();
    let b = dir.path().join("b.json");
    std::fs::write(&b, out::to_json(&rel.output())).unwrap();
    let c = truce::compare::compare_output(&a, &b).unwrap();
    assert_eq!(c.rows.len(), r.output().steps.len() * 11);
    assert!(c.notes.iter().any(|n| n.contains("mix two references")));
    check("compare", &c);
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn replicate_outputs() {
    use truce::replicate::{cp2015, ge_gravity, gegravity, ossa2014};
    let r = cp2015::run(
        &shared("data/cp2015"),
        cp2015::Base::ZeroDeficit,
        &mut NoObserver,
    )
    .unwrap();
    check("replicate-cp2015", &r.output());
    let r = ge_gravity::run(
        &shared("data/ge_gravity_example"),
        ge_gravity::Deficits::Additive,
        &mut NoObserver,
    )
    .unwrap();
    check("replicate-ge-gravity", &r.output());
    let r = gegravity::run(&shared("data/gegravity_sample"), &mut NoObserver).unwrap();
    check("replicate-gegravity", &r.output());
    let r = ossa2014::run(
        &shared("data/ossa2014"),
        ossa2014::Table::Optimal,
        truce::ossa::Version::Bas,
        &mut NoObserver,
    )
    .unwrap();
    check("replicate-ossa2014", &r.output());
}
