//! A YAML document as the checks read it: mappings, lists and scalars, each
//! with the line and column where it starts, built from `saphyr-parser`'s
//! events.
//!
//! Plain scalars are typed by the YAML 1.2 core schema, which publiccode.yml
//! asks for: `yes` and `2017-04-15` are text, `1.0` is a number, `true` a
//! boolean. Aliases are expanded, within [`MAX_NODES`] so that a file from
//! the internet cannot grow into millions of nodes ("billion laughs").

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::Position;

/// The most nodes a document may hold once its aliases are expanded; a real
/// publiccode.yml has a few hundred.
pub(super) const MAX_NODES: usize = 50_000;

/// The deepest nesting allowed; publiccode.yml goes 5 levels deep. Deeper
/// trees would overflow the stack when dropped.
pub(super) const MAX_DEPTH: usize = 64;

/// A node and where it starts.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub value: Value,
    pub at: Position,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub(super) enum Value {
    Scalar(Scalar),
    List(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` of a mapping; `at` is where the key starts.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub key: String,
    pub at: Position,
    pub value: Node,
}

/// A scalar's text as written (after YAML's own unescaping and folding) and
/// its type under the core schema.
#[derive(Debug, Clone)]
pub(super) struct Scalar {
    pub text: String,
    pub kind: ScalarKind,
}

/// The YAML 1.2 core schema's scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ScalarKind {
    Null,
    Bool,
    Int,
    Float,
    Text,
}

/// Why the text is not one usable YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    /// The YAML syntax is broken: the parser's own words.
    Syntax(Position, String),
    /// Nothing but comments and blank lines.
    Empty,
    /// A second document starts here.
    SecondDocument(Position),
    /// More than [`MAX_NODES`] nodes, aliases expanded; the last is here.
    TooLarge(Position),
    /// Collections nest more than [`MAX_DEPTH`] deep; the deepest starts here.
    TooDeep(Position),
}

/// The single document in `text`.
pub(super) fn parse(text: &str) -> Result<Node, Failure> {
    let mut builder = Builder::default();
    for event in Parser::new_from_str(text) {
        let (event, span) =
            event.map_err(|e| Failure::Syntax(position(e.marker()), e.info().to_owned()))?;
        builder.on(event, span)?;
    }
    builder.root.ok_or(Failure::Empty)
}

fn position(marker: &saphyr_parser::Marker) -> Position {
    Position {
        line: marker.line(),
        column: marker.col() + 1,
    }
}

/// A collection being read, with its anchor id (0 for none).
enum Open {
    List(Vec<Node>, Position, usize),
    Map(Vec<Entry>, Option<(String, Position)>, Position, usize),
}

#[derive(Default)]
struct Builder {
    open: Vec<Open>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    documents: usize,
    root: Option<Node>,
}

impl Builder {
    fn on(&mut self, event: Event<'_>, span: Span) -> Result<(), Failure> {
        let at = position(&span.start);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Failure::SecondDocument(at));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let is_str_tag = tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let kind = if style == ScalarStyle::Plain && !is_str_tag {
                    resolve(&text)
                } else {
                    ScalarKind::Text
                };
                let text = text.into_owned();
                let value = Value::Scalar(Scalar { text, kind });
                self.close(Node { value, at }, anchor)?;
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if self.open.len() == MAX_DEPTH => {
                return Err(Failure::TooDeep(at));
            }
            Event::SequenceStart(anchor, _) => self.open.push(Open::List(Vec::new(), at, anchor)),
            Event::MappingStart(anchor, _) => {
                self.open.push(Open::Map(Vec::new(), None, at, anchor));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.open.pop() {
                    Some(Open::List(items, at, anchor)) => (Node::list(items, at), anchor),
                    Some(Open::Map(entries, _, at, anchor)) => (Node::map(entries, at), anchor),
                    None => return Ok(()),
                };
                self.close(node, anchor)?;
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned();
                if let Some(node) = node {
                    self.nodes += node.size();
                    if self.nodes > MAX_NODES {
                        return Err(Failure::TooLarge(at));
                    }
                    self.close(node, 0)?;
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Files a finished node into the collection it belongs to.
    fn close(&mut self, node: Node, anchor: usize) -> Result<(), Failure> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(Failure::TooLarge(node.at));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.open.last_mut() {
            Some(Open::List(items, ..)) => items.push(node),
            Some(Open::Map(entries, pending, ..)) => match pending.take() {
                Some((key, at)) => entries.push(Entry {
                    key,
                    at,
                    value: node,
                }),
                None => *pending = Some((node.key_text(), node.at)),
            },
            None => self.root = Some(node),
        }
        Ok(())
    }
}

impl Node {
    fn list(items: Vec<Node>, at: Position) -> Self {
        let value = Value::List(items);
        Node { value, at }
    }

    fn map(entries: Vec<Entry>, at: Position) -> Self {
        let value = Value::Map(entries);
        Node { value, at }
    }

    /// How many nodes this one holds, itself included.
    fn size(&self) -> usize {
        1 + match &self.value {
            Value::Scalar(_) => 0,
            Value::List(items) => items.iter().map(Node::size).sum(),
            Value::Map(entries) => entries.iter().map(|e| 1 + e.value.size()).sum(),
        }
    }

    /// The text of a node used as a mapping key; publiccode.yml keys are
    /// plain words, so a list or mapping as key gets a stand-in name.
    fn key_text(&self) -> String {
        match &self.value {
            Value::Scalar(scalar) => scalar.text.clone(),
            Value::List(_) | Value::Map(_) => "(a complex key)".to_owned(),
        }
    }
}

/// The core-schema type of a plain scalar.
fn resolve(text: &str) -> ScalarKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => ScalarKind::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => ScalarKind::Bool,
        _ if is_int(text) => ScalarKind::Int,
        _ if is_float(text) => ScalarKind::Float,
        _ => ScalarKind::Text,
    }
}

fn is_int(text: &str) -> bool {
    let all = |s: &str, f: fn(&char) -> bool| !s.is_empty() && s.chars().all(|c| f(&c));
    if let Some(octal) = text.strip_prefix("0o") {
        return all(octal, |c| ('0'..='7').contains(c));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return all(hex, char::is_ascii_hexdigit);
    }
    all(
        text.strip_prefix(['-', '+']).unwrap_or(text),
        char::is_ascii_digit,
    )
}

fn is_float(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty())
        }
        None => !mantissa.is_empty() && digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> ScalarKind {
        resolve(text)
    }

    #[test]
    fn plain_scalars_are_typed_by_the_yaml_1_2_core_schema() {
        for text in [
            "yes",
            "no",
            "on",
            "2017-04-15",
            "1.0.2",
            "0.4a",
            "+-1",
            "1e",
            ".",
        ] {
            assert_eq!(kind(text), ScalarKind::Text, "{text}");
        }
        for text in [
            "1.0", "0.4", ".5", "1.", "-2.5e-3", ".inf", "-.Inf", ".NaN", "1e5",
        ] {
            assert_eq!(kind(text), ScalarKind::Float, "{text}");
        }
        for text in ["0", "42", "-7", "0o17", "0x1F"] {
            assert_eq!(kind(text), ScalarKind::Int, "{text}");
        }
        assert_eq!(kind("True"), ScalarKind::Bool);
        assert_eq!(kind("~"), ScalarKind::Null);
    }

    #[test]
    fn keys_and_values_carry_their_line_and_column() {
        let root = parse("a: 1\nb:\n  - \"x\"\n  - c: d\n").expect("valid YAML");
        let Value::Map(entries) = &root.value else {
            panic!("a mapping")
        };
        let b = &entries[1];
        assert_eq!(
            (b.key.as_str(), b.at),
            ("b", Position { line: 2, column: 1 })
        );
        let Value::List(items) = &b.value.value else {
            panic!("a list")
        };
        assert_eq!(items[0].at, Position { line: 3, column: 5 });
        assert_eq!(items[1].at, Position { line: 4, column: 5 });
    }

    #[test]
    fn aliases_are_expanded_but_not_past_the_node_and_depth_limits() {
        let root = parse("a: &x [1, 2]\nb: *x\n").expect("valid YAML");
        assert_eq!(root.size(), 9);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f"][i];
            let refs = vec![format!("*{prev}"); 10].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        assert!(matches!(parse(&bomb), Err(Failure::TooLarge(_))));
        let deep = format!("a: {}1{}", "{b: ".repeat(100_000), "}".repeat(100_000));
        assert!(matches!(parse(&deep), Err(Failure::TooDeep(_))));
    }
}
