//! From the URL's filter to the metrics' parameters, and the words that
//! say what is shown (with how many bots are left out of it).

use chrono::NaiveDate;
use vigie_metrics::activity::Scoped;
use vigie_metrics::contributors::bots_left_out;
use vigie_metrics::{Bucket, MetricsError, Params, Period};

use crate::data::Frame;
use crate::filter::{ChartPeriod, Filter, Problem, YearMonth};
use crate::i18n::{Arg, Lang};

use super::{Dashboard, DashboardError, Snapshot};

/// The parameters of a filter, and the page frame (filter as applied,
/// choices, notices, scope in words, bots left out).
pub(super) fn apply_filter(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    mut filter: Filter,
    lang: Lang,
) -> Result<(Params, Frame), DashboardError> {
    let stored: Vec<(i32, String)> = snapshot
        .repositories
        .iter()
        .map(|r| (r.id, r.name.clone()))
        .collect();
    let mut problems = Vec::new();
    let mut ids: Vec<i32> = Vec::new();
    filter
        .repositories
        .retain(|name| match stored.iter().find(|(_, n)| n == name) {
            Some((id, _)) => {
                ids.push(*id);
                true
            }
            None => {
                problems.push(Problem::UnknownRepository(name.clone()));
                false
            }
        });
    filter.groups.retain(
        |name| match dashboard.groups.iter().find(|g| &g.name == name) {
            Some(group) => {
                ids.extend(group.ids(&stored));
                true
            }
            None => {
                problems.push(Problem::UnknownGroup(name.clone()));
                false
            }
        },
    );
    ids.sort_unstable();
    ids.dedup();
    let narrowed = !filter.repositories.is_empty() || !filter.groups.is_empty();
    let mut params = Params {
        // A group that matches nothing selects nothing, not everything.
        repositories: narrowed.then_some(ids),
        from: filter.from.map(first_day),
        to: filter.to.map(last_day),
        include_bots: filter.bots,
        thresholds: dashboard.thresholds.clone(),
        ..Params::default()
    };
    let extent = extent(dashboard, snapshot, &params)?;
    // Unless the reader chose one, the period suits the window's length.
    let period = filter.period.unwrap_or_else(|| {
        let first = params.from.or(extent.map(|e| e.0));
        let last = params.to.or(extent.map(|e| e.1));
        match first.zip(last) {
            Some((first, last)) if first <= last => match Period::readable_for(first, last) {
                Period::Month => ChartPeriod::Month,
                Period::Quarter => ChartPeriod::Quarter,
                Period::Year => ChartPeriod::Year,
            },
            _ => ChartPeriod::Month,
        }
    });
    params.period = match period {
        ChartPeriod::Month => Period::Month,
        ChartPeriod::Quarter => Period::Quarter,
        ChartPeriod::Year => Period::Year,
    };
    let mut notices: Vec<String> = problems.iter().map(|p| p.describe(lang)).collect();
    if let Some(outside) = outside_the_data(&params, extent, lang) {
        notices.push(outside);
    }
    let mut scope = describe(&filter, period, stored.len(), lang);
    if let Some((_, latest)) = extent {
        scope.push_str(" · ");
        scope.push_str(&lang.t_args(
            "scope-data-until",
            &[("date", Arg::Text(lang.date(latest)))],
        ));
    }
    let bots = if params.include_bots {
        None
    } else {
        Some(bots(dashboard, snapshot, &params)?.len())
    };
    let frame = Frame {
        repositories: stored.into_iter().map(|(_, n)| n).collect(),
        groups: dashboard.groups.iter().map(|g| g.name.clone()).collect(),
        filter,
        notices,
        scope,
        bots_left_out: bots,
    };
    Ok((params, frame))
}

/// The names of the repositories in the scope of `params`, by name.
pub(super) fn repository_names<'a>(snapshot: &'a Snapshot, params: &Params) -> Vec<&'a str> {
    snapshot
        .repositories
        .iter()
        .filter(|r| {
            params
                .repositories
                .as_ref()
                .is_none_or(|ids| ids.contains(&r.id))
        })
        .map(|r| r.name.as_str())
        .collect()
}

/// The first and the latest day of activity in the scope of `params`,
/// whatever its window (see [`vigie_metrics::activity::extent`]).
pub(super) fn extent(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    params: &Params,
) -> Result<Option<(NaiveDate, NaiveDate)>, DashboardError> {
    // The window and period do not change it: one result per scope.
    let scope = Params {
        from: None,
        to: None,
        period: Period::Month,
        ..params.clone()
    };
    Ok(*dashboard
        .cache
        .get_or_compute("extent", &scope, snapshot.version, || {
            vigie_metrics::activity::extent(snapshot.activities.as_ref(), &scope)
                .map_err(MetricsError::from)
        })?)
}

