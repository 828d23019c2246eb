//! One contributor's page (`/contributors/{id}`): their status, when and
//! where they contributed, their activity over time, and every identity
//! merged into them with the rule that did it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::contributor_page;
use crate::components::{
    self, chosen_lang, query_of, query_with, use_lang, ChartFigure, DataTable, FilterForm, Missing,
};
use crate::data::{ContributorData, DashboardPage};
use crate::filter::Filter;

/// The page at `/contributors/{id}`.
#[component]
pub fn ContributorPage() -> impl IntoView {
    if !crate::auth::may_see_people() {
        return view! { <crate::auth::SignInRequired title_id="contributor-title"/> }.into_any();
    }
    let query = use_query_map();
    let params = use_params_map();
    let lang = use_lang();
    let request = Memo::new(move |_| {
        let id = params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
        (id, query.with(Filter::from_query).0)
    });
    let data = Resource::new(
        move || (request.get(), lang.get()),
        |((id, filter), lang)| async move {
            match id {
                Some(id) => contributor_page(id, filter, lang).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <components::Page title_id="contributor-title" data body=|page| match page {
            Some(page) => view! { <Contributor page/> }.into_any(),
            None => view! {
                <Missing test_id="contributor-missing" message_id="contributor-missing"
                    back="/contributors" back_id="contributor-back"/>
            }.into_any(),
        }/>
    }
    .into_any()
}

#[component]
fn Contributor(page: ContributorData) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let chosen = chosen_lang();
    let filter = page.frame.filter.clone();
    let links = query_of(&filter, chosen.as_deref());
    let downloads = query_with(
        &filter,
        chosen.as_deref(),
        &[("id".to_owned(), page.id.to_string())],
    );
    let back = format!("/contributors{links}");
    let title = page.name.clone();
    let status = page.status.clone();
    view! {
        <Title text=title/>
        <p class="back"><a href=back>{lang.t("contributor-back")}</a></p>
        <h2 class="subject" data-testid="contributor-name">
            {page.name.clone()}
            {status.map(|(key, label)| {
                let class = format!("status contributor-{key}");
                view! { " " <span class=class data-testid="contributor-status">{label}</span> }
            })}
        </h2>
        {page.email.clone().map(|email| {
            // Addresses come from git and forges: only a plain one becomes
            // a link (no `?` adding recipients or text to the message).
            match mailto(&email) {
                Some(href) => view! { <p class="contact"><a href=href>{email}</a></p> }.into_any(),
                None => view! { <p class="contact">{email}</p> }.into_any(),
            }
        })}
        {page.kind.clone().map(|kind| view! { <p class="note" data-testid="contributor-kind">{kind}</p> })}
        <dl class="facts" data-testid="contributor-facts">
            {page
                .facts
                .into_iter()
                .map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
                .collect_view()}
        </dl>
        <FilterForm frame=page.frame.clone()/>
        <div class="charts">
            <ChartFigure chart=page.chart page=DashboardPage::Contributor query=downloads.clone()/>
        </div>
        <DataTable table=page.repositories page=DashboardPage::Contributor query=downloads.clone() links/>
        <DataTable table=page.identities page=DashboardPage::Contributor query=downloads/>
    }
}

/// A `mailto:` link for a plain address (`local@domain`, nothing that a
/// mail program would read as more), else `None`.
fn mailto(email: &str) -> Option<String> {
    let (local, domain) = email.split_once('@')?;
    let plain = |part: &str, extra: &[char]| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    };
    (plain(local, &['.', '_', '-', '+']) && plain(domain, &['.', '-']))
        .then(|| format!("mailto:{email}"))
}

#[cfg(test)]
mod tests {
    use super::mailto;

    #[test]
    fn only_plain_addresses_become_links() {
        assert_eq!(
            mailto("jane.doe+vigie@paris.fr").as_deref(),
            Some("mailto:jane.doe+vigie@paris.fr")
        );
        assert_eq!(mailto("a@b.c?bcc=x@evil.example&body=hi"), None);
        assert_eq!(mailto("no-at-sign"), None);
        assert_eq!(mailto("a@b@c"), None);
        assert_eq!(mailto("javascript:alert(1)//@x.y"), None);
    }
}
