//! Syntax errors: the file is not TOML. The parser's span says where it
//! stopped; the fix is chosen by what is written on that line (a key
//! written twice, an unclosed bracket or quote, a value without quotes),
//! not by the parser's words, which are only shown.

use super::super::file_map::{message, FileMap, Span};

/// The message for a syntax error at `span`.
pub(super) fn explain(file: &FileMap, span: Option<Span>, parser_message: &str) -> String {
    let offset = span.map_or(0, |span| span.start);
    let (line, column) = file.line_column(offset);
    message(
        Some(line),
        Some(column),
        key_on_line(file.text, line).as_deref(),
        &format!("TOML syntax error: {parser_message}"),
        fix(file.text, line),
    )
}

/// The fix for a syntax error on `line` (from 1), by what is written there.
fn fix(text: &str, line: usize) -> &'static str {
    let written = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim();
    let header = written.starts_with('[');
    if written_before(text, line) {
        "write each key, and each [table], once: merge the two or remove one \
         (a list of tables, such as [[sources]], takes two brackets)"
    } else if header && !written.contains(']') {
        "add the closing bracket"
    } else if written.matches('"').count() % 2 == 1 {
        "close the text with a double quote on the same line"
    } else if let Some((_, value)) = written.split_once('=').filter(|_| !header) {
        if unquoted_text(value.trim()) {
            "put text in double quotes, such as `address = \"127.0.0.1:3000\"`; \
             numbers are digits only"
        } else {
            GENERAL
        }
    } else if !header && is_bare_key(written) {
        "write `key = value` on one line"
    } else {
        GENERAL
    }
}

/// The fix when the line says nothing more precise.
const GENERAL: &str = "write one `key = value` per line, text in double quotes, lists in brackets \
     and tables as [name] (or [[name]] for an entry of a list)";

/// Whether the key or `[table]` written on `line` was written before in
/// the same table.
fn written_before(text: &str, line: usize) -> bool {
    let is_header = |l: usize| {
        text.lines()
            .nth(l - 1)
            .is_some_and(|w| w.trim().starts_with('['))
    };
    let Some(this) = key_on_line(text, line) else {
        return false;
    };
    let header = is_header(line);
    (1..line).any(|earlier| {
        is_header(earlier) == header && key_on_line(text, earlier).as_ref() == Some(&this)
    })
}

/// Whether `value` is neither quoted nor a list or table, and is no TOML
/// value by itself (`127.0.0.1:3000`, `1.2.3`, `localhost`).
fn unquoted_text(value: &str) -> bool {
    !value.starts_with(['"', '\'', '[', '{'])
        && toml::de::DeTable::parse(&format!("value = {value}")).is_err()
}

/// A key alone on its line, without `=` and a value.
fn is_bare_key(written: &str) -> bool {
    !written.is_empty()
        && written
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
}

/// The key written on a line (from 1), with its table (`server.address`,
/// `sources[1].kind`), or the table a header line opens: for syntax errors,
/// where there is no tree to ask.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let mut table = String::new();
    let mut entries = std::collections::HashMap::<String, usize>::new();
    for (i, raw) in text.lines().enumerate().take(line) {
        let l = raw.trim();
        let name =
            |rest: &str, close: &str| rest.split(close).next().unwrap_or("").trim().to_owned();
        if let Some(rest) = l.strip_prefix("[[") {
            let name = name(rest, "]]");
            let n = entries.entry(name.clone()).or_default();
            table = format!("{name}[{n}]");
            *n += 1;
        } else if let Some(rest) = l.strip_prefix('[') {
            table = name(rest, "]");
        } else if i + 1 == line {
            let key: String = l
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
                .collect();
            if !key.is_empty() {
                return Some(if table.is_empty() {
                    key
                } else {
                    format!("{table}.{key}")
                });
            }
        }
    }
    (!table.is_empty()).then_some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fix_follows_what_the_line_says() {
        let fix_of = |text: &str, line| fix(text, line);
        assert!(fix_of("[server]\naddress = 127.0.0.1:3000\n", 2).starts_with("put text"));
        assert!(fix_of("[store]\n[server\n", 2).starts_with("add the closing"));
        assert!(fix_of("[server]\naddress = \"x\n", 2).starts_with("close the text"));
        assert!(fix_of("[server]\naddress\n", 2).starts_with("write `key = value`"));
        assert!(fix_of("[a]\nx = 1\nx = 2\n", 3).starts_with("write each key"));
        assert!(fix_of("[a]\nx = 1\n[a]\n", 3).starts_with("write each key"));
        assert!(fix_of("[a]\nx = 1\n[b]\nx = 2\n", 4).starts_with("write one"));
    }

    #[test]
    fn keys_are_named_with_their_table() {
        let text = "top = 1\n[[sources]]\nkind = \"git\"\n[[sources]]\nkind = \"git\"\n[server\n";
        assert_eq!(key_on_line(text, 1).as_deref(), Some("top"));
        assert_eq!(key_on_line(text, 5).as_deref(), Some("sources[1].kind"));
        assert_eq!(key_on_line(text, 6).as_deref(), Some("server"));
    }
}
