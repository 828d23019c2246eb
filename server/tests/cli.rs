//! The `vigie` command as a user runs it: exit codes, `--json`, and a crash
//! in the middle of an ingest (SIGKILL) that must cost nothing.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{dump, logs_source, vigie, write_config};
use vigie_ingest::testdata::shared_data;
use vigie_ingest::Store;

#[test]
fn exit_codes_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let missing = vigie(&dir.path().join("nope.toml"), &["ingest"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope.toml"));

    let bad = write_config(dir.path(), "[[sources]]\nkind = \"git\"\nurl = \"x\"\n");
    let out = vigie(&bad, &["ingest"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown field `url`"));

    let Some(data) = shared_data() else { return };
    let config = write_config(
        dir.path(),
        &format!(
            "{}\n[[sources]]\nkind = \"git\"\npaths = [\"{}\"]\n",
            logs_source(&data),
            dir.path().join("no-such-repository").display()
        ),
    );
    // One source fails, the others are stored: exit status 2.
    let out = vigie(&config, &["ingest", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["totals"]["commits_added"], 23_584);
    assert_eq!(report["errors"].as_array().unwrap().len(), 1);
    assert!(report["bots"].as_u64().unwrap() >= 2, "{report}");

    // Nothing changed: everything is skipped.
    let out = vigie(&config, &["ingest", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["totals"]["commits_read"], 0);
    assert!(report["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["unchanged"] == true));

    let out = vigie(&config, &["affiliations", "--json"]);
    assert!(out.status.success());
    let affiliations: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        affiliations["organisations"][0]["organisation"],
        "Ville de Paris"
    );
    assert!(!affiliations["unknown_domains"]
        .as_array()
        .unwrap()
        .is_empty());

    let out = vigie(&config, &["identities", "--bots", "--json"]);
    assert!(out.status.success());
    let bots: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let emails: Vec<&str> = bots["bots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&"lutece_jenkins@paris.fr"), "{emails:?}");
    assert!(bots["bots"][0]["reason"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    assert!(bots["behave_like_bots"].is_array());

    let out = vigie(&config, &["identities", "--json"]);
    assert!(out.status.success());
    let suggestions: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!suggestions.as_array().unwrap().is_empty());
}

#[test]
fn a_killed_ingest_loses_nothing_and_the_next_run_completes_it() {
    let Some(data) = shared_data() else { return };
    let reference_dir = tempfile::tempdir().unwrap();
    let reference = write_config(reference_dir.path(), &logs_source(&data));
    assert!(vigie(&reference, &["ingest"]).status.success());
    let expected = dump(&reference_dir.path().join("vigie.duckdb"));
    assert!(expected.len() > 40_000);

    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &logs_source(&data));
    let database = dir.path().join("vigie.duckdb");
    // Kill it sooner or later in a run until one kill lands mid-run (some
    // repositories stored, not all); each time the database opens.
    let mut killed_mid_run = false;
    for step in 1..=40u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vigie"))
            .arg("--config")
            .arg(&config)
            .arg("ingest")
            .env("VIGIE_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(15 * step));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let store = Store::open(&database).expect("the database opens after SIGKILL");
        let commits: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM commits", [], |r| r.get(0))
            .unwrap();
        if commits >= 23_584 {
            break;
        }
        if commits > 0 {
            killed_mid_run = true;
            break;
        }
    }
    assert!(killed_mid_run, "no kill landed in the middle of a run");
    let out = vigie(&config, &["ingest"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = dump(&database);
    assert_eq!(got.len(), expected.len());
    assert!(
        got == expected,
        "the resumed run differs from an uninterrupted one"
    );
}

#[test]
fn export_and_import_keep_every_row_and_refuse_to_overwrite() {
    let Some(data) = shared_data() else {
        eprintln!("skipped: ../shared/data is not beside the checkout");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &logs_source(&data));
    assert!(vigie(&config, &["ingest"]).status.success());
    let export = dir.path().join("export");
    let out = vigie(&config, &["export", export.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(export.join("schema.sql").exists());
    assert!(std::fs::read_dir(&export).unwrap().any(|f| f
        .unwrap()
        .path()
        .extension()
        .is_some_and(|e| e == "parquet")));

    // A second export into the same folder would mix two: refused.
    let again = vigie(&config, &["export", export.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));

    // Import refuses an existing database...
    let refused = vigie(&config, &["import", export.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("exists"));

    // ...and restores into a new one, row for row.
    let other = dir.path().join("restored");
    std::fs::create_dir(&other).unwrap();
    let restored_config = write_config(&other, "");
    let out = vigie(&restored_config, &["import", export.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let original = Store::open(&dir.path().join("vigie.duckdb")).unwrap();
    let restored = Store::open(&other.join("vigie.duckdb")).unwrap();
    let rows = |store: &Store| -> Vec<(String, i64)> {
        let names: Vec<String> = store
            .connection()
            .prepare("SELECT table_name FROM duckdb_tables() ORDER BY 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        names
            .into_iter()
            .map(|t| {
                let n = store
                    .connection()
                    .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                    .unwrap();
                (t, n)
            })
            .collect()
    };
    let before = rows(&original);
    assert!(before.iter().any(|(t, n)| t == "activities" && *n > 20_000));
    assert_eq!(rows(&restored), before);
    assert_eq!(
        restored.data_version().unwrap(),
        original.data_version().unwrap()
    );
}
