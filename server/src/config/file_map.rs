//! Where things are in a configuration file: the file's TOML tree with the
//! position of every key ([`FileMap`]), a key's place in it ([`Step`]s), and
//! the one-line message every refusal is written as ([`message`]).

/// One step of a key's place in the file: a key, or an entry of a list
/// (counted from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    /// A key of a table.
    Key(String),
    /// An entry of a list, from 0.
    Index(usize),
}

impl From<&str> for Step {
    fn from(key: &str) -> Self {
        Self::Key(key.to_owned())
    }
}

/// A key's place as written in messages: `server.address`,
/// `sources[2].every`.
pub(super) fn show(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) if text.is_empty() => text.push_str(key),
            Step::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            Step::Index(i) => text.push_str(&format!("[{i}]")),
        }
    }
    text
}

/// The text of a configuration file and, when it is valid TOML, its tree
/// with the position of every key, to say where a problem is.
pub(super) struct FileMap<'a> {
    /// The file as written.
    pub(super) text: &'a str,
    /// Its tree, unless it is not TOML.
    pub(super) doc: Option<toml::Spanned<toml::de::DeTable<'a>>>,
}

/// Byte offsets in the file, as the TOML parser gives them.
pub(super) type Span = std::ops::Range<usize>;

impl<'a> FileMap<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            text,
            doc: toml::de::DeTable::parse(text).ok(),
        }
    }

    /// The line and column (from 1) of a byte offset.
    pub(super) fn line_column(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..floor_char_boundary(self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }

    /// The innermost key, or entry of a list, written at `offset`. An entry
    /// of a list of tables (`[[sources]]`) is at its header.
    pub(super) fn path_at(&self, offset: usize) -> Option<Vec<Step>> {
        fn holds(span: &Span, offset: usize) -> bool {
            span.contains(&offset) || span.start == offset
        }
        fn in_table(table: &toml::de::DeTable, offset: usize, path: &mut Vec<Step>) -> bool {
            for (key, value) in table.iter() {
                path.push(Step::Key(key.get_ref().to_string()));
                if in_value(value, offset, path)
                    || holds(&key.span(), offset)
                    || holds(&value.span(), offset)
                {
                    return true;
                }
                path.pop();
            }
            false
        }
        fn in_value(
            value: &toml::Spanned<toml::de::DeValue>,
            offset: usize,
            path: &mut Vec<Step>,
        ) -> bool {
            match value.get_ref() {
                toml::de::DeValue::Table(table) => in_table(table, offset, path),
                toml::de::DeValue::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        path.push(Step::Index(i));
                        if in_value(item, offset, path) || holds(&item.span(), offset) {
                            return true;
                        }
                        path.pop();
                    }
                    false
                }
                _ => false,
            }
        }
        let mut path = Vec::new();
        in_table(self.doc.as_ref()?.get_ref(), offset, &mut path).then_some(path)
    }

    /// Where the key at `path` is written (for a list entry, its header),
    /// and its value.
    pub(super) fn find(
        &self,
        path: &[Step],
    ) -> Option<(Span, &toml::Spanned<toml::de::DeValue<'a>>)> {
        use toml::de::DeValue;
        fn lookup<'t, 'a>(
            table: &'t toml::de::DeTable<'a>,
            name: &str,
        ) -> Option<(Span, &'t toml::Spanned<DeValue<'a>>)> {
            table
                .iter()
                .find(|(key, _)| key.get_ref() == name)
                .map(|(key, value)| (key.span(), value))
        }
        let mut current: Option<(Span, &toml::Spanned<DeValue<'a>>)> = None;
        for step in path {
            let next = match (step, current) {
                (Step::Key(name), None) => lookup(self.doc.as_ref()?.get_ref(), name),
                (Step::Key(name), Some((_, value))) => match value.get_ref() {
                    DeValue::Table(table) => lookup(table, name),
                    _ => None,
                },
                (Step::Index(i), Some((_, value))) => match value.get_ref() {
                    DeValue::Array(items) => items.get(*i).map(|item| (item.span(), item)),
                    _ => None,
                },
                (Step::Index(_), None) => None,
            };
            current = Some(next?);
        }
        current
    }

    /// The line of the key at `path`, if the file writes it.
    pub(super) fn line_of(&self, path: &[Step]) -> Option<usize> {
        self.find(path)
            .map(|(span, _)| self.line_column(span.start).0)
    }

    /// The line of the key at `path`, or of the nearest table holding it.
    pub(super) fn nearest_line(&self, path: &[Step]) -> Option<usize> {
        (1..=path.len())
            .rev()
            .find_map(|len| self.line_of(&path[..len]))
    }

    /// One message: `line 2, key server.adress: what. Fix: fix.`
    pub(super) fn problem(&self, path: &[Step], what: &str, fix: &str) -> String {
        message(self.nearest_line(path), None, Some(&show(path)), what, fix)
    }
}

/// The largest char boundary at or before `offset`.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `line 2, column 5, key server.address: what. Fix: fix.`
pub(super) fn message(
    line: Option<usize>,
    column: Option<usize>,
    key: Option<&str>,
    what: &str,
    fix: &str,
) -> String {
    let mut place = Vec::new();
    if let Some(line) = line {
        place.push(format!("line {line}"));
    }
    if let Some(column) = column {
        place.push(format!("column {column}"));
    }
    if let Some(key) = key.filter(|k| !k.is_empty()) {
        place.push(format!("key {key}"));
    }
    let place = if place.is_empty() {
        String::new()
    } else {
        format!("{}: ", place.join(", "))
    };
    let what = what.trim_end_matches('.');
    let end = if fix.ends_with(['.', '?', '!']) {
        ""
    } else {
        "."
    };
    format!("{place}{what}. Fix: {fix}{end}")
}
