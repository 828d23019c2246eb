//! GH Archive's unit: one hour (UTC), written `2015-01-01T15` in the
//! configuration and `2015-01-01-15.json.gz` as a file (the hour without a
//! leading zero, as gharchive.org names them).

use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};
use serde::Deserialize;

/// One hour of GH Archive, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hour(NaiveDateTime);

impl Hour {
    /// Reads `YYYY-MM-DDTHH` (the configuration's form) or `YYYY-MM-DD-H`
    /// (a file's).
    pub fn parse(text: &str) -> Result<Hour, String> {
        let wrong = || format!("{text:?} is not an hour: write it `YYYY-MM-DDTHH` (UTC)");
        if text.len() < 12 {
            return Err(wrong());
        }
        let (day, hour) = text.split_at(10);
        let hour = hour
            .strip_prefix('T')
            .or_else(|| hour.strip_prefix('-'))
            .ok_or_else(wrong)?;
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| wrong())?;
        let hour: u32 = hour.parse().map_err(|_| wrong())?;
        day.and_hms_opt(hour, 0, 0).map(Hour).ok_or_else(wrong)
    }

    /// The hour a file holds, from its name (`2015-01-01-15.json.gz`, any
    /// prefix before the date such as `gharchive-`).
    pub fn of_file(path: &Path) -> Option<Hour> {
        let name = path.file_name()?.to_str()?.strip_suffix(".json.gz")?;
        // The date and hour end the name: `2015-01-01-15` or `2015-01-01-5`.
        [13, 12]
            .iter()
            .filter_map(|len| name.get(name.len().checked_sub(*len)?..))
            .find_map(|tail| Hour::parse(tail).ok())
    }

    /// The file gharchive.org serves for this hour.
    pub fn file_name(&self) -> String {
        format!("{}-{}.json.gz", self.0.format("%Y-%m-%d"), self.0.hour())
    }

    /// The next hour.
    pub fn next(&self) -> Hour {
        Hour(self.0 + Duration::hours(1))
    }

    /// The hours from `self` to `last`, both included.
    pub fn through(self, last: Hour) -> impl Iterator<Item = Hour> {
        std::iter::successors(Some(self), |h| Some(h.next())).take_while(move |h| *h <= last)
    }

    /// The hour's start, UTC.
    pub fn start(&self) -> NaiveDateTime {
        self.0
    }
}

impl std::fmt::Display for Hour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H"))
    }
}

impl<'de> Deserialize<'de> for Hour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Hour::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hour_is_written_as_the_configuration_and_as_gharchive_org_name_it() {
        let h = Hour::parse("2015-01-01T05").unwrap();
        assert_eq!(h.file_name(), "2015-01-01-5.json.gz");
        assert_eq!(h.to_string(), "2015-01-01T05");
        assert_eq!(Hour::parse("2015-01-01-5").unwrap(), h);
        for name in ["2015-01-01-5.json.gz", "gharchive-2015-01-01-05.json.gz"] {
            assert_eq!(Hour::of_file(Path::new(name)), Some(h), "{name}");
        }
        assert_eq!(
            Hour::of_file(Path::new("x/2015-01-01-15.json.gz")),
            Some(Hour::parse("2015-01-01T15").unwrap())
        );
        assert_eq!(Hour::of_file(Path::new("notes.json.gz")), None);
        assert!(Hour::parse("2015-01-01T24").is_err());
        assert!(Hour::parse("2015-01-01").is_err());
    }

    #[test]
    fn a_range_includes_both_ends_and_crosses_days() {
        let from = Hour::parse("2015-01-01T22").unwrap();
        let to = Hour::parse("2015-01-02T01").unwrap();
        let names: Vec<String> = from.through(to).map(|h| h.file_name()).collect();
        assert_eq!(
            names,
            [
                "2015-01-01-22.json.gz",
                "2015-01-01-23.json.gz",
                "2015-01-02-0.json.gz",
                "2015-01-02-1.json.gz"
            ]
        );
        assert_eq!(to.through(from).count(), 0);
    }
}
