//! One readable message for a file the TOML parser or the types refused:
//! the line, the key, what is wrong and the fix. Values of text are never
//! repeated (one might be a secret).
//!
//! The explanation is made from data, not from the parser's message: where
//! the parser stopped (the error's span, for [`syntax`] errors, with the
//! text written there), or else the mistake the model itself reports when
//! the file is read again ([`replay`]), with the keys the file writes there
//! ([`FileMap`]). One function per kind of mistake.

mod closest;
mod replay;
mod syntax;
#[cfg(test)]
mod tests;

use closest::closest;
use replay::{replay, Found, Kind};

use super::file_map::{message, show, FileMap, Span, Step};
use super::model::Config;
use vigie_ingest::SourceConfig;

/// Tables that are lists: one `[[name]]` header per entry.
const LISTS: [&str; 3] = ["sources", "affiliations", "groups"];

/// The explanation of `error`, which `toml` returned for `text`.
pub(crate) fn explain(text: &str, error: &toml::de::Error) -> String {
    explain_at(text, error.span(), error.message())
}

/// The explanation of an error at `span`; `parser_message` is only shown
/// (after “TOML syntax error”, or when the model finds no mistake), never
/// read.
fn explain_at(text: &str, span: Option<Span>, parser_message: &str) -> String {
    let file = FileMap::new(text);
    let Some(doc) = &file.doc else {
        return syntax::explain(&file, span, parser_message);
    };
    let Some(mistake) = replay::<Config>(doc.get_ref(), doc.span()) else {
        return unexplained(&file, span, parser_message);
    };
    if let Some(explained) = list_for_a_table(&file, &mistake.path) {
        return explained;
    }
    let mut path = mistake.path.clone();
    let (what, fix) = match &mistake.kind {
        Kind::UnknownField { field, known } => unknown_field(&file, &mut path, field, known),
        Kind::UnknownVariant { variant, known } => unknown_kind(&mut path, variant, known),
        Kind::MissingField(key) => missing_key(&mut path, key),
        Kind::WrongValue {
            found,
            expected,
            type_error,
        } => {
            let key = refused_key(&file, &mut path);
            let listed = in_list(&file, &path);
            wrong_type(found, expected, *type_error, &key, &path, listed)
        }
        Kind::Refused(reason) => refused(reason, &refused_key(&file, &mut path)),
    };
    let line = file
        .nearest_line(&path)
        .or_else(|| mistake.span.map(|span| file.line_column(span.start).0));
    message(line, None, Some(&show(&path)), &what, &fix)
}

/// The parser refused what the model takes (never seen: both read the same
/// tree): its own words, at its place.
fn unexplained(file: &FileMap, span: Option<Span>, parser_message: &str) -> String {
    let path = span
        .clone()
        .and_then(|span| file.path_at(span.start))
        .unwrap_or_default();
    let line = span.map(|span| file.line_column(span.start).0);
    let key = match path.last() {
        Some(Step::Key(key)) => key.clone(),
        _ => "key".to_owned(),
    };
    message(
        line,
        None,
        Some(&show(&path)),
        parser_message,
        &value_fix(&key),
    )
}

/// `[[server]]`: a list of tables where the model takes one table.
fn list_for_a_table(file: &FileMap, path: &[Step]) -> Option<String> {
    let Some(Step::Key(table)) = path.first() else {
        return None;
    };
    let (_, value) = file.find(&path[..1])?;
    if LISTS.contains(&table.as_str()) || !value.get_ref().is_array() {
        return None;
    }
    Some(message(
        file.line_of(&path[..1]),
        None,
        Some(table),
        &format!("[[{table}]] makes a list, but there is one [{table}] table"),
        &format!("write `[{table}]`, with one pair of brackets, once"),
    ))
}

/// Ends `path` with `key`, unless it ends with it already.
fn push(path: &mut Vec<Step>, key: &str) {
    if path.last() != Some(&Step::from(key)) {
        path.push(Step::from(key));
    }
}

/// Whether `path` is a `[[sources]]` entry.
fn is_source(path: &[Step]) -> bool {
    matches!(path, [Step::Key(s), Step::Index(_)] if s == "sources")
}

/// A key the table does not take: the key it resembles, or the ones it
/// takes; a token, which belongs in the environment.
fn unknown_field(
    file: &FileMap,
    path: &mut Vec<Step>,
    field: &str,
    known: &[&str],
) -> (String, String) {
    push(path, field);
    let mut keys: Vec<String> = known.iter().map(|k| (*k).to_owned()).collect();
    let source = is_source(&path[..path.len() - 1]);
    if source {
        // The entry's own keys, beside its kind's.
        keys.insert(0, "kind".to_owned());
        keys.push("every".to_owned());
    }
    let fix = if source && field.to_lowercase().contains("token") {
        token_fix(&source_kind(file, path).unwrap_or_default())
    } else if keys.is_empty() {
        "remove it: this table takes no keys".to_owned()
    } else {
        let list = keys.join(", ");
        match closest(field, &keys) {
            Some(key) => format!("did you mean `{key}`? Allowed keys here: {list}"),
            None => format!("remove it, or use one of the keys allowed here: {list}"),
        }
    };
    (format!("unknown field `{field}`"), fix)
}

