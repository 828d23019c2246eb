//! `validate` on valid files, then one invalid file per family of rules.

use vigie_ingest::estate::publiccode::{validate, Version};

use super::{check, errors, read, warnings};

#[test]
fn the_standards_example_is_valid_but_for_its_deprecated_country_section() {
    let report = check("example.yml");
    assert_eq!(
        report.version,
        Some(Version::V0_7),
        "\"0\" is the latest 0.x"
    );
    assert_eq!(errors(&report), []);
    let deprecated = "country-specific sections are deprecated since 0.7";
    assert_eq!(warnings(&report), [(114, "IT", deprecated)]);
}

#[test]
fn the_standards_minimal_example_has_no_problem_at_all() {
    assert_eq!(check("minimal.yml").problems, []);
}

#[test]
fn the_example_shipped_with_0_4_0_breaks_the_rules_of_the_0_2_it_declares() {
    let report = check("example-v0.4.0.yml");
    assert_eq!(report.version, Some(Version::V0_2));
    let short = "is 134 characters long, under the minimum of 500";
    let missing = "`genericName` is missing; it is mandatory";
    let expected = [
        (40, "description.en.genericName", missing),
        (48, "description.en.longDescription", short),
    ];
    assert_eq!(errors(&report), expected);
}

#[test]
fn that_example_declared_0_4_and_lengthened_is_valid_with_a_deprecation() {
    let report = check("valid-0.4.yml");
    assert_eq!(errors(&report), []);
    let deprecated = "`authorsFile` is deprecated since 0.4";
    assert_eq!(warnings(&report), [(76, "legal.authorsFile", deprecated)]);
}

#[test]
fn a_file_meeting_the_rules_of_0_2_is_valid_without_warnings() {
    assert_eq!(check("valid-0.2.yml").problems, []);
}

#[test]
fn the_same_file_read_as_0_3_warns_of_what_0_3_deprecated() {
    let text = read("valid-0.2.yml").replace("\"0.2.1\"", "\"0.3\"");
    let report = validate(&text);
    assert_eq!(errors(&report), []);
    let keys: Vec<&str> = warnings(&report).iter().map(|w| w.1).collect();
    let deprecated = ["monochromeLogo", "inputTypes", "description.en.genericName"];
    assert_eq!(keys, deprecated);
}

#[test]
fn features_are_limited_to_100_characters_in_0_2_only() {
    let long = "A feature described at great length, well past the hundred characters that \
                version 0.2 allowed, which 0.3 lifted.";
    let text = read("valid-0.2.yml").replace("Just one feature", long);
    let too_long = "is 113 characters long, over the maximum of 100";
    assert_eq!(
        errors(&validate(&text)),
        [(44, "description.en.features[0]", too_long)]
    );
    let text = text.replace("\"0.2.1\"", "\"0.3\"");
    assert_eq!(errors(&validate(&text)), []);
}

#[test]
fn a_release_date_goes_with_a_software_version_until_0_4() {
    let text = read("valid-0.2.yml").replace("releaseDate: \"2017-04-15\"\n", "");
    let missing = "`releaseDate` is missing; version 0.2 requires it with `softwareVersion`";
    assert_eq!(errors(&validate(&text)), [(4, "releaseDate", missing)]);
    let text = read("valid-0.4.yml").replace("releaseDate: \"2017-04-15\"\n", "");
    assert_eq!(errors(&validate(&text)), []);
}

#[test]
fn a_file_that_is_not_yaml_is_one_problem_where_the_parser_stopped() {
    let report = check("not-yaml.yml");
    let message = "the file is not valid YAML: mapping values are not allowed in this context";
    assert_eq!(errors(&report), [(3, "", message)]);
    assert_eq!((report.problems[0].column, report.version), (6, None));
}

#[test]
fn a_document_other_than_one_mapping_is_one_problem() {
    let not_a_mapping = "the file is not a mapping of keys to values";
    assert_eq!(
        errors(&validate("# comment\n- name: Medusa\n")),
        [(2, "", not_a_mapping)]
    );
    assert_eq!(
        errors(&validate("\u{feff}# only a comment\n")),
        [(1, "", "the file is empty")]
    );
    let two = "publiccodeYmlVersion: \"0.4\"\n---\npubliccodeYmlVersion: \"0.4\"\n";
    let second = "the file holds more than one YAML document";
    assert_eq!(errors(&validate(two)), [(2, "", second)]);
}

