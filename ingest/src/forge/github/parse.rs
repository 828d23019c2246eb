//! Reading GitHub's REST answers: one function per object (a repository,
//! an issue or pull request, a comment, a review, an event, a release),
//! each giving the normalised item or why it cannot be read.

use chrono::NaiveDateTime;
use serde_json::Value;

use crate::forge::json::{assignees, count, number, required_time, text, time};
use crate::forge::{Account, Comment, Issue, IssueEvent, Release, RepositoryMeta, Review};

/// Reads an account object (`user`, `author`, an event's `actor`): its login,
/// and whether GitHub says it is a bot (`type: Bot`).
pub fn account(value: Option<&Value>) -> Option<Account> {
    let user = value?;
    let login = user.get("login")?.as_str()?.to_owned();
    let is_bot = user.get("type").and_then(Value::as_str) == Some("Bot");
    Some(Account { login, is_bot })
}

/// Reads a repository object (from a listing or `GET /repos/{o}/{r}`).
pub fn repository_meta(value: &Value) -> Result<RepositoryMeta, String> {
    Ok(RepositoryMeta {
        full_name: text(value, "full_name").ok_or("`full_name` is missing")?,
        url: text(value, "html_url"),
        clone_url: text(value, "clone_url"),
        description: text(value, "description"),
        language: text(value, "language"),
        homepage: value
            .get("homepage")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_owned),
        licence: value
            .get("license")
            .and_then(|l| l.get("spdx_id"))
            .and_then(Value::as_str)
            .filter(|id| *id != "NOASSERTION")
            .map(str::to_owned),
        topics: value
            .get("topics")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        archived: value
            .get("archived")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        fork: value.get("fork").and_then(Value::as_bool).unwrap_or(false),
        stars: value
            .get("stargazers_count")
            .and_then(Value::as_i64)
            .unwrap_or(0),
        forks: value
            .get("forks_count")
            .and_then(Value::as_i64)
            .unwrap_or(0),
        created_at: time(value, "created_at")?,
        pushed_at: time(value, "pushed_at")?,
    })
}

/// Reads an issue object. Pull requests are the issues whose
/// `pull_request` has a URL (old answers carry an empty `pull_request` on
/// every issue).
pub fn issue(value: &Value) -> Result<Issue, String> {
    let pr = value.get("pull_request");
    let is_pr = pr
        .and_then(|p| p.get("url").or_else(|| p.get("html_url")))
        .is_some_and(|u| !u.is_null());
    let merged_at = match pr {
        Some(p) => time(p, "merged_at")?,
        None => None,
    };
    item(value, is_pr, merged_at)
}

/// Reads a pull request object (`GET /repos/{o}/{r}/pulls/{n}`, and what
/// GH Archive's pull request events carry) as the issue it also is, with
/// the same number: `merged_at` at its top level, `comments` only in the
/// full representation.
pub fn pull_request(value: &Value) -> Result<Issue, String> {
    item(value, true, time(value, "merged_at")?)
}

/// An issue or pull request object's fields, its kind and merge time read
/// by the caller (they sit in different places in the two objects).
fn item(value: &Value, is_pr: bool, merged_at: Option<NaiveDateTime>) -> Result<Issue, String> {
    let state = match (merged_at.is_some(), text(value, "state").as_deref()) {
        (true, _) => "merged".to_owned(),
        (false, Some(s)) => s.to_owned(),
        (false, None) => return Err("`state` is missing".into()),
    };
    Ok(Issue {
        number: number(value, "number")?,
        is_pr,
        title: text(value, "title").unwrap_or_default(),
        state,
        author: account(value.get("user")),
        labels: labels(value),
        assignees: assignees(value, account),
        comment_count: count(value, "comments"),
        created_at: required_time(value, "created_at")?,
        updated_at: time(value, "updated_at")?,
        closed_at: time(value, "closed_at")?.or(merged_at),
        merged_at,
    })
}

