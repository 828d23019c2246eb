//! Licences: the SPDX identifier of a repository's licence files and of its
//! pom's `<licenses>`, and whether the two agree.
//!
//! - [`detect_text()`] matches a licence file's text (LICENSE, LICENCE,
//!   COPYING, LICENSE.md…) against the SPDX licence list and gives a
//!   [`Detection`]: the `spdx` crate's askalono-derived matcher, whose store
//!   of the list is inlined in the binary and loaded once per process.
//! - [`from_pom()`] names the SPDX identifier of a pom `<license>` entry, from
//!   its name or else its URL.
//! - [`Consistency::between()`] compares the files' identifiers with the pom's.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use spdx::detection::{Store, TextData};

/// The lowest match score (0 to 1, the Sørensen–Dice coefficient of word
/// pairs after normalisation) at which a text is taken to be a licence.
///
/// 0.9 is the `spdx` crate's own scanner default. On the Lutece data the
/// right licence scores 0.93 and 0.97, while licences of the same family
/// score close behind it: a BSD-3-Clause text matches BSD-2-Clause at 0.86
/// and BSD-3-Clause-Clear at 0.925. The lower 0.8 that cargo-deny uses would
/// thus name a sibling when the real licence is missing from the list.
/// Copyright lines and titles are dropped before matching, so they cost
/// nothing.
pub const CONFIDENCE_THRESHOLD: f32 = 0.9;

/// Why licences cannot be detected.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LicenceError {
    /// The SPDX licence store inlined in the `spdx` crate did not load.
    #[error("the SPDX licence store inlined in the spdx crate did not load")]
    StoreUnreadable(#[source] Arc<dyn std::error::Error + Send + Sync>),
    /// The inlined store loaded but holds no licence.
    #[error("the SPDX licence store inlined in the spdx crate is empty")]
    StoreEmpty,
}

/// What a licence file's text is.
#[derive(Debug, Clone, PartialEq)]
pub enum Detection {
    /// The licence `id` (an SPDX identifier), matched with `score` of at
    /// least [`CONFIDENCE_THRESHOLD`].
    Known {
        /// The SPDX identifier.
        id: String,
        /// How closely the text matched, from 0 to 1.
        score: f32,
    },
    /// Not close enough to any licence: `best` is the closest one, if the
    /// text shares any wording with a licence at all.
    Unknown {
        /// The closest licence and its score, below the threshold.
        best: Option<Guess>,
    },
    /// The file holds nothing but whitespace.
    Empty,
}

/// The closest licence to a text that is not close enough to be named.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    /// The SPDX identifier of the closest licence.
    pub id: String,
    /// How closely the text matched it, from 0 to 1.
    pub score: f32,
}

impl Detection {
    /// The identifier and score of a known licence, `None` otherwise.
    pub fn known(self) -> Option<(String, f32)> {
        match self {
            Self::Known { id, score } => Some((id, score)),
            Self::Unknown { .. } | Self::Empty => None,
        }
    }

    /// Names the licence when `score` reaches [`CONFIDENCE_THRESHOLD`], keeps
    /// it as a guess when the text shares anything with it.
    fn from_match(id: &str, score: f32) -> Self {
        let id = current_id(id);
        if score >= CONFIDENCE_THRESHOLD {
            Self::Known { id, score }
        } else if score > 0.0 {
            Self::Unknown {
                best: Some(Guess { id, score }),
            }
        } else {
            Self::Unknown { best: None }
        }
    }
}

/// The SPDX identifier of a licence file's text, with its match score.
///
/// The whole text is compared with every licence of the SPDX list (and
/// their standard headers, so Apache's "Licensed under…" notice alone is
/// Apache-2.0); the closest wins. A file holding a licence and much else
/// therefore matches it poorly and comes out [`Detection::Unknown`], with
/// the licence as its guess. Identifiers that share one text come out as
/// one of them: a GNU licence is always `-or-later` (GPL-3.0-or-later),
/// since only a source header can say `-only`; deprecated ones are given
/// in their current form (GPL-2.0+ as GPL-2.0-or-later).
/// The first call loads the store (about 0.2 s, see [`preload()`]); each
/// call then takes about 10 ms for a page of text, on one core.
///
/// Should the inlined store fail to load (a broken `spdx` build, which this
/// module's tests would catch), every text is `Unknown` without a guess;
/// [`preload()`] says why.
pub fn detect_text(text: &str) -> Detection {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Detection::Empty;
    }
    let Ok(store) = store() else {
        return Detection::Unknown { best: None };
    };
    let closest = store.analyze(&TextData::new(text));
    Detection::from_match(closest.name, closest.score)
}

