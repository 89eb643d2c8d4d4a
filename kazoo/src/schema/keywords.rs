//! Checks of single JSON-schema keywords on one value, and how an error
//! is recorded (Kazoo's rule names and message texts, API.md §3).

use serde_json::{json, Map, Value};

use crate::types::ValidationErrors;

pub(super) fn check_string(
    s: &Map<String, Value>,
    text: &str,
    value: &Value,
    path: &[String],
    errors: &mut ValidationErrors,
) {
    let len = text.chars().count() as u64;
    if let Some(min) = s.get("minLength").and_then(Value::as_u64) {
        if len < min {
            let message = format!("String must be at least {min} characters");
            add(
                errors,
                path,
                "minLength",
                json!({"message": message, "target": min, "cause": value, "value": value}),
            );
        }
    }
    if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
        if len > max {
            let message = format!("String must not be more than {max} characters");
            add(
                errors,
                path,
                "maxLength",
                json!({"message": message, "target": max, "cause": value, "value": value}),
            );
        }
    }
    if let Some(pattern) = s.get("pattern").and_then(Value::as_str) {
        let matched = regex::Regex::new(pattern)
            .map(|re| re.is_match(text))
            .unwrap_or(true);
        if !matched {
            let message = format!("Failed to match pattern '{pattern}'");
            add(
                errors,
                path,
                "pattern",
                json!({"message": message, "target": pattern, "value": value}),
            );
        }
    }
}

pub(super) fn check_number(
    s: &Map<String, Value>,
    n: f64,
    value: &Value,
    path: &[String],
    errors: &mut ValidationErrors,
) {
    if let Some(min) = s
        .get("minimum")
        .filter(|m| m.as_f64().is_some_and(|m| n < m))
    {
        let message = format!("Value must be at least {min}");
        add(
            errors,
            path,
            "minimum",
            json!({"message": message, "target": min, "value": value}),
        );
    }
    if let Some(max) = s
        .get("maximum")
        .filter(|m| m.as_f64().is_some_and(|m| n > m))
    {
        let message = format!("Value must be at most {max}");
        add(
            errors,
            path,
            "maximum",
            json!({"message": message, "target": max, "value": value}),
        );
    }
}

pub(super) fn type_matches(expected: &Value, value: &Value) -> bool {
    match expected {
        Value::String(t) => one_type(t, value),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .any(|t| one_type(t, value)),
        _ => true,
    }
}

fn one_type(t: &str, value: &Value) -> bool {
    match t {
        "string" => value.is_string(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        _ => true,
    }
}

pub(super) fn type_names(expected: &Value) -> String {
    match expected {
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Value::String(t) => t.clone(),
        other => other.to_string(),
    }
}

/// Records one error; like Kazoo, a second error with the same path and
/// rule keeps only the first.
pub(super) fn add(errors: &mut ValidationErrors, path: &[String], rule: &str, detail: Value) {
    errors
        .entry(path.join("."))
        .or_default()
        .entry(rule.to_owned())
        .or_insert(detail);
}
