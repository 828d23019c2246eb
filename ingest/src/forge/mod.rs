//! Forge sources: GitHub (and GitHub Enterprise) repositories and GitLab
//! (gitlab.com or self-hosted) projects — their metadata, issues, pull and
//! merge requests, comments, reviews, events and releases.
//!
//! Like the git connector, a forge source has a client ([`http::Client`]:
//! pages, ETags, rate limits, retries, tokens), a parser per forge (the JSON
//! readers of [`github`] and [`gitlab`]) and a connector per forge
//! ([`github::collect`], [`gitlab::collect`]) that yields the same
//! normalised [`RepositoryData`] per repository, stored with its cursors in
//! one transaction ([`crate::store::Store::load_forge`]), so an interrupted
//! run resumes where it stopped with nothing duplicated or lost. `run` lists
//! a source's repositories and collects them concurrently.

pub mod github;
pub mod gitlab;
pub mod http;
mod json;
pub(crate) mod run;

use chrono::NaiveDateTime;

/// A forge account as seen on an item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Account {
    /// The login.
    pub login: String,
    /// The forge says it is a bot (`type: Bot`), besides Vigie's own rules.
    pub is_bot: bool,
}

/// What the forge says about a repository.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RepositoryMeta {
    /// `owner/name`.
    pub full_name: String,
    /// The web address.
    pub url: Option<String>,
    /// The address `git clone` reads (GitHub's `clone_url`, GitLab's
    /// `http_url_to_repo`).
    pub clone_url: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// Its home page, when the forge has one besides the repository
    /// (GitHub's `homepage`).
    pub homepage: Option<String>,
    /// Main language.
    pub language: Option<String>,
    /// SPDX licence identifier.
    pub licence: Option<String>,
    /// Topics.
    pub topics: Vec<String>,
    /// Archived (read-only).
    pub archived: bool,
    /// A fork of another repository.
    pub fork: bool,
    /// Stars.
    pub stars: i64,
    /// Forks.
    pub forks: i64,
    /// Created.
    pub created_at: Option<NaiveDateTime>,
    /// Last push.
    pub pushed_at: Option<NaiveDateTime>,
}

/// An issue or a pull request.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Its number.
    pub number: i64,
    /// A pull (merge) request.
    pub is_pr: bool,
    /// Its title (untrusted text: shown escaped, exported neutralised).
    pub title: String,
    /// `open`, `closed` or `merged`.
    pub state: String,
    /// Who opened it (`None`: a deleted account).
    pub author: Option<Account>,
    /// Label names.
    pub labels: Vec<String>,
    /// Who it is assigned to, each once, in the forge's order (empty:
    /// nobody). The same accounts as authors: one identity per login.
    pub assignees: Vec<Account>,
    /// Its comments as the forge counts them (GitHub's `comments`, GitLab's
    /// `user_notes_count`, which leaves system notes out); `None` when the
    /// answer does not say.
    pub comment_count: Option<i64>,
    /// Opened.
    pub created_at: NaiveDateTime,
    /// Last updated.
    pub updated_at: Option<NaiveDateTime>,
    /// Closed (also set when merged).
    pub closed_at: Option<NaiveDateTime>,
    /// Merged.
    pub merged_at: Option<NaiveDateTime>,
}

/// A comment on an issue or pull request, or on a pull request's code.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// The forge's id.
    pub id: i64,
    /// The issue or pull request it is on.
    pub issue_number: i64,
    /// `issue` or `review` (a comment on code).
    pub kind: &'static str,
    /// On a pull (merge) request or an issue, when the forge numbers them
    /// apart (GitLab); `None` when they share numbers (GitHub).
    pub on_pr: Option<bool>,
    /// Its author.
    pub author: Option<Account>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// A pull request review.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// The forge's id.
    pub id: i64,
    /// The pull request.
    pub issue_number: i64,
    /// Its author.
    pub author: Option<Account>,
    /// `approved`, `changes_requested`, `commented`, `dismissed`.
    pub state: String,
    /// When it was submitted.
    pub submitted_at: NaiveDateTime,
}

/// Who closed, merged or reopened an issue or pull request, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueEvent {
    /// The forge's id.
    pub id: i64,
    /// The issue or pull request.
    pub issue_number: i64,
    /// `closed`, `merged` or `reopened`.
    pub kind: String,
    /// As [`Comment::on_pr`].
    pub on_pr: Option<bool>,
    /// Who did it.
    pub actor: Option<Account>,
    /// When.
    pub at: NaiveDateTime,
}

/// A published release.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    /// The forge's id.
    pub id: i64,
    /// Its tag.
    pub tag: String,
    /// Its name.
    pub name: Option<String>,
    /// Who published it.
    pub author: Option<Account>,
    /// A pre-release.
    pub prerelease: bool,
    /// When it was published (drafts are left out).
    pub published_at: NaiveDateTime,
}

/// What a run read of one repository, to be stored in one transaction with
/// the cursors it advances.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RepositoryData {
    /// The source (for cursors): `github:<api url>` or `gitlab:<api url>`.
    pub source: String,
    /// The repository's metadata, when read.
    pub meta: Option<RepositoryMeta>,
    /// New or updated issues and pull requests.
    pub issues: Vec<Issue>,
    /// New comments.
    pub comments: Vec<Comment>,
    /// New reviews.
    pub reviews: Vec<Review>,
    /// New close, merge and reopen events.
    pub events: Vec<IssueEvent>,
    /// Releases.
    pub releases: Vec<Release>,
    /// Items left out because they lack a field (`URL: reason`), reported.
    pub skipped: Vec<String>,
    /// `(category, cursor)` pairs to store with the data.
    pub cursors: Vec<(String, String)>,
    /// Nothing changed since the last run: only the cursors' check was made
    /// (`meta` still holds what the listing said of the repository).
    pub unchanged: bool,
}
