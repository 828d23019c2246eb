//! Downloading hours from gharchive.org (or a mirror) into a cache folder.
//!
//! An hour is written to `NAME.part` and renamed to its name only once it
//! has arrived whole and decompresses end to end (gzip's own length and
//! CRC checks): a file under its name is complete and is never fetched
//! again; a `.part` left by an interrupted run is resumed with a `Range`
//! request (or started again if the server sends the whole file), and
//! never read as an hour. An hour the archive does not have (404) is
//! reported as missing, not as a failure of the run.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use flate2::read::MultiGzDecoder;

use super::Hour;

/// Where hours are downloaded from by default.
pub const DEFAULT_URL: &str = "https://data.gharchive.org/";

/// What fetching an hour gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The hour's file, complete and checked, in the cache.
    Ready(PathBuf),
    /// The archive has no such hour (404).
    Missing,
}

/// A GH Archive server and the folder its hours are kept in.
pub struct Archive {
    base: String,
    cache: PathBuf,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

impl Archive {
    /// An archive at `url` (its hours are `url` + file name), kept in `cache`.
    pub fn new(url: &str, cache: &Path) -> Result<Archive, String> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(30))
            .read_timeout(Duration::from_secs(120))
            .user_agent(concat!("vigie/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot start the HTTP client: {e}"))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the network runtime: {e}"))?;
        Ok(Archive {
            base: format!("{}/", url.trim_end_matches('/')),
            cache: cache.to_owned(),
            client,
            runtime,
        })
    }

    /// The hour's file in the cache, downloaded unless it is there already.
    /// An error says what failed, with the hour's address.
    pub fn fetch(&self, hour: Hour) -> Result<Fetched, String> {
        let name = hour.file_name();
        let done = self.cache.join(&name);
        if done.is_file() {
            return Ok(Fetched::Ready(done));
        }
        fs::create_dir_all(&self.cache)
            .map_err(|e| format!("cannot create {}: {e}", self.cache.display()))?;
        let part = self.cache.join(format!("{name}.part"));
        let url = format!("{}{name}", self.base);
        let outcome = self.runtime.block_on(self.download(&url, &part));
        match outcome {
            Ok(false) => {
                let _ = fs::remove_file(&part);
                Ok(Fetched::Missing)
            }
            Ok(true) => match check_gzip(&part) {
                Ok(()) => {
                    fs::rename(&part, &done)
                        .map_err(|e| format!("cannot keep {}: {e}", done.display()))?;
                    Ok(Fetched::Ready(done))
                }
                Err(e) => {
                    // Damaged whole: resuming it would keep the damage.
                    let _ = fs::remove_file(&part);
                    Err(format!(
                        "{url} arrived damaged ({e}); not stored, fetched again next run"
                    ))
                }
            },
            Err(e) => Err(format!(
                "{url}: {e}; what arrived is kept to resume next run"
            )),
        }
    }

    /// Downloads `url` into `part`, resuming what is there; false for a 404.
    async fn download(&self, url: &str, part: &Path) -> Result<bool, String> {
        let have = fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        let mut request = self.client.get(url);
        if have > 0 {
            request = request.header(reqwest::header::RANGE, format!("bytes={have}-"));
        }
        let mut response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        let append = match status.as_u16() {
            404 => return Ok(false),
            206 if have > 0 => true,
            200 => false,
            416 if have > 0 => {
                // The part is as long as the file or longer: start again.
                fs::remove_file(part).map_err(|e| e.to_string())?;
                return Box::pin(self.download(url, part)).await;
            }
            _ => return Err(format!("the server answered {status}")),
        };
        let mut file = OpenOptions::new()
            .create(true)
            .append(append)
            .write(true)
            .truncate(!append)
            .open(part)
            .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
            file.write_all(&chunk)
                .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        }
        file.sync_all()
            .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        Ok(true)
    }
}

/// Decompresses a whole file, so that gzip's checks (every member's length
/// and CRC, a truncated stream) run before it is used.
pub fn check_gzip(path: &Path) -> Result<(), String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    if file.metadata().map_err(|e| e.to_string())?.len() == 0 {
        return Err("empty".into());
    }
    let mut gz = MultiGzDecoder::new(io::BufReader::with_capacity(1 << 16, file));
    io::copy(&mut gz, &mut io::sink()).map_err(|e| format!("not a whole gzip file: {e}"))?;
    Ok(())
}
