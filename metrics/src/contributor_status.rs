//! Contributor status (DESIGN.md definition 4, after CHAOSS "Inactive
//! Contributors"): at a reference date T, a contributor is *active* if their
//! last contribution is within `drifting_after` months of T, *drifting* if
//! within `away_after` months, else *away*; *new* marks a first contribution
//! within `new_within_days` of T. The inactive contributors are the drifting
//! or away ones with at least `min_contributions` contributions: the people a
//! community manager may reach out to.

use chrono::Months;
use polars::prelude::*;

use crate::activity::{self, columns, in_scope, Activities};
use crate::params::{Computed, Params};

/// One row per contributor in scope: `contributor_id`, `first_at`,
/// `last_at`, `contributions`, `status` (`active`, `drifting`, `away`),
/// `is_new` and `inactive`, most recently active first. T is
/// `params.reference`, the thresholds those of `params.thresholds`. The date
/// window of `params` is ignored: status looks at all of a contributor's
/// history up to T.
pub fn contributor_status(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<DataFrame>> {
    let status = &params.thresholds;
    let scoped = in_scope(activities, params);
    // An empty scope gives an empty table of the same shape.
    let t = activity::reference(activities, params)?.unwrap_or_default();
    let months_before = |m: u32| t.checked_sub_months(Months::new(m)).unwrap_or(t);
    let drifting_from = months_before(status.drifting_after_months);
    let away_from = months_before(status.away_after_months);
    let new_from = t - chrono::Duration::days(status.new_within_days.into());
    scoped
        .filter(col(columns::AT).lt(lit(t)))
        .group_by([col(columns::CONTRIBUTOR)])
        .agg([
            col(columns::AT).min().alias("first_at"),
            col(columns::AT).max().alias("last_at"),
            len().cast(DataType::Int64).alias("contributions"),
        ])
        .with_column(
            when(col("last_at").gt_eq(lit(drifting_from)))
                .then(lit("active"))
                .when(col("last_at").gt_eq(lit(away_from)))
                .then(lit("drifting"))
                .otherwise(lit("away"))
                .alias("status"),
        )
        .with_columns([
            col("first_at").gt_eq(lit(new_from)).alias("is_new"),
            col("status")
                .neq(lit("active"))
                .and(col("contributions").gt_eq(lit(status.min_contributions as i64)))
                .alias("inactive"),
        ])
        .sort(
            ["last_at", columns::CONTRIBUTOR],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()
        .map(|frame| Computed::new(params, frame))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::frame;
    use crate::test_util::at;

    fn statuses(df: &DataFrame) -> Vec<(i64, String, bool, bool)> {
        let id = df.column("contributor_id").unwrap().i64().unwrap();
        let status = df.column("status").unwrap().str().unwrap();
        let new = df.column("is_new").unwrap().bool().unwrap();
        let inactive = df.column("inactive").unwrap().bool().unwrap();
        (0..df.height())
            .map(|i| {
                (
                    id.get(i).unwrap(),
                    status.get(i).unwrap().to_owned(),
                    new.get(i).unwrap(),
                    inactive.get(i).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn active_drifting_away_and_new_at_the_latest_activity() {
        // T = 2024-12-31 (the latest activity, by contributor 1).
        let mut contributor = vec![1, 2, 3, 4];
        let mut times = vec![
            at("2024-12-31T00:00:00Z"), // 1: active, and new (first within 90 days)
            at("2024-07-01T00:00:00Z"), // 2: 6 months before T exactly: still active
            at("2024-03-15T00:00:00Z"), // 3: drifting
            at("2023-06-30T00:00:00Z"), // 4: away
        ];
        // Contributor 4 made 5 contributions in all: inactive; 3 only one.
        for day in ["2023-01-02", "2023-02-02", "2023-03-02", "2023-04-02"] {
            contributor.push(4);
            times.push(at(&format!("{day}T00:00:00Z")));
        }
        let n = contributor.len();
        let df = frame(
            vec![1; n],
            contributor,
            vec!["commit".into(); n],
            times,
            vec![false; n],
        )
        .unwrap();
        let got = contributor_status(&df, &Params::default()).unwrap();
        let s = |id, st: &str, new, inactive| (id, st.to_string(), new, inactive);
        assert_eq!(
            statuses(&got),
            [
                s(1, "active", true, false),
                s(2, "active", false, false),
                s(3, "drifting", false, false),
                s(4, "away", false, true),
            ]
        );
    }

    #[test]
    fn a_given_reference_date_ignores_later_activity() {
        let df = frame(
            vec![1, 1],
            vec![1, 1],
            vec!["commit".into(); 2],
            vec![at("2020-01-01T00:00:00Z"), at("2024-01-01T00:00:00Z")],
            vec![false; 2],
        )
        .unwrap();
        let status = Params {
            reference: chrono::NaiveDate::from_ymd_opt(2021, 6, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0)),
            ..Params::default()
        };
        let got = contributor_status(&df, &status).unwrap();
        assert_eq!(statuses(&got), [(1, "away".to_string(), false, false)]);
    }

    #[test]
    fn an_empty_scope_is_an_empty_table() {
        let df = frame(vec![], vec![], vec![], vec![], vec![]).unwrap();
        let got = contributor_status(&df, &Params::default()).unwrap();
        assert_eq!(got.height(), 0);
    }
}
