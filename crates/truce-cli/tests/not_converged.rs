//! Every solve that does not converge, of an equilibrium or of a game, exits with code 3, says
//! how it ended with its residual, and prints no result (issue 16: "a war or talks that does not
//! converge exits 3 with the residual").

use assert_cmd::Command;
use truce_testkit::shared;

/// Run `truce` with `args`; assert exit 3, an empty stdout, and a message on stderr that holds
/// every string of `expect`.
fn exits_3(args: &[&str], expect: &[&str]) {
    let out = Command::cargo_bin("truce")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
    assert!(
        out.stdout.is_empty(),
        "{args:?} printed a result: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    for e in expect {
        assert!(err.contains(e), "{args:?}: `{e}` not in: {err}");
    }
}

#[test]
fn a_war_stopped_at_its_round_limit_exits_3_with_the_residual() {
    exits_3(
        &[
            "war",
            "--dataset",
            "synthetic-world2024",
            "--max-rounds",
            "1",
        ],
        &[
            "the Nash tariff war of USA and CHN",
            "did not converge",
            "stopped at the iteration limit after 1 iterations (residual",
            "tolerance 1.0e-5",
            "raise the round limit",
        ],
    );
    // The JSON format prints nothing either.
    exits_3(
        &[
            "war",
            "--dataset",
            "synthetic-world2024",
            "--max-rounds",
            "1",
            "--format",
            "json",
        ],
        &["did not converge"],
    );
}

#[test]
fn talks_whose_war_stops_at_its_round_limit_exit_3() {
    exits_3(
        &[
            "talks",
            "--dataset",
            "synthetic-world2024",
            "--max-rounds",
            "1",
        ],
        &[
            "solving the trade talks",
            "the Nash tariff war of USA and CHN",
            "stopped at the iteration limit",
            "residual",
        ],
    );
}

#[test]
fn a_scenario_whose_equilibrium_stops_at_its_iteration_limit_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tight.toml");
    std::fs::write(
        &path,
        r#"name = "tight"
dataset = "world2024"

[model]
max_iterations = 1

[[measure]]
id = "machinery-25"
label = "US tariff on Chinese machinery"
date = 2025-03-01
imposing = "USA"
target = "CHN"
instrument = "tariff"
layer = "machinery tariff"
sectors = ["MACHINERY"]
rate_pct = 25

[[step]]
name = "after"
date = 2025-03-02
"#,
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    exits_3(
        &[
            "run",
            path.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ],
        &[
            "the Caliendo–Parro equilibrium solver did not converge",
            "stopped at the iteration limit after 1 iterations (residual",
        ],
    );
    assert!(
        !out_dir.exists(),
        "a failed run wrote {}",
        out_dir.display()
    );
}

#[test]
#[cfg_attr(
    truce_no_shared,
    ignore = "needs ../shared (reference data beside the repository)"
)]
fn a_replication_whose_war_stops_at_its_round_limit_exits_3() {
    let dir = shared("data/ossa2014");
    exits_3(
        &[
            "replicate",
            "ossa2014",
            "--table",
            "4",
            "--version",
            "bas",
            "--max-rounds",
            "1",
            "--data",
            dir.to_str().unwrap(),
        ],
        &[
            "the Nash trade war of the seven regions",
            "did not converge",
            "stopped at the iteration limit after 1 iterations (residual",
        ],
    );
}
