//! The dependency graph of the repositories in scope, drawn on the server
//! like the charts (SVG on the page and as a download, PNG for slides) and
//! given as a table: each repository, where it stands on the new core,
//! what it builds on and how many build on it.

use vigie_metrics::estate::core_generation::Stage;
use vigie_metrics::estate::graph::DependencyGraph;

use super::{stage_cells, Row};
use crate::backend::drawing::{dependency_graph, GraphNode, Size};
use crate::data::{Cell, Chart, Column, Table};
use crate::i18n::Lang;

/// The stages in the legend's order; a node's class is its index.
const STAGES: [(Stage, &str); 4] = [
    (Stage::Ready, "core-stage-ready"),
    (Stage::InProgress, "core-stage-in-progress"),
    (Stage::NotStarted, "core-stage-not-started"),
    (Stage::Unknown, "core-stage-unknown"),
];

/// The drawing and its table, over `rows` (the repositories in scope whose
/// contents were read) and the lines of `graph` between them.
pub(super) fn chart(rows: &[Row], graph: &DependencyGraph, lang: Lang) -> Chart {
    let index = |name: &str| rows.iter().position(|r| r.name == name);
    let edges: Vec<(usize, usize)> = graph
        .edges
        .keys()
        .filter_map(|(from, to)| Some((index(from)?, index(to)?)))
        .collect();
    let nodes: Vec<GraphNode> = rows
        .iter()
        .map(|r| GraphNode {
            // The owner is in the table; the drawing has room for the name.
            label: r.name.rsplit('/').next().unwrap_or(&r.name).to_owned(),
            class: STAGES
                .iter()
                .position(|(stage, _)| *stage == r.core.stage)
                .unwrap_or(STAGES.len() - 1),
        })
        .collect();
    let legend: Vec<String> = STAGES.iter().map(|(_, id)| lang.t(id)).collect();
    let title = lang.t("dependency-graph-title");
    let draw = |size| dependency_graph(&title, &nodes, &edges, &legend, size);
    let (svg, svg_narrow) = (draw(Size::Wide), draw(Size::Narrow));
    Chart {
        id: "dependency-graph".into(),
        caption: lang.t("dependency-graph-caption"),
        svg,
        svg_narrow,
        table: table(rows, &edges, lang),
        title,
    }
}

fn table(rows: &[Row], edges: &[(usize, usize)], lang: Lang) -> Table {
    let columns = [
        ("column-repository", false),
        ("column-core-generation", false),
        ("column-depends-on", false),
        ("column-dependents", true),
    ]
    .map(|(id, numeric)| Column {
        label: lang.t(id),
        numeric,
    })
    .to_vec();
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut on: Vec<&str> = edges
                .iter()
                .filter(|(from, _)| *from == i)
                .map(|&(_, to)| rows[to].name.as_str())
                .collect();
            on.sort_unstable();
            vec![
                Cell::text(r.name.clone()),
                stage_cells(&r.core, lang).0,
                Cell::text(on.join(", ")),
                Cell::int(r.direct as i64, lang),
            ]
        })
        .collect();
    Table {
        id: "dependency-graph".into(),
        caption: lang.t("dependency-graph-caption"),
        columns,
        rows,
    }
}