#[test]
fn a_missing_or_unknown_version_is_one_problem() {
    let report = check("unknown-version.yml");
    let unknown = "`0.1` is not a version this checker knows";
    assert_eq!(errors(&report), [(2, "publiccodeYmlVersion", unknown)]);
    assert!(
        report.problems[0].fix.contains("\"0.4\""),
        "{}",
        report.problems[0]
    );
    let missing = "`publiccodeYmlVersion` is missing, so the rules to check are unknown";
    assert_eq!(
        errors(&validate("name: Medusa\n")),
        [(1, "publiccodeYmlVersion", missing)]
    );
}

#[test]
fn an_unquoted_version_is_an_error_but_still_picks_the_rules() {
    let text = read("valid-0.4.yml").replace("\"0.4\"", "0.4");
    let report = validate(&text);
    assert_eq!(report.version, Some(Version::V0_4));
    let number = "should be a text, but is `0.4`, a number";
    assert_eq!(errors(&report), [(3, "publiccodeYmlVersion", number)]);
    assert_eq!(report.problems[0].fix, "put it in quotes: \"0.4\"");
}

#[test]
fn missing_mandatory_keys_are_reported_at_the_key_that_should_hold_them() {
    let report = check("missing-keys.yml");
    let missing = |key| format!("`{key}` is missing; it is mandatory");
    let expected = [
        (1, "name", missing("name")),
        (1, "platforms", missing("platforms")),
        (1, "maintenance", missing("maintenance")),
        (
            8,
            "description.en.shortDescription",
            missing("shortDescription"),
        ),
        (16, "legal.license", missing("license")),
        (
            18,
            "localisation.localisationReady",
            missing("localisationReady"),
        ),
    ];
    let found: Vec<_> = errors(&report)
        .into_iter()
        .map(|(l, k, m)| (l, k, m.to_owned()))
        .collect();
    assert_eq!(found, expected);
    let fix = &report.problems[4].fix;
    assert_eq!(
        fix,
        "add `license:` under `legal` with an SPDX expression, such as EUPL-1.2"
    );
}

#[test]
fn values_of_the_wrong_type_say_what_they_are_and_how_to_write_them() {
    let report = check("wrong-types.yml");
    let expected = [
        (2, "name", "should be a text, but is empty"),
        (
            4,
            "softwareVersion",
            "should be a text, but is `1.0`, a number",
        ),
        (7, "platforms", "should be a list, but is a mapping"),
        (
            10,
            "usedBy",
            "should be a list, but is the text `Comune di Roma`",
        ),
        (
            29,
            "maintenance.contacts[0].phone",
            "should be a text, but is `+3923113215112`, a number",
        ),
        (
            31,
            "localisation.localisationReady",
            "should be true or false, but is the text `yes`",
        ),
        (
            37,
            "dependsOn.open[0].version",
            "should be a text, but is `3.2`, a number",
        ),
    ];
    assert_eq!(errors(&report), expected);
    let fixes: Vec<&str> = report.problems.iter().map(|p| p.fix.as_str()).collect();
    assert_eq!(fixes[1], "put it in quotes: \"1.0\"");
    assert_eq!(
        fixes[3],
        "write it as a list, its item on a line of its own: `- Comune di Roma`"
    );
    assert!(
        fixes[5].contains("YAML 1.2 reads yes, no, on and off as text"),
        "{}",
        fixes[5]
    );
}

#[test]
fn lengths_are_counted_in_characters_not_bytes() {
    let report = check("lengths.yml");
    let expected = [
        (
            12,
            "description.en.genericName",
            "is 36 characters long, over the maximum of 35",
        ),
        (
            13,
            "description.en.shortDescription",
            "is 151 characters long, over the maximum of 150",
        ),
        (
            14,
            "description.en.longDescription",
            "is 40 characters long, under the minimum of 150",
        ),
    ];
    assert_eq!(errors(&report), expected);
    let deprecated = "`genericName` is deprecated since 0.3";
    assert_eq!(
        warnings(&report),
        [(12, "description.en.genericName", deprecated)]
    );
}

#[test]
fn enumerated_values_must_match_exactly() {
    let report = check("enumerations.yml");
    let expected = [
        (7, "developmentStatus", "`Stable` is not an allowed value"),
        (8, "softwareType", "`standalone` is not an allowed value"),
        (22, "maintenance.type", "`vendor` is not an allowed value"),
    ];
    assert_eq!(errors(&report), expected);
    let fixes: Vec<&str> = report.errors().map(|p| p.fix.as_str()).collect();
    assert_eq!(fixes[0], "write `stable`: values are case-sensitive");
    assert!(fixes[1].contains("standalone/web"), "{}", fixes[1]);
    assert_eq!(
        fixes[2],
        "write one of: internal, contract, community, none"
    );
    let platform = "`Linux` is the predefined platform `linux` written differently";
    assert_eq!(
        warnings(&report),
        [(5, "platforms[0]", platform)],
        "Amiga is allowed"
    );
}

