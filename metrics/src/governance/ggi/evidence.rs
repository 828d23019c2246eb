//! What Vigie's data can show for a GGI activity (docs/governance.md):
//! measured values, each a [`MeasureKind`] with its key in the store and
//! its unit, or the reason nothing can be measured ([`Gap`]). A person
//! still decides the activity's status; the evidence is what they decide
//! with, and, recorded after every ingest run, how it moved.
//!
//! The activities the data can speak to, and the functions that measure
//! them: GGI-A-23 [`dependencies`], GGI-A-24 [`key_indicators`], GGI-A-25
//! [`best_practices`], GGI-A-44 [`code_reviews`], GGI-A-26 and GGI-A-39
//! [`upstream`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDateTime};
use polars::prelude::*;
use vigie_ingest::estate::roles::Role;
use vigie_ingest::ggi::ActivityId;
use vigie_ingest::store::{DependencyRecord, LicenceHeaders, ModuleRecord, TipFileRecord};

use crate::activity::{self, columns, Activities};
use crate::estate::community::{community, LicenceFinding};
use crate::params::Params;
use crate::summary::{Headline, Summary};

/// A measured value's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A number of things.
    Count,
    /// A share, from 0 to 100.
    Percent,
    /// A duration in hours.
    Hours,
}

/// What a measure is. Its key names it in the store, so a key never
/// changes once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MeasureKind {
    /// GGI-A-23: repositories in scope whose poms were read.
    RepositoriesWithBuild,
    /// GGI-A-23: distinct artifacts of the estate the scope depends on.
    InternalDependencies,
    /// GGI-A-23: distinct artifacts from outside the estate it depends on.
    ExternalDependencies,
    /// GGI-A-23: of the internal dependencies, the share whose repository's
    /// licence is known.
    InternalWithLicence,
    /// GGI-A-24: the summary's headline figures, for the latest complete
    /// period (DESIGN.md definition 12).
    ActiveContributors,
    /// GGI-A-24.
    NewContributors,
    /// GGI-A-24.
    Organisations,
    /// GGI-A-24.
    BusFactor,
    /// GGI-A-24.
    MedianResponseHours,
    /// GGI-A-24.
    RepositoriesMaintained,
    /// GGI-A-25: repositories in scope whose contents were read.
    RepositoriesRead,
    /// GGI-A-25: of those, the share with a README.
    WithReadme,
    /// GGI-A-25: the share with a licence that is known.
    WithKnownLicence,
    /// GGI-A-25: the share with a CONTRIBUTING file.
    WithContributing,
    /// GGI-A-25: the share with a CODE_OF_CONDUCT.
    WithCodeOfConduct,
    /// GGI-A-25: the share with a SECURITY policy.
    WithSecurity,
    /// GGI-A-25: source files examined for a licence header.
    SourceFiles,
    /// GGI-A-25: of those, the share with one.
    WithLicenceHeader,
    /// GGI-A-44: change requests merged in the window, not by bots.
    MergedChanges,
    /// GGI-A-44: of those, the share reviewed by someone else first.
    ReviewedShare,
    /// GGI-A-26: contributions by the organisation's people to upstream
    /// repositories in the window.
    UpstreamContributions,
    /// GGI-A-26: the organisation's people who made them.
    UpstreamContributors,
    /// GGI-A-26 and GGI-A-39: upstream repositories they contributed to.
    UpstreamRepositories,
    /// GGI-A-39: change requests they opened upstream in the window.
    UpstreamChangeRequests,
    /// GGI-A-39: the same in the window a year earlier.
    UpstreamChangeRequestsBefore,
}