/// The names of an item's labels.
fn labels(value: &Value) -> Vec<String> {
    value
        .get("labels")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|l| l.get("name").and_then(Value::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The number at the end of an `issue_url` or `pull_request_url`.
fn number_in_url(value: &Value, key: &str) -> Option<i64> {
    value.get(key)?.as_str()?.rsplit('/').next()?.parse().ok()
}

/// Reads an issue comment (`kind` = `issue`) or a review comment (`review`).
pub fn comment(value: &Value, kind: &'static str) -> Result<Comment, String> {
    let key = if kind == "review" {
        "pull_request_url"
    } else {
        "issue_url"
    };
    Ok(Comment {
        id: number(value, "id")?,
        issue_number: number_in_url(value, key).ok_or(format!("`{key}` is missing"))?,
        kind,
        on_pr: (kind == "review").then_some(true),
        author: account(value.get("user")),
        created_at: required_time(value, "created_at")?,
    })
}

/// Reads a review; pending reviews (not submitted) are left out.
pub fn review(value: &Value, issue_number: i64) -> Result<Option<Review>, String> {
    let Some(submitted_at) = time(value, "submitted_at")? else {
        return Ok(None);
    };
    Ok(Some(Review {
        id: number(value, "id")?,
        issue_number,
        author: account(value.get("user")),
        state: text(value, "state").unwrap_or_default().to_lowercase(),
        submitted_at,
    }))
}

/// Reads an issue event; only closes, merges and reopens are kept.
pub fn issue_event(value: &Value) -> Result<Option<IssueEvent>, String> {
    let kind = text(value, "event").unwrap_or_default();
    if !matches!(kind.as_str(), "closed" | "merged" | "reopened") {
        return Ok(None);
    }
    let Some(issue_number) = value
        .get("issue")
        .and_then(|i| i.get("number"))
        .and_then(Value::as_i64)
    else {
        return Ok(None);
    };
    Ok(Some(IssueEvent {
        id: number(value, "id")?,
        issue_number,
        kind,
        on_pr: None,
        actor: account(value.get("actor")),
        at: required_time(value, "created_at")?,
    }))
}

/// Reads a release; drafts (unpublished) are left out.
pub fn release(value: &Value) -> Result<Option<Release>, String> {
    if value.get("draft").and_then(Value::as_bool) == Some(true) {
        return Ok(None);
    }
    let Some(published_at) = time(value, "published_at")? else {
        return Ok(None);
    };
    Ok(Some(Release {
        id: number(value, "id")?,
        tag: text(value, "tag_name").unwrap_or_default(),
        name: text(value, "name"),
        author: account(value.get("author")),
        prerelease: value
            .get("prerelease")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        published_at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_home_page_is_kept_only_when_one_is_given() {
        // As GitHub lists them (PyGithub's recorded organisation listing).
        let with = serde_json::json!({"full_name": "jacquev6/PyGithub",
            "homepage": "http://vincent-jacques.net/PyGithub"});
        let blank = serde_json::json!({"full_name": "o/r", "homepage": " "});
        let null = serde_json::json!({"full_name": "o/r", "homepage": null});
        assert_eq!(
            repository_meta(&with).unwrap().homepage.as_deref(),
            Some("http://vincent-jacques.net/PyGithub")
        );
        assert_eq!(repository_meta(&blank).unwrap().homepage, None);
        assert_eq!(repository_meta(&null).unwrap().homepage, None);
    }

    #[test]
    fn pull_requests_are_issues_with_a_pull_request_url() {
        let pr: Value = serde_json::json!({
            "number": 3, "title": "<b>x</b>", "state": "closed",
            "user": {"login": "dependabot[bot]", "type": "Bot"},
            "labels": [{"name": "bug"}],
            "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-02T00:00:00Z",
            "closed_at": "2024-01-02T00:00:00Z",
            "pull_request": {"url": "https://api.github.com/repos/o/r/pulls/3",
                             "merged_at": "2024-01-02T00:00:00Z"}
        });
        let i = issue(&pr).unwrap();
        assert!(i.is_pr);
        assert_eq!(i.state, "merged");
        assert_eq!(
            i.title, "<b>x</b>",
            "text is kept as it is and escaped when shown"
        );
        assert!(i.author.unwrap().is_bot);
        assert_eq!(i.labels, ["bug"]);
        // 2012 answers: an empty pull_request on a plain issue.
        let old: Value = serde_json::json!({
            "number": 4, "state": "open", "created_at": "2012-05-01T00:00:00Z",
            "pull_request": {"html_url": null, "diff_url": null, "patch_url": null}
        });
        assert!(!issue(&old).unwrap().is_pr);
        let broken: Value = serde_json::json!({"number": 5, "state": "open"});
        assert!(issue(&broken).unwrap_err().contains("created_at"));
    }

    #[test]
    fn assignees_are_accounts_like_authors_and_old_answers_give_one() {
        let now: Value = serde_json::json!({
            "number": 7, "state": "open", "created_at": "2024-01-01T00:00:00Z",
            "user": {"login": "ann", "id": 1, "type": "User"},
            "assignee": {"login": "ann", "id": 1, "type": "User"},
            "assignees": [{"login": "ann", "id": 1, "type": "User"},
                          {"login": "Copilot", "id": 2, "type": "Bot"},
                          {"login": "ann", "id": 1, "type": "User"}],
            "comments": 4
        });
        let i = issue(&now).unwrap();
        let logins: Vec<_> = i.assignees.iter().map(|a| a.login.as_str()).collect();
        assert_eq!(logins, ["ann", "Copilot"], "each login once, in order");
        assert_eq!(Some(&i.assignees[0]), i.author.as_ref());
        assert!(i.assignees[1].is_bot);
        assert_eq!(i.comment_count, Some(4));
        // Before 2016 an issue had one `assignee` and no `assignees`.
        let old: Value = serde_json::json!({
            "number": 8, "state": "closed", "created_at": "2012-05-19T10:38:23Z",
            "assignee": {"login": "jacquev6", "id": 327146}
        });
        let i = issue(&old).unwrap();
        assert_eq!(i.assignees.len(), 1);
        assert_eq!(i.assignees[0].login, "jacquev6");
        assert_eq!(i.comment_count, None, "not said, not zero");
        let nobody: Value = serde_json::json!({
            "number": 9, "state": "open", "created_at": "2024-01-01T00:00:00Z",
            "assignee": null, "assignees": [], "comments": 0
        });
        let i = issue(&nobody).unwrap();
        assert!(i.assignees.is_empty());
        assert_eq!(i.comment_count, Some(0));
    }

    #[test]
    fn comments_events_reviews_and_releases() {
        let c: Value = serde_json::json!({"id": 7, "user": {"login": "ann"},
            "created_at": "2024-01-01T00:00:00Z",
            "issue_url": "https://api.github.com/repos/o/r/issues/12"});
        assert_eq!(comment(&c, "issue").unwrap().issue_number, 12);
        let e: Value =
            serde_json::json!({"id": 9, "event": "labeled", "created_at": "2024-01-01T00:00:00Z"});
        assert_eq!(issue_event(&e).unwrap(), None);
        let pending: Value = serde_json::json!({"id": 1, "state": "PENDING"});
        assert_eq!(review(&pending, 3).unwrap(), None);
        let draft: Value = serde_json::json!({"id": 1, "draft": true});
        assert_eq!(release(&draft).unwrap(), None);
    }
}
