//! The recorded GitHub answers the mock forge serves, read as they are from
//! `../shared/data/api-fixtures/` and assembled per repository into a
//! [`Dataset`]. The GitLab recordings are read by `gitlab_fixtures.rs`
//! ([`Dataset::gitlab`]).
//!
//! Two formats are read (see the data README): octokit's `*.raw-fixture.json`
//! (JSON exchanges; the `*.normalized-fixture.json` files are not read, as
//! their dates, counts and ids are placeholders written by octokit's
//! normaliser) and PyGithub's replay files (10 lines an exchange, headers as
//! Python literals). Only `GET` answers with status 200 are used, plus the
//! `201` body of octokit's repository creation, the only recording of that
//! repository's metadata.
//!
//! An item recorded several times (same id) keeps its newest capture, by the
//! answer's `Date` header, and the later exchange on a tie.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

// A path relative to this file, so that the examples including it with
// `#[path]` find it too.
#[path = "gitlab_fixtures.rs"]
mod gitlab;
pub use gitlab::{GitLabProject, Noteable};

/// One recorded request and its answer.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The recording's file name.
    pub source: String,
    /// `GET`, `POST`...
    pub method: String,
    /// Path and query as recorded, e.g. `/repos/o/r/issues?page=2`.
    pub path: String,
    /// The answer's status.
    pub status: u16,
    /// The answer's `Date` header in epoch seconds, 0 when absent.
    pub captured: i64,
    /// The answer's body, `Null` when empty.
    pub body: Value,
}

/// Reads a PyGithub replay file: exchanges of 10 lines, each followed by a
/// blank line.
pub fn read_pygithub(path: &Path) -> Result<Vec<Exchange>, String> {
    let source = file_name(path);
    let text = std::fs::read_to_string(path).map_err(|e| format!("{source}: {e}"))?;
    let lines: Vec<&str> = text.split('\n').collect();
    let mut exchanges = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].is_empty() {
            i += 1;
            continue;
        }
        let chunk = lines
            .get(i..i + 10)
            .ok_or_else(|| format!("{source}: line {}: a cut exchange", i + 1))?;
        let at = |what: &str| format!("{source}: line {}: {what}", i + 1);
        let status = chunk[7].trim().parse().map_err(|_| at("bad status"))?;
        let headers = python_pairs(chunk[8]).map_err(|e| at(&e))?;
        let body = if chunk[9].trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(chunk[9]).map_err(|e| at(&e.to_string()))?
        };
        exchanges.push(Exchange {
            source: source.clone(),
            method: chunk[1].to_owned(),
            path: chunk[4].to_owned(),
            status,
            captured: date_header(&headers),
            body,
        });
        i += 10;
    }
    Ok(exchanges)
}

/// Reads an octokit fixture file: a JSON array of exchanges.
pub fn read_octokit(path: &Path) -> Result<Vec<Exchange>, String> {
    let source = file_name(path);
    let text = std::fs::read_to_string(path).map_err(|e| format!("{source}: {e}"))?;
    let recorded: Vec<Value> = serde_json::from_str(&text).map_err(|e| format!("{source}: {e}"))?;
    let mut exchanges = Vec::new();
    for (n, e) in recorded.iter().enumerate() {
        let field = |key: &str| {
            e.get(key)
                .ok_or(format!("{source}: exchange {n}: no {key}"))
        };
        // `rawHeaders` is a flat [name, value, ...] list; `headers` an object.
        let headers: Vec<(String, String)> = match (e.get("rawHeaders"), e.get("headers")) {
            (Some(Value::Array(flat)), _) => flat
                .chunks(2)
                .filter_map(|p| Some((p.first()?.as_str()?.into(), p.get(1)?.as_str()?.into())))
                .collect(),
            (_, Some(Value::Object(map))) => map
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect(),
            _ => Vec::new(),
        };
        let body = match field("response")? {
            Value::String(s) if s.is_empty() => Value::Null,
            v => v.clone(),
        };
        exchanges.push(Exchange {
            source: source.clone(),
            method: field("method")?.as_str().unwrap_or("").to_uppercase(),
            path: field("path")?.as_str().unwrap_or("").to_owned(),
            status: field("status")?.as_u64().unwrap_or(0) as u16,
            captured: date_header(&headers),
            body,
        });
    }
    Ok(exchanges)
}

