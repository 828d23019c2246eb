//! The GitLab connector (gitlab.com or self-hosted, REST API v4).
//!
//! Per project: its metadata (from the group's listing, subgroups included,
//! or `GET /projects/{id}`), issues and merge requests (`updated_after` the
//! last update seen), the notes of each that changed (system notes, such
//! as "changed the description", are not comments), and releases. Closes
//! and merges come from the items themselves (`closed_by`, `merged_by`).
//! A project whose `last_activity_at` has not moved since the last run is
//! skipped without a request of its own (GitLab updates it on issue, merge
//! request and comment activity, at most once an hour, so a re-run within
//! the hour may wait for the next one to see the newest comments).
//! Award emoji are not read: no metric uses them.

use std::collections::HashMap;

use serde_json::Value;

use super::http::{joined, Client, HttpError};
use super::json::{assignees, count, number, required_time, text, time};
use super::{Account, Comment, Issue, IssueEvent, Release, RepositoryData, RepositoryMeta};

/// Cursor categories stored per project.
pub mod category {
    /// The project's `last_activity_at` when it was last read.
    pub const ACTIVITY: &str = "gitlab-last-activity";
    /// The latest `updated_at` of an issue read.
    pub const ISSUES: &str = "gitlab-issues";
    /// The latest `updated_at` of a merge request read.
    pub const MERGE_REQUESTS: &str = "gitlab-merge-requests";
}

/// Where to read.
#[derive(Debug, Clone)]
pub struct Target {
    /// API root, e.g. `https://gitlab.com/api/v4`.
    pub api: String,
    /// The source's name in cursors and messages: `gitlab:<api>`.
    pub source: String,
}

/// A project path in a URL (`group/sub/name` → `group%2Fsub%2Fname`).
fn encoded(path: &str) -> String {
    path.replace('%', "%25").replace('/', "%2F")
}

/// Lists a group's projects, subgroups included; forks are left out unless
/// `forks`. The `last_activity_at` of each comes along as `pushed_at`.
pub async fn group_projects(
    client: &Client,
    target: &Target,
    group: &str,
    forks: bool,
) -> Result<Vec<RepositoryMeta>, HttpError> {
    let url = format!(
        "{}/groups/{}/projects?include_subgroups=true&per_page=100",
        target.api,
        encoded(group)
    );
    let mut out = Vec::new();
    for value in pages(client, &url).await? {
        let meta = project_meta(&value).map_err(|reason| HttpError::Malformed {
            url: url.clone(),
            reason,
        })?;
        if forks || !meta.fork {
            out.push(meta);
        }
    }
    Ok(out)
}

/// Reads one project's metadata.
pub async fn project(
    client: &Client,
    target: &Target,
    path: &str,
) -> Result<RepositoryMeta, HttpError> {
    let url = format!("{}/projects/{}?license=true", target.api, encoded(path));
    let (value, _) = client.get_json(&url, None).await?;
    let value = value.ok_or_else(|| HttpError::Malformed {
        url: url.clone(),
        reason: "no body".into(),
    })?;
    project_meta(&value).map_err(|reason| HttpError::Malformed { url, reason })
}

/// Reads what changed in a project since `cursors`.
pub async fn collect(
    client: &Client,
    target: &Target,
    path: &str,
    meta: Option<RepositoryMeta>,
    cursors: &HashMap<String, String>,
) -> Result<RepositoryData, HttpError> {
    let mut data = RepositoryData {
        source: target.source.clone(),
        ..RepositoryData::default()
    };
    let meta = match meta {
        Some(meta) => meta,
        None => project(client, target, path).await?,
    };
    let activity = meta
        .pushed_at
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.fZ").to_string());
    if activity.is_some() && activity.as_ref() == cursors.get(category::ACTIVITY) {
        // What the listing said of it is still stored.
        data.meta = Some(meta);
        data.unchanged = true;
        return Ok(data);
    }
    let api = format!("{}/projects/{}", target.api, encoded(path));
    changed_items(client, &api, cursors, &mut data).await?;
    data.comments = notes(client, &api, &data.issues, &mut data.skipped).await?;
    data.meta = Some(meta);
    if let Some(activity) = activity {
        data.cursors.push((category::ACTIVITY.into(), activity));
    }
    Ok(data)
}

