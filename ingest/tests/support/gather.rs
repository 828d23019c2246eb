//! Gathers recorded exchanges into repositories: which repository each
//! answer is about (PyGithub's pages name some by `/repositories/{id}`,
//! and octokit records in a temporary repository named after its
//! scenario), and each item's newest capture.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{id, Exchange, Repository};

/// Items by id, each with its pull request's number when the path gave
/// it. The exchanges come oldest first: a newer capture replaces an older.
#[derive(Default)]
struct Pool(BTreeMap<u64, (Option<u64>, Value)>);

impl Pool {
    fn add(&mut self, item: &Value, parent: Option<u64>) {
        if let Some(id) = id(item) {
            self.0.insert(id, (parent, item.clone()));
        }
    }

    fn into_values(self) -> Vec<Value> {
        self.0.into_values().map(|(_, v)| v).collect()
    }
}

#[derive(Default)]
struct Gathered {
    name: String,
    metadata: Option<Value>,
    issues: Pool,
    issue_comments: Pool,
    review_comments: Pool,
    reviews: Pool,
    releases: Pool,
    issue_events: Pool,
    events: Pool,
}

#[derive(Default)]
struct Gatherer {
    repositories: BTreeMap<String, Gathered>,
    ids: HashMap<u64, String>,
}

/// The repositories the exchanges tell of.
pub(super) fn gather(exchanges: &[Exchange]) -> BTreeMap<String, Repository> {
    let mut g = Gatherer::default();
    // Metadata first, so that `/repositories/{id}` paths resolve.
    exchanges.iter().for_each(|e| g.metadata(e));
    exchanges.iter().for_each(|e| g.item(e));
    (g.repositories.into_iter())
        .map(|(key, r)| {
            let reviews = (r.reviews.0.into_values())
                .filter_map(|(parent, review)| Some((pull_request_of(&review).or(parent)?, review)))
                .collect();
            let repository = Repository {
                name: r.name,
                metadata: r.metadata,
                issues: r.issues.into_values(),
                issue_comments: r.issue_comments.into_values(),
                review_comments: r.review_comments.into_values(),
                reviews,
                releases: r.releases.into_values(),
                issue_events: (r.issue_events.into_values().into_iter())
                    .filter(|v| v.get("issue").is_some())
                    .collect(),
                events: r.events.into_values(),
            };
            (key, repository)
        })
        .collect()
}

/// The number of a review's pull request, from its own URLs.
fn pull_request_of(review: &Value) -> Option<u64> {
    let url = (review["pull_request_url"].as_str())
        .or_else(|| review.pointer("/_links/pull_request/href")?.as_str())?;
    url.rsplit('/').next()?.parse().ok()
}

fn segments(path: &str) -> Vec<&str> {
    let path = path.split('?').next().unwrap_or_default();
    path.trim_matches('/').split('/').collect()
}

impl Gatherer {
    /// The key of the repository the recordings call `recorded`, made if
    /// new: its lowercase name, octokit's scenario for its temporary one.
    fn key(&mut self, recorded: &str, scenario: Option<&str>) -> String {
        let (owner, name) = recorded.split_once('/').unwrap_or((recorded, ""));
        let name = match scenario {
            Some(s) if name.starts_with(&format!("tmp-scenario-{s}-")) => format!("{owner}/{s}"),
            _ => recorded.to_owned(),
        };
        let gathered = self.repositories.entry(name.to_lowercase()).or_default();
        if gathered.name.is_empty() {
            gathered.name = name.clone();
        }
        name.to_lowercase()
    }

    fn metadata(&mut self, e: &Exchange) {
        let segments = segments(&e.path);
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
            let key = self.key(full_name, e.scenario.as_deref());
            if let Some(id) = repo["id"].as_u64() {
                self.ids.insert(id, key.clone());
            }
            self.repositories.entry(key).or_default().metadata = Some(repo.clone());
        }
    }

    fn item(&mut self, e: &Exchange) {
        if e.method != "GET" || e.status != 200 {
            return;
        }
        let segments = segments(&e.path);
        let key = match segments.as_slice() {
            ["repos", owner, name, ..] => {
                self.key(&format!("{owner}/{name}"), e.scenario.as_deref())
            }
            ["repositories", id, ..] => match id.parse().ok().and_then(|id| self.ids.get(&id)) {
                Some(key) => key.clone(),
                None => return,
            },
            _ => return,
        };
        let skip = if segments[0] == "repos" { 3 } else { 2 };
        let r = self.repositories.entry(key).or_default();
        let list = || e.body.as_array().into_iter().flatten();
        let number = |s: &str| s.parse::<u64>().ok();
        match &segments[skip..] {
            ["issues"] => list()
                .filter(|i| i.get("number").is_some())
                .for_each(|i| r.issues.add(i, None)),
            ["issues", n] if number(n).is_some() => r.issues.add(&e.body, None),
            ["issues", "comments"] | ["issues", _, "comments"] => {
                list().for_each(|c| r.issue_comments.add(c, None))
            }
            ["issues", "events"] => list().for_each(|v| r.issue_events.add(v, None)),
            ["issues", "events", _] => r.issue_events.add(&e.body, None),
            ["pulls", "comments"] | ["pulls", _, "comments"] => {
                list().for_each(|c| r.review_comments.add(c, None))
            }
            ["pulls", n, "reviews"] => list().for_each(|v| r.reviews.add(v, number(n))),
            ["pulls", n, "reviews", _] => r.reviews.add(&e.body, number(n)),
            ["releases"] => list().for_each(|v| r.releases.add(v, None)),
            ["releases", rest @ ..] if rest.last() != Some(&"assets") => {
                r.releases.add(&e.body, None)
            }
            ["events"] => list().for_each(|v| r.events.add(v, None)),
            _ => {}
        }
    }
}
