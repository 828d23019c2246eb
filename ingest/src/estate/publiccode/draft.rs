//! A publiccode.yml drafted from what Vigie knows of a repository, for a
//! person to complete: [`Draft::to_yaml`] writes every key the standard
//! requires, a placeholder that validates where Vigie has nothing (or
//! nothing valid), and a `# TO FILL: …` line above each placeholder.
//!
//! The YAML is written by hand, in the key order of the standard's example.
//! Names and descriptions come from the internet, so every string is
//! cleaned (control characters, byte-order marks and bidirectional
//! overrides dropped, Unicode line separators made newlines) and written
//! double-quoted, or as a literal block when it spans lines: no text can
//! end a value, start a comment, or become a key, anchor, alias or tag.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::terms::{DevelopmentStatus, MaintenanceType, SoftwareType};
use super::{values, Version};

/// The version drafts declare: 0.4, which every validator since 2024 reads,
/// while parsers older than June 2026 refuse `"0.7"`. Drafts are valid
/// under 0.7's rules too.
pub const DRAFT_VERSION: Version = Version::V0_4;

const TO_FILL: &str = "TO FILL";
const HEADER: &str = "Drafted by Vigie (https://yml.publiccode.tools/): complete each value \
    marked TO FILL, then remove its mark.";
const PLATFORMS: &str = "where users run it: web, windows, mac, linux, ios, android";
const CATEGORIES: &str = "categories from https://yml.publiccode.tools/categories-list.html";
const STATUSES: &str = "concept, development, beta, stable or obsolete";
const LICENCE: &str = "the licence as an SPDX expression, such as EUPL-1.2";
const PLACEHOLDER_SHORT: &str = "TO FILL: one sentence saying what the software does";
const PLACEHOLDER_LONG: &str = "TO FILL: describe what the software does, for whom, and why a \
    public administration would use it, in words for its users rather than its developers \
    (150 to 10,000 characters).";

/// What Vigie can tell of a repository, to draft its publiccode.yml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// `name`: the software's public name.
    pub name: String,
    /// `url`: the source repository.
    pub url: String,
    /// `landingURL`: a page for people, if the repository is not one.
    pub landing_url: Option<String>,
    /// `softwareVersion`: the latest release, as tagged.
    pub software_version: Option<String>,
    /// `releaseDate`: when that release came out.
    pub release_date: Option<NaiveDate>,
    /// `developmentStatus`.
    pub development_status: Option<DevelopmentStatus>,
    /// `softwareType`.
    pub software_type: Option<SoftwareType>,
    /// `legal.license`: an SPDX expression, as Vigie's licence detection
    /// names it.
    pub license: Option<String>,
    /// `platforms`: web, windows, mac, linux, ios, android, or other names.
    pub platforms: Vec<String>,
    /// `localisation.availableLanguages`: BCP 47 tags.
    pub available_languages: Vec<String>,
    /// `description`, by BCP 47 language tag (`en`).
    pub descriptions: BTreeMap<String, Description>,
    /// `maintenance.type`.
    pub maintenance: Option<MaintenanceType>,
    /// `maintenance.contacts`: the people maintaining it.
    pub contacts: Vec<Contact>,
}

/// `description.<lang>`: the texts in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Description {
    /// `shortDescription`: one sentence, cut to 150 characters.
    pub short_description: Option<String>,
    /// `longDescription`: 150 to 10,000 characters, basic Markdown allowed.
    pub long_description: Option<String>,
    /// `features`: what users can do with it.
    pub features: Vec<String>,
}

/// A person in `maintenance.contacts`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    /// `name`: a real person's full name.
    pub name: String,
    /// `email`.
    pub email: Option<String>,
    /// `affiliation`: the organisation they act for.
    pub affiliation: Option<String>,
    /// `phone`, with its international prefix.
    pub phone: Option<String>,
}

