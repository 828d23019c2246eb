//! The recorded GitLab (REST v4) answers: GrimoireLab Perceval's test data
//! for the project `fdroid/fdroiddata`, in `api-fixtures/perceval-gitlab/`.
//!
//! The files are answer bodies only, so which request each answers is
//! taken from Perceval's `tests/test_gitlab.py`, which recorded and serves
//! them: the issue pages `issue_page_1` and `_2` (its single-issue files
//! disagree with them and are not served there either), the merge request
//! pages whose items are served as their full objects `merge_N`, and the
//! notes `notes_1`..`notes_4`, which serve issues 1..4 and merge requests
//! 1..3 alike. Perceval's authors hand-edited the data (ids rewritten to
//! 1..4, note ids repeated across files); it is served as recorded. No
//! release was recorded: releases are `[]`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::forge::{Answer, MockForge, Request};

/// The recorded project.
pub struct GitLabProject {
    dir: PathBuf,
    /// `GET /projects/{id}`.
    metadata: Value,
    /// The issues pages' items.
    issues: Vec<Value>,
    /// The merge requests, each its full object where recorded.
    merge_requests: Vec<Value>,
}

impl GitLabProject {
    /// Reads the recordings under `shared_data`; panics with the file's
    /// name when one cannot be read.
    pub fn fdroid(shared_data: &Path) -> GitLabProject {
        let dir = shared_data.join("api-fixtures").join("perceval-gitlab");
        let read = |name: &str| read(&dir, name);
        let list = |names: [&str; 2]| -> Vec<Value> {
            (names.iter().map(|name| read(name)))
                .flat_map(|page| page.as_array().cloned().unwrap_or_default())
                .collect()
        };
        let merge_requests = (list(["merge_page_1", "merge_page_2"]).into_iter())
            .map(|item| {
                let full = format!("merge_{}", item["iid"]);
                match dir.join(&full).is_file() {
                    true => read(&full),
                    false => item,
                }
            })
            .collect();
        GitLabProject {
            metadata: read("project"),
            issues: list(["issue_page_1", "issue_page_2"]),
            merge_requests,
            dir,
        }
    }

    /// `path_with_namespace`: `fdroid/fdroiddata`.
    pub fn path(&self) -> &str {
        self.metadata["path_with_namespace"]
            .as_str()
            .unwrap_or_default()
    }

    /// Issues served by the issues list.
    pub fn issue_count(&self) -> usize {
        self.issues.len()
    }

    /// The issues as recorded, in the order of their pages.
    pub fn issues(&self) -> &[Value] {
        &self.issues
    }

    /// The issues, to change what is served of them (a test's later state
    /// of the forge).
    pub fn issues_mut(&mut self) -> &mut Vec<Value> {
        &mut self.issues
    }

    /// The notes served for issue `iid`, 1 to 4 (Perceval's `notes_{iid}`).
    pub fn issue_notes(&self, iid: u64) -> Vec<Value> {
        let recorded = read(&self.dir, &format!("notes_{iid}"));
        recorded.as_array().cloned().unwrap_or_default()
    }

    /// Merge requests served by the merge requests list.
    pub fn merge_request_count(&self) -> usize {
        self.merge_requests.len()
    }

    /// The merge requests as served (each its full object where recorded).
    pub fn merge_requests(&self) -> &[Value] {
        &self.merge_requests
    }

    /// Registers on `forge` the answers to what Vigie asks of the project's
    /// group, under `/api/v4`: its listing, then the project's metadata,
    /// issues, merge requests (each list oldest update first, as asked),
    /// notes (oldest first) and releases.
    pub fn serve_on(&self, forge: &MockForge) {
        let group = self.path().split('/').next().unwrap_or_default();
        let listing = format!("/api/v4/groups/{group}/projects?include_subgroups=true");
        forge.on(
            Request::get(&listing),
            Answer::List(vec![self.metadata.clone()]),
        );
        let api = format!("/api/v4/projects/{}", self.path().replace('/', "%2F"));
        let on = |path: &str, answer| forge.on(Request::get(&format!("{api}{path}")), answer);
        on("", Answer::Json(self.metadata.clone()));
        let query = "scope=all&state=all&order_by=updated_at&sort=asc";
        let oldest_first = |items: &[Value], field: &str| {
            let mut items = items.to_vec();
            items.sort_by(|a, b| a[field].as_str().cmp(&b[field].as_str()));
            Answer::List(items)
        };
        on(
            &format!("/issues?{query}"),
            oldest_first(&self.issues, "updated_at"),
        );
        on(
            &format!("/merge_requests?{query}"),
            oldest_first(&self.merge_requests, "updated_at"),
        );
        on("/releases", Answer::List(Vec::new()));
        let notes = [("issues", 1..=4), ("merge_requests", 1..=3)];
        for (kind, iids) in notes {
            for iid in iids {
                let recorded = read(&self.dir, &format!("notes_{iid}"));
                let recorded = recorded.as_array().cloned().unwrap_or_default();
                on(
                    &format!("/{kind}/{iid}/notes?sort=asc"),
                    oldest_first(&recorded, "created_at"),
                );
            }
        }
    }
}

fn read(dir: &Path, name: &str) -> Value {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
