//! What a test registers on the mock forge: a [`Request`] and the
//! [`Answer`] to it, matched by method, path, the query pairs it names and,
//! for GraphQL, a text the query contains.

use serde_json::Value;

use super::paging::{query_pairs, split};

/// What a registered answer is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    graphql_contains: Option<String>,
}

impl Request {
    /// `GET path?query`: every pair of the query must be in the request's.
    pub fn get(path_and_query: &str) -> Request {
        let (path, query) = split(path_and_query);
        Request {
            method: "GET",
            path: path.to_owned(),
            query: query_pairs(query),
            graphql_contains: None,
        }
    }

    /// `POST /graphql` whose query contains `text` (the client sends no
    /// variables: what it asks for is written in the query).
    pub fn graphql(text: &str) -> Request {
        Request {
            method: "POST",
            path: "/graphql".into(),
            query: Vec::new(),
            graphql_contains: Some(text.to_owned()),
        }
    }

    /// Whether a request asked this (`graphql_query`: "" for others).
    pub(super) fn matches(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        graphql_query: &str,
    ) -> bool {
        self.method == method
            && self.path == path
            && self.query.iter().all(|pair| query.contains(pair))
            && (self.graphql_contains.as_ref())
                .is_none_or(|text| graphql_query.contains(text.as_str()))
    }
}

/// A registered answer, served with status 200.
#[derive(Debug, Clone)]
pub enum Answer {
    /// One JSON document.
    Json(Value),
    /// A listing, paged by the mock.
    List(Vec<Value>),
}