/// Everything recorded about GitHub repositories, per repository, or about
/// GitLab projects ([`Dataset::gitlab`]).
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// By lowercase canonical name.
    repositories: BTreeMap<String, Repository>,
    /// Lowercase name or alias to the key of `repositories`.
    names: HashMap<String, String>,
    /// Users recorded by `GET /users/{login}`, by lowercase login.
    users: HashMap<String, Value>,
    /// The newest `/rate_limit` body: the shape the mock fills with its counts.
    rate_limit: Option<Value>,
    /// The newest recorded 5xx body (`{"error": "Server Error"}`).
    server_error: Option<Value>,
    /// GitLab projects, by lowercase `path_with_namespace`.
    gitlab: BTreeMap<String, GitLabProject>,
}

/// What was recorded about one repository. Items keep their recorded JSON.
#[derive(Debug, Clone, Default)]
pub struct Repository {
    /// `owner/name`: the recorded `full_name`, except octokit's temporary
    /// scenario repositories, named after their scenario as octokit does.
    pub name: String,
    /// Other names the recordings use for it.
    pub aliases: Vec<String>,
    /// The newest `GET /repos/{o}/{r}` body (or org listing entry), if any.
    pub metadata: Option<Value>,
    /// Issues and pull requests as the issues list gives them, newest number first.
    pub issues: Vec<Value>,
    /// Issue comments, by id.
    pub issue_comments: Vec<Child>,
    /// Pull request review comments, by id.
    pub review_comments: Vec<Child>,
    /// Pull request reviews, by id.
    pub reviews: Vec<Child>,
    /// Pull request objects (`GET .../pulls/{n}` or a pulls list), by number.
    pub pulls: BTreeMap<u64, Value>,
    /// The commits list of a pull request, by number.
    pub pull_commits: BTreeMap<u64, Vec<Value>>,
    /// `{"users": [...], "teams": [...]}` by pull request number: the newest of
    /// the recorded answer and the pull request object's own fields.
    pub requested_reviewers: BTreeMap<u64, Value>,
    /// Releases, by id.
    pub releases: Vec<Value>,
    /// Issue events of the repository-wide shape (with `issue`), by id.
    pub issue_events: Vec<Value>,
    /// Repository events (`/events`), by id.
    pub events: Vec<Value>,
}

/// A recorded item and the number of the issue or pull request it belongs
/// to, when the recordings tell.
#[derive(Debug, Clone)]
pub struct Child {
    /// The issue or pull request number.
    pub parent: Option<u64>,
    /// The item as recorded.
    pub json: Value,
}

/// Whether an issues-list item is a pull request. 2012-era issues all carry
/// `"pull_request": {"html_url": null, ...}`, so the key alone says nothing.
pub fn is_pull_request(issue: &Value) -> bool {
    let pr = &issue["pull_request"];
    !pr["html_url"].is_null() || !pr["url"].is_null()
}

