//! The ten quality criteria of France's public-sector catalogue
//! code.gouv.fr ("Awesome CodeGouvFr", one point each, docs/governance.md
//! defines every one and where Vigie departs from the catalogue): a landing
//! page, a release and a commit in the last six months, a logo, a roadmap,
//! more than one author and organisation, CONTRIBUTING, CHANGELOG, a code of
//! conduct, GOVERNANCE. Each criterion is met or not with its evidence. A
//! repository's publiccode.yml may give the landing page, logo and roadmap.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDateTime};
use polars::prelude::*;
use vigie_ingest::estate::publiccode;
use vigie_ingest::estate::roles::Role;
use vigie_ingest::estate::tip::RefKind;
use vigie_ingest::store::{RefRecord, TipFileRecord};

use crate::activity::{self, columns, kind_code, Activities};
use crate::Params;

/// The criteria, in code.gouv.fr's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Criterion {
    /// A home page besides the repository.
    LandingPage,
    /// A release (a tag) in the last six months.
    RecentRelease,
    /// A commit in the last six months.
    RecentCommit,
    /// A logo.
    Logo,
    /// A roadmap file.
    Roadmap,
    /// More than one author and more than one organisation.
    SeveralAuthors,
    /// A CONTRIBUTING file.
    Contributing,
    /// A CHANGELOG file.
    Changelog,
    /// A code of conduct.
    CodeOfConduct,
    /// A GOVERNANCE file.
    Governance,
}

impl Criterion {
    /// Every criterion, in order.
    pub const ALL: [Criterion; 10] = [
        Criterion::LandingPage,
        Criterion::RecentRelease,
        Criterion::RecentCommit,
        Criterion::Logo,
        Criterion::Roadmap,
        Criterion::SeveralAuthors,
        Criterion::Contributing,
        Criterion::Changelog,
        Criterion::CodeOfConduct,
        Criterion::Governance,
    ];

    /// Its key in URLs and downloads (`landing-page`).
    pub fn key(self) -> &'static str {
        match self {
            Criterion::LandingPage => "landing-page",
            Criterion::RecentRelease => "recent-release",
            Criterion::RecentCommit => "recent-commit",
            Criterion::Logo => "logo",
            Criterion::Roadmap => "roadmap",
            Criterion::SeveralAuthors => "several-authors",
            Criterion::Contributing => "contributing",
            Criterion::Changelog => "changelog",
            Criterion::CodeOfConduct => "code-of-conduct",
            Criterion::Governance => "governance",
        }
    }

    /// The file role that meets it, for the criteria a file meets.
    fn role(self) -> Option<Role> {
        match self {
            Criterion::Logo => Some(Role::Logo),
            Criterion::Roadmap => Some(Role::Roadmap),
            Criterion::Contributing => Some(Role::Contributing),
            Criterion::Changelog => Some(Role::Changelog),
            Criterion::CodeOfConduct => Some(Role::CodeOfConduct),
            Criterion::Governance => Some(Role::Governance),
            _ => None,
        }
    }
}

/// Why a criterion is met or not, for the page to say in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// The file that meets it (its path), or none found.
    File(Option<String>),
    /// The forge's home page, or none.
    HomePage(Option<String>),
    /// The newest tag and its date, or none.
    Tag(Option<(String, NaiveDateTime)>),
    /// The newest commit's date, or none.
    Commit(Option<NaiveDateTime>),
    /// What the repository's publiccode.yml declares for the criterion
    /// (`landingURL`, `logo`, `roadmap`).
    Declared {
        /// The key.
        key: &'static str,
        /// Its value, as written.
        value: String,
    },
    /// Distinct authors (bots left out) and organisations among them.
    Authors {
        /// People who made commits.
        authors: usize,
        /// Their known organisations.
        organisations: usize,
    },
}

/// One criterion judged for one repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The criterion.
    pub criterion: Criterion,
    /// Met or not.
    pub met: bool,
    /// What it was judged on.
    pub evidence: Evidence,
}

/// A repository's criteria, and its score out of ten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scorecard {
    /// The repository (`owner/name`).
    pub repository: String,
    /// The ten criteria, in order.
    pub criteria: Vec<Judged>,
}

impl Scorecard {
    /// The criteria met.
    pub fn score(&self) -> usize {
        self.criteria.iter().filter(|c| c.met).count()
    }
}

/// What the commits say of a repository: the newest, and who made them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Commits {
    /// The newest commit.
    pub last: Option<NaiveDateTime>,
    /// Distinct people who made commits (bots left out).
    pub authors: usize,
    /// Distinct known organisations among them.
    pub organisations: usize,
}

