//! What scripts rely on: a closed pipe ends quietly, other write errors fail with exit 1, every
//! JSON output carries its header, and text tables fit 120 columns unless `--wide`.

use std::io::Read;
use std::process::{Command, Stdio};

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("truce")
}

fn repo(rel: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
        .display()
        .to_string()
}

/// `truce ARGS | head -c 100`: read 100 bytes, close the pipe, and return the exit status and
/// standard error.
fn head_c_100(args: &[&str]) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(bin())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut buf = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut buf).unwrap();
    // The read end is dropped here: the next write of truce gets EPIPE.
    let out = child.wait_with_output().unwrap();
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    // The case (its JSON is smaller than a pipe buffer, so truce may finish first)…
    let (status, stderr) = head_c_100(&[
        "run",
        &repo("scenarios/geneva-truce.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
    // …and an output of 1.4 MB, which cannot fit in the pipe: truce does hit EPIPE.
    let (status, stderr) = head_c_100(&["timeline", "--format", "json"]);
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "", "nothing on stderr, no panic");
}

#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_on_stdout_is_an_error_with_exit_1() {
    let out = Command::new(bin())
        .args([
            "run",
            &repo("scenarios/geneva-truce.toml"),
            "--format",
            "json",
        ])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: writing to standard output: No space left on device"),
        "{err}"
    );
}

#[test]
fn a_closed_stderr_never_panics() {
    // An error with stderr closed: nothing can be reported, but the exit code says it.
    let out = Command::new(bin())
        .args(["run", "no-such-scenario.toml"])
        .stderr(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

fn stdout(args: &[&str]) -> String {
    let out = Command::new(bin()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn tables_fit_120_columns_unless_wide() {
    let geneva = repo("scenarios/geneva-truce.toml");
    let cases: Vec<Vec<&str>> = vec![
        vec!["run", &geneva],
        vec!["timeline"],
        vec!["war", "--dataset", "synthetic-world2024"],
        vec![
            "talks",
            "--dataset",
            "synthetic-world2024",
            "--instruments",
            "uniform",
            "--points",
            "1",
        ],
    ];
    for args in cases {
        let text = stdout(&args);
        assert!(
            widest(&text) <= 120,
            "{args:?}: {} columns\n{text}",
            widest(&text)
        );
        // Nothing was lost: the rows are all there (cut names end in …).
        let mut wide = args.clone();
        wide.push("--wide");
        let full = stdout(&wide);
        assert_eq!(
            text.lines().filter(|l| l.starts_with('─')).count(),
            full.lines().filter(|l| l.starts_with('─')).count()
        );
    }
    // `truce run` and `truce timeline` have long step names: --wide shows them whole.
    let full = stdout(&["run", &geneva, "--wide"]);
    assert!(widest(&full) > 120);
    assert!(full.contains("Peak: US 145 %, China 125 % (12 Apr 2025)"));
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn replication_tables_fit_120_columns() {
    for (which, rel) in [
        ("cp2015", "data/cp2015"),
        ("ge-gravity", "data/ge_gravity_example"),
        ("gegravity", "data/gegravity_sample"),
    ] {
        let dir = truce_testkit::shared(rel);
        let text = stdout(&["replicate", which, "--data", dir.to_str().unwrap()]);
        assert!(
            widest(&text) <= 120,
            "{which}: {} columns\n{text}",
            widest(&text)
        );
    }
    let dir = truce_testkit::shared("data/ossa2014");
    let text = stdout(&[
        "replicate",
        "ossa2014",
        "--table",
        "4",
        "--data",
        dir.to_str().unwrap(),
    ]);
    assert!(
        widest(&text) <= 120,
        "ossa2014: {} columns\n{text}",
        widest(&text)
    );
}

#[test]
fn every_json_output_starts_with_its_header() {
    let geneva = repo("scenarios/geneva-truce.toml");
    for (args, command) in [
        (vec!["run", geneva.as_str()], "run"),
        (
            vec!["timeline", "--from", "2025-04-01", "--to", "2025-06-30"],
            "timeline",
        ),
        (
            vec![
                "war",
                "--dataset",
                "synthetic-world2024",
                "--instruments",
                "uniform",
            ],
            "war",
        ),
    ] {
        let mut a = args.clone();
        a.extend(["--format", "json"]);
        let text = stdout(&a);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().take(3).collect();
        assert_eq!(
            keys,
            ["schema_version", "truce_version", "command"],
            "{command}"
        );
        assert_eq!(v["command"], command);
        assert_eq!(v["schema_version"], "1.0");
        assert_eq!(v["truce_version"], env!("CARGO_PKG_VERSION"));
    }
}
