//! The contributors page (status, DESIGN.md definition 4, with each
//! person's organisation and main repositories) and one contributor's page,
//! for community managers.

use std::cmp::Ordering;
use std::sync::Arc;

use chrono::NaiveDateTime;
use vigie_metrics::activity::Scoped;
use vigie_metrics::contributor_status::contributor_status;
use vigie_metrics::contributors::{profiles, repositories_of};
use vigie_metrics::polars::prelude::DataFrame;
use vigie_metrics::{MetricsError, Params};

use crate::data::{
    repository_path, Cell, Column, ContributorData, ContributorsData, ContributorsView, Table,
};
use crate::filter::Filter;
use crate::i18n::{Arg, Lang};

use super::charts::{ChartKind, Charts};
use super::people::{self, kind_words, rule_words, source_name};
use super::{scope, Dashboard, DashboardError, Snapshot};

/// Rows per page of the table.
pub(super) const PAGE_SIZE: usize = 50;
/// Main repositories named per contributor.
const MAIN_REPOSITORIES: usize = 3;

/// A contributor's status at T.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    New,
    Active,
    Drifting,
    Away,
}

impl Status {
    fn key(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Active => "active",
            Status::Drifting => "drifting",
            Status::Away => "away",
        }
    }

    fn label(self, lang: Lang) -> String {
        lang.t(match self {
            Status::New => "contributor-status-new",
            Status::Active => "contributor-status-active",
            Status::Drifting => "contributor-status-drifting",
            Status::Away => "contributor-status-away",
        })
    }
}

/// One contributor, as the table and their page show them (the same in
/// every language: kept in the result cache).
#[derive(Debug, Clone)]
struct Row {
    id: i64,
    name: String,
    email: Option<String>,
    /// Every address of their identities.
    emails: Vec<String>,
    /// Their forge accounts ("GitHub: login").
    accounts: Vec<String>,
    /// A shared machine or service account, never merged.
    generic: bool,
    status: Status,
    inactive: bool,
    first: NaiveDateTime,
    last: NaiveDateTime,
    contributions: i64,
    organisation: Option<String>,
    repositories: Vec<String>,
    /// Name, e-mail addresses, accounts and organisation in lower case,
    /// for the search.
    haystack: String,
}

/// The columns, in table order: (key, message id, numeric). The last three
/// are not sortable ([`SORTABLE`]).
const COLUMNS: [(&str, &str, bool); 9] = [
    ("name", "column-contributor", false),
    ("status", "column-status", false),
    ("organisation", "column-organisation", false),
    ("first", "column-first-activity", false),
    ("last", "column-last-activity", false),
    ("contributions", "column-contributions", true),
    ("repositories", "column-main-repositories", false),
    ("emails", "column-emails", false),
    ("accounts", "column-accounts", false),
];

/// The columns a view may sort by.
const SORTABLE: usize = 6;

/// Every contributor in scope, most recently active first.
fn rows(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    scoped: &Scoped<'_>,
    params: &Params,
) -> Result<Arc<Vec<Row>>, DashboardError> {
    // Status and profiles look at all history up to T: the window and the
    // period do not change them, so every window shares one list.
    let key = Params {
        from: None,
        to: None,
        period: Default::default(),
        ..params.clone()
    };
    Ok(dashboard
        .cache
        .get_or_compute("contributor_rows", &key, snapshot.version, || {
            let status = contributor_status(scoped, params)?.value;
            let profiles = profiles(scoped, params, MAIN_REPOSITORIES)?.value;
            build_rows(snapshot, &status, &profiles)
        })?)
}

