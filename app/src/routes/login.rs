//! The sign-in page (`/login`) for community managers and administrators.
//! A plain form posted to `/auth/login` (no JavaScript needed); the server
//! sends the reader back here with `error=wrong` or `error=limited`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::use_viewer;
use crate::components::use_lang;

/// The page at `/login`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let (error, next) = query.with_untracked(|q| {
        (
            q.get("error"),
            q.get("next")
                .filter(|n| n.starts_with('/') && !n.starts_with("//")),
        )
    });
    let next = next.unwrap_or_else(|| "/".to_owned());
    let notice = error.and_then(|e| match e.as_str() {
        "wrong" => Some("sign-in-wrong"),
        "limited" => Some("sign-in-limited"),
        _ => None,
    });
    let signed_in = use_viewer().map(|v| v.name);
    view! {
        <Title text=move || lang.try_get().map(|l| l.t("sign-in-title")).unwrap_or_default()/>
        <h1>{move || lang.get().t("sign-in-title")}</h1>
        {signed_in.map(|name| view! {
            <p class="notices" role="status">
                {move || lang.get().t_args("signed-in-as", &[("name", crate::i18n::Arg::Text(name.clone()))])}
            </p>
        })}
        {notice.map(|id| view! {
            <p class="error" role="alert" data-testid="sign-in-error">{move || lang.get().t(id)}</p>
        })}
        <p>{move || lang.get().t("sign-in-why")}</p>
        <form class="sign-in" method="post" action="/auth/login">
            <input type="hidden" name="next" value=next/>
            <label>
                {move || lang.get().t("sign-in-name")}
                <input type="text" name="name" autocomplete="username" required maxlength="64"/>
            </label>
            <label>
                {move || lang.get().t("sign-in-password")}
                <input type="password" name="password" autocomplete="current-password" required/>
            </label>
            <button type="submit">{move || lang.get().t("sign-in-submit")}</button>
        </form>
    }
}