/// Each repository's commits (by repository id) up to T, from the
/// activities in scope: bots are left out as everywhere.
pub fn commits(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<BTreeMap<i32, Commits>> {
    let t = activity::reference(activities, params)?.unwrap_or_default();
    let grouped = activity::in_scope(activities, params)
        .filter(col(columns::KIND).eq(lit(kind_code("commit"))))
        .filter(col(columns::AT).lt_eq(lit(t)))
        .group_by([col(columns::REPOSITORY)])
        .agg([
            col(columns::AT).max().alias("last"),
            col(columns::CONTRIBUTOR)
                .n_unique()
                .cast(DataType::Int64)
                .alias("authors"),
            col(columns::ORGANISATION)
                .cast(DataType::String)
                .drop_nulls()
                .n_unique()
                .cast(DataType::Int64)
                .alias("organisations"),
        ])
        .collect()?;
    let repos = grouped.column(columns::REPOSITORY)?.i32()?;
    let last = grouped.column("last")?.datetime()?;
    let authors = grouped.column("authors")?.i64()?;
    let organisations = grouped.column("organisations")?.i64()?;
    Ok((0..grouped.height())
        .filter_map(|i| {
            let last = last
                .phys
                .get(i)
                .and_then(chrono::DateTime::from_timestamp_micros)
                .map(|d| d.naive_utc());
            let commits = Commits {
                last,
                authors: authors.get(i).unwrap_or(0).max(0) as usize,
                organisations: organisations.get(i).unwrap_or(0).max(0) as usize,
            };
            Some((repos.get(i)?, commits))
        })
        .collect())
}

/// What the store knows of one repository, for its scorecard.
pub struct Facts<'a> {
    /// The repository (`owner/name`).
    pub repository: &'a str,
    /// Its forge's home page.
    pub homepage: Option<&'a str>,
    /// The files of its tip with a role (every repository's may be given).
    pub files: &'a [TipFileRecord],
    /// Its refs (every repository's may be given).
    pub refs: &'a [RefRecord],
    /// Its commits.
    pub commits: Commits,
    /// Its publiccode.yml's text, if it has one.
    pub publiccode: Option<&'a str>,
}

/// The ten criteria of one repository at `t` (the page's reference date):
/// "the last six months" are the six calendar months before it.
pub fn scorecard(facts: &Facts<'_>, t: NaiveDateTime) -> Scorecard {
    let since = t.checked_sub_months(Months::new(6)).unwrap_or(t);
    let recent = |at: Option<NaiveDateTime>| at.is_some_and(|at| at > since && at <= t);
    let criteria = Criterion::ALL
        .into_iter()
        .map(|criterion| {
            let (met, evidence) = match criterion {
                Criterion::LandingPage => match (facts.homepage, declared(facts, "landingURL")) {
                    (None, Some(evidence)) => (true, evidence),
                    (page, _) => (page.is_some(), Evidence::HomePage(page.map(str::to_owned))),
                },
                Criterion::RecentRelease => {
                    let tag = newest_tag(facts.repository, facts.refs);
                    (recent(tag.as_ref().map(|(_, at)| *at)), Evidence::Tag(tag))
                }
                Criterion::RecentCommit => {
                    let last = facts.commits.last;
                    (recent(last), Evidence::Commit(last))
                }
                Criterion::SeveralAuthors => {
                    let Commits {
                        authors,
                        organisations,
                        ..
                    } = facts.commits;
                    let met = authors > 1 && organisations > 1;
                    (
                        met,
                        Evidence::Authors {
                            authors,
                            organisations,
                        },
                    )
                }
                file_criterion => {
                    let found = file_criterion
                        .role()
                        .and_then(|role| first_file(facts.repository, facts.files, role));
                    let key = match file_criterion {
                        Criterion::Logo => Some("logo"),
                        Criterion::Roadmap => Some("roadmap"),
                        _ => None,
                    };
                    match (found, key.and_then(|key| declared(facts, key))) {
                        (None, Some(evidence)) => (true, evidence),
                        (found, _) => (found.is_some(), Evidence::File(found)),
                    }
                }
            };
            Judged {
                criterion,
                met,
                evidence,
            }
        })
        .collect();
    Scorecard {
        repository: facts.repository.to_owned(),
        criteria,
    }
}

/// What the repository's publiccode.yml declares for `key`, as evidence.
fn declared(facts: &Facts<'_>, key: &'static str) -> Option<Evidence> {
    let value = publiccode::declared(facts.publiccode?, key)?;
    Some(Evidence::Declared { key, value })
}

/// The newest dated tag of `repository`, by date.
fn newest_tag(repository: &str, refs: &[RefRecord]) -> Option<(String, NaiveDateTime)> {
    refs.iter()
        .filter(|r| r.repository == repository && r.kind == RefKind::Tag)
        .filter_map(|r| Some((r.name.clone(), r.dated_at?)))
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)))
}

