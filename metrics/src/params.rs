//! The parameters every metric takes.

use chrono::NaiveDate;

/// Which activity a metric looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Params {
    /// The repositories in scope, by store id; `None` means all of them.
    /// "New" means new *in this scope* (DESIGN.md definition 2).
    pub repositories: Option<Vec<i32>>,
    /// First day shown (inclusive); `None` starts at the first activity.
    pub from: Option<NaiveDate>,
    /// Last day shown (inclusive); `None` ends at the last activity.
    pub to: Option<NaiveDate>,
    /// Count bots' activity too (off by default, as DESIGN.md says).
    pub include_bots: bool,
}
