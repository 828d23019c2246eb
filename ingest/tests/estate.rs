//! The estate read from real data: the 31 Lutece git logs with their tips
//! recorded as bundles and their refs as a listing (`../shared/data`),
//! checked against that data's own index and against git; and a live
//! repository made by the test, read again only when its refs move.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use vigie_ingest::estate::roles::Role;
use vigie_ingest::estate::tip::RefKind;
use vigie_ingest::identity::Rules;
use vigie_ingest::testdata::shared_data;
use vigie_ingest::{ingest, IngestReport, SourceConfig, Store};

/// The logs with their recordings.
fn recorded_source(data: &Path) -> SourceConfig {
    SourceConfig::GitLog {
        path: data.join("lutece-gitlog"),
        heads: Some(data.join("lutece-heads")),
        refs: Some(data.join("lutece-refs.csv.gz")),
    }
}

fn run(store: &mut Store, sources: &[SourceConfig], clones: &Path) -> IngestReport {
    let report = ingest(store, sources, clones, &Rules::default(), |_| {}).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    report
}

/// INDEX.csv of the bundles: one map of column → value per repository.
fn index(data: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(data.join("lutece-heads/INDEX.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .map(str::to_owned)
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn the_31_lutece_tips_match_their_index_and_are_not_read_twice() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [recorded_source(&data)];
    let first = run(&mut store, &sources, &dir.path().join("clones"));
    assert_eq!((first.estate.read, first.estate.unchanged), (31, 0));

    let tips: HashMap<String, _> = store
        .tips()
        .unwrap()
        .into_iter()
        .map(|t| (t.repository.clone(), t))
        .collect();
    let files = store.tip_files().unwrap();
    let has = |repo: &str, role: Role| files.iter().any(|f| f.repository == repo && f.role == role);
    for row in index(&data) {
        let repo = &row["repo"];
        let tip = &tips[repo];
        assert_eq!(tip.branch, row["default_branch"], "{repo}");
        // The real tip, not the bundle's parentless copy.
        assert_eq!(tip.commit, row["head_sha"], "{repo}");
        assert_eq!(tip.files.to_string(), row["bundle_files"], "{repo}");
        for (column, role) in [
            ("has_pom", Role::Pom),
            ("has_license", Role::Licence),
            ("has_readme", Role::Readme),
            ("has_contributing", Role::Contributing),
            ("has_code_of_conduct", Role::CodeOfConduct),
            ("has_security", Role::Security),
            ("has_publiccode", Role::Publiccode),
        ] {
            // The index looks at the root; a root file is found at least.
            if row[column] == "true" {
                assert!(has(repo, role), "{repo}: {column}");
            }
        }
    }

    // Two root licence files, both read by hand as BSD-3-Clause (the three
    // clauses, no patent clause): lutece-core's and ideation's own variant.
    let licences: Vec<(&str, &str, &str)> = files
        .iter()
        .filter(|f| f.role == Role::Licence)
        .map(|f| {
            (
                f.repository.as_str(),
                f.path.as_str(),
                f.licence.as_ref().map_or("", |l| l.0.as_str()),
            )
        })
        .collect();
    assert_eq!(
        licences,
        [
            ("lutece-platform/lutece-core", "LICENSE", "BSD-3-Clause"),
            (
                "lutece-secteur-public/particip-plugin-ideation",
                "LICENSE.md",
                "BSD-3-Clause"
            ),
        ]
    );

    // The root pom of each: packaging, parent and lutece-core range as the
    // index records them (gru-plugin-appointment's range is a property).
    let modules = store.maven_modules().unwrap();
    let dependencies = store.maven_dependencies().unwrap();
    for row in index(&data) {
        let repo = &row["repo"];
        let root = modules
            .iter()
            .find(|m| &m.repository == repo && m.path == "pom.xml")
            .unwrap();
        assert_eq!(root.packaging, row["packaging"], "{repo}");
        assert_eq!(
            root.parent.as_deref().unwrap_or_default(),
            row["parent_pom"],
            "{repo}"
        );
        let core = dependencies.iter().find(|d| {
            &d.repository == repo
                && d.path == "pom.xml"
                && !d.managed
                && d.artifact_id == "lutece-core"
        });
        assert_eq!(
            core.and_then(|d| d.version.as_deref()).unwrap_or_default(),
            row["lutece_core_dep"],
            "{repo}"
        );
    }
    let core = modules
        .iter()
        .find(|m| m.repository == "lutece-platform/lutece-core")
        .unwrap();
    assert_eq!(
        (
            core.group_id.as_deref(),
            core.artifact_id.as_str(),
            core.version.as_deref()
        ),
        (
            Some("fr.paris.lutece"),
            "lutece-core",
            Some("8.0.2-SNAPSHOT")
        )
    );

    // Every tag of the listing, dated, with the default branch marked once.
    let refs = store.refs().unwrap();
    assert_eq!(refs.iter().filter(|r| r.kind == RefKind::Tag).count(), 556);
    assert!(refs
        .iter()
        .filter(|r| r.kind == RefKind::Tag)
        .all(|r| r.dated_at.is_some()));
    assert_eq!(refs.iter().filter(|r| r.is_default).count(), 31);

    let again = run(&mut store, &sources, &dir.path().join("clones"));
    assert_eq!((again.estate.read, again.estate.unchanged), (0, 31));
}

#[test]
fn lutece_core_imports_javax_and_keeps_its_texts_whole() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let mut source = recorded_source(&data);
    if let SourceConfig::GitLog { path, .. } = &mut source {
        *path = data.join("lutece-gitlog/lutece-platform+lutece-core.gitlog.txt.gz");
    }
    run(&mut store, &[source], &dir.path().join("clones"));
    let core = "lutece-platform/lutece-core";
    let files = store.tip_files().unwrap();
    let java: Vec<_> = files.iter().filter(|f| f.role == Role::Java).collect();
    // git's own count of the tip's Java files.
    let listed = git_ls_tree(
        &dir.path()
            .join("clones/heads/lutece-platform+lutece-core.git"),
    )
    .iter()
    .filter(|p| p.ends_with(".java"))
    .count();
    assert_eq!(java.len(), listed);
    assert!(java.iter().any(|f| f.java_api.is_some()));
    let poms = store.tip_texts(Role::Pom).unwrap();
    let (_, _, root) = poms
        .iter()
        .find(|(r, p, _)| r == core && p == "pom.xml")
        .unwrap();
    assert!(root.contains("<artifactId>lutece-core</artifactId>"));
    assert!(files.iter().all(|f| !f.truncated || f.size > 256 * 1024));
}

/// The paths of the bare repository's HEAD tree, as git lists them.
fn git_ls_tree(bare: &Path) -> Vec<String> {
    let output = Command::new("git")
        .arg("--git-dir")
        .arg(bare)
        .args(["ls-tree", "-r", "--name-only", "HEAD"])
        .output()
        .unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Runs git in `dir` with a fixed identity and date.
fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Ann")
        .env("GIT_AUTHOR_EMAIL", "ann@example.org")
        .env("GIT_AUTHOR_DATE", "2024-03-01T10:00:00+01:00")
        .env("GIT_COMMITTER_NAME", "Ann")
        .env("GIT_COMMITTER_EMAIL", "ann@example.org")
        .env("GIT_COMMITTER_DATE", "2024-03-01T10:00:00+01:00")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn a_live_repository_is_read_again_only_when_its_refs_move() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("demo");
    std::fs::create_dir_all(repo.join(".github")).unwrap();
    std::fs::write(repo.join("README.md"), "# Demo\n").unwrap();
    std::fs::write(repo.join(".github/CONTRIBUTING.md"), "Send patches.\n").unwrap();
    std::fs::write(
        repo.join("pom.xml"),
        "<project><artifactId>demo</artifactId></project>\n",
    )
    .unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "first"]);
    git(&repo, &["tag", "-a", "v1.0.0", "-m", "release"]);
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::Git {
        urls: vec![],
        paths: vec![repo.clone()],
        stats: true,
        refs: vec![],
        exclude: vec![],
    }];
    let clones = dir.path().join("clones");
    assert_eq!(run(&mut store, &sources, &clones).estate.read, 1);
    let mut roles: Vec<Role> = store.tip_files().unwrap().iter().map(|f| f.role).collect();
    roles.sort();
    assert_eq!(roles, [Role::Pom, Role::Readme, Role::Contributing]);
    assert_eq!(store.refs().unwrap().len(), 2);
    assert_eq!(run(&mut store, &sources, &clones).estate.unchanged, 1);

    std::fs::write(
        repo.join("LICENSE"),
        "Apache License\nVersion 2.0, January 2004\n",
    )
    .unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "licence"]);
    assert_eq!(run(&mut store, &sources, &clones).estate.read, 1);
    assert!(store
        .tip_files()
        .unwrap()
        .iter()
        .any(|f| f.role == Role::Licence));
}

#[test]
fn git_log_files_without_recordings_have_no_contents() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let log = data.join("lutece-gitlog/lutece-platform+lutece-tech-plugin-liquibase.gitlog.txt.gz");
    let report = run(
        &mut store,
        &[SourceConfig::git_log(log)],
        &dir.path().join("clones"),
    );
    assert_eq!(report.estate.without_contents, 1);
    assert!(store.tips().unwrap().is_empty());
}