impl Dataset {
    /// Everything recorded about GitHub repositories, assembled per repository
    /// from the octokit raw `paginate-issues` recording (13 issues; metadata
    /// from the 201 repository body) and the PyGithub recordings: for
    /// PyGithub/PyGithub, metadata from the newest capture; issues from the
    /// 2024 `GraphQl.testPaginationAndRestIntegration` REST page, the 2012
    /// `Repository.testGetIssues` list and the 2025 capture of issue 28,
    /// deduplicated by id, newest capture winning; issue comments
    /// (`Repository.testGetIssuesComments` and its variants, the per-issue
    /// lists), review comments (`Repository.testGetPullsComments`,
    /// `PullRequest.testGetReviewComments`), reviews of PR 538, pull request
    /// objects, commits and review requests of PR 31, issue and repository
    /// events; releases recorded for any repository (single objects), grouped
    /// by their repository; the metadata of the forks, of danvk/comparea and
    /// of BeaverSoftware's listing; openFrameworks' one complete issues page.
    ///
    /// Panics with the file's name when a recording cannot be read.
    pub fn github(shared_data: &Path) -> Dataset {
        let fixtures = shared_data.join("api-fixtures");
        let mut recorded = Vec::new();
        for (dir, suffix) in [
            ("octokit-fixtures", ".raw-fixture.json"),
            ("pygithub-replaydata", ".txt"),
        ] {
            for path in sorted_files(&fixtures.join(dir), suffix) {
                let exchanges = if suffix == ".txt" {
                    read_pygithub(&path)
                } else {
                    read_octokit(&path)
                };
                let scenario = file_name(&path).strip_suffix(suffix).map(str::to_owned);
                let scenario = scenario.filter(|_| dir == "octokit-fixtures");
                for e in exchanges.unwrap_or_else(|e| panic!("{}: {e}", path.display())) {
                    recorded.push((e, scenario.clone()));
                }
            }
        }
        let mut builder = Builder::default();
        for (seq, (e, scenario)) in recorded.iter().enumerate() {
            builder.metadata((e.captured, seq), e, scenario.as_deref());
        }
        for (seq, (e, scenario)) in recorded.iter().enumerate() {
            builder.item((e.captured, seq), e, scenario.as_deref());
        }
        builder.finish()
    }

    /// The repositories, `owner/name`, sorted.
    pub fn repositories(&self) -> Vec<String> {
        self.repositories.values().map(|r| r.name.clone()).collect()
    }

    /// A repository by name or alias, case-insensitively.
    pub fn repository(&self, name: &str) -> Option<&Repository> {
        let key = self.names.get(&name.to_lowercase())?;
        self.repositories.get(key)
    }

    /// A repository by its GitHub id (the `/repositories/{id}` alias).
    pub fn repository_by_id(&self, id: u64) -> Option<&Repository> {
        self.repositories.values().find(|r| r.id() == Some(id))
    }

    /// The repositories whose owner is `owner`, case-insensitively, with
    /// metadata (what `/orgs/{owner}/repos` lists).
    pub fn repositories_of(&self, owner: &str) -> Vec<&Repository> {
        self.repositories
            .values()
            .filter(|r| r.metadata.is_some() && r.owner().eq_ignore_ascii_case(owner))
            .collect()
    }

    /// Issues and pull requests the issues list serves for `repo` (0 if unknown).
    pub fn issue_count(&self, repo: &str) -> usize {
        self.repository(repo).map_or(0, |r| r.issues.len())
    }

    /// Pull requests among them.
    pub fn pull_request_count(&self, repo: &str) -> usize {
        self.repository(repo).map_or(0, |r| {
            r.issues.iter().filter(|i| is_pull_request(i)).count()
        })
    }

    /// Issue comments served by `/repos/{repo}/issues/comments`.
    pub fn issue_comment_count(&self, repo: &str) -> usize {
        self.repository(repo).map_or(0, |r| r.issue_comments.len())
    }

    /// Review comments served by `/repos/{repo}/pulls/comments`.
    pub fn review_comment_count(&self, repo: &str) -> usize {
        self.repository(repo).map_or(0, |r| r.review_comments.len())
    }

    /// Reviews of pull request `number`.
    pub fn review_count(&self, repo: &str, number: u64) -> usize {
        self.repository(repo)
            .map_or(0, |r| r.children(&r.reviews, number).count())
    }

    /// Releases served by `/repos/{repo}/releases`.
    pub fn release_count(&self, repo: &str) -> usize {
        self.repository(repo).map_or(0, |r| r.releases.len())
    }

    /// A user recorded by `GET /users/{login}`.
    pub fn user(&self, login: &str) -> Option<&Value> {
        self.users.get(&login.to_lowercase())
    }

    /// The newest recorded `/rate_limit` body.
    pub fn rate_limit_shape(&self) -> Option<&Value> {
        self.rate_limit.as_ref()
    }

