//! The form of a module: what each input shows for a node's data
//! ([`values`]), and the data after the admin's edits ([`apply`]).
//!
//! Every input is text: a string as it is, a number in digits, a boolean
//! as `true` / `false` (empty for Kazoo's default), a choice as its
//! value, a string list one item per line, recipients and endpoints as
//! lines ([`super::lists`]), anything deeper as JSON. Saving is a patch:
//! only inputs that differ from what the form showed are written, in
//! place, so keys the form does not show, values in spellings it would
//! not write and key order stay byte for byte.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{check, lists, FieldSpec, Hint, Kind, ModuleSpec};
use crate::{numbers, pivot, text};

/// Field key → what is wrong with it, in the admin's words (the pivot
/// form's type).
pub use crate::pivot::FieldErrors;

/// What each input of `spec`'s form shows for `data`: every field, empty
/// when its key is absent.
pub fn values(spec: &ModuleSpec, data: &Map<String, Value>) -> BTreeMap<String, String> {
    spec.fields
        .iter()
        .map(|f| {
            let shown = data
                .get(f.key)
                .map(|v| value_text(f, v))
                .unwrap_or_default();
            (f.key.to_owned(), shown)
        })
        .collect()
}

/// How one value reads in its input. A value of another type than the
/// field's (data the schema would refuse) is shown as JSON.
pub fn value_text(field: &FieldSpec, value: &Value) -> String {
    let shown = match (field.kind, value) {
        (Kind::Text { .. } | Kind::Pick { .. } | Kind::Choice(_), Value::String(s)) => {
            Some(s.clone())
        }
        (Kind::Integer { .. } | Kind::Number { .. }, Value::Number(n)) => Some(n.to_string()),
        (Kind::Boolean, Value::Bool(b)) => Some(b.to_string()),
        (Kind::StringList { .. }, Value::Array(items)) => items
            .iter()
            .map(Value::as_str)
            .collect::<Option<Vec<_>>>()
            .map(|lines| lines.join("\n")),
        (Kind::Recipients, _) => lists::recipients_text(value),
        (Kind::Endpoints, _) => lists::endpoints_text(value),
        _ => None,
    };
    shown.unwrap_or_else(|| serde_json::to_string_pretty(value).unwrap_or_default())
}

/// What an empty input means: Kazoo's default as the input would show
/// it (`"20"`, `"female"`), empty when the schema has none.
pub fn placeholder(field: &FieldSpec) -> String {
    field
        .default
        .and_then(|d| serde_json::from_str::<Value>(d).ok())
        .map(|d| value_text(field, &d))
        .unwrap_or_default()
}

