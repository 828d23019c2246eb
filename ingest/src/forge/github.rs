//! The GitHub connector (github.com or GitHub Enterprise, REST API v3).
//!
//! Per repository, on a first run: its metadata (from the organisation's
//! listing, or `GET /repos/{o}/{r}`), every issue and pull request
//! (`/issues?state=all`, which lists both), the repository-wide issue
//! comments and review comments, the close/merge/reopen events, the reviews
//! of each pull request, and the releases. Later runs ask only for what
//! changed: the repository's event feed is asked first with the ETag of the
//! last run, and a `304 Not Modified` (free against the rate limit) means
//! nothing happened, so an unchanged repository costs one request; else
//! issues and comments are asked `since` the last update seen, events and
//! releases until the last one seen, and reviews only for the pull requests
//! that changed.
//!
//! An answer that is not JSON, or not a list where one is expected, fails
//! the repository (nothing of it is stored; the next run tries again); an
//! item that lacks a field it needs is left out, counted and reported with
//! its URL, and the rest of the page is kept.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::http::{joined, with_page, Client, HttpError};
use super::json::{number, required_time, text, time};
use super::{Account, Comment, Issue, IssueEvent, Release, RepositoryData, RepositoryMeta, Review};

/// Cursor categories stored per repository.
pub mod category {
    /// The ETag of the event feed's first page.
    pub const EVENTS_ETAG: &str = "github-events-etag";
    /// The latest `updated_at` of an issue or pull request read.
    pub const ISSUES: &str = "github-issues";
    /// The latest `updated_at` of an issue comment read.
    pub const ISSUE_COMMENTS: &str = "github-issue-comments";
    /// The latest `updated_at` of a review comment read.
    pub const REVIEW_COMMENTS: &str = "github-review-comments";
    /// The largest issue event id read.
    pub const ISSUE_EVENTS: &str = "github-issue-events";
    /// The largest release id read.
    pub const RELEASES: &str = "github-releases";
}

/// Where to read: the API root and what to read there.
#[derive(Debug, Clone)]
pub struct Target {
    /// API root, e.g. `https://api.github.com` or `https://ghe.example/api/v3`.
    pub api: String,
    /// The source's name in cursors and messages: `github:<api>`.
    pub source: String,
}

/// Lists an organisation's repositories (metadata included); forks are
/// left out unless `forks`.
pub async fn organisation_repositories(
    client: &Client,
    target: &Target,
    organisation: &str,
    forks: bool,
) -> Result<Vec<RepositoryMeta>, HttpError> {
    let first = format!(
        "{}/orgs/{organisation}/repos?type=all&per_page=100",
        target.api
    );
    let mut out = Vec::new();
    for value in all_pages(client, &first).await? {
        let meta = repository_meta(&value).map_err(|reason| HttpError::Malformed {
            url: first.clone(),
            reason,
        })?;
        if forks || !meta.fork {
            out.push(meta);
        }
    }
    Ok(out)
}

/// Reads one repository's metadata.
pub async fn repository(
    client: &Client,
    target: &Target,
    full_name: &str,
) -> Result<RepositoryMeta, HttpError> {
    let url = format!("{}/repos/{full_name}", target.api);
    let (value, _) = client.get_json(&url, None).await?;
    let value = value.ok_or_else(|| HttpError::Malformed {
        url: url.clone(),
        reason: "no body".into(),
    })?;
    repository_meta(&value).map_err(|reason| HttpError::Malformed { url, reason })
}