/// Loads the SPDX licence store now rather than on the first detection,
/// and reports whether it loaded.
pub fn preload() -> Result<(), LicenceError> {
    store().map(|_| ())
}

/// The store, loaded on first use and kept for the process.
fn store() -> Result<&'static Store, LicenceError> {
    static STORE: OnceLock<Result<Store, LicenceError>> = OnceLock::new();
    STORE.get_or_init(load_store).as_ref().map_err(Clone::clone)
}

fn load_store() -> Result<Store, LicenceError> {
    let store = Store::load_inline().map_err(|e| LicenceError::StoreUnreadable(Arc::new(e)))?;
    // `Store::analyze` indexes its first result: an empty store would panic.
    if store.is_empty() {
        return Err(LicenceError::StoreEmpty);
    }
    Ok(store)
}

/// The current form of a deprecated identifier the store names a text by
/// (GPL-2.0+ → GPL-2.0-or-later), when the crate can rewrite it.
fn current_id(name: &str) -> String {
    if spdx::license_id(name).is_some_and(|id| id.is_deprecated()) {
        if let Ok(Some(current)) = spdx::Expression::canonicalize(name) {
            if spdx::Expression::parse(&current).is_ok() {
                return current;
            }
        }
    }
    name.to_owned()
}

/// The SPDX identifier (or expression) of a pom `<license>` entry.
///
/// The name is tried first, as the `spdx` crate reads it: an SPDX
/// expression (`Apache-2.0`, `MIT OR Apache-2.0`); one with the crate's
/// imprecise names and lax syntax (`apache2`, `GPL-2.0+`, `MIT/Apache-2.0`),
/// given in canonical form; an SPDX identifier or the list's full name in
/// any case (`MIT License`, `Apache License 2.0`). The crate's imprecise
/// names are its own choice: a bare `BSD` is BSD-2-Clause, `GPL` is
/// GPL-2.0-only, and (a slip in its table) `gnu gpl v2` is GPL-3.0-only.
/// Names written out otherwise, such as `BSD 3-Clause License` or
/// `Apache License, Version 2.0`, are not recognised.
///
/// Then the URL. The crate knows no licence URLs, so two rules stand in for
/// a table: the SPDX list's pages (`spdx.org/licenses/<id>.html`) and OSI's
/// (`opensource.org/licenses/<id>`) carry the identifier in their path.
/// No other URL is mapped: the only licence in the Lutece data is
/// BSD-3-Clause, whose canonical URL is OSI's, and no pom there declares a
/// licence, so a table (apache.org's `LICENSE-2.0.txt`, say) would be
/// untested guesswork.
pub fn from_pom(name: &str, url: Option<&str>) -> Option<String> {
    id_from_name(name).or_else(|| url.and_then(id_from_url))
}

fn id_from_name(name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    if spdx::Expression::parse(name).is_ok() {
        return Some(name.to_owned());
    }
    if let Ok(Some(canonical)) = spdx::Expression::canonicalize(name) {
        if spdx::Expression::parse(&canonical).is_ok() {
            return Some(canonical);
        }
    }
    id_ignoring_case(name)
}

/// The current (not deprecated) licence whose identifier or full name is
/// `name`, ignoring case, runs of spaces and quotes.
fn id_ignoring_case(name: &str) -> Option<String> {
    let wanted = loose(name);
    spdx::identifiers::LICENSES
        .iter()
        .filter(|licence| licence.flags & spdx::flags::IS_DEPRECATED == 0)
        .find(|licence| loose(licence.name) == wanted || loose(licence.full_name) == wanted)
        .map(|licence| licence.name.to_owned())
}

fn loose(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.replace('"', "").to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The identifier in the path of an SPDX or OSI licence page.
fn id_from_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (host, path) = rest.split_once('/')?;
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if host != "spdx.org" && host != "opensource.org" {
        return None;
    }
    let mut segments = path.trim_end_matches('/').split('/');
    let (folder, page) = (segments.next()?, segments.next()?);
    if segments.next().is_some() || !matches!(folder, "licenses" | "license") {
        return None;
    }
    let id = [".html", ".txt", ".json", ".php"]
        .iter()
        .find_map(|extension| page.strip_suffix(extension))
        .unwrap_or(page);
    id_ignoring_case(id)
}

