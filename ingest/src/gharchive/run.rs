//! A `kind = "gharchive"` source in an ingest run: its hours listed (a
//! folder's files) or fetched one after the other (a range), each read into
//! the store, progress reported per hour, problems recorded with the run
//! and the run going on.
//!
//! An hour read to its end is recorded ([`Store::record_hour`]) and not
//! read again by later runs while the source keeps the same repositories
//! (and, for a folder's file, while the file keeps its size): a downloaded
//! hour stored whole is not even fetched again. An hour that broke off is
//! read again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::{hour_files, load_hour, Archive, Fetched, Filter, Hour, HourReport};
use crate::config::GharchiveSource;
use crate::error::{SourceError, StoreError};
use crate::run::{fail, IngestReport, Progress};
use crate::store::{ForgeSummary, Store, StoredHour};

use super::load::BATCH_EVENTS;

/// Where the source's hours come from.
enum Hours {
    Files(Vec<PathBuf>),
    Download(Archive, Vec<Hour>),
}

impl Hours {
    fn len(&self) -> usize {
        match self {
            Hours::Files(files) => files.len(),
            Hours::Download(_, hours) => hours.len(),
        }
    }
}

/// The source, as one run reads it.
struct Reading {
    /// Its name, in messages and in the forge rows' `source`.
    name: String,
    filter: Filter,
    /// Which repositories it keeps, as the hours it stored record it.
    kept: String,
    /// The hours it stored whole in earlier runs, by file name.
    stored: HashMap<String, StoredHour>,
}

/// Reads the source's hours into the store; stops between hours once
/// `stop` is set.
pub(crate) fn run(
    store: &mut Store,
    source: &GharchiveSource,
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
    let reading = Reading {
        stored: store.stored_hours(&name)?,
        kept: filter.describe(),
        filter,
        name,
    };
    progress(Progress::HoursPlanned { hours: hours.len() });
    for i in 0..hours.len() {
        if stop.load(Ordering::Relaxed) {
            report.stopped = true;
            break;
        }
        let Some((label, path)) = reading.next(store, &hours, i, report, progress)? else {
            continue;
        };
        reading.read(store, &label, &path, report, progress)?;
    }
    Ok(())
}

impl Reading {
    /// The `i`th hour's label and file, fetched if need be; `None` when it
    /// is left unread (stored whole before) or cannot be had (reported).
    fn next(
        &self,
        store: &Store,
        hours: &Hours,
        i: usize,
        report: &mut IngestReport,
        progress: &mut impl FnMut(Progress<'_>),
    ) -> Result<Option<(String, PathBuf)>, StoreError> {
        match hours {
            Hours::Files(files) => {
                let (label, path) = (files[i].display().to_string(), files[i].clone());
                // A file that cannot be looked at is read, and its failure
                // reported.
                let size = std::fs::metadata(&path).map(|m| m.len());
                if size.is_ok_and(|size| self.stored_whole(&file_name(&path), Some(size))) {
                    left_unread(progress, &label);
                    return Ok(None);
                }
                Ok(Some((label, path)))
            }
            Hours::Download(archive, hours) => {
                let hour = hours[i];
                let label = format!("{} {hour}", self.name);
                // An archive's hour never changes: not even fetched again.
                if self.stored_whole(&hour.file_name(), None) {
                    left_unread(progress, &label);
                    return Ok(None);
                }
                match archive.fetch(hour) {
                    Ok(Fetched::Ready(path)) => Ok(Some((label, path))),
                    Ok(Fetched::Missing) => {
                        let detail =
                            format!("the hour {hour} is not in the archive (404): skipped");
                        skip(store, report, progress, &label, detail).map(|_| None)
                    }
                    Err(detail) => skip(store, report, progress, &label, detail).map(|_| None),
                }
            }
        }
    }

    /// Whether an earlier run stored the hour file `file` whole, keeping
    /// the same repositories, from a file of `size` bytes if that is known.
    fn stored_whole(&self, file: &str, size: Option<u64>) -> bool {
        self.stored.get(file).is_some_and(|stored| {
            stored.kept == self.kept && size.is_none_or(|size| size == stored.bytes)
        })
    }

    /// Reads the hour file at `path` into the store, reports it, and
    /// records it when every event was stored.
    fn read(
        &self,
        store: &mut Store,
        label: &str,
        path: &Path,
        report: &mut IngestReport,
        progress: &mut impl FnMut(Progress<'_>),
    ) -> Result<(), StoreError> {
        // The size before reading: a file replaced while it was read is
        // read again next time.
        let bytes = std::fs::metadata(path).map(|m| m.len());
        let hour = load_hour(store, path, &self.filter, &self.name, BATCH_EVENTS)?;
        if let (None, Ok(bytes)) = (&hour.broken, bytes) {
            let stored = StoredHour {
                file: file_name(path),
                kept: self.kept.clone(),
                bytes,
                events: hour.events,
            };
            store.record_hour(&self.name, &stored)?;
        }
        record(store, report, progress, label, path, hour)
    }
}

/// An hour stored whole by an earlier run: done, for the progress count.
fn left_unread(progress: &mut impl FnMut(Progress<'_>), label: &str) {
    progress(Progress::HourStored {
        hour: label,
        events: 0,
        summary: &ForgeSummary::default(),
        already_stored: true,
    });
}

/// A file's name, the key of its hour in the store.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
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
    path: &Path,
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
    progress(Progress::HourStored {
        hour: label,
        events: hour.events,
        summary: &total,
        already_stored: false,
    });
    for (name, summary) in hour.forge {
        report.forge.push((name, summary));
    }
    for (name, summary) in hour.commits {
        report.repositories.push((name, summary));
    }
    Ok(())
}