    /// The newest recorded server-error body.
    pub fn server_error(&self) -> Option<&Value> {
        self.server_error.as_ref()
    }
}

impl Repository {
    /// The GitHub id, from the metadata.
    pub fn id(&self) -> Option<u64> {
        self.metadata.as_ref()?.get("id")?.as_u64()
    }

    /// The owner's login.
    pub fn owner(&self) -> &str {
        self.name.split('/').next().unwrap_or_default()
    }

    /// The issue or pull request `number` of the issues list.
    pub fn issue(&self, number: u64) -> Option<&Value> {
        self.issues
            .iter()
            .find(|i| i["number"].as_u64() == Some(number))
    }

    /// Whether `number` is a known issue or pull request.
    pub fn has_issue(&self, number: u64) -> bool {
        self.issue(number).is_some() || self.has_pull(number)
    }

    /// Whether `number` is a known pull request.
    pub fn has_pull(&self, number: u64) -> bool {
        self.pulls.contains_key(&number)
            || self.issue(number).is_some_and(is_pull_request)
            || self.children(&self.reviews, number).next().is_some()
    }

    /// The items of `list` that belong to `number`.
    pub fn children<'a>(&self, list: &'a [Child], number: u64) -> impl Iterator<Item = &'a Value> {
        list.iter()
            .filter(move |c| c.parent == Some(number))
            .map(|c| &c.json)
    }
}

/// When an item was captured: its answer's `Date`, then its exchange's order.
type Rank = (i64, usize);

/// Items keyed by id, each its newest capture, with the parent number its
/// recording's path gave.
#[derive(Debug, Default)]
struct Pool(HashMap<u64, (Rank, Value, Option<u64>)>);

impl Pool {
    fn add(&mut self, rank: Rank, item: &Value, parent: Option<u64>) {
        // The events API gives ids as strings.
        let id = match &item["id"] {
            Value::String(s) => s.parse().ok(),
            id => id.as_u64(),
        };
        let Some(id) = id else {
            return;
        };
        match self.0.get_mut(&id) {
            Some(old) if old.0 > rank => old.2 = old.2.or(parent),
            Some(old) => *old = (rank, item.clone(), parent.or(old.2)),
            None => {
                self.0.insert(id, (rank, item.clone(), parent));
            }
        }
    }

    fn into_children(self) -> Vec<Child> {
        let mut items: Vec<(u64, Child)> = (self.0.into_iter())
            .map(|(id, (_, json, parent))| (id, Child { parent, json }))
            .collect();
        items.sort_by_key(|(id, _)| *id);
        items.into_iter().map(|(_, c)| c).collect()
    }

    fn into_values(self) -> Vec<Value> {
        self.into_children().into_iter().map(|c| c.json).collect()
    }
}

fn keep_newest<T>(slot: &mut Option<(Rank, T)>, rank: Rank, value: T) {
    if slot.as_ref().is_none_or(|(old, _)| *old <= rank) {
        *slot = Some((rank, value));
    }
}

#[derive(Debug, Default)]
struct RepoBuilder {
    name: String,
    aliases: Vec<String>,
    metadata: Option<(Rank, Value)>,
    issues: Pool,
    issue_comments: Pool,
    review_comments: Pool,
    reviews: Pool,
    pulls: HashMap<u64, Option<(Rank, Value)>>,
    commits: HashMap<u64, Option<(Rank, Vec<Value>)>>,
    requested: HashMap<u64, Option<(Rank, Value)>>,
    releases: Pool,
    issue_events: Pool,
    events: Pool,
}

#[derive(Debug, Default)]
struct Builder {
    repos: BTreeMap<String, RepoBuilder>,
    names: HashMap<String, String>,
    ids: HashMap<u64, String>,
    users: HashMap<String, Option<(Rank, Value)>>,
    rate_limit: Option<(Rank, Value)>,
    server_error: Option<(Rank, Value)>,
}

