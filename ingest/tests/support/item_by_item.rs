//! What clients that read item by item, as GrimoireLab Perceval does for
//! the forge benchmark, ask besides Vigie's listings: each issue's
//! comments and each pull request's review comments (from the
//! repository-wide listings), every recorded answer under its own path
//! (users, pull requests, review requests), and empty lists for the
//! reactions and commits nothing recorded.

use serde_json::Value;

use super::{Recordings, Repository};
use crate::support::forge::{Answer, MockForge, Request};

impl Recordings {
    /// Registers, after [`Recordings::serve_on`], the answers Perceval asks
    /// for item by item; registered later, they answer only what it does not.
    pub fn serve_item_by_item_on(&self, forge: &MockForge) {
        let read = self.repositories.values().filter(|r| r.metadata.is_some());
        for repository in read.clone() {
            repository.serve_children_on(forge);
        }
        let newest_first = self.exchanges.iter().rev();
        for e in newest_first.filter(|e| e.method == "GET" && e.status == 200) {
            let path = e.path.split('?').next().unwrap_or_default();
            let answer = match &e.body {
                Value::Array(items) => Answer::List(items.clone()),
                body => Answer::Json(body.clone()),
            };
            forge.on(Request::get(path), answer);
        }
        for repository in read {
            repository.serve_nothing_recorded_on(forge);
        }
    }
}

impl Repository {
    fn serve_children_on(&self, forge: &MockForge) {
        let of = |items: &[Value], url: &str, number: u64| {
            let number_in = |c: &Value| c[url].as_str()?.rsplit('/').next()?.parse().ok();
            let children = items.iter().filter(|c| number_in(c) == Some(number));
            Answer::List(children.cloned().collect())
        };
        for number in self.issues.iter().filter_map(|i| i["number"].as_u64()) {
            let comments = of(&self.issue_comments, "issue_url", number);
            self.on(forge, &format!("/issues/{number}/comments"), comments);
        }
        for number in self.pull_requests() {
            let comments = of(&self.review_comments, "pull_request_url", number);
            self.on(forge, &format!("/pulls/{number}/comments"), comments);
        }
    }

    fn serve_nothing_recorded_on(&self, forge: &MockForge) {
        let none = || Answer::List(Vec::new());
        for number in self.issues.iter().filter_map(|i| i["number"].as_u64()) {
            self.on(forge, &format!("/issues/{number}/reactions"), none());
        }
        for number in self.pull_requests() {
            self.on(forge, &format!("/pulls/{number}/commits"), none());
        }
        let comments = [
            ("issues", &self.issue_comments),
            ("pulls", &self.review_comments),
        ];
        for (kind, comments) in comments {
            for id in comments.iter().filter_map(|c| c["id"].as_u64()) {
                self.on(forge, &format!("/{kind}/comments/{id}/reactions"), none());
            }
        }
    }

    fn on(&self, forge: &MockForge, path: &str, answer: Answer) {
        forge.on(Request::get(&format!("/repos/{}{path}", self.name)), answer);
    }
}
