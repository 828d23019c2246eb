//! The GGI scorecard page's data ([`GgiData`]): the OSPO Alliance's Good
//! Governance Initiative activities, each with its status, its decisions
//! and what Vigie measured for it (docs/governance.md).

use serde::{Deserialize, Serialize};

use super::{Frame, Table};

/// The GGI page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GgiData {
    /// Filter and scope.
    pub frame: Frame,
    /// The handbook, or why it cannot be shown.
    pub handbook: GgiHandbook,
    /// How many activities are done, in progress, not selected.
    pub counts: [usize; 3],
    /// The activities, by goal in the handbook's order.
    pub goals: Vec<GgiGoal>,
    /// The scorecard as a table: one row per activity (its CSV download).
    pub table: Table,
}

/// Whether the handbook could be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum GgiHandbook {
    /// Read: its version.
    Read(String),
    /// `[governance] ggi_handbook` is not set.
    NotConfigured,
    /// Set, but the file cannot be read now: why, naming the file.
    Unreadable(String),
}

/// One of the handbook's five goals, with its activities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GgiGoal {
    /// Its name (`Trust Goal`).
    pub name: String,
    /// Its activities, in the handbook's order.
    pub activities: Vec<GgiActivity>,
}

/// One activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GgiActivity {
    /// `GGI-A-23`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Who carries it out, in words.
    pub roles: String,
    /// The first paragraph of its description, Markdown as written.
    pub summary: String,
    /// Its status's key (`not_started`, `in_progress`, `done`).
    pub status: String,
    /// Its status in words.
    pub status_label: String,
    /// The handbook's verification points.
    pub points: Vec<String>,
    /// What Vigie measures for it, and how (`None`: nothing).
    pub definition: Option<String>,
    /// What was measured, a sentence each; or why nothing could be.
    pub evidence: Vec<String>,
    /// The measures after each ingest run where they changed (`None`:
    /// nothing measured, or recorded only once).
    pub history: Option<Table>,
    /// The decisions taken on it, latest first.
    pub decisions: Vec<GgiDecision>,
    /// What its evidence counts, item by item (GGI-A-23's dependency
    /// inventory), if anything.
    pub detail: Option<Table>,
}

/// One decision on an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GgiDecision {
    /// The status it set, in words.
    pub status: String,
    /// Its notes, as typed.
    pub notes: String,
    /// Who took it (`None` for readers who do not see people).
    pub by: Option<String>,
    /// When, in words.
    pub at: String,
}
