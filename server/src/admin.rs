//! What administrators do from the dashboard (`/admin`): add a source,
//! start an ingest run at once, confirm or reject likely duplicate
//! identities, say whether an account is a bot, add an affiliation rule. Changes are written to the
//! configuration file (appended, checked before it replaces the file) or
//! the identities file, and applied at once. Every action is a POST with the session's anti-forgery token, from the
//! dashboard's own pages, by a signed-in administrator.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use vigie_app::auth::Viewer;
use vigie_app::backend::{AdminSettings, AdminSettingsSource, Dashboard};
use vigie_ingest::affiliation::Affiliations;
use vigie_ingest::identity::file::{Decision, Different, IdentitiesFile, Person, SharedAddress};
use vigie_ingest::SourceConfig;

use crate::auth::{check_csrf, same_origin, TokenForm};
use crate::config::Config;
use crate::schedule::{Refresh, Scheduler};

/// Why an administrator's action is refused, if it is.
pub fn refused(viewer: Option<&Viewer>, headers: &HeaderMap, csrf: &str) -> Option<Response> {
    let Some(viewer) = viewer else {
        return Some(
            (
                StatusCode::UNAUTHORIZED,
                "Sign in as an administrator first.\n",
            )
                .into_response(),
        );
    };
    if !viewer.is_admin() {
        return Some((StatusCode::FORBIDDEN, "Only administrators can do this.\n").into_response());
    }
    if !same_origin(headers) || !check_csrf(viewer, csrf) {
        return Some(
            (
                StatusCode::FORBIDDEN,
                "This form has expired: reload the page and try again.\n",
            )
                .into_response(),
        );
    }
    None
}

/// `POST /admin/refresh`: reads every source now, then back to the sources
/// page, which says whether the run started or one was running already.
pub async fn refresh(
    State(scheduler): State<Arc<Scheduler>>,
    viewer: Option<axum::Extension<Viewer>>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<TokenForm>,
) -> Response {
    if let Some(response) = refused(viewer.as_deref(), &headers, &form.csrf) {
        return response;
    }
    let outcome = match scheduler.refresh_now() {
        Refresh::Started => "started",
        Refresh::Running => "running",
        Refresh::ShuttingDown => "stopping",
        Refresh::Nothing => "nothing",
    };
    if let Some(viewer) = viewer {
        tracing::info!(account = %viewer.name, outcome, "refresh asked");
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&format!("/sources?refresh={outcome}"))
            .unwrap_or(HeaderValue::from_static("/sources")),
    );
    response
}

/// The administration page's server side: the configuration file (read
/// again after each change), the scheduler and the store.
pub struct Admin {
    path: std::path::PathBuf,
    /// One change of the configuration file at a time.
    writing: std::sync::Mutex<()>,
    config: std::sync::RwLock<Config>,
    scheduler: Arc<Scheduler>,
    dashboard: Arc<Dashboard>,
}

impl Admin {
    pub fn new(
        path: &Path,
        config: &Config,
        scheduler: Arc<Scheduler>,
        dashboard: Arc<Dashboard>,
    ) -> Arc<Self> {
        Arc::new(Self {
            path: path.to_owned(),
            writing: std::sync::Mutex::new(()),
            config: std::sync::RwLock::new(config.clone()),
            scheduler,
            dashboard,
        })
    }