/// octokit records in a temporary repository, `tmp-scenario-<scenario>-<stamp>`,
/// which its normaliser renames to the scenario: so does the dataset.
fn canonical(full_name: &str, scenario: Option<&str>) -> String {
    let (owner, name) = full_name.split_once('/').unwrap_or((full_name, ""));
    match scenario {
        Some(s) if name.starts_with(&format!("tmp-scenario-{s}-")) => format!("{owner}/{s}"),
        _ => full_name.to_owned(),
    }
}

impl Builder {
    /// The key of the repository a recording names `recorded`, created if new.
    fn key(&mut self, recorded: &str, scenario: Option<&str>) -> String {
        if let Some(key) = self.names.get(&recorded.to_lowercase()) {
            return key.clone();
        }
        let name = canonical(recorded, scenario);
        let key =
            (self.names.get(&name.to_lowercase()).cloned()).unwrap_or_else(|| name.to_lowercase());
        let repo = self.repos.entry(key.clone()).or_default();
        if repo.name.is_empty() {
            repo.name = name.clone();
        }
        self.alias(&key, &name);
        self.alias(&key, recorded);
        key
    }

    fn alias(&mut self, key: &str, name: &str) {
        self.names.insert(name.to_lowercase(), key.to_owned());
        let repo = self.repos.entry(key.to_owned()).or_default();
        let known = repo.name.eq_ignore_ascii_case(name)
            || repo.aliases.iter().any(|a| a.eq_ignore_ascii_case(name));
        if !known {
            repo.aliases.push(name.to_owned());
        }
    }

    /// First pass: metadata, so that `/repositories/{id}` paths resolve.
    fn metadata(&mut self, rank: Rank, e: &Exchange, scenario: Option<&str>) {
        let path = e.path.split('?').next().unwrap_or_default();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let listed: Vec<&Value> = match (e.method.as_str(), e.status, segments.as_slice()) {
            ("GET", 200, ["repos", _, _]) => vec![&e.body],
            ("GET", 200, ["orgs", _, "repos"]) => e.body.as_array().into_iter().flatten().collect(),
            // octokit's scenario creates its repository: the only recording of it.
            ("POST", 201, ["orgs", _, "repos"]) => vec![&e.body],
            _ => return,
        };
        for repo in listed {
            let Some(full_name) = repo["full_name"].as_str() else {
                continue;
            };
            let key = self.key(full_name, scenario);
            if let ["repos", owner, name] = segments.as_slice() {
                // A renamed repository answers under its old path too.
                self.alias(&key, &format!("{owner}/{name}"));
            }
            if let Some(id) = repo["id"].as_u64() {
                self.ids.insert(id, key.clone());
            }
            let built = self.repos.entry(key).or_default();
            keep_newest(&mut built.metadata, rank, repo.clone());
        }
    }

