//! The explanations users read, through [`Config::load`]: each names the
//! file, the line, the key and the fix.

use super::*;
use crate::config::testing::{check, error};

#[test]
fn unknown_keys_say_which_are_allowed() {
    let err = error("[server]\nadress = \"x\"\n");
    assert!(
        err.ends_with(
            "vigie.toml: line 2, key server.adress: unknown field `adress`. \
             Fix: did you mean `address`? Allowed keys here: address."
        ),
        "{err}"
    );

    // A [[sources]] entry: the line of the key, not of the header.
    let err = error(
        "[[sources]]\nkind = \"git-log\"\npath = \"a\"\n\n\
         [[sources]]\nkind = \"git\"\nurls = []\nurl = \"x\"\n",
    );
    check(&err, 8, "sources[1].url", "did you mean `urls`?");
    assert!(
        err.contains("Allowed keys here: kind, urls, paths, stats, refs, exclude, every."),
        "{err}"
    );
    let err = error("[[sources]]\nkind = \"gitlab\"\ngroup = [\"fdroid\"]\n");
    check(&err, 3, "sources[0].group", "did you mean `groups`?");
    let err = error("[[sources]]\nkind = \"git-log\"\npath = \"a\"\nevry = \"1h\"\n");
    check(&err, 4, "sources[0].evry", "did you mean `every`?");

    let err = error("[sever]\naddress = \"127.0.0.1:3000\"\n");
    check(&err, 1, "sever", "did you mean `server`?");
    let err = error("[thresholds]\nwhatever = 1\n");
    check(&err, 2, "thresholds.whatever", "remove it, or use one of");
    assert!(err.contains("drifting_after_months"), "{err}");
    let err = error("[[affiliations]]\ndomain = \"a.fr\"\norganization = \"A\"\n");
    check(
        &err,
        3,
        "affiliations[0].organization",
        "did you mean `organisation`?",
    );
}

#[test]
fn source_kinds_intervals_and_types() {
    let err = error("[[sources]]\nkind = \"gitub\"\norganisations = [\"x\"]\n");
    check(&err, 2, "sources[0].kind", "did you mean \"github\"?");
    assert!(
        err.contains("\"git\", \"git-log\", \"github\", \"gitlab\""),
        "{err}"
    );
    let err = error("[[sources]]\norganisations = [\"x\"]\n");
    check(&err, 1, "sources[0].kind", "add `kind = \"git\"`");

    let err = error("[[sources]]\nkind = \"git-log\"\npath = \"a\"\nevery = \"soon\"\n");
    check(&err, 4, "sources[0].every", "write a number and a unit");
    assert!(err.contains("“soon” is not an interval"), "{err}");
    let err = error("[schedule]\nevery = \"0h\"\n");
    check(&err, 2, "schedule.every", "write \"off\"");

    let err = error("[thresholds]\ncore_percent = \"80\"\n");
    check(
        &err,
        2,
        "thresholds.core_percent",
        "write the number without quotes: `core_percent = 80`",
    );
    assert!(
        err.contains("wrong type: text where a whole number"),
        "{err}"
    );
    // In a [[sources]] entry, too.
    let err = error("[[sources]]\nkind = \"gitlab\"\ngroups = [\"a\"]\nconcurrency = \"4\"\n");
    check(
        &err,
        4,
        "sources[0].concurrency",
        "write the number without quotes",
    );
    let err = error("[[sources]]\nkind = \"git\"\nurls = \"https://x/y.git\"\n");
    check(&err, 3, "sources[0].urls", "write a list in brackets");
    let err = error("[auth]\nsecure_cookies = \"no\"\n");
    check(
        &err,
        2,
        "auth.secure_cookies",
        "write `secure_cookies = true` or",
    );
    let err = error("[thresholds]\naway_after_months = -3\n");
    check(
        &err,
        2,
        "thresholds.away_after_months",
        "write a whole number",
    );
    let err = error("[server]\naddress = \"localhost\"\n");
    check(&err, 2, "server.address", "write an IP address and a port");
    let err = error("[[affiliations]]\ndomain = \"a.fr\"\norganisation = \"A\"\nfrom = \"2019\"\n");
    check(&err, 4, "affiliations[0].from", "write the date in quotes");
    let err = error("[[affiliations]]\ndomain = \"a.fr\"\norganisation = \"A\"\nto = 2019-06-30\n");
    check(&err, 4, "affiliations[0].to", "write the date in quotes");
    assert!(err.contains("a date without quotes"), "{err}");
    let err = error("[identities]\nbot_patterns = [\"^ci@\", 3]\n");
    check(
        &err,
        2,
        "identities.bot_patterns[1]",
        "put each item of the list in double quotes",
    );
    let err = error("[[sources]]\nkind = \"git\"\n\nurls = [\"a\", 3]\n");
    check(
        &err,
        4,
        "sources[0].urls",
        "put each item of the list in double quotes",
    );

    // Tables and lists of tables mixed up.
    let err = error("[sources]\nkind = \"git\"\n");
    check(
        &err,
        1,
        "sources",
        "write each entry under its own `[[sources]]` header",
    );
    let err = error("[[server]]\naddress = \"127.0.0.1:3000\"\n");
    check(
        &err,
        1,
        "server",
        "write `[server]`, with one pair of brackets",
    );
}