/// How the licences of a repository's files and of its pom compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consistency {
    /// Both name the same set of licences.
    Consistent,
    /// Both name licences, not the same: each side's, sorted, once each.
    Disagree {
        /// The licence files' identifiers.
        files: Vec<String>,
        /// The pom's identifiers.
        pom: Vec<String>,
    },
    /// Only the licence files name a licence.
    OnlyFile,
    /// Only the pom names a licence.
    OnlyPom,
    /// Neither names a licence.
    None,
}

impl Consistency {
    /// Compares the identifiers of the licence files (the [`Detection::Known`]
    /// ones) with the pom's ([`from_pom()`]), as sets: order and repeats do
    /// not count, and an expression only equals the same expression.
    /// Identifiers that share one licence text are equal here, since the
    /// files cannot tell them apart: a file's GPL-3.0-or-later agrees with a
    /// pom's GPL-3.0-only.
    pub fn between<F: AsRef<str>, P: AsRef<str>>(files: &[F], pom: &[P]) -> Self {
        let files: BTreeSet<&str> = files.iter().map(AsRef::as_ref).collect();
        let pom: BTreeSet<&str> = pom.iter().map(AsRef::as_ref).collect();
        let texts =
            |ids: &BTreeSet<&str>| ids.iter().map(|id| text_of(id)).collect::<BTreeSet<_>>();
        match (files.is_empty(), pom.is_empty()) {
            (true, true) => Self::None,
            (false, true) => Self::OnlyFile,
            (true, false) => Self::OnlyPom,
            (false, false) if texts(&files) == texts(&pom) => Self::Consistent,
            (false, false) => Self::Disagree {
                files: files.into_iter().map(str::to_owned).collect(),
                pom: pom.into_iter().map(str::to_owned).collect(),
            },
        }
    }
}

