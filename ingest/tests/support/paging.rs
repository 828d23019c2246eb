//! What GitHub and GitLab compute over a listing: the query's pairs, the
//! `since` (or `updated_after`) filter, and pages with their `Link` header.

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
/// `Link` header naming the others.
pub(super) fn page(
    items: Vec<Value>,
    query: &[(String, String)],
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
    let url = |n: usize| {
        let kept = (query.iter()).filter(|(k, _)| k != "page" && k != "per_page");
        let pairs: String = kept
            .map(|(k, v)| format!("{k}={}&", percent_encode(v)))
            .collect();
        format!("<{page_url}?{pairs}per_page={per_page}&page={n}>")
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", url(page - 1)));
    }
    if page < last {
        links.push(format!("{}; rel=\"next\"", url(page + 1)));
        links.push(format!("{}; rel=\"last\"", url(last)));
    }
    if page > 1 {
        links.push(format!("{}; rel=\"first\"", url(1)));
    }
    (shown, (!links.is_empty()).then(|| links.join(", ")))
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

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
