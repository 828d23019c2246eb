//! The GGI scorecard's records (012_ggi.sql): the decisions an OSPO
//! takes on each activity, kept one after the other, and the evidence
//! measured after each ingest run.

use chrono::NaiveDateTime;
use duckdb::params;

use super::Store;
use crate::error::{DbContext, StoreError};
use crate::ggi::{ActivityId, Decision, Status};

/// One measured value of an activity's evidence, as recorded after a run.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRecord {
    /// The ingest run it was measured after.
    pub run_id: i64,
    /// When (UTC).
    pub measured_at: NaiveDateTime,
    /// The activity.
    pub activity: ActivityId,
    /// The measure's key (`dependencies_read`).
    pub measure: String,
    /// Its value.
    pub value: f64,
}

impl Store {
    /// Records a decision; earlier ones stay.
    pub fn record_decision(&self, decision: &Decision) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO ggi_decisions (activity, status, notes, decided_by, decided_at)
                 VALUES (?, ?, ?, ?, ?)",
                params![
                    decision.activity.number(),
                    decision.status.key(),
                    decision.notes,
                    decision.by,
                    decision.at
                ],
            )
            .during("recording a GGI decision")?;
        Ok(())
    }

    /// Every decision, in the order they were recorded.
    pub fn decisions(&self) -> Result<Vec<Decision>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT activity, status, notes, decided_by, decided_at
                 FROM ggi_decisions ORDER BY id",
            )
            .during("reading the GGI decisions")?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, u16>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, NaiveDateTime>(4)?,
                ))
            })
            .during("reading the GGI decisions")?;
        let mut decisions = Vec::new();
        for row in rows {
            let (activity, status, notes, by, at) = row.during("reading the GGI decisions")?;
            decisions.push(Decision {
                activity: ActivityId::new(activity),
                // Only this code writes the column, with the board's keys.
                status: Status::from_key(&status).unwrap_or_default(),
                notes,
                by,
                at,
            });
        }
        Ok(decisions)
    }

    /// Records what was measured after run `run_id`, replacing what that
    /// run had recorded (measured again, the same run's figures are the
    /// latest).
    pub fn record_evidence(
        &mut self,
        run_id: i64,
        measured_at: NaiveDateTime,
        measures: &[(ActivityId, &str, f64)],
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction()
            .during("recording the GGI evidence")?;
        tx.execute("DELETE FROM ggi_evidence WHERE run_id = ?", [run_id])
            .during("recording the GGI evidence")?;
        {
            let mut insert = tx
                .prepare("INSERT INTO ggi_evidence VALUES (?, ?, ?, ?, ?)")
                .during("recording the GGI evidence")?;
            for (activity, measure, value) in measures {
                insert
                    .execute(params![
                        run_id,
                        measured_at,
                        activity.number(),
                        measure,
                        value
                    ])
                    .during("recording the GGI evidence")?;
            }
        }
        tx.commit().during("recording the GGI evidence")
    }

    /// Every recorded measure, oldest run first.
    pub fn evidence_history(&self) -> Result<Vec<MeasureRecord>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT run_id, measured_at, activity, measure, value FROM ggi_evidence
                 ORDER BY run_id, activity, measure",
            )
            .during("reading the GGI evidence")?;
        let rows = statement
            .query_map([], |r| {
                Ok(MeasureRecord {
                    run_id: r.get(0)?,
                    measured_at: r.get(1)?,
                    activity: ActivityId::new(r.get(2)?),
                    measure: r.get(3)?,
                    value: r.get(4)?,
                })
            })
            .during("reading the GGI evidence")?;
        rows.collect::<Result<_, _>>()
            .during("reading the GGI evidence")
    }

    /// The latest ingest run that finished, if any: the one evidence is
    /// recorded against.
    pub fn latest_finished_run(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row(
                "SELECT max(id) FROM ingest_runs WHERE finished_at IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .during("reading the ingest runs")
    }
}

/// A change request merged, and whether a person other than its author
/// reviewed it before it was merged (GGI-A-44's evidence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedChangeRecord {
    /// Its repository (`owner/name`).
    pub repository: String,
    /// Its number.
    pub number: i64,
    /// When it was merged (UTC).
    pub merged_at: NaiveDateTime,
    /// Its author is a bot.
    pub by_bot: bool,
    /// A review, or a comment on its code, by a contributor who is neither
    /// its author nor a bot, no later than the merge.
    pub reviewed: bool,
}

/// Every merged change request with whether it was reviewed by someone
/// else first: reviews of any state and comments on the code count, by
/// contributor (so a person's two accounts are one author).
const MERGED_CHANGES: &str = "
    SELECT r.name, i.number, i.merged_at, coalesce(ac.is_bot, false),
           EXISTS (
               SELECT 1
               FROM (SELECT v.author_identity_id AS who, v.submitted_at AS t FROM reviews v
                     WHERE v.repository_id = i.repository_id AND v.issue_number = i.number
                     UNION ALL
                     SELECT c.author_identity_id, c.created_at FROM comments c
                     WHERE c.repository_id = i.repository_id AND c.issue_number = i.number
                       AND c.kind = 'review') x
               JOIN identities xi ON xi.id = x.who
               JOIN contributors xc ON xc.id = xi.contributor_id
               WHERE NOT xc.is_bot AND x.t <= i.merged_at
                 AND (ai.contributor_id IS NULL OR ai.contributor_id <> xi.contributor_id))
    FROM issues i
    JOIN repositories r ON r.id = i.repository_id
    LEFT JOIN identities ai ON ai.id = i.author_identity_id
    LEFT JOIN contributors ac ON ac.id = ai.contributor_id
    WHERE i.is_pr AND i.merged_at IS NOT NULL
    ORDER BY r.name, i.number";

impl Store {
    /// Every merged change request, with whether it was reviewed by
    /// someone other than its author before merging.
    pub fn merged_changes(&self) -> Result<Vec<MergedChangeRecord>, StoreError> {
        let mut statement = self
            .conn
            .prepare(MERGED_CHANGES)
            .during("reading the merged change requests")?;
        let rows = statement
            .query_map([], |r| {
                Ok(MergedChangeRecord {
                    repository: r.get(0)?,
                    number: r.get(1)?,
                    merged_at: r.get(2)?,
                    by_bot: r.get(3)?,
                    reviewed: r.get(4)?,
                })
            })
            .during("reading the merged change requests")?;
        rows.collect::<Result<_, _>>()
            .during("reading the merged change requests")
    }
}
