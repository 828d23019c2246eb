//! Tables as CSV (RFC 4180), numbers and dates in their plain form (see
//! [`crate::data::Cell::raw`]), safe to open in a spreadsheet: a cell that a
//! spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, carriage
//! return) is prefixed with `'`, and control characters are dropped.

use crate::data::Table;

/// How a page shows a value that is unknown or missing.
const MISSING: &str = "–";

/// The table as CSV: a header row, then one line per row (CRLF endings).
pub fn to_csv(table: &Table) -> String {
    let mut out = String::new();
    let header: Vec<&str> = table.columns.iter().map(|c| c.label.as_str()).collect();
    line(&mut out, header.into_iter());
    for row in &table.rows {
        line(
            &mut out,
            row.iter()
                .map(|c| match (c.raw.as_deref(), c.text.as_str()) {
                    (Some(raw), _) => raw,
                    // The pages' mark for a value that is unknown or missing: an
                    // empty cell, which spreadsheets do not take for text.
                    (None, MISSING) => "",
                    (None, text) => text,
                }),
        );
    }
    out
}

fn line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, cell);
    }
    out.push_str("\r\n");
}

fn field(out: &mut String, text: &str) {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    // Judged on what is written (control characters dropped first, so a
    // hidden one cannot shield a formula), ignoring leading spaces.
    let risky = (text.starts_with(['\t', '\r'])
        || clean.trim_start().starts_with(['=', '+', '-', '@']))
        // A negative number is a number, not a formula.
        && clean.parse::<f64>().is_err();
    let value = if risky { format!("'{clean}") } else { clean };
    if value.contains([',', '"', '\n']) || value.starts_with(' ') || value.ends_with(' ') {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Cell, Column};

    // A missing value ("–" on the page) is an empty cell: see the fourth row.
    #[test]
    fn quotes_and_neutralises_formulas() {
        let table = Table {
            id: "t".into(),
            caption: "T".into(),
            columns: vec![
                Column {
                    label: "name".into(),
                    numeric: false,
                },
                Column {
                    label: "n, total".into(),
                    numeric: true,
                },
            ],
            rows: vec![
                vec![Cell::text("=HYPERLINK(\"http://x\")"), Cell::text("-3")],
                vec![Cell::text("@SUM(A1)\u{7}"), Cell::text("1,5")],
                vec![Cell::text("a \"quoted\"\nline"), Cell::text("+1")],
                vec![Cell::text("-cmd|' /C calc'!A0"), Cell::text("–")],
                vec![Cell::text("fr"), Cell::formatted("1\u{202f}234,5", 1234.5)],
                vec![Cell::text("\u{1}=1+1"), Cell::text("  @A1")],
            ],
        };
        assert_eq!(
            to_csv(&table),
            "name,\"n, total\"\r\n\
             \"'=HYPERLINK(\"\"http://x\"\")\",-3\r\n\
             '@SUM(A1),\"1,5\"\r\n\
             \"a \"\"quoted\"\"\nline\",+1\r\n\
             '-cmd|' /C calc'!A0,\r\n\
             fr,1234.5\r\n\
             '=1+1,'  @A1\r\n"
        );
    }
}
