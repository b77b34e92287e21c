//! Bad scenario files: each kind of mistake gives a clear error naming the line and the fix.
//! (The CLI tests check the same files end to end, with exit code 1.)

use truce_scenario::testing::{synthetic_world2024, BASELINE_DATE, FLOW_UNIT_USD_BN};
use truce_scenario::{compile, DatasetInfo, ErrorKind, Scenario, ScenarioError};

const HEAD: &str = "dataset = \"world2024\"\n";

fn measure(body: &str) -> String {
    format!("{HEAD}[[measure]]\nid = \"m\"\n{body}\n")
}

const OK_BODY: &str =
    "imposing = \"USA\"\ntarget = \"CHN\"\ninstrument = \"tariff\"\nrate_pct = 10";

fn check(text: &str) -> Result<(), ScenarioError> {
    let s = Scenario::from_toml_str(text, "bad.toml", "bad")?;
    let b = synthetic_world2024();
    compile(
        &s,
        &DatasetInfo {
            baseline: &b,
            flow_unit_usd_bn: Some(FLOW_UNIT_USD_BN),
            baseline_date: Some(BASELINE_DATE),
        },
    )?;
    Ok(())
}

/// (what, file text, kind, line, fragment of the message).
fn cases() -> Vec<(&'static str, String, ErrorKind, Option<usize>, &'static str)> {
    vec![
        ("TOML syntax", format!("{HEAD}[[measure]\n"), ErrorKind::Syntax, Some(2), "not valid TOML"),
        ("unknown top-level key", format!("{HEAD}datset = \"x\"\n"), ErrorKind::UnknownKey, Some(2), "did you mean `dataset`?"),
        ("unknown measure key", measure(&format!("{OK_BODY}\nrate = 5")), ErrorKind::UnknownKey, Some(8), "did you mean `rate_pct`?"),
        ("unknown country", measure("imposing = \"USA\"\ntarget = \"CHA\"\ninstrument = \"tariff\"\nrate_pct = 10"), ErrorKind::UnknownCountry, Some(5), "did you mean `CHN`?"),
        ("unknown sector", measure(&format!("{OK_BODY}\nsectors = [\"MACHINES\"]")), ErrorKind::UnknownSector, Some(8), "did you mean `MACHINERY`?"),
        ("missing dataset", "[[measure]]\nid = \"m\"\n".to_string(), ErrorKind::MissingKey, None, "missing key `dataset`"),
        ("missing imposing", measure("target = \"CHN\"\ninstrument = \"tariff\"\nrate_pct = 10"), ErrorKind::MissingKey, Some(2), "has no `imposing`"),
        ("two levels", measure(&format!("{OK_BODY}\nchange_pp = 5")), ErrorKind::Conflict, Some(8), "both `rate_pct` and `change_pp`"),
        ("no level", measure("imposing = \"USA\"\ntarget = \"CHN\"\ninstrument = \"tariff\""), ErrorKind::MissingKey, Some(2), "sets no level"),
        ("tariff below -100 %", measure("imposing = \"USA\"\ntarget = \"CHN\"\ninstrument = \"tariff\"\nrate_pct = -150"), ErrorKind::OutOfRange, Some(7), "above -100 %"),
        ("negative export tax", measure("imposing = \"CHN\"\ntarget = \"USA\"\ninstrument = \"export_tax\"\nrate_pct = -5"), ErrorKind::OutOfRange, Some(7), "between 0 and 10000"),
        ("impossible date", measure(&format!("{OK_BODY}\ndate = \"2025-02-30\"")), ErrorKind::BadValue, Some(8), "does not exist"),
        ("until before date", measure(&format!("{OK_BODY}\ndate = 2025-05-14\nuntil = 2025-04-01")), ErrorKind::OutOfRange, Some(9), "is not after"),
        ("duplicate id", format!("{HEAD}[[measure]]\nid = \"m\"\n{OK_BODY}\n[[measure]]\nid = \"m\"\n{OK_BODY}\n"), ErrorKind::Duplicate, Some(8), "used twice"),
        ("step names unknown measure", format!("{}[[step]]\nname = \"s\"\nmeasures = [\"n\"]\n", measure(OK_BODY)), ErrorKind::UnknownMeasure, Some(10), "did you mean `m`?"),
        ("duplicate step", format!("{}[[step]]\nname = \"s\"\nmeasures = [\"m\"]\n[[step]]\nname = \"s\"\nmeasures = [\"m\"]\n", measure(OK_BODY)), ErrorKind::Duplicate, Some(11), "used twice"),
        ("unknown instrument", measure("imposing = \"USA\"\ntarget = \"CHN\"\ninstrument = \"tarif\"\nrate_pct = 10"), ErrorKind::UnknownInstrument, Some(6), "did you mean `tariff`?"),
        ("share above one", measure(&format!("{OK_BODY}\nshares = {{ MINING = 1.5 }}")), ErrorKind::OutOfRange, Some(8), "between 0 and 1"),
        ("country taxes itself", measure("imposing = \"USA\"\ntarget = [\"CHN\", \"USA\"]\ninstrument = \"tariff\"\nrate_pct = 10"), ErrorKind::NotApplicable, Some(5), "on itself"),
        ("wrong type", measure("imposing = \"USA\"\ntarget = \"CHN\"\ninstrument = \"tariff\"\nrate_pct = \"high\""), ErrorKind::BadValue, Some(7), "invalid type"),
        ("step without date or measures", format!("{}[[step]]\nname = \"s\"\n", measure(OK_BODY)), ErrorKind::MissingKey, Some(8), "neither `date` nor `measures`"),
        ("unknown record", format!("{HEAD}record = \"us-chnia\"\n[[step]]\nname = \"s\"\ndate = 2025-01-01\n"), ErrorKind::UnknownRecordItem, Some(2), "did you mean `us-china`?"),
        ("unknown product group", measure(&format!("{OK_BODY}\ngroup = \"steel-232\"")), ErrorKind::UnknownRecordItem, Some(8), "steel-aluminium-232"),
        ("change_pct on a tariff", measure("imposing = \"USA\"\ntarget = \"CHN\"\ninstrument = \"tariff\"\nchange_pct = 10"), ErrorKind::Conflict, Some(7), "for trade_cost measures"),
        ("coverage given twice", measure(&format!("{OK_BODY}\nshare = 0.5\ngroup = \"autos-232\"")), ErrorKind::Conflict, Some(2), "coverage twice"),
        ("reserved step name", format!("{}[[step]]\nname = \"pre-war\"\nmeasures = [\"m\"]\n", measure(OK_BODY)), ErrorKind::Duplicate, Some(8), "reserved"),
        ("empty scenario", HEAD.to_string(), ErrorKind::MissingKey, None, "no [[measure]]"),
        ("record without dated steps", format!("{HEAD}record = \"us-china\"\n"), ErrorKind::MissingKey, None, "needs [[step]]"),
        ("unknown within_sector", measure(&format!("{OK_BODY}\nshare = 0.1\nwithin_sector = \"cobb_douglas\"")), ErrorKind::OutOfRange, Some(9), "did you mean `cobb-douglas`?"),
        ("bad deficit rule", format!("{HEAD}[model]\ndeficit = \"fixd\"\n"), ErrorKind::BadValue, Some(3), "did you mean `fixed`?"),
    ]
}

