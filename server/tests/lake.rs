//! `vigie lake metrics` with polars, as a user runs it: a synthetic lake's
//! figures computed, loaded into the store with their repositories' names,
//! and computed again replacing the run before.

mod common;

use common::{vigie, write_config};
use vigie_ingest::Store;
use vigie_metrics::activity::LakeActivities;
use vigie_metrics::lake::compute_all;
use vigie_metrics::synthetic::{generate, Spec};

#[test]
fn polars_figures_are_loaded_with_repository_names_and_replace_the_run_before() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), "");
    let lake = dir.path().join("lake");
    generate(&Spec::new(20_000)).write_lake(&lake).unwrap();

    let lake_arg = lake.to_str().unwrap();
    let first = vigie(&config, &["lake", "metrics", lake_arg, "--json"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let said: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(said["engine"], "polars");

    let expected: usize = compute_all(&LakeActivities::open(&lake).unwrap())
        .unwrap()
        .iter()
        .map(|(_, df)| df.height())
        .sum();
    let store = Store::open(&dir.path().join("vigie.duckdb")).unwrap();
    let runs = store.lake_runs().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].figures as usize, expected);
    let figures = store.lake_figures(runs[0].id).unwrap();
    assert_eq!(figures.len(), expected);
    assert!(figures
        .iter()
        .any(|f| f.repository.as_deref() == Some("synthetic/repo-0001")));
    assert!(figures
        .iter()
        .any(|f| f.repository.is_none() && f.metric == "bus_factor"));
    drop(store);

    let again = vigie(&config, &["lake", "metrics", lake_arg]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let store = Store::open(&dir.path().join("vigie.duckdb")).unwrap();
    let runs = store.lake_runs().unwrap();
    assert_eq!(runs.len(), 1, "the lake's earlier polars run is replaced");
    assert_eq!(store.lake_figures(runs[0].id).unwrap(), figures);
}

#[test]
fn a_folder_that_is_no_lake_and_spark_without_a_master_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), "");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let refused = vigie(&config, &["lake", "metrics", empty.to_str().unwrap()]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("has no activities folder"), "{said}");

    let no_master = vigie(
        &config,
        &[
            "lake",
            "metrics",
            empty.to_str().unwrap(),
            "--engine",
            "spark",
        ],
    );
    assert!(!no_master.status.success());
    let said = String::from_utf8_lossy(&no_master.stderr);
    assert!(said.contains("--master"), "{said}");
}
