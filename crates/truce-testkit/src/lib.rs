//! # truce-testkit: test support shared by truce's crates
//!
//! * [`shared`]: the reference data beside the repository;
//! * [`seeded`]: property-test settings that are reproducible in CI.
//!
//! Tests and benchmarks that read the reference data in `../shared/` (beside the repository,
//! never copied into it) find it with [`shared`]. The rule the project follows: under
//! `CI=true` missing data is a failure (CI always has `../shared`), elsewhere the test is
//! skipped with one line saying what is missing.

use std::path::{Path, PathBuf};

/// The folder beside the repository that holds the shared reference data.
pub fn shared_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// `../shared/<rel>` if it exists; otherwise `None` after printing one line, or a panic when
/// the environment variable `CI` is `true`.
///
/// # Panics
/// Under `CI=true` when the path does not exist.
///
/// # Example
/// ```
/// if let Some(dir) = truce_testkit::shared("data/cp2015") {
///     assert!(dir.join("README.md").exists());
/// }
/// ```
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = shared_root().join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI: shared data missing at {}", p.display());
    }
    eprintln!("skipping: shared data not found at {}", p.display());
    None
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
