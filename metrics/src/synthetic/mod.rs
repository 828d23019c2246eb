//! Synthetic contributor activity, for benchmarks and scale tests only.
//!
//! **Not real data.** Everything here is invented by a seeded random
//! generator; it must never be shown to users as, or mixed with, the
//! activity of a real community. Its repositories are named
//! `synthetic/repo-NNNN` so that it cannot be mistaken for real data.
//!
//! [`generate`] turns a [`Spec`] into [`Synthetic`] activity, column by
//! column; [`Synthetic::write_duckdb`] stores it as the
//! `synthetic_activities` table the DuckDB side of the metrics benchmark
//! queries.
//!
//! # Determinism
//!
//! The random numbers come from a generator written here rather than a
//! crate, so that the same [`Spec`] gives the same data forever, whatever
//! dependency updates happen: xoshiro256** (Blackman and Vigna, 2018), fast
//! and statistically sound for simulation, seeded through SplitMix64 as its
//! authors recommend. Every contributor draws from their own stream (the
//! seed and their id), so the rows would not change if generation were
//! split across threads. Only IEEE-754's exactly rounded operations (+, −,
//! ×, ÷, √) are used: no `ln`, `exp` or `powf`, whose last bits vary
//! between maths libraries.
//!
//! # How realistic it is
//!
//! - **Heavy-tailed contributions per person.** About 65% of the
//!   contributors are casual and make 1–3 contributions (rarely up to 10).
//!   The others share the remaining activity by Zipf's law (the person of
//!   rank r gets a share proportional to 1/r, after a floor of 4), so a few
//!   core people make most of it; the top 5% of them are maintainers.
//! - **Heavy-tailed repository popularity.** Repositories are drawn by
//!   Zipf's law too; each person has a home repository (drawn by
//!   popularity) where most of their activity goes, more so for casual
//!   contributors.
//! - **Limited lifespans and churn.** Casual contributors stay for a few
//!   weeks (90 days at most); the others for longer the more they
//!   contribute (about 9 months for 36 contributions, 5 years for 1,000,
//!   the whole span for the core). Joins spread over the years, more of
//!   them later, as a community grows; some people were active before the
//!   span starts or stay after it ends, and only their activity within it
//!   is kept, as in data imported from a given date.
//! - **Bursts.** Each repository releases on its own cadence (every 6 to
//!   26 weeks); up to 30% of human activity is pulled into the week
//!   before one of its repository's releases (when the person is active
//!   then), and `release` activities fall on release days.
//! - **A weekly pattern.** People work less at weekends (bots do not).
//! - **Activity kinds** (DESIGN.md, Store) in plausible proportions,
//!   commits the most common: casual contributors open issues and PRs and
//!   comment; maintainers review, merge, close and release.
//! - **Bots.** A handful of contributors (3 to 8) are bots making
//!   `bot_share` of the activity, one of them most of it, in every
//!   repository, as `pr_opened`, `comment` and `commit`.
//! - **Organisations.** About 40% of people are unaffiliated (fewer among
//!   maintainers); the others work for an organisation drawn by Zipf's law.
//!   15% of the non-casual people who stay over a year change organisation
//!   once, at a date ([`Affiliation`]), which exercises date-ranged
//!   affiliations.

use std::sync::Arc;

use chrono::{Months, NaiveDate};
use duckdb::arrow::array::{
    ArrayRef, BooleanArray, Int32Array, Int64Array, StringArray, TimestampMicrosecondArray,
};
use duckdb::arrow::record_batch::RecordBatch;

/// The activity kinds of DESIGN.md (Store), all of which are generated.
pub use crate::activity::KINDS;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The seed: the same spec always gives the same data.
    pub seed: u64,
    /// How many activities (rows), exactly.
    pub activities: usize,
    /// How many repositories.
    pub repositories: usize,
    /// How many contributors, bots included. Each makes at least one
    /// activity when there are enough activities to go round.
    pub contributors: usize,
    /// How many organisations people can work for.
    pub organisations: usize,
    /// The share of the activities made by bots, in [0, 1].
    pub bot_share: f64,
    /// The first day (UTC) activity can happen on.
    pub start: NaiveDate,
    /// How many years activity spans from `start`.
    pub years: u32,
}