impl Draft {
    /// A draft of the software `name` whose sources are at `url`.
    pub fn new(name: impl Into<String>, url: impl Into<String>) -> Self {
        let (name, url) = (name.into(), url.into());
        Draft {
            name,
            url,
            ..Draft::default()
        }
    }

    /// The draft as a publiccode.yml [`DRAFT_VERSION`] document that
    /// [`super::validate`] passes without error.
    pub fn to_yaml(&self) -> String {
        let mut y = Yaml::default();
        y.comment(0, HEADER);
        y.pair(0, "publiccodeYmlVersion", DRAFT_VERSION.as_str());
        y.blank();
        let name = valid(Some(&self.name), |_| true);
        y.value(0, "name", name, "the software's name", TO_FILL);
        let url = valid(Some(&self.url), |u| values::url(u, false).is_ok());
        y.value(
            0,
            "url",
            url,
            "the repository's URL",
            "https://example.org/TO-FILL",
        );
        let date = self.release_date.map(|d| d.format("%Y-%m-%d").to_string());
        let optional = [
            (
                "landingURL",
                valid(self.landing_url.as_deref(), |u| {
                    values::url(u, true).is_ok()
                }),
            ),
            (
                "softwareVersion",
                valid(self.software_version.as_deref(), |_| true),
            ),
            (
                "releaseDate",
                valid(date.as_deref(), |d| values::date(d).is_ok()),
            ),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                y.pair(0, key, &value);
            }
        }
        y.blank();
        y.list(0, "platforms", cleaned(&self.platforms), PLATFORMS, "web");
        y.blank();
        y.list(0, "categories", Vec::new(), CATEGORIES, "it-development");
        y.blank();
        let status = self.development_status.map(|s| s.as_str().to_owned());
        y.value(0, "developmentStatus", status, STATUSES, "development");
        let kind = self.software_type.map(|t| t.as_str().to_owned());
        y.value(
            0,
            "softwareType",
            kind,
            &SoftwareType::NAMES.join(", "),
            "standalone/other",
        );
        y.blank();
        self.describe(&mut y);
        y.blank();
        y.key(0, "legal");
        let license = valid(self.license.as_deref(), |l| values::licence(l).is_ok());
        y.value(2, "license", license, LICENCE, "LicenseRef-TO-FILL");
        y.blank();
        self.maintain(&mut y);
        y.blank();
        self.localise(&mut y);
        y.text
    }

    /// `description`: a section per valid language tag, or an `en` one.
    fn describe(&self, y: &mut Yaml) {
        y.key(0, "description");
        let empty = (String::from("en"), Description::default());
        let valid: Vec<_> = (self.descriptions.iter())
            .map(|(tag, d)| (one_line(tag), d))
            .filter(|(tag, _)| values::language(tag).is_ok())
            .collect();
        if valid.is_empty() {
            y.todo(
                2,
                "the description in one language at least (en is a placeholder)",
            );
            y.key(2, &empty.0);
            empty.1.write(y);
        }
        for (tag, description) in valid {
            y.key(2, &language_key(&tag));
            description.write(y);
        }
    }

    /// `maintenance`, with placeholders for what its type calls for.
    fn maintain(&self, y: &mut Yaml) {
        y.key(0, "maintenance");
        let named = self
            .contacts
            .iter()
            .filter(|c| !one_line(&c.name).is_empty());
        let contacts: Vec<&Contact> = named.collect();
        let guess = if contacts.is_empty() {
            MaintenanceType::None
        } else {
            MaintenanceType::Community
        };
        let kind = self.maintenance.map(|k| k.as_str().to_owned());
        y.value(
            2,
            "type",
            kind,
            "internal, contract, community or none",
            guess.as_str(),
        );
        let kind = self.maintenance.unwrap_or(guess);
        if kind == MaintenanceType::Contract {
            y.todo(2, "each contractor's name and the date the contract ends");
            y.key(2, "contractors");
            y.pair(4, "- name", TO_FILL);
            y.pair(6, "until", "9999-12-31");
        }
        let needed = matches!(kind, MaintenanceType::Internal | MaintenanceType::Community);
        if contacts.is_empty() && !needed {
            return;
        }
        y.key(2, "contacts");
        if contacts.is_empty() {
            y.todo(4, "at least one maintainer, a real person");
            y.pair(4, "- name", TO_FILL);
        }
        for contact in contacts {
            y.pair(4, "- name", &one_line(&contact.name));
            let email = valid(contact.email.as_deref(), |e| values::email(e).is_ok());
            let affiliation = valid(contact.affiliation.as_deref(), |_| true);
            let phone = valid(contact.phone.as_deref(), |_| true);
            for (key, value) in [
                ("email", email),
                ("affiliation", affiliation),
                ("phone", phone),
            ] {
                if let Some(value) = value {
                    y.pair(6, key, &value);
                }
            }
        }
    }

    /// `localisation`: the languages given, else those of the descriptions.
    fn localise(&self, y: &mut Yaml) {
        let tags = |tags: Vec<String>| -> Vec<String> {
            let valid = tags.into_iter().filter(|t| values::language(t).is_ok());
            valid.collect()
        };
        let mut languages = tags(cleaned(&self.available_languages));
        if languages.is_empty() {
            languages = tags(self.descriptions.keys().map(|t| one_line(t)).collect());
        }
        y.key(0, "localisation");
        // Two languages or more show the software is built to be translated.
        if languages.len() > 1 {
            y.line(2, "localisationReady: true");
        } else {
            y.todo(2, "true if the software is built to be translated");
            y.line(2, "localisationReady: false");
        }
        let what = "the languages of the software's interface";
        y.list(2, "availableLanguages", languages, what, "en");
    }
}

