//! The dashboard over a real history (lutece-tech-plugin-liquibase's log,
//! from the shared data): what pages show while a run writes, with and
//! without affiliation rules, for a window without activity, and with
//! people pseudonymised.

use super::*;
use crate::data::ContributorsView;
use vigie_ingest::identity::Rules;
use vigie_ingest::{ingest, SourceConfig};

/// lutece-tech-plugin-liquibase's history in a store of its own.
fn store_with_liquibase(dir: &Path) -> Option<std::path::PathBuf> {
    let data = vigie_ingest::testdata::shared_data()?;
    let path = dir.join("v.duckdb");
    let mut store = Store::open(&path).unwrap();
    let sources = [SourceConfig::git_log(data.join(
        "lutece-gitlog/lutece-platform+lutece-tech-plugin-liquibase.gitlog.txt.gz",
    ))];
    ingest(&mut store, &sources, dir, &Rules::default(), |_| {}).unwrap();
    Some(path)
}

fn contributors_of(dashboard: Dashboard) -> (ContributorsData, Option<ContributorData>) {
    let dashboard = Arc::new(dashboard);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let page = Arc::clone(&dashboard)
            .contributors_page(Filter::default(), ContributorsView::default(), Lang::En)
            .await
            .unwrap();
        let one = Arc::clone(&dashboard)
            .contributor_page(1, Filter::default(), Lang::En)
            .await
            .unwrap();
        (page, one)
    })
}

#[test]
fn readers_keep_the_data_of_before_while_a_run_writes() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = store_with_liquibase(dir.path()) else {
        return;
    };
    let data = vigie_ingest::testdata::shared_data().unwrap();
    let dashboard =
        Dashboard::open(&path, Affiliations::new(&[]), Thresholds::default(), vec![]).unwrap();
    let (before, _) = contributors_of_shared(&dashboard);
    {
        let (mut writer, _guard) = dashboard.writer().unwrap();
        let sources = [SourceConfig::git_log(data.join(
            "lutece-gitlog/lutece-platform+lutece-tech-plugin-rest.gitlog.txt.gz",
        ))];
        ingest(&mut writer, &sources, dir.path(), &Rules::default(), |_| {}).unwrap();
        // Committed, but the run is not over for readers.
        let (during, _) = contributors_of_shared(&dashboard);
        assert_eq!(during.matching, before.matching);
        assert_eq!(format!("{:?}", during.table), format!("{:?}", before.table));
    }
    let (after, _) = contributors_of_shared(&dashboard);
    assert!(
        after.matching > before.matching,
        "{} then {}",
        before.matching,
        after.matching
    );
}

/// The contributors page of a dashboard that stays open, as its
/// readers get it (through the page cache).
fn contributors_of_shared(dashboard: &Dashboard) -> (ContributorsData, Option<ContributorData>) {
    let page = dashboard
        .page("test contributors".to_owned(), |dashboard| {
            contributors::page(
                dashboard,
                Filter::default(),
                ContributorsView::default(),
                Lang::En,
            )
        })
        .unwrap();
    (page, None)
}

#[test]
fn rows_show_every_address_and_a_person_page_every_identity() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = store_with_liquibase(dir.path()) else {
        return;
    };
    let dashboard = Arc::new(
        Dashboard::open(&path, Affiliations::new(&[]), Thresholds::default(), vec![]).unwrap(),
    );
    let (page, _) = contributors_of_shared(&dashboard);
    let column = |label: &str| {
        page.table
            .columns
            .iter()
            .position(|c| c.label == label)
            .unwrap_or_else(|| panic!("no column {label}"))
    };
    let emails = column("E-mail addresses");
    column("Forge accounts");
    assert!(
        page.table.rows.iter().all(|r| !r[emails].text.is_empty()),
        "every git contributor has an address"
    );
    let csv = csv::to_csv(&page.table);
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .ends_with(",E-mail addresses,Forge accounts"));

    let id: i64 = page.table.rows[0][0]
        .href
        .as_deref()
        .and_then(|h| h.strip_prefix("/contributors/"))
        .and_then(|id| id.parse().ok())
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let one = runtime
        .block_on(Arc::clone(&dashboard).contributor_page(id, Filter::default(), Lang::Fr))
        .unwrap()
        .unwrap();
    let identities = &one.identities;
    assert_eq!(identities.columns[0].label, "Source");
    assert!(!identities.rows.is_empty());
    for row in &identities.rows {
        assert_eq!(row[0].text, "git");
        assert!(!row[2].text.is_empty(), "{row:?}");
    }
    // Every activity of theirs is under one of their identities.
    let recorded: i64 = identities
        .rows
        .iter()
        .map(|r| r[5].raw.as_deref().unwrap().parse::<i64>().unwrap())
        .sum();
    let contributions = &one
        .facts
        .iter()
        .find(|(l, _)| l == "Contributions")
        .unwrap()
        .1;
    let contributions: i64 = contributions.replace('\u{202f}', "").parse().unwrap();
    assert!(recorded >= contributions, "{recorded} < {contributions}");
}

