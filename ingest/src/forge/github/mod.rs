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
//!
//! Here the connector ([`collect`]) and the listings it reads; `parse` reads
//! each kind of object, `graphql` the reviews asked fifty pull requests at a
//! time.

mod graphql;
mod parse;

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::http::{joined, with_page, Client, HttpError};
use super::{RepositoryData, RepositoryMeta, Review};
use graphql::graphql_reviews;
pub use graphql::graphql_url;
pub use parse::{
    account, comment, issue, issue_event, pull_request, release, repository_meta, review,
};

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
    let repository = Repository {
        client,
        target,
        full_name,
        api: format!("{}/repos/{full_name}", target.api),
    };
    let mut data = RepositoryData {
        source: target.source.clone(),
        ..RepositoryData::default()
    };
    // The change detector: the event feed's first page, with last run's ETag.
    let feed = format!("{}/events?per_page=1", repository.api);
    let previous = cursors.get(category::EVENTS_ETAG).map(String::as_str);
    let page = client.get(&feed, previous).await?;
    if page.body.is_none() {
        // What the organisation listing said of it is still stored.
        data.meta = meta;
        data.unchanged = true;
        return Ok(data);
    }
    repository.changes(meta, cursors, &mut data).await?;
    data.reviews = repository.changed_reviews(&mut data).await?;
    // Last: the feed's ETag, stored only with everything it stands for.
    if let Some(etag) = page.etag {
        data.cursors.push((category::EVENTS_ETAG.into(), etag));
    }
    Ok(data)
}

/// One repository being read: where its API is, and through which client.
struct Repository<'a> {
    client: &'a Client,
    target: &'a Target,
    full_name: &'a str,
    /// `{api}/repos/{owner}/{name}`.
    api: String,
}

impl Repository<'_> {
    /// Reads the metadata (unless the listing gave it), and the issues,
    /// comments, events and releases changed since `cursors`, into `data`
    /// with the cursors they advance.
    async fn changes(
        &self,
        meta: Option<RepositoryMeta>,
        cursors: &HashMap<String, String>,
        data: &mut RepositoryData,
    ) -> Result<(), HttpError> {
        let (client, api) = (self.client, &self.api);
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
                    None => repository(client, self.target, self.full_name).await,
                }
            },
            updated_since(client, &urls[0], cursors.get(category::ISSUES)),
            updated_since(client, &urls[1], cursors.get(category::ISSUE_COMMENTS)),
            updated_since(client, &urls[2], cursors.get(category::REVIEW_COMMENTS)),
            newer_than(
                client,
                &urls[3],
                cursor_number(cursors, category::ISSUE_EVENTS),
            ),
            newer_than(client, &urls[4], cursor_number(cursors, category::RELEASES)),
        )?;
        data.meta = Some(meta);
        let (values, url, latest) = issues;
        data.issues = read_each(values, &url, &mut data.skipped, |v| issue(v).map(Some));
        if let Some(latest) = latest {
            data.cursors.push((category::ISSUES.into(), latest));
        }
        for ((values, url, latest), kind, cat) in [
            (issue_comments, "issue", category::ISSUE_COMMENTS),
            (review_comments, "review", category::REVIEW_COMMENTS),
        ] {
            let read = read_each(values, &url, &mut data.skipped, |v| {
                comment(v, kind).map(Some)
            });
            data.comments.extend(read);
            if let Some(latest) = latest {
                data.cursors.push((cat.into(), latest));
            }
        }
        let (values, url, newest) = events;
        data.events = read_each(values, &url, &mut data.skipped, issue_event);
        data.cursors
            .push((category::ISSUE_EVENTS.into(), newest.to_string()));
        let (values, url, newest) = releases;
        data.releases = read_each(values, &url, &mut data.skipped, release);
        data.cursors
            .push((category::RELEASES.into(), newest.to_string()));
        Ok(())
    }

    /// The reviews of the pull requests that changed, by id: with a token,
    /// fifty pull requests a GraphQL request (REST needs one each); the
    /// rest by REST.
    async fn changed_reviews(&self, data: &mut RepositoryData) -> Result<Vec<Review>, HttpError> {
        let changed: BTreeSet<i64> = data
            .issues
            .iter()
            .filter(|i| i.is_pr)
            .map(|i| i.number)
            .collect();
        let mut reviews = Vec::new();
        let by_rest: Vec<i64> = if self.client.has_tokens() && !changed.is_empty() {
            let (got, more) =
                graphql_reviews(self.client, self.target, self.full_name, &changed).await?;
            reviews.extend(got);
            more
        } else {
            changed.into_iter().collect()
        };
        reviews.extend(self.rest_reviews(by_rest, &mut data.skipped).await?);
        reviews.sort_by_key(|r| r.id);
        Ok(reviews)
    }

    /// The reviews of these pull requests by REST, one request (or more
    /// pages) each, asked together.
    async fn rest_reviews(
        &self,
        numbers: Vec<i64>,
        skipped: &mut Vec<String>,
    ) -> Result<Vec<Review>, HttpError> {
        let mut asked = tokio::task::JoinSet::new();
        for number in numbers {
            let (client, url) = (
                self.client.clone(),
                format!("{}/pulls/{number}/reviews?per_page=100", self.api),
            );
            asked.spawn(async move {
                let values = all_pages(&client, &url).await;
                (number, url, values)
            });
        }
        let mut reviews = Vec::new();
        while let Some(done) = asked.join_next().await {
            let (number, url, values) = joined(done, &self.api)?;
            reviews.extend(read_each(values?, &url, skipped, |v| review(v, number)));
        }
        Ok(reviews)
    }
}

/// What `read` makes of each item of a page (`None`: an item left out on
/// purpose, such as a draft); an item it cannot read is reported with the
/// page's URL, and the rest kept.
fn read_each<T>(
    values: Vec<Value>,
    url: &str,
    skipped: &mut Vec<String>,
    read: impl Fn(&Value) -> Result<Option<T>, String>,
) -> Vec<T> {
    let mut out = Vec::new();
    for value in values {
        match read(&value) {
            Ok(Some(item)) => out.push(item),
            Ok(None) => {}
            Err(reason) => skipped.push(format!("{url}: {reason}")),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
