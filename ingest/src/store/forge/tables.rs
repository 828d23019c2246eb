//! One writer per forge table: issues and pull requests replace their
//! earlier version, assignees included; comments, reviews, events and
//! releases are added once. Each also gathers the activities its rows stand
//! for, written last.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use duckdb::{params, Transaction};

use super::rows::{list_literal, new_keys, Accounts, Rows};
use crate::error::{DbContext, StoreError};
use crate::forge::{Comment, Issue, IssueEvent, Release, Review};

/// One repository's forge rows being written in one transaction.
pub(super) struct ForgeLoad<'a, 'b> {
    tx: &'a Transaction<'a>,
    repository_id: i32,
    platform: &'static str,
    accounts: &'b mut Accounts,
    /// `(repository, identity, kind, when, reference)` of every new row.
    activities: Rows,
}

impl<'a, 'b> ForgeLoad<'a, 'b> {
    pub(super) fn new(
        tx: &'a Transaction<'a>,
        repository_id: i32,
        platform: &'static str,
        accounts: &'b mut Accounts,
    ) -> Self {
        Self {
            tx,
            repository_id,
            platform,
            accounts,
            activities: Rows::new(5),
        }
    }

    /// Replaces the earlier version of these issues and pull requests (with
    /// their assignees and opening activities); returns how many were stored.
    ///
    /// A stored version updated later than the one given stays: an archive
    /// event carries its item as it was then, and reading an old hour after
    /// the forge's API must not roll the item back. Equal times replace (the
    /// same state, perhaps with more said of it).
    pub(super) fn issues(&mut self, issues: &[Issue]) -> Result<u64, StoreError> {
        if issues.is_empty() {
            return Ok(0);
        }
        let stored = self.updated_times()?;
        let newer: Vec<Issue> = issues
            .iter()
            .filter(|i| match stored.get(&(i.is_pr, i.number)) {
                Some(Some(kept)) => i.updated_at.is_some_and(|given| given >= *kept),
                Some(None) | None => true,
            })
            .cloned()
            .collect();
        let issues = newer.as_slice();
        if issues.is_empty() {
            return Ok(0);
        }
        for is_pr in [false, true] {
            self.forget(issues, is_pr)?;
        }
        let mut rows = Rows::new(12);
        let mut assigned = Rows::new(4);
        let unique = newest_of_each(issues);
        for issue in unique.iter().copied() {
            let author = self.accounts.id(self.tx, issue.author.as_ref())?;
            rows.push(params![
                self.repository_id,
                issue.number,
                issue.is_pr,
                issue.title,
                issue.state,
                author,
                list_literal(&issue.labels),
                issue.created_at,
                issue.updated_at,
                issue.closed_at,
                issue.merged_at,
                issue.comment_count
            ]);
            for identity in self.assignees(issue)? {
                assigned.push(params![
                    self.repository_id,
                    issue.is_pr,
                    issue.number,
                    identity
                ]);
            }
            if let Some(author) = author {
                let reference = item_reference(self.platform, issue.is_pr, issue.number);
                self.activity(author, opened(issue.is_pr), issue.created_at, reference);
            }
        }
        rows.insert(
            self.tx,
            "INSERT INTO issues (repository_id, number, is_pr, title, state, author_identity_id,
                                 labels, created_at, updated_at, closed_at, merged_at,
                                 comment_count)
             SELECT col0, col1, col2, col3, col4, col5, col6::VARCHAR[], col7, col8, col9, col10,
                    col11
             FROM (VALUES {rows}) v",
        )?;
        assigned.insert(
            self.tx,
            "INSERT INTO issue_assignees (repository_id, is_pr, issue_number, identity_id)
             SELECT * FROM (VALUES {rows}) v",
        )?;
        Ok(unique.len() as u64)
    }

    /// The identities of an item's assignees, each once: the accounts' own,
    /// shared with what they authored (an assignee is not an activity).
    fn assignees(&mut self, issue: &Issue) -> Result<Vec<i64>, StoreError> {
        let mut ids = Vec::with_capacity(issue.assignees.len());
        for account in &issue.assignees {
            if let Some(id) = self.accounts.id(self.tx, Some(account))? {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Ok(ids)
    }

    /// Deletes the stored version of the issues (or pull requests) about to
    /// be written again, with their assignees and opening activities.
    fn forget(&self, issues: &[Issue], is_pr: bool) -> Result<(), StoreError> {
        let numbers: Vec<i64> = issues
            .iter()
            .filter(|i| i.is_pr == is_pr)
            .map(|i| i.number)
            .collect();
        if numbers.is_empty() {
            return Ok(());
        }
        let listed = numbers
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        self.tx
            .execute(
                &format!(
                    "DELETE FROM issues WHERE repository_id = ? AND is_pr = ? AND number IN ({listed})"
                ),
                params![self.repository_id, is_pr],
            )
            .during("replacing issues")?;
        self.tx
            .execute(
                &format!(
                    "DELETE FROM issue_assignees
                     WHERE repository_id = ? AND is_pr = ? AND issue_number IN ({listed})"
                ),
                params![self.repository_id, is_pr],
            )
            .during("replacing issue assignees")?;
        let references = numbers
            .iter()
            .map(|n| format!("'{}'", item_reference(self.platform, is_pr, *n)))
            .collect::<Vec<_>>()
            .join(", ");
        self.tx
            .execute(
                &format!(
                    "DELETE FROM activities WHERE repository_id = ? AND kind = ? AND reference IN ({references})"
                ),
                params![self.repository_id, opened(is_pr)],
            )
            .during("replacing issue activities")?;
        Ok(())
    }

    /// Adds the comments not stored before; returns how many.
    pub(super) fn comments(&mut self, comments: &[Comment]) -> Result<u64, StoreError> {
        let mut stored = new_keys(
            self.tx,
            "SELECT kind || ':' || id FROM comments WHERE repository_id = ?",
            self.repository_id,
            comments.len(),
        )?;
        let mut rows = Rows::new(7);
        for c in comments {
            // Stored before, or twice in this answer: once.
            if !stored.insert(format!("{}:{}", c.kind, c.id)) {
                continue;
            }
            let author = self.accounts.id(self.tx, c.author.as_ref())?;
            rows.push(params![
                self.repository_id,
                c.issue_number,
                c.id,
                c.kind,
                author,
                c.created_at,
                c.on_pr
            ]);
            if let Some(author) = author {
                let reference = format!("comment:{}:{}", c.kind, c.id);
                self.activity(author, "comment", c.created_at, reference);
            }
        }
        self.add(rows, "INSERT INTO comments SELECT * FROM (VALUES {rows}) v")
    }

    /// Adds the reviews not stored before; returns how many.
    pub(super) fn reviews(&mut self, reviews: &[Review]) -> Result<u64, StoreError> {
        let mut stored = new_keys(
            self.tx,
            "SELECT CAST(id AS VARCHAR) FROM reviews WHERE repository_id = ?",
            self.repository_id,
            reviews.len(),
        )?;
        let mut rows = Rows::new(6);
        for r in reviews {
            if !stored.insert(r.id.to_string()) {
                continue;
            }
            let author = self.accounts.id(self.tx, r.author.as_ref())?;
            rows.push(params![
                self.repository_id,
                r.issue_number,
                r.id,
                author,
                r.state,
                r.submitted_at
            ]);
            if let Some(author) = author {
                let reference = format!("review:{}", r.id);
                self.activity(author, "review", r.submitted_at, reference);
            }
        }
        self.add(rows, "INSERT INTO reviews SELECT * FROM (VALUES {rows}) v")
    }

    /// Adds the close, merge and reopen events not stored before; returns
    /// how many. Closing is an activity of the pull request's or the
    /// issue's kind, so the stored items say which an event is on when the
    /// forge does not.
    pub(super) fn events(&mut self, events: &[IssueEvent]) -> Result<u64, StoreError> {
        if events.is_empty() {
            return Ok(0);
        }
        let pulls = self.pull_requests()?;
        let mut stored = new_keys(
            self.tx,
            "SELECT CAST(id AS VARCHAR) FROM issue_events WHERE repository_id = ?",
            self.repository_id,
            events.len(),
        )?;
        // GH Archive's events have no id of the forge's issue events: the
        // same close is known by its item, kind and second.
        let mut happened = new_keys(
            self.tx,
            &format!(
                "SELECT issue_number || ':' || kind || ':' || coalesce(CAST(on_pr AS VARCHAR), '')
                        || ':' || strftime(occurred_at, '{EVENT_SECOND}')
                 FROM issue_events WHERE repository_id = ?"
            ),
            self.repository_id,
            events.len(),
        )?;
        let mut rows = Rows::new(7);
        for e in events {
            let on = e.on_pr.map(|b| b.to_string()).unwrap_or_default();
            let second = e.at.format(EVENT_SECOND);
            let what = format!("{}:{}:{on}:{second}", e.issue_number, e.kind);
            if stored.contains(&e.id.to_string()) || !happened.insert(what) {
                continue;
            }
            stored.insert(e.id.to_string());
            let actor = self.accounts.id(self.tx, e.actor.as_ref())?;
            rows.push(params![
                self.repository_id,
                e.id,
                e.issue_number,
                e.kind,
                actor,
                e.at,
                e.on_pr
            ]);
            let is_pr = e
                .on_pr
                .unwrap_or_else(|| pulls.get(&e.issue_number).copied().unwrap_or(false));
            let kind = match (e.kind.as_str(), is_pr) {
                ("merged", _) => Some("pr_merged"),
                ("closed", true) => Some("pr_closed"),
                ("closed", false) => Some("issue_closed"),
                _ => None,
            };
            if let (Some(actor), Some(kind)) = (actor, kind) {
                self.activity(actor, kind, e.at, format!("event:{}", e.id));
            }
        }
        self.add(
            rows,
            "INSERT INTO issue_events SELECT * FROM (VALUES {rows}) v",
        )
    }

    /// Adds the releases not stored before; returns how many.
    pub(super) fn releases(&mut self, releases: &[Release]) -> Result<u64, StoreError> {
        let mut stored = new_keys(
            self.tx,
            "SELECT CAST(id AS VARCHAR) FROM releases WHERE repository_id = ?",
            self.repository_id,
            releases.len(),
        )?;
        let mut rows = Rows::new(7);
        for r in releases {
            if !stored.insert(r.id.to_string()) {
                continue;
            }
            let author = self.accounts.id(self.tx, r.author.as_ref())?;
            rows.push(params![
                self.repository_id,
                r.id,
                r.tag,
                r.name,
                author,
                r.prerelease,
                r.published_at
            ]);
            if let Some(author) = author {
                let reference = format!("release:{}", r.id);
                self.activity(author, "release", r.published_at, reference);
            }
        }
        self.add(rows, "INSERT INTO releases SELECT * FROM (VALUES {rows}) v")
    }

    /// Writes the activities the new rows stand for; returns how many.
    pub(super) fn activities(self) -> Result<u64, StoreError> {
        let added = self.activities.len() as u64;
        self.activities.insert(
            self.tx,
            "INSERT INTO activities SELECT * FROM (VALUES {rows}) v",
        )?;
        Ok(added)
    }

    fn activity(&mut self, who: i64, kind: &str, at: NaiveDateTime, reference: String) {
        self.activities
            .push(params![self.repository_id, who, kind, at, reference]);
    }

    fn add(&self, rows: Rows, sql: &str) -> Result<u64, StoreError> {
        let added = rows.len() as u64;
        rows.insert(self.tx, sql)?;
        Ok(added)
    }

    /// When each stored item of the repository was last updated, by
    /// (is_pr, number).
    fn updated_times(&self) -> Result<HashMap<(bool, i64), Option<NaiveDateTime>>, StoreError> {
        let mut stmt = self
            .tx
            .prepare("SELECT is_pr, number, updated_at FROM issues WHERE repository_id = ?")
            .during("reading issues")?;
        let rows = stmt
            .query_map([self.repository_id], |r| {
                Ok(((r.get(0)?, r.get(1)?), r.get(2)?))
            })
            .during("reading issues")?;
        rows.collect::<Result<_, _>>().during("reading issues")
    }

    /// Whether each stored item of the repository is a pull request.
    fn pull_requests(&self) -> Result<HashMap<i64, bool>, StoreError> {
        let mut stmt = self
            .tx
            .prepare("SELECT number, is_pr FROM issues WHERE repository_id = ?")
            .during("reading issues")?;
        let rows = stmt
            .query_map([self.repository_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .during("reading issues")?;
        rows.collect::<Result<_, _>>().during("reading issues")
    }
}

/// How an issue event's second is written in its natural key (strftime's
/// and chrono's format alike).
const EVENT_SECOND: &str = "%Y-%m-%dT%H:%M:%S";

/// The activity of opening an issue or a pull request.
fn opened(is_pr: bool) -> &'static str {
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

/// Each item once: an item updated while the forge was being paged comes
/// twice in one read, and the later update is the one kept (of two updated
/// at the same time, the later in the list).
fn newest_of_each(issues: &[Issue]) -> Vec<&Issue> {
    let mut newest: HashMap<(bool, i64), &Issue> = HashMap::with_capacity(issues.len());
    for issue in issues {
        let key = (issue.is_pr, issue.number);
        let newer = newest
            .get(&key)
            .is_none_or(|kept| issue.updated_at >= kept.updated_at);
        if newer {
            newest.insert(key, issue);
        }
    }
    // In the order of the read, so that activities come as they did.
    issues
        .iter()
        .filter(|i| {
            newest
                .get(&(i.is_pr, i.number))
                .is_some_and(|kept| std::ptr::eq(*kept, *i))
        })
        .collect()
}