#[test]
fn categories_scopes_and_countries_come_from_the_lists_of_the_version() {
    let report = check("vocabularies.yml");
    let expected = [
        (
            8,
            "categories[1]",
            "`other` is a category only since version 0.5",
        ),
        (9, "categories[2]", "`cms` is not in the list of categories"),
        (
            13,
            "intendedAudience.scope[1]",
            "`health` is not in the list of scopes",
        ),
        (
            17,
            "intendedAudience.countries[2]",
            "`xx` is not an ISO 3166-1 alpha-2 country code",
        ),
    ];
    assert_eq!(errors(&report), expected);
    let case = "version 0.4 writes country codes in lowercase (`DE`)";
    assert_eq!(
        warnings(&report),
        [(16, "intendedAudience.countries[1]", case)]
    );
}

#[test]
fn from_0_5_country_codes_are_uppercase_and_categories_optional() {
    let text = read("vocabularies.yml")
        .replace("\"0.4\"", "\"0.5\"")
        .replace("  - cms\n", "");
    let report = validate(&text);
    assert_eq!(errors(&report).len(), 2, "health and xx: {report:?}");
    let lowercase = "lowercase country codes are deprecated since 0.5 (`it`)";
    assert_eq!(
        warnings(&report),
        [(14, "intendedAudience.countries[0]", lowercase)]
    );
    let text = read("minimal.yml").replace("\"0\"", "\"0.5\"");
    assert_eq!(validate(&text).problems, [], "no categories");
}

#[test]
fn language_tags_are_bcp_47_with_two_letter_codes_where_iso_639_1_has_them() {
    let report = check("languages.yml");
    let expected = [
        (
            8,
            "description.en_US",
            "`en_US` is not a BCP 47 language tag",
        ),
        (
            17,
            "description.eng",
            "`eng` uses the three-letter code `eng`",
        ),
        (
            27,
            "localisation.availableLanguages[1]",
            "`english` does not start with an ISO 639 language code",
        ),
        (
            28,
            "localisation.availableLanguages[2]",
            "`x-klingon` does not start with an ISO 639 language code",
        ),
    ];
    assert_eq!(errors(&report), expected);
    let fixes: Vec<&str> = report.errors().map(|p| p.fix.as_str()).collect();
    assert_eq!(fixes[0], "separate its parts with hyphens: `en-US`");
    assert!(fixes[1].ends_with("write `en`"), "{}", fixes[1]);
}

#[test]
fn long_description_and_features_are_needed_in_one_language_not_each() {
    let report = check("languages.yml");
    assert!(!errors(&report)
        .iter()
        .any(|e| e.1.starts_with("description.eng.")));
    let text = read("minimal.yml").replace("    features:\n      - Just one feature\n", "");
    let missing = "no language has `features`; at least one must";
    assert_eq!(
        errors(&validate(&text)),
        [(13, "description.en.features", missing)]
    );
}

#[test]
fn dates_urls_files_and_addresses_are_checked_by_their_form() {
    let report = check("dates-and-urls.yml");
    let expected = [
        (
            3,
            "url",
            "`git@github.com:italia/medusa.git` is not a full URL",
        ),
        (
            4,
            "landingURL",
            "`ftp://example.com/medusa` is not a web address",
        ),
        (
            7,
            "isBasedOn[1]",
            "`github.com/italia/otello` is not a full URL",
        ),
        (
            8,
            "releaseDate",
            "`15/04/2017` is not a date written YYYY-MM-DD",
        ),
        (9, "logo", "`img/logo.gif` is not an SVG, SVGZ or PNG file"),
        (
            23,
            "description.en.documentation",
            "`https://read the docs/medusa` contains spaces",
        ),
        (
            27,
            "description.en.screenshots[0]",
            "`img/sshot1.webp` is not a PNG or JPEG file",
        ),
        (
            34,
            "maintenance.contractors[0].email",
            "`dario.bianchi(at)fornitore.it` is not an e-mail address",
        ),
        (
            35,
            "maintenance.contractors[0].until",
            "`2023-02-29` is not a day of the calendar",
        ),
    ];
    assert_eq!(errors(&report), expected);
    let fix = &report.problems[0].fix;
    assert_eq!(
        fix,
        "write the repository's https:// address instead of its SSH one"
    );
}

#[test]
fn the_licence_is_a_strict_spdx_expression_and_deprecated_identifiers_get_their_successor() {
    let report = check("licence.yml");
    let deprecated =
        "`GPL-3.0` is not a valid SPDX expression: a deprecated license identifier was used (`GPL-3.0`)";
    assert_eq!(errors(&report), [(18, "legal.license", deprecated)]);
    assert_eq!(report.problems[0].fix, "write `GPL-3.0-only`");
    let text = read("licence.yml").replace("GPL-3.0", "EUPL-1.2 OR CC-BY-NC-4.0");
    let not_free = "`CC-BY-NC-4.0` is neither OSI-approved nor a free licence for the FSF";
    assert_eq!(
        warnings(&validate(&text)),
        [(18, "legal.license", not_free)]
    );
}

