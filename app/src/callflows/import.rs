//! Reading a pasted callflow document (Import JSON): bare, or a Callflows
//! API body `{"data": {…}}` as the 2600Hz guide's `PUT` example sends it;
//! what Crossbar adds to responses dropped (`Callflow::from_kazoo`), and
//! the numbers normalised the way Kazoo stores them (as the pivot form
//! does: `555-113-0451` → `+5551130451`). Every refusal says what to fix.

use std::collections::BTreeSet;

use kazoo::callflow::Callflow;
use serde_json::Value;

use super::model::IMPORT_MAX_BYTES;

/// The keys that say an object is a callflow document itself rather than
/// an API envelope around one.
const DOCUMENT_KEYS: [&str; 3] = ["flow", "numbers", "patterns"];

/// The callflow document in `text`, numbers normalised.
///
/// # Errors
/// What is wrong, in the admin's words: nothing pasted, too big, not
/// JSON, not an object, no flow, a malformed flow or list, NUL anywhere
/// (Postgres cannot store it), a name no name may be
/// (`kazoo::text::name_problem`: control characters, markup).
pub fn parse(text: &str) -> Result<Callflow, String> {
    if text.trim().is_empty() {
        return Err("Paste a callflow document: JSON, such as {\"name\": …, \"numbers\": […], \"flow\": {…}}.".into());
    }
    if text.len() > IMPORT_MAX_BYTES {
        return Err(format!(
            "That is {} KiB: a callflow document may be at most {} KiB.",
            text.len().div_ceil(1024),
            IMPORT_MAX_BYTES / 1024
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "This is not JSON: {} (line {}, column {}).",
            what_is_wrong(&e),
            e.line(),
            e.column()
        )
    })?;
    let value = unwrap_envelope(value)?;
    if has_nul(&value) {
        return Err(
            "The document holds a NUL character (\\u0000), which cannot be stored: remove it."
                .into(),
        );
    }
    let mut doc = Callflow::from_kazoo(value)
        .map_err(|e| format!("This is not a callflow document: {e}."))?;
    if let Some(problem) = doc.name.as_deref().and_then(kazoo::text::name_problem) {
        return Err(format!("The callflow's name: {problem}"));
    }
    if doc.flow.is_none() {
        return Err("The callflow has no \"flow\": a callflow document needs the node calls start at, such as \"flow\": {\"module\": \"tts\", \"data\": {\"text\": \"Hello\"}}.".into());
    }
    if let Some(numbers) = &mut doc.numbers {
        *numbers = normalise(numbers);
    }
    Ok(doc)
}

/// serde_json's message without its position (said apart, in words).
fn what_is_wrong(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// A bare document, or the `data` of a Callflows API body.
fn unwrap_envelope(value: Value) -> Result<Value, String> {
    let Value::Object(map) = value else {
        let what = match value {
            Value::Array(_) => "a list",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "true or false",
            _ => "null",
        };
        return Err(format!(
            "This is {what}, not a callflow: paste a JSON object, {{…}}, or an API body {{\"data\": {{…}}}}."
        ));
    };
    let is_document = DOCUMENT_KEYS.iter().any(|k| map.contains_key(*k));
    match map.get("data") {
        Some(Value::Object(data)) if !is_document => Ok(Value::Object(data.clone())),
        Some(_) if !is_document => {
            Err("\"data\" of an API body must be the callflow document, a JSON object {…}.".into())
        }
        _ => Ok(Value::Object(map)),
    }
}

fn has_nul(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(has_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

/// Each number as Kazoo stores it, once: a phone number typed with
/// spaces, dashes, dots or brackets is cleaned and normalised
/// (`kazoo::numbers`); anything else (`no_match`, an extension with
/// letters, a feature code) is kept as it is.
fn normalise(numbers: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for raw in numbers {
        let cleaned = kazoo::numbers::clean(raw);
        let digits = cleaned.strip_prefix('+').unwrap_or(&cleaned);
        let number = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            kazoo::numbers::normalize(&cleaned)
        } else {
            raw.clone()
        };
        if seen.insert(number.clone()) {
            out.push(number);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_api_body_is_unwrapped_and_numbers_normalised() {
        let text = r#"{"data": {"name": "Sandwiches", "numbers": ["555-113-0451", "(415) 555-0100", "+14155550100", "no_match"],
                       "flow": {"module": "tts", "data": {"text": "Hi"}}}}"#;
        let doc = parse(text).unwrap();
        assert_eq!(doc.name.as_deref(), Some("Sandwiches"));
        assert_eq!(doc.numbers(), ["+5551130451", "+14155550100", "no_match"]);
    }

    #[test]
    fn a_bare_document_keeps_its_keys_and_loses_response_only_ones() {
        let text = r#"{"id": "abc", "flow": {"module": "conference", "data": {"x": 1}, "children": {}},
                       "ui_metadata": {"ui": "x"}, "metadata": {}, "name": "Odd", "data": 5}"#;
        let doc = parse(text).unwrap();
        assert_eq!(
            doc.to_value(),
            json!({"flow": {"module": "conference", "data": {"x": 1}, "children": {}},
                   "ui_metadata": {"ui": "x"}, "name": "Odd", "data": 5})
        );
    }

    #[test]
    fn bad_input_says_what_is_wrong() {
        let refused = |text: &str, says: &str| {
            let error = parse(text).unwrap_err();
            assert!(error.contains(says), "{text:?}: {error}");
        };
        refused("", "Paste a callflow");
        refused("  \n", "Paste a callflow");
        refused("{\"name\": ", "not JSON");
        refused("not json", "line 1, column 2");
        refused("[1, 2]", "a list, not a callflow");
        refused("\"flow\"", "a string, not a callflow");
        refused("42", "a number, not a callflow");
        refused(
            r#"{"name": "<b>x</b>", "flow": {"module": "hangup"}}"#,
            "remove the < and > characters",
        );
        refused("{\"data\": [1]}", "\"data\" of an API body");
        refused("{\"name\": \"No flow\"}", "no \"flow\"");
        refused("{\"flow\": {\"data\": {}}}", "flow.module must be a string");
        refused("{\"flow\": 5}", "flow must be a JSON object");
        refused(
            "{\"numbers\": \"1001\", \"flow\": {\"module\": \"x\"}}",
            "numbers has the wrong type",
        );
        refused(
            "{\"name\": \"a\\u0000b\", \"flow\": {\"module\": \"x\"}}",
            "NUL",
        );
        refused(
            &format!("{{\"name\": \"{}\"}}", "x".repeat(IMPORT_MAX_BYTES)),
            "at most 256 KiB",
        );
    }
}