#[test]
fn organisations_are_unknown_without_affiliation_data_and_counted_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = store_with_liquibase(dir.path()) else {
        return;
    };
    let summary = |rules: &[vigie_ingest::affiliation::AffiliationRule]| {
        let dashboard = Dashboard::open(
            &path,
            Affiliations::new(rules),
            Thresholds::default(),
            vec![],
        )
        .unwrap();
        let page = summary::page(&dashboard, Filter::default(), Lang::En).unwrap();
        let organisations = page
            .headlines
            .into_iter()
            .find(|h| h.id == "organisations")
            .unwrap();
        let factors = page.charts.into_iter().find(|c| c.id == "factors").unwrap();
        (organisations, factors.caption)
    };
    let (unknown, caption) = summary(&[]);
    assert_eq!(unknown.value, "unknown");
    assert!(
        unknown.sentence.contains("affiliation rule"),
        "{}",
        unknown.sentence
    );
    assert!(caption.contains("Unknown: no contribution"), "{caption}");

    let (known, caption) = summary(&[vigie_ingest::affiliation::AffiliationRule {
        domain: "paris.fr".into(),
        organisation: "Ville de Paris".into(),
        from: None,
        to: None,
    }]);
    assert_ne!(known.value, "unknown");
    assert!(
        caption.contains("left out of the elephant factor"),
        "{caption}"
    );
}

#[test]
fn a_window_without_activity_says_where_the_data_is_and_gives_no_figures() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = store_with_liquibase(dir.path()) else {
        return;
    };
    let dashboard =
        Dashboard::open(&path, Affiliations::new(&[]), Thresholds::default(), vec![]).unwrap();
    let month = |year, month| Some(crate::filter::YearMonth { year, month });
    let before = Filter {
        from: month(2001, 1),
        to: month(2002, 12),
        ..Filter::default()
    };
    let page = summary::page(&dashboard, before, Lang::En).unwrap();
    assert_eq!(page.period, None);
    assert!(page.headlines.is_empty() && page.charts.is_empty());
    assert!(
        page.frame
            .notices
            .iter()
            .any(|n| n
                .starts_with("No activity in this window: the data of this scope runs from ")),
        "{:?}",
        page.frame.notices
    );
    // Over all time: figures, a scope that says how recent the data is,
    // and a period suited to the history's length.
    let all = summary::page(&dashboard, Filter::default(), Lang::En).unwrap();
    assert!(all.period.is_some() && !all.headlines.is_empty());
    assert!(
        all.frame.scope.contains(" · data up to "),
        "{}",
        all.frame.scope
    );
    assert!(all.frame.filter.period.is_none(), "the reader chose none");
}

#[test]
fn pseudonymised_people_have_no_name_or_address_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = store_with_liquibase(dir.path()) else {
        return;
    };
    let open =
        || Dashboard::open(&path, Affiliations::new(&[]), Thresholds::default(), vec![]).unwrap();
    let (named, _) = contributors_of(open());
    let named_text = format!("{:?}", named.table);
    assert!(named_text.contains("ThomasDumont"), "{named_text}");

    let (page, one) = contributors_of(open().pseudonymised(true));
    let text = format!("{:?} {:?} {:?}", page.table, page.bots, one);
    for real in ["ThomasDumont", "thomas.dumont", "paris.fr", "Pablo", "@"] {
        assert!(!text.contains(real), "{real} shown: {text}");
    }
    assert!(text.contains("Contributor "), "{text}");
    assert_eq!(page.matching, named.matching, "the same people, renamed");
    // The same person keeps the same pseudonym; different people differ.
    assert_eq!(pseudonym(7), pseudonym(7));
    let names: std::collections::HashSet<String> = (1..=500).map(pseudonym).collect();
    assert_eq!(names.len(), 500);
}

/// A dashboard over the store at `path` where paris.fr addresses stand
/// for the City.
fn with_paris(path: &Path) -> Dashboard {
    let paris = vigie_ingest::affiliation::AffiliationRule {
        domain: "paris.fr".into(),
        organisation: "Ville de Paris".into(),
        from: None,
        to: None,
    };
    Dashboard::open(
        path,
        Affiliations::new(&[paris]),
        Thresholds::default(),
        vec![],
    )
    .unwrap()
}

/// The GGI scorecard's configuration over the shared handbook: the City's
/// people, and lutece-tech-plugin-rest taken as a project upstream of the
/// estate (so that real history stands for contributions outside it).
fn governance(data: &Path) -> vigie_ingest::config::GovernanceConfig {
    vigie_ingest::config::GovernanceConfig {
        ggi_handbook: Some(data.join("ggi/ggi_activities_full.json")),
        organisation: Some("Ville de Paris".into()),
        upstream: vec!["lutece-platform/lutece-tech-plugin-rest".into()],
    }
}

