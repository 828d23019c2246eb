//! The recorded GitLab (REST v4) answers: Perceval's test data for the
//! project `fdroid/fdroiddata`, in `api-fixtures/perceval-gitlab/`.
//!
//! The files are response bodies only (one JSON document each, no URL, no
//! header), so which endpoint each answers is taken from Perceval's
//! `tests/test_gitlab.py` (`setup_http_server`), the test that recorded and
//! serves them: the tables below copy its mapping. Perceval's authors
//! hand-edited the data, and the dataset keeps it as recorded:
//!
//! - Issues (`issue_page_1`, `issue_page_2`: 2 + 2 items) have `id` and `iid`
//!   rewritten to 1..4 and `project_id` 1, not the project's 36528; their
//!   `web_url` still names the real issues 639, 641, 642 and 636. All are
//!   `closed` with `closed_at` null. Issue 1 has `created_at` 2017-03-17 but
//!   `updated_at` 2016-03-18 (updated before created). Issue 4 carries
//!   labels `CI/CD`, `Deliverable` and a milestone of another project
//!   (gitlab-org/gitlab-ce, `project_id` 13083).
//! - The single-issue files `issue_1`..`issue_4` are not served (Perceval's
//!   test does not serve them either): they disagree with the pages
//!   (`issue_1` says `created_at` 2016-03-17, `issue_4` has no labels and no
//!   milestone), and the issue lists are what GitLab clients read.
//! - Merge requests: the list pages (`merge_page_1`, `merge_page_2`: 2 + 1)
//!   are `view=simple` answers (`id` 11225, 11321, 11362; no `author`, no
//!   `labels`, no `merged_at`); the full objects (`merge_1`..`merge_3`) have
//!   `id` rewritten to 1..3, `project_id` 36528, `state` `merged` with
//!   `merged_at`, `merged_by` and `closed_at` all null. `merge_3`'s `web_url`
//!   names merge request 4, it has labels `CI/CD`, `Deliverable` and
//!   `user_notes_count` 3, though the notes served for it hold one note.
//! - Notes: `notes_1`..`notes_4` (2, 1, 1, 1 notes) serve issues 1..4 *and*
//!   merge requests 1..3 (the same files: this mapping is the recordings',
//!   i.e. Perceval's test's). Every note says `noteable_type` `Issue`, with
//!   `noteable_iid` 639, 641, 642 and 635: the real issues, not the iid they
//!   are served under (and `notes_4`'s 635 is not even issue 4's real 636).
//!   Note ids repeat: each file has a note with `id` 1. `notes_1` lists its
//!   notes newest first (GitLab's default order), and has a `system` note.
//! - Award emoji: `emoji` (2 awards, `awardable_type` `Issue`, awardable ids
//!   of other issues) serves issues 1 and 3, merge requests 1 and 3, and
//!   note 1 of issue 1 and of merge request 1; `empty_emoji` (`[]`) serves
//!   every other issue, merge request and note.
//! - Merge request versions: `merge_N_versions` lists version ids 1, 2 (N=1),
//!   3 and 4 (global); `merge_N_version_K` is the K-th listed version, whose
//!   own `id` and `merge_request_id` are the real ones (e.g. 14310138).
//! - Commits: `commits_N` serves merge request N (not in Perceval's test; its
//!   first commit is merge request N's `sha`, and the titles match).
//! - Not served: `merge_page_outdated` / `merge_page_updated` (Perceval's
//!   "outdated list" scenario) and `empty_response`. No release was recorded:
//!   releases are `[]`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::Dataset;

/// What a note or an award belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Noteable {
    /// `/issues/{iid}/...`
    Issue,
    /// `/merge_requests/{iid}/...`
    MergeRequest,
}

impl Noteable {
    /// The path segment, `issues` or `merge_requests`.
    pub fn segment(self) -> &'static str {
        match self {
            Noteable::Issue => "issues",
            Noteable::MergeRequest => "merge_requests",
        }
    }

    /// From a path segment.
    pub fn from_segment(segment: &str) -> Option<Noteable> {
        match segment {
            "issues" => Some(Noteable::Issue),
            "merge_requests" => Some(Noteable::MergeRequest),
            _ => None,
        }
    }
}

