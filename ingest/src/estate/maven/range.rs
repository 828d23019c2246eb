//! A dependency's version requirement: [`VersionRange`], read from the text of
//! a `<version>` element.
//!
//! The syntax is the POM reference's "Dependency Version Requirement
//! Specification" (<https://maven.apache.org/pom.html#dependency-version-requirement-specification>)
//! as Maven 3.9's `VersionRange.createFromVersionSpec` reads it:
//!
//! - `1.0` is a soft requirement: Maven uses 1.0 unless another version of the
//!   artifact comes first in the dependency tree, so it accepts every version;
//! - `[1.0]` is a hard requirement for exactly 1.0;
//! - `(,1.0]`, `[1.2,1.3]`, `[1.0,2.0)`, `[1.5,)` are intervals, `[`/`]`
//!   inclusive, `(`/`)` exclusive, an empty side unbounded;
//! - `(,1.0],[1.2,)` is a union: intervals separated by commas, in ascending
//!   order, not overlapping.
//!
//! Unlike Maven, which reads some malformed texts as odd versions (`1.0]`,
//! `[1.0,[2.0]`), this reader refuses them and says where the text goes wrong.

use std::fmt;

use super::version::Version;

/// A version requirement: soft (one recommended version) or hard (a union of
/// intervals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRange {
    requirement: Requirement,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Requirement {
    Soft(Version),
    Hard(Vec<Restriction>),
}

/// One interval of a hard requirement; `None` is an unbounded side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restriction {
    /// The lowest version allowed, if any.
    pub lower: Option<Bound>,
    /// The highest version allowed, if any.
    pub upper: Option<Bound>,
}

/// One end of a [`Restriction`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// The version at this end.
    pub version: Version,
    /// Whether the version itself is allowed (`[` or `]`).
    pub inclusive: bool,
}

/// Why a text is not a version requirement. Columns count characters from 1
/// in the text as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// Nothing but white space.
    #[error("a version requirement cannot be empty")]
    Empty,
    /// An opening bracket with no closing one before the next opening one or
    /// the end.
    #[error("unbalanced bracket: '{bracket}' at column {column} is never closed")]
    Unclosed {
        /// `[` or `(`.
        bracket: char,
        /// Where it is.
        column: usize,
    },
    /// A closing bracket that closes nothing.
    #[error("unbalanced bracket: '{bracket}' at column {column} closes nothing")]
    Unopened {
        /// `]` or `)`.
        bracket: char,
        /// Where it is.
        column: usize,
    },
    /// A comma in a soft requirement (`1.0,2.0`): a range needs brackets.
    #[error("column {column}: a soft requirement is one version; a range needs brackets")]
    CommaInSoft {
        /// Where the comma is.
        column: usize,
    },
    /// Brackets with nothing inside: `[]`.
    #[error("column {column}: the restriction '{text}' is empty")]
    EmptyRestriction {
        /// The restriction.
        text: String,
        /// Where it starts.
        column: usize,
    },
    /// A single version in brackets that are not both inclusive: `(1.0]`.
    #[error("column {column}: a single version must be written [version], not '{text}'")]
    SingleNotInclusive {
        /// The restriction.
        text: String,
        /// Where it starts.
        column: usize,
    },
    /// More than one comma inside brackets: `[1,2,3]`.
    #[error("column {column}: '{text}' has more than two bounds")]
    TooManyBounds {
        /// The restriction.
        text: String,
        /// Where it starts.
        column: usize,
    },
    /// A lower bound above the upper one, or equal bounds that exclude
    /// themselves: `[1.1,1.0]`, `[1.0,1.0)`.
    #[error("column {column}: '{text}' allows no version (its lower bound is not below its upper bound)")]
    Inverted {
        /// The restriction.
        text: String,
        /// Where it starts.
        column: usize,
    },
    /// A restriction that starts before the previous one ends (the union
    /// must be written in ascending order).
    #[error("column {column}: '{text}' overlaps or precedes the restriction before it")]
    Overlap {
        /// The restriction.
        text: String,
        /// Where it starts.
        column: usize,
    },
    /// Something other than a comma after a restriction.
    #[error("column {column}: expected ',' after a restriction, found '{found}'")]
    ExpectedComma {
        /// What was found.
        found: char,
        /// Where.
        column: usize,
    },
    /// A bare version after a restriction: `[1.0,1.2),1.3`.
    #[error("column {column}: after a restriction, versions must be in brackets")]
    BareVersion {
        /// Where the bare version starts.
        column: usize,
    },
    /// A comma with no restriction after it.
    #[error("column {column}: expected a restriction after the comma")]
    TrailingComma {
        /// Where the comma is.
        column: usize,
    },
}