/// The first file of `repository` with `role`, by path (the root's first).
fn first_file(repository: &str, files: &[TipFileRecord], role: Role) -> Option<String> {
    files
        .iter()
        .filter(|f| f.repository == repository && f.role == role)
        .map(|f| f.path.clone())
        .min_by_key(|path| (path.matches('/').count(), path.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .expect("a date")
    }

    fn file_at(path: &str, role: Role) -> TipFileRecord {
        file(path, role)
    }

    fn file(path: &str, role: Role) -> TipFileRecord {
        TipFileRecord {
            repository: "o/r".into(),
            path: path.into(),
            role,
            size: 10,
            truncated: false,
            java_api: None,
            language: None,
            licence: None,
        }
    }

    fn tag(name: &str, dated_at: NaiveDateTime) -> RefRecord {
        RefRecord {
            repository: "o/r".into(),
            kind: RefKind::Tag,
            name: name.into(),
            commit: "c".into(),
            dated_at: Some(dated_at),
            is_default: false,
        }
    }

    #[test]
    fn each_criterion_is_judged_with_its_evidence() {
        let files = [
            file("docs/CONTRIBUTING.md", Role::Contributing),
            file("CONTRIBUTING.md", Role::Contributing),
            file("CHANGELOG.md", Role::Changelog),
            file("logo.svg", Role::Logo),
        ];
        let refs = [tag("v1.0", at(2024, 1, 10)), tag("v1.1", at(2024, 5, 2))];
        let facts = Facts {
            repository: "o/r",
            homepage: Some("https://example.org"),
            files: &files,
            refs: &refs,
            commits: Commits {
                last: Some(at(2024, 6, 1)),
                authors: 3,
                organisations: 1,
            },
            publiccode: None,
        };
        let card = scorecard(&facts, at(2024, 6, 30));
        let met: Vec<&str> = card
            .criteria
            .iter()
            .filter(|c| c.met)
            .map(|c| c.criterion.key())
            .collect();
        assert_eq!(
            met,
            [
                "landing-page",
                "recent-release",
                "recent-commit",
                "logo",
                "contributing",
                "changelog"
            ]
        );
        assert_eq!(card.score(), 6);
        let evidence = |c: Criterion| &card.criteria[c as usize].evidence;
        assert_eq!(
            evidence(Criterion::Contributing),
            &Evidence::File(Some("CONTRIBUTING.md".into())),
            "the root's file first"
        );
        assert_eq!(
            evidence(Criterion::RecentRelease),
            &Evidence::Tag(Some(("v1.1".into(), at(2024, 5, 2))))
        );
        assert_eq!(
            evidence(Criterion::SeveralAuthors),
            &Evidence::Authors {
                authors: 3,
                organisations: 1
            },
            "three authors of one organisation do not meet it"
        );
    }

    #[test]
    fn a_publiccode_yml_gives_the_landing_page_logo_and_roadmap_where_files_do_not() {
        let file = "publiccodeYmlVersion: \"0.4\"\nlandingURL: https://lutece.paris.fr\n\
                    logo: img/lutece.svg\nroadmap: \"\"\n";
        let files = [file_at("docs/ROADMAP.md", Role::Roadmap)];
        let facts = Facts {
            repository: "o/r",
            homepage: None,
            files: &files,
            refs: &[],
            commits: Commits::default(),
            publiccode: Some(file),
        };
        let card = scorecard(&facts, at(2024, 6, 30));
        let judged = |c: Criterion| &card.criteria[c as usize];
        assert!(judged(Criterion::LandingPage).met);
        assert_eq!(
            judged(Criterion::LandingPage).evidence,
            Evidence::Declared {
                key: "landingURL",
                value: "https://lutece.paris.fr".into()
            }
        );
        assert!(judged(Criterion::Logo).met);
        assert_eq!(
            judged(Criterion::Roadmap).evidence,
            Evidence::File(Some("docs/ROADMAP.md".into())),
            "a file first; an empty roadmap key says nothing"
        );
    }

    #[test]
    fn six_months_are_calendar_months_before_t() {
        let refs = [tag("v2", at(2024, 1, 1))];
        let facts = |last| Facts {
            repository: "o/r",
            homepage: None,
            files: &[],
            refs: &refs,
            commits: Commits {
                last: Some(last),
                authors: 1,
                organisations: 0,
            },
            publiccode: None,
        };
        let t = at(2024, 6, 30);
        // Six months before 30 June at noon: 30 December at noon.
        let card = scorecard(&facts(at(2023, 12, 29)), t);
        assert!(!card.criteria[Criterion::RecentCommit as usize].met);
        assert!(
            card.criteria[Criterion::RecentRelease as usize].met,
            "1 January is within"
        );
        let card = scorecard(&facts(at(2023, 12, 31)), t);
        assert!(card.criteria[Criterion::RecentCommit as usize].met);
        let card = scorecard(&facts(at(2024, 7, 1)), t);
        assert!(
            !card.criteria[Criterion::RecentCommit as usize].met,
            "after T"
        );
        assert_eq!(scorecard(&facts(t), t).score(), 2);
    }
}
