//! What GitHub and GitLab compute over a listing: the query's pairs, the
//! `since` (or `updated_after`) filter, and pages with their `Link` header
//! (the next and the last: what clients follow).

use serde_json::Value;

/// The items updated at or after the `since` (GitHub) or `updated_after`
/// (GitLab) the client sent, if any.
pub(super) fn since(items: Vec<Value>, query: &[(String, String)]) -> Vec<Value> {
    let instant = |text: &str| chrono::DateTime::parse_from_rfc3339(text).ok();
    let from = query
        .iter()
        .find(|(k, _)| k == "since" || k == "updated_after")
        .and_then(|(_, v)| instant(v));
    let Some(from) = from else { return items };
    let kept = |item: &Value| {
        let updated = item["updated_at"].as_str().and_then(instant);
        updated.is_none_or(|updated| updated >= from)
    };
    items.into_iter().filter(kept).collect()
}

/// One page of `items` (`per_page` 30 by default, at most 100) and the
/// `Link` header naming the next and the last (`raw_query`'s other pairs kept
/// as sent).
pub(super) fn page(
    items: Vec<Value>,
    query: &[(String, String)],
    raw_query: &str,
    page_url: &str,
) -> (Vec<Value>, Option<String>) {
    let number = |key: &str| {
        (query.iter())
            .find(|(k, _)| k == key)?
            .1
            .parse::<usize>()
            .ok()
    };
    let per_page = number("per_page")
        .filter(|n| *n > 0)
        .map_or(30, |n| n.min(100));
    let page = number("page").unwrap_or(1).max(1);
    let last = items.len().div_ceil(per_page).max(1);
    let shown = items
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let kept = (raw_query.split('&'))
        .filter(|p| !p.is_empty() && !p.starts_with("page=") && !p.starts_with("per_page="));
    let pairs: String = kept.map(|p| format!("{p}&")).collect();
    let url = |n: usize| format!("<{page_url}?{pairs}per_page={per_page}&page={n}>");
    let links = format!(
        "{}; rel=\"next\", {}; rel=\"last\"",
        url(page + 1),
        url(last)
    );
    (shown, (page < last).then_some(links))
}

pub(super) fn split(path_and_query: &str) -> (&str, &str) {
    path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""))
}

/// The query's pairs, percent-decoded (a `+` of a time offset sent
/// unencoded arrives as a space, and is put back).
pub(super) fn query_pairs(query: &str) -> Vec<(String, String)> {
    (query.split('&').filter(|p| !p.is_empty()))
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v).replace(' ', "+"))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        let hex = || -> Option<u8> {
            let pair = [bytes.clone().next()?, bytes.clone().nth(1)?];
            u8::from_str_radix(std::str::from_utf8(&pair).ok()?, 16).ok()
        };
        match (b, hex()) {
            (b'%', Some(byte)) => {
                out.push(byte);
                bytes.nth(1);
            }
            (b'+', _) => out.push(b' '),
            (b, _) => out.push(b),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
