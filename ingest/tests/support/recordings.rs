//! The recorded GitHub answers of `../shared/data/api-fixtures/`, read as
//! they are and gathered per repository into [`Recordings`], which
//! registers on a [`MockForge`] the answers to what Vigie's GitHub source
//! asks ([`Recordings::serve_on`]), and what clients that read item by
//! item ask besides (`item_by_item.rs`).
//!
//! Two formats are read: octokit's `*.raw-fixture.json` (JSON exchanges;
//! the `normalized` ones carry placeholder dates and ids) and PyGithub's
//! replay files (10 lines an exchange, headers as Python literals). Only
//! `GET` answers with status 200 are used, plus the 201 body of octokit's
//! repository creation, the only recording of that repository's metadata.
//! An item recorded several times (same id) keeps its newest capture, by
//! the answer's `Date` header, then the later exchange.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::{json, Value};

use super::forge::{Answer, MockForge, Request};

/// One recorded request and its answer.
struct Exchange {
    method: String,
    /// Path and query as recorded, e.g. `/repos/o/r/issues?page=2`.
    path: String,
    status: u16,
    /// The answer's `Date`, epoch seconds (0 when absent), then its order.
    captured: (i64, usize),
    body: Value,
    /// octokit's scenario, which names its temporary repository.
    scenario: Option<String>,
}

/// What was recorded about one repository, each item its newest capture.
#[derive(Debug, Clone, Default)]
pub struct Repository {
    /// `owner/name` (octokit's temporary repositories named after their scenario).
    pub name: String,
    /// The newest `GET /repos/{o}/{r}` body (or organisation listing entry).
    pub metadata: Option<Value>,
    /// Issues and pull requests, as the issues list gives them.
    pub issues: Vec<Value>,
    /// Issue comments.
    pub issue_comments: Vec<Value>,
    /// Pull request review comments.
    pub review_comments: Vec<Value>,
    /// Reviews, with the number of their pull request.
    pub reviews: Vec<(u64, Value)>,
    /// Releases.
    pub releases: Vec<Value>,
    /// Issue events of the repository-wide shape (with `issue`).
    pub issue_events: Vec<Value>,
    /// Repository events (`/events`).
    pub events: Vec<Value>,
}

/// Everything recorded about GitHub repositories.
pub struct Recordings {
    /// By lowercase name.
    repositories: BTreeMap<String, Repository>,
    exchanges: Vec<Exchange>,
}

impl Recordings {
    /// Reads every recording of octokit and PyGithub under `shared_data`.
    /// Panics with the file's name when one cannot be read.
    pub fn github(shared_data: &Path) -> Recordings {
        let fixtures = shared_data.join("api-fixtures");
        let mut exchanges = Vec::new();
        for (dir, suffix) in [
            ("octokit-fixtures", ".raw-fixture.json"),
            ("pygithub-replaydata", ".txt"),
        ] {
            let entries = std::fs::read_dir(fixtures.join(dir)).expect("the recordings' folder");
            let mut paths: Vec<_> = (entries.filter_map(Result::ok).map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(suffix))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).expect("a readable recording");
                let read = match suffix {
                    ".txt" => read_pygithub(&text),
                    _ => read_octokit(&text, &path),
                };
                for mut e in read.unwrap_or_else(|e| panic!("{}: {e}", path.display())) {
                    e.captured.1 = exchanges.len();
                    exchanges.push(e);
                }
            }
        }
        // Oldest first: a newer capture of an item replaces an older one.
        exchanges.sort_by_key(|e| e.captured);
        let repositories = gather(&exchanges);
        Recordings {
            repositories,
            exchanges,
        }
    }

    /// The repositories, `owner/name`, sorted.
    pub fn repositories(&self) -> Vec<String> {
        self.repositories.values().map(|r| r.name.clone()).collect()
    }

    /// A repository by name, case-insensitively.
    pub fn repository(&self, name: &str) -> Option<&Repository> {
        self.repositories.get(&name.to_lowercase())
    }

    /// A repository by name, to change what is served of it (a test's
    /// later state of the forge).
    pub fn repository_mut(&mut self, name: &str) -> Option<&mut Repository> {
        self.repositories.get_mut(&name.to_lowercase())
    }

    /// The repositories of `owner` with metadata (what its listing gives).
    pub fn repositories_of(&self, owner: &str) -> Vec<&Repository> {
        (self.repositories.values())
            .filter(|r| r.metadata.is_some() && r.owner().eq_ignore_ascii_case(owner))
            .collect()
    }

    /// Issues and pull requests of `repository` (0 if unknown).
    pub fn issue_count(&self, repository: &str) -> usize {
        self.repository(repository).map_or(0, |r| r.issues.len())
    }

    /// Registers on `forge` the answers to what Vigie asks of each
    /// repository with metadata, and of each owner's listing.
    pub fn serve_on(&self, forge: &MockForge) {
        let mut owners: HashMap<String, Vec<Value>> = HashMap::new();
        for repository in self.repositories.values() {
            if let Some(metadata) = &repository.metadata {
                repository.serve_on(forge, metadata);
                let listing = owners.entry(repository.owner().to_owned()).or_default();
                listing.push(metadata.clone());
            }
        }
        for (owner, mut listing) in owners {
            // GitHub's default order: the newest created first.
            listing.sort_by(|a, b| b["created_at"].as_str().cmp(&a["created_at"].as_str()));
            let request = Request::get(&format!("/orgs/{owner}/repos?type=all"));
            forge.on(request, Answer::List(listing));
        }
    }
}