/// The name the store gives the text of licence `id` (one of the
/// identifiers sharing it), or `id` itself when the store has no such text.
fn text_of(id: &str) -> String {
    let Ok(store) = store() else {
        return id.to_owned();
    };
    if store.get_original(id).is_some() {
        return id.to_owned();
    }
    store
        .iter()
        .find(|(_, entry)| entry.aliases.iter().any(|alias| alias == id))
        .map_or(id, |(name, _)| name.as_str())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inlined_store_loads_and_holds_the_spdx_list() {
        preload().unwrap();
        assert!(store().unwrap().len() > 500);
    }

    #[test]
    fn an_empty_or_blank_text_is_empty() {
        assert_eq!(detect_text(""), Detection::Empty);
        assert_eq!(detect_text(" \n\t\r\n "), Detection::Empty);
        assert_eq!(detect_text("\u{feff}\n"), Detection::Empty);
    }

    #[test]
    fn a_text_that_is_not_a_licence_is_unknown_with_a_weak_guess() {
        let readme = "# Plugin blog\n\nThis plugin adds blogs to a Lutece site.\n\n\
                      Build it with `mvn lutece:site-assembly` and deploy the war.\n";
        let Detection::Unknown { best: Some(guess) } = detect_text(readme) else {
            panic!("a README is not a licence");
        };
        assert!(guess.score < 0.2, "{guess:?}");
    }

    #[test]
    fn a_single_word_shares_nothing_with_any_licence() {
        assert_eq!(detect_text("hello"), Detection::Unknown { best: None });
    }

    #[test]
    fn a_score_at_the_threshold_names_the_licence_and_below_keeps_a_guess() {
        assert_eq!(
            Detection::from_match("MIT", CONFIDENCE_THRESHOLD).known(),
            Some(("MIT".to_owned(), CONFIDENCE_THRESHOLD))
        );
        let below = Detection::from_match("MIT", 0.89);
        assert_eq!(below.clone().known(), None);
        assert_eq!(
            below,
            Detection::Unknown {
                best: Some(Guess {
                    id: "MIT".to_owned(),
                    score: 0.89
                })
            }
        );
    }

    #[test]
    fn an_spdx_name_is_kept_as_written() {
        assert_eq!(from_pom("Apache-2.0", None).as_deref(), Some("Apache-2.0"));
        assert_eq!(
            from_pom(" MIT OR Apache-2.0 ", None).as_deref(),
            Some("MIT OR Apache-2.0")
        );
    }

    #[test]
    fn an_imprecise_name_is_given_in_canonical_form() {
        assert_eq!(from_pom("apache2", None).as_deref(), Some("Apache-2.0"));
        assert_eq!(
            from_pom("GPL-2.0+", None).as_deref(),
            Some("GPL-2.0-or-later")
        );
        assert_eq!(
            from_pom("mit/apache-2", None).as_deref(),
            Some("MIT OR Apache-2.0")
        );
    }

    #[test]
    fn a_full_name_or_an_identifier_in_any_case_is_recognised() {
        assert_eq!(from_pom("MIT License", None).as_deref(), Some("MIT"));
        assert_eq!(
            from_pom("apache license  2.0", None).as_deref(),
            Some("Apache-2.0")
        );
        assert_eq!(
            from_pom("bsd-3-clause", None).as_deref(),
            Some("BSD-3-Clause")
        );
        assert_eq!(
            from_pom(r#"BSD 3-Clause "New" or "Revised" License"#, None).as_deref(),
            Some("BSD-3-Clause")
        );
    }

    #[test]
    fn a_name_that_is_no_licence_falls_back_on_the_url() {
        let osi = Some("https://opensource.org/licenses/BSD-3-Clause");
        assert_eq!(
            from_pom("The Lutece licence", osi).as_deref(),
            Some("BSD-3-Clause")
        );
        assert_eq!(from_pom("", osi).as_deref(), Some("BSD-3-Clause"));
        assert_eq!(from_pom("The Lutece licence", None), None);
    }

    #[test]
    fn spdx_and_osi_licence_pages_name_their_licence() {
        for url in [
            "https://spdx.org/licenses/BSD-3-Clause.html",
            "http://spdx.org/licenses/BSD-3-Clause",
            "http://www.opensource.org/licenses/BSD-3-Clause/",
            "https://opensource.org/license/bsd-3-clause",
            "https://opensource.org/licenses/BSD-3-Clause.php#top",
        ] {
            assert_eq!(
                from_pom("", Some(url)).as_deref(),
                Some("BSD-3-Clause"),
                "{url}"
            );
        }
    }

    #[test]
    fn other_urls_name_no_licence() {
        for url in [
            "http://www.apache.org/licenses/LICENSE-2.0.txt",
            "https://opensource.org/licenses",
            "https://opensource.org/licenses/not-a-licence",
            "https://example.org/licenses/MIT",
            "https://spdx.org/licenses/MIT/extra",
            "not a url",
        ] {
            assert_eq!(from_pom("", Some(url)), None, "{url}");
        }
    }

    #[test]
    fn the_same_licences_on_both_sides_are_consistent_whatever_the_order() {
        assert_eq!(
            Consistency::between(&["MIT", "Apache-2.0", "MIT"], &["Apache-2.0", "MIT"]),
            Consistency::Consistent
        );
    }

    #[test]
    fn identifiers_sharing_one_text_are_consistent() {
        assert_eq!(
            Consistency::between(&["GPL-3.0-or-later"], &["GPL-3.0-only"]),
            Consistency::Consistent
        );
        assert_eq!(
            Consistency::between(&["GPL-2.0-or-later"], &["GPL-3.0-only"]),
            Consistency::Disagree {
                files: vec!["GPL-2.0-or-later".to_owned()],
                pom: vec!["GPL-3.0-only".to_owned()],
            }
        );
    }

    #[test]
    fn a_deprecated_identifier_is_given_in_its_current_form() {
        assert_eq!(current_id("GPL-2.0+"), "GPL-2.0-or-later");
        assert_eq!(current_id("BSD-3-Clause"), "BSD-3-Clause");
        // No current form the crate can write: kept as the store names it.
        assert_eq!(
            current_id("GPL-2.0-with-GCC-exception"),
            "GPL-2.0-with-GCC-exception"
        );
    }

    #[test]
    fn different_licences_disagree_and_list_each_side_sorted() {
        assert_eq!(
            Consistency::between(&["MIT", "BSD-3-Clause", "MIT"], &["Apache-2.0"]),
            Consistency::Disagree {
                files: vec!["BSD-3-Clause".to_owned(), "MIT".to_owned()],
                pom: vec!["Apache-2.0".to_owned()],
            }
        );
    }

    #[test]
    fn one_side_alone_or_neither_says_so() {
        let none: [&str; 0] = [];
        assert_eq!(Consistency::between(&["MIT"], &none), Consistency::OnlyFile);
        assert_eq!(Consistency::between(&none, &["MIT"]), Consistency::OnlyPom);
        assert_eq!(Consistency::between(&none, &none), Consistency::None);
    }
}
