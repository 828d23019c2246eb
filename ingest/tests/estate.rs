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

#[test]
fn lutece_s_source_files_with_and_without_licence_headers_are_those_git_grep_finds() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    run(
        &mut store,
        &[recorded_source(&data)],
        &dir.path().join("clones"),
    );
    let stored = store.licence_headers().unwrap();
    assert_eq!(stored.len(), 31);
    let (mut examined, mut with_header) = (0, 0);
    eprintln!("| repository | source files | with a header | SPDX | without |");
    for r in &stored {
        let bare = dir
            .path()
            .join("clones/heads")
            .join(r.repository.replace('/', "+") + ".git");
        let (sources, mut without) = git_headers(&bare);
        assert_eq!(r.examined as usize, sources.len(), "{}", r.repository);
        // git grep reads whole files: these bundled libraries open with a
        // bare licence tag, no copyright, and hold other libraries'
        // notices far below their head.
        for (repository, path) in BEYOND_THE_HEAD {
            if r.repository == repository {
                without.push(path.to_owned());
            }
        }
        without.sort();
        assert_eq!(r.without, without, "{}", r.repository);
        assert_eq!(r.with_header as usize, sources.len() - without.len());
        eprintln!(
            "| {} | {} | {} | {} | {} |",
            r.repository,
            r.examined,
            r.with_header,
            r.spdx,
            r.without.len()
        );
        (examined, with_header) = (examined + r.examined, with_header + r.with_header);
    }
    eprintln!(
        "| all 31 | {examined} | {with_header} | | {} |",
        examined - with_header
    );
    assert!(with_header > 0 && with_header < examined);
}

/// Files whose only copyright and licence wording lie beyond the head.
const BEYOND_THE_HEAD: [(&str, &str); 3] = [
    (
        "lutece-platform/lutece-collab-plugin-wiki",
        "webapp/js/plugins/wiki/tui_editor/cdn/toastui-editor-all.js",
    ),
    (
        "lutece-platform/lutece-dev-plugin-lutecetools",
        "webapp/css/plugins/lutecetools/AdminLTE.css",
    ),
    (
        "lutece-platform/lutece-tech-plugin-gismap",
        "webapp/js/gismap/lib/ol.js",
    ),
];

/// The extensions docs/estate.md lists for source files.
const SOURCE_EXTENSIONS: &str = "java kt kts groovy scala js mjs cjs jsx ts tsx vue jsp jspf tag \
                                 html htm ftl vm css scss sass less xsl xslt sql py rb php pl pm \
                                 sh bash c h cc cpp hpp cs go rs as";

/// Licence wording, as docs/estate.md lists it, in git's (PCRE) terms.
const WORDING: &str = "redistribution and use|licen[cs]ed under|permission is hereby granted|\
                       permission to use copy modify|licen[cs]ed mit|mit licen[cs]e|\
                       apache licen[cs]e|bsd licen[cs]e|general public licen[cs]e|\
                       european union public licen[cs]e|mozilla public licen[cs]e|\
                       eclipse public licen[cs]e|cecill|\
                       common development and distribution licen[cs]e";

/// What git itself says of the tip of `bare`: its source files (by
/// extension, minified and vendored ones left out) and, of them, those
/// without an SPDX line or a copyright with licence wording, each sorted;
/// `git grep` looks at whole files, line by line, the store at heads.
fn git_headers(bare: &Path) -> (Vec<String>, Vec<String>) {
    let mut specs: Vec<String> = SOURCE_EXTENSIONS
        .split_whitespace()
        .map(|e| format!(":(glob,icase)**/*.{e}"))
        .collect();
    for excluded in [
        "**/*.min.*",
        "**/node_modules/**",
        "**/bower_components/**",
        "**/vendor/**",
        "**/target/**",
    ] {
        specs.push(format!(":(exclude,glob,icase){excluded}"));
    }
    let git = |args: &[&str]| -> Vec<String> {
        let output = Command::new("git")
            .arg("--git-dir")
            .arg(bare)
            .args(args)
            .arg("--")
            .args(&specs)
            .output()
            .unwrap();
        // git grep exits with 1 when nothing matches.
        assert!(output.status.code().is_some_and(|c| c <= 1), "git {args:?}");
        let mut paths: Vec<String> = String::from_utf8(output.stdout)
            .unwrap()
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(|p| p.strip_prefix("HEAD:").unwrap_or(p).to_owned())
            .collect();
        paths.sort();
        paths
    };
    const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    let sources = git(&["diff-tree", "-r", "--name-only", "-z", EMPTY_TREE, "HEAD"]);
    let grep = |pattern: &str| git(&["grep", "-l", "-z", "-I", "-i", "-P", pattern, "HEAD"]);
    let words = WORDING.replace(' ', "[^[:alnum:]]+");
    let spdx = grep("SPDX-License-Identifier:[ \t]*[[:alnum:](]");
    let copyright = grep("(?<![[:alnum:]])copyright|©");
    let licensed: std::collections::HashSet<String> =
        grep(&format!("(?<![[:alnum:]])({words})(?![[:alnum:]])"))
            .into_iter()
            .collect();
    let with: std::collections::HashSet<&String> = copyright
        .iter()
        .filter(|p| licensed.contains(*p))
        .chain(&spdx)
        .collect();
    let without = sources
        .iter()
        .filter(|p| !with.contains(p))
        .cloned()
        .collect();
    (sources, without)
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
fn a_tip_s_licence_headers_are_replaced_with_it_and_an_older_reading_is_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("demo");
    std::fs::create_dir_all(repo.join("src")).unwrap();
    std::fs::write(repo.join("src/App.java"), "package demo;\nclass App {}\n").unwrap();
    std::fs::write(
        repo.join("src/app.js"),
        "// Copyright 2024 Ann\n// Licensed under the EUPL\n",
    )
    .unwrap();
    std::fs::write(repo.join("src/app.min.js"), "var a=1;\n").unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "first"]);
    let mut store = Store::open(&dir.path().join("v.duckdb")).unwrap();
    let sources = [SourceConfig::Git {
        urls: vec![],
        paths: vec![repo.clone()],
        stats: true,
        refs: vec![],
        exclude: vec![],
    }];
    let clones = dir.path().join("clones");
    let headers = |store: &Store| {
        store
            .licence_headers()
            .unwrap()
            .into_iter()
            .map(|h| (h.examined, h.with_header, h.spdx, h.without))
            .collect::<Vec<_>>()
    };
    run(&mut store, &sources, &clones);
    assert_eq!(
        headers(&store),
        [(2, 1, 0, vec!["src/App.java".to_owned()])]
    );

    // A tip kept by an older reader: not shown until read again.
    store
        .connection()
        .execute_batch("UPDATE repository_tips SET source_files = NULL, refs_position = 'older'")
        .unwrap();
    assert_eq!(headers(&store), []);
    assert_eq!(run(&mut store, &sources, &clones).estate.read, 1);
    assert_eq!(
        headers(&store),
        [(2, 1, 0, vec!["src/App.java".to_owned()])]
    );

    std::fs::write(
        repo.join("src/App.java"),
        "// SPDX-License-Identifier: EUPL-1.2\npackage demo;\nclass App {}\n",
    )
    .unwrap();
    git(&repo, &["commit", "-q", "-am", "header"]);
    run(&mut store, &sources, &clones);
    assert_eq!(headers(&store), [(2, 2, 1, vec![])]);
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
