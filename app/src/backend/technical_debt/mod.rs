//! The technical debt page: what the repositories in scope are made of
//! (docs/estate.md) — where each stands on the new core, its internal
//! libyears, its community files and licence, who depends on it, and the
//! repositories others depend on while few people keep them.

use std::collections::{BTreeMap, HashMap};

use vigie_ingest::estate::roles::Role;
use vigie_ingest::store::{DependencyRecord, ModuleRecord, RefRecord, TipFileRecord};
use vigie_metrics::activity::Scoped;
use vigie_metrics::estate::community::{community, Community, LicenceFinding};
use vigie_metrics::estate::core_generation::{core_generation, CoreGeneration, Stage};
use vigie_metrics::estate::drift::{drift, libyears, Drift};
use vigie_metrics::estate::graph::DependencyGraph;
use vigie_metrics::estate::orphan_risk::{keepers, orphan_risks, OrphanRisk};

use crate::data::{
    repository_path, Cell, Column, EstateFigure, EstateView, Table, TechnicalDebtData,
};
use crate::filter::Filter;
use crate::i18n::{Arg, Lang};

use vigie_metrics::{MetricsError, Params};

use super::{scope, Dashboard, DashboardError, Snapshot};

mod external;
mod graph;
pub(super) mod repository;

/// The sortable columns, in table order: (key, message id, numeric).
const COLUMNS: [(&str, &str, bool); 8] = [
    ("name", "column-repository", false),
    ("core", "column-core-generation", false),
    ("range", "column-core-range", false),
    ("javax", "column-javax-files", true),
    ("libyears", "column-libyears", true),
    ("dependents", "column-dependents", true),
    ("missing", "column-missing-files", false),
    ("licence", "column-licence", false),
];

/// What the store keeps of the estate.
struct Estate {
    files: Vec<TipFileRecord>,
    refs: Vec<RefRecord>,
    modules: Vec<ModuleRecord>,
    dependencies: Vec<DependencyRecord>,
    read: Vec<String>,
}

/// One repository's indicators.
struct Row {
    name: String,
    core: CoreGeneration,
    libyears: f64,
    direct: usize,
    transitive: usize,
    community: Community,
}

impl Estate {
    /// What the store keeps of every repository's tip, refs and modules.
    fn read(dashboard: &Dashboard) -> Result<Self, DashboardError> {
        let store = dashboard.store();
        Ok(Estate {
            files: store.tip_files()?,
            refs: store.refs()?,
            modules: store.maven_modules()?,
            dependencies: store.maven_dependencies()?,
            read: store.tips()?.into_iter().map(|t| t.repository).collect(),
        })
    }

    /// The indicators of the repositories of `in_scope` whose contents
    /// were read.
    fn rows(&self, in_scope: &[&str], graph: &DependencyGraph, drifts: &[Drift]) -> Vec<Row> {
        let years = libyears(drifts);
        in_scope
            .iter()
            .filter(|name| self.read.iter().any(|r| r == *name))
            .map(|name| Row {
                name: (*name).to_owned(),
                core: core_generation(
                    name,
                    &self.modules,
                    &self.dependencies,
                    &self.files,
                    &self.refs,
                ),
                libyears: years.get(name).copied().unwrap_or(0.0),
                direct: graph.direct_dependents(name).len(),
                transitive: graph.transitive_dependents(name).len(),
                community: community(name, &self.files, &self.modules),
            })
            .collect()
    }
}

pub(super) fn page(
    dashboard: &Dashboard,
    filter: Filter,
    mut view: EstateView,
    lang: Lang,
) -> Result<TechnicalDebtData, DashboardError> {
    let snapshot = dashboard.snapshot()?;
    let (params, frame) = scope::apply_filter(dashboard, &snapshot, filter, lang)?;
    let estate = Estate::read(dashboard)?;
    let in_scope = scope::repository_names(&snapshot, &params);
    let graph = DependencyGraph::build(&estate.modules, &estate.dependencies);
    let drifts = drift(&graph, &estate.dependencies, &estate.refs);
    let mut rows = estate.rows(&in_scope, &graph, &drifts);
    view.sort = view.sort.filter(|k| COLUMNS.iter().any(|(c, _, _)| c == k));
    sort(&mut rows, view.sort.as_deref().unwrap_or("name"), view.desc);
    let risks = risks(&snapshot, &params, &graph, &rows)?;
    let in_rows = |name: &str| rows.iter().any(|r| r.name == name);
    let scoped_drifts: Vec<&Drift> = drifts.iter().filter(|d| in_rows(&d.repository)).collect();
    // Only this page lists the external dependencies: their freshness is
    // read here, not with the rest of the estate.
    let freshness = dashboard.store().freshness()?;
    let (external, external_note) =
        external::section(&estate.dependencies, &freshness, &graph, &in_rows, lang);
    Ok(TechnicalDebtData {
        figures: figures(&rows, &risks, lang),
        read: (rows.len(), in_scope.len()),
        sort_keys: COLUMNS
            .iter()
            .map(|(k, id, _)| ((*k).to_owned(), lang.t(id)))
            .collect(),
        table: table(&rows, &risks, lang),
        risks: risks_table(&risks, lang),
        graph: graph::chart(&rows, &graph, lang),
        dependencies: dependencies_table(&scoped_drifts, lang),
        external,
        external_note,
        frame,
        view,
    })
}

