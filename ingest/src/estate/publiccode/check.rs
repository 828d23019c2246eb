//! The checker's tools: reading a node as a mapping, list, text or boolean,
//! saying plainly what it is when it is something else, and recording
//! problems.

use super::values::{bad, Bad};
use super::yaml::{Entry, Node, ScalarKind, Value};
use super::{Position, Problem, Report, Severity, Version};

/// Walks a document for one version, collecting problems.
pub(super) struct Checker {
    pub version: Version,
    problems: Vec<Problem>,
}

/// `parent.name`, or `name` at the top.
pub(super) fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// The first entry named `name` (a second one is an error of its own).
pub(super) fn get<'n>(entries: &'n [Entry], name: &str) -> Option<&'n Entry> {
    entries.iter().find(|e| e.key == name)
}

impl Checker {
    pub fn new(version: Version) -> Self {
        let problems = Vec::new();
        Checker { version, problems }
    }

    /// The report, problems in the order of the file.
    pub fn into_report(mut self) -> Report {
        self.problems.sort_by_key(|p| (p.line, p.column));
        let version = Some(self.version);
        let problems = self.problems;
        Report { version, problems }
    }

    pub fn error(&mut self, at: Position, key: &str, bad: Bad) {
        let problem = Problem::new(Severity::Error, at, key, bad);
        self.problems.push(problem);
    }

    pub fn warn(&mut self, at: Position, key: &str, bad: Bad) {
        let problem = Problem::new(Severity::Warning, at, key, bad);
        self.problems.push(problem);
    }

    /// Reports mandatory key `name` missing under `parent`, which starts
    /// at `at`.
    pub fn missing(&mut self, at: Position, parent: &str, name: &str, hint: &str) {
        let message = format!("`{name}` is missing; it is mandatory");
        let place = match parent {
            "" => String::new(),
            _ => format!(" under `{parent}`"),
        };
        let fix = format!("add `{name}:`{place} with {hint}");
        self.error(at, &join(parent, name), bad(message, fix));
    }

    /// The entries of a mapping; a key written twice is an error (YAML
    /// forbids it, and readers disagree on which one counts).
    pub fn fields<'n>(&mut self, node: &'n Node, key: &str) -> Option<&'n [Entry]> {
        let Value::Map(entries) = &node.value else {
            self.wrong_shape(node, key, "a mapping of keys");
            return None;
        };
        for (i, entry) in entries.iter().enumerate() {
            if entries[..i].iter().any(|e| e.key == entry.key) {
                let message = format!("`{}` is written twice in this mapping", entry.key);
                let fix = "keep one of them: YAML readers disagree on which one counts";
                self.error(entry.at, &join(key, &entry.key), bad(message, fix));
            }
        }
        Some(entries)
    }

    pub fn list<'n>(&mut self, node: &'n Node, key: &str) -> Option<&'n [Node]> {
        if let Value::List(items) = &node.value {
            return Some(items);
        }
        self.wrong_shape(node, key, "a list");
        None
    }

    pub fn text<'n>(&mut self, node: &'n Node, key: &str) -> Option<&'n str> {
        match &node.value {
            Value::Scalar(s) if s.kind == ScalarKind::Text => Some(&s.text),
            _ => {
                self.wrong_shape(node, key, "a text");
                None
            }
        }
    }

    pub fn boolean(&mut self, node: &Node, key: &str) {
        if !matches!(&node.value, Value::Scalar(s) if s.kind == ScalarKind::Bool) {
            self.wrong_shape(node, key, "true or false");
        }
    }

    /// Reports a node that is not what `wanted` describes, with a fix that
    /// fits what it is.
    fn wrong_shape(&mut self, node: &Node, key: &str, wanted: &str) {
        let Value::Scalar(s) = &node.value else {
            let found = match node.value {
                Value::List(_) => "a list",
                _ => "a mapping",
            };
            let message = format!("should be {wanted}, but is {found}");
            self.error(node.at, key, bad(message, format!("write {wanted} here")));
            return;
        };
        let text = &s.text;
        let found = match s.kind {
            ScalarKind::Null => "empty".to_owned(),
            ScalarKind::Bool => format!("`{text}`, a boolean"),
            ScalarKind::Int | ScalarKind::Float => format!("`{text}`, a number"),
            ScalarKind::Text => format!("the text `{text}`"),
        };
        let yaml_1_1 = ["yes", "no", "on", "off", "y", "n", "true", "false"];
        let fix = match (wanted, s.kind) {
            (_, ScalarKind::Null) => "give it a value, or remove the key".to_owned(),
            ("a text", _) => format!("put it in quotes: \"{text}\""),
            ("true or false", ScalarKind::Text)
                if yaml_1_1.contains(&text.to_ascii_lowercase().as_str()) =>
            {
                "write true or false, unquoted: YAML 1.2 reads yes, no, on and off as text"
                    .to_owned()
            }
            ("a list", _) => {
                format!("write it as a list, its item on a line of its own: `- {text}`")
            }
            _ => format!("write {wanted} here"),
        };
        let message = format!("should be {wanted}, but is {found}");
        self.error(node.at, key, bad(message, fix));
    }
}
