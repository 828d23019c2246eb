//! Reviews through GitHub's GraphQL API: fifty pull requests a request,
//! where REST needs one each. Its rate limit is its own; when it is spent,
//! or a pull request has more reviews than one answer holds, the pull
//! requests go back to REST.

use std::collections::BTreeSet;

use serde_json::Value;

use super::Target;
use crate::forge::http::{joined, Client, HttpError};
use crate::forge::json::{number, text, time};
use crate::forge::{Account, Review};

/// Pull requests per GraphQL request.
const GRAPHQL_BATCH: usize = 50;

/// The GraphQL endpoint beside a REST root: `https://api.github.com/graphql`,
/// or `https://HOST/api/graphql` for GitHub Enterprise's `https://HOST/api/v3`.
pub fn graphql_url(api: &str) -> String {
    match api.strip_suffix("/api/v3") {
        Some(host) => format!("{host}/api/graphql"),
        None => format!("{api}/graphql"),
    }
}

/// The reviews of `numbers` through GraphQL, fifty pull requests a request;
/// also the pull requests with more than 100 reviews, left to REST.
pub(super) async fn graphql_reviews(
    client: &Client,
    target: &Target,
    full_name: &str,
    numbers: &BTreeSet<i64>,
) -> Result<(Vec<Review>, Vec<i64>), HttpError> {
    let url = graphql_url(&target.api);
    let (owner, name) = full_name.split_once('/').unwrap_or((full_name, ""));
    let numbers: Vec<i64> = numbers.iter().copied().collect();
    let mut asked = tokio::task::JoinSet::new();
    for batch in numbers.chunks(GRAPHQL_BATCH) {
        let query = reviews_query(owner, name, batch);
        let (client, url, batch) = (client.clone(), url.clone(), batch.to_vec());
        asked.spawn(async move {
            let answer = client
                .post_json(&url, &serde_json::json!({ "query": query }))
                .await;
            (batch, answer)
        });
    }
    let mut reviews = Vec::new();
    let mut more = Vec::new();
    while let Some(done) = asked.join_next().await {
        let (batch, answer) = joined(done, &url)?;
        read_answer(&answer?, &url, batch, &mut reviews, &mut more)?;
    }
    Ok((reviews, more))
}

/// The query for the first hundred reviews of each pull request of `batch`,
/// with what the request cost.
fn reviews_query(owner: &str, name: &str, batch: &[i64]) -> String {
    let fields: String = batch
        .iter()
        .map(|n| {
            format!(
                "pr{n}: pullRequest(number: {n}) {{ reviews(first: 100) {{ \
                 pageInfo {{ hasNextPage endCursor }} \
                 nodes {{ databaseId state submittedAt author {{ login __typename }} }} }} }} "
            )
        })
        .collect();
    format!(
        "query {{ rateLimit {{ cost remaining resetAt }} repository(owner: {}, name: {}) {{ {fields}}} }}",
        Value::from(owner),
        Value::from(name)
    )
}

/// Reads one answer's reviews into `reviews`; the pull requests it leaves
/// to REST (the budget spent, or more reviews than one answer holds) go to
/// `more`.
fn read_answer(
    answer: &Value,
    url: &str,
    batch: Vec<i64>,
    reviews: &mut Vec<Review>,
    more: &mut Vec<i64>,
) -> Result<(), HttpError> {
    let malformed = |reason: String| HttpError::Malformed {
        url: url.to_owned(),
        reason,
    };
    // GraphQL's budget is its own: when it is spent (a 200 whose errors
    // say RATE_LIMIT), these pull requests go by REST instead.
    let limited = answer
        .get("errors")
        .and_then(Value::as_array)
        .is_some_and(|errors| {
            errors.iter().any(|e| {
                matches!(
                    e.get("type").and_then(Value::as_str),
                    Some("RATE_LIMIT" | "RATE_LIMITED")
                )
            })
        });
    if limited
        && answer
            .pointer("/data/repository")
            .is_none_or(Value::is_null)
    {
        more.extend(batch);
        return Ok(());
    }
    let Some(repository) = answer.pointer("/data/repository").filter(|r| !r.is_null()) else {
        let message = answer
            .pointer("/errors/0/message")
            .and_then(Value::as_str)
            .unwrap_or("no repository in the answer");
        return Err(malformed(message.to_owned()));
    };
    for number in batch {
        // A number GitHub does not know as a pull request answers null.
        let Some(pr) = repository
            .get(format!("pr{number}"))
            .filter(|p| !p.is_null())
        else {
            continue;
        };
        if pr.pointer("/reviews/pageInfo/hasNextPage") == Some(&Value::Bool(true)) {
            more.push(number);
            continue;
        }
        let nodes = pr
            .pointer("/reviews/nodes")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed(format!("no reviews for pull request {number}")))?;
        for node in nodes {
            if let Some(r) = graphql_review(node, number).map_err(malformed)? {
                reviews.push(r);
            }
        }
    }
    Ok(())
}

/// Reads a GraphQL review node; pending ones (not submitted) are left out.
fn graphql_review(node: &Value, issue_number: i64) -> Result<Option<Review>, String> {
    let Some(submitted_at) = time(node, "submittedAt")? else {
        return Ok(None);
    };
    let author = node.get("author").filter(|a| !a.is_null()).and_then(|a| {
        Some(Account {
            login: a.get("login")?.as_str()?.to_owned(),
            is_bot: a.get("__typename").and_then(Value::as_str) == Some("Bot"),
        })
    });
    Ok(Some(Review {
        id: number(node, "databaseId")?,
        issue_number,
        author,
        state: text(node, "state").unwrap_or_default().to_lowercase(),
        submitted_at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphql_beside_the_rest_root() {
        assert_eq!(
            graphql_url("https://api.github.com"),
            "https://api.github.com/graphql"
        );
        assert_eq!(
            graphql_url("https://ghe.example/api/v3"),
            "https://ghe.example/api/graphql"
        );
        let node = serde_json::json!({"databaseId": 5, "state": "CHANGES_REQUESTED",
            "submittedAt": "2024-01-01T00:00:00Z", "author": {"login": "renovate", "__typename": "Bot"}});
        let r = graphql_review(&node, 3).unwrap().unwrap();
        assert_eq!((r.id, r.state.as_str()), (5, "changes_requested"));
        assert!(r.author.unwrap().is_bot);
        let pending = serde_json::json!({"databaseId": 6, "state": "PENDING", "submittedAt": null});
        assert_eq!(graphql_review(&pending, 3).unwrap(), None);
    }
}
