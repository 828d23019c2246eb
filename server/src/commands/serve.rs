//! `vigie serve`: the leptos app (SSR + hydration) over axum.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use axum::serve::ListenerExt;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use vigie_app::backend::Dashboard;
use vigie_app::{shell, App};

use crate::config::Config;

/// Serves the dashboard at `address` (or `[server] address`) until
/// interrupted, with the site's files from `site`; ingests on schedule.
pub fn run(
    config: &Config,
    config_path: &std::path::Path,
    address: Option<SocketAddr>,
    site: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let address = address.unwrap_or(config.server.address);
    let site = site.unwrap_or_else(default_site);
    if !site.join("pkg").join("vigie.js").exists() {
        tracing::warn!(
            site = %site.display(),
            "the site has not been built (scripts/build-site.sh): pages will work without JavaScript only"
        );
    }
    let services = services(config, config_path)?;
    let options = LeptosOptions::builder()
        .output_name("vigie")
        .site_root(site.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(address)
        .build();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(options, services))?;
    Ok(ExitCode::SUCCESS)
}

/// The store's view, sessions, the schedule and the administration actions
/// of `config` (read from `config_path`): what [`router`] serves.
fn services(config: &Config, config_path: &std::path::Path) -> anyhow::Result<Services> {
    let dashboard = Arc::new(
        Dashboard::open(
            &config.store.database,
            vigie_ingest::affiliation::Affiliations::new(&config.affiliations),
            config.thresholds.clone(),
            config.groups.clone(),
        )
        .with_context(|| format!("cannot open {}", config.store.database.display()))?
        .pseudonymised(config.privacy.pseudonymise)
        .governance(config.governance.clone()),
    );
    if let Err(e) = dashboard.warm() {
        let database = config.store.database.display();
        if e.to_string().contains("Corrupt database file") {
            anyhow::bail!(
                "the database {database} is damaged: a block could not be read ({e}); \
                 nothing was written to it. Restore a backup with `vigie import`, or move \
                 the file away to start afresh"
            );
        }
        return Err(e).with_context(|| format!("cannot read {database}"));
    }
    let scheduler = crate::schedule::Scheduler::new(config, Arc::clone(&dashboard));
    let admin = crate::admin::Admin::new(
        config_path,
        config,
        Arc::clone(&scheduler),
        Arc::clone(&dashboard),
    );
    let auth = Arc::new(crate::auth::Auth::new(&config.auth));
    match auth.accounts() {
        Ok(0) => tracing::warn!(
            users = %config.auth.users.display(),
            "no accounts yet: contributor pages are closed to everyone; add one with `vigie users add NAME --role admin`"
        ),
        Ok(n) => tracing::info!(accounts = n, "accounts read"),
        Err(e) => tracing::error!(error = %e, "nobody can sign in"),
    }
    Ok(Services {
        dashboard,
        auth,
        scheduler,
        admin,
    })
}

/// What the routes share: the store's view, sessions, the ingest schedule
/// and the administration actions.
pub struct Services {
    /// The pages' data, read from the store.
    pub dashboard: Arc<Dashboard>,
    /// Accounts and sessions.
    pub auth: Arc<crate::auth::Auth>,
    /// The ingest runs `[schedule]` starts, and “Refresh now”.
    pub scheduler: Arc<crate::schedule::Scheduler>,
    /// What administrators change from the dashboard.
    pub admin: Arc<crate::admin::Admin>,
}

async fn serve(options: LeptosOptions, services: Services) -> anyhow::Result<()> {
    let scheduler = Arc::clone(&services.scheduler);
    let address = options.site_addr;
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address}"))?
        // Responses leave at once: with Nagle's algorithm, a response
        // written in two parts waited for the client's delayed ACK
        // (40 ms per request on Linux).
        .tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!(error = %e, "cannot set TCP_NODELAY on a connection");
            }
        });
    tracing::info!("Vigie is serving the dashboard on http://{address}");
    tokio::spawn(Arc::clone(&scheduler).run_schedule());
    let stopping = {
        let scheduler = Arc::clone(&scheduler);
        async move {
            shutdown().await;
            // Stop the ingest first: its batch commits while the last
            // requests are answered.
            scheduler.begin_shutdown();
        }
    };
    axum::serve(
        listener,
        router(options, services).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stopping)
    .await?;
    scheduler
        .shut_down(std::time::Duration::from_secs(60))
        .await;
    tracing::info!("stopped");
    Ok(())
}

