//! How an activity's Markdown text is read. The rules are those the
//! handbook 1.3 text follows in all of its 25 activities, not Markdown's in
//! general:
//!
//! - **Sections.** A section is the lines under a `### Heading` up to the
//!   next heading of level 1 to 3; level-4 headings (GGI-A-25's
//!   `#### Community documents`) stay inside it.
//! - **Verification points.** Each checklist item (`- [ ] …`, at the start
//!   of a line) of the `### Progress Assessment` section is one point, in
//!   the handbook's order, including the alternative sets some activities
//!   add under a line of their own (GGI-A-21's "Other ways to set up
//!   verification points", GGI-A-29's points borrowed from OpenChain). An
//!   item goes on over blank and indented lines (GGI-A-16's charter list,
//!   GGI-A-37's three levels); a line at the start that is not an item
//!   (GGI-A-37's `**KPIs**:`) ends it.
//! - **First paragraph.** The description's first block of prose (blocks
//!   are separated by blank lines): quotations, lists and headings are
//!   passed over (GGI-A-36 and GGI-A-37 open with a quotation). A paragraph
//!   that stops mid-sentence goes on into the next block, its quotation
//!   marks taken off (GGI-A-35: "can be defined as the" followed by a
//!   quotation). Inline Markdown (emphasis, links, footnote marks) is kept.

/// One verification point of an activity: a statement a reader checks off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationPoint {
    /// The item's first line, without its box (`A skills matrix is developed.`).
    pub statement: String,
    /// What the item says below its first line (a list, further paragraphs),
    /// as Markdown with the item's indentation taken off.
    pub details: Option<String>,
}

/// The body of the section under `### {heading}` (matched without regard to
/// case), from the line after the heading up to the next heading of level 1
/// to 3 or the end.
pub fn section<'a>(text: &'a str, heading: &str) -> Option<&'a str> {
    let mut start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let level = heading_level(line);
        match start {
            None if level == Some(3) && heading_title(line).eq_ignore_ascii_case(heading) => {
                start = Some(offset + line.len());
            }
            Some(from) if level.is_some_and(|l| l <= 3) => return Some(&text[from..offset]),
            _ => {}
        }
        offset += line.len();
    }
    start.map(|from| &text[from..])
}

/// The level of a heading line (`### X` is 3), or `None` for any other line.
pub fn heading_level(line: &str) -> Option<usize> {
    let level = line.bytes().take_while(|b| *b == b'#').count();
    let rest = &line[level..];
    ((1..=6).contains(&level) && (rest.starts_with(' ') || rest.trim().is_empty())).then_some(level)
}

/// A heading line's title, without its marks.
fn heading_title(line: &str) -> &str {
    line.trim_start_matches('#').trim()
}

/// The verification points of a Progress Assessment section's body.
pub fn verification_points(progress: &str) -> Vec<VerificationPoint> {
    let mut points = Vec::new();
    let mut open: Option<(String, Vec<&str>)> = None;
    for line in progress.lines() {
        if let Some(statement) = checklist_item(line) {
            points.extend(open.take().map(close));
            open = Some((statement.to_owned(), Vec::new()));
        } else if line.trim().is_empty() || line.starts_with([' ', '\t']) {
            if let Some((_, details)) = open.as_mut() {
                details.push(line);
            }
        } else {
            points.extend(open.take().map(close));
        }
    }
    points.extend(open.map(close));
    points
}

/// The statement of a checklist item line (`- [ ] text`, `- [x] text`).
fn checklist_item(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))?;
    let rest = ["[ ]", "[x]", "[X]"]
        .iter()
        .find_map(|mark| rest.strip_prefix(mark))?;
    let statement = rest.trim();
    (rest.starts_with(' ') && !statement.is_empty()).then_some(statement)
}

/// A point from its statement and the lines below it, dedented.
fn close((statement, lines): (String, Vec<&str>)) -> VerificationPoint {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let details: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect();
    let details = details.join("\n").trim_matches('\n').to_owned();
    VerificationPoint {
        statement,
        details: (!details.is_empty()).then_some(details),
    }
}

/// The first paragraph of a Description section's body, on one line.
pub fn first_paragraph(description: &str) -> Option<String> {
    let blocks = blocks(description);
    let first = blocks.iter().position(|b| is_prose(b))?;
    let mut paragraph = joined(&blocks[first]);
    if !ends_a_sentence(&paragraph) {
        if let Some(next) = blocks.get(first + 1) {
            let rest: Vec<&str> = next.iter().map(|l| unquoted(l)).collect();
            paragraph = format!("{paragraph} {}", joined(&rest));
        }
    }
    Some(paragraph)
}

