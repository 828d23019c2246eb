//! Helpers of the configuration's tests: a file written in a temporary
//! folder, loaded, and its error checked for its line, key and fix.

use std::path::PathBuf;

use super::Config;

/// `text` as `vigie.toml` in a new temporary folder.
pub(super) fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vigie.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Loads `text` and returns the error, which must name the file.
pub(super) fn error(text: &str) -> String {
    let (_dir, path) = write(text);
    let err = Config::load(&path).unwrap_err().to_string();
    assert!(err.contains("vigie.toml"), "{text}: {err}");
    assert!(!err.contains('\n'), "one line: {err}");
    err
}

/// `err` names the line, the key and the fix.
pub(super) fn check(err: &str, line: usize, key: &str, fix: &str) {
    assert!(
        err.contains(&format!("line {line}, ")),
        "line {line}: {err}"
    );
    assert!(err.contains(&format!("key {key}: ")), "key {key}: {err}");
    assert!(err.contains(&format!("Fix: {fix}")), "fix {fix}: {err}");
}