/// Reads the issues and merge requests updated since `cursors` (with the
/// closes and merges they carry) and the releases into `data`, with the
/// cursors they advance.
async fn changed_items(
    client: &Client,
    api: &str,
    cursors: &HashMap<String, String>,
    data: &mut RepositoryData,
) -> Result<(), HttpError> {
    let listing = |kind: &str, cat: &str| {
        let mut url =
            format!("{api}/{kind}?scope=all&state=all&order_by=updated_at&sort=asc&per_page=100");
        if let Some(since) = cursors.get(cat) {
            url.push_str(&format!(
                "&updated_after={}",
                since.replace(':', "%3A").replace('+', "%2B")
            ));
        }
        url
    };
    let (issues_url, mrs_url) = (
        listing("issues", category::ISSUES),
        listing("merge_requests", category::MERGE_REQUESTS),
    );
    let releases_url = format!("{api}/releases?per_page=100");
    let (issues, merge_requests, releases) = tokio::try_join!(
        pages(client, &issues_url),
        pages(client, &mrs_url),
        pages(client, &releases_url),
    )?;
    for (values, url, is_pr, cat) in [
        (issues, &issues_url, false, category::ISSUES),
        (merge_requests, &mrs_url, true, category::MERGE_REQUESTS),
    ] {
        let mut latest = cursors.get(cat).cloned();
        for value in values {
            if let Some(updated) = value.get("updated_at").and_then(Value::as_str) {
                latest = latest.max(Some(updated.to_owned()));
            }
            match item(&value, is_pr) {
                Ok((issue, events)) => {
                    data.issues.push(issue);
                    data.events.extend(events);
                }
                Err(reason) => data.skipped.push(format!("{url}: {reason}")),
            }
        }
        if let Some(latest) = latest {
            data.cursors.push((cat.into(), latest));
        }
    }
    for value in releases {
        match release(&value) {
            Ok(Some(r)) => data.releases.push(r),
            Ok(None) => {}
            Err(reason) => data.skipped.push(format!("{releases_url}: {reason}")),
        }
    }
    Ok(())
}

/// The notes (comments) of the items that changed, asked together, by id;
/// a note that cannot be read is reported in `skipped`.
async fn notes(
    client: &Client,
    api: &str,
    items: &[Issue],
    skipped: &mut Vec<String>,
) -> Result<Vec<Comment>, HttpError> {
    let mut asked = tokio::task::JoinSet::new();
    for issue in items {
        let kind = if issue.is_pr {
            "merge_requests"
        } else {
            "issues"
        };
        let url = format!("{api}/{kind}/{}/notes?sort=asc&per_page=100", issue.number);
        let (client, number, on_pr) = (client.clone(), issue.number, issue.is_pr);
        asked.spawn(async move {
            let got = pages(&client, &url).await;
            (number, on_pr, url, got)
        });
    }
    let mut comments = Vec::new();
    while let Some(done) = asked.join_next().await {
        let (number, on_pr, url, got) = joined(done, api)?;
        for value in got? {
            match note(&value, number, on_pr) {
                Ok(Some(c)) => comments.push(c),
                Ok(None) => {}
                Err(reason) => skipped.push(format!("{url}: {reason}")),
            }
        }
    }
    comments.sort_by_key(|c| c.id);
    Ok(comments)
}

/// Every item of every page (GitLab's `Link` header, or `X-Next-Page`).
async fn pages(client: &Client, first: &str) -> Result<Vec<Value>, HttpError> {
    let mut out = Vec::new();
    let mut url = Some(first.to_owned());
    while let Some(page_url) = url {
        let (value, page) = client.get_json(&page_url, None).await?;
        match value {
            Some(Value::Array(items)) => out.extend(items),
            Some(_) => {
                return Err(HttpError::Malformed {
                    url: page_url,
                    reason: "expected a list".into(),
                })
            }
            None => {}
        }
        url = page.next;
    }
    Ok(out)
}

fn account(value: Option<&Value>) -> Option<Account> {
    let user = value?;
    let login = user.get("username")?.as_str()?.to_owned();
    let is_bot = user.get("bot").and_then(Value::as_bool).unwrap_or(false);
    Some(Account { login, is_bot })
}

