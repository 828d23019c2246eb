//! The GGI scorecard (docs/governance.md): each activity of the OSPO
//! Alliance's Good Governance Initiative handbook with its current status
//! (its latest decision) and the evidence Vigie's data gives for it.
//!
//! - [`scorecard`] joins the handbook, the decisions and the evidence;
//! - [`evidence`]: what Vigie measures for an activity, and how;
//! - [`board`]: one Markdown file per activity, laid out as the OSPO
//!   Alliance's own scorecard board, my-ggi-board, lays out its issues.

pub mod board;
pub mod evidence;

use std::collections::BTreeMap;

use vigie_ingest::ggi::{current, Activity, ActivityId, Decision, Handbook, Status};

pub use evidence::{Evidence, Gap, Measure, MeasureKind, Unit};

/// One activity on the scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    /// The activity, as the handbook gives it.
    pub activity: &'a Activity,
    /// Its latest decision, if any.
    pub decision: Option<&'a Decision>,
    /// What Vigie measured for it, if it measures anything for it.
    pub evidence: Option<&'a Evidence>,
}

impl Entry<'_> {
    /// Its status: its latest decision's, or not selected.
    pub fn status(&self) -> Status {
        self.decision.map(|d| d.status).unwrap_or_default()
    }
}

/// Every activity of the handbook, in its order, with its latest decision
/// and its evidence. Decisions and evidence on activities the handbook does
/// not have (another version's) are left out.
pub fn scorecard<'a>(
    handbook: &'a Handbook,
    decisions: &'a [Decision],
    evidence: &'a BTreeMap<ActivityId, Evidence>,
) -> Vec<Entry<'a>> {
    let latest = current(decisions);
    handbook
        .activities
        .iter()
        .map(|activity| Entry {
            activity,
            decision: latest.get(&activity.id).copied(),
            evidence: evidence.get(&activity.id),
        })
        .collect()
}
