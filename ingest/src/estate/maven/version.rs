//! Maven's version order: [`Version`] sorts `1.0-alpha-1 < 1.0-SNAPSHOT < 1.0
//! < 1.0-sp < 1.0.1` the way Maven 3.9 does when it picks a version from a
//! range or compares two releases.
//!
//! The rules are the POM reference's "Version Order Specification"
//! (<https://maven.apache.org/pom.html#version-order-specification>) as Maven
//! 3.9's `ComparableVersion` implements them:
//!
//! - the text is lower-cased and cut into tokens at `.`, at `-` and where ASCII
//!   digits meet other characters; an empty token is `0`;
//! - a `-` or a digit/letter transition opens a nested list, so `-` weighs
//!   less than `.`: `1.foo = 1-foo < 1-1 < 1.1`;
//! - "null" tokens (`0`, the empty qualifier, `ga`, `final`, `release`) are
//!   trimmed from the end of every list, so `1.0.0 = 1-ga = 1`;
//! - the shorter list is padded with nulls; a number beats a qualifier or a
//!   nested list, a nested list beats a qualifier;
//! - qualifiers order `alpha < beta < milestone < rc = cr < snapshot < "" =
//!   ga = final = release < sp < anything else`, the rest lexically; `a`, `b`
//!   and `m` directly followed by a digit mean `alpha`, `beta`, `milestone`;
//! - numbers compare as digit strings, so any length works.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// A Maven version: the text as written, ordered by Maven's rules.
///
/// Equality is Maven's: `"1"`, `"1.0"` and `"1-ga"` are equal versions (and
/// hash alike) although [`Version::as_str`] keeps each one's own spelling.
#[derive(Debug, Clone)]
pub struct Version {
    text: String,
    items: Vec<Item>,
}

/// The only text that is not a version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a version cannot be empty")]
pub struct EmptyVersion;

impl Version {
    /// Reads `text` as a version; only the empty text is refused (Maven reads
    /// anything, `"NotAVersion"` included, as some version).
    pub fn parse(text: &str) -> Result<Self, EmptyVersion> {
        if text.is_empty() {
            return Err(EmptyVersion);
        }
        Ok(Version {
            text: text.to_owned(),
            items: tokenize(&text.to_lowercase()),
        })
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this is a snapshot, a version still in development: its text
    /// ends with `SNAPSHOT` in any case, as Maven's `ArtifactUtils` tells.
    pub fn is_snapshot(&self) -> bool {
        let tail = self.text.len().saturating_sub("SNAPSHOT".len());
        self.text
            .get(tail..)
            .is_some_and(|end| end.eq_ignore_ascii_case("SNAPSHOT"))
    }
}

impl FromStr for Version {
    type Err = EmptyVersion;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Version::parse(text)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_lists(&self.items, &other.items)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl Hash for Version {
    // Trimmed token lists compare equal exactly when they are identical (a
    // list never ends in a null token), so hashing them agrees with `eq`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.items.hash(state);
    }
}

/// One token of a parsed version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Item {
    /// ASCII digits without leading zeros (`"0"` for zero).
    Number(String),
    /// Any other token.
    Qualifier(Qualifier),
    /// What follows a `-` or a digit/letter transition.
    List(Vec<Item>),
}

/// A qualifier; the derived order is Maven's (known ones by rank, then the
/// others lexically).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Qualifier {
    /// Rank in [`KNOWN`].
    Known(u8),
    /// Any other qualifier, lower case.
    Other(String),
}

/// The known qualifiers in order; the empty one is a release.
const KNOWN: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

/// The rank of the empty qualifier: what a qualifier is padded with.
const RELEASE: u8 = 5;

impl Qualifier {
    fn new(text: &str, followed_by_digit: bool) -> Self {
        let text = match (text, followed_by_digit) {
            ("a", true) => "alpha",
            ("b", true) => "beta",
            ("m", true) => "milestone",
            ("cr", _) => "rc",
            ("ga" | "final" | "release", _) => "",
            _ => text,
        };
        match KNOWN.iter().position(|known| *known == text) {
            Some(rank) => Qualifier::Known(rank as u8),
            None => Qualifier::Other(text.to_owned()),
        }
    }
}

impl Item {
    fn number(digits: &str) -> Self {
        let significant = digits.trim_start_matches('0');
        let digits = if significant.is_empty() {
            "0"
        } else {
            significant
        };
        Item::Number(digits.to_owned())
    }

    fn token(text: &str, is_number: bool) -> Self {
        if is_number {
            Item::number(text)
        } else {
            Item::Qualifier(Qualifier::new(text, false))
        }
    }

