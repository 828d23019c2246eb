//! Ingest inside `vigie serve`: each source is read again `every` after
//! its last run (`[schedule] every`, or the source's own `every`), and an
//! administrator can start a run at once ("Refresh now").
//!
//! The server holds the database (DuckDB allows one writing process), so
//! runs use a second connection of the same process. While a run writes,
//! pages keep showing the data as it was before it
//! ([`vigie_app::backend::Dashboard::writer`]); each batch is one
//! transaction. On SIGTERM the run stops after the batch it is writing is
//! committed, and the run is recorded as stopped; the next run reads on
//! from there.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vigie_app::backend::Dashboard;
use vigie_ingest::run::freshness;
use vigie_ingest::{ingest_until, SourceConfig};

use crate::config::Config;

/// How often the schedule is looked at, at most.
const TICK: Duration = Duration::from_secs(15);

/// The scheduled ingest of one server.
pub struct Scheduler {
    dashboard: Arc<Dashboard>,
    plan: Mutex<Plan>,
    /// A run (or another write) is in progress.
    busy: AtomicBool,
    /// The server is shutting down: stop after the current batch.
    stop: AtomicBool,
}

/// The configuration and when each source was last read.
struct Plan {
    config: Config,
    /// Each source's interval (`None`: only by hand).
    every: Vec<Option<Duration>>,
    /// When each source was last read by this process (or, at start, the
    /// store's latest finished run).
    last: Vec<Option<Instant>>,
}

impl Plan {
    fn new(config: &Config, last: Option<Instant>) -> Self {
        let every = config
            .sources
            .iter()
            .map(|s| s.every.unwrap_or(config.schedule.every).0)
            .collect::<Vec<_>>();
        Self {
            config: config.clone(),
            last: vec![last; every.len()],
            every,
        }
    }
}

/// Holds the `busy` flag; lowers it when dropped, even on a panic.
struct Busy<'a>(&'a AtomicBool);