    fn config(&self) -> Config {
        self.config
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Appends `block` to the configuration file if the result is a valid
    /// configuration, then applies it (affiliations, schedule).
    fn append_to_config(&self, block: &str) -> anyhow::Result<()> {
        let _one_at_a_time = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        // Through a link, the file it points to is the one changed.
        let target = std::fs::canonicalize(&self.path)
            .with_context(|| format!("cannot read {}", self.path.display()))?;
        let text = std::fs::read_to_string(&target)
            .with_context(|| format!("cannot read {}", self.path.display()))?;
        let mut changed = text.clone();
        if !changed.ends_with('\n') {
            changed.push('\n');
        }
        changed.push('\n');
        changed.push_str(block);
        // Checked beside the real file, so relative paths mean the same
        // (they are relative to the file named, as `vigie serve` read it).
        let partial = self.path.with_extension("toml.partial");
        std::fs::write(&partial, &changed)
            .with_context(|| format!("cannot write {}", partial.display()))?;
        let config = match Config::load(&partial)
            .map_err(anyhow::Error::from)
            .and_then(|c| {
                let mut rules = std::collections::HashSet::new();
                for r in &c.affiliations {
                    if !rules.insert((r.domain.to_lowercase(), r.from, r.to)) {
                        anyhow::bail!("the rule for {} is there already", r.domain);
                    }
                }
                Ok(c)
            }) {
            Ok(config) => config,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                anyhow::bail!("the change would make the configuration invalid: {e}");
            }
        };
        // The file keeps its permissions.
        if let Ok(meta) = std::fs::metadata(&target) {
            let _ = std::fs::set_permissions(&partial, meta.permissions());
        }
        std::fs::rename(&partial, &target)
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        self.apply(config);
        Ok(())
    }

    fn apply(&self, config: Config) {
        self.dashboard
            .set_affiliations(Affiliations::new(&config.affiliations));
        self.scheduler.reload(&config);
        *self.config.write().unwrap_or_else(|e| e.into_inner()) = config;
    }
}

/// A repository URL an administrator may add: `https://`, `ssh://` or
/// `git@host:path`, with no space, no control character and nothing git
/// could take for an option or another transport (`ext::`, `file://`).
fn is_remote_url(url: &str) -> bool {
    let plain = !url.starts_with('-')
        && !url.contains("::")
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !"\\'\"`$;|&<>".contains(c));
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("ssh://"))
        .or_else(|| {
            url.strip_prefix("git@").filter(|r| {
                r.split_once(':')
                    .is_some_and(|(host, _)| !host.contains('/'))
            })
        });
    plain && rest.is_some_and(|r| r.len() > 3 && !r.starts_with('-') && !r.starts_with('/'))
}

/// The `api` and `token_env` keys of a new forge source: those of the
/// first configured source of that forge, so that a token is only ever
/// sent to the server it belongs to (GitHub Enterprise, a self-hosted
/// GitLab); without one, the public service and its usual variable.
fn forge_keys(config: &Config, kind: &str) -> String {
    let same = config.sources.iter().find_map(|s| match (&s.source, kind) {
        (SourceConfig::Github { api, token_env, .. }, "github") => Some((api, token_env)),
        (SourceConfig::Gitlab(g), "gitlab") => Some((&g.api, &g.token_env)),
        _ => None,
    });
    let (api, tokens) = match same {
        Some((api, tokens)) => (api.clone(), tokens.clone()),
        None if kind == "github" => (
            "https://api.github.com".to_owned(),
            vec!["GITHUB_TOKEN".to_owned()],
        ),
        None => (
            "https://gitlab.com/api/v4".to_owned(),
            vec!["GITLAB_TOKEN".to_owned()],
        ),
    };
    let tokens: Vec<String> = tokens.iter().map(|t| quoted(t)).collect();
    format!(
        "api = {}\ntoken_env = [{}]\n",
        quoted(&api),
        tokens.join(", ")
    )
}

/// A TOML string (quoted and escaped).
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// Text a person typed: printable, trimmed, within `max` characters.
fn printable(text: &str, max: usize) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty() && text.chars().count() <= max && !text.chars().any(char::is_control))
        .then_some(text)
}

impl AdminSettingsSource for Admin {
    fn admin_settings(&self) -> Result<AdminSettings, String> {
        let config = self.config();
        Ok(AdminSettings {
            config_file: self.path.display().to_string(),
            sources: config
                .sources
                .iter()
                .map(|s| (s.source.clone(), s.every.unwrap_or(config.schedule.every).0))
                .collect(),
            identity_rules: config.rules().map_err(|e| e.to_string())?,
            affiliations: config.affiliations,
            running: self.scheduler.is_running(),
        })
    }
}

