//! GitHub's GraphQL API of the mock forge, for the reviews of many pull
//! requests in one request: `POST /graphql` (GitHub.com's
//! `https://api.github.com/graphql`) and `POST /api/graphql` (GitHub
//! Enterprise's, beside its REST root `/api/v3`; `/api/v3/graphql` does not
//! exist there, nor here).
//!
//! **No GraphQL answer about pull requests or reviews was recorded: the
//! answers reshape the recorded REST reviews into GraphQL's shape, and no
//! value is invented.** A pull request's `reviews` are exactly the ones
//! `GET /repos/{o}/{r}/pulls/{n}/reviews` serves (PyGithub/PyGithub #538: the
//! 5 recorded ones; any other pull request of the dataset: none recorded, an
//! empty list), oldest first, each field read from its REST counterpart:
//!
//! | GraphQL (`PullRequestReview`) | recorded REST review |
//! |---|---|
//! | `databaseId` | `id` |
//! | `state` (`APPROVED`, `COMMENTED`...) | `state`, upper-cased (GitHub's enum) |
//! | `submittedAt` | `submitted_at`; a review without one (pending) is left out |
//! | `author` | `user`; `null` without one |
//! | `author.login` | `user.login` |
//! | `author.__typename` | `Bot` when `user.type` is `Bot` (`Organization`, `Mannequin` likewise), else `User` |
//! | `author.url`, `author.avatarUrl` | `user.html_url`, `user.avatar_url` |
//! | `body`, `url`, `authorAssociation`, `commit.oid` | `body`, `html_url`, `author_association`, `commit_id` |
//!
//! What the mock computes rather than reads: the connection's `totalCount`,
//! `pageInfo` and cursors (opaque: base64 of a position), at most 100 nodes
//! a page (`first`/`last`, `after`/`before`); `rateLimit` (`cost`, `limit`,
//! `nodeCount`, `remaining`, `resetAt`, `used`) from its own `graphql`
//! counter, separate from REST's (5000 points, cost per GitHub's documented
//! formula: connections asked for / 100, rounded, at least 1), also in the
//! `X-RateLimit-*` headers with `X-RateLimit-Resource: graphql`; and
//! GitHub's errors, synthetic:
//!
//! - an unknown repository or a number that is not one of its pull
//!   requests: that field `null`, beside the rest of the data, and an entry
//!   `{"type": "NOT_FOUND", "path": [...], "locations": [...], "message":
//!   "Could not resolve to a PullRequest with the number of 9."}` (`... a
//!   Repository with the name 'o/r'.`) in `errors`;
//! - a body that is not JSON, or without a string `query`: 400
//!   `{"message": "Problems parsing JSON", ...}`;
//! - no `Authorization`: 401 (GitHub's GraphQL API wants a token);
//! - a syntax error, a missing `first`/`last` or one over 100, a bad
//!   argument or cursor, and any field or argument the mock does not serve
//!   (named so in the message): 200 with `errors` only, no `data`, nothing
//!   counted;
//! - a spent budget ([`super::Fault::RateLimitExhausted`], or 5000 points
//!   used): 200 with `{"errors": [{"type": "RATE_LIMIT", "code":
//!   "graphql_rate_limit", ...}]}` and `X-RateLimit-Remaining: 0`, as GitHub
//!   answers it (not REST's 403).
//!
//! The query language understood is the part a client asking for reviews
//! needs: one anonymous or named `query` (or the `{ ... }` shorthand), its
//! variable definitions and the request's `variables`, aliases, arguments
//! of every literal kind, comments and commas; no fragments or directives.
//! Other faults apply as on REST; a POST has no `ETag` and never a 304.

use std::collections::HashMap;

use axum::body::Body;
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::{fault_reply, now, Dataset, Fault, Reply, Repository, Shared};

/// Points an hour, as GitHub gives a user.
pub(super) const LIMIT: u32 = 5000;

const DOCS: &str = "https://docs.github.com/graphql";

/// The most nodes a connection gives at once.
const MAX_PAGE: i64 = 100;

/// Whether `path` is the GraphQL endpoint (GitHub.com's or Enterprise's).
pub(super) fn is_graphql(path: &str) -> bool {
    matches!(path, "/graphql" | "/api/graphql")
}

/// The answer to a `POST` to the endpoint: faults first, as on REST.
pub(super) fn answer(
    shared: &Shared,
    path_and_query: &str,
    token: Option<&str>,
    body: &[u8],
) -> (u16, Response) {
    let account = token.unwrap_or_default();
    let fault = shared.take_fault(path_and_query);
    let mut reset = shared.reset;
    let (reply, used) = match &fault {
        None | Some(Fault::DropMidBody { .. } | Fault::Malformed { .. }) => {
            serve(shared, account, token.is_some(), body)
        }
        Some(Fault::RateLimitExhausted { reset_in_secs, .. }) => {
            reset = now() + reset_in_secs;
            (rate_limited(), LIMIT)
        }
        Some(fault) => (
            fault_reply(shared, fault, token.is_some()),
            shared.graphql_used(account),
        ),
    };
    let response =
        rate_headers(reply.status, used, reset).header("content-type", reply.content_type);
    let half = |body: &[u8]| body[..body.len() / 2].to_vec();
    let response = match fault {
        Some(Fault::RetryAfter { seconds, .. }) => response
            .header("retry-after", seconds.to_string())
            .body(Body::from(reply.body)),
        Some(Fault::DropMidBody { .. }) => response
            .header("content-length", reply.body.len().to_string())
            .header("connection", "close")
            .body(Body::from(half(&reply.body))),
        Some(Fault::Malformed { .. }) => response.body(Body::from(half(&reply.body))),
        _ => response.body(Body::from(reply.body)),
    };
    let response = response.expect("a response");
    (response.status().as_u16(), response)
}

