// The `build.rs` of every crate whose tests read `../shared` (included with `include!`).
//
// Declares `cfg(truce_no_shared)` and sets it when `../shared` (beside the workspace) is missing
// and the environment variable `CI` is not `true`: tests that read it then carry
// `#[cfg_attr(truce_no_shared, ignore = "…")]` and are listed as ignored, never as passed.
// Under `CI=true` they run, and fail if the data is missing. Same logic as
// `truce_testkit::build_script_cfg` (kept out of build dependencies: the testkit pulls in
// proptest).
fn main() {
    println!("cargo::rustc-check-cfg=cfg(truce_no_shared)");
    println!("cargo::rerun-if-env-changed=CI");
    let marker = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/README.md");
    println!("cargo::rerun-if-changed={}", marker.display());
    if !marker.exists() && std::env::var("CI").as_deref() != Ok("true") {
        println!("cargo::rustc-cfg=truce_no_shared");
    }
}
