//! The GitLab REST API (v4) of the mock forge, under `/api/v4`, serving the
//! GitLab projects of a [`Dataset`] (see `gitlab_fixtures.rs` for what was
//! recorded and its oddities).
//!
//! A project is named by its numeric id (36528) or its path with the slash
//! encoded (`fdroid%2Ffdroiddata`), as GitLab wants it. Lists are paged,
//! filtered and sorted by the mock, with GitLab's pagination headers
//! (`Link` with prev/next/first/last, `X-Page`, `X-Per-Page`,
//! `X-Next-Page`, `X-Prev-Page`, `X-Total`, `X-Total-Pages`) and rate
//! headers (`RateLimit-*`). The `Link` URLs repeat the request's parameters
//! (first occurrence of each) and the path's `id`, sorted by name as GitLab
//! does: `page` is never the first parameter, which Perceval relies on
//! (`last_url.split('&page=')`).
//!
//! Error bodies are synthetic, in GitLab's shapes: `{"message": "404 Project
//! Not Found"}`, `{"message": "404 Not found"}` (a missing issue, merge
//! request, note or version), `{"error": "404 Not Found"}` (no such route),
//! `{"message": "401 Unauthorized"}`, and for a spent rate limit GitLab.com's
//! plain-text `429 Retry later`.

use serde_json::{json, Value};

use super::{field_instant, percent_encode, Dataset, Fault, GitLabProject, Noteable, Query, Reply};

/// GitLab.com's limit for authenticated API requests (a minute there; the
/// mock's window is the hour of [`super::Shared::reset`] and never refills).
pub(super) const LIMIT: u32 = 2000;

/// The prefix every GitLab route is served under.
pub(super) const PREFIX: &str = "/api/v4";