/// What was recorded about one GitLab project. Items keep their recorded JSON.
#[derive(Debug, Clone, Default)]
pub struct GitLabProject {
    /// `GET /projects/{id}`.
    pub metadata: Value,
    /// The issues list, as the pages give it (in their order, oldest update first).
    pub issues: Vec<Value>,
    /// Merge requests: the full object where recorded, else the list item.
    pub merge_requests: Vec<Value>,
    /// The merge requests list as recorded, `view=simple` items.
    pub merge_request_list: Vec<Value>,
    /// Notes by issue or merge request iid, in recorded order.
    pub notes: BTreeMap<(Noteable, u64), Vec<Value>>,
    /// Award emoji by issue or merge request iid.
    pub award_emoji: BTreeMap<(Noteable, u64), Vec<Value>>,
    /// Award emoji by (kind, iid, note id).
    pub note_award_emoji: BTreeMap<(Noteable, u64, u64), Vec<Value>>,
    /// `/merge_requests/{iid}/versions`.
    pub versions: BTreeMap<u64, Vec<Value>>,
    /// `/merge_requests/{iid}/versions/{version id}`, by the id the list gives.
    pub version_details: BTreeMap<(u64, u64), Value>,
    /// `/merge_requests/{iid}/commits`.
    pub commits: BTreeMap<u64, Vec<Value>>,
}

impl GitLabProject {
    /// The numeric id (36528).
    pub fn id(&self) -> Option<u64> {
        self.metadata["id"].as_u64()
    }

    /// `path_with_namespace`, e.g. `fdroid/fdroiddata`.
    pub fn path(&self) -> &str {
        self.metadata["path_with_namespace"]
            .as_str()
            .unwrap_or_default()
    }

    /// The namespace's `full_path` (`fdroid`).
    pub fn namespace(&self) -> &str {
        (self.metadata.pointer("/namespace/full_path"))
            .and_then(Value::as_str)
            .unwrap_or_else(|| self.path().rsplit_once('/').map_or("", |(n, _)| n))
    }

    /// The namespace's numeric id (28397).
    pub fn namespace_id(&self) -> Option<u64> {
        self.metadata.pointer("/namespace/id")?.as_u64()
    }

    /// The issue or merge request `iid`, as the list serves it.
    pub fn item(&self, kind: Noteable, iid: u64) -> Option<&Value> {
        let list = match kind {
            Noteable::Issue => &self.issues,
            Noteable::MergeRequest => &self.merge_requests,
        };
        list.iter().find(|i| i["iid"].as_u64() == Some(iid))
    }

    /// Notes served over all issues and merge requests.
    pub fn note_count(&self) -> usize {
        self.notes.values().map(Vec::len).sum()
    }
}

/// Perceval's `setup_http_server`: notes of issues 1..4 and merge requests
/// 1..3.
const NOTES: [(Noteable, u64, &str); 7] = [
    (Noteable::Issue, 1, "notes_1"),
    (Noteable::Issue, 2, "notes_2"),
    (Noteable::Issue, 3, "notes_3"),
    (Noteable::Issue, 4, "notes_4"),
    (Noteable::MergeRequest, 1, "notes_1"),
    (Noteable::MergeRequest, 2, "notes_2"),
    (Noteable::MergeRequest, 3, "notes_3"),
];

/// Perceval's `setup_http_server`: award emoji of issues and merge requests.
const AWARDS: [(Noteable, u64, &str); 7] = [
    (Noteable::Issue, 1, "emoji"),
    (Noteable::Issue, 2, "empty_emoji"),
    (Noteable::Issue, 3, "emoji"),
    (Noteable::Issue, 4, "empty_emoji"),
    (Noteable::MergeRequest, 1, "emoji"),
    (Noteable::MergeRequest, 2, "empty_emoji"),
    (Noteable::MergeRequest, 3, "emoji"),
];

/// Perceval's `setup_http_server`: award emoji of notes (kind, iid, note
/// id), one entry per note it serves.
const NOTE_AWARDS: [(Noteable, u64, u64, &str); 9] = [
    (Noteable::Issue, 1, 1, "emoji"),
    (Noteable::Issue, 1, 2, "empty_emoji"),
    (Noteable::Issue, 2, 1, "empty_emoji"),
    (Noteable::Issue, 3, 1, "empty_emoji"),
    (Noteable::Issue, 4, 1, "empty_emoji"),
    (Noteable::MergeRequest, 1, 1, "emoji"),
    (Noteable::MergeRequest, 1, 2, "empty_emoji"),
    (Noteable::MergeRequest, 2, 1, "empty_emoji"),
    (Noteable::MergeRequest, 3, 1, "empty_emoji"),
];

fn read(dir: &Path, name: &str) -> Value {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn items(value: Value, name: &str) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        _ => panic!("{name}: not a list"),
    }
}