impl Description {
    /// The section's keys, under a language key at indent 2.
    fn write(&self, y: &mut Yaml) {
        let short = valid(self.short_description.as_deref(), |_| true).map(|s| shorten(s, 150));
        let what = "one sentence of at most 150 characters";
        y.value(4, "shortDescription", short, what, PLACEHOLDER_SHORT);
        let long = shorten(
            self.long_description
                .as_deref()
                .map(block)
                .unwrap_or_default(),
            10_000,
        );
        if long.chars().count() >= 150 {
            y.pair(4, "longDescription", &long);
        } else {
            y.todo(4, "150 to 10,000 characters for the software's users");
            let long = format!("{long}\n\n{PLACEHOLDER_LONG}");
            y.pair(4, "longDescription", long.trim_start());
        }
        let what = "what users can do with it, one line each (5 to 20 is usual)";
        let placeholder = "TO FILL: something users can do with the software";
        y.list(4, "features", cleaned(&self.features), what, placeholder);
    }
}

/// The YAML being written, a line at a time.
#[derive(Default)]
struct Yaml {
    text: String,
}

impl Yaml {
    fn line(&mut self, indent: usize, line: &str) {
        self.text.push_str(&format!("{:indent$}{line}\n", ""));
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    fn comment(&mut self, indent: usize, note: &str) {
        self.line(indent, &format!("# {}", one_line(note)));
    }

    /// A `# TO FILL:` line, above the key it is about.
    fn todo(&mut self, indent: usize, what: &str) {
        self.comment(indent, &format!("{TO_FILL}: {what}"));
    }

    fn key(&mut self, indent: usize, key: &str) {
        self.line(indent, &format!("{key}:"));
    }

    /// `key: "value"`, or a literal block for a value of several lines
    /// (whose first line, trimmed, needs no indentation indicator).
    fn pair(&mut self, indent: usize, key: &str, value: &str) {
        if !value.contains('\n') {
            return self.line(indent, &format!("{key}: {}", quote(value)));
        }
        self.line(indent, &format!("{key}: |-"));
        for line in value.lines() {
            match line {
                "" => self.blank(),
                _ => self.line(indent + 2, line),
            }
        }
    }

    /// `value`, or `placeholder` under a `# TO FILL: what` line.
    fn value(
        &mut self,
        indent: usize,
        key: &str,
        value: Option<String>,
        what: &str,
        placeholder: &str,
    ) {
        if value.is_none() {
            self.todo(indent, what);
        }
        self.pair(indent, key, value.as_deref().unwrap_or(placeholder));
    }

    /// A list of `items`, or of `placeholder` under a `# TO FILL` line.
    fn list(
        &mut self,
        indent: usize,
        key: &str,
        items: Vec<String>,
        what: &str,
        placeholder: &str,
    ) {
        self.key(indent, key);
        if items.is_empty() {
            self.todo(indent + 2, what);
            self.line(indent + 2, &format!("- {}", quote(placeholder)));
        }
        for item in items {
            self.line(indent + 2, &format!("- {}", quote(&item)));
        }
    }
}

/// The one-line form of `text` if it is not empty and passes `check`.
fn valid(text: Option<&str>, check: impl Fn(&str) -> bool) -> Option<String> {
    text.map(one_line).filter(|t| !t.is_empty() && check(t))
}

/// A language tag as a key: plain, but quoted where a YAML 1.1 reader
/// would take it for a boolean (`no`, Norwegian).
fn language_key(tag: &str) -> String {
    let yaml_1_1_bool = ["y", "n", "yes", "no", "on", "off"];
    if yaml_1_1_bool.contains(&tag.to_ascii_lowercase().as_str()) {
        quote(tag)
    } else {
        tag.to_owned()
    }
}

/// `text` in double quotes, `\` and `"` escaped (and newlines and tabs,
/// though cleaning leaves none in one-line values).
fn quote(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{}\"", escaped.replace('\n', "\\n").replace('\t', "\\t"))
}