fn back(outcome: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/admin?{outcome}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The add-a-source form.
#[derive(Debug, Deserialize)]
pub struct SourceForm {
    #[serde(default)]
    csrf: String,
    kind: String,
    value: String,
    #[serde(default)]
    every: String,
}

/// `POST /admin/sources`: adds a `[[sources]]` entry to the configuration.
pub async fn add_source(
    State(admin): State<Arc<Admin>>,
    viewer: Option<axum::Extension<Viewer>>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<SourceForm>,
) -> Response {
    if let Some(response) = refused(viewer.as_deref(), &headers, &form.csrf) {
        return response;
    }
    let Some(value) = printable(&form.value, 400) else {
        return back("error=value");
    };
    let every = form.every.trim();
    if !every.is_empty() && every.parse::<crate::config::Every>().is_err() {
        return back("error=every");
    }
    let name = |v: &str| {
        !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
            && !v.split('/').any(|p| p == ".." || p.is_empty())
    };
    let body = match form.kind.as_str() {
        "git" if is_remote_url(value) => format!("urls = [{}]\n", quoted(value)),
        "git" if Path::new(value).is_absolute() && Path::new(value).exists() => {
            format!("paths = [{}]\n", quoted(value))
        }
        "git-log" if Path::new(value).is_absolute() && Path::new(value).exists() => {
            format!("path = {}\n", quoted(value))
        }
        "github" if name(value) && !value.contains('/') => format!(
            "organisations = [{}]\n{}",
            quoted(value),
            forge_keys(&admin.config(), "github")
        ),
        "gitlab" if name(value) => format!(
            "groups = [{}]\n{}",
            quoted(value),
            forge_keys(&admin.config(), "gitlab")
        ),
        "git" | "git-log" | "github" | "gitlab" => return back("error=value"),
        _ => return back("error=kind"),
    };
    let every = if every.is_empty() {
        String::new()
    } else {
        format!("every = {}\n", quoted(every))
    };
    let block = format!(
        "# Added from the administration page.\n[[sources]]\nkind = {}\n{body}{every}",
        quoted(&form.kind)
    );
    let done = format!("a {} source was added", form.kind);
    append(admin, block, viewer.as_deref(), &done, "done=source").await
}

/// Appends `block` to the configuration (on a blocking thread), logs who
/// did it, and goes back to the page with `outcome` or the error.
async fn append(
    admin: Arc<Admin>,
    block: String,
    viewer: Option<&Viewer>,
    done: &str,
    outcome: &str,
) -> Response {
    match tokio::task::spawn_blocking(move || admin.append_to_config(&block)).await {
        Ok(Ok(())) => {
            if let Some(v) = viewer {
                tracing::info!(account = %v.name, "{done}");
            }
            back(outcome)
        }
        Ok(Err(e)) => {
            tracing::error!(error = %format!("{e:#}"), "the configuration could not be changed");
            back("error=config")
        }
        Err(e) => {
            tracing::error!(error = %e, "the configuration could not be changed");
            back("error=config")
        }
    }
}

/// The add-a-rule form.
#[derive(Debug, Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    csrf: String,
    domain: String,
    organisation: String,
}

/// `POST /admin/affiliations`: adds an `[[affiliations]]` rule; pages use
/// it at once.
pub async fn add_rule(
    State(admin): State<Arc<Admin>>,
    viewer: Option<axum::Extension<Viewer>>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<RuleForm>,
) -> Response {
    if let Some(response) = refused(viewer.as_deref(), &headers, &form.csrf) {
        return response;
    }
    let domain = form.domain.trim().to_lowercase();
    let valid_domain = domain.contains('.')
        && domain.len() <= 253
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && !admin
            .config()
            .affiliations
            .iter()
            .any(|r| r.domain.eq_ignore_ascii_case(&domain));
    if !valid_domain {
        return back("error=domain");
    }
    let Some(organisation) = printable(&form.organisation, 120) else {
        return back("error=organisation");
    };
    let block = format!(
        "# Added from the administration page.\n[[affiliations]]\ndomain = {}\norganisation = {}\n",
        quoted(&domain),
        quoted(organisation)
    );
    let done = format!("an affiliation rule was added for {domain}");
    append(admin, block, viewer.as_deref(), &done, "done=rule").await
}

