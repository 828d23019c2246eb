//! Internal drift, "libyears" inside the estate (docs/estate.md; CHAOSS
//! Libyears applied to tracked artifacts): for each dependency on an
//! artifact a tracked repository builds, the time between the release of
//! the version the pom names (a range's lower bound) and that artifact's
//! newest release, releases being the building repository's tags.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use vigie_ingest::estate::maven::range::VersionRange;
use vigie_ingest::estate::maven::version::Version;
use vigie_ingest::estate::tip::RefKind;
use vigie_ingest::store::{DependencyRecord, RefRecord};

use super::graph::DependencyGraph;

/// Days in a year, as Libyears counts them.
const DAYS_PER_YEAR: f64 = 365.25;

/// One dependency on a tracked artifact, and how far behind it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    /// The depending repository.
    pub repository: String,
    /// The artifact (`groupId:artifactId`).
    pub artifact: String,
    /// The repository that builds it.
    pub builder: String,
    /// The version or range declared.
    pub declared: String,
    /// The version that counts: the range's lower bound.
    pub used: Option<Version>,
    /// The newest released version, and its date.
    pub newest: Option<(Version, NaiveDateTime)>,
    /// Years between the used version's release and the newest's; `None`
    /// when one of them has no dated release (the reason says which).
    pub years: Option<f64>,
    /// Why `years` is unknown, in words.
    pub unknown_because: Option<String>,
}

/// A repository's releases: `(version, date)` from its tags, a tag's
/// version being what follows its first `-` or `v` followed by a digit
/// (`lutece-core-7.0.2` → 7.0.2, `v2.1` → 2.1).
pub fn releases(refs: &[RefRecord], repository: &str) -> Vec<(Version, NaiveDateTime)> {
    let mut found: Vec<(Version, NaiveDateTime)> = refs
        .iter()
        .filter(|r| r.repository == repository && r.kind == RefKind::Tag)
        .filter_map(|r| Some((Version::parse(version_in_tag(&r.name)?).ok()?, r.dated_at?)))
        .filter(|(v, _)| !v.is_snapshot())
        .collect();
    found.sort();
    found
}

/// The version a tag names.
fn version_in_tag(tag: &str) -> Option<&str> {
    let bytes = tag.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_digit) {
        return Some(tag);
    }
    (1..bytes.len())
        .find(|&i| bytes[i].is_ascii_digit() && matches!(bytes[i - 1], b'-' | b'v' | b'V' | b'_'))
        .map(|i| &tag[i..])
}

/// The drift of every declared dependency on an artifact of the estate.
pub fn drift(
    graph: &DependencyGraph,
    dependencies: &[DependencyRecord],
    refs: &[RefRecord],
) -> Vec<Drift> {
    let mut by_builder: BTreeMap<&str, Vec<(Version, NaiveDateTime)>> = BTreeMap::new();
    let mut found = Vec::new();
    for d in dependencies.iter().filter(|d| !d.managed) {
        let artifact = format!("{}:{}", d.group_id, d.artifact_id);
        let Some(builder) = graph.builders.get(&artifact) else {
            continue;
        };
        if builder == &d.repository {
            continue;
        }
        let releases = by_builder
            .entry(builder)
            .or_insert_with(|| releases(refs, builder));
        let declared = d.version.clone().unwrap_or_default();
        found.push(measure(d, artifact, builder, declared, releases));
    }
    found
}