impl Repository {
    fn owner(&self) -> &str {
        self.name.split('/').next().unwrap_or_default()
    }

    /// The answers to Vigie's requests for this repository, each sorted as
    /// the client asks; reviews also by GraphQL, in its shape.
    fn serve_on(&self, forge: &MockForge, metadata: &Value) {
        let api = format!("/repos/{}", self.name);
        let on = |path: &str, answer| forge.on(Request::get(&format!("{api}{path}")), answer);
        let by_updated = |items: &[Value]| {
            let mut items = items.to_vec();
            items.sort_by_key(|i| (updated(i), i["id"].as_u64()));
            Answer::List(items)
        };
        on("", Answer::Json(metadata.clone()));
        on("/events", newest_first(&self.events));
        on(
            "/issues?state=all&sort=updated&direction=asc",
            by_updated(&self.issues),
        );
        on(
            "/issues/comments?sort=updated&direction=asc",
            by_updated(&self.issue_comments),
        );
        on(
            "/pulls/comments?sort=updated&direction=asc",
            by_updated(&self.review_comments),
        );
        on("/issues/events", newest_first(&self.issue_events));
        on("/releases", newest_first(&self.releases));
        let mut graphql = serde_json::Map::new();
        for number in self.pull_requests() {
            let reviews: Vec<Value> = (self.reviews.iter())
                .filter(|(n, _)| *n == number)
                .map(|(_, review)| review.clone())
                .collect();
            let nodes: Vec<Value> = reviews.iter().map(graphql_review).collect();
            let page = json!({"hasNextPage": false, "endCursor": null});
            let pr = json!({"reviews": {"pageInfo": page, "nodes": nodes}});
            graphql.insert(format!("pr{number}"), pr);
            on(&format!("/pulls/{number}/reviews"), Answer::List(reviews));
        }
        let (owner, name) = self.name.split_once('/').unwrap_or_default();
        let asked = format!("repository(owner: {}, name: {})", json!(owner), json!(name));
        let rate = json!({"cost": 1, "remaining": 4999, "resetAt": "2030-01-01T00:00:00Z"});
        let body = json!({"data": {"rateLimit": rate, "repository": graphql}});
        forge.on(Request::graphql(&asked), Answer::Json(body));
    }

    /// The numbers of the pull requests the issues list gives, and of those
    /// only their reviews name.
    fn pull_requests(&self) -> Vec<u64> {
        let listed = (self.issues.iter())
            .filter(|i| is_pull_request(i))
            .filter_map(|i| i["number"].as_u64());
        let mut numbers: Vec<u64> = listed.chain(self.reviews.iter().map(|(n, _)| *n)).collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }
}

