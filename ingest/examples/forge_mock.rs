//! The mock forge of the ingest tests as a standalone server, for manual
//! runs and benchmarks (e.g. against GrimoireLab Perceval, with
//! `--enterprise-url`): the recorded GitHub answers, for what Vigie asks
//! and under each recorded path, and the recorded GitLab project under
//! `/api/v4`:
//!
//! ```text
//! cargo run --release -p vigie-ingest --example forge_mock -- \
//!     [--port N] [--latency-ms 50] [--data ../shared/data]
//! ```
//!
//! Prints `listening on http://127.0.0.1:PORT`, then serves until killed,
//! writing the number of requests answered to standard error every 10 s and
//! on SIGINT or SIGTERM.

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use support::forge::MockForge;
use support::gitlab_recordings::GitLabProject;
use support::recordings::Recordings;
use tokio::signal::unix::{signal, SignalKind};

struct Options {
    port: u16,
    latency: Duration,
    data: Option<PathBuf>,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        latency: Duration::ZERO,
        data: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--port" => options.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--latency-ms" => {
                let ms = value()?.parse().map_err(|e| format!("--latency-ms: {e}"))?;
                options.latency = Duration::from_millis(ms);
            }
            "--data" => options.data = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    Ok(options)
}

fn main() {
    let options = options().unwrap_or_else(|e| {
        eprintln!("forge_mock: {e}\nusage: forge_mock [--port N] [--latency-ms MS] [--data DIR]");
        std::process::exit(2);
    });
    let Some(data) = options.data.or_else(vigie_ingest::testdata::shared_data) else {
        eprintln!("forge_mock: no shared data folder: pass --data");
        std::process::exit(2);
    };
    let forge = MockForge::start_on(options.port);
    let recordings = Recordings::github(&data);
    recordings.serve_on(&forge);
    recordings.serve_item_by_item_on(&forge);
    GitLabProject::fdroid(&data).serve_on(&forge);
    forge.set_latency(options.latency);
    println!("listening on {}", forge.url());
    let _ = std::io::stdout().flush();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let mut interrupt = signal(SignalKind::interrupt()).expect("a SIGINT handler");
        let mut terminate = signal(SignalKind::terminate()).expect("a SIGTERM handler");
        let mut every = tokio::time::interval(Duration::from_secs(10));
        every.tick().await;
        loop {
            tokio::select! {
                _ = every.tick() => eprintln!("forge_mock: {} requests", forge.request_count()),
                _ = interrupt.recv() => break,
                _ = terminate.recv() => break,
            }
        }
    });
    eprintln!("forge_mock: {} requests, stopping", forge.request_count());
}
