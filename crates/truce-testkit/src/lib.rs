//! # truce-testkit: test support shared by truce's crates
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
