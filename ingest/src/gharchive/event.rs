//! One GH Archive event (a line of an hour file) read into what the GitHub
//! source would store of it. The event's envelope (type, repository, actor,
//! time) is read first and the payload only for the kinds Vigie stores, in
//! the repositories it keeps: most of an hour is skipped unparsed.
//!
//! An event's payload holds the REST API's own objects (an issue, a pull
//! request, a comment, a review, a release), so they are read by the GitHub
//! source's readers and meet its rows under the same keys.

use std::borrow::Cow;

use chrono::NaiveDateTime;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::forge::github;
use crate::forge::{Account, Comment, Issue, IssueEvent, Release, Review};
use crate::git::{Commit, Signature};

/// Which repositories' events are kept.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    organisations: Vec<String>,
    repositories: Vec<String>,
}

impl Filter {
    /// Keeps the events of the repositories owned by `organisations` and of
    /// `repositories` (`owner/name`), in any case; both empty: every event.
    pub fn new(organisations: &[String], repositories: &[String]) -> Filter {
        let lower = |names: &[String]| names.iter().map(|n| n.to_lowercase()).collect();
        Filter {
            organisations: lower(organisations),
            repositories: lower(repositories),
        }
    }

    /// Which repositories are kept, in words that stay the same however the
    /// configuration spells or orders them: `every repository`, or the
    /// organisations and repositories, in lower case and sorted. An hour
    /// stored under other words is read again ([`crate::store::StoredHour`]).
    pub fn describe(&self) -> String {
        if self.organisations.is_empty() && self.repositories.is_empty() {
            return "every repository".into();
        }
        let sorted = |names: &[String]| {
            let mut names = names.to_vec();
            names.sort();
            names.dedup();
            names.join(", ")
        };
        format!(
            "organisations: {}; repositories: {}",
            sorted(&self.organisations),
            sorted(&self.repositories)
        )
    }

    /// Whether an event in `repository` (`owner/name`) is kept.
    pub fn keeps(&self, repository: &str) -> bool {
        if self.organisations.is_empty() && self.repositories.is_empty() {
            return true;
        }
        let owner = repository.split('/').next().unwrap_or_default();
        self.organisations
            .iter()
            .any(|o| o.eq_ignore_ascii_case(owner))
            || self
                .repositories
                .iter()
                .any(|r| r.eq_ignore_ascii_case(repository))
    }
}

/// What one event says, in the GitHub source's terms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventItems {
    /// The repository, `owner/name`.
    pub repository: String,
    /// The issue or pull request as it was at the event.
    pub issue: Option<Issue>,
    /// A comment on an issue, a pull request's code or a commit.
    pub comment: Option<Comment>,
    /// A pull request review.
    pub review: Option<Review>,
    /// Closes, merges and reopens.
    pub events: Vec<IssueEvent>,
    /// A published release.
    pub release: Option<Release>,
    /// The commits a push lists.
    pub commits: Vec<Commit>,
}

/// The envelope every event has; the payload is kept unparsed.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default)]
    actor: Option<Value>,
    repo: Repo<'a>,
    #[serde(borrow)]
    created_at: Cow<'a, str>,
    #[serde(borrow)]
    payload: &'a RawValue,
}

#[derive(Deserialize)]
struct Repo<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
}

/// The event kinds Vigie stores something of.
const STORED_KINDS: [&str; 8] = [
    "IssuesEvent",
    "PullRequestEvent",
    "PullRequestReviewEvent",
    "PullRequestReviewCommentEvent",
    "IssueCommentEvent",
    "CommitCommentEvent",
    "ReleaseEvent",
    "PushEvent",
];

/// Reads one line of an hour file: `Ok(None)` for an event of another
/// repository or of a kind Vigie does not store, an error (in words) for a
/// line that is not an event or whose object lacks what is needed.
pub fn read_event(line: &str, filter: &Filter) -> Result<Option<EventItems>, String> {
    let envelope: Envelope<'_> =
        serde_json::from_str(line).map_err(|e| format!("not a GH Archive event: {e}"))?;
    if !STORED_KINDS.contains(&envelope.kind.as_ref()) || !filter.keeps(&envelope.repo.name) {
        return Ok(None);
    }
    let payload: Value = serde_json::from_str(envelope.payload.get())
        .map_err(|e| format!("{}: payload: {e}", envelope.kind))?;
    let at = chrono::DateTime::parse_from_rfc3339(&envelope.created_at)
        .map_err(|e| format!("`created_at` is not a time: {e}"))?
        .naive_utc();
    let id: i64 = envelope
        .id
        .parse()
        .map_err(|_| format!("`id` is not a number: {}", envelope.id))?;
    let event = Event {
        id,
        at,
        actor: envelope.actor.as_ref(),
        payload: &payload,
    };
    let mut items = EventItems {
        repository: envelope.repo.name.into_owned(),
        ..EventItems::default()
    };
    let kind = envelope.kind.as_ref();
    event
        .read(kind, &mut items)
        .map_err(|e| format!("{kind} {id}: {e}"))?;
    Ok(Some(items))
}

