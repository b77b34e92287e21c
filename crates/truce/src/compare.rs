//! `truce compare A.json B.json`: the difference between two results, in a readable table.
//!
//! Accepts the JSON of `truce run` (one step: top-level `countries`; several: a `steps`
//! array) and of `truce timeline` (a `points` array). States are paired by step name (or
//! date); when each file holds exactly one state they are paired whatever their names.

// The facade's `Error` is shared by every pipeline (its largest variant is the data layer's);
// boxing it is a crate-wide decision, so the size lint is allowed here.
#![allow(clippy::result_large_err)]

use crate::Error;
use serde_json::{json, Value};
use std::path::Path;
use truce_report::{Cell, Report, Table};

/// The fields compared, with their table headers.
pub const FIELDS: [(&str, &str); 6] = [
    ("welfare_pct", "welfare"),
    ("real_wage_pct", "real wage"),
    ("price_index_pct", "CPI"),
    ("terms_of_trade_pct", "ToT"),
    ("exports_pct", "exports"),
    ("imports_pct", "imports"),
];

struct State {
    name: String,
    reference: String,
    countries: Vec<Value>,
}

fn load(path: &Path) -> Result<(Value, Vec<State>), Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{} is not valid JSON (line {}, column {}): {e}; pass a file written by `truce run --format json` or `truce timeline --format json`",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let top_ref = v["reference"].as_str().unwrap_or("baseline").to_string();
    let mut states = Vec::new();
    let countries = |x: &Value| x["countries"].as_array().cloned();
    if let Some(c) = countries(&v) {
        let name = v["step"]["name"].as_str().unwrap_or("result").to_string();
        states.push(State {
            name,
            reference: top_ref.clone(),
            countries: c,
        });
    }
    for (key, name_key) in [("steps", "name"), ("points", "date")] {
        for s in v[key].as_array().into_iter().flatten() {
            if let Some(c) = countries(s) {
                states.push(State {
                    name: s[name_key].as_str().unwrap_or("?").to_string(),
                    reference: s["reference"].as_str().unwrap_or(&top_ref).to_string(),
                    countries: c,
                });
            }
        }
    }
    if states.is_empty() {
        return Err(Error::Usage(format!(
            "{} holds no results (no `countries`, `steps` or `points`); pass a file written by `truce run --format json` or `truce timeline --format json`",
            path.display()
        )));
    }
    Ok((v, states))
}

/// The comparison: a JSON value and a table of A, B and B − A per state and region.
///
/// # Errors
/// [`Error::Usage`] when a file cannot be read, is not a truce result, or the two files share
/// no state to compare.
pub fn compare(a: &Path, b: &Path) -> Result<Report, Error> {
    let (va, sa) = load(a)?;
    let (vb, sb) = load(b)?;
    let mut pairs: Vec<(&State, &State)> = sa
        .iter()
        .filter_map(|x| sb.iter().find(|y| y.name == x.name).map(|y| (x, y)))
        .collect();
    if pairs.is_empty() && sa.len() == 1 && sb.len() == 1 {
        pairs.push((&sa[0], &sb[0]));
    }
    if pairs.is_empty() {
        let names = |s: &[State]| {
            s.iter()
                .map(|x| x.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(Error::Usage(format!(
            "the two files share no step to compare: {} has [{}], {} has [{}]",
            a.display(),
            names(&sa),
            b.display(),
            names(&sb)
        )));
    }
    let mut headers = vec!["step", "region"];
    let hdr: Vec<String> = FIELDS
        .iter()
        .flat_map(|(_, h)| [format!("{h} A"), format!("{h} B"), format!("{h} B−A")])
        .collect();
    headers.extend(hdr.iter().map(String::as_str));
    let title = format!(
        "Comparison (% changes; A = {}, B = {})",
        a.display(),
        b.display()
    );
    let mut t = Table::new(title, &headers).align(1, truce_report::Align::Left);
    let mut rows_json = Vec::new();
    let mut notes = Vec::new();
    for (x, y) in &pairs {
        if x.reference != y.reference {
            notes.push(format!(
                "step {}: A is measured against {}, B against {}; differences mix two references",
                x.name, x.reference, y.reference
            ));
        }
        for ca in &x.countries {
            let code = ca["code"].as_str().unwrap_or("?");
            let Some(cb) = y.countries.iter().find(|c| c["code"] == ca["code"]) else {
                continue;
            };
            let name = if x.name == y.name {
                x.name.clone()
            } else {
                format!("{} / {}", x.name, y.name)
            };
            let mut row = vec![Cell::text(&name), Cell::text(code)];
            let mut obj = json!({"step": name, "code": code});
            for (f, _) in FIELDS {
                let (p, q) = (ca[f].as_f64(), cb[f].as_f64());
                let diff = p.zip(q).map(|(p, q)| q - p);
                row.extend([Cell::opt(p, 3), Cell::opt(q, 3), Cell::opt(diff, 3)]);
                obj[f] = json!({"a": p, "b": q, "b_minus_a": diff});
            }
            t.push(row);
            rows_json.push(obj);
        }
    }
    let mut r = Report::new(json!({
        "a": {"file": a.display().to_string(), "scenario": va["scenario"], "reference": va["reference"]},
        "b": {"file": b.display().to_string(), "scenario": vb["scenario"], "reference": vb["reference"]},
        "rows": rows_json,
    }))
    .with_table(t);
    for n in notes {
        r = r.with_note(n);
    }
    Ok(r)
}
