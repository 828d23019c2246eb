//! Affiliations: which organisation an e-mail address stands for, on a date.
//!
//! A configured map from domains to organisations, optionally bounded in
//! time (people change employers). Webmail and no-reply domains mean
//! "unaffiliated", never an organisation; any other domain without a rule is
//! "unknown", for `vigie affiliations` to list.

use chrono::NaiveDate;
use serde::Deserialize;

/// Domains of personal mailboxes and no-reply addresses.
const UNAFFILIATED_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.fr",
    "hotmail.com",
    "hotmail.fr",
    "outlook.com",
    "outlook.fr",
    "live.com",
    "live.fr",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "protonmail.com",
    "proton.me",
    "free.fr",
    "orange.fr",
    "wanadoo.fr",
    "laposte.net",
    "sfr.fr",
    "neuf.fr",
    "club-internet.fr",
    "numericable.fr",
    "bbox.fr",
    "yandex.ru",
    "mail.ru",
    "qq.com",
    "163.com",
    "users.noreply.github.com",
    "noreply.github.com",
    "github.com",
    "users.noreply.gitlab.com",
    "localhost",
    "localhost.localdomain",
];

/// One `[[affiliations]]` entry of the configuration.
///
/// ```toml
/// [[affiliations]]
/// domain = "atos.net"          # also matches sub-domains (fr.atos.net)
/// organisation = "Atos"
/// from = "2012-01-01"          # optional, inclusive
/// to = "2019-06-30"            # optional, inclusive
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffiliationRule {
    /// The e-mail domain.
    pub domain: String,
    /// The organisation it stands for.
    pub organisation: String,
    /// First day the rule holds.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Last day the rule holds.
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

/// What an address says about its owner's organisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Affiliation {
    /// A configured organisation.
    Organisation(String),
    /// A personal or no-reply address: no organisation.
    Unaffiliated,
    /// A domain no rule covers.
    Unknown(String),
}

/// The configured rules.
#[derive(Debug, Clone, Default)]
pub struct Affiliations {
    rules: Vec<AffiliationRule>,
}

impl Affiliations {
    /// Rules from the configuration, domains compared case-insensitively.
    pub fn new(rules: &[AffiliationRule]) -> Self {
        let rules = rules
            .iter()
            .map(|r| AffiliationRule {
                domain: r.domain.trim().trim_start_matches('@').to_ascii_lowercase(),
                ..r.clone()
            })
            .collect();
        Self { rules }
    }

    /// The affiliation of an address on a date (`None`: ignore date bounds).
    /// The most specific matching domain wins.
    pub fn of(&self, email: &str, on: Option<NaiveDate>) -> Affiliation {
        let Some(domain) = domain_of(email) else {
            return Affiliation::Unaffiliated;
        };
        let in_range = |r: &AffiliationRule| match on {
            None => true,
            Some(day) => r.from.is_none_or(|f| f <= day) && r.to.is_none_or(|t| day <= t),
        };
        let best = self
            .rules
            .iter()
            .filter(|r| covers(&r.domain, &domain) && in_range(r))
            .max_by_key(|r| r.domain.len());
        if let Some(rule) = best {
            return Affiliation::Organisation(rule.organisation.clone());
        }
        if UNAFFILIATED_DOMAINS.iter().any(|d| covers(d, &domain)) || !domain.contains('.') {
            return Affiliation::Unaffiliated;
        }
        Affiliation::Unknown(domain)
    }
}

/// The lower-cased domain of an address, if it has one.
pub fn domain_of(email: &str) -> Option<String> {
    let (_, domain) = email.rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    (!domain.is_empty()).then_some(domain)
}

