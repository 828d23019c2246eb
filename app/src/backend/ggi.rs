//! The GGI scorecard (docs/governance.md): the handbook's activities read
//! from `[governance] ggi_handbook`, each with its status (the latest
//! decision an administrator recorded), the evidence Vigie measures for
//! the scope, and how that evidence moved from run to run; its CSV (the
//! page's table) and Markdown (one file per activity, my-ggi-board's
//! layout, in one zip) downloads; and the evidence recorded after each
//! ingest run.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::sync::Arc;

use chrono::{Months, NaiveDateTime};
use vigie_ingest::ggi::{ActivityId, Decision, Goal, Handbook, Status};
use vigie_ingest::store::MeasureRecord;
use vigie_metrics::activity::{self, Scoped};
use vigie_metrics::governance::ggi::evidence::{self as measure, MergedChange, MEASURED};
use vigie_metrics::governance::ggi::{
    board, scorecard, Entry, Evidence, Gap, Measure, MeasureKind, Unit,
};
use vigie_metrics::{summary, MetricsError, Params};

use crate::data::{Cell, Column, GgiActivity, GgiData, GgiDecision, GgiGoal, GgiHandbook, Table};
use crate::filter::Filter;
use crate::i18n::Lang;

use super::{scope, Dashboard, DashboardError, Snapshot};

/// At most this many rows of an activity's evidence history are shown.
const HISTORY_SHOWN: usize = 12;

/// The longest notes a decision may carry, in characters.
pub const NOTES_LIMIT: usize = 4000;

/// Why a decision was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionRefused {
    /// No handbook is configured, or it cannot be read.
    NoHandbook,
    /// The handbook has no such activity.
    UnknownActivity,
    /// Not one of the three statuses.
    UnknownStatus,
    /// Notes too long, or with control characters other than line breaks.
    BadNotes,
}

impl Dashboard {
    /// The handbook, read from its file now (an administrator may replace
    /// it while the server runs).
    fn handbook(&self) -> Result<Option<Handbook>, String> {
        match &self.governance.ggi_handbook {
            None => Ok(None),
            Some(path) => Handbook::load(path).map(Some).map_err(|e| e.to_string()),
        }
    }

    /// The GGI page; `sees_people` shows who took each decision.
    pub async fn ggi_page(
        self: Arc<Self>,
        filter: Filter,
        lang: Lang,
        sees_people: bool,
    ) -> Result<GgiData, DashboardError> {
        self.blocking(move |dashboard| {
            // Decisions change the page without changing the data.
            let state = dashboard.freshness()?;
            dashboard.page(
                format!("ggi {lang:?} {filter:?} {sees_people} {state}"),
                |dashboard| page(dashboard, filter, lang, sees_people),
            )
        })
        .await
    }

    /// Records `by`'s decision on an activity (`GGI-A-23`), with its
    /// status key (`in_progress`) and notes.
    pub fn record_ggi_decision(
        &self,
        activity: &str,
        status: &str,
        notes: &str,
        by: &str,
    ) -> Result<Result<(), DecisionRefused>, DashboardError> {
        let Ok(Some(handbook)) = self.handbook() else {
            return Ok(Err(DecisionRefused::NoHandbook));
        };
        let Some(activity) = activity
            .parse::<ActivityId>()
            .ok()
            .filter(|id| handbook.activity(*id).is_some())
        else {
            return Ok(Err(DecisionRefused::UnknownActivity));
        };
        let Some(status) = Status::from_key(status) else {
            return Ok(Err(DecisionRefused::UnknownStatus));
        };
        let notes = notes.replace("\r\n", "\n");
        let clean = notes.chars().count() <= NOTES_LIMIT
            && !notes.chars().any(|c| c.is_control() && c != '\n');
        if !clean {
            return Ok(Err(DecisionRefused::BadNotes));
        }
        self.store().record_decision(&Decision {
            activity,
            status,
            notes: notes.trim().to_owned(),
            by: by.to_owned(),
            at: chrono::Utc::now().naive_utc(),
        })?;
        Ok(Ok(()))
    }