impl Spec {
    /// A community of a realistic shape for `activities` rows: ~400
    /// repositories for a million activities (growing with its square
    /// root), one contributor per 100 activities (at least 50), 20
    /// organisations, 3% of the activity from bots, 10 years from 2015.
    pub fn new(activities: usize) -> Self {
        let repositories = (0.4 * (activities as f64).sqrt()).round() as usize;
        Self {
            seed: 0x5EED_2015,
            activities,
            repositories: repositories.max(3),
            contributors: (activities / 100).max(50),
            organisations: 20,
            bot_share: 0.03,
            start: NaiveDate::from_ymd_opt(2015, 1, 1).expect("a valid date"),
            years: 10,
        }
    }

    /// The bounds of the generated timestamps, in microseconds since the
    /// Unix epoch (UTC): from `start` included to `start + years` excluded.
    ///
    /// # Panics
    ///
    /// If `start + years` is beyond the dates chrono can represent.
    pub fn span_us(&self) -> (i64, i64) {
        let end = self
            .start
            .checked_add_months(Months::new(12 * self.years))
            .expect("the end of the span is a valid date");
        let us = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .expect("midnight")
                .and_utc()
                .timestamp_micros()
        };
        (us(self.start), us(end))
    }
}

/// A contributor's organisation over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Affiliation {
    /// The organisation (index into [`Synthetic::organisations`]) they act
    /// for until `change`, if any; `None` = unaffiliated.
    pub organisation: Option<u32>,
    /// The one move a few contributors make to another organisation.
    pub change: Option<OrganisationChange>,
}

/// A move to another organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrganisationChange {
    /// From when (microseconds since the Unix epoch, UTC) it applies.
    pub at_us: i64,
    /// The organisation from then on; `None` = unaffiliated.
    pub organisation: Option<u32>,
}

impl Affiliation {
    /// The organisation acted for at `at_us`.
    pub fn at(&self, at_us: i64) -> Option<u32> {
        match self.change {
            Some(change) if at_us >= change.at_us => change.organisation,
            _ => self.organisation,
        }
    }
}

/// Generated activity, column by column (row i across the first six
/// vectors is one activity); rows come grouped by contributor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Synthetic {
    /// 1-based repository ids (index into `repositories` plus one).
    pub repository: Vec<i32>,
    /// 1-based contributor ids.
    pub contributor: Vec<i64>,
    /// One of [`KINDS`].
    pub kind: Vec<&'static str>,
    /// When, in microseconds since the Unix epoch, UTC.
    pub at_us: Vec<i64>,
    /// The organisation acted for (index into `organisations`); `None` =
    /// unaffiliated, always for bots.
    pub organisation: Vec<Option<u32>>,
    /// Whether the contributor is a bot.
    pub is_bot: Vec<bool>,
    /// Repository names (`synthetic/repo-0001`, ...); index i is id i + 1.
    pub repositories: Vec<String>,
    /// Organisation names (`Organisation 01`, ...).
    pub organisations: Vec<String>,
    /// Whether each contributor is a bot; index i is contributor id i + 1.
    pub contributor_is_bot: Vec<bool>,
    /// Each contributor's organisation over time; index i is contributor
    /// id i + 1 (bots are unaffiliated).
    pub affiliations: Vec<Affiliation>,
}

impl Synthetic {
    /// The number of activities.
    pub fn len(&self) -> usize {
        self.contributor.len()
    }

    /// Whether there is no activity.
    pub fn is_empty(&self) -> bool {
        self.contributor.is_empty()
    }