/// The `kind` of the `[[sources]]` entry `path` is in.
fn source_kind(file: &FileMap, path: &[Step]) -> Option<String> {
    let mut kind = path.get(..2)?.to_vec();
    kind.push(Step::from("kind"));
    let (_, value) = file.find(&kind)?;
    value.get_ref().as_str().map(str::to_owned)
}

/// Where a token goes instead of the file, for a source of `kind`.
fn token_fix(kind: &str) -> String {
    let variable = if kind == "gitlab" {
        "GITLAB_TOKEN"
    } else {
        "GITHUB_TOKEN"
    };
    let fix = format!(
        "tokens are read from the environment: set token_env = [\"{variable}\"] \
         and export {variable}"
    );
    if kind == "github" || kind == "gitlab" {
        format!("{fix}. Remove the token from this file")
    } else {
        format!("{fix}, in a source of kind \"github\" or \"gitlab\" (git sources take no token)")
    }
}

/// A source `kind` the model does not have.
fn unknown_kind(path: &mut Vec<Step>, value: &str, known: &[&str]) -> (String, String) {
    push(path, "kind");
    let values: Vec<String> = known.iter().map(|v| (*v).to_owned()).collect();
    let list = values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let fix = match closest(value, &values) {
        Some(close) => format!("did you mean \"{close}\"? Write one of {list}"),
        None => format!("write one of {list}"),
    };
    (format!("unknown source kind “{value}”"), fix)
}

/// A required key that is not written.
fn missing_key(path: &mut Vec<Step>, key: &str) -> (String, String) {
    push(path, key);
    let fix = match key {
        "kind" => {
            "add `kind = \"git\"`, \"git-log\", \"github\", \"gitlab\" or \"gharchive\"".to_owned()
        }
        "path" => "add `path = \"...\"`: a git-log file or a folder of them".to_owned(),
        "name" => "add `name = \"...\"`".to_owned(),
        "repositories" => {
            "add `repositories = [\"owner/name\"]` (names or patterns with *)".to_owned()
        }
        "domain" => "add `domain = \"example.org\"`".to_owned(),
        "organisation" => "add `organisation = \"...\"`".to_owned(),
        _ => format!("add `{key} = ...`"),
    };
    (format!("the required key `{key}` is missing"), fix)
}

/// The key whose value the model refused, ended onto `path`.
fn refused_key(file: &FileMap, path: &mut Vec<Step>) -> String {
    // In a `[[sources]]` entry the model reports the entry, not the key
    // (the kind's keys are read as a whole): find the key.
    if is_source(path) {
        if let Some(key) = source_key(file, path) {
            path.push(Step::Key(key));
        }
    }
    match path.last() {
        Some(Step::Key(key)) => key.clone(),
        _ => "key".to_owned(),
    }
}

/// Whether the value at `path` is an item of a list, or a list where one
/// item is expected.
fn in_list(file: &FileMap, path: &[Step]) -> bool {
    let last_key = path.iter().rposition(|step| matches!(step, Step::Key(_)));
    last_key.is_some_and(|i| {
        i + 1 < path.len()
            || file
                .find(&path[..=i])
                .is_some_and(|(_, value)| value.get_ref().is_array())
    })
}

/// A value the model's own parsing refused (such as `Every`'s, which
/// writes “what. Fix: how”).
fn refused(reason: &str, key: &str) -> (String, String) {
    match reason.split_once(". Fix: ") {
        Some((what, fix)) => (what.to_owned(), fix.to_owned()),
        None => (reason.to_owned(), value_fix(key)),
    }
}

/// The key of a `[[sources]]` entry whose value the model refused, found
/// by reading each key alone with the entry's kind.
fn source_key(file: &FileMap, path: &[Step]) -> Option<String> {
    let (span, entry) = file.find(path)?;
    let toml::de::DeValue::Table(entry) = entry.get_ref() else {
        return None;
    };
    let (kind_key, kind) = entry.iter().find(|(key, _)| key.get_ref() == "kind")?;
    entry
        .iter()
        .filter(|(key, _)| !["kind", "every"].contains(&key.get_ref().as_ref()))
        .find_map(|(key, value)| {
            let mut alone = toml::de::DeTable::new();
            alone.insert(kind_key.clone(), kind.clone());
            alone.insert(key.clone(), value.clone());
            match replay::<SourceConfig>(&alone, span.clone())?.kind {
                Kind::MissingField(_) => None,
                _ => Some(key.get_ref().to_string()),
            }
        })
}

