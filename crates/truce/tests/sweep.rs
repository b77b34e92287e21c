//! `truce sweep` (issue 12): reproducible, resumable, shardable uncertainty bands.

use std::path::{Path, PathBuf};
use truce::output::to_json;
use truce::sweep::{merge, sweep, Shard, SweepOptions};

fn geneva() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/geneva-truce.toml")
}

fn opts(draws: usize, seed: u64) -> SweepOptions {
    SweepOptions {
        draws,
        seed,
        ..Default::default()
    }
}

#[test]
fn same_seed_same_bytes_whatever_the_thread_count() {
    let one = sweep(
        &geneva(),
        &SweepOptions {
            jobs: Some(1),
            ..opts(12, 7)
        },
        &|_, _| {},
    )
    .unwrap();
    let two = sweep(
        &geneva(),
        &SweepOptions {
            jobs: Some(2),
            ..opts(12, 7)
        },
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(to_json(&one.output), to_json(&two.output));
    assert_eq!(one.records, two.records);
    let other = sweep(&geneva(), &opts(12, 8), &|_, _| {}).unwrap();
    assert_ne!(one.records[0].theta, other.records[0].theta);
    // A draw does not depend on how many draws the sweep has.
    let more = sweep(&geneva(), &opts(20, 7), &|_, _| {}).unwrap();
    assert_eq!(&more.records[..12], &one.records[..]);
}

#[test]
fn bands_bracket_the_median_and_the_point_is_truce_runs_number() {
    let r = sweep(&geneva(), &opts(40, 3), &|_, _| {}).unwrap();
    let run = truce::run::run(&geneva(), &Default::default(), &|_, _| {}).unwrap();
    let o = &r.output;
    assert_eq!(o.converged, 40);
    assert!(o.failed.is_empty());
    assert_eq!(o.bands.len(), 3 * 11 * truce::sweep::OUTCOMES.len());
    for b in &o.bands {
        let (lo, m, hi) = (b.p5.unwrap(), b.median.unwrap(), b.p95.unwrap());
        assert!(lo <= m && m <= hi, "{b:?}");
        assert_eq!(b.n, 40);
    }
    // The point is `truce run`'s welfare, bit for bit.
    let chn_peak = o
        .bands
        .iter()
        .find(|b| b.step == "peak" && b.region == "CHN" && b.outcome == "welfare_pct")
        .unwrap();
    let run_chn = run.steps[0]
        .outcome
        .countries
        .iter()
        .find(|c| c.code == "CHN")
        .unwrap();
    assert_eq!(chn_peak.point, run_chn.real_income_pct);
    // China loses at the peak under every draw in the band, and the band has width.
    assert!(chn_peak.p95.unwrap() < 0.0, "{chn_peak:?}");
    assert!(
        chn_peak.p95.unwrap() - chn_peak.p5.unwrap() > 1e-3,
        "{chn_peak:?}"
    );
}

#[test]
fn shards_merge_into_the_unsharded_result_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = sweep(&geneva(), &opts(10, 5), &|_, _| {}).unwrap();
    let mut dirs = Vec::new();
    for k in 1..=3 {
        let dir = tmp.path().join(format!("shard{k}"));
        let r = sweep(
            &geneva(),
            &SweepOptions {
                out: Some(dir.clone()),
                shard: Some(Shard { index: k, count: 3 }),
                ..opts(10, 5)
            },
            &|_, _| {},
        )
        .unwrap();
        r.write(&dir).unwrap();
        dirs.push(dir);
    }
    // Not all shards: the missing one is named.
    let e = merge(&dirs[..2]).unwrap_err().to_string();
    assert!(e.contains("shard 3/3 is missing"), "{e}");
    let merged = merge(&dirs).unwrap();
    assert_eq!(to_json(&merged.output), to_json(&whole.output));
    assert_eq!(merged.records, whole.records);
    // A shard of another sweep (other seed) is refused.
    let other = tmp.path().join("other");
    let r = sweep(
        &geneva(),
        &SweepOptions {
            out: Some(other.clone()),
            shard: Some(Shard { index: 3, count: 3 }),
            ..opts(10, 6)
        },
        &|_, _| {},
    )
    .unwrap();
    r.write(&other).unwrap();
    let e = merge(&[dirs[0].clone(), dirs[1].clone(), other])
        .unwrap_err()
        .to_string();
    assert!(e.contains("a shard of another sweep"), "{e}");
}

#[test]
fn a_killed_sweep_resumes_and_never_reads_a_partial_draw() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let o = SweepOptions {
        out: Some(dir.clone()),
        ..opts(8, 9)
    };
    let first = sweep(&geneva(), &o, &|_, _| {}).unwrap();
    first.write(&dir).unwrap();
    let draws = dir.join("draws");
    // A kill: draw 2 lost, draw 5 cut mid-write (as a crash between write and rename cannot
    // leave it, but a disk can), a stray temporary file, a draw of another sweep.
    std::fs::remove_file(draws.join("draw-0000002.json")).unwrap();
    let five = draws.join("draw-0000005.json");
    let text = std::fs::read_to_string(&five).unwrap();
    std::fs::write(&five, &text[..text.len() / 2]).unwrap();
    std::fs::write(draws.join(".draw-0000006.json.tmp"), "{").unwrap();
    let seven = draws.join("draw-0000007.json");
    let t7 = std::fs::read_to_string(&seven).unwrap();
    let fp = first.records[7].fingerprint.clone();
    std::fs::write(&seven, t7.replace(&fp, "0000000000000000")).unwrap();
    let again = sweep(&geneva(), &o, &|_, _| {}).unwrap();
    assert_eq!(again.resumed, 5, "draws 2, 5 and 7 are solved again");
    assert_eq!(to_json(&again.output), to_json(&first.output));
    // Another sweep in the same folder is refused.
    let e = sweep(
        &geneva(),
        &SweepOptions {
            seed: 10,
            ..o.clone()
        },
        &|_, _| {},
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("holds the results of another sweep"), "{e}");
}

#[test]
fn bad_draw_counts_and_distribution_files_are_named() {
    let e = sweep(&geneva(), &opts(0, 1), &|_, _| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("--draws 0"), "{e}");
    let e = sweep(&geneva(), &opts(10_000_000, 1), &|_, _| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("more than 1000000 draws"), "{e}");
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("bad.toml");
    std::fs::write(
        &spec,
        "[theta.AGRFOOD]\ndistribution = \"normal\"\nse = -0.5\n",
    )
    .unwrap();
    let e = sweep(
        &geneva(),
        &SweepOptions {
            elasticities: Some(spec.clone()),
            ..opts(3, 1)
        },
        &|_, _| {},
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("bad.toml: [theta.AGRFOOD]: se = -0.5"), "{e}");
    std::fs::write(&spec, "[theta.AGRFOD]\ndistribution = \"fixed\"\n").unwrap();
    let e = sweep(
        &geneva(),
        &SweepOptions {
            elasticities: Some(spec),
            ..opts(3, 1)
        },
        &|_, _| {},
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("did you mean `AGRFOOD`"), "{e}");
}
