//! The versions of the standard this module knows, and the rules that
//! changed between them (from the standard's CHANGELOG and the
//! `schema.core.rst` of each release tag).

use std::fmt;

/// A release of the publiccode.yml standard.
///
/// 0.6 changed nothing in the standard itself (its CHANGELOG: "procedural
/// and tooling changes"), so it reads as 0.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// 0.2 (March 2019), with its fixes 0.2.1 and 0.2.2.
    V0_2,
    /// 0.3 (May 2022).
    V0_3,
    /// 0.4 (June 2024).
    V0_4,
    /// 0.5 (October 2025).
    V0_5,
    /// 0.6, identical to 0.5 in its rules.
    V0_6,
    /// 0.7 (June 2026), the latest.
    V0_7,
}

impl Version {
    /// The latest version: what `publiccodeYmlVersion: "0"` stands for.
    pub const LATEST: Version = Version::V0_7;

    /// The version a `publiccodeYmlVersion` value names: `"0.4"` or
    /// `"0.4.0"`, any patch of 0.2, or `"0"` for the latest 0.x (as the
    /// standard's own examples now write it).
    pub fn parse(text: &str) -> Option<Version> {
        let version = match text {
            "0" => Version::LATEST,
            "0.2" | "0.2.0" | "0.2.1" | "0.2.2" => Version::V0_2,
            "0.3" | "0.3.0" => Version::V0_3,
            "0.4" | "0.4.0" => Version::V0_4,
            "0.5" | "0.5.0" => Version::V0_5,
            "0.6" | "0.6.0" => Version::V0_6,
            "0.7" | "0.7.0" => Version::V0_7,
            _ => return None,
        };
        Some(version)
    }

    /// The version as written in `publiccodeYmlVersion` (`0.4`).
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V0_2 => "0.2",
            Version::V0_3 => "0.3",
            Version::V0_4 => "0.4",
            Version::V0_5 => "0.5",
            Version::V0_6 => "0.6",
            Version::V0_7 => "0.7",
        }
    }

    /// The shortest `longDescription` allowed, in characters: 500 until
    /// 0.3 lowered it.
    pub(super) fn long_description_min(self) -> usize {
        if self < Version::V0_3 {
            500
        } else {
            150
        }
    }

    /// The longest feature allowed: 100 characters, until 0.3 lifted it.
    pub(super) fn feature_max(self) -> Option<usize> {
        (self < Version::V0_3).then_some(100)
    }

    /// Whether `releaseDate` is due once `softwareVersion` is given: until
    /// 0.4 made it optional.
    pub(super) fn release_date_follows_version(self) -> bool {
        self < Version::V0_4
    }

    /// Whether country codes are uppercase (lowercase deprecated), as from
    /// 0.5; before, they were lowercase.
    pub(super) fn uppercase_countries(self) -> bool {
        self >= Version::V0_5
    }

    /// Whether `contractors` must be absent unless the maintenance is by
    /// contract, as from 0.5.
    pub(super) fn contractors_only_for_contract(self) -> bool {
        self >= Version::V0_5
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_stands_for_the_latest_version_and_patches_for_their_minor() {
        assert_eq!(Version::parse("0"), Some(Version::V0_7));
        assert_eq!(Version::parse("0.2.1"), Some(Version::V0_2));
        assert_eq!(Version::parse("0.4.0"), Some(Version::V0_4));
        assert_eq!(Version::parse("0.1"), None);
        assert_eq!(Version::parse("1.0"), None);
        assert_eq!(Version::parse(" 0.4"), None);
    }
}
