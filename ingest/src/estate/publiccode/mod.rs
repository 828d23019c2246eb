//! `publiccode.yml`, the metadata file of public-sector software catalogues
//! (Developers Italia, opencode.de; <https://yml.publiccode.tools/>).
//!
//! - [`validate()`] reads a file and checks it against the rules of the
//!   [`Version`] it declares (0.2 to 0.7), giving a [`Report`] of
//!   [`Problem`]s: line, column, key path, what is wrong, how to fix it.
//! - [`declared()`] reads what a file gives one top-level key.
//! - [`Draft`] holds what Vigie knows of a repository and writes it as a
//!   publiccode.yml 0.4 document for a person to complete
//!   ([`Draft::to_yaml`]).
//!
//! The checks follow the standard's `schema.core.rst` at each release tag,
//! not the reference validator (`publiccode-parser-go`), which reads every
//! file by the latest rules and turns unknown keys into errors. Nothing is
//! fetched: that URLs answer, that logos and screenshots exist, that videos
//! have oEmbed, are for the network-side checks. Country sections (`IT:`)
//! are recognised but their contents are not checked.

mod check;
mod draft;
mod rules;
mod schema;
mod terms;
mod values;
mod version;
mod vocab;
mod yaml;

use std::fmt;

pub use draft::{Contact, Description, Draft, DRAFT_VERSION};
pub use terms::{DevelopmentStatus, MaintenanceType, SoftwareType};
pub use version::Version;

use check::Checker;
use values::{bad, Bad};
use yaml::{Failure, Value};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The file breaks a rule of its version: catalogues may refuse it.
    Error,
    /// The file is valid, but something is deprecated, unknown or doubtful.
    Warning,
}

/// One thing wrong in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
    /// The key path, such as `description.en.shortDescription` or
    /// `maintenance.contacts[0].name`; empty for the file as a whole.
    pub key: String,
    /// What is wrong, in plain English.
    pub message: String,
    /// How to put it right.
    pub fix: String,
}

impl Problem {
    fn new(severity: Severity, at: Position, key: &str, bad: Bad) -> Self {
        Problem {
            severity,
            line: at.line,
            column: at.column,
            key: key.to_owned(),
            message: bad.message,
            fix: bad.fix,
        }
    }
}

impl fmt::Display for Problem {
    /// `12:5: error: description.en.shortDescription: is 162 characters
    /// long, over the maximum of 150 (fix: shorten it …)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}: {severity}: ", self.line, self.column)?;
        if !self.key.is_empty() {
            write!(f, "{}: ", self.key)?;
        }
        write!(f, "{} (fix: {})", self.message, self.fix)
    }
}

/// What [`validate()`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The version whose rules were applied; `None` when the file declares
    /// none this module knows, or could not be read.
    pub version: Option<Version>,
    /// Every problem, in the order of the file.
    pub problems: Vec<Problem>,
}

impl Report {
    /// Whether the file has no error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    /// A report of one error that stops the checks.
    fn fatal(at: Position, key: &str, bad: Bad) -> Self {
        Report {
            version: None,
            problems: vec![Problem::new(Severity::Error, at, key, bad)],
        }
    }
}

/// Where a node starts: line and column, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Position {
    line: usize,
    column: usize,
}

/// Checks a publiccode.yml against the rules of the version it declares.
///
/// The text is read as YAML 1.2, the standard's format: `yes` is text, not
/// true, and an unquoted `1.0` is a number, not a version string. A file
/// that is not YAML, not a mapping or holds several documents gives one
/// error where the parser stopped; so does a missing or unknown
/// `publiccodeYmlVersion`, since the rules to apply are then unknown.
/// Keys the declared version does not define are warnings: catalogues
/// ignore them.
pub fn validate(text: &str) -> Report {
    let root = match yaml::parse(text) {
        Ok(root) => root,
        Err(failure) => return unreadable(failure),
    };
    let Value::Map(entries) = &root.value else {
        let message = "the file is not a mapping of keys to values";
        let fix =
            "start with `publiccodeYmlVersion: \"0.4\"` and the keys of the standard, one per line";
        return Report::fatal(root.at, "", bad(message, fix));
    };
    let Some(entry) = check::get(entries, "publiccodeYmlVersion") else {
        let message = "`publiccodeYmlVersion` is missing, so the rules to check are unknown";
        let fix = "add `publiccodeYmlVersion: \"0.4\"` (or the version the file follows) on the first line";
        return Report::fatal(root.at, "publiccodeYmlVersion", bad(message, fix));
    };
    let at = entry.value.at;
    let written = match &entry.value.value {
        Value::Scalar(s) => s.text.as_str(),
        Value::List(_) | Value::Map(_) => "",
    };
    let Some(version) = Version::parse(written) else {
        let message = if written.is_empty() {
            "is empty or not a text, so the rules to check are unknown".to_owned()
        } else {
            format!("`{written}` is not a version this checker knows")
        };
        let fix = "declare one of \"0.2\", \"0.3\", \"0.4\", \"0.5\", \"0.6\", \"0.7\", or \"0\" for the latest";
        return Report::fatal(at, "publiccodeYmlVersion", bad(message, fix));
    };
    // An unquoted `0.4` is reported by the checks as a number, and still
    // names the rules to apply.
    let mut checker = Checker::new(version);
    schema::document(&mut checker, &root);
    checker.into_report()
}

/// The text a publiccode.yml gives a top-level `key` (`landingURL`,
/// `logo`, `roadmap`), if it is a non-empty scalar; `None` for a file that
/// cannot be read. The value is as written: [`validate`] says whether it
/// is a valid one.
pub fn declared(text: &str, key: &str) -> Option<String> {
    let root = yaml::parse(text).ok()?;
    let Value::Map(entries) = &root.value else {
        return None;
    };
    match &check::get(entries, key)?.value.value {
        Value::Scalar(s) if !s.text.trim().is_empty() => Some(s.text.trim().to_owned()),
        _ => None,
    }
}

/// The report on a text that is not one YAML document.
fn unreadable(failure: Failure) -> Report {
    let start = Position { line: 1, column: 1 };
    let (at, message, fix) = match failure {
        Failure::Syntax(at, info) => (
            at,
            format!("the file is not valid YAML: {info}"),
            "correct the YAML at this point: check indentation (spaces, not tabs), colons and quotes",
        ),
        Failure::Empty => (
            start,
            "the file is empty".to_owned(),
            "write the keys of the standard, starting with `publiccodeYmlVersion: \"0.4\"`",
        ),
        Failure::SecondDocument(at) => (
            at,
            "the file holds more than one YAML document".to_owned(),
            "keep one document: remove this `---` and what follows, or merge them",
        ),
        Failure::TooLarge(at) => (
            at,
            format!("the document holds more than {} values, aliases expanded", yaml::MAX_NODES),
            "write a publiccode.yml of the standard's keys, without repeating aliases",
        ),
        Failure::TooDeep(at) => (
            at,
            format!("the document nests more than {} levels deep", yaml::MAX_DEPTH),
            "write a publiccode.yml of the standard's keys, which go 5 levels deep",
        ),
    };
    Report::fatal(at, "", bad(message, fix))
}