impl MeasureKind {
    /// Its key in the store.
    pub fn key(self) -> &'static str {
        match self {
            MeasureKind::RepositoriesWithBuild => "repositories_with_build",
            MeasureKind::InternalDependencies => "internal_dependencies",
            MeasureKind::ExternalDependencies => "external_dependencies",
            MeasureKind::InternalWithLicence => "internal_with_licence",
            MeasureKind::ActiveContributors => "active_contributors",
            MeasureKind::NewContributors => "new_contributors",
            MeasureKind::Organisations => "organisations",
            MeasureKind::BusFactor => "bus_factor",
            MeasureKind::MedianResponseHours => "median_response_hours",
            MeasureKind::RepositoriesMaintained => "repositories_maintained",
            MeasureKind::RepositoriesRead => "repositories_read",
            MeasureKind::WithReadme => "with_readme",
            MeasureKind::WithKnownLicence => "with_known_licence",
            MeasureKind::WithContributing => "with_contributing",
            MeasureKind::WithCodeOfConduct => "with_code_of_conduct",
            MeasureKind::WithSecurity => "with_security",
            MeasureKind::SourceFiles => "source_files",
            MeasureKind::WithLicenceHeader => "with_licence_header",
            MeasureKind::MergedChanges => "merged_changes",
            MeasureKind::ReviewedShare => "reviewed_share",
            MeasureKind::UpstreamContributions => "upstream_contributions",
            MeasureKind::UpstreamContributors => "upstream_contributors",
            MeasureKind::UpstreamRepositories => "upstream_repositories",
            MeasureKind::UpstreamChangeRequests => "upstream_change_requests",
            MeasureKind::UpstreamChangeRequestsBefore => "upstream_change_requests_before",
        }
    }

    /// The measure with this key.
    pub fn from_key(key: &str) -> Option<MeasureKind> {
        MeasureKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Every measure.
    pub const ALL: [MeasureKind; 25] = [
        MeasureKind::RepositoriesWithBuild,
        MeasureKind::InternalDependencies,
        MeasureKind::ExternalDependencies,
        MeasureKind::InternalWithLicence,
        MeasureKind::ActiveContributors,
        MeasureKind::NewContributors,
        MeasureKind::Organisations,
        MeasureKind::BusFactor,
        MeasureKind::MedianResponseHours,
        MeasureKind::RepositoriesMaintained,
        MeasureKind::RepositoriesRead,
        MeasureKind::WithReadme,
        MeasureKind::WithKnownLicence,
        MeasureKind::WithContributing,
        MeasureKind::WithCodeOfConduct,
        MeasureKind::WithSecurity,
        MeasureKind::SourceFiles,
        MeasureKind::WithLicenceHeader,
        MeasureKind::MergedChanges,
        MeasureKind::ReviewedShare,
        MeasureKind::UpstreamContributions,
        MeasureKind::UpstreamContributors,
        MeasureKind::UpstreamRepositories,
        MeasureKind::UpstreamChangeRequests,
        MeasureKind::UpstreamChangeRequestsBefore,
    ];

    /// Its unit.
    pub fn unit(self) -> Unit {
        use MeasureKind::*;
        match self {
            InternalWithLicence | WithReadme | WithKnownLicence | WithContributing
            | WithCodeOfConduct | WithSecurity | WithLicenceHeader | ReviewedShare => Unit::Percent,
            MedianResponseHours => Unit::Hours,
            _ => Unit::Count,
        }
    }
}

/// One measured value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// What it is.
    pub kind: MeasureKind,
    /// Its value, in the kind's unit.
    pub value: f64,
}

/// Why an activity's evidence cannot be measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// No repository in scope had its contents read (git-log sources).
    NoContents,
    /// No activity in scope to compute the indicators from.
    NoActivity,
    /// No change request merged in the window: no forge data, or none merged.
    NoMergedChanges,
    /// `[governance] organisation` is not set.
    NoOrganisation,
    /// No repository read is marked upstream (`[governance] upstream`).
    NoUpstream,
}

/// What the data shows for one activity.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    /// Values measured.
    Measured(Vec<Measure>),
    /// Why nothing could be.
    Unavailable(Gap),
}

impl Evidence {
    /// The measures, none when unavailable.
    pub fn measures(&self) -> &[Measure] {
        match self {
            Evidence::Measured(m) => m,
            Evidence::Unavailable(_) => &[],
        }
    }
}

/// The activities Vigie measures, in the handbook's order of numbers.
pub const MEASURED: [u16; 6] = [23, 24, 25, 26, 39, 44];

fn measured(pairs: &[(MeasureKind, f64)]) -> Evidence {
    Evidence::Measured(
        pairs
            .iter()
            .map(|&(kind, value)| Measure { kind, value })
            .collect(),
    )
}

/// A share from 0 to 100, rounded to one decimal; 0 of nothing is 0.
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (1000.0 * part as f64 / whole as f64).round() / 10.0
    }
}

