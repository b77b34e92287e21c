//! The bad-input catalogue (docs/bad-inputs.md): every entry point tried with hostile input, as
//! a user meets it at the command line. Each case expects either a clean error (exit 1, 2 or 3,
//! the message naming the file and what is wrong, never a panic) or, for inputs that are fine
//! (a BOM, CRLF line ends, columns in another order), success. Nothing partial is ever written
//! and the inputs are never modified.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test: this build's, or `TRUCE_BIN` (e.g. an older build, to count what
/// it caught: docs/bad-inputs.md).
fn bin() -> PathBuf {
    std::env::var_os("TRUCE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| assert_cmd::cargo::cargo_bin("truce"))
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn run(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().unwrap()
}

/// What a case expects.
enum Expect {
    /// Exit `code`, stderr containing every one of these strings.
    Error(i32, &'static [&'static str]),
    /// Exit 0.
    Accepted,
}

/// Whether `out` is what `expect` says; the reason when it is not.
fn verdict(case: &str, out: &Output, expect: &Expect) -> Result<(), String> {
    let err = String::from_utf8_lossy(&out.stderr);
    if err.contains("panicked") || out.status.code() == Some(101) {
        return Err(format!("{case}: a panic\n{err}"));
    }
    match expect {
        Expect::Error(code, needles) => {
            if out.status.code() != Some(*code) {
                return Err(format!(
                    "{case}: exit {:?}, not {code}\n{err}",
                    out.status.code()
                ));
            }
            if !err.starts_with("error: ") {
                return Err(format!("{case}: {err}"));
            }
            for n in *needles {
                if !err.contains(n) {
                    return Err(format!("{case}: the message lacks `{n}`:\n{err}"));
                }
            }
            if err.contains("NaN") && !case.contains("NaN") {
                return Err(format!("{case}: a NaN in the message\n{err}"));
            }
            Ok(())
        }
        Expect::Accepted if out.status.success() => Ok(()),
        Expect::Accepted => Err(format!("{case}: refused\n{err}")),
    }
}

fn check(case: &str, out: &Output, expect: &Expect) {
    if let Err(e) = verdict(case, out, expect) {
        panic!("{e}");
    }
}

/// Panic listing every failed case (all cases are tried, so one run shows them all).
fn all_caught(failures: Vec<String>, total: usize) {
    assert!(
        failures.is_empty(),
        "{} of {total} cases fall through:\n\n{}",
        failures.len(),
        failures.join("\n---\n")
    );
}

/// A copy of world2024 in a temporary folder.
fn world() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(repo("data/world2024")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, d.path().join(p.file_name().unwrap())).unwrap();
    }
    d
}

