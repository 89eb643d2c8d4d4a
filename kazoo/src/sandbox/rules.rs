//! Crossbar's callflow rules that are not plain schema checks (API.md
//! §5.2): number normalisation, "a number or a pattern", uniqueness,
//! Kazoo's voice_url check, and the built-in rules used when Kazoo's
//! schema files are not at hand.

use serde_json::{json, Map, Value};

use super::{account::Account, world::ApiError};
use crate::{flow::children, numbers, rules, ValidationErrors};

/// Modules the built-in rules accept (those we have schemas for).
const KNOWN_MODULES: &[&str] = &[
    "callflow",
    "device",
    "hangup",
    "menu",
    "notification",
    "offnet",
    "pivot",
    "play",
    "record_caller",
    "resources",
    "response",
    "ring_group",
    "set_cid",
    "temporal_route",
    "transfer",
    "tts",
    "user",
    "voicemail",
    "webhook",
];

/// One error at one path.
pub fn single(path: &str, rule: &str, detail: Value) -> ValidationErrors {
    [(path.to_owned(), [(rule.to_owned(), detail)].into())].into()
}

/// Steps 1–2 of the pipeline: `numbers`/`patterns` must be lists, at least
/// one must be non-empty, and numbers are normalised.
pub fn normalize_numbers(doc: &mut Map<String, Value>) -> Result<(), ApiError> {
    for key in ["numbers", "patterns"] {
        if let Some(value) = doc.get(key).filter(|v| !v.is_array()) {
            let detail = json!({"message": "Value did not match type: array", "target": "array", "value": value});
            return Err(ApiError::validation(single(key, "type", detail)));
        }
    }
    let has = |key: &str| {
        doc.get(key)
            .and_then(Value::as_array)
            .is_some_and(|l| !l.is_empty())
    };
    if !has("numbers") && !has("patterns") {
        let detail =
            json!({"message": "Callflows must be assigned at least one number or pattern"});
        return Err(ApiError::validation(single("numbers", "required", detail)));
    }
    if let Some(list) = doc.get_mut("numbers").and_then(Value::as_array_mut) {
        for entry in list.iter_mut() {
            if let Some(n) = entry.as_str() {
                *entry = Value::String(numbers::normalize(n));
            }
        }
    }
    Ok(())
}

