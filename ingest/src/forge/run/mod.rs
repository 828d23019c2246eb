//! Running a forge source: list its repositories ([`list`], before the git
//! sources are read, so that each repository's git history is read with
//! them), then read each one's changes concurrently (within the client's
//! bounds) and store each repository as its data arrives, one transaction
//! per repository ([`collect`]).

mod collect;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::http::{AuthStyle, Client, Policy, Token, Wait};
use super::RepositoryMeta;
use super::{github, gitlab};
use crate::config::SourceConfig;
use crate::error::{SourceError, StoreError};
use crate::run::{fail, IngestReport, Progress};
use crate::store::Store;
pub(crate) use collect::collect;

/// Which forge, and what to read there.
struct Plan<'a> {
    platform: Platform,
    api: String,
    owners: &'a [String],
    listed: &'a [String],
    token_env: &'a [String],
    forks: bool,
    concurrency: usize,
    git: bool,
}

impl<'a> Plan<'a> {
    /// The plan of a forge source (`kind = "github"` or `"gitlab"`); `None`
    /// for a git source.
    fn of(source: &'a SourceConfig) -> Option<Self> {
        Some(match source {
            SourceConfig::Github {
                organisations,
                repositories,
                api,
                token_env,
                forks,
                concurrency,
                git,
            } => Plan {
                platform: Platform::Github,
                api: api.trim_end_matches('/').to_owned(),
                owners: organisations,
                listed: repositories,
                token_env,
                forks: *forks,
                concurrency: *concurrency,
                git: *git,
            },
            SourceConfig::Gitlab(g) => Plan {
                platform: Platform::Gitlab,
                api: g.api.trim_end_matches('/').to_owned(),
                owners: &g.groups,
                listed: &g.projects,
                token_env: &g.token_env,
                forks: g.forks,
                concurrency: g.concurrency,
                git: g.git,
            },
            _ => return None,
        })
    }

    /// The source's name in cursors and messages: `github:<api>` or
    /// `gitlab:<api>`.
    fn source_name(&self) -> String {
        match self.platform {
            Platform::Github => format!("github:{}", self.api),
            Platform::Gitlab => format!("gitlab:{}", self.api),
        }
    }

    /// Where the GitHub and GitLab readers send their requests, and the
    /// source they file what they read under.
    fn targets(&self, source_name: &str) -> (github::Target, gitlab::Target) {
        let github = github::Target {
            api: self.api.clone(),
            source: source_name.to_owned(),
        };
        let gitlab = gitlab::Target {
            api: self.api.clone(),
            source: source_name.to_owned(),
        };
        (github, gitlab)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Platform {
    Github,
    Gitlab,
}

/// The client, the network runtime and the channel of its waits.
struct Started {
    client: Client,
    runtime: tokio::runtime::Runtime,
    waits: std::sync::mpsc::Receiver<Wait>,
}

/// Without a token, the longest wait for a spent rate limit: GitHub's
/// anonymous limit resets hourly, and a run does not stall for it (what is
/// left is named, for the next run).
const ANONYMOUS_MAX_WAIT: Duration = Duration::from_secs(60);

/// Starts the client with the tokens that are set; the variables named but
/// not set are returned, to be reported. Fails only if the HTTP client or
/// the runtime cannot start.
fn start(plan: &Plan<'_>) -> Result<(Started, Vec<String>), String> {
    let mut tokens = Vec::new();
    let mut missing = Vec::new();
    for variable in plan.token_env {
        match Token::from_env(std::slice::from_ref(variable)) {
            Ok(found) => tokens.extend(found),
            Err(_) => missing.push(variable.clone()),
        }
    }
    // Waits are reported from the client's tasks; the storing thread shows them.
    let (wait_sender, waits) = std::sync::mpsc::channel::<Wait>();
    let wait_sender = Mutex::new(wait_sender);
    let on_wait = Arc::new(move |w: &Wait| {
        let _ = wait_sender
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(w.clone());
    });
    let mut policy = Policy {
        concurrency: plan.concurrency,
        ..Policy::default()
    };
    if tokens.is_empty() {
        policy.max_wait = ANONYMOUS_MAX_WAIT;
    }
    let auth = match plan.platform {
        Platform::Github => AuthStyle::Bearer,
        Platform::Gitlab => AuthStyle::PrivateToken,
    };
    let client = Client::new(auth, tokens, policy, on_wait)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the network runtime: {e}"))?;
    Ok((
        Started {
            client,
            runtime,
            waits,
        },
        missing,
    ))
}

/// What to read of a forge source, and where: listed before the git
/// sources are read (each repository's git history is read with them),
/// collected after ([`collect`]).
pub(crate) struct Listing<'a> {
    plan: Plan<'a>,
    source_name: String,
    started: Started,
    /// `owner/name` as the forge spells it, what the listing said of it,
    /// and where its history is cloned from.
    repositories: Vec<Listed>,
}

struct Listed {
    name: String,
    meta: Option<RepositoryMeta>,
    clone_url: Option<String>,
}

impl Listing<'_> {
    /// Each repository's name and the URL its git history is cloned from,
    /// when the source reads git history (`git = true`).
    pub(crate) fn clone_urls(&self) -> Vec<(&str, &str)> {
        if !self.plan.git {
            return Vec::new();
        }
        self.repositories
            .iter()
            .filter_map(|r| Some((r.name.as_str(), r.clone_url.as_deref()?)))
            .collect()
    }
}

