//! Atomic file output: write to a temporary file beside the target, then rename.

use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// An output file could not be written.
#[derive(Debug, Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    /// The file that was being written.
    pub path: PathBuf,
    /// The underlying error.
    #[source]
    pub source: std::io::Error,
}

/// Write `contents` to `path` atomically (temporary file in the same directory, then rename),
/// creating the parent directory if needed.
///
/// # Errors
/// [`WriteError`] naming the path when the directory cannot be created or the file cannot be
/// written or renamed; no partial file is left behind.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    write_files_atomic(&[(path.to_path_buf(), contents.to_vec())])
}

/// Write several files so that either all of them appear or none does: each is first written
/// to a temporary file; only when every write succeeded are they renamed into place.
///
/// # Errors
/// [`WriteError`] naming the first path that failed; temporary files are removed.
pub fn write_files_atomic(files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |temps: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in temps {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, contents) in files {
        let err = |source| WriteError {
            path: path.clone(),
            source,
        };
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = dir {
            if let Err(e) = std::fs::create_dir_all(dir) {
                cleanup(&temps);
                return Err(err(e));
            }
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "out".into());
        let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let result = std::fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(contents)?;
            f.sync_all()
        });
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            cleanup(&temps);
            return Err(err(e));
        }
        temps.push((tmp, path.clone()));
    }
    // A directory in the way would make a rename fail half-way: refuse before renaming any.
    for (_, path) in &temps {
        if path.is_dir() {
            cleanup(&temps);
            return Err(WriteError {
                path: path.clone(),
                source: std::io::Error::other("a directory has this name"),
            });
        }
    }
    for (k, (tmp, path)) in temps.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            // Best effort: remove what this call already put in place, and the rest of the temps.
            for (_, done) in &temps[..k] {
                let _ = std::fs::remove_file(done);
            }
            cleanup(&temps[k..]);
            return Err(WriteError {
                path: path.clone(),
                source: e,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("sub/a.csv");
        write_files_atomic(&[(a.clone(), b"x".to_vec())]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"x");
        // The second target is a directory, so it cannot be created as a file: nothing changes.
        let b = dir.path().join("b.csv");
        std::fs::create_dir(dir.path().join("blocker")).unwrap();
        let bad = dir.path().join("blocker");
        let e = write_files_atomic(&[(b.clone(), b"y".to_vec()), (bad, b"z".to_vec())]);
        assert!(e.is_err());
        assert!(!b.exists(), "no partial output");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
