//! Reading an answer's headers: the pages its `Link` names, the rate-limit
//! counts, and failures worded without the URL (which may carry a token).

use reqwest::header::{HeaderMap, HeaderValue, ETAG, LINK};

use super::Page;

/// The rate-limit headers, GitHub's name first, then GitLab's.
pub(super) const REMAINING: &[&str] = &["x-ratelimit-remaining", "ratelimit-remaining"];
pub(super) const RESET: &[&str] = &["x-ratelimit-reset", "ratelimit-reset"];

/// The first of `names` present as a whole number.
pub(super) fn number(headers: &HeaderMap, names: &[&str]) -> Option<u64> {
    names
        .iter()
        .find_map(|n| headers.get(*n)?.to_str().ok()?.trim().parse::<u64>().ok())
}

/// A page of an answer, with the next and last pages its headers name.
pub(super) fn page(url: &str, headers: &HeaderMap, body: Vec<u8>) -> Page {
    let link = header(headers, LINK).unwrap_or_default();
    // GitLab also says `X-Next-Page: N` (empty on the last).
    let next = link_rel(&link, "next").or_else(|| {
        let n = header(headers, "x-next-page")?;
        let n: u32 = n.trim().parse().ok()?;
        Some(with_page(url, n))
    });
    Page {
        body: Some(body),
        next,
        last: link_rel(&link, "last"),
        etag: header(headers, ETAG),
    }
}

pub(super) fn header(
    headers: &HeaderMap,
    name: impl reqwest::header::AsHeaderName,
) -> Option<String> {
    headers
        .get(name)
        .and_then(|v: &HeaderValue| v.to_str().ok())
        .map(str::to_owned)
}

/// reqwest's errors carry the URL, which may hold a token in a query
/// string on some forges: keep only the kind of failure.
pub(super) fn without_url(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the body broke off"
    } else {
        "the request failed"
    };
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} ({detail})")
    }
}

/// The URL of relation `rel` in a `Link` header value.
pub fn link_rel(link: &str, rel: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let url = url.trim().strip_prefix('<')?.strip_suffix('>')?;
        params
            .split(';')
            .any(|p| {
                let p = p.trim();
                p == format!("rel=\"{rel}\"") || p == format!("rel={rel}")
            })
            .then(|| url.to_owned())
    })
}

/// The same URL asking for page `n` (the `page` parameter replaced or added).
pub fn with_page(url: &str, n: u32) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return format!("{url}?page={n}");
    };
    let mut found = false;
    let mut parts: Vec<String> = query
        .split('&')
        .map(|kv| {
            if kv.starts_with("page=") {
                found = true;
                format!("page={n}")
            } else {
                kv.to_owned()
            }
        })
        .collect();
    if !found {
        parts.push(format!("page={n}"));
    }
    format!("{base}?{}", parts.join("&"))
}