    /// Second pass: every other recorded GET answer the mock serves.
    fn item(&mut self, rank: Rank, e: &Exchange, scenario: Option<&str>) {
        if e.method != "GET" {
            return;
        }
        let path = e.path.split('?').next().unwrap_or_default();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        if e.status >= 500 && e.body.is_object() {
            keep_newest(&mut self.server_error, rank, e.body.clone());
        }
        if e.status != 200 {
            return;
        }
        let (repo, rest): (&mut RepoBuilder, &[&str]) = match segments.as_slice() {
            ["rate_limit"] => return keep_newest(&mut self.rate_limit, rank, e.body.clone()),
            ["users", login] => {
                let slot = self.users.entry(login.to_lowercase()).or_default();
                return keep_newest(slot, rank, e.body.clone());
            }
            ["repos", owner, name, rest @ ..] => {
                let key = self.key(&format!("{owner}/{name}"), scenario);
                (self.repos.entry(key).or_default(), rest)
            }
            ["repositories", id, rest @ ..] => {
                let Some(key) = id.parse().ok().and_then(|id: u64| self.ids.get(&id)) else {
                    return;
                };
                (self.repos.entry(key.clone()).or_default(), rest)
            }
            _ => return,
        };
        let number = |s: &str| s.parse::<u64>().ok();
        let list = || e.body.as_array().into_iter().flatten();
        match rest {
            ["issues"] => list()
                .filter(|i| i.get("number").is_some())
                .for_each(|i| repo.issues.add(rank, i, None)),
            ["issues", n] if number(n).is_some() => repo.issues.add(rank, &e.body, None),
            ["issues", "comments"] => list().for_each(|c| repo.issue_comments.add(rank, c, None)),
            ["issues", n, "comments"] => {
                list().for_each(|c| repo.issue_comments.add(rank, c, number(n)))
            }
            ["issues", "events"] => list().for_each(|v| repo.issue_events.add(rank, v, None)),
            ["issues", "events", _] => repo.issue_events.add(rank, &e.body, None),
            ["pulls"] => list().for_each(|pr| {
                if let Some(n) = pr["number"].as_u64() {
                    keep_newest(repo.pulls.entry(n).or_default(), rank, pr.clone());
                }
            }),
            ["pulls", "comments"] => list().for_each(|c| repo.review_comments.add(rank, c, None)),
            ["pulls", n] => {
                if let Some(n) = number(n) {
                    keep_newest(repo.pulls.entry(n).or_default(), rank, e.body.clone());
                }
            }
            ["pulls", n, "comments"] => {
                list().for_each(|c| repo.review_comments.add(rank, c, number(n)))
            }
            ["pulls", n, "reviews"] => list().for_each(|r| repo.reviews.add(rank, r, number(n))),
            ["pulls", n, "reviews", _] => repo.reviews.add(rank, &e.body, number(n)),
            ["pulls", n, "commits"] => {
                if let Some(n) = number(n) {
                    let commits = list().cloned().collect();
                    keep_newest(repo.commits.entry(n).or_default(), rank, commits);
                }
            }
            ["pulls", n, "requested_reviewers"] => {
                if let Some(n) = number(n) {
                    keep_newest(repo.requested.entry(n).or_default(), rank, e.body.clone());
                }
            }
            ["releases"] => list().for_each(|r| repo.releases.add(rank, r, None)),
            ["releases", rest @ ..] if rest.last() != Some(&"assets") => {
                repo.releases.add(rank, &e.body, None)
            }
            ["events"] => list().for_each(|v| repo.events.add(rank, v, None)),
            _ => {}
        }
    }

