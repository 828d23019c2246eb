//! What the browser and the server exchange: the trend page's data, and the
//! server function that produces it. The function is a thin wrapper over
//! `backend::Dashboard::trend_page` (server only).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::filter::Filter;

/// One month of the trend table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    /// Distinct contributors active that month.
    pub active_contributors: i64,
    /// Contributors whose first contribution in scope was that month.
    pub new_contributors: i64,
}

/// Everything the trend page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPageData {
    /// Every stored repository, for the filter.
    pub repositories: Vec<String>,
    /// The filter as applied (an unknown repository is dropped).
    pub filter: Filter,
    /// Sentences about parts of the filter that could not be applied.
    pub notices: Vec<String>,
    /// Distinct contributors active in the window.
    pub active_in_window: i64,
    /// Contributors whose first contribution in scope is in the window.
    pub new_in_window: i64,
    /// The bus factor (contributor absence factor) of the window; `None`
    /// without contributions.
    pub bus_factor: Option<u32>,
    /// The months of the window, oldest first.
    pub months: Vec<MonthRow>,
    /// The chart, as an SVG document drawn on the server.
    pub chart_svg: String,
}

/// Computes the trend page for a filter.
#[server(prefix = "/api")]
pub async fn trend_page(filter: Filter) -> Result<TrendPageData, ServerFnError> {
    let dashboard = expect_context::<std::sync::Arc<crate::backend::Dashboard>>();
    dashboard
        .trend_page(filter)
        .await
        .map_err(|e| e.for_browser())
}
