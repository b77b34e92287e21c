//! `truce sweep` and `truce run --bands N` as a user sees them (issue 12).

use std::process::{Command, Output};

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("truce")
}

fn geneva() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/geneva-truce.toml")
        .display()
        .to_string()
}

fn truce(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn the_issue_command_prints_bands_writes_files_and_repeats_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let d = dir.to_str().unwrap();
    let args = [
        "sweep",
        &geneva(),
        "--draws",
        "30",
        "--seed",
        "7",
        "--out",
        d,
        "--format",
        "json",
    ];
    let first = truce(&args);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let v: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(v["command"], "sweep");
    assert_eq!(v["converged"], 30);
    let band = &v["bands"][0];
    for k in [
        "step", "region", "outcome", "point", "median", "p5", "p95", "n",
    ] {
        assert!(band.get(k).is_some(), "{k} missing in {band}");
    }
    // The timing is on stderr, not in the JSON.
    assert!(
        text(&first.stderr).contains("30 draws (30 solved now"),
        "{}",
        text(&first.stderr)
    );
    for f in [
        "result.json",
        "bands.csv",
        "draws.csv",
        "parameters.csv",
        "bands.parquet",
        "draws.parquet",
        "parameters.parquet",
        "sweep.json",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    assert_eq!(
        std::fs::read(dir.join("result.json")).unwrap(),
        first.stdout
    );
    // Run twice (the second reads every draw back), and once more into no folder: same bytes.
    let second = truce(&args);
    assert!(
        text(&second.stderr).contains("30 read back"),
        "{}",
        text(&second.stderr)
    );
    assert_eq!(first.stdout, second.stdout);
    let fresh = truce(&[
        "sweep",
        &geneva(),
        "--draws",
        "30",
        "--seed",
        "7",
        "--format",
        "json",
        "--jobs",
        "1",
    ]);
    assert_eq!(first.stdout, fresh.stdout);
}

#[test]
fn shards_and_merge_on_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let mut dirs = Vec::new();
    for k in ["1/2", "2/2"] {
        let dir = tmp.path().join(k.replace('/', "-of-"));
        let out = truce(&[
            "sweep",
            &geneva(),
            "--draws",
            "9",
            "--seed",
            "3",
            "--shard",
            k,
            "--out",
            dir.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("Shard "),
            "{}",
            text(&out.stdout)
        );
        dirs.push(dir.display().to_string());
    }
    let merged_dir = tmp.path().join("merged");
    let merged = truce(&[
        "sweep",
        "merge",
        &dirs[0],
        &dirs[1],
        "--out",
        merged_dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(merged.status.success(), "{}", text(&merged.stderr));
    let whole = truce(&[
        "sweep",
        &geneva(),
        "--draws",
        "9",
        "--seed",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(merged.stdout, whole.stdout);
    // One shard is not the whole sweep.
    let one = truce(&["sweep", "merge", &dirs[0]]);
    assert_eq!(one.status.code(), Some(1));
    assert!(
        text(&one.stderr).contains("shard 2/2 is missing"),
        "{}",
        text(&one.stderr)
    );
}

#[test]
fn bad_input_is_named_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("never");
    let d = dir.to_str().unwrap();
    // A shard that does not exist: a malformed command line, exit 2.
    let out = truce(&[
        "sweep",
        &geneva(),
        "--draws",
        "10",
        "--shard",
        "3/2",
        "--out",
        d,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("shard 3 of 2 does not exist"),
        "{}",
        text(&out.stderr)
    );
    // Zero draws, absurd draws: exit 1 with the fix.
    for (n, want) in [("0", "--draws 0"), ("5000000", "more than 1000000 draws")] {
        let out = truce(&["sweep", &geneva(), "--draws", n, "--out", d]);
        assert_eq!(out.status.code(), Some(1), "{n}");
        assert!(text(&out.stderr).contains(want), "{}", text(&out.stderr));
    }
    // A negative standard error in a distribution file.
    let spec = tmp.path().join("theta.toml");
    std::fs::write(
        &spec,
        "[theta.METALS]\ndistribution = \"normal\"\nse = -1\n",
    )
    .unwrap();
    let out = truce(&[
        "sweep",
        &geneva(),
        "--draws",
        "5",
        "--elasticities",
        spec.to_str().unwrap(),
        "--out",
        d,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("[theta.METALS]: se = -1: a standard error cannot be negative"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.exists(), "nothing written");
    // --shard without --out.
    let out = truce(&["sweep", &geneva(), "--draws", "5", "--shard", "1/2"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--shard needs --out"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn run_with_bands_is_the_sweep_shortcut() {
    let out = truce(&["run", &geneva(), "--bands", "6", "--seed", "2"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(
        t.contains("median and 5–95 % band over 6 draws (seed 2)"),
        "{t}"
    );
    let json = truce(&[
        "run",
        &geneva(),
        "--bands",
        "6",
        "--seed",
        "2",
        "--format",
        "json",
    ]);
    let sweep = truce(&[
        "sweep",
        &geneva(),
        "--draws",
        "6",
        "--seed",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(json.stdout, sweep.stdout);
}
