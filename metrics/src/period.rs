//! Calendar periods in UTC: months, quarters and years.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

/// The calendar period results are given per.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// Calendar months (the default).
    #[default]
    Month,
    /// Calendar quarters: January–March is Q1.
    Quarter,
    /// Calendar years.
    Year,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Period; 3] = [Period::Month, Period::Quarter, Period::Year];

    /// Months in one period.
    pub fn months(self) -> i32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
        }
    }

    /// The name used in URLs and configuration: `month`, `quarter`, `year`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// The period a date falls in.
    pub fn of(self, date: NaiveDate) -> Bucket {
        Bucket {
            period: self,
            index: Month::of(date).0.div_euclid(self.months()),
        }
    }

    /// The polars expression giving the period index of a datetime column
    /// (see [`Bucket::index`]), named `period`.
    pub fn expr(self, column: &str) -> Expr {
        let month = Month::expr(column);
        match self {
            Period::Month => month,
            // Month indexes are never negative for dates after year 0.
            _ => month / lit(self.months()),
        }
        .alias("period")
    }

    /// The period a reader can follow over a window of `first` to `last`
    /// (days, inclusive): months up to three years (at most 36 points),
    /// quarters up to ten years (at most 40), years beyond, so a long
    /// history is a few points and not hundreds of noisy ones.
    pub fn readable_for(first: NaiveDate, last: NaiveDate) -> Period {
        let months = Month::of(last).0 - Month::of(first).0 + 1;
        match months {
            ..=36 => Period::Month,
            37..=120 => Period::Quarter,
            _ => Period::Year,
        }
    }

    /// The bucket of an index read from a `period` column.
    pub fn bucket(self, index: i32) -> Bucket {
        Bucket {
            period: self,
            index,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Period::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| format!("unknown period “{s}”: use month, quarter or year"))
    }
}

/// One calendar period: a month, quarter or year, as a count of periods
/// since year 0, which orders and steps by simple arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bucket {
    /// Months, quarters or years.
    pub period: Period,
    /// `year * 12 + month - 1` for months, `year * 4 + quarter - 1` for
    /// quarters, the year for years.
    pub index: i32,
}

impl Bucket {
    /// The first day of the period.
    pub fn first_day(self) -> NaiveDate {
        Month(self.index * self.period.months()).first_day()
    }

    /// The last day of the period.
    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("a period has a last day")
    }

    /// The period after this one.
    pub fn next(self) -> Self {
        self.plus(1)
    }

    /// The period `n` periods later (earlier if negative).
    pub fn plus(self, n: i32) -> Self {
        Bucket {
            index: self.index + n,
            ..self
        }
    }

    /// The same period one year earlier.
    pub fn year_before(self) -> Self {
        self.plus(-(12 / self.period.months()))
    }

    /// Whether the data, whose latest activity is on `latest`, covers the
    /// whole period: not when `latest` falls inside it before its last
    /// day (the period is still under way, and its figures are partial).
    pub fn complete_by(self, latest: NaiveDate) -> bool {
        latest >= self.last_day()
    }
}

impl fmt::Display for Bucket {
    /// `2024-03`, `2024-Q1` or `2024`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.period {
            Period::Month => write!(f, "{}", Month(self.index)),
            Period::Quarter => write!(
                f,
                "{}-Q{}",
                self.index.div_euclid(4),
                self.index.rem_euclid(4) + 1
            ),
            Period::Year => write!(f, "{}", self.index),
        }
    }
}