fn measure(
    d: &DependencyRecord,
    artifact: String,
    builder: &str,
    declared: String,
    releases: &[(Version, NaiveDateTime)],
) -> Drift {
    let used = VersionRange::parse(&declared)
        .ok()
        .and_then(|r| r.lower_bound().cloned());
    let newest = releases.last().cloned();
    let released = used
        .as_ref()
        .and_then(|u| releases.iter().find(|(v, _)| v == u).map(|(_, at)| *at));
    let unknown_because = match (&used, &newest, released) {
        (None, ..) => Some(format!("no version can be read in \"{declared}\"")),
        (_, None, _) => Some(format!("{builder} has no release tag")),
        (Some(u), _, None) if u.is_snapshot() => Some(format!("{u} is not released")),
        (Some(u), _, None) => Some(format!("no tag of {builder} releases {u}")),
        _ => None,
    };
    let years = match (&newest, released) {
        (Some((_, newest_at)), Some(at)) if unknown_because.is_none() => {
            Some(((*newest_at - at).num_days().max(0) as f64) / DAYS_PER_YEAR)
        }
        _ => None,
    };
    Drift {
        repository: d.repository.clone(),
        artifact,
        builder: builder.to_owned(),
        declared,
        used,
        newest,
        years,
        unknown_because,
    }
}

/// Libyears per repository: the sum of its known drifts.
pub fn libyears(drifts: &[Drift]) -> BTreeMap<&str, f64> {
    let mut sums = BTreeMap::new();
    for d in drifts {
        *sums.entry(d.repository.as_str()).or_insert(0.0) += d.years.unwrap_or(0.0);
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::graph::tests::{dependency, module};

    fn tag(repository: &str, name: &str, date: &str) -> RefRecord {
        RefRecord {
            repository: repository.into(),
            kind: RefKind::Tag,
            name: name.into(),
            commit: "c".into(),
            dated_at: Some(
                NaiveDateTime::parse_from_str(&format!("{date} 00:00:00"), "%Y-%m-%d %H:%M:%S")
                    .unwrap(),
            ),
            is_default: false,
        }
    }

    #[test]
    fn versions_are_read_from_tag_names() {
        assert_eq!(version_in_tag("lutece-core-7.0.2"), Some("7.0.2"));
        assert_eq!(version_in_tag("plugin-form-4.2.0"), Some("4.2.0"));
        assert_eq!(version_in_tag("v2.1"), Some("2.1"));
        assert_eq!(version_in_tag("7.0.0-RC-01"), Some("7.0.0-RC-01"));
        assert_eq!(version_in_tag("release"), None);
    }

    #[test]
    fn a_range_counts_from_its_lower_bound_to_the_newest_release() {
        let modules = [
            module("core", "lutece-core", None),
            module("p", "plugin-p", None),
        ];
        let mut uses = dependency("p", "lutece-core", false);
        uses.version = Some("[7.0.2,7.9.9)".into());
        let graph = DependencyGraph::build(&modules, std::slice::from_ref(&uses));
        let refs = [
            tag("core", "lutece-core-7.0.2", "2021-01-01"),
            tag("core", "lutece-core-7.1.0", "2022-01-01"),
            tag("core", "lutece-core-8.0.0", "2023-01-01"),
        ];
        let drifts = drift(&graph, &[uses], &refs);
        let years = drifts[0].years.unwrap();
        assert!((years - 730.0 / DAYS_PER_YEAR).abs() < 1e-9, "{years}");
        assert_eq!(libyears(&drifts)["p"], years);
    }

    #[test]
    fn an_unreleased_or_untagged_version_is_unknown_and_says_why() {
        let modules = [
            module("core", "lutece-core", None),
            module("p", "plugin-p", None),
        ];
        let refs = [tag("core", "lutece-core-7.0.2", "2021-01-01")];
        for (declared, why) in [
            ("8.0.0-SNAPSHOT", "8.0.0-SNAPSHOT is not released"),
            ("[7.0.1,)", "no tag of core releases 7.0.1"),
        ] {
            let mut uses = dependency("p", "lutece-core", false);
            uses.version = Some(declared.into());
            let graph = DependencyGraph::build(&modules, std::slice::from_ref(&uses));
            let d = &drift(&graph, &[uses], &refs)[0];
            assert_eq!((d.years, d.unknown_because.as_deref()), (None, Some(why)));
        }
    }
}
