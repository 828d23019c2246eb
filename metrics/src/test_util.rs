//! Helpers for the metrics' unit tests.

use polars::prelude::DataFrame;

use crate::activity::frame;

use crate::period::Period;

/// Microseconds since the epoch of an RFC 3339 time.
pub fn at(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .expect("a valid time")
        .timestamp_micros()
}

/// A (`period`, count) frame of months as (`YYYY-MM`, count) pairs.
pub fn month_counts(frame: &DataFrame, name: &str) -> Vec<(String, i64)> {
    period_counts(frame, name, Period::Month)
}

/// A (`period`, count) frame as (label, count) pairs.
pub fn period_counts(frame: &DataFrame, name: &str, period: Period) -> Vec<(String, i64)> {
    let periods = frame.column("period").unwrap().i32().unwrap();
    let values = frame.column(name).unwrap().i64().unwrap();
    periods
        .into_no_null_iter()
        .zip(values.into_no_null_iter())
        .map(|(p, v)| (period.bucket(p).to_string(), v))
        .collect()
}

/// Expected (`YYYY-MM`, count) pairs, in the shape of [`month_counts`].
pub fn expect(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
    pairs.iter().map(|(m, n)| (m.to_string(), *n)).collect()
}

/// `counts[i]` contributions by contributor `i` (repository 1, one day);
/// contributor `bot`, if given, is a bot.
pub fn contributions_frame(counts: &[usize], bot: Option<usize>) -> DataFrame {
    let mut contributor = Vec::new();
    for (who, n) in counts.iter().enumerate() {
        contributor.extend(std::iter::repeat_n(who as i64, *n));
    }
    let len = contributor.len();
    let is_bot = contributor
        .iter()
        .map(|c| Some(*c as usize) == bot)
        .collect();
    frame(
        vec![1; len],
        contributor,
        vec!["commit".into(); len],
        vec![at("2024-01-10T00:00:00Z"); len],
        is_bot,
    )
    .expect("a valid frame")
}