/// Lists the repositories of a forge source (`kind = "github"` or
/// `"gitlab"`): its organisations' or groups' and those named. A token
/// variable that is not set, or an organisation that cannot be listed, is
/// reported and the rest goes on; `None` only if no client could start.
pub(crate) fn list<'a>(
    store: &Store,
    source: &'a SourceConfig,
    report: &mut IngestReport,
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<Option<Listing<'a>>, StoreError> {
    let Some(plan) = Plan::of(source) else {
        return Ok(None);
    };
    let source_name = plan.source_name();
    let (started, missing) = match start(&plan) {
        Ok(started) => started,
        Err(detail) => {
            let error = forge_error(&source_name, detail);
            fail(store, report, progress, &source_name, error, false)?;
            return Ok(None);
        }
    };
    if !missing.is_empty() {
        let detail = tokens_not_set(plan.platform, &missing, started.client.has_tokens());
        let error = forge_error(&source_name, detail);
        fail(store, report, progress, &source_name, error, false)?;
    }
    let (github_target, gitlab_target) = plan.targets(&source_name);
    let mut repositories: Vec<Listed> = Vec::new();
    for owner in plan.owners {
        let client = &started.client;
        let listed = started.runtime.block_on(async {
            match plan.platform {
                Platform::Github => {
                    github::organisation_repositories(client, &github_target, owner, plan.forks)
                        .await
                }
                Platform::Gitlab => {
                    gitlab::group_projects(client, &gitlab_target, owner, plan.forks).await
                }
            }
        });
        for wait in started.waits.try_iter() {
            progress(waiting(&wait));
        }
        match listed {
            Ok(list) => repositories.extend(list.into_iter().map(|m| Listed {
                name: m.full_name.clone(),
                clone_url: m.clone_url.clone(),
                meta: Some(m),
            })),
            Err(e) => {
                let error = forge_error(owner, e.to_string());
                fail(store, report, progress, &source_name, error, false)?;
            }
        }
    }
    add_named(&plan, &mut repositories);
    Ok(Some(Listing {
        plan,
        source_name,
        started,
        repositories,
    }))
}

/// Adds the repositories the configuration names that no listing gave.
fn add_named(plan: &Plan<'_>, repositories: &mut Vec<Listed>) {
    for name in plan.listed {
        if !repositories
            .iter()
            .any(|r| r.name.eq_ignore_ascii_case(name))
        {
            repositories.push(Listed {
                name: name.clone(),
                meta: None,
                clone_url: clone_url(&plan.api, name),
            });
        }
    }
}

/// The token variables named but not set, and how the run goes on without
/// them, in words a user can act on.
fn tokens_not_set(platform: Platform, missing: &[String], other_tokens: bool) -> String {
    let without = if other_tokens {
        "reading with the other tokens".to_owned()
    } else {
        format!(
            "reading without a token ({})",
            match platform {
                Platform::Github => "GitHub allows 60 requests an hour",
                Platform::Gitlab => "GitLab's limits for anonymous requests apply",
            }
        )
    };
    format!(
        "the environment variable{} {} (named in token_env) {} not set or empty: {without}",
        if missing.len() == 1 { "" } else { "s" },
        missing.join(", "),
        if missing.len() == 1 { "is" } else { "are" },
    )
}

/// The clone URL of a repository named in the configuration, which no
/// listing gave: the web host's `/{name}.git` (`https://api.github.com` →
/// `https://github.com/o/r.git`; `https://HOST/api/v3` or `/api/v4` →
/// `https://HOST/o/r.git`).
fn clone_url(api: &str, name: &str) -> Option<String> {
    let (scheme, rest) = api.split_once("://")?;
    let host = rest.split('/').next()?;
    let host = host.strip_prefix("api.").unwrap_or(host);
    Some(format!("{scheme}://{host}/{name}.git"))
}

/// A forge source's (or one of its repositories') failure.
fn forge_error(name: &str, detail: String) -> SourceError {
    SourceError::Forge {
        source_name: name.to_owned(),
        detail,
    }
}

/// A wait of the client, as progress a user reads.
fn waiting(wait: &Wait) -> Progress<'static> {
    match wait {
        Wait::RateLimit { seconds } => Progress::Waiting {
            seconds: *seconds,
            reason: "the rate limit is spent; waiting for its reset".into(),
        },
        Wait::RetryAfter { seconds } => Progress::Waiting {
            seconds: *seconds,
            reason: "the service asked to slow down (Retry-After)".into(),
        },
        Wait::Backoff { seconds, reason } => Progress::Waiting {
            seconds: *seconds,
            reason: format!("retrying: {reason}"),
        },
    }
}