/// Reads what changed in a repository since `cursors` (category → value).
/// `meta` is the metadata already known from a listing, if any.
pub async fn collect(
    client: &Client,
    target: &Target,
    full_name: &str,
    meta: Option<RepositoryMeta>,
    cursors: &HashMap<String, String>,
) -> Result<RepositoryData, HttpError> {
    let api = format!("{}/repos/{full_name}", target.api);
    let mut data = RepositoryData {
        source: target.source.clone(),
        ..RepositoryData::default()
    };
    // The change detector: the event feed's first page, with last run's ETag.
    let feed = format!("{api}/events?per_page=1");
    let previous = cursors.get(category::EVENTS_ETAG).map(String::as_str);
    let page = client.get(&feed, previous).await?;
    if page.body.is_none() {
        // What the organisation listing said of it is still stored.
        data.meta = meta;
        data.unchanged = true;
        return Ok(data);
    }
    // The rest is independent: asked together, within the client's bounds.
    let urls = [
        format!("{api}/issues?state=all&sort=updated&direction=asc&per_page=100"),
        format!("{api}/issues/comments?sort=updated&direction=asc&per_page=100"),
        format!("{api}/pulls/comments?sort=updated&direction=asc&per_page=100"),
        format!("{api}/issues/events?per_page=100"),
        format!("{api}/releases?per_page=100"),
    ];
    let (meta, issues, issue_comments, review_comments, events, releases) = tokio::try_join!(
        async {
            match meta {
                Some(meta) => Ok(meta),
                None => repository(client, target, full_name).await,
            }
        },
        updated_since(client, &urls[0], cursors.get(category::ISSUES),),
        updated_since(client, &urls[1], cursors.get(category::ISSUE_COMMENTS),),
        updated_since(client, &urls[2], cursors.get(category::REVIEW_COMMENTS),),
        newer_than(
            client,
            &urls[3],
            cursor_number(cursors, category::ISSUE_EVENTS),
        ),
        newer_than(client, &urls[4], cursor_number(cursors, category::RELEASES),),
    )?;
    data.meta = Some(meta);
    let (values, url, latest) = issues;
    for value in values {
        match issue(&value) {
            Ok(issue) => data.issues.push(issue),
            Err(reason) => data.skipped.push(format!("{url}: {reason}")),
        }
    }
    if let Some(latest) = latest {
        data.cursors.push((category::ISSUES.into(), latest));
    }
    for ((values, url, latest), kind, cat) in [
        (issue_comments, "issue", category::ISSUE_COMMENTS),
        (review_comments, "review", category::REVIEW_COMMENTS),
    ] {
        for value in values {
            match comment(&value, kind) {
                Ok(c) => data.comments.push(c),
                Err(reason) => data.skipped.push(format!("{url}: {reason}")),
            }
        }
        if let Some(latest) = latest {
            data.cursors.push((cat.into(), latest));
        }
    }
    let (values, url, newest) = events;
    for value in values {
        match issue_event(&value) {
            Ok(Some(e)) => data.events.push(e),
            Ok(None) => {}
            Err(reason) => data.skipped.push(format!("{url}: {reason}")),
        }
    }
    data.cursors
        .push((category::ISSUE_EVENTS.into(), newest.to_string()));
    let (values, url, newest) = releases;
    for value in values {
        match release(&value) {
            Ok(Some(r)) => data.releases.push(r),
            Ok(None) => {}
            Err(reason) => data.skipped.push(format!("{url}: {reason}")),
        }
    }
    data.cursors
        .push((category::RELEASES.into(), newest.to_string()));

    // Reviews of the pull requests that changed: with a token, fifty pull
    // requests a GraphQL request (REST needs one each); the rest by REST.
    let changed: BTreeSet<i64> = data
        .issues
        .iter()
        .filter(|i| i.is_pr)
        .map(|i| i.number)
        .collect();
    let mut reviews = Vec::new();
    let by_rest: Vec<i64> = if client.has_tokens() && !changed.is_empty() {
        let (got, more) = graphql_reviews(client, target, full_name, &changed).await?;
        reviews.extend(got);
        more
    } else {
        changed.into_iter().collect()
    };
    let mut asked = tokio::task::JoinSet::new();
    for number in by_rest {
        let (client, url) = (
            client.clone(),
            format!("{api}/pulls/{number}/reviews?per_page=100"),
        );
        asked.spawn(async move {
            let values = all_pages(&client, &url).await;
            (number, url, values)
        });
    }
    while let Some(done) = asked.join_next().await {
        let (number, url, values) = joined(done, &api)?;
        for value in values? {
            match review(&value, number) {
                Ok(Some(r)) => reviews.push(r),
                Ok(None) => {}
                Err(reason) => data.skipped.push(format!("{url}: {reason}")),
            }
        }
    }
    reviews.sort_by_key(|r| r.id);
    data.reviews = reviews;
    // Last: the feed's ETag, stored only with everything it stands for.
    if let Some(etag) = page.etag {
        data.cursors.push((category::EVENTS_ETAG.into(), etag));
    }
    Ok(data)
}

/// Pull requests per GraphQL request.
const GRAPHQL_BATCH: usize = 50;

/// The GraphQL endpoint beside a REST root: `https://api.github.com/graphql`,
/// or `https://HOST/api/graphql` for GitHub Enterprise's `https://HOST/api/v3`.
pub fn graphql_url(api: &str) -> String {
    match api.strip_suffix("/api/v3") {
        Some(host) => format!("{host}/api/graphql"),
        None => format!("{api}/graphql"),
    }
}