/// GitHub's rate headers for the `graphql` resource (points, not requests).
fn rate_headers(status: u16, used: u32, reset: u64) -> axum::http::response::Builder {
    Response::builder()
        .status(status)
        .header("x-ratelimit-limit", LIMIT.to_string())
        .header(
            "x-ratelimit-remaining",
            LIMIT.saturating_sub(used).to_string(),
        )
        .header("x-ratelimit-reset", reset.to_string())
        .header("x-ratelimit-used", used.to_string())
        .header("x-ratelimit-resource", "graphql")
}

/// GitHub's answer to a spent GraphQL budget: 200 with an error.
fn rate_limited() -> Reply {
    Reply::json(&json!({"errors": [{
        "type": "RATE_LIMIT",
        "code": "graphql_rate_limit",
        "message": "API rate limit already exceeded for user ID 1.",
    }]}))
}

fn errors_only(errors: Vec<Value>) -> Reply {
    Reply::json(&json!({ "errors": errors }))
}

/// A request without a fault: the query run against the dataset, and the
/// points used after it.
fn serve(shared: &Shared, account: &str, authenticated: bool, body: &[u8]) -> (Reply, u32) {
    let before = shared.graphql_used(account);
    if !authenticated {
        let reply = Reply::status(
            401,
            &json!({
                "message": "This endpoint requires you to be authenticated.",
                "documentation_url": format!(
                    "{DOCS}/guides/forming-calls-with-graphql#authenticating-with-graphql"
                ),
            }),
        );
        return (reply, before);
    }
    let Some((query, variables)) = read_body(body) else {
        let body = json!({"message": "Problems parsing JSON", "documentation_url": DOCS});
        return (Reply::status(400, &body), before);
    };
    let operation = match Parser::parse(&query) {
        Ok(operation) => operation,
        Err(error) => return (errors_only(vec![error]), before),
    };
    let mut run = Run::new(&shared.dataset, &operation, &variables);
    let mut data = run.query(&operation.selections);
    if !run.invalid.is_empty() {
        return (errors_only(run.invalid), before);
    }
    // GitHub's formula: the requests the connections would need, / 100.
    let cost = ((f64::from(run.connections) / 100.0).round() as u32).max(1);
    let used = {
        let mut state = shared.state();
        let used = state.graphql_used.entry(account.to_owned()).or_default();
        if *used + cost > LIMIT {
            return (rate_limited(), LIMIT);
        }
        *used += cost;
        *used
    };
    let rate = Rate {
        cost,
        used,
        nodes: run.nodes,
        reset: shared.reset,
    };
    for (key, field) in std::mem::take(&mut run.rate_limits) {
        let value = run.rate_limit(&field, std::slice::from_ref(&key), Some(&rate));
        data.insert(key, value);
    }
    let mut answer = json!({ "data": data });
    if !run.errors.is_empty() {
        answer["errors"] = Value::Array(run.errors);
    }
    (Reply::json(&answer), used)
}

/// The `query` and `variables` of a body, or `None` when it is not JSON or
/// has no string `query`.
fn read_body(body: &[u8]) -> Option<(String, Map<String, Value>)> {
    let body: Value = serde_json::from_slice(body).ok()?;
    let query = body.get("query")?.as_str()?.to_owned();
    let variables = match body.get("variables") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(variables)) => variables.clone(),
        // Some clients send them as a JSON text.
        Some(Value::String(text)) if text.trim().is_empty() => Map::new(),
        Some(Value::String(text)) => serde_json::from_str(text).ok()?,
        Some(_) => return None,
    };
    Some((query, variables))
}

// The query language: tokens, then a syntax tree of fields.

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// `{ } ( ) [ ] : = @ $ ! | &`
    Punct(char),
    /// `...`
    Spread,
    Name(String),
    Int(i64),
    Float(f64),
    Str(String),
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Punct(c) => c.to_string(),
            Token::Spread => "...".into(),
            Token::Name(n) => n.clone(),
            Token::Int(i) => i.to_string(),
            Token::Float(f) => f.to_string(),
            Token::Str(s) => format!("{s:?}"),
        }
    }
}

/// A token and where it starts (1-based line and column).
#[derive(Debug, Clone)]
struct Located {
    token: Token,
    line: usize,
    column: usize,
}

fn syntax_error(message: String, line: usize, column: usize) -> Value {
    json!({"message": message, "locations": [{"line": line, "column": column}]})
}

