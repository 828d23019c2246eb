//! The administration page (`/admin`), for administrators: the configured
//! sources (add one, read them all now), likely duplicate identities
//! (confirm or reject), bots (say whether an account is one), and
//! affiliation rules (add one for a domain that
//! has none). Every change is a plain form posted to `/admin/...` with the
//! session's anti-forgery token; the server writes the configuration or
//! identities file, applies it, and comes back here saying what it did.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::admin_page;
use crate::auth::{use_viewer, SignInRequired, Viewer};
use crate::components::{use_lang, TableBody};
use crate::data::{AdminData, BotAccount, Duplicate};
use crate::i18n::{Arg, Lang};

/// The page at `/admin`.
#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    let Some(viewer) = use_viewer() else {
        return view! { <SignInRequired title_id="admin-title" message_id="admin-sign-in-required"/> }.into_any();
    };
    if !viewer.is_admin() {
        forbidden_status();
        let l = lang.get_untracked();
        return view! {
            <Title text=l.t("admin-title")/>
            <h1>{l.t("admin-title")}</h1>
            <p class="notices" role="status" data-testid="admin-required">{l.t("admin-required")}</p>
        }
        .into_any();
    }
    let data = Resource::new(move || lang.get(), admin_page);
    let (done, error) = use_query_map().with_untracked(|q| (q.get("done"), q.get("error")));
    view! {
        <Title text=move || lang.try_get().map(|l| l.t("admin-title")).unwrap_or_default()/>
        <h1>{move || lang.get().t("admin-title")}</h1>
        {done.and_then(|d| said("admin-done-", &d)).map(|id| view! {
            <p class="notices" role="status" data-testid="admin-done">{move || lang.get().t(id)}</p>
        })}
        {error.and_then(|e| said("admin-error-", &e)).map(|id| view! {
            <p class="error" role="alert" data-testid="admin-error">{move || lang.get().t(id)}</p>
        })}
        <Transition fallback=move || view! { <p class="loading">{lang.get_untracked().t("loading")}</p> }>
            {move || {
                let viewer = viewer.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Admin page viewer/> }.into_any(),
                        Err(_) => {
                            crate::components::error_status();
                            view! { <p class="error" role="alert">{lang.get_untracked().t("error-data")}</p> }.into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
    .into_any()
}

/// The message id for an outcome the server named in the address (only
/// known ones: the address is the reader's to type).
fn said(prefix: &str, key: &str) -> Option<&'static str> {
    const KNOWN: [&str; 15] = [
        "admin-done-source",
        "admin-done-same",
        "admin-done-different",
        "admin-done-shared",
        "admin-done-rule",
        "admin-done-later",
        "admin-done-bot",
        "admin-done-not-bot",
        "admin-error-kind",
        "admin-error-value",
        "admin-error-every",
        "admin-error-organisation",
        "admin-error-domain",
        "admin-error-config",
        "admin-error-emails",
    ];
    let id = format!("{prefix}{key}");
    KNOWN.into_iter().find(|k| *k == id)
}

/// Marks the response as 403 Forbidden (on the server).
fn forbidden_status() {
    crate::components::set_status(403);
}

#[component]
fn Admin(page: AdminData, viewer: Viewer) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let csrf = viewer.csrf;
    let duplicates = page.duplicates.clone();
    let bots = page.bots.clone();
    let suggestions = page.bot_suggestions.clone();
    let domains = page.unknown_domains.clone();
    view! {
        <section aria-labelledby="admin-sources">
            <h2 id="admin-sources">{lang.t("admin-sources")}</h2>
            <p>{lang.t_args("admin-config-file", &[("file", Arg::Text(page.config_file.clone()))])}</p>
            <crate::routes::sources::RefreshNow/>
            <div class="table-wrap">
                <table data-testid="admin-sources-table">
                    <caption>{page.sources.caption.clone()}</caption>
                    <TableBody table=page.sources.clone()/>
                </table>
            </div>
            <AddSource csrf=csrf.clone() lang/>
        </section>
        <section aria-labelledby="admin-identities">
            <h2 id="admin-identities">{lang.t("admin-identities")}</h2>
            {if duplicates.is_empty() {
                view! { <p data-testid="admin-no-duplicates">{lang.t("admin-no-duplicates")}</p> }.into_any()
            } else {
                view! {
                    <p>{lang.t("admin-duplicates-why")}</p>
                    <ul class="duplicates" data-testid="admin-duplicates">
                        {duplicates.into_iter().map(|d| view! { <DuplicateItem duplicate=d csrf=csrf.clone() lang/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="admin-bots">
            <h2 id="admin-bots">{lang.t("admin-bots")}</h2>
            {(!suggestions.is_empty()).then(|| view! {
                <h3>{lang.t("admin-bot-suggestions")}</h3>
                <p>{lang.t("admin-bot-suggestions-why")}</p>
                <ul class="duplicates" data-testid="admin-bot-suggestions">
                    {suggestions.into_iter().map(|b| view! { <BotItem account=b csrf=csrf.clone() lang undecided=true/> }).collect_view()}
                </ul>
            })}
            {if bots.is_empty() {
                view! { <p data-testid="admin-no-bots">{lang.t("admin-no-bots")}</p> }.into_any()
            } else {
                view! {
                    <p>{lang.t("admin-bots-why")}</p>
                    <ul class="duplicates" data-testid="admin-bot-list">
                        {bots.into_iter().map(|b| view! { <BotItem account=b csrf=csrf.clone() lang undecided=false/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form method="post" action="/admin/identities" class="decision" data-testid="admin-mark-bot">
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="decision" value="bot"/>
                <label>
                    {lang.t("admin-mark-bot-label")}
                    <input type="text" name="email" required maxlength="320"/>
                </label>
                <button type="submit">{lang.t("admin-is-bot")}</button>
            </form>
        </section>
        <section aria-labelledby="admin-affiliations">
            <h2 id="admin-affiliations">{lang.t("admin-affiliations")}</h2>
            <div class="table-wrap">
                <table data-testid="admin-rules">
                    <caption>{page.rules.caption.clone()}</caption>
                    <TableBody table=page.rules.clone()/>
                </table>
            </div>
            {(!domains.is_empty()).then(|| view! {
                <h3>{lang.t("admin-unknown-domains")}</h3>
                <ul class="domains" data-testid="admin-unknown-domains">
                    {domains.into_iter().map(|(domain, count)| {
                        let label = lang.t_args("admin-domain-label", &[("domain", Arg::Text(domain.clone())), ("count", Arg::Text(count))]);
                        view! {
                            <li>
                                <form method="post" action="/admin/affiliations">
                                    <input type="hidden" name="csrf" value=csrf.clone()/>
                                    <input type="hidden" name="domain" value=domain.clone()/>
                                    <label>
                                        {label}
                                        <input type="text" name="organisation" required maxlength="120"
                                            placeholder=lang.t("admin-organisation")/>
                                    </label>
                                    <button type="submit">{lang.t("admin-add-rule")}</button>
                                </form>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// The form that adds a source to the configuration.
#[component]
fn AddSource(csrf: String, lang: Lang) -> impl IntoView {
    view! {
        <form class="add-source" method="post" action="/admin/sources" data-testid="admin-add-source">
            <input type="hidden" name="csrf" value=csrf/>
            <fieldset>
                <legend>{lang.t("admin-add-source")}</legend>
                <label>
                    {lang.t("admin-source-kind")}
                    <select name="kind">
                        <option value="git">{lang.t("admin-kind-git")}</option>
                        <option value="git-log">{lang.t("admin-kind-git-log")}</option>
                        <option value="github">{lang.t("admin-kind-github")}</option>
                        <option value="gitlab">{lang.t("admin-kind-gitlab")}</option>
                    </select>
                </label>
                <label>
                    {lang.t("admin-source-value")}
                    <input type="text" name="value" required maxlength="400"/>
                </label>
                <label>
                    {lang.t("admin-source-every")}
                    <input type="text" name="every" maxlength="10" placeholder="6h"/>
                </label>
                <button type="submit">{lang.t("admin-add")}</button>
            </fieldset>
        </form>
    }
}

/// One likely duplicate and its two decisions: one person or not (for a
/// shared address: one person's, or several people's).
#[component]
fn DuplicateItem(duplicate: Duplicate, csrf: String, lang: Lang) -> impl IntoView {
    let mut emails: Vec<String> = duplicate
        .identities
        .iter()
        .map(|(_, e, _)| e.clone())
        .collect();
    emails.sort();
    emails.dedup();
    let (same, different, different_label) = match &duplicate.address {
        Some(address) => {
            emails = vec![address.clone()];
            ("same-address", "shared", "admin-shared")
        }
        None => ("same", "different", "admin-different"),
    };
    let hidden = move || {
        emails
            .iter()
            .map(|e| view! { <input type="hidden" name="email" value=e.clone()/> })
            .collect_view()
    };
    let hidden_too = hidden.clone();
    view! {
        <li>
            <p>{duplicate.why.clone()}</p>
            {(!duplicate.evidence.is_empty()).then(|| view! { <p class="evidence">{duplicate.evidence.clone()}</p> })}
            <ul>
                {duplicate.identities.into_iter().map(|(name, email, count)| view! {
                    <li>{name}" <"{email}"> · "{count}</li>
                }).collect_view()}
            </ul>
            <form method="post" action="/admin/identities" class="decision">
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <input type="hidden" name="decision" value=same/>
                {hidden}
                <button type="submit">{lang.t("admin-same")}</button>
            </form>
            <form method="post" action="/admin/identities" class="decision">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="decision" value=different/>
                {hidden_too}
                <button type="submit">{lang.t(different_label)}</button>
            </form>
        </li>
    }
}

/// An account that is (or behaves like) a bot, and the decisions: "this
/// is a bot" (for an undecided one) and "not a bot". Both name all of its
/// addresses; an account without any cannot be decided here.
#[component]
fn BotItem(account: BotAccount, csrf: String, lang: Lang, undecided: bool) -> impl IntoView {
    let decide = !account.emails.is_empty();
    let form = |decision: &'static str, label: &'static str| {
        let emails = account.emails.clone();
        let csrf = csrf.clone();
        decide.then(|| {
            view! {
                <form method="post" action="/admin/identities" class="decision">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="decision" value=decision/>
                    {emails
                        .into_iter()
                        .map(|e| view! { <input type="hidden" name="email" value=e/> })
                        .collect_view()}
                    <button type="submit">{lang.t(label)}</button>
                </form>
            }
        })
    };
    let is_bot = undecided.then(|| form("bot", "admin-is-bot"));
    let not_bot = form("not-bot", "admin-not-bot");
    let activities = (!account.contributions.is_empty()).then(|| {
        lang.t_args(
            "admin-bot-activities",
            &[("count", Arg::Text(account.contributions.clone()))],
        )
    });
    view! {
        <li>
            <p>
                <strong>{account.name.clone()}</strong>
                {(!account.emails.is_empty()).then(|| format!(" <{}>", account.emails.join(", ")))}
                {activities.map(|a| format!(" · {a}"))}
            </p>
            {(!account.why.is_empty()).then(|| view! { <p>{account.why.clone()}</p> })}
            {is_bot}
            {not_bot}
        </li>
    }
}
