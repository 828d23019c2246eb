//! A publiccode.yml draft for a repository that has none, filled from
//! what Vigie knows of it (docs/governance.md, "publiccode.yml drafts"):
//! name and addresses, the latest release, the development status from
//! activity and archive state, the software type from the root pom's
//! packaging, the licence found, the languages of its translations, a
//! description from its README. What data cannot say is left for a person
//! ([`Draft::to_yaml`] marks it).

use std::collections::BTreeMap;

use chrono::{Months, NaiveDateTime};
use vigie_ingest::estate::publiccode::{
    Contact, Description, DevelopmentStatus, Draft, MaintenanceType, SoftwareType,
};
use vigie_ingest::estate::roles::Role;
use vigie_ingest::store::{ModuleRecord, RefRecord, TipFileRecord};

use crate::estate::community::LicenceFinding;
use crate::estate::drift::releases;

/// What the store knows of one repository, for its draft.
pub struct DraftFacts<'a> {
    /// The repository (`owner/name`).
    pub repository: &'a str,
    /// Its web address, when a forge or a clone URL gave it.
    pub url: Option<&'a str>,
    /// Its forge's home page.
    pub homepage: Option<&'a str>,
    /// Archived on its forge.
    pub archived: bool,
    /// Its READMEs' texts (`README.md`, `README.fr.md`...), root first.
    pub readmes: Vec<&'a str>,
    /// The files of its tip with a role (every repository's may be given).
    pub files: &'a [TipFileRecord],
    /// Its refs (every repository's may be given).
    pub refs: &'a [RefRecord],
    /// Its Maven modules (every repository's may be given).
    pub modules: &'a [ModuleRecord],
    /// Its licence finding.
    pub licence: &'a LicenceFinding,
    /// Its newest commit by a person.
    pub last_commit: Option<NaiveDateTime>,
    /// Its maintainers, for a signed-in reader's download only.
    pub contacts: Vec<Contact>,
}

/// The draft at `t` (the reference date).
pub fn draft(facts: &DraftFacts<'_>, t: NaiveDateTime) -> Draft {
    let name = facts
        .repository
        .rsplit('/')
        .next()
        .unwrap_or(facts.repository);
    let released = releases(facts.refs, facts.repository).into_iter().last();
    let mut draft = Draft {
        landing_url: facts.homepage.map(str::to_owned),
        software_version: released.as_ref().map(|(v, _)| v.as_str().to_owned()),
        release_date: released.as_ref().map(|(_, at)| at.date()),
        development_status: Some(status(facts, released.is_some(), t)),
        software_type: software_type(facts),
        license: licence(facts.licence),
        available_languages: languages(facts),
        descriptions: descriptions(&facts.readmes),
        maintenance: (!facts.contacts.is_empty()).then_some(MaintenanceType::Internal),
        contacts: facts.contacts.clone(),
        ..Draft::new(name, facts.url.unwrap_or_default())
    };
    if matches!(
        draft.software_type,
        Some(SoftwareType::StandaloneWeb | SoftwareType::Addon)
    ) {
        draft.platforms = vec!["web".to_owned()];
    }
    draft
}

/// Archived: obsolete. A commit in the twelve months before T: stable
/// when it has released, in development otherwise. Quiet for longer:
/// stable if it released (finished), obsolete if it never did.
fn status(facts: &DraftFacts<'_>, released: bool, t: NaiveDateTime) -> DevelopmentStatus {
    let year_ago = t.checked_sub_months(Months::new(12)).unwrap_or(t);
    let active = facts.last_commit.is_some_and(|at| at > year_ago);
    match (facts.archived, active, released) {
        (true, _, _) => DevelopmentStatus::Obsolete,
        (false, _, true) => DevelopmentStatus::Stable,
        (false, true, false) => DevelopmentStatus::Development,
        (false, false, false) => DevelopmentStatus::Obsolete,
    }
}

/// From the root pom's packaging: a web application (`war`, Lutece's
/// sites and core), an add-on (Lutece's plugins and modules), a library
/// (`jar`); none for an aggregator (`pom`) or another packaging.
fn software_type(facts: &DraftFacts<'_>) -> Option<SoftwareType> {
    let root = facts
        .modules
        .iter()
        .find(|m| m.repository == facts.repository && m.path == "pom.xml")?;
    match root.packaging.as_str() {
        "war" | "lutece-site" | "lutece-core" => Some(SoftwareType::StandaloneWeb),
        "lutece-plugin" | "lutece-module" => Some(SoftwareType::Addon),
        "jar" | "bundle" => Some(SoftwareType::Library),
        _ => None,
    }
}

/// A known licence, as one SPDX expression.
fn licence(finding: &LicenceFinding) -> Option<String> {
    match finding {
        LicenceFinding::Known(ids) if !ids.is_empty() => Some(ids.join(" AND ")),
        _ => None,
    }
}

