//! One Markdown file per activity, laid out as the OSPO Alliance's own
//! scorecard board, my-ggi-board, lays out an activity's issue, so that an
//! OSPO that keeps its board there can carry Vigie's scorecard across and
//! one that does not can read it the same way:
//!
//! - the title and labels (goal, roles, progress label) as front
//!   matter, with the date of the latest decision as the board's website
//!   gives its scorecard pages a date;
//! - the handbook's `Activity ID: [GGI-A-23 (EN)](…).` line;
//! - a `### Scorecard` section folded in `<details>`, with the board's
//!   sub-sections in its order (`#### Customized description`,
//!   `Opportunity assessment`, `Objectives`, `Tools`, `Operational Notes`):
//!   the objectives are the handbook's verification points as a checklist
//!   (the board counts its tasks there), the operational notes the latest
//!   decision's; Vigie adds `#### Evidence` after the objectives, and marks
//!   what it cannot know "To fill", as the publiccode.yml drafts do;
//! - then the handbook's sections as written, and the handbook's licence.

use chrono::NaiveDateTime;

use super::Entry;
use vigie_ingest::ggi::{Activity, Handbook, VerificationPoint};

/// The file's name, as the board's website names its scorecard pages
/// (`activity_GGI-A-23.md`).
pub fn file_name(activity: &Activity) -> String {
    format!("activity_{}.md", activity.id)
}

/// Every activity's file: its name and its Markdown; `evidence` gives an
/// entry's evidence as lines of text, in the reader's language.
pub fn files(
    handbook: &Handbook,
    entries: &[Entry<'_>],
    evidence: impl Fn(&Entry<'_>) -> Vec<String>,
) -> Vec<(String, String)> {
    entries
        .iter()
        .map(|e| {
            let text = to_markdown(e, &handbook.version, &evidence(e));
            (file_name(e.activity), text)
        })
        .collect()
}

/// One activity's file; `version` is the handbook's, for its attribution,
/// and `evidence` what Vigie measured for it, a line each.
pub fn to_markdown(entry: &Entry<'_>, version: &str, evidence: &[String]) -> String {
    let activity = entry.activity;
    let mut blocks = vec![
        front_matter(entry),
        activity.preamble().to_owned(),
        "----".to_owned(),
        "### Scorecard".to_owned(),
        "<details><summary>Click to expand</summary>".to_owned(),
        "#### Customized description".to_owned(),
        "_To fill: what this activity covers in the organisation._".to_owned(),
        "#### Opportunity assessment".to_owned(),
        "_To fill: why it matters to the organisation._".to_owned(),
        "#### Objectives".to_owned(),
        "_The handbook's verification points: Vigie does not record which are met._".to_owned(),
        checklist(&activity.verification_points),
        "#### Evidence".to_owned(),
        evidence_list(evidence),
        "#### Tools".to_owned(),
        "_To fill: the technologies, tools and products used._".to_owned(),
        "#### Operational Notes".to_owned(),
    ];
    blocks.extend(
        entry
            .decision
            .map(|d| escaped(&d.notes))
            .filter(|n| !n.is_empty()),
    );
    blocks.extend([
        decided(entry),
        "</details>".to_owned(),
        activity.sections().to_owned(),
        "----".to_owned(),
        format!(
            "_The handbook's text: Good Governance Initiative handbook {version}, © OSPO \
             Alliance, CC-BY-4.0 (<https://ospo-alliance.org/ggi/>)._"
        ),
    ]);
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// The title and labels, and when it was last decided on.
fn front_matter(entry: &Entry<'_>) -> String {
    let activity = entry.activity;
    let labels: Vec<String> = std::iter::once(activity.goal.label())
        .chain(activity.roles.iter().map(|r| r.label()))
        .chain([entry.status().label()])
        .map(quoted)
        .collect();
    let mut lines = vec![
        "---".to_owned(),
        format!("title: {}", quoted(&activity.name)),
        format!("labels: [{}]", labels.join(", ")),
    ];
    lines.extend(
        entry
            .decision
            .map(|d| format!("date: {}", d.at.format("%Y-%m-%dT%H:%M:%SZ"))),
    );
    lines.push("---".to_owned());
    lines.join("\n")
}

/// A YAML double-quoted string (JSON's escapes, which YAML reads alike).
fn quoted(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The points as a checklist, each item's details indented under it.
fn checklist(points: &[VerificationPoint]) -> String {
    let items: Vec<String> = points
        .iter()
        .map(|point| {
            let mut item = format!("- [ ] {}", point.statement);
            for line in point.details.iter().flat_map(|d| d.lines()) {
                item.push('\n');
                if !line.is_empty() {
                    item.push_str("  ");
                    item.push_str(line);
                }
            }
            item
        })
        .collect();
    items.join("\n")
}

/// The evidence as a list, or a line saying there is none.
fn evidence_list(lines: &[String]) -> String {
    if lines.is_empty() {
        return "_Vigie's data gives no evidence for this activity._".to_owned();
    }
    let items: Vec<String> = lines.iter().map(|l| format!("- {}", escaped(l))).collect();
    items.join("\n")
}

/// The status and who decided it when, or that nobody has.
fn decided(entry: &Entry<'_>) -> String {
    let status = entry.status().label();
    match entry.decision {
        Some(d) => format!(
            "_{status}: decided by {} on {}._",
            escaped(&d.by),
            when(d.at)
        ),
        None => format!("_{status}: no decision recorded._"),
    }
}

fn when(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// People's text made safe for the layout: a line starting with `#`
/// would open a section of its own (the board finds its sections by their
/// headings), and `<` could close the scorecard's `<details>`.
fn escaped(text: &str) -> String {
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let line = line.replace('<', "&lt;");
            let indent = line.len() - line.trim_start().len();
            if line[indent..].starts_with('#') {
                format!("{}\\{}", &line[..indent], &line[indent..])
            } else {
                line
            }
        })
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_cannot_open_a_section_or_close_the_scorecard() {
        assert_eq!(
            escaped("Agreed.\n### Description\n  # aside\n</details> <b>\n"),
            "Agreed.\n\\### Description\n  \\# aside\n&lt;/details> &lt;b>"
        );
    }

    #[test]
    fn front_matter_strings_are_quoted_for_yaml() {
        assert_eq!(quoted("a \"b\": c\\d\n"), "\"a \\\"b\\\": c\\\\d\\u000a\"");
    }

    #[test]
    fn a_point_s_details_are_indented_under_it() {
        let points = [
            VerificationPoint {
                statement: "A charter.".into(),
                details: Some("It says:\n - what,\n\nAnd more.".into()),
            },
            VerificationPoint {
                statement: "A roadmap.".into(),
                details: None,
            },
        ];
        assert_eq!(
            checklist(&points),
            "- [ ] A charter.\n  It says:\n   - what,\n\n  And more.\n- [ ] A roadmap."
        );
    }
}