#[test]
fn ggi_evidence_is_recorded_after_each_run_and_the_page_shows_how_it_moved() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = store_with_liquibase(dir.path()) else {
        return;
    };
    let data = vigie_ingest::testdata::shared_data().unwrap();
    let dashboard = with_paris(&path).governance(governance(&data));
    let first = dashboard.record_ggi_evidence().unwrap().expect("a run");
    {
        let (mut writer, _guard) = dashboard.writer().unwrap();
        let sources = [SourceConfig::git_log(data.join(
            "lutece-gitlog/lutece-platform+lutece-tech-plugin-rest.gitlog.txt.gz",
        ))];
        ingest(&mut writer, &sources, dir.path(), &Rules::default(), |_| {}).unwrap();
    }
    let second = dashboard.record_ggi_evidence().unwrap().expect("a run");
    assert!(second > first);
    let page = ggi::page(&dashboard, Filter::default(), Lang::En, false).unwrap();
    let activity = |id: &str| {
        page.goals
            .iter()
            .flat_map(|g| &g.activities)
            .find(|a| a.id == id)
            .cloned()
            .unwrap()
    };
    // Two runs, different key indicators: two rows, the latest first.
    let history = activity("GGI-A-24").history.expect("a history");
    assert_eq!(history.rows.len(), 2);
    assert!(history.rows[0][0].text >= history.rows[1][0].text);
    let active = |row: &Vec<crate::data::Cell>| row[1].text.clone();
    assert_ne!(active(&history.rows[0]), active(&history.rows[1]));
    // git-log files have no contents: GGI-A-23 says so.
    assert_eq!(
        activity("GGI-A-23").evidence,
        ["No repository in scope had its contents read (a git-log source): nothing to measure."]
    );
    // Contributions upstream: the rest plugin's activities by paris.fr
    // addresses (bots aside) in the year to the latest activity, which
    // counts, counted here in SQL from the stored rows.
    let expected: i64 = dashboard
        .store()
        .connection()
        .query_row(
            "WITH t AS (SELECT max(occurred_at) AS last FROM activities)
             SELECT count(*) FROM activities a
             JOIN repositories r ON r.id = a.repository_id
             JOIN identities i ON i.id = a.identity_id
             JOIN contributors c ON c.id = i.contributor_id, t
             WHERE r.name = 'lutece-platform/lutece-tech-plugin-rest' AND NOT c.is_bot
               AND (lower(i.email) LIKE '%@paris.fr' OR lower(i.email) LIKE '%.paris.fr')
               AND a.occurred_at > t.last - INTERVAL 12 MONTH AND a.occurred_at <= t.last",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let upstream = activity("GGI-A-26").evidence;
    assert_eq!(
        upstream[0],
        format!("Contributions upstream: {expected}"),
        "{upstream:?}"
    );
}

#[test]
fn mrl_data_points_say_what_a_git_log_cannot_give_and_count_its_committers() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = store_with_liquibase(dir.path()) else {
        return;
    };
    let dashboard = with_paris(&path);
    let name = "lutece-platform/lutece-tech-plugin-liquibase";
    let page = repository::page(&dashboard, name, Filter::default(), Lang::En, None)
        .unwrap()
        .unwrap();
    let table = page.mrl.expect("the data points");
    let value = |label: &str| {
        table
            .rows
            .iter()
            .find(|r| r[0].text.starts_with(label))
            .map(|r| r[1].text.clone())
            .unwrap()
    };
    assert_eq!(value("People assigned"), "no forge data");
    assert_eq!(value("Source files without"), "contents not read");
    assert_eq!(value("CTY-2"), "no forge data", "commits are no discussion");
    // CTY-1: the commit authors of the year to the latest activity, counted
    // here in SQL from the stored rows, bots aside.
    let (people, paris): (i64, i64) = dashboard
        .store()
        .connection()
        .query_row(
            "WITH t AS (SELECT max(occurred_at) AS last FROM activities)
             SELECT count(DISTINCT c.id),
                    count(DISTINCT c.id) FILTER (WHERE lower(i.email) LIKE '%@paris.fr')
             FROM activities a
             JOIN identities i ON i.id = a.identity_id
             JOIN contributors c ON c.id = i.contributor_id, t
             WHERE a.kind = 'commit' AND NOT c.is_bot
               AND a.occurred_at > t.last - INTERVAL 12 MONTH AND a.occurred_at <= t.last",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(people > 0);
    let organisations = if paris > 0 { "Ville de Paris" } else { "" };
    assert_eq!(
        value("CTY-1"),
        format!(
            "No: {people} committer{}, {} of unknown organisation; {organisations}",
            if people == 1 { "" } else { "s" },
            people - paris
        )
    );
}