    /// The activity frame, built the way `activity::load` builds it from a
    /// store (kinds as codes, organisations as a categorical), so that a
    /// benchmark measures what the server would hold.
    pub fn frame(&self) -> polars::prelude::DataFrame {
        let df = crate::activity::frame_of_codes(
            self.repository.clone(),
            self.contributor.clone(),
            self.kind
                .iter()
                .map(|k| crate::activity::kind_code(k))
                .collect(),
            self.at_us.clone(),
            self.is_bot.clone(),
        )
        .expect("columns of equal length");
        let organisations = self
            .organisation
            .iter()
            .map(|o| o.map(|i| self.organisations[i as usize].clone()))
            .collect();
        crate::activity::with_organisations(df, organisations).expect("one organisation per row")
    }

    /// Creates (or replaces) the table `synthetic_activities(repository_id
    /// INTEGER, contributor_id BIGINT, kind VARCHAR, occurred_at TIMESTAMP,
    /// is_bot BOOLEAN, organisation VARCHAR)` and fills it with these
    /// activities, through DuckDB's Arrow appender, 100,000 rows at a time,
    /// in one transaction: a failure leaves the table as it was.
    pub fn write_duckdb(&self, conn: &duckdb::Connection) -> duckdb::Result<()> {
        const BATCH: usize = 100_000;
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(
            "CREATE OR REPLACE TABLE synthetic_activities (
                repository_id INTEGER, contributor_id BIGINT, kind VARCHAR,
                occurred_at TIMESTAMP, is_bot BOOLEAN, organisation VARCHAR)",
        )?;
        let mut out = tx.appender("synthetic_activities")?;
        for start in (0..self.len()).step_by(BATCH) {
            let rows = start..(start + BATCH).min(self.len());
            let organisation = self.organisation[rows.clone()]
                .iter()
                .map(|o| o.map(|i| self.organisations[i as usize].as_str()));
            let batch = RecordBatch::try_from_iter([
                (
                    "repository_id",
                    Arc::new(Int32Array::from(self.repository[rows.clone()].to_vec())) as ArrayRef,
                ),
                (
                    "contributor_id",
                    Arc::new(Int64Array::from(self.contributor[rows.clone()].to_vec())),
                ),
                (
                    "kind",
                    Arc::new(StringArray::from(self.kind[rows.clone()].to_vec())),
                ),
                (
                    "occurred_at",
                    Arc::new(TimestampMicrosecondArray::from(
                        self.at_us[rows.clone()].to_vec(),
                    )),
                ),
                (
                    "is_bot",
                    Arc::new(BooleanArray::from(self.is_bot[rows].to_vec())),
                ),
                (
                    "organisation",
                    Arc::new(organisation.collect::<StringArray>()),
                ),
            ])
            .expect("columns of equal length");
            out.append_record_batch(batch)?;
        }
        out.flush()?;
        drop(out);
        tx.commit()
    }
}

/// Generates the activity `spec` describes; the same spec always gives the
/// same vectors.
///
/// # Panics
///
/// If `spec` asks for activities without contributors or repositories, for
/// no years, or for a `bot_share` outside [0, 1].
pub fn generate(spec: &Spec) -> Synthetic {
    assert!(spec.years > 0, "synthetic activity needs at least one year");
    assert!(
        (0.0..=1.0).contains(&spec.bot_share),
        "bot_share must lie in [0, 1]"
    );
    assert!(
        spec.activities == 0 || (spec.contributors > 0 && spec.repositories > 0),
        "synthetic activity needs contributors and repositories"
    );
    let plan = Plan::new(spec);
    let n = spec.activities;
    let mut out = Synthetic {
        repository: Vec::with_capacity(n),
        contributor: Vec::with_capacity(n),
        kind: Vec::with_capacity(n),
        at_us: Vec::with_capacity(n),
        organisation: Vec::with_capacity(n),
        is_bot: Vec::with_capacity(n),
        repositories: (1..=spec.repositories)
            .map(|i| format!("synthetic/repo-{i:04}"))
            .collect(),
        organisations: (1..=spec.organisations)
            .map(|i| format!("Organisation {i:02}"))
            .collect(),
        contributor_is_bot: plan.people.iter().map(|p| p.role == Role::Bot).collect(),
        affiliations: Vec::with_capacity(spec.contributors),
    };
    for (index, person) in plan.people.iter().enumerate() {
        let id = index as u64 + 1;
        let mut rng = Rng::stream(spec.seed, id);
        let life = plan.life(person, &mut rng);
        out.affiliations
            .push(plan.affiliation(person, &life, &mut rng));
        plan.activities(id, person, &life, &mut rng, &mut out);
    }
    debug_assert_eq!(out.len(), n);
    out
}