/// `POST /admin/identities`: `decision=same|different` and two or more
/// `email`s, `decision=same-address|shared` and one `email` (names
/// seen with one address: one person's, or an address several people
/// use), or `decision=bot|not-bot` and an account's addresses, recorded in
/// the identities file and applied at once (or by the next run, when one
/// is in progress).
pub async fn decide(
    State(admin): State<Arc<Admin>>,
    viewer: Option<axum::Extension<Viewer>>,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    if let Some(response) = refused(viewer.as_deref(), &headers, field("csrf")) {
        return response;
    }
    let Some(mut emails) = fields
        .iter()
        .filter(|(k, _)| k == "email")
        .map(|(_, v)| printable(v, 320).map(str::to_owned))
        .collect::<Option<Vec<String>>>()
    else {
        // All of them or none: a decision about some of them is another one.
        return back("error=emails");
    };
    emails.sort();
    emails.dedup();
    let (decision, done) = match (field("decision"), emails.len()) {
        ("same", 2..) => (
            Decision::Same(Person {
                emails,
                ..Person::default()
            }),
            "same",
        ),
        ("different", 2..) => (Decision::Different(Different { emails }), "different"),
        ("same-address", 1) => (
            Decision::Same(Person {
                emails,
                ..Person::default()
            }),
            "same",
        ),
        ("shared", 1) => (
            Decision::Shared(SharedAddress {
                email: emails.remove(0),
            }),
            "shared",
        ),
        // An account's addresses, and whether it is a bot.
        (bot @ ("bot" | "not-bot"), 1..) => (
            Decision::Same(Person {
                emails,
                bot: Some(bot == "bot"),
                ..Person::default()
            }),
            bot,
        ),
        _ => return back("error=emails"),
    };
    let outcome = tokio::task::spawn_blocking(move || -> anyhow::Result<bool> {
        let config = admin.config();
        IdentitiesFile::append(&config.identities.file, &decision)?;
        let rules = config.rules()?;
        match admin
            .scheduler
            .write(|store| Ok(store.resolve_contributors(&rules)?))
        {
            Some(resolved) => resolved.map(|_| true),
            // A run is writing: it resolves again when it ends... with the
            // rules it read at its start, so the next run applies this.
            None => Ok(false),
        }
    })
    .await;
    match outcome {
        Ok(Ok(true)) => {
            if let Some(v) = viewer {
                tracing::info!(account = %v.name, decision = done, "an identity decision was recorded");
            }
            back(&format!("done={done}"))
        }
        Ok(Ok(false)) => back("done=later"),
        outcome => {
            tracing::error!(?outcome, "an identity decision could not be recorded");
            back("error=config")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_remote_urls_are_added() {
        for good in [
            "https://github.com/lutece-platform/lutece-core.git",
            "ssh://git@example.org/group/project.git",
            "git@github.com:lutece-platform/lutece-core.git",
        ] {
            assert!(is_remote_url(good), "{good}");
        }
        for bad in [
            "--upload-pack=touch /tmp/pwned #://x/o/n",
            "-uhttps://x/y",
            "ext::sh -c touch% /tmp/pwned",
            "file:///etc",
            "https://x/y z",
            "https://x/$(id)",
            "http://plain.example/x",
            "git@host/x:y",
            "https://",
        ] {
            assert!(!is_remote_url(bad), "{bad}");
        }
    }

    #[test]
    fn values_are_quoted_as_toml() {
        let tricky = "a\"\nb = 1\n[[x]]";
        let line = format!("v = {}", quoted(tricky));
        let parsed: toml::Table = toml::from_str(&line).unwrap();
        assert_eq!(parsed["v"].as_str(), Some(tricky));
        assert_eq!(parsed.len(), 1);
    }
}