/// Whether an issues-list item is a pull request. 2012-era issues all carry
/// `"pull_request": {"html_url": null, ...}`, so the key alone says nothing.
pub fn is_pull_request(issue: &Value) -> bool {
    let pr = &issue["pull_request"];
    !pr["html_url"].is_null() || !pr["url"].is_null()
}

/// A REST review as GitHub's GraphQL API gives it.
fn graphql_review(review: &Value) -> Value {
    let user = &review["user"];
    let kind = if user["type"] == "Bot" { "Bot" } else { "User" };
    let author = (!user.is_null()).then(|| json!({"login": user["login"], "__typename": kind}));
    json!({
        "databaseId": review["id"],
        "state": review["state"],
        "submittedAt": review["submitted_at"],
        "author": author,
    })
}

fn updated(item: &Value) -> i64 {
    (item["updated_at"].as_str())
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map_or(i64::MIN, |t| t.timestamp())
}

/// Events and releases come newest first (ids grow with time).
fn newest_first(items: &[Value]) -> Answer {
    let mut items = items.to_vec();
    items.sort_by_key(|i| std::cmp::Reverse(id(i)));
    Answer::List(items)
}

/// An item's id; the events API gives them as strings.
fn id(item: &Value) -> Option<u64> {
    match &item["id"] {
        Value::String(s) => s.parse().ok(),
        id => id.as_u64(),
    }
}

#[path = "gather.rs"]
mod gather;
#[path = "item_by_item.rs"]
mod item_by_item;
use gather::gather;

/// Reads a PyGithub replay file: exchanges of 10 lines (scheme, method,
/// host, port, path, request headers, request body, status, answer headers,
/// answer body), each followed by a blank line.
fn read_pygithub(text: &str) -> Result<Vec<Exchange>, String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut exchanges = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].is_empty() {
            i += 1;
            continue;
        }
        let at = |what: &str| format!("line {}: {what}", i + 1);
        let chunk = lines.get(i..i + 10).ok_or_else(|| at("a cut exchange"))?;
        let body = match chunk[9].trim() {
            "" => Value::Null,
            body => serde_json::from_str(body).map_err(|e| at(&e.to_string()))?,
        };
        // The headers are a Python list of pairs: only `Date` is read.
        let headers = chunk[8].to_lowercase();
        let date = ["('date', '", "(\"date\", \""].iter().find_map(|start| {
            let from = headers.find(start)? + start.len();
            let end = from + headers[from..].find(['\'', '"'])?;
            Some(chunk[8][from..end].to_owned())
        });
        exchanges.push(Exchange {
            method: chunk[1].to_owned(),
            path: chunk[4].to_owned(),
            status: chunk[7].trim().parse().map_err(|_| at("bad status"))?,
            captured: (date_seconds(date.as_deref()), 0),
            body,
            scenario: None,
        });
        i += 10;
    }
    Ok(exchanges)
}

/// Reads an octokit raw fixture: a JSON array of exchanges, each with its
/// headers as a flat `[name, value, ...]` list.
fn read_octokit(text: &str, path: &Path) -> Result<Vec<Exchange>, String> {
    let recorded: Vec<Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let scenario = name.strip_suffix(".raw-fixture.json").map(str::to_owned);
    let exchanges = recorded.iter().map(|e| {
        let headers: Vec<&str> = (e["rawHeaders"].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .collect();
        let date = (headers.chunks(2))
            .find(|pair| pair[0].eq_ignore_ascii_case("date"))
            .and_then(|pair| pair.get(1).copied());
        Exchange {
            method: e["method"].as_str().unwrap_or_default().to_uppercase(),
            path: e["path"].as_str().unwrap_or_default().to_owned(),
            status: e["status"]
                .as_u64()
                .and_then(|s| s.try_into().ok())
                .unwrap_or(0),
            captured: (date_seconds(date), 0),
            body: match &e["response"] {
                Value::String(s) if s.is_empty() => Value::Null,
                body => body.clone(),
            },
            scenario: scenario.clone(),
        }
    });
    Ok(exchanges.collect())
}

fn date_seconds(date: Option<&str>) -> i64 {
    date.and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok())
        .map_or(0, |d| d.timestamp())
}
