//! Running a forge source: list its repositories, read each one's changes
//! concurrently (within the client's bounds), and store each repository as
//! its data arrives, one transaction per repository.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::http::{AuthStyle, Client, HttpError, Policy, Token, Wait};
use super::RepositoryMeta;
use super::{github, gitlab};
use crate::config::SourceConfig;
use crate::error::{SourceError, StoreError};
use crate::run::{fail, IngestReport, Progress};
use crate::store::Store;

/// Which forge, and what to read there.
struct Plan<'a> {
    platform: Platform,
    api: String,
    owners: &'a [String],
    listed: &'a [String],
    token_env: &'a [String],
    forks: bool,
    concurrency: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Platform {
    Github,
    Gitlab,
}

/// The client, the network runtime and the channel of its waits, or why
/// they cannot be had (a token variable not set, ...).
fn start(
    plan: &Plan<'_>,
) -> Result<
    (
        Client,
        tokio::runtime::Runtime,
        std::sync::mpsc::Receiver<Wait>,
    ),
    String,
> {
    let tokens = Token::from_env(plan.token_env)?;
    // Waits are reported from the client's tasks; the storing thread shows them.
    let (wait_sender, waits) = std::sync::mpsc::channel::<Wait>();
    let wait_sender = Mutex::new(wait_sender);
    let on_wait = Arc::new(move |w: &Wait| {
        let _ = wait_sender
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(w.clone());
    });
    let policy = Policy {
        concurrency: plan.concurrency,
        ..Policy::default()
    };
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
    Ok((client, runtime, waits))
}

/// Reads one forge source (`kind = "github"` or `"gitlab"`) into the store.
/// Only a failure of the store stops the run; a missing token, an
/// unreachable API or a repository that cannot be read is reported and the
/// rest goes on.
pub(crate) fn forge(
    store: &mut Store,
    source: &SourceConfig,
    report: &mut IngestReport,
    progress: &mut impl FnMut(Progress<'_>),
    stop: &std::sync::atomic::AtomicBool,
) -> Result<(), StoreError> {
    let plan = match source {
        SourceConfig::Github {
            organisations,
            repositories,
            api,
            token_env,
            forks,
            concurrency,
        } => Plan {
            platform: Platform::Github,
            api: api.trim_end_matches('/').to_owned(),
            owners: organisations,
            listed: repositories,
            token_env,
            forks: *forks,
            concurrency: *concurrency,
        },
        SourceConfig::Gitlab(g) => Plan {
            platform: Platform::Gitlab,
            api: g.api.trim_end_matches('/').to_owned(),
            owners: &g.groups,
            listed: &g.projects,
            token_env: &g.token_env,
            forks: g.forks,
            concurrency: g.concurrency,
        },
        _ => return Ok(()),
    };
    let platform = plan.platform;
    let source_name = match platform {
        Platform::Github => format!("github:{}", plan.api),
        Platform::Gitlab => format!("gitlab:{}", plan.api),
    };
    let forge_error = |name: &str, detail: String| SourceError::Forge {
        source_name: name.to_owned(),
        detail,
    };
    let (client, runtime, waits) = match start(&plan) {
        Ok(started) => started,
        Err(detail) => {
            let error = forge_error(&source_name, detail);
            return fail(store, report, progress, &source_name, error, false);
        }
    };
    let github_target = github::Target {
        api: plan.api.clone(),
        source: source_name.clone(),
    };
    let gitlab_target = gitlab::Target {
        api: plan.api.clone(),
        source: source_name.clone(),
    };

    let mut repositories: Vec<(String, Option<RepositoryMeta>)> = Vec::new();
    for owner in plan.owners {
        let listed = runtime.block_on(async {
            match platform {
                Platform::Github => {
                    github::organisation_repositories(&client, &github_target, owner, plan.forks)
                        .await
                }
                Platform::Gitlab => {
                    gitlab::group_projects(&client, &gitlab_target, owner, plan.forks).await
                }
            }
        });
        match listed {
            Ok(list) => {
                repositories.extend(list.into_iter().map(|m| (m.full_name.clone(), Some(m))))
            }
            Err(e) => {
                let error = forge_error(owner, e.to_string());
                fail(store, report, progress, &source_name, error, false)?;
            }
        }
    }
    for name in plan.listed {
        if !repositories
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            repositories.push((name.clone(), None));
        }
    }
    progress(Progress::MorePlanned {
        repositories: repositories.len(),
    });
    let mut cursors = Vec::with_capacity(repositories.len());
    for (name, _) in &repositories {
        cursors.push(store.forge_cursors(&source_name, name)?);
    }

    let (sender, mut results) = tokio::sync::mpsc::channel(16);
    for ((name, meta), cursors) in repositories.into_iter().zip(cursors) {
        let (client, sender) = (client.clone(), sender.clone());
        let (github_target, gitlab_target) = (github_target.clone(), gitlab_target.clone());
        runtime.spawn(async move {
            let read = match platform {
                Platform::Github => {
                    github::collect(&client, &github_target, &name, meta, &cursors).await
                }
                Platform::Gitlab => {
                    gitlab::collect(&client, &gitlab_target, &name, meta, &cursors).await
                }
            };
            let _ = sender.send((name, read)).await;
        });
    }
    drop(sender);
    loop {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            // Requests in flight are dropped with the runtime; what each
            // repository stored is whole (one transaction each).
            report.stopped = true;
            break;
        }
        for wait in waits.try_iter() {
            progress(waiting(&wait));
        }
        let next = runtime.block_on(async {
            tokio::time::timeout(Duration::from_millis(250), results.recv()).await
        });
        let (name, read) = match next {
            Err(_) => continue,
            Ok(None) => break,
            Ok(Some(result)) => result,
        };
        match read {
            Ok(data) => {
                // An unchanged repository may still have new metadata from
                // the listing (archived, language...).
                let summary = if data.unchanged && data.meta.is_none() {
                    Default::default()
                } else {
                    store.load_forge(&name, &data)?
                };
                progress(Progress::ForgeStored {
                    repository: &name,
                    summary: &summary,
                    unchanged: data.unchanged,
                });
                if let Some(first) = data.skipped.first() {
                    let error = SourceError::Degraded {
                        source_name: name.clone(),
                        what: format!(
                            "{} items could not be read and were left out",
                            data.skipped.len()
                        ),
                        detail: format!("the first: {first}"),
                    };
                    fail(store, report, progress, &name, error, false)?;
                }
                report.forge.push((name, summary));
            }
            Err(e) => {
                // Nothing of this repository was stored: it is done.
                let error = forge_error(&name, describe(&e));
                fail(store, report, progress, &name, error, true)?;
            }
        }
    }
    for wait in waits.try_iter() {
        progress(waiting(&wait));
    }
    let counters = client.counters();
    report.forge_requests.0 += counters.requests;
    report.forge_requests.1 += counters.not_modified;
    Ok(())
}

fn describe(e: &HttpError) -> String {
    match e {
        HttpError::NotFound { .. } => format!("{e}; skipped (deleted, private or misspelt?)"),
        _ => e.to_string(),
    }
}

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
