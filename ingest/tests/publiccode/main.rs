//! publiccode.yml: files written from the standard's own documentation
//! (`tests/data/publiccode/`), checked by `validate`, and drafts written by
//! `Draft::to_yaml` checked the same way.

mod draft;
mod validate;

use std::path::Path;

use vigie_ingest::estate::publiccode::{validate, Report, Severity};

/// The text of a file of `tests/data/publiccode/`.
fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/publiccode")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The report on a file of `tests/data/publiccode/`.
fn check(name: &str) -> Report {
    validate(&read(name))
}

/// Line, key and message of each problem of `severity`, to compare whole.
fn found(report: &Report, severity: Severity) -> Vec<(usize, &str, &str)> {
    let problems = report.problems.iter().filter(|p| p.severity == severity);
    problems
        .map(|p| (p.line, p.key.as_str(), p.message.as_str()))
        .collect()
}

fn errors(report: &Report) -> Vec<(usize, &str, &str)> {
    found(report, Severity::Error)
}

fn warnings(report: &Report) -> Vec<(usize, &str, &str)> {
    found(report, Severity::Warning)
}
