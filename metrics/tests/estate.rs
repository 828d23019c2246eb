//! The estate's indicators on the 31 Lutece repositories: their logs with
//! their tips and tags recorded (`../shared/data`), ingested into a real
//! store, checked against the data's own index and facts read by hand.

use std::collections::{BTreeMap, HashMap};

use vigie_ingest::identity::Rules;
use vigie_ingest::testdata::shared_data;
use vigie_ingest::{ingest, SourceConfig, Store};
use vigie_metrics::estate::core_generation::{core_generation, Stage};
use vigie_metrics::estate::drift::{drift, libyears};
use vigie_metrics::estate::graph::DependencyGraph;

const CORE: &str = "lutece-platform/lutece-core";

fn lutece_store(dir: &std::path::Path) -> Option<Store> {
    let data = shared_data()?;
    let mut store = Store::open(&dir.join("v.duckdb")).unwrap();
    let sources = [SourceConfig::GitLog {
        path: data.join("lutece-gitlog"),
        heads: Some(data.join("lutece-heads")),
        refs: Some(data.join("lutece-refs.csv.gz")),
    }];
    ingest(
        &mut store,
        &sources,
        &dir.join("clones"),
        &Rules::default(),
        |_| {},
    )
    .unwrap();
    Some(store)
}

/// INDEX.csv's `lutece_core_dep` by repository.
fn core_ranges() -> HashMap<String, String> {
    let data = shared_data().unwrap();
    let mut reader = csv::Reader::from_path(data.join("lutece-heads/INDEX.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let repo = headers.iter().position(|h| h == "repo").unwrap();
    let range = headers.iter().position(|h| h == "lutece_core_dep").unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[repo].to_owned(), r[range].to_owned())
        })
        .collect()
}

#[test]
fn lutece_core_is_depended_on_by_every_repository_whose_pom_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let Some(store) = lutece_store(dir.path()) else {
        return;
    };
    let modules = store.maven_modules().unwrap();
    let dependencies = store.maven_dependencies().unwrap();
    let graph = DependencyGraph::build(&modules, &dependencies);
    // The index names a core range for 28 of the 31: those depend on it.
    let naming_core: Vec<String> = core_ranges()
        .into_iter()
        .filter(|(_, range)| !range.is_empty())
        .map(|(repo, _)| repo)
        .collect();
    assert_eq!(naming_core.len(), 28);
    let mut direct = graph.direct_dependents(CORE);
    direct.sort_unstable();
    let mut expected: Vec<&str> = naming_core.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(direct, expected);
    assert!(graph.transitive_dependents(CORE).len() >= 28);
}

#[test]
fn the_core_ranges_decide_the_core_generation() {
    let dir = tempfile::tempdir().unwrap();
    let Some(store) = lutece_store(dir.path()) else {
        return;
    };
    let (modules, dependencies) = (
        store.maven_modules().unwrap(),
        store.maven_dependencies().unwrap(),
    );
    let (files, refs) = (store.tip_files().unwrap(), store.refs().unwrap());
    let mut stages = BTreeMap::new();
    for (repo, range) in core_ranges() {
        let judged = core_generation(&repo, &modules, &dependencies, &files, &refs);
        assert_eq!(
            judged.core.as_deref().unwrap_or_default(),
            if repo == CORE {
                "8.0.2-SNAPSHOT"
            } else {
                &range
            },
            "{repo}"
        );
        let new_core = range.trim_start_matches(['[', '(']).starts_with('8');
        if new_core {
            assert!(
                matches!(judged.stage, Stage::Ready | Stage::InProgress),
                "{repo}: {judged:?}"
            );
        } else if range.starts_with("[7")
            && judged.jakarta_files == 0
            && judged.new_core_branch.is_none()
        {
            assert_eq!(judged.stage, Stage::NotStarted, "{repo}: {judged:?}");
        }
        stages.insert(repo, judged);
    }
    // cms-plugin-blog builds against core 7 and has a develop_core8 branch.
    let blog = &stages["lutece-platform/lutece-cms-plugin-blog"];
    assert_eq!(
        (blog.stage, blog.new_core_branch.as_deref()),
        (Stage::InProgress, Some("develop_core8"))
    );
}

#[test]
fn internal_libyears_count_from_the_core_release_a_plugin_names() {
    let dir = tempfile::tempdir().unwrap();
    let Some(store) = lutece_store(dir.path()) else {
        return;
    };
    let (modules, dependencies) = (
        store.maven_modules().unwrap(),
        store.maven_dependencies().unwrap(),
    );
    let refs = store.refs().unwrap();
    let graph = DependencyGraph::build(&modules, &dependencies);
    let drifts = drift(&graph, &dependencies, &refs);
    // mylutece names [7.0.2,7.9.9): from lutece-core-7.0.2's tag to the newest release.
    let mylutece = drifts
        .iter()
        .find(|d| {
            d.repository == "lutece-platform/lutece-auth-plugin-mylutece" && d.builder == CORE
        })
        .unwrap();
    assert_eq!(mylutece.used.as_ref().map(|v| v.as_str()), Some("7.0.2"));
    let released = refs
        .iter()
        .find(|r| r.repository == CORE && r.name == "lutece-core-7.0.2")
        .unwrap();
    let (_, newest_at) = mylutece.newest.clone().unwrap();
    let expected = (newest_at - released.dated_at.unwrap()).num_days() as f64 / 365.25;
    assert!((mylutece.years.unwrap() - expected).abs() < 1e-9);
    assert!(expected > 0.0);
    assert!(libyears(&drifts)["lutece-platform/lutece-auth-plugin-mylutece"] >= expected);
}
