//! Whether one value is what a field's schema allows, and if not, what to
//! say: one check for the form ([`super::form::apply`]) and for a node's
//! data ([`super::validate`]). The checks are the schema's (JSON-schema
//! draft 4 as [`crate::schema`] applies it: lengths in characters, a
//! whole-valued float is an integer).

use serde_json::Value;

use super::{lists, FieldSpec, JsonType, Kind, Shape};
use crate::rules;

/// What is wrong with `value` as `field`'s value; `None` when the schema
/// allows it.
pub(super) fn check_value(field: &FieldSpec, value: &Value) -> Option<String> {
    let label = field.label;
    match field.kind {
        Kind::Text {
            min_len,
            max_len,
            pattern,
        } => {
            let Some(text) = value.as_str() else {
                return Some(format!("{label} must be a text"));
            };
            length(label, text, min_len, max_len).or_else(|| {
                let pattern = pattern?;
                (pattern_matches(pattern, text) == Some(false))
                    .then(|| pattern_message(label, pattern))
            })
        }
        Kind::Pick {
            min_len, max_len, ..
        } => match value.as_str() {
            Some(text) => length(label, text, min_len, max_len),
            None => Some(format!("{label} must be a text (an id)")),
        },
        Kind::Integer { min, max } => {
            let whole = value
                .as_i64()
                .map(|n| n as f64)
                .or_else(|| value.as_f64().filter(|f| f.fract() == 0.0 && f.is_finite()));
            let within = whole.is_some_and(|n| {
                min.is_none_or(|m| n >= m as f64) && max.is_none_or(|m| n <= m as f64)
            });
            (!within).then(|| integer_message(label, min, max))
        }
        Kind::Number { min, max } => {
            let within = value
                .as_f64()
                .is_some_and(|n| min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m));
            (!within).then(|| number_message(label, min, max))
        }
        Kind::Boolean => (!value.is_boolean()).then(|| format!("{label} must be true or false")),
        Kind::Choice(choices) => {
            let ok = value.as_str().is_some_and(|v| choices.contains(&v));
            (!ok).then(|| choice_message(label, choices))
        }
        Kind::StringList {
            choices,
            min_items,
            unique,
        } => string_list(label, value, choices, min_items, unique),
        Kind::Json(shape) => json_shape(label, value, shape),
        Kind::Recipients => lists::check_recipients(value),
        Kind::Endpoints => lists::check_endpoints(value),
    }
}

fn length(label: &str, text: &str, min: Option<u32>, max: Option<u32>) -> Option<String> {
    let len = text.chars().count();
    let short = min.is_some_and(|m| len < m as usize);
    let long = max.is_some_and(|m| len > m as usize);
    if !short && !long {
        return None;
    }
    Some(match (min, max) {
        (Some(a), Some(b)) if a == b => format!("{label} must be exactly {a} characters"),
        (Some(a), Some(b)) => format!("{label} must be {a} to {b} characters"),
        (Some(a), None) => format!("{label} must be at least {a} characters"),
        (None, _) => format!("{label} must be at most {} characters", max.unwrap_or(0)),
    })
}

/// Whether `text` matches one of the patterns of Kazoo's callflow
/// schemas, checked by hand (no regular-expression engine in the WASM
/// build); `None` for a pattern this does not know.
pub(super) fn pattern_matches(pattern: &str, text: &str) -> Option<bool> {
    match pattern {
        // callflows.pivot.json: voice_url, cdr_url.
        "^https?://" => Some(rules::matches_url_pattern(text)),
        // callflows.language.json: "en", "en-US".
        "^[A-Za-z]{2}(-[A-Za-z]{2})?$" => {
            let b = text.as_bytes();
            let letters = |s: &[u8]| s.iter().all(u8::is_ascii_alphabetic);
            Some(match b.len() {
                2 => letters(b),
                5 => letters(&b[..2]) && b[2] == b'-' && letters(&b[3..]),
                _ => false,
            })
        }
        _ => None,
    }
}

fn pattern_message(label: &str, pattern: &str) -> String {
    match pattern {
        "^https?://" => format!("{label} must start with http:// or https://"),
        "^[A-Za-z]{2}(-[A-Za-z]{2})?$" => {
            format!("{label} must be a language code such as en or en-US")
        }
        other => format!("{label} must match {other}"),
    }
}

/// "Timeout must be a whole number from 1 to 5000".
pub(super) fn integer_message(label: &str, min: Option<i64>, max: Option<i64>) -> String {
    format!("{label} must be a whole number{}", range(min, max))
}

