//! Scenarios sent to the API: TOML as it is, or the same content as JSON.
//!
//! JSON is turned into TOML text (one key per line, tables after the top-level keys) and
//! parsed by [`truce::scenario::Scenario::from_toml_str`], so that both forms get exactly the
//! CLI's validation and messages. Alongside, a [`FieldMap`] remembers which request field
//! every line came from, so that an error found on line 7 is reported as
//! `field: "measure[1].rate_pct"`. TOML input gets the same map by reading its table headers.

use crate::error::ApiError;
use serde_json::Value;
use std::fmt::Write as _;

/// Line (1-based) → request field (`dataset`, `model.tolerance`, `measure[0].rate_pct`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldMap {
    lines: Vec<Option<String>>,
}

impl FieldMap {
    /// The field on line `line`, if any.
    pub fn field_at(&self, line: usize) -> Option<String> {
        self.lines.get(line.checked_sub(1)?).cloned().flatten()
    }

    fn push(&mut self, field: Option<String>) {
        self.lines.push(field);
    }

    /// The map of TOML text: each `key = value` line is `TABLE.key` (TABLE as `measure[i]`
    /// for the i-th `[[measure]]`); headers name their table; continuation lines keep the
    /// field of the key they continue.
    pub fn of_toml(text: &str) -> Self {
        let mut map = FieldMap::default();
        let mut table = String::new();
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        let mut last: Option<String> = None;
        for line in text.lines() {
            let t = line.trim();
            if let Some(name) = t.strip_prefix("[[").and_then(|r| r.split("]]").next()) {
                let name = name.trim().to_string();
                let k = counts.entry(name.clone()).or_insert(0);
                table = format!("{name}[{k}]");
                *k += 1;
                last = Some(table.clone());
            } else if let Some(name) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
                table = name.trim().to_string();
                last = Some(table.clone());
            } else if let Some((key, _)) = t.split_once('=') {
                let key = key.trim().trim_matches('"');
                if !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    last = Some(if table.is_empty() {
                        key.to_string()
                    } else {
                        format!("{table}.{key}")
                    });
                }
            }
            map.push(last.clone());
        }
        map
    }
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        toml::Value::String(k.to_string()).to_string()
    }
}

/// One JSON value as an inline TOML value; `field` names it in errors.
fn inline(v: &Value, field: &str) -> Result<String, ApiError> {
    if let Some(p) = find_null(v, field) {
        return Err(ApiError::bad_request(
            &p,
            format!("`{p}` is null"),
            "give a value or leave the key out (scenarios have no null)",
        ));
    }
    let t = toml::Value::try_from(v).map_err(|e| {
        ApiError::bad_request(
            field,
            format!("`{field}` cannot be written as a scenario value: {e}"),
            "use strings, numbers, booleans, arrays and objects as in docs/scenarios.md",
        )
    })?;
    Ok(t.to_string())
}

fn find_null(v: &Value, at: &str) -> Option<String> {
    match v {
        Value::Null => Some(at.to_string()),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| find_null(x, &format!("{at}[{i}]"))),
        Value::Object(o) => o
            .iter()
            .find_map(|(k, x)| find_null(x, &format!("{at}.{k}"))),
        _ => None,
    }
}

