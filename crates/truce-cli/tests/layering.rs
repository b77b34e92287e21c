//! Dependencies point downward: no library crate depends on the binary's tools (an argument
//! parser, `anyhow`, a progress bar). Checked with `cargo tree` on the locked graph.

use std::process::Command;

const LIBRARIES: [&str; 12] = [
    "truce-solve",
    "truce-model",
    "truce-data",
    "truce-report",
    "truce-gravity",
    "truce-scenario",
    "truce-world",
    "truce-plot",
    "truce-ossa",
    "truce-game",
    "truce",
    "truce-testkit",
];

const BINARY_ONLY: [&str; 3] = ["anyhow", "clap", "indicatif"];

#[test]
fn no_library_depends_on_the_binarys_tools() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for lib in LIBRARIES {
        let out = Command::new(&cargo)
            .current_dir(&root)
            .args([
                "tree",
                "--offline",
                "--locked",
                "-e",
                "normal",
                "--prefix",
                "none",
                "-p",
                lib,
            ])
            .output()
            .expect("cargo tree runs");
        assert!(
            out.status.success(),
            "cargo tree -p {lib}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tree = String::from_utf8_lossy(&out.stdout);
        for dep in BINARY_ONLY {
            assert!(
                !tree.lines().any(|l| l.starts_with(&format!("{dep} "))),
                "{lib} depends on {dep}; only the truce-cli binary may"
            );
        }
    }
}
