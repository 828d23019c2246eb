//! A repository's own estate, for its page: the technical debt table's
//! row for it, as facts, with what it builds on in the estate.

use vigie_metrics::estate::drift::drift;
use vigie_metrics::estate::graph::DependencyGraph;
use vigie_metrics::Params;

use super::{risks, table, Estate};
use crate::backend::{Dashboard, DashboardError, Snapshot};
use crate::i18n::Lang;

/// `name`'s indicators as (label, value), judged with `params` (the
/// repository's page's own); `None` when its contents were not read.
pub(in crate::backend) fn facts(
    dashboard: &Dashboard,
    snapshot: &Snapshot,
    params: &Params,
    name: &str,
    lang: Lang,
) -> Result<Option<Vec<(String, String)>>, DashboardError> {
    let estate = Estate::read(dashboard)?;
    let graph = DependencyGraph::build(&estate.modules, &estate.dependencies);
    let drifts = drift(&graph, &estate.dependencies, &estate.refs);
    let rows = estate.rows(&[name], &graph, &drifts);
    if rows.is_empty() {
        return Ok(None);
    }
    let risks = risks(snapshot, params, &graph, &rows)?;
    let row = table(&rows, &risks, lang);
    let Some(cells) = row.rows.into_iter().next() else {
        return Ok(None);
    };
    let none = || lang.t("estate-none-of-them");
    let mut facts: Vec<(String, String)> = row
        .columns
        .into_iter()
        .zip(cells)
        // The first column is the repository itself.
        .skip(1)
        .map(|(column, cell)| {
            let value = if cell.text.trim().is_empty() {
                none()
            } else {
                cell.text
            };
            (column.label, value)
        })
        .collect();
    let mut builds_on = graph.dependencies_of(name);
    builds_on.sort_unstable();
    facts.push((
        lang.t("column-depends-on"),
        if builds_on.is_empty() {
            none()
        } else {
            builds_on.join(", ")
        },
    ));
    Ok(Some(facts))
}