const DAY_US: i64 = 86_400_000_000;

/// What a contributor does, which sets how much, what and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Casual,
    Regular,
    Maintainer,
    Bot,
}

impl Role {
    /// Kinds with their weights per thousand.
    fn kinds(self) -> &'static [(&'static str, u32)] {
        match self {
            Role::Casual => &[
                ("commit", 400),
                ("pr_opened", 140),
                ("issue_opened", 180),
                ("comment", 280),
            ],
            Role::Regular => &[
                ("commit", 500),
                ("pr_opened", 120),
                ("comment", 200),
                ("issue_opened", 60),
                ("review", 60),
                ("issue_closed", 30),
                ("pr_merged", 20),
                ("pr_closed", 10),
            ],
            Role::Maintainer => &[
                ("commit", 380),
                ("comment", 200),
                ("review", 140),
                ("pr_merged", 110),
                ("issue_closed", 60),
                ("pr_opened", 50),
                ("pr_closed", 30),
                ("issue_opened", 20),
                ("release", 10),
            ],
            Role::Bot => &[("commit", 300), ("pr_opened", 400), ("comment", 300)],
        }
    }

    /// The chance an activity happens in the person's home repository.
    fn home_share(self) -> f64 {
        match self {
            Role::Casual => 0.9,
            Role::Regular => 0.7,
            Role::Maintainer => 0.5,
            Role::Bot => 0.0,
        }
    }

    /// The chance of belonging to an organisation.
    fn affiliated_share(self) -> f64 {
        match self {
            Role::Casual => 0.55,
            Role::Regular => 0.65,
            Role::Maintainer => 0.85,
            Role::Bot => 0.0,
        }
    }
}

/// A contributor before their activities are drawn.
#[derive(Debug, Clone, Copy)]
struct Person {
    role: Role,
    activities: u64,
}

/// When a contributor is active: `[from_us, from_us + length_us)`.
struct Life {
    from_us: i64,
    length_us: i64,
}

/// A repository's releases: every `period_us`, the first at `first_us`.
#[derive(Debug, Clone, Copy)]
struct Cadence {
    first_us: i64,
    period_us: i64,
}

impl Cadence {
    /// The release nearest to `at_us` (the last one before `before_us` at
    /// most).
    fn nearest(&self, at_us: i64, before_us: i64) -> i64 {
        let k = ((at_us - self.first_us + self.period_us / 2) / self.period_us).max(0);
        let release = self.first_us + k * self.period_us;
        if release >= before_us && k > 0 {
            release - self.period_us
        } else {
            release
        }
    }
}

/// Everything drawn before the rows: popularity, cadences, people.
struct Plan {
    from_us: i64,
    to_us: i64,
    repositories: Zipf,
    organisations: Zipf,
    cadences: Vec<Cadence>,
    people: Vec<Person>,
}

impl Plan {
    fn new(spec: &Spec) -> Self {
        let (from_us, to_us) = spec.span_us();
        let mut rng = Rng::stream(spec.seed, 0);
        let repositories = Zipf::new(spec.repositories, &mut rng);
        let organisations = Zipf::new(spec.organisations, &mut rng);
        let cadences = (0..spec.repositories)
            .map(|_| {
                let period_us = (42 + rng.below(140) as i64) * DAY_US;
                let first_us = from_us + rng.below(period_us as u64) as i64 / DAY_US * DAY_US;
                Cadence {
                    first_us,
                    period_us,
                }
            })
            .collect();
        Self {
            from_us,
            to_us,
            repositories,
            organisations,
            cadences,
            people: people(spec, &mut rng),
        }
    }