/// The scenario's JSON form as TOML text, with the field of every line.
///
/// The JSON is an object with the keys of a scenario file: `model` an object, `measure` and
/// `step` arrays of objects (the TOML arrays of tables `[[measure]]`, `[[step]]`).
///
/// # Errors
/// 400 naming the field: not an object, a `null`, `model` not an object, `measure`/`step` not
/// an array of objects.
pub fn json_to_toml(v: &Value) -> Result<(String, FieldMap), ApiError> {
    let obj = v.as_object().ok_or_else(|| {
        ApiError::bad_request(
            "body",
            "the scenario must be a JSON object",
            "send {\"dataset\": \"world2024\", \"measure\": [ … ], \"step\": [ … ]} (docs/scenarios.md, as JSON)",
        )
    })?;
    let mut text = String::new();
    let mut map = FieldMap::default();
    let line = |text: &mut String, map: &mut FieldMap, s: String, field: Option<String>| {
        let _ = writeln!(text, "{s}");
        map.push(field);
    };
    // Top-level keys first: TOML puts everything after a table header into that table.
    for (k, x) in obj {
        if matches!(k.as_str(), "model" | "measure" | "step") {
            continue;
        }
        line(
            &mut text,
            &mut map,
            format!("{} = {}", toml_key(k), inline(x, k)?),
            Some(k.clone()),
        );
    }
    if let Some(m) = obj.get("model") {
        let m = m.as_object().ok_or_else(|| {
            ApiError::bad_request(
                "model",
                "`model` must be an object",
                "e.g. \"model\": {\"deficit\": \"fixed\", \"tolerance\": 1e-10}",
            )
        })?;
        line(&mut text, &mut map, "[model]".into(), Some("model".into()));
        for (k, x) in m {
            let f = format!("model.{k}");
            line(
                &mut text,
                &mut map,
                format!("{} = {}", toml_key(k), inline(x, &f)?),
                Some(f),
            );
        }
    }
    for table in ["measure", "step"] {
        let Some(arr) = obj.get(table) else { continue };
        let arr = arr.as_array().ok_or_else(|| {
            ApiError::bad_request(
                table,
                format!("`{table}` must be an array of objects"),
                format!("e.g. \"{table}\": [{{ … }}, {{ … }}]"),
            )
        })?;
        for (i, item) in arr.iter().enumerate() {
            let at = format!("{table}[{i}]");
            let item = item.as_object().ok_or_else(|| {
                ApiError::bad_request(
                    &at,
                    format!("`{at}` must be an object"),
                    "each measure or step is an object of keys (docs/scenarios.md)",
                )
            })?;
            line(
                &mut text,
                &mut map,
                format!("[[{table}]]"),
                Some(at.clone()),
            );
            for (k, x) in item {
                let f = format!("{at}.{k}");
                line(
                    &mut text,
                    &mut map,
                    format!("{} = {}", toml_key(k), inline(x, &f)?),
                    Some(f),
                );
            }
        }
    }
    Ok((text, map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_becomes_toml_with_fields() {
        let v = json!({
            "dataset": "world2024",
            "model": {"tolerance": 1e-9},
            "measure": [
                {"id": "a", "imposing": "USA", "target": "CHN", "instrument": "tariff", "rate_pct": 10},
                {"id": "b", "imposing": "CHN", "target": ["USA"], "instrument": "export_tax",
                 "shares": {"MINING": 0.1}, "rate_pct": 5}
            ]
        });
        let (text, map) = json_to_toml(&v).unwrap();
        let s = truce::scenario::Scenario::from_toml_str(&text, "<request>", "request").unwrap();
        assert_eq!(s.measures.len(), 2);
        let line = text.lines().position(|l| l.starts_with("shares")).unwrap();
        assert_eq!(map.field_at(line + 1).as_deref(), Some("measure[1].shares"));
        assert_eq!(map.field_at(1).as_deref(), Some("dataset"));
    }

    #[test]
    fn nulls_and_shapes_are_named() {
        let e = json_to_toml(&json!({"dataset": null})).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("dataset"));
        let e =
            json_to_toml(&json!({"measure": [{"id": "a", "sectors": ["X", null]}]})).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("measure[0].sectors[1]"));
        let e = json_to_toml(&json!({"measure": {"id": "a"}})).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("measure"));
        let e = json_to_toml(&json!([1, 2])).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("body"));
    }

    #[test]
    fn toml_lines_map_to_fields() {
        let text = "dataset = \"world2024\"\nnotes = [\n  \"a\",\n]\n[model]\ntolerance = 1e-9\n\
                    [[measure]]\nid = \"a\"\n[[measure]]\nid = \"b\"\nrate_pct = 5\n[[step]]\nname = \"s\"\n";
        let m = FieldMap::of_toml(text);
        assert_eq!(m.field_at(1).as_deref(), Some("dataset"));
        assert_eq!(m.field_at(3).as_deref(), Some("notes"));
        assert_eq!(m.field_at(6).as_deref(), Some("model.tolerance"));
        assert_eq!(m.field_at(8).as_deref(), Some("measure[0].id"));
        assert_eq!(m.field_at(11).as_deref(), Some("measure[1].rate_pct"));
        assert_eq!(m.field_at(13).as_deref(), Some("step[0].name"));
        assert_eq!(m.field_at(99), None);
        assert_eq!(m.field_at(0), None);
    }
}