#[test]
fn from_0_5_contractors_are_only_for_maintenance_by_contract() {
    let report = check("maintenance.yml");
    let expected = [
        (
            20,
            "maintenance.contacts",
            "community maintenance needs its contacts",
        ),
        (
            22,
            "maintenance.contractors",
            "contractors must not be given when the maintenance type is `community`",
        ),
    ];
    assert_eq!(errors(&report), expected);
    let text = read("maintenance.yml").replace("\"0.5\"", "\"0.4\"");
    let categories = (2, "categories", "`categories` is missing; it is mandatory");
    assert_eq!(
        errors(&validate(&text)),
        [categories, expected[0]],
        "and 0.4 asks for categories"
    );
    let text = read("maintenance.yml").replace("type: community", "type: contract");
    assert_eq!(validate(&text).problems, []);
}

#[test]
fn maintenance_by_contract_needs_contractors() {
    let text = read("maintenance.yml").replace("type: community", "type: contract");
    let text = text.replace(
        "  contractors:\n    - name: Fornitore Privato SPA\n      until: \"2019-01-01\"\n",
        "",
    );
    let missing = "maintenance by contract needs its contractors";
    assert_eq!(
        errors(&validate(&text)),
        [(20, "maintenance.contractors", missing)]
    );
}

#[test]
fn unknown_keys_are_warnings_and_a_key_written_twice_an_error() {
    let report = check("keys.yml");
    let warned = [
        (
            6,
            "LandingURL",
            "`LandingURL` is not a key; keys are case-sensitive",
        ),
        (
            7,
            "x-vigie-score",
            "`x-vigie-score` is not a key of publiccode.yml 0.4",
        ),
        (
            8,
            "organisation",
            "`organisation` came with version 0.5; this file declares 0.4",
        ),
        (
            18,
            "description.en.summary",
            "`summary` is not a key of publiccode.yml 0.4",
        ),
        (
            28,
            "legal.authorsFile",
            "`authorsFile` is deprecated since 0.4",
        ),
    ];
    assert_eq!(warnings(&report), warned, "the `it:` section is known");
    assert_eq!(
        errors(&report),
        [(35, "name", "`name` is written twice in this mapping")]
    );
}

#[test]
fn country_sections_are_deprecated_lowercase_from_0_5_and_all_from_0_7() {
    let text = read("valid-0.2.yml");
    let at = |version: &str| {
        let report = validate(&text.replace("\"0.2.1\"", version));
        warnings(&report)
            .into_iter()
            .filter(|w| w.1 == "it")
            .map(|w| w.2.to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(at("\"0.4\""), Vec::<String>::new());
    assert_eq!(
        at("\"0.6\""),
        ["lowercase country sections are deprecated since 0.5"]
    );
    assert_eq!(
        at("\"0.7.0\""),
        ["country-specific sections are deprecated since 0.7"]
    );
}

#[test]
fn supports_ids_are_listed_aliases_or_uris_and_organisations_need_their_keys() {
    let report = check("supports.yml");
    let expected = [
        (
            10,
            "supports[2].id",
            "`hipaa` is not in the list of aliases",
        ),
        (11, "supports[3].id", "`GDPR` is not a full URL"),
        (12, "supports[4].id", "`id` is missing; it is mandatory"),
        (19, "fundedBy[1].name", "`name` is missing; it is mandatory"),
    ];
    assert_eq!(errors(&report), expected);
    let unknown = "`name` is not a key of publiccode.yml 0.7";
    assert_eq!(warnings(&report), [(12, "supports[4].name", unknown)]);
}

#[test]
fn aliases_windows_line_ends_and_a_byte_order_mark_are_read_as_yaml_reads_them() {
    let features = "    features:\n      - Just one feature\n";
    let aliased = "    features: &features\n      - Just one feature\n    awards: *features\n";
    let text = read("minimal.yml").replace(features, aliased);
    assert!(text.contains("*features"));
    let text = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert_eq!(validate(&text).problems, []);
}

#[test]
fn problems_print_as_line_column_severity_key_message_and_fix() {
    let report = check("licence.yml");
    let printed = report.problems[0].to_string();
    assert!(
        printed.starts_with("18:12: error: legal.license: `GPL-3.0` is not"),
        "{printed}"
    );
    assert!(
        printed.ends_with("(fix: write `GPL-3.0-only`)"),
        "{printed}"
    );
}