fn build_rows(
    snapshot: &Snapshot,
    status: &DataFrame,
    profiles: &DataFrame,
) -> Result<Vec<Row>, MetricsError> {
    let repository_name = |id: i32| {
        snapshot
            .repositories
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.name.clone())
    };
    // Profiles are sorted by contributor: looked up by binary search.
    let profile_ids: Vec<i64> = profiles
        .column("contributor_id")?
        .i64()?
        .into_no_null_iter()
        .collect();
    let organisations = profiles.column("organisation")?.str()?;
    let repositories = profiles.column("repositories")?.list()?;
    let id = status.column("contributor_id")?.i64()?;
    let first = status.column("first_at")?.datetime()?;
    let last = status.column("last_at")?.datetime()?;
    let contributions = status.column("contributions")?.i64()?;
    let state = status.column("status")?.str()?;
    let is_new = status.column("is_new")?.bool()?;
    let inactive = status.column("inactive")?.bool()?;
    let time = |us: Option<i64>| {
        us.and_then(chrono::DateTime::from_timestamp_micros)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    };
    let mut rows = Vec::with_capacity(status.height());
    for i in 0..status.height() {
        let Some(who) = id.get(i) else { continue };
        let person = snapshot.people.get(&who);
        let (organisation, main) = match profile_ids.binary_search(&who) {
            Ok(at) => (
                organisations.get(at).map(str::to_owned),
                repositories
                    .get_as_series(at)
                    .map(|s| -> Result<Vec<String>, MetricsError> {
                        Ok(s.i32()?
                            .into_no_null_iter()
                            .filter_map(repository_name)
                            .collect())
                    })
                    .transpose()?
                    .unwrap_or_default(),
            ),
            Err(_) => (None, Vec::new()),
        };
        let name = person.map_or_else(|| format!("#{who}"), |p| p.name.clone());
        let email = person.and_then(|p| p.email.clone());
        let emails = person.map(|p| p.emails.clone()).unwrap_or_default();
        let accounts = person.map(|p| p.accounts.clone()).unwrap_or_default();
        let generic = person.is_some_and(|p| p.kind == Some(people::ContributorKind::Generic));
        let status = match (is_new.get(i), state.get(i)) {
            (Some(true), _) => Status::New,
            (_, Some("active")) => Status::Active,
            (_, Some("drifting")) => Status::Drifting,
            _ => Status::Away,
        };
        let haystack = format!(
            "{}\n{}\n{}\n{}\n{}",
            name,
            email.as_deref().unwrap_or_default(),
            emails.join("\n"),
            accounts.join("\n"),
            organisation.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        rows.push(Row {
            id: who,
            name,
            email,
            emails,
            accounts,
            generic,
            status,
            inactive: inactive.get(i).unwrap_or(false),
            first: time(first.phys.get(i)),
            last: time(last.phys.get(i)),
            contributions: contributions.get(i).unwrap_or(0),
            organisation,
            repositories: main,
            haystack,
        });
    }
    Ok(rows)
}

/// Does `row` pass the view's status?
fn has_status(row: &Row, status: &str) -> bool {
    match status {
        "inactive" => row.inactive,
        // New contributors are active too.
        "active" => matches!(row.status, Status::New | Status::Active),
        other => row.status.key() == other,
    }
}

/// The statuses of the filter, in order, with `inactive` last.
const STATUSES: [&str; 5] = ["new", "active", "drifting", "away", "inactive"];

fn status_filter_label(key: &str, lang: Lang) -> String {
    lang.t(match key {
        "new" => "contributor-status-new",
        "active" => "contributor-status-active",
        "drifting" => "contributor-status-drifting",
        "away" => "contributor-status-away",
        _ => "contributor-status-inactive",
    })
}

pub(super) fn page(
    dashboard: &Dashboard,
    filter: Filter,
    view: ContributorsView,
    lang: Lang,
) -> Result<ContributorsData, DashboardError> {
    let snapshot = dashboard.snapshot()?;
    let (params, frame) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    let all = rows(dashboard, &snapshot, &scoped, &params)?;
    let counts = STATUSES
        .iter()
        .map(|key| {
            let n = all.iter().filter(|r| has_status(r, key)).count();
            ((*key).to_owned(), status_filter_label(key, lang), n)
        })
        .collect();
    let (view, matching) = select(&all, view);
    let pages = matching.len().div_ceil(PAGE_SIZE).max(1) as u32;
    let page = view.page.unwrap_or(1).clamp(1, pages);
    let start = (page as usize - 1) * PAGE_SIZE;
    let shown = &matching[start.min(matching.len())..(start + PAGE_SIZE).min(matching.len())];
    Ok(ContributorsData {
        frame,
        counts,
        sort_keys: COLUMNS[..SORTABLE]
            .iter()
            .map(|(key, id, _)| ((*key).to_owned(), lang.t(id)))
            .collect(),
        matching: matching.len(),
        page,
        pages,
        table: table(shown, lang),
        bots: bots_table(dashboard, &snapshot, &params, lang)?,
        view: ContributorsView {
            page: Some(page).filter(|p| *p > 1),
            ..view
        },
    })
}

/// The page's table named `id`, for its CSV download: every contributor
/// matching the view (all pages), or the bots left out.
pub(super) fn table_of_all(
    dashboard: &Dashboard,
    filter: Filter,
    view: ContributorsView,
    lang: Lang,
    id: &str,
) -> Result<Option<Table>, DashboardError> {
    let snapshot = dashboard.snapshot()?;
    let (params, _) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
    if id == "bots" {
        return Ok(Some(bots_table(dashboard, &snapshot, &params, lang)?));
    }
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    let all = rows(dashboard, &snapshot, &scoped, &params)?;
    let (_, matching) = select(&all, view);
    Ok(Some(table(&matching, lang)).filter(|t| t.id == id))
}

