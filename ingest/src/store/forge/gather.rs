//! A forge load's batch gathered into staging columns ([`Gathered`]): the
//! rows of every repository of the batch, table by table, each tagged with
//! its repository's place in the batch (`entry`, for the summaries) and its
//! place in the read (`ord`, one count over the whole batch, so that new
//! accounts are numbered and activities written in the order they were
//! read). Repeats within the batch are settled here, as a load one
//! repository after the other would have settled them.

use std::collections::{HashMap, HashSet};

use crate::forge::{Account, Comment, Issue, IssueEvent, Release, RepositoryData, Review};
use crate::store::staging::{Cell, Kind, Staged};

/// The staging tables, by the forge table they feed.
pub(super) const ISSUES: &str = "forge_staged_issues";
pub(super) const ASSIGNEES: &str = "forge_staged_assignees";
pub(super) const COMMENTS: &str = "forge_staged_comments";
pub(super) const REVIEWS: &str = "forge_staged_reviews";
pub(super) const EVENTS: &str = "forge_staged_events";
pub(super) const RELEASES: &str = "forge_staged_releases";

/// The columns every staged row starts with.
const ROW: [(&str, Kind); 4] = [
    ("entry", Kind::Int),
    ("ord", Kind::Int),
    ("repository_id", Kind::Int),
    ("platform", Kind::Text),
];

// Each table's own columns, after `ROW`, in the order its rows are pushed.
// An account is its login and whether the forge calls it a bot.
const ISSUE_COLUMNS: [(&str, Kind); 14] = [
    ("number", Kind::Int),
    ("is_pr", Kind::Bool),
    ("title", Kind::Text),
    ("state", Kind::Text),
    ("author", Kind::Text),
    ("author_bot", Kind::Bool),
    ("labels", Kind::Text),
    ("created_at", Kind::Time),
    ("updated_at", Kind::Time),
    ("closed_at", Kind::Time),
    ("merged_at", Kind::Time),
    ("comment_count", Kind::Int),
    ("opened_kind", Kind::Text),
    ("reference", Kind::Text),
];
const ASSIGNEE_COLUMNS: [(&str, Kind); 5] = [
    ("issue_ord", Kind::Int),
    ("is_pr", Kind::Bool),
    ("number", Kind::Int),
    ("login", Kind::Text),
    ("bot", Kind::Bool),
];
const COMMENT_COLUMNS: [(&str, Kind); 7] = [
    ("issue_number", Kind::Int),
    ("id", Kind::Int),
    ("kind", Kind::Text),
    ("author", Kind::Text),
    ("author_bot", Kind::Bool),
    ("created_at", Kind::Time),
    ("on_pr", Kind::Bool),
];
const REVIEW_COLUMNS: [(&str, Kind); 6] = [
    ("issue_number", Kind::Int),
    ("id", Kind::Int),
    ("author", Kind::Text),
    ("author_bot", Kind::Bool),
    ("state", Kind::Text),
    ("submitted_at", Kind::Time),
];
const EVENT_COLUMNS: [(&str, Kind); 7] = [
    ("id", Kind::Int),
    ("issue_number", Kind::Int),
    ("kind", Kind::Text),
    ("actor", Kind::Text),
    ("actor_bot", Kind::Bool),
    ("occurred_at", Kind::Time),
    ("on_pr", Kind::Bool),
];
const RELEASE_COLUMNS: [(&str, Kind); 7] = [
    ("id", Kind::Int),
    ("tag", Kind::Text),
    ("name", Kind::Text),
    ("author", Kind::Text),
    ("author_bot", Kind::Bool),
    ("prerelease", Kind::Bool),
    ("published_at", Kind::Time),
];

/// One repository of the batch, as the store knows it.
pub(super) struct Entry<'a> {
    pub(super) repository_id: i32,
    pub(super) platform: &'static str,
    pub(super) data: &'a RepositoryData,
}

/// The batch's rows, one staging table per forge table.
pub(super) struct Gathered {
    pub(super) issues: Staged,
    pub(super) assignees: Staged,
    pub(super) comments: Staged,
    pub(super) reviews: Staged,
    pub(super) events: Staged,
    pub(super) releases: Staged,
    /// Each staged event's natural keys, by `ord`, to settle repeats that
    /// only the stored rows can reveal ([`super::tables`]).
    pub(super) event_keys: Vec<(i64, EventKeys)>,
}