/// The reviews of `numbers` through GraphQL, fifty pull requests a request;
/// also the pull requests with more than 100 reviews, left to REST.
async fn graphql_reviews(
    client: &Client,
    target: &Target,
    full_name: &str,
    numbers: &BTreeSet<i64>,
) -> Result<(Vec<Review>, Vec<i64>), HttpError> {
    let url = graphql_url(&target.api);
    let (owner, name) = full_name.split_once('/').unwrap_or((full_name, ""));
    let numbers: Vec<i64> = numbers.iter().copied().collect();
    let mut asked = tokio::task::JoinSet::new();
    for batch in numbers.chunks(GRAPHQL_BATCH) {
        let fields: String = batch
            .iter()
            .map(|n| {
                format!(
                    "pr{n}: pullRequest(number: {n}) {{ reviews(first: 100) {{ \
                     pageInfo {{ hasNextPage endCursor }} \
                     nodes {{ databaseId state submittedAt author {{ login __typename }} }} }} }} "
                )
            })
            .collect();
        let query = format!(
            "query {{ rateLimit {{ cost remaining resetAt }} repository(owner: {}, name: {}) {{ {fields}}} }}",
            Value::from(owner),
            Value::from(name)
        );
        let (client, url, batch) = (client.clone(), url.clone(), batch.to_vec());
        asked.spawn(async move {
            let answer = client
                .post_json(&url, &serde_json::json!({ "query": query }))
                .await;
            (batch, answer)
        });
    }
    let mut reviews = Vec::new();
    let mut more = Vec::new();
    while let Some(done) = asked.join_next().await {
        let (batch, answer) = joined(done, &url)?;
        let answer = answer?;
        // GraphQL's budget is its own: when it is spent (a 200 whose errors
        // say RATE_LIMIT), these pull requests go by REST instead.
        let limited = answer
            .get("errors")
            .and_then(Value::as_array)
            .is_some_and(|errors| {
                errors.iter().any(|e| {
                    matches!(
                        e.get("type").and_then(Value::as_str),
                        Some("RATE_LIMIT" | "RATE_LIMITED")
                    )
                })
            });
        if limited
            && answer
                .pointer("/data/repository")
                .is_none_or(Value::is_null)
        {
            more.extend(batch);
            continue;
        }
        let Some(repository) = answer.pointer("/data/repository").filter(|r| !r.is_null()) else {
            let message = answer
                .pointer("/errors/0/message")
                .and_then(Value::as_str)
                .unwrap_or("no repository in the answer");
            return Err(HttpError::Malformed {
                url: url.clone(),
                reason: message.to_owned(),
            });
        };
        for number in batch {
            // A number GitHub does not know as a pull request answers null.
            let Some(pr) = repository
                .get(format!("pr{number}"))
                .filter(|p| !p.is_null())
            else {
                continue;
            };
            if pr.pointer("/reviews/pageInfo/hasNextPage") == Some(&Value::Bool(true)) {
                more.push(number);
                continue;
            }
            let nodes = pr
                .pointer("/reviews/nodes")
                .and_then(Value::as_array)
                .ok_or_else(|| HttpError::Malformed {
                    url: url.clone(),
                    reason: format!("no reviews for pull request {number}"),
                })?;
            for node in nodes {
                if let Some(r) =
                    graphql_review(node, number).map_err(|reason| HttpError::Malformed {
                        url: url.clone(),
                        reason,
                    })?
                {
                    reviews.push(r);
                }
            }
        }
    }
    Ok((reviews, more))
}

/// Reads a GraphQL review node; pending ones (not submitted) are left out.
fn graphql_review(node: &Value, issue_number: i64) -> Result<Option<Review>, String> {
    let Some(submitted_at) = time(node, "submittedAt")? else {
        return Ok(None);
    };
    let author = node.get("author").filter(|a| !a.is_null()).and_then(|a| {
        Some(Account {
            login: a.get("login")?.as_str()?.to_owned(),
            is_bot: a.get("__typename").and_then(Value::as_str) == Some("Bot"),
        })
    });
    Ok(Some(Review {
        id: number(node, "databaseId")?,
        issue_number,
        author,
        state: text(node, "state").unwrap_or_default().to_lowercase(),
        submitted_at,
    }))
}

/// A listing sorted by update, from `since`: its items, its URL and the
/// latest `updated_at` seen (the next cursor).
async fn updated_since(
    client: &Client,
    url: &str,
    since: Option<&String>,
) -> Result<(Vec<Value>, String, Option<String>), HttpError> {
    let url = with_since(url, since);
    let values = all_pages(client, &url).await?;
    let mut latest = since.cloned();
    for value in &values {
        if let Some(updated) = value.get("updated_at").and_then(Value::as_str) {
            latest = latest.max(Some(updated.to_owned()));
        }
    }
    Ok((values, url, latest))
}

