//! `Draft::to_yaml`: full, empty, hostile and generated drafts all pass
//! `validate` without error, and their strings come back as given.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use saphyr_parser::{Event, Parser};
use vigie_ingest::estate::publiccode::{
    validate, Contact, Description, DevelopmentStatus, Draft, MaintenanceType, SoftwareType,
};

use super::{errors, read, warnings};

/// What Vigie would know of Lutece's core.
fn full() -> Draft {
    let long = "Lutece is a portal engine and a content management system.\n\n\
                It offers *plugins* for forms, directories, appointments and more, \
                and is used by the City of Paris for its own websites.";
    let description = Description {
        short_description: Some("Portal engine and CMS of the City of Paris".into()),
        long_description: Some(long.into()),
        features: vec!["Content management".into(), "Forms".into()],
    };
    let contact = Contact {
        name: "Jane Doe".into(),
        email: Some("jane.doe@paris.fr".into()),
        affiliation: Some("Ville de Paris".into()),
        phone: Some("+33 1 00 00 00 00".into()),
    };
    Draft {
        landing_url: Some("https://lutece.paris.fr".into()),
        software_version: Some("7.0.2".into()),
        release_date: NaiveDate::from_ymd_opt(2024, 5, 2),
        development_status: Some(DevelopmentStatus::Stable),
        software_type: Some(SoftwareType::StandaloneWeb),
        license: Some("BSD-3-Clause".into()),
        platforms: vec!["web".into()],
        available_languages: vec!["fr".into(), "en".into()],
        descriptions: BTreeMap::from([("fr".into(), description)]),
        maintenance: Some(MaintenanceType::Internal),
        contacts: vec![contact],
        ..Draft::new("Lutece", "https://github.com/lutece-platform/lutece-core")
    }
}

/// The scalars of a YAML text, in order (keys and values alike).
fn scalars(yaml: &str) -> Vec<String> {
    let events = Parser::new_from_str(yaml).map(|e| e.expect("the draft is valid YAML").0);
    let texts = events.filter_map(|event| match event {
        Event::Scalar(text, ..) => Some(text.into_owned()),
        _ => None,
    });
    texts.collect()
}

/// The value after the `nth` key named `key`.
fn value_of(yaml: &str, key: &str, nth: usize) -> String {
    let scalars = scalars(yaml);
    let at = scalars
        .iter()
        .enumerate()
        .filter(|(_, s)| *s == key)
        .nth(nth);
    let at = at.unwrap_or_else(|| panic!("no {key} #{nth} in\n{yaml}")).0;
    scalars[at + 1].clone()
}

#[test]
fn a_full_draft_is_the_expected_text_and_has_no_problem_at_all() {
    let yaml = full().to_yaml();
    assert_eq!(validate(&yaml).problems, [], "{yaml}");
    assert_eq!(yaml, read("draft-full.yml"));
}

#[test]
fn an_empty_draft_is_valid_and_marks_every_placeholder_to_fill() {
    let yaml = Draft::default().to_yaml();
    let report = validate(&yaml);
    assert_eq!(errors(&report), [], "{yaml}");
    let placeholder =
        "`LicenseRef-TO-FILL` is not on the SPDX licence list, so catalogues cannot know it";
    assert_eq!(warnings(&report), [(35, "legal.license", placeholder)]);
    let marks: Vec<&str> = yaml
        .lines()
        .filter(|l| l.trim_start().starts_with("# TO FILL: "))
        .collect();
    assert_eq!(marks.len(), 14, "{yaml}");
    let lines: Vec<&str> = yaml.lines().collect();
    for (i, line) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("# TO FILL"))
    {
        let next = lines[i + 1];
        let indent = |l: &str| l.len() - l.trim_start().len();
        assert_eq!(
            indent(next),
            indent(line),
            "a mark sits right above its key: {next}"
        );
    }
}

#[test]
fn drafts_are_valid_under_the_latest_version_too() {
    for draft in [full(), Draft::default()] {
        let yaml = draft.to_yaml().replace(
            "publiccodeYmlVersion: \"0.4\"",
            "publiccodeYmlVersion: \"0\"",
        );
        assert_eq!(errors(&validate(&yaml)), [], "{yaml}");
    }
}

#[test]
fn hostile_strings_come_back_as_one_clean_line_and_inject_nothing() {
    let cases = [
        (
            "Medusa: \"the\" #1 - &a *b !tag %x @y `z` | > ? {a: b} [1, 2]",
            None,
        ),
        (
            "- item\n  key: value\n---\n...",
            Some("- item key: value --- ..."),
        ),
        ("a\u{0}b\u{7}c\u{1b}[31m\u{7f}", Some("abc[31m")),
        ("\u{202e}evil\u{2066} \u{feff}twin", Some("evil twin")),
        ("'single' and \"double\" and \\backslash\\", None),
        (
            "line\u{2028}sep\u{85}nel\r\ncr\rtab\tend",
            Some("line sep nel cr tab end"),
        ),
        ("* star", None),
        ("& anchor", None),
        ("! tag", None),
        ("% directive", None),
        ("@ at", None),
        ("#comment", None),
        ("no", None),
        ("", Some("TO FILL")),
    ];
    for (hostile, cleaned) in cases {
        let expected = cleaned.unwrap_or(hostile);
        let description = Description {
            short_description: Some(hostile.into()),
            long_description: Some(format!("{hostile}\n\n{}", hostile.repeat(20))),
            features: vec![hostile.into()],
        };
        let contact = Contact {
            name: hostile.into(),
            affiliation: Some(hostile.into()),
            ..Contact::default()
        };
        let draft = Draft {
            software_version: Some(hostile.into()),
            descriptions: BTreeMap::from([("en".into(), description)]),
            maintenance: Some(MaintenanceType::Community),
            contacts: vec![contact],
            ..Draft::new(hostile, "https://example.org/repo.git")
        };
        let yaml = draft.to_yaml();
        assert_eq!(errors(&validate(&yaml)), [], "{hostile:?}:\n{yaml}");
        assert_eq!(value_of(&yaml, "name", 0), expected, "{yaml}");
        if !expected.is_empty() && expected != "TO FILL" {
            assert_eq!(value_of(&yaml, "softwareVersion", 0), expected);
            assert_eq!(value_of(&yaml, "affiliation", 0), expected);
        }
        let keys = [
            "publiccodeYmlVersion",
            "legal",
            "maintenance",
            "localisation",
        ];
        let scalars = scalars(&yaml);
        assert!(
            keys.iter()
                .all(|k| scalars.iter().filter(|s| s == k).count() == 1),
            "{yaml}"
        );
    }
}