/// One artifact the poms of the repositories in scope declare: GGI-A-23's
/// dependency inventory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryEntry<'a> {
    /// Its groupId.
    pub group_id: &'a str,
    /// Its artifactId.
    pub artifact_id: &'a str,
    /// The repository that builds it, when the estate does (internal).
    pub built_by: Option<&'a str>,
    /// Its licences, when known: the building repository's
    /// ([`crate::estate::community`]); an external artifact's are not read.
    pub licences: Option<Vec<String>>,
    /// The repositories in scope that declare it.
    pub used_by: BTreeSet<&'a str>,
    /// The versions they declare, as written (ranges and properties
    /// resolved where the estate could).
    pub versions: BTreeSet<&'a str>,
}

/// The repositories in `scope` whose contents were read.
fn read_in<'a>(scope: &BTreeSet<&str>, files: &'a [TipFileRecord]) -> BTreeSet<&'a str> {
    files
        .iter()
        .map(|f| f.repository.as_str())
        .filter(|r| scope.contains(r))
        .collect()
}

/// GGI-A-23's inventory: every artifact the modules of the repositories in
/// `scope` whose contents were read declare outside
/// `<dependencyManagement>`, with who builds it (a module of any repository
/// read: internal) and its licence when known, by groupId and artifactId.
pub fn inventory<'a>(
    scope: &BTreeSet<&str>,
    files: &'a [TipFileRecord],
    modules: &'a [ModuleRecord],
    dependencies: &'a [DependencyRecord],
) -> Vec<InventoryEntry<'a>> {
    let read = read_in(scope, files);
    let built: BTreeMap<(&str, &str), &str> = modules
        .iter()
        .map(|m| {
            let group = m.group_id.as_deref().unwrap_or_default();
            ((group, m.artifact_id.as_str()), m.repository.as_str())
        })
        .collect();
    let mut entries: BTreeMap<(&str, &str), InventoryEntry<'a>> = BTreeMap::new();
    for d in dependencies
        .iter()
        .filter(|d| read.contains(d.repository.as_str()) && !d.managed)
    {
        let key = (d.group_id.as_str(), d.artifact_id.as_str());
        let entry = entries.entry(key).or_insert_with(|| {
            let built_by = built.get(&key).copied();
            InventoryEntry {
                group_id: key.0,
                artifact_id: key.1,
                built_by,
                licences: built_by.and_then(|r| match community(r, files, modules).licence {
                    LicenceFinding::Known(ids) => Some(ids),
                    _ => None,
                }),
                used_by: BTreeSet::new(),
                versions: BTreeSet::new(),
            }
        });
        entry.used_by.insert(d.repository.as_str());
        entry.versions.extend(d.version.as_deref());
    }
    entries.into_values().collect()
}

/// GGI-A-23, managing software dependencies: of the repositories in
/// `scope` whose contents were read, those whose poms were read, and the
/// artifacts of their [`inventory`], internal and external; of the
/// internal ones, the share whose licence is known.
pub fn dependencies(
    scope: &BTreeSet<&str>,
    files: &[TipFileRecord],
    modules: &[ModuleRecord],
    declared: &[DependencyRecord],
) -> Evidence {
    let read = read_in(scope, files);
    if read.is_empty() {
        return Evidence::Unavailable(Gap::NoContents);
    }
    let with_build: BTreeSet<&str> = modules
        .iter()
        .map(|m| m.repository.as_str())
        .filter(|r| read.contains(r))
        .collect();
    let entries = inventory(scope, files, modules, declared);
    let (internal, external): (Vec<_>, Vec<_>) = entries.iter().partition(|e| e.built_by.is_some());
    let licensed = internal.iter().filter(|e| e.licences.is_some()).count();
    measured(&[
        (MeasureKind::RepositoriesWithBuild, with_build.len() as f64),
        (MeasureKind::InternalDependencies, internal.len() as f64),
        (MeasureKind::ExternalDependencies, external.len() as f64),
        (
            MeasureKind::InternalWithLicence,
            percent(licensed, internal.len()),
        ),
    ])
}

/// GGI-A-24, managing key indicators: the headline figures Vigie itself
/// computes for the summary page (DESIGN.md definition 12), for the latest
/// complete period; a figure that cannot be known is left out.
pub fn key_indicators(summary: &Summary) -> Evidence {
    if summary.period.is_none() {
        return Evidence::Unavailable(Gap::NoActivity);
    }
    let pairs: Vec<(MeasureKind, f64)> = summary
        .figures
        .iter()
        .filter_map(|f| {
            let kind = match f.headline {
                Headline::ActiveContributors => MeasureKind::ActiveContributors,
                Headline::NewContributors => MeasureKind::NewContributors,
                Headline::Organisations => MeasureKind::Organisations,
                Headline::BusFactor => MeasureKind::BusFactor,
                Headline::MedianResponseHours => MeasureKind::MedianResponseHours,
                Headline::RepositoriesMaintained => MeasureKind::RepositoriesMaintained,
            };
            f.current.map(|value| (kind, value))
        })
        .collect();
    measured(&pairs)
}

