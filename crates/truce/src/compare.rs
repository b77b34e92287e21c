//! `truce compare A.json B.json`: the difference between two results, in a readable table.
//!
//! Reads typed outputs ([`truce_output`]): `run` (its `steps`), `timeline` (its `points`,
//! named by date), and the single states of `replicate cp2015` and `replicate ge-gravity`.
//! States are paired by step name (or date); when each file holds exactly one state they are
//! paired whatever their names. A file of another command, of an unknown major schema version,
//! or without a header is refused with a message saying which.

// The facade's `Error` is shared by every pipeline (its largest variant is the data layer's);
// boxing it is a crate-wide decision, so the size lint is allowed here.
#![allow(clippy::result_large_err)]

use crate::Error;
use std::path::Path;
use truce_output::{
    read, read_header, CompareOutput, CompareRow, CompareSide, CountryResult, Cp2015Output, Diff,
    GeGravityOutput, Header, Output, ReadError, RunOutput, TimelineOutput,
};
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

/// The commands whose outputs `compare` reads.
pub const COMPARABLE: [&str; 4] = [
    RunOutput::COMMAND,
    TimelineOutput::COMMAND,
    Cp2015Output::COMMAND,
    GeGravityOutput::COMMAND,
];

/// One solved state of a result file.
struct State {
    name: String,
    reference: String,
    countries: Vec<CountryResult>,
}

/// What `compare` needs of a result file.
struct Loaded {
    header: Header,
    scenario: Option<String>,
    reference: String,
    states: Vec<State>,
}

fn hint() -> String {
    format!(
        "pass a file written with `--format json` (or `--out`) by one of: {}",
        COMPARABLE
            .iter()
            .map(|c| format!("`truce {c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn bad(path: &Path, e: ReadError) -> Error {
    Error::Usage(format!("{}: {e}; {}", path.display(), hint()))
}

fn typed<T: Output>(path: &Path, text: &str) -> Result<T, Error> {
    read::<T>(text).map_err(|e| bad(path, e))
}

fn load(path: &Path) -> Result<Loaded, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
    let header = read_header(&text).map_err(|e| bad(path, e))?;
    let loaded = match header.command.as_str() {
        c if c == RunOutput::COMMAND => {
            let r: RunOutput = typed(path, &text)?;
            Loaded {
                header: r.header,
                scenario: Some(r.scenario),
                reference: r.reference,
                states: r
                    .steps
                    .into_iter()
                    .map(|s| State {
                        name: s.name,
                        reference: s.reference,
                        countries: s.countries,
                    })
                    .collect(),
            }
        }
        c if c == TimelineOutput::COMMAND => {
            let t: TimelineOutput = typed(path, &text)?;
            Loaded {
                header: t.header,
                scenario: None,
                reference: t.reference,
                states: t
                    .points
                    .into_iter()
                    .map(|p| State {
                        name: p.date,
                        reference: p.reference,
                        countries: p.countries,
                    })
                    .collect(),
            }
        }
        c if c == Cp2015Output::COMMAND => {
            let r: Cp2015Output = typed(path, &text)?;
            let reference = "1993 base".to_string();
            Loaded {
                header: r.header,
                scenario: None,
                states: vec![State {
                    name: "NAFTA".into(),
                    reference: reference.clone(),
                    countries: r.countries.into_iter().map(|c| c.result).collect(),
                }],
                reference,
            }
        }
        c if c == GeGravityOutput::COMMAND => {
            let r: GeGravityOutput = typed(path, &text)?;
            let reference = format!("{} baseline", r.base_year);
            Loaded {
                header: r.header,
                scenario: None,
                states: vec![State {
                    name: "EU enlargements".into(),
                    reference: reference.clone(),
                    countries: r.countries.into_iter().map(|c| c.result).collect(),
                }],
                reference,
            }
        }
        other => {
            return Err(Error::Usage(format!(
                "{}: a `{other}` output holds no per-region outcomes to compare; {}",
                path.display(),
                hint()
            )))
        }
    };
    if loaded.states.is_empty() {
        return Err(Error::Usage(format!(
            "{} holds no solved state (its `steps` or `points` are empty); {}",
            path.display(),
            hint()
        )));
    }
    Ok(loaded)
}

fn field(c: &CountryResult, f: &str) -> Option<f64> {
    match f {
        "welfare_pct" => c.welfare_pct,
        "real_wage_pct" => Some(c.real_wage_pct),
        "price_index_pct" => Some(c.price_index_pct),
        "terms_of_trade_pct" => Some(c.terms_of_trade_pct),
        "exports_pct" => c.exports_pct,
        "imports_pct" => c.imports_pct,
        _ => None,
    }
}

fn side(path: &Path, l: &Loaded) -> CompareSide {
    CompareSide {
        file: path.display().to_string(),
        command: l.header.command.clone(),
        scenario: l.scenario.clone(),
        reference: l.reference.clone(),
    }
}

/// The comparison, typed: A, B and B − A per paired state and region.
///
/// # Errors
/// [`Error::Usage`] when a file cannot be read, is not a comparable truce output (or has an
/// unknown major schema version), or the two files share no state to compare.
pub fn compare_output(a: &Path, b: &Path) -> Result<CompareOutput, Error> {
    let la = load(a)?;
    let lb = load(b)?;
    let (sa, sb) = (&la.states, &lb.states);
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
            names(sa),
            b.display(),
            names(sb)
        )));
    }
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (x, y) in &pairs {
        if x.reference != y.reference {
            notes.push(format!(
                "step {}: A is measured against {}, B against {}; differences mix two references",
                x.name, x.reference, y.reference
            ));
        }
        let step = if x.name == y.name {
            x.name.clone()
        } else {
            format!("{} / {}", x.name, y.name)
        };
        for ca in &x.countries {
            let Some(cb) = y.countries.iter().find(|c| c.code == ca.code) else {
                continue;
            };
            let d = |f: &str| Diff::of(field(ca, f), field(cb, f));
            rows.push(CompareRow {
                step: step.clone(),
                code: ca.code.clone(),
                welfare_pct: d("welfare_pct"),
                real_wage_pct: d("real_wage_pct"),
                price_index_pct: d("price_index_pct"),
                terms_of_trade_pct: d("terms_of_trade_pct"),
                exports_pct: d("exports_pct"),
                imports_pct: d("imports_pct"),
            });
        }
    }
    Ok(CompareOutput {
        header: Header::of::<CompareOutput>(),
        a: side(a, &la),
        b: side(b, &lb),
        rows,
        notes,
    })
}

/// The comparison as a report: [`compare_output`] and a table of A, B and B − A.
///
/// # Errors
/// As [`compare_output`].
pub fn compare(a: &Path, b: &Path) -> Result<Report, Error> {
    let out = compare_output(a, b)?;
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
    for r in &out.rows {
        let mut row = vec![Cell::text(&r.step), Cell::text(&r.code)];
        for d in [
            r.welfare_pct,
            r.real_wage_pct,
            r.price_index_pct,
            r.terms_of_trade_pct,
            r.exports_pct,
            r.imports_pct,
        ] {
            row.extend([
                Cell::opt(d.a, 3),
                Cell::opt(d.b, 3),
                Cell::opt(d.b_minus_a, 3),
            ]);
        }
        t.push(row);
    }
    let mut r = Report::of(&out).with_table(t);
    for n in &out.notes {
        r = r.with_note(n.clone());
    }
    Ok(r)
}