/// Step 5: no number or pattern may already be used by another live
/// callflow of the account.
pub fn check_unique(account: &Account, id: &str, doc: &Value) -> Result<(), ApiError> {
    let list = |key: &str| -> Vec<String> {
        doc.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    let (numbers, patterns) = (list("numbers"), list("patterns"));
    let mut errors = ValidationErrors::new();
    for (other_id, other) in account
        .callflows
        .iter()
        .filter(|(oid, c)| !c.deleted && oid.as_str() != id)
    {
        let name = other
            .doc
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(other_id);
        if let Some(n) = other
            .number_list()
            .into_iter()
            .find(|n| numbers.contains(n))
        {
            let message = format!("Number {n} exists in callflow {other_id} {name}");
            errors
                .entry("numbers".into())
                .or_default()
                .entry("unique".into())
                .or_insert(json!({"message": message, "cause": n}));
        }
        if let Some(p) = other
            .pattern_list()
            .into_iter()
            .find(|p| patterns.contains(p))
        {
            let message = format!("Pattern {p} exists in callflow {other_id} {name}");
            errors
                .entry("patterns".into())
                .or_default()
                .entry("unique".into())
                .or_insert(json!({"message": message, "cause": p}));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Kazoo's extra voice_url validation: an http(s) URL whose host is not
/// on the blocked list (`localhost`, `127.0.0.1`, `0.0.0.0` in Kazoo).
pub fn check_voice_urls(
    node: Option<&Value>,
    path: &str,
    blocked_hosts: &[String],
    errors: &mut ValidationErrors,
) {
    let Some(node) = node else { return };
    if node.get("module").and_then(Value::as_str) == Some("pivot") {
        if let Some(url) = node.pointer("/data/voice_url").and_then(Value::as_str) {
            if rules::is_refused_voice_url(url, blocked_hosts) {
                let detail = json!({"message": "invalid client URL", "value": url});
                errors
                    .entry(format!("{path}.data.voice_url"))
                    .or_default()
                    .entry("error".into())
                    .or_insert(detail);
            }
        }
    }
    for (key, child) in children(node) {
        check_voice_urls(
            Some(child),
            &format!("{path}.children.{key}"),
            blocked_hosts,
            errors,
        );
    }
}

/// `api_auth` body rules: exactly `{"api_key": <64 chars>}`.
pub fn api_auth_errors(data: &Value) -> Option<ValidationErrors> {
    let mut errors = ValidationErrors::new();
    match data.get("api_key") {
        None => errors.extend(single(
            "api_key",
            "required",
            json!({"message": "Field is required but missing", "value": "api_key"}),
        )),
        Some(Value::String(k)) if k.chars().count() != 64 => {
            let rule = if k.chars().count() < 64 {
                "minLength"
            } else {
                "maxLength"
            };
            let message = if rule == "minLength" {
                "String must be at least 64 characters"
            } else {
                "String must not be more than 64 characters"
            };
            errors.extend(single(
                "api_key",
                rule,
                json!({"message": message, "target": 64, "value": k}),
            ));
        }
        Some(Value::String(_)) => {}
        Some(other) => errors.extend(single(
            "api_key",
            "type",
            json!({"message": "Value did not match type(s): string", "value": other}),
        )),
    }
    for key in data
        .as_object()
        .into_iter()
        .flat_map(|o| o.keys())
        .filter(|k| *k != "api_key")
    {
        let message = "Strict checking of data is enabled; only include schema-defined properties";
        errors.extend(single(
            key,
            "additionalProperties",
            json!({"message": message, "value": key}),
        ));
    }
    (!errors.is_empty()).then_some(errors)
}

/// The sandbox's own rules when Kazoo's schema files are absent: the
/// subset of `callflows*.json` that matters most for our documents.
pub fn builtin_callflow_errors(doc: &Value) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    let numbers = doc
        .get("numbers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, n) in numbers.iter().enumerate() {
        let len = n.as_str().map(|s| s.chars().count());
        if !matches!(len, Some(1..=36)) {
            errors.extend(single(
                &format!("numbers.{i}"),
                "maxLength",
                json!({"message": "String must not be more than 36 characters", "value": n}),
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    if !numbers.iter().all(|n| seen.insert(n.to_string())) {
        errors.extend(single(
            "numbers",
            "uniqueItems",
            json!({"message": "List of items is not unique", "value": numbers}),
        ));
    }
    if let Some(flow) = doc.get("flow") {
        builtin_node_errors(flow, "flow", &mut errors);
    }
    errors
}

fn builtin_node_errors(node: &Value, path: &str, errors: &mut ValidationErrors) {
    let required =
        |field: &str| json!({"message": "Field is required but missing", "value": field});
    let Some(module) = node.get("module").and_then(Value::as_str) else {
        errors.extend(single(
            &format!("{path}.module"),
            "required",
            required("module"),
        ));
        return;
    };
    let Some(data) = node.get("data").and_then(Value::as_object) else {
        errors.extend(single(
            &format!("{path}.data"),
            "required",
            required("data"),
        ));
        return;
    };
    if !KNOWN_MODULES.contains(&module) {
        let message = format!("unable to find callflow schema for module {module}");
        errors.extend(single(
            &format!("{path}.module"),
            "error",
            json!({"message": message, "value": module}),
        ));
    }
    if module == "pivot" {
        match data.get("voice_url").and_then(Value::as_str) {
            None => errors.extend(single(
                &format!("{path}.data.voice_url"),
                "required",
                required("voice_url"),
            )),
            Some(url) if !rules::matches_url_pattern(url) => {
                let detail = json!({"message": "Failed to match pattern '^https?://'", "target": "^https?://", "value": url});
                errors.extend(single(&format!("{path}.data.voice_url"), "pattern", detail));
            }
            Some(_) => {}
        }
        let max = rules::PIVOT_TIMEOUT_MAX_MS;
        if let Some(ms) = data
            .get("req_timeout_ms")
            .and_then(Value::as_i64)
            .filter(|ms| *ms > max)
        {
            let detail = json!({"message": format!("Value must be at most {max}"), "target": max, "value": ms});
            errors.extend(single(
                &format!("{path}.data.req_timeout_ms"),
                "maximum",
                detail,
            ));
        }
    }
    for (key, child) in children(node) {
        builtin_node_errors(child, &format!("{path}.children.{key}"), errors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_catch_the_common_mistakes() {
        let doc = json!({"numbers": ["+1", "+1"], "flow": {"module": "pivot", "data": {"req_timeout_ms": 6000},
            "children": {"_": {"module": "bogus", "data": {}}}}});
        let errors = builtin_callflow_errors(&doc);
        assert!(errors["numbers"].contains_key("uniqueItems"));
        assert!(errors["flow.data.voice_url"].contains_key("required"));
        assert!(errors["flow.data.req_timeout_ms"].contains_key("maximum"));
        assert!(errors["flow.children._.module"].contains_key("error"));
    }
}