    /// Measures the evidence for the whole estate and records it against
    /// the latest finished ingest run: called after every run, so the page
    /// shows how it moved. Returns the run, if there is one.
    pub fn record_ggi_evidence(&self) -> Result<Option<i64>, DashboardError> {
        let Some(run) = self.store().latest_finished_run()? else {
            return Ok(None);
        };
        let snapshot = self.snapshot()?;
        let (params, _) = scope::apply_filter(self, &snapshot, Filter::default(), Lang::En)?;
        let evidence = evidence(self, &snapshot, &params)?;
        let records = measure::records(&evidence);
        self.store()
            .record_evidence(run, chrono::Utc::now().naive_utc(), &records)?;
        Ok(Some(run))
    }

    /// Every activity as a Markdown file in my-ggi-board's layout, in one
    /// zip (`None`: no handbook).
    pub async fn ggi_board(
        self: Arc<Self>,
        filter: Filter,
        lang: Lang,
    ) -> Result<Option<Vec<u8>>, DashboardError> {
        self.blocking(move |dashboard| {
            let Ok(Some(handbook)) = dashboard.handbook() else {
                return Ok(None);
            };
            let snapshot = dashboard.snapshot()?;
            let (params, _) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
            let evidence = evidence(dashboard, &snapshot, &params)?;
            let decisions = dashboard.store().decisions()?;
            let entries = scorecard(&handbook, &decisions, &evidence);
            let files = board::files(&handbook, &entries, |e| evidence_lines(e, lang));
            zip(&files).map(Some)
        })
        .await
    }
}