/// A value of the wrong type, or out of range (`type_error` false), in
/// words, with the fix. `in_list`: the value refused is an item of a list.
fn wrong_type(
    found: &Found,
    expected: &str,
    type_error: bool,
    key: &str,
    path: &[Step],
    in_list: bool,
) -> (String, String) {
    let found_text = match found {
        // The text itself is not repeated: it might be a secret.
        Found::Text { .. } => "text".to_owned(),
        Found::Number(n) => format!("the number {n}"),
        Found::Boolean(b) => format!("`{b}`"),
        Found::List => "a list".to_owned(),
        Found::Table => "a table".to_owned(),
        Found::Date => "a date without quotes".to_owned(),
        Found::Other(other) => other.clone(),
    };
    let (expected_text, fix) = expected_and_fix(found, expected, key, path, in_list);
    let what = if type_error {
        format!("wrong type: {found_text} where {expected_text} is expected")
    } else {
        format!("{found_text} is not allowed here: {expected_text} is expected")
    };
    (what, fix)
}

/// What the model expects (in serde's words: `u32`, `a boolean`, `a
/// sequence`, `struct ServerConfig`), in the user's, with the fix.
fn expected_and_fix(
    found: &Found,
    expected: &str,
    key: &str,
    path: &[Step],
    in_list: bool,
) -> (String, String) {
    const WHOLE: [&str; 10] = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ];
    let top = show(&path[..path.len().min(1)]);
    if WHOLE.contains(&expected) {
        let text = if expected.starts_with('u') {
            "a whole number (0 or more)"
        } else {
            "a whole number"
        };
        let fix = match found {
            Found::Text { digits: Some(n) } => {
                format!("write the number without quotes: `{key} = {n}`")
            }
            _ => format!("write a whole number without quotes, such as `{key} = 10`"),
        };
        (text.to_owned(), fix)
    } else if expected == "a boolean" {
        (
            "true or false".to_owned(),
            format!("write `{key} = true` or `{key} = false`, without quotes"),
        )
    } else if expected.contains("date") {
        ("a date".to_owned(), value_fix(key))
    } else if expected.contains("string") && in_list {
        (
            "text in double quotes".to_owned(),
            format!("put each item of the list in double quotes: `{key} = [\"...\", \"...\"]`"),
        )
    } else if expected.contains("string") {
        (
            "text in double quotes".to_owned(),
            format!("put the text in double quotes: `{key} = \"...\"`"),
        )
    } else if expected == "a sequence" && LISTS.contains(&top.as_str()) && path.len() == 1 {
        (
            format!("one [[{top}]] table per entry"),
            format!("write each entry under its own `[[{top}]]` header, with two brackets"),
        )
    } else if expected == "a sequence" {
        (
            "a list".to_owned(),
            format!("write a list in brackets, even of one item: `{key} = [\"...\"]`"),
        )
    } else if expected == "socket address" {
        ("an address and a port".to_owned(), value_fix("address"))
    } else if expected.starts_with("struct ") || expected == "a map" || expected.contains("enum") {
        let table = show(path);
        (
            "a table".to_owned(),
            format!("write it as a table: a `[{table}]` header, with one pair of brackets, and its keys below"),
        )
    } else {
        (expected.to_owned(), value_fix(key))
    }
}

/// What to write for a refused value, by its key.
fn value_fix(key: &str) -> String {
    match key {
        "address" => "write an IP address and a port in quotes, such as \
                      `address = \"127.0.0.1:3000\"` (this machine only) \
                      or `address = \"0.0.0.0:3000\"` (every interface)"
            .to_owned(),
        "from" | "to" => {
            format!("write the date in quotes as year-month-day, such as `{key} = \"2019-06-30\"`")
        }
        _ => format!("docs/configuration.md says what `{key}` takes"),
    }
}

/// The keys the table at the end of `document` takes, as the model lists
/// them (for the template's test, which checks it documents each).
#[cfg(test)]
pub(crate) fn keys_allowed_at_end_of(document: &str) -> Vec<&'static str> {
    let text = format!("{document}\nzzz_unknown = 1\n");
    let doc = toml::de::DeTable::parse(&text).expect(document);
    match replay::<Config>(doc.get_ref(), doc.span()).map(|m| m.kind) {
        Some(Kind::UnknownField { known, .. }) => known.to_vec(),
        other => panic!("{document}: {other:?}"),
    }
}
