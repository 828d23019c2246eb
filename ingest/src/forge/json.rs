//! Reading fields of the forges' JSON answers, with errors that say which
//! field is wrong.

use chrono::NaiveDateTime;
use serde_json::Value;

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