fn zip(files: &[(String, String)]) -> Result<Vec<u8>, DashboardError> {
    let archive = |e: std::io::Error| DashboardError::Archive(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in files {
        zip.start_file(name.as_str(), options)
            .map_err(|e| DashboardError::Archive(e.to_string()))?;
        zip.write_all(text.as_bytes()).map_err(archive)?;
    }
    let cursor = zip
        .finish()
        .map_err(|e| DashboardError::Archive(e.to_string()))?;
    Ok(cursor.into_inner())
}

/// The evidence for the scope of `params`, by measured activity (cached per
/// scope and data version).
pub(super) fn evidence(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    params: &Params,
) -> Result<Arc<BTreeMap<ActivityId, Evidence>>, DashboardError> {
    dashboard
        .cache
        .get_or_compute("ggi_evidence", params, snapshot.version, || {
            let store = dashboard.store();
            let files = store.tip_files()?;
            let modules = store.maven_modules()?;
            let dependencies = store.maven_dependencies()?;
            let merged = store.merged_changes()?;
            let headers = store.licence_headers()?;
            drop(store);
            // The estate's own repositories: those upstream are not.
            let names: BTreeSet<&str> = scope::repository_names(snapshot, params)
                .into_iter()
                .filter(|name| !dashboard.governance.is_upstream(name))
                .collect();
            let scoped = Scoped::new(snapshot.activities.as_ref(), params);
            let figures =
                dashboard
                    .cache
                    .get_or_compute("summary", params, snapshot.version, || {
                        summary::summary(&scoped, &snapshot.items, params)
                            .map_err(MetricsError::from)
                    })?;
            let t = activity::reference(&scoped, params)
                .map_err(MetricsError::from)?
                .unwrap_or_default();
            let changes = merged_changes(&merged, &names, t);
            let upstream = upstream(dashboard, snapshot, params)?;
            let a = ActivityId::new;
            Ok::<_, DashboardError>(BTreeMap::from([
                (
                    a(23),
                    measure::dependencies(&names, &files, &modules, &dependencies),
                ),
                (a(24), measure::key_indicators(&figures.value)),
                (
                    a(25),
                    measure::best_practices(&names, &files, &modules, &headers),
                ),
                (a(26), upstream.clone()),
                (a(39), upstream),
                (a(44), measure::code_reviews(&changes)),
            ]))
        })
}

/// The merged change requests not opened by bots, counted when they are
/// in scope and merged in the year before `t`.
fn merged_changes(
    merged: &[vigie_ingest::store::MergedChangeRecord],
    names: &BTreeSet<&str>,
    t: NaiveDateTime,
) -> Vec<MergedChange> {
    let since = t.checked_sub_months(Months::new(12)).unwrap_or(t);
    merged
        .iter()
        .filter(|c| !c.by_bot)
        .map(|c| MergedChange {
            counted: names.contains(c.repository.as_str())
                && c.merged_at >= since
                && c.merged_at < t,
            reviewed: c.reviewed,
        })
        .collect()
}

/// GGI-A-26's and GGI-A-39's evidence: the organisation's people's
/// contributions to the upstream repositories, whatever the page's scope
/// (upstream repositories are not the estate's), up to the scope's date.
fn upstream(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    params: &Params,
) -> Result<Evidence, DashboardError> {
    let governance = &dashboard.governance;
    let upstream: BTreeMap<i32, &str> = snapshot
        .repositories
        .iter()
        .filter(|r| governance.is_upstream(&r.name))
        .map(|r| (r.id, r.name.as_str()))
        .collect();
    let Some(organisation) = governance.organisation.as_deref() else {
        return Ok(measure::upstream(false, !upstream.is_empty(), &[]));
    };
    let all = Params {
        reference: params.reference,
        ..Params::default()
    };
    let t = activity::reference(snapshot.activities.as_ref(), &all)?.unwrap_or_default();
    let contributions =
        measure::upstream_contributions(snapshot.activities.as_ref(), &upstream, organisation, t)?;
    Ok(measure::upstream(
        true,
        !upstream.is_empty(),
        &contributions,
    ))
}

/// The page's data; `sees_people` shows who took each decision.
pub(super) fn page(
    dashboard: &Dashboard,
    filter: Filter,
    lang: Lang,
    sees_people: bool,
) -> Result<GgiData, DashboardError> {
    let snapshot = dashboard.snapshot()?;
    let (params, frame) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
    let handbook = match dashboard.handbook() {
        Ok(Some(handbook)) => handbook,
        failed => {
            return Ok(GgiData {
                frame,
                handbook: match failed {
                    Err(why) => GgiHandbook::Unreadable(why),
                    _ => GgiHandbook::NotConfigured,
                },
                counts: [0; 3],
                goals: Vec::new(),
                table: Table::default(),
            })
        }
    };
    let evidence = evidence(dashboard, &snapshot, &params)?;
    let (decisions, history) = {
        let store = dashboard.store();
        (store.decisions()?, store.evidence_history()?)
    };
    let entries = scorecard(&handbook, &decisions, &evidence);
    let mut inventory = Some(inventory_table(dashboard, &snapshot, &params, lang)?);
    let mut counts = [0; 3];
    for entry in &entries {
        counts[match entry.status() {
            Status::Done => 0,
            Status::InProgress => 1,
            Status::NotSelected => 2,
        }] += 1;
    }
    let goals = [
        Goal::Usage,
        Goal::Trust,
        Goal::Culture,
        Goal::Engagement,
        Goal::Strategy,
    ]
    .into_iter()
    .map(|goal| GgiGoal {
        name: goal.label().to_owned(),
        activities: entries
            .iter()
            .filter(|e| e.activity.goal == goal)
            .map(|e| {
                let mut view = activity_view(e, &decisions, &history, lang, sees_people);
                if e.activity.id == ActivityId::new(23) {
                    view.detail = inventory.take().flatten();
                }
                view
            })
            .collect(),
    })
    .collect();
    Ok(GgiData {
        frame,
        handbook: GgiHandbook::Read(handbook.version.clone()),
        counts,
        goals,
        table: table(&entries, lang),
    })
}

fn activity_view(
    entry: &Entry<'_>,
    decisions: &[Decision],
    history: &[MeasureRecord],
    lang: Lang,
    sees_people: bool,
) -> GgiActivity {
    let activity = entry.activity;
    let roles: Vec<&str> = activity.roles.iter().map(|r| r.label()).collect();
    let mut own: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.activity == activity.id)
        .collect();
    // Latest first; of two at the same time, the later recorded first.
    own.reverse();
    own.sort_by_key(|d| std::cmp::Reverse(d.at));
    GgiActivity {
        id: activity.id.to_string(),
        name: activity.name.clone(),
        roles: roles.join(", "),
        summary: plain(&activity.summary),
        status: entry.status().key().to_owned(),
        status_label: status_label(entry.status(), lang),
        points: activity
            .verification_points
            .iter()
            .map(|p| plain(&p.statement))
            .collect(),
        definition: MEASURED
            .contains(&activity.number())
            .then(|| definition(activity.id, lang)),
        evidence: evidence_lines(entry, lang),
        history: history_table(activity.id, history, lang),
        decisions: own
            .into_iter()
            .map(|d| GgiDecision {
                status: status_label(d.status, lang),
                notes: d.notes.clone(),
                by: sees_people.then(|| d.by.clone()),
                at: d.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            })
            .collect(),
        detail: None,
    }
}

