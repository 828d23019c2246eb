//! The GH Archive source (`kind = "gharchive"`): GitHub's public events,
//! one gzipped file of JSON lines per hour, read from a folder or
//! downloaded for a range of hours ([`Archive`], resumable and checked).
//!
//! Each hour is streamed a line at a time ([`load::load_hour`]): an event of
//! a kept repository ([`Filter`]) is read into what the GitHub source stores
//! ([`event::read_event`]: issues and pull requests, comments, reviews,
//! closes, merges and reopens, releases, pushed commits), and every
//! [`load::BATCH_EVENTS`] kept events are stored in two transactions
//! ([`crate::store::Store::load_forge_many`], then
//! [`crate::store::Store::load_unresolved`] for the commits: contributors
//! are resolved once, at the end of the run). Memory holds one batch.
//! An hour read to its end is recorded
//! ([`crate::store::Store::record_hour`]) and later runs leave it unread;
//! one that broke off is read again.
//!
//! GH Archive and the GitHub API meet in the same rows: the repository's
//! `owner/name`, the item's number, the forge's ids of comments, reviews
//! and releases, and accounts by login (`docs/configuration.md`, "How GH
//! Archive meets the GitHub source"). An event carries its item as it was
//! then: the store keeps whichever version was updated last.

mod download;
pub mod event;
mod hour;
pub mod load;
mod run;

use std::path::{Path, PathBuf};

pub use download::{check_gzip, Archive, Fetched, DEFAULT_URL};
pub use event::{read_event, EventItems, Filter};
pub use hour::Hour;
pub use load::{load_hour, HourReport};
pub(crate) use run::run;

/// The hour files of a folder (every `*.json.gz`), in time order: by the
/// hour their name gives, then by name for those whose name gives none.
pub fn hour_files(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|p| p.is_file() && p.to_string_lossy().ends_with(".json.gz"))
        .collect();
    files.sort_by_key(|p| (Hour::of_file(p).is_none(), Hour::of_file(p), p.clone()));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_s_hours_are_read_in_time_order_whatever_their_names_sort_as() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "2015-01-01-10.json.gz",
            "2015-01-01-9.json.gz",
            "2015-01-02-0.json.gz",
            "extra.json.gz",
            "2015-01-01-8.json.gz.part",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(name), b"").unwrap();
        }
        let names: Vec<String> = hour_files(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "2015-01-01-9.json.gz",
                "2015-01-01-10.json.gz",
                "2015-01-02-0.json.gz",
                "extra.json.gz"
            ]
        );
    }
}
