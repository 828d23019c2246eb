//! What both engines must agree on before their timings mean anything.

use std::fmt::Debug;

/// An absence factor: the factor, contributors and contributions.
pub type Factor = (Option<u32>, u32, u64);

/// Every metric of one refresh, reduced to plain values (read outside the
/// timing). Rows are in the order each metric gives them.
#[derive(Debug, PartialEq)]
pub struct Headlines {
    /// (month, active contributors, new contributors), quiet months as zeros.
    pub trend: Vec<(i32, i64, i64)>,
    /// Active and new contributors over the whole window.
    pub in_window: (i64, i64),
    /// (cohort month, k, cohort size, retained).
    pub cohorts: Vec<(i32, i32, i64, i64)>,
    /// (contributor, contributions, status, new, inactive), latest first.
    pub status: Vec<(i64, i64, String, bool, bool)>,
    /// The bus factor over all time.
    pub bus_factor: Factor,
    /// (month, bus factor of the 12 months to it).
    pub bus_factor_over_time: Vec<(i32, Factor)>,
    /// Elephant factor, affiliated and unaffiliated contributions, and the
    /// contributions of each organisation, most first.
    pub elephant: (Option<u32>, u64, u64, Vec<(String, u64)>),
    /// (month, elephant factor of the 12 months to it).
    pub elephant_over_time: Vec<(i32, Option<u32>)>,
    /// Core, regular and casual contributors.
    pub onion: (u32, u32, u32),
    /// (month of first contribution, newcomers, returned, became regular).
    pub conversion: Vec<(i32, i64, i64, i64)>,
    /// (repository, its bus factor), repositories with contributions only.
    pub by_repository: Vec<(i32, Factor)>,
}

impl Headlines {
    /// Panics, naming the metric and its first difference, unless the
    /// polars results (`self`) and the SQL ones agree.
    pub fn assert_agree(&self, sql: &Self, size: usize) {
        let context = format!("{size} activities");
        same(&context, "trend", &self.trend, &sql.trend);
        same(&context, "in window", &[self.in_window], &[sql.in_window]);
        same(&context, "cohort retention", &self.cohorts, &sql.cohorts);
        same(&context, "contributor status", &self.status, &sql.status);
        same(
            &context,
            "bus factor",
            &[self.bus_factor],
            &[sql.bus_factor],
        );
        same(
            &context,
            "bus factor over time",
            &self.bus_factor_over_time,
            &sql.bus_factor_over_time,
        );
        same(
            &context,
            "elephant factor",
            std::slice::from_ref(&self.elephant),
            std::slice::from_ref(&sql.elephant),
        );
        same(
            &context,
            "elephant factor over time",
            &self.elephant_over_time,
            &sql.elephant_over_time,
        );
        same(&context, "onion", &[self.onion], &[sql.onion]);
        same(
            &context,
            "newcomer conversion",
            &self.conversion,
            &sql.conversion,
        );
        same(
            &context,
            "bus factor per repository",
            &self.by_repository,
            &sql.by_repository,
        );
    }

    /// A few headline numbers, for the report.
    pub fn summary(&self) -> String {
        let last = |v: &[(i32, Factor)]| v.last().and_then(|(_, f)| f.0);
        let factors: Vec<u32> = self.by_repository.iter().filter_map(|r| r.1 .0).collect();
        let (e, affiliated, unaffiliated, ref organisations) = self.elephant;
        format!(
            "{} months, {} contributors; {} cohorts; {} listed, {} inactive; \
             bus factor {:?} (last 12 months: {:?}); elephant factor {:?} over {} organisations \
             ({:.0} % unaffiliated); onion {:?}; {} repositories, bus factor 1 in {}, max {}",
            self.trend.len(),
            self.in_window.0,
            self.cohorts.iter().filter(|c| c.1 == 0).count(),
            self.status.len(),
            self.status.iter().filter(|s| s.4).count(),
            self.bus_factor.0,
            last(&self.bus_factor_over_time),
            e,
            organisations.len(),
            100.0 * unaffiliated as f64 / (affiliated + unaffiliated).max(1) as f64,
            self.onion,
            self.by_repository.len(),
            factors.iter().filter(|&&f| f == 1).count(),
            factors.iter().max().copied().unwrap_or(0),
        )
    }
}

/// Panics with the first row where `polars` and `sql` differ.
pub fn same<T: PartialEq + Debug>(context: &str, metric: &str, polars: &[T], sql: &[T]) {
    if let Some(i) = (0..polars.len().max(sql.len())).find(|&i| polars.get(i) != sql.get(i)) {
        panic!(
            "{context}: polars and DuckDB's SQL disagree on {metric}: row {i} of {} / {} is \
             {:?} in polars and {:?} in SQL",
            polars.len(),
            sql.len(),
            polars.get(i),
            sql.get(i),
        );
    }
}