/// A window that misses the data of its scope says where the data is.
fn outside_the_data(
    params: &Params,
    extent: Option<(NaiveDate, NaiveDate)>,
    lang: Lang,
) -> Option<String> {
    let (first, latest) = extent?;
    let before = params.to.is_some_and(|to| to < first);
    let after = params.from.is_some_and(|from| from > latest);
    (before || after).then(|| {
        lang.t_args(
            "notice-outside-the-data",
            &[
                ("first", Arg::Text(lang.date(first))),
                ("latest", Arg::Text(lang.date(latest))),
            ],
        )
    })
}

/// The bots the view of `params` leaves out, with their contributions in
/// it, most first.
pub(super) fn bots(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    params: &Params,
) -> Result<std::sync::Arc<Vec<(i64, u64)>>, DashboardError> {
    Ok(dashboard
        .cache
        .get_or_compute("bots_left_out", params, snapshot.version, || {
            let scoped = Scoped::new(snapshot.activities.as_ref(), params);
            bots_left_out(&scoped, params)
                .map(|c| c.value)
                .map_err(MetricsError::from)
        })?)
}

fn describe(filter: &Filter, period: ChartPeriod, stored: usize, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if filter.repositories.is_empty() && filter.groups.is_empty() {
        parts.push(lang.t_args(
            "scope-all-repositories",
            &[("count", Arg::Count(stored as i64))],
        ));
    } else {
        parts.extend(
            filter
                .groups
                .iter()
                .map(|g| lang.t_args("scope-group", &[("name", Arg::Text(g.clone()))])),
        );
        parts.extend(filter.repositories.iter().cloned());
    }
    let month = |m: YearMonth| lang.month(m.year, m.month);
    parts.push(match (filter.from, filter.to) {
        (None, None) => lang.t("scope-all-time"),
        (Some(f), None) => lang.t_args("scope-since", &[("from", Arg::Text(month(f)))]),
        (None, Some(t)) => lang.t_args("scope-until", &[("to", Arg::Text(month(t)))]),
        (Some(f), Some(t)) => lang.t_args(
            "scope-between",
            &[("from", Arg::Text(month(f))), ("to", Arg::Text(month(t)))],
        ),
    });
    parts.push(lang.t(period.label_id()));
    parts.push(if filter.bots {
        lang.t("scope-bots-in")
    } else {
        lang.t("scope-bots-out")
    });
    parts.join(" · ")
}

/// The month as the metrics' calendar period.
fn month(m: YearMonth) -> Bucket {
    Period::Month.bucket(m.year * 12 + m.month as i32 - 1)
}

fn first_day(m: YearMonth) -> NaiveDate {
    month(m).first_day()
}

fn last_day(m: YearMonth) -> NaiveDate {
    month(m).last_day()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_window_outside_the_data_says_where_the_data_is() {
        let extent = Some((day(2007, 9, 3), day(2026, 6, 2)));
        let window = |from, to| Params {
            from,
            to,
            ..Params::default()
        };
        let before = window(Some(day(2001, 1, 1)), Some(day(2002, 12, 31)));
        assert_eq!(
            outside_the_data(&before, extent, Lang::En).as_deref(),
            Some("No activity in this window: the data of this scope runs from 3 September 2007 to 2 June 2026.")
        );
        let after = window(Some(day(2027, 1, 1)), None);
        assert!(outside_the_data(&after, extent, Lang::Fr)
            .unwrap()
            .contains("du 3 septembre 2007 au 2 juin 2026"));
        let overlapping = window(Some(day(2026, 1, 1)), Some(day(2027, 12, 31)));
        assert_eq!(outside_the_data(&overlapping, extent, Lang::En), None);
        assert_eq!(outside_the_data(&before, None, Lang::En), None);
    }

    #[test]
    fn month_bounds() {
        let feb = YearMonth {
            year: 2024,
            month: 2,
        };
        assert_eq!(first_day(feb).to_string(), "2024-02-01");
        assert_eq!(last_day(feb).to_string(), "2024-02-29");
        assert_eq!(
            last_day(YearMonth {
                year: 2023,
                month: 12
            })
            .to_string(),
            "2023-12-31"
        );
    }
}
