//! The dashboard's filter, as carried in the URL: `?repo=owner/name&from=2020-01&to=2024-12`.
//!
//! The same parsing runs on the server and in the browser, so a link, a
//! plain form submission (no JavaScript) and a client-side navigation all
//! show the same page.

use std::fmt;
use std::str::FromStr;

use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

/// A calendar month, as `<input type="month">` writes it (`YYYY-MM`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    /// The year, 1..=9999.
    pub year: i32,
    /// The month, 1..=12.
    pub month: u32,
}

impl FromStr for YearMonth {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{}` is not a month (expected YYYY-MM)", s.escape_debug());
        let (year, month) = s.trim().split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || year < 1 {
            return Err(bad());
        }
        Ok(YearMonth { year, month })
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<YearMonth> for String {
    fn from(value: YearMonth) -> Self {
        value.to_string()
    }
}

/// What the dashboard shows: a repository (or all) and a window of months.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filter {
    /// `owner/name` of one repository; `None` for all of them.
    pub repository: Option<String>,
    /// The first month shown.
    pub from: Option<YearMonth>,
    /// The last month shown.
    pub to: Option<YearMonth>,
}

impl Filter {
    /// Reads the filter from the URL's query. Values that cannot be used are
    /// left out, with a sentence saying why for each.
    pub fn from_query(query: &ParamsMap) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let mut month = |key: &str, label: &str| {
            let value = query.get(key).filter(|v| !v.trim().is_empty())?;
            value
                .parse::<YearMonth>()
                .map_err(|e| problems.push(format!("{label}: {e}; ignored.")))
                .ok()
        };
        let from = month("from", "From");
        let to = month("to", "To");
        let repository = query
            .get("repo")
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        let (from, to) = match (from, to) {
            (Some(f), Some(t)) if f > t => {
                problems.push(format!("The window was reversed; showing {t} to {f}."));
                (Some(t), Some(f))
            }
            other => other,
        };
        (
            Filter {
                repository,
                from,
                to,
            },
            problems,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> ParamsMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_a_complete_filter() {
        let (f, problems) = Filter::from_query(&query(&[
            ("repo", "lutece-platform/lutece-core"),
            ("from", "2019-01"),
            ("to", "2020-12"),
        ]));
        assert!(problems.is_empty());
        assert_eq!(f.repository.as_deref(), Some("lutece-platform/lutece-core"));
        assert_eq!(
            f.from,
            Some(YearMonth {
                year: 2019,
                month: 1
            })
        );
        assert_eq!(f.to.unwrap().to_string(), "2020-12");
    }

    #[test]
    fn empty_fields_mean_no_filter() {
        let (f, problems) = Filter::from_query(&query(&[("repo", ""), ("from", ""), ("to", " ")]));
        assert_eq!(f, Filter::default());
        assert!(problems.is_empty());
    }

    #[test]
    fn bad_values_are_named_and_ignored() {
        let (f, problems) = Filter::from_query(&query(&[("from", "2019-13"), ("to", "<b>x</b>")]));
        assert_eq!(f, Filter::default());
        assert_eq!(problems.len(), 2);
        assert!(
            problems[0].contains("`2019-13` is not a month"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_reversed_window_is_turned_round() {
        let (f, problems) = Filter::from_query(&query(&[("from", "2021-01"), ("to", "2020-01")]));
        assert_eq!(f.from.unwrap().to_string(), "2020-01");
        assert_eq!(f.to.unwrap().to_string(), "2021-01");
        assert_eq!(problems.len(), 1);
    }
}
