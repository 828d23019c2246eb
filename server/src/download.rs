//! Downloads of a page's tables (CSV) and charts (SVG, PNG), with the
//! page's filter from the query string:
//! `/download/{page}/{name}.{csv|svg|png}?...`; and a repository's
//! publiccode.yml draft, `/download/repository/publiccode.yml?name=...`,
//! and all of the catalogue's, `/download/repositories/publiccode.zip?...`;
//! and the GGI scorecard's activities as Markdown, `/download/ggi/board.zip?...`.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos_router::location::RequestUrl;
use leptos_router::params::ParamsMap;
use vigie_app::backend::{csv, png, Dashboard, DownloadRequest};
use vigie_app::data::DashboardPage;
use vigie_app::filter::Filter;
use vigie_app::i18n::Lang;
use vigie_app::routes::{contributors, federation, repositories, technical_debt};

/// The handler of `/download/{page}/{file}`.
pub async fn download(
    State(dashboard): State<Arc<Dashboard>>,
    Path((page, file)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    viewer: Option<axum::Extension<vigie_app::auth::Viewer>>,
    headers: HeaderMap,
) -> Response {
    let Some(page) = DashboardPage::parse(&page) else {
        return (StatusCode::NOT_FOUND, "no such page").into_response();
    };
    let sees_people = viewer.is_some_and(|v| v.sees_people());
    if page.names_people() && !sees_people {
        return (
            StatusCode::UNAUTHORIZED,
            "sign in as a community manager to download contributors' data",
        )
            .into_response();
    }
    let Some((name, extension)) = file.rsplit_once('.') else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    if name.is_empty()
        || name.len() > 40
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return (
            StatusCode::BAD_REQUEST,
            "a download is named with a-z, 0-9 and -",
        )
            .into_response();
    }
    let params = params(query.as_deref().unwrap_or_default());
    let lang = Lang::of_query(&params)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::from_accept_language)
        })
        .unwrap_or_default();
    let request = DownloadRequest {
        filter: Filter::from_query(&params).0,
        catalogue: repositories::view_from_query(&params),
        contributors: contributors::view_from_query(&params),
        estate: technical_debt::view_from_query(&params),
        subject: match page {
            DashboardPage::Contributor => params.get("id"),
            DashboardPage::Repository => params.get("name"),
            _ => None,
        },
        federation: federation::view_from_query(&params),
        lang,
    };
    let mut filename = format!("vigie-{}-{name}.{extension}", page.key());
    let (body, content_type) = match extension {
        // A page's tables include its charts' numbers.
        "csv" => match dashboard
            .clone()
            .table(page, name.to_owned(), request)
            .await
        {
            Ok(Some(table)) => (csv::to_csv(&table).into_bytes(), "text/csv; charset=utf-8"),
            Ok(None) => return (StatusCode::NOT_FOUND, "no such table").into_response(),
            Err(e) => return failed(&e),
        },
        "svg" => match dashboard.chart(page, name.to_owned(), request).await {
            Ok(Some(chart)) if !chart.svg.is_empty() => {
                (chart.svg.into_bytes(), "image/svg+xml; charset=utf-8")
            }
            Ok(_) => return (StatusCode::NOT_FOUND, "no such chart").into_response(),
            Err(e) => return failed(&e),
        },
        "png" => {
            // A slide has no page around it: the image carries its title,
            // scope and how recent the data is.
            let svg = match dashboard
                .chart_with_scope(page, name.to_owned(), request)
                .await
            {
                Ok(Some((chart, scope))) if !chart.svg.is_empty() => {
                    png::with_heading(&chart.svg, &chart.title, &scope)
                }
                Ok(_) => return (StatusCode::NOT_FOUND, "no such chart").into_response(),
                Err(e) => return failed(&e),
            };
            match tokio::task::spawn_blocking(move || png::png(&svg)).await {
                Ok(Ok(bytes)) => (bytes, "image/png"),
                Ok(Err(e)) => {
                    tracing::error!(error = %e, "a PNG download failed");
                    return (StatusCode::SERVICE_UNAVAILABLE, e.to_string()).into_response();
                }
                Err(e) => {
                    tracing::error!(error = %e, "a PNG download was interrupted");
                    return (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "the PNG could not be made",
                    )
                        .into_response();
                }
            }
        }
        // The catalogue's publiccode.yml files, one archive.
        "zip" if page == DashboardPage::Repositories && name == "publiccode" => {
            match dashboard
                .publiccode_archive(request.filter, sees_people)
                .await
            {
                Ok(bytes) => {
                    filename = "vigie-publiccode.zip".to_owned();
                    (bytes, "application/zip")
                }
                Err(e) => return failed(&e),
            }
        }
        // The GGI scorecard, one Markdown file per activity.
        "zip" if page == DashboardPage::Ggi && name == "board" => {
            match dashboard.ggi_board(request.filter, lang).await {
                Ok(Some(bytes)) => {
                    filename = "vigie-ggi-board.zip".to_owned();
                    (bytes, "application/zip")
                }
                Ok(None) => {
                    return (
                        StatusCode::NOT_FOUND,
                        "no GGI handbook is configured or readable",
                    )
                        .into_response()
                }
                Err(e) => return failed(&e),
            }
        }
        // A repository's publiccode.yml draft, named as the file it becomes.
        "yml" if page == DashboardPage::Repository && name == "publiccode" => {
            let Some(repository) = request.subject else {
                return (
                    StatusCode::NOT_FOUND,
                    "name the repository: ?name=owner/repo",
                )
                    .into_response();
            };
            match dashboard.publiccode_draft(repository, sees_people).await {
                Ok(Some(yaml)) => {
                    filename = "publiccode.yml".to_owned();
                    (yaml.into_bytes(), "application/yaml; charset=utf-8")
                }
                Ok(None) => {
                    return (
                        StatusCode::NOT_FOUND,
                        "no such repository, or its contents were not read",
                    )
                        .into_response()
                }
                Err(e) => return failed(&e),
            }
        }
        _ => return (StatusCode::NOT_FOUND, "downloads are .csv, .svg or .png").into_response(),
    };
    let disposition = format!("attachment; filename=\"{filename}\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        body,
    )
        .into_response()
}

fn failed(e: &vigie_app::backend::DashboardError) -> Response {
    tracing::error!(error = %e, "a download failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "The dashboard could not read its data. The server log has the details.",
    )
        .into_response()
}

/// The query string read as the router reads a page's URL on the server,
/// so that a download and its page see the same filter.
pub fn params(query: &str) -> ParamsMap {
    RequestUrl::new(&format!("/?{query}"))
        .parse()
        .map(|url| url.search_params().clone())
        .unwrap_or_default()
}
