//! `vigie ingest`: every configured source into the database, with a
//! progress bar and a summary.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use vigie_ingest::run::freshness;
use vigie_ingest::{ingest, IngestReport, Progress, Store};

use crate::config::Config;

/// Reads every configured source into the store and prints a summary
/// (as JSON with `json`); the exit status says whether some failed.
pub fn run(config: &Config, json: bool) -> anyhow::Result<ExitCode> {
    if config.sources.is_empty() {
        anyhow::bail!("the configuration has no [[sources]]; see README.md, Configuration");
    }
    let rules = config.rules()?;
    let mut store = Store::open(&config.store.database)
        .with_context(|| format!("cannot open {}", config.store.database.display()))?;
    let started = Instant::now();
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {prefix}, {msg}",
        )
        .expect("a valid template"),
    );
    if json {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    let mut shown = Shown {
        bar: &bar,
        commits: 0,
        started,
        counting: Counting::default(),
    };
    shown.name_unit();
    let mut report = ingest(
        &mut store,
        &config.source_configs(),
        &config.store.clones,
        &rules,
        |event| shown.event(event),
    )?;
    if !report.stopped {
        freshness::ask_all(
            &mut store,
            config.estate.repository_config(),
            &mut report,
            |event| shown.event(event),
            &AtomicBool::new(false),
        )?;
    }
    drop(store);
    if !report.stopped {
        bar.set_message("measuring the GGI scorecard's evidence");
        // Measured as the dashboard measures it, from the data just stored.
        if let Err(e) = record_ggi_evidence(config) {
            bar.suspend(|| eprintln!("warning: the GGI evidence was not recorded: {e:#}"));
        }
    }
    bar.finish_and_clear();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&as_json(&report, started.elapsed()))?
        );
    } else {
        print_summary(&report, started.elapsed());
    }
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else if report.repositories.is_empty() && report.forge.is_empty() {
        // Nothing could be read at all.
        ExitCode::FAILURE
    } else {
        ExitCode::from(2)
    })
}

/// Records the GGI scorecard's evidence against the run just finished.
fn record_ggi_evidence(config: &Config) -> anyhow::Result<()> {
    let dashboard = vigie_app::backend::Dashboard::open(
        &config.store.database,
        vigie_ingest::affiliation::Affiliations::new(&config.affiliations),
        config.thresholds.clone(),
        config.groups.clone(),
    )?
    .governance(config.governance.clone());
    dashboard.record_ggi_evidence()?;
    Ok(())
}

/// The progress bar, and what it counts.
struct Shown<'a> {
    bar: &'a ProgressBar,
    commits: u64,
    started: Instant,
    counting: Counting,
}

/// What the bar's steps are: repositories, GH Archive's hours, or both.
#[derive(Default)]
struct Counting {
    repositories: bool,
    hours: bool,
}

impl Shown<'_> {
    /// Names the bar's steps after what has been planned.
    fn name_unit(&self) {
        self.bar
            .set_prefix(match (self.counting.repositories, self.counting.hours) {
                (false, true) => "hours",
                (true, true) => "repositories and hours",
                (_, false) => "repositories",
            });
    }

    /// `steps` more repositories, or GH Archive hours, to read.
    fn planned(&mut self, steps: usize, hours: bool) {
        self.bar.inc_length(steps as u64);
        if hours {
            self.counting.hours |= steps > 0;
        } else {
            self.counting.repositories |= steps > 0;
        }
        self.name_unit();
    }

    fn event(&mut self, event: Progress<'_>) {
        let bar = self.bar;
        match event {
            Progress::Planned { repositories } => {
                bar.set_length(0);
                self.planned(repositories, false);
            }
            Progress::MorePlanned { repositories } => self.planned(repositories, false),
            Progress::HoursPlanned { hours } => self.planned(hours, true),
            Progress::HourStored {
                hour,
                events,
                summary,
                already_stored,
            } => {
                bar.inc(1);
                bar.set_message(if already_stored {
                    format!("{hour} stored whole by an earlier run")
                } else {
                    format!(
                        "{hour}: {events} events, {} issues and pull requests",
                        summary.issues
                    )
                });
            }
            Progress::ForgeStored {
                repository,
                summary,
                unchanged,
            } => {
                bar.inc(1);
                bar.set_message(if unchanged {
                    format!("{repository} unchanged")
                } else {
                    format!("{repository}: {} issues and pull requests", summary.issues)
                });
            }
            Progress::Skipped { repositories } => bar.inc(repositories as u64),
            Progress::Waiting { seconds, reason } => {
                bar.set_message(format!("waiting {seconds} s: {reason}"));
            }
            Progress::Stored {
                repository,
                summary,
            } => {
                self.commits += summary.commits_read;
                bar.inc(1);
                let rate = self.commits as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
                bar.set_message(format!(
                    "{} commits read ({rate:.0}/s), last {repository}",
                    self.commits
                ));
            }
            Progress::FreshnessAsked { done, total } => {
                bar.set_message(format!(
                    "freshness of external dependencies: {done} of {total}"
                ));
            }
            Progress::Failed { error, skipped, .. } => {
                // Every source error names its source already.
                bar.suspend(|| eprintln!("vigie: {error}"));
                if skipped {
                    bar.inc(1);
                }
            }
        }
    }
}