/// GGI-A-23's dependency inventory as a table: each artifact declared, who
/// builds it, its licence, how many repositories use it and the versions
/// they declare; `None` when no repository in scope had its contents read.
fn inventory_table(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    params: &Params,
    lang: Lang,
) -> Result<Option<Table>, DashboardError> {
    let (files, modules, dependencies) = {
        let store = dashboard.store();
        (
            store.tip_files()?,
            store.maven_modules()?,
            store.maven_dependencies()?,
        )
    };
    let names: BTreeSet<&str> = scope::repository_names(snapshot, params)
        .into_iter()
        .filter(|name| !dashboard.governance.is_upstream(name))
        .collect();
    let entries = measure::inventory(&names, &files, &modules, &dependencies);
    if entries.is_empty() {
        return Ok(None);
    }
    let column = |id: &str, numeric| Column {
        label: lang.t(id),
        numeric,
    };
    let rows = entries
        .iter()
        .map(|e| {
            let versions: Vec<&str> = e.versions.iter().copied().collect();
            vec![
                Cell::text(format!("{}:{}", e.group_id, e.artifact_id)),
                Cell::text(
                    e.built_by
                        .map_or_else(|| lang.t("ggi-inventory-external"), str::to_owned),
                ),
                Cell::text(match (&e.licences, e.built_by) {
                    (Some(ids), _) => ids.join(", "),
                    (None, Some(_)) => lang.t("ggi-inventory-licence-unknown"),
                    (None, None) => lang.t("ggi-inventory-licence-unread"),
                }),
                Cell::int(e.used_by.len() as i64, lang),
                Cell::text(versions.join(", ")),
            ]
        })
        .collect();
    Ok(Some(Table {
        id: "ggi-dependencies".into(),
        caption: lang.t("ggi-inventory"),
        columns: vec![
            column("column-artifact", false),
            column("column-built-by", false),
            column("column-licence", false),
            column("column-used-by", true),
            column("column-versions", false),
        ],
        rows,
    }))
}

