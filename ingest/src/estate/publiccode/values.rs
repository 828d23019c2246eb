//! Checks of single values: dates, URLs, URNs, e-mail addresses, language
//! tags, country codes, SPDX expressions, file types. Each says what is
//! wrong and how to fix it, without the key, which the caller adds.

use chrono::NaiveDate;
use oxilangtag::LanguageTag;

use super::{vocab, Version};

/// What is wrong with a value, and how to put it right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bad {
    pub message: String,
    pub fix: String,
}

pub(super) fn bad(message: impl Into<String>, fix: impl Into<String>) -> Bad {
    Bad {
        message: message.into(),
        fix: fix.into(),
    }
}

/// A text of `min` to `max` characters (Unicode scalar values: a letter
/// with a combining accent counts two).
pub(super) fn length(text: &str, min: usize, max: Option<usize>) -> Result<(), Bad> {
    let n = text.chars().count();
    if n < min {
        let message = format!("is {n} characters long, under the minimum of {min}");
        return Err(bad(message, format!("write at least {min} characters")));
    }
    match max.filter(|max| n > *max) {
        Some(max) => Err(bad(
            format!("is {n} characters long, over the maximum of {max}"),
            format!("shorten it to {max} characters at most"),
        )),
        None => Ok(()),
    }
}

/// A date as the standard writes them: `YYYY-MM-DD` and nothing else, and a
/// day that exists.
pub(super) fn date(text: &str) -> Result<(), Bad> {
    let shaped = text.len() == 10
        && text.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    let number = |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse().ok());
    let day = match (shaped, number(0..4), number(5..7), number(8..10)) {
        (true, Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    };
    match day {
        Some(_) => Ok(()),
        None if shaped => Err(bad(
            format!("`{text}` is not a day of the calendar"),
            "write a date that exists, as YYYY-MM-DD",
        )),
        None => Err(bad(
            format!("`{text}` is not a date written YYYY-MM-DD"),
            "write the date as YYYY-MM-DD in quotes, such as \"2017-04-15\"",
        )),
    }
}

/// An absolute URL: a scheme, `://`, a host, and no spaces. `web` asks for
/// `http` or `https`, as for pages people open; a repository's `url` may be
/// `git://` or `svn://` too.
pub(super) fn url(text: &str, web: bool) -> Result<(), Bad> {
    let fix = "write the full address, starting with https://";
    if text.contains(char::is_whitespace) || text.contains(char::is_control) {
        return Err(bad(format!("`{text}` contains spaces"), fix));
    }
    let Some((scheme, rest)) = text.split_once("://").filter(|(s, _)| is_scheme(s)) else {
        let fix = if text.starts_with("git@") {
            "write the repository's https:// address instead of its SSH one"
        } else {
            fix
        };
        return Err(bad(format!("`{text}` is not a full URL"), fix));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Err(bad(format!("`{text}` has no host name"), fix));
    }
    if web && !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(bad(format!("`{text}` is not a web address"), fix));
    }
    Ok(())
}

