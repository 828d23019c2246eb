//! Reading fields of the forges' JSON answers, with errors that say which
//! field is wrong.

use chrono::NaiveDateTime;
use serde_json::Value;

use super::Account;

/// A string field, if present.
pub(crate) fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A time field (RFC 3339, any offset, stored in UTC), if present.
pub(crate) fn time(value: &Value, key: &str) -> Result<Option<NaiveDateTime>, String> {
    match value.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.naive_utc()))
            .map_err(|e| format!("`{key}` is not a time ({s}): {e}")),
        Some(other) => Err(format!("`{key}` is not a time: {other}")),
    }
}

/// A time field that must be present.
pub(crate) fn required_time(value: &Value, key: &str) -> Result<NaiveDateTime, String> {
    time(value, key)?.ok_or_else(|| format!("`{key}` is missing"))
}

/// An integer field that must be present.
pub(crate) fn number(value: &Value, key: &str) -> Result<i64, String> {
    value
        .get(key)
        .and_then(Value::as_i64)
        .ok_or_else(|| format!("`{key}` is missing or not a number"))
}

/// The accounts an issue or pull (merge) request is assigned to, each read
/// by the forge's `account`: its `assignees`, or, in answers from before
/// the forges allowed several, its one `assignee`. Each login once, in the
/// forge's order.
pub(crate) fn assignees(
    value: &Value,
    account: impl Fn(Option<&Value>) -> Option<Account>,
) -> Vec<Account> {
    let listed: Vec<&Value> = match value.get("assignees").and_then(Value::as_array) {
        Some(all) => all.iter().collect(),
        None => value.get("assignee").into_iter().collect(),
    };
    let mut out: Vec<Account> = Vec::with_capacity(listed.len());
    for one in listed.into_iter().filter_map(|v| account(Some(v))) {
        if !out.iter().any(|a| a.login == one.login) {
            out.push(one);
        }
    }
    out
}

/// A count the forge gives with an item, if present.
pub(crate) fn count(value: &Value, key: &str) -> Option<i64> {
    value.get(key).and_then(Value::as_i64)
}