/// The handbook's inline Markdown as plain text: links as their text,
/// footnote marks and emphasis marks taken off (the page shows text, never
/// markup from a file).
fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let link = after.find(']').and_then(|close| {
            let text = &after[..close];
            let tail = &after[close + 1..];
            if text.starts_with('^') {
                return Some(("", tail));
            }
            let target = tail.strip_prefix('(')?;
            // The address may hold parentheses of its own.
            let mut depth = 0usize;
            let end = target.char_indices().find_map(|(i, c)| match c {
                '(' => {
                    depth += 1;
                    None
                }
                ')' if depth == 0 => Some(i),
                ')' => {
                    depth -= 1;
                    None
                }
                _ => None,
            })?;
            Some((text, &target[end + 1..]))
        });
        match link {
            Some((text, tail)) => {
                out.push_str(text);
                rest = tail;
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "").replace("__", "")
}

/// A status in the reader's language.
pub fn status_label(status: Status, lang: Lang) -> String {
    lang.t(match status {
        Status::NotSelected => "ggi-status-not-started",
        Status::InProgress => "ggi-status-in-progress",
        Status::Done => "ggi-status-done",
    })
}

/// What Vigie measures for a measured activity, and how.
fn definition(activity: ActivityId, lang: Lang) -> String {
    lang.t(match activity.number() {
        23 => "ggi-definition-23",
        24 => "ggi-definition-24",
        25 => "ggi-definition-25",
        26 => "ggi-definition-26",
        39 => "ggi-definition-39",
        _ => "ggi-definition-44",
    })
}

/// An entry's evidence, a sentence per measure, or why there is none.
fn evidence_lines(entry: &Entry<'_>, lang: Lang) -> Vec<String> {
    match entry.evidence {
        None => Vec::new(),
        Some(Evidence::Unavailable(gap)) => vec![gap_text(*gap, lang)],
        Some(Evidence::Measured(measures)) => measures
            .iter()
            .map(|m| {
                format!(
                    "{}{}{}",
                    lang.t(measure_id(m.kind)),
                    lang.colon(),
                    value_text(m, lang)
                )
            })
            .collect(),
    }
}

fn gap_text(gap: Gap, lang: Lang) -> String {
    lang.t(match gap {
        Gap::NoContents => "ggi-gap-no-contents",
        Gap::NoActivity => "ggi-gap-no-activity",
        Gap::NoMergedChanges => "ggi-gap-no-merged-changes",
        Gap::NoOrganisation => "ggi-gap-no-organisation",
        Gap::NoUpstream => "ggi-gap-no-upstream",
    })
}

/// A measure's value in the reader's language, with its unit.
fn value_text(measure: &Measure, lang: Lang) -> String {
    match measure.kind.unit() {
        Unit::Count => lang.decimal(measure.value, 0),
        Unit::Percent => lang.percent(measure.value / 100.0),
        Unit::Hours => lang.decimal(measure.value, 1),
    }
}

/// A measure's name, before its value and in the history's columns.
fn measure_id(kind: MeasureKind) -> &'static str {
    use MeasureKind::*;
    match kind {
        RepositoriesWithBuild => "ggi-measure-repositories-with-build",
        InternalDependencies => "ggi-measure-internal-dependencies",
        ExternalDependencies => "ggi-measure-external-dependencies",
        InternalWithLicence => "ggi-measure-internal-with-licence",
        ActiveContributors => "ggi-measure-active-contributors",
        NewContributors => "ggi-measure-new-contributors",
        Organisations => "ggi-measure-organisations",
        BusFactor => "ggi-measure-bus-factor",
        MedianResponseHours => "ggi-measure-median-response-hours",
        RepositoriesMaintained => "ggi-measure-repositories-maintained",
        RepositoriesRead => "ggi-measure-repositories-read",
        WithReadme => "ggi-measure-with-readme",
        WithKnownLicence => "ggi-measure-with-known-licence",
        WithContributing => "ggi-measure-with-contributing",
        WithCodeOfConduct => "ggi-measure-with-code-of-conduct",
        WithSecurity => "ggi-measure-with-security",
        SourceFiles => "ggi-measure-source-files",
        WithLicenceHeader => "ggi-measure-with-licence-header",
        MergedChanges => "ggi-measure-merged-changes",
        ReviewedShare => "ggi-measure-reviewed-share",
        UpstreamContributions => "ggi-measure-upstream-contributions",
        UpstreamContributors => "ggi-measure-upstream-contributors",
        UpstreamRepositories => "ggi-measure-upstream-repositories",
        UpstreamChangeRequests => "ggi-measure-upstream-change-requests",
        UpstreamChangeRequestsBefore => "ggi-measure-upstream-change-requests-before",
    }
}

