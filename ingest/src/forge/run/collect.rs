//! Collecting a listed forge source: each repository's changes read
//! concurrently (within the client's bounds), each stored as its data
//! arrives, one transaction per repository; a rate limit that runs out
//! leaves the rest for the next run, named in one message.

use std::collections::HashMap;
use std::time::Duration;

use super::{forge_error, waiting, Listed, Listing, Plan, Platform, Started};
use crate::error::{SourceError, StoreError};
use crate::forge::http::{Client, HttpError};
use crate::forge::{github, gitlab, RepositoryData, RepositoryMeta};
use crate::run::{fail, IngestReport, Progress};
use crate::store::Store;

/// What one repository's read gave: its data, or why not.
type Read = (String, Result<RepositoryData, HttpError>);

/// Reads what changed in each listed repository into the store. Only a
/// failure of the store stops the run; an unreachable API or a repository
/// that cannot be read is reported and the rest goes on.
pub(crate) fn collect(
    store: &mut Store,
    listing: Listing<'_>,
    report: &mut IngestReport,
    progress: &mut impl FnMut(Progress<'_>),
    stop: &std::sync::atomic::AtomicBool,
) -> Result<(), StoreError> {
    let Listing {
        plan,
        source_name,
        started: Started {
            client,
            runtime,
            waits,
        },
        repositories,
    } = listing;
    progress(Progress::MorePlanned {
        repositories: repositories.len(),
    });
    let mut cursors = Vec::with_capacity(repositories.len());
    for listed in &repositories {
        cursors.push(store.forge_cursors(&source_name, &listed.name)?);
    }
    let mut outcome = Outcome {
        source_name: &source_name,
        platform: plan.platform,
        listed_meta: repositories
            .iter()
            .filter_map(|r| Some((r.name.clone(), r.meta.clone()?)))
            .collect(),
        not_read: Vec::new(),
        collected: 0,
        reset_in: 0,
    };
    let mut results = spawn_reads(
        &plan,
        &source_name,
        &client,
        &runtime,
        repositories,
        cursors,
    );
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
        match next {
            Err(_) => continue,
            Ok(None) => break,
            Ok(Some(read)) => outcome.store(store, read, report, progress)?,
        }
    }
    for wait in waits.try_iter() {
        progress(waiting(&wait));
    }
    outcome.report_not_read(store, report, progress)?;
    let counters = client.counters();
    report.forge_requests.0 += counters.requests;
    report.forge_requests.1 += counters.not_modified;
    Ok(())
}

/// Starts reading every repository on the runtime, each sending what it
/// read as soon as it is done.
fn spawn_reads(
    plan: &Plan<'_>,
    source_name: &str,
    client: &Client,
    runtime: &tokio::runtime::Runtime,
    repositories: Vec<Listed>,
    cursors: Vec<HashMap<String, String>>,
) -> tokio::sync::mpsc::Receiver<Read> {
    let platform = plan.platform;
    let (github_target, gitlab_target) = plan.targets(source_name);
    let (sender, results) = tokio::sync::mpsc::channel(16);
    for (listed, cursors) in repositories.into_iter().zip(cursors) {
        let Listed { name, meta, .. } = listed;
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
    results
}

/// What a forge source's collection stored so far, and what it left unread.
struct Outcome<'a> {
    source_name: &'a str,
    platform: Platform,
    /// What the listing said, kept for the repositories left unread.
    listed_meta: HashMap<String, RepositoryMeta>,
    /// Repositories not read because the anonymous rate limit ran out: one
    /// message for all of them, not one each.
    not_read: Vec<String>,
    /// Repositories read and stored.
    collected: usize,
    /// The longest wait for the rate limit's reset, in seconds.
    reset_in: u64,
}

impl Outcome<'_> {
    /// Stores what one repository's read gave, or reports why not.
    fn store(
        &mut self,
        store: &mut Store,
        (name, read): Read,
        report: &mut IngestReport,
        progress: &mut impl FnMut(Progress<'_>),
    ) -> Result<(), StoreError> {
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
                self.collected += 1;
            }
            Err(HttpError::RateLimited { seconds, .. }) => {
                // What the listing said of it is still worth storing; its
                // cursors stay where they were, for the next run.
                if let Some(meta) = self.listed_meta.remove(&name) {
                    let data = RepositoryData {
                        source: self.source_name.to_owned(),
                        meta: Some(meta),
                        unchanged: true,
                        ..RepositoryData::default()
                    };
                    store.load_forge(&name, &data)?;
                }
                self.reset_in = self.reset_in.max(seconds);
                self.not_read.push(name);
            }
            Err(e) => {
                // Nothing of this repository was stored: it is done.
                let error = forge_error(&name, describe(&e));
                fail(store, report, progress, &name, error, true)?;
            }
        }
        Ok(())
    }

    /// Names, in one message, the repositories the rate limit left unread.
    fn report_not_read(
        mut self,
        store: &Store,
        report: &mut IngestReport,
        progress: &mut impl FnMut(Progress<'_>),
    ) -> Result<(), StoreError> {
        if self.not_read.is_empty() {
            return Ok(());
        }
        progress(Progress::Skipped {
            repositories: self.not_read.len(),
        });
        let error = forge_error(
            self.source_name,
            not_read_message(
                self.platform,
                &mut self.not_read,
                self.collected,
                self.reset_in,
            ),
        );
        fail(store, report, progress, self.source_name, error, false)
    }
}

/// What an anonymous run left unread, in words a user can act on.
fn not_read_message(
    platform: Platform,
    not_read: &mut [String],
    read: usize,
    reset_in: u64,
) -> String {
    not_read.sort_unstable();
    let shown = not_read.len().min(3);
    let mut names = not_read[..shown].join(", ");
    if not_read.len() > shown {
        names.push_str(&format!(" and {} more", not_read.len() - shown));
    }
    let allowance = match platform {
        Platform::Github => "GitHub allows 60 requests an hour without a token",
        Platform::Gitlab => "GitLab limits requests without a token",
    };
    format!(
        "{allowance}, and they ran out after {read} repositories: the issues, pull requests, \
         comments, reviews and releases of {} repositories were not read this run ({names}); \
         their git history and what the listing says of them were. The limit resets in {} min; \
         set a token (token_env) to read them all. The next run goes on where this one stopped.",
        not_read.len(),
        reset_in.div_ceil(60)
    )
}

/// An HTTP failure in words, with a hint where one helps.
fn describe(e: &HttpError) -> String {
    match e {
        HttpError::NotFound { .. } => format!("{e}; skipped (deleted, private or misspelt?)"),
        _ => e.to_string(),
    }
}
