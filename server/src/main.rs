//! `vigie`: ingest community activity into DuckDB and serve the dashboard.
//!
//! Read in this order: [`commands`] (what `vigie` can be asked to do, one
//! module per subcommand), [`config`] (the `vigie.toml` every command but
//! `init` reads), then what `vigie serve` is made of: [`auth`], [`admin`],
//! [`schedule`], [`download`], [`response_cache`], [`operations`] and
//! [`telemetry`].

// In a binary the lint sees little past this page (nothing is exported):
// every module and public item is documented all the same, a sentence each.
#![warn(missing_docs)]

mod admin;
mod auth;
mod commands;
mod config;
mod download;
mod ggi;
mod operations;
mod response_cache;
mod schedule;
mod telemetry;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Logs on standard error: readable lines, or one JSON object per line
    // (VIGIE_LOG_FORMAT=json) for a log collector. VIGIE_LOG filters.
    let filter = tracing_subscriber::EnvFilter::try_from_env("VIGIE_LOG")
        .unwrap_or_else(|_| "info,vigie=info".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("VIGIE_LOG_FORMAT").is_ok_and(|f| f == "json") {
        logs.json().flatten_event(true).init();
    } else {
        logs.init();
    }
    commands::Cli::parse().run()
}