/// The blocks of a text: its runs of non-blank lines.
fn blocks(text: &str) -> Vec<Vec<&str>> {
    text.split("\n\n")
        .map(|b| {
            b.lines()
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|b| !b.is_empty())
        .collect()
}

/// A block of prose: not a quotation, list, heading, table or HTML.
fn is_prose(block: &[&str]) -> bool {
    let first = block.first().map_or("", |l| l.trim_start());
    let numbered = first
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    !(first.starts_with(['>', '#', '|', '<'])
        || first.starts_with("- ")
        || first.starts_with("* ")
        || first.starts_with("+ ")
        || numbered)
}

/// A block's lines on one line, as Markdown reads a paragraph.
fn joined(block: &[&str]) -> String {
    let words: Vec<&str> = block
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    words.join(" ")
}

/// A quotation's line without its mark.
fn unquoted(line: &str) -> &str {
    line.trim_start().trim_start_matches('>').trim_start()
}

/// Whether a paragraph stops at the end of a sentence (or before a list).
fn ends_a_sentence(paragraph: &str) -> bool {
    paragraph
        .trim_end_matches(['"', '”', '’', ')', '*', '_'])
        .ends_with(['.', '!', '?', ':', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "## A title\n\nActivity ID: x.\n\n### Description\n\nFirst.\n\n\
                        #### Kept inside\n\nMore.\n\n### Progress Assessment\n\n\
                        Lead-in:\n\n- [ ] One.\n- [x] Two.\n\n### Tools\n\nNone.\n";

    #[test]
    fn a_section_runs_to_the_next_heading_of_level_three_or_less() {
        assert_eq!(
            section(TEXT, "Description"),
            Some("\nFirst.\n\n#### Kept inside\n\nMore.\n\n")
        );
        assert_eq!(
            section(TEXT, "tools"),
            Some("\nNone.\n"),
            "to the end, any case"
        );
        assert_eq!(section(TEXT, "Resources"), None);
        assert_eq!(
            section(TEXT, "A title"),
            None,
            "only level-3 headings name sections"
        );
    }

    #[test]
    fn each_checklist_item_is_a_point_with_what_is_indented_below_it() {
        let progress = "The following **verification points**:\n\n\
                        - [ ] There is a charter.\n  It says:\n   - what,\n   - who.\n\
                        - [ ] A roadmap exists.\n\n\
                        Other ways:\n\n\
                        - [x] Checked already.\n\n   A second paragraph.\n\n\
                        **KPIs**:\n\n- KPI 1. Not a point.\n- [] Not a box.\n";
        let points = verification_points(progress);
        let statements: Vec<&str> = points.iter().map(|p| p.statement.as_str()).collect();
        assert_eq!(
            statements,
            [
                "There is a charter.",
                "A roadmap exists.",
                "Checked already."
            ]
        );
        assert_eq!(
            points[0].details.as_deref(),
            Some("It says:\n - what,\n - who.")
        );
        assert_eq!(points[1].details, None);
        assert_eq!(points[2].details.as_deref(), Some("A second paragraph."));
    }

    #[test]
    fn the_first_paragraph_passes_over_quotations_and_lists() {
        let description = "\n> \"A quotation.\"\n>\n> &mdash; Someone\n\n- a list\n\n\
                           The **first** prose\nparagraph.\n\nThe second.\n";
        assert_eq!(
            first_paragraph(description).as_deref(),
            Some("The **first** prose paragraph.")
        );
    }

    #[test]
    fn a_first_paragraph_that_stops_mid_sentence_goes_on_into_its_quotation() {
        let description = "\nSovereignty can be defined as the\n\n> “Ability to act.”\n> \
                           &mdash; A centre\n\nNext.\n";
        assert_eq!(
            first_paragraph(description).as_deref(),
            Some("Sovereignty can be defined as the “Ability to act.” &mdash; A centre")
        );
        assert_eq!(
            first_paragraph("\nImpacts are:\n\n- one\n").as_deref(),
            Some("Impacts are:"),
            "a colon announces a list, which is left out"
        );
    }

    #[test]
    fn headings_have_a_level_only_with_a_space_after_their_marks() {
        assert_eq!(heading_level("### Tools\n"), Some(3));
        assert_eq!(heading_level("#### Sub"), Some(4));
        assert_eq!(heading_level("#hashtag"), None);
        assert_eq!(heading_level("Text"), None);
    }
}
