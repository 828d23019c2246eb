//! The rules that tie keys together, which the tables of [`super::schema`]
//! cannot say: `releaseDate` with `softwareVersion` (until 0.4), a long
//! description and features in at least one language, the maintainers a
//! maintenance type calls for, and the country sections (`IT:`).

use super::check::{get, Checker};
use super::terms::MaintenanceType;
use super::values::{bad, Bad};
use super::yaml::{Entry, Node, Value};
use super::{vocab, Position, Version};

/// Checks the rules across the keys of a document's root mapping.
pub(super) fn check(c: &mut Checker, top: &[Entry], at: Position) {
    release_date(c, top, at);
    if let Some(entry) = get(top, "description") {
        description(c, &entry.value);
    }
    if let Some(entry) = get(top, "maintenance") {
        maintenance(c, entry);
    }
}

/// `Some` when top-level `key` names a country section (`IT`, or `it`
/// before 0.5), with a warning when it is deprecated in `version`.
pub(super) fn country_section(parent: &str, key: &str, version: Version) -> Option<Option<Bad>> {
    let upper = key.to_ascii_uppercase();
    let lower = key.to_ascii_lowercase();
    let section = parent.is_empty()
        && key.len() == 2
        && (key == upper || key == lower)
        && vocab::is_country(&upper);
    if !section {
        return None;
    }
    Some(if version >= Version::V0_7 {
        Some(bad(
            "country-specific sections are deprecated since 0.7",
            "declare regulations and national platforms under `supports`, and the publisher \
             under `organisation`",
        ))
    } else if version.uppercase_countries() && key == lower {
        let message = "lowercase country sections are deprecated since 0.5";
        Some(bad(message, format!("rename the section `{upper}`")))
    } else {
        None
    })
}

/// `releaseDate`, due with `softwareVersion` until 0.4 made it optional.
fn release_date(c: &mut Checker, top: &[Entry], at: Position) {
    let due = c.version.release_date_follows_version() && get(top, "softwareVersion").is_some();
    if due && get(top, "releaseDate").is_none() {
        let version = c.version;
        let message = format!(
            "`releaseDate` is missing; version {version} requires it with `softwareVersion`"
        );
        let fix = "add `releaseDate:` with the date of that release, YYYY-MM-DD";
        c.error(at, "releaseDate", bad(message, fix));
    }
}

/// At least one language, and `longDescription` and `features` in at
/// least one of them (the standard does not ask for them in each).
fn description(c: &mut Checker, node: &Node) {
    let Value::Map(languages) = &node.value else {
        return;
    };
    let Some(first) = languages.first() else {
        let fix = "add a section per language, such as `en:`, with shortDescription, \
                   longDescription and features";
        c.error(node.at, "description", bad("has no language", fix));
        return;
    };
    for name in ["longDescription", "features"] {
        let somewhere = languages
            .iter()
            .any(|language| match &language.value.value {
                Value::Map(fields) => get(fields, name).is_some(),
                _ => true,
            });
        if !somewhere {
            let message = format!("no language has `{name}`; at least one must");
            let key = format!("description.{}.{name}", first.key);
            c.error(
                first.at,
                &key,
                bad(message, format!("add `{name}:` to a language")),
            );
        }
    }
}

/// Contractors for maintenance by contract (and, from 0.5, only then);
/// contacts for internal and community maintenance.
fn maintenance(c: &mut Checker, entry: &Entry) {
    let Value::Map(fields) = &entry.value.value else {
        return;
    };
    let kind = get(fields, "type").and_then(|e| match &e.value.value {
        Value::Scalar(s) => MaintenanceType::ALL.iter().find(|t| t.as_str() == s.text),
        _ => None,
    });
    let Some(&kind) = kind else {
        return;
    };
    let given = |name: &str| {
        get(fields, name).filter(|e| !matches!(&e.value.value, Value::List(l) if l.is_empty()))
    };
    let contract = kind == MaintenanceType::Contract;
    let people = matches!(kind, MaintenanceType::Internal | MaintenanceType::Community);
    if contract && given("contractors").is_none() {
        let message = "maintenance by contract needs its contractors";
        let fix = "add `contractors:` with each contractor's `name` and `until` date";
        c.error(entry.at, "maintenance.contractors", bad(message, fix));
    }
    if let Some(contractors) = get(fields, "contractors") {
        if !contract && c.version.contractors_only_for_contract() {
            let message = format!(
                "contractors must not be given when the maintenance type is `{}`",
                kind.as_str()
            );
            let fix = "remove `contractors`, or set `maintenance.type` to contract";
            c.error(contractors.at, "maintenance.contractors", bad(message, fix));
        }
    }
    if people && given("contacts").is_none() {
        let message = format!("{} maintenance needs its contacts", kind.as_str());
        let fix = "add `contacts:` with at least one maintainer's `name`";
        c.error(entry.at, "maintenance.contacts", bad(message, fix));
    }
}
