//! Newcomer conversion (DESIGN.md definition 8, after CHAOSS "Newcomer
//! Experience"): of the contributors new in a period, the share that made a
//! second contribution within `return_within_days` (90) of their first, and the
//! share that became regular: at least `regular_min` (10) contributions in
//! the `regular_months` (12) months from their first.

use polars::prelude::*;

use crate::activity::{columns, in_scope, within_window, Activities};
use crate::params::{Computed, Params, Thresholds};

/// What a newcomer's contributions say, aggregated per contributor (and
/// scope): `first_at`, whether they `returned` (a second contribution
/// within `return_within_days` of their first, the first included in the
/// count) and became `regular`. One group per contributor: the first
/// contribution is the group's minimum, and the later ones are counted
/// against it in the same pass (no join of every activity back to its
/// contributor's first).
pub(crate) fn newcomer_aggregates(t: &Thresholds) -> [Expr; 3] {
    let early_us = i64::from(t.return_within_days) * 86_400_000_000;
    let first = col(columns::AT).min();
    [
        first.clone().alias("first_at"),
        (col(columns::AT).cast(DataType::Int64) - first.clone().cast(DataType::Int64))
            .lt_eq(lit(early_us))
            .sum()
            .cast(DataType::Int64)
            .gt_eq(lit(2i64))
            .alias("returned"),
        col(columns::AT)
            .lt(first.dt().offset_by(lit(format!("{}mo", t.regular_months))))
            .sum()
            .cast(DataType::Int64)
            .gt_eq(lit(i64::from(t.regular_min)))
            .alias("regular"),
    ]
}

/// Per period of first contribution (in the window): `period` (`i32`, see
/// [`crate::period::Bucket`]), `newcomers`, `returned`, `became_regular` (`i64`) and the
/// shares `returned_share`, `regular_share` (`f64`, 0 to 1). Newcomers of the
/// last months may not have had the time to return or become regular yet.
pub fn newcomer_conversion(
    activities: &dyn Activities,
    params: &Params,
) -> PolarsResult<Computed<DataFrame>> {
    let per_newcomer = in_scope(activities, params)
        .group_by([col(columns::CONTRIBUTOR)])
        .agg(newcomer_aggregates(&params.thresholds));
    within_window(per_newcomer, "first_at", params)
        .group_by([params.period.expr("first_at")])
        .agg([
            len().cast(DataType::Int64).alias("newcomers"),
            col("returned")
                .sum()
                .cast(DataType::Int64)
                .alias("returned"),
            col("regular")
                .sum()
                .cast(DataType::Int64)
                .alias("became_regular"),
        ])
        .with_columns([
            (col("returned").cast(DataType::Float64) / col("newcomers").cast(DataType::Float64))
                .alias("returned_share"),
            (col("became_regular").cast(DataType::Float64)
                / col("newcomers").cast(DataType::Float64))
            .alias("regular_share"),
        ])
        .sort(["period"], SortMultipleOptions::default())
        .collect()
        .map(|frame| Computed::new(params, frame))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::frame;
    use crate::test_util::at;

    #[test]
    fn returned_and_regular_by_month_of_first_contribution() {
        let mut who = vec![1, 1, 2, 2, 3];
        let mut when = vec![
            at("2024-01-01T00:00:00Z"),
            at("2024-03-31T00:00:00Z"), // day 90: returned
            at("2024-01-05T00:00:00Z"),
            at("2024-06-01T00:00:00Z"), // too late to count as a return
            at("2024-02-10T00:00:00Z"),
        ];
        // Contributor 3: ten contributions within a year of the first (the
        // last on the day before the anniversary), an eleventh after it.
        for day in [
            "03-01",
            "04-01",
            "05-01",
            "06-01",
            "07-01",
            "08-01",
            "09-01",
            "10-01",
            "2025-02-09",
        ] {
            who.push(3);
            let stamp = if day.len() == 5 {
                format!("2024-{day}T00:00:00Z")
            } else {
                format!("{day}T00:00:00Z")
            };
            when.push(at(&stamp));
        }
        who.push(3);
        when.push(at("2025-02-10T00:00:00Z"));
        let n = who.len();
        let df = frame(
            vec![1; n],
            who,
            vec!["commit".into(); n],
            when,
            vec![false; n],
        )
        .unwrap();
        let got = newcomer_conversion(&df, &Params::default()).unwrap();
        let month = got.column("period").unwrap().i32().unwrap();
        let newcomers = got.column("newcomers").unwrap().i64().unwrap();
        let returned = got.column("returned").unwrap().i64().unwrap();
        let regular = got.column("became_regular").unwrap().i64().unwrap();
        let rows: Vec<(String, i64, i64, i64)> = (0..got.height())
            .map(|i| {
                (
                    crate::period::Month(month.get(i).unwrap()).to_string(),
                    newcomers.get(i).unwrap(),
                    returned.get(i).unwrap(),
                    regular.get(i).unwrap(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("2024-01".to_string(), 2, 1, 0),
                ("2024-02".to_string(), 1, 1, 1)
            ]
        );
        let share = got.column("returned_share").unwrap().f64().unwrap();
        assert_eq!(share.get(0), Some(0.5));
    }
}