/// Reads a project object.
pub fn project_meta(value: &Value) -> Result<RepositoryMeta, String> {
    let topics = value
        .get("topics")
        .or_else(|| value.get("tag_list"))
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Ok(RepositoryMeta {
        full_name: text(value, "path_with_namespace").ok_or("`path_with_namespace` is missing")?,
        url: text(value, "web_url"),
        clone_url: text(value, "http_url_to_repo"),
        description: text(value, "description"),
        // GitLab projects have no home page field.
        homepage: None,
        language: None,
        licence: value
            .get("license")
            .and_then(|l| l.get("key"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        topics,
        archived: value
            .get("archived")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        fork: value
            .get("forked_from_project")
            .is_some_and(|f| !f.is_null()),
        stars: value.get("star_count").and_then(Value::as_i64).unwrap_or(0),
        forks: value
            .get("forks_count")
            .and_then(Value::as_i64)
            .unwrap_or(0),
        created_at: time(value, "created_at")?,
        pushed_at: time(value, "last_activity_at")?,
    })
}

/// A stable id for a close or merge read from an item (GitLab gives these
/// no id of their own): negative, so it never meets a forge's own ids.
fn event_id(iid: i64, is_pr: bool, kind: u8) -> i64 {
    -(iid * 8 + i64::from(is_pr) * 4 + i64::from(kind))
}

/// Reads an issue or merge request, with its close and merge as events.
pub fn item(value: &Value, is_pr: bool) -> Result<(Issue, Vec<IssueEvent>), String> {
    let number = number(value, "iid")?;
    let created_at = required_time(value, "created_at")?;
    let merged_at = time(value, "merged_at")?;
    let closed_at = time(value, "closed_at")?;
    let state = match text(value, "state").as_deref() {
        Some("opened") | Some("reopened") => "open".to_owned(),
        Some("merged") => "merged".to_owned(),
        Some("closed") | Some("locked") => "closed".to_owned(),
        Some(other) => other.to_owned(),
        None => return Err("`state` is missing".into()),
    };
    let mut events = Vec::new();
    if let Some(at) = merged_at {
        events.push(IssueEvent {
            id: event_id(number, is_pr, 1),
            issue_number: number,
            kind: "merged".into(),
            on_pr: Some(is_pr),
            actor: account(value.get("merged_by").or_else(|| value.get("merge_user"))),
            at,
        });
    }
    if let (Some(at), "closed") = (closed_at, state.as_str()) {
        events.push(IssueEvent {
            id: event_id(number, is_pr, 2),
            issue_number: number,
            kind: "closed".into(),
            on_pr: Some(is_pr),
            actor: account(value.get("closed_by")),
            at,
        });
    }
    let labels = value
        .get("labels")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|l| l.as_str().or_else(|| l.get("name").and_then(Value::as_str)))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Ok((
        Issue {
            number,
            is_pr,
            title: text(value, "title").unwrap_or_default(),
            state,
            author: account(value.get("author")),
            labels,
            assignees: assignees(value, account),
            comment_count: count(value, "user_notes_count"),
            created_at,
            updated_at: time(value, "updated_at")?,
            closed_at: closed_at.or(merged_at),
            merged_at,
        },
        events,
    ))
}

/// Reads a note; system notes are not comments.
pub fn note(value: &Value, issue_number: i64, on_pr: bool) -> Result<Option<Comment>, String> {
    if value.get("system").and_then(Value::as_bool) == Some(true) {
        return Ok(None);
    }
    Ok(Some(Comment {
        id: number(value, "id")?,
        issue_number,
        kind: "issue",
        on_pr: Some(on_pr),
        author: account(value.get("author")),
        created_at: required_time(value, "created_at")?,
    }))
}

/// Reads a release (GitLab's have no id: a stable one is made of the tag).
pub fn release(value: &Value) -> Result<Option<Release>, String> {
    let tag = text(value, "tag_name").ok_or("`tag_name` is missing")?;
    let Some(published_at) = time(value, "released_at")?.or(time(value, "created_at")?) else {
        return Ok(None);
    };
    // FNV-1a of the tag, positive: stable across runs.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in tag.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    Ok(Some(Release {
        id: (hash >> 1) as i64,
        tag,
        name: text(value, "name"),
        author: account(value.get("author")),
        prerelease: value
            .get("upcoming_release")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        published_at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_notes_and_releases() {
        let mr: Value = serde_json::json!({
            "iid": 3, "title": "Fix", "state": "merged", "author": {"username": "ann"},
            "labels": ["bug"], "created_at": "2024-01-01T00:00:00.000Z",
            "updated_at": "2024-01-03T00:00:00.000Z", "merged_at": "2024-01-02T00:00:00.000Z",
            "merged_by": {"username": "bob"}
        });
        let (i, events) = item(&mr, true).unwrap();
        assert_eq!((i.number, i.state.as_str(), i.is_pr), (3, "merged", true));
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].actor.as_ref().unwrap().login, "bob");
        assert!(events[0].id < 0);
        let opened: Value =
            serde_json::json!({"iid": 1, "state": "opened", "created_at": "2024-01-01T00:00:00Z"});
        assert_eq!(item(&opened, false).unwrap().0.state, "open");
        assert!(item(&mr, true).unwrap().0.assignees.is_empty());
        let assigned: Value = serde_json::json!({
            "iid": 5, "state": "opened", "created_at": "2024-01-01T00:00:00Z",
            "author": {"username": "ann", "id": 1},
            "assignees": [{"username": "bob", "id": 2}, {"username": "ann", "id": 1}],
            "assignee": {"username": "bob", "id": 2},
            "user_notes_count": 3
        });
        let (i, _) = item(&assigned, false).unwrap();
        let logins: Vec<_> = i.assignees.iter().map(|a| a.login.as_str()).collect();
        assert_eq!(logins, ["bob", "ann"]);
        assert_eq!(Some(&i.assignees[1]), i.author.as_ref());
        assert_eq!(i.comment_count, Some(3));
        // GitLab before multiple assignees: `assignee` alone.
        let old: Value = serde_json::json!({
            "iid": 6, "state": "closed", "created_at": "2016-01-01T00:00:00Z",
            "assignee": {"username": "bob", "id": 2}
        });
        assert_eq!(item(&old, false).unwrap().0.assignees[0].login, "bob");
        let system: Value = serde_json::json!({"id": 1, "system": true});
        assert_eq!(note(&system, 1, false).unwrap(), None);
        let r: Value =
            serde_json::json!({"tag_name": "v1.0", "released_at": "2024-01-01T00:00:00Z"});
        let a = release(&r).unwrap().unwrap();
        let b = release(&r).unwrap().unwrap();
        assert_eq!(a.id, b.id);
        assert!(a.id > 0);
        assert_eq!(encoded("fdroid/fdroiddata"), "fdroid%2Ffdroiddata");
    }
}