#[test]
fn syntax_errors() {
    let err = error("[server]\naddress = 127.0.0.1:3000\n");
    assert!(err.contains("line 2, column "), "{err}");
    assert!(
        err.contains("key server.address: TOML syntax error"),
        "{err}"
    );
    assert!(err.contains("Fix: put text in double quotes"), "{err}");
    let err = error("[store]\ndatabase = \"a.duckdb\"\n\n[server\naddress = \"x\"\n");
    assert!(err.contains("line 4, column 8, key server: "), "{err}");
    let err =
        error("[[sources]]\nkind = \"git\"\n[[sources]]\nkind = \"git\"\nkind = \"git-log\"\n");
    assert!(
        err.contains("line 5, column 1, key sources[1].kind: TOML syntax error: duplicate key"),
        "{err}"
    );
}

#[test]
fn tokens_come_from_the_environment() {
    let err =
        error("[[sources]]\nkind = \"github\"\norganisations = [\"x\"]\ntoken = \"ghp_s3cret\"\n");
    check(
        &err,
        4,
        "sources[0].token",
        "tokens are read from the environment: set token_env = [\"GITHUB_TOKEN\"] \
         and export GITHUB_TOKEN",
    );
    assert!(!err.contains("s3cret"), "{err}");
    let err = error("[[sources]]\nkind = \"gitlab\"\ngroups = [\"x\"]\ntoken = \"glpat-s3cret\"\n");
    assert!(err.contains("export GITLAB_TOKEN"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
    // A token where the names of variables go is not repeated either.
    let err = error("[[sources]]\nkind = \"github\"\ntoken_env = \"ghp_s3cret\"\n");
    check(&err, 3, "sources[0].token_env", "write a list in brackets");
    assert!(!err.contains("s3cret"), "{err}");
}

/// Files with one mistake of each kind the model reports.
const MISTAKES: [&str; 12] = [
    "[server]\nadress = \"x\"\n",
    "[sever]\naddress = \"127.0.0.1:3000\"\n",
    "[[sources]]\nkind = \"git\"\nurls = []\nurl = \"x\"\n",
    "[[sources]]\nkind = \"github\"\norganisations = [\"x\"]\ntoken = \"ghp_s3cret\"\n",
    "[[sources]]\nkind = \"gitub\"\norganisations = [\"x\"]\n",
    "[[sources]]\norganisations = [\"x\"]\n",
    "[[sources]]\nkind = \"gitlab\"\ngroups = [\"a\"]\nconcurrency = \"4\"\n",
    "[schedule]\nevery = \"0h\"\n",
    "[thresholds]\naway_after_months = -3\n",
    "[[affiliations]]\ndomain = \"a.fr\"\norganisation = \"A\"\nto = 2019-06-30\n",
    "[sources]\nkind = \"git\"\n",
    "[[server]]\naddress = \"127.0.0.1:3000\"\n",
];

#[test]
fn explanations_do_not_depend_on_the_parser_s_wording() {
    // A `toml` release that words its messages otherwise (or in another
    // language) must not change what users read.
    for text in MISTAKES {
        let error = toml::from_str::<Config>(text).expect_err(text);
        let explained = explain(text, &error);
        let reworded = explain_at(text, error.span(), "le champ est inconnu");
        assert_eq!(reworded, explained, "{text}");
        assert!(explained.contains("Fix: "), "{text}: {explained}");
        assert!(!explained.contains("s3cret"), "{explained}");
    }
    // Syntax errors quote the parser, but the place and the fix are read
    // from the file.
    for text in [
        "[server]\naddress = 127.0.0.1:3000\n",
        "[store]\ndatabase = \"a.duckdb\"\n\n[server\naddress = \"x\"\n",
        "[[sources]]\nkind = \"git\"\n[[sources]]\nkind = \"git\"\nkind = \"git-log\"\n",
    ] {
        let error = toml::from_str::<Config>(text).expect_err(text);
        let explained = explain(text, &error);
        let reworded = explain_at(text, error.span(), "quelque chose cloche");
        let without = |m: &str, said: &str| m.replacen(said, "", 1);
        assert_eq!(
            without(&reworded, "quelque chose cloche"),
            without(&explained, error.message()),
            "{text}"
        );
    }
}

#[test]
fn the_model_reports_each_mistake_as_data() {
    let mistake = |text: &str| {
        let doc = toml::de::DeTable::parse(text).unwrap();
        replay::<Config>(doc.get_ref(), doc.span()).expect(text)
    };
    let unknown = mistake("[server]\nadress = \"x\"\n");
    assert_eq!(unknown.path, [Step::from("server"), Step::from("adress")]);
    assert!(
        matches!(&unknown.kind, Kind::UnknownField { field, known } if field == "adress" && *known == ["address"]),
        "{unknown:?}"
    );
    let quoted = mistake("[thresholds]\ncore_percent = \"80\"\n");
    assert!(
        matches!(&quoted.kind, Kind::WrongValue { found: Found::Text { digits: Some(n) }, type_error: true, .. } if n == "80"),
        "{quoted:?}"
    );
    let missing = mistake("[[sources]]\norganisations = [\"x\"]\n");
    assert_eq!(missing.kind, Kind::MissingField("kind"));
    assert_eq!(missing.path, [Step::from("sources"), Step::Index(0)]);
    let doc = toml::de::DeTable::parse("[server]\naddress = \"127.0.0.1:1\"\n").unwrap();
    assert_eq!(replay::<Config>(doc.get_ref(), doc.span()), None);
}