/// The summary's sentence for elected officials: how many components in
/// the scope of `params` have moved to the new core; `None` when none of
/// them had its contents read.
pub(super) fn core_sentence(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    params: &Params,
    lang: Lang,
) -> Result<Option<String>, DashboardError> {
    let estate = Estate::read(dashboard)?;
    let in_scope = scope::repository_names(snapshot, params);
    let graph = DependencyGraph::build(&estate.modules, &estate.dependencies);
    let rows = estate.rows(&in_scope, &graph, &[]);
    if rows.is_empty() {
        return Ok(None);
    }
    let ready = count(&rows, |r| r.core.stage == Stage::Ready);
    Ok(Some(lang.t_args(
        "summary-estate",
        &[
            ("ready", Arg::Count(ready)),
            ("total", Arg::Count(rows.len() as i64)),
        ],
    )))
}

/// The repositories of `rows` at risk of being orphaned, from who keeps
/// them in the activities of the page's scope.
fn risks(
    snapshot: &Snapshot,
    params: &Params,
    graph: &DependencyGraph,
    rows: &[Row],
) -> Result<Vec<OrphanRisk>, DashboardError> {
    let scoped = Scoped::new(snapshot.activities.as_ref(), params);
    let names: HashMap<i32, &str> = snapshot
        .repositories
        .iter()
        .map(|r| (r.id, r.name.as_str()))
        .collect();
    let kept: BTreeMap<String, _> = keepers(&scoped, params)
        .map_err(MetricsError::from)?
        .into_iter()
        .filter_map(|(id, k)| Some((names.get(&id)?.to_string(), k)))
        .filter(|(name, _)| rows.iter().any(|r| &r.name == name))
        .collect();
    let t = vigie_metrics::activity::reference(&scoped, params)
        .map_err(MetricsError::from)?
        .unwrap_or_default();
    Ok(orphan_risks(
        graph,
        &kept,
        t,
        params.thresholds.drifting_after_months,
    ))
}

fn sort(rows: &mut [Row], key: &str, desc: bool) {
    rows.sort_by(|a, b| {
        let order = match key {
            "core" => a.core.stage.cmp(&b.core.stage),
            "range" => a.core.core.cmp(&b.core.core),
            "javax" => a.core.javax_files.cmp(&b.core.javax_files),
            "libyears" => a.libyears.total_cmp(&b.libyears),
            "dependents" => a.transitive.cmp(&b.transitive),
            "missing" => a.community.missing.len().cmp(&b.community.missing.len()),
            "licence" => licence_key(&a.community.licence).cmp(licence_key(&b.community.licence)),
            _ => std::cmp::Ordering::Equal,
        };
        let order = order.then_with(|| a.name.cmp(&b.name));
        if desc {
            order.reverse()
        } else {
            order
        }
    });
}

fn licence_key(finding: &LicenceFinding) -> &'static str {
    match finding {
        LicenceFinding::Known(_) => "known",
        LicenceFinding::Unrecognised => "unrecognised",
        LicenceFinding::Inconsistent { .. } => "inconsistent",
        LicenceFinding::Missing => "missing",
    }
}

/// A headline figure: its key, its label and sentence (message ids), its
/// value and the sentence's arguments.
fn figure(
    lang: Lang,
    (key, label, sentence): (&str, &str, &str),
    value: String,
    args: &[(&str, Arg)],
) -> EstateFigure {
    EstateFigure {
        key: key.to_owned(),
        label: lang.t(label),
        value,
        sentence: lang.t_args(sentence, args),
    }
}

/// Rows matching `pred`.
fn count(rows: &[Row], pred: impl Fn(&Row) -> bool) -> i64 {
    rows.iter().filter(|r| pred(r)).count() as i64
}