impl<'a> Busy<'a> {
    /// Raises the flag, unless it is up already.
    fn take(flag: &'a AtomicBool) -> Option<Self> {
        flag.compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
            .ok()
            .map(|_| Self(flag))
    }
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// What "Refresh now" did.
#[derive(Debug, PartialEq, Eq)]
pub enum Refresh {
    /// A run of every source has started.
    Started,
    /// A run is in progress already.
    Running,
    /// The server is shutting down.
    ShuttingDown,
    /// No source is configured.
    Nothing,
}

impl Scheduler {
    /// The schedule of `config`'s sources; the store's latest finished run
    /// counts as every source's last run, so a restart does not read
    /// everything again at once.
    pub fn new(config: &Config, dashboard: Arc<Dashboard>) -> Arc<Self> {
        let since_last = dashboard
            .seconds_since_last_run()
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "cannot read the latest ingest run");
                None
            })
            .map(|s| Duration::from_secs_f64(s.max(0.0)));
        let last = since_last.and_then(|ago| Instant::now().checked_sub(ago));
        Arc::new(Self {
            dashboard,
            plan: Mutex::new(Plan::new(config, last)),
            busy: AtomicBool::new(false),
            stop: AtomicBool::new(false),
        })
    }

    fn plan(&self) -> std::sync::MutexGuard<'_, Plan> {
        self.plan.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes a changed configuration: sources already known keep when
    /// they were last read; new ones are due at once.
    pub fn reload(&self, config: &Config) {
        let mut plan = self.plan();
        let mut fresh = Plan::new(config, None);
        for (i, source) in config.sources.iter().enumerate() {
            if let Some(at) = plan
                .config
                .sources
                .iter()
                .position(|s| s.source == source.source)
            {
                fresh.last[i] = plan.last[at];
            }
        }
        *plan = fresh;
    }

    /// Runs `write` on a connection of its own unless an ingest run (or
    /// another write) is in progress (then `None`).
    pub fn write<T>(
        &self,
        write: impl FnOnce(&mut vigie_ingest::Store) -> anyhow::Result<T>,
    ) -> Option<anyhow::Result<T>> {
        let _busy = Busy::take(&self.busy)?;
        Some(
            self.dashboard
                .writer()
                .map_err(anyhow::Error::from)
                .and_then(|(mut store, _guard)| write(&mut store)),
        )
    }

    /// How often to look at the schedule: every 15 s, or twice per
    /// shortest interval when that is shorter (at least every 200 ms).
    fn tick(&self) -> Duration {
        self.plan()
            .every
            .iter()
            .flatten()
            .map(|every| *every / 2)
            .min()
            .map_or(TICK, |half| half.clamp(Duration::from_millis(200), TICK))
    }

    /// Whether any source is read on a schedule.
    pub fn is_scheduled(&self) -> bool {
        self.plan().every.iter().any(Option::is_some)
    }

    /// The sources due now.
    fn due(&self, now: Instant) -> Vec<usize> {
        let plan = self.plan();
        plan.every
            .iter()
            .zip(plan.last.iter())
            .enumerate()
            .filter_map(|(i, (every, last))| {
                let every = (*every)?;
                match last {
                    Some(at) if now.duration_since(*at) < every => None,
                    _ => Some(i),
                }
            })
            .collect()
    }

    /// Reads the sources `which` now (blocking); nothing if a run is in
    /// progress or the server is stopping.
    fn run(&self, which: &[usize], why: &str) {
        if which.is_empty() {
            return;
        }
        let Some(_busy) = Busy::take(&self.busy) else {
            return;
        };
        // After taking the flag: a shutdown that saw it down has set this.
        if self.stop.load(Ordering::SeqCst) {
            return;
        }
        let started = Instant::now();
        let config = self.plan().config.clone();
        let sources: Vec<SourceConfig> = which
            .iter()
            .filter_map(|&i| config.sources.get(i))
            .map(|s| s.source.clone())
            .collect();
        tracing::info!(sources = sources.len(), why, "an ingest run starts");
        let outcome = (|| -> anyhow::Result<vigie_ingest::IngestReport> {
            // Read at each run: identity decisions made since are applied.
            let rules = config.rules()?;
            let (mut store, _guard) = self.dashboard.writer()?;
            let mut report = ingest_until(
                &mut store,
                &sources,
                &config.store.clones,
                &rules,
                &self.stop,
                |_| {},
            )?;
            if !report.stopped {
                freshness::ask_all(
                    &mut store,
                    config.estate.repository_config(),
                    &mut report,
                    |_| {},
                    &self.stop,
                )?;
            }
            Ok(report)
        })();
        {
            let mut plan = self.plan();
            // The configuration may have changed meanwhile: by source.
            for source in &sources {
                if let Some(i) = plan.config.sources.iter().position(|s| s.source == *source) {
                    plan.last[i] = Some(started);
                }
            }
        }
        match outcome {
            Ok(report) => {
                let totals = report.totals();
                tracing::info!(
                    run = report.run_id,
                    seconds = started.elapsed().as_secs_f64(),
                    commits_added = totals.commits_added,
                    forge_repositories = report.forge.len(),
                    errors = report.failures.len(),
                    stopped = report.stopped,
                    "the ingest run ended"
                );
                for (source, message) in &report.failures {
                    tracing::warn!(%source, %message, "a source failed");
                }
                // The GGI scorecard's evidence, after the run and against it.
                if !report.stopped {
                    if let Err(e) = self.dashboard.record_ggi_evidence() {
                        tracing::warn!(error = %e, "the GGI evidence could not be recorded");
                    }
                }
            }
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "the ingest run failed");
                // Its end could not be recorded by the run itself.
                let closed = self
                    .dashboard
                    .writer()
                    .map_err(anyhow::Error::from)
                    .and_then(|(store, _guard)| Ok(store.close_open_runs("failed")?));
                if let Err(e) = closed {
                    tracing::warn!(error = %format!("{e:#}"), "the failed run stays marked running");
                }
            }
        }
    }

    /// Starts a run of every source on a thread of its own.
    pub fn refresh_now(self: &Arc<Self>) -> Refresh {
        if self.stop.load(Ordering::SeqCst) {
            return Refresh::ShuttingDown;
        }
        if self.busy.load(Ordering::SeqCst) {
            return Refresh::Running;
        }
        let all: Vec<usize> = (0..self.plan().config.sources.len()).collect();
        if all.is_empty() {
            return Refresh::Nothing;
        }
        let this = Arc::clone(self);
        std::thread::spawn(move || this.run(&all, "refresh asked by an administrator"));
        Refresh::Started
    }

    /// Whether a run is in progress.
    pub fn is_running(&self) -> bool {
        self.busy.load(Ordering::SeqCst)
    }

    /// Runs the schedule until [`Scheduler::shut_down`].
    pub async fn run_schedule(self: Arc<Self>) {
        if self.plan().config.sources.is_empty() {
            tracing::info!("no source is configured yet: nothing to ingest");
        } else if !self.is_scheduled() {
            tracing::info!(
                "no source is read on a schedule ([schedule] every = \"off\"): \
                 only Refresh now reads them"
            );
        }
        // Looked at even with nothing scheduled: the administration page
        // may add a source with an interval.
        loop {
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let due = self.due(Instant::now());
            if !due.is_empty() && !self.is_running() {
                let this = Arc::clone(&self);
                // A thread of its own: a run can take hours.
                std::thread::spawn(move || this.run(&due, "scheduled"));
            }
            tokio::time::sleep(self.tick()).await;
        }
    }

    /// Asks a run in progress to stop after its current batch; no run
    /// starts after this.
    pub fn begin_shutdown(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// [`Scheduler::begin_shutdown`], then waits for the run in progress
    /// (at most `patience`).
    pub async fn shut_down(&self, patience: Duration) {
        self.begin_shutdown();
        if !self.is_running() {
            return;
        }
        tracing::info!("waiting for the ingest run to commit its current batch");
        let deadline = Instant::now() + patience;
        while self.is_running() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if self.is_running() {
            tracing::warn!(
                "the ingest run did not stop in time; its open transaction is rolled back \
                 when the process ends, and the next run reads on"
            );
        } else {
            tracing::info!("the ingest run stopped");
        }
    }
}
