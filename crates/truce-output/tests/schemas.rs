//! The JSON Schemas checked into `schemas/` are exactly what the types generate.
//!
//! When a type changes on purpose, regenerate them with
//! `TRUCE_UPDATE_SCHEMAS=1 cargo test -p truce-output --test schemas`, bump the output's
//! `schema_version` by the rule in docs/output-schema.md, and commit both.

use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

fn text(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap();
    s.push('\n');
    s
}

#[test]
fn checked_in_schemas_match_the_types() {
    let update = std::env::var("TRUCE_UPDATE_SCHEMAS").as_deref() == Ok("1");
    let mut drifted = Vec::new();
    let mut expected_files = Vec::new();
    for (name, _, _, schema) in truce_output::all_schemas() {
        let file = format!("{name}.schema.json");
        let path = dir().join(&file);
        expected_files.push(file.clone());
        let want = text(&schema);
        if update {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(have) if have == want => {}
            Ok(_) => drifted.push(format!("{file} differs from the types")),
            Err(e) => drifted.push(format!("{file} cannot be read: {e}")),
        }
    }
    // No stale schema of an output that no longer exists.
    for e in std::fs::read_dir(dir()).unwrap() {
        let f = e.unwrap().file_name().to_string_lossy().to_string();
        if f.ends_with(".schema.json") && !expected_files.contains(&f) {
            drifted.push(format!("{f} is checked in but no output type generates it"));
        }
    }
    assert!(
        drifted.is_empty(),
        "schemas/ and the output types disagree:\n  {}\nIf the change is intended, bump the \
         output's schema_version (docs/output-schema.md) and run \
         `TRUCE_UPDATE_SCHEMAS=1 cargo test -p truce-output --test schemas`.",
        drifted.join("\n  ")
    );
}

#[test]
fn every_schema_pins_its_header() {
    let mut commands = Vec::new();
    for (name, command, version, schema) in truce_output::all_schemas() {
        assert_eq!(schema["properties"]["command"]["const"], command, "{name}");
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no required list"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for f in ["schema_version", "truce_version", "command"] {
            assert!(required.contains(&f), "{name}: `{f}` not required");
        }
        let pattern = schema["properties"]["schema_version"]["pattern"]
            .as_str()
            .unwrap();
        let major = version.split('.').next().unwrap();
        assert_eq!(pattern, format!("^{major}\\.[0-9]+$"), "{name}");
        assert!(!commands.contains(&command), "{command} twice");
        commands.push(command);
    }
    assert_eq!(commands.len(), 12, "{commands:?}");
}