/// The accounts the view leaves out as bots: name, addresses, why, and
/// contributions in the view (empty when bots are counted).
fn bots_table(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    params: &Params,
    lang: Lang,
) -> Result<Table, DashboardError> {
    let rows = if params.include_bots {
        Vec::new()
    } else {
        scope::bots(dashboard, snapshot, params)?
            .iter()
            .map(|(id, n)| {
                let bot = snapshot.people.get(id);
                vec![
                    Cell::text(bot.map_or_else(|| format!("#{id}"), |b| b.name.clone())),
                    Cell::text(bot.map(|b| b.emails.join(", ")).unwrap_or_default()),
                    Cell::text(bot.and_then(|b| b.bot_reason.clone()).unwrap_or_default()),
                    Cell::int(*n as i64, lang),
                ]
            })
            .collect()
    };
    let column = |id: &str, numeric| Column {
        label: lang.t(id),
        numeric,
    };
    Ok(Table {
        id: "bots".into(),
        caption: lang.t("contributors-bots-caption"),
        columns: vec![
            column("column-account", false),
            column("column-emails", false),
            column("column-bot-reason", false),
            column("column-contributions", true),
        ],
        rows,
    })
}

/// The view with unusable values dropped, and the rows it selects, sorted.
fn select(all: &[Row], mut view: ContributorsView) -> (ContributorsView, Vec<&Row>) {
    view.status = view.status.filter(|s| STATUSES.contains(&s.as_str()));
    view.sort = view
        .sort
        .filter(|k| COLUMNS[..SORTABLE].iter().any(|(c, _, _)| c == k));
    view.q = view
        .q
        .map(|q| q.trim().to_owned())
        .filter(|q| !q.is_empty());
    let needle = view.q.as_deref().map(str::to_lowercase);
    let mut rows: Vec<&Row> = all
        .iter()
        .filter(|r| view.status.as_deref().is_none_or(|s| has_status(r, s)))
        .filter(|r| view.min.is_none_or(|m| r.contributions >= i64::from(m)))
        .filter(|r| needle.as_deref().is_none_or(|n| r.haystack.contains(n)))
        .collect();
    sort(
        &mut rows,
        view.sort.as_deref().unwrap_or("last"),
        view.reverse,
    );
    (view, rows)
}

