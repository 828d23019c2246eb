//! Calendar months in UTC, the period of the walking-skeleton metrics.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

/// A calendar month, as a count of months since year 0 (`year * 12 + month - 1`),
/// which orders and steps by simple arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32);

impl Month {
    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        Month(date.year() * 12 + date.month0() as i32)
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0.div_euclid(12), self.0.rem_euclid(12) as u32 + 1, 1)
            .expect("a month index is a valid date")
    }

    /// The month after this one.
    pub fn next(self) -> Self {
        Month(self.0 + 1)
    }

    /// The polars expression giving the month index of a datetime column.
    pub fn expr(column: &str) -> Expr {
        (col(column).dt().year().cast(DataType::Int32) * lit(12)
            + col(column).dt().month().cast(DataType::Int32)
            - lit(1))
        .alias("month")
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first_day().format("%Y-%m"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_round_trip_across_year_boundaries() {
        let dec = Month::of(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
        assert_eq!(dec.to_string(), "2023-12");
        assert_eq!(dec.next().to_string(), "2024-01");
        assert_eq!(
            dec.next().first_day(),
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
        );
    }
}
