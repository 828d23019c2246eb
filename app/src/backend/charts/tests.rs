//! The charts from small hand-made frames: what each draws and tabulates.

use std::sync::Arc;

use vigie_metrics::activity::frame;
use vigie_metrics::items::{self, Items};

use super::onboarding::{every_month, shares_of_enough, Cohort};
use super::*;
use crate::backend::Snapshot;

fn us(day: &str) -> i64 {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_micros()
}

/// Three months of commits by two people in repository 1, and three
/// issues: one opened in January and closed in March (answered after
/// two days), one opened in February still open (never answered), one
/// pull request opened and merged in February (answered within a day).
fn charts_of(kinds: &[ChartKind]) -> Vec<Chart> {
    let dir = tempfile::tempdir().unwrap();
    let dashboard = Dashboard::open(
        &dir.path().join("store.duckdb"),
        vigie_ingest::affiliation::Affiliations::new(&[]),
        Default::default(),
        vec![],
    )
    .unwrap();
    let days = ["2024-01-10", "2024-02-10", "2024-03-10"];
    let activities = frame(
        vec![1; 6],
        vec![1, 2, 1, 2, 1, 2],
        vec!["commit".into(); 6],
        days.iter().flat_map(|d| [us(d), us(d)]).collect(),
        vec![false; 6],
    )
    .unwrap();
    let items = items::frame(Items {
        repository: vec![1, 1, 1],
        number: vec![1, 2, 3],
        is_pr: vec![false, false, true],
        author: vec![Some(1), Some(2), Some(1)],
        is_bot: vec![false; 3],
        created: vec![us("2024-01-05"), us("2024-02-01"), us("2024-02-03")],
        closed: vec![
            Some(us("2024-03-01")),
            None,
            Some(us("2024-02-03") + 3_600_000_000),
        ],
        merged: vec![None, None, Some(us("2024-02-03") + 3_600_000_000)],
        first_response: vec![
            Some(us("2024-01-07")),
            None,
            Some(us("2024-02-03") + 3_600_000_000),
        ],
    })
    .unwrap();
    let snapshot = Snapshot {
        version: 1,
        activities: Arc::new(activities),
        items: Arc::new(items),
        repositories: Arc::new(Vec::new()),
        people: Default::default(),
    };
    let params = Params::default();
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    Charts {
        dashboard: &dashboard,
        snapshot: &snapshot,
        scoped: &scoped,
        params: &params,
        lang: Lang::En,
    }
    .draw(kinds, None)
    .unwrap()
}

fn rows(chart: &Chart) -> Vec<Vec<String>> {
    chart
        .table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.clone()).collect())
        .collect()
}

#[test]
fn the_backlog_and_response_charts_read_the_forge_items() {
    let charts = charts_of(&[ChartKind::Backlog, ChartKind::Response]);
    assert_eq!(charts.len(), 2, "both are drawn when items exist");
    let backlog = &charts[0];
    assert_eq!(backlog.id, "backlog");
    assert!(backlog.svg.contains("<title>Backlog</title>"));
    // Open at the end of each month: issues, pull requests.
    assert_eq!(
        rows(backlog),
        [
            ["Jan 2024", "1", "0"],
            ["Feb 2024", "2", "0"],
            ["Mar 2024 (partial)", "1", "0"],
        ]
    );
    let response = &charts[1];
    assert_eq!(response.id, "response");
    // Median days to a first response by month opened: January's issue
    // waited two days (less its opening's hours), February's answered
    // item one hour (the unanswered one has no time).
    assert_eq!(
        rows(response)[0][..2],
        ["Jan 2024".to_owned(), "2.0".to_owned()]
    );
    assert_eq!(
        rows(response)[1][..2],
        ["Feb 2024".to_owned(), "0.0".to_owned()]
    );
}

#[test]
fn shares_over_too_few_newcomers_are_left_out() {
    let shares = [Some(1.0), Some(0.5), None, Some(0.2)];
    let newcomers = [Some(1.0), Some(6.0), Some(0.0), Some(5.0)];
    assert_eq!(
        shares_of_enough(&shares, &newcomers),
        [None, Some(50.0), None, Some(20.0)]
    );
}

#[test]
fn months_without_newcomers_are_empty_cohorts() {
    let shares = |s: f64| {
        let mut v = vec![None; RETENTION_MONTHS as usize + 1];
        v[0] = Some(s);
        v
    };
    // January 2024 (3 newcomers) and April 2024 (1).
    let (jan, apr) = (2024 * 12, 2024 * 12 + 3);
    let filled = every_month(vec![(jan, 3, shares(1.0)), (apr, 1, shares(1.0))]);
    let sizes: Vec<(i32, i64)> = filled.iter().map(|(c, n, _)| (*c, *n)).collect();
    assert_eq!(sizes, [(jan, 3), (jan + 1, 0), (jan + 2, 0), (apr, 1)]);
    assert!(filled[1].2.iter().all(Option::is_none));
    assert_eq!(every_month(Vec::new()), Vec::<Cohort>::new());
}

#[test]
fn the_heatmap_rows_give_each_cohort_s_size_and_partial_periods_are_marked() {
    let charts = charts_of(&[ChartKind::Cohorts, ChartKind::Contributors]);
    let cohorts = &charts[0];
    // Both people first contributed in January 2024.
    assert!(cohorts.svg.contains("Jan 2024 (2)"), "{}", cohorts.svg);
    assert_eq!(
        rows(cohorts)[0][..2],
        ["Jan 2024".to_owned(), "2".to_owned()]
    );
    // The data stops on 10 March 2024: March is still under way, in the
    // table and not drawn.
    let contributors = &charts[1];
    assert_eq!(rows(contributors)[2][0], "Mar 2024 (partial)");
    let line = "stroke=\"#0072B2\" stroke-width=\"2\" points=\"";
    let at = contributors
        .svg
        .find(line)
        .expect("the active contributors");
    let points = contributors.svg[at + line.len()..]
        .split('"')
        .next()
        .unwrap();
    assert_eq!(points.split_whitespace().count(), 2, "January and February");
    assert!(
        contributors
            .caption
            .ends_with("March 2024 is still under way (figures up to 10 March 2024): it is in the table, not drawn."),
        "{}",
        contributors.caption
    );
}

#[test]
fn without_forge_items_the_forge_charts_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let dashboard = Dashboard::open(
        &dir.path().join("store.duckdb"),
        vigie_ingest::affiliation::Affiliations::new(&[]),
        Default::default(),
        vec![],
    )
    .unwrap();
    let snapshot = Snapshot {
        version: 1,
        activities: Arc::new(
            frame(
                vec![1],
                vec![1],
                vec!["commit".into()],
                vec![us("2024-01-10")],
                vec![false],
            )
            .unwrap(),
        ),
        items: Arc::new(items::frame(Items::default()).unwrap()),
        repositories: Arc::new(Vec::new()),
        people: Default::default(),
    };
    let params = Params::default();
    let scoped = Scoped::new(snapshot.activities.as_ref(), &params);
    let charts = Charts {
        dashboard: &dashboard,
        snapshot: &snapshot,
        scoped: &scoped,
        params: &params,
        lang: Lang::En,
    }
    .draw(
        &[
            ChartKind::Contributors,
            ChartKind::Backlog,
            ChartKind::Response,
        ],
        None,
    )
    .unwrap();
    let ids: Vec<&str> = charts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["contributors"]);
}
