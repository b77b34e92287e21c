#![allow(dead_code)] // each target uses some of these helpers
// Shared by the fuzz targets: split one input into named files and write them to a private
// scratch folder (the file-based importers read folders).

use std::path::PathBuf;

/// The input split at NUL bytes into at most `names.len()` parts, each decoded lossily
/// (non-UTF-8 bytes still reach the readers that take `&Path`: they are written raw).
pub fn parts<'a>(data: &'a [u8], names: &[&str]) -> Vec<&'a [u8]> {
    let mut out: Vec<&[u8]> = data.splitn(names.len(), |b| *b == 0).collect();
    out.resize(names.len(), &[]);
    out
}

/// A scratch folder for this process, emptied.
pub fn scratch() -> PathBuf {
    let d = std::env::temp_dir().join(format!("truce-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch folder");
    d
}

/// Write `parts` under `dir` with `names`.
pub fn write(dir: &std::path::Path, names: &[&str], parts: &[&[u8]]) {
    for (n, p) in names.iter().zip(parts) {
        std::fs::write(dir.join(n), p).expect("scratch file");
    }
}
