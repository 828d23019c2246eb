//! Asking a Maven repository how fresh the estate's external dependencies
//! are ([`crate::estate::maven::metadata`]), after the contents are read:
//! every artifact the estate depends on and does not build, once each.
//! Answers are kept on disk for the cache lifetime, so a run within it
//! asks nothing; offline, only kept answers are used. When several
//! requests in a row fail (no network, a proxy refusing), the rest are not
//! asked, and each says why.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{NaiveDateTime, SubsecRound};

use super::{fail, IngestReport, Progress};
use crate::error::{SourceError, StoreError};
use crate::estate::maven::metadata::{Freshness, MavenRepository, RepositoryConfig};
use crate::store::{FreshnessRecord, FreshnessStatus, Store};

/// After this many failed requests in a row, the others are not asked.
const GIVE_UP_AFTER: u32 = 3;

/// What a run learnt of the external dependencies' freshness.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FreshnessSummary {
    /// External artifacts (depended on, built by no repository tracked).
    pub artifacts: u32,
    /// Of which the repository's metadata is known.
    pub known: u32,
    /// Of which the repository does not have.
    pub not_in_repository: u32,
    /// Of which nothing is known (offline, no network...).
    pub unavailable: u32,
}

/// Asks the repository `settings` name (see
/// [`crate::EstateConfig::repository_config`]) about every external artifact of
/// the store and keeps the answers. A repository address that cannot be
/// used is reported as the run's error; the store keeps what it knew.
pub fn ask_all(
    store: &mut Store,
    settings: RepositoryConfig,
    report: &mut IngestReport,
    mut progress: impl FnMut(Progress<'_>),
    stop: &AtomicBool,
) -> Result<(), StoreError> {
    let artifacts = store.external_artifacts()?;
    if artifacts.is_empty() {
        // Nothing to ask: no client (and no runtime) is started.
        return store.replace_freshness(&[]);
    }
    let client = match MavenRepository::new(settings.clone()) {
        Ok(client) => client,
        Err(e) => {
            let error = SourceError::Degraded {
                source_name: "[estate] maven_repository".to_owned(),
                what: "the freshness of external dependencies was not read".to_owned(),
                detail: e.to_string(),
            };
            return fail(store, report, &mut progress, "[estate]", error, false);
        }
    };
    let mut asker = Asker {
        client,
        settings,
        failed_in_a_row: 0,
        last_failure: None,
    };
    let mut records = Vec::with_capacity(artifacts.len());
    for (done, (group_id, artifact_id)) in artifacts.iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            report.stopped = true;
            return Ok(());
        }
        progress(Progress::FreshnessAsked {
            done,
            total: artifacts.len(),
        });
        let record = record(group_id, artifact_id, asker.ask(group_id, artifact_id));
        count(&mut report.freshness, record.status);
        records.push(record);
    }
    store.replace_freshness(&records)
}

/// The client, switched to the kept answers only once requests keep failing.
struct Asker {
    client: MavenRepository,
    settings: RepositoryConfig,
    failed_in_a_row: u32,
    last_failure: Option<String>,
}

impl Asker {
    fn ask(&mut self, group_id: &str, artifact_id: &str) -> Freshness {
        let freshness = self.client.metadata(group_id, artifact_id);
        match (&freshness, &self.last_failure) {
            (
                Freshness::Unavailable {
                    reason,
                    asked: true,
                },
                _,
            ) => {
                self.failed_in_a_row += 1;
                if self.failed_in_a_row == GIVE_UP_AFTER {
                    self.give_up(reason.clone());
                }
            }
            // Given up: what was kept is still good; the rest says why.
            (Freshness::Unavailable { asked: false, .. }, Some(last)) => {
                return Freshness::Unavailable {
                    reason: format!(
                        "not asked: the {GIVE_UP_AFTER} requests before failed, the last with: \
                         {last}"
                    ),
                    asked: false,
                };
            }
            _ => self.failed_in_a_row = 0,
        }
        freshness
    }

    /// From now on, the kept answers only.
    fn give_up(&mut self, reason: String) {
        let offline = RepositoryConfig {
            offline: true,
            ..self.settings.clone()
        };
        if let Ok(client) = MavenRepository::new(offline) {
            self.client = client;
            self.last_failure = Some(reason);
        }
    }
}

/// What to keep of an answer, times to the second (as the store keeps them).
fn record(group_id: &str, artifact_id: &str, freshness: Freshness) -> FreshnessRecord {
    let mut record = FreshnessRecord {
        group_id: group_id.to_owned(),
        artifact_id: artifact_id.to_owned(),
        status: FreshnessStatus::Unavailable,
        release: None,
        versions: Vec::new(),
        last_updated: None,
        fetched_at: None,
        stale: false,
        reason: None,
    };
    let second = |t: NaiveDateTime| t.trunc_subsecs(0);
    match freshness {
        Freshness::Known {
            metadata,
            fetched_at,
            stale,
            ..
        } => {
            record.status = FreshnessStatus::Known;
            record.release = metadata.release;
            record.versions = metadata.versions;
            record.last_updated = metadata.last_updated.map(second);
            record.fetched_at = Some(second(fetched_at.naive_utc()));
            record.stale = stale;
        }
        Freshness::NotInRepository => record.status = FreshnessStatus::NotInRepository,
        Freshness::Unavailable { reason, .. } => record.reason = Some(reason),
    }
    record
}

fn count(summary: &mut FreshnessSummary, status: FreshnessStatus) {
    summary.artifacts += 1;
    match status {
        FreshnessStatus::Known => summary.known += 1,
        FreshnessStatus::NotInRepository => summary.not_in_repository += 1,
        FreshnessStatus::Unavailable => summary.unavailable += 1,
    }
}
