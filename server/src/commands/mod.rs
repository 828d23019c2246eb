//! The subcommands of `vigie`, one module each, and the command line that
//! chooses among them ([`Cli`]). Every command but `init` runs on the loaded
//! configuration; each returns the process's exit status.

mod affiliations;
mod backup;
mod identities;
mod ingest;
mod init;
mod lake;
mod serve;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;

/// Vigie: the community-health dashboard for open source program offices.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// The configuration file.
    #[arg(
        long,
        short,
        global = true,
        default_value = "vigie.toml",
        env = "VIGIE_CONFIG"
    )]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a commented configuration file to start from: every section,
    /// its defaults, and examples of each source kind.
    Init {
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
        /// The file to write. Default: the `--config` file (`vigie.toml`).
        path: Option<PathBuf>,
    },
    /// Read every configured source into the database.
    ///
    /// Exit status: 0 when every source was read, 2 when some failed (the
    /// others were stored), 1 when nothing could be done.
    Ingest {
        /// Print the summary as JSON on standard output, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// List likely duplicate identities for a person to confirm, or bots;
    /// record decisions in the identities file.
    Identities {
        /// List the bots instead.
        #[arg(long)]
        bots: bool,
        /// Print JSON on standard output, for scripts.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<identities::Action>,
    },
    /// Show the share of contributions without an organisation and the top
    /// e-mail domains that have no affiliation rule yet.
    Affiliations {
        /// How many unknown domains to list.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Print JSON on standard output, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Write the whole store as Parquet files (one per table, and the
    /// schema) into a new or empty folder: for other tools, and backups.
    Export {
        /// The folder to write.
        folder: PathBuf,
    },
    /// Restore an export into the configured database, which must not
    /// exist yet.
    Import {
        /// A folder written by `vigie export`.
        folder: PathBuf,
    },
    /// The store as a Parquet lake for engines beyond one machine
    /// (docs/scale.md).
    Lake {
        #[command(subcommand)]
        action: lake::Action,
    },
    /// Manage the accounts of community managers and administrators.
    Users {
        #[command(subcommand)]
        action: users::Action,
    },
    /// Serve the dashboard.
    Serve {
        /// Listen here instead of the configured `[server] address`.
        #[arg(long)]
        address: Option<std::net::SocketAddr>,
        /// The built site (wasm, JS, CSS, static files). Default: `site`
        /// beside the binary's folder, where scripts/build-site.sh puts it.
        #[arg(long, env = "VIGIE_SITE")]
        site: Option<PathBuf>,
    },
}

impl Cli {
    /// Runs the chosen command; errors are printed on standard error.
    pub fn run(self) -> ExitCode {
        // Before loading the configuration: `init` writes it.
        if let Command::Init { force, path } = &self.command {
            return init::run(path.as_ref().unwrap_or(&self.config), *force);
        }
        let config = match Config::load(&self.config) {
            Ok(config) => config,
            Err(e) => {
                eprintln!("vigie: {e}");
                return ExitCode::FAILURE;
            }
        };
        let outcome = match self.command {
            Command::Init { .. } => unreachable!("`init` runs before the configuration is loaded"),
            Command::Ingest { json } => ingest::run(&config, json),
            Command::Identities { bots, json, action } => {
                identities::run(&config, action, bots, json)
            }
            Command::Affiliations { top, json } => affiliations::run(&config, top, json),
            Command::Export { folder } => backup::export(&config, &folder),
            Command::Import { folder } => backup::import(&config, &folder),
            Command::Lake { action } => lake::run(&config, action),
            Command::Users { action } => users::run(&config, action),
            Command::Serve { address, site } => serve::run(&config, &self.config, address, site),
        };
        match outcome {
            Ok(code) => code,
            Err(e) => {
                eprintln!("vigie: {e:#}");
                ExitCode::FAILURE
            }
        }
    }
}