impl VersionRange {
    /// Reads a requirement; white space around it and around bounds is
    /// ignored, as Maven reads a trimmed `<version>`.
    pub fn parse(text: &str) -> Result<Self, RangeError> {
        let spec = text.trim();
        let offset = text.len() - text.trim_start().len();
        if spec.is_empty() {
            return Err(RangeError::Empty);
        }
        let requirement = if spec.starts_with(['[', '(']) {
            Requirement::Hard(parse_union(text, offset)?)
        } else {
            Requirement::Soft(parse_soft(text, offset)?)
        };
        Ok(VersionRange { requirement })
    }

    /// Whether Maven may pick `version`: any version for a soft requirement
    /// (Maven's `Restriction.EVERYTHING`), else a version in one of the
    /// intervals.
    pub fn contains(&self, version: &Version) -> bool {
        match &self.requirement {
            Requirement::Soft(_) => true,
            Requirement::Hard(restrictions) => restrictions.iter().any(|r| r.contains(version)),
        }
    }

    /// The lowest version named: the lower bound of the first interval (none
    /// when it is unbounded below), or a soft requirement's version.
    pub fn lower_bound(&self) -> Option<&Version> {
        match &self.requirement {
            Requirement::Soft(version) => Some(version),
            Requirement::Hard(restrictions) => Some(&restrictions.first()?.lower.as_ref()?.version),
        }
    }

    /// The highest version named: the upper bound of the last interval (none
    /// when it is unbounded above), or a soft requirement's version.
    pub fn upper_bound(&self) -> Option<&Version> {
        match &self.requirement {
            Requirement::Soft(version) => Some(version),
            Requirement::Hard(restrictions) => Some(&restrictions.last()?.upper.as_ref()?.version),
        }
    }

    /// Whether this is a soft requirement (a bare version).
    pub fn is_soft(&self) -> bool {
        matches!(self.requirement, Requirement::Soft(_))
    }

    /// A soft requirement's version; `None` for a hard one.
    pub fn recommended(&self) -> Option<&Version> {
        match &self.requirement {
            Requirement::Soft(version) => Some(version),
            Requirement::Hard(_) => None,
        }
    }

    /// A hard requirement's intervals in ascending order; empty for a soft
    /// one.
    pub fn restrictions(&self) -> &[Restriction] {
        match &self.requirement {
            Requirement::Soft(_) => &[],
            Requirement::Hard(restrictions) => restrictions,
        }
    }
}

impl Restriction {
    /// Whether `version` lies in this interval.
    pub fn contains(&self, version: &Version) -> bool {
        let above_lower = self
            .lower
            .as_ref()
            .is_none_or(|b| b.version < *version || (b.inclusive && b.version == *version));
        let below_upper = self
            .upper
            .as_ref()
            .is_none_or(|b| *version < b.version || (b.inclusive && b.version == *version));
        above_lower && below_upper
    }
}

impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.requirement {
            Requirement::Soft(version) => write!(f, "{version}"),
            Requirement::Hard(restrictions) => {
                for (i, restriction) in restrictions.iter().enumerate() {
                    let separator = if i == 0 { "" } else { "," };
                    write!(f, "{separator}{restriction}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Restriction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(lower), Some(upper)) = (&self.lower, &self.upper) {
            if lower.inclusive
                && upper.inclusive
                && lower.version.as_str() == upper.version.as_str()
            {
                return write!(f, "[{}]", lower.version);
            }
        }
        let (open, lower) = match &self.lower {
            Some(b) => (if b.inclusive { '[' } else { '(' }, b.version.as_str()),
            None => ('(', ""),
        };
        let (close, upper) = match &self.upper {
            Some(b) => (if b.inclusive { ']' } else { ')' }, b.version.as_str()),
            None => (')', ""),
        };
        write!(f, "{open}{lower},{upper}{close}")
    }
}

/// The column (from 1, in characters) of byte `index` of `text`.
fn column(text: &str, index: usize) -> usize {
    text[..index].chars().count() + 1
}

/// A bare version starting at byte `start` of `text`.
fn parse_soft(text: &str, start: usize) -> Result<Version, RangeError> {
    let spec = text[start..].trim_end();
    if let Some((i, c)) = spec
        .char_indices()
        .find(|(_, c)| matches!(c, ']' | ')' | ',' | '[' | '('))
    {
        let column = column(text, start + i);
        return Err(match c {
            ',' => RangeError::CommaInSoft { column },
            '[' | '(' => RangeError::Unclosed { bracket: c, column },
            _ => RangeError::Unopened { bracket: c, column },
        });
    }
    Version::parse(spec).map_err(|_| RangeError::Empty)
}

/// A union of restrictions, the first one opening at byte `start` of `text`.
fn parse_union(text: &str, mut start: usize) -> Result<Vec<Restriction>, RangeError> {
    let mut restrictions: Vec<Restriction> = Vec::new();
    loop {
        let end = closing_bracket(text, start)?;
        let restriction = parse_restriction(text, start, end)?;
        if restrictions
            .last()
            .is_some_and(|last| !precedes(last, &restriction))
        {
            return Err(RangeError::Overlap {
                text: text[start..=end].to_owned(),
                column: column(text, start),
            });
        }
        restrictions.push(restriction);
        match next_restriction(text, end + 1)? {
            Some(next) => start = next,
            None => return Ok(restrictions),
        }
    }
}

/// Where the bracket opened at byte `open` closes.
fn closing_bracket(text: &str, open: usize) -> Result<usize, RangeError> {
    let unclosed = RangeError::Unclosed {
        bracket: text[open..].chars().next().unwrap_or('['),
        column: column(text, open),
    };
    match text[open + 1..].find(['[', '(', ']', ')']) {
        Some(i) if matches!(text.as_bytes()[open + 1 + i], b']' | b')') => Ok(open + 1 + i),
        _ => Err(unclosed),
    }
}

/// Where the next restriction opens after byte `from` (just past one that
/// closed), or `None` at the end of the text.
fn next_restriction(text: &str, from: usize) -> Result<Option<usize>, RangeError> {
    let rest = &text[from..];
    let Some(comma) = rest.find(|c: char| !c.is_whitespace()) else {
        return Ok(None);
    };
    let found = rest[comma..].chars().next().unwrap_or(',');
    if found != ',' {
        let column = column(text, from + comma);
        return Err(match found {
            ']' | ')' => RangeError::Unopened {
                bracket: found,
                column,
            },
            _ => RangeError::ExpectedComma { found, column },
        });
    }
    let after = from + comma + 1;
    let Some(next) = text[after..].find(|c: char| !c.is_whitespace()) else {
        return Err(RangeError::TrailingComma {
            column: column(text, from + comma),
        });
    };
    let column = column(text, after + next);
    match text[after + next..].chars().next() {
        Some('[' | '(') => Ok(Some(after + next)),
        Some(bracket @ (']' | ')')) => Err(RangeError::Unopened { bracket, column }),
        _ => Err(RangeError::BareVersion { column }),
    }
}

/// The restriction written from byte `open` to byte `close` (its brackets).
fn parse_restriction(text: &str, open: usize, close: usize) -> Result<Restriction, RangeError> {
    let written = text[open..=close].to_owned();
    let column = column(text, open);
    let lower_inclusive = text.as_bytes()[open] == b'[';
    let upper_inclusive = text.as_bytes()[close] == b']';
    let inner = text[open + 1..close].trim();
    let bound = |spec: &str, inclusive: bool| {
        Version::parse(spec.trim())
            .ok()
            .map(|version| Bound { version, inclusive })
    };
    let parts: Vec<&str> = inner.split(',').collect();
    match parts[..] {
        [""] => Err(RangeError::EmptyRestriction {
            text: written,
            column,
        }),
        [single] if lower_inclusive && upper_inclusive => Ok(Restriction {
            lower: bound(single, true),
            upper: bound(single, true),
        }),
        [_] => Err(RangeError::SingleNotInclusive {
            text: written,
            column,
        }),
        [lower, upper] => {
            let restriction = Restriction {
                lower: bound(lower, lower_inclusive),
                upper: bound(upper, upper_inclusive),
            };
            if allows_some_version(&restriction) {
                Ok(restriction)
            } else {
                Err(RangeError::Inverted {
                    text: written,
                    column,
                })
            }
        }
        _ => Err(RangeError::TooManyBounds {
            text: written,
            column,
        }),
    }
}

/// Whether a two-sided interval is not empty by its own bounds.
fn allows_some_version(restriction: &Restriction) -> bool {
    match (&restriction.lower, &restriction.upper) {
        (Some(lower), Some(upper)) => {
            lower.version < upper.version
                || (lower.version == upper.version && lower.inclusive && upper.inclusive)
        }
        _ => true,
    }
}

/// Whether `next` starts where or after `previous` ends, as Maven requires
/// of the parts of a union (sharing one bound version is allowed).
fn precedes(previous: &Restriction, next: &Restriction) -> bool {
    match (&previous.upper, &next.lower) {
        (Some(end), Some(start)) => end.version <= start.version,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).expect("a version")
    }

    fn range(text: &str) -> VersionRange {
        VersionRange::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[track_caller]
    fn assert_members(spec: &str, inside: &[&str], outside: &[&str]) {
        let range = range(spec);
        for version in inside {
            assert!(
                range.contains(&v(version)),
                "{spec} should contain {version}"
            );
        }
        for version in outside {
            assert!(
                !range.contains(&v(version)),
                "{spec} should not contain {version}"
            );
        }
    }

    #[test]
    fn a_bare_version_is_a_soft_requirement_that_accepts_any_version() {
        let soft = range("1.0");
        assert!(soft.is_soft());
        assert_eq!(soft.recommended(), Some(&v("1.0")));
        assert_eq!(soft.lower_bound(), Some(&v("1.0")));
        assert!(soft.restrictions().is_empty());
        // Maven's VersionRangeTest.testContains: "2.0.4" accepts 2.0.5.
        assert_members("2.0.4", &["2.0.5", "0.1", "99"], &[]);
        assert_members("1.0-SNAPSHOT", &["1.0-SNAPSHOT"], &[]);
    }

    #[test]
    fn the_specifications_examples_read_as_documented() {
        assert_members(
            "[1.0]",
            &["1.0", "1", "1.0.0"],
            &["1.0.1", "0.9", "1.0-SNAPSHOT"],
        );
        assert_members("(,1.0]", &["0.1", "1.0", "1.0-rc1"], &["1.0.1", "1.1"]);
        assert_members("[1.2,1.3]", &["1.2", "1.2.5", "1.3"], &["1.1", "1.3.1"]);
        assert_members(
            "[1.0,2.0)",
            &["1.0", "1.9.9", "2.0-rc1"],
            &["0.9", "2.0", "2.0.1"],
        );
        assert_members("[1.5,)", &["1.5", "1.6", "99"], &["1.4", "1.5-SNAPSHOT"]);
        assert_members(
            "(,1.0],[1.2,)",
            &["0.5", "1.0", "1.2", "3"],
            &["1.1", "1.1.9"],
        );
        assert_members("(,1.1),(1.1,)", &["1.0", "1.1.1", "2"], &["1.1", "1.1.0"]);
        for spec in [
            "[1.0]",
            "(,1.0]",
            "[1.2,1.3]",
            "[1.0,2.0)",
            "[1.5,)",
            "(,1.0],[1.2,)",
        ] {
            assert!(!range(spec).is_soft(), "{spec}");
        }
    }

    #[test]
    fn mavens_containment_cases_agree() {
        assert_members("[1.0,)", &[], &["1.0-SNAPSHOT"]);
        assert_members("[1.0,1.1-SNAPSHOT]", &["1.1-SNAPSHOT"], &[]);
        assert_members("[5.0.9.0,5.0.10.0)", &["5.0.9.0"], &[]);
        assert_members(
            "[1.0,1.2]",
            &["1.1-SNAPSHOT", "1.2-SNAPSHOT"],
            &["1.0-SNAPSHOT"],
        );
        assert_members("[1.0-SNAPSHOT,1.2]", &["1.0-SNAPSHOT", "1.1-SNAPSHOT"], &[]);
        assert_members("[2.0.5]", &["2.0.5"], &[]);
        assert_members("[2.0,2.1]", &["2.0.5"], &[]);
        assert_members("[2.0,2.0.5]", &["2.0.5"], &[]);
        assert_members("[2.0.6,)", &[], &["2.0.5"]);
        assert_members("[2.0.6]", &[], &["2.0.5"]);
        assert_members("[2.0,2.0.3]", &[], &["2.0.5"]);
        assert_members("[2.0,2.0.5)", &[], &["2.0.5"]);
    }

    #[test]
    fn lutece_requirements_of_lutece_core_read_as_meant() {
        assert_members(
            "[7.0.2,7.9.9)",
            &["7.0.2", "7.5.0", "7.9.9-SNAPSHOT"],
            &["7.0.1", "7.9.9", "8.0.0"],
        );
        assert_members(
            "[6.0.1,)",
            &["6.0.1", "7.0.2", "8.0.0-SNAPSHOT"],
            &["6.0.0", "6.0.1-SNAPSHOT"],
        );
        assert_members(
            "[5.0.0,6.9.9)",
            &["5.0.0", "6.2.0"],
            &["4.1.4-SNAPSHOT", "7.0.2"],
        );
        assert_members(
            "[8.0.0-SNAPSHOT,)",
            &["8.0.0-SNAPSHOT", "8.0.0"],
            &["7.9.9"],
        );
        let snapshot = range("8.0.0-SNAPSHOT");
        assert!(snapshot.is_soft());
        assert_eq!(
            snapshot.lower_bound().map(Version::as_str),
            Some("8.0.0-SNAPSHOT")
        );
    }

    #[test]
    fn bounds_are_the_ends_of_the_first_and_last_intervals() {
        let union = range("(,1.0],[1.2,1.5)");
        assert_eq!(union.lower_bound(), None);
        assert_eq!(union.upper_bound(), Some(&v("1.5")));
        assert_eq!(range("[7.0.2,7.9.9)").lower_bound(), Some(&v("7.0.2")));
        assert_eq!(range("[6.0.1,)").upper_bound(), None);
        let restrictions = range("[1.0,2.0)").restrictions().to_vec();
        let upper = restrictions[0].upper.as_ref().expect("an upper bound");
        assert!(!upper.inclusive);
    }

    #[test]
    fn display_writes_the_requirement_back() {
        for spec in [
            "1.0",
            "[1.0]",
            "(,1.0]",
            "[1.2,1.3]",
            "[1.0,2.0)",
            "[1.5,)",
            "(,1.0],[1.2,)",
            "(,1.1),(1.1,)",
            "8.0.0-SNAPSHOT",
            "[7.0.2,7.9.9)",
        ] {
            assert_eq!(range(spec).to_string(), spec);
        }
        assert_eq!(
            range("  [ 1.0 , 2.0 ) , [3.0,) ").to_string(),
            "[1.0,2.0),[3.0,)"
        );
        assert_eq!(range("[1.0,1.0]").to_string(), "[1.0]");
        assert_eq!(range(&range("[1.0]").to_string()), range("[1.0]"));
    }

    #[test]
    fn mavens_invalid_ranges_are_refused() {
        for spec in [
            "(1.0)",
            "[1.0)",
            "(1.0]",
            "(1.0,1.0]",
            "[1.0,1.0)",
            "(1.0,1.0)",
            "[1.1,1.0]",
            "[1.0,1.2),1.3",
            "[1.0,1.2),(1.1,1.3]",
            "[1.1,1.3),(1.0,1.2]",
            "(1.1,1.2],[1.0,1.1)",
        ] {
            assert!(
                VersionRange::parse(spec).is_err(),
                "{spec} should be refused"
            );
        }
    }

    #[test]
    fn errors_say_what_is_wrong_and_where() {
        let cases = [
            ("", RangeError::Empty),
            ("   ", RangeError::Empty),
            (
                "[1.0,2.0",
                RangeError::Unclosed {
                    bracket: '[',
                    column: 1,
                },
            ),
            (
                "[1.0,[2.0]",
                RangeError::Unclosed {
                    bracket: '[',
                    column: 1,
                },
            ),
            (
                "[1.0,2.0]]",
                RangeError::Unopened {
                    bracket: ']',
                    column: 10,
                },
            ),
            (
                "1.0]",
                RangeError::Unopened {
                    bracket: ']',
                    column: 4,
                },
            ),
            (
                "1.0(",
                RangeError::Unclosed {
                    bracket: '(',
                    column: 4,
                },
            ),
            ("1.0,2.0", RangeError::CommaInSoft { column: 4 }),
            (
                "[]",
                RangeError::EmptyRestriction {
                    text: "[]".into(),
                    column: 1,
                },
            ),
            (
                "(1.0]",
                RangeError::SingleNotInclusive {
                    text: "(1.0]".into(),
                    column: 1,
                },
            ),
            (
                "[1,2,3]",
                RangeError::TooManyBounds {
                    text: "[1,2,3]".into(),
                    column: 1,
                },
            ),
            (
                "[2.0,1.0]",
                RangeError::Inverted {
                    text: "[2.0,1.0]".into(),
                    column: 1,
                },
            ),
            (
                "[1.0,1.0)",
                RangeError::Inverted {
                    text: "[1.0,1.0)".into(),
                    column: 1,
                },
            ),
            (
                "[1,3),[2,4)",
                RangeError::Overlap {
                    text: "[2,4)".into(),
                    column: 7,
                },
            ),
            (
                "[1,),[2,4)",
                RangeError::Overlap {
                    text: "[2,4)".into(),
                    column: 6,
                },
            ),
            (
                "[1,2],(,4)",
                RangeError::Overlap {
                    text: "(,4)".into(),
                    column: 7,
                },
            ),
            (
                "[1,2] [3,4]",
                RangeError::ExpectedComma {
                    found: '[',
                    column: 7,
                },
            ),
            ("[1,2],3", RangeError::BareVersion { column: 7 }),
            ("[1,2],", RangeError::TrailingComma { column: 6 }),
            (
                "[1,2],)",
                RangeError::Unopened {
                    bracket: ')',
                    column: 7,
                },
            ),
            (
                " [é,2",
                RangeError::Unclosed {
                    bracket: '[',
                    column: 2,
                },
            ),
        ];
        for (spec, expected) in cases {
            assert_eq!(VersionRange::parse(spec), Err(expected), "{spec:?}");
        }
        let message = VersionRange::parse("[1,3),[2,4)").unwrap_err().to_string();
        assert_eq!(
            message,
            "column 7: '[2,4)' overlaps or precedes the restriction before it"
        );
    }

    #[test]
    fn restrictions_may_share_a_bound_and_leave_sides_open() {
        assert_members("[1,2],[2,3]", &["1", "2", "3"], &["3.1"]);
        assert_members("(,)", &["0", "99"], &[]);
        assert_members("[,1.0]", &["0.1", "1.0"], &["1.1"]);
    }
}