/// An event being read.
struct Event<'a> {
    id: i64,
    at: NaiveDateTime,
    actor: Option<&'a Value>,
    payload: &'a Value,
}

impl Event<'_> {
    fn read(&self, kind: &str, items: &mut EventItems) -> Result<(), String> {
        match kind {
            "IssuesEvent" => {
                let issue = github::issue(self.object("issue")?)?;
                self.state_change(&issue, items);
                items.issue = Some(issue);
            }
            "PullRequestEvent" => {
                let pull = github::pull_request(self.object("pull_request")?)?;
                self.state_change(&pull, items);
                items.issue = Some(pull);
            }
            "IssueCommentEvent" => {
                items.issue = Some(github::issue(self.object("issue")?)?);
                items.comment = Some(github::comment(self.object("comment")?, "issue")?);
            }
            "PullRequestReviewCommentEvent" => {
                items.issue = Some(github::pull_request(self.object("pull_request")?)?);
                items.comment = Some(github::comment(self.object("comment")?, "review")?);
            }
            "PullRequestReviewEvent" => {
                let pull = github::pull_request(self.object("pull_request")?)?;
                items.review = github::review(self.object("review")?, pull.number)?;
                items.issue = Some(pull);
            }
            "CommitCommentEvent" => items.comment = Some(self.commit_comment()?),
            "ReleaseEvent" => items.release = github::release(self.object("release")?)?,
            "PushEvent" => items.commits = self.pushed_commits(),
            _ => {}
        }
        Ok(())
    }

    fn object(&self, key: &str) -> Result<&Value, String> {
        self.payload
            .get(key)
            .filter(|v| v.is_object())
            .ok_or_else(|| format!("the payload has no `{key}`"))
    }

    fn actor(&self) -> Option<Account> {
        github::account(self.actor)
    }

    /// The close, merge or reopen an issue or pull request event stands
    /// for, timed as the forge's own issue event is (the item's
    /// `closed_at` or `merged_at`), so that both are known as one.
    fn state_change(&self, item: &Issue, items: &mut EventItems) {
        let action = self.payload.get("action").and_then(Value::as_str);
        let mut push = |kind: &str, at: NaiveDateTime, nth: i64| {
            items.events.push(IssueEvent {
                id: archive_event_id(self.id, nth),
                issue_number: item.number,
                kind: kind.to_owned(),
                on_pr: None,
                actor: self.actor(),
                at,
            })
        };
        match action {
            Some("closed") => {
                push("closed", item.closed_at.unwrap_or(self.at), 0);
                if let Some(merged_at) = item.merged_at {
                    push("merged", merged_at, 1);
                }
            }
            Some("reopened") => push("reopened", self.at, 0),
            _ => {}
        }
    }

    /// A comment on a commit: on no issue (number 0), kind `commit`.
    fn commit_comment(&self) -> Result<Comment, String> {
        let comment = self.object("comment")?;
        Ok(Comment {
            id: comment
                .get("id")
                .and_then(Value::as_i64)
                .ok_or("`id` is missing")?,
            issue_number: 0,
            kind: "commit",
            on_pr: None,
            author: github::account(comment.get("user")),
            created_at: chrono::DateTime::parse_from_rfc3339(
                comment
                    .get("created_at")
                    .and_then(Value::as_str)
                    .ok_or("`created_at` is missing")?,
            )
            .map_err(|e| format!("`created_at` is not a time: {e}"))?
            .naive_utc(),
        })
    }

    /// The commits a push lists, with their author's name and e-mail as
    /// given (GH Archive hashes the address's local part) and the push's
    /// time: the event does not say when each was written.
    fn pushed_commits(&self) -> Vec<Commit> {
        let Some(listed) = self.payload.get("commits").and_then(Value::as_array) else {
            return Vec::new();
        };
        let at = self.at.and_utc().fixed_offset();
        listed
            .iter()
            .filter_map(|c| {
                let sha = c.get("sha")?.as_str()?.to_owned();
                let author = c.get("author")?;
                let field = |k: &str| author.get(k).and_then(Value::as_str).unwrap_or_default();
                let signature = Signature {
                    name: field("name").to_owned(),
                    email: field("email").to_owned(),
                };
                let message = c
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                Some(Commit {
                    sha,
                    parents: Vec::new(),
                    refs: Vec::new(),
                    committer: signature.clone(),
                    author: signature,
                    authored_at: at,
                    committed_at: at,
                    co_authors: crate::git::parser::co_authors(&message),
                    message,
                    files_changed: 0,
                    insertions: 0,
                    deletions: 0,
                    renames: 0,
                    translation_files: 0,
                })
            })
            .collect()
    }
}

/// The id a close, merge or reopen read from GH Archive is stored under:
/// the archive's events have no id of the forge's issue events, so theirs
/// are negative (never a forge's), two per archive event (a merge is also a
/// close). The same change read from the API is recognised by its item,
/// kind and second instead.
fn archive_event_id(event: i64, nth: i64) -> i64 {
    -(event * 2 + nth)
}