/// GGI-A-25, development best practices: of the repositories in `scope`
/// whose contents were read, the share with each community file an OSPO
/// looks for, and with a licence that is known (its licence file or its
/// poms name one, and they do not disagree); and of their source files
/// (docs/estate.md), the share with a licence header.
pub fn best_practices(
    scope: &BTreeSet<&str>,
    files: &[TipFileRecord],
    modules: &[ModuleRecord],
    headers: &[LicenceHeaders],
) -> Evidence {
    let read: BTreeSet<&str> = files
        .iter()
        .map(|f| f.repository.as_str())
        .filter(|r| scope.contains(r))
        .collect();
    if read.is_empty() {
        return Evidence::Unavailable(Gap::NoContents);
    }
    let communities: Vec<_> = read.iter().map(|r| community(r, files, modules)).collect();
    let share = |role: Role| {
        percent(
            communities
                .iter()
                .filter(|c| c.present.contains(&role))
                .count(),
            read.len(),
        )
    };
    let known = communities
        .iter()
        .filter(|c| matches!(c.licence, LicenceFinding::Known(_)))
        .count();
    let read_headers = headers
        .iter()
        .filter(|h| read.contains(h.repository.as_str()));
    let (examined, with_header) = read_headers.fold((0u32, 0u32), |(e, w), h| {
        (e + h.examined, w + h.with_header)
    });
    measured(&[
        (MeasureKind::RepositoriesRead, read.len() as f64),
        (MeasureKind::WithReadme, share(Role::Readme)),
        (MeasureKind::WithKnownLicence, percent(known, read.len())),
        (MeasureKind::WithContributing, share(Role::Contributing)),
        (MeasureKind::WithCodeOfConduct, share(Role::CodeOfConduct)),
        (MeasureKind::WithSecurity, share(Role::Security)),
        (MeasureKind::SourceFiles, f64::from(examined)),
        (
            MeasureKind::WithLicenceHeader,
            percent(with_header as usize, examined as usize),
        ),
    ])
}

/// One change request merged, and whether someone other than its author
/// reviewed it first (store: `Store::merged_changes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergedChange {
    /// Merged in the window and the scope.
    pub counted: bool,
    /// A review or a comment on its code, by a person (not a bot) who is not
    /// its author, before it was merged.
    pub reviewed: bool,
}

/// GGI-A-44, running code reviews: of the change requests merged in the
/// window (not opened by bots), the share reviewed by someone other than
/// their author before merging.
pub fn code_reviews(changes: &[MergedChange]) -> Evidence {
    let counted: Vec<&MergedChange> = changes.iter().filter(|c| c.counted).collect();
    if counted.is_empty() {
        return Evidence::Unavailable(Gap::NoMergedChanges);
    }
    let reviewed = counted.iter().filter(|c| c.reviewed).count();
    measured(&[
        (MeasureKind::MergedChanges, counted.len() as f64),
        (MeasureKind::ReviewedShare, percent(reviewed, counted.len())),
    ])
}

/// One contribution by the organisation's people to an upstream
/// repository (from the activities, affiliated on their day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpstreamContribution<'a> {
    /// The upstream repository.
    pub repository: &'a str,
    /// Who (a contributor's id).
    pub contributor: i64,
    /// Opening a change request (else any other contribution).
    pub change_request: bool,
    /// In the window (else in the window a year earlier).
    pub in_window: bool,
}