fn figures(rows: &[Row], risks: &[OrphanRisk], lang: Lang) -> Vec<EstateFigure> {
    if rows.is_empty() {
        return Vec::new();
    }
    let total = rows.len() as i64;
    let ready = count(rows, |r| r.core.stage == Stage::Ready);
    let moving = count(rows, |r| r.core.stage == Stage::InProgress);
    let libyears: f64 = rows.iter().map(|r| r.libyears).sum();
    let mut figures = vec![
        figure(
            lang,
            ("ready", "estate-figure-ready", "estate-sentence-ready"),
            format!("{} / {}", lang.int(ready), lang.int(total)),
            &[
                ("ready", Arg::Count(ready)),
                ("moving", Arg::Count(moving)),
                ("total", Arg::Count(total)),
            ],
        ),
        figure(
            lang,
            (
                "libyears",
                "estate-figure-libyears",
                "estate-sentence-libyears",
            ),
            lang.decimal(libyears, 1),
            &[("years", Arg::Text(lang.decimal(libyears, 1)))],
        ),
    ];
    figures.extend(community_figures(rows, lang));
    let top: Vec<&str> = risks
        .iter()
        .take(3)
        .map(|r| r.repository.as_str())
        .collect();
    figures.push(figure(
        lang,
        (
            "orphans",
            "estate-figure-orphans",
            "estate-sentence-orphans",
        ),
        lang.int(risks.len() as i64),
        &[
            ("count", Arg::Count(risks.len() as i64)),
            ("top", Arg::Text(top.join(", "))),
        ],
    ));
    figures
}

/// Components without a known licence, a README, a CONTRIBUTING.
fn community_figures(rows: &[Row], lang: Lang) -> [EstateFigure; 3] {
    let total = rows.len() as i64;
    let no_licence = count(rows, |r| {
        !matches!(r.community.licence, LicenceFinding::Known(_))
    });
    let missing = |role: Role| count(rows, |r| r.community.missing.contains(&role));
    [
        figure(
            lang,
            (
                "licence",
                "estate-figure-licence",
                "estate-sentence-licence",
            ),
            lang.int(no_licence),
            &[
                ("count", Arg::Count(no_licence)),
                ("total", Arg::Count(total)),
            ],
        ),
        figure(
            lang,
            ("readme", "estate-figure-readme", "estate-sentence-readme"),
            lang.int(missing(Role::Readme)),
            &[("count", Arg::Count(missing(Role::Readme)))],
        ),
        figure(
            lang,
            (
                "contributing",
                "estate-figure-contributing",
                "estate-sentence-contributing",
            ),
            lang.int(missing(Role::Contributing)),
            &[("count", Arg::Count(missing(Role::Contributing)))],
        ),
    ]
}

/// The stage in words, with what it was judged on.
fn stage_cells(core: &CoreGeneration, lang: Lang) -> (Cell, String) {
    let label = lang.t(match core.stage {
        Stage::Ready => "core-stage-ready",
        Stage::InProgress => "core-stage-in-progress",
        Stage::NotStarted => "core-stage-not-started",
        Stage::Unknown => "core-stage-unknown",
    });
    let mut reasons = Vec::new();
    if let Some(range) = &core.core {
        reasons.push(lang.t_args("core-reason-range", &[("range", Arg::Text(range.clone()))]));
    }
    if core.javax_files + core.jakarta_files > 0 {
        reasons.push(lang.t_args(
            "core-reason-imports",
            &[
                ("javax", Arg::Count(core.javax_files.into())),
                ("jakarta", Arg::Count(core.jakarta_files.into())),
            ],
        ));
    }
    if let Some(branch) = &core.new_core_branch {
        reasons.push(lang.t_args(
            "core-reason-branch",
            &[("branch", Arg::Text(branch.clone()))],
        ));
    }
    let class = format!("stage stage-{}", core.stage.as_str());
    (
        Cell::formatted(label, core.stage.as_str()).with_class(&class),
        reasons.join("; "),
    )
}

/// A community file's name in the reader's language.
fn role_label(role: Role, lang: Lang) -> String {
    lang.t(match role {
        Role::Readme => "role-readme",
        Role::Licence => "role-licence",
        Role::Contributing => "role-contributing",
        Role::CodeOfConduct => "role-code-of-conduct",
        Role::Security => "role-security",
        _ => "role-changelog",
    })
}

fn licence_cell(finding: &LicenceFinding, lang: Lang) -> Cell {
    let text = match finding {
        LicenceFinding::Known(ids) => ids.join(", "),
        LicenceFinding::Unrecognised => lang.t("licence-unrecognised"),
        LicenceFinding::Inconsistent { files, poms } => lang.t_args(
            "licence-inconsistent",
            &[
                ("files", Arg::Text(files.join(", "))),
                ("poms", Arg::Text(poms.join(", "))),
            ],
        ),
        LicenceFinding::Missing => lang.t("licence-missing"),
    };
    Cell::text(text).with_class(&format!("licence-{}", licence_key(finding)))
}