/// Every route: the pages and server functions (leptos), downloads, and
/// the browser bundle (compressed by the build, served as it is). Pages,
/// server function answers and downloads are gzipped as they are sent, and
/// pages and downloads are kept until the data changes
/// ([`crate::response_cache`]).
pub fn router(options: LeptosOptions, services: Services) -> Router {
    let Services {
        dashboard,
        auth,
        scheduler,
        admin,
    } = services;
    let admin_source: Arc<dyn vigie_app::backend::AdminSettingsSource> = admin.clone();
    let context = {
        let dashboard = Arc::clone(&dashboard);
        move || {
            provide_context(Arc::clone(&dashboard));
            provide_context(Arc::clone(&admin_source));
            crate::operations::provide_script_nonce();
        }
    };
    let pkg = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    // Compressed by the build: Brotli where the browser takes it, else gzip.
    let bundle = tower_http::services::ServeDir::new(pkg)
        .precompressed_br()
        .precompressed_gzip();
    let routes = generate_route_list(App);
    let telemetry = Arc::new(crate::telemetry::Telemetry::default());
    Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .with_state(options)
        .merge(
            Router::new()
                .route(
                    "/download/{page}/{file}",
                    axum::routing::get(crate::download::download),
                )
                .route("/healthz", axum::routing::get(crate::operations::healthz))
                .route("/readyz", axum::routing::get(crate::operations::readyz))
                .with_state(Arc::clone(&dashboard)),
        )
        .merge(
            Router::new()
                .route("/auth/login", axum::routing::post(crate::auth::login))
                .route("/auth/logout", axum::routing::post(crate::auth::logout))
                .with_state(Arc::clone(&auth)),
        )
        .merge(
            Router::new()
                .route("/admin/ggi", axum::routing::post(crate::ggi::decide))
                .with_state(Arc::clone(&dashboard)),
        )
        .merge(
            Router::new()
                .route("/admin/refresh", axum::routing::post(crate::admin::refresh))
                .with_state(scheduler),
        )
        .merge(
            Router::new()
                .route(
                    "/admin/sources",
                    axum::routing::post(crate::admin::add_source),
                )
                .route(
                    "/admin/affiliations",
                    axum::routing::post(crate::admin::add_rule),
                )
                .route(
                    "/admin/identities",
                    axum::routing::post(crate::admin::decide),
                )
                .with_state(admin),
        )
        // Before compression: it reads the error's text.
        .layer(axum::middleware::from_fn(crate::operations::bad_arguments))
        // The fastest level: pages are a few hundred kilobytes of HTML, and
        // level 1 already shrinks them about eight times at a fraction of
        // the default level's CPU time.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::compression::CompressionLevel::Fastest),
        )
        // Outermost: a kept response is already compressed.
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(crate::response_cache::ResponseCache::new(Arc::clone(
                &dashboard,
            ))),
            crate::response_cache::layer,
        ))
        // Who is reading, checked once per request: for the response cache
        // (a session's own answers), pages, server functions and downloads.
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&auth),
            crate::auth::attach_viewer,
        ))
        // After the compression layer: the bundle is already compressed.
        .nest_service("/pkg", bundle)
        .route(
            "/metrics",
            axum::routing::get(crate::telemetry::metrics)
                .with_state((Arc::clone(&telemetry), Arc::clone(&dashboard))),
        )
        // Before anything reads the address.
        .layer(axum::middleware::from_fn(crate::operations::reject_hostile))
        .layer(axum::middleware::from_fn(
            crate::operations::security_headers,
        ))
        // Outermost: every request is counted, whoever answers it.
        .layer(axum::middleware::from_fn_with_state(
            telemetry,
            crate::telemetry::count,
        ))
}