/// The languages of the repository's translation files, sorted.
fn languages(facts: &DraftFacts<'_>) -> Vec<String> {
    let mut found: Vec<String> = facts
        .files
        .iter()
        .filter(|f| f.repository == facts.repository && f.role == Role::I18n)
        .filter_map(|f| f.language.clone())
        .collect();
    found.sort();
    found.dedup();
    found
}

/// A description per language, each from the first README written in it.
fn descriptions(readmes: &[&str]) -> BTreeMap<String, Description> {
    let mut found = BTreeMap::new();
    for (language, description) in readmes.iter().filter_map(|text| describe(text)) {
        found.entry(language).or_insert(description);
    }
    found
}

/// The README's first paragraph of prose as the short description (cut to
/// 150 characters at a word), its prose up to 4,000 characters as the long
/// one, the first bullet list as features; in English or French, by its
/// words. `None` when the language cannot be told.
fn describe(readme: &str) -> Option<(String, Description)> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut features: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in readme.lines().map(str::trim) {
        let markup = line.starts_with('#')
            || line.starts_with("![")
            || line.starts_with("[![")
            || line.starts_with('<')
            || line.starts_with("```");
        if let Some(item) = line.strip_prefix("* ").or_else(|| line.strip_prefix("- ")) {
            if paragraphs.len() < 8 && features.len() < 10 {
                features.push(cut(item, 100));
            }
        } else if line.is_empty() || markup {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    paragraphs.extend((!current.is_empty()).then_some(current));
    // A paragraph that opens with a link or emphasis is a pointer or a
    // generator's note ("*generated by xdoc2md*"), not a description.
    paragraphs.retain(|p| !p.starts_with(['[', '*', '_']));
    let first = paragraphs.first()?;
    let language = language_of(&paragraphs.join(" "))?;
    let long = cut(&paragraphs.join("\n\n"), 4000);
    let description = Description {
        short_description: Some(cut(first, 150)),
        long_description: (long.chars().count() >= 150).then_some(long),
        features,
    };
    Some((language.to_owned(), description))
}

/// English or French, by the commoner of each language's little words.
fn language_of(text: &str) -> Option<&'static str> {
    const EN: [&str; 8] = ["the", "and", "is", "of", "to", "this", "with", "for"];
    const FR: [&str; 8] = ["le", "la", "les", "des", "est", "et", "une", "pour"];
    let words: BTreeMap<String, usize> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .fold(BTreeMap::new(), |mut counts, w| {
            *counts.entry(w.to_lowercase()).or_default() += 1;
            counts
        });
    let score = |list: &[&str]| {
        list.iter()
            .map(|w| words.get(*w).copied().unwrap_or(0))
            .sum::<usize>()
    };
    let (en, fr) = (score(&EN), score(&FR));
    match (en, fr) {
        (0, 0) => None,
        (en, fr) if en > fr => Some("en"),
        (en, fr) if fr > en => Some("fr"),
        _ => None,
    }
}

/// `text` cut to at most `max` characters, at a space when it can, with an
/// ellipsis when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max - 1).collect();
    let at_word = kept
        .rfind(' ')
        .filter(|&i| i > max / 2)
        .map_or(kept.as_str(), |i| &kept[..i]);
    format!("{}…", at_word.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_readme_gives_a_short_and_long_description_and_features() {
        // lutece-cms-plugin-blog's README, as it begins.
        let readme = "# Plugin blog\n\n## Introduction\n\nThis plugin provides a simple content \
            management feature to a Lutece site\n\nHere are the main features :\n\n* the module \
            provides a simple and ergonomic tool to edit and publish posts\n* posts can be \
            categorized by tags\n";
        let (language, d) = describe(readme).expect("a description");
        assert_eq!(language, "en");
        assert_eq!(
            d.short_description.as_deref(),
            Some("This plugin provides a simple content management feature to a Lutece site")
        );
        assert_eq!(
            d.long_description, None,
            "under 150 characters: for a person to write"
        );
        assert_eq!(
            d.features,
            [
                "the module provides a simple and ergonomic tool to edit and publish posts",
                "posts can be categorized by tags"
            ]
        );
    }

    #[test]
    fn french_is_told_from_english_and_badges_are_not_prose() {
        let readme = "![](https://ci/badge)\n[![Sonar](https://s/b)](https://s)\n\nLe module \
            permet de gérer les demandes des usagers et est utilisé par la Ville pour une \
            partie des démarches.";
        let (language, d) = describe(readme).expect("a description");
        assert_eq!(language, "fr");
        assert!(d
            .short_description
            .is_some_and(|s| s.starts_with("Le module permet")));
        assert_eq!(describe("![](https://ci/badge)\n"), None);
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        let cut_text = cut("one two three four five six", 12);
        assert_eq!(cut_text, "one two…");
        assert!(cut_text.chars().count() <= 12);
    }
}
