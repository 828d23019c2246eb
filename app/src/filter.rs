//! The dashboard's filter, as carried in the URL (see [`Filter`]).
//!
//! The same parsing runs on the server and in the browser, so a link, a
//! plain form submission (no JavaScript) and a client-side navigation all
//! show the same page.

use std::fmt;
use std::str::FromStr;

use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

use crate::i18n::{Arg, Lang};

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

/// The period the reader asks charts and tables to be given per
/// (`period=` in the URL); the server turns it into the metrics' own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChartPeriod {
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

impl ChartPeriod {
    /// Every period, in the order of the filter.
    pub const ALL: [ChartPeriod; 3] = [ChartPeriod::Month, ChartPeriod::Quarter, ChartPeriod::Year];

    /// Its name in words ("per month"), as a message id.
    pub fn label_id(self) -> &'static str {
        match self {
            ChartPeriod::Month => "period-month",
            ChartPeriod::Quarter => "period-quarter",
            ChartPeriod::Year => "period-year",
        }
    }

    /// The value in the URL.
    pub fn key(self) -> &'static str {
        match self {
            ChartPeriod::Month => "month",
            ChartPeriod::Quarter => "quarter",
            ChartPeriod::Year => "year",
        }
    }
}

/// What the dashboard shows: repositories (by name or group; none means
/// all), a window of months, the period results are given per, and bots in
/// or out. Carried in the URL: `?repo=owner/name&group=Plugins&from=2020-01&to=2024-12&period=quarter&bots=1`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Defaults for absent fields: the URL encoding of server functions leaves
// empty lists out.
#[serde(default)]
pub struct Filter {
    /// Repositories by `owner/name` (`repo`, repeated).
    pub repositories: Vec<String>,
    /// Repository groups of the configuration, by name (`group`, repeated).
    pub groups: Vec<String>,
    /// The first month shown.
    pub from: Option<YearMonth>,
    /// The last month shown.
    pub to: Option<YearMonth>,
    /// The period of charts and tables; `None`: chosen from the window's
    /// length (months, quarters or years), unless the reader asks.
    pub period: Option<ChartPeriod>,
    /// Count bots' activity too.
    pub bots: bool,
}

/// A part of the URL that could not be used (and was left out).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Problem {
    /// `from` or `to` is not a month; the value as given.
    NotAMonth(String),
    /// `period` is none of month, quarter, year.
    NotAPeriod(String),
    /// `from` was after `to`: they were swapped.
    Reversed,
    /// No stored repository has this name.
    UnknownRepository(String),
    /// No configured group has this name.
    UnknownGroup(String),
}

impl Problem {
    /// The problem as a sentence in the reader's language.
    pub fn describe(&self, lang: Lang) -> String {
        let text = |s: &String| Arg::Text(s.clone());
        match self {
            Problem::NotAMonth(v) => lang.t_args("notice-not-a-month", &[("value", text(v))]),
            Problem::NotAPeriod(v) => lang.t_args("notice-not-a-period", &[("value", text(v))]),
            Problem::Reversed => lang.t("notice-reversed"),
            Problem::UnknownRepository(v) => {
                lang.t_args("notice-unknown-repository", &[("name", text(v))])
            }
            Problem::UnknownGroup(v) => lang.t_args("notice-unknown-group", &[("name", text(v))]),
        }
    }
}

/// At most this many repositories or groups are read from one URL.
const MAX_SCOPE: usize = 500;
/// Longer names are not names.
const MAX_NAME: usize = 300;