fn tokenize(text: &str) -> Result<Vec<Located>, Value> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line, mut line_start) = (0, 1, 0);
    while i < chars.len() {
        let c = chars[i];
        let column = i - line_start + 1;
        let at = move |token| Located {
            token,
            line,
            column,
        };
        match c {
            '\n' => {
                i += 1;
                line += 1;
                line_start = i;
            }
            ' ' | '\t' | '\r' | ',' | '\u{feff}' => i += 1,
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '{' | '}' | '(' | ')' | '[' | ']' | ':' | '=' | '@' | '$' | '!' | '|' | '&' => {
                tokens.push(at(Token::Punct(c)));
                i += 1;
            }
            '.' if chars[i..].starts_with(&['.', '.', '.']) => {
                tokens.push(at(Token::Spread));
                i += 3;
            }
            '_' | 'a'..='z' | 'A'..='Z' => {
                let start = i;
                while i < chars.len() && (chars[i] == '_' || chars[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                tokens.push(at(Token::Name(chars[start..i].iter().collect())));
            }
            '-' | '0'..='9' => {
                let start = i;
                i += 1;
                let mut float = false;
                while i < chars.len() {
                    match chars[i] {
                        '0'..='9' => {}
                        '.' | 'e' | 'E' => float = true,
                        '+' | '-' if matches!(chars[i - 1], 'e' | 'E') => {}
                        _ => break,
                    }
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let bad = || syntax_error(format!("Invalid number {text}"), line, column);
                let token = match float {
                    true => Token::Float(text.parse().map_err(|_| bad())?),
                    false => Token::Int(text.parse().map_err(|_| bad())?),
                };
                tokens.push(at(token));
            }
            '"' if chars[i..].starts_with(&['"', '"', '"']) => {
                // A block string, kept as written (no indentation removed).
                let (start_line, start_column) = (line, column);
                i += 3;
                let mut value = String::new();
                loop {
                    match chars.get(i..i + 3) {
                        Some(['"', '"', '"']) => break,
                        Some(['\\', '"', '"']) if chars.get(i + 3) == Some(&'"') => {
                            value.push_str("\"\"\"");
                            i += 4;
                        }
                        _ if i < chars.len() => {
                            if chars[i] == '\n' {
                                line += 1;
                                line_start = i + 1;
                            }
                            value.push(chars[i]);
                            i += 1;
                        }
                        _ => {
                            let message = "Unterminated string".to_owned();
                            return Err(syntax_error(message, start_line, start_column));
                        }
                    }
                }
                i += 3;
                tokens.push(Located {
                    token: Token::Str(value),
                    line: start_line,
                    column: start_column,
                });
            }
            '"' => {
                i += 1;
                let mut value = String::new();
                let unterminated = || syntax_error("Unterminated string".into(), line, column);
                loop {
                    match chars.get(i) {
                        None | Some('\n') => return Err(unterminated()),
                        Some('"') => break,
                        Some('\\') => {
                            let escaped = match chars.get(i + 1) {
                                Some('"') => '"',
                                Some('\\') => '\\',
                                Some('/') => '/',
                                Some('b') => '\u{8}',
                                Some('f') => '\u{c}',
                                Some('n') => '\n',
                                Some('r') => '\r',
                                Some('t') => '\t',
                                Some('u') => {
                                    let hex: String = chars
                                        .get(i + 2..i + 6)
                                        .unwrap_or_default()
                                        .iter()
                                        .collect();
                                    let code = u32::from_str_radix(&hex, 16).ok();
                                    i += 4;
                                    code.and_then(char::from_u32).unwrap_or('\u{fffd}')
                                }
                                _ => {
                                    let message = "Bad escape in a string".to_owned();
                                    return Err(syntax_error(message, line, i - line_start + 1));
                                }
                            };
                            value.push(escaped);
                            i += 2;
                        }
                        Some(&c) => {
                            value.push(c);
                            i += 1;
                        }
                    }
                }
                i += 1;
                tokens.push(at(Token::Str(value)));
            }
            _ => {
                let message = format!("Parse error on \"{c}\" at [{line}, {column}]");
                return Err(syntax_error(message, line, column));
            }
        }
    }
    Ok(tokens)
}

/// An argument's value as written.
#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Enum(String),
    List(Vec<Literal>),
    Object(Vec<(String, Literal)>),
    Variable(String),
}

/// A field asked for: `alias: name(arguments) { selections }`.
#[derive(Debug, Clone, PartialEq)]
struct Field {
    alias: Option<String>,
    name: String,
    arguments: Vec<(String, Literal)>,
    /// `None` when it has no `{ ... }`.
    selections: Option<Vec<Field>>,
    line: usize,
    column: usize,
}

impl Field {
    /// Its key in the answer.
    fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }

    fn locations(&self) -> Value {
        json!([{"line": self.line, "column": self.column}])
    }
}

/// The one operation of a document.
#[derive(Debug)]
struct Operation {
    name: Option<String>,
    /// Declared variables and their defaults.
    variables: Vec<(String, Option<Literal>)>,
    selections: Vec<Field>,
}

struct Parser {
    tokens: Vec<Located>,
    at: usize,
}

