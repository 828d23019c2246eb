//! Where an OSPO stands on each activity: a [`Status`] with my-ggi-board's
//! progress labels, changed by [`Decision`]s that are kept, never
//! overwritten, so the page can show who decided what and when. An
//! activity's status is its latest decision's ([`current`]); one without a
//! decision is [`Status::NotSelected`], as every activity starts on the
//! board.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::handbook::ActivityId;

/// How far an organisation has taken an activity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Not taken up (the board's starting point).
    #[default]
    NotSelected,
    /// Taken up and under way.
    InProgress,
    /// Its objectives met.
    Done,
}

impl Status {
    /// Every status, in the order an activity goes through them.
    pub const ALL: [Status; 3] = [Status::NotSelected, Status::InProgress, Status::Done];

    /// Its label on my-ggi-board (`ggi_deployment.json`'s `progress_labels`).
    pub fn label(self) -> &'static str {
        match self {
            Status::NotSelected => "Not Selected",
            Status::InProgress => "In Progress",
            Status::Done => "Done",
        }
    }

    /// Its key in `ggi_deployment.json` (`not_started`), for the store and
    /// URLs: the board's own keys, though the first one's label says "Not
    /// Selected".
    pub fn key(self) -> &'static str {
        match self {
            Status::NotSelected => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }

    /// The status with this key.
    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// One decision on an activity: its new status, why, by whom, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The activity.
    pub activity: ActivityId,
    /// Its status from then on.
    pub status: Status,
    /// What was decided and why, Markdown (may be empty).
    pub notes: String,
    /// Who decided: the signed-in user's login.
    pub by: String,
    /// When, in UTC.
    pub at: NaiveDateTime,
}

/// Each activity's latest decision, by activity: the latest `at`, and of
/// two at the same time the later in `decisions` (the order they were
/// recorded in).
pub fn current(decisions: &[Decision]) -> BTreeMap<ActivityId, &Decision> {
    let mut latest: BTreeMap<ActivityId, &Decision> = BTreeMap::new();
    for decision in decisions {
        let newer = latest
            .get(&decision.activity)
            .is_none_or(|kept| decision.at >= kept.at);
        if newer {
            latest.insert(decision.activity, decision);
        }
    }
    latest
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn decision(number: u16, status: Status, day: u32, by: &str) -> Decision {
        Decision {
            activity: ActivityId::new(number),
            status,
            notes: String::new(),
            by: by.into(),
            at: NaiveDate::from_ymd_opt(2026, 11, day)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .expect("a date"),
        }
    }

    #[test]
    fn the_latest_decision_gives_an_activity_its_status() {
        let decisions = [
            decision(23, Status::Done, 20, "bob"),
            decision(23, Status::InProgress, 3, "alice"),
            decision(44, Status::InProgress, 5, "alice"),
        ];
        let current = current(&decisions);
        assert_eq!(current.len(), 2);
        let a23 = current[&ActivityId::new(23)];
        assert_eq!(
            (a23.status, a23.by.as_str()),
            (Status::Done, "bob"),
            "by date, not order"
        );
        assert_eq!(current[&ActivityId::new(44)].status, Status::InProgress);
        assert!(!current.contains_key(&ActivityId::new(16)));
    }

    #[test]
    fn of_two_decisions_at_the_same_time_the_later_recorded_wins() {
        let decisions = [
            decision(23, Status::Done, 20, "bob"),
            decision(23, Status::NotSelected, 20, "alice"),
        ];
        assert_eq!(current(&decisions)[&ActivityId::new(23)].by, "alice");
        assert!(current(&[]).is_empty());
    }

    #[test]
    fn an_activity_without_a_decision_is_not_selected() {
        assert_eq!(Status::default(), Status::NotSelected);
        assert_eq!(Status::default().label(), "Not Selected");
    }

    #[test]
    fn statuses_are_found_by_their_keys() {
        for status in Status::ALL {
            assert_eq!(Status::from_key(status.key()), Some(status));
        }
        assert_eq!(
            Status::from_key("Not Selected"),
            None,
            "a label is not a key"
        );
    }
}