/// The evidence recorded for `activity` after each run, one row per run
/// where some value changed, latest first; `None` without two such rows.
fn history_table(activity: ActivityId, history: &[MeasureRecord], lang: Lang) -> Option<Table> {
    let mut runs: BTreeMap<i64, (NaiveDateTime, BTreeMap<MeasureKind, f64>)> = BTreeMap::new();
    for record in history.iter().filter(|r| r.activity == activity) {
        let Some(kind) = MeasureKind::from_key(&record.measure) else {
            continue;
        };
        let run = runs
            .entry(record.run_id)
            .or_insert((record.measured_at, BTreeMap::new()));
        run.1.insert(kind, record.value);
    }
    let kinds: BTreeSet<MeasureKind> = runs.values().flat_map(|(_, m)| m.keys().copied()).collect();
    let mut rows: Vec<(NaiveDateTime, &BTreeMap<MeasureKind, f64>)> = Vec::new();
    for (at, values) in runs.values() {
        if rows.last().is_none_or(|(_, last)| *last != values) {
            rows.push((*at, values));
        }
    }
    if rows.len() < 2 {
        return None;
    }
    let mut columns = vec![Column {
        label: lang.t("ggi-history-measured"),
        numeric: false,
    }];
    columns.extend(kinds.iter().map(|k| Column {
        label: lang.t(measure_id(*k)),
        numeric: true,
    }));
    let rows = rows
        .iter()
        .rev()
        .take(HISTORY_SHOWN)
        .map(|(at, values)| {
            let mut row = vec![Cell::text(at.format("%Y-%m-%d %H:%M").to_string())];
            row.extend(kinds.iter().map(|k| match values.get(k) {
                Some(v) => Cell::text(value_text(
                    &Measure {
                        kind: *k,
                        value: *v,
                    },
                    lang,
                )),
                None => Cell::text("–"),
            }));
            row
        })
        .collect();
    Some(Table {
        id: format!("ggi-history-{}", activity.number()),
        caption: lang.t("ggi-history"),
        columns,
        rows,
    })
}

/// The scorecard as a table: activity, name, goal, status, the latest
/// decision's notes and the evidence (its CSV download).
fn table(entries: &[Entry<'_>], lang: Lang) -> Table {
    let column = |id: &str| Column {
        label: lang.t(id),
        numeric: false,
    };
    Table {
        id: "ggi".into(),
        caption: lang.t("ggi-table"),
        columns: vec![
            column("column-activity"),
            column("column-name"),
            column("column-goal"),
            column("column-status"),
            column("column-notes"),
            column("column-evidence"),
        ],
        rows: entries
            .iter()
            .map(|e| {
                vec![
                    Cell::text(e.activity.id.to_string()),
                    Cell::text(e.activity.name.clone()),
                    Cell::text(e.activity.goal.label()),
                    Cell::text(status_label(e.status(), lang)),
                    Cell::text(e.decision.map(|d| d.notes.clone()).unwrap_or_default()),
                    Cell::text(evidence_lines(e, lang).join(" | ")),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn markdown_links_footnotes_and_emphasis_become_plain_text() {
        assert_eq!(
            plain("See [GrimoireLab (EN)](https://x.org/a_(b)) and **this**[^1]."),
            "See GrimoireLab (EN) and this."
        );
        assert_eq!(plain("a [b] c"), "a [b] c");
        assert_eq!(plain("[^2]note"), "note");
    }
}