fn text(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

type Edit = fn(&str) -> Vec<u8>;

fn replace_first_data_cell(t: &str, value: &str) -> Vec<u8> {
    // The last column of the first data row.
    let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
    let row = &mut lines[1];
    let cut = row.rfind(',').unwrap();
    row.replace_range(cut + 1.., value);
    (lines.join("\n") + "\n").into_bytes()
}

/// Dataset-format cases: (case, file, edit, expectation).
fn dataset_cases() -> Vec<(&'static str, &'static str, Edit, Expect)> {
    use Expect::*;
    vec![
        (
            "empty file",
            "trade.csv",
            |_| Vec::new(),
            Error(1, &["trade.csv"]),
        ),
        (
            "header only",
            "trade.csv",
            |t| format!("{}\n", t.lines().next().unwrap()).into_bytes(),
            Error(1, &["trade.csv"]),
        ),
        (
            "wrong delimiter (semicolons)",
            "trade.csv",
            |t| t.replace(',', ";").into_bytes(),
            Error(1, &["trade.csv", "value"]),
        ),
        (
            "non-numeric cell",
            "trade.csv",
            |t| replace_first_data_cell(t, "abc"),
            Error(1, &["trade.csv", "row 2", "abc"]),
        ),
        (
            "NaN cell",
            "trade.csv",
            |t| replace_first_data_cell(t, "NaN"),
            Error(1, &["trade.csv", "row 2"]),
        ),
        (
            "infinite cell",
            "trade.csv",
            |t| replace_first_data_cell(t, "inf"),
            Error(1, &["trade.csv", "row 2"]),
        ),
        (
            "negative flow",
            "trade.csv",
            |t| replace_first_data_cell(t, "-5"),
            Error(1, &["trade.csv", "row 2", "-5"]),
        ),
        (
            "duplicate key",
            "trade.csv",
            |t| {
                let l: Vec<&str> = t.lines().collect();
                format!("{}\n{}\n", t.trim_end(), l[1]).into_bytes()
            },
            Error(1, &["trade.csv", "USA"]),
        ),
        (
            "unknown code",
            "trade.csv",
            |t| {
                t.replacen("USA,USA,AGRFOOD", "USX,USA,AGRFOOD", 1)
                    .into_bytes()
            },
            Error(1, &["trade.csv", "USX", "USA"]),
        ),
        (
            "share above one",
            "io_shares.csv",
            |t| replace_first_data_cell(t, "1.5"),
            Error(1, &["io_shares.csv", "USA", "AGRFOOD", "sum to 1"]),
        ),
        (
            "negative share",
            "final_demand.csv",
            |t| {
                let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
                lines[1] = lines[1].replacen(",0.0", ",-0.0", 1);
                let mut f: Vec<String> = lines[1].split(',').map(str::to_string).collect();
                f[2] = "-0.2".into();
                lines[1] = f.join(",");
                (lines.join("\n") + "\n").into_bytes()
            },
            Error(1, &["final_demand.csv", "row 2"]),
        ),
        (
            "tariff as a percent string",
            "tariffs.csv",
            |t| replace_first_data_cell(t, "18%"),
            Error(1, &["tariffs.csv", "row 2", "18%"]),
        ),
        (
            "byte-order mark (accepted)",
            "trade.csv",
            |t| {
                let mut v = vec![0xEF, 0xBB, 0xBF];
                v.extend(t.as_bytes());
                v
            },
            Accepted,
        ),
        (
            "CRLF line ends (accepted)",
            "trade.csv",
            |t| t.replace('\n', "\r\n").into_bytes(),
            Accepted,
        ),
        (
            "CRLF manifest (accepted)",
            "dataset.toml",
            |t| t.replace('\n', "\r\n").into_bytes(),
            Accepted,
        ),
        (
            "columns in another order (accepted)",
            "trade.csv",
            |t| {
                t.lines()
                    .map(|l| {
                        let f: Vec<&str> = l.split(',').collect();
                        format!("{},{},{},{}\n", f[3], f[2], f[1], f[0])
                    })
                    .collect::<String>()
                    .into_bytes()
            },
            Accepted,
        ),
        (
            "non-UTF-8 bytes",
            "trade.csv",
            |t| {
                let mut v = t.as_bytes().to_vec();
                let at = t.find("AGRFOOD").unwrap();
                v[at] = 0xFF;
                v
            },
            Error(1, &["trade.csv", "UTF-8"]),
        ),
        (
            "transposed columns (importer and exporter swapped in the header)",
            "tariffs.csv",
            |t| {
                t.replacen("importer,exporter", "exporter,importer", 1)
                    .into_bytes()
            },
            // The tariffs now fall on the other direction of trade: the absorption identity
            // (tariff revenue in final demand) catches it.
            Error(1, &["unbalanced", "tariff revenue"]),
        ),
        (
            "truncated table (half the rows)",
            "trade.csv",
            |t| {
                let l: Vec<&str> = t.lines().collect();
                (l[..l.len() / 2].join("\n") + "\n").into_bytes()
            },
            Error(1, &["trade.csv"]),
        ),
        (
            "truncated mid-line",
            "trade.csv",
            |t| t.as_bytes()[..t.len() / 2].to_vec(),
            Error(1, &["trade.csv"]),
        ),
        (
            "manifest TOML syntax",
            "dataset.toml",
            |t| t.replacen("[tables]", "[tables", 1).into_bytes(),
            Error(1, &["dataset.toml"]),
        ),
        (
            "manifest names a missing table",
            "dataset.toml",
            |t| {
                t.replacen("trade = \"trade.csv\"", "trade = \"flows.csv\"", 1)
                    .into_bytes()
            },
            Error(1, &["flows.csv"]),
        ),
    ]
}

#[test]
fn dataset_files() {
    let cases = dataset_cases();
    let total = cases.len();
    let mut failures = Vec::new();
    for (case, file, edit, expect) in cases {
        let d = world();
        let p = d.path().join(file);
        let before = edit(&text(&p));
        std::fs::write(&p, &before).unwrap();
        let out = run(&["data", "inspect", d.path().to_str().unwrap(), "--no-solve"]);
        failures.extend(verdict(case, &out, &expect).err());
        assert_eq!(std::fs::read(&p).unwrap(), before, "{case}: input modified");
    }
    assert_eq!(total, 22);
    all_caught(failures, total);
}

#[test]
fn a_huge_table_fails_fast_without_reading_it() {
    // 600 MB of nothing: a sparse file, so the test costs no disk. It must fail before reading
    // it (a size check against what the manifest's dimensions allow), quickly.
    let d = world();
    let p = d.path().join("trade.csv");
    let f = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
    f.set_len(600 << 20).unwrap();
    let t0 = std::time::Instant::now();
    let out = run(&["data", "inspect", d.path().to_str().unwrap(), "--no-solve"]);
    check(
        "a 600 MB table",
        &out,
        &Expect::Error(1, &["trade.csv", "MB"]),
    );
    assert!(t0.elapsed().as_secs_f64() < 5.0, "{:?}", t0.elapsed());
}

/// Scenario cases: (case, TOML, expectation).
fn scenario_cases() -> Vec<(&'static str, String, Expect)> {
    use Expect::*;
    let base = "dataset = \"world2024\"\n";
    let m = |body: &str| format!("{base}[[measure]]\nid = \"m\"\n{body}\n");
    let t = |rest: &str| {
        m(&format!(
            "imposing = \"USA\"\ntarget = \"CHN\"\ninstrument = \"tariff\"\n{rest}"
        ))
    };
    vec![
        (
            "TOML syntax",
            format!("{base}[[measure]\n"),
            Error(1, &["s.toml:2:"]),
        ),
        (
            "unknown country with a suggestion",
            m("imposing = \"USA\"\ntarget = \"CHA\"\ninstrument = \"tariff\"\nrate_pct = 10"),
            Error(1, &["s.toml:", "CHA", "did you mean", "CHN"]),
        ),
        (
            "rate as a string",
            t("rate_pct = \"10\""),
            Error(1, &["s.toml:7:", "rate_pct"]),
        ),
        (
            "impossible date (TOML date)",
            format!("{base}[[step]]\nname = \"a\"\ndate = 2025-02-30\n"),
            Error(1, &["s.toml:4:", "date"]),
        ),
        (
            "impossible date (string)",
            t("rate_pct = 10\ndate = \"2025-02-30\""),
            Error(1, &["s.toml:", "2025-02-30"]),
        ),
        (
            "conflicting measures (two levels)",
            t("rate_pct = 10\nchange_pp = 5"),
            Error(1, &["s.toml:", "rate_pct", "change_pp"]),
        ),
        (
            "extreme rate",
            t("rate_pct = 1e308"),
            Error(1, &["s.toml:", "rate_pct"]),
        ),
        (
            "infinite rate",
            t("rate_pct = inf"),
            Error(1, &["s.toml:", "rate_pct"]),
        ),
        (
            "NaN rate",
            t("rate_pct = nan"),
            Error(1, &["s.toml:", "rate_pct"]),
        ),
        (
            "negative tariff below -100 %",
            t("rate_pct = -150"),
            Error(1, &["s.toml:", "rate_pct"]),
        ),
        (
            "a comment in other scripts (accepted)",
            format!("{base}# café, 关税\n{}", &t("rate_pct = 10")[base.len()..]),
            Accepted,
        ),
    ]
}

#[test]
fn scenario_files() {
    let cases = scenario_cases();
    let n = cases.len();
    let mut failures = Vec::new();
    for (case, toml, expect) in cases {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("s.toml");
        std::fs::write(&p, &toml).unwrap();
        let out = run(&["run", p.to_str().unwrap()]);
        failures.extend(verdict(case, &out, &expect).err());
    }
    all_caught(failures, n);
    assert_eq!(n, 11);
    // Raw non-UTF-8 bytes in a scenario file.
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("s.toml");
    std::fs::write(&p, b"dataset = \"world2024\"\n# \xFF\xFE\n").unwrap();
    check(
        "non-UTF-8 scenario",
        &run(&["run", p.to_str().unwrap()]),
        &Expect::Error(1, &["s.toml", "UTF-8"]),
    );
    // A huge scenario file fails fast.
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(300 << 20).unwrap();
    let t0 = std::time::Instant::now();
    check(
        "a 300 MB scenario",
        &run(&["run", p.to_str().unwrap()]),
        &Expect::Error(1, &["s.toml", "MB"]),
    );
    assert!(t0.elapsed().as_secs_f64() < 5.0);
}

#[test]
fn game_options() {
    use Expect::*;
    let cases: Vec<(&str, Vec<&str>, Expect)> = vec![
        (
            "one player",
            vec!["war", "--players", "USA"],
            Error(1, &["--players"]),
        ),
        (
            "unknown player",
            vec![
                "war",
                "--players",
                "USA,CHA",
                "--dataset",
                "synthetic-world2024",
            ],
            Error(1, &["CHA"]),
        ),
        (
            "a player against itself",
            vec![
                "war",
                "--players",
                "USA,USA",
                "--dataset",
                "synthetic-world2024",
            ],
            Error(1, &["USA"]),
        ),
        (
            "rare-earth share out of range",
            vec![
                "war",
                "--link",
                "ree-export-tax",
                "--dataset",
                "world2024",
                "--ree-share",
                "MINING=1.5",
            ],
            Error(1, &["MINING=1.5"]),
        ),
        (
            "rare-earth share not a number",
            vec![
                "war",
                "--link",
                "ree-export-tax",
                "--dataset",
                "world2024",
                "--ree-share",
                "MINING=abc",
            ],
            Error(1, &["abc"]),
        ),
        (
            "side payment not finite",
            vec!["talks", "--beyond-trade", "inf"],
            Error(1, &["--beyond-trade"]),
        ),
        (
            "unknown dataset",
            vec!["war", "--dataset", "world2042"],
            Error(1, &["world2042", "world2024"]),
        ),
        (
            "unknown flag value",
            vec!["war", "--instruments", "tarrif"],
            Error(2, &["tarrif"]),
        ),
        (
            "points not a number",
            vec!["talks", "--points", "many"],
            Error(2, &["many"]),
        ),
    ];
    for (case, args, expect) in cases {
        check(case, &run(&args), &expect);
    }
}

/// Issue 9's flags: ε_c overrides, the sector view, the objective (the scenario keys
/// `[elasticities]`, quota caps and split shares are in `critical_inputs_cli.rs`).
#[test]
fn critical_input_options() {
    use Expect::*;
    let ree = repo("scenarios/rare-earth-controls-2025.toml");
    let r = ree.to_str().unwrap();
    let cases: Vec<(&str, Vec<&str>, Expect)> = vec![
        (
            "run: ε_c zero",
            vec!["run", r, "--epsilon-c", "0"],
            Error(1, &["--epsilon-c 0", "finite and positive"]),
        ),
        (
            "run: ε_c negative",
            vec!["run", r, "--epsilon-c", "-1"],
            Error(1, &["--epsilon-c -1"]),
        ),
        (
            "run: ε_c not finite",
            vec!["run", r, "--epsilon-c", "inf"],
            Error(1, &["--epsilon-c inf"]),
        ),
        (
            "run: unknown sector in --sectors",
            vec!["run", r, "--sectors", "MAGNETS"],
            Error(1, &["MAGNETS", "RARE_EARTHS"]),
        ),
        (
            "war: ε_c negative",
            vec!["war", "--link", "ree-export-tax", "--epsilon-c", "-0.5"],
            Error(1, &["--epsilon-c -0.5"]),
        ),
        (
            "war: ε_c NaN",
            vec!["war", "--link", "ree-export-tax", "--epsilon-c", "NaN"],
            Error(1, &["--epsilon-c NaN"]),
        ),
        (
            "war: ε_c on a dataset without a critical nest",
            vec!["war", "--dataset", "world2024", "--epsilon-c", "0.2"],
            Error(1, &["no critical-input nest", "world2024-ree"]),
        ),
        (
            "war: unknown objective",
            vec!["war", "--objective", "security"],
            Error(2, &["security"]),
        ),
    ];
    for (case, args, expect) in cases {
        check(case, &run(&args), &expect);
    }
}

#[test]
fn output_paths() {
    use Expect::*;
    let geneva = repo("scenarios/geneva-truce.toml");
    let g = geneva.to_str().unwrap();
    let d = tempfile::tempdir().unwrap();
    // A file given where a folder is expected.
    let file = d.path().join("a-file");
    std::fs::write(&file, b"keep me").unwrap();
    check(
        "--out is an existing file",
        &run(&["run", g, "--out", file.to_str().unwrap()]),
        &Error(1, &["a-file"]),
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
    // A folder where an output file must go.
    let out = d.path().join("out");
    std::fs::create_dir_all(out.join("result.json")).unwrap();
    check(
        "a folder named like an output file",
        &run(&["run", g, "--out", out.to_str().unwrap()]),
        &Error(1, &["result.json"]),
    );
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "nothing written beside it: {names:?}");
    // A folder nobody may write (read-only even for root: /proc).
    check(
        "--out in a read-only file system",
        &run(&["run", g, "--out", "/proc/truce-out"]),
        &Error(1, &["/proc/truce-out"]),
    );
    // Existing results are replaced whole (all or nothing).
    let ok = d.path().join("ok");
    check(
        "first run",
        &run(&["run", g, "--out", ok.to_str().unwrap()]),
        &Accepted,
    );
    check(
        "second run into the same folder",
        &run(&["run", g, "--out", ok.to_str().unwrap()]),
        &Accepted,
    );
    let leftovers: Vec<_> = std::fs::read_dir(&ok)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `--output FILE`, `--format parquet` and `--plot FILE` (issue 12): clear errors before any
/// work, nothing partial written.
#[test]
fn parquet_and_plot_outputs() {
    use Expect::*;
    let geneva = repo("scenarios/geneva-truce.toml");
    let g = geneva.to_str().unwrap();
    let d = tempfile::tempdir().unwrap();
    let p = |name: &str| d.path().join(name).to_str().unwrap().to_string();
    let (x_parquet, x_gif, x_png) = (p("x.parquet"), p("x.gif"), p("x.png"));
    let cases: Vec<(&str, Vec<&str>, Expect)> = vec![
        (
            "--format parquet to standard output",
            vec!["run", g, "--format", "parquet"],
            Error(2, &["--format parquet", "--output FILE.parquet"]),
        ),
        (
            "--format parquet to standard output (war)",
            vec!["war", "--format", "parquet"],
            Error(2, &["--format parquet", "--output"]),
        ),
        (
            "a .parquet --output with --format json",
            vec!["run", g, "--format", "json", "--output", &x_parquet],
            Error(2, &["x.parquet", "--format parquet"]),
        ),
        (
            "--output on a command that prints no result",
            vec!["serve", "--output", &x_parquet],
            Error(2, &["--output", "prints no result"]),
        ),
        (
            "--output in a read-only file system",
            vec!["run", g, "--output", "/proc/truce.parquet"],
            Error(1, &["--output /proc/truce.parquet"]),
        ),
        (
            "--plot with an extension truce cannot draw",
            vec!["sweep", g, "--draws", "3", "--plot", &x_gif],
            Error(1, &["--plot", "x.gif", ".png or .svg"]),
        ),
        (
            "--plot-outcome that is not an outcome",
            vec![
                "sweep",
                g,
                "--draws",
                "3",
                "--plot",
                &x_png,
                "--plot-outcome",
                "gdp",
            ],
            Error(1, &["--plot-outcome gdp", "welfare_pct"]),
        ),
    ];
    let total = cases.len();
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|(case, args, expect)| verdict(case, &run(&args), &expect).err())
        .collect();
    all_caught(failures, total);
    let left: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "nothing written: {left:?}");
}