#[test]
fn every_kind_of_mistake_is_named_with_its_line() {
    let cases = cases();
    assert!(cases.len() >= 15);
    let mut failures = Vec::new();
    for (what, text, kind, line, fragment) in cases {
        let Err(e) = check(&text) else {
            failures.push(format!("{what}: accepted"));
            continue;
        };
        if e.kind != kind || e.line != line || !e.to_string().contains(fragment) {
            failures.push(format!("{what}: got {:?} line {:?}: {e}", e.kind, e.line));
        }
        assert!(e.to_string().starts_with("bad.toml"), "{what}: {e}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_bad_files_for_the_cli_are_the_same_cases() {
    // tests/bad_scenarios/*.toml in truce-cli are written from these cases: each file must hold
    // exactly its case (name and text), and no other file may be there.
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../truce-cli/tests/bad_scenarios");
    let expected: Vec<(String, String)> = cases()
        .into_iter()
        .enumerate()
        .map(|(k, (what, text, _, _, _))| {
            let name: String = what
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            (format!("{k:02}-{name}.toml"), format!("# {what}\n{text}"))
        })
        .collect();
    if std::env::var("TRUCE_WRITE_BAD_SCENARIOS").as_deref() == Ok("1") {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut problems = Vec::new();
    for (name, text) in &expected {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(have) if &have == text => {}
            Ok(_) => problems.push(format!("{name} differs from its case")),
            Err(e) => problems.push(format!("{name}: {e}")),
        }
    }
    for e in std::fs::read_dir(&dir).unwrap() {
        let f = e.unwrap().file_name().to_string_lossy().to_string();
        if !expected.iter().any(|(n, _)| *n == f) {
            problems.push(format!("{f} is not a case"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}; regenerate with TRUCE_WRITE_BAD_SCENARIOS=1",
        problems.join("; ")
    );
}