/// A calendar month, as a count of months since year 0 (`year * 12 + month - 1`).
/// Cohorts (DESIGN.md definition 3) are always monthly.
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

    /// The polars expression giving the month index of a datetime column,
    /// named `month`; for the activity frame's time, its precomputed month.
    pub fn expr(column: &str) -> Expr {
        if column == crate::activity::columns::AT {
            return col(crate::activity::columns::AT_MONTH).alias("month");
        }
        Self::compute(column).alias("month")
    }

    /// The month index computed from a datetime column.
    pub fn compute(column: &str) -> Expr {
        col(column).dt().year().cast(DataType::Int32) * lit(12)
            + col(column).dt().month().cast(DataType::Int32)
            - lit(1)
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

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn months_round_trip_across_year_boundaries() {
        let dec = Month::of(day(2023, 12, 31));
        assert_eq!(dec.to_string(), "2023-12");
        assert_eq!(dec.next().to_string(), "2024-01");
        assert_eq!(dec.next().first_day(), day(2024, 1, 1));
    }

    #[test]
    fn the_readable_period_grows_with_the_window() {
        let r = |a, b| Period::readable_for(a, b);
        assert_eq!(r(day(2024, 1, 15), day(2024, 1, 20)), Period::Month);
        // 36 months (January 2022 to December 2024) are still months.
        assert_eq!(r(day(2022, 1, 1), day(2024, 12, 31)), Period::Month);
        assert_eq!(r(day(2021, 12, 31), day(2024, 12, 1)), Period::Quarter);
        // 120 months are quarters; one more, years.
        assert_eq!(r(day(2015, 1, 1), day(2024, 12, 31)), Period::Quarter);
        assert_eq!(r(day(2014, 12, 31), day(2024, 12, 1)), Period::Year);
        // The Lutece history: September 2007 to June 2026.
        assert_eq!(r(day(2007, 9, 3), day(2026, 6, 3)), Period::Year);
    }

    #[test]
    fn a_period_is_complete_once_the_data_reaches_its_last_day() {
        let june = Period::Month.of(day(2026, 6, 1));
        assert!(!june.complete_by(day(2026, 6, 3)));
        assert!(june.complete_by(day(2026, 6, 30)));
        assert!(june.complete_by(day(2026, 7, 1)));
        assert!(june.plus(-1).complete_by(day(2026, 6, 3)));
        let year = Period::Year.of(day(2026, 6, 3));
        assert!(!year.complete_by(day(2026, 12, 30)));
        assert!(year.complete_by(day(2026, 12, 31)));
    }

    #[test]
    fn quarters_and_years() {
        let q = Period::Quarter.of(day(2024, 3, 31));
        assert_eq!(q.to_string(), "2024-Q1");
        assert_eq!(q.first_day(), day(2024, 1, 1));
        assert_eq!(q.last_day(), day(2024, 3, 31));
        assert_eq!(q.next().to_string(), "2024-Q2");
        assert_eq!(Period::Quarter.of(day(2023, 12, 31)).next(), q);
        assert_eq!(q.year_before().to_string(), "2023-Q1");
        let y = Period::Year.of(day(2024, 7, 14));
        assert_eq!(
            (y.to_string(), y.first_day(), y.last_day()),
            ("2024".into(), day(2024, 1, 1), day(2024, 12, 31))
        );
        assert_eq!(
            Period::Month.of(day(2024, 2, 10)).last_day(),
            day(2024, 2, 29)
        );
        assert_eq!(
            Period::Month.of(day(2024, 2, 10)).year_before().to_string(),
            "2023-02"
        );
        assert_eq!("quarter".parse::<Period>(), Ok(Period::Quarter));
        assert!("week"
            .parse::<Period>()
            .unwrap_err()
            .contains("month, quarter or year"));
    }

    #[test]
    fn the_polars_expression_agrees_with_dates() {
        let times = [
            day(2023, 12, 31),
            day(2024, 1, 1),
            day(2024, 4, 1),
            day(2024, 9, 30),
        ];
        let micros: Vec<i64> = times
            .iter()
            .map(|d| {
                d.and_hms_opt(23, 59, 59)
                    .unwrap()
                    .and_utc()
                    .timestamp_micros()
            })
            .collect();
        let at = Series::new("t".into(), micros)
            .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
            .unwrap();
        let df = DataFrame::new(times.len(), vec![at.into()]).unwrap();
        for period in Period::ALL {
            let got = df
                .clone()
                .lazy()
                .select([period.expr("t")])
                .collect()
                .unwrap();
            let got: Vec<i32> = got
                .column("period")
                .unwrap()
                .i32()
                .unwrap()
                .into_no_null_iter()
                .collect();
            let want: Vec<i32> = times.iter().map(|d| period.of(*d).index).collect();
            assert_eq!(got, want, "{period}");
        }
    }
}