#[test]
fn iteration_limits_are_an_error_with_exit_3() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("s.toml");
    std::fs::write(
        &p,
        "dataset = \"world2024\"\n[model]\nmax_iterations = 2\n[[measure]]\nid = \"m\"\nimposing = \"USA\"\ntarget = \"CHN\"\ninstrument = \"tariff\"\nrate_pct = 100\n",
    )
    .unwrap();
    let out_dir = d.path().join("out");
    let out = run(&[
        "run",
        p.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    check(
        "two iterations",
        &out,
        &Expect::Error(3, &["iteration limit", "raise"]),
    );
    assert!(out.stdout.is_empty(), "no result printed");
    assert!(!out_dir.exists(), "no result written");
}

#[test]
#[cfg(unix)]
fn a_signal_at_any_moment_leaves_nothing_behind() {
    // Kill `truce timeline --out` (which writes 15 files, 3 MB, at the end of the run) at
    // fractions of an uninterrupted run's time, most of them near its end where the files are
    // written: every time the output folder holds either all the files or nothing, and never a
    // temporary file.
    let probe = tempfile::tempdir().unwrap();
    let t0 = std::time::Instant::now();
    let ok = run(&[
        "timeline",
        "--out",
        probe.path().join("o").to_str().unwrap(),
    ]);
    assert!(ok.status.success());
    let total = t0.elapsed().as_millis() as u64;
    let delays: Vec<u64> = [0.0, 0.3, 0.6, 0.8, 0.88, 0.93, 0.96, 0.98, 0.99, 1.0]
        .iter()
        .map(|f| (f * total as f64) as u64)
        .collect();
    for (k, ms) in delays.into_iter().enumerate() {
        for signal in ["INT", "TERM"] {
            let d = tempfile::tempdir().unwrap();
            let out = d.path().join("out");
            let mut child = Command::new(bin())
                .args(["timeline", "--out", out.to_str().unwrap()])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(std::time::Duration::from_millis(ms));
            let _ = Command::new("kill")
                .args([format!("-{signal}"), child.id().to_string()])
                .status();
            let status = child.wait().unwrap();
            let files: Vec<String> = std::fs::read_dir(d.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect();
            let inside: Vec<String> = if out.is_dir() {
                std::fs::read_dir(&out)
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                    .collect()
            } else {
                Vec::new()
            };
            assert!(
                inside.iter().all(|f| !f.ends_with(".tmp")),
                "case {k} ({ms} ms, SIG{signal}, {status:?}): temporary files left: {inside:?}"
            );
            assert!(
                // 15 files: timeline.csv, .json, .parquet and 6 charts as SVG and PNG.
                inside.is_empty() || inside.len() == 15,
                "case {k} ({ms} ms, SIG{signal}, {status:?}): a partial output: {inside:?}"
            );
            assert!(
                files.iter().all(|f| f == "out"),
                "case {k}: something beside the output folder: {files:?}"
            );
            if !status.success() {
                assert!(
                    !out.exists() || inside.len() == 15,
                    "case {k}: an empty output folder left"
                );
            }
        }
    }
}

/// A MATLAB v7.3 MAT-file (the 512-byte MAT header, then HDF5) holding only the numeric
/// fields given, under `data/`. The packages' files cannot be edited in place (their version 1
/// object headers are beyond hdf5-pure's editor), so the missing-field cases are built.
fn mat_with(path: &Path, fields: &[(&str, &[f64])]) {
    let mut b = hdf5_pure::FileBuilder::new();
    let mut head =
        b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: test HDF5 schema 1.00 .".to_vec();
    head.resize(512, b' ');
    b.with_userblock(512).with_userblock_content(&head);
    let mut g = b.create_group("data");
    for (name, v) in fields {
        g.create_dataset(name).with_f64_data(v);
    }
    b.add_group(g.finish());
    b.write(path).unwrap();
}

/// Issue 15's bad inputs: the tariffwar MAT-files (`data import tariffwar`), the global war
/// (`war --players all`), the US scenarios (`run` on `kind = "us-tariff"`) and `suite`. Every
/// case exits non-zero with the file, field or value named, and writes nothing.
#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn tariffwar_files_global_war_and_us_scenarios() {
    use Expect::*;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let v5 = dir.join("v5.mat");
    std::fs::write(&v5, b"MATLAB 5.0 MAT-file, Platform: GLNXA64").unwrap();
    let text = dir.join("text.mat");
    std::fs::write(&text, "country,sector,value\n").unwrap();
    let broken = dir.join("broken.mat");
    let mut b = b"MATLAB 7.3 MAT-file, Platform: GLNXA64".to_vec();
    b.resize(2048, 0);
    std::fs::write(&broken, b).unwrap();
    let missing = dir.join("missing.mat");
    mat_with(
        &missing,
        &[("N", &[44.0]), ("S", &[16.0]), ("year", &[2014.0])],
    );
    let two_n = dir.join("two.mat");
    mat_with(&two_n, &[("N", &[44.0, 45.0])]);
    let good = truce_testkit::shared("data/tariffwar_mat/mat/WIOD2014.mat");
    let out = dir.join("out");
    let imports: Vec<(&str, Vec<String>, Expect)> = vec![
        (
            "a v5 MAT-file",
            vec![s(&v5)],
            Error(1, &["v5.mat", "save -v7.3"]),
        ),
        (
            "not a MAT-file",
            vec![s(&text)],
            Error(1, &["text.mat", "not a MATLAB v7.3 MAT-file"]),
        ),
        (
            "a MAT header over no HDF5",
            vec![s(&broken)],
            Error(1, &["broken.mat", "HDF5"]),
        ),
        (
            "a missing field",
            vec![s(&missing)],
            Error(1, &["missing.mat", "data/services_sector"]),
        ),
        (
            "a count that is not one number",
            vec![s(&two_n)],
            Error(1, &["two.mat", "data/N"]),
        ),
        (
            "an unknown elasticity set",
            vec![s(&good), "--elasticity".into(), "XYZ".into()],
            Error(1, &["unknown elasticity set `XYZ`", "U4"]),
        ),
    ];
    let mut failures = Vec::new();
    let total = imports.len();
    for (case, args, expect) in imports {
        let mut all = vec!["data".to_string(), "import".into(), "tariffwar".into()];
        all.extend(args);
        all.extend(["--out".to_string(), s(&out)]);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        if let Err(e) = verdict(case, &run(&refs), &expect) {
            failures.push(e);
        } else if out.exists() {
            failures.push(format!("{case}: {} was written", out.display()));
        }
    }
    all_caught(failures, total);

    // A good import for the commands that read it.
    let d = dir.join("wiod2014");
    check(
        "a good import",
        &run(&["data", "import", "tariffwar", &s(&good), "--out", &s(&d)]),
        &Accepted,
    );
    let ds = s(&d);
    let lib = s(&repo("scenarios/liberation-day-ustariff.toml"));
    let geneva = s(&repo("scenarios/geneva-truce.toml"));
    let bad_scenario = |name: &str, body: &str| {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        s(&p)
    };
    let no_policy = bad_scenario(
        "policy.toml",
        "kind = \"us-tariff\"\nname = \"x\"\npolicy = \"embargo\"\n",
    );
    let no_rate = bad_scenario(
        "rate.toml",
        "kind = \"us-tariff\"\nname = \"x\"\npolicy = \"uniform\"\n",
    );
    let bad_conv = bad_scenario(
        "conv.toml",
        "kind = \"us-tariff\"\nname = \"x\"\npolicy = \"uniform\"\nrate = 0.1\nconvention = \"sideways\"\n",
    );
    let typo = bad_scenario(
        "typo.toml",
        "kind = \"us-tariff\"\nname = \"x\"\npolicy = \"uniform\"\nrat = 0.1\n",
    );
    let map_txt = s(&dir.join("map.txt"));
    let csv_out = s(&dir.join("suite.xlsx"));
    let cases: Vec<(&str, Vec<&str>, Expect)> = vec![
        (
            "a player not in the dataset",
            vec!["war", "--players", "USA,XXX", "--dataset", &ds],
            Error(1, &["player `XXX` is not in the dataset"]),
        ),
        (
            "--players all on a Caliendo–Parro dataset",
            vec!["war", "--players", "all"],
            Error(
                1,
                &["--players all needs a dataset of the tariffwar packages"],
            ),
        ),
        (
            "a global war stopped at its iteration limit",
            vec![
                "war",
                "--players",
                "all",
                "--dataset",
                &ds,
                "--max-rounds",
                "1",
            ],
            Error(
                3,
                &["global Nash tariff war", "did not converge", "residual"],
            ),
        ),
        (
            "a map that is neither PNG nor SVG",
            vec![
                "war",
                "--players",
                "all",
                "--dataset",
                &ds,
                "--map",
                &map_txt,
            ],
            Error(1, &["map.txt", ".png or .svg"]),
        ),
        (
            "--link on the global war",
            vec![
                "war",
                "--players",
                "all",
                "--dataset",
                &ds,
                "--link",
                "ree-export-tax",
            ],
            Error(1, &["--link"]),
        ),
        (
            "a US scenario without --dataset",
            vec!["run", &lib],
            Error(1, &["pass --dataset"]),
        ),
        (
            "a US scenario on a Caliendo–Parro dataset",
            vec!["run", &lib, "--dataset", "world2024"],
            Error(1, &["not a dataset of the tariffwar packages"]),
        ),
        (
            "an unknown retaliation",
            vec![
                "run",
                &lib,
                "--dataset",
                &ds,
                "--retaliation",
                "tit-for-tat",
            ],
            Error(2, &["tit-for-tat", "none, reciprocal or nash"]),
        ),
        (
            "--retaliation on a Caliendo–Parro scenario",
            vec!["run", &geneva, "--retaliation", "nash"],
            Error(1, &["--retaliation", "us-tariff"]),
        ),
        (
            "--relative-to on a US scenario",
            vec!["run", &lib, "--dataset", &ds, "--relative-to", "peak"],
            Error(1, &["--relative-to peak", "trade-balanced baseline"]),
        ),
        (
            "an unknown policy",
            vec!["run", &no_policy, "--dataset", &ds],
            Error(1, &["policy.toml", "policy", "embargo"]),
        ),
        (
            "a uniform policy without a rate",
            vec!["run", &no_rate, "--dataset", &ds],
            Error(1, &["rate.toml", "rate"]),
        ),
        (
            "an unknown rate convention",
            vec!["run", &bad_conv, "--dataset", &ds],
            Error(1, &["conv.toml", "convention", "sideways"]),
        ),
        (
            "a misspelt key",
            vec!["run", &typo, "--dataset", &ds],
            Error(1, &["typo.toml", "rat"]),
        ),
        (
            "suite: a missing schedule folder",
            vec![
                "suite",
                "--dataset",
                &ds,
                "--schedule",
                "/nonexistent/schedule",
            ],
            Error(1, &["/nonexistent/schedule"]),
        ),
        (
            "suite: an unknown retaliation",
            vec!["suite", "--dataset", &ds, "--retaliation", "none,maybe"],
            Error(2, &["maybe"]),
        ),
        (
            "suite: --out neither CSV nor JSON",
            vec!["suite", "--dataset", &ds, "--out", &csv_out],
            Error(1, &["suite.xlsx", ".csv"]),
        ),
    ];
    let mut failures = Vec::new();
    let total = cases.len();
    for (case, args, expect) in cases {
        if let Err(e) = verdict(case, &run(&args), &expect) {
            failures.push(e);
        }
    }
    for p in [&map_txt, &csv_out] {
        if Path::new(p).exists() {
            failures.push(format!("{p} was written"));
        }
    }
    all_caught(failures, total);
}