    fn finish(self) -> Dataset {
        let mut repositories = BTreeMap::new();
        for (key, b) in self.repos {
            let mut issues = b.issues.into_values();
            issues.sort_by_key(|i| std::cmp::Reverse(i["number"].as_u64()));
            // 2012 comments name their issue by id (`.../issues/4356743`),
            // later ones by number.
            let by_id: HashMap<u64, u64> = (issues.iter())
                .filter_map(|i| Some((i["id"].as_u64()?, i["number"].as_u64()?)))
                .collect();
            let issue_of = |url: &str| {
                let n = url.rsplit('/').next()?.parse::<u64>().ok()?;
                by_id
                    .get(&n)
                    .copied()
                    .or(issues.iter().any(|i| i["number"] == n).then_some(n))
            };
            let mut issue_comments = b.issue_comments.into_children();
            for c in &mut issue_comments {
                c.parent = pointer_str(&c.json, "/issue_url")
                    .and_then(issue_of)
                    .or(c.parent);
            }
            let mut review_comments = b.review_comments.into_children();
            let mut reviews = b.reviews.into_children();
            for c in review_comments.iter_mut().chain(reviews.iter_mut()) {
                let url = pointer_str(&c.json, "/pull_request_url")
                    .or_else(|| pointer_str(&c.json, "/_links/pull_request/href"));
                let number = url.and_then(|u| u.rsplit('/').next()?.parse().ok());
                c.parent = number.or(c.parent);
            }

            let pulls: BTreeMap<u64, (Rank, Value)> = b
                .pulls
                .into_iter()
                .filter_map(|(n, v)| Some((n, v?)))
                .collect();
            // Review requests: the newest of the recorded answer and the
            // pull request object's own fields.
            let mut requested = BTreeMap::new();
            for (n, (rank, pr)) in &pulls {
                let mut slot = b.requested.get(n).cloned().flatten();
                if let Some(users) = pr.get("requested_reviewers") {
                    let teams = pr
                        .get("requested_teams")
                        .cloned()
                        .unwrap_or(Value::Array(vec![]));
                    let derived = serde_json::json!({ "users": users, "teams": teams });
                    keep_newest(&mut slot, *rank, derived);
                }
                if let Some((_, v)) = slot {
                    requested.insert(*n, v);
                }
            }
            for (n, slot) in b.requested {
                if let (false, Some((_, v))) = (requested.contains_key(&n), slot) {
                    requested.insert(n, v);
                }
            }
            let repo = Repository {
                name: b.name,
                aliases: b.aliases,
                metadata: b.metadata.map(|(_, v)| v),
                issues,
                issue_comments,
                review_comments,
                reviews,
                pulls: pulls.into_iter().map(|(n, (_, v))| (n, v)).collect(),
                pull_commits: (b.commits.into_iter())
                    .filter_map(|(n, v)| Some((n, v?.1)))
                    .collect(),
                requested_reviewers: requested,
                releases: b.releases.into_values(),
                issue_events: (b.issue_events.into_values().into_iter())
                    .filter(|v| v.get("issue").is_some())
                    .collect(),
                events: b.events.into_values(),
            };
            repositories.insert(key, repo);
        }
        let mut names = self.names;
        for (key, repo) in &repositories {
            names.insert(repo.name.to_lowercase(), key.clone());
        }
        Dataset {
            repositories,
            names,
            users: (self.users.into_iter())
                .filter_map(|(login, v)| Some((login, v?.1)))
                .collect(),
            rate_limit: self.rate_limit.map(|(_, v)| v),
            server_error: self.server_error.map(|(_, v)| v),
            gitlab: BTreeMap::new(),
        }
    }
}

fn pointer_str<'a>(json: &'a Value, pointer: &str) -> Option<&'a str> {
    json.pointer(pointer)?.as_str()
}

fn sorted_files(dir: &Path, suffix: &str) -> Vec<std::path::PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<_> = (entries.filter_map(Result::ok))
        .map(|e| e.path())
        .filter(|p| file_name(p).ends_with(suffix))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

fn date_header(headers: &[(String, String)]) -> i64 {
    headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("date"))
        .and_then(|(_, v)| chrono::DateTime::parse_from_rfc2822(v).ok())
        .map_or(0, |d| d.timestamp())
}

/// Parses a Python list of string pairs, `[('etag', 'W/"0a"'), ("k", "v")]`,
/// or `''` (no headers). Not JSON: both quote styles occur, with escapes.
fn python_pairs(line: &str) -> Result<Vec<(String, String)>, String> {
    if line.trim() == "''" {
        return Ok(Vec::new());
    }
    let mut strings = Vec::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '[' | ']' | '(' | ')' | ',' | ' ' => {}
            '\'' | '"' => {
                let mut s = String::new();
                loop {
                    match chars.next().ok_or("unterminated string")? {
                        q if q == c => break,
                        '\\' => match chars.next().ok_or("unterminated escape")? {
                            'n' => s.push('\n'),
                            't' => s.push('\t'),
                            'r' => s.push('\r'),
                            e @ ('x' | 'u') => {
                                let digits = if e == 'x' { 2 } else { 4 };
                                let hex: String = chars.by_ref().take(digits).collect();
                                let code = u32::from_str_radix(&hex, 16)
                                    .map_err(|_| format!("bad escape \\{e}{hex}"))?;
                                s.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            }
                            other => s.push(other),
                        },
                        ch => s.push(ch),
                    }
                }
                strings.push(s);
            }
            other => return Err(format!("unexpected {other:?} in a header list")),
        }
    }
    if strings.len() % 2 != 0 {
        return Err("an odd number of strings in a header list".into());
    }
    Ok(strings
        .chunks(2)
        .map(|p| (p[0].clone(), p[1].clone()))
        .collect())
}