impl Filter {
    /// Reads the filter from the URL's query. Values that cannot be used are
    /// left out, each with a [`Problem`] saying why.
    pub fn from_query(query: &ParamsMap) -> (Self, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut month = |key: &str| {
            let value = query.get(key).filter(|v| !v.trim().is_empty())?;
            value
                .parse::<YearMonth>()
                .map_err(|_| problems.push(Problem::NotAMonth(shorten(&value))))
                .ok()
        };
        let from = month("from");
        let to = month("to");
        let names = |key: &str| -> Vec<String> {
            let mut names: Vec<String> = query
                .get_all(key)
                .unwrap_or_default()
                .into_iter()
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty() && r.len() <= MAX_NAME)
                .take(MAX_SCOPE)
                .collect();
            names.sort();
            names.dedup();
            names
        };
        let (from, to) = match (from, to) {
            (Some(f), Some(t)) if f > t => {
                problems.push(Problem::Reversed);
                (Some(t), Some(f))
            }
            other => other,
        };
        let period = match query.get("period").as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => {
                let known = ChartPeriod::ALL.into_iter().find(|k| k.key() == p);
                if known.is_none() {
                    problems.push(Problem::NotAPeriod(shorten(p)));
                }
                known
            }
        };
        let bots = matches!(query.get("bots").as_deref(), Some("1" | "on" | "true"));
        (
            Filter {
                repositories: names("repo"),
                groups: names("group"),
                from,
                to,
                period,
                bots,
            },
            problems,
        )
    }

    /// The query string of this filter (without `?`), in a fixed order,
    /// defaults left out, with `lang` when given.
    pub fn to_query(&self, lang: Option<&str>) -> String {
        self.pairs(lang)
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The (name, value) pairs of [`Filter::to_query`], not encoded.
    pub fn pairs(&self, lang: Option<&str>) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        for r in &self.repositories {
            pairs.push(("repo", r.clone()));
        }
        for g in &self.groups {
            pairs.push(("group", g.clone()));
        }
        if let Some(f) = self.from {
            pairs.push(("from", f.to_string()));
        }
        if let Some(t) = self.to {
            pairs.push(("to", t.to_string()));
        }
        if let Some(period) = self.period {
            pairs.push(("period", period.key().to_owned()));
        }
        if self.bots {
            pairs.push(("bots", "1".to_owned()));
        }
        if let Some(lang) = lang {
            pairs.push(("lang", lang.to_owned()));
        }
        pairs
    }
}

/// A value as shown back in a message: at most 40 characters.
fn shorten(value: &str) -> String {
    let mut out: String = value.chars().take(40).collect();
    if value.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> ParamsMap {
        let mut map = ParamsMap::new();
        for (k, v) in pairs {
            map.insert(k.to_string(), v.to_string());
        }
        map
    }

    #[test]
    fn reads_a_complete_filter() {
        let (f, problems) = Filter::from_query(&query(&[
            ("repo", "lutece-platform/lutece-core"),
            ("repo", "lutece-platform/lutece-form"),
            ("group", "Plugins"),
            ("from", "2019-01"),
            ("to", "2020-12"),
            ("period", "quarter"),
            ("bots", "1"),
        ]));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            f.repositories,
            ["lutece-platform/lutece-core", "lutece-platform/lutece-form"]
        );
        assert_eq!(f.groups, ["Plugins"]);
        assert_eq!(
            f.from,
            Some(YearMonth {
                year: 2019,
                month: 1
            })
        );
        assert_eq!(f.to.unwrap().to_string(), "2020-12");
        assert_eq!(f.period, Some(ChartPeriod::Quarter));
        assert!(f.bots);
        assert_eq!(
            f.to_query(Some("fr")),
            "repo=lutece-platform%2Flutece-core&repo=lutece-platform%2Flutece-form&group=Plugins\
             &from=2019-01&to=2020-12&period=quarter&bots=1&lang=fr"
        );
    }

    #[test]
    fn empty_fields_mean_no_filter() {
        let (f, problems) = Filter::from_query(&query(&[
            ("repo", ""),
            ("from", ""),
            ("to", " "),
            ("period", ""),
        ]));
        assert_eq!(f, Filter::default());
        assert!(problems.is_empty());
    }

    #[test]
    fn bad_values_are_named_and_ignored() {
        let (f, problems) = Filter::from_query(&query(&[
            ("from", "2019-13"),
            ("to", "<b>x</b>"),
            ("period", "'; DROP TABLE activities; --"),
        ]));
        assert_eq!(f, Filter::default());
        assert_eq!(
            problems,
            [
                Problem::NotAMonth("2019-13".into()),
                Problem::NotAMonth("<b>x</b>".into()),
                Problem::NotAPeriod("'; DROP TABLE activities; --".into()),
            ]
        );
    }

    #[test]
    fn a_reversed_window_is_turned_round() {
        let (f, problems) = Filter::from_query(&query(&[("from", "2021-01"), ("to", "2020-01")]));
        assert_eq!(f.from.unwrap().to_string(), "2020-01");
        assert_eq!(f.to.unwrap().to_string(), "2021-01");
        assert_eq!(problems, [Problem::Reversed]);
    }

    #[test]
    fn query_values_are_encoded() {
        let f = Filter {
            repositories: vec!["a b/c&d=e".into()],
            ..Filter::default()
        };
        assert_eq!(f.to_query(None), "repo=a%20b%2Fc%26d%3De");
    }
}