/// A listing newest first, until an id already seen: its new items, its
/// URL and the largest id (the next cursor).
async fn newer_than(
    client: &Client,
    first: &str,
    seen: i64,
) -> Result<(Vec<Value>, String, i64), HttpError> {
    let mut values = Vec::new();
    let mut newest = seen;
    let mut url = Some(first.to_owned());
    'pages: while let Some(page_url) = url {
        let (value, page) = client.get_json(&page_url, None).await?;
        for value in array(value, &page_url)? {
            let id = value.get("id").and_then(Value::as_i64).unwrap_or_default();
            if id <= seen {
                break 'pages;
            }
            newest = newest.max(id);
            values.push(value);
        }
        url = page.next;
    }
    Ok((values, first.to_owned(), newest))
}

fn cursor_number(cursors: &HashMap<String, String>, category: &str) -> i64 {
    cursors
        .get(category)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn with_since(url: &str, since: Option<&String>) -> String {
    match since {
        Some(since) => format!(
            "{url}&since={}",
            since.replace(':', "%3A").replace('+', "%2B")
        ),
        None => url.to_owned(),
    }
}

/// Every item of every page of a listing. When the first page's `Link`
/// names the last page by number, the other pages are asked together;
/// otherwise they are followed one by one.
async fn all_pages(client: &Client, first: &str) -> Result<Vec<Value>, HttpError> {
    let (value, page) = client.get_json(first, None).await?;
    let mut out = array(value, first)?;
    let numbered = match (&page.next, &page.last) {
        (Some(next), Some(last)) if page_number(next) == Some(2) => {
            page_number(last).map(|n| (last.clone(), n))
        }
        _ => None,
    };
    if let Some((last, pages)) = numbered {
        let mut asked = tokio::task::JoinSet::new();
        for n in 2..=pages {
            let (client, url) = (client.clone(), with_page(&last, n));
            asked.spawn(async move {
                let got = client.get_json(&url, None).await;
                (n, url, got)
            });
        }
        let mut pages = Vec::new();
        while let Some(done) = asked.join_next().await {
            let (n, url, got) = joined(done, first)?;
            pages.push((n, array(got?.0, &url)?));
        }
        pages.sort_by_key(|(n, _)| *n);
        out.extend(pages.into_iter().flat_map(|(_, items)| items));
        return Ok(out);
    }
    let mut url = page.next;
    while let Some(page_url) = url {
        let (value, page) = client.get_json(&page_url, None).await?;
        out.extend(array(value, &page_url)?);
        url = page.next;
    }
    Ok(out)
}

/// The `page` query parameter of a URL.
fn page_number(url: &str) -> Option<u32> {
    let (_, query) = url.split_once('?')?;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("page=")?.parse().ok())
}

fn array(value: Option<Value>, url: &str) -> Result<Vec<Value>, HttpError> {
    match value {
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(HttpError::Malformed {
            url: url.to_owned(),
            reason: "expected a list".into(),
        }),
        None => Ok(Vec::new()),
    }
}

fn account(value: Option<&Value>) -> Option<Account> {
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
    let closed_at = time(value, "closed_at")?;
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
        labels: value
            .get("labels")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(|l| l.get("name").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        created_at: required_time(value, "created_at")?,
        updated_at: time(value, "updated_at")?,
        closed_at: closed_at.or(merged_at),
        merged_at,
    })
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
    fn graphql_beside_the_rest_root() {
        assert_eq!(
            graphql_url("https://api.github.com"),
            "https://api.github.com/graphql"
        );
        assert_eq!(
            graphql_url("https://ghe.example/api/v3"),
            "https://ghe.example/api/graphql"
        );
        let node = serde_json::json!({"databaseId": 5, "state": "CHANGES_REQUESTED",
            "submittedAt": "2024-01-01T00:00:00Z", "author": {"login": "renovate", "__typename": "Bot"}});
        let r = graphql_review(&node, 3).unwrap().unwrap();
        assert_eq!((r.id, r.state.as_str()), (5, "changes_requested"));
        assert!(r.author.unwrap().is_bot);
        let pending = serde_json::json!({"databaseId": 6, "state": "PENDING", "submittedAt": null});
        assert_eq!(graphql_review(&pending, 3).unwrap(), None);
    }

    #[test]
    fn page_numbers_in_links() {
        let last = "https://api.github.com/repositories/1/issues?per_page=100&page=7&state=all";
        assert_eq!(page_number(last), Some(7));
        assert_eq!(
            with_page(last, 3),
            "https://api.github.com/repositories/1/issues?per_page=100&page=3&state=all"
        );
        assert_eq!(page_number("https://x/y?since=1"), None);
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