/// The options of a choice's select, as (value, label): the schema's
/// values, one per spelling that differs in more than case (`get` and
/// `GET` show once: as the data spells it, else the first), and
/// `current` if the data holds a value the schema does not list.
/// Empty for other kinds. The app adds the empty "Kazoo's default"
/// option itself.
pub fn options(field: &FieldSpec, current: &str) -> Vec<(String, String)> {
    let choices = match field.kind {
        Kind::Choice(c) => c,
        Kind::StringList {
            choices: Some(c), ..
        } => c,
        _ => return Vec::new(),
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for choice in choices {
        if out.iter().any(|(v, _)| v.eq_ignore_ascii_case(choice)) {
            continue;
        }
        // The data's own spelling, when the schema allows it, stands for
        // its group.
        let shown = choices
            .iter()
            .find(|c| **c == current && c.eq_ignore_ascii_case(choice))
            .unwrap_or(choice);
        out.push(((*shown).to_owned(), super::choice_label(shown)));
    }
    if !current.is_empty() && !out.iter().any(|(v, _)| v == current) {
        out.push((current.to_owned(), super::choice_label(current)));
    }
    out
}

/// `data` after the form's input: each field whose `input` differs from
/// what the form showed (`before`, from [`values`]) is parsed, checked
/// and written in place; an empty input removes an optional key. Fields
/// absent from `input` and keys the spec does not name are left alone.
///
/// # Errors
/// Field key → message for every input that is not a value the field
/// takes; no data then.
pub fn apply(
    spec: &ModuleSpec,
    data: &Map<String, Value>,
    before: &BTreeMap<String, String>,
    input: &BTreeMap<String, String>,
) -> Result<Map<String, Value>, FieldErrors> {
    let mut out = data.clone();
    let mut errors = FieldErrors::new();
    for field in spec.fields {
        let Some(typed) = input.get(field.key) else {
            continue;
        };
        let shown = before.get(field.key).map_or("", String::as_str);
        if same_text(typed, shown) {
            continue;
        }
        match parse(field, typed, data.get(field.key)) {
            Ok(Some(value)) => {
                out.insert(field.key.to_owned(), value);
            }
            Ok(None) => {
                out.shift_remove(field.key);
            }
            Err(message) => {
                errors.insert(field.key.to_owned(), message);
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Browsers send a text area's line breaks as CRLF.
fn same_text(a: &str, b: &str) -> bool {
    a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
}

/// One input as the field's value: `Ok(None)` when it is empty (the key
/// is removed), the message saying what is wrong otherwise. `existing`
/// is the data's value, whose list entries a line names are kept.
///
/// # Errors
/// The message for a value the field does not take, or an empty required
/// field.
pub fn parse(
    field: &FieldSpec,
    typed: &str,
    existing: Option<&Value>,
) -> Result<Option<Value>, String> {
    let typed = typed.replace("\r\n", "\n");
    let trimmed = typed.trim();
    let label = field.label;
    if trimmed.is_empty() {
        return if field.required {
            Err(match field.kind {
                Kind::Recipients => "Add at least one e-mail address or user".to_owned(),
                Kind::Endpoints => "Pick at least one user, device or group to ring".to_owned(),
                _ => format!("{label} is required"),
            })
        } else {
            Ok(None)
        };
    }
    let value = match field.kind {
        Kind::Text { .. } | Kind::Pick { .. } => Value::String(text_value(field, trimmed)?),
        Kind::Integer { min, max } => trimmed
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| check::integer_message(label, min, max))?,
        Kind::Number { min, max } => {
            number(trimmed).ok_or_else(|| check::number_message(label, min, max))?
        }
        Kind::Boolean => match trimmed.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" => Value::Bool(true),
            "false" | "no" | "off" => Value::Bool(false),
            _ => return Err(format!("{label} must be true or false")),
        },
        Kind::Choice(choices) => {
            let chosen = choices
                .iter()
                .find(|c| **c == trimmed)
                .or_else(|| choices.iter().find(|c| c.eq_ignore_ascii_case(trimmed)))
                .ok_or_else(|| check::choice_message(label, choices))?;
            Value::String((*chosen).to_owned())
        }
        Kind::StringList { .. } => {
            let items: Vec<&str> = trimmed
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            if let Some(problem) = items.iter().find_map(|l| text::line_problem(l)) {
                return Err(problem.to_owned());
            }
            Value::Array(
                items
                    .into_iter()
                    .map(|l| Value::String(l.to_owned()))
                    .collect(),
            )
        }
        Kind::Json(_) => serde_json::from_str(trimmed).map_err(|e| {
            format!(
                "{label} is not valid JSON (line {}, column {})",
                e.line(),
                e.column()
            )
        })?,
        Kind::Recipients => lists::parse_recipients(trimmed, existing)?,
        Kind::Endpoints => lists::parse_endpoints(trimmed, existing)?,
    };
    match check::check_value(field, &value) {
        Some(message) => Err(message),
        None => Ok(Some(value)),
    }
}

/// A text input's value: no control or bidi characters (a multi-line
/// one may break lines), phone numbers without the spaces and dashes
/// typed inside them, web URLs as the pivot form wants them (its check
/// and length bound, [`pivot::is_web_url`], [`pivot::URL_MAX_CHARS`]).
fn text_value(field: &FieldSpec, trimmed: &str) -> Result<String, String> {
    let problem = match field.hint {
        Hint::MultiLine => trimmed.lines().find_map(text::line_problem),
        _ => text::line_problem(trimmed),
    };
    if let Some(problem) = problem {
        return Err(problem.to_owned());
    }
    match field.hint {
        Hint::PhoneNumber => {
            let cleaned = numbers::clean(trimmed);
            let digits = cleaned.strip_prefix('+').unwrap_or(&cleaned);
            let is_number = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
            Ok(if is_number { cleaned } else { trimmed.to_owned() })
        }
        Hint::WebUrl if trimmed.chars().count() > pivot::URL_MAX_CHARS => Err(format!(
            "{} must be at most {} characters",
            field.label,
            pivot::URL_MAX_CHARS
        )),
        Hint::WebUrl if !pivot::is_web_url(trimmed) => Err(format!(
            "{} must start with http:// or https:// and name a server, like https://example.com/voice",
            field.label
        )),
        _ => Ok(trimmed.to_owned()),
    }
}

/// A JSON number from its text: whole numbers stay integers.
fn number(text: &str) -> Option<Value> {
    if let Ok(n) = text.parse::<i64>() {
        return Some(Value::from(n));
    }
    let f = text.parse::<f64>().ok().filter(|f| f.is_finite())?;
    serde_json::Number::from_f64(f).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::catalogue::module;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn input(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn only_changed_inputs_are_written_in_place() {
        let spec = module("tts").unwrap();
        let data = map(json!({"zz": [1, {"a": null}], "text": "Hello", "voice": "FEMALE"}));
        let before = values(spec, &data);
        assert_eq!(before["voice"], "FEMALE");
        let mut typed = before.clone();
        typed.insert("text".into(), "Good choice, good bye".into());
        let out = apply(spec, &data, &before, &typed).unwrap();
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            r#"{"zz":[1,{"a":null}],"text":"Good choice, good bye","voice":"FEMALE"}"#
        );
    }

    #[test]
    fn empty_optional_inputs_remove_their_key_and_keep_the_order() {
        let spec = module("transfer").unwrap();
        let data = map(json!({"a": 1, "target": "1001", "b": 2, "transfer_type": "blind"}));
        let before = values(spec, &data);
        let typed = input(&[("target", "+1 555 113-0452"), ("transfer_type", "")]);
        let out = apply(spec, &data, &before, &typed).unwrap();
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            r#"{"a":1,"target":"+15551130452","b":2}"#
        );
    }

    #[test]
    fn bad_values_give_field_errors_and_no_data() {
        let spec = module("pivot").unwrap();
        let typed = input(&[
            ("voice_url", "https://"),
            ("req_timeout_ms", "9000"),
            ("method", "delete"),
            ("debug", "maybe"),
        ]);
        let errors = apply(spec, &Map::new(), &BTreeMap::new(), &typed).unwrap_err();
        assert_eq!(
            errors["req_timeout_ms"],
            "Timeout (ms) must be a whole number of at most 5000"
        );
        assert!(errors["voice_url"].contains("http:// or https://"));
        assert_eq!(
            errors["method"],
            "Method must be one of get, post, GET, POST"
        );
        assert_eq!(errors["debug"], "Debug must be true or false");
        let long = format!("https://a.example/{}", "x".repeat(2048));
        let errors = apply(
            spec,
            &Map::new(),
            &BTreeMap::new(),
            &input(&[("voice_url", &long)]),
        )
        .unwrap_err();
        assert_eq!(
            errors["voice_url"],
            "Voice URL must be at most 2048 characters"
        );
    }

    #[test]
    fn required_fields_cannot_be_emptied() {
        let spec = module("tts").unwrap();
        let data = map(json!({"text": "Hi"}));
        let errors =
            apply(spec, &data, &values(spec, &data), &input(&[("text", " ")])).unwrap_err();
        assert_eq!(errors["text"], "Text to say is required");
    }

    #[test]
    fn text_areas_keep_their_lines_and_refuse_nul() {
        let spec = module("tts").unwrap();
        let out = apply(
            spec,
            &Map::new(),
            &BTreeMap::new(),
            &input(&[("text", "One.\r\nTwo.")]),
        )
        .unwrap();
        assert_eq!(out["text"], "One.\nTwo.");
        assert!(apply(
            spec,
            &Map::new(),
            &BTreeMap::new(),
            &input(&[("text", "a\0b")])
        )
        .is_err());
        let transfer = module("transfer").unwrap();
        assert!(apply(
            transfer,
            &Map::new(),
            &BTreeMap::new(),
            &input(&[("target", "1\n2")])
        )
        .is_err());
    }

    #[test]
    fn choices_show_once_per_spelling() {
        let method = module("pivot").unwrap().field("method").unwrap();
        let shown: Vec<_> = options(method, "").into_iter().map(|(v, _)| v).collect();
        assert_eq!(shown, ["get", "post"]);
        let shown: Vec<_> = options(method, "GET").into_iter().map(|(v, _)| v).collect();
        assert_eq!(shown, ["GET", "post"]);
        let shown = options(method, "Put");
        assert_eq!(shown.last().unwrap(), &("Put".to_owned(), "Put".to_owned()));
        assert_eq!(placeholder(method), "get");
    }

    #[test]
    fn json_fields_must_parse_and_have_their_shape() {
        let spec = module("user").unwrap();
        let f = spec.field("custom_sip_headers").unwrap();
        assert!(parse(f, "{\"X-A\": \"1\"}", None).unwrap().is_some());
        assert!(parse(f, "{", None).unwrap_err().contains("not valid JSON"));
        assert_eq!(
            parse(f, "[]", None).unwrap_err(),
            "Custom SIP headers must be a JSON object"
        );
    }
}