#[test]
fn long_texts_are_cut_to_their_limits_and_short_ones_completed() {
    let description = Description {
        short_description: Some("short ".repeat(40)),
        long_description: Some("long\n".repeat(3000)),
        features: Vec::new(),
    };
    let mut draft = full();
    draft.descriptions.insert("en".into(), description);
    draft.descriptions.insert(
        "de".into(),
        Description {
            long_description: Some("Zu kurz.".into()),
            ..Description::default()
        },
    );
    let yaml = draft.to_yaml();
    assert_eq!(errors(&validate(&yaml)), [], "{yaml}");
    let long = |nth| value_of(&yaml, "longDescription", nth);
    assert!(
        long(0).starts_with("Zu kurz.\n\nTO FILL: describe"),
        "de comes first: {}",
        long(0)
    );
    assert_eq!(long(1).chars().count(), 10_000);
    let short = value_of(&yaml, "shortDescription", 1);
    assert_eq!(
        (short.chars().count(), short.ends_with('…')),
        (150, true),
        "{short}"
    );
}

#[test]
fn values_vigie_got_wrong_become_placeholders_to_fill() {
    let mut draft = Draft::new("Medusa", "git@github.com:italia/medusa.git");
    draft.landing_url = Some("lutece.paris.fr".into());
    draft.license = Some("Apache 2".into());
    draft.available_languages = vec!["english".into()];
    draft
        .descriptions
        .insert("en_GB".into(), Description::default());
    draft.contacts = vec![Contact {
        name: "Jane".into(),
        email: Some("jane(at)x".into()),
        ..Contact::default()
    }];
    let yaml = draft.to_yaml();
    assert_eq!(errors(&validate(&yaml)), [], "{yaml}");
    assert_eq!(value_of(&yaml, "url", 0), "https://example.org/TO-FILL");
    assert_eq!(value_of(&yaml, "license", 0), "LicenseRef-TO-FILL");
    assert!(!yaml.contains("landingURL") && !yaml.contains("jane(at)x") && !yaml.contains("en_GB"));
    assert_eq!(value_of(&yaml, "availableLanguages", 0), "en");
}

#[test]
fn every_maintenance_type_gets_the_people_it_calls_for() {
    for kind in MaintenanceType::ALL.iter().copied().map(Some).chain([None]) {
        for contacts in [Vec::new(), full().contacts] {
            let draft = Draft {
                maintenance: kind,
                contacts,
                ..Draft::new("Medusa", "https://example.org/m.git")
            };
            let yaml = draft.to_yaml();
            assert_eq!(errors(&validate(&yaml)), [], "{kind:?}:\n{yaml}");
            assert_eq!(
                yaml.contains("contractors:"),
                kind == Some(MaintenanceType::Contract)
            );
        }
    }
}

#[test]
fn drafts_generated_from_every_mix_of_fields_are_valid() {
    let full = full();
    for mask in 0u32..1 << 10 {
        let has = |bit: u32| mask & (1 << bit) != 0;
        let pick = |bit, value: &Option<String>| if has(bit) { value.clone() } else { None };
        let draft = Draft {
            landing_url: pick(0, &full.landing_url),
            software_version: pick(1, &full.software_version),
            release_date: full.release_date.filter(|_| has(2)),
            development_status: full.development_status.filter(|_| has(3)),
            software_type: full.software_type.filter(|_| has(4)),
            license: pick(5, &full.license),
            platforms: if has(6) {
                full.platforms.clone()
            } else {
                Vec::new()
            },
            available_languages: if has(7) {
                full.available_languages.clone()
            } else {
                Vec::new()
            },
            descriptions: if has(8) {
                full.descriptions.clone()
            } else {
                BTreeMap::new()
            },
            contacts: if has(9) {
                full.contacts.clone()
            } else {
                Vec::new()
            },
            ..Draft::new(full.name.clone(), full.url.clone())
        };
        let yaml = draft.to_yaml();
        assert_eq!(errors(&validate(&yaml)), [], "mask {mask:#b}:\n{yaml}");
    }
}

/// Writes the expected drafts anew: `cargo test -- --ignored write_expected_drafts`.
#[test]
#[ignore]
fn write_expected_drafts() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/publiccode/draft-full.yml");
    std::fs::write(path, full().to_yaml()).expect("the expected draft is written");
}
