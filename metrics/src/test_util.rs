//! Helpers for the metrics' unit tests.

use polars::prelude::DataFrame;

use crate::period::Month;

/// Microseconds since the epoch of an RFC 3339 time.
pub fn at(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .expect("a valid time")
        .timestamp_micros()
}

/// A (`month`, count) frame as (`YYYY-MM`, count) pairs.
pub fn month_counts(frame: &DataFrame, name: &str) -> Vec<(String, i64)> {
    let months = frame.column("month").unwrap().i32().unwrap();
    let values = frame.column(name).unwrap().i64().unwrap();
    months
        .into_no_null_iter()
        .zip(values.into_no_null_iter())
        .map(|(m, v)| (Month(m).to_string(), v))
        .collect()
}

/// Expected (`YYYY-MM`, count) pairs, in the shape of [`month_counts`].
pub fn expect(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
    pairs.iter().map(|(m, n)| (m.to_string(), *n)).collect()
}