/// The two keys an issue event is known by: the forge's id, and its item,
/// kind and second (GH Archive's events have no id of the forge's).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct EventKeys {
    pub(super) id: (i32, i64),
    pub(super) happened: (i32, i64, String, Option<bool>, i64),
}

/// Gathers the rows of `entries` (those not `unchanged`).
pub(super) fn gather(entries: &[Entry<'_>]) -> Gathered {
    let mut gathered = Gathered::new();
    let newest = newest_issues(entries);
    let (mut comments, mut reviews, mut releases) =
        (HashSet::new(), HashSet::new(), HashSet::new());
    let mut ord = 0i64;
    for (index, entry) in entries.iter().enumerate() {
        if entry.data.unchanged {
            continue;
        }
        let row = Row {
            entry: index as i64,
            repository_id: entry.repository_id,
            platform: entry.platform,
        };
        for issue in &entry.data.issues {
            let key = (entry.repository_id, issue.is_pr, issue.number);
            if newest
                .get(&key)
                .is_some_and(|kept| std::ptr::eq(*kept, issue))
            {
                gathered.issue(&row, &mut ord, issue);
            }
        }
        for c in &entry.data.comments {
            if comments.insert((entry.repository_id, c.kind, c.id)) {
                gathered.comment(&row, next(&mut ord), c);
            }
        }
        for r in &entry.data.reviews {
            if reviews.insert((entry.repository_id, r.id)) {
                gathered.review(&row, next(&mut ord), r);
            }
        }
        for e in &entry.data.events {
            gathered.event(&row, next(&mut ord), e);
        }
        for r in &entry.data.releases {
            if releases.insert((entry.repository_id, r.id)) {
                gathered.release(&row, next(&mut ord), r);
            }
        }
    }
    gathered
}

/// What every row of one repository starts with.
struct Row {
    entry: i64,
    repository_id: i32,
    platform: &'static str,
}

impl Row {
    fn cells(&self, ord: i64) -> [Cell<'static>; 4] {
        [
            Cell::Int(Some(self.entry)),
            Cell::Int(Some(ord)),
            Cell::Int(Some(self.repository_id.into())),
            Cell::Text(Some(self.platform)),
        ]
    }
}

fn next(ord: &mut i64) -> i64 {
    *ord += 1;
    *ord
}

/// An account's login and whether the forge calls it a bot; both NULL for
/// a deleted account.
fn account(account: Option<&Account>) -> [Cell<'_>; 2] {
    [
        Cell::Text(account.map(|a| a.login.as_str())),
        Cell::Bool(account.map(|a| a.is_bot)),
    ]
}

impl Gathered {
    fn new() -> Self {
        let table = |name, own: &[(&'static str, Kind)]| {
            let columns: Vec<_> = ROW.iter().chain(own).copied().collect();
            Staged::new(name, &columns)
        };
        Self {
            issues: table(ISSUES, &ISSUE_COLUMNS),
            assignees: table(ASSIGNEES, &ASSIGNEE_COLUMNS),
            comments: table(COMMENTS, &COMMENT_COLUMNS),
            reviews: table(REVIEWS, &REVIEW_COLUMNS),
            events: table(EVENTS, &EVENT_COLUMNS),
            releases: table(RELEASES, &RELEASE_COLUMNS),
            event_keys: Vec::new(),
        }
    }

    /// An issue or pull request, then its assignees (each account once).
    fn issue(&mut self, row: &Row, ord: &mut i64, i: &Issue) {
        let issue_ord = next(ord);
        let labels = super::repositories::list_literal(&i.labels);
        let reference = item_reference(row.platform, i.is_pr, i.number);
        let [author, author_bot] = account(i.author.as_ref());
        self.issues.push(
            &[
                &row.cells(issue_ord)[..],
                &[
                    Cell::Int(Some(i.number)),
                    Cell::Bool(Some(i.is_pr)),
                    Cell::Text(Some(&i.title)),
                    Cell::Text(Some(&i.state)),
                    author,
                    author_bot,
                    Cell::Text(Some(&labels)),
                    Cell::Time(Some(i.created_at)),
                    Cell::Time(i.updated_at),
                    Cell::Time(i.closed_at),
                    Cell::Time(i.merged_at),
                    Cell::Int(i.comment_count),
                    Cell::Text(Some(opened(i.is_pr))),
                    Cell::Text(Some(&reference)),
                ],
            ]
            .concat(),
        );
        let mut logins = HashSet::new();
        for a in i.assignees.iter().filter(|a| logins.insert(&a.login)) {
            let [login, bot] = account(Some(a));
            let cells = [
                Cell::Int(Some(issue_ord)),
                Cell::Bool(Some(i.is_pr)),
                Cell::Int(Some(i.number)),
                login,
                bot,
            ];
            self.assignees
                .push(&[&row.cells(next(ord))[..], &cells].concat());
        }
    }

    fn comment(&mut self, row: &Row, ord: i64, c: &Comment) {
        let [author, author_bot] = account(c.author.as_ref());
        let cells = [
            Cell::Int(Some(c.issue_number)),
            Cell::Int(Some(c.id)),
            Cell::Text(Some(c.kind)),
            author,
            author_bot,
            Cell::Time(Some(c.created_at)),
            Cell::Bool(c.on_pr),
        ];
        self.comments.push(&[&row.cells(ord)[..], &cells].concat());
    }

    fn review(&mut self, row: &Row, ord: i64, r: &Review) {
        let [author, author_bot] = account(r.author.as_ref());
        let cells = [
            Cell::Int(Some(r.issue_number)),
            Cell::Int(Some(r.id)),
            author,
            author_bot,
            Cell::Text(Some(&r.state)),
            Cell::Time(Some(r.submitted_at)),
        ];
        self.reviews.push(&[&row.cells(ord)[..], &cells].concat());
    }

    fn event(&mut self, row: &Row, ord: i64, e: &IssueEvent) {
        let [actor, actor_bot] = account(e.actor.as_ref());
        let cells = [
            Cell::Int(Some(e.id)),
            Cell::Int(Some(e.issue_number)),
            Cell::Text(Some(&e.kind)),
            actor,
            actor_bot,
            Cell::Time(Some(e.at)),
            Cell::Bool(e.on_pr),
        ];
        self.events.push(&[&row.cells(ord)[..], &cells].concat());
        let keys = EventKeys {
            id: (row.repository_id, e.id),
            happened: (
                row.repository_id,
                e.issue_number,
                e.kind.clone(),
                e.on_pr,
                e.at.and_utc().timestamp(),
            ),
        };
        self.event_keys.push((ord, keys));
    }

    fn release(&mut self, row: &Row, ord: i64, r: &Release) {
        let [author, author_bot] = account(r.author.as_ref());
        let cells = [
            Cell::Int(Some(r.id)),
            Cell::Text(Some(&r.tag)),
            Cell::Text(r.name.as_deref()),
            author,
            author_bot,
            Cell::Bool(Some(r.prerelease)),
            Cell::Time(Some(r.published_at)),
        ];
        self.releases.push(&[&row.cells(ord)[..], &cells].concat());
    }
}

/// The version of each item the batch keeps, by (repository, is_pr,
/// number): an item updated while the forge was being paged comes twice in
/// one read, an archive's hour names it at each event, and two spellings of
/// a repository's name are one repository. The later update is kept (of
/// two updated at the same time, the later in the batch).
fn newest_issues<'a>(entries: &[Entry<'a>]) -> HashMap<(i32, bool, i64), &'a Issue> {
    let mut newest: HashMap<(i32, bool, i64), &Issue> = HashMap::new();
    for entry in entries.iter().filter(|e| !e.data.unchanged) {
        for issue in &entry.data.issues {
            let key = (entry.repository_id, issue.is_pr, issue.number);
            if newest
                .get(&key)
                .is_none_or(|kept| issue.updated_at >= kept.updated_at)
            {
                newest.insert(key, issue);
            }
        }
    }
    newest
}

/// The activity of opening an issue or a pull request.
pub(super) fn opened(is_pr: bool) -> &'static str {
    if is_pr {
        "pr_opened"
    } else {
        "issue_opened"
    }
}

/// How an opening activity names its item: `#n`, or `!n` for a GitLab
/// merge request (numbered apart from issues).
fn item_reference(platform: &str, is_pr: bool, number: i64) -> String {
    if platform == "gitlab" && is_pr {
        format!("!{number}")
    } else {
        format!("#{number}")
    }
}