impl Parser {
    fn parse(text: &str) -> Result<Operation, Value> {
        let mut parser = Parser {
            tokens: tokenize(text)?,
            at: 0,
        };
        let operation = parser.operation()?;
        match parser.tokens.get(parser.at) {
            None => Ok(operation),
            Some(extra) => Err(parser.not_served(extra, "more than one operation")),
        }
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|t| &t.token)
    }

    fn advance(&mut self) -> Result<Located, Value> {
        let token = self.tokens.get(self.at).cloned().ok_or_else(|| {
            let (line, column) = self.tokens.last().map_or((1, 1), |t| (t.line, t.column));
            syntax_error("Unexpected end of document".into(), line, column)
        })?;
        self.at += 1;
        Ok(token)
    }

    fn unexpected(&self, token: &Located) -> Value {
        let message = format!(
            "Parse error on \"{}\" at [{}, {}]",
            token.token.describe(),
            token.line,
            token.column
        );
        syntax_error(message, token.line, token.column)
    }

    fn not_served(&self, token: &Located, what: &str) -> Value {
        let message = format!("The mock forge does not serve {what}");
        syntax_error(message, token.line, token.column)
    }

    fn expect(&mut self, punct: char) -> Result<Located, Value> {
        let token = self.advance()?;
        match token.token == Token::Punct(punct) {
            true => Ok(token),
            false => Err(self.unexpected(&token)),
        }
    }

    fn name(&mut self) -> Result<(String, Located), Value> {
        let token = self.advance()?;
        match &token.token {
            Token::Name(name) => Ok((name.clone(), token)),
            _ => Err(self.unexpected(&token)),
        }
    }

    fn operation(&mut self) -> Result<Operation, Value> {
        let mut operation = Operation {
            name: None,
            variables: Vec::new(),
            selections: Vec::new(),
        };
        if let Some(Token::Name(keyword)) = self.peek().cloned() {
            let (_, token) = self.name()?;
            if keyword != "query" {
                return Err(self.not_served(&token, &format!("`{keyword}` operations")));
            }
            if let Some(Token::Name(_)) = self.peek() {
                operation.name = Some(self.name()?.0);
            }
            if self.peek() == Some(&Token::Punct('(')) {
                operation.variables = self.variable_definitions()?;
            }
        }
        if let Some(Token::Punct('@')) = self.peek() {
            let token = self.advance()?;
            return Err(self.not_served(&token, "directives"));
        }
        operation.selections = self.selection_set()?;
        Ok(operation)
    }

    fn variable_definitions(&mut self) -> Result<Vec<(String, Option<Literal>)>, Value> {
        self.expect('(')?;
        let mut definitions = Vec::new();
        while self.peek() != Some(&Token::Punct(')')) {
            self.expect('$')?;
            let (name, _) = self.name()?;
            self.expect(':')?;
            self.skip_type()?;
            let default = match self.peek() {
                Some(Token::Punct('=')) => {
                    self.advance()?;
                    Some(self.value(true)?)
                }
                _ => None,
            };
            definitions.push((name, default));
        }
        self.expect(')')?;
        Ok(definitions)
    }

    /// `Int`, `String!`, `[Int!]!`...: not checked, variables are checked
    /// where they are used.
    fn skip_type(&mut self) -> Result<(), Value> {
        match self.peek() {
            Some(Token::Punct('[')) => {
                self.advance()?;
                self.skip_type()?;
                self.expect(']')?;
            }
            _ => {
                self.name()?;
            }
        }
        if self.peek() == Some(&Token::Punct('!')) {
            self.advance()?;
        }
        Ok(())
    }

    fn selection_set(&mut self) -> Result<Vec<Field>, Value> {
        self.expect('{')?;
        let mut fields = Vec::new();
        loop {
            match self.peek() {
                Some(Token::Punct('}')) => break,
                Some(Token::Spread) => {
                    let token = self.advance()?;
                    return Err(self.not_served(&token, "fragments"));
                }
                _ => fields.push(self.field()?),
            }
        }
        let close = self.advance()?;
        if fields.is_empty() {
            return Err(self.unexpected(&close));
        }
        Ok(fields)
    }

    fn field(&mut self) -> Result<Field, Value> {
        let (first, token) = self.name()?;
        let (alias, name) = match self.peek() {
            Some(Token::Punct(':')) => {
                self.advance()?;
                (Some(first), self.name()?.0)
            }
            _ => (None, first),
        };
        let mut arguments = Vec::new();
        if self.peek() == Some(&Token::Punct('(')) {
            self.advance()?;
            while self.peek() != Some(&Token::Punct(')')) {
                let (argument, _) = self.name()?;
                self.expect(':')?;
                arguments.push((argument, self.value(false)?));
            }
            self.expect(')')?;
        }
        if let Some(Token::Punct('@')) = self.peek() {
            let token = self.advance()?;
            return Err(self.not_served(&token, "directives"));
        }
        let selections = match self.peek() {
            Some(Token::Punct('{')) => Some(self.selection_set()?),
            _ => None,
        };
        Ok(Field {
            alias,
            name,
            arguments,
            selections,
            line: token.line,
            column: token.column,
        })
    }

    fn value(&mut self, constant: bool) -> Result<Literal, Value> {
        let token = self.advance()?;
        Ok(match &token.token {
            Token::Punct('$') if !constant => Literal::Variable(self.name()?.0),
            Token::Int(i) => Literal::Int(*i),
            Token::Float(f) => Literal::Float(*f),
            Token::Str(s) => Literal::Str(s.clone()),
            Token::Name(n) => match n.as_str() {
                "null" => Literal::Null,
                "true" => Literal::Bool(true),
                "false" => Literal::Bool(false),
                _ => Literal::Enum(n.clone()),
            },
            Token::Punct('[') => {
                let mut items = Vec::new();
                while self.peek() != Some(&Token::Punct(']')) {
                    items.push(self.value(constant)?);
                }
                self.advance()?;
                Literal::List(items)
            }
            Token::Punct('{') => {
                let mut fields = Vec::new();
                while self.peek() != Some(&Token::Punct('}')) {
                    let (name, _) = self.name()?;
                    self.expect(':')?;
                    fields.push((name, self.value(constant)?));
                }
                self.advance()?;
                Literal::Object(fields)
            }
            _ => return Err(self.unexpected(&token)),
        })
    }
}

// Running a query against the dataset.

/// An argument's type, as far as the mock checks it.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// GraphQL's `Int`: 32 bits.
    Int,
    String,
}

/// An argument a field accepts: name, type, required.
type Accepted = (&'static str, Kind, bool);

/// The budget after a query, for `rateLimit`.
struct Rate {
    cost: u32,
    used: u32,
    nodes: u64,
    reset: u64,
}

/// A connection's page: positions `start..end` of all its `items`.
struct Page<'a> {
    items: Vec<&'a Value>,
    start: usize,
    end: usize,
}

impl Page<'_> {
    fn cursor(&self, position: usize) -> Value {
        json!(encode_cursor(position))
    }
}

