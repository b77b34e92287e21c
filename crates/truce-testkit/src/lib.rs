//! # truce-testkit: test support shared by truce's crates
//!
//! * [`shared`]: the reference data beside the repository;
//! * [`seeded`]: property-test settings that are reproducible in CI;
//! * [`shape`]: the shape of a JSON output, for snapshot tests that pin shapes, not numbers.
//!
//! Tests and benchmarks that read the reference data in `../shared/` (beside the repository,
//! never copied into it) find it with [`shared`]. The rule the project follows: under
//! `CI=true` missing data is a failure (CI always has `../shared`); elsewhere such a test is
//! *ignored* with a reason, never reported as passed. Each crate with such tests has a
//! `build.rs` that sets `cfg(truce_no_shared)` when `../shared` is missing and `CI` is not
//! `true` (`build/shared_cfg.rs`, included by each), and each such test carries
//!
//! ```text
//! #[test]
//! #[cfg_attr(truce_no_shared, ignore = "needs ../shared (reference data beside the repository)")]
//! ```
//!
//! so `cargo test` lists it as ignored, and `cargo test -- --ignored` runs (and fails) it.

use std::path::{Path, PathBuf};

/// The folder beside the repository that holds the shared reference data.
pub fn shared_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// `../shared/<rel>`, which must exist.
///
/// # Panics
/// When the path does not exist: a test that calls this carries
/// `#[cfg_attr(truce_no_shared, ignore = "…")]`, so outside CI it only runs when `../shared`
/// is there, and under `CI=true` a missing path fails it.
///
/// # Example
/// ```no_run
/// let dir = truce_testkit::shared("data/cp2015");
/// assert!(dir.join("README.md").exists());
/// ```
#[track_caller]
pub fn shared(rel: &str) -> PathBuf {
    let p = shared_root().join(rel);
    assert!(
        p.exists(),
        "shared data missing at {} (CI always has ../shared beside the repository; elsewhere \
         this test is ignored when ../shared is missing)",
        p.display()
    );
    p
}

/// The shape of a JSON value: every object key kept, every array reduced to its first element
/// (an empty array stays empty), numbers → `"number"`, booleans → `"bool"`, strings →
/// `"string"` except the values of the keys in `keep` (e.g. `command`, `schema_version`,
/// `welfare_measure`), `null` kept. Snapshots of shapes survive model changes that move numbers
/// but fail when a field is added, removed, renamed, retyped or becomes null.
///
/// # Example
/// ```
/// let v = serde_json::json!({"command": "run", "x": [1.5, 2.0], "y": null, "s": "a"});
/// let s = truce_testkit::shape(&v, &["command"]);
/// assert_eq!(s, serde_json::json!({"command": "run", "x": ["number"], "y": null, "s": "string"}));
/// ```
pub fn shape(v: &serde_json::Value, keep: &[&str]) -> serde_json::Value {
    use serde_json::Value;
    fn go(v: &Value, key: Option<&str>, keep: &[&str]) -> Value {
        match v {
            Value::Null => Value::Null,
            Value::Bool(_) => Value::from("bool"),
            Value::Number(_) => Value::from("number"),
            Value::String(s) => {
                if key.is_some_and(|k| keep.contains(&k)) {
                    Value::from(s.as_str())
                } else {
                    Value::from("string")
                }
            }
            Value::Array(a) => {
                Value::Array(a.first().map(|x| go(x, key, keep)).into_iter().collect())
            }
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, x)| (k.clone(), go(x, Some(k), keep)))
                    .collect(),
            ),
        }
    }
    go(v, None, keep)
}

/// Property-test settings: `cases` cases from a fixed seed, so CI always runs the same cases
/// (the project's rule: property tests are seeded). `PROPTEST_RNG_SEED` and `PROPTEST_CASES`
/// override both, to sweep further on a developer's machine, e.g.
/// `PROPTEST_RNG_SEED=7 PROPTEST_CASES=2000 cargo test --release -p truce-model`.
pub fn seeded(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, RngSeed};
    let mut c = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(20_261_127);
    }
    c
}