/// GGI-A-26 (contributing to open source projects) and GGI-A-39 (upstream
/// first): the organisation's people's contributions to upstream
/// repositories in the window, how many people and repositories, and the
/// change requests they opened there, in the window and a year earlier.
/// `organisation` and `upstream` say whether the configuration names an
/// organisation and any upstream repository was read.
pub fn upstream(
    organisation: bool,
    upstream: bool,
    contributions: &[UpstreamContribution<'_>],
) -> Evidence {
    if !organisation {
        return Evidence::Unavailable(Gap::NoOrganisation);
    }
    if !upstream {
        return Evidence::Unavailable(Gap::NoUpstream);
    }
    let now: Vec<_> = contributions.iter().filter(|c| c.in_window).collect();
    let people: BTreeSet<i64> = now.iter().map(|c| c.contributor).collect();
    let repositories: BTreeSet<&str> = now.iter().map(|c| c.repository).collect();
    let requests = |in_window: bool| {
        contributions
            .iter()
            .filter(|c| c.change_request && c.in_window == in_window)
            .count() as f64
    };
    measured(&[
        (MeasureKind::UpstreamContributions, now.len() as f64),
        (MeasureKind::UpstreamContributors, people.len() as f64),
        (MeasureKind::UpstreamRepositories, repositories.len() as f64),
        (MeasureKind::UpstreamChangeRequests, requests(true)),
        (MeasureKind::UpstreamChangeRequestsBefore, requests(false)),
    ])
}

/// The organisation's people's contributions (bots aside) to the
/// `upstream` repositories (store ids) in the two years before `t`: the
/// year before `t` is the window, the year before that its comparison.
/// `organisation` is matched as the affiliation rules name it, without
/// regard to case.
pub fn upstream_contributions<'a>(
    activities: &dyn Activities,
    upstream: &BTreeMap<i32, &'a str>,
    organisation: &str,
    t: NaiveDateTime,
) -> PolarsResult<Vec<UpstreamContribution<'a>>> {
    if upstream.is_empty() {
        return Ok(Vec::new());
    }
    let params = Params {
        repositories: Some(upstream.keys().copied().collect()),
        ..Params::default()
    };
    let year_before = |at: NaiveDateTime| at.checked_sub_months(Months::new(12)).unwrap_or(at);
    let (start, middle) = (year_before(year_before(t)), year_before(t));
    let rows = activity::in_scope(activities, &params)
        .filter(col(columns::AT).gt_eq(lit(start)))
        .filter(col(columns::AT).lt(lit(t)))
        .filter(col(columns::ORGANISATION).is_not_null())
        .select([
            col(columns::REPOSITORY),
            col(columns::CONTRIBUTOR),
            col(columns::KIND),
            col(columns::AT),
            col(columns::ORGANISATION).cast(DataType::String),
        ])
        .collect()?;
    let repository = rows.column(columns::REPOSITORY)?.i32()?;
    let contributor = rows.column(columns::CONTRIBUTOR)?.i64()?;
    let kind = rows.column(columns::KIND)?.i32()?;
    let at = rows.column(columns::AT)?.datetime()?;
    let names = rows.column(columns::ORGANISATION)?.str()?;
    let opened = activity::kind_code("pr_opened");
    let middle_us = middle.and_utc().timestamp_micros();
    Ok((0..rows.height())
        .filter(|&i| {
            names
                .get(i)
                .is_some_and(|n| n.eq_ignore_ascii_case(organisation))
        })
        .filter_map(|i| {
            Some(UpstreamContribution {
                repository: upstream.get(&repository.get(i)?)?,
                contributor: contributor.get(i)?,
                change_request: kind.get(i) == Some(opened),
                in_window: at.phys.get(i)? >= middle_us,
            })
        })
        .collect())
}