    /// Draws when a person is active.
    fn life(&self, person: &Person, rng: &mut Rng) -> Life {
        let span = self.to_us - self.from_us;
        let length_us = match person.role {
            Role::Bot => {
                let from_us = self.from_us + (rng.f64() * 0.5 * span as f64) as i64;
                return Life {
                    from_us,
                    length_us: self.to_us - from_us,
                };
            }
            Role::Casual => {
                let u = rng.f64();
                (u * u * 90.0 * DAY_US as f64) as i64
            }
            Role::Regular | Role::Maintainer => {
                // n^0.625 from square roots, which are exact everywhere.
                let n = person.activities as f64;
                let root = n.sqrt();
                let growth = root * root.sqrt().sqrt();
                let days = 30.0 + 25.0 * growth * (0.5 + rng.f64());
                (days * DAY_US as f64) as i64
            }
        }
        .clamp(DAY_US, span);
        // More people join later, as communities grow. Up to half a life
        // may fall outside the span (people active before it starts or
        // after it ends): that part is cut, packing the activities into
        // what is left.
        let u = rng.f64();
        let late = 0.5 * (u + u.sqrt());
        let joined_us = self.from_us - length_us / 2 + (late * span as f64) as i64;
        let from_us = joined_us.max(self.from_us);
        Life {
            from_us,
            length_us: (joined_us + length_us).min(self.to_us) - from_us,
        }
    }

    /// Draws a person's organisation, and a move for some who stay long.
    fn affiliation(&self, person: &Person, life: &Life, rng: &mut Rng) -> Affiliation {
        let count = self.organisations.len() as u32;
        if count == 0 || !rng.chance(person.role.affiliated_share()) {
            return Affiliation::default();
        }
        let organisation = self.organisations.draw(rng);
        let moves = matches!(person.role, Role::Regular | Role::Maintainer)
            && life.length_us > 365 * DAY_US
            && count > 1
            && rng.chance(0.15);
        let change = moves.then(|| {
            let mut next = self.organisations.draw(rng);
            if next == organisation {
                next = (next + 1) % count;
            }
            OrganisationChange {
                at_us: life.from_us
                    + life.length_us / 4
                    + rng.below(life.length_us as u64 / 2) as i64,
                organisation: Some(next),
            }
        });
        Affiliation {
            organisation: Some(organisation),
            change,
        }
    }

    /// Draws a person's activities and appends them to `out`.
    fn activities(
        &self,
        id: u64,
        person: &Person,
        life: &Life,
        rng: &mut Rng,
        out: &mut Synthetic,
    ) {
        let role = person.role;
        let is_bot = role == Role::Bot;
        let affiliation = *out
            .affiliations
            .last()
            .expect("drawn before the activities");
        if person.activities == 0 {
            return;
        }
        let home = self.repositories.draw(rng);
        let end_us = life.from_us + life.length_us;
        for _ in 0..person.activities {
            let kind = rng.pick(role.kinds());
            let repository = if is_bot {
                rng.below(self.repositories.len() as u64) as u32
            } else if rng.chance(role.home_share()) {
                home
            } else {
                self.repositories.draw(rng)
            };
            let mut at_us = life.from_us + rng.below(life.length_us as u64) as i64;
            if !is_bot {
                if is_weekend(at_us) && rng.chance(0.6) {
                    at_us = life.from_us + rng.below(life.length_us as u64) as i64;
                }
                let cadence = self.cadences[repository as usize];
                let burst = if kind == "release" {
                    Some(cadence.nearest(at_us, self.to_us) + rng.below(DAY_US as u64) as i64)
                } else if rng.chance(0.3) {
                    Some(cadence.nearest(at_us, self.to_us) - rng.below(7 * DAY_US as u64) as i64)
                } else {
                    None
                };
                if let Some(moved) = burst.filter(|t| (life.from_us..end_us).contains(t)) {
                    at_us = moved;
                }
            }
            out.repository.push(repository as i32 + 1);
            out.contributor.push(id as i64);
            out.kind.push(kind);
            out.at_us.push(at_us);
            out.organisation.push(affiliation.at(at_us));
            out.is_bot.push(is_bot);
        }
    }
}

