//! Atomic file output: write to a temporary file beside the target, then rename.
//!
//! A run can also be interrupted (Ctrl-C, SIGTERM) while it writes. Every temporary file and
//! every folder a write creates is registered while the write is in flight;
//! [`remove_in_flight`], called from a front end's signal handler, removes them, and waits for
//! a batch that is renaming its files into place to finish, so an interrupted run leaves either
//! all of a batch's files or none, and never a temporary file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use thiserror::Error;

/// Temporary files and created folders of the writes in flight.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock leaves the list usable.
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

fn register(p: &Path) {
    in_flight().push(p.to_path_buf());
}

fn deregister(list: &mut Vec<PathBuf>, paths: &[PathBuf]) {
    list.retain(|p| !paths.contains(p));
}

/// Remove every temporary file and every (empty) folder that writes in flight have created, as
/// a signal handler does before the process exits. A batch already renaming its files into
/// place is waited for (it holds the list), so it ends complete.
pub fn remove_in_flight() {
    remove_in_flight_under(Path::new(""));
}

/// [`remove_in_flight`] for the paths under `prefix` only (tests, which share the list with
/// other tests writing at the same time).
fn remove_in_flight_under(prefix: &Path) {
    let mut list = in_flight();
    // Files first, then folders deepest first (they were registered parents first).
    for p in list.iter().rev().filter(|p| p.starts_with(prefix)) {
        if p.is_dir() {
            let _ = std::fs::remove_dir(p);
        } else {
            let _ = std::fs::remove_file(p);
        }
    }
    list.retain(|p| !p.starts_with(prefix));
}

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
    let mut registered: Vec<PathBuf> = Vec::new();
    let result = write_registered(files, &mut registered);
    let mut list = in_flight();
    if result.is_err() {
        // Folders this call created and left empty go too.
        for p in registered.iter().rev().filter(|p| p.is_dir()) {
            let _ = std::fs::remove_dir(p);
        }
    }
    deregister(&mut list, &registered);
    result
}

fn write_registered(
    files: &[(PathBuf, Vec<u8>)],
    registered: &mut Vec<PathBuf>,
) -> Result<(), WriteError> {
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
            // The folders about to be created, outermost first.
            let mut missing: Vec<&Path> = dir
                .ancestors()
                .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
                .collect();
            missing.reverse();
            for m in missing {
                if let Err(e) = std::fs::create_dir(m) {
                    if !m.is_dir() {
                        cleanup(&temps);
                        return Err(err(e));
                    }
                    continue;
                }
                register(m);
                registered.push(m.to_path_buf());
            }
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "out".into());
        let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        register(&tmp);
        registered.push(tmp.clone());
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
    // Renames happen with the in-flight list held: a signal handler waits for all of them.
    let _renaming = in_flight();
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

    /// The in-flight list is global: these tests run one at a time.
    static SERIAL: Mutex<()> = Mutex::new(());

    #[test]
    fn writes_all_or_nothing() {
        let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
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

    #[test]
    fn an_interrupted_write_leaves_nothing_behind() {
        let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/deeper");
        // Simulate the state in the middle of a write: a created folder and a temp file.
        std::fs::create_dir_all(&out).unwrap();
        register(&dir.path().join("new"));
        register(&out);
        let tmp = out.join(".a.csv.1.tmp");
        std::fs::write(&tmp, b"partial").unwrap();
        register(&tmp);
        // Only this test's paths: other tests of this binary write at the same time, and
        // removing their temporary files would break their writes.
        remove_in_flight_under(dir.path());
        assert!(
            !dir.path().join("new").exists(),
            "temp file and created folders removed"
        );
        // A failed write removes the folders it created.
        let blocked = dir.path().join("made/x.csv");
        std::fs::create_dir_all(dir.path().join("made/x.csv")).unwrap();
        std::fs::remove_dir(dir.path().join("made/x.csv")).unwrap();
        std::fs::remove_dir(dir.path().join("made")).unwrap();
        let e = write_files_atomic(&[
            (blocked, b"1".to_vec()),
            (dir.path().join("made"), b"2".to_vec()),
        ]);
        assert!(e.is_err());
        assert!(!dir.path().join("made").exists());
        assert!(!in_flight().iter().any(|p| p.starts_with(dir.path())));
    }
}