impl Dataset {
    /// The GitLab recordings: project fdroid/fdroiddata (`project`) with its
    /// issues (both pages, `issue_page_1` and `issue_page_2`), merge requests
    /// (the full objects `merge_1`..`merge_3` where recorded, else the page
    /// items of `merge_page_1`/`merge_page_2`, which are also kept as the
    /// `view=simple` list), notes per issue and per merge request, award
    /// emoji, merge request versions and commits.
    ///
    /// Which file answers which issue or merge request is the recordings'
    /// own mapping, as Perceval's tests serve them: `notes_1`..`notes_4`
    /// serve issues 1..4 and merge requests 1..3; `emoji` serves issues 1
    /// and 3, merge requests 1 and 3 and note 1 of issue 1 and of merge
    /// request 1, `empty_emoji` every other. The recordings' oddities (ids
    /// rewritten to 1..4, `project_id` 1 on issues, `noteable_iid` of the
    /// real issues, repeated note ids...) are kept: see the module's doc.
    ///
    /// Panics with the file's name when a recording cannot be read.
    pub fn gitlab(shared_data: &Path) -> Dataset {
        let dir = shared_data.join("api-fixtures").join("perceval-gitlab");
        let file = |name: &str| read(&dir, name);
        let list = |name: &str| items(read(&dir, name), name);
        let mut project = GitLabProject {
            metadata: file("project"),
            ..GitLabProject::default()
        };
        project.issues = [list("issue_page_1"), list("issue_page_2")].concat();
        project.merge_request_list = [list("merge_page_1"), list("merge_page_2")].concat();
        for item in &project.merge_request_list {
            let iid = item["iid"].as_u64().expect("a merge request iid");
            let full = dir.join(format!("merge_{iid}"));
            project.merge_requests.push(match full.is_file() {
                true => file(&format!("merge_{iid}")),
                false => item.clone(),
            });
            let versions_file = format!("merge_{iid}_versions");
            if dir.join(&versions_file).is_file() {
                let versions = list(&versions_file);
                for (k, version) in versions.iter().enumerate() {
                    let id = version["id"].as_u64().expect("a version id");
                    let detail = format!("merge_{iid}_version_{}", k + 1);
                    if dir.join(&detail).is_file() {
                        project.version_details.insert((iid, id), file(&detail));
                    }
                }
                project.versions.insert(iid, versions);
            }
            let commits = format!("commits_{iid}");
            if dir.join(&commits).is_file() {
                project.commits.insert(iid, list(&commits));
            }
        }
        for (kind, iid, name) in NOTES {
            project.notes.insert((kind, iid), list(name));
        }
        for (kind, iid, name) in AWARDS {
            project.award_emoji.insert((kind, iid), list(name));
        }
        for (kind, iid, note, name) in NOTE_AWARDS {
            project
                .note_award_emoji
                .insert((kind, iid, note), list(name));
        }
        let mut dataset = Dataset::default();
        dataset
            .gitlab
            .insert(project.path().to_lowercase(), project);
        dataset
    }

    /// The GitLab projects, `path_with_namespace`, sorted.
    pub fn gitlab_projects(&self) -> Vec<String> {
        self.gitlab.values().map(|p| p.path().to_owned()).collect()
    }

    /// A GitLab project by `path_with_namespace` (case-insensitively) or
    /// numeric id.
    pub fn gitlab_project(&self, id: &str) -> Option<&GitLabProject> {
        match id.parse::<u64>() {
            Ok(n) => self.gitlab.values().find(|p| p.id() == Some(n)),
            Err(_) => self.gitlab.get(&id.to_lowercase()),
        }
    }

    /// Every GitLab project.
    pub fn gitlab_all(&self) -> impl Iterator<Item = &GitLabProject> {
        self.gitlab.values()
    }

    /// Issues the issues list serves for `project` (0 if unknown).
    pub fn gitlab_issue_count(&self, project: &str) -> usize {
        self.gitlab_project(project).map_or(0, |p| p.issues.len())
    }

    /// Merge requests the merge requests list serves for `project`.
    pub fn gitlab_merge_request_count(&self, project: &str) -> usize {
        self.gitlab_project(project)
            .map_or(0, |p| p.merge_requests.len())
    }

    /// Notes served over all issues and merge requests of `project` (the
    /// same recorded notes count once per issue or merge request serving
    /// them).
    pub fn gitlab_note_count(&self, project: &str) -> usize {
        self.gitlab_project(project)
            .map_or(0, GitLabProject::note_count)
    }
}