/// Whether `path` is a GitLab route.
pub(super) fn is_gitlab(path: &str) -> bool {
    path.strip_prefix(PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Recorded API URLs (`https://gitlab.com/api/v4`; the project's `_links` use
/// `http://`) pointed at the mock (`base`, ending with `/api/v4`). Web URLs
/// (`https://gitlab.com/fdroid/...`) stay as recorded.
pub(super) fn rewrite(text: &str, base: &str) -> String {
    text.replace("https://gitlab.com/api/v4", base)
        .replace("http://gitlab.com/api/v4", base)
}

/// GitLab's rate headers: `RateLimit-Limit`, `-Observed`, `-Remaining`,
/// `-Reset` (epoch seconds) and `-ResetTime` (an HTTP date).
pub(super) fn rate_headers(
    status: u16,
    used: u32,
    reset: u64,
    etag: &str,
) -> axum::http::response::Builder {
    let reset_time = chrono::DateTime::from_timestamp(i64::try_from(reset).unwrap_or(0), 0)
        .map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or_default();
    axum::http::Response::builder()
        .status(status)
        .header("etag", etag)
        .header("ratelimit-limit", LIMIT.to_string())
        .header("ratelimit-observed", used.to_string())
        .header(
            "ratelimit-remaining",
            LIMIT.saturating_sub(used).to_string(),
        )
        .header("ratelimit-reset", reset.to_string())
        .header("ratelimit-resettime", reset_time)
}

/// A recorded list, to page.
fn recorded(list: Option<&Vec<Value>>) -> Option<Vec<&Value>> {
    list.map(|l| l.iter().collect())
}

fn message(status: u16, message: &str) -> Reply {
    Reply::status(status, &json!({ "message": message }))
}

/// `{"error": "404 Not Found"}`: GitLab's answer to a route it does not have.
pub(super) fn no_route() -> Reply {
    Reply::status(404, &json!({"error": "404 Not Found"}))
}

/// `{"message": "404 Not found"}`: a missing issue, merge request, note...
fn not_found() -> Reply {
    message(404, "404 Not found")
}

fn project_not_found() -> Reply {
    message(404, "404 Project Not Found")
}

/// The body of an injected error on a GitLab path, in GitLab's shape
/// (synthetic: no GitLab error was recorded).
pub(super) fn fault_reply(fault: &Fault) -> Reply {
    let reason = |status: u16| {
        (axum::http::StatusCode::from_u16(status).ok())
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error")
    };
    match fault {
        Fault::Status { status, .. } => message(*status, &format!("{status} {}", reason(*status))),
        // GitLab.com's throttle (Rack::Attack): 429, plain text.
        Fault::RateLimitExhausted { .. } | Fault::RetryAfter { status: 429, .. } => Reply {
            content_type: "text/plain",
            ..Reply::bytes(429, b"Retry later\n".to_vec())
        },
        Fault::RetryAfter { status, .. } => {
            message(*status, &format!("{status} {}", reason(*status)))
        }
        Fault::Unauthorized { .. } => message(401, "401 Unauthorized"),
        Fault::NotFound { .. } | Fault::DropMidBody { .. } | Fault::Malformed { .. } => {
            project_not_found()
        }
    }
}

/// The routes of the GitLab API the dataset answers.
pub(super) struct Routes<'a> {
    pub dataset: &'a Dataset,
    pub query: &'a Query,
    /// The requested URL without its query, on the mock's origin, the
    /// project's `%2F` kept.
    pub page_url: &'a str,
}

impl Routes<'_> {
    /// `segments`: the path after `/api/v4`, each percent-decoded (so
    /// `fdroid%2Ffdroiddata` is one segment, `fdroid/fdroiddata`).
    pub fn route(&self, segments: &[&str]) -> Reply {
        match segments {
            ["groups", group, "projects"] => self.group_projects(group),
            ["projects", id, rest @ ..] => match self.dataset.gitlab_project(id) {
                Some(project) => self.project(project, id, rest),
                None => project_not_found(),
            },
            _ => no_route(),
        }
    }

    /// The dataset's projects whose namespace is `group` (its `full_path`
    /// or numeric id), and with `include_subgroups=true` those of its
    /// subgroups. `order_by` created_at (default), id, name, path,
    /// updated_at, last_activity_at; `sort` desc by default; `archived`.
    fn group_projects(&self, group: &str) -> Reply {
        let all: Vec<&GitLabProject> = self.dataset.gitlab_all().collect();
        let path = match group.parse::<u64>() {
            Ok(id) => all
                .iter()
                .find(|p| p.namespace_id() == Some(id))
                .map(|p| p.namespace().to_owned()),
            Err(_) => Some(group.to_owned()),
        };
        let Some(path) = path.filter(|path| {
            let prefix = format!("{}/", path.to_lowercase());
            all.iter().any(|p| {
                let ns = p.namespace().to_lowercase();
                ns == path.to_lowercase() || ns.starts_with(&prefix)
            })
        }) else {
            return message(404, "404 Group Not Found");
        };
        let subgroups = self.query.get("include_subgroups") == Some("true");
        let prefix = format!("{}/", path.to_lowercase());
        let mut projects: Vec<&Value> = (all.into_iter())
            .filter(|p| {
                let ns = p.namespace().to_lowercase();
                ns == path.to_lowercase() || (subgroups && ns.starts_with(&prefix))
            })
            .filter(|p| match self.query.get("archived") {
                Some(archived) => p.metadata["archived"].as_bool() == Some(archived == "true"),
                None => true,
            })
            .map(|p| &p.metadata)
            .collect();
        let order = self.query.get("order_by").unwrap_or("created_at");
        let key = |p: &Value| match order {
            "id" => (0, String::new(), p["id"].as_u64()),
            "name" | "path" => (
                0,
                p[order].as_str().unwrap_or("").to_lowercase(),
                p["id"].as_u64(),
            ),
            "updated_at" | "last_activity_at" => {
                (field_instant(p, order), String::new(), p["id"].as_u64())
            }
            _ => (
                field_instant(p, "created_at"),
                String::new(),
                p["id"].as_u64(),
            ),
        };
        projects.sort_by_key(|p| key(p));
        if self.query.get("sort") != Some("asc") {
            projects.reverse();
        }
        self.page(projects, group)
    }

    fn project(&self, project: &GitLabProject, id: &str, rest: &[&str]) -> Reply {
        let number = |s: &str| s.parse::<u64>().ok();
        match rest {
            [] => Reply::json(&project.metadata),
            ["issues"] => self.items(&project.issues, id),
            ["merge_requests"] => match self.query.get("view") {
                Some("simple") => self.items(&project.merge_request_list, id),
                _ => self.items(&project.merge_requests, id),
            },
            ["releases"] => self.page(Vec::new(), id),
            [kind, iid, tail @ ..] => {
                let Some(kind) = Noteable::from_segment(kind) else {
                    return no_route();
                };
                let Some(iid) = number(iid).filter(|n| project.item(kind, *n).is_some()) else {
                    return not_found();
                };
                self.item(project, id, kind, iid, tail)
            }
            _ => no_route(),
        }
    }

    fn item(
        &self,
        project: &GitLabProject,
        id: &str,
        kind: Noteable,
        iid: u64,
        tail: &[&str],
    ) -> Reply {
        let number = |s: &str| s.parse::<u64>().ok();
        let notes = project.notes.get(&(kind, iid));
        let note = |n: &str| {
            let n = number(n)?;
            notes?.iter().find(|note| note["id"].as_u64() == Some(n))
        };
        let mr = kind == Noteable::MergeRequest;
        match tail {
            [] => project.item(kind, iid).map_or_else(not_found, Reply::json),
            ["notes"] => match recorded(notes) {
                Some(notes) => self.notes(notes, id),
                None => not_found(),
            },
            ["notes", n] => note(n).map_or_else(not_found, Reply::json),
            ["notes", n, "award_emoji"] => {
                let awards = note(n).and_then(|note| {
                    let key = (kind, iid, note["id"].as_u64()?);
                    recorded(project.note_award_emoji.get(&key))
                });
                awards.map_or_else(not_found, |a| self.page(a, id))
            }
            ["award_emoji"] => recorded(project.award_emoji.get(&(kind, iid)))
                .map_or_else(not_found, |a| self.page(a, id)),
            ["versions"] if mr => {
                recorded(project.versions.get(&iid)).map_or_else(not_found, |v| self.page(v, id))
            }
            ["versions", v] if mr => number(v)
                .and_then(|v| project.version_details.get(&(iid, v)))
                .map_or_else(not_found, Reply::json),
            ["commits"] if mr => {
                recorded(project.commits.get(&iid)).map_or_else(not_found, |c| self.page(c, id))
            }
            _ => no_route(),
        }
    }

    /// Issues or merge requests: `state` (all by default; opened, closed,
    /// merged, locked), `updated_after`/`updated_before`/`created_after`/
    /// `created_before` (inclusive), `labels` (comma-separated, all
    /// required), `order_by` created_at (default) or updated_at, `sort` desc
    /// by default.
    fn items(&self, list: &[Value], id: &str) -> Reply {
        let state = self.query.get("state").unwrap_or("all");
        let bound = |key: &str| self.query.instant(key);
        let (updated_after, updated_before) = (bound("updated_after"), bound("updated_before"));
        let (created_after, created_before) = (bound("created_after"), bound("created_before"));
        let labels: Vec<&str> = (self.query.get("labels").unwrap_or(""))
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut items: Vec<&Value> = (list.iter())
            .filter(|i| state == "all" || i["state"] == state)
            .filter(|i| {
                let (updated, created) = (
                    field_instant(i, "updated_at"),
                    field_instant(i, "created_at"),
                );
                updated_after.is_none_or(|t| updated >= t)
                    && updated_before.is_none_or(|t| updated <= t)
                    && created_after.is_none_or(|t| created >= t)
                    && created_before.is_none_or(|t| created <= t)
            })
            .filter(|i| {
                labels
                    .iter()
                    .all(|l| (i["labels"].as_array().into_iter().flatten()).any(|x| x == l))
            })
            .collect();
        let field = match self.query.get("order_by") {
            Some("updated_at") => "updated_at",
            _ => "created_at",
        };
        items.sort_by_key(|i| (field_instant(i, field), i["id"].as_u64()));
        if self.query.get("sort") != Some("asc") {
            items.reverse();
        }
        self.page(items, id)
    }

    /// Notes: `order_by` created_at (default) or updated_at, `sort` desc by
    /// default.
    fn notes(&self, mut notes: Vec<&Value>, id: &str) -> Reply {
        let field = match self.query.get("order_by") {
            Some("updated_at") => "updated_at",
            _ => "created_at",
        };
        notes.sort_by_key(|n| (field_instant(n, field), n["id"].as_u64()));
        if self.query.get("sort") != Some("asc") {
            notes.reverse();
        }
        self.page(notes, id)
    }

    /// One page of `items` (`per_page` 20 by default, at most 100), with
    /// GitLab's pagination headers. `id` is the path's project or group id,
    /// which GitLab repeats in its `Link` URLs.
    fn page(&self, items: Vec<&Value>, id: &str) -> Reply {
        let per_page = match self.query.get("per_page").and_then(|p| p.parse().ok()) {
            Some(0) | None => 20,
            Some(n) => usize::min(n, 100),
        };
        let page: usize = (self.query.get("page").and_then(|p| p.parse().ok()))
            .unwrap_or(1)
            .max(1);
        let total = items.len();
        let pages = total.div_ceil(per_page).max(1);
        let start = (page - 1).saturating_mul(per_page).min(total);
        let shown: Vec<Value> = items[start..]
            .iter()
            .take(per_page)
            .map(|v| (*v).clone())
            .collect();
        let mut reply = Reply::json(&Value::Array(shown));
        // As Kaminari: no previous page beyond the last.
        let prev = (page > 1 && page <= pages).then(|| page - 1);
        let next = (page < pages).then_some(page + 1);
        let url = |p: usize| self.page_link(id, p, per_page);
        let mut links = Vec::new();
        if let Some(p) = prev {
            links.push(format!("<{}>; rel=\"prev\"", url(p)));
        }
        if let Some(p) = next {
            links.push(format!("<{}>; rel=\"next\"", url(p)));
        }
        links.push(format!("<{}>; rel=\"first\"", url(1)));
        links.push(format!("<{}>; rel=\"last\"", url(pages)));
        reply.link = Some(links.join(", "));
        let text = |n: Option<usize>| n.map_or_else(String::new, |n| n.to_string());
        reply.headers = vec![
            ("x-page", page.to_string()),
            ("x-per-page", per_page.to_string()),
            ("x-next-page", text(next)),
            ("x-prev-page", text(prev)),
            ("x-total", total.to_string()),
            ("x-total-pages", pages.to_string()),
        ];
        reply
    }

    /// The URL of `page`: the request's parameters (each once) with `id`,
    /// `page` and `per_page`, sorted by name.
    fn page_link(&self, id: &str, page: usize, per_page: usize) -> String {
        let mut params: Vec<(String, String)> = vec![
            ("id".into(), id.into()),
            ("page".into(), page.to_string()),
            ("per_page".into(), per_page.to_string()),
        ];
        for (k, v) in &self.query.0 {
            if !params.iter().any(|(known, _)| known == k) {
                params.push((k.clone(), v.clone()));
            }
        }
        params.sort_by(|a, b| a.0.cmp(&b.0));
        let query: Vec<String> = (params.iter())
            .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
            .collect();
        format!("{}?{}", self.page_url, query.join("&"))
    }
}