fn covers(rule: &str, domain: &str) -> bool {
    domain == rule || domain.strip_suffix(rule).is_some_and(|p| p.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn domains_dates_and_webmail() {
        let a = Affiliations::new(&[
            AffiliationRule {
                domain: "atos.net".into(),
                organisation: "Atos".into(),
                from: None,
                to: None,
            },
            AffiliationRule {
                domain: "Paris.fr".into(),
                organisation: "Ville de Paris".into(),
                from: day("2010-01-01"),
                to: day("2019-12-31"),
            },
        ]);
        let org = |o: &str| Affiliation::Organisation(o.into());
        assert_eq!(a.of("bass.seck@atos.net", None), org("Atos"));
        assert_eq!(a.of("x@fr.atos.net", None), org("Atos"));
        assert_eq!(
            a.of("x@notatos.net", None),
            Affiliation::Unknown("notatos.net".into())
        );
        assert_eq!(
            a.of("pierre.levy@PARIS.fr", day("2015-06-01")),
            org("Ville de Paris")
        );
        assert_eq!(
            a.of("pierre.levy@paris.fr", day("2021-01-01")),
            Affiliation::Unknown("paris.fr".into())
        );
        assert_eq!(a.of("me@gmail.com", None), Affiliation::Unaffiliated);
        assert_eq!(
            a.of("1+me@users.noreply.github.com", None),
            Affiliation::Unaffiliated
        );
        assert_eq!(
            a.of("GDU@bab10101-e421-0410", None),
            Affiliation::Unaffiliated
        );
        assert_eq!(a.of("", None), Affiliation::Unaffiliated);
    }

    #[test]
    fn a_report_splits_contributions_by_organisation_on_the_day() {
        let a = Affiliations::new(&[AffiliationRule {
            domain: "paris.fr".into(),
            organisation: "Ville de Paris".into(),
            from: day("2015-01-01"),
            to: None,
        }]);
        let row = |email: &str, on: &str, contributions| AddressContributions {
            email: email.into(),
            day: on.parse().unwrap(),
            contributions,
        };
        let report = report(
            &[
                row("a@paris.fr", "2016-03-01", 5),
                row("a@paris.fr", "2014-03-01", 2),
                row("b@gmail.com", "2016-03-01", 3),
                row("c@example.org", "2016-03-01", 4),
                row("d@example.org", "2016-04-01", 1),
            ],
            &a,
        );
        assert_eq!(report.total, 15);
        assert_eq!(report.unaffiliated, 3);
        assert_eq!(report.organisations, vec![("Ville de Paris".into(), 5)]);
        assert_eq!(
            report.unknown_domains,
            vec![("example.org".into(), 5), ("paris.fr".into(), 2)]
        );
        assert_eq!(report.without_organisation(), 10);
    }
}

/// How contributions split by organisation (bots left out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AffiliationReport {
    /// Contributions in all.
    pub total: u64,
    /// By personal or no-reply addresses.
    pub unaffiliated: u64,
    /// Per organisation, most first.
    pub organisations: Vec<(String, u64)>,
    /// Domains without a rule, most first.
    pub unknown_domains: Vec<(String, u64)>,
}

impl AffiliationReport {
    /// Contributions whose organisation is not known (unaffiliated or unknown domain).
    pub fn without_organisation(&self) -> u64 {
        self.total - self.organisations.iter().map(|(_, n)| n).sum::<u64>()
    }
}

/// Counts contributions by the organisation their author's address stood
/// for on the day, from the store's counts per address and day
/// ([`crate::Store::contributions_by_address`]).
pub fn report(
    contributions: &[AddressContributions],
    affiliations: &Affiliations,
) -> AffiliationReport {
    use std::collections::HashMap;
    let mut out = AffiliationReport::default();
    let mut orgs: HashMap<String, u64> = HashMap::new();
    let mut unknown: HashMap<String, u64> = HashMap::new();
    for row in contributions {
        let n = row.contributions;
        out.total += n;
        match affiliations.of(&row.email, Some(row.day)) {
            Affiliation::Organisation(o) => *orgs.entry(o).or_default() += n,
            Affiliation::Unaffiliated => out.unaffiliated += n,
            Affiliation::Unknown(d) => *unknown.entry(d).or_default() += n,
        }
    }
    let sorted = |m: HashMap<String, u64>| {
        let mut v: Vec<(String, u64)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    out.organisations = sorted(orgs);
    out.unknown_domains = sorted(unknown);
    out
}

/// How many contributions (bots' left out) one address made on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressContributions {
    /// The author's address as stored.
    pub email: String,
    /// The day.
    pub day: NaiveDate,
    /// Contributions that day.
    pub contributions: u64,
}