/// The cursor of a position, opaque as GitHub's (base64 of
/// `cursor:v2:{position}`).
fn encode_cursor(position: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("cursor:v2:{position}").into_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            match i <= chunk.len() {
                true => out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char),
                false => out.push('='),
            }
        }
    }
    out
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let mut bits = Vec::new();
    for c in cursor.trim_end_matches('=').bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits.push(value);
    }
    let mut bytes = Vec::new();
    for chunk in bits.chunks(4) {
        let n =
            (chunk.iter().enumerate()).fold(0u32, |n, (i, v)| n | (u32::from(*v) << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            bytes.push(((n >> (16 - 8 * i)) & 0xff) as u8);
        }
    }
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("cursor:v2:")?
        .parse()
        .ok()
}

/// A query being run: the data and the errors it makes.
struct Run<'a> {
    dataset: &'a Dataset,
    /// The operation's name (`anonymous query` without), for messages.
    operation: String,
    /// Declared variables: the request's value, else the default, else null.
    variables: HashMap<String, Value>,
    /// Errors that stop the query: GitHub answers them without data.
    invalid: Vec<Value>,
    /// Errors beside the data (`NOT_FOUND`).
    errors: Vec<Value>,
    /// Connections asked for, found or not (the cost).
    connections: u32,
    /// Nodes they may give at most (`rateLimit.nodeCount`).
    nodes: u64,
    /// The `rateLimit` fields, answered once the cost is known.
    rate_limits: Vec<(String, Field)>,
}

impl<'a> Run<'a> {
    fn new(dataset: &'a Dataset, operation: &Operation, given: &Map<String, Value>) -> Run<'a> {
        let mut run = Run {
            dataset,
            operation: operation
                .name
                .as_ref()
                .map_or("anonymous query".into(), |n| format!("query '{n}'")),
            variables: HashMap::new(),
            invalid: Vec::new(),
            errors: Vec::new(),
            connections: 0,
            nodes: 0,
            rate_limits: Vec::new(),
        };
        for (name, default) in &operation.variables {
            let value = match (given.get(name), default) {
                (Some(value), _) => value.clone(),
                (None, Some(default)) => run.literal(default, &[]).unwrap_or(Value::Null),
                (None, None) => Value::Null,
            };
            run.variables.insert(name.clone(), value);
        }
        run
    }

    fn reject(&mut self, field: &Field, path: &[String], message: String, extra: Value) {
        let mut path: Vec<&str> = path.iter().map(String::as_str).collect();
        path.insert(0, "query");
        let mut error = json!({
            "path": path,
            "locations": field.locations(),
            "message": message,
        });
        if let Value::Object(extra) = extra {
            error.as_object_mut().expect("an object").extend(extra);
        }
        self.invalid.push(error);
    }

    /// A field the mock does not serve (GitHub may have it: the message
    /// says it is the mock's).
    fn not_served(&mut self, field: &Field, path: &[String], type_name: &str, served: &[&str]) {
        let message = format!(
            "Field '{}' on type '{type_name}' is not served by the mock forge (it serves: {})",
            field.name,
            served.join(", ")
        );
        self.reject(field, path, message, json!({}));
    }

    fn not_found(&mut self, field: &Field, path: &[String], message: String) {
        self.errors.push(json!({
            "type": "NOT_FOUND",
            "path": path,
            "locations": field.locations(),
            "message": message,
        }));
    }

    /// An argument's value with variables replaced; `None` (and an error)
    /// for an undeclared variable.
    fn literal(&mut self, literal: &Literal, undeclared: &[(&Field, &[String])]) -> Option<Value> {
        Some(match literal {
            Literal::Null => Value::Null,
            Literal::Bool(b) => json!(b),
            Literal::Int(i) => json!(i),
            Literal::Float(f) => json!(f),
            Literal::Str(s) | Literal::Enum(s) => json!(s),
            Literal::List(items) => Value::Array(
                (items.iter())
                    .map(|i| self.literal(i, undeclared))
                    .collect::<Option<_>>()?,
            ),
            Literal::Object(fields) => Value::Object(
                (fields.iter())
                    .map(|(k, v)| Some((k.clone(), self.literal(v, undeclared)?)))
                    .collect::<Option<_>>()?,
            ),
            Literal::Variable(name) => match self.variables.get(name) {
                Some(value) => value.clone(),
                None => {
                    if let Some((field, path)) = undeclared.first() {
                        let message = format!(
                            "Variable ${name} is used by {} but not declared",
                            self.operation
                        );
                        self.reject(field, path, message, json!({}));
                    }
                    return None;
                }
            },
        })
    }

    /// The arguments of `field`, checked against `accepted`; `None` when
    /// one is wrong (an error is recorded).
    fn arguments(
        &mut self,
        field: &Field,
        path: &[String],
        accepted: &[Accepted],
    ) -> Option<HashMap<&'static str, Value>> {
        let mut values = HashMap::new();
        let mut valid = true;
        for (name, literal) in &field.arguments {
            let Some((accepted_name, kind, required)) =
                accepted.iter().copied().find(|(a, _, _)| a == name)
            else {
                let served: Vec<&str> = accepted.iter().map(|(a, _, _)| *a).collect();
                let message = format!(
                    "Argument '{name}' on field '{}' is not served by the mock forge (it serves: {})",
                    field.name,
                    served.join(", ")
                );
                self.reject(field, path, message, json!({}));
                valid = false;
                continue;
            };
            let Some(value) = self.literal(literal, &[(field, path)]) else {
                valid = false;
                continue;
            };
            let fits = match (kind, &value) {
                (_, Value::Null) => !required,
                (Kind::Int, Value::Number(n)) => {
                    n.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
                }
                // A string literal, not an enum value; a variable's string.
                (Kind::String, Value::String(_)) => !matches!(literal, Literal::Enum(_)),
                _ => false,
            };
            if !fits {
                let expected = match kind {
                    Kind::Int => "Int",
                    Kind::String => "String",
                };
                let bang = if required { "!" } else { "" };
                let message = format!(
                    "Argument '{name}' on Field '{}' has an invalid value ({}). Expected type \
                     '{expected}{bang}'.",
                    field.name,
                    literal_text(literal, &value)
                );
                self.reject(field, path, message, json!({}));
                valid = false;
                continue;
            }
            values.insert(accepted_name, value);
        }
        let missing: Vec<&str> = (accepted.iter())
            .filter(|(a, _, required)| *required && !field.arguments.iter().any(|(n, _)| n == a))
            .map(|(a, _, _)| *a)
            .collect();
        if !missing.is_empty() {
            let message = format!(
                "Field '{}' is missing required arguments: {}",
                field.name,
                missing.join(", ")
            );
            self.reject(field, path, message, json!({}));
            valid = false;
        }
        valid.then_some(values)
    }