/// The characters kept from text off the internet: no control characters
/// (tabs become spaces), no byte-order marks or non-characters, no
/// bidirectional overrides; Unicode's line and paragraph separators (line
/// breaks to YAML 1.1) become newlines, as do `\r\n` and `\r`.
fn sanitise(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let kept = text.chars().filter_map(|c| match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some('\n'),
        '\t' => Some(' '),
        '\u{feff}' | '\u{fffe}' | '\u{ffff}' => None,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
        c if c.is_control() => None,
        c => Some(c),
    });
    kept.collect()
}

/// One line: runs of whitespace (newlines included) become one space.
fn one_line(text: &str) -> String {
    sanitise(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Several lines: trailing spaces, and blank lines at either end, dropped.
fn block(text: &str) -> String {
    let lines: Vec<_> = sanitise(text)
        .lines()
        .map(|l| l.trim_end().to_owned())
        .collect();
    lines.join("\n").trim_matches('\n').trim_start().to_owned()
}

/// The non-empty one-line forms of `texts`.
fn cleaned(texts: &[String]) -> Vec<String> {
    texts
        .iter()
        .filter_map(|t| valid(Some(t), |_| true))
        .collect()
}

/// `text` cut to `max` characters, the last one an ellipsis.
fn shorten(text: String, max: usize) -> String {
    if text.chars().count() <= max {
        return text;
    }
    let kept: String = text.chars().take(max - 1).collect();
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_meet_the_lengths_they_stand_in_for() {
        assert!(PLACEHOLDER_LONG.chars().count() >= 150);
        assert!(PLACEHOLDER_SHORT.chars().count() <= 150);
    }

    #[test]
    fn strings_are_cleaned_of_what_could_break_or_disguise_yaml() {
        assert_eq!(one_line(" a\u{0}b\r\nc\u{202e}d\u{2028}e\te "), "ab cd e e");
        assert_eq!(quote("say \"hi\" \\ #x: y"), r#""say \"hi\" \\ #x: y""#);
        assert_eq!(
            block("\n\n  first  \r\n\n  second\u{85}third  \n\n"),
            "first\n\n  second\nthird"
        );
        assert_eq!(language_key("no"), "\"no\"");
        assert_eq!(shorten("abcdef".to_owned(), 4), "abc…");
    }
}