/// "Volume must be a number from 0 to 100".
pub(super) fn number_message(label: &str, min: Option<f64>, max: Option<f64>) -> String {
    format!("{label} must be a number{}", range(min, max))
}

fn range<T: std::fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!(" from {a} to {b}"),
        (Some(a), None) => format!(" of at least {a}"),
        (None, Some(b)) => format!(" of at most {b}"),
        (None, None) => String::new(),
    }
}

pub(super) fn choice_message(label: &str, choices: &[&str]) -> String {
    format!("{label} must be one of {}", choices.join(", "))
}

fn string_list(
    label: &str,
    value: &Value,
    choices: Option<&[&str]>,
    min_items: Option<u32>,
    unique: bool,
) -> Option<String> {
    let Some(items) = value.as_array() else {
        return Some(format!("{label} must be a list of texts"));
    };
    if let Some(min) = min_items.filter(|m| items.len() < *m as usize) {
        return Some(format!("{label} needs at least {min} entries"));
    }
    for (i, item) in items.iter().enumerate() {
        let Some(text) = item.as_str() else {
            return Some(format!("{label} must be a list of texts"));
        };
        if let Some(choices) = choices.filter(|c| !c.contains(&text)) {
            return Some(format!(
                "{label}: “{text}” is not one of {}",
                choices.join(", ")
            ));
        }
        if unique && items[..i].contains(item) {
            return Some(format!("{label} lists “{text}” twice"));
        }
    }
    None
}

fn json_shape(label: &str, value: &Value, shape: Shape) -> Option<String> {
    match shape {
        Shape::Object => (!value.is_object()).then(|| format!("{label} must be a JSON object")),
        Shape::Array { min_items } => match value.as_array() {
            None => Some(format!("{label} must be a JSON list")),
            Some(items) if min_items.is_some_and(|m| items.len() < m as usize) => Some(format!(
                "{label} needs at least {} entries",
                min_items.unwrap_or(0)
            )),
            Some(_) => None,
        },
        Shape::OneOf(types) => {
            let matching = types.iter().filter(|t| is_type(**t, value)).count();
            (matching != 1).then(|| {
                let words: Vec<&str> = types.iter().map(|t| type_words(*t)).collect();
                format!("{label} must be {}", words.join(" or "))
            })
        }
    }
}

fn is_type(t: JsonType, value: &Value) -> bool {
    match t {
        JsonType::Boolean => value.is_boolean(),
        JsonType::Integer => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        JsonType::Number => value.is_number(),
        JsonType::String => value.is_string(),
        JsonType::Object => value.is_object(),
        JsonType::Array => value.is_array(),
    }
}

fn type_words(t: JsonType) -> &'static str {
    match t {
        JsonType::Boolean => "true or false",
        JsonType::Integer => "a whole number",
        JsonType::Number => "a number",
        JsonType::String => "a text in quotes",
        JsonType::Object => "a JSON object",
        JsonType::Array => "a JSON list",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::catalogue::FieldSpec;

    #[test]
    fn integers_within_their_bounds() {
        let f = FieldSpec::new(
            "timeout",
            "Timeout",
            Kind::Integer {
                min: Some(1),
                max: Some(5000),
            },
        );
        assert_eq!(check_value(&f, &json!(5000)), None);
        assert_eq!(check_value(&f, &json!(20.0)), None);
        for bad in [json!(0), json!(5001), json!(2.5), json!("7")] {
            assert_eq!(
                check_value(&f, &bad).as_deref(),
                Some("Timeout must be a whole number from 1 to 5000"),
                "{bad}"
            );
        }
    }

    #[test]
    fn language_codes_are_checked_by_hand() {
        let p = "^[A-Za-z]{2}(-[A-Za-z]{2})?$";
        for ok in ["en", "en-US", "FR-fr"] {
            assert_eq!(pattern_matches(p, ok), Some(true), "{ok}");
        }
        for bad in ["", "e", "eng", "en_US", "en-USA", "é1", "en-U1"] {
            assert_eq!(pattern_matches(p, bad), Some(false), "{bad}");
        }
        assert_eq!(pattern_matches("^x+$", "x"), None);
    }

    #[test]
    fn lengths_count_characters() {
        let f = FieldSpec::new(
            "id",
            "Box",
            Kind::Pick {
                resource: crate::catalogue::Resource::Vmboxes,
                min_len: Some(3),
                max_len: Some(3),
            },
        );
        assert_eq!(check_value(&f, &json!("ééé")), None);
        assert_eq!(
            check_value(&f, &json!("ab")).as_deref(),
            Some("Box must be exactly 3 characters")
        );
    }
}