/// Sorts by a column in its natural order (names A to Z, dates and counts
/// latest or largest first, statuses from new to away), or reversed.
fn sort(rows: &mut [&Row], key: &str, reverse: bool) {
    rows.sort_by(|a, b| {
        let by = match key {
            "name" => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            "status" => a.status.cmp(&b.status),
            // Unaffiliated contributors last.
            "organisation" => match (&a.organisation, &b.organisation) {
                (Some(x), Some(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            "first" => b.first.cmp(&a.first),
            "contributions" => b.contributions.cmp(&a.contributions),
            _ => b.last.cmp(&a.last),
        };
        let by = if reverse { by.reverse() } else { by };
        by.then_with(|| a.id.cmp(&b.id))
    });
}

fn table(rows: &[&Row], lang: Lang) -> Table {
    let date = |t: NaiveDateTime| Cell::formatted(lang.date(t.date()), t.date());
    Table {
        id: "contributors".into(),
        caption: lang.t("contributors-caption"),
        columns: COLUMNS
            .iter()
            .map(|(_, id, numeric)| Column {
                label: lang.t(id),
                numeric: *numeric,
            })
            .collect(),
        rows: rows
            .iter()
            .map(|r| {
                let name = if r.generic {
                    lang.t_args(
                        "contributor-generic",
                        &[("name", Arg::Text(r.name.clone()))],
                    )
                } else {
                    r.name.clone()
                };
                vec![
                    Cell::text(name).with_link(format!("/contributors/{}", r.id)),
                    Cell::classed(
                        r.status.label(lang),
                        &format!("status contributor-{}", r.status.key()),
                    ),
                    Cell::text(r.organisation.clone().unwrap_or_default()),
                    date(r.first),
                    date(r.last),
                    Cell::int(r.contributions, lang),
                    Cell::text(r.repositories.join(", ")),
                    Cell::text(r.emails.join(", ")),
                    Cell::text(r.accounts.join(", ")),
                ]
            })
            .collect(),
    }
}

/// One contributor's page; `None` when they have no contribution in scope.
pub(super) fn person(
    dashboard: &Dashboard,
    id: i64,
    filter: Filter,
    lang: Lang,
    only: Option<&str>,
) -> Result<Option<ContributorData>, DashboardError> {
    let snapshot = dashboard.snapshot()?;
    let (params, frame) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    let all = rows(dashboard, &snapshot, &scoped, &params)?;
    let Some(row) = all.iter().find(|r| r.id == id) else {
        return Ok(None);
    };
    let charts = Charts {
        dashboard,
        snapshot: &snapshot,
        scoped: &scoped,
        params: &params,
        lang,
    };
    let chart = charts
        .draw(&[ChartKind::Person(id)], only)?
        .into_iter()
        .next()
        .unwrap_or_default();
    let repositories = if only.is_some_and(|o| o != "repositories") {
        Table::default()
    } else {
        let per_repository = dashboard.cache.get_or_compute(
            &format!("repositories_of/{id}"),
            &params,
            snapshot.version,
            || repositories_of(&scoped, &params, id).map(|c| c.value),
        )?;
        repositories_table(&snapshot, &per_repository, lang)?
    };
    let date = |t: NaiveDateTime| lang.date(t.date());
    let mut facts = vec![
        (lang.t("column-status"), row.status.label(lang)),
        (
            lang.t("column-organisation"),
            row.organisation
                .clone()
                .unwrap_or_else(|| lang.t("organisation-none")),
        ),
        (lang.t("column-first-activity"), date(row.first)),
        (lang.t("column-last-activity"), date(row.last)),
        (lang.t("column-contributions"), lang.int(row.contributions)),
    ];
    if row.inactive {
        facts.push((
            lang.t("contributor-status-inactive"),
            lang.t_args(
                "contributor-inactive-note",
                &[(
                    "count",
                    Arg::Count(i64::from(params.thresholds.min_contributions)),
                )],
            ),
        ));
    }
    let person = snapshot.people.get(&id);
    Ok(Some(ContributorData {
        frame,
        id,
        name: row.name.clone(),
        email: row.email.clone(),
        kind: person.and_then(|p| kind_words(p, lang)),
        identities: identities_table(person.map_or(&[], |p| p.identities.as_slice()), lang),
        facts,
        status: Some((row.status.key().to_owned(), row.status.label(lang))),
        chart,
        repositories,
    }))
}

/// Every identity merged into a contributor, the one they are named after
/// first.
fn identities_table(identities: &[people::Identity], lang: Lang) -> Table {
    let none = || Cell::text("–");
    let text = |v: &str| {
        if v.is_empty() {
            none()
        } else {
            Cell::text(v)
        }
    };
    let column = |id: &str, numeric| Column {
        label: lang.t(id),
        numeric,
    };
    Table {
        id: "identities".into(),
        caption: lang.t("contributor-identities-caption"),
        columns: vec![
            column("column-source", false),
            column("column-name", false),
            column("column-email", false),
            column("column-login", false),
            column("column-merged-by", false),
            column("column-activities-recorded", true),
        ],
        rows: identities
            .iter()
            .map(|i| {
                vec![
                    Cell::text(source_name(&i.source)),
                    text(&i.name),
                    text(&i.email),
                    text(i.login.as_deref().unwrap_or_default()),
                    // Nothing is said until resolution has said it.
                    Cell::text(
                        i.merged_by
                            .as_deref()
                            .map(|r| rule_words(r, lang))
                            .unwrap_or_default(),
                    ),
                    Cell::int(i.activities, lang),
                ]
            })
            .collect(),
    }
}

fn repositories_table(
    snapshot: &Snapshot,
    per_repository: &DataFrame,
    lang: Lang,
) -> Result<Table, MetricsError> {
    let id = per_repository.column("repository_id")?.i32()?;
    let n = per_repository.column("n")?.i64()?;
    let first = per_repository.column("first_at")?.datetime()?;
    let last = per_repository.column("last_at")?.datetime()?;
    let date = |us: Option<i64>| {
        us.and_then(chrono::DateTime::from_timestamp_micros)
            .map_or_else(
                || Cell::text("–"),
                |t| Cell::formatted(lang.date(t.date_naive()), t.date_naive()),
            )
    };
    let rows = (0..per_repository.height())
        .filter_map(|i| {
            let repo = snapshot
                .repositories
                .iter()
                .find(|r| Some(r.id) == id.get(i))?;
            Some(vec![
                Cell::text(repo.name.clone()).with_link(repository_path(&repo.name)),
                Cell::int(n.get(i).unwrap_or(0), lang),
                date(first.phys.get(i)),
                date(last.phys.get(i)),
            ])
        })
        .collect();
    let column = |id: &str, numeric| Column {
        label: lang.t(id),
        numeric,
    };
    Ok(Table {
        id: "repositories".into(),
        caption: lang.t("contributor-repositories-caption"),
        columns: vec![
            column("column-repository", false),
            column("column-contributions", true),
            column("column-first-activity", false),
            column("column-last-activity", false),
        ],
        rows,
    })
}