    /// The selections of an object field; `None` (and an error) without.
    fn selections<'f>(
        &mut self,
        field: &'f Field,
        path: &[String],
        type_name: &str,
    ) -> Option<&'f [Field]> {
        if field.selections.is_none() {
            let message = format!(
                "Field must have selections (field '{}' returns {type_name} but has no \
                 selections. Did you mean '{} {{ ... }}'?)",
                field.name, field.name
            );
            self.reject(field, path, message, json!({}));
        }
        field.selections.as_deref()
    }

    /// A leaf field's value, after checking it has no arguments or
    /// selections.
    fn scalar(&mut self, field: &Field, path: &[String], type_name: &str, value: Value) -> Value {
        self.arguments(field, path, &[]);
        if field.selections.is_some() {
            let message = format!(
                "Selections can't be made on scalars (field '{}' returns {type_name} but has \
                 selections)",
                field.name
            );
            self.reject(field, path, message, json!({}));
        }
        value
    }

    /// An object: each selection answered by `answer` under its key, or
    /// `__typename`. Two selections under one key must be the same field.
    fn object(
        &mut self,
        field: &Field,
        path: &[String],
        type_name: &str,
        served: &[&str],
        mut answer: impl FnMut(&mut Self, &Field, &[String]) -> Value,
    ) -> Map<String, Value> {
        let mut map = Map::new();
        let Some(selections) = self.selections(field, path, type_name) else {
            return map;
        };
        let mut seen: HashMap<&str, &Field> = HashMap::new();
        for sub in selections {
            let mut sub_path = path.to_vec();
            sub_path.push(sub.key().to_owned());
            if let Some(other) = seen.insert(sub.key(), sub) {
                if (&other.name, &other.arguments) != (&sub.name, &sub.arguments) {
                    let message = format!(
                        "Field '{}' has a field conflict: {} or {}?",
                        sub.key(),
                        other.name,
                        sub.name
                    );
                    self.reject(sub, &sub_path, message, json!({}));
                }
            }
            let value = match sub.name.as_str() {
                "__typename" => self.scalar(sub, &sub_path, "String", json!(type_name)),
                name if served.contains(&name) => answer(self, sub, &sub_path),
                _ => {
                    self.not_served(sub, &sub_path, type_name, served);
                    Value::Null
                }
            };
            map.insert(sub.key().to_owned(), value);
        }
        map
    }

    /// `query { ... }`: the data.
    fn query(&mut self, selections: &[Field]) -> Map<String, Value> {
        let root = Field {
            alias: None,
            name: "query".into(),
            arguments: Vec::new(),
            selections: Some(selections.to_vec()),
            line: 1,
            column: 1,
        };
        self.object(
            &root,
            &[],
            "Query",
            &["rateLimit", "repository"],
            |run, field, path| match field.name.as_str() {
                "rateLimit" => {
                    run.rate_limit(field, path, None);
                    run.rate_limits
                        .push((field.key().to_owned(), field.clone()));
                    Value::Null
                }
                _ => run.repository(field, path),
            },
        )
    }

    /// `rateLimit { ... }`; only checked without `rate`.
    fn rate_limit(&mut self, field: &Field, path: &[String], rate: Option<&Rate>) -> Value {
        self.arguments(field, path, &[]);
        let served = ["cost", "limit", "nodeCount", "remaining", "resetAt", "used"];
        let map = self.object(field, path, "RateLimit", &served, |run, sub, path| {
            let Some(rate) = rate else {
                return run.scalar(sub, path, "Int", Value::Null);
            };
            let reset = chrono::DateTime::from_timestamp(i64::try_from(rate.reset).unwrap_or(0), 0)
                .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            let value = match sub.name.as_str() {
                "cost" => json!(rate.cost),
                "limit" => json!(LIMIT),
                "nodeCount" => json!(rate.nodes),
                "remaining" => json!(LIMIT.saturating_sub(rate.used)),
                "resetAt" => json!(reset),
                _ => json!(rate.used),
            };
            run.scalar(sub, path, "Int", value)
        });
        Value::Object(map)
    }

    /// `repository(owner:, name:) { ... }`: null (and `NOT_FOUND`) when the
    /// dataset has no such repository.
    fn repository(&mut self, field: &Field, path: &[String]) -> Value {
        let accepted = [("owner", Kind::String, true), ("name", Kind::String, true)];
        let found = match self.arguments(field, path, &accepted) {
            Some(arguments) => {
                let (owner, name) = (arguments["owner"].as_str(), arguments["name"].as_str());
                let full_name = format!("{}/{}", owner.unwrap_or(""), name.unwrap_or(""));
                let found = self.dataset.repository(&full_name);
                if found.is_none() {
                    let message =
                        format!("Could not resolve to a Repository with the name '{full_name}'.");
                    self.not_found(field, path, message);
                }
                found
            }
            None => None,
        };
        let map = self.object(
            field,
            path,
            "Repository",
            &["pullRequest"],
            |run, sub, path| run.pull_request(sub, path, found),
        );
        found.map_or(Value::Null, |_| Value::Object(map))
    }

    /// `pullRequest(number:) { ... }`: null (and `NOT_FOUND`) when the
    /// number is not one of the repository's pull requests in the dataset.
    fn pull_request(&mut self, field: &Field, path: &[String], repo: Option<&Repository>) -> Value {
        let arguments = self.arguments(field, path, &[("number", Kind::Int, true)]);
        let number = arguments.and_then(|a| a["number"].as_i64());
        let found = match (repo, number) {
            (Some(repo), Some(n)) => match u64::try_from(n).ok().filter(|n| repo.has_pull(*n)) {
                Some(n) => Some((repo, n)),
                None => {
                    let message =
                        format!("Could not resolve to a PullRequest with the number of {n}.");
                    self.not_found(field, path, message);
                    None
                }
            },
            _ => None,
        };
        let map = self.object(
            field,
            path,
            "PullRequest",
            &["number", "reviews"],
            |run, sub, path| match sub.name.as_str() {
                "number" => run.scalar(sub, path, "Int", json!(found.map(|(_, n)| n))),
                _ => run.reviews(sub, path, found),
            },
        );
        found.map_or(Value::Null, |_| Value::Object(map))
    }

    /// `reviews(first:, after:, last:, before:) { ... }`: the recorded REST
    /// reviews that were submitted, oldest first.
    fn reviews(&mut self, field: &Field, path: &[String], pr: Option<(&Repository, u64)>) -> Value {
        self.connections += 1;
        let accepted = [
            ("first", Kind::Int, false),
            ("after", Kind::String, false),
            ("last", Kind::Int, false),
            ("before", Kind::String, false),
        ];
        let bounds = self
            .arguments(field, path, &accepted)
            .and_then(|arguments| self.bounds(field, path, &arguments));
        let page = match (pr, &bounds) {
            (Some((repo, number)), Some(bounds)) => {
                let reviews: Vec<&Value> = (repo.children(&repo.reviews, number))
                    .filter(|r| r["submitted_at"].is_string())
                    .collect();
                Some(bounds.page(reviews))
            }
            _ => None,
        };
        let served = ["totalCount", "pageInfo", "nodes", "edges"];
        let page = page.as_ref();
        let map = self.object(
            field,
            path,
            "PullRequestReviewConnection",
            &served,
            |run, sub, path| match sub.name.as_str() {
                "totalCount" => run.scalar(sub, path, "Int", json!(page.map(|p| p.items.len()))),
                "pageInfo" => run.page_info(sub, path, page),
                "nodes" => run.list(sub, path, page, |run, sub, path, at| {
                    run.review(sub, path, at.map(|(page, i)| page.items[i]))
                }),
                _ => {
                    run.list(sub, path, page, |run, sub, path, at| {
                        run.arguments(sub, path, &[]);
                        let served = ["cursor", "node"];
                        let map =
                            run.object(sub, path, "PullRequestReviewEdge", &served, |run, f, p| {
                                match f.name.as_str() {
                                    "cursor" => {
                                        let cursor = at.map(|(page, i)| page.cursor(i));
                                        run.scalar(f, p, "String", cursor.unwrap_or_default())
                                    }
                                    _ => run.review(f, p, at.map(|(page, i)| page.items[i])),
                                }
                            });
                        Value::Object(map)
                    })
                }
            },
        );
        page.map_or(Value::Null, |_| Value::Object(map))
    }

    /// The paging arguments: at least one of `first`, `last`, each 0 to 100,
    /// and cursors this mock gave.
    fn bounds(
        &mut self,
        field: &Field,
        path: &[String],
        arguments: &HashMap<&'static str, Value>,
    ) -> Option<Bounds> {
        let int = |name: &str| arguments.get(name).and_then(Value::as_i64);
        let (first, last) = (int("first"), int("last"));
        self.nodes += u64::try_from(first.or(last).unwrap_or(0)).unwrap_or(0);
        let connection = &field.name;
        let error = |run: &mut Self, kind: Option<&str>, message: String| {
            run.paging_error(field, path, kind, message);
            None
        };
        if first.is_none() && last.is_none() {
            let message = format!(
                "You must provide a `first` or `last` value to properly paginate the \
                 `{connection}` connection."
            );
            return error(self, Some("MISSING_PAGINATION_BOUNDARIES"), message);
        }
        for (name, value) in [("first", first), ("last", last)] {
            match value {
                Some(n) if n > MAX_PAGE => {
                    let message = format!(
                        "Requesting {n} records on the `{connection}` connection exceeds the \
                         `{name}` limit of {MAX_PAGE} records."
                    );
                    return error(self, Some("EXCESSIVE_PAGINATION"), message);
                }
                Some(n) if n < 0 => {
                    let message = format!(
                        "`{name}` on the `{connection}` connection cannot be less than zero."
                    );
                    return error(self, None, message);
                }
                _ => {}
            }
        }
        let cursor = |name: &str| match arguments.get(name).and_then(Value::as_str) {
            None => Ok(None),
            Some(text) => decode_cursor(text).map(Some).ok_or_else(|| text.to_owned()),
        };
        let (after, before) = match (cursor("after"), cursor("before")) {
            (Ok(after), Ok(before)) => (after, before),
            (Err(text), _) | (_, Err(text)) => {
                let message = format!("`{text}` does not appear to be a valid cursor.");
                return error(self, None, message);
            }
        };
        Some(Bounds {
            first: first.map(|n| n as usize),
            last: last.map(|n| n as usize),
            after,
            before,
        })
    }

    /// A paging argument refused: GitHub answers it without data, its
    /// `path` without the `query` root.
    fn paging_error(
        &mut self,
        field: &Field,
        path: &[String],
        kind: Option<&str>,
        message: String,
    ) {
        let mut error = json!({
            "path": path,
            "locations": field.locations(),
            "message": message,
        });
        if let Some(kind) = kind {
            error["type"] = json!(kind);
        }
        self.invalid.push(error);
    }

    /// A list of objects: checked once, then answered for each item of
    /// `page` (null without a page).
    fn list<'p, 'v>(
        &mut self,
        field: &Field,
        path: &[String],
        page: Option<&'p Page<'v>>,
        mut item: impl FnMut(&mut Self, &Field, &[String], Option<(&'p Page<'v>, usize)>) -> Value,
    ) -> Value {
        let invalid = self.invalid.len();
        item(self, field, path, None);
        match page {
            Some(page) if self.invalid.len() == invalid => Value::Array(
                (page.start..page.end)
                    .map(|i| item(self, field, path, Some((page, i))))
                    .collect(),
            ),
            _ => Value::Null,
        }
    }

    fn page_info(&mut self, field: &Field, path: &[String], page: Option<&Page>) -> Value {
        self.arguments(field, path, &[]);
        let served = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor"];
        let map = self.object(field, path, "PageInfo", &served, |run, sub, path| {
            let type_name = match sub.name.starts_with("has") {
                true => "Boolean",
                false => "String",
            };
            let Some(page) = page else {
                return run.scalar(sub, path, type_name, Value::Null);
            };
            let shown = page.start < page.end;
            let value = match sub.name.as_str() {
                "hasNextPage" => json!(page.end < page.items.len()),
                "hasPreviousPage" => json!(page.start > 0),
                "startCursor" if shown => page.cursor(page.start),
                "endCursor" if shown => page.cursor(page.end - 1),
                _ => Value::Null,
            };
            run.scalar(sub, path, type_name, value)
        });
        Value::Object(map)
    }

    /// A review, read from its REST recording (see the module's table).
    fn review(&mut self, field: &Field, path: &[String], review: Option<&Value>) -> Value {
        self.arguments(field, path, &[]);
        let r = review.unwrap_or(&Value::Null);
        let served = [
            "databaseId",
            "state",
            "submittedAt",
            "author",
            "body",
            "url",
            "authorAssociation",
            "commit",
        ];
        let upper = |v: &Value| v.as_str().map_or(Value::Null, |s| json!(s.to_uppercase()));
        let map = self.object(
            field,
            path,
            "PullRequestReview",
            &served,
            |run, sub, path| match sub.name.as_str() {
                "databaseId" => run.scalar(sub, path, "Int", r["id"].clone()),
                "state" => run.scalar(sub, path, "PullRequestReviewState", upper(&r["state"])),
                "submittedAt" => run.scalar(sub, path, "DateTime", r["submitted_at"].clone()),
                "body" => run.scalar(sub, path, "String", r["body"].clone()),
                "url" => run.scalar(sub, path, "URI", r["html_url"].clone()),
                "authorAssociation" => run.scalar(
                    sub,
                    path,
                    "CommentAuthorAssociation",
                    upper(&r["author_association"]),
                ),
                "author" => run.author(sub, path, &r["user"]),
                _ => {
                    let served = ["oid"];
                    let oid = &r["commit_id"];
                    let map = run.object(sub, path, "Commit", &served, |run, f, p| {
                        run.scalar(f, p, "GitObjectID", oid.clone())
                    });
                    run.arguments(sub, path, &[]);
                    match oid.is_string() {
                        true => Value::Object(map),
                        false => Value::Null,
                    }
                }
            },
        );
        match review {
            Some(_) => Value::Object(map),
            None => Value::Null,
        }
    }

    /// `author { login __typename ... }` from a REST `user` (null without).
    fn author(&mut self, field: &Field, path: &[String], user: &Value) -> Value {
        self.arguments(field, path, &[]);
        let type_name = (user["type"].as_str())
            .filter(|kind| ["Bot", "Organization", "Mannequin"].contains(kind))
            .unwrap_or("User");
        let served = ["login", "url", "avatarUrl"];
        let map = self.object(field, path, type_name, &served, |run, sub, path| {
            let value = match sub.name.as_str() {
                "login" => &user["login"],
                "url" => &user["html_url"],
                _ => &user["avatar_url"],
            };
            run.scalar(sub, path, "String", value.clone())
        });
        match user.is_object() {
            true => Value::Object(map),
            false => Value::Null,
        }
    }
}

/// Valid paging arguments.
struct Bounds {
    first: Option<usize>,
    last: Option<usize>,
    after: Option<usize>,
    before: Option<usize>,
}

impl Bounds {
    /// The page of `items` (positions `after + 1 .. before`, then the first
    /// `first`, then the last `last` of those).
    fn page<'v>(&self, items: Vec<&'v Value>) -> Page<'v> {
        let total = items.len();
        let mut start = self.after.map_or(0, |a| a.saturating_add(1)).min(total);
        let mut end = self.before.map_or(total, |b| b.min(total)).max(start);
        if let Some(first) = self.first {
            end = end.min(start + first);
        }
        if let Some(last) = self.last {
            start = start.max(end.saturating_sub(last));
        }
        Page { items, start, end }
    }
}

fn literal_text(literal: &Literal, value: &Value) -> String {
    match literal {
        Literal::Enum(name) => name.clone(),
        _ => value.to_string(),
    }
}
