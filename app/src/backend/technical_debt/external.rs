//! The external dependencies: artifacts the repositories in scope depend on
//! and none of the estate builds, as declared, with what a Maven repository
//! says of their newest release (docs/estate.md, "External dependencies").

use std::collections::{BTreeMap, HashMap};

use vigie_ingest::estate::maven::metadata::{newer_versions, Metadata};
use vigie_ingest::estate::maven::version::Version;
use vigie_ingest::store::{DependencyRecord, FreshnessRecord, FreshnessStatus};
use vigie_metrics::estate::graph::DependencyGraph;

use crate::data::{Cell, Column, Table};
use crate::i18n::{Arg, Lang};

/// One external artifact: the versions declared and who declares them.
#[derive(Default)]
struct Used {
    declared: Vec<String>,
    by: Vec<String>,
}

/// The external artifacts of the repositories `in_rows` accepts, by
/// `groupId:artifactId` (dependency management aside: it only says which
/// version would be used).
fn used(
    dependencies: &[DependencyRecord],
    graph: &DependencyGraph,
    in_rows: &dyn Fn(&str) -> bool,
) -> BTreeMap<(String, String), Used> {
    let mut external: BTreeMap<(String, String), Used> = BTreeMap::new();
    for d in dependencies
        .iter()
        .filter(|d| !d.managed && in_rows(&d.repository))
    {
        if graph
            .builders
            .contains_key(&format!("{}:{}", d.group_id, d.artifact_id))
        {
            continue;
        }
        let entry = external
            .entry((d.group_id.clone(), d.artifact_id.clone()))
            .or_default();
        if let Some(version) = &d.version {
            entry.declared.push(version.clone());
        }
        entry.by.push(d.repository.clone());
    }
    for used in external.values_mut() {
        for list in [&mut used.declared, &mut used.by] {
            list.sort();
            list.dedup();
        }
    }
    external
}

fn by_artifact(freshness: &[FreshnessRecord]) -> HashMap<(&str, &str), &FreshnessRecord> {
    freshness
        .iter()
        .map(|r| ((r.group_id.as_str(), r.artifact_id.as_str()), r))
        .collect()
}

/// The table: artifact, declared versions, newest release, releases behind
/// (for the oldest plain version declared), repositories using it.
/// The table and its sentence (see [`note`]), from the artifacts grouped
/// once.
pub(super) fn section(
    dependencies: &[DependencyRecord],
    freshness: &[FreshnessRecord],
    graph: &DependencyGraph,
    in_rows: &dyn Fn(&str) -> bool,
    lang: Lang,
) -> (Table, String) {
    let used = used(dependencies, graph, in_rows);
    let known = by_artifact(freshness);
    let note = note(&used, &known, lang);
    (table(used, &known, lang), note)
}

fn table(
    used: BTreeMap<(String, String), Used>,
    known: &HashMap<(&str, &str), &FreshnessRecord>,
    lang: Lang,
) -> Table {
    let columns = [
        ("column-artifact", false),
        ("column-declared", false),
        ("column-newest", false),
        ("column-releases-behind", true),
        ("column-used-by", true),
    ]
    .map(|(id, numeric)| Column {
        label: lang.t(id),
        numeric,
    })
    .to_vec();
    let rows = used
        .into_iter()
        .map(|((group, artifact), used)| {
            let record = known.get(&(group.as_str(), artifact.as_str())).copied();
            let (newest, behind) = freshness_cells(record, &used.declared, lang);
            let declared = if used.declared.is_empty() {
                lang.t("version-managed")
            } else {
                used.declared.join(", ")
            };
            vec![
                Cell::text(format!("{group}:{artifact}")),
                Cell::text(declared),
                newest,
                behind,
                Cell::int(used.by.len() as i64, lang),
            ]
        })
        .collect();
    Table {
        id: "external-dependencies".into(),
        caption: lang.t("external-dependencies-caption"),
        columns,
        rows,
    }
}

/// The newest release and how many releases the oldest plain version
/// declared is behind it; words where the repository could not tell.
fn freshness_cells(
    record: Option<&FreshnessRecord>,
    declared: &[String],
    lang: Lang,
) -> (Cell, Cell) {
    let record = match record {
        Some(r) if r.status == FreshnessStatus::Known => r,
        Some(r) if r.status == FreshnessStatus::NotInRepository => {
            return (
                Cell::text(lang.t("freshness-not-in-repository")),
                Cell::text(""),
            )
        }
        Some(_) => return (Cell::text(lang.t("freshness-unknown")), Cell::text("")),
        None => return (Cell::text(lang.t("freshness-not-asked")), Cell::text("")),
    };
    let metadata = Metadata {
        group_id: record.group_id.clone(),
        artifact_id: record.artifact_id.clone(),
        latest: None,
        release: record.release.clone(),
        versions: record.versions.clone(),
        last_updated: record.last_updated,
    };
    let newest = record
        .release
        .clone()
        .or_else(|| newest_release(&record.versions));
    // A range (`[7.0,8.0)`) or a placeholder left unfilled names no one version.
    let behind = declared
        .iter()
        .filter(|v| !v.starts_with(['[', '(']) && !v.contains("${"))
        .filter_map(|v| Version::parse(v).ok().map(|parsed| (parsed, v)))
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, oldest)| newer_versions(&metadata, oldest).len());
    (
        Cell::text(newest.unwrap_or_default()),
        behind.map_or_else(|| Cell::text(""), |n| Cell::int(n as i64, lang)),
    )
}

/// The highest version that is not a snapshot, in Maven's order.
fn newest_release(versions: &[String]) -> Option<String> {
    versions
        .iter()
        .filter_map(|v| Version::parse(v).ok())
        .filter(|v| !v.is_snapshot())
        .max()
        .map(|v| v.as_str().to_owned())
}

/// One sentence: for how many artifacts the freshness is known, and why
/// not for the others. Empty without external dependencies.
fn note(
    used: &BTreeMap<(String, String), Used>,
    known: &HashMap<(&str, &str), &FreshnessRecord>,
    lang: Lang,
) -> String {
    if used.is_empty() {
        return String::new();
    }
    let records: Vec<&FreshnessRecord> = used
        .keys()
        .filter_map(|(g, a)| known.get(&(g.as_str(), a.as_str())).copied())
        .collect();
    let total = Arg::Count(used.len() as i64);
    if records.is_empty() {
        return lang.t_args("freshness-never-asked", &[("total", total)]);
    }
    let count = |status| records.iter().filter(|r| r.status == status).count() as i64;
    let unknown = count(FreshnessStatus::Unavailable);
    let mut note = if unknown == used.len() as i64 {
        lang.t_args("freshness-none-known", &[("total", total)])
    } else {
        lang.t_args(
            "freshness-note",
            &[
                ("known", Arg::Count(count(FreshnessStatus::Known))),
                ("total", total),
                (
                    "absent",
                    Arg::Count(count(FreshnessStatus::NotInRepository)),
                ),
                ("unknown", Arg::Count(unknown)),
            ],
        )
    };
    let stale = records.iter().filter(|r| r.stale).count() as i64;
    if stale > 0 {
        note.push(' ');
        note.push_str(&lang.t_args("freshness-stale", &[("count", Arg::Count(stale))]));
    }
    let first_unknown = records
        .iter()
        .find(|r| r.status == FreshnessStatus::Unavailable)
        .and_then(|r| r.reason.clone());
    if let Some(reason) = first_unknown {
        note.push(' ');
        note.push_str(&lang.t_args("freshness-why", &[("reason", Arg::Text(reason))]));
    }
    note
}