fn is_scheme(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// A URI naming something: a URL, or a URN such as
/// `urn:x-italian-pa:c_h501` (RFC 8141: `urn:`, a namespace, a name).
pub(super) fn uri(text: &str) -> Result<(), Bad> {
    let urn = text.get(..4).filter(|p| p.eq_ignore_ascii_case("urn:"));
    let Some(rest) = urn.and_then(|_| text.get(4..)) else {
        return url(text, false)
            .map_err(|e| bad(e.message, "write a URL (https://…) or a URN (urn:…)"));
    };
    let namespace_ok = |nid: &str| {
        (2..=32).contains(&nid.len())
            && nid.starts_with(|c: char| c.is_ascii_alphanumeric())
            && nid.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    match rest.split_once(':') {
        Some((nid, name)) if namespace_ok(nid) && !name.is_empty() && !text.contains(' ') => Ok(()),
        _ => Err(bad(
            format!("`{text}` is not a valid URN"),
            "write urn:<namespace>:<name>, such as urn:x-italian-pa:c_h501",
        )),
    }
}

/// An e-mail address: something, `@`, a domain with a dot, no spaces.
pub(super) fn email(text: &str) -> Result<(), Bad> {
    let ok = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !text.contains(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(bad(
            format!("`{text}` is not an e-mail address"),
            "write one address, such as name@example.org",
        ))
    }
}

/// A BCP 47 language tag with its primary language subtag: well-formed
/// (RFC 5646), two letters where ISO 639-1 has a code (`en`, not `eng`).
pub(super) fn language(tag: &str) -> Result<(), Bad> {
    if tag.contains('_') {
        return Err(bad(
            format!("`{tag}` is not a BCP 47 language tag"),
            format!(
                "separate its parts with hyphens: `{}`",
                tag.replace('_', "-")
            ),
        ));
    }
    let Ok(parsed) = LanguageTag::parse(tag) else {
        return Err(bad(
            format!("`{tag}` is not a BCP 47 language tag"),
            "write a tag such as en, it, de-CH or sl-IT-nedis",
        ));
    };
    let primary = parsed.primary_language().to_ascii_lowercase();
    let known = match primary.len() {
        2 => vocab::is_iso_639_1(&primary),
        3 => {
            if let Some(two) = vocab::iso_639_1_of(&primary) {
                return Err(bad(
                    format!("`{tag}` uses the three-letter code `{primary}`"),
                    format!("BCP 47 takes the ISO 639-1 code where there is one: write `{two}`"),
                ));
            }
            true
        }
        // Private-use (`x-…`) and grandfathered (`i-…`) tags lack the primary
        // language the standard asks for; 4 to 8 letters are reserved by
        // RFC 5646 and none is assigned.
        _ => false,
    };
    if known {
        Ok(())
    } else {
        Err(bad(
            format!("`{tag}` does not start with an ISO 639 language code"),
            "start it with a language code such as en, fr or it",
        ))
    }
}

/// A country code: an ISO 3166-1 alpha-2 code, uppercase as from 0.5
/// (lowercase still read, but deprecated), lowercase before. `Ok` may carry
/// a warning.
pub(super) fn country(code: &str, version: Version) -> Result<Option<Bad>, Bad> {
    let upper = code.to_ascii_uppercase();
    let single_case = code == upper || code == code.to_ascii_lowercase();
    if !single_case || !vocab::is_country(&upper) {
        return Err(bad(
            format!("`{code}` is not an ISO 3166-1 alpha-2 country code"),
            "write a two-letter code such as IT, DE or NL",
        ));
    }
    let lower = upper.to_ascii_lowercase();
    Ok(match (version.uppercase_countries(), code == upper) {
        (true, false) => Some(bad(
            format!("lowercase country codes are deprecated since 0.5 (`{code}`)"),
            format!("write `{upper}`"),
        )),
        (false, true) => Some(bad(
            format!("version {version} writes country codes in lowercase (`{code}`)"),
            format!("write `{lower}`, or declare version 0.5 or later, which writes `{upper}`"),
        )),
        _ => None,
    })
}

/// An SPDX licence expression (strict: listed, current identifiers). `Ok`
/// carries warnings: licences that are neither OSI-approved nor free for
/// the FSF, and `LicenseRef-` licences, which SPDX does not list.
pub(super) fn licence(text: &str) -> Result<Vec<Bad>, Bad> {
    let expression = spdx::Expression::parse(text).map_err(|e| {
        let term = text.get(e.span.clone()).unwrap_or(text);
        let fix = match spdx::Expression::canonicalize(text) {
            Ok(Some(canonical)) if spdx::Expression::parse(&canonical).is_ok() => {
                format!("write `{canonical}`")
            }
            _ => "write SPDX identifiers (https://spdx.org/licenses/) joined by AND, OR, WITH, \
                  such as EUPL-1.2 or MIT OR Apache-2.0"
                .to_owned(),
        };
        bad(
            format!(
                "`{text}` is not a valid SPDX expression: {} (`{term}`)",
                e.reason
            ),
            fix,
        )
    })?;
    let mut warnings = Vec::new();
    for requirement in expression.requirements() {
        let name = requirement.req.license.to_string();
        match requirement.req.license.id() {
            Some(id) if id.is_osi_approved() || id.is_fsf_free_libre() => {}
            Some(_) => warnings.push(bad(
                format!("`{name}` is neither OSI-approved nor a free licence for the FSF"),
                "publiccode.yml is for open-source software: check the licence",
            )),
            None => warnings.push(bad(
                format!("`{name}` is not on the SPDX licence list, so catalogues cannot know it"),
                "use an SPDX identifier if the licence has one",
            )),
        }
    }
    Ok(warnings)
}

/// A file's type by its extension (of the path, before any `?query`).
pub(super) fn file_type(path: &str, allowed: &[&str], what: &str) -> Result<(), Bad> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if extension.is_some_and(|e| allowed.contains(&e.as_str())) {
        return Ok(());
    }
    let list = allowed.join(", .");
    let fix = format!("point to a file ending in .{list}");
    Err(bad(format!("`{path}` is not {what} file"), fix))
}

/// A media type, `type/subtype` (RFC 6838 names).
pub(super) fn media_type(text: &str) -> Result<(), Bad> {
    let name = |s: &str| {
        (1..=127).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c))
    };
    match text.split_once('/') {
        Some((kind, sub)) if name(kind) && name(sub) => Ok(()),
        _ => Err(bad(
            format!("`{text}` is not a media type"),
            "write a MIME type such as text/plain",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_days_written_year_month_day() {
        assert!(date("2017-04-15").is_ok() && date("2024-02-29").is_ok());
        for text in [
            "2017-4-15",
            "15/04/2017",
            "2017-04-15T10:00:00",
            "２０１７-04-15",
        ] {
            assert!(date(text).is_err(), "{text}");
        }
        assert_eq!(
            date("2023-02-29").map_err(|e| e.message),
            Err("`2023-02-29` is not a day of the calendar".to_owned())
        );
    }

    #[test]
    fn urls_need_a_scheme_and_a_host_and_web_ones_http() {
        assert!(url("https://example.com/italia/medusa.git", true).is_ok());
        assert!(url("git://example.com/medusa.git", false).is_ok());
        assert!(url("git://example.com/medusa.git", true).is_err());
        for text in [
            "example.com",
            "https://",
            "https:///path",
            "http://exa mple.com",
            "",
        ] {
            assert!(url(text, false).is_err(), "{text}");
        }
        let ssh = url("git@github.com:italia/medusa.git", false).expect_err("not a URL");
        assert!(ssh.fix.contains("https://"), "{}", ssh.fix);
    }

    #[test]
    fn uris_are_urls_or_urns() {
        assert!(uri("urn:x-italian-pa:c_h501").is_ok());
        assert!(uri("https://example.org/my-organisation").is_ok());
        assert!(uri("urn:x:").is_err() && uri("c_h501").is_err());
    }

    #[test]
    fn language_tags_are_bcp_47_with_a_primary_language() {
        for tag in [
            "en",
            "it",
            "sl-IT-nedis",
            "de-CH",
            "zh-Hant-TW",
            "EN",
            "gsw",
        ] {
            assert_eq!(language(tag), Ok(()), "{tag}");
        }
        for tag in ["en_US", "eng", "x-klingon", "english", "xx", "en-", ""] {
            assert!(language(tag).is_err(), "{tag}");
        }
        assert!(language("eng")
            .expect_err("three letters")
            .fix
            .contains("`en`"));
    }

    #[test]
    fn licences_are_strict_spdx_and_non_free_ones_are_warned_of() {
        assert_eq!(licence("EUPL-1.2 OR AGPL-3.0-or-later"), Ok(vec![]));
        assert_eq!(licence("LicenseRef-TO-FILL").map(|w| w.len()), Ok(1));
        assert_eq!(licence("CC-BY-NC-4.0").map(|w| w.len()), Ok(1));
        let deprecated = licence("GPL-3.0").expect_err("deprecated identifier");
        assert!(
            deprecated.fix.contains("GPL-3.0-only"),
            "{}",
            deprecated.fix
        );
        assert!(licence("Apache 2").is_err() && licence("").is_err());
    }

    #[test]
    fn files_and_media_types_are_checked_by_their_shape() {
        assert!(file_type("img/logo.SVG", &["svg", "svgz", "png"], "an image").is_ok());
        assert!(file_type("https://x.org/a.png?raw=true", &["png"], "an image").is_ok());
        assert!(file_type("img/logo.gif", &["svg", "png"], "an image").is_err());
        assert!(media_type("text/plain").is_ok() && media_type("text").is_err());
        assert!(email("a@b.it").is_ok() && email("a@b").is_err() && email("a b@c.it").is_err());
    }
}