/// Draws who is who and how many activities each makes, in contributor id
/// order; the counts add up to `spec.activities`.
fn people(spec: &Spec, rng: &mut Rng) -> Vec<Person> {
    let n = spec.contributors;
    let bots = if spec.bot_share > 0.0 && n >= 2 {
        (3 + n / 5000).min(8).min(n / 2)
    } else {
        0
    };
    let humans = n - bots;
    let total = spec.activities as u64;
    let bot_total = if humans == 0 {
        total
    } else {
        ((total as f64 * spec.bot_share).round() as u64).min(total)
    };
    // Ids in a random order: bots first, then people by falling activity.
    let mut ids: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut ids);
    let mut people = vec![
        Person {
            role: Role::Casual,
            activities: 0,
        };
        n
    ];
    for (rank, count) in zipf_split(bot_total, bots).into_iter().enumerate() {
        people[ids[rank]] = Person {
            role: Role::Bot,
            activities: count,
        };
    }
    let humans = &ids[bots..];
    let casuals = (humans.len() as f64 * 0.65).round() as usize;
    let others = humans.len() - casuals;
    let mut left = total - bot_total;
    for &id in &humans[others..] {
        let mut count = 1;
        while count < 10 && rng.chance(0.45) {
            count += 1;
        }
        people[id].activities = count.min(left);
        left -= people[id].activities;
    }
    // The floor keeps regulars above casual contributors when there is
    // enough to go round; the rest follows Zipf's law.
    let floor = if others == 0 {
        0
    } else {
        (left / others as u64).min(4)
    };
    let split = zipf_split(left - floor * others as u64, others);
    let maintainers = (others as f64 * 0.05).round().max(1.0) as usize;
    for (rank, (&id, count)) in humans[..others].iter().zip(split).enumerate() {
        people[id] = Person {
            role: if rank < maintainers {
                Role::Maintainer
            } else {
                Role::Regular
            },
            activities: floor + count,
        };
    }
    people
}

/// Splits `total` among `n` ranks in proportion to 1/(rank + 1), exactly.
fn zipf_split(total: u64, n: usize) -> Vec<u64> {
    if n == 0 {
        return Vec::new();
    }
    let harmonic: f64 = (1..=n).map(|r| 1.0 / r as f64).sum();
    let mut counts: Vec<u64> = (1..=n)
        .map(|r| (total as f64 / r as f64 / harmonic).floor() as u64)
        .collect();
    let given: u64 = counts.iter().sum();
    // Rounding leaves fewer than n over (or, at worst, a few too many).
    if given > total {
        counts[0] -= given - total;
    } else {
        for (count, _) in counts.iter_mut().zip(0..total - given) {
            *count += 1;
        }
    }
    counts
}

/// Whether a timestamp falls on a Saturday or a Sunday (UTC).
fn is_weekend(at_us: i64) -> bool {
    // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
    (at_us.div_euclid(DAY_US) + 3).rem_euclid(7) >= 5
}

/// Items drawn by Zipf's law, ranked in a random order: the item of rank r
/// has weight 1/(r + 1).
struct Zipf {
    cumulative: Vec<f64>,
    items: Vec<u32>,
}

impl Zipf {
    fn new(n: usize, rng: &mut Rng) -> Self {
        let mut items: Vec<u32> = (0..n as u32).collect();
        rng.shuffle(&mut items);
        let mut sum = 0.0;
        let cumulative = (1..=n)
            .map(|r| {
                sum += 1.0 / r as f64;
                sum
            })
            .collect();
        Self { cumulative, items }
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn draw(&self, rng: &mut Rng) -> u32 {
        let x = rng.f64() * self.cumulative.last().copied().unwrap_or(0.0);
        let rank = self.cumulative.partition_point(|&c| c <= x);
        self.items[rank.min(self.items.len() - 1)]
    }
}

mod lake;
mod rng;
#[cfg(test)]
mod tests;

use rng::Rng;