fn table(rows: &[Row], risks: &[OrphanRisk], lang: Lang) -> Table {
    let columns = COLUMNS
        .iter()
        .map(|(_, id, numeric)| Column {
            label: lang.t(id),
            numeric: *numeric,
        })
        .chain(
            ["column-core-reasons", "column-orphan-risk"].map(|id| Column {
                label: lang.t(id),
                numeric: false,
            }),
        )
        .collect();
    let rows = rows
        .iter()
        .map(|r| {
            let (stage, reasons) = stage_cells(&r.core, lang);
            let missing: Vec<String> = r
                .community
                .missing
                .iter()
                .map(|role| role_label(*role, lang))
                .collect();
            let at_risk = risks.iter().any(|k| k.repository == r.name);
            vec![
                Cell::text(r.name.clone()).with_link(repository_path(&r.name)),
                stage,
                Cell::text(r.core.core.clone().unwrap_or_default()),
                Cell::int(r.core.javax_files.into(), lang),
                Cell::formatted(lang.decimal(r.libyears, 1), format!("{:.2}", r.libyears)),
                Cell::formatted(
                    lang.t_args(
                        "dependents-direct-transitive",
                        &[
                            ("direct", Arg::Count(r.direct as i64)),
                            ("transitive", Arg::Count(r.transitive as i64)),
                        ],
                    ),
                    r.transitive,
                ),
                Cell::text(missing.join(", ")),
                licence_cell(&r.community.licence, lang),
                Cell::text(reasons),
                Cell::text(if at_risk {
                    lang.t("orphan-risk-yes")
                } else {
                    String::new()
                }),
            ]
        })
        .collect();
    Table {
        id: "estate".into(),
        caption: lang.t("estate-caption"),
        columns,
        rows,
    }
}

fn risks_table(risks: &[OrphanRisk], lang: Lang) -> Table {
    let columns = [
        "column-repository",
        "column-dependents",
        "column-bus-factor",
        "column-orphan-reason",
    ]
    .map(|id| Column {
        label: lang.t(id),
        numeric: id != "column-repository" && id != "column-orphan-reason",
    })
    .to_vec();
    let rows = risks
        .iter()
        .map(|r| {
            let mut why = Vec::new();
            if r.keepers.bus_factor.is_none_or(|f| f <= 1) {
                why.push(lang.t("orphan-reason-bus-factor"));
            }
            if r.maintainers_gone {
                why.push(lang.t_args(
                    "orphan-reason-gone",
                    &[("count", Arg::Count(r.keepers.maintainers.len() as i64))],
                ));
            }
            vec![
                Cell::text(r.repository.clone()).with_link(repository_path(&r.repository)),
                Cell::int(r.transitive_dependents.into(), lang),
                Cell::formatted(
                    r.keepers
                        .bus_factor
                        .map(|f| lang.int(f.into()))
                        .unwrap_or_else(|| "–".to_owned()),
                    r.keepers
                        .bus_factor
                        .map(|f| f.to_string())
                        .unwrap_or_default(),
                ),
                Cell::text(why.join("; ")),
            ]
        })
        .collect();
    Table {
        id: "orphan-risks".into(),
        caption: lang.t("orphan-risks-caption"),
        columns,
        rows,
    }
}

fn dependencies_table(drifts: &[&Drift], lang: Lang) -> Table {
    let columns = [
        "column-repository",
        "column-depends-on",
        "column-declared",
        "column-newest",
        "column-libyears",
    ]
    .map(|id| Column {
        label: lang.t(id),
        numeric: id == "column-libyears",
    })
    .to_vec();
    let rows = drifts
        .iter()
        .map(|d| {
            vec![
                Cell::text(d.repository.clone()).with_link(repository_path(&d.repository)),
                Cell::text(format!("{} ({})", d.artifact, d.builder)),
                Cell::text(d.declared.clone()),
                Cell::text(
                    d.newest
                        .as_ref()
                        .map(|(v, _)| v.to_string())
                        .unwrap_or_default(),
                ),
                match (d.years, &d.unknown_because) {
                    (Some(y), _) => Cell::formatted(lang.decimal(y, 1), format!("{y:.2}")),
                    (None, why) => Cell::text(why.clone().unwrap_or_default()),
                },
            ]
        })
        .collect();
    Table {
        id: "internal-dependencies".into(),
        caption: lang.t("internal-dependencies-caption"),
        columns,
        rows,
    }
}
