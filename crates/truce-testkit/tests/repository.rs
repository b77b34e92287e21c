//! Checks of the repository's shape (issue 16, "a room for each thing"):
//! * every repository path that `README.md` and `docs/*.md` cite exists;
//! * no library or binary source file holds more than 800 lines of non-test code, except the
//!   named files of [`OVER_800_EXCEPTIONS`] (to be split; the list only shrinks);
//! * no circle of modules importing each other inside a crate (`use crate::…`, `crate::…`
//!   paths and `super::…` outside test modules).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Top-level entries a cited path may start with.
const ROOTS: &[&str] = &[
    "crates/",
    "docs/",
    "data/",
    "scenarios/",
    "schemas/",
    "tools/",
    "fuzz/",
    "assets/",
    "build/",
    ".ci/",
];

/// Candidate paths in one line of Markdown: `code spans` and link targets that start with a
/// top-level folder of the repository (or, for links, are relative to the document).
fn cited_paths(line: &str, doc_dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut spans: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
    let mut links = Vec::new();
    let mut rest = line;
    while let Some(k) = rest.find("](") {
        let after = &rest[k + 2..];
        let end = after.find(')').unwrap_or(after.len());
        links.push(&after[..end]);
        rest = &after[end..];
    }
    spans.retain(|s| !s.contains(' '));
    for raw in spans.iter().chain(links.iter()) {
        let is_link = links.contains(raw);
        // Cut an anchor, a line number, a Rust path or a trailing punctuation mark.
        let mut p = raw.split('#').next().unwrap_or("");
        for sep in ["::", ":"] {
            if let Some(k) = p.find(sep) {
                if !p.starts_with("http") {
                    p = &p[..k];
                }
            }
        }
        let p = p.trim_end_matches(['.', ',', ';', ')']);
        if p.is_empty()
            || p.contains("://")
            || p.starts_with("../shared")
            || p.contains(['*', '{', '<', '…', '$', '|', '='])
            || p.contains("...")
            || p.contains("YYYY")
        {
            continue;
        }
        if ROOTS.iter().any(|r| p.starts_with(r)) || p == "README.md" || p == "Cargo.toml" {
            out.push((p.to_string(), root().join(p)));
        } else if is_link && (p.ends_with(".md") || p.contains('/')) {
            out.push((p.to_string(), doc_dir.join(p)));
        }
    }
    out
}

#[test]
fn every_path_the_docs_cite_exists() {
    let root = root();
    let mut docs = vec![root.join("README.md")];
    for e in std::fs::read_dir(root.join("docs")).expect("docs/ exists") {
        let p = e.expect("readable docs/").path();
        if p.extension().is_some_and(|x| x == "md") {
            docs.push(p);
        }
    }
    docs.sort();
    let mut missing = Vec::new();
    let mut checked = 0;
    for doc in &docs {
        let text = std::fs::read_to_string(doc).expect("readable doc");
        let rel = doc.strip_prefix(&root).unwrap_or(doc).display().to_string();
        let dir = doc.parent().expect("a doc has a folder");
        for (k, line) in text.lines().enumerate() {
            for (shown, path) in cited_paths(line, dir) {
                checked += 1;
                if !path.exists() {
                    missing.push(format!("{rel} line {}: {shown}", k + 1));
                }
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} cited paths found: is the scan broken?"
    );
    assert!(
        missing.is_empty(),
        "paths cited in the docs that do not exist (fix the doc or the path):\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_path_scan_finds_what_a_doc_cites() {
    let dir = root().join("docs");
    let found: Vec<String> = cited_paths(
        "see `crates/truce-solve/src/linalg.rs` (`Lu`), [games](games.md#nash), `crates/x.rs:12`, `truce run`, `crates/truce/src/run.rs::run`",
        &dir,
    )
    .into_iter()
    .map(|(s, _)| s)
    .collect();
    assert_eq!(
        found,
        [
            "crates/truce-solve/src/linalg.rs",
            "crates/x.rs",
            "crates/truce/src/run.rs",
            "games.md"
        ]
    );
}

/// Files allowed over 800 lines of non-test code (none: the last ones were split in issue 16,
/// item 3). The list only shrinks.
const OVER_800_EXCEPTIONS: &[&str] = &[];

/// Circles allowed to stay (none: the last one, truce-model's baseline ↔ production, was
/// broken in issue 16 by moving the baseline-facing checks of `Production` into `baseline`).
/// The list only shrinks.
const CIRCLE_EXCEPTIONS: &[&str] = &[];

/// The most lines of non-test code one source file may hold.
const MAX_LINES: usize = 800;

fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source files of every crate's `src/` (tests/, benches/ and examples/ are test code),
/// leaving out files that are test modules (`tests.rs`, or a folder `tests/` under `src/`).
fn library_sources() -> Vec<(String, PathBuf)> {
    let root = root();
    let mut files = Vec::new();
    for e in std::fs::read_dir(root.join("crates")).expect("crates/ exists") {
        rust_sources(&e.expect("readable crates/").path().join("src"), &mut files);
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&root).unwrap_or(&p).display().to_string();
            (rel, p)
        })
        .filter(|(rel, _)| !rel.ends_with("/tests.rs") && !rel.contains("/src/tests/"))
        .collect()
}

