//! `/metrics`, in Prometheus' text format: requests and their latencies
//! per page (counted by a middleware), and, read from the store when
//! scraped, ingest runs, items, errors and how fresh the data is.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vigie_app::backend::{Dashboard, IngestStats};

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// What the server counted since it started.
#[derive(Default)]
pub struct Telemetry {
    requests: Mutex<BTreeMap<(&'static str, u16), Latencies>>,
}

#[derive(Default, Clone)]
struct Latencies {
    count: u64,
    sum: f64,
    /// Requests at or under each of [`BUCKETS`].
    buckets: [u64; BUCKETS.len()],
}

/// The route a path belongs to: few values, whatever the address (a
/// repository or contributor is never a label of its own).
fn route(path: &str) -> &'static str {
    match path {
        "/" => "summary",
        "/community" => "community",
        "/contributors" => "contributors",
        "/repositories" => "repositories",
        "/sources" => "sources",
        "/technical-debt" => "technical_debt",
        "/ggi" => "ggi",
        "/federation" => "federation",
        "/healthz" => "healthz",
        "/readyz" => "readyz",
        "/metrics" => "metrics",
        p if p.starts_with("/contributors/") => "contributor",
        p if p.starts_with("/repositories/") => "repository",
        p if p.starts_with("/download/") => "download",
        p if p.starts_with("/api/") => "api",
        p if p.starts_with("/pkg/") => "bundle",
        _ => "other",
    }
}

impl Telemetry {
    fn record(&self, route: &'static str, status: StatusCode, seconds: f64) {
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        let l = requests.entry((route, status.as_u16())).or_default();
        l.count += 1;
        l.sum += seconds;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                l.buckets[i] += 1;
            }
        }
    }

    /// The exposition text of the counted requests and of `stats`.
    fn render(&self, stats: Option<&IngestStats>) -> String {
        let mut out = String::new();
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        out.push_str("# HELP vigie_http_requests_total Requests answered, by route and status.\n");
        out.push_str("# TYPE vigie_http_requests_total counter\n");
        for ((route, status), l) in &requests {
            let _ = writeln!(
                out,
                "vigie_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {}",
                l.count
            );
        }
        out.push_str("# HELP vigie_http_request_duration_seconds Time to the response's headers, by route.\n");
        out.push_str("# TYPE vigie_http_request_duration_seconds histogram\n");
        let mut per_route: BTreeMap<&str, Latencies> = BTreeMap::new();
        for ((route, _), l) in &requests {
            let total = per_route.entry(route).or_default();
            total.count += l.count;
            total.sum += l.sum;
            for (t, b) in total.buckets.iter_mut().zip(l.buckets) {
                *t += b;
            }
        }
        for (route, l) in &per_route {
            for (bound, n) in BUCKETS.iter().zip(l.buckets) {
                let _ = writeln!(
                    out,
                    "vigie_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "vigie_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 vigie_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 vigie_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                l.count, l.sum, l.count
            );
        }
        let Some(s) = stats else {
            return out;
        };
        out.push_str(
            "# HELP vigie_ingest_runs_total Ingest runs recorded in the store, by status.\n",
        );
        out.push_str("# TYPE vigie_ingest_runs_total counter\n");
        for (status, n) in &s.runs {
            let _ = writeln!(out, "vigie_ingest_runs_total{{status=\"{status}\"}} {n}");
        }
        let gauges = [
            (
                "vigie_ingest_items_added_total",
                "counter",
                "Items added by every ingest run.",
                Some(s.items_added as f64),
            ),
            (
                "vigie_ingest_errors_total",
                "counter",
                "Errors reported by every ingest run.",
                Some(s.errors as f64),
            ),
            (
                "vigie_activities",
                "gauge",
                "Activities in the store.",
                Some(s.activities as f64),
            ),
            (
                "vigie_last_ingest_finished_timestamp_seconds",
                "gauge",
                "When the latest ingest run finished (Unix time).",
                s.last_finished,
            ),
            (
                "vigie_latest_activity_timestamp_seconds",
                "gauge",
                "The latest activity in the store (Unix time): how fresh the data is.",
                s.latest_activity,
            ),
            (
                "vigie_data_version",
                "gauge",
                "The store's data version: it moves with every change of the data.",
                Some(s.data_version as f64),
            ),
        ];
        for (name, kind, help, value) in gauges {
            let Some(value) = value else { continue };
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        out
    }
}

/// The middleware that counts every request.
pub async fn count(
    State(telemetry): State<Arc<Telemetry>>,
    request: Request,
    next: Next,
) -> Response {
    let route = route(request.uri().path());
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    telemetry.record(route, response.status(), seconds);
    // The route, never the address: addresses carry names and searches.
    let status = response.status().as_u16();
    if response.status().is_server_error() {
        tracing::warn!(%method, route, status, millis = seconds * 1e3, "request failed");
    } else {
        tracing::debug!(%method, route, status, millis = seconds * 1e3, "request");
    }
    response
}

/// `/metrics`.
pub async fn metrics(
    State((telemetry, dashboard)): State<(Arc<Telemetry>, Arc<Dashboard>)>,
) -> Response {
    let stats = match tokio::task::spawn_blocking(move || dashboard.ingest_stats()).await {
        Ok(Ok(stats)) => Some(stats),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "/metrics: the store could not be read");
            None
        }
        Err(_) => None,
    };
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        telemetry.render(stats.as_ref()),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_per_route_with_cumulative_buckets() {
        let t = Telemetry::default();
        t.record(route("/"), StatusCode::OK, 0.003);
        t.record(route("/"), StatusCode::OK, 0.2);
        t.record(route("/contributors/42"), StatusCode::NOT_FOUND, 0.02);
        let text = t.render(Some(&IngestStats {
            runs: vec![("ok".into(), 2)],
            items_added: 10,
            errors: 1,
            activities: 7,
            last_finished: Some(1.7e9),
            latest_activity: None,
            data_version: 3,
        }));
        for line in [
            "vigie_http_requests_total{route=\"summary\",status=\"200\"} 2",
            "vigie_http_requests_total{route=\"contributor\",status=\"404\"} 1",
            "vigie_http_request_duration_seconds_bucket{route=\"summary\",le=\"0.005\"} 1",
            "vigie_http_request_duration_seconds_bucket{route=\"summary\",le=\"0.25\"} 2",
            "vigie_http_request_duration_seconds_bucket{route=\"summary\",le=\"+Inf\"} 2",
            "vigie_http_request_duration_seconds_count{route=\"summary\"} 2",
            "vigie_ingest_runs_total{status=\"ok\"} 2",
            "vigie_ingest_errors_total 1",
            "vigie_last_ingest_finished_timestamp_seconds 1700000000",
            "vigie_data_version 3",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
        }
        assert!(
            !text.contains("vigie_latest_activity"),
            "unknown values are left out"
        );
        // No contributor id becomes a label.
        assert!(!text.contains("42"));
    }
}