fn print_summary(report: &IngestReport, took: Duration) {
    let t = report.totals();
    println!(
        "Ingest run {} finished in {:.1} s: {} git repositories ({} unchanged), {} commits read, \
         {} new; {} contributors, of which {} bots; {} errors.",
        report.run_id,
        took.as_secs_f64(),
        report.repositories.len(),
        report
            .repositories
            .iter()
            .filter(|(_, s)| s.unchanged)
            .count(),
        t.commits_read,
        t.commits_added,
        report.contributors.contributors,
        report.contributors.bots,
        report.failures.len()
    );
    if !report.forge.is_empty() {
        println!(
            "Forges: {} repositories, {} issues and pull requests stored, {} requests ({} not modified).",
            report.forge.len(),
            report.forge.iter().map(|(_, s)| s.issues).sum::<u64>(),
            report.forge_requests.0,
            report.forge_requests.1
        );
    }
    let estate = report.estate;
    if estate.read + estate.unchanged > 0 {
        println!(
            "Contents: {} tips read, {} unchanged, {} repositories without contents.",
            estate.read, estate.unchanged, estate.without_contents
        );
    }
    let fresh = report.freshness;
    if fresh.artifacts > 0 {
        println!(
            "External dependencies: {} artifacts, freshness known for {}, {} not in the Maven \
             repository, {} unknown (the technical debt page says why).",
            fresh.artifacts, fresh.known, fresh.not_in_repository, fresh.unavailable
        );
    }
    for (_, message) in &report.failures {
        println!("  error: {message}");
    }
}

fn as_json(report: &IngestReport, took: Duration) -> serde_json::Value {
    let t = report.totals();
    serde_json::json!({
        "run_id": report.run_id,
        "seconds": took.as_secs_f64(),
        "repositories": report.repositories.iter().map(|(name, s)| serde_json::json!({
            "repository": name,
            "commits_read": s.commits_read,
            "commits_added": s.commits_added,
            "activities_added": s.activities_added,
            "identities_added": s.identities_added,
            "unchanged": s.unchanged,
        })).collect::<Vec<_>>(),
        "totals": {
            "commits_read": t.commits_read,
            "commits_added": t.commits_added,
            "activities_added": t.activities_added,
            "identities_added": t.identities_added,
        },
        "forge": report.forge.iter().map(|(name, s)| serde_json::json!({
            "repository": name, "issues": s.issues, "added": s.added, "activities": s.activities,
        })).collect::<Vec<_>>(),
        "contents": serde_json::json!({
            "read": report.estate.read,
            "unchanged": report.estate.unchanged,
            "without_contents": report.estate.without_contents,
        }),
        "external_dependencies": serde_json::json!({
            "artifacts": report.freshness.artifacts,
            "known": report.freshness.known,
            "not_in_repository": report.freshness.not_in_repository,
            "unavailable": report.freshness.unavailable,
        }),
        "forge_requests": report.forge_requests.0,
        "forge_not_modified": report.forge_requests.1,
        "contributors": report.contributors.contributors,
        "bots": report.contributors.bots,
        "errors": report.failures.iter().map(|(source, message)| serde_json::json!({
            "source": source, "message": message,
        })).collect::<Vec<_>>(),
    })
}