/// Each measured activity's evidence, by activity, for the store: the
/// (activity, key, value) of every measure.
pub fn records(evidence: &BTreeMap<ActivityId, Evidence>) -> Vec<(ActivityId, &'static str, f64)> {
    evidence
        .iter()
        .flat_map(|(activity, e)| {
            e.measures()
                .iter()
                .map(move |m| (*activity, m.kind.key(), m.value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_found_again() {
        let keys: BTreeSet<&str> = MeasureKind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(keys.len(), MeasureKind::ALL.len());
        for kind in MeasureKind::ALL {
            assert_eq!(MeasureKind::from_key(kind.key()), Some(kind));
        }
    }

    #[test]
    fn reviews_count_only_merged_changes_in_the_window() {
        let change = |counted, reviewed| MergedChange { counted, reviewed };
        let evidence = code_reviews(&[
            change(true, true),
            change(true, false),
            change(true, true),
            change(false, false),
        ]);
        assert_eq!(
            evidence,
            measured(&[
                (MeasureKind::MergedChanges, 3.0),
                (MeasureKind::ReviewedShare, 66.7)
            ])
        );
        assert_eq!(
            code_reviews(&[change(false, true)]),
            Evidence::Unavailable(Gap::NoMergedChanges)
        );
    }

    #[test]
    fn upstream_counts_people_repositories_and_change_requests() {
        let c = |repository, contributor, change_request, in_window| UpstreamContribution {
            repository,
            contributor,
            change_request,
            in_window,
        };
        let contributions = [
            c("apache/a", 1, true, true),
            c("apache/a", 1, false, true),
            c("apache/b", 2, true, true),
            c("apache/b", 3, true, false),
        ];
        assert_eq!(
            upstream(true, true, &contributions),
            measured(&[
                (MeasureKind::UpstreamContributions, 3.0),
                (MeasureKind::UpstreamContributors, 2.0),
                (MeasureKind::UpstreamRepositories, 2.0),
                (MeasureKind::UpstreamChangeRequests, 2.0),
                (MeasureKind::UpstreamChangeRequestsBefore, 1.0),
            ])
        );
        assert_eq!(
            upstream(false, true, &contributions),
            Evidence::Unavailable(Gap::NoOrganisation)
        );
        assert_eq!(
            upstream(true, false, &[]),
            Evidence::Unavailable(Gap::NoUpstream)
        );
    }

    #[test]
    fn the_inventory_lists_each_artifact_once_with_who_builds_it_and_its_licence() {
        let file = |repository: &str, role, licence: Option<&str>| TipFileRecord {
            repository: repository.into(),
            path: "LICENSE".into(),
            role,
            size: 1,
            truncated: false,
            java_api: None,
            language: None,
            licence: licence.map(|l| (l.to_owned(), 1.0)),
        };
        let module = |repository: &str, artifact: &str| ModuleRecord {
            repository: repository.into(),
            path: "pom.xml".into(),
            group_id: Some("fr.paris".into()),
            artifact_id: artifact.into(),
            version: Some("1.0".into()),
            packaging: "jar".into(),
            parent: None,
            name: None,
            licences: vec![],
            problems: None,
        };
        let uses =
            |repository: &str, group: &str, artifact: &str, version, managed| DependencyRecord {
                repository: repository.into(),
                path: "pom.xml".into(),
                group_id: group.into(),
                artifact_id: artifact.into(),
                version: Some(version),
                scope: "compile".into(),
                managed,
                optional: false,
            };
        let files = [
            file("o/core", Role::Licence, Some("BSD-3-Clause")),
            file("o/plugin", Role::Readme, None),
            file("o/other", Role::Readme, None),
        ];
        let modules = [
            module("o/core", "core"),
            module("o/plugin", "plugin"),
            module("o/other", "other"),
        ];
        let declared = [
            uses("o/plugin", "fr.paris", "core", "7.0".into(), false),
            uses("o/other", "fr.paris", "core", "[7.0,8.0)".into(), false),
            uses("o/other", "fr.paris", "plugin", "1.0".into(), false),
            uses("o/plugin", "org.junit", "junit", "4.13".into(), false),
            uses("o/plugin", "org.slf4j", "slf4j-api", "2.0".into(), true),
        ];
        let scope: BTreeSet<&str> = ["o/core", "o/plugin", "o/other"].into();
        let entries = inventory(&scope, &files, &modules, &declared);
        // (artifact, built by, licences, repositories using it, versions)
        type Row<'a> = (&'a str, Option<&'a str>, Option<Vec<String>>, usize, usize);
        let got: Vec<Row<'_>> = entries
            .iter()
            .map(|e| {
                let licences = e.licences.clone();
                (
                    e.artifact_id,
                    e.built_by,
                    licences,
                    e.used_by.len(),
                    e.versions.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "core",
                    Some("o/core"),
                    Some(vec!["BSD-3-Clause".to_owned()]),
                    2,
                    2
                ),
                ("plugin", Some("o/plugin"), None, 1, 1),
                ("junit", None, None, 1, 1),
            ],
            "managed versions are no dependency"
        );
        assert_eq!(
            dependencies(&scope, &files, &modules, &declared),
            measured(&[
                (MeasureKind::RepositoriesWithBuild, 3.0),
                (MeasureKind::InternalDependencies, 2.0),
                (MeasureKind::ExternalDependencies, 1.0),
                (MeasureKind::InternalWithLicence, 50.0),
            ])
        );
    }

    #[test]
    fn shares_are_rounded_to_a_tenth() {
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(0, 0), 0.0);
        assert_eq!(percent(31, 31), 100.0);
    }
}