/// The site beside the binary's folder (`target/release/vigie` → `target/site`).
fn default_site() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(|p| p.join("site")))
        .unwrap_or_else(|| PathBuf::from("site"))
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use axum::body::{to_bytes, Body};
    use axum::http::{header, Request, StatusCode};
    use tower::ServiceExt;

    use super::*;

    /// The router over a store in `dir`: empty, or with the smallest
    /// Lutece log ingested.
    fn router_over(dir: &std::path::Path, with_data: bool) -> Router {
        let mut config = String::from("[store]\ndatabase = \"vigie.duckdb\"\n");
        if with_data {
            let Some(data) = vigie_ingest::testdata::shared_data() else {
                panic!("the shared data is needed for pages with data");
            };
            let log = data
                .join("lutece-gitlog/lutece-platform+lutece-tech-plugin-liquibase.gitlog.txt.gz");
            config += &format!(
                "\n[[sources]]\nkind = \"git-log\"\npath = \"{}\"\n",
                log.display()
            );
        }
        let path = dir.join("vigie.toml");
        std::fs::write(&path, config).unwrap();
        let config = Config::load(&path).unwrap();
        if with_data {
            crate::commands::ingest::run(&config, true).unwrap();
        }
        let options = LeptosOptions::builder()
            .output_name("vigie")
            .site_root(dir.display().to_string())
            .site_pkg_dir("pkg")
            .build();
        router(options, services(&config, &path).unwrap())
    }

    /// The nonce the response's policy names, and the tags of its scripts.
    async fn policy_and_scripts(router: &Router, path: &str) -> (String, Vec<String>) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        assert_ne!(
            response.status(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "{path}"
        );
        let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        let scripts = body
            .match_indices("<script")
            .map(|(at, _)| body[at..].split_once('>').unwrap().0.to_owned())
            .collect();
        (policy, scripts)
    }

    const PAGES: [&str; 9] = [
        "/",
        "/community",
        "/contributors",
        "/repositories",
        "/sources",
        "/login",
        "/admin",
        "/?lang=fr",
        "/no/such/page",
    ];

    async fn every_page_names_the_nonce_of_its_scripts(with_data: bool) {
        let dir = tempfile::tempdir().unwrap();
        let router = router_over(dir.path(), with_data);
        let mut nonces = std::collections::HashSet::new();
        // Twice: rendered, then (for pages the cache keeps) sent as kept.
        for round in 0..2 {
            for path in PAGES {
                let (policy, scripts) = policy_and_scripts(&router, path).await;
                let nonce = policy
                    .strip_prefix("script-src 'nonce-")
                    .and_then(|rest| rest.split_once('\''))
                    .map(|(nonce, _)| nonce.to_owned())
                    .unwrap_or_else(|| panic!("{path}: no nonce in {policy}"));
                assert!(!scripts.is_empty(), "{path}: a page without scripts");
                for tag in &scripts {
                    assert!(
                        tag.contains(&format!("nonce=\"{nonce}\"")),
                        "{path} round {round}: {tag} under {policy}"
                    );
                }
                if round == 0 {
                    assert!(nonces.insert(nonce), "{path}: a nonce used twice");
                }
            }
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_an_empty_store_every_page_names_the_nonce_its_scripts_carry() {
        every_page_names_the_nonce_of_its_scripts(false).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn with_data_every_page_names_the_nonce_its_scripts_carry() {
        if vigie_ingest::testdata::shared_data().is_some() {
            every_page_names_the_nonce_of_its_scripts(true).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn answers_other_than_pages_allow_no_script() {
        let dir = tempfile::tempdir().unwrap();
        let router = router_over(dir.path(), false);
        for path in ["/healthz", "/download/summary/contributors.csv"] {
            let request = Request::get(path).body(Body::empty()).unwrap();
            let response = router.clone().oneshot(request).await.unwrap();
            let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap();
            assert!(policy.starts_with("script-src 'none';"), "{path}: {policy}");
        }
    }
}