/// The lines of a file before its test module (`#[cfg(test)]` at column 0 followed by a
/// `mod`), which by the project's convention comes last.
fn non_test_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    for (k, l) in lines.iter().enumerate() {
        if l.trim_end() == "#[cfg(test)]" {
            let next = lines[k + 1..].iter().find(|l| !l.trim().is_empty());
            if next.is_some_and(|n| n.starts_with("mod ") || n.starts_with("pub mod ")) {
                return lines[..k].to_vec();
            }
        }
    }
    lines
}

#[test]
fn no_source_file_is_over_800_lines_of_non_test_code() {
    let mut over = Vec::new();
    let mut no_longer = Vec::new();
    let mut seen = BTreeSet::new();
    for (rel, path) in library_sources() {
        let text = std::fs::read_to_string(&path).expect("readable source");
        let n = non_test_lines(&text).len();
        let excepted = OVER_800_EXCEPTIONS.contains(&rel.as_str());
        if excepted {
            seen.insert(rel.clone());
        }
        if n > MAX_LINES && !excepted {
            over.push(format!("{rel}: {n} lines of non-test code"));
        } else if n <= MAX_LINES && excepted {
            no_longer.push(format!("{rel}: {n} lines"));
        }
    }
    for e in OVER_800_EXCEPTIONS {
        assert!(
            seen.contains(*e),
            "{e} is in OVER_800_EXCEPTIONS but does not exist: remove it"
        );
    }
    assert!(
        over.is_empty(),
        "source files over {MAX_LINES} lines of non-test code: split them along their seams \
         (docs/architecture.md):\n{}",
        over.join("\n")
    );
    assert!(
        no_longer.is_empty(),
        "these files are within {MAX_LINES} lines now: remove them from OVER_800_EXCEPTIONS:\n{}",
        no_longer.join("\n")
    );
}

/// A crate's module name for a source file under `src/`: `calibrate`, `import::wiod`,
/// `dataset` (for `dataset/mod.rs`); the crate root (`lib.rs`, `main.rs`) is `""`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// The modules a line of code names through `crate::a::b` or `super::x`, resolved to the
/// longest known module prefix.
fn named_modules(line: &str, here: &str, modules: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let ident = |s: &str| -> Vec<String> {
        s.split("::")
            .map(|p| {
                p.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|p| !p.is_empty())
            .collect()
    };
    let resolve = |mut segs: Vec<String>| -> Option<String> {
        while !segs.is_empty() {
            let m = segs.join("::");
            if modules.contains(&m) {
                return Some(m);
            }
            segs.pop();
        }
        None
    };
    let mut rest = line;
    while let Some(k) = rest.find("crate::") {
        let before = rest[..k].chars().last();
        let tail = &rest[k + "crate::".len()..];
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            // `use crate::{a, b::C}`: every item of the group.
            if let Some(group) = tail.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    out.extend(resolve(ident(item.trim())));
                }
            } else {
                out.extend(resolve(ident(tail)));
            }
        }
        rest = tail;
    }
    let mut rest = line;
    while let Some(k) = rest.find("super::") {
        let tail = &rest[k + "super::".len()..];
        let parent: Vec<String> = here.split("::").map(str::to_string).collect();
        let mut segs: Vec<String> = parent[..parent.len().saturating_sub(1)].to_vec();
        segs.extend(ident(tail));
        out.extend(resolve(segs));
        rest = tail;
    }
    out.retain(|m| m != here && !m.is_empty());
    out
}

/// Strongly connected components of more than one module (Tarjan).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let i = t.index.len();
        t.index.insert(v, i);
        t.low.insert(v, i);
        t.stack.push(v);
        t.on.insert(v);
        if let Some(ws) = t.g.get(v) {
            for w in ws {
                let w = w.as_str();
                if !t.index.contains_key(w) {
                    visit(t, w);
                    let lw = t.low[w];
                    let lv = t.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if t.on.contains(w) {
                    let iw = t.index[w];
                    let lv = t.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

#[test]
fn no_circle_of_modules_importing_each_other() {
    let root = root();
    let mut found = Vec::new();
    for e in std::fs::read_dir(root.join("crates")).expect("crates/ exists") {
        let krate = e.expect("readable crates/").path();
        let src = krate.join("src");
        let mut files = Vec::new();
        rust_sources(&src, &mut files);
        let files: Vec<(String, PathBuf)> = files
            .into_iter()
            .map(|f| (module_of(&src, &f), f))
            .filter(|(m, _)| !m.split("::").any(|p| p == "tests"))
            .collect();
        let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (m, f) in &files {
            // A parent declaring and re-exporting its children (`mod x; pub use x::…`) is
            // not an import of the parent by the child; edges come from the code.
            let text = std::fs::read_to_string(f).expect("readable source");
            let edges = graph.entry(m.clone()).or_default();
            for line in non_test_lines(&text) {
                let code = line.split("//").next().unwrap_or("");
                for target in named_modules(code, m, &modules) {
                    // A child naming its own parent module (`super::Item` from `a::b` to
                    // `a`) is how a module tree shares its types: only imports between
                    // siblings and across the tree count.
                    if m.starts_with(&format!("{target}::")) {
                        continue;
                    }
                    edges.insert(target);
                }
            }
        }
        for c in circles(&graph) {
            let circle = format!(
                "{}: {}",
                krate.file_name().unwrap_or_default().to_string_lossy(),
                c.join(" ↔ ")
            );
            if !CIRCLE_EXCEPTIONS.contains(&circle.as_str()) {
                found.push(circle);
            }
        }
    }
    assert!(
        found.is_empty(),
        "circles of modules importing each other (move the shared items to a module both \
         can import):\n{}",
        found.join("\n")
    );
}