    fn is_null(&self) -> bool {
        match self {
            Item::Number(digits) => digits == "0",
            Item::Qualifier(q) => *q == Qualifier::Known(RELEASE),
            Item::List(items) => items.is_empty(),
        }
    }

    /// How this item compares with the padding of a shorter version.
    fn cmp_padding(&self) -> Ordering {
        match self {
            Item::Number(_) if self.is_null() => Ordering::Equal,
            Item::Number(_) => Ordering::Greater,
            Item::Qualifier(q) => q.cmp(&Qualifier::Known(RELEASE)),
            Item::List(items) => items
                .iter()
                .map(Item::cmp_padding)
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal),
        }
    }

    fn cmp_item(&self, other: &Item) -> Ordering {
        use Item::{List, Number, Qualifier as Q};
        match (self, other) {
            (Number(a), Number(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
            (Number(_), _) => Ordering::Greater,
            (_, Number(_)) => Ordering::Less,
            (Q(a), Q(b)) => a.cmp(b),
            (Q(_), List(_)) => Ordering::Less,
            (List(_), Q(_)) => Ordering::Greater,
            (List(a), List(b)) => compare_lists(a, b),
        }
    }
}

/// Compares two token lists, padding the shorter one with nulls.
fn compare_lists(left: &[Item], right: &[Item]) -> Ordering {
    for i in 0..left.len().max(right.len()) {
        let order = match (left.get(i), right.get(i)) {
            (Some(l), Some(r)) => l.cmp_item(r),
            (Some(l), None) => l.cmp_padding(),
            (None, Some(r)) => r.cmp_padding().reverse(),
            (None, None) => Ordering::Equal,
        };
        if order.is_ne() {
            return order;
        }
    }
    Ordering::Equal
}

/// The lists being filled while a version is read: the innermost one and
/// those it is nested in (it becomes their last item).
struct Nesting {
    current: Vec<Item>,
    outer: Vec<Vec<Item>>,
}

impl Nesting {
    fn push(&mut self, item: Item) {
        self.current.push(item);
    }

    fn descend(&mut self) {
        self.outer.push(std::mem::take(&mut self.current));
    }

    fn descend_unless_empty(&mut self) {
        if !self.current.is_empty() {
            self.descend();
        }
    }

    fn finish(self) -> Vec<Item> {
        let mut list = trimmed(self.current);
        for mut parent in self.outer.into_iter().rev() {
            parent.push(Item::List(list));
            list = trimmed(parent);
        }
        list
    }
}

/// Drops the null items at the end of a list, looking past nested lists.
fn trimmed(mut items: Vec<Item>) -> Vec<Item> {
    for i in (0..items.len()).rev() {
        if items[i].is_null() {
            items.remove(i);
        } else if !matches!(items[i], Item::List(_)) {
            break;
        }
    }
    items
}

/// Cuts lower-cased text into Maven's nested token lists.
fn tokenize(text: &str) -> Vec<Item> {
    let mut lists = Nesting {
        current: Vec::new(),
        outer: Vec::new(),
    };
    let (mut start, mut in_number) = (0, false);
    for (i, c) in text.char_indices() {
        match c {
            '.' | '-' => {
                let item = if i == start {
                    Item::number("0")
                } else {
                    Item::token(&text[start..i], in_number)
                };
                lists.push(item);
                start = i + 1;
                if c == '-' {
                    lists.descend();
                }
            }
            '0'..='9' => {
                if !in_number && i > start {
                    // `1.0.0.X1 < 1.0.0-X2`: a qualifier followed by a number
                    // opens a list, as if written after a hyphen.
                    lists.descend_unless_empty();
                    lists.push(Item::Qualifier(Qualifier::new(&text[start..i], true)));
                    start = i;
                    lists.descend();
                }
                in_number = true;
            }
            _ => {
                if in_number && i > start {
                    lists.push(Item::number(&text[start..i]));
                    start = i;
                    lists.descend();
                }
                in_number = false;
            }
        }
    }
    if text.len() > start {
        if !in_number {
            lists.descend_unless_empty();
        }
        lists.push(Item::token(&text[start..], in_number));
    }
    lists.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn v(text: &str) -> Version {
        Version::parse(text).expect("a non-empty version")
    }

    fn hash_of(version: &Version) -> u64 {
        let mut hasher = DefaultHasher::new();
        version.hash(&mut hasher);
        hasher.finish()
    }

    #[track_caller]
    fn assert_ascending(versions: &[&str]) {
        for (i, low) in versions.iter().enumerate() {
            for high in &versions[i + 1..] {
                assert!(v(low) < v(high), "expected {low} < {high}");
                assert!(v(high) > v(low), "expected {high} > {low}");
            }
        }
    }

    #[track_caller]
    fn assert_equal(left: &str, right: &str) {
        assert_eq!(v(left), v(right), "expected {left} == {right}");
        assert_eq!(v(right), v(left), "expected {right} == {left}");
        assert_eq!(
            hash_of(&v(left)),
            hash_of(&v(right)),
            "hashes of {left} and {right}"
        );
    }

    #[test]
    fn the_specification_pages_examples_hold() {
        assert_ascending(&["1", "1.1"]);
        assert_ascending(&["1-snapshot", "1", "1-sp"]);
        assert_ascending(&["1-foo2", "1-foo10"]);
        assert_equal("1.foo", "1-foo");
        assert_ascending(&["1-foo", "1-1", "1.1"]);
        for same in ["1-ga", "1-0", "1.0", "1"] {
            assert_equal("1.ga", same);
        }
        assert!(v("1-sp") > v("1-ga"));
        assert!(v("1-sp.1") > v("1-ga.1"));
        assert!(v("1-sp-1") < v("1-ga-1"));
        assert_equal("1-a1", "1-alpha-1");
        assert_equal("1.0-alpha1", "1.0-ALPHA1");
        assert!(v("1.7") > v("1.K"));
        assert!(v("5.zebra") > v("5.aardvark"));
        assert!(v("1.α") > v("1.b"));
    }

    #[test]
    fn a_hyphen_before_ga_does_not_make_it_vanish_as_the_2017_page_said() {
        // The page once read `1-ga-1 = 1-1`; MRESOLVER-334 (2024) dropped that,
        // and Maven 3.9 and 4 both order `1-ga-1` first.
        assert!(v("1-ga-1") < v("1-1"));
    }

    #[test]
    fn the_page_trims_trailing_nulls_as_its_examples_show() {
        for (long, short) in [
            ("1.0.0", "1"),
            ("1.final", "1"),
            ("1.", "1"),
            ("1-", "1"),
            ("1.0.0-foo.0.0", "1-foo"),
            ("1.0.0-0.0.0", "1"),
            ("1-1.foo-bar1baz-.1", "1-1.foo-bar-1-baz-0.1"),
        ] {
            assert_equal(long, short);
        }
    }

    #[test]
    fn qualifiers_sort_as_maven_lists_them() {
        assert_ascending(&[
            "1-alpha2snapshot",
            "1-alpha2",
            "1-alpha-123",
            "1-beta-2",
            "1-beta123",
            "1-m2",
            "1-m11",
            "1-rc",
            "1-cr2",
            "1-rc123",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-sp2",
            "1-sp123",
            "1-abc",
            "1-def",
            "1-pom-1",
            "1-1-snapshot",
            "1-1",
            "1-2",
            "1-123",
        ]);
    }

    #[test]
    fn numbers_sort_as_maven_lists_them() {
        assert_ascending(&[
            "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1",
            "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11",
            "11", "11.a", "11b", "11c", "11m",
        ]);
    }

    #[test]
    fn versions_maven_calls_equal_are_equal_and_hash_alike() {
        for (left, right) in [
            ("1", "1"),
            ("1", "1.0"),
            ("1", "1.0.0"),
            ("1.0", "1.0.0"),
            ("1", "1-0"),
            ("1", "1.0-0"),
            ("1.0", "1.0-0"),
            ("1a", "1-a"),
            ("1a", "1.0-a"),
            ("1a", "1.0.0-a"),
            ("1.0a", "1-a"),
            ("1.0.0a", "1-a"),
            ("1x", "1-x"),
            ("1x", "1.0-x"),
            ("1x", "1.0.0-x"),
            ("1.0x", "1-x"),
            ("1.0.0x", "1-x"),
            ("1cr", "1rc"),
            ("1a1", "1-alpha-1"),
            ("1b2", "1-beta-2"),
            ("1m3", "1-milestone-3"),
            ("1X", "1x"),
            ("1A", "1a"),
            ("1B", "1b"),
            ("1M", "1m"),
            ("1Cr", "1Rc"),
            ("1cR", "1rC"),
            ("1m3", "1Milestone3"),
            ("1m3", "1MileStone3"),
            ("1m3", "1MILESTONE3"),
            ("1ga", "1"),
            ("1release", "1"),
            ("1final", "1"),
            ("1GA", "1"),
            ("1RELeaSE", "1"),
            ("1FinaL", "1"),
            (
                "1-abcdefghijklmnopqrstuvwxyz",
                "1-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            ),
            ("1.é", "1.É"),
        ] {
            assert_equal(left, right);
        }
    }

    #[test]
    fn pairs_from_mavens_comparison_tests_are_ordered() {
        for (low, high) in [
            ("1", "2"),
            ("1.5", "2"),
            ("1", "2.5"),
            ("1.0", "1.1"),
            ("1.1", "1.2"),
            ("1.0.0", "1.1"),
            ("1.0.1", "1.1"),
            ("1.1", "1.2.0"),
            ("1.0-alpha-1", "1.0"),
            ("1.0-alpha-1", "1.0-alpha-2"),
            ("1.0-alpha-1", "1.0-beta-1"),
            ("1.0-beta-1", "1.0-SNAPSHOT"),
            ("1.0-SNAPSHOT", "1.0"),
            ("1.0-alpha-1-SNAPSHOT", "1.0-alpha-1"),
            ("1.0", "1.0-1"),
            ("1.0-1", "1.0-2"),
            ("1.0.0", "1.0-1"),
            ("2.0-1", "2.0.1"),
            ("2.0.1-klm", "2.0.1-lmn"),
            ("2.0.1", "2.0.1-xyz"),
            ("2.0.1", "2.0.1-123"),
            ("2.0.1-xyz", "2.0.1-123"),
            ("0.7", "2"),
            ("0.2", "1.0.7"),
            ("J", "7"),
            ("c", "7"),
            ("aardvark", "zebra"),
            ("zebra", "ζέβρα"),
            ("é", "1"),
        ] {
            assert_ascending(&[low, high]);
        }
    }

    #[test]
    fn mavens_regression_cases_stay_fixed() {
        // MNG-5568: transitivity with an odd qualifier in the middle.
        assert_ascending(&["6.1.0rc3", "6.1.0", "6.1H.5-beta"]);
        // MNG-6964: `-0.` before a qualifier does not make it a release.
        assert_ascending(&["1-0.alpha", "1-0.beta", "1"]);
        // MNG-7644: `.X1 < -X2`, and `.X` is `-X` at the end.
        for x in [
            "abc",
            "alpha",
            "a",
            "beta",
            "b",
            "def",
            "milestone",
            "m",
            "RC",
        ] {
            assert_ascending(&[&format!("1.0.0.{x}1"), &format!("1.0.0-{x}2")]);
            assert_equal(&format!("2-{x}"), &format!("2.0.{x}"));
            assert_equal(&format!("2-{x}"), &format!("2.0.0.{x}"));
        }
    }

    #[test]
    fn numbers_of_any_size_compare_as_numbers() {
        // MNG-6572: ten, fifteen and twenty digits.
        assert_ascending(&[
            "20190126.230843",
            "1234567890.12345",
            "123456789012345.1H.5-beta",
            "12345678901234567890.1H.5-beta",
        ]);
        assert_ascending(&["99999999999999999999999999", "100000000000000000000000000"]);
        assert_equal("0000000000000000001", "1");
        assert_equal("0000000000000000000", "0");
        assert_equal("000000000000000000000000000042.0", "42");
    }

    #[test]
    fn only_ascii_digits_are_numbers() {
        // MNG-8241: ARABIC-INDIC DIGIT EIGHT is a qualifier, below any number.
        assert_ascending(&["\u{0668}", "1"]);
        assert_ascending(&["\u{0668}", "9"]);
    }

    #[test]
    fn lutece_versions_sort_as_released() {
        assert_ascending(&[
            "4.1.4-SNAPSHOT",
            "4.1.4",
            "6.0.0-SNAPSHOT",
            "6.0.1",
            "7.0.0-SNAPSHOT",
            "7.0.2",
            "7.0.10",
            "7.1.4-SNAPSHOT",
            "7.9.9",
            "8.0.0-SNAPSHOT",
            "8.0.0",
            "8.0.1-SNAPSHOT",
        ]);
    }

    #[test]
    fn a_version_keeps_its_text_and_tells_snapshots() {
        let version: Version = "8.0.0-SNAPSHOT".parse().expect("a version");
        assert_eq!(version.to_string(), "8.0.0-SNAPSHOT");
        assert_eq!(version.as_str(), "8.0.0-SNAPSHOT");
        assert!(version.is_snapshot());
        assert!(v("1.0-snapshot").is_snapshot());
        assert!(!v("7.0.2").is_snapshot());
        assert!(!v("é").is_snapshot());
    }

    #[test]
    fn any_text_but_the_empty_one_is_a_version() {
        assert_eq!("".parse::<Version>().unwrap_err(), EmptyVersion);
        for odd in [
            "NotAVersionString",
            "-",
            ".",
            "..--",
            "${project.version}",
            " 1 ",
        ] {
            assert!(Version::parse(odd).is_ok(), "{odd}");
        }
        assert_ascending(&["NotAVersionString", "1.0a1-SNAPSHOT", "1.0-alpha1"]);
    }
}
