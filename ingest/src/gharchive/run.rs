//! A `kind = "gharchive"` source in an ingest run: its hours listed (a
//! folder's files) or fetched one after the other (a range), each read into
//! the store, progress reported per hour, problems recorded with the run
//! and the run going on.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{hour_files, load_hour, Archive, Fetched, Filter, Hour, HourReport};
use crate::config::GharchiveSource;
use crate::error::{SourceError, StoreError};
use crate::identity::Rules;
use crate::run::{fail, IngestReport, Progress};
use crate::store::Store;

use super::load::BATCH_EVENTS;

/// Where the source's hours come from.
enum Hours {
    Files(Vec<PathBuf>),
    Download(Archive, Vec<Hour>),
}

/// Reads the source's hours into the store; stops between hours once
/// `stop` is set.
pub(crate) fn run(
    store: &mut Store,
    source: &GharchiveSource,
    rules: &Rules,
    report: &mut IngestReport,
    progress: &mut impl FnMut(Progress<'_>),
    stop: &AtomicBool,
) -> Result<(), StoreError> {
    let name = source_name(source);
    let hours = match plan(source) {
        Ok(hours) => hours,
        Err(detail) => {
            let error = SourceError::Forge {
                source_name: name.clone(),
                detail,
            };
            return fail(store, report, progress, &name, error, false);
        }
    };
    let filter = Filter::new(&source.organisations, &source.repositories);
    let count = match &hours {
        Hours::Files(files) => files.len(),
        Hours::Download(_, hours) => hours.len(),
    };
    progress(Progress::MorePlanned {
        repositories: count,
    });
    for i in 0..count {
        if stop.load(Ordering::Relaxed) {
            report.stopped = true;
            break;
        }
        let (label, path) = match &hours {
            Hours::Files(files) => (files[i].display().to_string(), files[i].clone()),
            Hours::Download(archive, hours) => {
                let label = format!("{name} {}", hours[i]);
                match archive.fetch(hours[i]) {
                    Ok(Fetched::Ready(path)) => (label, path),
                    Ok(Fetched::Missing) => {
                        let detail =
                            format!("the hour {} is not in the archive (404): skipped", hours[i]);
                        skip(store, report, progress, &label, detail)?;
                        continue;
                    }
                    Err(detail) => {
                        skip(store, report, progress, &label, detail)?;
                        continue;
                    }
                }
            }
        };
        let hour = load_hour(store, rules, &path, &filter, &name, BATCH_EVENTS)?;
        record(store, report, progress, &label, &path, hour)?;
    }
    Ok(())
}

/// The source's name in messages and in the forge rows' `source`.
fn source_name(source: &GharchiveSource) -> String {
    match &source.path {
        Some(path) => format!("gharchive:{}", path.display()),
        None => format!("gharchive:{}", source.url),
    }
}

/// A folder's hours, or the range's to download; why not, in words.
fn plan(source: &GharchiveSource) -> Result<Hours, String> {
    match (&source.path, source.from) {
        (Some(_), Some(_)) => Err(
            "give either `path` (hour files on disk) or `from` and `to` \
             (hours to download), not both"
                .into(),
        ),
        (Some(path), None) => hour_files(path)
            .map(Hours::Files)
            .map_err(|e| format!("cannot list {}: {e}", path.display())),
        (None, Some(from)) => {
            let to = source.to.unwrap_or(from);
            if to < from {
                return Err(format!("`to` ({to}) is before `from` ({from})"));
            }
            let archive = Archive::new(&source.url, &source.cache)?;
            Ok(Hours::Download(archive, from.through(to).collect()))
        }
        (None, None) => Err("add `path = \"...\"` (a folder of hour files) or `from = \
             \"YYYY-MM-DDTHH\"` (hours to download)"
            .into()),
    }
}

/// An hour that could not be had: reported, done for the progress count.
fn skip(
    store: &Store,
    report: &mut IngestReport,
    progress: &mut impl FnMut(Progress<'_>),
    label: &str,
    detail: String,
) -> Result<(), StoreError> {
    let error = SourceError::Forge {
        source_name: label.to_owned(),
        detail,
    };
    fail(store, report, progress, label, error, true)
}

/// What an hour stored, in the run's report and progress; its malformed
/// lines and an early end are reported with the file's name.
fn record(
    store: &Store,
    report: &mut IngestReport,
    progress: &mut impl FnMut(Progress<'_>),
    label: &str,
    path: &std::path::Path,
    hour: HourReport,
) -> Result<(), StoreError> {
    if let Some(first) = hour.malformed.first() {
        let reason = format!(
            "{first}; {} malformed line{} in all{}, the other events were read",
            hour.malformed_count,
            if hour.malformed_count == 1 { "" } else { "s" },
            if hour.malformed.len() > 1 {
                format!(" ({})", hour.malformed[1..].join("; "))
            } else {
                String::new()
            }
        );
        let error = SourceError::Invalid {
            path: path.to_owned(),
            reason,
        };
        fail(store, report, progress, label, error, false)?;
    }
    if let Some(why) = &hour.broken {
        let error = SourceError::Invalid {
            path: path.to_owned(),
            reason: format!("the file breaks off {why}; the events before were stored"),
        };
        fail(store, report, progress, label, error, false)?;
    }
    let total = hour.forge_total();
    progress(Progress::ForgeStored {
        repository: label,
        summary: &total,
        unchanged: false,
    });
    for (name, summary) in hour.forge {
        report.forge.push((name, summary));
    }
    for (name, summary) in hour.commits {
        report.repositories.push((name, summary));
    }
    Ok(())
}
